//! Sentence splitter over the tokens.
//!
//! Why rules and not a model: news prose is regular, and the hard cases are a short
//! list that rules state plainly (and tests pin):
//!
//! - A `.`, `?`, `!` or ellipsis ends a sentence, together with the closing quotes and
//!   brackets glued to it (`."`, `?”`, `.)`), unless what follows starts in lower case
//!   (`"Why?" he asked.`) or is punctuation that continues the sentence.
//! - The tokenizer keeps the period of an abbreviation inside its token (`U.S.`,
//!   `Inc.`, `J.`), so a period token is always a candidate. An abbreviation ends a
//!   sentence only when the next word is a typical sentence opener (`The`, `He`, `But`,
//!   …): "in the U.S. The…" splits, "U.S. Senate" does not. Titles (`Dr.`, `Gen.`,
//!   `No.`) never end one.
//! - A line break ends a sentence even without punctuation, so headlines, bylines and
//!   datelines on their own lines are sentences of their own. A single line break
//!   inside running text (hard-wrapped copy) does not: the next line starts in lower
//!   case, or the line ended on a comma or a word like "the" that cannot end a
//!   sentence. A blank line always ends one.
//!
//! One pass, constant look-ahead per token: linear. Sentences cover every token,
//! in order, without gaps. A run longer than [`MAX_SENTENCE_TOKENS`] is cut into units
//! of at most that many tokens at the best boundary available ([`push_capped`]), since
//! every layer works sentence by sentence.

use super::tokenizer::{is_line_break, is_opener, is_title_abbreviation};
use super::{Sentence, Token, TokenKind};
use crate::limits::MAX_SENTENCE_TOKENS;
use crate::schema::Span;

/// How a token may end a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// Not at all.
    No,
    /// `.`, `?`, `!`: ends unless the next word is lower case.
    Strong,
    /// An abbreviation, an initial or an ellipsis: ends only before a typical opener.
    Weak,
}

/// The sentences of `text`, given its tokens.
pub fn split(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let str_of = |i: usize| tokens.get(i).and_then(|t| text.get(t.span.range())).unwrap_or("");
    let mut out = Vec::with_capacity(tokens.len() / 20 + 1);
    let n = tokens.len();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < n {
        let mut end_kind = end_kind(str_of(i), tokens[i].kind);
        if end_kind == End::Strong
            && i > 0
            && list_number(&tokens[i - 1])
            && glued(tokens, i)
            && str_of(i) == "."
        {
            // `1. Michelle Freeman (Jamaica) 12.71`: a list item number, not an end.
            end_kind = End::No;
        }
        let mut end = i + 1;
        if end_kind != End::No {
            while end < n && is_closer(str_of(end), &tokens[end]) && glued(tokens, end) {
                end += 1;
            }
        }
        let boundary = if end >= n {
            true
        } else if tokens[end].line_start {
            end_kind != End::No
                || line_ends_sentence(text, tokens, end - 1, end, str_of(end - 1), str_of(end))
        } else {
            match end_kind {
                End::No => false,
                End::Strong => opens_after_strong(str_of(end), &tokens[end]),
                End::Weak => opens_after_weak(str_of(end), &tokens[end], tokens, end),
            }
        };
        if boundary {
            push_capped(&mut out, text, tokens, start, end);
            start = end;
        }
        i = end;
    }
    out
}

/// Pushes the sentence `start..end`, cut into units of at most [`MAX_SENTENCE_TOKENS`]
/// when it is longer, so that no layer's per-sentence pass can grow with the text (a
/// page without sentence punctuation is one "sentence"). Each cut falls at the best
/// boundary among the last quarter of the limit's tokens — a line break, then `;`, `:`,
/// a dash, `,`, a closing quote — the rightmost of the best kind, else at the limit.
fn push_capped(out: &mut Vec<Sentence>, text: &str, tokens: &[Token], mut start: usize, end: usize) {
    let str_of = |i: usize| tokens.get(i).and_then(|t| text.get(t.span.range())).unwrap_or("");
    // How good a unit boundary falls before token `k`.
    let rank = |k: usize| -> u8 {
        let prev = &tokens[k - 1];
        if tokens[k].line_start {
            return 6;
        }
        match str_of(k - 1) {
            ";" => 5,
            ":" => 4,
            _ if prev.kind == TokenKind::Dash => 3,
            "," => 2,
            s if prev.kind == TokenKind::Quote && is_closer(s, prev) => 1,
            _ => 0,
        }
    };
    while end - start > MAX_SENTENCE_TOKENS {
        let hi = start + MAX_SENTENCE_TOKENS;
        let lo = hi - MAX_SENTENCE_TOKENS / 4;
        let mut cut = hi;
        let mut best = 0;
        for k in (lo + 1..=hi).rev() {
            let r = rank(k);
            if r > best {
                (best, cut) = (r, k);
            }
        }
        out.push(Sentence {
            span: Span::new(tokens[start].span.start, tokens[cut - 1].span.end),
            tokens: start..cut,
        });
        start = cut;
    }
    if start < end {
        out.push(Sentence {
            span: Span::new(tokens[start].span.start, tokens[end - 1].span.end),
            tokens: start..end,
        });
    }
}

