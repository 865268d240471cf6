//! `newsmark analyze` run as a user runs it: the built binary, stdin and files, exit
//! codes and stderr. Offsets are checked by slicing the input in the chosen unit, so
//! the tests hold whatever the layers find; one sentence is chosen so that every layer
//! finds something after non-ASCII text, where the three units disagree.

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

fn newsmark(args: &[&str], stdin: &[u8]) -> Output {
    newsmark_env(args, &[], stdin)
}

/// `newsmark` with environment variables set. Stdin is written from a thread: a child
/// that writes much output before it has read all its input must not fill the stdout
/// pipe while this side is still blocked writing to its stdin.
fn newsmark_env(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsmark");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    // The child may exit early on an error and close its stdin; that is not our failure.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Slices `text` by offsets counted in `unit`.
fn slice(text: &str, unit: &str, start: u64, end: u64) -> Option<String> {
    let (s, e) = (start as usize, end as usize);
    match unit {
        "utf8" => text.get(s..e).map(str::to_string),
        "utf16" => {
            let u: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(u.get(s..e)?).ok()
        }
        _ => {
            let c: Vec<char> = text.chars().collect();
            Some(c.get(s..e)?.iter().collect())
        }
    }
}

/// Every `{start, end, text}` object anywhere in `v`.
fn parts(v: &Value, out: &mut Vec<(u64, u64, String)>) {
    match v {
        Value::Object(m) => {
            if let (Some(s), Some(e), Some(t)) = (m.get("start"), m.get("end"), m.get("text")) {
                out.push((s.as_u64().unwrap(), e.as_u64().unwrap(), t.as_str().unwrap().to_string()));
            }
            m.values().for_each(|x| parts(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| parts(x, out)),
        _ => {}
    }
}

const TEXT: &str =
    "Zürich 😀 — “We may lose the vote,” said Angela Müller, the mayor of Zürich, on Monday.\n\
                    Officials said the plan could fail, according to Reuters.\n";

#[test]
fn offsets_in_every_unit_slice_the_input() {
    let mut firsts = Vec::new();
    for unit in ["chars", "utf16", "utf8"] {
        let o = newsmark(&["analyze", "--offsets", unit], TEXT.as_bytes());
        assert!(o.status.success(), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let mut ps = Vec::new();
        parts(&v, &mut ps);
        assert!(!ps.is_empty(), "the layers find something in {TEXT:?}");
        for (s, e, t) in &ps {
            assert_eq!(slice(TEXT, unit, *s, *e).as_deref(), Some(t.as_str()), "{unit} [{s}, {e})");
        }
        // Hedge scopes have no text; they must still be inside the text in this unit.
        for h in v["hedges"].as_array().unwrap() {
            if let Some(sc) = h["scope"].as_object() {
                let (s, e) = (sc["start"].as_u64().unwrap(), sc["end"].as_u64().unwrap());
                assert!(slice(TEXT, unit, s, e).is_some(), "{unit} scope [{s}, {e})");
            }
        }
        firsts.push(ps.iter().map(|p| p.0).max().unwrap());
    }
    // After "Zürich 😀 — “": chars < utf16 (the emoji is 2 units) < utf8.
    assert!(firsts[0] < firsts[1] && firsts[1] < firsts[2], "{firsts:?}");
}

#[test]
fn default_unit_is_chars_and_pretty_is_the_same_json() {
    let plain = newsmark(&["analyze"], TEXT.as_bytes());
    let chars = newsmark(&["analyze", "--offsets=chars", "-"], TEXT.as_bytes());
    let pretty = newsmark(&["analyze", "--pretty"], TEXT.as_bytes());
    assert!(plain.status.success() && pretty.status.success());
    assert_eq!(stdout(&plain), stdout(&chars));
    assert!(stdout(&pretty).lines().count() > 3, "pretty output spans lines");
    let a: Value = serde_json::from_str(&stdout(&plain)).unwrap();
    let b: Value = serde_json::from_str(&stdout(&pretty)).unwrap();
    assert_eq!(a, b);
    for key in ["entities", "claims", "hedges"] {
        assert!(a[key].is_array(), "{key}");
    }
}

#[test]
fn reads_a_file() {
    let path = std::env::temp_dir().join(format!("newsmark-cli-{}.txt", std::process::id()));
    std::fs::write(&path, TEXT).unwrap();
    let o = newsmark(&["analyze", path.to_str().unwrap()], b"");
    let _ = std::fs::remove_file(&path);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&newsmark(&["analyze"], TEXT.as_bytes())));
    let missing = newsmark(&["analyze", "/nonexistent/newsmark.txt"], b"");
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("/nonexistent/newsmark.txt"), "{}", stderr(&missing));
}

#[test]
fn bad_options_are_refused() {
    for args in [
        &["analyze", "--offsets", "bytes16"][..],
        &["analyze", "--frobnicate"],
        &["analyze", "--jsonl", "--pretty"],
        &["analyze", "--on-error", "skip"],
        &["analyze", "--jsonl", "--on-error", "never"],
    ] {
        let o = newsmark(args, b"text");
        assert!(!o.status.success(), "{args:?}");
        assert!(!stderr(&o).is_empty());
    }
}

#[test]
fn invalid_utf8_names_the_byte() {
    let o = newsmark(&["analyze"], b"Caf\xc3\xa9 ok.\nthen \xff here");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("invalid UTF-8 at byte 15"), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 2"), "{}", stderr(&o));
}

fn jsonl_lines(o: &Output) -> Vec<Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn jsonl_keeps_ids_and_order() {
    let input = format!(
        "{}\n{}\r\n\n{}\n",
        serde_json::json!({"id": "a-1", "text": TEXT}),
        serde_json::json!({"id": 7, "text": "Nothing here."}),
        serde_json::json!({"id": 8.5, "text": "Zoë said it may rain.", "extra": true}),
    );
    let o = newsmark(&["analyze", "--jsonl", "--offsets", "utf16"], input.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = jsonl_lines(&o);
    assert_eq!(lines.len(), 3, "the blank line is skipped");
    assert_eq!(lines[0]["id"], "a-1");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[2]["id"], 8.5);
    for l in &lines {
        let keys: Vec<&String> = l.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        for k in ["id", "entities", "claims", "hedges"] {
            assert!(l.get(k).is_some(), "{k}");
        }
    }
    // Same analysis as plain mode, line by line.
    let plain: Value =
        serde_json::from_str(&stdout(&newsmark(&["analyze", "--offsets", "utf16"], TEXT.as_bytes())))
            .unwrap();
    for k in ["entities", "claims", "hedges"] {
        assert_eq!(lines[0][k], plain[k], "{k}");
    }
    let mut ps = Vec::new();
    parts(&lines[2], &mut ps);
    for (s, e, t) in ps {
        assert_eq!(slice("Zoë said it may rain.", "utf16", s, e).as_deref(), Some(t.as_str()));
    }
}

/// A bad line: non-zero exit, an error naming the line and byte, and every line before
/// it written in full.
fn fails_at(input: &[u8], line: usize, needles: &[&str]) {
    let o = newsmark(&["analyze", "--jsonl"], input);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("line {line}:")), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
    let lines = jsonl_lines(&o);
    assert_eq!(lines.len(), line - 1, "earlier lines preserved: {}", stdout(&o));
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], i as u64 + 1);
    }
}

