//! The per-document table every layer reads: the [`Document`] (tokens, sentences,
//! lines) and the facts about its tokens that later stages add, each computed once,
//! in one place.
//!
//! Why one table: each layer used to build its own view of the same document, so the
//! same facts were computed several times and could disagree. A layer now reads what
//! it shares with others from here and keeps only its own features.
//!
//! Columns are filled in pipeline order by [`crate::Analyzer`]: the document at
//! construction, the part-of-speech tags ([`Doc::set_pos`]) when a later layer wants
//! them. An empty column means "not computed", never a guess.

use crate::syntax::Upos;
use crate::text::Document;

/// A document and the per-token facts computed for it.
///
/// Dereferences to its [`Document`], whose accessors are safe on any index.
#[derive(Clone, Debug)]
pub struct Doc<'t> {
    document: Document<'t>,
    /// One tag per token, or empty when no stage asked for them.
    pos: Vec<Upos>,
}

impl<'t> Doc<'t> {
    /// Tokenizes and sentence-splits `text`.
    pub fn new(text: &'t str) -> Doc<'t> {
        Doc { document: Document::new(text), pos: Vec::new() }
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
