//! Features of the two learned claim models, shared by training and inference so the
//! two can never drift apart.
//!
//! - The **cue** model labels each sentence (B/I-CUE, O): word, lowercase, shape,
//!   suffix, part of speech (from [`crate::syntax`]), neighbours, cue-lexicon
//!   membership (own and neighbours'), what follows (that / quote / colon / comma),
//!   quote state, position in the sentence, whether the rules found a cue there, the
//!   token's frame (subject-like left, complement-like right: a verb never seen as a
//!   cue still reads as one between "officials" and "that") and the word's cue rate in
//!   training ([`Rates`]).
//! - The **role** model labels a window of sentences around one cue (B/I-SRC,
//!   B/I-CON, O), so every feature can be relative to that cue: side and distance,
//!   commas and quote marks crossed on the way, same quotation as the cue or not,
//!   sentence offset, the cue word conjoined with side and distance, and the role the
//!   pairing rules gave the token. The rules' answer as a feature lets the perceptron
//!   keep what they get right and learn where PolNeAR's extents differ from them.
//!
//! Nothing allocates per token: strings are hashed where they lie.

use super::quotes::Quotes;
use super::Ctx;
use crate::doc::classes::{Class, LEVELS};
use crate::syntax::Upos;
use crate::tag::{hash, FastMap, Features, IdHasher};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

/// Feature-set versions written into the models; a mismatch disables the model. A model
/// trained with part-of-speech features carries [`POS_SUFFIX`] after its version, and
/// only then does inference pay for tagging.
pub const CUE_META: &str = "claims-cue-v6";
pub const ROLE_META: &str = "claims-role-v4";
pub const POS_SUFFIX: &str = "+pos";

/// What the pairing rules said about a token for the cue at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleRole {
    None,
    Source,
    Content,
}

/// Everything features read besides the tokens, with each token's string features
/// hashed once per document: the role model looks at a token once per cue whose window
/// holds it, and combining precomputed ids with small codes ([`mix`]) is far cheaper
/// than hashing strings again.
pub struct Inputs<'a> {
    pub quotes: &'a Quotes,
    /// Token is inside a cue the rules found.
    pub rule_cue: Vec<bool>,
    /// Each token's lowercase word, as an index into `words`: what depends on the word
    /// alone is kept once per distinct word (four bytes a token rather than seventeen,
    /// which on a page of one-byte tokens is most of the claims layer's memory).
    ty: Vec<u32>,
    words: Vec<WordIds>,
    shape: Vec<u32>,
    /// Each token's tag and class as a feature reads it ([`next_class`]), by index: the
    /// template groups combine the indices, other templates read the ids
    /// ([`Inputs::pos`], [`Inputs::lex`], [`Inputs::class`]) from the tables below.
    pos_idx: Vec<u8>,
    class_idx: Vec<u8>,
    pos_ids: [u32; NO_POS + 1],
    lex_ids: [u32; LEX_CLASSES.len()],
    class_ids: [u32; NEXT_CLASSES.len()],
}

const OUTSIDE: u32 = 0x5EED_0001;

/// What the features read of a lowercase word, hashed once per distinct word.
#[derive(Clone, Copy, Debug)]
struct WordIds {
    word: u32,
    /// [`Rates`] class.
    rate: u32,
    suffix: u32,
    stem: u32,
    /// Index into [`LEX_CLASSES`].
    lex: u8,
    /// The word's distributional class ([`crate::doc::words::Words::class`]) at each
    /// level, hashed ([`class_ids`]).
    class: [u32; LEVELS],
    /// The word is a common first name (`data/words/first-names.txt`).
    first_name: bool,
}

/// The lexicon classes ([`lex_class`]) and next-token classes ([`next_class`]), by index.
const LEX_CLASSES: [&str; 3] = ["-", "lex", "lex-that"];
const NEXT_CLASSES: [&str; 7] = ["that", "colon", "comma", "period", "open", "close", "-"];
/// The class index standing for "no token" (a sentence edge): [`OUTSIDE`].
const NO_CLASS_TOKEN: usize = NEXT_CLASSES.len();
/// The part-of-speech index of a token without a tag.
const NO_POS: usize = Upos::ALL.len();

/// The id of part-of-speech index `idx` (a [`Upos`] discriminant, or [`NO_POS`]).
fn pos_id(idx: usize) -> u32 {
    Upos::ALL.get(idx).map_or_else(|| hash(4, "<none>"), |p| hash(4, p.as_str()))
}

fn lex_id(idx: usize) -> u32 {
    hash(9, LEX_CLASSES.get(idx).copied().unwrap_or("-"))
}

fn class_id(idx: usize) -> u32 {
    NEXT_CLASSES.get(idx).map_or(OUTSIDE, |c| hash(14, c))
}

