//! Entity features: what the tagger sees of each token.
//!
//! The set follows the classic linear NER systems (Ratinov & Roth 2009): the word and
//! its lower-cased form, shape, affixes, ±2 neighbours, capitalization in context,
//! gazetteer matches, and non-local features from the rest of the document.
//!
//! - **Capitalization in context.** A capital letter means little at a sentence start
//!   or in an all-caps headline ("SOCCER - JAPAN GET LUCKY WIN"). Those positions get
//!   their own features, plus what the *document* says about the word: does it appear
//!   lower-case mid-sentence elsewhere (a common word) or capitalized mid-sentence
//!   elsewhere (a name)?
//! - **Gazetteers.** Per type, the token's position (B/I/L/U) in a list match, for the
//!   token and its neighbours, and whether the single word occurs in any entry.
//! - **Word classes.** The distributional class ([`crate::doc::classes`]) of the token
//!   and of its neighbours at ±1, at each of the three levels, and the finest class
//!   with the shape: what kind of word it is when the word itself was rare or absent in
//!   training (a leader's surname, a company founded after 1996). Per type, in its row.
//! - **Document consistency (second pass).** [`Extractor::set_prior`] takes the labels a
//!   first pass gave every token; each capitalized token then sees which types the
//!   *other* occurrences of the same word got, so "Clinton" alone is a person because
//!   "Bill Clinton" was one three sentences earlier, and a headline's "JAPAN" follows
//!   the "Japan" of the body.
//!
//! Speed: [`Extractor::prepare`] hashes each token once (exact, lower-cased, shape,
//! affixes) into a reused table; features of a sentence are then cheap integer mixes
//! of those hashes, pushed into a reused [`Features`] buffer. Nothing allocates per
//! token once the buffers are warm; no `String` is built.

use super::gazetteer::{self, Gazetteer, Marks, N_TYPES};
use crate::doc::classes::{Class, LEVELS};
use crate::doc::Doc;
use crate::tag::types::{KnownTypes, WordTypes, NEIGHBOURS};
use crate::tag::{fnv_step, release_large, Features, IdHasher, Model, FNV_OFFSET};
use crate::text::{Document, TokenKind};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

/// The feature set's version, recorded in the model and checked on load.
pub const META: &str = "entities-features-v3";

/// Entity types the first pass can report per token (index into the prior counts).
pub const N_PRIOR: usize = 4;

// Templates. Their numbers are part of the model: renumbering needs retraining.
const T_BIAS: u64 = 1;
const T_WORD: u64 = 2;
const T_LOWER: u64 = 3; // + offset (5 slots)
const T_SHAPE: u64 = 10; // + offset (5 slots)
const T_PREFIX: u64 = 16; // + length
const T_SUFFIX: u64 = 21; // + length
const T_BIGRAM_L: u64 = 26;
const T_BIGRAM_R: u64 = 27;
const T_SHAPE3: u64 = 28;
const T_CAPCTX: u64 = 29;
const T_CAPCTX_WORD: u64 = 30;
const T_GAZ: u64 = 31; // + offset (3 slots)
const T_GAZ_WORD: u64 = 35;
const T_DOCCASE: u64 = 36;
const T_DOCCASE_SHAPE: u64 = 37;
const T_PRIOR: u64 = 38;
const T_PRIOR_SHAPE: u64 = 39;
const T_HEADLINE_WORD: u64 = 40;
const T_SHAPE_WORD_R: u64 = 41;
const T_LEN: u64 = 42;
const T_GAZ_WORD_BIT: u64 = 43;
const T_WORD_SHAPE_L: u64 = 44;
const T_AGG_PREV: u64 = 45;
const T_AGG_NEXT: u64 = 46;
const T_CLASS: u64 = 47; // + level (3 slots)
const T_CLASS_SHAPE: u64 = 50;
const T_CLASS_NEAR: u64 = 51; // + 3 * side (previous, next) + level (6 slots)

/// [`Tok::class`] of a word not in the class table.
const NO_CLASS: u16 = u16::MAX;
/// The class a neighbour past the sentence edge gives.
const EDGE_CLASS: u16 = u16::MAX - 1;

/// Other occurrences of a word whose contexts a token sees (bounds the work per token).
const AGG_MAX: usize = 4;

const BOS: u64 = 0x5EED_0001;
const EOS: u64 = 0x5EED_0002;

