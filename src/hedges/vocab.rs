//! What the hedge layer knows of a word on its own, with no sentence around it: the cue
//! vocabulary, the lower-cased form the layer compares, and the reporting verbs.
//!
//! Why a leaf module: the per-document word table ([`super::words`]), the sentence view
//! ([`super::sentence`]), the register ([`super::register`]) and the cue tagger
//! ([`super::cues`]) all read these, and keeping them here, depending on nothing else
//! of the layer, keeps the layer's modules a chain rather than a cycle.

use crate::tag::FastSet;
use std::sync::OnceLock;

static VOCAB_TEXT: &str = include_str!("../../data/hedges/cue-vocab.txt");

/// Words that may be (part of) a cue.
#[derive(Clone, Debug, Default)]
pub struct Vocab {
    words: FastSet<String>,
}

impl Vocab {
    /// The shipped vocabulary, parsed once.
    pub fn get() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| Vocab::parse(VOCAB_TEXT))
    }

    pub fn parse(text: &str) -> Vocab {
        let words = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
        Vocab { words: words.map(str::to_string).collect() }
    }

    #[cfg(any(test, feature = "train"))]
    pub fn from_words(words: impl IntoIterator<Item = String>) -> Vocab {
        Vocab { words: words.into_iter().collect() }
    }

    #[cfg(feature = "train")]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    /// Sorted, one a line (the file format, without its header).
    #[cfg(feature = "train")]
    pub fn to_lines(&self) -> String {
        let mut w: Vec<&str> = self.words.iter().map(String::as_str).collect();
        w.sort_unstable();
        w.iter().map(|w| format!("{w}\n")).collect()
    }
}

/// Lower case with typographic apostrophes made straight ("Won’t" → "won't"),
/// borrowing when there is nothing to change. At inference the layer reads this form
/// from the document's table ([`crate::doc::Doc::lower_straight`], tested equal); the
/// trainer's vocabulary is built with it.
#[cfg(any(test, feature = "train"))]
pub fn lowercase(w: &str) -> std::borrow::Cow<'_, str> {
    if w.chars().any(|c| c.is_uppercase() || c == '’') {
        std::borrow::Cow::Owned(w.to_lowercase().replace('’', "'"))
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// Reporting verbs, for "would" in reported speech. A `match` rather than a list
/// scan: it runs once per token.
pub fn is_reporting(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "announced"
            | "predicted"
            | "promised"
            | "warned"
            | "insisted"
            | "stated"
            | "noted"
            | "claimed"
            | "argued"
            | "reported"
            | "explained"
            | "acknowledged"
            | "indicated"
            | "vowed"
            | "pledged"
            | "hoped"
            | "hopes"
            | "agreed"
            | "decided"
            | "threatened"
            | "expected"
            | "believed"
            | "thought"
    )
}
