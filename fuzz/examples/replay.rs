//! Replays grammar inputs (corpus entries or artifacts of the scale targets) outside
//! libFuzzer and says what they are: the expansion's size and shape, the analysis time,
//! the output sizes against the bound, and the process's peak RSS.
//!
//!   cargo run --release --example replay -- fuzz/artifacts/scale_analyze/FILE…
//!
//! Each file is analysed in a child process, so a quadratic one does not hide the next
//! one's numbers (run with `--child FILE` to do one in this process).
use newsmark_fuzz::{grammar, span_text_bytes};
use std::time::Instant;

/// What the expansion is made of: how many distinct chars, and how it starts.
fn shape(text: &str) -> String {
    let distinct: std::collections::BTreeSet<char> = text.chars().collect();
    let start: String = text.chars().take(160).collect();
    format!("{} distinct chars; starts {start:?}", distinct.len())
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn child(path: &str) {
    let data = std::fs::read(path).expect("readable input");
    let text = grammar::expand(&data, grammar::MAX_TEXT);
    println!("{path}: {} raw bytes -> {} bytes; {}", data.len(), text.len(), shape(&text));
    let t0 = Instant::now();
    let a = newsmark::analyze(&text).expect("analysed");
    let took = t0.elapsed();
    let spans = span_text_bytes(&a);
    let json = serde_json::to_vec(&a).expect("serializes").len();
    let n = text.len().max(1) as f64;
    println!(
        "  analyze {took:?}; {} entities, {} claims, {} hedges; span text {spans} ({:.1}x), JSON {json} ({:.1}x); peak RSS {} MB",
        a.entities.len(),
        a.claims.len(),
        a.hedges.len(),
        spans as f64 / n,
        json as f64 / n,
        peak_rss_kb() / 1024
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(&args[1]);
    }
    let me = std::env::current_exe().expect("own path");
    for path in &args {
        let status = std::process::Command::new(&me).args(["--child", path]).status().expect("child runs");
        if !status.success() {
            println!("  {path}: {status}");
        }
    }
}
