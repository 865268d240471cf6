//! Text: the first stage of the pipeline. Turns a `&str` into a [`Document`] of tokens
//! and sentences that every later stage reads; no later stage re-scans the raw text to
//! find offsets.
//!
//! Tokens carry byte spans into the original text (never a normalised copy), so every
//! span a layer emits is, by construction, on `char` boundaries of the input.

#[cfg(all(test, feature = "eval"))]
mod alignment;
pub mod convert;
pub mod offsets;
pub mod sentences;
pub mod tokenizer;

use crate::schema::Span;
use std::ops::Range;

pub use tokenizer::{Token, TokenKind};

/// Frequent news tokens, most frequent first (data/common-words.txt, written by
/// `newsmark train entities --common-words-out`; `#` lines are its header). Not a
/// lexicon: taggers score these words' type rows once, when their model loads
/// ([`crate::tag::types::KnownTypes`]), instead of once per document.
pub fn common_words() -> impl Iterator<Item = &'static str> {
    static WORDS: &str = include_str!("../../data/common-words.txt");
    WORDS.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// One sentence: its byte span and the range of its tokens in [`Document::tokens`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
}

/// A tokenized, sentence-split text. Borrowing the text keeps construction allocation
/// light; the public [`crate::Analysis`] owns its strings instead.
#[derive(Clone, Debug)]
pub struct Document<'t> {
    /// The text.
    pub text: &'t str,
    /// Its tokens, in order.
    pub tokens: Vec<Token>,
    /// Its sentences, in order.
    pub sentences: Vec<Sentence>,
}

impl<'t> Document<'t> {
    /// Tokenizes and sentence-splits `text`.
    pub fn new(text: &'t str) -> Document<'t> {
        let tokens = tokenizer::tokenize(text);
        let sentences = sentences::split(text, &tokens);
        Document { text, tokens, sentences }
    }

    /// The text of token `i` ("" out of range: no accessor of the document panics).
    #[inline]
    pub fn token_str(&self, i: usize) -> &'t str {
        let text: &'t str = self.text;
        self.tokens.get(i).and_then(|t| text.get(t.span.range())).unwrap_or("")
    }

    /// The text under `span` (empty if the span is not valid for this text).
    pub fn slice(&self, span: Span) -> &'t str {
        let text: &'t str = self.text;
        text.get(span.range()).unwrap_or("")
    }

    /// The token ranges of the text's lines, in order: a line starts at token 0 and at
    /// every token marked [`Token::line_start`]. No lines for a text without tokens.
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let n = self.tokens.len();
        let mut start = 0;
        (1..=n).filter_map(move |i| {
            let ends = i == n || self.tokens.get(i).is_some_and(|t| t.line_start);
            ends.then(|| {
                let line = start..i;
                start = i;
                line
            })
        })
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.tokens.end <= i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_every_token_once_in_order() {
        let doc = Document::new("Headline here\r\n\r\nBody one. Body two.\nLast");
        let lines: Vec<Vec<&str>> = doc.lines().map(|r| r.map(|i| doc.token_str(i)).collect()).collect();
        assert_eq!(
            lines,
            [vec!["Headline", "here"], vec!["Body", "one", ".", "Body", "two", "."], vec!["Last"]]
        );
        assert_eq!(Document::new("").lines().count(), 0);
        assert_eq!(Document::new("one").lines().next(), Some(0..1));
    }
}
