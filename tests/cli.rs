//! `newsmark analyze` run as a user runs it: the built binary, stdin and files, exit
//! codes and stderr. Offsets are checked by slicing the input in the chosen unit, so
//! the tests hold whatever the layers find; one sentence is chosen so that every layer
//! finds something after non-ASCII text, where the three units disagree.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn newsmark(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsmark");
    let mut pipe = child.stdin.take().unwrap();
    // The child may exit early on an error and close its stdin; that is not our failure.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().unwrap()
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
