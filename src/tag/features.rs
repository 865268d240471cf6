//! Feature ids: a template number and one or two strings hashed to a `u32`.
//!
//! Why hashing: a feature never needs its string again after extraction, so models
//! store only ids, and extraction builds no `String`s. 32 bits keep collisions rare
//! (a few in a million features) and cost nothing a perceptron notices.

/// Hashes `bytes` under `template` (distinct templates never share ids for equal strings).
#[inline]
pub fn hash_bytes(template: u32, bytes: &[u8]) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (template as u64 ^ 0x51_7CC1_B727_220A).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    let mut tail = 0u64;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        tail |= (b as u64) << (8 * i);
    }
    h = (h.rotate_left(5) ^ tail ^ ((bytes.len() as u64) << 56)).wrapping_mul(K);
    // Murmur3's finalizer: spread every input bit over the high half we keep.
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    (h >> 32) as u32
}

/// FNV-1a (64-bit) offset basis: the start state of [`fnv_step`]. The taggers key word
/// types and gazetteer words by FNV-1a of their bytes (sometimes case- or digit-folded on
/// the way in), which, unlike [`hash_bytes`], can be extended a byte at a time.
pub const FNV_OFFSET: u64 = 0xCBF2_9CE4_8422_2325;

/// One FNV-1a step: the state after byte `b`.
#[inline]
pub fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x0100_0000_01B3)
}

#[inline]
pub fn hash(template: u32, value: &str) -> u32 {
    hash_bytes(template, value.as_bytes())
}

/// Hashes a pair of strings; `("ab","c")` and `("a","bc")` differ.
#[inline]
pub fn hash2(template: u32, a: &str, b: &str) -> u32 {
    let first = hash_bytes(template, a.as_bytes());
    hash_bytes(first ^ 0x2545_F491, b.as_bytes())
}

/// FNV-1a over the key's bytes, for maps keyed by short words and looked up once per
/// token (the cue lexicons), where SipHash's setup cost dominated the profile; the maps
/// are built from our own files, so flooding resistance buys nothing.
#[derive(Clone, Copy, Debug)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> FnvHasher {
        FnvHasher(FNV_OFFSET)
    }
}

impl std::hash::Hasher for FnvHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, &b| fnv_step(h, b));
    }
}

/// A map keyed by words, hashed with [`FnvHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FnvHasher>>;
/// A set of words, hashed with [`FnvHasher`].
pub type FastSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<FnvHasher>>;

/// A [`Hasher`](std::hash::Hasher) for keys that are already hashes (feature ids, word
/// keys): `HashMap<u32, _, BuildHasherDefault<IdHasher>>` skips SipHash. Integers are
/// multiplied by an odd constant — a bijection, so distinct keys keep distinct hashes,
/// and the top bits (the map's 7-bit tags) depend on every input bit; the low bits
/// (the bucket) come from the key's low bits, already well mixed in a hash. Other
/// input (never hashed in this crate) is folded byte by byte.
#[derive(Clone, Copy, Debug, Default)]
pub struct IdHasher(u64);

impl IdHasher {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
}

impl std::hash::Hasher for IdHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(Self::K);
        }
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0 = (i as u64).wrapping_mul(Self::K);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = i.wrapping_mul(Self::K);
    }
}

/// The features of one sequence, flat: token `i` owns `ids[starts[i]..starts[i+1]]`.
/// Reuse one buffer across sentences ([`Features::clear`]) so extraction does not
/// allocate per token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    ids: Vec<u32>,
    starts: Vec<u32>,
}

impl Features {
    pub fn clear(&mut self) {
        self.ids.clear();
        self.starts.clear();
    }

    /// Starts the next token; following [`push`](Features::push)es belong to it.
    /// [`super::release_large`] for both buffers.
    pub fn release_large(&mut self) {
        super::release_large(&mut self.ids);
        super::release_large(&mut self.starts);
    }

    #[inline]
    pub fn next_token(&mut self) {
        self.starts.push(self.ids.len() as u32);
    }

    /// Adds a token with the features `ids`: one copy, where a push per feature checks
    /// the capacity each time.
    #[inline]
    pub fn push_token(&mut self, ids: &[u32]) {
        self.next_token();
        self.ids.extend_from_slice(ids);
    }

    /// Adds a feature to the current token (starting the first token if none is open).
    #[inline]
    pub fn push(&mut self, id: u32) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.ids.push(id);
    }

    /// Appends to the current token a copy of each of its features conjoined with
    /// `salt` (a domain, say): the copy's weight applies only where the salt is given,
    /// the original's everywhere.
    pub fn conjoin_token(&mut self, salt: u32) {
        let from = self.starts.last().map_or(0, |&s| s as usize);
        let to = self.ids.len();
        let mix = salt.wrapping_mul(0x85EB_CA6B) | 1;
        for k in from..to {
            let id = self.ids[k];
            self.ids.push((id ^ mix).wrapping_mul(0x9E37_79B1).rotate_left(13) ^ mix);
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The feature ids of token `i` (empty when out of range).
    #[inline]
    pub fn token(&self, i: usize) -> &[u32] {
        let Some(&s) = self.starts.get(i) else { return &[] };
        let e = self.starts.get(i + 1).map_or(self.ids.len(), |&e| e as usize);
        self.ids.get(s as usize..e).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_pairs_are_distinct() {
        assert_ne!(hash(1, "said"), hash(2, "said"));
        assert_ne!(hash(1, "said"), hash(1, "Said"));
        assert_ne!(hash2(1, "ab", "c"), hash2(1, "a", "bc"));
        assert_eq!(hash(7, "Reuters"), hash(7, "Reuters"));
        assert_ne!(hash(0, ""), hash(0, "\0"));
    }

    #[test]
    fn conjoined_copies_join_the_current_token_only() {
        let mut f = Features::default();
        f.next_token();
        f.push(hash(1, "a"));
        f.next_token();
        f.push(hash(1, "b"));
        f.push(hash(2, "b"));
        f.conjoin_token(7);
        assert_eq!(f.token(0), &[hash(1, "a")]);
        let t = f.token(1);
        assert_eq!(t.len(), 4);
        assert_eq!(&t[..2], &[hash(1, "b"), hash(2, "b")]);
        assert!(t[2] != t[0] && t[3] != t[1] && t[2] != t[3]);
        let mut g = Features::default();
        g.push(hash(1, "b"));
        g.conjoin_token(8);
        assert_ne!(g.token(0)[1], t[2], "another salt, another copy");
    }

    #[test]
    fn features_are_grouped_by_token() {
        let mut f = Features::default();
        f.next_token();
        f.push(1);
        f.push(2);
        f.next_token();
        f.next_token();
        f.push(3);
        assert_eq!(f.len(), 3);
        assert_eq!(f.token(0), &[1, 2]);
        assert_eq!(f.token(1), &[] as &[u32]);
        assert_eq!(f.token(2), &[3]);
        assert_eq!(f.token(9), &[] as &[u32]);
    }
}
