//! Word types: the distinct token strings of a document, and score rows per type.
//!
//! Why: most of a token's features depend only on its own string (word, affixes, shape)
//! or on one neighbour's string (the word two to the left, say). In news copy a word
//! type occurs several times per article, so a tagger scores those features once per
//! type — one row for the token itself and one per neighbour offset — and a token's
//! emission is then a few row additions plus its genuinely contextual features. The
//! entity and part-of-speech taggers both do this; their features stay defined in one
//! function each, which training uses unchanged.

use super::features::{fnv_step, Features, IdHasher, FNV_OFFSET};
use super::model::Model;
use crate::text::Document;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

/// Token → type, for one document. Reuse across documents to keep the buffers.
#[derive(Clone, Debug, Default)]
pub struct WordTypes {
    /// FNV-1a of the string → type. A collision is caught by comparing the strings.
    map: HashMap<u64, u32, BuildHasherDefault<IdHasher>>,
    /// Per type: its first token.
    first: Vec<u32>,
    /// Per token: its type.
    of: Vec<u32>,
    /// Per type: the hash of its string and variant ([`WordTypes::hash_of`]).
    hashes: Vec<u64>,
}

impl WordTypes {
    /// Assigns every token of `doc` its type; types are numbered by first occurrence.
    pub fn build(&mut self, doc: &Document) {
        self.build_keyed(doc, |_| 0);
    }

    /// The types of `plain` (built with [`WordTypes::build`] on `doc`), with tokens of
    /// the same string but a different `variant` in different types (a tagger that reads
    /// some occurrences differently, such as the words of a title-case headline, keeps
    /// them apart). The same table [`WordTypes::build_keyed`] makes, numbered by first
    /// occurrence too, without hashing the strings again: the document's types are
    /// hashed once ([`crate::doc::words`]) and refined here.
    pub fn split(&mut self, plain: &WordTypes, doc: &Document, variant: impl Fn(usize) -> u8) {
        self.map.clear();
        self.first.clear();
        self.of.clear();
        self.hashes.clear();
        self.of.reserve(doc.tokens.len());
        // Per plain type: its type here when read as written (variant 0), and the rare
        // other variants in a map.
        let mut as_written = vec![u32::MAX; plain.len()];
        let mut others: HashMap<(u32, u8), u32> = HashMap::new();
        for k in 0..doc.tokens.len() {
            let p = plain.of(k);
            let v = variant(k);
            let known = if v == 0 { as_written.get(p).copied() } else { others.get(&(p as u32, v)).copied() };
            let ty = match known.filter(|&t| t != u32::MAX) {
                Some(ty) => ty,
                None => {
                    let ty = self.first.len() as u32;
                    self.first.push(k as u32);
                    if v == 0 {
                        self.hashes.push(plain.hash(p));
                        if let Some(slot) = as_written.get_mut(p) {
                            *slot = ty;
                        }
                    } else {
                        self.hashes.push(Self::hash_of(doc.token_str(k), v));
                        others.insert((p as u32, v), ty);
                    }
                    ty
                }
            };
            self.of.push(ty);
        }
    }

    /// As [`WordTypes::build`], with tokens of the same string but different `variant`
    /// in different types ([`WordTypes::split`] makes the same table from the plain one).
    fn build_keyed(&mut self, doc: &Document, variant: impl Fn(usize) -> u8) {
        self.map.clear();
        self.first.clear();
        self.of.clear();
        self.hashes.clear();
        self.of.reserve(doc.tokens.len());
        for k in 0..doc.tokens.len() {
            let s = doc.token_str(k);
            let v = variant(k);
            let h = Self::hash_of(s, v);
            let same = |r: u32| doc.token_str(r as usize) == s && variant(r as usize) == v;
            let known =
                self.map.get(&h).copied().filter(|&ty| self.first.get(ty as usize).is_some_and(|&r| same(r)));
            let ty = match known {
                Some(ty) => ty,
                None => {
                    let ty = self.first.len() as u32;
                    self.first.push(k as u32);
                    self.hashes.push(h);
                    self.map.entry(h).or_insert(ty);
                    ty
                }
            };
            self.of.push(ty);
        }
    }

    /// [`super::release_large`] for each of the tables.
    pub fn release_large(&mut self) {
        super::release_large(&mut self.first);
        super::release_large(&mut self.of);
        super::release_large(&mut self.hashes);
        if self.map.capacity().saturating_mul(std::mem::size_of::<(u64, u32)>()) > super::KEEP_BYTES {
            self.map = HashMap::default();
        }
    }

    /// FNV-1a of `s`, seeded with `variant`: the key types are told apart by.
    #[inline]
    pub fn hash_of(s: &str, variant: u8) -> u64 {
        s.bytes().fold(FNV_OFFSET ^ variant as u64, fnv_step)
    }

