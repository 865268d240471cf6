//! Part-of-speech features: ONE function for training and inference.
//!
//! Training reads UD word forms and inference reads newsmark tokens; both reach
//! [`Extractor::extract`] as a sequence of `&str`, so the model never sees features
//! computed two ways. The feature set is the classic averaged-perceptron tagger's
//! (normalised word, affixes, shape, a two-word window, neighbours' suffixes), minus the
//! tag history, which the shared tagger's Viterbi transitions already score.
//!
//! Why two passes: each token's own atoms (word, suffix, shape hashes) are computed
//! once into a reused buffer, and the context features then hash a neighbour's atom
//! rather than re-normalising its string. Nothing is allocated per token once the
//! buffers have grown to the longest sentence.
//!
//! Normalisation folds what news text writes differently from the web treebank: case,
//! digits (`1984` → `0000`), curly quotes and apostrophes (`n’t` → `n't`).

use crate::tag::types::NEIGHBOURS;
use crate::tag::{hash, hash_bytes, Features};

// Template numbers: part of every feature id, so they must never be renumbered
// without retraining.
const T_BIAS: u32 = 1;
const T_WORD: u32 = 2;
const T_SUF1: u32 = 3;
const T_SUF2: u32 = 4;
const T_SUF3: u32 = 5;
const T_PRE1: u32 = 6;
const T_SHAPE: u32 = 7;
const T_PREV_WORD: u32 = 8;
const T_NEXT_WORD: u32 = 9;
const T_PREV2_WORD: u32 = 10;
const T_NEXT2_WORD: u32 = 11;
const T_PREV_SUF3: u32 = 12;
const T_NEXT_SUF3: u32 = 13;
const T_FIRST_SHAPE: u32 = 14;
const T_SUF4: u32 = 15;
const T_PREV_SHAPE: u32 = 16;
const T_NEXT_SHAPE: u32 = 17;
const T_PREV_CUR: u32 = 18;
const T_CUR_NEXT: u32 = 19;
const T_FORM: u32 = 20;
const T_SHAPE_PREV_CUR: u32 = 21;
const T_SHAPE_CUR_NEXT: u32 = 22;

/// Per-token hashes computed once per sentence.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Atoms {
    pub word: u32,
    pub suf1: u32,
    pub suf2: u32,
    pub suf3: u32,
    pub suf4: u32,
    pub pre1: u32,
    pub shape: u32,
    /// The raw form when it differs from the normalised word (case matters for PROPN).
    pub form: Option<u32>,
}

/// Reusable buffers for feature extraction; keep one per thread of work.
#[derive(Clone, Debug, Default)]
pub struct Extractor {
    norm: String,
    #[cfg(any(test, feature = "train", feature = "parser"))]
    atoms: Vec<Atoms>,
}

/// The atoms standing for "before the sentence" / "after the sentence".
fn boundary(template: u32) -> Atoms {
    let h = hash(template, "\u{0}boundary");
    Atoms { word: h, suf1: h, suf2: h, suf3: h, suf4: h, pre1: h, shape: h, form: None }
}

#[inline]
fn mix(template: u32, atom: u32) -> u32 {
    hash_bytes(template, &atom.to_le_bytes())
}

#[inline]
fn mix2(template: u32, a: u32, b: u32) -> u32 {
    let x = (a as u64) | ((b as u64) << 32);
    hash_bytes(template, &x.to_le_bytes())
}

impl Extractor {
    /// Clears `out` and fills it with the features of `words`, one token each.
    #[cfg(any(test, feature = "train", feature = "parser"))]
    pub fn extract<'w, I>(&mut self, words: I, out: &mut Features)
    where
        I: IntoIterator<Item = &'w str>,
    {
        out.clear();
        self.atoms.clear();
        for w in words {
            let a = self.atoms_of(w);
            self.atoms.push(a);
        }
        self.emit(out);
    }

    /// The per-token atoms of the last [`extract`](Self::extract) call (the parser
    /// builds its own features from them).
    #[cfg(feature = "parser")]
    pub(crate) fn atoms(&self) -> &[Atoms] {
        &self.atoms
    }

    fn atoms_of(&mut self, word: &str) -> Atoms {
        normalize(word, &mut self.norm);
        let n = self.norm.as_str();
        let suffix = |k: usize| -> &str {
            let start = n.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i);
            n.get(start..).unwrap_or(n)
        };
        let pre1 = n.chars().next().map_or(0, |c| c.len_utf8());
        let mut shape_buf = [0u8; 12];
        let shape = shape_of(word, &mut shape_buf);
        Atoms {
            word: hash(T_WORD, n),
            suf1: hash(T_SUF1, suffix(1)),
            suf2: hash(T_SUF2, suffix(2)),
            suf3: hash(T_SUF3, suffix(3)),
            suf4: hash(T_SUF4, suffix(4)),
            pre1: hash(T_PRE1, n.get(..pre1).unwrap_or("")),
            shape: hash_bytes(T_SHAPE, shape),
            form: (word != n).then(|| hash(T_FORM, word)),
        }
    }

    #[cfg(any(test, feature = "train", feature = "parser"))]
    fn emit(&self, out: &mut Features) {
        let (start, end) = (boundary(100), boundary(101));
        let at = |i: isize| -> Atoms {
            if i < 0 {
                start
            } else {
                self.atoms.get(i as usize).copied().unwrap_or(end)
            }
        };
        for (i, c) in self.atoms.iter().enumerate() {
            let j = i as isize;
            out.next_token();
            push_own(c, out);
            for (slot, off) in NEIGHBOURS.into_iter().enumerate() {
                push_neighbour(slot, &at(j + off), out);
            }
            push_context(&at(j - 1), c, &at(j + 1), i == 0, out);
        }
    }

    /// Atoms of one word (for callers that score word types themselves).
    pub(crate) fn word_atoms(&mut self, word: &str) -> Atoms {
        self.atoms_of(word)
    }
}

