//! The document's word types — its distinct token strings — and what every layer that
//! reads a word's string alone wants of it, computed once per type.
//!
//! Why per type: a news article repeats most of its words, and each of these facts
//! costs a pass over the string (a case mapping, a hash). The layers used to compute
//! them per token or in a type table of their own (the entity and POS taggers, the hedge
//! layer, the claims' inputs); here each is paid once per distinct spelling, and a token
//! costs its type id.
//!
//! Two lowercasings, because the layers' models were trained on both: [`Words::lower`]
//! maps case and nothing else (the claims layer's, which keeps "’"), and
//! [`Words::lower_straight`] also straightens typographic apostrophes ("Won’t" →
//! "won't", the hedge layer's). The second is derived from the first, exactly.
//!
//! The distributional word class ([`Words::class`], issue 18) is looked up once per
//! type, by the straightened lower case ([`super::classes`]: GloVe's keys are lower
//! case with straight apostrophes, "'s", "n't").

use super::classes::{self, Class};
use crate::tag::types::WordTypes;
use crate::text::Document;

/// [`Words::flags`]: the first character is upper case ("The", "É", "US").
pub const CAP: u8 = 1;

/// The word class of `w` as written: what [`Words::class`] gives a type of that string,
/// for a caller without a document (a tagger scoring its frequent words at load).
pub fn class_of(w: &str) -> Option<Class> {
    key_of(w, classes::of)
}

/// `f` of the key [`Words::build`] looks `w` up by: its lower case with "’" straightened.
fn key_of<T>(w: &str, f: impl Fn(&str) -> T) -> T {
    if !w.chars().any(|c| c.is_uppercase() || c == '’') {
        f(w)
    } else {
        let lower = if w.is_ascii() { w.to_ascii_lowercase() } else { w.to_lowercase() };
        f(&lower.replace('’', "'"))
    }
}

/// Per word type of one document: its string's facts. Reuse across documents to keep
/// the buffers.
#[derive(Clone, Debug, Default)]
pub struct Words {
    types: WordTypes,
    /// Type `ty`'s lower case is `lower[lower_at[ty]..lower_at[ty + 1]]`.
    lower: String,
    lower_at: Vec<u32>,
    /// Per type: where its straightened form ([`Words::lower_straight`]) is.
    straight_at: Vec<Straight>,
    /// The straightened forms that are neither the string nor its lower case.
    straight: String,
    /// Per type: [`CAP`] and the like.
    flags: Vec<u8>,
    /// Per type: its word class ([`Class::id`]), or [`NO_CLASS`].
    class: Vec<u16>,
}

/// [`Words::class`] column value of a word not in the class table.
const NO_CLASS: u16 = u16::MAX;

/// Where a type's straightened form is: its string as written, its lower case, or a
/// range of [`Words::straight`] (a lower case that had a "’").
#[derive(Clone, Copy, Debug)]
enum Straight {
    Written,
    Lower,
    At(u32, u32),
}

impl Words {
    /// The word types of `doc` and their facts.
    pub fn build(&mut self, doc: &Document) {
        self.types.build(doc);
        self.lower.clear();
        self.lower_at.clear();
        self.straight.clear();
        self.straight_at.clear();
        self.flags.clear();
        self.class.clear();
        self.lower_at.push(0);
        for ty in 0..self.types.len() {
            let w = doc.token_str(self.types.first(ty));
            // Most words are ASCII, lower-cased byte by byte; `str::to_lowercase`
            // (final sigma and all) for the rest.
            let at = self.lower.len();
            if w.is_ascii() {
                self.lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                self.lower.push_str(&w.to_lowercase());
            }
            self.lower_at.push(u32::try_from(self.lower.len()).unwrap_or(u32::MAX));
            // The hedge layer's form: lower case with "’" made "'" when the word has an
            // upper-case letter or a "’", else the word as written (which a letter with
            // a lower-case mapping but no upper case, such as "ǅ", keeps).
            let straight = if !w.chars().any(|c| c.is_uppercase() || c == '’') {
                Straight::Written
            } else if !self.lower[at..].contains('’') {
                Straight::Lower
            } else {
                let from = self.straight.len();
                let lower = &self.lower[at..];
                self.straight.push_str(&lower.replace('’', "'"));
                Straight::At(from as u32, self.straight.len() as u32)
            };
            let key = match straight {
                Straight::Written => w,
                Straight::Lower => &self.lower[at..],
                Straight::At(a, b) => &self.straight[a as usize..b as usize],
            };
            self.class.push(classes::of(key).map_or(NO_CLASS, Class::id));
            self.straight_at.push(straight);
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            self.flags.push(if cap { CAP } else { 0 });
        }
    }