/// Hashes and flags of a word type (a distinct string, read as written or upper-cased),
/// computed once per type: every occurrence shares them, so a token costs its type id
/// and a byte of [`Extractor::flags`], not a copy of these 112 bytes.
#[derive(Clone, Copy, Debug, Default)]
struct Tok {
    /// Exact form, digits folded to 0.
    word: u64,
    /// Lower-cased form, digits folded to 0.
    lower: u64,
    /// Lower-cased form for gazetteers and document statistics (digits kept).
    key: u64,
    shape: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
    n_chars: u8,
    /// First character is upper-case.
    cap: bool,
    /// Has letters, none of them lower-case.
    all_caps: bool,
    /// Has a letter.
    alpha: bool,
    /// Has a lower-case letter.
    has_lower: bool,
    /// Has an upper-case letter as written (the gazetteer wants one in a match).
    has_upper: bool,
    /// Number of letters (saturating).
    letters: u8,
    /// Where this word occurs in gazetteer entries ([`Gazetteer::word_marks_key`]).
    gaz_words: u32,
    /// Its word class ([`crate::doc::classes::Class::id`]), or [`NO_CLASS`].
    class: u16,
}

#[derive(Clone, Copy, Debug, Default)]
struct DocStat {
    /// Occurrences written lower-case, not at a sentence start.
    lower: u16,
    /// Occurrences capitalized mid-sentence in a normal (not all-caps) line.
    cap_mid: u16,
    /// First-pass types of the capitalized occurrences: PER, ORG, LOC, MISC, and O.
    prior: [u16; N_PRIOR + 1],
}

/// [`Extractor::flags`]: the token stands in a title-case headline and is read upper-cased.
const RECASED: u8 = 1;
/// A position where capitals say little: sentence start (after any opening quotes).
const SENT_START: u8 = 2;
/// The token's line is an all-caps headline.
const HEADLINE: u8 = 4;

/// Reusable feature extraction state: one per thread, reused across documents.
#[derive(Default)]
pub struct Extractor {
    /// Per word type ([`Extractor::types`]): its hashes and flags.
    toks: Vec<Tok>,
    /// Per token: [`RECASED`], [`SENT_START`], [`HEADLINE`].
    flags: Vec<u8>,
    marks: Vec<Marks>,
    /// Per token: the first pass's type (0..4) or `N_PRIOR` for O; empty before a first pass.
    prior: Vec<u8>,
    stats: HashMap<u64, DocStat, BuildHasherDefault<IdHasher>>,
    /// Capitalized occurrences `(key, token)`, sorted: the contexts of a word elsewhere.
    occ: Vec<(u64, u32)>,
    /// The document's distinct token strings (a title-case headline's apart).
    types: WordTypes,
}

#[inline]
fn fnv(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(FNV_OFFSET, fnv_step)
}

#[inline]
fn fold_digit(b: u8) -> u8 {
    if b.is_ascii_digit() {
        b'0'
    } else {
        b
    }
}

/// Where the word of `t` occurs in gazetteer entries; 0 for a token without letters.
#[inline]
fn gaz_words(t: &Tok, gaz: &Gazetteer) -> u32 {
    if t.alpha {
        gaz.word_marks_key(t.key)
    } else {
        0
    }
}

/// Scores the type rows of `words` with `model`, as [`super::Tagger::names`] scores a
/// type of each string written as is (not read upper-cased) in a document.
pub fn known_types(model: &Model, gaz: &Gazetteer, words: impl Iterator<Item = &'static str>) -> KnownTypes {
    let ex = Extractor::default();
    KnownTypes::build(
        model,
        words,
        |w| {
            let t = ex.read(w, false);
            let class = crate::doc::words::class_of(w).map_or(NO_CLASS, |c| c.id());
            Tok { gaz_words: gaz_words(&t, gaz), class, ..t }
        },
        |t, f| ex.push_type(t, f),
        |t, slot, f| push_neighbour(slot, t.lower, t.shape, t.class, f),
    )
}

/// The set bits of `m`, lowest first (a loop over all 32 bits cost more than the
/// features it pushed: most marks are zero).
#[inline]
fn set_bits(mut m: u32) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        (m != 0).then(|| {
            let bit = m.trailing_zeros();
            m &= m - 1;
            bit
        })
    })
}

/// A feature id from a template and a value hash.
#[inline]
fn fid(template: u64, v: u64) -> u32 {
    let mut h = v ^ template.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    h as u32
}

