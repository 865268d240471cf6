//! `newsmark eval` end to end on small files written here: the table, `--json`,
//! `--errors`, `--split`, `--layer`, and predictions given in UTF-16 by mistake.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("newsmark-eval-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &Path, name: &str, lines: &[serde_json::Value]) -> String {
    let p = d.join(name);
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&p, body).unwrap();
    p.to_string_lossy().into_owned()
}

fn eval(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsmark")).arg("eval").args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Each test its own directory: tests run in parallel.
fn files(test: &str) -> (PathBuf, String, String) {
    let d = dir(test);
    // "😀 " makes UTF-16 offsets differ from scalar ones by one.
    let text = "😀 Ann Lee met Bob in Paris.";
    let gold = write(
        &d,
        "gold.jsonl",
        &[serde_json::json!({"id": "doc-4", "text": text, "entities": [
        {"start": 2, "end": 9, "label": "PER"}, {"start": 14, "end": 17, "label": "PER"},
        {"start": 21, "end": 26, "label": "LOC"}]})],
    );
    let pred = write(
        &d,
        "pred.jsonl",
        &[serde_json::json!({"id": "doc-4", "entities": [
        {"start": 2, "end": 9, "label": "PERSON", "text": "Ann Lee"},
        {"start": 14, "end": 17, "label": "PLACE", "text": "Bob"}]})],
    );
    (d, gold, pred)
}

#[test]
fn prints_a_table_with_counts() {
    let (_d, gold, pred) = files("prints_a_table_with_counts");
    let (ok, out, err) = eval(&[&gold, "--predictions", &pred]);
    assert!(ok, "{err}");
    assert!(out.contains("1 documents"), "{out}");
    // micro: tp 1, pred 2, gold 3 → P 0.50 R 0.33 F1 0.40
    let micro = out.lines().find(|l| l.trim_start().starts_with("micro")).unwrap();
    let cols: Vec<&str> = micro.split_whitespace().collect();
    assert_eq!(cols, ["micro", "0.50", "0.33", "0.40", "1", "2", "3"], "{out}");
    assert!(err.is_empty(), "{err}");
    // The file annotates PER and LOC only: ORG and MISC are left out, and said so.
    assert!(out.contains("left out: ORG, MISC; 0 predicted names"), "{out}");
    assert!(!out.lines().any(|l| l.trim_start().starts_with("ORG")), "{out}");
    assert!(out.contains("consistency:"), "{out}");
}

#[test]
fn types_the_file_does_not_annotate_are_left_out_of_the_predictions() {
    let d = dir("left_out");
    let text = "Ann Lee met Bob in Paris.";
    let gold = write(
        &d,
        "gold.jsonl",
        &[serde_json::json!({"id": "doc-4", "text": text, "entities": [
        {"start": 0, "end": 7, "label": "PER"}, {"start": 19, "end": 24, "label": "LOC"}]})],
    );
    let pred = write(
        &d,
        "pred.jsonl",
        &[serde_json::json!({"id": "doc-4", "entities": [
        {"start": 0, "end": 7, "label": "PERSON"}, {"start": 12, "end": 15, "label": "MISC"},
        {"start": 19, "end": 24, "label": "ORG"}]})],
    );
    let (ok, out, err) = eval(&[&gold, "--predictions", &pred, "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let e = &v["files"][0]["scores"]["entities"];
    // MISC and ORG are not in the gold file: both predictions left out, not false positives.
    assert_eq!((e["micro"]["tp"].as_u64(), e["micro"]["pred"].as_u64()), (Some(1), Some(1)), "{e}");
    assert_eq!(e["left_out_predictions"], 2);
    assert_eq!(v["files"][0]["annotated"]["entity_types"], serde_json::json!(["PER", "LOC"]));
}

#[test]
fn json_errors_and_layer_filter() {
    let (_d, gold, pred) = files("json_errors_and_layer_filter");
    let (ok, out, _) = eval(&[&gold, "--predictions", &pred, "--json", "--errors", "5"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["scores"]["entities"]["micro"]["tp"], 1);
    assert_eq!(f["scores"]["entities"]["per_type"]["LOC"]["gold"], 1);
    assert!(f["scores"]["claims"].is_null(), "not annotated");
    let errors = f["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3, "Bob as LOC (fp), Bob as PER and Paris (fn)");
    assert!(errors.iter().any(|e| e["context"].as_str().unwrap().contains("⟦Paris⟧")));
    let (ok, out, _) = eval(&[&gold, "--predictions", &pred, "--layer", "claims"]);
    assert!(ok);
    assert!(out.contains("no annotated layer"), "{out}");
}

#[test]
fn split_selects_documents_by_id_hash() {
    let (_d, gold, pred) = files("split_selects_documents_by_id_hash");
    // "doc-4" hashes into the dev split (see eval_scorer.rs).
    let (_, dev, _) = eval(&[&gold, "--predictions", &pred, "--split", "dev"]);
    assert!(dev.contains("1 documents (split dev)"), "{dev}");
    let (_, train, _) = eval(&[&gold, "--predictions", &pred, "--split", "train"]);
    assert!(train.contains("0 documents (split train)"), "{train}");
    let (ok, _, err) = eval(&[&gold, "--split", "test"]);
    assert!(!ok && err.contains("unknown split"), "{err}");
}

#[test]
fn warns_about_utf16_offsets_and_missing_documents() {
    let (d, gold, _) = files("warns_about_utf16_offsets_and_missing_documents");
    let utf16 = write(
        &d,
        "utf16.jsonl",
        &[serde_json::json!({"id": "doc-4", "entities": [
        {"start": 3, "end": 10, "label": "PERSON", "text": "Ann Lee"}]})],
    );
    let (ok, _, err) = eval(&[&gold, "--predictions", &utf16]);
    assert!(ok);
    assert!(err.contains("wrong unit"), "{err}");
    let other = write(&d, "other.jsonl", &[serde_json::json!({"id": "nope", "entities": []})]);
    let (_, _, err) = eval(&[&gold, "--predictions", &other]);
    assert!(err.contains("1 documents have no prediction"), "{err}");
}

#[test]
fn runs_our_analysis_without_predictions() {
    let (_d, gold, _) = files("runs_our_analysis_without_predictions");
    let (ok, out, err) = eval(&[&gold]);
    assert!(ok, "{err}");
    assert!(out.contains("system newsmark"), "{out}");
}
