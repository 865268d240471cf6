//! One sentence as the hedge layer sees it: token texts, their lower-cased forms and
//! the lexicon matches, computed once and shared by the features, the rules, the
//! types and the scopes.
//!
//! Why a view per sentence rather than per document: every decision of this layer is
//! sentence-local (CoNLL-2010 defines uncertainty per sentence), and a sentence-sized
//! buffer keeps the memory of a 10,000-word article flat. What depends on a word alone
//! (its lower case, the vocabulary, the lists, the reporting test) comes from the
//! document's [`Words`], worked out once per distinct spelling.

use super::lexicon::{Lexicon, Match, MAX_ENTRY_WORDS};
use super::words::Words;
use crate::schema::Span;
use crate::text::{Document, Sentence, TokenKind};

pub struct Sent<'a> {
    /// Index in the document of the sentence's first token.
    pub first: usize,
    pub words: Vec<&'a str>,
    pub lower: Vec<&'a str>,
    /// Token `i`'s lower-cased form is in the cue vocabulary the [`Words`] were built with.
    pub in_vocab: Vec<bool>,
    pub kinds: Vec<TokenKind>,
    pub spans: Vec<Span>,
    pub matches: Vec<Match<'static>>,
    /// Token `i` is a reporting verb ([`super::vocab::is_reporting`]).
    pub reporting: Vec<bool>,
    /// The sentence ends with a question mark (possibly inside closing quotes).
    pub question: bool,
    /// A conditional conjunction occurs somewhere in the sentence.
    pub conditional: bool,
}

impl<'a> Sent<'a> {
    /// The view of sentence `s` of `doc`; `words` is the document's ([`Words::new`]).
    #[cfg(any(test, feature = "train"))]
    pub fn new(doc: &'a Document<'_>, words: &'a Words<'a>, s: &Sentence) -> Sent<'a> {
        let mut out = Sent::empty();
        out.fill(doc, words, s);
        out
    }

    pub fn empty() -> Sent<'a> {
        Sent {
            first: 0,
            words: Vec::new(),
            lower: Vec::new(),
            in_vocab: Vec::new(),
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
    pub fn fill(&mut self, doc: &'a Document<'_>, words: &'a Words<'a>, s: &Sentence) {
        let range = s.tokens.start.min(doc.tokens.len())..s.tokens.end.min(doc.tokens.len());
        self.first = range.start;
        self.words.clear();
        self.lower.clear();
        self.in_vocab.clear();
        self.kinds.clear();
        self.spans.clear();
        self.matches.clear();
        self.reporting.clear();
        let tokens = || range.clone().filter_map(|i| Some((i, words.of_token(i)?)));
        for (i, w) in tokens() {
            self.words.push(doc.token_str(i));
            self.lower.push(w.lower);
            self.in_vocab.push(w.in_vocab);
            self.reporting.push(w.reporting);
            self.kinds.push(doc.tokens[i].kind);
            self.spans.push(doc.tokens[i].span);
        }
        // The lists are probed only where one of their entries starts, once the sentence
        // is whole (in order, so the matches come sorted by start; the same tokens as
        // above, so `k` indexes what was pushed).
        let lex = Lexicon::get();
        for (k, (_, w)) in tokens().enumerate() {
            if w.starts_entry {
                lex.matches_at(&self.lower, k, &mut self.matches);
            }
        }
        self.question = self.words.iter().rev().take(3).any(|w| *w == "?");
        self.conditional = self.lower.iter().any(|w| matches!(*w, "if" | "unless" | "provided"));
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

    /// Lower-cased token `i`, or a boundary marker outside the sentence.
    pub fn low(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.lower.get(i as usize).copied().unwrap_or("</s>")
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
