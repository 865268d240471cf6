//! The bounds that keep every layer linear in its input, whatever a page or a reader
//! feeds it.
//!
//! Why caps at all: a reader can paste anything, and an extension or an editor will. Left
//! alone, a claim's content ran from its cue to the end of its sentence, so a sentence of
//! twenty thousand "said"s made twenty thousand claims of ten thousand tokens each: 250 MB
//! of JSON from 100 KB of text, and a dead page when the wasm ran out of memory. Each
//! bound below turns a scan that could reach across the document into one over a window
//! of fixed size, and each span a claim or hedge emits into one of fixed length, so both
//! the work and the output grow with the text, never with its square.
//!
//! Each cap was chosen by measurement on the gold data's train and dev files (PolNeAR
//! for claims, the Szeged, BioScope and SFU files for hedges, every corpus for sentence
//! lengths), to cut under 0.5% of gold spans; the share each cuts is recorded beside it
//! and re-measured by `cargo test --release --lib limits -- --ignored --nocapture`.
//! A cut span is shortened at its end far from its cue, never moved: output offsets stay
//! exact.

/// Longest run of tokens the layers treat as one sentence. A longer run (a page with
/// no sentence punctuation, a list joined by commas) is cut at the best boundary the
/// splitter can find within the last quarter of the limit (`;`, `:`, a dash, `,`, a
/// closing quote, else anywhere), so every per-sentence pass is bounded. Sentence units
/// are internal: no offset in the output depends on where they fall.
///
/// Gold sentences longer than this: none of 64,861 in the hedge corpora, 1 of 57,291 in
/// the entity corpora (a CoNLL-2003 table line of 443 tokens).
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Most tokens a claim's content holds, over all its pieces; pieces nearest the cue
/// come first, and the piece that crosses the cap ends there.
pub const MAX_CONTENT_TOKENS: usize = 200;

/// Most tokens a claim's source holds: the ones nearest its cue are kept.
pub const MAX_SOURCE_TOKENS: usize = 64;

/// A claim's source, and each piece of its content, starts within this many tokens of
/// its cue (counted from the piece's edge nearest the cue); a partner farther away is
/// dropped. The learned role model's window has the same reach on either side.
pub const CUE_WINDOW_TOKENS: usize = 80;

/// A claim's source and content never reach past this many other claims' cues, counted
/// outward from its own: "A said B said C said …" nests, but a content holding five other
/// attributions is a run of cues, not a statement, and without this bound every one of
/// n cues in a sentence would carry the rest of the sentence (n² output).
pub const MAX_CUES_BETWEEN: usize = 4;

/// Most tokens a hedge's scope reaches beyond its cue (rightward, or leftward for a cue
/// that ends its clause: "…, I think"); a longer scope ends there. A weasel's scope is its
/// claim's source, cue and content, bounded by the claim caps above.
pub const MAX_SCOPE_TOKENS: usize = 80;

/// The share of gold spans each cap would cut, on the train and dev files of
/// `../shared/data` (or `$NEWSMARK_DATA`):
/// `cargo test --release --lib limits -- --ignored --nocapture`.
#[cfg(all(test, feature = "eval"))]
mod measure {
    use super::*;
    use crate::gold::{read_file, GoldDoc};
    use crate::schema::Span;
    use crate::text::Document;
    use std::ops::Range;
    use std::path::Path;

    fn docs(files: &[&str]) -> Vec<GoldDoc> {
        let root = std::env::var("NEWSMARK_DATA").unwrap_or_else(|_| "../shared/data".into());
        files.iter().flat_map(|f| read_file(&Path::new(&root).join(f)).unwrap_or_default()).collect()
    }

    /// Tokens of `doc` that overlap any of `spans`, as one range.
    fn tokens(doc: &Document, spans: &[Span]) -> Option<Range<usize>> {
        let a = spans.iter().map(|s| doc.tokens.partition_point(|t| t.span.end <= s.start)).min()?;
        let b = spans.iter().map(|s| doc.tokens.partition_point(|t| t.span.start < s.end)).max()?;
        (a < b).then_some(a..b)
    }

    fn gap(cue: &Range<usize>, r: &Range<usize>) -> usize {
        if r.end <= cue.start {
            cue.start - r.end
        } else {
            r.start.saturating_sub(cue.end)
        }
    }

