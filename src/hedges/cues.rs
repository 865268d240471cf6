//! The learned cue tagger: features for the shared sequence tagger ([`crate::tag`]) and
//! the decoding of its BIO labels into cue ranges.
//!
//! Design:
//! - **Candidates.** Hedge cues are a nearly closed class. A token is *open* when its
//!   lower-cased form is in the cue vocabulary (`data/hedges/cue-vocab.txt`: every word
//!   of a gold cue in the training splits, written by `newsmark train hedges`) or when
//!   a hedge list (npm `hedges`, Columbia, ours) covers it. Every other token gets one
//!   feature, "closed", and the model learns that it is `O`. Training and inference
//!   gate identically, so nothing is lost but the chance to invent a cue from a word
//!   never seen as one — and the layer stays far below its 2 ms budget on 10,000 words.
//! - **Features that separate hedging from non-hedging uses:** the cased form ("May"
//!   vs "may"), the neighbours and the word paired with each neighbour ("could not",
//!   "is considering", "suggested a"), the next token's shape ("May 20"), the rules in
//!   [`super::rules`] (month, past ability, asking "if", proposing "suggest", reported
//!   "would"), the sentence being a question or a conditional, and the lists as
//!   "begins/continues an entry of list L".
//! - **Register.** The corpora disagree on what is a cue: SFU reviews mark "or", "can"
//!   and "if" as speculation, Szeged news marks "would" and "expected", BioScope marks
//!   "indicate that". A document-level register (first-person reviewing, news reporting
//!   full of "said", expository prose) is conjoined with the word, so one model learns
//!   every convention and applies the one the text itself calls for; no corpus label is
//!   needed at inference.

use super::lexicon::List;
use super::register::Register;
use super::rules;
use super::sentence::Sent;
use crate::tag::model::Buffers;
use crate::tag::{hash, hash2, Features, Model};
use crate::text::TokenKind;
use std::ops::Range;
use std::sync::OnceLock;

/// The feature-set version recorded in the model; a model trained on other features is
/// refused (and the rule-based fallback used) rather than silently mis-scored.
pub const META: &str = "hedges-cues-v1";
pub const LABELS: [&str; 3] = ["O", "B-CUE", "I-CUE"];

static MODEL_BYTES: &[u8] = include_bytes!("../../models/hedges.bin");

/// The embedded model, parsed once; `None` when absent or trained on other features.
pub fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| Model::embedded(MODEL_BYTES, META, &LABELS)).as_ref()
}

// Feature templates.
const T_CLOSED: u32 = 1;
const T_BIAS: u32 = 2;
const T_W: u32 = 3;
const T_CASED: u32 = 4;
const T_SUF: u32 = 5;
const T_P1: u32 = 6;
const T_N1: u32 = 7;
const T_P2: u32 = 8;
const T_N2: u32 = 9;
const T_P1W: u32 = 10;
const T_WN1: u32 = 11;
const T_WSHAPE: u32 = 13;
const T_FIRST: u32 = 14;
const T_LEX: u32 = 15;
const T_LEXW: u32 = 16;
const T_TYPE: u32 = 17;
const T_RULE: u32 = 18;
const T_SENT: u32 = 19;
const T_REG: u32 = 20;
const T_WN12: u32 = 23;
const T_REGN1: u32 = 21;
const T_WPSHAPE: u32 = 24;
const T_WNSUF: u32 = 25;
const T_WPSUF: u32 = 26;
/// Salt of a register's copies (plus the register's index).
const T_OWN_COPY: u32 = 40;

fn shape(s: &Sent, i: isize) -> &'static str {
    match s.kind(i) {
        None => "none",
        Some(TokenKind::Number) => "num",
        Some(TokenKind::Word) if s.word(i).starts_with(char::is_uppercase) => "cap",
        Some(TokenKind::Word) => "low",
        Some(TokenKind::Quote) => "quote",
        Some(_) => match s.word(i) {
            "," => ",",
            "." => ".",
            "?" => "?",
            ":" => ":",
            ";" => ";",
            "(" => "(",
            _ => "p",
        },
    }
}

/// The last `n` characters of `w` (all of it when shorter).
fn suffix(w: &str, n: usize) -> &str {
    let start = w.char_indices().rev().nth(n - 1).map_or(0, |(b, _)| b);
    w.get(start..).unwrap_or(w)
}

/// Marks which tokens of `s` are open (see the module doc) into `open`.
pub fn open_tokens(s: &Sent, open: &mut Vec<bool>) {
    open.clear();
    open.extend_from_slice(&s.in_vocab);
    for m in &s.matches {
        if matches!(m.entry.list, List::NpmHedges | List::ColumbiaProp | List::ColumbiaRel | List::Cues) {
            for o in open.iter_mut().skip(m.start).take(m.len) {
                *o = true;
            }
        }
    }
}