impl<'a> Inputs<'a> {
    /// `rule_cues` are [`super::cues::find`]'s cues of the document (callers need them
    /// too, so they find them once).
    pub fn new(
        ctx: &Ctx,
        quotes: &'a Quotes,
        rule_cues: &[super::cues::Cue],
        pos: &[Upos],
        rates: &Rates,
    ) -> Inputs<'a> {
        let n = ctx.len();
        let mut rule_cue = vec![false; n];
        for c in rule_cues {
            for i in c.tokens.clone() {
                if let Some(m) = rule_cue.get_mut(i) {
                    *m = true;
                }
            }
        }
        let mut inp = Inputs {
            quotes,
            rule_cue,
            ty: Vec::with_capacity(n),
            words: Vec::new(),
            shape: Vec::with_capacity(n),
            pos_idx: Vec::with_capacity(n),
            class_idx: Vec::with_capacity(n),
            // Tags and classes come from a handful of strings, hashed once here.
            pos_ids: std::array::from_fn(pos_id),
            lex_ids: std::array::from_fn(lex_id),
            class_ids: std::array::from_fn(class_id),
        };
        // What depends on the lowercase word alone is hashed once per distinct word (a
        // news article repeats most of its words), found through the document's word
        // types: a distinct lower case is looked up once per spelling ("The", "the"),
        // not once per token. The shape, which depends on the spelling, likewise.
        let table = ctx.doc.words();
        let mut seen: FastMap<&str, u32> = FastMap::default();
        let mut of_type: Vec<[u32; 2]> = vec![[u32::MAX; 2]; table.len()];
        let words = &mut inp.words;
        for i in 0..n {
            let spelling = table.of(i);
            let cached = of_type.get(spelling).copied().filter(|k| k[0] != u32::MAX);
            let [ty, shape] = cached.unwrap_or_else(|| {
                let w = ctx.lower(i);
                let ty = *seen.entry(w).or_insert_with(|| {
                    let word = hash(1, w);
                    words.push(WordIds {
                        word,
                        rate: rates.class(word),
                        suffix: hash(3, suffix(w, 3)),
                        stem: hash(22, stem(w)),
                        lex: lex_class(w) as u8,
                        class: class_ids(table.class(spelling)),
                        first_name: super::sources::is_first_name(w),
                    });
                    (words.len() - 1) as u32
                });
                let ids = [ty, crate::tag::hash_bytes(2, &shape(ctx.word(i)))];
                if let Some(slot) = of_type.get_mut(spelling) {
                    *slot = ids;
                }
                ids
            });
            let p = pos.get(i).map_or(NO_POS, |&p| (p as usize).min(NO_POS));
            let c = next_class(ctx, quotes, i);
            inp.ty.push(ty);
            inp.pos_idx.push(p as u8);
            inp.shape.push(shape);
            inp.class_idx.push(c as u8);
        }
        inp
    }

    /// What token `i`'s lowercase word gives (None past the ends).
    #[inline]
    fn ids(&self, i: usize) -> Option<&WordIds> {
        self.ty.get(i).and_then(|&t| self.words.get(t as usize))
    }

    /// Token `i`'s word id ([`OUTSIDE`] past the ends).
    #[inline]
    fn word(&self, i: usize) -> u32 {
        self.ids(i).map_or(OUTSIDE, |w| w.word)
    }

    /// Token `i`'s tag (X when the model has none: [`NO_POS`] is past [`Upos::ALL`]).
    pub fn tag(&self, i: usize) -> Upos {
        self.pos_idx.get(i).and_then(|&p| Upos::ALL.get(usize::from(p))).copied().unwrap_or(Upos::X)
    }

    /// Token `i`'s part-of-speech id ([`OUTSIDE`] past the ends).
    fn pos(&self, i: usize) -> u32 {
        Self::id_of(&self.pos_idx, &self.pos_ids, i)
    }

    /// Token `i`'s lexicon-class id ([`OUTSIDE`] past the ends).
    fn lex(&self, i: usize) -> u32 {
        self.ids(i).and_then(|w| self.lex_ids.get(usize::from(w.lex))).copied().unwrap_or(OUTSIDE)
    }

    /// Token `i`'s class id ([`OUTSIDE`] past the ends).
    fn class(&self, i: usize) -> u32 {
        Self::id_of(&self.class_idx, &self.class_ids, i)
    }

    fn id_of(idx: &[u8], ids: &[u32], i: usize) -> u32 {
        idx.get(i).and_then(|&k| ids.get(usize::from(k))).copied().unwrap_or(OUTSIDE)
    }

    /// What stands where a reporting verb's subject would, to the left of token `i`
    /// within `s..`: the first token that is not an adverb, auxiliary or particle ("the
    /// senator has also said"), as its tag, or [`EDGE`] at the sentence start. A verb
    /// the tagger has never seen as a cue still reads as one when a noun phrase or
    /// pronoun governs it and a complement follows ([`Inputs::right_arg`]).
    fn left_arg(&self, s: usize, i: usize) -> u32 {
        let mut j = i;
        for _ in 0..4 {
            if j <= s {
                return EDGE;
            }
            j -= 1;
            if !matches!(self.tag(j), Upos::Adv | Upos::Aux | Upos::Part) {
                return self.frame_code(j);
            }
        }
        FAR
    }

    /// What follows token `i` before `e`, past adverbs: a that / quote / colon / comma
    /// class ([`next_class`]) or else the tag.
    fn right_arg(&self, i: usize, e: usize) -> u32 {
        let mut j = i + 1;
        while j < e && j <= i + 3 {
            if self.tag(j) != Upos::Adv {
                return self.frame_code(j);
            }
            j += 1;
        }
        if j >= e {
            EDGE
        } else {
            FAR
        }
    }

    fn frame_code(&self, j: usize) -> u32 {
        // A token with no class of its own ("-", the last) reads as its tag.
        match self.class_idx.get(j) {
            Some(&c) if usize::from(c) + 1 != NEXT_CLASSES.len() => self.class(j),
            _ => self.tag(j) as u32,
        }
    }
}

