//! Time of the claims layer alone (`newsmark::claims::find` on a tokenized document,
//! part-of-speech tagging included since the layer runs it) on ~10,000 words of news
//! copy written for the project. Budget: the whole analysis under 16 ms.
//!
//! `cargo bench --bench claims`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::internals::Document;
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let doc = Document::new(&text);
    let entities = newsmark::internals::entities::find(&doc);
    let mut g = c.benchmark_group("news_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("claims", |b| {
        b.iter(|| newsmark::internals::claims::find(black_box(&doc), black_box(&entities)))
    });
    g.bench_function("pos_tags", |b| b.iter(|| newsmark::internals::syntax::pos_tags(black_box(&doc))));
    g.bench_function("claims_rules_only", |b| {
        b.iter(|| newsmark::internals::claims::find_with(black_box(&doc), black_box(&entities), None))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
