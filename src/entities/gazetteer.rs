//! Gazetteers: lists of known names, matched over tokens, as features for the model.
//!
//! Why features and not answers: "Jordan" is a country, a river and a basketball player,
//! and "Kent" plays cricket; a list can only say "this string is known as a place". The
//! model weighs that against context. Every match is reported per type with its
//! position in the match (B, I, L or U of the entry), so a three-token entry tells all
//! three tokens where they stand.
//!
//! Entries are tokenized with the same tokenizer as the text and looked up by a hash of
//! their lower-cased tokens, so a list entry matches exactly the token sequences the
//! tagger sees, whatever the tokenizer does with "U.S." or "St. Louis". The table is an
//! open-addressing map of 64-bit sequence hashes (no strings kept): each slot also says
//! whether the sequence is a proper prefix of a longer entry, so matching at a token
//! stops as soon as no entry can continue. A match must begin and end on a token with a
//! capital letter, so "us" never matches "US" and "may" never matches anything.
//!
//! The lists live in `data/entities/*.txt`, each with a header saying where it comes
//! from; see `models/entities.md`.

use crate::tag::{fnv_step, FNV_OFFSET};
use crate::text::tokenizer;
#[cfg(test)]
use crate::text::Document;

/// Gazetteer types. `TITLE` marks words like "President" that precede names.
pub const PER: usize = 0;
pub const ORG: usize = 1;
pub const LOC: usize = 2;
pub const MISC: usize = 3;
pub const TITLE: usize = 4;
pub const N_TYPES: usize = 5;

/// The lists shipped with the model: (type, file contents).
pub const LISTS: [(usize, &str); 8] = [
    (LOC, include_str!("../../data/entities/countries.txt")),
    (LOC, include_str!("../../data/entities/cities.txt")),
    (MISC, include_str!("../../data/entities/nationalities.txt")),
    (TITLE, include_str!("../../data/entities/titles.txt")),
    (MISC, include_str!("../../data/entities/misc.txt")),
    (ORG, include_str!("../../data/entities/organisations.txt")),
    (PER, include_str!("../../data/entities/people.txt")),
    (MISC, include_str!("../../data/entities/products.txt")),
];

/// Shifts of the per-word type bits: anywhere in an entry, first of several tokens,
/// last of several, a one-token entry.
pub const WORD_ANY: u32 = 0;
pub const WORD_FIRST: u32 = 8;
pub const WORD_LAST: u32 = 16;
pub const WORD_SINGLE: u32 = 24;

/// Longest entry, in tokens; longer lines are ignored.
pub const MAX_LEN: usize = 6;

const PREFIX: u32 = 0x80;

/// Position of a token inside a gazetteer match, per type: bits `4·type + {0:B,1:I,2:L,3:U}`.
pub type Marks = u32;

#[derive(Clone, Debug)]
pub struct Gazetteer {
    /// Open addressing, `(sequence hash, bits)` (hash 0 = free; a key and its bits share
    /// a cache line, so a lookup costs one miss): type bits (1 << type) of entries
    /// ending here, plus [`PREFIX`].
    entries: Table,
    /// Per word: type bits of the entries that contain it ("Clinton" in "Bill Clinton"),
    /// shifted by [`WORD_ANY`], [`WORD_FIRST`], [`WORD_LAST`] or [`WORD_SINGLE`] for where.
    words: Table,
}

/// An open-addressing map from 64-bit hashes to bits, behind a Bloom filter: most
/// lookups (lower-case words, capitalized words that start no entry) miss, and the
/// filter's 32 KB answers those without touching the megabytes of slots.
#[derive(Clone, Debug)]
struct Table {
    slots: Vec<(u64, u32)>,
    bloom: Vec<u64>,
}

const BLOOM_BITS: u32 = 18;

#[inline]
fn bloom_bits(key: u64) -> (usize, usize) {
    let a = (key >> (64 - BLOOM_BITS)) as usize;
    let b = ((key >> 20) as usize) & ((1 << BLOOM_BITS) - 1);
    (a, b)
}

impl Table {
    fn new(items: &[(u64, u32)]) -> Table {
        let cap = (items.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u64, 0u32); cap];
        let mut bloom = vec![0u64; (1 << BLOOM_BITS) / 64];
        for &(k, v) in items {
            insert(&mut slots, k, v);
            let (a, b) = bloom_bits(k);
            bloom[a / 64] |= 1 << (a % 64);
            bloom[b / 64] |= 1 << (b % 64);
        }
        Table { slots, bloom }
    }

    #[inline]
    fn get(&self, key: u64) -> u32 {
        let (a, b) = bloom_bits(key);
        let has = |i: usize| self.bloom.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0);
        if !(has(a) && has(b)) {
            return 0;
        }
        get(&self.slots, key)
    }
}

/// Lower-cases ASCII letters while hashing; other bytes pass through unchanged.
#[inline]
pub fn token_hash(s: &str) -> u64 {
    key_of_fnv(s.bytes().fold(FNV_OFFSET, |h, b| fnv_step(h, b.to_ascii_lowercase())))
}