/// How often a word lies inside a cue in the training data, in four classes (0: under
/// one time in ten, or unseen). The cue model keeps only its strongest few thousand features, and a
/// verb seen as a cue a handful of times loses its word features to that cap; one
/// class per word keeps that knowledge in a few dense features, conjoined with the
/// frame. Training computes each document's classes from the other folds
/// (`train.rs`), so the model learns how far to trust them on words it has not seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rates {
    map: HashMap<u32, u8, BuildHasherDefault<IdHasher>>,
    /// Sorted `word\tclass` lines, as stored in the model file.
    text: String,
}

impl Rates {
    /// Lowest counts and rates worth a class: rarer words are noise.
    #[cfg(any(test, feature = "train"))]
    const MIN_CUE: u32 = 2;
    #[cfg(any(test, feature = "train"))]
    const MIN_SEEN: u32 = 3;

    /// Classes from counts: `(word, times inside a cue, times seen)`.
    #[cfg(any(test, feature = "train"))]
    pub fn from_counts<'w>(counts: impl IntoIterator<Item = (&'w str, u32, u32)>) -> Rates {
        let mut lines: Vec<String> = Vec::new();
        for (w, cue, seen) in counts {
            if cue < Self::MIN_CUE || seen < Self::MIN_SEEN || w.contains(['\t', '\n']) {
                continue;
            }
            let r = cue as f64 / seen as f64;
            let class = match r {
                _ if r >= 0.5 => 1,
                _ if r >= 0.25 => 2,
                _ if r >= 0.1 => 3,
                _ => continue,
            };
            lines.push(format!("{w}\t{class}\n"));
        }
        lines.sort();
        Rates::parse(&lines.concat()).unwrap_or_default()
    }

    /// Parses `word\tclass` lines (None on a malformed line).
    pub fn parse(text: &str) -> Option<Rates> {
        let mut map = HashMap::default();
        for line in text.lines() {
            let (w, c) = line.split_once('\t')?;
            let c: u8 = c.parse().ok().filter(|c| (1..=3).contains(c))?;
            map.insert(hash(1, w), c);
        }
        Some(Rates { map, text: text.to_string() })
    }

    #[cfg(any(test, feature = "train"))]
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The class of a word by its id (`hash(1, lowercase)`).
    fn class(&self, word: u32) -> u32 {
        self.map.get(&word).map_or(0, |&c| u32::from(c))
    }
}

/// [`Inputs::left_arg`] / [`Inputs::right_arg`] at a sentence edge, or beyond their reach.
const EDGE: u32 = 100;
const FAR: u32 = 101;

/// Feature ids kept to the low BITS bits: the model stores ids as delta varints, and
/// a smaller id space makes the deltas one or two bytes instead of three.
const BITS: u32 = 20;

/// A feature id cut to the model's id space ([`BITS`]).
#[inline]
fn in_space(id: u32) -> u32 {
    id & ((1 << BITS) - 1)
}

