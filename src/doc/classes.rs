//! Distributional word classes (issue 18): the class of a lower-cased word in
//! `data/words/classes.bin`, k-means classes of GloVe vectors at three levels.
//!
//! Why: words that occur in the same contexts share a class (leaders with leaders,
//! companies with companies, cities with cities), so a tagger that has never seen a
//! word in training still knows what kind of word it is. A word that is *not* in the
//! table (not among GloVe's 65,536 most frequent words) is itself worth knowing.
//!
//! The table is a keyless 3-wise XOR static function with a 6-bit fingerprint (format
//! and hash in `data/words/README.md`; `scripts/lib/word_tables.py` is the reference
//! reader). It is parsed once into a static; a look-up is one hash of the word and
//! three cell reads, no allocation.

use std::sync::OnceLock;

static BYTES: &[u8] = include_bytes!("../../data/words/classes.bin");

/// A word's class: its finest id, from which the coarser ones follow (prefixes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Class(u16);

/// Number of class levels (64, 256 and 1,024 classes, coarsest first).
pub const LEVELS: usize = 3;

impl Class {
    /// The class id at `level` (0: of 64, 1: of 256, 2: of 1,024; a coarser id is the
    /// finest id's prefix). Levels past the last give the finest id.
    #[inline]
    pub fn at(self, level: usize) -> u16 {
        let shift = 2 * (LEVELS - 1).saturating_sub(level);
        self.0 >> shift
    }

    /// The finest id.
    #[inline]
    pub fn id(self) -> u16 {
        self.0
    }

    /// The class of finest id `id` (as [`Class::id`] gave it).
    #[inline]
    pub(crate) fn from_id(id: u16) -> Class {
        Class(id)
    }
}

/// The parsed table: the header's parameters and the cells (borrowed from the bytes).
#[derive(Debug)]
pub struct Table {
    seed: u64,
    block: u64,
    cells: &'static [u8],
    class_bits: u32,
    fp_bits: u32,
}

/// The shipped table, parsed on first use. A table that fails to parse (a unit test
/// guards the shipped one) reads as empty: every word unknown, never a panic.
pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let t = Table::parse(BYTES);
        debug_assert!(t.is_ok(), "{t:?}");
        t.unwrap_or(Table { seed: 0, block: 0, cells: &[], class_bits: 10, fp_bits: 6 })
    })
}

/// The class of `lower` (a lower-cased word) in the shipped table.
#[inline]
pub fn of(lower: &str) -> Option<Class> {
    table().lookup(lower)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The table's hash of a word: FNV-1a 64 of its bytes, then splitmix64's finaliser
/// of that XOR the seed.
fn word_hash(word: &str, seed: u64) -> u64 {
    let h = word.bytes().fold(FNV_OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME));
    let mut z = h ^ seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Table {
    /// Reads the format of `data/words/README.md`, version 1, with 2-byte cells.
    pub fn parse(bytes: &'static [u8]) -> Result<Table, String> {
        let nul = bytes.iter().position(|&b| b == 0).ok_or("no header end")?;
        let header = std::str::from_utf8(&bytes[..nul]).map_err(|e| e.to_string())?;
        if header.lines().next() != Some("format: newsmark-word-classes 1") {
            return Err("not a newsmark-word-classes 1 table".into());
        }
        let field = |key: &str| -> Result<String, String> {
            header
                .lines()
                .filter(|l| !l.starts_with('#'))
                .find_map(|l| {
                    l.split_once(':').filter(|(k, _)| k.trim() == key).map(|(_, v)| v.trim().to_string())
                })
                .ok_or_else(|| format!("no {key}"))
        };
        let num = |s: String| s.parse::<u64>().map_err(|e| e.to_string());
        let seed = u64::from_str_radix(&field("seed")?, 16).map_err(|e| e.to_string())?;
        let block = num(field("block")?)?;
        let cell_bytes = num(field("cell-bytes")?)?;
        let class_bits = num(field("class-bits")?)? as u32;
        let fp_bits = num(field("fingerprint-bits")?)? as u32;
        if field("levels")? != "64 256 1024"
            || class_bits != 10
            || cell_bytes != 2
            || class_bits + fp_bits > 16
        {
            return Err("unsupported levels or cell layout".into());
        }
        if field("hash")? != "fnv1a64-splitmix64" {
            return Err("unsupported hash".into());
        }
        let cells = &bytes[nul + 1..];
        if cells.len() as u64 != 3 * block * cell_bytes || block == 0 {
            return Err(format!("{} cell bytes for block {block}", cells.len()));
        }
        Ok(Table { seed, block, cells, class_bits, fp_bits })
    }

    #[inline]
    fn cell(&self, i: u64) -> u16 {
        let i = 2 * i as usize;
        match self.cells.get(i..i + 2) {
            Some(&[a, b]) => u16::from_le_bytes([a, b]),
            _ => 0,
        }
    }

    /// The class of `lower` (lower-cased, as GloVe's keys are), or `None` when the word
    /// is not in the table. A word not in it passes the fingerprint with probability
    /// 2^-6 and then gets an arbitrary class. Words without a letter are never in it.
    pub fn lookup(&self, lower: &str) -> Option<Class> {
        if self.block == 0 || !lower.chars().any(char::is_alphabetic) {
            return None;
        }
        let z = word_hash(lower, self.seed);
        let b = self.block;
        let lo = |x: u64| ((x & 0xffff_ffff) * b) >> 32;
        let v = self.cell(lo(z))
            ^ self.cell(b + lo(z.rotate_left(21)))
            ^ self.cell(2 * b + lo(z.rotate_left(42)));
        let fp = z >> (64 - self.fp_bits);
        (u64::from(v >> self.class_bits) == fp).then_some(Class(v & ((1 << self.class_bits) - 1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vectors of `data/words/README.md` (from the reference reader).
    #[test]
    fn known_words_have_the_readme_classes() {
        assert_eq!(word_hash("", 0xc353_0118_7ab4_962c), 0x6492_808b_d1ed_32b8);
        assert_eq!(word_hash("obama", 0xc353_0118_7ab4_962c), 0x2047_bc91_89d5_ec6c);
        let levels = |w: &str| of(w).map(|c| [c.at(0), c.at(1), c.at(2)]);
        assert_eq!(levels("a"), Some([52, 209, 839]));
        assert_eq!(levels("the"), Some([3, 12, 48]));
        assert_eq!(levels("obama"), Some([5, 21, 87]));
        assert_eq!(levels("google"), Some([16, 66, 267]));
        assert_eq!(levels("café"), Some([8, 32, 130]));
        assert_eq!(of(""), None);
        assert_eq!(of("qzxv-not-a-word"), None);
        assert_eq!(of("1984"), None);
    }

    #[test]
    fn the_shipped_table_parses() {
        assert!(Table::parse(BYTES).is_ok());
        assert!(Table::parse(b"format: other\n\0").is_err());
        assert!(Table::parse(b"").is_err());
    }

    /// Words of one kind share a class at some level; that is what the classes are for.
    #[test]
    fn similar_words_share_coarse_classes() {
        let c = |w: &str| of(w).map(|c| c.at(0));
        assert!(c("paris").is_some() && c("london").is_some());
        assert_eq!(c("monday"), c("tuesday"));
    }
}