/// [`token_hash`] from the FNV-1a state of the lower-cased bytes, for a caller that
/// hashes them anyway.
#[inline]
pub(crate) fn key_of_fnv(h: u64) -> u64 {
    mix(h)
}

#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h | 1 // 0 marks an empty slot
}

#[inline]
fn extend(seq: u64, tok: u64) -> u64 {
    mix(seq.rotate_left(17) ^ tok.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

#[cfg(test)]
fn has_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase)
}

/// A key's first slot. Keys have their low bit forced to 1 (0 marks a free slot), so
/// the slot comes from the bits above it: using the low bits would leave every even slot
/// without a home and make probe chains several times longer.
#[inline]
fn home(key: u64, mask: usize) -> usize {
    (key >> 1) as usize & mask
}

fn insert(table: &mut [(u64, u32)], key: u64, bits: u32) {
    let mask = table.len() - 1;
    let mut s = home(key, mask);
    loop {
        let slot = &mut table[s];
        if slot.0 == 0 {
            *slot = (key, bits);
            return;
        }
        if slot.0 == key {
            slot.1 |= bits;
            return;
        }
        s = (s + 1) & mask;
    }
}

#[inline]
fn get(table: &[(u64, u32)], key: u64) -> u32 {
    if table.is_empty() {
        return 0;
    }
    let mask = table.len() - 1;
    let mut s = home(key, mask);
    loop {
        let (k, v) = table[s];
        if k == key {
            return v;
        }
        if k == 0 {
            return 0;
        }
        s = (s + 1) & mask;
    }
}

/// Small words that occur inside names but say nothing on their own.
fn is_filler(s: &str) -> bool {
    s.len() < 2
        || !s.chars().next().is_some_and(char::is_alphabetic)
        || ["of", "the", "and", "de", "la", "le", "van", "von", "der", "del", "for", "in", "at", "on"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(s))
}