/// Combines a template and two ids into a feature id (a 64-bit multiply-xorshift).
#[inline]
fn mix(t: u32, a: u32, b: u32) -> u32 {
    let mut h = ((a as u64) << 32 | b as u64) ^ (t as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h = (h ^ (h >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 32)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (h >> 32) as u32
}

/// The ids of a word's class at each level (64, 256, 1,024 classes); a word the
/// class table lacks (rare, a number, a misspelling) has an id of its own.
fn class_ids(c: Option<Class>) -> [u32; LEVELS] {
    std::array::from_fn(|level| mix(40 + level as u32, c.map_or(0, |c| u32::from(c.at(level)) + 1), 0))
}

/// A word's shape: X, x, d or the character itself, runs collapsed, at most 4 marks.
fn shape(w: &str) -> [u8; 4] {
    let mut out = [b' '; 4];
    let mut n = 0;
    for c in w.chars() {
        let m = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'?'
        };
        if n > 0 && out[n - 1] == m {
            continue;
        }
        if n == 4 {
            break;
        }
        out[n] = m;
        n += 1;
    }
    out
}

fn suffix(w: &str, n: usize) -> &str {
    let start = w.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    w.get(start..).unwrap_or(w)
}

/// A crude stem: inflections of one verb share weights ("warns", "warned", "warning").
fn stem(w: &str) -> &str {
    for suf in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suf) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    w
}

/// [`bucket`] as a small number.
fn bucket_code(d: isize) -> u32 {
    match d {
        ..=-21 => 0,
        -20..=-11 => 1,
        -10..=-6 => 2,
        -5..=-4 => 3,
        -3 => 4,
        -2 => 5,
        -1 => 6,
        0 => 7,
        1 => 8,
        2 => 9,
        3 => 10,
        4..=5 => 11,
        6..=10 => 12,
        11..=20 => 13,
        _ => 14,
    }
}

/// Index into [`LEX_CLASSES`]: not in the cue lexicon, in it, in it needing a complement.
fn lex_class(lower: &str) -> usize {
    match super::cues::lexicon().get(lower) {
        None => 0,
        Some(w) if w.needs_complement => 2,
        Some(_) => 1,
    }
}

/// Index into [`NEXT_CLASSES`].
fn next_class(ctx: &Ctx, q: &Quotes, i: usize) -> usize {
    match ctx.lower(i) {
        "that" => 0,
        ":" => 1,
        "," => 2,
        "." => 3,
        _ if q.is_open(i) => 4,
        _ if q.is_close(i) => 5,
        _ => 6,
    }
}

/// Template groups: templates that read only small codes, scored once per model for
/// every combination of their codes and added as one row per token at inference, where
/// training sees the same features one by one (see [`super::learned`]'s group rows; a
/// probe of the model's index costs as much as a row add, and these were ten of the cue
/// model's 32 probes a token and twelve of the role model's 16 per window token).
///
/// Cue group A: part of speech × lexicon class × inside a rule cue × inside a quotation
/// (the bias, the tag, the lexicon class and templates 12, 13, 19).
pub const CUE_GROUP_A: usize = (NO_POS + 1) * 3 * 2 * 2;
/// Cue group B: cue-rate class × part of speech × next token's class × lexicon class
/// (templates 14, 23, 33, 34).
pub const CUE_GROUP_B: usize = 4 * (NO_POS + 1) * (NO_CLASS_TOKEN + 1) * 3;

/// The ids of cue group A's code `code`.
pub fn cue_group_a(code: usize) -> [u32; 6] {
    let (inside, rule, lex, pos) = (code % 2, code / 2 % 2, code / 4 % 3, code / 12 % (NO_POS + 1));
    let (p, l) = (pos_id(pos), lex_id(lex));
    [mix(0, 0, 0), p, l, mix(12, rule as u32, 0), mix(13, inside as u32, l), mix(19, p, l)].map(in_space)
}

/// The ids of cue group B's code `code`.
pub fn cue_group_b(code: usize) -> [u32; 4] {
    let lex = code % 3;
    let class = code / 3 % (NO_CLASS_TOKEN + 1);
    let pos = code / (3 * (NO_CLASS_TOKEN + 1)) % (NO_POS + 1);
    let rate = (code / (3 * (NO_CLASS_TOKEN + 1) * (NO_POS + 1)) % 4) as u32;
    let (p, l, c) = (pos_id(pos), lex_id(lex), class_id(class));
    [mix(14, c, l), mix(23, p, c), mix(33, rate, p), mix(34, rate, c)].map(in_space)
}

/// Where a token's cue-model features stand in training, in order: `p` the next of
/// [`CueToken::plain`], `a`/`b` the next id of group A/B. The trainer's feature order is
/// kept (a token's features are summed in the order they come, so the trained model stays
/// byte-reproducible); inference adds the plain ones and then the groups' rows.
const CUE_ORDER: &[u8; CUE_PLAIN + 10] = b"appppppappppappaabppppapppbpppppbbpp";

