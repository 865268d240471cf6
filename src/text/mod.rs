//! Text: the first stage of the pipeline. Turns a `&str` into a [`Document`] of tokens
//! and sentences that every later stage reads; no later stage re-scans the raw text to
//! find offsets.
//!
//! Tokens carry byte spans into the original text (never a normalised copy), so every
//! span a layer emits is, by construction, on `char` boundaries of the input.

#[cfg(all(test, not(target_arch = "wasm32")))]
mod alignment;
pub mod convert;
pub mod offsets;
pub mod sentences;
pub mod tokenizer;

use crate::schema::Span;
use std::ops::Range;

pub use tokenizer::{Token, TokenKind};

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
    pub text: &'t str,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

impl<'t> Document<'t> {
    pub fn new(text: &'t str) -> Document<'t> {
        let tokens = tokenizer::tokenize(text);
        let sentences = sentences::split(text, &tokens);
        Document { text, tokens, sentences }
    }

    /// The text of token `i`.
    pub fn token_str(&self, i: usize) -> &'t str {
        let text: &'t str = self.text;
        text.get(self.tokens[i].span.range()).unwrap_or("")
    }

    /// The text under `span` (empty if the span is not valid for this text).
    pub fn slice(&self, span: Span) -> &'t str {
        let text: &'t str = self.text;
        text.get(span.range()).unwrap_or("")
    }

    /// Index of the sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.tokens.end <= i)
    }
}
