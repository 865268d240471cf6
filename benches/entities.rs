//! Throughput of the entity layer on ~10,000 words of news copy written for the
//! project: `EntityLayer::find` over an already tokenized [`Doc`] (two tagging
//! passes, gazetteers, figures), with the layer's buffers reused as a long-running
//! analyzer would; and with a fresh layer and document each time, for scale.
//!
//! The synthetic text repeats a small set of sentences, so its words repeat more than
//! real copy's do, and the tagger scores each distinct word once per document. The
//! other groups measure real news instead, one `find` call per document as
//! `newsmark eval` makes them: PolNeAR dev (whole US political news articles) and
//! CoNLL-2003 dev (short Reuters items, many of them sports tables), when
//! `../shared/data` is present (it is never copied into the repository).
//!
//! `cargo bench --bench entities`. Budget: at least 10 MB/s natively.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmark::internals::{Doc, EntityLayer};
use std::hint::black_box;

#[path = "support/news_text.rs"]
mod news_text;

fn bench(c: &mut Criterion) {
    let text = news_text::news_text(10_000);
    let doc = Doc::new(&text);
    let mut layer = EntityLayer::default();
    assert!(
        layer.find(&doc).iter().any(|e| e.label.is_name()),
        "models/entities.bin must be a trained model"
    );
    let mut g = c.benchmark_group("entities_10k_words");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("entities::find", |b| b.iter(|| layer.find(black_box(&doc))));
    g.bench_function("entities::find_fresh_layer", |b| {
        b.iter(|| EntityLayer::default().find(black_box(&doc)))
    });
    g.bench_function("document+entities::find", |b| {
        b.iter(|| EntityLayer::default().find(&Doc::new(black_box(&text))))
    });
    g.finish();

    // Real news, one call per document as `newsmark eval` makes them.
    for (group, file) in [
        ("polnear_dev_documents", "claims/polnear-dev.jsonl"),
        ("conll2003_dev_documents", "entities/conll2003-dev.jsonl"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data").join(file);
        let Ok(gold) = newsmark::gold::read_file(&path) else {
            eprintln!("skipping {group}: {} not found", path.display());
            continue;
        };
        let docs: Vec<Doc> = gold.iter().map(|d| Doc::new(&d.text)).collect();
        let bytes: usize = gold.iter().map(|d| d.text.len()).sum();
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(20);
        g.bench_function("entities::find", |b| {
            b.iter(|| docs.iter().map(|d| layer.find(black_box(d)).len()).sum::<usize>())
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