#[inline]
fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(23) ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The shape of `s` ("Xxx", "dd-dd"); `upper`: as if `s` were upper-cased.
fn shape_hash(s: &str, upper: bool) -> u64 {
    let mut last = 0u8;
    let mut run = 0;
    let classes = s.chars().filter_map(move |c| {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            if upper {
                b'X'
            } else {
                b'x'
            }
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'o'
        };
        // Runs of one class collapse after two: "Xxxxx" and "Xxx" share "Xxx"... kept short.
        if k == last {
            run += 1;
            if run >= 2 {
                return None;
            }
        } else {
            run = 0;
        }
        last = k;
        Some(k)
    });
    fnv(classes)
}

impl Extractor {
    /// Whether token `k` of the prepared document stands in a line read as a headline
    /// (title case, read upper-cased, or all caps).
    #[cfg(feature = "train")]
    pub fn in_headline(&self, k: usize) -> bool {
        self.flags.get(k).is_some_and(|f| f & (RECASED | HEADLINE) != 0)
    }

    /// Hashes every word type of `doc` and gathers document statistics and gazetteer marks.
    pub fn prepare(&mut self, doc: &Doc, gaz: &Gazetteer) {
        let n = doc.tokens.len();
        self.toks.clear();
        self.prior.clear();
        self.stats.clear();
        title_case_lines(doc, &mut self.flags);
        let flags = &self.flags;
        self.types.split(doc.words().types(), doc, |k| flags.get(k).copied().unwrap_or(0) & RECASED);
        self.toks.reserve_exact(self.types.len());
        for ty in 0..self.types.len() {
            let k = self.types.first(ty);
            let t = self.read(doc.token_str(k), self.is_recased(k));
            let words = doc.words();
            let class = words.class(words.of(k)).map_or(NO_CLASS, |c| c.id());
            self.toks.push(Tok { class, ..t });
        }
        // Gazetteer words, looked up in a loop of their own: each lookup is a likely cache
        // miss in a table of megabytes, and independent lookups back to back overlap
        // those misses where the hashing between them would serialize them.
        for t in &mut self.toks {
            t.gaz_words = gaz_words(t, gaz);
        }
        // Headline lines: no lower-case letter, and at least four letters.
        for line in doc.lines() {
            if line.end > n {
                continue;
            }
            let letters: u32 = line.clone().map(|k| self.at(k).letters as u32).sum();
            if letters >= 4 && line.clone().all(|k| !self.at(k).has_lower) {
                self.flags[line].iter_mut().for_each(|f| *f |= HEADLINE);
            }
        }
        for s in &doc.sentences {
            let mut k = s.tokens.start;
            while k < s.tokens.end && doc.tokens[k].kind == TokenKind::Quote {
                k += 1;
            }
            if let Some(f) = self.flags.get_mut(k) {
                *f |= SENT_START;
            }
        }
        for k in 0..n {
            let t = self.at(k);
            if !t.alpha {
                continue;
            }
            let (cap, all_caps, key) = (t.cap, t.all_caps, t.key);
            let (sent_start, headline) = (self.sent_start(k), self.headline(k));
            let st = self.stats.entry(key).or_default();
            if !cap && !sent_start {
                st.lower = st.lower.saturating_add(1);
            } else if cap && !sent_start && !headline && !all_caps {
                st.cap_mid = st.cap_mid.saturating_add(1);
            }
        }
        let (toks, types) = (&self.toks, &self.types);
        let tok = |i: usize| toks.get(types.of(i));
        gaz.mark_with(
            n,
            |i| tok(i).map_or(0, |t| t.key),
            |i| tok(i).is_some_and(|t| t.has_upper),
            &mut self.marks,
        );
        self.occ.clear();
        for k in 0..n {
            let t = self.at(k);
            if t.alpha && (t.cap || t.all_caps) {
                self.occ.push((t.key, k as u32));
            }
        }
        self.occ.sort_unstable();
    }

    /// Gives back the per-document buffers of a text far longer than an article, so
    /// they do not sit under the next layer's working memory; an article's are kept
    /// for the next document.
    pub fn release_large(&mut self) {
        release_large(&mut self.toks);
        release_large(&mut self.flags);
        release_large(&mut self.marks);
        release_large(&mut self.prior);
        release_large(&mut self.occ);
        if self.stats.capacity() * std::mem::size_of::<(u64, DocStat)>() > crate::tag::KEEP_BYTES {
            self.stats = HashMap::default();
        }
        self.types.release_large();
    }

    /// Token `i`'s word type.
    #[inline]
    fn at(&self, i: usize) -> &Tok {
        &self.toks[self.types.of(i)]
    }