/// Appends the features of every token of `s` to `f` (cleared first).
pub fn features(s: &Sent, reg: Register, open: &mut Vec<bool>, f: &mut Features) {
    f.clear();
    open_tokens(s, open);
    for (i, &is_open) in open.iter().enumerate() {
        f.next_token();
        if !is_open {
            f.push(hash(T_CLOSED, ""));
            continue;
        }
        let ii = i as isize;
        let w = s.low(ii);
        let n1 = s.low(ii + 1);
        f.push(hash(T_BIAS, ""));
        f.push(hash(T_W, w));
        f.push(hash(T_CASED, s.word(ii)));
        f.push(hash(T_SUF, suffix(w, 3)));
        f.push(hash(T_P1, s.low(ii - 1)));
        f.push(hash(T_N1, s.low(ii + 1)));
        f.push(hash(T_P2, s.low(ii - 2)));
        f.push(hash(T_N2, s.low(ii + 2)));
        f.push(hash2(T_P1W, s.low(ii - 1), w));
        f.push(hash2(T_WN1, w, s.low(ii + 1)));
        f.push(hash2(T_WSHAPE, w, shape(s, ii + 1)));
        f.push(hash2(T_WPSHAPE, w, shape(s, ii - 1)));
        f.push(hash(hash2(T_WN12, w, n1), s.low(ii + 2)));
        f.push(hash2(T_WNSUF, w, suffix(n1, 2)));
        f.push(hash2(T_WPSUF, w, suffix(s.low(ii - 1), 2)));
        f.push(hash2(T_FIRST, w, if i == 0 { "first" } else { "mid" }));
        f.push(hash2(T_REG, w, reg.name()));
        f.push(hash(hash2(T_REGN1, reg.name(), w), n1));
        if s.question {
            f.push(hash2(T_SENT, w, "question"));
        }
        if s.conditional {
            f.push(hash2(T_SENT, w, "conditional"));
        }
        for m in s.matches_over(i..i + 1) {
            let pos = match (i == m.start, m.len) {
                (true, 1) => "U",
                (true, _) => "B",
                (false, _) if i + 1 == m.start + m.len => "L",
                _ => "I",
            };
            f.push(hash2(T_LEX, m.entry.list.name(), pos));
            f.push(hash2(T_LEXW, m.entry.list.name(), w));
            if let Some(k) = m.entry.kind {
                f.push(hash2(T_TYPE, k.as_str(), pos));
            }
        }
        let rule = |name: &str| hash(T_RULE, name);
        if rules::month_may(s, i) {
            f.push(rule("month-may"));
        }
        if rules::past_ability_could(s, i) {
            f.push(rule("past-could"));
        }
        if rules::question_if(s, i) {
            f.push(rule("question-if"));
        }
        match rules::proposal_suggest(s, i) {
            Some(true) => f.push(rule("proposal-suggest")),
            Some(false) => f.push(rule("evidence-suggest")),
            None => {}
        }
        if rules::reported_would(s, i) {
            f.push(rule("reported-would"));
        }
        if rules::after_reporting(s, i) {
            f.push(hash2(T_RULE, "after-reporting", w));
        }
        if own_copy(reg) {
            f.conjoin_token(T_OWN_COPY + reg.index() as u32);
        }
    }
}

/// Registers whose texts get a copy of every feature of their own (Daumé's "frustratingly
/// easy" domain adaptation): the shared weights learn what the corpora agree on, the
/// copy what only this register's annotators call a cue. Only reviews get one: SFU's
/// conventions ("or", "can") are the furthest from the rest, and a copy for news or
/// expository prose spends features on a few hundred cues (see `models/hedges.md`).
fn own_copy(reg: Register) -> bool {
    reg == Register::Personal
}

/// Reusable buffers for tagging many sentences.
#[derive(Default)]
pub struct Scratch {
    pub features: Features,
    pub open: Vec<bool>,
    pub labels: Vec<u16>,
    pub buffers: Buffers,
}

/// Cue token ranges of `s` (sentence-relative, sorted, disjoint) according to `model`,
/// then [`rules::settle`].
pub fn tag(model: &Model, s: &Sent, reg: Register, scratch: &mut Scratch) -> Vec<Range<usize>> {
    features(s, reg, &mut scratch.open, &mut scratch.features);
    if !scratch.open.iter().any(|&o| o) {
        return Vec::new();
    }
    model.tag_with(&scratch.features, &mut scratch.buffers, &mut scratch.labels);
    rules::settle(s, spans_of(&scratch.labels))
}

/// BIO label ids (indices into [`LABELS`]) to ranges. An `I` without a `B` starts a
/// cue (the decoder's constraints forbid it, but a stale model must not panic).
pub fn spans_of(labels: &[u16]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &l) in labels.iter().enumerate() {
        match l {
            1 => {
                if let Some(s) = open.take() {
                    out.push(s..i);
                }
                open = Some(i);
            }
            2 => {
                open.get_or_insert(i);
            }
            _ => {
                if let Some(s) = open.take() {
                    out.push(s..i);
                }
            }
        }
    }
    if let Some(s) = open {
        out.push(s..labels.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;
    use crate::hedges::vocab::Vocab;
    use crate::hedges::words::Words;

    #[test]
    fn bio_labels_become_ranges() {
        assert_eq!(spans_of(&[0, 1, 2, 0, 1, 1, 2]), vec![1..3, 4..5, 5..7]);
        assert_eq!(spans_of(&[2, 0]), vec![0..1]);
        assert!(spans_of(&[]).is_empty());
    }

    #[test]
    fn only_candidate_tokens_get_word_features() {
        let doc = Doc::new("The minister may resign.");
        let vocab = Vocab::from_words(["may".to_string()]);
        let words = Words::new(&doc, &vocab);
        let s = Sent::new(&doc, &words, &doc.sentences[0]);
        let (mut open, mut f) = (Vec::new(), Features::default());
        features(&s, Register::Reporting, &mut open, &mut f);
        assert_eq!(f.len(), 5);
        assert_eq!(f.token(0), &[hash(T_CLOSED, "")]);
        assert!(f.token(2).len() > 10);
    }
}