fn end_kind(s: &str, kind: TokenKind) -> End {
    match kind {
        TokenKind::Punct if s.starts_with(['!', '?']) => End::Strong,
        TokenKind::Punct if s == "." => End::Strong,
        TokenKind::Punct if s == "…" || s.starts_with("..") => End::Weak,
        TokenKind::Word if s.len() > 1 && s.ends_with('.') => {
            if is_title_abbreviation(&s[..s.len() - 1]) {
                End::No
            } else {
                End::Weak
            }
        }
        _ => End::No,
    }
}

/// A number opening its line (`1.` of a numbered list).
fn list_number(t: &Token) -> bool {
    t.kind == TokenKind::Number && t.line_start
}

/// No white space between token `i - 1` and token `i`.
fn glued(tokens: &[Token], i: usize) -> bool {
    i > 0 && tokens[i - 1].span.end == tokens[i].span.start
}

/// A closing quote or bracket that belongs to the sentence before it.
fn is_closer(s: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::Quote => {
            !matches!(s, "“" | "‘" | "«" | "„" | "‚" | "``" | "`" | "\u{91}" | "\u{93}" | "‹")
        }
        TokenKind::Punct => matches!(s, ")" | "]" | "}"),
        _ => false,
    }
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

fn opens_after_strong(s: &str, t: &Token) -> bool {
    if starts_lower(s) {
        return false;
    }
    !(t.kind == TokenKind::Punct && matches!(s, "," | ";" | ":" | ")" | "]" | "}" | "%" | "."))
}

fn opens_after_weak(s: &str, t: &Token, tokens: &[Token], i: usize) -> bool {
    match t.kind {
        TokenKind::Word => is_opener(s),
        // An opening quote after a space: `in the U.S. "We…`.
        TokenKind::Quote => !glued(tokens, i) && !is_closer(s, t) || matches!(s, "“" | "‘" | "«" | "``"),
        _ => false,
    }
}

/// Does the line break before token `next` end the sentence holding token `prev`
/// (which is not terminal punctuation)?
fn line_ends_sentence(text: &str, tokens: &[Token], prev: usize, next: usize, ps: &str, ns: &str) -> bool {
    let gap = text.get(tokens[prev].span.end as usize..tokens[next].span.start as usize).unwrap_or("");
    if blank_line(gap) {
        return true;
    }
    if starts_lower(ns) {
        return false;
    }
    let continues = matches!(ps, "," | ";" | "&" | "-")
        || tokens[prev].kind == TokenKind::Dash
        || matches!(
            ps,
            "the"
                | "a"
                | "an"
                | "of"
                | "and"
                | "or"
                | "to"
                | "in"
                | "for"
                | "with"
                | "by"
                | "on"
                | "at"
                | "from"
                | "that"
        );
    !continues
}

/// Two or more line ends in the white space between tokens (`\r\n` counts once).
fn blank_line(gap: &str) -> bool {
    let mut lines = 0;
    let mut prev = ' ';
    for c in gap.chars() {
        if is_line_break(c) && !(c == '\n' && prev == '\r') {
            lines += 1;
        }
        prev = c;
    }
    lines >= 2
}

#[cfg(test)]
mod tests {
    use crate::text::Document;

    fn sents(text: &str) -> Vec<&str> {
        let d = Document::new(text);
        d.sentences.iter().map(|s| &text[s.span.range()]).collect()
    }

