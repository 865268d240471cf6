//! The hedge word lists in `data/hedges/`, matched against lower-cased tokens.
//!
//! Why lists as features rather than as the answer: a regex over the best public lists
//! finds most cues but flags every "would", "about" and "that" (precision 25 on news).
//! The tagger instead sees "this token starts / continues an entry of list L" and learns
//! from the gold data how much each list is worth in each context. Our own list
//! (`cues.txt`) also carries a Szeged type, used as a feature, as the default type of a
//! learned cue, and as the whole answer in the rule-based fallback.
//!
//! Matching is by first word (a hash map) then a token-by-token comparison, so a
//! sentence costs one probe per token; entries are split on spaces exactly as the
//! tokenizer splits words, and entries the tokenizer could never produce simply never
//! match.

use crate::schema::HedgeType;
use std::sync::OnceLock;

pub use crate::tag::FastMap;

/// Which list an entry comes from (its index is part of the feature string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// npm `hedges` (MIT).
    NpmHedges,
    /// npm `weasels` (MIT).
    NpmWeasels,
    /// npm `weasel-words`, the list write-good uses (MIT).
    WeaselWords,
    /// Columbia hedge dictionary, propositional hedges.
    ColumbiaProp,
    /// Columbia hedge dictionary, relational hedges.
    ColumbiaRel,
    /// newsmark's own list with Szeged types.
    Cues,
}

impl List {
    pub fn name(self) -> &'static str {
        match self {
            List::NpmHedges => "npm-hedges",
            List::NpmWeasels => "npm-weasels",
            List::WeaselWords => "weasel-words",
            List::ColumbiaProp => "columbia-prop",
            List::ColumbiaRel => "columbia-rel",
            List::Cues => "cues",
        }
    }
}

/// Longer entries are ignored (none of the lists has one); the bound keeps the lookup
/// of matches around a token constant-time.
pub const MAX_ENTRY_WORDS: usize = 8;

#[derive(Clone, Debug)]
pub struct Entry {
    pub words: Vec<String>,
    pub list: List,
    /// Only for [`List::Cues`].
    pub kind: Option<HedgeType>,
}

/// A match of one entry over tokens `start..start + len` of a sentence.
#[derive(Clone, Copy, Debug)]
pub struct Match<'l> {
    pub start: usize,
    pub len: usize,
    pub entry: &'l Entry,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    by_first: FastMap<String, Vec<Entry>>,
}

impl Lexicon {
    /// All shipped lists, parsed once.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let mut lex = Lexicon::default();
            lex.add_list(include_str!("../../data/hedges/npm-hedges.txt"), |_| Some(List::NpmHedges));
            lex.add_list(include_str!("../../data/hedges/npm-weasels.txt"), |_| Some(List::NpmWeasels));
            lex.add_list(include_str!("../../data/hedges/npm-weasel-words.txt"), |_| Some(List::WeaselWords));
            lex.add_list(include_str!("../../data/hedges/columbia-hedges.txt"), |t| match t {
                "hProp" => Some(List::ColumbiaProp),
                "hRel" => Some(List::ColumbiaRel),
                _ => None,
            });
            lex.add_list(include_str!("../../data/hedges/cues.txt"), |_| Some(List::Cues));
            lex
        })
    }

    /// Adds `entry[<TAB>tag]` lines; `#` lines are comments. For the cue list the tag
    /// is a [`HedgeType`]; for the others `list_of` maps it to a list.
    fn add_list(&mut self, text: &str, list_of: impl Fn(&str) -> Option<List>) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (phrase, tag) = line.split_once('\t').unwrap_or((line, ""));
            let Some(list) = list_of(tag) else { continue };
            let kind = if list == List::Cues { HedgeType::parse(tag) } else { None };
            let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            if words.len() > MAX_ENTRY_WORDS {
                continue;
            }
            let Some(first) = words.first().cloned() else { continue };
            self.by_first.entry(first).or_default().push(Entry { words, list, kind });
        }
    }

    /// Every entry matching at some position of `lower` (lower-cased tokens), in order
    /// of start; appended to `out`.
    #[cfg(test)]
    pub fn matches<'l, S: AsRef<str>>(&'l self, lower: &[S], out: &mut Vec<Match<'l>>) {
        for i in 0..lower.len() {
            self.matches_at(lower, i, out);
        }
    }

    /// The entries matching `lower` from position `i`, appended to `out`.
    pub fn matches_at<'l, S: AsRef<str>>(&'l self, lower: &[S], i: usize, out: &mut Vec<Match<'l>>) {
        let Some(entries) = lower.get(i).and_then(|w| self.by_first.get(w.as_ref())) else { return };
        for e in entries {
            let n = e.words.len();
            let fits = lower
                .get(i..i + n)
                .is_some_and(|toks| toks.iter().zip(&e.words).all(|(t, w)| t.as_ref() == w));
            if fits {
                out.push(Match { start: i, len: n, entry: e });
            }
        }
    }

    /// The type our own list gives a phrase (lower case, space-separated), if listed.
    pub fn cue_type(&self, phrase: &str) -> Option<HedgeType> {
        let first = phrase.split(' ').next()?;
        self.by_first.get(first)?.iter().find_map(|e| {
            let same = e.list == List::Cues && e.words.iter().map(String::as_str).eq(phrase.split(' '));
            if same {
                e.kind
            } else {
                None
            }
        })
    }

    /// True when `word` (lower case) begins any entry of any list.
    pub fn starts_entry(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_multiword_entries_match() {
        let lex = Lexicon::get();
        let toks = ["there", "are", "fears", "that", "it", "may", "fail"];
        let mut m = Vec::new();
        lex.matches(&toks, &mut m);
        assert!(m.iter().any(|m| m.start == 0 && m.len == 3 && m.entry.kind == Some(HedgeType::Weasel)));
        assert!(m.iter().any(|m| m.start == 5 && m.entry.list == List::NpmHedges));
        assert!(!m.iter().any(|m| m.start == 6));
        assert_eq!(lex.cue_type("whether or not"), Some(HedgeType::HypoInvestigation));
        assert_eq!(lex.cue_type("may"), Some(HedgeType::ModalProbable));
        assert_eq!(lex.cue_type("table"), None);
    }

    #[test]
    fn columbia_types_become_lists() {
        let lex = Lexicon::get();
        let mut m = Vec::new();
        lex.matches(&["sort", "of"], &mut m);
        assert!(m.iter().any(|m| m.len == 2 && m.entry.list == List::ColumbiaProp));
    }
}
