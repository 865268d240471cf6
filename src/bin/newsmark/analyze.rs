//! `newsmark analyze [FILE|-] [--jsonl] [--offsets utf8|utf16|chars] [--pretty]`
//!
//! Plain mode reads the whole input as one text and prints one Analysis. `--jsonl`
//! streams: one `{"id","text"}` object in, one `{"id","entities","claims","hedges"}`
//! out, line by line, so memory stays bounded by the longest line, and every result is
//! flushed as soon as it is written. An error (bad UTF-8, bad JSON, no `text`) names
//! the line and the byte offset in the input, after flushing what was already written:
//! a caller keeps every result before the bad line.
//!
//! Offsets leave the library in bytes and are converted here, once, through
//! [`newsmark::text::convert::convert`], the same function the wasm facade uses.

use crate::args::Args;
use newsmark::text::convert::convert;
use newsmark::{Analysis, Analyzer, OffsetTable, Unit};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};

const USAGE: &str = "usage: newsmark analyze [FILE|-] [--jsonl] [--offsets utf8|utf16|chars] [--pretty]";

pub fn run(argv: &[String]) -> Result<(), String> {
    let args = Args::parse(argv, &["--offsets"])?;
    args.only(&["--offsets", "--jsonl", "--pretty", "--help", "-h"])?;
    if args.switch("--help") || args.switch("-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let unit = match args.value("--offsets") {
        None => Unit::Chars,
        Some(u) => match u {
            "utf8" | "utf16" | "chars" => Unit::parse(u).unwrap_or(Unit::Chars),
            other => return Err(format!("--offsets must be utf8, utf16 or chars, not `{other}`")),
        },
    };
    if args.positional.len() > 1 {
        return Err(format!("one input at most\n{USAGE}"));
    }
    let path = args.positional.first().map(String::as_str).unwrap_or("-");
    let input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?)
    };
    let name = if path == "-" { "<stdin>" } else { path };
    let stdout = std::io::stdout().lock();
    if args.switch("--jsonl") {
        if args.switch("--pretty") {
            return Err("--pretty does not apply to --jsonl (one object a line)".into());
        }
        jsonl(BufReader::new(input), std::io::BufWriter::new(stdout), unit, name)
    } else {
        plain(input, stdout, unit, name, args.switch("--pretty"))
    }
}

/// The analysis of `text` with offsets in `unit`.
fn analyze_in(analyzer: &mut Analyzer, text: &str, unit: Unit) -> Result<Analysis, String> {
    let analysis = analyzer.analyze(text).map_err(|e| e.to_string())?;
    Ok(convert(&analysis, &OffsetTable::new(text), unit))
}

fn plain(
    mut input: impl Read,
    mut out: impl Write,
    unit: Unit,
    name: &str,
    pretty: bool,
) -> Result<(), String> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        format!("{name}: invalid UTF-8 at byte {at} (line {line})")
    })?;
    let analysis = analyze_in(&mut Analyzer::new(), text, unit)?;
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if pretty {
            serde_json::to_writer_pretty(&mut *out, &analysis)?;
        } else {
            serde_json::to_writer(&mut *out, &analysis)?;
        }
        writeln!(out)?;
        out.flush()
    };
    write(&mut out).map_err(|e| format!("writing output: {e}"))
}

#[derive(Deserialize)]
struct InLine {
    /// Kept exactly as given: a string, a number, anything JSON.
    #[serde(default)]
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct OutLine<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

fn jsonl(mut input: impl BufRead, mut out: impl Write, unit: Unit, name: &str) -> Result<(), String> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut offset = 0usize;
    let mut analyzer = Analyzer::new();
    loop {
        buf.clear();
        let read = input.read_until(b'\n', &mut buf);
        let n = match read {
            Ok(0) => return out.flush().map_err(|e| format!("writing output: {e}")),
            Ok(n) => n,
            Err(e) => {
                let _ = out.flush();
                return Err(format!("{name}: line {}: {e}", line_no + 1));
            }
        };
        line_no += 1;
        let start = offset;
        offset += n;
        let result = one_line(&mut analyzer, &buf, start, unit).and_then(|line| match line {
            None => Ok(()),
            Some(json) => {
                writeln!(out, "{json}").and_then(|()| out.flush()).map_err(|e| format!("writing output: {e}"))
            }
        });
        if let Err(msg) = result {
            // Whatever was written before the bad line stays written.
            let _ = out.flush();
            return Err(format!("{name}: line {line_no}: {msg}"));
        }
    }
}

/// One input line (with its line end) starting at byte `start` of the input, to one
/// output line; `None` for a blank line.
fn one_line(analyzer: &mut Analyzer, raw: &[u8], start: usize, unit: Unit) -> Result<Option<String>, String> {
    let line = std::str::from_utf8(raw)
        .map_err(|e| format!("invalid UTF-8 at byte {} of the input", start + e.valid_up_to()))?;
    let line = line.trim_end_matches(['\n', '\r']);
    if line.trim().is_empty() {
        return Ok(None);
    }
    let parsed: InLine = serde_json::from_str(line).map_err(|e| {
        // serde_json counts columns in bytes from 1 within the line.
        let at = start + line.len().min(e.column().saturating_sub(1));
        let what = if e.is_data() { "not an {\"id\", \"text\"} object" } else { "invalid JSON" };
        format!("{what} at byte {at} of the input: {e}")
    })?;
    let analysis = analyze_in(analyzer, &parsed.text, unit)?;
    serde_json::to_string(&OutLine { id: &parsed.id, analysis: &analysis })
        .map(Some)
        .map_err(|e| e.to_string())
}