/// Appends one token's ids in their training order: each slot of `order` takes the next
/// id of `plain` (`p`), of group A (`a`) or of group B (`b`) — [`CUE_ORDER`] and
/// `ROLE_ORDER` are such orders.
fn push_in_order(f: &mut Features, order: &[u8], plain: &[u32], a: &[u32], b: &[u32]) {
    let (mut pi, mut ai, mut bi) = (0, 0, 0);
    for &slot in order {
        let (from, k) = match slot {
            b'p' => (plain, &mut pi),
            b'a' => (a, &mut ai),
            _ => (b, &mut bi),
        };
        if let Some(&id) = from.get(*k) {
            f.push(id);
        }
        *k += 1;
    }
}

/// The cue-model features of one token outside the template groups.
const CUE_PLAIN: usize = 26;
/// The first of them, which depend on the token's spelling alone (word, shape, suffix,
/// class):
/// inference scores them once per spelling ([`super::learned::cue_spans`]).
pub const CUE_HEAD: usize = 6;

/// One token's cue-model features: the plain ids (in their place in [`CUE_ORDER`]) and
/// the two template-group codes (A, B).
pub struct CueToken {
    pub plain: [u32; CUE_PLAIN],
    pub codes: [u16; 2],
}

/// Cue-model features of the tokens `range` (one sentence), appended to `f`. With
/// `groups`, the template groups are left out and each token's two group codes (A, B)
/// pushed there instead.
pub fn cue_features(
    inp: &Inputs,
    range: Range<usize>,
    f: &mut Features,
    mut groups: Option<&mut Vec<[u16; 2]>>,
) {
    let (s, e) = (range.start, range.end);
    for i in range {
        let t = cue_token(inp, s, e, i);
        match groups.as_deref_mut() {
            Some(out) => {
                out.push(t.codes);
                f.push_token(&t.plain);
            }
            None => {
                let (a, b) = (cue_group_a(usize::from(t.codes[0])), cue_group_b(usize::from(t.codes[1])));
                f.next_token();
                push_in_order(f, CUE_ORDER, &t.plain, &a, &b);
            }
        }
    }
}

/// The cue-model features of token `i` of the sentence `s..e` ([`CueToken`]). Built as
/// one array rather than pushed one by one: a push per feature (a capacity check and a
/// store) was a fifth of the cue features' instructions.
#[inline]
pub fn cue_token(inp: &Inputs, s: usize, e: usize, i: usize) -> CueToken {
    let at = |i: usize, ok: bool| if ok { inp.word(i) } else { OUTSIDE };
    let gate = |ok: bool, id: u32| if ok { id } else { OUTSIDE };
    let (has_prev, has_next, has_next2, has_prev2) = (i > s, i + 1 < e, i + 2 < e, i >= s + 2);
    let ids = inp.ids(i).copied().unwrap_or(WordIds {
        word: OUTSIDE,
        rate: 0,
        suffix: 0,
        stem: 0,
        lex: 0,
        class: [OUTSIDE; LEVELS],
        first_name: false,
    });
    let w = ids.word;
    let pos = inp.pos(i);
    let prev = at(i.wrapping_sub(1), has_prev);
    let next = at(i + 1, has_next);
    let next_class = gate(has_next, inp.class(i + 1));
    let prev_class = gate(has_prev, inp.class(i.wrapping_sub(1)));
    let lex = inp.lex(i);
    let stem = ids.stem;
    let rate = ids.rate;
    let idx = |v: &[u8], i: usize| usize::from(v.get(i).copied().unwrap_or(0));
    let (p, l) = (idx(&inp.pos_idx, i), usize::from(ids.lex));
    let nc = if has_next { idx(&inp.class_idx, i + 1) } else { NO_CLASS_TOKEN };
    let rule = usize::from(inp.rule_cue.get(i) == Some(&true));
    let inside = usize::from(inp.quotes.inside(i));
    let code_a = ((p * 3 + l) * 2 + rule) * 2 + inside;
    let code_b = ((rate as usize * (NO_POS + 1) + p) * (NO_CLASS_TOKEN + 1) + nc) * 3 + l;
    // The frame: subject-like left, complement-like right. (Each template costs a probe
    // per token; left × POS, left × lexicon and the neighbours' rates were measured and
    // left out: no dev gain for 6 more probes a token.)
    let (left, right) = (inp.left_arg(s, i), inp.right_arg(i, e));
    let [c64, c256, c1024] = ids.class;
    let plain = [
        w,
        inp.shape[i],
        ids.suffix,
        // The word's class (issue 18): a reporting verb the model never saw ("quipped")
        // shares one with those it did.
        c64,
        c256,
        c1024,
        mix(5, prev, 0),
        mix(6, next, 0),
        mix(7, gate(has_prev, inp.pos(i.wrapping_sub(1))), pos),
        mix(8, pos, gate(has_next, inp.pos(i + 1))),
        mix(10, w, next),
        mix(11, prev, w),
        mix(15, prev_class, lex),
        mix(16, bucket_code((i - s) as isize), 0),
        mix(17, at(i + 2, has_next2), 0),
        mix(18, at(i.wrapping_sub(2), has_prev2), 0),
        mix(20, w, u32::from(inp.quotes.inside(i))),
        mix(21, w, next_class),
        stem,
        mix(24, stem, gate(has_next, inp.pos(i + 1))),
        // Boundaries: an auxiliary or adverb before a cue word ("has said"), a particle
        // or time word after one ("called on", "said Friday").
        mix(25, gate(has_next, inp.lex(i + 1)), pos),
        mix(26, gate(has_prev, inp.lex(i.wrapping_sub(1))), w),
        mix(29, right, pos),
        mix(30, mix(31, left, right), pos),
        // The word's cue rate in training, with its context (after groups B's last two).
        mix(35, rate, left),
        // The class in the frame: a verb of speech's class with a complement to its right.
        mix(43, c256, right),
    ]
    .map(in_space);
    CueToken { plain, codes: [code_a as u16, code_b as u16] }
}

