//! The native CLI: `newsmark analyze | eval | train`. One file per subcommand.

mod analyze;
mod args;
mod eval;
mod train;

use std::process::ExitCode;

const USAGE: &str = "\
usage: newsmark <command> [options]

commands:
  analyze [FILE|-] [--jsonl] [--offsets utf8|utf16|chars] [--pretty]
  eval FILE.jsonl... [--layer entities|claims|hedges] [--json] [--errors N] [--predictions PRED.jsonl]
  train entities|claims|hedges|syntax [options]   (see `newsmark train --help`)
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "analyze" => analyze::run(rest),
        "eval" => eval::run(rest),
        "train" => train::run(rest),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("newsmark: {msg}");
            ExitCode::FAILURE
        }
    }
}
