//! A trained tagger: labels, transitions and per-feature weights, parsed from bytes.
//!
//! The on-disk format is built for the page budget: features sorted by id with the ids
//! delta-encoded as LEB128 varints, one scale per feature and the weights as int8, so a
//! model gzips well. Parsing validates every length and returns [`ModelError`], never
//! panics; it dequantizes into an `f32` table behind a bucketed hash index, so the hot
//! loop is a branch-free bucket scan and a vector add.
//!
//! Layout (little endian): `b"NMTG"`, `u8` version (1), `u16` label count `n`, each label
//! as `u8` length + UTF-8, `u16` length + UTF-8 meta string (the feature set's version,
//! checked by the layer), `(n+1)·n` `f32` transitions (row `n` = start), `u32` feature
//! count `m`, `m` varint id deltas, `m` `u8` scale codes, `m·n` `i8` weights.
//!
//! Version 2 stores each feature's scale as one byte on a log scale
//! ([`scale_of_code`]): an `f32` per feature cost as much as the int8 weights of a
//! three-label model, and gzip cannot shrink it. The scale is rounded *up* to the next
//! of 8 steps per octave, so a row's largest weight still fits in ±127.

use super::decode::{viterbi, viterbi_in_place, Constraints, Transitions};
use super::features::Features;

