//! Throughput of the text stage (tokenizer + sentence splitter) and of the whole
//! `newsmark::analyze` on ~10,000 words of news copy written for the project.
//!
//! The synthetic text repeats a small set of sentences; the layers score each distinct
//! word once per document, so the second group analyses real news of the same length:
//! PolNeAR dev articles (US political news) joined by blank lines until they reach
//! 10,000 words, when `../shared/data` is present (it is never copied into the repo).
//!
//! Each group times `newsmark::analyze` (a one-shot call: every per-document table
//! allocated and freed) and `Analyzer::analyze` (one analyzer reused, as the page and
//! the CLI use it).
//!
//! `cargo bench --bench analyze`; criterion reports time per iteration and
//! throughput in bytes per second. Budget: the whole analysis of 10,000 words under 16 ms.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::internals::{sentences, tokenize};
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let mut g = c.benchmark_group("news_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("tokenize", |b| b.iter(|| tokenize(black_box(&text))));
    g.bench_function("tokenize+sentences", |b| {
        b.iter(|| {
            let tokens = tokenize(black_box(&text));
            sentences::split(&text, &tokens)
        })
    });
    g.bench_function("analyze", |b| b.iter(|| newsmark::analyze(black_box(&text))));
    let mut analyzer = newsmark::Analyzer::new();
    g.bench_function("Analyzer::analyze", |b| b.iter(|| analyzer.analyze(black_box(&text))));
    g.finish();

    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/claims/polnear-dev.jsonl");
    let Ok(gold) = newsmark::gold::read_file(&path) else {
        eprintln!("skipping polnear_dev_10k_words: {} not found", path.display());
        return;
    };
    let mut real = String::new();
    for d in &gold {
        if real.split_whitespace().count() >= 10_000 {
            break;
        }
        real.push_str(&d.text);
        real.push_str("\n\n");
    }
    let mut g = c.benchmark_group("polnear_dev_10k_words");
    g.throughput(Throughput::Bytes(real.len() as u64));
    g.bench_function("analyze", |b| b.iter(|| newsmark::analyze(black_box(&real))));
    g.bench_function("Analyzer::analyze", |b| b.iter(|| analyzer.analyze(black_box(&real))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
