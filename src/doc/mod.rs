//! The per-document table every layer reads: the [`Document`] (tokens, sentences,
//! lines) and the facts about its tokens that later stages add, each computed once,
//! in one place.
//!
//! Why one table: each layer used to build its own view of the same document, so the
//! same facts were computed several times and could disagree. A layer now reads what
//! it shares with others from here and keeps only its own features.
//!
//! Columns are filled in pipeline order by [`crate::Analyzer`]: the document and its
//! word types ([`words`]) at construction, the part-of-speech tags ([`Doc::set_pos`])
//! when a later layer wants them. An empty column means "not computed", never a guess.
//!
//! What goes here: a fact more than one layer reads, about a token or its string.
//! What does not: a layer's own features and their hashes (its model's bytes depend on
//! them), and facts that depend on a layer's configuration (the hedge layer's cue
//! vocabulary is the trainer's while it trains).

pub mod classes;
pub mod words;

use crate::syntax::Upos;
use crate::text::Document;
use words::Words;

/// A document and the per-token facts computed for it.
///
/// Dereferences to its [`Document`], whose accessors are safe on any index.
#[derive(Clone, Debug)]
pub struct Doc<'t> {
    document: Document<'t>,
    /// The word types and their facts.
    words: Words,
    /// One tag per token, or empty when no stage asked for them.
    pos: Vec<Upos>,
}

impl<'t> Doc<'t> {
    /// Tokenizes and sentence-splits `text` and reads its word types.
    pub fn new(text: &'t str) -> Doc<'t> {
        Doc::reusing(text, Words::default())
    }

    /// As [`Doc::new`], filling the buffers of `words` (a previous document's, from
    /// [`Doc::into_words`]) rather than allocating.
    pub fn reusing(text: &'t str, mut words: Words) -> Doc<'t> {
        let document = Document::new(text);
        words.build(&document);
        Doc { document, words, pos: Vec::new() }
    }

    /// The word-type table's buffers, for the next document ([`Doc::reusing`]); those of
    /// a text far longer than an article are given back ([`crate::tag::KEEP_BYTES`]).
    pub fn into_words(self) -> Words {
        let mut words = self.words;
        words.release_large();
        words
    }

    /// The word types and their facts.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// Token `k` as written ("" out of range).
    #[inline]
    pub fn word(&self, k: usize) -> &'t str {
        self.document.token_str(k)
    }

    /// Token `k`'s lower case, case mapped and nothing else ("" out of range).
    #[inline]
    pub fn lower(&self, k: usize) -> &str {
        if k < self.document.tokens.len() {
            self.words.lower(self.words.of(k))
        } else {
            ""
        }
    }

    /// Token `k`'s lower case with "’" straightened to "'" ([`Words::lower_straight`];
    /// "" out of range).
    #[inline]
    pub fn lower_straight(&self, k: usize) -> &str {
        if k < self.document.tokens.len() {
            self.words.lower_straight(self.words.of(k), self.document.token_str(k))
        } else {
            ""
        }
    }

    /// Token `k`'s string starts with an upper-case letter (false out of range).
    #[inline]
    pub fn is_cap(&self, k: usize) -> bool {
        k < self.document.tokens.len() && self.words.flags(self.words.of(k)) & words::CAP != 0
    }

    /// The part-of-speech tags, one per token, or empty when none were computed.
    pub fn pos(&self) -> &[Upos] {
        &self.pos
    }

    /// Sets the part-of-speech column (the POS stage's output, one tag per token).
    pub fn set_pos(&mut self, tags: Vec<Upos>) {
        debug_assert_eq!(tags.len(), self.document.tokens.len());
        self.pos = tags;
    }
}

impl<'t> std::ops::Deref for Doc<'t> {
    type Target = Document<'t>;

    fn deref(&self) -> &Document<'t> {
        &self.document
    }
}