#[test]
fn jsonl_errors_name_line_and_byte_and_keep_earlier_output() {
    let good =
        |id: u32| format!("{}\n", serde_json::json!({"id": id, "text": "Officials said it may rain."}));
    let head = format!("{}{}", good(1), good(2));
    let at = head.len();

    let mut bad_utf8 = head.clone().into_bytes();
    bad_utf8.extend_from_slice(b"{\"id\": 3, \"text\": \"caf\xe9\"}\n");
    bad_utf8.extend_from_slice(good(4).as_bytes());
    let byte = at + "{\"id\": 3, \"text\": \"caf".len();
    fails_at(&bad_utf8, 3, &["invalid UTF-8", &format!("byte {byte}")]);

    let bad_json = format!("{head}{{\"id\": 3, \"text\": \"unterminated}}\n{}", good(4));
    fails_at(bad_json.as_bytes(), 3, &["invalid JSON", "byte"]);

    let no_text = format!("{head}{{\"id\": 3}}\n{}", good(4));
    fails_at(no_text.as_bytes(), 3, &["text"]);

    let not_object = format!("{head}[1, 2]\n");
    fails_at(not_object.as_bytes(), 3, &["byte"]);

    // The first line bad: nothing written, still an error.
    fails_at(b"nope\n", 1, &["invalid JSON at byte 1 "]);
}

