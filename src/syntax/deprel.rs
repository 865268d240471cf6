//! Universal Dependencies relations as a one-byte enum.
//!
//! The 37 universal relations plus the six English subtypes a layer can use
//! (`nsubj:pass` and `aux:pass` for agentless passives, `obl:agent` for "by X",
//! `acl:relcl`, `nmod:poss`, `compound:prt`); every other subtype folds into its base
//! relation, which keeps the label classifier small.

macro_rules! deprels {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// A dependency relation (<https://universaldependencies.org/u/dep/>).
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub enum Deprel {
            #[default]
            $($v),*
        }

        impl Deprel {
            /// Every relation, in discriminant order (the label order of the model).
            pub const ALL: &'static [Deprel] = &[$(Deprel::$v),*];

            /// The relation as written in CoNLL-U.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Deprel::$v => $s),*
                }
            }
        }
    };
}

deprels! {
    Dep = "dep",
    Acl = "acl", AclRelcl = "acl:relcl", Advcl = "advcl", Advmod = "advmod", Amod = "amod",
    Appos = "appos", Aux = "aux", AuxPass = "aux:pass", Case = "case", Cc = "cc",
    Ccomp = "ccomp", Clf = "clf", Compound = "compound", CompoundPrt = "compound:prt",
    Conj = "conj", Cop = "cop", Csubj = "csubj", Det = "det", Discourse = "discourse",
    Dislocated = "dislocated", Expl = "expl", Fixed = "fixed", Flat = "flat",
    Goeswith = "goeswith", Iobj = "iobj", List = "list", Mark = "mark", Nmod = "nmod",
    NmodPoss = "nmod:poss", Nsubj = "nsubj", NsubjPass = "nsubj:pass", Nummod = "nummod",
    Obj = "obj", Obl = "obl", OblAgent = "obl:agent", Orphan = "orphan",
    Parataxis = "parataxis", Punct = "punct", Reparandum = "reparandum", Root = "root",
    Vocative = "vocative", Xcomp = "xcomp",
}

impl Deprel {
    /// Parses a CoNLL-U DEPREL, folding unknown subtypes into their base relation and
    /// anything unknown into `dep`.
    pub fn parse(s: &str) -> Deprel {
        let find = |s: &str| Deprel::ALL.iter().copied().find(|d| d.as_str() == s);
        find(s).or_else(|| s.split_once(':').and_then(|(base, _)| find(base))).unwrap_or(Deprel::Dep)
    }

    /// The relation without its subtype (`nsubj:pass` → `nsubj`).
    pub fn base(self) -> Deprel {
        match self {
            Deprel::AclRelcl => Deprel::Acl,
            Deprel::AuxPass => Deprel::Aux,
            Deprel::CompoundPrt => Deprel::Compound,
            Deprel::NmodPoss => Deprel::Nmod,
            Deprel::NsubjPass => Deprel::Nsubj,
            Deprel::OblAgent => Deprel::Obl,
            d => d,
        }
    }

    /// The relation with discriminant `i` (`dep` when out of range).
    pub fn from_index(i: usize) -> Deprel {
        Deprel::ALL.get(i).copied().unwrap_or(Deprel::Dep)
    }

    /// Subjects of any kind (`nsubj`, `nsubj:pass`, `csubj`).
    pub fn is_subject(self) -> bool {
        matches!(self, Deprel::Nsubj | Deprel::NsubjPass | Deprel::Csubj)
    }

    /// Clausal complements and adjuncts: what a reporting verb's content hangs on.
    pub fn is_clausal(self) -> bool {
        matches!(self, Deprel::Ccomp | Deprel::Xcomp | Deprel::Advcl | Deprel::Parataxis | Deprel::Csubj)
    }
}

impl std::fmt::Display for Deprel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_folds_subtypes() {
        for (i, d) in Deprel::ALL.iter().enumerate() {
            assert_eq!(*d as usize, i);
            assert_eq!(Deprel::parse(d.as_str()), *d);
        }
        assert_eq!(Deprel::parse("nsubj:pass"), Deprel::NsubjPass);
        assert_eq!(Deprel::parse("obl:tmod"), Deprel::Obl);
        assert_eq!(Deprel::parse("whatever"), Deprel::Dep);
        assert_eq!(Deprel::NsubjPass.base(), Deprel::Nsubj);
        assert_eq!(Deprel::ALL.len(), 43);
    }
}
