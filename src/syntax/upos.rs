//! The seventeen Universal Dependencies part-of-speech tags as a one-byte enum.
//!
//! Why an enum and not the model's label strings: every layer compares tags in hot
//! loops (`pos[i] == Upos::Verb`), and a `#[repr(u8)]` value is free to copy, store
//! in a `Vec` per document and match on. The discriminants are the model's label
//! order ([`Upos::ALL`]), so decoding a label is a table lookup, never a string compare.

/// A UD v2 universal part-of-speech tag (<https://universaldependencies.org/u/pos/>).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    /// "Other": also what [`crate::syntax::PosLayer`] answers when it has no model.
    #[default]
    X,
}

impl Upos {
    /// Every tag, in discriminant order (the label order of the trained model).
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as written in CoNLL-U (`"NOUN"`, `"PROPN"`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a CoNLL-U UPOS column value.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }

    /// The tag with discriminant `i` (`X` when out of range).
    #[cfg(any(test, feature = "train", feature = "parser"))]
    pub fn from_index(i: usize) -> Upos {
        Upos::ALL.get(i).copied().unwrap_or(Upos::X)
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discriminants_are_label_order() {
        for (i, u) in Upos::ALL.iter().enumerate() {
            assert_eq!(*u as usize, i);
            assert_eq!(Upos::from_index(i), *u);
            assert_eq!(Upos::parse(u.as_str()), Some(*u));
        }
        assert_eq!(Upos::parse("NOUNS"), None);
        assert_eq!(Upos::from_index(17), Upos::X);
    }
}
