//! The scope of a cue: the clause it makes uncertain, from the sentence's surface
//! structure.
//!
//! **Our convention: the scope span starts at the cue and includes it** ("talks *may
//! resume next week*", "*if the plan passes*"), and runs right to the end of the clause.
//! Why rightward and cue-inclusive: a `Span` is one contiguous range, so a scope that
//! contained a mid-clause cue but excluded it would be impossible anyway; and in
//! English the material a hedge weakens follows it — a modal's verb phrase, a
//! complementizer's clause, an "if" clause, the right conjunct of "or". This matches
//! the SFU Review annotation once the cue is removed (SFU scopes exclude the cue and
//! the subject of a modal), and differs from BioScope, whose scopes include the cue and,
//! for modals and passives, the subject. To compare fairly, score scopes as word tokens
//! **minus the cue's own tokens**, on both sides, for every corpus.
//!
//! Rules (rule-based, measured on SFU and BioScope dev scopes with gold cues):
//! - the clause ends at the sentence end, at `; : ( ) —`, at a comma, or before a
//!   conjunction that opens a new clause ("but", "because", "although", …);
//! - a comma right after the cue ("perhaps, …") does not end it;
//! - a cue with nothing after it in its clause ("…, I think.") takes the clause before;
//! - a scope is at most 80 tokens (linear time on any input).

use super::sentence::Sent;
use crate::schema::Span;
use crate::text::TokenKind;
use std::ops::Range;

const CLAUSE_OPENERS: &[&str] = &[
    "but", "because", "although", "though", "whereas", "while", "since", "so", "yet", "unless", "when",
    "until", "which", "who",
];

/// A scope longer than this is cut: clauses are far shorter, and the bound keeps a
/// sentence of thousands of cues without punctuation linear.
use crate::limits::MAX_SCOPE_TOKENS;

fn ends_clause(s: &Sent, j: usize) -> bool {
    let w = s.low(j as isize);
    match s.kind(j as isize) {
        Some(TokenKind::Punct) => matches!(w, "." | "!" | "?" | ";" | ":" | "(" | ")" | ","),
        Some(TokenKind::Dash) => true,
        Some(TokenKind::Word) => CLAUSE_OPENERS.contains(&w),
        _ => false,
    }
}

/// The scope of the cue over tokens `cue` of `s`, as a byte span including the cue;
/// `None` when the cue stands alone.
pub fn scope(s: &Sent, cue: &Range<usize>) -> Option<Span> {
    let n = s.len();
    if cue.start >= cue.end || cue.end > n {
        return None;
    }
    let mut end = cue.end;
    if end < n && s.words[end] == "," {
        end += 1;
    }
    while end < n && end - cue.end < MAX_SCOPE_TOKENS && !ends_clause(s, end) {
        end += 1;
    }
    let mut start = cue.start;
    if end == cue.end || (end == cue.end + 1 && s.words[cue.end] == ",") {
        // Nothing follows: the hedge comments on the clause before ("…, I think").
        end = cue.end;
        let mut j = cue.start;
        while j > 0 && cue.start - j < MAX_SCOPE_TOKENS && !(ends_clause(s, j - 1) && s.words[j - 1] != ",") {
            j -= 1;
        }
        while j < cue.start && (ends_clause(s, j) || s.kinds[j] == TokenKind::Quote) {
            j += 1;
        }
        start = j;
        if start == cue.start {
            return None;
        }
    }
    // Closing quotes belong to the scope only if it holds their opening one.
    while end > cue.end && matches!(s.kinds[end - 1], TokenKind::Quote) {
        end -= 1;
    }
    Some(Span::new(s.spans[start].start, s.spans[end - 1].end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;

    fn scope_of(text: &str, cue: &str) -> Option<String> {
        let doc = Doc::new(text);
        let words = crate::hedges::words::Words::new(&doc, crate::hedges::vocab::Vocab::get());
        let s = Sent::new(&doc, &words, &doc.sentences[0]);
        let i = s.words.iter().position(|w| *w == cue).expect("cue in sentence");
        scope(&s, &(i..i + 1)).map(|sp| text[sp.range()].to_string())
    }

    #[test]
    fn scope_runs_from_the_cue_to_the_clause_end() {
        assert_eq!(
            scope_of("Talks may resume next week, officials said.", "may").as_deref(),
            Some("may resume next week")
        );
        assert_eq!(
            scope_of("If the plan passes, taxes will rise.", "If").as_deref(),
            Some("If the plan passes")
        );
        assert_eq!(
            scope_of("The drug probably works but costs too much.", "probably").as_deref(),
            Some("probably works")
        );
        assert_eq!(
            scope_of("Perhaps, the vote will be delayed.", "Perhaps").as_deref(),
            Some("Perhaps, the vote will be delayed")
        );
    }

    #[test]
    fn a_trailing_cue_scopes_the_clause_before() {
        assert_eq!(
            scope_of("It is a good film, I think.", "think").as_deref(),
            Some("It is a good film, I think")
        );
        assert_eq!(scope_of("Maybe.", "Maybe"), None);
    }
}