    #[inline]
    fn sent_start(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & SENT_START != 0)
    }

    #[inline]
    fn headline(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & HEADLINE != 0)
    }

    /// Lower-cased neighbours of token `j` (`BOS`/`EOS` across sentence edges).
    fn neighbours(&self, j: usize) -> (u64, u64) {
        let prev = if j == 0 || self.sent_start(j) { BOS } else { self.at(j - 1).lower };
        let next =
            if j + 1 < self.flags.len() && !self.sent_start(j + 1) { self.at(j + 1).lower } else { EOS };
        (prev, next)
    }

    /// The hashes and flags of the string `s`; `upper`: read it as if upper-cased (the
    /// words of a title-case headline). Case folding is ASCII for the word hash, like
    /// every hash here, so no Unicode case-mapping tables ship in the wasm.
    fn read(&self, s: &str, upper: bool) -> Tok {
        let b = s.as_bytes();
        let ascii = s.is_ascii();
        let mut prefix = [0u64; 4];
        let mut suffix = [0u64; 4];
        let mut letters = 0u8;
        let mut has_lower = false;
        let mut has_upper = false;
        let (word, lower, key, n_chars);
        if ascii {
            // One pass for the three whole-word hashes, the prefixes (the lower-case
            // hash's running state) and the letter counts: this runs once per word type.
            let (mut w, mut l, mut raw) = (FNV_OFFSET, FNV_OFFSET, FNV_OFFSET);
            for (i, &c) in b.iter().enumerate() {
                let lc = c.to_ascii_lowercase();
                w = fnv_step(w, fold_digit(if upper { c.to_ascii_uppercase() } else { c }));
                l = fnv_step(l, fold_digit(lc));
                raw = fnv_step(raw, lc);
                if i < 4 && i + 1 < b.len() {
                    prefix[i] = raw;
                }
                if c.is_ascii_alphabetic() {
                    letters = letters.saturating_add(1);
                    has_lower |= c.is_ascii_lowercase();
                    has_upper |= c.is_ascii_uppercase();
                }
            }
            (word, lower, key, n_chars) = (w, l, gazetteer::key_of_fnv(raw), b.len());
        } else {
            word = if upper {
                fnv(b.iter().map(|&c| fold_digit(c.to_ascii_uppercase())))
            } else {
                fnv(b.iter().map(|&c| fold_digit(c)))
            };
            lower = fnv(b.iter().map(|&c| fold_digit(c.to_ascii_lowercase())));
            key = gazetteer::token_hash(s);
            n_chars = s.chars().count();
            for k in 1..n_chars.min(5) {
                let p_end = s.char_indices().nth(k).map_or(s.len(), |(i, _)| i);
                prefix[k - 1] = fnv(b[..p_end].iter().map(|c| c.to_ascii_lowercase()));
            }
            for c in s.chars() {
                if c.is_alphabetic() {
                    letters = letters.saturating_add(1);
                    has_lower |= c.is_lowercase();
                }
                has_upper |= c.is_uppercase();
            }
        }
        for k in 1..n_chars.min(5) {
            let s_start =
                if ascii { s.len() - k } else { s.char_indices().nth(n_chars - k).map_or(0, |(i, _)| i) };
            suffix[k - 1] = fnv(b[s_start..].iter().map(|c| c.to_ascii_lowercase()));
        }
        let alpha = letters > 0;
        Tok {
            word,
            lower,
            key,
            shape: shape_hash(s, upper),
            prefix,
            suffix,
            n_chars: n_chars.min(255) as u8,
            cap: s.chars().next().is_some_and(|c| c.is_uppercase() || (upper && c.is_lowercase())),
            all_caps: alpha && (upper || !has_lower),
            alpha,
            has_lower: has_lower && !upper,
            has_upper,
            letters,
            gaz_words: 0,
            class: NO_CLASS,
        }
    }

    /// Records a first pass's per-token types (`0..4` = PER, ORG, LOC, MISC; `4` = O) so
    /// [`Extractor::sentence`] adds the document-consistency features.
    pub fn set_prior(&mut self, types: impl IntoIterator<Item = u8>) {
        self.prior.clear();
        self.prior.extend(types);
        for st in self.stats.values_mut() {
            st.prior = [0; N_PRIOR + 1];
        }
        for (k, &ty) in self.prior.iter().enumerate().take(self.flags.len()) {
            let t = &self.toks[self.types.of(k)];
            if t.alpha && (t.cap || t.all_caps) {
                if let Some(st) = self.stats.get_mut(&t.key) {
                    let slot = (ty as usize).min(N_PRIOR);
                    st.prior[slot] = st.prior[slot].saturating_add(1);
                }
            }
        }
    }

    /// Forgets the first pass (back to first-pass features).
    pub fn clear_prior(&mut self) {
        self.prior.clear();
    }

    /// The second-pass features of token `i`: which types the first pass gave the other
    /// occurrences of the same word.
    #[inline]
    fn push_prior(&self, i: usize, st: &DocStat, own_mid: bool, out: &mut Features) -> bool {
        let Some(&own) = self.prior.get(i) else { return false };
        let mut counts = st.prior;
        let own = (own as usize).min(N_PRIOR);
        counts[own] = counts[own].saturating_sub(1);
        // Each count saturates at u16::MAX, their sum does not: a word with 65,536 or more
        // capitalised occurrences of more than one type would overflow a u16 total.
        let total: u32 = counts.iter().map(|&c| u32::from(c)).sum();
        if total == 0 {
            return false;
        }
        let (best, &n) = counts.iter().enumerate().max_by_key(|&(k, &c)| (c, N_PRIOR - k)).unwrap_or((0, &0));
        let unanimous = u32::from(n) == total;
        let v = best as u64 | ((unanimous as u64) << 4);
        out.push(fid(T_PRIOR, v));
        out.push(fid(T_PRIOR_SHAPE, pair(v, pair(self.at(i).shape, own_mid as u64))));
        // Worth a second look only where the other occurrences disagree with this one.
        best != own || !unanimous
    }

    /// Whether [`Extractor::prior_features`] could give any token of `range` a feature:
    /// false for a sentence with no capitalized word, which a second pass never touches.
    pub fn may_take_prior(&self, range: Range<usize>) -> bool {
        (range.start..range.end.min(self.flags.len())).any(|i| {
            let t = self.at(i);
            t.alpha && (t.cap || t.all_caps)
        })
    }

    /// Only the second-pass features of the tokens in `range` (one per token, possibly
    /// empty): what a second pass adds to the first pass's emission scores. Returns
    /// whether any token's other occurrences disagree with its own first-pass type;
    /// where none do, the priors only confirm the first pass and re-decoding is skipped.
    pub fn prior_features(&self, range: Range<usize>, out: &mut Features) -> bool {
        let mut any = false;
        for i in range.start..range.end.min(self.flags.len()) {
            out.next_token();
            let t = self.at(i);
            if t.alpha && (t.cap || t.all_caps) {
                let st = self.stats.get(&t.key).copied().unwrap_or_default();
                let own_mid = t.cap && !self.sent_start(i) && !self.headline(i) && !t.all_caps;
                any |= self.push_prior(i, &st, own_mid, out);
            }
        }
        any
    }

    /// Appends the features of the tokens in `range` (one sentence) to `out`: for
    /// each token, what its own string says ([`Extractor::push_type_own`]), what its
    /// neighbours' strings say ([`Extractor::push_type_neighbour`]), and its context
    /// ([`Extractor::context_features`]). Training uses this; the tagger scores the
    /// first two once per word type ([`crate::tag::types::TypeScores`]) and the context per token.
    #[cfg(any(test, feature = "train"))]
    pub fn sentence(&self, range: Range<usize>, out: &mut Features) {
        let (a, b) = (range.start, range.end.min(self.flags.len()));
        for i in a..b {
            out.next_token();
            self.push_type(self.at(i), out);
            for (slot, off) in NEIGHBOURS.into_iter().enumerate() {
                let (lower, shape, class) = self.neighbour_type(a, b, i as isize + off);
                push_neighbour(slot, lower, shape, class, out);
            }
            self.push_context(a, b, i, out);
        }
    }

    /// The prepared document's distinct token strings.
    pub fn types(&self) -> &WordTypes {
        &self.types
    }

    /// Whether token `k` is read upper-cased (it stands in a title-case headline).
    pub fn is_recased(&self, k: usize) -> bool {
        self.flags.get(k).is_some_and(|f| f & RECASED != 0)
    }

    /// The features type `ty`'s string gives its own token ([`crate::tag::types::TypeScores::score`]).
    pub fn push_type_own(&self, ty: usize, out: &mut Features) {
        if let Some(t) = self.toks.get(ty) {
            self.push_type(t, out);
        }
    }

    /// The features type `ty`'s string gives a token at `NEIGHBOURS[slot]`; with `None`,
    /// those of the sentence edge there.
    pub fn push_type_neighbour(&self, ty: Option<usize>, slot: usize, out: &mut Features) {
        let (lower, shape, class) = match ty {
            Some(ty) => self.toks.get(ty).map_or((0, 0, NO_CLASS), |t| (t.lower, t.shape, t.class)),
            None if NEIGHBOURS.get(slot).is_some_and(|&off| off < 0) => (BOS, BOS, EDGE_CLASS),
            None => (EOS, EOS, EDGE_CLASS),
        };
        push_neighbour(slot, lower, shape, class, out);
    }

    /// The context features of token `i` of `sentence` (a token range), as one token of
    /// `out`: a tagger scores them token by token, so a sentence of a million tokens
    /// (a text without sentence ends) needs no buffer of all their features.
    pub fn context_token(&self, sentence: &Range<usize>, i: usize, out: &mut Features) {
        let (a, b) = (sentence.start, sentence.end.min(self.flags.len()));
        out.next_token();
        if (a..b).contains(&i) {
            self.push_context(a, b, i, out);
        }
    }

    /// `(lower, shape, class)` of token `k` within the sentence `a..b`, the edge's
    /// outside ([`Extractor::push_type_neighbour`] with `None`).
    #[cfg(any(test, feature = "train"))]
    fn neighbour_type(&self, a: usize, b: usize, k: isize) -> (u64, u64, u16) {
        if k < a as isize || k >= b as isize {
            let (lower, shape) = self.neighbour(a, b, k);
            (lower, shape, EDGE_CLASS)
        } else {
            let t = self.at(k as usize);
            (t.lower, t.shape, t.class)
        }
    }

    /// `(lower, shape)` of token `k` within the sentence `a..b`, `BOS`/`EOS` outside.
    #[inline]
    fn neighbour(&self, a: usize, b: usize, k: isize) -> (u64, u64) {
        if k < a as isize {
            (BOS, BOS)
        } else if k >= b as isize {
            (EOS, EOS)
        } else {
            let t = self.at(k as usize);
            (t.lower, t.shape)
        }
    }

    /// Features that depend only on the token's string.
    fn push_type(&self, t: &Tok, out: &mut Features) {
        out.push(fid(T_BIAS, 0));
        out.push(fid(T_WORD, t.word));
        out.push(fid(T_LOWER + 2, t.lower));
        out.push(fid(T_SHAPE + 2, t.shape));
        for k in 0..4 {
            if t.prefix[k] != 0 {
                out.push(fid(T_PREFIX + k as u64, t.prefix[k]));
                out.push(fid(T_SUFFIX + k as u64, t.suffix[k]));
            }
        }
        out.push(fid(T_LEN, (t.n_chars.min(12) as u64) | ((t.cap as u64) << 8)));
        push_class(T_CLASS, t.class, out);
        if t.class != NO_CLASS {
            out.push(fid(T_CLASS_SHAPE, pair(u64::from(t.class), t.shape)));
        }
        let gw = if t.alpha { t.gaz_words } else { 0 };
        if gw != 0 {
            out.push(fid(T_GAZ_WORD, gw as u64));
            for bit in set_bits(gw) {
                out.push(fid(T_GAZ_WORD_BIT, bit as u64));
            }
        }
    }

    /// Features of token `i` of the sentence `a..b` that depend on more than one string
    /// or on the token's place in the sentence and document.
    fn push_context(&self, a: usize, b: usize, i: usize, out: &mut Features) {
        let t = self.at(i);
        let (sent_start, headline) = (self.sent_start(i), self.headline(i));
        let ii = i as isize;
        let (prev, prev_shape) = self.neighbour(a, b, ii - 1);
        let (next, next_shape) = self.neighbour(a, b, ii + 1);
        out.push(fid(T_BIGRAM_L, pair(prev, t.lower)));
        out.push(fid(T_BIGRAM_R, pair(t.lower, next)));
        out.push(fid(T_SHAPE3, pair(pair(prev_shape, t.shape), next_shape)));
        out.push(fid(T_SHAPE_WORD_R, pair(t.shape, next)));
        out.push(fid(T_WORD_SHAPE_L, pair(prev, t.shape)));
        // Capitalization in context.
        let ctx = (sent_start as u64)
            | ((headline as u64) << 1)
            | ((t.cap as u64) << 2)
            | ((t.all_caps as u64) << 3);
        out.push(fid(T_CAPCTX, ctx));
        if sent_start || headline {
            out.push(fid(T_CAPCTX_WORD, pair(ctx, t.lower)));
        }
        if headline {
            out.push(fid(T_HEADLINE_WORD, t.lower));
        }
        // Gazetteers: this token and its neighbours.
        for (slot, off) in (-1isize..=1).enumerate() {
            let k = ii + off;
            if k < a as isize || k >= b as isize {
                continue;
            }
            let m = self.marks.get(k as usize).copied().unwrap_or(0) & ((1 << (4 * N_TYPES)) - 1);
            for bit in set_bits(m) {
                out.push(fid(T_GAZ + slot as u64, bit as u64));
            }
        }
        // Document statistics for capitalized words.
        if t.alpha && (t.cap || t.all_caps) {
            let st = self.stats.get(&t.key).copied().unwrap_or_default();
            let own_mid = t.cap && !sent_start && !headline && !t.all_caps;
            let cap_mid_else = st.cap_mid.saturating_sub(own_mid as u16) > 0;
            let doccase = (st.lower > 0) as u64 | ((cap_mid_else as u64) << 1) | ((own_mid as u64) << 2);
            out.push(fid(T_DOCCASE, doccase));
            out.push(fid(T_DOCCASE_SHAPE, pair(doccase, t.shape)));
            // Context aggregation: the neighbours of the other occurrences.
            let from = self.occ.partition_point(|&(k, _)| k < t.key);
            let others = self.occ[from..].iter().take_while(|&&(k, _)| k == t.key);
            for &(_, j) in others.filter(|&&(_, j)| j as usize != i).take(AGG_MAX) {
                let (p, n) = self.neighbours(j as usize);
                out.push(fid(T_AGG_PREV, p));
                out.push(fid(T_AGG_NEXT, n));
            }
            self.push_prior(i, &st, own_mid, out);
        }
    }
}

