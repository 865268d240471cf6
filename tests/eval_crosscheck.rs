//! The Rust scorer against the independent Python one (bench/peers/score.py) on the
//! real gold files, with deterministic perturbed-gold predictions
//! (bench/peers/crosscheck.py). Skipped, with a note, where python3 or
//! ../shared/data is missing.

use std::path::Path;
use std::process::Command;

#[test]
fn rust_and_python_scorers_agree_on_real_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data");
    if !data.join("entities/conll2003-dev.jsonl").exists() {
        eprintln!("skipped: no gold data at {}", data.display());
        return;
    }
    let Ok(out) = Command::new("python3")
        .arg(root.join("bench/peers/crosscheck.py"))
        .arg("--newsmark")
        .arg(env!("CARGO_BIN_EXE_newsmark"))
        .arg("--data")
        .arg(&data)
        .output()
    else {
        eprintln!("skipped: no python3");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("6 passed, 0 failed"), "{stdout}");
}