#[test]
fn jsonl_last_line_without_newline() {
    let o = newsmark(&["analyze", "--jsonl"], br#"{"id":"x","text":"It may rain."}"#);
    assert!(o.status.success());
    assert_eq!(jsonl_lines(&o).len(), 1);
}

// A closed stdout.

/// The write end of a pipe whose read end is closed, as when `| head` has exited: every
/// write to it fails with EPIPE. The read end was the stdin of a process that has
/// exited; this process never held it.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true").stdin(Stdio::piped()).spawn().expect("run true");
    let end = reader.stdin.take().unwrap();
    reader.wait().unwrap();
    Stdio::from(end)
}

/// Runs newsmark with a closed stdout and asserts it fails, saying so.
fn fails_to_write(args: &[&str], stdin: &[u8]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsmark");
    let mut pipe = child.stdin.take().unwrap();
    let _ = pipe.write_all(stdin);
    drop(pipe);
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains("newsmark: cannot write output: Broken pipe"), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
}

#[test]
fn a_closed_stdout_is_an_error_on_every_write_path() {
    for args in [&["analyze"][..], &["analyze", "--pretty"], &["analyze", "--offsets", "utf8"]] {
        fails_to_write(args, TEXT.as_bytes());
    }
    let line = format!("{}\n", json!({"id": 1, "text": TEXT}));
    fails_to_write(&["analyze", "--jsonl"], line.as_bytes());
    fails_to_write(&["analyze", "--jsonl", "--on-error", "skip"], line.as_bytes());
    // An error record is output too.
    fails_to_write(&["analyze", "--jsonl", "--on-error", "skip"], b"[1]\n");
    for args in [
        &["--help"][..],
        &["analyze", "--help"],
        &["eval", "--help"],
        &["train", "--help"],
        &["train", "claims", "--help"],
    ] {
        fails_to_write(args, b"");
    }
    let gold = std::env::temp_dir().join(format!("newsmark-cli-gold-{}.jsonl", std::process::id()));
    let doc = json!({"id": "d", "text": "Ann Lee met Bob in Paris.",
        "entities": [{"start": 0, "end": 7, "label": "PER"}]});
    std::fs::write(&gold, format!("{doc}\n")).unwrap();
    let path = gold.to_str().unwrap();
    fails_to_write(&["eval", path], b"");
    fails_to_write(&["eval", path, "--json"], b"");
    let _ = std::fs::remove_file(&gold);
}