/// Role-model features of the window `window` for the cue `cue`, appended to `f`.
/// `rule[i - window.start]` is the rules' role for each token.
#[cfg(feature = "train")]
pub fn role_features(
    inp: &Inputs,
    ctx: &Ctx,
    cue: Range<usize>,
    window: Range<usize>,
    rule: &[RuleRole],
    f: &mut Features,
) {
    role_features_where(inp, ctx, cue, window, rule, f, |_| true, None);
}

/// Which side of `cue` token `i` is on: 0 inside, 1 before, 2 after.
#[inline]
pub fn role_side(cue: &Range<usize>, i: usize) -> u32 {
    if cue.contains(&i) {
        0
    } else if i < cue.start {
        1
    } else {
        2
    }
}

/// Whether token `i`'s [`role_token_ids`] are the same in every window that holds
/// it on the same side of its cue: true unless a neighbour falls outside the window.
#[inline]
pub fn role_cacheable(window: &Range<usize>, i: usize) -> bool {
    i > window.start && i + 1 < window.end
}

/// The role features of token `i` that depend only on the token, its side of the cue
/// and its window neighbours (so a caller may score them once per token and side).
#[cfg(any(test, feature = "train"))]
pub fn role_token_features(
    inp: &Inputs,
    ctx: &Ctx,
    window: &Range<usize>,
    i: usize,
    side: u32,
    f: &mut Features,
) {
    role_token_ids(inp, ctx, window, i, side).iter().for_each(|&id| f.push(id));
}

/// [`role_token_features`] as an array, for a caller that scores them at once.
#[inline]
pub fn role_token_ids(inp: &Inputs, ctx: &Ctx, window: &Range<usize>, i: usize, side: u32) -> [u32; 14] {
    let w = inp.word(i);
    let pos = inp.pos(i);
    let prev = if i > window.start { inp.word(i - 1) } else { OUTSIDE };
    let next = if i + 1 < window.end { inp.word(i + 1) } else { OUTSIDE };
    let first = u32::from(ctx.sentence_start(i) == i);
    let [c64, c256, c1024] = inp.ids(i).map_or([OUTSIDE; LEVELS], |w| w.class);
    [
        mix(100, side, 0),
        mix(101, side, w),
        mix(102, side, pos),
        mix(114, side, prev),
        mix(115, side, next),
        mix(116, inp.pos(i.wrapping_sub(1)), pos),
        mix(118, first, side),
        mix(119, w, 0),
        inp.shape.get(i).copied().unwrap_or(0),
        mix(124, inp.lex(i), side),
        // The word's class by side: who speaks ("spokesman", "officials") and what is said.
        mix(126, c64, side),
        mix(127, c256, side),
        mix(128, c1024, side),
        mix(132, side, u32::from(inp.ids(i).is_some_and(|w| w.first_name))),
    ]
    .map(in_space)
}

/// Role group A (see [`role_group_a`]).
pub const ROLE_GROUP_A: usize = 5 * 3 * 4 * 4 * 4 * 2;
/// Role group B: distance bucket × part of speech × the rules' role × side (templates
/// 103, 104, 111, 112, 113).
pub const ROLE_GROUP_B: usize = 15 * (NO_POS + 1) * 3 * 3;

