//! `newsmark analyze [FILE|-] [--jsonl [--on-error stop|skip]] [--offsets utf8|utf16|chars] [--pretty]`
//! `newsmark analyze [FILE|-] --format html [--jsonl [--on-error stop|skip]]`
//!
//! Plain mode reads the whole input as one text and prints one Analysis. `--jsonl`
//! streams: one `{"id","text"}` object in, one `{"id","entities","claims","hedges"}`
//! out, line by line, and every result is flushed as soon as it is written. Lines are
//! read with a bounded reader ([`Lines`]): memory stays bounded by [`MAX_LINE_BYTES`]
//! whatever the input, and a longer line is discarded as it is read, never stored.
//!
//! A bad line (bad UTF-8, bad JSON, not an object, no string `text`, too long, a text
//! the library refuses) either stops the run (`--on-error stop`, the default: an error
//! naming the line and the byte offset in the input, after flushing what was already
//! written, so a caller keeps every result before the bad line) or is replaced by an
//! `{"id","line","error"}` record (`--on-error skip`).
//!
//! `--format html` writes one self-contained HTML report ([`crate::html`]) instead:
//! of the one text, or of every `--jsonl` line, with a section per line (and one per
//! bad line under `--on-error skip`, showing its error).
//!
//! Offsets leave the library in bytes and are converted here, once, through
//! [`newsmark::convert`], the same function the wasm facade uses.

use crate::args::Args;
use crate::html::{self, Doc};
use crate::output::{self, cannot_write};
use newsmark::{convert, Analysis, Analyzer, OffsetTable, Unit};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read, Write};

/// The longest line `--jsonl` reads, in bytes before its line end: 64 MiB. A longer line
/// is refused, its bytes discarded as they arrive. News articles are tens of
/// kilobytes; the bound is there so one runaway line cannot take the machine's memory.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// Overrides [`MAX_LINE_BYTES`]: the tests set it to exercise the limit with short
/// lines. Read by the CLI only.
const MAX_LINE_ENV: &str = "NEWSMARK_MAX_LINE_BYTES";

const USAGE: &str = "\
usage: newsmark analyze [FILE|-] [--offsets utf8|utf16|chars] [--pretty]
       newsmark analyze [FILE|-] --jsonl [--on-error stop|skip] [--offsets utf8|utf16|chars]
       newsmark analyze [FILE|-] --format html [--jsonl [--on-error stop|skip]]";