    /// The hash of type `ty`'s string and variant (0 when out of range).
    #[inline]
    pub fn hash(&self, ty: usize) -> u64 {
        self.hashes.get(ty).copied().unwrap_or(0)
    }

    /// Number of types.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// The type of token `k` (0 when out of range).
    #[inline]
    pub fn of(&self, k: usize) -> usize {
        self.of.get(k).map_or(0, |&t| t as usize)
    }

    /// The first token of type `ty`.
    #[inline]
    pub fn first(&self, ty: usize) -> usize {
        self.first.get(ty).map_or(0, |&k| k as usize)
    }

    /// Whether token `k` is its type's first occurrence.
    #[cfg(test)]
    pub fn is_first(&self, k: usize) -> bool {
        self.first(self.of(k)) == k
    }
}

/// Offsets of the neighbours whose strings a token's type-level features describe.
pub const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// Score rows per word type: for each type its own row, then the row it gives a token at
/// each offset of [`NEIGHBOURS`]; and per offset, the row of a neighbour past the
/// sentence edge.
#[derive(Clone, Debug, Default)]
pub struct TypeScores {
    rows: Vec<f32>,
    edges: Vec<f32>,
}

/// The type rows of a model's frequent words, scored once when the model loads.
///
/// Why: a type's rows depend only on its string, and the same few thousand words
/// ("the", "said", "Tuesday") make up half of every article's types, so scoring them
/// per document repeats the same work. Looking a word up here costs one hash of its
/// string; scoring it costs a feature lookup per feature (about twenty, mostly cache
/// misses). The rows are bit-identical to scoring the word in a document, since the
/// same features are added in the same order.
#[derive(Clone, Debug, Default)]
pub struct KnownTypes {
    /// [`WordTypes::hash_of`] (variant 0) → the word and its index.
    index: HashMap<u64, (&'static str, u32), BuildHasherDefault<IdHasher>>,
    /// Per word: its own row, then one per offset of [`NEIGHBOURS`].
    rows: Vec<f32>,
    per_word: usize,
}

impl KnownTypes {
    /// Scores `words` with `model`. `prepare(word)` computes once what a tagger knows of
    /// the string (its hashes, its atoms); `own(&prepared, f)` and `neighbour(&prepared,
    /// slot, f)` then push the features a type of that string gives its own token and a
    /// token at `NEIGHBOURS[slot]` — the same features a tagger pushes in
    /// [`TypeScores::score`].
    pub fn build<T>(
        model: &Model,
        words: impl Iterator<Item = &'static str>,
        mut prepare: impl FnMut(&str) -> T,
        mut own: impl FnMut(&T, &mut Features),
        mut neighbour: impl FnMut(&T, usize, &mut Features),
    ) -> KnownTypes {
        let mut index = HashMap::default();
        let mut f = Features::default();
        for w in words {
            let h = WordTypes::hash_of(w, 0);
            if index.contains_key(&h) {
                continue; // a repeat (or, vanishingly rarely, a collision: not cached)
            }
            index.insert(h, (w, index.len() as u32));
            let t = prepare(w);
            f.next_token();
            own(&t, &mut f);
            for slot in 0..NEIGHBOURS.len() {
                f.next_token();
                neighbour(&t, slot, &mut f);
            }
        }
        let mut rows = Vec::new();
        model.emissions(&f, &mut rows);
        KnownTypes { index, rows, per_word: (1 + NEIGHBOURS.len()) * model.n_labels() }
    }

    /// The rows of `word`, if it is one of the known words.
    #[cfg(test)]
    pub fn rows(&self, word: &str) -> Option<&[f32]> {
        self.rows_hashed(WordTypes::hash_of(word, 0), word)
    }