/// Role group A. Seven of the role model's cue-dependent templates read only small codes — the
/// token's sentence relative to the cue's (5), side (3), quotation (4), and the commas
/// (4), quote marks (4) and other cues (2) crossed — so their 1,920 combinations can
/// be scored once per model instead of probed seven times per window token
/// ([`super::learned`]'s group rows; windows hold a token once per nearby cue). `code`
/// packs them; this gives the seven feature ids, the same whether training pushes them
/// one by one or inference adds their summed row.
pub fn role_group_a(code: usize) -> [u32; 7] {
    let nq = (code % 2) as u32;
    let nm = (code / 2 % 4) as u32;
    let nc = (code / 8 % 4) as u32;
    let quote = (code / 32 % 4) as u32;
    let side = (code / 128 % 3) as u32;
    // The relative sentence, −2..=2, as the u32 the templates have always hashed.
    let sent = ((code / 384 % 5) as isize - 2) as u32;
    [
        mix(107, sent, side),
        mix(108, quote, side),
        mix(109, nc, side),
        mix(110, nm, side),
        mix(117, nq, side),
        mix(122, sent, quote),
        mix(123, nc, nm),
    ]
    .map(in_space)
}

/// The ids of role group B's code `code`.
pub fn role_group_b(code: usize) -> [u32; 5] {
    let side = (code % 3) as u32;
    let rr = (code / 3 % 3) as u32;
    let p = pos_id(code / 9 % (NO_POS + 1));
    let b = (code / (9 * (NO_POS + 1)) % 15) as u32;
    [mix(103, b, 0), mix(104, b, p), mix(111, rr, 0), mix(112, rr, side), mix(113, rr, p)].map(in_space)
}

/// As [`role_features`], with each token's [`role_token_features`] only where
/// `with_token(i)`; the cue-dependent features always, except that with `groups` the
/// template groups are left out and each token's two group codes (A, B) pushed there
/// instead.
#[cfg(any(test, feature = "train"))]
#[allow(clippy::too_many_arguments)]
pub fn role_features_where(
    inp: &Inputs,
    ctx: &Ctx,
    cue: Range<usize>,
    window: Range<usize>,
    rule: &[RuleRole],
    f: &mut Features,
    with_token: impl Fn(usize) -> bool,
    mut groups: Option<&mut Vec<[u16; 2]>>,
) {
    let mut tokens = Vec::new();
    role_tokens(inp, ctx, cue.clone(), window.clone(), rule, &mut tokens);
    for (i, t) in window.clone().zip(&tokens) {
        f.next_token();
        if with_token(i) {
            role_token_features(inp, ctx, &window, i, role_side(&cue, i), f);
        }
        match groups.as_deref_mut() {
            Some(out) => {
                out.push(t.codes);
                t.plain.iter().for_each(|&id| f.push(id));
            }
            None => {
                let (a, b) = (role_group_a(usize::from(t.codes[0])), role_group_b(usize::from(t.codes[1])));
                push_in_order(f, ROLE_ORDER, &t.plain, &a, &b);
            }
        }
    }
}

/// Where a window token's cue-dependent role features stand in training, in order
/// (after its [`role_token_features`]): `p` the next of [`RoleToken::plain`], `a`/`b`
/// the next id of group A/B (see [`CUE_ORDER`]).
#[cfg(any(test, feature = "train"))]
const ROLE_ORDER: &[u8; 17] = b"bbppaaaabbbapaapp";

/// One window token's cue-dependent role features outside the template groups
/// (templates 105, 106, 120, 125 and 129, in [`ROLE_ORDER`]'s order) and its two group codes.
#[derive(Clone, Copy, Debug)]
pub struct RoleToken {
    pub plain: [u32; 5],
    pub codes: [u16; 2],
}