/// Marks the tokens of title-case headline lines ("Hillary Clinton Was Headed to ER But
/// Diverted"), which the tagger reads upper-cased.
///
/// Why: in such a line every content word is capitalized, so capitals no longer single
/// out names, and a model trained on Reuters copy, whose headlines are ALL CAPS, reads
/// "Council Approves Harbour Plan" as one long organization. Upper-cased, the line looks
/// like the headlines the model knows, where it leans on the words themselves and on
/// what the body says about them. A line counts when it is short (30 tokens at most) and
/// either has three or more words, no lower-case word of four letters or more (running
/// text always has some) and a capitalized function word past its first word ("Was",
/// "Of", "After"); or has four or more words, three in four of them capitalized, at most
/// one long lower-case word and no number ("Port Workers in Valdoria Extend Strike").
/// The number test keeps out sports results ("Newcastle 3 Manchester United 0"), which
/// CoNLL-2003 writes in title case and the model already reads well: without it, PER F1
/// on CoNLL-2003 dev fell by 3 points.
///
/// `out` is cleared to one zero per token; the tokens of such lines get [`RECASED`].
fn title_case_lines(doc: &Document, out: &mut Vec<u8>) {
    const FUNCTION: [&str; 40] = [
        "a", "about", "after", "against", "an", "and", "are", "as", "at", "be", "before", "but", "by", "can",
        "could", "for", "from", "has", "have", "in", "into", "is", "may", "not", "of", "on", "or", "over",
        "says", "than", "that", "the", "their", "to", "under", "was", "were", "will", "with", "would",
    ];
    out.clear();
    out.resize(doc.tokens.len(), 0);
    for line in doc.lines() {
        if line.len() > 30 {
            continue;
        }
        // One pass over the line's tokens; no per-line allocation (this runs on every
        // short line of every document).
        let (mut words, mut lower_long, mut capitalized) = (0usize, 0usize, 0usize);
        let (mut all_caps, mut numbers, mut cap_function) = (true, false, false);
        for k in line.clone() {
            let w = doc.token_str(k);
            let Some(first) = w.chars().next() else { continue };
            numbers |= first.is_ascii_digit();
            if !first.is_alphabetic() {
                continue;
            }
            words += 1;
            if first.is_lowercase() && (w.len() >= 4 && (w.is_ascii() || w.chars().nth(3).is_some())) {
                lower_long += 1;
            }
            if all_caps && w.chars().any(char::is_lowercase) {
                all_caps = false;
            }
            if first.is_uppercase() {
                capitalized += 1;
                cap_function |= words > 1
                    && w.len() <= 7
                    && w.chars().skip(1).all(char::is_lowercase)
                    && FUNCTION.iter().any(|f| f.eq_ignore_ascii_case(w));
            }
        }
        let title = (words >= 3 && lower_long == 0 && cap_function)
            || (words >= 4 && capitalized * 4 >= words * 3 && lower_long <= 1 && !numbers);
        if title && !all_caps {
            if let Some(r) = out.get_mut(line) {
                r.iter_mut().for_each(|r| *r |= RECASED);
            }
        }
    }
}