fn help() -> String {
    format!(
        "{USAGE}

Analyses FILE (stdin when FILE is `-` or absent) and writes JSON (or, with
--format html, one HTML report) to stdout.
  (no --jsonl)          the whole input is one text: one Analysis object out
  --jsonl               one {{\"id\", \"text\"}} JSON object a line in; one
                        {{\"id\", \"entities\", \"claims\", \"hedges\"}} line out per object,
                        in input order; blank lines are skipped
  --on-error stop|skip  what --jsonl does with a bad line (invalid UTF-8 or JSON, not an
                        object, no string \"text\", longer than the maximum, a text of
                        4 GiB or more):
                          stop (default): exit 1, naming the line on stderr; every
                                result before it has been written
                          skip: write {{\"id\", \"line\", \"error\"}} in its place (id null
                                when it could not be read) and go on
  --offsets U           offsets in utf8 (bytes), utf16 (code units) or chars (Unicode
                        scalar values; the default)
  --pretty              indented JSON (without --jsonl only)
  --format json|html    json (the default): as above. html: one self-contained HTML
                        document (inline CSS, no script, a Content-Security-Policy that
                        allows nothing else) with the text highlighted in the page's
                        colours, each mark titled with what it is, and a summary beside
                        it: claims by source kind and by source, the share of claims
                        with a vague or missing source, hedges by type, people and
                        organisations by frequency. With --jsonl: a table of contents
                        and one section per line, headed by its id; under --on-error
                        skip a bad line's section shows its error; under stop nothing
                        is written. The report is written once the input is read.
                        --offsets and --pretty do not apply.
  -h, --help            this help

A --jsonl line holds at most {MAX_LINE_BYTES} bytes (64 MiB) before its line end (\\n or
\\r\\n); a longer line is refused, and the part past the maximum is never stored.

Exit status: 0 success, including --on-error skip runs that skipped lines (stderr
says how many); 1 an error, reported on stderr: bad options, an unreadable input, a
bad line under --on-error stop, or stdout closed or unwritable (`| head`).
"
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OnError {
    Stop,
    Skip,
}

pub fn run(argv: &[String]) -> Result<(), String> {
    let args = Args::parse(argv, &["--offsets", "--on-error", "--format"])?;
    args.only(&["--offsets", "--jsonl", "--pretty", "--on-error", "--format", "--help", "-h"])
        .map_err(|e| format!("{e}\n{USAGE}\n(see `newsmark analyze --help`)"))?;
    if args.switch("--help") || args.switch("-h") {
        return output::print(&help());
    }
    let unit = match args.value("--offsets") {
        None => Unit::Chars,
        Some(u) => match u {
            "utf8" | "utf16" | "chars" => Unit::parse(u).unwrap_or(Unit::Chars),
            other => return Err(format!("--offsets must be utf8, utf16 or chars, not `{other}`")),
        },
    };
    let on_error = match args.value("--on-error") {
        None | Some("stop") => OnError::Stop,
        Some("skip") => OnError::Skip,
        Some(other) => return Err(format!("--on-error must be stop or skip, not `{other}`")),
    };
    if args.positional.len() > 1 {
        return Err(format!("one input at most\n{USAGE}"));
    }
    let as_html = match args.value("--format") {
        None | Some("json") => false,
        Some("html") => true,
        Some(other) => return Err(format!("--format must be json or html, not `{other}`")),
    };
    if as_html && args.value("--offsets").is_some() {
        return Err("--offsets does not apply to --format html (the report shows text, not offsets)".into());
    }
    if as_html && args.switch("--pretty") {
        return Err("--pretty applies to --format json only".into());
    }
    let jsonl_mode = args.switch("--jsonl");
    if jsonl_mode && args.switch("--pretty") {
        return Err("--pretty does not apply to --jsonl (one object a line)".into());
    }
    if !jsonl_mode && args.value("--on-error").is_some() {
        return Err("--on-error applies to --jsonl only".into());
    }
    let max_line = max_line_bytes()?;
    let path = args.positional.first().map(String::as_str).unwrap_or("-");
    let input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?)
    };
    let name = if path == "-" { "<stdin>" } else { path };
    let stdout = std::io::stdout().lock();
    if as_html {
        let mut out = stdout;
        let report = if jsonl_mode {
            let lines = Lines::new(BufReader::with_capacity(64 << 10, input), max_line);
            html_docs(lines, name, on_error).map(|docs| html::report(name, &docs, true))?
        } else {
            let text = read_text(input, name)?;
            let analysis = Analyzer::new().analyze(&text).map_err(|e| e.to_string())?;
            html::report(name, &[Doc::Ok { id: Value::Null, text, analysis }], false)
        };
        out.write_all(report.as_bytes()).and_then(|()| out.flush()).map_err(cannot_write)
    } else if jsonl_mode {
        let lines = Lines::new(BufReader::with_capacity(64 << 10, input), max_line);
        jsonl(lines, io::BufWriter::new(stdout), unit, name, on_error)
    } else {
        plain(input, stdout, unit, name, args.switch("--pretty"))
    }
}

/// [`MAX_LINE_BYTES`], or the override in [`MAX_LINE_ENV`].
fn max_line_bytes() -> Result<usize, String> {
    let Some(v) = std::env::var_os(MAX_LINE_ENV) else { return Ok(MAX_LINE_BYTES) };
    v.to_str()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{MAX_LINE_ENV} must be a positive number of bytes, not {v:?}"))
}

/// The analysis of `text` with offsets in `unit`.
fn analyze_in(analyzer: &mut Analyzer, text: &str, unit: Unit) -> Result<Analysis, String> {
    let analysis = analyzer.analyze(text).map_err(|e| e.to_string())?;
    Ok(convert(&analysis, &OffsetTable::new(text), unit))
}

/// The whole input as one text.
fn read_text(mut input: impl Read, name: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        format!("{name}: invalid UTF-8 at byte {at} (line {line})")
    })
}

fn plain(input: impl Read, mut out: impl Write, unit: Unit, name: &str, pretty: bool) -> Result<(), String> {
    let text = read_text(input, name)?;
    let analysis = analyze_in(&mut Analyzer::new(), &text, unit)?;
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if pretty {
            serde_json::to_writer_pretty(&mut *out, &analysis)?;
        } else {
            serde_json::to_writer(&mut *out, &analysis)?;
        }
        writeln!(out)?;
        out.flush()
    };
    // serde_json's error converts back to the writer's own io::Error (EPIPE…).
    write(&mut out).map_err(cannot_write)
}

/// One line of the input, as [`Lines::next`] read it.
struct Line<'a> {
    /// Offset of the line's first byte in the input.
    start: u64,
    /// The line with its line end, if any; `None` when it was longer than the
    /// maximum: its bytes past the maximum were dropped as they were read.
    bytes: Option<&'a [u8]>,
}

/// A line reader whose memory is bounded by `max`: `read_until` through
/// [`Read::take`] stores at most `max` bytes of a line and its line end (`read_until`
/// alone would store the whole line, however long); the rest of a longer line is
/// read in small pieces and dropped.
struct Lines<R> {
    input: R,
    buf: Vec<u8>,
    max: usize,
    /// Bytes of the input read so far.
    offset: u64,
}

/// The piece size in which the rest of an overlong line is read and dropped.
const DISCARD_CHUNK: u64 = 64 << 10;

impl<R: BufRead> Lines<R> {
    fn new(input: R, max: usize) -> Self {
        Lines { input, buf: Vec::new(), max, offset: 0 }
    }

    /// The next line, `None` at the end of the input. A line longer than `max` bytes
    /// before its line end (`\n` or `\r\n`) is still consumed up to its `\n`, so the
    /// next call starts on the next line.
    fn next(&mut self) -> io::Result<Option<Line<'_>>> {
        self.buf.clear();
        let start = self.offset;
        // Room for `max` bytes and a `\r\n`: a longer read without `\n` is too long.
        let limit = self.max as u64 + 2;
        let n = (&mut self.input).take(limit).read_until(b'\n', &mut self.buf)?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        let line_end = match self.buf.as_slice() {
            [.., b'\r', b'\n'] => 2,
            [.., b'\n'] => 1,
            _ => 0,
        };
        if self.buf.len() - line_end <= self.max {
            return Ok(Some(Line { start, bytes: Some(self.buf.as_slice()) }));
        }
        if line_end == 0 {
            // The rest of the line, up to and with its `\n`, read and dropped.
            self.buf.clear();
            self.buf.shrink_to(DISCARD_CHUNK as usize);
            loop {
                let n = (&mut self.input).take(DISCARD_CHUNK).read_until(b'\n', &mut self.buf)?;
                self.offset += n as u64;
                if n == 0 || self.buf.last() == Some(&b'\n') {
                    break;
                }
                self.buf.clear();
            }
        }
        self.buf.clear();
        Ok(Some(Line { start, bytes: None }))
    }
}