    fn share(name: &str, cut: usize, of: usize) {
        println!("{name:<58} {cut:>6} of {of:>6} = {:.3}%", 100.0 * cut as f64 / of.max(1) as f64);
    }

    #[test]
    #[ignore]
    fn gold_spans_cut_by_each_cap() {
        let claims = docs(&["claims/polnear-train.jsonl", "claims/polnear-dev.jsonl"]);
        assert!(!claims.is_empty(), "no gold data: set NEWSMARK_DATA");
        let (mut n, mut content, mut nested, mut window, mut source, mut any) = (0, 0, 0, 0, 0, 0);
        for d in &claims {
            let doc = Document::new(&d.text);
            let gold = d.claims.as_deref().unwrap_or_default();
            let mut cues: Vec<Range<usize>> = gold.iter().filter_map(|c| tokens(&doc, &c.cue)).collect();
            cues.sort_by_key(|c| c.start);
            for c in gold {
                let Some(cue) = tokens(&doc, &c.cue) else { continue };
                let pieces: Vec<Range<usize>> =
                    c.content.iter().filter_map(|s| tokens(&doc, std::slice::from_ref(s))).collect();
                let src = tokens(&doc, &c.source);
                n += 1;
                let at = cues.partition_point(|k| k.start < cue.start);
                let lo = at.checked_sub(MAX_CUES_BETWEEN + 1).map_or(0, |k| cues[k].end);
                let hi = cues.get(at + MAX_CUES_BETWEEN + 1).map_or(usize::MAX, |k| k.start);
                let parts = || pieces.iter().chain(src.iter());
                let cut_content = pieces.iter().map(|r| r.len()).sum::<usize>() > MAX_CONTENT_TOKENS;
                let cut_nested = parts().any(|r| r.start < lo || r.end > hi);
                let cut_window = parts().any(|r| gap(&cue, r) > CUE_WINDOW_TOKENS);
                let cut_source = src.as_ref().is_some_and(|r| r.len() > MAX_SOURCE_TOKENS);
                content += cut_content as usize;
                nested += cut_nested as usize;
                window += cut_window as usize;
                source += cut_source as usize;
                any += (cut_content || cut_nested || cut_window || cut_source) as usize;
            }
        }
        share("PolNeAR train+dev claims: content > MAX_CONTENT_TOKENS", content, n);
        share("  a part past MAX_CUES_BETWEEN other cues", nested, n);
        share("  a part farther than CUE_WINDOW_TOKENS from the cue", window, n);
        share("  source > MAX_SOURCE_TOKENS", source, n);
        share("  any claim cap", any, n);

        let hedges = docs(&[
            "hedges/szeged-news.jsonl",
            "hedges/szeged-wiki.jsonl",
            "hedges/szeged-bio.jsonl",
            "hedges/bioscope-abstracts.jsonl",
            "hedges/bioscope-papers.jsonl",
            "hedges/sfu-reviews.jsonl",
        ]);
        let (mut n, mut cut) = (0, 0);
        for d in &hedges {
            let doc = Document::new(&d.text);
            for h in d.hedges.as_deref().unwrap_or_default() {
                let (Some(cue), Some(scope)) =
                    (tokens(&doc, &h.cue), h.scope.as_deref().and_then(|s| tokens(&doc, s)))
                else {
                    continue;
                };
                n += 1;
                let beyond = scope.end.saturating_sub(cue.end).max(cue.start.saturating_sub(scope.start));
                cut += (beyond > MAX_SCOPE_TOKENS) as usize;
            }
        }
        share("hedge scopes reaching > MAX_SCOPE_TOKENS beyond the cue", cut, n);

        let mut sentences = Vec::new();
        for f in [
            "entities/conll2003-train.jsonl",
            "entities/conll2003-dev.jsonl",
            "entities/wikiann-en-train.jsonl",
        ] {
            sentences.push(docs(&[f]));
        }
        sentences.push(hedges);
        let (mut n, mut long) = (0, 0);
        for d in sentences.iter().flatten() {
            let doc = Document::new(&d.text);
            for s in d.sentences.as_deref().unwrap_or_default() {
                n += 1;
                long += tokens(&doc, std::slice::from_ref(s)).is_some_and(|r| r.len() > MAX_SENTENCE_TOKENS)
                    as usize;
            }
        }
        share("gold sentences > MAX_SENTENCE_TOKENS (entity + hedge corpora)", long, n);
    }
}
