//! Throughput of the entity layer on ~10,000 words of news copy written for the
//! project: `entities::find` over an already tokenized [`Document`] (two tagging
//! passes, gazetteers, figures), with the tagger's buffers reused as a long-running
//! analyzer would; and with a fresh tagger and document each time, for scale.
//!
//! `cargo bench --bench entities`. Budget: at least 10 MB/s natively.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::entities::{self, Tagger};
use newsmark::text::Document;
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let doc = Document::new(&text);
    assert!(
        entities::find(&doc).iter().any(|e| e.label.is_name()),
        "models/entities.bin must be a trained model"
    );
    let mut g = c.benchmark_group("entities_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    let mut tagger = Tagger::default();
    g.bench_function("entities::find_with", |b| b.iter(|| entities::find_with(black_box(&doc), &mut tagger)));
    g.bench_function("entities::find", |b| b.iter(|| entities::find(black_box(&doc))));
    g.bench_function("document+entities::find", |b| {
        b.iter(|| entities::find(&Document::new(black_box(&text))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