    /// [`crate::tag::release_large`] for each of the tables.
    pub fn release_large(&mut self) {
        self.types.release_large();
        crate::tag::release_large(&mut self.lower_at);
        crate::tag::release_large(&mut self.straight_at);
        crate::tag::release_large(&mut self.flags);
        crate::tag::release_large(&mut self.class);
    }

    /// The token → type table (types numbered by first occurrence).
    pub fn types(&self) -> &WordTypes {
        &self.types
    }

    /// Number of types.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// The type of token `k` (0 when out of range).
    #[inline]
    pub fn of(&self, k: usize) -> usize {
        self.types.of(k)
    }

    /// Type `ty`'s lower case, case mapped and nothing else ("" out of range).
    #[inline]
    pub fn lower(&self, ty: usize) -> &str {
        match (self.lower_at.get(ty), self.lower_at.get(ty + 1)) {
            (Some(&a), Some(&b)) => self.lower.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// Type `ty`'s lower case with typographic apostrophes straightened, or its string
    /// as written when it has neither upper case nor "’"; `written` is that string.
    #[inline]
    pub fn lower_straight<'a>(&'a self, ty: usize, written: &'a str) -> &'a str {
        match self.straight_at.get(ty).copied() {
            Some(Straight::Written) | None => written,
            Some(Straight::Lower) => self.lower(ty),
            Some(Straight::At(a, b)) => self.straight.get(a as usize..b as usize).unwrap_or(""),
        }
    }

    /// Type `ty`'s flags ([`CAP`]; 0 out of range).
    #[inline]
    pub fn flags(&self, ty: usize) -> u8 {
        self.flags.get(ty).copied().unwrap_or(0)
    }

    /// Type `ty`'s distributional word class, `None` when its lower case is not in the
    /// class table (or `ty` is out of range).
    #[inline]
    pub fn class(&self, ty: usize) -> Option<Class> {
        self.class.get(ty).copied().filter(|&c| c != NO_CLASS).map(Class::from_id)
    }

    /// The first token of type `ty` (its string is that token's).
    #[inline]
    pub fn first(&self, ty: usize) -> usize {
        self.types.first(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word's class is its lower case's, apostrophes straightened; none for numbers.
    #[test]
    fn classes_are_read_per_type_by_lower_case() {
        let doc = Document::new("Google google GOOGLE Obama’s 1984 qzxvq");
        let mut w = Words::default();
        w.build(&doc);
        let class = |s: &str| {
            let k = (0..doc.tokens.len()).find(|&k| doc.token_str(k) == s).expect(s);
            w.class(w.of(k))
        };
        assert!(class("Google").is_some());
        assert_eq!(class("Google"), classes::of("google"));
        assert_eq!(class("google"), class("Google"));
        assert_eq!(class("GOOGLE"), class("Google"));
        assert_eq!(class("Obama"), classes::of("obama"));
        assert!(classes::of("'s").is_some());
        assert_eq!(class("’s"), classes::of("'s"));
        assert_eq!(class("1984"), None);
        for k in 0..doc.tokens.len() {
            assert_eq!(w.class(w.of(k)), class_of(doc.token_str(k)));
        }
        assert_eq!(class("qzxvq"), None);
    }

    /// Each layer's lowercasing, as it was written before the table: the claims layer's
    /// (ASCII byte by byte, else `str::to_lowercase`) and the hedge layer's
    /// ([`crate::hedges::vocab::lowercase`]).
    #[test]
    fn both_lowercasings_are_the_layers_own() {
        let text = "The THE the Won’t won’t WON'T É é ǅemal ΣΑΣ İstanbul 1984 U.S. ’s \u{2019} x";
        let doc = Document::new(text);
        let mut w = Words::default();
        w.build(&doc);
        for k in 0..doc.tokens.len() {
            let s = doc.token_str(k);
            let ty = w.of(k);
            let claims = if s.is_ascii() { s.to_ascii_lowercase() } else { s.to_lowercase() };
            assert_eq!(w.lower(ty), claims, "{s}");
            assert_eq!(w.lower_straight(ty, s), &*crate::hedges::vocab::lowercase(s), "{s}");
            assert_eq!(w.flags(ty) & CAP != 0, s.chars().next().is_some_and(char::is_uppercase), "{s}");
        }
        assert_eq!(w.lower(w.len()), "");
        assert_eq!(w.class(w.len()), None);
        assert!(w.len() < doc.tokens.len());
    }
}
