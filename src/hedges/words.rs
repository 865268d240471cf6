//! The document's distinct words, as the hedge layer reads them: each word's lower-cased
//! form, whether the cue vocabulary holds it, whether a hedge list has an entry starting
//! with it, whether it is a reporting verb, and what the register count makes of it.
//!
//! Why per document and per word rather than per token: a news article repeats most of
//! its words, and every one of these facts costs a string hash or comparison. Taken
//! token by token, lower-casing, the vocabulary probe, the lexicon's first-word probe and
//! the reporting test were half of the layer's time; here each is paid once per distinct
//! spelling, and a sentence view ([`super::sentence::Sent`]) copies the answers. The
//! spellings and their lower case are the document's ([`crate::doc::words`]); the rest
//! depends on the layer's vocabulary and lists.

use super::lexicon::Lexicon;
use super::vocab::{is_reporting, Vocab};
use crate::doc::Doc;
use crate::text::TokenKind;

/// What the layer knows of one spelling (as written: "The" and "the" are two).
#[derive(Clone, Debug)]
pub struct Word<'d> {
    /// Lower case, typographic apostrophes straightened
    /// ([`super::vocab::lowercase`], as [`Doc::lower_straight`] keeps it).
    pub lower: &'d str,
    /// The cue vocabulary holds the lower-cased form.
    pub in_vocab: bool,
    /// Some hedge-list entry starts with the lower-cased form.
    pub starts_entry: bool,
    /// A reporting verb ([`is_reporting`]).
    pub reporting: bool,
    /// A word token (not a number or punctuation).
    pub is_word: bool,
    /// First person singular ("I", "me", "my", "I'm"), for the register.
    pub first_person: bool,
    /// Second person ("you", "your", "yours", "yourself"), for the register.
    pub second_person: bool,
    /// "said", "says" or "told" in any case, for the register.
    pub said: bool,
}

/// Every token's word: the document's distinct spellings ([`crate::doc::words::Words`],
/// the table the taggers score word types by) and what the layer knows of each.
#[derive(Clone, Debug)]
pub struct Words<'d> {
    doc: &'d Doc<'d>,
    words: Vec<Word<'d>>,
}

impl<'d> Words<'d> {
    pub fn new(doc: &'d Doc<'d>, vocab: &Vocab) -> Words<'d> {
        let lex = Lexicon::get();
        let table = doc.words();
        let words = (0..table.len())
            .map(|ty| {
                let first = table.first(ty);
                let w = doc.word(first);
                let lower = doc.lower_straight(first);
                Word {
                    is_word: doc.tokens.get(first).is_some_and(|t| t.kind == TokenKind::Word),
                    second_person: matches!(lower, "you" | "your" | "yours" | "yourself" | "yourselves"),
                    in_vocab: vocab.contains(lower),
                    starts_entry: lex.starts_entry(lower),
                    reporting: is_reporting(lower),
                    first_person: w == "I"
                        || w == "me"
                        || w.eq_ignore_ascii_case("my")
                        || w.starts_with("I'")
                        || w.starts_with("I’"),
                    said: w.eq_ignore_ascii_case("said")
                        || w.eq_ignore_ascii_case("says")
                        || w.eq_ignore_ascii_case("told"),
                    lower,
                }
            })
            .collect();
        Words { doc, words }
    }

    /// The word of token `i` (of the document this table was built from).
    #[inline]
    pub fn of_token(&self, i: usize) -> Option<&Word<'d>> {
        if i >= self.doc.tokens.len() {
            return None;
        }
        self.words.get(self.doc.words().of(i))
    }

    /// Each distinct spelling once.
    pub fn distinct(&self) -> impl Iterator<Item = &Word<'d>> {
        self.words.iter()
    }

    /// Number of tokens covered.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.doc.tokens.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hedges::vocab::lowercase;

    #[test]
    fn one_entry_per_spelling_with_the_per_token_answers() {
        let doc = Doc::new("The Minister said it may rain. the rain MAY stop, I’m told.");
        let vocab = Vocab::from_words(["may".to_string()]);
        let w = Words::new(&doc, &vocab);
        assert_eq!(w.len(), doc.tokens.len());
        for i in 0..doc.tokens.len() {
            let t = doc.token_str(i);
            let x = w.of_token(i).unwrap();
            assert_eq!(x.lower, &*lowercase(t), "{t}");
            assert_eq!(x.in_vocab, vocab.contains(&lowercase(t)), "{t}");
            assert_eq!(x.reporting, is_reporting(&lowercase(t)), "{t}");
            assert_eq!(x.starts_entry, Lexicon::get().starts_entry(&lowercase(t)), "{t}");
        }
        let may: Vec<_> = (0..doc.tokens.len()).filter(|&i| doc.token_str(i) == "may").collect();
        let big: Vec<_> = (0..doc.tokens.len()).filter(|&i| doc.token_str(i) == "MAY").collect();
        assert!(w.of_token(may[0]).unwrap().in_vocab && w.of_token(big[0]).unwrap().in_vocab);
        assert!(w.of_token(doc.tokens.len()).is_none());
    }
}
