//! Throughput of the syntax layer on ~10,000 words of news copy written for the
//! project: part-of-speech tagging alone, and tagging plus dependency parsing.
//! Tokenization is done once outside the timed loop, so the numbers are the syntax
//! layer's own.
//!
//! `cargo bench --bench syntax`; criterion reports time per iteration and throughput
//! in bytes per second (the target is ≥ 10 MB/s for tagging).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::internals::syntax::{PosTagger, Scratch};
use newsmark::internals::Document;
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let doc = Document::new(&text);
    let tagger = PosTagger::shipped().expect("models/syntax.bin");
    let mut scratch = Scratch::default();
    let mut pos = Vec::new();
    let mut g = c.benchmark_group("syntax_news_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("pos_tags", |b| {
        b.iter(|| tagger.tag_document(black_box(&doc), &mut scratch, &mut pos));
    });
    // The parser experiment (feature `parser`, on by default; models/syntax.md).
    #[cfg(feature = "parser")]
    {
        let parser = newsmark::internals::syntax::Parser::shipped().expect("models/syntax-parser.bin");
        let mut arcs = Vec::new();
        g.bench_function("pos_and_parse", |b| {
            b.iter(|| tagger.tag_and_parse(black_box(&doc), Some(parser), &mut scratch, &mut pos, &mut arcs));
        });
    }
    g.bench_function("pos_tags_fresh_buffers", |b| {
        b.iter(|| newsmark::internals::syntax::pos_tags(black_box(&doc)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
