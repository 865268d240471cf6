//! The PolNeAR scorer, as issue 3 defines it, for fast iteration while training
//! (feature `train`). `newsmark eval --layer claims` is the reference; this wrapper lets
//! `newsmark train claims` print dev scores per epoch without a round trip, and shares
//! its span arithmetic ([`crate::eval::spans`]) so the two cannot drift apart.
//!
//! Per role (cue, source, content): *exact* — each claim's role reduced to one extent
//! (first start to last end), trimmed of whitespace, quotes and punctuation, compared
//! as a set per document; *token* — the set of `\w+` tokens sharing at least one
//! character with the role in any claim.

use crate::eval::spans::{covered, exact_unit, word_tokens};
use crate::eval::Prf;
use crate::schema::Span;
use std::collections::BTreeSet;

/// One claim's roles as byte spans.
#[derive(Clone, Debug, Default)]
pub struct Roles {
    pub cue: Vec<Span>,
    pub source: Vec<Span>,
    pub content: Vec<Span>,
}

/// Counts of one document: `pred` and `gold` compared as sets (duplicates already removed).
fn count<T: PartialEq>(gold: &[T], pred: &[T]) -> Prf {
    let tp = pred.iter().filter(|p| gold.contains(p)).count();
    Prf::new(tp as u64, pred.len() as u64, gold.len() as u64)
}

/// Exact and token counts for the three roles: `[cue, source, content]`.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub exact: [Prf; 3],
    pub token: [Prf; 3],
}

impl Scores {
    /// Adds one document.
    pub fn add(&mut self, text: &str, gold: &[Roles], pred: &[Roles]) {
        let words = word_tokens(text);
        for role in 0..3 {
            let pick = |r: &Roles| -> Vec<Span> {
                match role {
                    0 => r.cue.clone(),
                    1 => r.source.clone(),
                    _ => r.content.clone(),
                }
            };
            let g: Vec<Vec<Span>> = gold.iter().map(pick).collect();
            let p: Vec<Vec<Span>> = pred.iter().map(pick).collect();
            self.exact[role].add(count(&extents(text, &g), &extents(text, &p)));
            self.token[role].add(count(&tokens(&words, &g), &tokens(&words, &p)));
        }
    }

    pub fn table(&self) -> String {
        let mut s = String::from("role      exact P/R/F1            token P/R/F1\n");
        for (i, name) in ["cue", "source", "content"].iter().enumerate() {
            let (e, t) = (self.exact[i], self.token[i]);
            s += &format!(
                "{name:<8}  {:5.1} {:5.1} {:5.1}       {:5.1} {:5.1} {:5.1}\n",
                e.precision_pct(),
                e.recall_pct(),
                e.f1_pct(),
                t.precision_pct(),
                t.recall_pct(),
                t.f1_pct()
            );
        }
        s
    }
}

/// The exact unit ([`exact_unit`]) of each role that has one, deduplicated.
fn extents(text: &str, roles: &[Vec<Span>]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for sp in roles.iter().filter_map(|r| exact_unit(text, r)) {
        if !out.contains(&sp) {
            out.push(sp);
        }
    }
    out
}

/// Indices into `words` of the word tokens sharing a character with any span of any
/// role ([`covered`]).
fn tokens(words: &[Span], roles: &[Vec<Span>]) -> Vec<u32> {
    let mut out = BTreeSet::new();
    for r in roles {
        covered(words, r, &mut out);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_is_trimmed_extent_and_token_is_word_set() {
        let text = "“A b,” he said, “c d.”";
        let g = Roles {
            cue: vec![Span::new(14, 18)],
            source: vec![Span::new(11, 13)],
            content: vec![Span::new(0, 10), Span::new(20, 30)],
        };
        // Same content extent without the quote marks: exact match after trimming.
        let p = Roles { cue: vec![Span::new(14, 18)], source: vec![], content: vec![Span::new(3, 27)] };
        let mut s = Scores::default();
        s.add(text, &[g], &[p]);
        assert_eq!((s.exact[0].tp, s.exact[1].gold - s.exact[1].tp, s.exact[2].tp), (1, 1, 1));
        // Token: the prediction also covers "he" and "said" (2 false positives).
        assert_eq!((s.token[2].tp, s.token[2].pred, s.token[2].gold), (4, 6, 4));
    }

    #[test]
    fn token_counts_partial_overlap_like_eval() {
        let text = "alpha beta gamma";
        let g = Roles { content: vec![Span::new(0, 10)], ..Default::default() };
        // Ends inside "gamma": it counts, as in `newsmark eval`.
        let p = Roles { content: vec![Span::new(6, 13)], ..Default::default() };
        let mut s = Scores::default();
        s.add(text, &[g], &[p]);
        assert_eq!((s.token[2].tp, s.token[2].pred, s.token[2].gold), (1, 2, 2));
        assert_eq!((s.exact[2].tp, s.exact[2].pred, s.exact[2].gold), (0, 1, 1));
    }
}