/// The [`RoleToken`]s of the window `window` for the cue `cue`, one per token, into
/// `out`. `rule[i - window.start]` is the rules' role for each token.
pub fn role_tokens(
    inp: &Inputs,
    ctx: &Ctx,
    cue: Range<usize>,
    window: Range<usize>,
    rule: &[RuleRole],
    out: &mut Vec<RoleToken>,
) {
    out.clear();
    let (c0, c1) = (cue.start, cue.end);
    let cue_w = inp.word(c0);
    let cue_last = inp.word(c1.saturating_sub(1).max(c0));
    let cue_class = inp.ids(c0).map_or(OUTSIDE, |w| w.class[1]);
    let cue_sent = ctx.sentence_index(c0) as isize;
    let cue_quote = inp.quotes.open_of(c0);
    let (w0, w1) = (window.start, window.end);
    // Commas / quote marks / other cues between the cue and each token, counted outward
    // from the cue: one pass each way.
    let n = w1 - w0;
    let mut between = vec![(0u8, 0u8, 0u8); n];
    let step = |i: usize, acc: &mut (u8, u8, u8)| {
        if matches!(ctx.word(i), "," | ";" | "—" | "–" | "(" | ")") {
            acc.0 = acc.0.saturating_add(1);
        }
        if inp.quotes.is_quote_token(i) {
            acc.1 = acc.1.saturating_add(1);
        }
        if inp.rule_cue.get(i) == Some(&true) && !(c0..c1).contains(&i) {
            acc.2 = acc.2.saturating_add(1);
        }
    };
    let mut acc = (0u8, 0u8, 0u8);
    for i in c1..w1 {
        between[i - w0] = acc;
        step(i, &mut acc);
    }
    let mut acc = (0u8, 0u8, 0u8);
    for i in (w0..c0.min(w1)).rev() {
        between[i - w0] = acc;
        step(i, &mut acc);
    }
    for i in window {
        let k = i - w0;
        let side = role_side(&cue, i);
        let d = if i < c0 { i as isize - c0 as isize } else { i as isize - c1 as isize + 1 };
        let b = bucket_code(d);
        let rr = rule.get(k).copied().unwrap_or(RuleRole::None) as u32;
        let sent = (ctx.sentence_index(i) as isize - cue_sent).clamp(-2, 2);
        let quote: usize = match inp.quotes.open_of(i) {
            Some(o) if Some(o) == cue_quote => 0,
            Some(_) if inp.quotes.is_quote_token(i) => 1,
            Some(_) => 2,
            None => 3,
        };
        let (nc, nm, nq) = between[k];
        let (nc, nm, nq) = (usize::from(nc.min(3)), usize::from(nm.min(3)), usize::from(nq.min(1)));
        let code_a = (((((sent + 2) as usize * 3 + side as usize) * 4 + quote) * 4 + nc) * 4 + nm) * 2 + nq;
        let p = usize::from(inp.pos_idx.get(i).copied().unwrap_or(0));
        let code_b = ((b as usize * (NO_POS + 1) + p) * 3 + rr as usize) * 3 + side as usize;
        let plain = [
            mix(105, cue_w, side),
            mix(106, cue_w, b),
            mix(120, cue_last, side),
            mix(125, inp.class(i), b),
            // The cue word's class (issue 18): a rare cue reads like the common ones of its class.
            mix(129, cue_class, side),
        ]
        .map(in_space);
        out.push(RoleToken { plain, codes: [code_a as u16, code_b as u16] });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_suffixes_buckets() {
        assert_eq!(&shape("McCain"), b"XxXx");
        assert_eq!(&shape("U.S."), b"X.X.");
        assert_eq!(&shape("2016"), b"d   ");
        assert_eq!(suffix("reported", 3), "ted");
        assert_eq!(suffix("él", 3), "él");
        assert_eq!(bucket_code(-1), 6);
        assert_eq!(bucket_code(30), 14);
        assert_ne!(mix(1, 2, 3), mix(1, 3, 2));
    }

    #[test]
    fn rates_classes_and_text() {
        let r = Rates::from_counts([("said", 90, 100), ("called", 3, 10), ("the", 2, 900), ("once", 1, 1)]);
        assert_eq!(r.text(), "called\t2\nsaid\t1\n");
        assert_eq!(r.class(hash(1, "said")), 1);
        assert_eq!(r.class(hash(1, "called")), 2);
        assert_eq!(r.class(hash(1, "the")), 0, "below one in ten");
        assert_eq!(r.class(hash(1, "once")), 0, "too rare");
        assert_eq!(Rates::parse(r.text()), Some(r));
        assert_eq!(Rates::parse("said\t9\n"), None);
        assert_eq!(Rates::parse("said\n"), None);
    }

    #[test]
    fn frames_and_the_id_space() {
        let doc = crate::doc::Doc::new("Officials said that talks failed.");
        let ctx = Ctx::new(&doc);
        let quotes = Quotes::new(&ctx);
        let pos = crate::syntax::PosLayer::default().find(&doc);
        let inp =
            Inputs::new(&ctx, &quotes, &super::super::cues::find(&ctx, &quotes), &pos, &Rates::default());
        let n = ctx.len();
        assert_eq!(inp.left_arg(0, 0), EDGE);
        // "said": a noun to its left, "that" to its right.
        assert_eq!(inp.left_arg(0, 1), Upos::Noun as u32);
        assert_eq!(inp.right_arg(1, n), hash(14, "that"));
        assert_eq!(inp.right_arg(n - 1, n), EDGE);
        let mut f = Features::default();
        cue_features(&inp, 0..n, &mut f, None);
        assert!((0..n).all(|i| f.token(i).iter().all(|&id| id < 1 << BITS)));
    }
}
