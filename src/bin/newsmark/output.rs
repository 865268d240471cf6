//! Writing to stdout and stderr. Rust ignores SIGPIPE, so a reader that goes away
//! (`newsmark … | head -c 1`) shows up as an EPIPE error on a write or a flush. Every
//! write path of the CLI reports it as one error, [`cannot_write`], and exits 1:
//! `println!` would panic instead, and an unchecked write would exit 0 with the output
//! cut short.

use std::io::Write;

/// The error of a failed write or flush to stdout.
pub fn cannot_write(e: std::io::Error) -> String {
    format!("cannot write output: {e}")
}

/// Writes `text` to stdout and flushes it.
pub fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(cannot_write)
}

/// Writes `text` and a newline to stderr. A failure is ignored: stderr is where
/// failures are reported, so there is nowhere left to report this one (`eprintln!`
/// would panic).
pub fn warn(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