/// A bad input line: the id when it could be read, and what is wrong.
struct Bad {
    id: Value,
    msg: String,
}

impl Bad {
    fn new(msg: String) -> Bad {
        Bad { id: Value::Null, msg }
    }
}

#[derive(Deserialize)]
struct InLine {
    /// Kept exactly as given: a string, a number, anything JSON.
    #[serde(default)]
    id: Value,
    /// Any JSON value, checked after parsing, so that the id of an object whose
    /// `text` is missing or not a string is still known. `None`: no `text` key;
    /// `Some(Null)`: `"text": null`.
    #[serde(default, deserialize_with = "present")]
    text: Option<Value>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[derive(Serialize)]
struct OutLine<'a> {
    id: &'a Value,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

/// What `--on-error skip` writes in place of a bad line.
#[derive(Serialize)]
struct ErrorLine<'a> {
    id: &'a Value,
    line: u64,
    error: &'a str,
}

/// Reads `lines` and calls `each` with every line number and its result (`Ok(None)`
/// for a blank line is not passed on). A bad line under `--on-error stop` ends the run
/// with an error naming it; under `skip` it is passed to `each` and counted, and
/// stderr says how many were skipped, with `what` saying what took their place.
fn each_line<R: BufRead>(
    mut lines: Lines<R>,
    name: &str,
    on_error: OnError,
    what: &str,
    mut each: impl FnMut(u64, Result<Read1, Bad>) -> Result<(), String>,
) -> Result<(), String> {
    let mut line_no = 0u64;
    let mut skipped = 0u64;
    let mut analyzer = Analyzer::new();
    let max = lines.max;
    loop {
        let line = match lines.next() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => return Err(format!("{name}: line {}: {e}", line_no + 1)),
        };
        line_no += 1;
        let result = match line.bytes {
            Some(raw) => read_line(&mut analyzer, raw, line.start),
            None => Err(Bad::new(format!(
                "longer than {max} bytes, the --jsonl line maximum (at byte {} of the input)",
                line.start
            ))),
        };
        match result {
            Ok(None) => continue,
            Ok(Some(doc)) => each(line_no, Ok(doc))?,
            Err(bad) if on_error == OnError::Skip => {
                skipped += 1;
                each(line_no, Err(bad))?;
            }
            // Every earlier result was flushed when it was written: it stays written.
            Err(bad) => return Err(format!("{name}: line {line_no}: {}", bad.msg)),
        }
    }
    if skipped > 0 {
        output::warn(&format!(
            "newsmark: {name}: skipped {skipped} bad line{} of {line_no} ({what})",
            if skipped == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

fn jsonl<R: BufRead>(
    lines: Lines<R>,
    mut out: impl Write,
    unit: Unit,
    name: &str,
    on_error: OnError,
) -> Result<(), String> {
    let what = "an \"error\" record each on stdout";
    each_line(lines, name, on_error, what, |line_no, result| {
        let json = match result.and_then(|doc| to_json(doc, unit)) {
            Ok(json) => json,
            Err(bad) => {
                let record = ErrorLine { id: &bad.id, line: line_no, error: &bad.msg };
                serde_json::to_string(&record).map_err(|e| e.to_string())?
            }
        };
        writeln!(out, "{json}").and_then(|()| out.flush()).map_err(cannot_write)
    })?;
    out.flush().map_err(cannot_write)
}

/// The documents of an HTML report: every line, a bad one (under `skip`) with its error.
fn html_docs<R: BufRead>(lines: Lines<R>, name: &str, on_error: OnError) -> Result<Vec<Doc>, String> {
    let mut docs = Vec::new();
    each_line(lines, name, on_error, "a section with its error each in the report", |line, result| {
        docs.push(match result {
            Ok(Read1 { id, text, analysis }) => Doc::Ok { id, text, analysis },
            Err(Bad { id, msg }) => Doc::Bad { id, line, error: msg },
        });
        Ok(())
    })?;
    Ok(docs)
}

/// One analysed input line: its id, its text and the analysis in bytes.
struct Read1 {
    id: Value,
    text: String,
    analysis: Analysis,
}

/// The output line of an analysed input line, offsets in `unit`.
fn to_json(doc: Read1, unit: Unit) -> Result<String, Bad> {
    let analysis = convert(&doc.analysis, &OffsetTable::new(&doc.text), unit);
    serde_json::to_string(&OutLine { id: &doc.id, analysis: &analysis })
        .map_err(|e| Bad { id: doc.id.clone(), msg: e.to_string() })
}

/// JSON's whitespace (RFC 8259), narrower than [`char::is_whitespace`].
const JSON_WS: [char; 4] = [' ', '\t', '\n', '\r'];

/// One input line (with its line end) starting at byte `start` of the input, read and
/// analysed; `None` for a blank line.
fn read_line(analyzer: &mut Analyzer, raw: &[u8], start: u64) -> Result<Option<Read1>, Bad> {
    let line = std::str::from_utf8(raw).map_err(|e| Bad {
        id: id_despite_bad_utf8(raw),
        msg: format!("invalid UTF-8 at byte {} of the input", start + e.valid_up_to() as u64),
    })?;
    let line = line.trim_end_matches(['\n', '\r']);
    if line.trim().is_empty() {
        return Ok(None);
    }
    let parsed = parse(line, start)?;
    let id = parsed.id;
    let text = match parsed.text {
        Some(Value::String(text)) => text,
        None => return Err(Bad { id, msg: "no \"text\" key".into() }),
        Some(other) => return Err(Bad { id, msg: format!("\"text\" is {}, not a string", kind(&other)) }),
    };
    match analyzer.analyze(&text) {
        Ok(analysis) => Ok(Some(Read1 { id, text, analysis })),
        Err(e) => Err(Bad { id, msg: e.to_string() }),
    }
}

/// `line` as an `{"id", "text"}` object. A derived `Deserialize` also takes a JSON
/// array as a struct (`[id, text]`), so anything that does not start with `{` is
/// refused first: a JSON array or scalar is an error naming what it is.
fn parse(line: &str, start: u64) -> Result<InLine, Bad> {
    let body = line.trim_start_matches(JSON_WS);
    let json_error = |e: serde_json::Error| {
        // serde_json counts columns in bytes from 1 within the line.
        let at = start + line.len().min(e.column().saturating_sub(1)) as u64;
        let what = if e.is_data() { "not an {\"id\", \"text\"} object" } else { "invalid JSON" };
        // Its own position, "at line 1 column C", would read as a line of the input.
        let msg = e.to_string();
        let own = format!(" at line {} column {}", e.line(), e.column());
        let msg = msg.strip_suffix(&own).unwrap_or(&msg);
        Bad::new(format!("{what} at byte {at} of the input: {msg}"))
    };
    if !body.starts_with('{') {
        let value: Value = serde_json::from_str(line).map_err(json_error)?;
        let at = start + (line.len() - body.len()) as u64;
        return Err(Bad::new(format!(
            "{} at byte {at} of the input, not an {{\"id\", \"text\"}} object",
            kind(&value)
        )));
    }
    serde_json::from_str(line).map_err(json_error)
}

/// What a JSON value is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The id of a line that is not valid UTF-8, when the bad bytes are elsewhere (in
/// the text, say): the line is read with U+FFFD in place of each bad sequence, and an
/// id containing U+FFFD is not trusted.
fn id_despite_bad_utf8(raw: &[u8]) -> Value {
    let lossy = String::from_utf8_lossy(raw);
    match parse(lossy.trim_end_matches(['\n', '\r']), 0) {
        Ok(p) if !p.id.to_string().contains('\u{FFFD}') => p.id,
        _ => Value::Null,
    }
}