    #[test]
    fn basic_and_quotes() {
        assert_eq!(sents("The vote passed. Critics objected."), ["The vote passed.", "Critics objected."]);
        assert_eq!(sents("“We will win.” The crowd cheered."), ["“We will win.”", "The crowd cheered."]);
        assert_eq!(sents("\"Why?\" he asked. \"Because.\""), ["\"Why?\" he asked.", "\"Because.\""]);
        assert_eq!(sents("He said: \"Go!\" Then he left."), ["He said: \"Go!\"", "Then he left."]);
        assert_eq!(sents("(See below.) Next one."), ["(See below.)", "Next one."]);
        assert_eq!(
            sents("It rose 3.5 percent. 1996 was worse."),
            ["It rose 3.5 percent.", "1996 was worse."]
        );
        assert_eq!(sents("``It's over.'' She left."), ["``It's over.''", "She left."]);
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sents("Dr. Smith met Gen. Milley in Washington."),
            ["Dr. Smith met Gen. Milley in Washington."]
        );
        assert_eq!(sents("The U.S. Senate voted. It passed."), ["The U.S. Senate voted.", "It passed."]);
        assert_eq!(
            sents("He moved to the U.S. The move was hard."),
            ["He moved to the U.S.", "The move was hard."]
        );
        assert_eq!(
            sents("J. K. Rowling wrote it. Fans cheered."),
            ["J. K. Rowling wrote it.", "Fans cheered."]
        );
        assert_eq!(sents("At 9 a.m. Tuesday, Acme Inc. said so."), ["At 9 a.m. Tuesday, Acme Inc. said so."]);
        assert_eq!(
            sents("He works at Apple Inc. But not for long."),
            ["He works at Apple Inc.", "But not for long."]
        );
        assert_eq!(sents("It was No. 1. The rest lagged."), ["It was No. 1.", "The rest lagged."]);
        assert_eq!(
            sents("Sales rose on Jan. 5 in Sacramento, Calif."),
            ["Sales rose on Jan. 5 in Sacramento, Calif."]
        );
    }

    #[test]
    fn lines_headlines_bylines() {
        let text = "Senate passes budget deal\r\nBy Jane Doe\r\nWASHINGTON (AP) — The Senate voted on Tuesday.\r\n\r\nDemocrats objected.";
        assert_eq!(
            sents(text),
            [
                "Senate passes budget deal",
                "By Jane Doe",
                "WASHINGTON (AP) — The Senate voted on Tuesday.",
                "Democrats objected."
            ]
        );
        // Hard-wrapped body text keeps its sentences whole.
        assert_eq!(
            sents("The minister said the\nplan would fail,\nSmith wrote."),
            ["The minister said the\nplan would fail,\nSmith wrote."]
        );
        assert_eq!(sents("Title\n\nlower case paragraph."), ["Title", "lower case paragraph."]);
    }

    #[test]
    fn numbered_lists() {
        assert_eq!(
            sents("Results:\n1. Michelle Freeman (Jamaica) 12.71\n2. Ludmila Engquist (Sweden) 12.74"),
            ["Results:", "1. Michelle Freeman (Jamaica) 12.71", "2. Ludmila Engquist (Sweden) 12.74"]
        );
        assert_eq!(sents("The vote was 7. Then it ended."), ["The vote was 7.", "Then it ended."]);
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sents("Well... maybe not. He paused… Then he left."),
            ["Well... maybe not.", "He paused…", "Then he left."]
        );
    }

    /// Regression: a text without sentence punctuation was one sentence, and every
    /// per-sentence pass over it grew with the whole text.
    #[test]
    fn a_run_without_sentence_ends_is_cut_into_bounded_units_at_the_best_boundary() {
        use crate::limits::MAX_SENTENCE_TOKENS as MAX;
        // The semicolon is token MAX - 19, inside the first unit's last quarter.
        let text = "word ".repeat(MAX - 20) + "here; " + &"word ".repeat(3 * MAX);
        let d = Document::new(&text);
        assert!(d.sentences.len() >= 4, "{}", d.sentences.len());
        let mut next = 0;
        for s in &d.sentences {
            assert_eq!(s.tokens.start, next);
            assert!(s.tokens.len() <= MAX, "{}", s.tokens.len());
            assert_eq!(s.span.start, d.tokens[s.tokens.start].span.start);
            assert_eq!(s.span.end, d.tokens[s.tokens.end - 1].span.end);
            next = s.tokens.end;
        }
        assert_eq!(next, d.tokens.len());
        // The first cut falls right after the semicolon, not at the limit.
        assert_eq!(d.sentences[0].tokens, 0..MAX - 18);
        // Short sentences are untouched.
        let d = Document::new("One two. Three four.");
        assert_eq!(d.sentences.len(), 2);
    }

    #[test]
    fn sentences_cover_all_tokens() {
        for text in ["", " ", ".", "a", "Hi. ", "\"\"", ". . .", "U.S.\n\n\"", "?!”)", "A.\r\n\r\nB"] {
            let d = Document::new(text);
            let mut next = 0;
            for s in &d.sentences {
                assert_eq!(s.tokens.start, next, "{text:?}");
                assert!(s.tokens.end > s.tokens.start);
                next = s.tokens.end;
            }
            assert_eq!(next, d.tokens.len(), "{text:?}");
        }
    }
}
