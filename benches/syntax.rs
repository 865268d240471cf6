//! Throughput of the syntax layer on ~10,000 words of news copy written for the
//! project: part-of-speech tagging alone, and tagging plus dependency parsing.
//! Tokenization is done once outside the timed loop, so the numbers are the syntax
//! layer's own.
//!
//! `cargo bench --bench syntax`; criterion reports time per iteration and throughput
//! in bytes per second (the target is ≥ 10 MB/s for tagging).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::internals::{Doc, PosLayer};
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let doc = Doc::new(&text);
    let mut layer = PosLayer::default();
    let mut g = c.benchmark_group("syntax_news_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("pos_tags", |b| b.iter(|| layer.find(black_box(&doc))));
    // The parser experiment (feature `parser`; models/syntax.md), with fresh buffers.
    #[cfg(feature = "parser")]
    {
        use newsmark::internals::syntax::{pos_and_parse, Parser};
        assert!(Parser::shipped().is_some(), "models/syntax-parser.bin");
        g.bench_function("pos_and_parse_fresh_buffers", |b| b.iter(|| pos_and_parse(black_box(&doc))));
    }
    g.bench_function("pos_tags_fresh_buffers", |b| b.iter(|| PosLayer::default().find(black_box(&doc))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
