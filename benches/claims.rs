//! Time of the claims layer alone (`ClaimLayer::find` on a tokenized document whose
//! part-of-speech column the POS stage has filled, as the analyzer runs them), of the
//! POS stage alone, and of the rules without the model, on ~10,000 words of news copy
//! written for the project. Budget: the whole analysis under 16 ms.
//!
//! `cargo bench --bench claims`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::internals::{ClaimLayer, Doc, EntityLayer, PosLayer};
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let mut doc = Doc::new(&text);
    let mut pos = PosLayer::default();
    doc.set_pos(pos.find(&doc));
    let entities = EntityLayer::default().find(&doc);
    let (mut layer, mut rules) = (ClaimLayer::default(), ClaimLayer::with_model(None));
    let mut g = c.benchmark_group("news_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("claims", |b| b.iter(|| layer.find(black_box(&doc), black_box(&entities))));
    g.bench_function("pos_tags", |b| b.iter(|| pos.find(black_box(&doc))));
    g.bench_function("claims_rules_only", |b| b.iter(|| rules.find(black_box(&doc), black_box(&entities))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
