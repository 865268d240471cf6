//! Throughput of the text stage (tokenizer + sentence splitter) and of the whole
//! `newsmark::analyze` on ~10,000 words of news copy written for the project.
//!
//! `cargo bench --bench analyze`; criterion reports time per iteration and
//! throughput in bytes per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::text::{sentences, tokenizer};
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let mut g = c.benchmark_group("news_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("tokenize", |b| b.iter(|| tokenizer::tokenize(black_box(&text))));
    g.bench_function("tokenize+sentences", |b| {
        b.iter(|| {
            let tokens = tokenizer::tokenize(black_box(&text));
            sentences::split(&text, &tokens)
        })
    });
    g.bench_function("analyze", |b| b.iter(|| newsmark::analyze(black_box(&text))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
