//! Clause-like segments from part-of-speech tags alone.
//!
//! Why without a parser: the claims and hedges layers mostly need to know where a
//! reported content starts and stops ("…said *that the talks may resume*") and which
//! verb governs a stretch of text; a tag-pattern splitter answers that in one linear
//! pass, and stays available even where a parse would be too slow or absent.
//!
//! A sentence is cut *before* a clause opener and *after* clause-ending punctuation:
//! - subordinators tagged SCONJ (`that`, `because`, `if`, `whether`, `although`);
//! - relative and interrogative words (`who`, `which`, `where`, …) tagged PRON/ADV/DET;
//! - a coordinator (CCONJ) when a verb has already been seen in the current clause and
//!   another verb follows before the next cut (so "cats and dogs" stays whole);
//! - `;`, `:`, and opening or closing quotation marks;
//! - a comma when both sides have a verb ("…, he said").
//!
//! Each [`Clause`] reports its opener and its first verb (the main verb of a verb group
//! when the group starts with auxiliaries: "may resume" → `resume`). The heuristic is
//! coarse by design: clauses are contiguous, nesting is flattened.

use super::Upos;
use crate::schema::Span;
use crate::text::{Document, TokenKind};
use std::ops::Range;

/// A clause-like stretch of one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub span: Span,
    /// Token indices into `doc.tokens`.
    pub tokens: Range<usize>,
    /// The token that opened it (a subordinator, relative word or coordinator), if any.
    pub opener: Option<usize>,
    /// Its main verb: the last verb of its first verb group (`has been found` → `found`).
    pub verb: Option<usize>,
}

const WH_WORDS: [&str; 9] = ["who", "whom", "whose", "which", "where", "when", "why", "how", "what"];

fn is_wh(word: &str) -> bool {
    WH_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Clause-like stretches of `doc`, in order, covering every token of every sentence.
/// `pos` is [`super::pos_tags`]'s output (a shorter slice is treated as `X` past its end).
pub fn clauses(doc: &Document, pos: &[Upos]) -> Vec<Clause> {
    let tag = |i: usize| pos.get(i).copied().unwrap_or(Upos::X);
    let mut out = Vec::new();
    for s in &doc.sentences {
        let (lo, hi) = (s.tokens.start, s.tokens.end.min(doc.tokens.len()));
        if lo >= hi {
            continue;
        }
        // next_verb[i - lo]: is there a verb at or after i before the next hard cut?
        // Computed right to left so the whole pass stays linear.
        let mut cuts: Vec<(usize, Option<usize>)> = vec![(lo, None)];
        let mut verb_seen = false;
        let mut verb_ahead = vec![false; hi - lo + 1];
        for i in (lo..hi).rev() {
            let hard = is_hard_cut(doc, i);
            verb_ahead[i - lo] = !hard && (tag(i).is_verbal() || verb_ahead[i + 1 - lo]);
        }
        for i in lo..hi {
            let t = tag(i);
            let w = doc.token_str(i);
            let opener = i > lo
                && match t {
                    Upos::Sconj => true,
                    Upos::Pron | Upos::Adv | Upos::Det => is_wh(w) && !tag(i - 1).is_verbal(),
                    Upos::Cconj => verb_seen && verb_ahead.get(i + 1 - lo).copied().unwrap_or(false),
                    _ => false,
                };
            let comma_cut = w == "," && verb_seen && verb_ahead.get(i + 1 - lo).copied().unwrap_or(false);
            if opener {
                cuts.push((i, Some(i)));
                verb_seen = false;
            } else if is_hard_cut(doc, i) || comma_cut {
                if doc.tokens[i].kind == TokenKind::Quote && !quote_closes(doc, i) {
                    if i > lo {
                        cuts.push((i, None)); // an opening quote starts the next clause
                    }
                } else if i + 1 < hi {
                    cuts.push((i + 1, None));
                }
                verb_seen = false;
            }
            verb_seen |= t.is_verbal();
        }
        cuts.dedup_by_key(|c| c.0);
        for (k, &(start, opener)) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map_or(hi, |c| c.0);
            if start >= end {
                continue;
            }
            let verb = main_verb(start..end, &tag);
            let span = Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end);
            out.push(Clause { span, tokens: start..end, opener, verb });
        }
    }
    out
}

fn is_hard_cut(doc: &Document, i: usize) -> bool {
    let t = &doc.tokens[i];
    t.kind == TokenKind::Quote || matches!(doc.token_str(i), ";" | ":")
}

/// A quote closes when text (not space) precedes it directly.
fn quote_closes(doc: &Document, i: usize) -> bool {
    let start = doc.tokens[i].span.start as usize;
    i > 0 && doc.tokens[i - 1].span.end as usize == start && !matches!(doc.token_str(i - 1), "(" | "[")
}

fn main_verb(range: Range<usize>, tag: &impl Fn(usize) -> Upos) -> Option<usize> {
    let first = range.clone().find(|&i| tag(i).is_verbal())?;
    let mut verb = first;
    for i in first + 1..range.end {
        match tag(i) {
            Upos::Verb | Upos::Aux => verb = i,
            Upos::Adv | Upos::Part => {}
            _ => break,
        }
    }
    Some(verb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Upos::*;

    /// Tags given by hand, so the test pins the splitter, not the model.
    fn split(text: &str, tags: &[Upos]) -> Vec<(String, Option<String>)> {
        let doc = Document::new(text);
        assert_eq!(doc.tokens.len(), tags.len(), "test tags must match the tokens");
        clauses(&doc, tags)
            .iter()
            .map(|c| (doc.slice(c.span).to_string(), c.verb.map(|v| doc.token_str(v).to_string())))
            .collect()
    }

    #[test]
    fn reported_content_is_its_own_clause() {
        let got = split(
            "The minister said that talks may resume soon.",
            &[Det, Noun, Verb, Sconj, Noun, Aux, Verb, Adv, Punct],
        );
        assert_eq!(
            got,
            [
                ("The minister said".to_string(), Some("said".to_string())),
                ("that talks may resume soon.".to_string(), Some("resume".to_string())),
            ]
        );
    }

    #[test]
    fn coordinated_nouns_stay_but_coordinated_clauses_split() {
        let got = split("Cats and dogs sleep.", &[Noun, Cconj, Noun, Verb, Punct]);
        assert_eq!(got.len(), 1);
        let got = split("He left and she stayed.", &[Pron, Verb, Cconj, Pron, Verb, Punct]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, "and she stayed.");
    }

    #[test]
    fn quotes_and_trailing_attribution() {
        let got =
            split("\"We will win,\" he said.", &[Punct, Pron, Aux, Verb, Punct, Punct, Pron, Verb, Punct]);
        let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(texts, ["\"We will win,\"", "he said."]);
    }

    #[test]
    fn missing_tags_and_empty_documents_are_fine() {
        let doc = Document::new("A b c.");
        assert_eq!(clauses(&doc, &[]).len(), 1);
        assert!(clauses(&Document::new(""), &[]).is_empty());
    }
}