    /// [`KnownTypes::rows`] given the word's [`WordTypes::hash_of`] with variant 0
    /// (a type's [`WordTypes::hash`]), which spares hashing it again.
    #[inline]
    pub fn rows_hashed(&self, hash: u64, word: &str) -> Option<&[f32]> {
        let &(w, i) = self.index.get(&hash)?;
        let k = i as usize * self.per_word;
        (w == word).then(|| self.rows.get(k..k + self.per_word)).flatten()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.index.len()
    }
}

impl TypeScores {
    /// Scores `n_types` types with `model`, using `f` as scratch. `own(ty, f)` pushes the
    /// features type `ty`'s string gives its own token; `neighbour(Some(ty), slot, f)`
    /// those it gives a token at `NEIGHBOURS[slot]`, and `neighbour(None, slot, f)` those
    /// of the sentence edge there.
    ///
    /// `known(ty)`: the rows of type `ty` when they are already known (a frequent word's,
    /// from [`KnownTypes`]); such a type is copied, not scored.
    #[allow(clippy::too_many_arguments)]
    pub fn score<'k>(
        &mut self,
        model: &Model,
        n_types: usize,
        f: &mut Features,
        known: impl Fn(usize) -> Option<&'k [f32]>,
        mut own: impl FnMut(usize, &mut Features),
        mut neighbour: impl FnMut(Option<usize>, usize, &mut Features),
    ) {
        let n = model.n_labels();
        let per_type = (1 + NEIGHBOURS.len()) * n;
        self.rows.clear();
        self.rows.resize(n_types * per_type, 0.0);
        // Each type is scored into its own rows as soon as its features are pushed: no
        // second buffer of all the document's fresh rows to fill, copy and free (a
        // megabyte per layer on a long article, most of it page faults natively).
        for ty in 0..n_types {
            let at = ty * per_type;
            let Some(rows) = self.rows.get_mut(at..at + per_type) else { continue };
            if let Some(k) = known(ty).filter(|k| k.len() == per_type) {
                rows.copy_from_slice(k);
                continue;
            }
            f.clear();
            f.next_token();
            own(ty, f);
            for slot in 0..NEIGHBOURS.len() {
                f.next_token();
                neighbour(Some(ty), slot, f);
            }
            for (j, row) in rows.chunks_exact_mut(n.max(1)).enumerate() {
                model.add_scores(f.token(j), row);
            }
        }
        f.clear();
        for slot in 0..NEIGHBOURS.len() {
            f.next_token();
            neighbour(None, slot, f);
        }
        model.emissions(f, &mut self.edges);
    }

    /// [`super::release_large`] for the rows.
    pub fn release_large(&mut self) {
        super::release_large(&mut self.rows);
    }

    /// Writes into `row` the type-level scores of token `i` of `sentence` (a token
    /// range): its type's own row plus each neighbour's row for its offset.
    #[inline]
    pub fn token(&self, types: &WordTypes, sentence: &Range<usize>, i: usize, row: &mut [f32]) {
        let per_type = 1 + NEIGHBOURS.len();
        copy_row(&self.rows, types.of(i) * per_type, row);
        for (slot, off) in NEIGHBOURS.into_iter().enumerate() {
            match i.checked_add_signed(off).filter(|j| sentence.contains(j)) {
                Some(j) => add_row(&self.rows, types.of(j) * per_type + 1 + slot, row),
                None => add_row(&self.edges, slot, row),
            }
        }
    }
}

/// Copies row `k` of `rows` (rows as long as `out`) into `out`; zeros if out of range.
#[inline]
fn copy_row(rows: &[f32], k: usize, out: &mut [f32]) {
    let n = out.len();
    match rows.get(k * n..k * n + n) {
        Some(r) => out.copy_from_slice(r),
        None => out.iter_mut().for_each(|o| *o = 0.0),
    }
}

/// Adds row `k` of `rows` (rows as long as `out`) to `out`.
#[inline]
pub(crate) fn add_row(rows: &[f32], k: usize, out: &mut [f32]) {
    let n = out.len();
    if let Some(r) = rows.get(k * n..k * n + n) {
        for (o, &x) in out.iter_mut().zip(r) {
            *o += x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_types_are_the_keyed_types() {
        for text in ["The cat saw the cat. The end, the END.", "", "A a A a. É é É", "x"] {
            let doc = Document::new(text);
            let variant = |k: usize| (k % 3 == 1) as u8;
            let (mut plain, mut keyed, mut split) =
                (WordTypes::default(), WordTypes::default(), WordTypes::default());
            plain.build(&doc);
            keyed.build_keyed(&doc, variant);
            split.split(&plain, &doc, variant);
            assert_eq!(
                (&keyed.first, &keyed.of, &keyed.hashes),
                (&split.first, &split.of, &split.hashes),
                "{text:?}"
            );
        }
    }

    #[test]
    fn equal_strings_share_a_type_and_others_do_not() {
        let doc = Document::new("The cat saw the cat. The end, the END.");
        let mut t = WordTypes::default();
        t.build(&doc);
        let ty = |k: usize| t.of(k);
        let words: Vec<&str> = (0..doc.tokens.len()).map(|k| doc.token_str(k)).collect();
        for a in 0..words.len() {
            for b in 0..words.len() {
                assert_eq!(ty(a) == ty(b), words[a] == words[b], "{} vs {}", words[a], words[b]);
            }
        }
        assert!(t.is_first(0) && !t.is_first(4));
        assert_eq!(t.len(), 8); // The cat saw the . end , END
        let mut rows = vec![1.0, 2.0, 3.0, 4.0];
        let mut out = [0.0; 2];
        copy_row(&rows, 1, &mut out);
        add_row(&rows, 0, &mut out);
        assert_eq!(out, [4.0, 6.0]);
        rows.clear();
        add_row(&rows, 3, &mut out);
        assert_eq!(out, [4.0, 6.0]);
    }
}
