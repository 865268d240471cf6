//! One sentence as the hedge layer sees it: token texts, their lower-cased forms and
//! the lexicon matches, computed once and shared by the features, the rules, the
//! types and the scopes.
//!
//! Why a view per sentence rather than per document: every decision of this layer is
//! sentence-local (CoNLL-2010 defines uncertainty per sentence), and a sentence-sized
//! buffer keeps the memory of a 10,000-word article flat. Lower-casing borrows when the
//! token is already lower case, so most tokens cost no allocation.

use super::lexicon::{Lexicon, Match, MAX_ENTRY_WORDS};
use crate::schema::Span;
use crate::text::{Document, Sentence, TokenKind};
use std::borrow::Cow;

pub struct Sent<'d> {
    /// Index in the document of the sentence's first token.
    pub first: usize,
    pub words: Vec<&'d str>,
    pub lower: Vec<Cow<'d, str>>,
    pub kinds: Vec<TokenKind>,
    pub spans: Vec<Span>,
    pub matches: Vec<Match<'static>>,
    /// Token `i` is a reporting verb ([`super::rules::is_reporting`]).
    pub reporting: Vec<bool>,
    /// The sentence ends with a question mark (possibly inside closing quotes).
    pub question: bool,
    /// A conditional conjunction occurs somewhere in the sentence.
    pub conditional: bool,
}

impl<'d> Sent<'d> {
    pub fn new(doc: &Document<'d>, s: &Sentence) -> Sent<'d> {
        let mut out = Sent::empty();
        out.fill(doc, s);
        out
    }

    pub fn empty() -> Sent<'d> {
        Sent {
            first: 0,
            words: Vec::new(),
            lower: Vec::new(),
            kinds: Vec::new(),
            spans: Vec::new(),
            matches: Vec::new(),
            reporting: Vec::new(),
            question: false,
            conditional: false,
        }
    }

    /// Makes this the view of sentence `s`, reusing the buffers (a document's sentences
    /// are viewed one after another through one `Sent`).
    pub fn fill(&mut self, doc: &Document<'d>, s: &Sentence) {
        let range = s.tokens.start.min(doc.tokens.len())..s.tokens.end.min(doc.tokens.len());
        self.first = range.start;
        self.words.clear();
        self.lower.clear();
        self.kinds.clear();
        self.spans.clear();
        self.matches.clear();
        self.reporting.clear();
        for i in range {
            let w = doc.token_str(i);
            self.words.push(w);
            self.lower.push(lowercase(w));
            self.kinds.push(doc.tokens[i].kind);
            self.spans.push(doc.tokens[i].span);
        }
        Lexicon::get().matches(&self.lower, &mut self.matches);
        self.question = self.words.iter().rev().take(3).any(|w| *w == "?");
        self.conditional = self.lower.iter().any(|w| matches!(w.as_ref(), "if" | "unless" | "provided"));
        self.reporting.extend(self.lower.iter().map(|w| super::rules::is_reporting(w)));
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The lexicon matches overlapping tokens `r`. Matches are sorted by start and
    /// at most [`MAX_ENTRY_WORDS`] long, so this is a binary search plus a short scan:
    /// per-token and per-cue lookups stay linear even in a pathological sentence.
    pub fn matches_over(&self, r: std::ops::Range<usize>) -> impl Iterator<Item = &Match<'static>> {
        let from = self.matches.partition_point(|m| m.start + MAX_ENTRY_WORDS <= r.start);
        self.matches[from..]
            .iter()
            .take_while(move |m| m.start < r.end)
            .filter(move |m| r.start < m.start + m.len)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Lower-cased token `i`, or a boundary marker outside the sentence.
    pub fn low(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.lower.get(i as usize).map_or("</s>", |w| w.as_ref())
    }

    pub fn word(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.words.get(i as usize).copied().unwrap_or("</s>")
    }

    pub fn kind(&self, i: isize) -> Option<TokenKind> {
        if i < 0 {
            return None;
        }
        self.kinds.get(i as usize).copied()
    }
}

/// Lower case with typographic apostrophes made straight ("Won’t" → "won't"),
/// borrowing when there is nothing to change.
pub fn lowercase(w: &str) -> Cow<'_, str> {
    if w.chars().any(|c| c.is_uppercase() || c == '’') {
        Cow::Owned(w.to_lowercase().replace('’', "'"))
    } else {
        Cow::Borrowed(w)
    }
}