/// The atoms of the positions before and after a sentence, per [`NEIGHBOURS`] slot.
pub(crate) fn edge_atoms(slot: usize) -> Atoms {
    if NEIGHBOURS.get(slot).is_some_and(|&off| off < 0) {
        boundary(100)
    } else {
        boundary(101)
    }
}

/// Features from the token's own atoms.
pub(crate) fn push_own(c: &Atoms, out: &mut Features) {
    out.push(T_BIAS);
    out.push(c.word);
    out.push(c.suf1);
    out.push(c.suf2);
    out.push(c.suf3);
    out.push(c.suf4);
    out.push(c.pre1);
    out.push(c.shape);
    if let Some(form) = c.form {
        out.push(form);
    }
}

/// Features a neighbour's atoms give a token; `slot` indexes [`NEIGHBOURS`].
pub(crate) fn push_neighbour(slot: usize, a: &Atoms, out: &mut Features) {
    match slot {
        0 => out.push(mix(T_PREV2_WORD, a.word)),
        1 => {
            out.push(mix(T_PREV_WORD, a.word));
            out.push(mix(T_PREV_SUF3, a.suf3));
            out.push(mix(T_PREV_SHAPE, a.shape));
        }
        2 => {
            out.push(mix(T_NEXT_WORD, a.word));
            out.push(mix(T_NEXT_SUF3, a.suf3));
            out.push(mix(T_NEXT_SHAPE, a.shape));
        }
        _ => out.push(mix(T_NEXT2_WORD, a.word)),
    }
}

/// Features of a token together with its neighbours (`first`: it starts the sentence).
pub(crate) fn push_context(p1: &Atoms, c: &Atoms, n1: &Atoms, first: bool, out: &mut Features) {
    out.push(mix2(T_SHAPE_PREV_CUR, p1.shape, c.shape));
    out.push(mix2(T_SHAPE_CUR_NEXT, c.shape, n1.shape));
    if first {
        out.push(mix(T_FIRST_SHAPE, c.shape));
    }
    out.push(mix2(T_PREV_CUR, p1.word, c.word));
    out.push(mix2(T_CUR_NEXT, c.word, n1.word));
}

/// Lower-cases `word`, maps digits to `0` and curly quotes to ASCII, into `out`.
pub(crate) fn normalize(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            '0'..='9' => out.push('0'),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            '’' | '‘' | '`' | '´' => out.push('\''),
            '“' | '”' | '„' | '«' | '»' => out.push('"'),
            c if c.is_ascii() => out.push(c),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// The word's shape: `X` upper, `x` lower, `d` digit, punctuation as itself, runs of
/// a class cut at two (`Washington` → `Xxx`… → `Xxx` is `Xx` + `x`), at most 12 bytes.
fn shape_of<'b>(word: &str, buf: &'b mut [u8; 12]) -> &'b [u8] {
    let mut len = 0usize;
    let mut last = 0u8;
    let mut run = 0usize;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else if c.is_alphabetic() {
            b'a'
        } else {
            b'o'
        };
        if class == last {
            run += 1;
        } else {
            run = 1;
            last = class;
        }
        if run <= 2 && len < buf.len() {
            buf[len] = class;
            len += 1;
        }
    }
    &buf[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_digits_and_quotes() {
        let mut s = String::new();
        normalize("Don’t", &mut s);
        assert_eq!(s, "don't");
        normalize("1,984", &mut s);
        assert_eq!(s, "0,000");
        normalize("ÉTÉ", &mut s);
        assert_eq!(s, "été");
    }

    #[test]
    fn shapes() {
        let mut b = [0u8; 12];
        assert_eq!(shape_of("Washington", &mut b), b"Xxx");
        assert_eq!(shape_of("U.S.", &mut b), b"X.X.");
        assert_eq!(shape_of("1984", &mut b), b"dd");
        assert_eq!(shape_of("", &mut b), b"");
        assert_eq!(shape_of(&"ab-".repeat(50), &mut b).len(), 12);
    }

    #[test]
    fn one_token_per_word_and_context_matters() {
        let mut x = Extractor::default();
        let mut f = Features::default();
        x.extract(["The", "cat", "sat"], &mut f);
        assert_eq!(f.len(), 3);
        let cat_then = f.token(1).to_vec();
        x.extract(["A", "cat", "sat"], &mut f);
        assert_ne!(f.token(1), cat_then.as_slice());
        assert_eq!(f.token(1)[1], cat_then[1]); // same word feature
        x.extract(std::iter::empty(), &mut f);
        assert!(f.is_empty());
    }
}
