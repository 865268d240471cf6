//! The shared sequence tagger: one implementation, one model per layer.
//!
//! Every learned layer (entities, claims, hedges, syntax) is a sequence of tokens with a
//! label each. They differ only in their features and label sets, so they share this
//! module: hashed feature ids ([`features`]), a compact read-only [`Model`] parsed from
//! bytes embedded at build time ([`model`]), Viterbi decoding under label-scheme
//! constraints ([`decode`]), and a structured averaged perceptron trainer ([`train`],
//! behind the `train` feature).
//!
//! Why an averaged perceptron over hashed features: it trains in minutes on two cores,
//! decodes in microseconds per sentence, is deterministic with a fixed seed, and its
//! weights prune and quantize to int8 with little loss, which is what a browser budget
//! needs. Why Viterbi with learned transitions rather than greedy history features: span
//! labels (BIO/BILOU) must stay well-formed, and the constraint matrix makes an `I-X`
//! after `O` impossible instead of merely unlikely.

pub mod decode;
pub mod features;
pub mod model;
#[cfg(feature = "train")]
pub mod train;
pub mod types;

pub use features::{fnv_step, hash, hash2, hash_bytes, FastMap, FastSet, Features, IdHasher, FNV_OFFSET};
pub use model::Model;

/// The most a per-document buffer kept between documents (by an [`crate::Analyzer`])
/// may hold, in bytes: an article's buffers (a long one has ~15,000 tokens, ~1 MB of
/// seventeen-label scores) stay for the next document, a larger text's are given back
/// when its layer is done, so they do not sit under the next layer's working memory.
pub const KEEP_BYTES: usize = 1 << 20;

/// Drops `v`'s allocation if it is larger than [`KEEP_BYTES`].
pub fn release_large<T>(v: &mut Vec<T>) {
    if v.capacity().saturating_mul(std::mem::size_of::<T>()) > KEEP_BYTES {
        *v = Vec::new();
    }
}
