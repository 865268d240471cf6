//! The span arithmetic every metric shares: extents, trimming, word tokens.
//!
//! Why trim: corpora disagree on whether a quote's marks, a trailing comma or the
//! space before a cue belong to the span, and no reader cares. Exact match therefore
//! compares spans stripped of [`TRIM`] at both ends, so those conventions neither
//! reward nor punish anyone.
//!
//! Why word tokens of our own: the token metrics must not depend on any system's
//! tokenizer (ours changes; peers have theirs), and must match a Python
//! re-implementation. A token is a maximal run of word characters, as `\w+` finds it
//! in Python's `re` on a `str`: letters, digits (any script) and `_`. We test
//! [`char::is_alphanumeric`], which agrees with Python except on the few combining
//! marks Unicode calls "Other_Alphabetic" (Devanagari vowel signs, say), none of which
//! occur in the gold files; `bench/peers/score.py` checks the agreement on real data.

use crate::schema::Span;

/// Characters stripped from both ends of a span before exact comparison.
pub const TRIM: &[char] = &[
    ' ', '\t', '\n', '"', '\'', '“', '”', '‘', '’', ',', '.', ':', ';', '«', '»', '—', '–', '-', '(', ')',
    '[', ']',
];

/// Is `c` matched by `\w` in Python's `re` (see the module doc)?
pub fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// From the start of the first non-empty span to the end of the last: how a
/// discontinuous part is compared exactly. `None` when there is no non-empty span.
pub fn extent(spans: &[Span]) -> Option<Span> {
    spans.iter().filter(|s| !s.is_empty()).copied().reduce(Span::cover)
}

/// `span` without [`TRIM`] characters at either end; `None` when nothing is left or the
/// span is not valid in `text`.
pub fn trim(text: &str, span: Span) -> Option<Span> {
    let s = text.get(span.range())?;
    let lead = s.len() - s.trim_start_matches(TRIM).len();
    let inner = s.trim_matches(TRIM);
    if inner.is_empty() {
        return None;
    }
    let start = span.start + lead as u32;
    Some(Span::new(start, start + inner.len() as u32))
}

/// The trimmed extent of a (possibly discontinuous) part: the unit of exact match.
pub fn exact_unit(text: &str, spans: &[Span]) -> Option<Span> {
    trim(text, extent(spans)?)
}

/// Every `\w+` token of `text`, in order.
pub fn word_tokens(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Span::new(s as u32, i as u32));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s as u32, text.len() as u32));
    }
    out
}

/// Indices into `tokens` (sorted, as [`word_tokens`] returns them) of the tokens that
/// share at least one character with one of `spans`. Empty spans cover nothing.
pub fn covered(tokens: &[Span], spans: &[Span], out: &mut std::collections::BTreeSet<u32>) {
    for s in spans.iter().filter(|s| !s.is_empty()) {
        let first = tokens.partition_point(|t| t.end <= s.start);
        for (i, t) in tokens.iter().enumerate().skip(first) {
            if t.start >= s.end {
                break;
            }
            out.insert(i as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn sp(a: u32, b: u32) -> Span {
        Span::new(a, b)
    }

    #[test]
    fn trims_quotes_and_punctuation_both_ends() {
        let t = "He said: “We will win.” Then—";
        let b = |needle: &str| t.find(needle).unwrap() as u32;
        // ": “We will win.” " → "We will win"
        let s = trim(t, sp(b(":"), b("Then"))).unwrap();
        assert_eq!(&t[s.range()], "We will win");
        assert_eq!(trim(t, sp(b(":"), b("We"))), None, "only punctuation and space");
        assert_eq!(trim(t, sp(0, 2)).map(|s| &t[s.range()]), Some("He"));
        assert_eq!(trim(t, sp(b("” Then"), t.len() as u32)).map(|s| &t[s.range()]), Some("Then"));
    }

    #[test]
    fn trim_refuses_invalid_spans() {
        assert_eq!(trim("Zoë", sp(0, 3)), None, "inside ë");
        assert_eq!(trim("abc", sp(1, 9)), None);
    }

    #[test]
    fn extent_of_discontinuous_part() {
        assert_eq!(extent(&[sp(10, 20), sp(30, 40)]), Some(sp(10, 40)));
        assert_eq!(extent(&[sp(5, 5)]), None);
        assert_eq!(extent(&[]), None);
    }

    #[test]
    fn word_tokens_are_python_backslash_w() {
        let t = "Zoë's 3½ naïve_x — 東京, ok";
        let toks: Vec<&str> = word_tokens(t).iter().map(|s| &t[s.range()]).collect();
        assert_eq!(toks, ["Zoë", "s", "3½", "naïve_x", "東京", "ok"]);
        assert!(word_tokens("").is_empty());
        assert!(word_tokens(" ,.").is_empty());
    }

    #[test]
    fn covered_counts_partial_overlap() {
        let t = "alpha beta gamma delta";
        let toks = word_tokens(t);
        let mut out = BTreeSet::new();
        covered(&toks, &[sp(3, 7), sp(17, 17)], &mut out);
        assert_eq!(
            out.into_iter().collect::<Vec<_>>(),
            [0, 1],
            "alpha and beta share chars; empty span covers none"
        );
        let mut out = BTreeSet::new();
        covered(&toks, &[sp(5, 6), sp(16, 17)], &mut out);
        assert!(out.is_empty(), "spaces only");
    }
}
