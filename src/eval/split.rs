//! The dev/train split of the corpora that ship without one (Szeged news and Wikipedia).
//!
//! Why a hash of the document id: it needs no list to keep in sync, it is the same in
//! every language (the hedges trainer, this scorer, `bench/peers/score.py`), and adding or
//! removing documents never moves the others between splits. The rule, shared with the
//! hedges engineer: a document is in the dev split iff FNV-1a-32 of its id (UTF-8 bytes)
//! modulo 5 is 0 — about a fifth of the documents.

/// FNV-1a, 32 bits, over the UTF-8 bytes of `s`.
pub fn fnv1a32(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in s.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// True when the document with this id is held out for development.
pub fn is_dev_doc(id: &str) -> bool {
    fnv1a32(id) % 5 == 0
}

/// Which documents of a file to score: `newsmark eval --split dev|train|all`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Split {
    #[default]
    /// Every document.
    All,
    /// The dev split: documents whose id hash is 0 mod 5 ([`is_dev_doc`]).
    Dev,
    /// The rest.
    Train,
}

impl Split {
    /// `all`, `dev` or `train`.
    pub fn parse(s: &str) -> Option<Split> {
        match s {
            "all" => Some(Split::All),
            "dev" => Some(Split::Dev),
            "train" => Some(Split::Train),
            _ => None,
        }
    }

    /// The name [`Split::parse`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::All => "all",
            Split::Dev => "dev",
            Split::Train => "train",
        }
    }

    /// Whether the document `id` is in this split.
    pub fn contains(self, id: &str) -> bool {
        match self {
            Split::All => true,
            Split::Dev => is_dev_doc(id),
            Split::Train => !is_dev_doc(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a32_reference_values() {
        // Published FNV-1a test vectors.
        assert_eq!(fnv1a32(""), 0x811c_9dc5);
        assert_eq!(fnv1a32("a"), 0xe40c_292c);
        assert_eq!(fnv1a32("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn splits_partition_the_ids() {
        let ids: Vec<String> = (0..1000).map(|i| format!("szeged-wiki-doc_{i}")).collect();
        let dev = ids.iter().filter(|id| Split::Dev.contains(id)).count();
        let train = ids.iter().filter(|id| Split::Train.contains(id)).count();
        assert_eq!(dev + train, 1000);
        assert!((150..250).contains(&dev), "about a fifth: {dev}");
        assert!(ids.iter().all(|id| Split::All.contains(id)));
    }
}