impl Gazetteer {
    /// Builds from `(type, list text)` pairs; `#` lines and blank lines are skipped.
    pub fn new(lists: &[(usize, &str)]) -> Gazetteer {
        let mut entries: Vec<(u64, u32)> = Vec::new();
        let mut words: Vec<(u64, u32)> = Vec::new();
        for &(ty, text) in lists {
            let bit = 1u32 << ty;
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let toks = tokenizer::tokenize(line);
                if toks.is_empty() || toks.len() > MAX_LEN {
                    continue;
                }
                let mut h = 0u64;
                for (k, t) in toks.iter().enumerate() {
                    let s = line.get(t.span.range()).unwrap_or("");
                    h = extend(h, token_hash(s));
                    entries.push((h, if k + 1 == toks.len() { bit } else { PREFIX }));
                    if ty != TITLE && !is_filler(s) {
                        let at = match (k, toks.len()) {
                            (_, 1) => WORD_SINGLE,
                            (0, _) => WORD_FIRST,
                            (k, n) if k + 1 == n => WORD_LAST,
                            _ => WORD_ANY,
                        };
                        words.push((token_hash(s), bit | (bit << at)));
                    }
                }
            }
        }
        Gazetteer { entries: Table::new(&entries), words: Table::new(&words) }
    }

    /// Whether the word `s` (any case) is a one-word entry of a [`TITLE`] list ("Mayor",
    /// "Dr"). Titles stay out of the per-word table: they are known only as entries.
    pub fn is_title(&self, s: &str) -> bool {
        self.entry_types([s]) & (1 << TITLE) != 0
    }

    /// Type bits (1 << type) of the entries that are exactly the words `words` (any case);
    /// 0 when the sequence is no entry. Titles count: the caller masks the types it wants.
    pub fn entry_types<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> u32 {
        let mut h = 0u64;
        let mut n = 0;
        for w in words {
            n += 1;
            if n > MAX_LEN {
                return 0;
            }
            h = extend(h, token_hash(w));
        }
        if n == 0 {
            return 0;
        }
        self.entries.get(h) & !PREFIX
    }

    /// The shipped lists.
    pub fn shipped() -> Gazetteer {
        Gazetteer::new(&LISTS)
    }

    /// Type bits of the entries that contain the single word `s` (any case).
    #[cfg(test)]
    pub fn word_types(&self, s: &str) -> u8 {
        (self.word_marks_key(token_hash(s)) & 0xFF) as u8
    }

    /// Where the word with this [`token_hash`] occurs in entries: type bits shifted by
    /// [`WORD_ANY`], [`WORD_FIRST`], [`WORD_LAST`], [`WORD_SINGLE`].
    #[inline]
    pub fn word_marks_key(&self, key: u64) -> u32 {
        self.words.get(key)
    }

    /// Marks every token of `doc` inside a match, longest match per type and start.
    /// `hashes[i]` must be `token_hash` of token `i`; `out` is resized to the tokens.
    #[cfg(test)]
    pub fn mark(&self, doc: &Document, hashes: &[u64], out: &mut Vec<Marks>) {
        let hashes = hashes.get(..doc.tokens.len()).unwrap_or(hashes);
        self.mark_with(hashes.len(), |i| hashes[i], |i| has_upper(doc.token_str(i)), out);
    }

    /// [`Gazetteer::mark`] over `n` tokens for a caller that has each token's
    /// [`token_hash`] (`key(i)`) and knows which have a capital letter (`upper(i)`),
    /// sparing a scan of every token's characters and a table of every token's hash.
    pub fn mark_with(
        &self,
        n: usize,
        key: impl Fn(usize) -> u64,
        upper: impl Fn(usize) -> bool,
        out: &mut Vec<Marks>,
    ) {
        out.clear();
        out.resize(n, 0);
        for i in 0..n {
            if !upper(i) {
                continue;
            }
            // Longest end (exclusive) per type.
            let mut ends = [0usize; N_TYPES];
            let mut h = 0u64;
            for j in i..n.min(i + MAX_LEN) {
                h = extend(h, key(j));
                let v = self.entries.get(h);
                if v == 0 {
                    break;
                }
                if v & !PREFIX != 0 && upper(j) {
                    for (t, end) in ends.iter_mut().enumerate() {
                        if v & (1 << t) != 0 {
                            *end = j + 1;
                        }
                    }
                }
                if v & PREFIX == 0 {
                    break;
                }
            }
            for (t, &end) in ends.iter().enumerate() {
                if end == 0 {
                    continue;
                }
                if end == i + 1 {
                    out[i] |= 1 << (4 * t + 3);
                } else {
                    out[i] |= 1 << (4 * t);
                    for m in out.iter_mut().take(end - 1).skip(i + 1) {
                        *m |= 1 << (4 * t + 1);
                    }
                    out[end - 1] |= 1 << (4 * t + 2);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(g: &Gazetteer, text: &str) -> Vec<(String, Marks)> {
        let doc = Document::new(text);
        let hashes: Vec<u64> = (0..doc.tokens.len()).map(|i| token_hash(doc.token_str(i))).collect();
        let mut out = Vec::new();
        g.mark(&doc, &hashes, &mut out);
        (0..doc.tokens.len()).map(|i| (doc.token_str(i).to_string(), out[i])).collect()
    }

    const B: u32 = 0;
    const I: u32 = 1;
    const L: u32 = 2;
    const U: u32 = 3;
    fn bit(t: usize, p: u32) -> u32 {
        1 << (4 * t as u32 + p)
    }

    #[test]
    fn entry_types_of_a_whole_sequence() {
        let g = Gazetteer::new(&[(LOC, "New York\nYork\n"), (ORG, "New York Times\nYork\n")]);
        assert_eq!(g.entry_types(["new", "YORK"]), 1 << LOC);
        assert_eq!(g.entry_types(["York"]), (1 << LOC) | (1 << ORG));
        assert_eq!(g.entry_types(["New"]), 0, "a prefix is no entry");
        assert_eq!(g.entry_types(["New", "York", "Times"]), 1 << ORG);
        assert_eq!(g.entry_types(std::iter::empty::<&str>()), 0);
        assert_eq!(g.entry_types(["York"; 9]), 0, "longer than any entry");
    }

    #[test]
    fn marks_multi_token_matches_with_positions() {
        let g = Gazetteer::new(&[(LOC, "# header\nNew York\nNew York City\nYork\n"), (PER, "Ned Price\n")]);
        let m = marks(&g, "Ned Price flew to New York City today.");
        assert_eq!(m[0].1, bit(PER, B));
        assert_eq!(m[1].1, bit(PER, L));
        assert_eq!(m[4].1, bit(LOC, B), "longest match wins per type");
        assert_eq!(m[5].1, bit(LOC, I) | bit(LOC, U), "a shorter entry starting inside still marks");
        assert_eq!(m[6].1, bit(LOC, L));
        assert_eq!(m[7].1, 0);
    }

    #[test]
    fn matching_is_case_insensitive_but_needs_a_capital() {
        let g = Gazetteer::new(&[(LOC, "US\n")]);
        assert_eq!(marks(&g, "the US and us")[1].1, bit(LOC, U));
        assert_eq!(marks(&g, "the US and us")[3].1, 0);
        assert_eq!(marks(&g, "THE us")[1].1, 0);
        assert_eq!(g.word_types("us"), 1 << LOC);
        assert_eq!(g.word_marks_key(token_hash("US")), (1 << LOC) | (1 << (LOC as u32 + WORD_SINGLE)));
        assert_eq!(g.word_types("them"), 0);
    }

    #[test]
    fn shipped_lists_know_the_basics() {
        let g = Gazetteer::shipped();
        let m = marks(&g, "President Clinton visited Ukraine and met German officials.");
        assert_ne!(m[0].1 & bit(TITLE, U), 0);
        assert_ne!(m[3].1 & bit(LOC, U), 0);
        assert_ne!(m[6].1 & bit(MISC, U), 0);
    }
}
