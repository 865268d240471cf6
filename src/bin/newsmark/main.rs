//! The native CLI: `newsmark analyze | eval | train`. One file per subcommand.

mod analyze;
mod args;
mod eval;
mod html;
mod output;
mod train;

use std::process::ExitCode;

const USAGE: &str = "\
usage: newsmark <command> [options]

commands:
  analyze [FILE|-] [--jsonl [--on-error stop|skip]] [--offsets utf8|utf16|chars] [--pretty]
          [--format json|html]
  eval FILE.jsonl... [--layer entities|claims|hedges] [--split dev|train|all] [--json] [--errors N]
       [--predictions PRED.jsonl]
  train entities|claims|hedges|syntax [options]

`newsmark <command> --help` (and `newsmark train <layer> --help`) describes each.
Exit status: 0 success, 1 an error (on stderr), 2 no command given.
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        output::warn(USAGE.trim_end());
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "analyze" => analyze::run(rest),
        "eval" => eval::run(rest),
        "train" => train::run(rest),
        "-h" | "--help" | "help" => output::print(USAGE),
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            output::warn(&format!("newsmark: {}", msg.trim_end()));
            ExitCode::FAILURE
        }
    }
}