const MAGIC: &[u8; 4] = b"NMTG";
const VERSION: u8 = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelError {
    BadMagic,
    BadVersion(u8),
    Truncated(&'static str),
    Invalid(&'static str),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::BadMagic => write!(f, "not a newsmark tagger model"),
            ModelError::BadVersion(v) => write!(f, "unsupported model version {v}"),
            ModelError::Truncated(what) => write!(f, "model truncated while reading {what}"),
            ModelError::Invalid(what) => write!(f, "invalid model: {what}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// A read-only tagger model. Cheap to share; decoding needs only `&self`.
#[derive(Clone, Debug)]
pub struct Model {
    labels: Vec<String>,
    meta: String,
    transitions: Vec<f32>,
    constraints: Constraints,
    /// `transitions` with `constraints` folded in, for decoding.
    masked: Transitions,
    /// Sorted feature ids, kept for [`Model::to_bytes`].
    #[cfg_attr(not(any(test, feature = "train")), allow(dead_code))]
    ids: Vec<u32>,
    /// Per-feature quantization scale codes, as stored.
    #[cfg_attr(not(any(test, feature = "train")), allow(dead_code))]
    scale_codes: Vec<u8>,
    /// The int8 weights dequantized once at load, `ids.len() × n`: scoring is then a
    /// plain vector add per feature (converting int8 rows on every lookup cost more than
    /// the larger rows cost in cache). [`Model::to_bytes`] recovers the int8 values by
    /// dividing by the scale and rounding — exact, since each weight is an integer of at
    /// most 127 times its scale — so the page does not keep both copies.
    weights: Weights,
    /// The index: a feature id hashes to a bucket of [`SLOTS`] ids and their rows (half
    /// a cache line, [`Bucket`]). A lookup compares all of the bucket's ids without
    /// branching and yields the row of the match, or the all-zero row past the end of
    /// `weights` when there is none, which is then added like any other. Why: under half
    /// of the features a token asks about exist in a pruned model, so a branch on
    /// "found" is a coin toss, and each mispredicted one waited for its cache miss before
    /// the next lookup could start; without it, a token's lookups overlap.
    buckets: Vec<Bucket>,
    shift: u32,
    /// Row index of the all-zero row (= number of features).
    zero: u32,
}

/// Ids per index bucket: three `u32` ids and four `u32` rows (the fourth is the answer
/// for a miss), padded to half a cache line ([`Bucket`]).
const SLOTS: usize = 3;
/// The miss row of a bucket that filled up, whose later ids went on to the next bucket
/// (rare at the load factor chosen, so the branch on it is predictable).
const SPILLED: u32 = u32::MAX;

/// The dequantized rows, `ids.len() + 1` of them (the last is the zero row). The shipped
/// label counts get rows of a fixed size: a lookup then costs one bounds check and no
/// multiplication, and the adds are unrolled (`Model::add_scores` spent a fifth of its
/// instructions on slicing a flat table).
#[derive(Clone, Debug)]
enum Weights {
    L3(Vec<[f32; 3]>),
    L5(Vec<[f32; 5]>),
    L17(Vec<[f32; 17]>),
    /// Any other label count `n`: rows of `n`, flat.
    Flat(Vec<f32>, usize),
}

impl Weights {
    fn new(flat: Vec<f32>, n: usize) -> Weights {
        fn fixed<const N: usize>(flat: &[f32]) -> Vec<[f32; N]> {
            flat.chunks_exact(N).map(|r| <[f32; N]>::try_from(r).unwrap_or([0.0; N])).collect()
        }
        match n {
            3 => Weights::L3(fixed(&flat)),
            5 => Weights::L5(fixed(&flat)),
            17 => Weights::L17(fixed(&flat)),
            _ => Weights::Flat(flat, n),
        }
    }

    /// Row `i` (empty when out of range).
    fn row(&self, i: usize) -> &[f32] {
        match self {
            Weights::L3(w) => w.get(i).map_or(&[], |r| &r[..]),
            Weights::L5(w) => w.get(i).map_or(&[], |r| &r[..]),
            Weights::L17(w) => w.get(i).map_or(&[], |r| &r[..]),
            Weights::Flat(w, n) => w.get(i * n..(i + 1) * n).unwrap_or(&[]),
        }
    }
}

/// One bucket of the index: [`SLOTS`] ids and their rows, filled from the first; an
/// empty slot holds id 0 and the zero row. One more row follows, the miss row: the zero
/// row, or [`SPILLED`]. A lookup picks the lowest slot that matches, or the miss row
/// when none does, and reads that row: no select between a found row and the zero row,
/// and no overflow table beside the buckets. (Four slots, a separate overflow table and
/// the select cost 8 more instructions a lookup than these three slots' conditional
/// moves, a fifth of `Model::add_scores`; the buckets overflow more often, 3 to 11% of
/// them in the shipped models against 1 to 4%, which costs less than that.)
#[derive(Clone, Copy, Debug)]
#[repr(C, align(32))]
struct Bucket {
    ids: [u32; SLOTS],
    rows: [u32; SLOTS + 1],
}

impl Model {
    /// Builds a model from quantized rows (used by the trainer). `ids` must be sorted
    /// and unique; `quantized.len() == ids.len() * labels.len()`.
    pub fn from_parts(
        labels: Vec<String>,
        meta: String,
        transitions: Vec<f32>,
        ids: Vec<u32>,
        scale_codes: Vec<u8>,
        quantized: Vec<i8>,
    ) -> Result<Model, ModelError> {
        let n = labels.len();
        if n == 0 || n > u16::MAX as usize {
            return Err(ModelError::Invalid("label count"));
        }
        if transitions.len() != (n + 1) * n {
            return Err(ModelError::Invalid("transition table size"));
        }
        if scale_codes.len() != ids.len() || quantized.len() != ids.len() * n {
            return Err(ModelError::Invalid("weight table size"));
        }
        if ids.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ModelError::Invalid("feature ids not sorted and unique"));
        }
        // At most two ids per bucket on average: buckets overflow rarely (a Poisson
        // tail; 3 to 11% of the shipped models' buckets), and the index is no bigger than
        // a half-empty table of (id, row) pairs. (Eight-id buckets cost more in compares
        // than they saved in overflow.) Three slots per bucket hold `1.5 × ids.len()`
        // ids at least, so some bucket always has room and every probe ends.
        let n_buckets = (ids.len() / 2 + 1).next_power_of_two().max(4);
        let shift = 32 - n_buckets.trailing_zeros();
        // The zero row's index must not read as the [`SPILLED`] mark.
        let zero = u32::try_from(ids.len())
            .ok()
            .filter(|&z| z != SPILLED)
            .ok_or(ModelError::Invalid("feature count"))?;
        let mut buckets = vec![Bucket { ids: [0; SLOTS], rows: [zero; SLOTS + 1] }; n_buckets];
        let mut fill = vec![0u8; n_buckets];
        for (row, &id) in ids.iter().enumerate() {
            let mut b = bucket_of(id, shift);
            while fill[b] as usize == SLOTS {
                buckets[b].rows[SLOTS] = SPILLED;
                b = (b + 1) & (n_buckets - 1);
            }
            let k = fill[b] as usize;
            buckets[b].ids[k] = id;
            buckets[b].rows[k] = row as u32;
            fill[b] += 1;
        }
        let constraints = Constraints::new(&labels);
        let masked = Transitions::new(&transitions, &constraints);
        let mut weights: Vec<f32> = quantized
            .chunks_exact(n)
            .zip(&scale_codes)
            .flat_map(|(row, &c)| {
                let scale = scale_of_code(c);
                row.iter().map(move |&q| q as f32 * scale)
            })
            .collect();
        weights.extend(std::iter::repeat(0.0).take(n)); // the row of absent features
        let weights = Weights::new(weights, n);
        Ok(Model {
            labels,
            meta,
            transitions,
            constraints,
            masked,
            ids,
            scale_codes,
            weights,
            buckets,
            shift,
            zero,
        })
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn label_id(&self, label: &str) -> Option<u16> {
        self.labels.iter().position(|l| l == label).map(|i| i as u16)
    }

    /// What the trainer recorded about its features (a layer checks it matches its own).
    pub fn meta(&self) -> &str {
        &self.meta
    }

    pub fn n_labels(&self) -> usize {
        self.labels.len()
    }

    /// Number of features with weights.
    #[cfg(any(test, feature = "train"))]
    pub fn n_features(&self) -> usize {
        self.ids.len()
    }

    pub fn transitions(&self) -> &[f32] {
        &self.transitions
    }

    pub fn constraints(&self) -> &Constraints {
        &self.constraints
    }

    /// The row index of feature `id`: its own, or the zero row's when the model has none.
    #[inline]
    fn row_index(&self, id: u32) -> usize {
        let mask = self.buckets.len() - 1;
        let mut b = bucket_of(id, self.shift);
        loop {
            let Some(bucket) = self.buckets.get(b) else { return self.zero as usize };
            // The lowest slot that holds `id`, as conditional moves (a compare per slot,
            // no branch); filled slots come first, so that is the real id even when `id`
            // is 0, the id of an empty slot (whose row is the zero row). No match reads
            // the miss row ([`Bucket`]).
            let mut k = SLOTS;
            for j in (0..SLOTS).rev() {
                if bucket.ids[j] == id {
                    k = j;
                }
            }
            let row = bucket.rows[k];
            if row != SPILLED {
                return row as usize;
            }
            b = (b + 1) & mask;
        }
    }

    /// Feature `id`'s weights; the zero row when the model has none.
    #[inline]
    fn row(&self, id: u32) -> &[f32] {
        self.weights.row(self.row_index(id))
    }

    /// Whether the model kept a weight for feature `id`.
    #[cfg(any(test, feature = "train"))]
    pub fn has_feature(&self, id: u32) -> bool {
        self.row_index(id) != self.zero as usize
    }

    /// Adds the emission scores of one token's features into `out` (length `n_labels`).
    #[inline]
    pub fn add_scores(&self, feats: &[u32], out: &mut [f32]) {
        // The label counts of the shipped models get fixed-size rows ([`Weights`]) and a
        // fixed-size accumulator the compiler keeps in registers across a token's
        // features (`out` must then have that size; other lengths add nothing).
        match &self.weights {
            Weights::L3(w) => self.add_rows(w, feats, out),
            Weights::L5(w) => self.add_rows(w, feats, out),
            Weights::L17(w) => self.add_rows(w, feats, out),
            Weights::Flat(..) => {
                for &f in feats {
                    for (o, &x) in out.iter_mut().zip(self.row(f)) {
                        *o += x;
                    }
                }
            }
        }
    }

    fn add_rows<const N: usize>(&self, rows: &[[f32; N]], feats: &[u32], out: &mut [f32]) {
        let Ok(out) = <&mut [f32; N]>::try_from(out) else { return };
        let mut acc = *out;
        for &f in feats {
            if let Some(w) = rows.get(self.row_index(f)) {
                for k in 0..N {
                    acc[k] += w[k];
                }
            }
        }
        *out = acc;
    }

    /// The emission scores of one token's features, written into `out`.
    pub fn scores(&self, feats: &[u32], out: &mut [f32]) {
        out.iter_mut().for_each(|o| *o = 0.0);
        self.add_scores(feats, out);
    }

    /// Emission scores for every token of `f`, `len × n` row-major, into `out`.
    pub fn emissions(&self, f: &Features, out: &mut Vec<f32>) {
        let n = self.labels.len();
        out.clear();
        out.resize(f.len() * n, 0.0);
        for (i, row) in out.chunks_exact_mut(n).enumerate() {
            self.add_scores(f.token(i), row);
        }
    }

    /// Tags a sequence: one label id per token of `f`, written into `out`.
    #[cfg(any(test, feature = "train"))]
    pub fn tag(&self, f: &Features, out: &mut Vec<u16>) {
        let mut buffers = Buffers::default();
        self.tag_with(f, &mut buffers, out);
    }

    /// As [`Model::tag`], reusing `buffers` across calls (no allocation once warm).
    pub fn tag_with(&self, f: &Features, buffers: &mut Buffers, out: &mut Vec<u16>) {
        self.emissions(f, &mut buffers.emissions);
        self.decode_in_place(&mut buffers.emissions, out);
    }

    /// Viterbi over precomputed emissions (a layer may add its own scores first).
    pub fn decode(&self, emissions: &[f32], lattice: &mut Vec<f32>, out: &mut Vec<u16>) {
        viterbi(emissions, &self.masked, lattice, out);
    }

    /// [`Model::decode`] over emissions the caller is done with: they become the lattice,
    /// so no second buffer of the sequence's size is needed.
    pub fn decode_in_place(&self, emissions: &mut [f32], out: &mut Vec<u16>) {
        viterbi_in_place(emissions, &self.masked, out);
    }

    #[cfg(any(test, feature = "train"))]
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.labels.len();
        let mut b = Vec::with_capacity(16 + self.ids.len() * (n + 6));
        b.extend_from_slice(MAGIC);
        b.push(VERSION);
        b.extend_from_slice(&(n as u16).to_le_bytes());
        for l in &self.labels {
            let l = &l.as_bytes()[..l.len().min(255)];
            b.push(l.len() as u8);
            b.extend_from_slice(l);
        }
        let meta = &self.meta.as_bytes()[..self.meta.len().min(u16::MAX as usize)];
        b.extend_from_slice(&(meta.len() as u16).to_le_bytes());
        b.extend_from_slice(meta);
        for t in &self.transitions {
            b.extend_from_slice(&t.to_le_bytes());
        }
        b.extend_from_slice(&(self.ids.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for &id in &self.ids {
            let mut d = id - prev;
            prev = id;
            loop {
                let byte = (d & 0x7F) as u8;
                d >>= 7;
                if d == 0 {
                    b.push(byte);
                    break;
                }
                b.push(byte | 0x80);
            }
        }
        b.extend_from_slice(&self.scale_codes);
        for (i, &code) in self.scale_codes.iter().enumerate() {
            let row = self.weights.row(i);
            let scale = scale_of_code(code);
            b.extend(row.iter().map(|&w| (w / scale).round() as i8 as u8));
        }
        b
    }

    /// A layer's embedded model, or `None` when the bytes do not parse or were
    /// trained for another feature set (`meta`) or label set: a stale file must not
    /// be scored with features it never saw; the layer falls back to its rules.
    pub fn embedded(bytes: &[u8], meta: &str, labels: &[&str]) -> Option<Model> {
        let m = Model::from_bytes(bytes).ok()?;
        let ok = m.meta() == meta && m.labels().iter().map(String::as_str).eq(labels.iter().copied());
        ok.then_some(m)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { b: bytes };
        if r.take(4, "magic")? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let v = r.take(1, "version")?[0];
        if v != VERSION {
            return Err(ModelError::BadVersion(v));
        }
        let n = r.u16("label count")? as usize;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.take(1, "label")?[0] as usize;
            let s = std::str::from_utf8(r.take(len, "label")?).map_err(|_| ModelError::Invalid("label"))?;
            labels.push(s.to_string());
        }
        let meta_len = r.u16("meta")? as usize;
        let meta = std::str::from_utf8(r.take(meta_len, "meta")?).map_err(|_| ModelError::Invalid("meta"))?;
        let transitions = r.f32s((n + 1) * n, "transitions")?;
        let m = r.u32("feature count")? as usize;
        if m > bytes.len() {
            return Err(ModelError::Invalid("feature count"));
        }
        let mut ids = Vec::with_capacity(m);
        let mut prev = 0u32;
        for _ in 0..m {
            let mut d = 0u64;
            let mut shift = 0;
            loop {
                let byte = r.take(1, "feature ids")?[0];
                d |= ((byte & 0x7F) as u64) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
                shift += 7;
                if shift > 28 {
                    return Err(ModelError::Invalid("feature id varint"));
                }
            }
            prev = u32::try_from(prev as u64 + d).map_err(|_| ModelError::Invalid("feature id"))?;
            ids.push(prev);
        }
        let scale_codes = r.take(m, "scales")?.to_vec();
        let quantized = r.take(m.checked_mul(n).ok_or(ModelError::Invalid("size"))?, "weights")?;
        let quantized = quantized.iter().map(|&q| q as i8).collect();
        if !r.b.is_empty() {
            return Err(ModelError::Invalid("trailing bytes"));
        }
        Model::from_parts(labels, meta.to_string(), transitions, ids, scale_codes, quantized)
    }
}

/// The quantization scale a one-byte code stands for: `2^((code - 160) / 8)`, from
/// about 1e-6 to 3.7e3 in steps of 9% (perceptron weights over 127 stay well inside).
pub fn scale_of_code(code: u8) -> f32 {
    ((code as f32 - 160.0) / 8.0).exp2()
}

/// The smallest code whose scale is at least `scale` (so `max / scale <= 127`).
#[cfg(any(test, feature = "train"))]
pub fn code_for_scale(scale: f32) -> u8 {
    if scale.is_nan() || scale <= 0.0 {
        return 0;
    }
    let mut code = (scale.log2() * 8.0 + 160.0).ceil().clamp(0.0, 255.0) as u8;
    // Float rounding in log2 may land one step low; never let the scale shrink.
    while code < 255 && scale_of_code(code) < scale {
        code += 1;
    }
    code
}

/// Scratch space for [`Model::tag_with`]: the emissions, which the decoder turns into
/// its lattice in place.
#[derive(Clone, Debug, Default)]
pub struct Buffers {
    emissions: Vec<f32>,
}

#[inline]
fn bucket_of(id: u32, shift: u32) -> usize {
    (id.wrapping_mul(0x9E37_79B1) >> shift) as usize
}

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ModelError> {
        if self.b.len() < n {
            return Err(ModelError::Truncated(what));
        }
        let (head, tail) = self.b.split_at(n);
        self.b = tail;
        Ok(head)
    }
    fn u16(&mut self, what: &'static str) -> Result<u16, ModelError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, ModelError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32s(&mut self, n: usize, what: &'static str) -> Result<Vec<f32>, ModelError> {
        let b = self.take(n.checked_mul(4).ok_or(ModelError::Invalid(what))?, what)?;
        Ok(b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let labels = vec!["O".to_string(), "B-PER".to_string(), "I-PER".to_string()];
        let trans = vec![0.0; 12];
        // Feature 10 says B-PER, feature 20 says I-PER.
        Model::from_parts(labels, "t1".into(), trans, vec![10, 20], vec![140, 140], vec![0, 50, 0, 0, 0, 50])
            .unwrap()
    }

    #[test]
    fn round_trips_through_bytes() {
        let m = tiny();
        let m2 = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(m2.labels(), m.labels());
        assert_eq!(m2.meta(), "t1");
        assert_eq!(m2.to_bytes(), m.to_bytes());
        let mut f = Features::default();
        for ids in [&[10u32][..], &[20], &[99]] {
            f.next_token();
            ids.iter().for_each(|&i| f.push(i));
        }
        let mut out = Vec::new();
        m2.tag(&f, &mut out);
        assert_eq!(out, [1, 2, 0]);
    }

    #[test]
    fn index_finds_every_feature_even_in_full_buckets() {
        // 30 features (16 buckets) whose ids all hash to bucket 0, id 0 among them: the
        // bucket fills and spills over into the next three. Feature k says label k % 3.
        let labels: Vec<String> = ["O", "B-PER", "I-PER"].iter().map(|s| s.to_string()).collect();
        let ids: Vec<u32> = (0u32..).filter(|&id| bucket_of(id, 28) == 0).take(30).collect();
        let mut q = vec![0i8; ids.len() * 3];
        for k in 0..ids.len() {
            q[k * 3 + k % 3] = 100;
        }
        let m = Model::from_parts(labels, "t".into(), vec![0.0; 12], ids.clone(), vec![160; ids.len()], q)
            .unwrap();
        assert!(
            m.buckets.iter().any(|b| b.rows[SLOTS] == SPILLED),
            "the test must exercise overflowing buckets"
        );
        let mut out = [0.0f32; 3];
        for (k, &id) in ids.iter().enumerate() {
            assert!(m.has_feature(id));
            m.scores(&[id], &mut out);
            let mut want = [0.0f32; 3];
            want[k % 3] = 100.0;
            assert_eq!(out, want, "feature {id}");
        }
        let absent = (1u32..).filter(|id| !ids.contains(id));
        let spilled = (0u32..).filter(|&id| bucket_of(id, 28) == 0).skip(30).take(5);
        for id in absent.take(50).chain(spilled).chain([u32::MAX]) {
            assert!(!m.has_feature(id));
            m.scores(&[id], &mut out);
            assert_eq!(out, [0.0; 3]);
        }
    }

    #[test]
    fn every_row_layout_scores_the_same() {
        // 3, 5 and 17 labels keep fixed-size rows, other counts a flat table: the same
        // weights score the same in each, and a model writes back its own bytes.
        for n in [2usize, 3, 4, 5, 17] {
            let labels: Vec<String> = (0..n).map(|k| format!("T{k}")).collect();
            let ids = vec![3u32, 7, 11];
            let q: Vec<i8> = (0..ids.len() * n).map(|k| (k as i8 % 9) - 4).collect();
            let m =
                Model::from_parts(labels, "t".into(), vec![0.0; (n + 1) * n], ids, vec![160; 3], q.clone())
                    .unwrap();
            let mut out = vec![0.5f32; n];
            m.add_scores(&[7, 99, 3, 7], &mut out);
            let want: Vec<f32> =
                (0..n).map(|k| 0.5 + q[n + k] as f32 + q[k] as f32 + q[n + k] as f32).collect();
            assert_eq!(out, want, "{n} labels");
            assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap().to_bytes(), m.to_bytes());
        }
    }

    #[test]
    fn scale_codes_round_up_and_cover_real_weights() {
        for &scale in &[1e-6f32, 0.0123, 0.5, 1.0, 3.7, 250.0, 3000.0] {
            let code = code_for_scale(scale);
            let s = scale_of_code(code);
            assert!(s >= scale && s <= scale * 1.1, "{scale} -> {code} -> {s}");
        }
        assert_eq!(code_for_scale(0.0), 0);
        assert_eq!(code_for_scale(f32::NAN), 0);
    }

    #[test]
    fn shipped_models_write_back_byte_for_byte() {
        // The int8 weights are not kept: to_bytes recovers them from the f32 rows.
        for bytes in [
            &include_bytes!("../../models/entities.bin")[..],
            &include_bytes!("../../models/hedges.bin")[..],
            &include_bytes!("../../models/syntax.bin")[..],
        ] {
            let m = Model::from_bytes(bytes).expect("shipped model parses");
            assert!(m.to_bytes() == bytes, "{} does not round-trip", m.meta());
        }
        let claims = include_bytes!("../../models/claims.bin");
        let m = crate::claims::learned::ClaimModel::from_bytes(claims).expect("claims model parses");
        assert!(m.to_bytes() == claims, "claims model does not round-trip");
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = tiny().to_bytes();
        for cut in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert_eq!(Model::from_bytes(&bad).unwrap_err(), ModelError::BadMagic);
        let mut long = bytes;
        long.push(0);
        assert!(Model::from_bytes(&long).is_err());
    }
}