/// `newsmark analyze --jsonl | head -c 1`: the reader takes one byte of the first
/// result and goes away; the next result cannot be written, and that is an error
/// under either --on-error.
#[test]
fn jsonl_fails_when_the_reader_goes_away() {
    for mode in ["stop", "skip"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
            .args(["analyze", "--jsonl", "--on-error", mode])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run newsmark");
        let mut stdin = child.stdin.take().unwrap();
        let line = format!("{}\n", json!({"id": 1, "text": "Officials said it may rain."}));
        stdin.write_all(line.as_bytes()).unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut byte = [0u8];
        out.read_exact(&mut byte).unwrap();
        assert_eq!(&byte, b"{");
        drop(out);
        // Written only now that the reader is gone; the child may exit before it reads them all.
        for _ in 0..100 {
            if stdin.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
        drop(stdin);
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{mode}: {err}");
        assert!(err.contains("newsmark: cannot write output: Broken pipe"), "{mode}: {err}");
    }
}

// --on-error skip, objects only, the line maximum.

fn good(id: u32) -> String {
    format!("{}\n", json!({"id": id, "text": "Officials said it may rain."}))
}

#[test]
fn jsonl_skip_writes_an_error_record_per_bad_line_and_goes_on() {
    let mut input = good(1).into_bytes();
    input.extend_from_slice(b"{\"id\": \"no-text\"}\n");
    input.extend_from_slice(b"{\"id\": [1, 2], \"text\": 5}\n");
    input.extend_from_slice(b"{\"id\": \"null-text\", \"text\": null}\n");
    input.extend_from_slice(b"nope\n");
    input.extend_from_slice(b"[7, \"It may rain.\"]\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"{\"id\": \"bad-utf8\", \"text\": \"caf\xe9\"}\n");
    input.extend_from_slice(b"{\"id\": \"caf\xe9\", \"text\": \"ok\"}\n");
    input.extend_from_slice(good(11).as_bytes());

    let o = newsmark(&["analyze", "--jsonl", "--on-error", "skip"], &input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("skipped 7 bad lines of 10"), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9, "{text}");
    // The record's keys in this order, so that a reader sees the id first.
    assert!(lines[1].starts_with(r#"{"id":"no-text","line":2,"error":"#), "{}", lines[1]);
    let v: Vec<Value> = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    let records = [
        (json!("no-text"), 2, "no \"text\""),
        (json!([1, 2]), 3, "\"text\" is a number"),
        (json!("null-text"), 4, "\"text\" is null"),
        (Value::Null, 5, "invalid JSON"),
        (Value::Null, 6, "an array"),
        (json!("bad-utf8"), 8, "invalid UTF-8"),
        (Value::Null, 9, "invalid UTF-8"),
    ];
    for (k, (id, line, error)) in records.iter().enumerate() {
        let r = &v[k + 1];
        assert_eq!(r.as_object().unwrap().len(), 3, "{r}");
        assert_eq!(&r["id"], id, "{r}");
        assert_eq!(r["line"], *line, "{r}");
        assert!(r["error"].as_str().unwrap().contains(error), "{error:?} in {r}");
    }
    // The good lines: the same results as without the bad ones.
    let clean = stdout(&newsmark(&["analyze", "--jsonl"], format!("{}{}", good(1), good(11)).as_bytes()));
    let clean: Vec<&str> = clean.lines().collect();
    assert_eq!([lines[0], lines[8]], [clean[0], clean[1]]);

    // stop, the default: the first bad line ends the run; the result before it stays.
    let o = newsmark(&["analyze", "--jsonl", "--on-error", "stop"], &input);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("line 2: no \"text\""), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().collect::<Vec<_>>(), [clean[0]]);
}

#[test]
fn jsonl_takes_only_objects() {
    let head = good(1);
    for (line, what) in [
        (r#"[null, "It may rain."]"#, "an array"),
        (r#"  ["x", "It may rain."]"#, "an array"),
        (r#""It may rain.""#, "a string"),
        ("42", "a number"),
        ("true", "a boolean"),
        ("null", "null"),
    ] {
        let input = format!("{head}{line}\n{}", good(3));
        let at = head.len() + (line.len() - line.trim_start().len());
        fails_at(input.as_bytes(), 2, &[what, &format!("byte {at} "), "not an {\"id\", \"text\"} object"]);
    }
    // JSON whitespace before the object is still an object.
    let o = newsmark(&["analyze", "--jsonl"], format!(" \t{}", good(1)).as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(jsonl_lines(&o)[0]["id"], 1);
}

#[test]
fn jsonl_refuses_a_line_over_the_maximum_and_reads_on_after_it() {
    let a = json!({"id": 1, "text": "It may rain."}).to_string();
    let max = a.len().to_string();
    let env = [("NEWSMARK_MAX_LINE_BYTES", max.as_str())];
    // Exactly the maximum, with \n, with \r\n, and at the end without a line end: read;
    // one byte more: refused, and the lines after it start where they should.
    let input = format!("{a}\n{a} \n{a}\r\nnope\n{a}\n{a} ");
    let fourth = 2 * (a.len() + 1) + 1 + a.len() + 2;
    let o = newsmark_env(&["analyze", "--jsonl", "--on-error", "skip"], &env, input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = jsonl_lines(&o);
    assert_eq!(v.len(), 6, "{}", stdout(&o));
    for k in [0, 2, 4] {
        assert_eq!(v[k]["id"], 1);
        assert!(v[k]["hedges"].is_array());
    }
    let too_long = format!("longer than {max} bytes, the --jsonl line maximum");
    assert_eq!(v[1]["line"], 2);
    assert_eq!(v[1]["id"], Value::Null);
    assert_eq!(v[1]["error"], format!("{too_long} (at byte {} of the input)", a.len() + 1));
    assert_eq!(v[3]["line"], 4);
    assert!(v[3]["error"].as_str().unwrap().starts_with(&format!("invalid JSON at byte {} ", fourth + 1)));
    assert_eq!(v[5]["line"], 6);
    assert!(v[5]["error"].as_str().unwrap().starts_with(&too_long), "{}", v[5]);

    // A line far over the maximum, under stop: the line named, the result before it kept.
    let long = format!("{a}\n{{\"id\": 2, \"text\": \"{}\"}}\n{a}\n", "x".repeat(1 << 20));
    let o = newsmark_env(&["analyze", "--jsonl"], &env, long.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&format!("line 2: {too_long}")), "{}", stderr(&o));
    assert_eq!(jsonl_lines(&o).len(), 1);

    let o = newsmark_env(&["analyze", "--jsonl"], &[("NEWSMARK_MAX_LINE_BYTES", "0")], a.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("NEWSMARK_MAX_LINE_BYTES"), "{}", stderr(&o));
}

#[test]
fn jsonl_line_maximum_is_64_mib() {
    const MAX: usize = 64 << 20;
    let head = r#"{"id": 2, "text": ""}"#;
    let mut input = good(1);
    input.push_str(head);
    input.push_str(&" ".repeat(MAX + 1 - head.len()));
    input.push('\n');
    input.push_str(&good(3));
    let o = newsmark(&["analyze", "--jsonl", "--on-error", "skip"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = jsonl_lines(&o);
    assert_eq!(v.len(), 3);
    assert_eq!((&v[0]["id"], &v[2]["id"]), (&json!(1), &json!(3)));
    assert!(v[1]["error"].as_str().unwrap().starts_with("longer than 67108864 bytes"), "{}", v[1]);
    let help = stdout(&newsmark(&["analyze", "--help"], b""));
    assert!(help.contains("at most 67108864 bytes (64 MiB)"), "{help}");
}

// --help and bad options everywhere.

#[test]
fn help_for_every_command_on_stdout() {
    let mut cases: Vec<Vec<&str>> = vec![vec!["help"]];
    for h in ["--help", "-h"] {
        cases.extend([vec![h], vec!["analyze", h], vec!["eval", h], vec!["train", h]]);
        for layer in ["entities", "claims", "hedges", "syntax"] {
            cases.push(vec!["train", layer, h]);
        }
    }
    for args in cases {
        let o = newsmark(&args, b"");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        let want = match &args[..] {
            ["train", layer, _] => format!("usage: newsmark train {layer}"),
            [cmd @ ("analyze" | "eval" | "train"), _] => format!("usage: newsmark {cmd}"),
            _ => "usage: newsmark <command>".to_string(),
        };
        assert!(out.starts_with(&want), "{args:?}: {out}");
    }
}

#[test]
fn unknown_options_fail_with_a_usage_hint() {
    let o = newsmark(&[], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("usage: newsmark"), "{}", stderr(&o));
    for args in [
        &["--frobnicate"][..],
        &["analyze", "--frobnicate"],
        &["eval", "--frobnicate"],
        &["train", "--frobnicate"],
        &["train", "entities", "--frobnicate"],
        &["train", "claims", "--frobnicate"],
        &["train", "hedges", "--frobnicate"],
        &["train", "syntax", "--frobnicate"],
    ] {
        let o = newsmark(args, b"");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(err.contains("--frobnicate") && err.contains("usage: newsmark"), "{args:?}: {err}");
    }
}

/// The `"--flag"` string literals of a source file: the options its parser matches.
fn quoted_flags(src: &str) -> BTreeSet<String> {
    src.split("\"--")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '-').collect();
            rest[name.len()..].starts_with('"').then(|| format!("--{name}"))
        })
        .filter(|f| f != "--help")
        .collect()
}

/// The `--flag` words of a help text.
fn listed_flags(help: &str) -> BTreeSet<String> {
    help.split("--")
        .skip(1)
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '-').collect::<String>())
        .filter(|name| !name.is_empty() && name != "help")
        .map(|name| format!("--{name}"))
        .collect()
}

/// `newsmark train <layer> --help` is written in the CLI, apart from the trainers'
/// parsers: it must list the options they accept, no more, no fewer.
#[test]
fn train_help_lists_the_options_each_trainer_accepts() {
    for (layer, src) in [
        ("entities", include_str!("../src/entities/train.rs")),
        ("claims", include_str!("../src/claims/train.rs")),
        ("hedges", include_str!("../src/hedges/train.rs")),
        ("syntax", include_str!("../src/bin/newsmark/train.rs")),
    ] {
        let accepted = quoted_flags(src);
        assert!(accepted.len() > 5, "{layer}: {accepted:?}");
        let help = stdout(&newsmark(&["train", layer, "--help"], b""));
        assert_eq!(listed_flags(&help), accepted, "{layer}");
    }
}

// --format html: escaping, every span marked with its exact text, well-formed nesting,
// a section per JSONL line.

/// One token of the report: an element's start tag (name, attributes), its end tag, or
/// text with entities decoded.
#[derive(Debug)]
enum Tok {
    Open(String, Vec<(String, String)>),
    Close(String),
    Text(String),
}

fn unescape(s: &str) -> String {
    assert!(!s.contains('<') && !s.contains('>'), "unescaped < or > in {s:?}");
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').expect("an entity ends with ;") + i;
        out.push(match &rest[i..=end] {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            "&#39;" => '\'',
            other => panic!("unexpected entity {other}"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The report's tokens after `<!DOCTYPE html>`; `<style>`'s content is skipped. Fails on
/// anything that is not a plain, quoted-attribute tag: the report writes no other kind.
fn tokens(html: &str) -> Vec<Tok> {
    let mut rest = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    let mut out = Vec::new();
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Tok::Text(unescape(rest)));
            break;
        };
        if lt > 0 {
            out.push(Tok::Text(unescape(&rest[..lt])));
        }
        let gt = rest[lt..].find('>').expect("a tag ends") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Tok::Close(name.to_string()));
            continue;
        }
        let (name, mut attrs_src) = tag.split_once(' ').unwrap_or((tag, ""));
        let mut attrs = Vec::new();
        while !attrs_src.trim().is_empty() {
            let a = attrs_src.trim_start();
            let name_end = a.find([' ', '=']).unwrap_or(a.len());
            let (k, after) = a.split_at(name_end);
            assert!(k.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "attribute name {k:?}");
            let Some(v) = after.strip_prefix("=\"") else {
                // A bare attribute (`data-error`): no value.
                attrs.push((k.to_string(), String::new()));
                attrs_src = after;
                continue;
            };
            let close = v.find('"').unwrap();
            attrs.push((k.to_string(), unescape(&v[..close])));
            attrs_src = &v[close + 1..];
        }
        if name == "style" {
            let end = rest.find("</style>").unwrap();
            rest = &rest[end..];
        }
        out.push(Tok::Open(name.to_string(), attrs));
    }
    out
}

const VOID: [&str; 1] = ["meta"];

/// A mark of the report: its `data-m` id, its attributes but `id`, its text.
type Marked = (String, Vec<(String, String)>, String);

/// Checks that every element is closed in order, and returns, per `data-m` mark id,
/// its attributes and text (joined over its pieces), and the text of each
/// `class="text"` element.
fn well_formed(toks: &[Tok]) -> (Vec<Marked>, Vec<String>) {
    let mut stack: Vec<(String, Option<usize>, bool)> = Vec::new();
    let mut marks: Vec<Marked> = Vec::new();
    let mut texts = Vec::new();
    for t in toks {
        match t {
            Tok::Open(name, attrs) if VOID.contains(&name.as_str()) => assert!(!attrs.is_empty()),
            Tok::Open(name, attrs) => {
                let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
                let mark = get("data-m").map(|m| match marks.iter().position(|x| x.0 == m) {
                    Some(i) => {
                        assert_eq!(
                            marks[i].1,
                            *attrs.iter().filter(|(k, _)| k != "id").cloned().collect::<Vec<_>>()
                        );
                        i
                    }
                    None => {
                        marks.push((
                            m,
                            attrs.iter().filter(|(k, _)| k != "id").cloned().collect(),
                            String::new(),
                        ));
                        marks.len() - 1
                    }
                });
                // A mark cannot be open twice: its pieces never nest in each other.
                if let Some(i) = mark {
                    assert!(!stack.iter().any(|s| s.1 == Some(i)), "mark {} nested in itself", marks[i].0);
                }
                let is_text = get("class").as_deref() == Some("text");
                if is_text {
                    texts.push(String::new());
                }
                stack.push((name.clone(), mark, is_text));
            }
            Tok::Close(name) => {
                let (open, _, _) = stack.pop().expect("a close tag has an open one");
                assert_eq!(&open, name, "</{name}> closes <{open}>");
            }
            Tok::Text(s) => {
                for (_, m, is_text) in &stack {
                    if let Some(i) = m {
                        marks[*i].2.push_str(s);
                    }
                    if *is_text {
                        texts.last_mut().unwrap().push_str(s);
                    }
                }
            }
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    (marks, texts)
}

/// Every span of a JSON analysis (byte offsets) as (layer, part, class, text), sorted.
fn spans_of(text: &str, a: &Value) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let mut add = |layer: &str, part: &str, class: String, p: &Value| {
        let (s, e) = (p["start"].as_u64().unwrap() as usize, p["end"].as_u64().unwrap() as usize);
        if s < e {
            out.push((layer.into(), part.into(), class, text[s..e].to_string()));
        }
    };
    for e in a["entities"].as_array().unwrap() {
        add("entities", "entity", format!("m-ent-{}", e["label"].as_str().unwrap()), e);
    }
    for c in a["claims"].as_array().unwrap() {
        let flag = if matches!(c["source_kind"].as_str(), Some("vague" | "none")) { "-flag" } else { "" };
        if !c["source"].is_null() {
            add("claims", "source", format!("m-claim-source{flag}"), &c["source"]);
        }
        add("claims", "cue", format!("m-claim-cue{flag}"), &c["cue"]);
        for p in c["content"].as_array().unwrap() {
            add("claims", "content", format!("m-claim-content{flag}"), p);
        }
    }
    for h in a["hedges"].as_array().unwrap() {
        if !h["scope"].is_null() {
            add("hedges", "scope", "m-hedge-scope".into(), &h["scope"]);
        }
        add("hedges", "cue", "m-hedge".into(), &h["cue"]);
    }
    out.sort();
    out
}

/// The marks of one `.text` element (those whose id starts with `d{doc}-`), in the form
/// of [`spans_of`]; every one must have a non-empty title.
fn marked(marks: &[Marked], doc: usize) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = marks
        .iter()
        .filter(|m| m.0.starts_with(&format!("d{doc}-")))
        .map(|(_, attrs, text)| {
            let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone()).unwrap();
            assert!(!get("title").is_empty());
            (get("data-layer"), get("data-part"), get("class"), text.clone())
        })
        .collect();
    out.sort();
    out
}

const HOSTILE: &str = "Officials said <script>alert(\"x\")</script> & the 'plan' could fail, \
     according to Reuters. “We may lose,” said Angela Müller in Zürich 😀.\n";

#[test]
fn html_report_marks_every_span_with_its_exact_text_and_nests_well() {
    for text in [TEXT, HOSTILE, &std::fs::read_to_string("tests/fixtures/harbor-strike.txt").unwrap()] {
        let o = newsmark(&["analyze", "--format", "html"], text.as_bytes());
        assert!(o.status.success(), "{}", stderr(&o));
        let html = stdout(&o);
        let json: Value =
            serde_json::from_slice(&newsmark(&["analyze", "--offsets", "utf8"], text.as_bytes()).stdout)
                .unwrap();
        let (marks, texts) = well_formed(&tokens(&html));
        assert_eq!(texts, [text], "the text shows exactly as given");
        let want = spans_of(text, &json);
        assert!(want.len() > 5, "{want:?}");
        assert_eq!(marked(&marks, 0), want);
        assert!(!html.contains("<nav"), "no table of contents for one text");
    }
}

#[test]
fn html_report_escapes_text_and_ids_and_allows_no_script() {
    let id = "<script>alert('id')</script> & \"q\"";
    let input = format!("{}\n", json!({"id": id, "text": HOSTILE}));
    let o = newsmark(&["analyze", "--jsonl", "--format", "html"], input.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    // The text's markup is escaped wherever marks cut it; its decoded text is checked below.
    assert!(html.contains("&lt;/script&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(html.contains(
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    ));
    let toks = tokens(&html);
    let headings: Vec<&str> = toks
        .windows(2)
        .filter_map(|w| match w {
            [Tok::Open(n, _), Tok::Text(t)] if n == "h2" => Some(t.trim()),
            _ => None,
        })
        .collect();
    assert_eq!(headings, [id]);
    let (marks, texts) = well_formed(&toks);
    assert_eq!(texts, [HOSTILE]);
    let json: Value =
        serde_json::from_slice(&newsmark(&["analyze", "--offsets", "utf8"], HOSTILE.as_bytes()).stdout)
            .unwrap();
    assert_eq!(marked(&marks, 0), spans_of(HOSTILE, &json));
}

#[test]
fn html_jsonl_report_has_a_section_per_line_and_shows_skipped_errors() {
    let docs = [TEXT, HOSTILE, "Nothing to see here."];
    let mut input = String::new();
    for (i, t) in docs.iter().enumerate() {
        input.push_str(&format!("{}\n", json!({"id": format!("doc{i}"), "text": t})));
        if i == 0 {
            input.push_str("{\"id\": \"broken\", \"text\": 5}\n\n");
        }
    }
    let o = newsmark(&["analyze", "--jsonl", "--on-error", "skip", "--format", "html"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("skipped 1 bad line of 5"), "{}", stderr(&o));
    let html = stdout(&o);
    let (marks, texts) = well_formed(&tokens(&html));
    assert_eq!(texts, docs, "one text per good line, in order");
    for (n, id) in ["doc0", "broken (line 2: error)", "doc1", "doc2"].iter().enumerate() {
        assert!(html.contains(&format!("<a href=\"#doc-{n}\">{id}</a>")), "contents entry {n}: {html}");
        assert!(html.contains(&format!("<section class=\"doc\" id=\"doc-{n}\">")), "section {n}");
    }
    assert!(
        html.contains(
            "<p class=\"error\" data-error>Not analysed: &quot;text&quot; is a number, not a string</p>"
        ),
        "{html}"
    );
    // Sections are numbered by document, the bad line included: doc1 is d2, doc2 is d3.
    for (n, t) in [(0, TEXT), (2, HOSTILE), (3, docs[2])] {
        let json: Value =
            serde_json::from_slice(&newsmark(&["analyze", "--offsets", "utf8"], t.as_bytes()).stdout)
                .unwrap();
        assert_eq!(marked(&marks, n), spans_of(t, &json), "section {n}");
    }

    // stop: nothing is written, the error names the line.
    let o = newsmark(&["analyze", "--jsonl", "--format", "html"], input.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("line 2: \"text\" is a number"), "{}", stderr(&o));
}

#[test]
fn html_report_summary_counts_claims_by_source_kind() {
    let o = newsmark(&["analyze", "--format", "html"], TEXT.as_bytes());
    let html = stdout(&o);
    let json: Value = serde_json::from_slice(&newsmark(&["analyze"], TEXT.as_bytes()).stdout).unwrap();
    let claims = json["claims"].as_array().unwrap();
    let mut flagged = 0;
    for kind in ["named", "described", "vague", "pronoun", "none"] {
        let n = claims.iter().filter(|c| c["source_kind"] == kind).count();
        if kind == "vague" || kind == "none" {
            flagged += n;
        }
        let row = html.split(&format!("data-kind=\"{kind}\"><th>")).nth(1).expect(kind);
        let count = row.split("<td>").nth(1).unwrap().split("</td>").next().unwrap();
        assert_eq!(count, n.to_string(), "{kind}");
    }
    assert!(claims.len() > 1);
    let share = format!("{:.0}%", 100.0 * flagged as f64 / claims.len() as f64);
    assert!(html.contains(&format!("<strong data-share>{share}</strong>")), "{share}");
}

#[test]
fn html_format_options() {
    for (args, err) in [
        (&["analyze", "--format", "xml"][..], "--format must be json or html"),
        (&["analyze", "--format", "html", "--offsets", "utf8"], "--offsets does not apply"),
        (&["analyze", "--format", "html", "--pretty"], "--pretty applies to --format json only"),
    ] {
        let o = newsmark(args, b"x");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(err), "{args:?}: {}", stderr(&o));
    }
    // json is the default: naming it changes nothing.
    assert_eq!(
        newsmark(&["analyze", "--format", "json"], TEXT.as_bytes()).stdout,
        newsmark(&["analyze"], TEXT.as_bytes()).stdout
    );
    let help = stdout(&newsmark(&["analyze", "--help"], b""));
    assert!(help.contains("--format json|html"), "{help}");
}