/// The features a neighbour's lower-cased form, shape and class give a token; `slot`
/// indexes [`NEIGHBOURS`]. Classes only for the neighbours at ±1 (as measured in
/// `scripts/experiments/ner-word-features.py`).
#[inline]
fn push_neighbour(slot: usize, lower: u64, shape: u64, class: u16, out: &mut Features) {
    // Template slots run over offsets -2..=2; slot 2 (offset 0) is the token's own.
    let t = if slot < 2 { slot as u64 } else { slot as u64 + 1 };
    out.push(fid(T_LOWER + t, lower));
    out.push(fid(T_SHAPE + t, shape));
    match NEIGHBOURS.get(slot) {
        Some(-1) => push_class(T_CLASS_NEAR, class, out),
        Some(1) => push_class(T_CLASS_NEAR + 3, class, out),
        _ => {}
    }
}

/// A class at each of its levels (templates `template..template + 3`); a word not in
/// the table and a sentence edge have their own values.
#[inline]
fn push_class(template: u64, class: u16, out: &mut Features) {
    for level in 0..LEVELS {
        let v = match class {
            NO_CLASS | EDGE_CLASS => u64::from(class),
            c => u64::from(Class::from_id(c).at(level)),
        };
        out.push(fid(template + level as u64, v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str) -> Features {
        let doc = Doc::new(text);
        let gaz = Gazetteer::shipped();
        let mut ex = Extractor::default();
        ex.prepare(&doc, &gaz);
        let mut f = Features::default();
        for s in &doc.sentences {
            ex.sentence(s.tokens.clone(), &mut f);
        }
        f
    }

    #[test]
    fn extraction_is_deterministic_and_per_token() {
        let text =
            "EU REJECTS GERMAN CALL\nThe European Commission said on Thursday it disagreed with Germany.";
        let a = feats(text);
        let b = feats(text);
        assert_eq!(a, b);
        assert_eq!(a.len(), Document::new(text).tokens.len());
        assert!((0..a.len()).all(|i| a.token(i).len() >= 15));
    }

    #[test]
    fn context_changes_features() {
        // The same word in a headline and mid-sentence must not look the same.
        let doc = Doc::new("JAPAN WIN\nThey beat Japan.");
        let gaz = Gazetteer::shipped();
        let mut ex = Extractor::default();
        ex.prepare(&doc, &gaz);
        assert!(ex.headline(0) && !ex.headline(4));
        assert_eq!(ex.at(0).key, ex.at(4).key);
        let mut f = Features::default();
        ex.sentence(0..doc.tokens.len(), &mut f);
        assert_ne!(f.token(0), f.token(4));
    }

    #[test]
    fn title_case_headlines_are_found_and_nothing_else() {
        let marked = |text: &str| {
            let doc = Doc::new(text);
            let mut out = Vec::new();
            title_case_lines(&doc, &mut out);
            (0..doc.tokens.len())
                .filter(|&k| out[k] & RECASED != 0)
                .map(|k| doc.token_str(k).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            marked("Council Approves Plan After Delay\nThe council voted.").join(" "),
            "Council Approves Plan After Delay"
        );
        assert_eq!(marked("Clinton Was Headed to ER\n").len(), 5);
        assert_eq!(marked("Port Workers in Valdoria Extend Strike\n\nBy Marta Kessel").len(), 6);
        for not in [
            "Hillary Clinton met Donald Trump in Ohio and talked about trade.",
            "The council voted on Tuesday to approve the plan.",
            "SOCCER - JAPAN GET LUCKY WIN",
            "Newcastle 3 Manchester United 0",
            "By Maria Okafor",
            "",
        ] {
            assert!(marked(not).is_empty(), "{not:?}");
        }
    }

    #[test]
    fn prior_adds_consistency_features() {
        let doc = Doc::new("Bill Clinton spoke. Clinton left.");
        let gaz = Gazetteer::shipped();
        let mut ex = Extractor::default();
        ex.prepare(&doc, &gaz);
        let mut before = Features::default();
        ex.sentence(0..doc.tokens.len(), &mut before);
        let mut types = vec![N_PRIOR as u8; doc.tokens.len()];
        types[0] = 0;
        types[1] = 0;
        ex.set_prior(types);
        let mut after = Features::default();
        ex.sentence(0..doc.tokens.len(), &mut after);
        let second = doc.tokens.iter().rposition(|t| &doc.text[t.span.range()] == "Clinton").unwrap();
        assert!(after.token(second).len() > before.token(second).len());
    }
}
