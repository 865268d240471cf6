//! Cost of the hedge layer alone on ~10,000 words of news copy written for the
//! project: `HedgeLayer::find` over an already tokenized [`Doc`], which is what the
//! layer adds to `analyze` (budget: under 2 ms natively). Also the text stage plus the
//! hedge layer, for scale.
//!
//! `cargo bench --bench hedges`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::internals::{Doc, HedgeLayer};
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let doc = Doc::new(&text);
    let mut layer = HedgeLayer::default();
    assert!(!layer.find(&doc, &[]).is_empty(), "models/hedges.bin must be a trained model");
    let mut g = c.benchmark_group("hedges_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("hedges::find", |b| b.iter(|| layer.find(black_box(&doc), &[])));
    g.bench_function("document+hedges::find", |b| b.iter(|| layer.find(&Doc::new(black_box(&text)), &[])));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
