//! How well the tokenizer and sentence splitter agree with the gold corpora.
//!
//! Why it matters: every layer labels tokens, so a gold span whose edge falls inside a
//! token can never be predicted exactly. This is measured, not assumed. Run with
//!
//! ```text
//! cargo test --release --lib text::alignment -- --ignored --nocapture
//! ```
//!
//! It reads `/work/shared/data` (or `$NEWSMARK_DATA`) and prints, per corpus and
//! layer, the share of gold spans whose both edges (white space trimmed) are token
//! edges, plus sentence
//! boundary precision and recall where the corpus marks sentences.

use crate::gold::{read_file, GoldDoc};
use crate::schema::Span;
use crate::text::Document;
use std::collections::HashSet;
use std::path::PathBuf;

fn data(rel: &str) -> PathBuf {
    let root = std::env::var("NEWSMARK_DATA").unwrap_or_else(|_| "/work/shared/data".into());
    PathBuf::from(root).join(rel)
}

#[derive(Default)]
struct Tally {
    spans: usize,
    aligned: usize,
    examples: Vec<String>,
}

impl Tally {
    fn add(&mut self, doc: &Document, starts: &HashSet<u32>, ends: &HashSet<u32>, span: Span) {
        // Some gold spans carry white space at an edge (PolNeAR: "said\u{a0}"); no token
        // can, so edges are compared after trimming it.
        let Some(raw) = doc.text.get(span.range()) else { return };
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        if lead + trail >= raw.len() {
            return;
        }
        let span = Span::new(span.start + lead as u32, span.end - trail as u32);
        self.spans += 1;
        if starts.contains(&span.start) && ends.contains(&span.end) {
            self.aligned += 1;
        } else if self.examples.len() < 25 {
            let ctx = |a: u32, b: u32| doc.text.get(a as usize..b as usize).unwrap_or("?");
            let lo = doc
                .tokens
                .iter()
                .rev()
                .find(|t| t.span.start <= span.start)
                .map_or(span.start, |t| t.span.start);
            let hi = doc.tokens.iter().find(|t| t.span.end >= span.end).map_or(span.end, |t| t.span.end);
            self.examples.push(format!("gold {:?} in tokens {:?}", ctx(span.start, span.end), ctx(lo, hi)));
        }
    }

    fn report(&self, what: &str) -> f64 {
        let pct = 100.0 * self.aligned as f64 / self.spans.max(1) as f64;
        println!("{what}: {}/{} spans aligned = {pct:.3}%", self.aligned, self.spans);
        for e in &self.examples {
            println!("    {e}");
        }
        pct
    }
}

fn edges(doc: &Document) -> (HashSet<u32>, HashSet<u32>) {
    (doc.tokens.iter().map(|t| t.span.start).collect(), doc.tokens.iter().map(|t| t.span.end).collect())
}

/// Sentence boundaries (the start of every sentence but the first), precision and recall.
fn sentence_scores(docs: &[GoldDoc]) -> Option<(f64, f64)> {
    let (mut tp, mut pred, mut gold) = (0usize, 0usize, 0usize);
    let mut any = false;
    let mut shown = 0;
    for g in docs {
        let Some(gs) = &g.sentences else { continue };
        any = true;
        let d = Document::new(&g.text);
        let p: HashSet<u32> = d.sentences.iter().skip(1).map(|s| s.span.start).collect();
        // Gold sentence starts may sit on white space; compare at the next token start.
        let gset: HashSet<u32> = gs
            .iter()
            .skip(1)
            .filter_map(|s| d.tokens.iter().find(|t| t.span.start >= s.start).map(|t| t.span.start))
            .collect();
        for &x in p.difference(&gset).take(2) {
            if shown < 12 {
                shown += 1;
                let lo = (x as usize).saturating_sub(40);
                let ctx = g.text.get(lo..(x as usize + 20).min(g.text.len())).unwrap_or("?");
                println!("    extra boundary: {ctx:?}");
            }
        }
        tp += p.intersection(&gset).count();
        pred += p.len();
        gold += gset.len();
    }
    any.then(|| (tp as f64 / pred.max(1) as f64, tp as f64 / gold.max(1) as f64))
}

fn run(file: &str) -> Vec<(String, f64)> {
    let path = data(file);
    let docs = match read_file(&path) {
        Ok(d) => d,
        Err(e) => {
            println!("skip {file}: {e}");
            return Vec::new();
        }
    };
    let (mut ent, mut cue, mut src, mut content, mut hcue) =
        (Tally::default(), Tally::default(), Tally::default(), Tally::default(), Tally::default());
    for g in &docs {
        let doc = Document::new(&g.text);
        let (s, e) = edges(&doc);
        for x in g.entities.iter().flatten() {
            ent.add(&doc, &s, &e, x.span);
        }
        for c in g.claims.iter().flatten() {
            c.cue.iter().for_each(|&sp| cue.add(&doc, &s, &e, sp));
            c.source.iter().for_each(|&sp| src.add(&doc, &s, &e, sp));
            c.content.iter().for_each(|&sp| content.add(&doc, &s, &e, sp));
        }
        for h in g.hedges.iter().flatten() {
            h.cue.iter().for_each(|&sp| hcue.add(&doc, &s, &e, sp));
        }
    }
    println!("== {file} ({} docs)", docs.len());
    let mut out = Vec::new();
    for (name, t) in [
        ("entities", &ent),
        ("claim cues", &cue),
        ("claim sources", &src),
        ("claim content", &content),
        ("hedge cues", &hcue),
    ] {
        if t.spans > 0 {
            out.push((name.to_string(), t.report(name)));
        }
    }
    if let Some((p, r)) = sentence_scores(&docs) {
        println!("sentence boundaries: precision {:.3}% recall {:.3}%", 100.0 * p, 100.0 * r);
    }
    out
}

#[test]
#[ignore = "reads the shared gold data; run with --ignored --nocapture"]
fn gold_spans_fall_on_token_boundaries() {
    let conll = run("entities/conll2003-train.jsonl");
    run("entities/conll2003-dev.jsonl");
    run("claims/polnear-train.jsonl");
    run("hedges/szeged-news.jsonl");
    if let Some((_, pct)) = conll.iter().find(|(n, _)| n == "entities") {
        assert!(*pct >= 99.5, "CoNLL entity alignment {pct:.3}% is below 99.5%");
    }
}
