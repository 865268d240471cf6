//! A greedy arc-eager dependency parser over newsmark tokens.
//!
//! Why this design: a transition parser is linear in the sentence and needs no chart,
//! so a 10,000-word article parses in milliseconds; greedy arc-eager with an averaged
//! perceptron is the classic small, fast, well-understood choice (Nivre 2008; Zhang &
//! Nivre 2011 features, a subset). It reuses the shared tagger's pieces rather than
//! copying them: the word atoms of [`super::features`], the hashed feature ids and
//! the compact int8 [`Model`] format of [`crate::tag`] (used here as a plain multiclass
//! scorer through [`Model::scores`]), and at training time the averaged-perceptron
//! [`crate::tag::train::Weights`].
//!
//! Two small models instead of one joint one: the transition classifier has four
//! classes (SHIFT, REDUCE, LEFT, RIGHT) and the relation classifier labels each arc
//! once the tree is built. A joint labelled system would multiply every feature's row
//! by ~86 classes; the split keeps the page budget and costs little accuracy.
//!
//! Without a ROOT token on the stack, words left headless at the end are roots; the
//! first verb among them (else the first) becomes the sentence root and the others
//! attach to it, so every sentence yields one tree, projective by construction.

use super::{Deprel, Upos};
use crate::tag::{hash, hash_bytes, Model};
use std::ops::Range;

pub const TRANS_META: &str = "syntax-arc-eager-v1";
pub const LABEL_META: &str = "syntax-label-v1";
pub const TRANSITIONS: [&str; 4] = ["SHIFT", "REDUCE", "LEFT", "RIGHT"];
pub(crate) const SHIFT: usize = 0;
pub(crate) const REDUCE: usize = 1;
pub(crate) const LEFT: usize = 2;
pub(crate) const RIGHT: usize = 3;

const MAGIC: &[u8; 4] = b"NMPS";

/// One token's attachment: its head (a token index into `doc.tokens`, `None` for the
/// sentence root) and the relation to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Arc {
    pub head: Option<u32>,
    pub rel: Deprel,
}

/// A sentence as the parser sees it: word atoms and tags, index-aligned.
#[derive(Clone, Copy, Debug)]
pub struct Sent<'a> {
    pub words: &'a [u32],
    pub suffixes: &'a [u32],
    pub tags: &'a [Upos],
}

/// The parser configuration: stack, buffer position and the arcs built so far.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub(crate) stack: Vec<u32>,
    next: usize,
    n: usize,
    pub(crate) heads: Vec<i32>,
    lmost: Vec<i32>,
    rmost: Vec<i32>,
    nleft: Vec<u8>,
    nright: Vec<u8>,
}

impl State {
    pub fn reset(&mut self, n: usize) {
        self.stack.clear();
        self.next = 0;
        self.n = n;
        for v in [&mut self.heads, &mut self.lmost, &mut self.rmost] {
            v.clear();
            v.resize(n, -1);
        }
        for v in [&mut self.nleft, &mut self.nright] {
            v.clear();
            v.resize(n, 0);
        }
    }

    pub fn done(&self) -> bool {
        self.next >= self.n
    }

    /// The `k`-th word from the top of the stack.
    pub fn s(&self, k: usize) -> Option<usize> {
        self.stack.len().checked_sub(k + 1).map(|i| self.stack[i] as usize)
    }

    /// The `k`-th word of the buffer.
    pub fn b(&self, k: usize) -> Option<usize> {
        let i = self.next + k;
        (i < self.n).then_some(i)
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads.get(i).and_then(|&h| usize::try_from(h).ok())
    }

    pub fn legal(&self, t: usize) -> bool {
        let has_s0 = !self.stack.is_empty();
        let has_b0 = !self.done();
        match t {
            SHIFT => has_b0,
            REDUCE => self.s(0).is_some_and(|s| self.head(s).is_some()),
            LEFT => has_b0 && self.s(0).is_some_and(|s| self.head(s).is_none()),
            RIGHT => has_b0 && has_s0,
            _ => false,
        }
    }

    /// Applies a legal transition (an illegal one is ignored).
    pub fn apply(&mut self, t: usize) {
        if !self.legal(t) {
            return;
        }
        match t {
            SHIFT => {
                self.stack.push(self.next as u32);
                self.next += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            LEFT => {
                if let Some(s0) = self.stack.pop() {
                    self.attach(self.next, s0 as usize);
                }
            }
            _ => {
                if let Some(s0) = self.s(0) {
                    self.attach(s0, self.next);
                }
                self.stack.push(self.next as u32);
                self.next += 1;
            }
        }
    }

    pub(crate) fn attach(&mut self, h: usize, d: usize) {
        self.heads[d] = h as i32;
        if d < h {
            if self.lmost[h] < 0 || (d as i32) < self.lmost[h] {
                self.lmost[h] = d as i32;
            }
            self.nleft[h] = self.nleft[h].saturating_add(1);
        } else {
            if (d as i32) > self.rmost[h] {
                self.rmost[h] = d as i32;
            }
            self.nright[h] = self.nright[h].saturating_add(1);
        }
    }

    /// Makes the tree whole: one root among the headless words (the first verb, else
    /// the first), the other headless words attached to it. Returns the root.
    pub fn finish(&mut self, tags: &[Upos]) -> Option<usize> {
        let headless = |i: &usize| self.heads[*i] < 0;
        let root = (0..self.n)
            .filter(headless)
            .find(|&i| tags.get(i) == Some(&Upos::Verb))
            .or_else(|| (0..self.n).find(headless))?;
        for i in 0..self.n {
            if i != root && self.heads[i] < 0 {
                self.attach(root, i);
            }
        }
        Some(root)
    }
}

const NONE_TAG: u32 = 0xFF;

#[inline]
fn f1(t: u32, a: u32) -> u32 {
    hash_bytes(t, &a.to_le_bytes())
}

#[inline]
fn f2(t: u32, a: u32, b: u32) -> u32 {
    hash_bytes(t, &((a as u64) | ((b as u64) << 32)).to_le_bytes())
}

#[inline]
fn tags3(a: u32, b: u32, c: u32) -> u32 {
    a | (b << 8) | (c << 16)
}

fn bucket(d: usize) -> u32 {
    match d {
        0..=4 => d as u32,
        5..=7 => 5,
        _ => 6,
    }
}

impl Sent<'_> {
    fn t(&self, i: Option<usize>) -> u32 {
        i.and_then(|i| self.tags.get(i)).map_or(NONE_TAG, |&t| t as u32)
    }
    fn w(&self, i: Option<usize>) -> u32 {
        i.and_then(|i| self.words.get(i)).copied().unwrap_or(0x9E37_79B9)
    }
    fn suf(&self, i: Option<usize>) -> u32 {
        i.and_then(|i| self.suffixes.get(i)).copied().unwrap_or(0x7F4A_7C15)
    }
}

/// The transition classifier's features of a configuration, into `out` (cleared).
pub fn transition_features(st: &State, s: &Sent, out: &mut Vec<u32>) {
    out.clear();
    let (s0, s1, n0, n1, n2) = (st.s(0), st.s(1), st.b(0), st.b(1), st.b(2));
    let opt = |v: i32| usize::try_from(v).ok();
    let s0h = s0.and_then(|i| st.head(i));
    let s0l = s0.and_then(|i| opt(st.lmost[i]));
    let s0r = s0.and_then(|i| opt(st.rmost[i]));
    let n0l = n0.and_then(|i| opt(st.lmost[i]));
    let (s0t, s1t, n0t, n1t, n2t) = (s.t(s0), s.t(s1), s.t(n0), s.t(n1), s.t(n2));
    let (s0w, n0w, n1w, s1w) = (s.w(s0), s.w(n0), s.w(n1), s.w(s1));
    let dist = match (s0, n0) {
        (Some(a), Some(b)) => bucket(b - a),
        _ => 0,
    };
    out.push(hash(200, "bias"));
    out.push(f1(201, s0w));
    out.push(f1(202, s0t));
    out.push(f2(203, s0w, s0t));
    out.push(f1(204, n0w));
    out.push(f1(205, n0t));
    out.push(f2(206, n0w, n0t));
    out.push(f1(207, n1w));
    out.push(f1(208, n1t));
    out.push(f1(209, n2t));
    out.push(f1(210, s1t));
    out.push(f1(211, s1w));
    out.push(f2(212, s0w, n0w));
    out.push(f1(213, tags3(s0t, n0t, 0)));
    out.push(f2(214, s0w, tags3(s0t, n0t, 0)));
    out.push(f2(215, n0w, tags3(s0t, n0t, 0)));
    out.push(f1(216, tags3(n0t, n1t, 0)));
    out.push(f1(217, tags3(n0t, n1t, n2t)));
    out.push(f1(218, tags3(s0t, n0t, n1t)));
    out.push(f1(219, tags3(s1t, s0t, n0t)));
    out.push(f1(220, tags3(s.t(s0h), s0t, n0t)));
    out.push(f1(221, tags3(s0t, s.t(s0l), n0t)));
    out.push(f1(222, tags3(s0t, s.t(s0r), n0t)));
    out.push(f1(223, tags3(s0t, n0t, s.t(n0l))));
    out.push(f1(224, tags3(s0t, n0t, dist)));
    out.push(f2(225, s0w, dist));
    out.push(f2(226, n0w, dist));
    let s0_attached = s0.map_or(2, |i| u32::from(st.head(i).is_some()));
    out.push(f1(227, tags3(s0t, n0t, s0_attached)));
    let s0_rv = s0.map_or(0, |i| st.nright[i].min(3) as u32);
    let n0_lv = n0.map_or(0, |i| st.nleft[i].min(3) as u32);
    out.push(f1(228, tags3(s0t, s0_rv, 0)));
    out.push(f1(229, tags3(n0t, n0_lv, 0)));
    out.push(f2(230, s0w, n0t));
    out.push(f2(231, n0w, s0t));
    out.push(f1(232, tags3(s1t, s0t, 0)));
    out.push(f2(233, s.w(s0h), s0t));
    out.push(f2(234, s.suf(n0), n0t));
    out.push(f2(235, s.suf(s0), s0t));
}

/// The relation classifier's features for the arc `head → dep` of a finished tree.
pub fn label_features(st: &State, s: &Sent, dep: usize, out: &mut Vec<u32>) {
    out.clear();
    let h = st.head(dep);
    let opt = |v: i32| usize::try_from(v).ok();
    let (dt, ht) = (s.t(Some(dep)), s.t(h));
    let (dw, hw) = (s.w(Some(dep)), s.w(h));
    let dir = match h {
        Some(h) if h < dep => 1,
        Some(_) => 2,
        None => 0,
    };
    let dist = h.map_or(0, |h| bucket(h.abs_diff(dep)));
    let dl = opt(st.lmost[dep]);
    let dr = opt(st.rmost[dep]);
    let hh = h.and_then(|h| st.head(h));
    let prev = dep.checked_sub(1);
    let next = Some(dep + 1);
    out.push(hash(300, "bias"));
    out.push(f1(301, dw));
    out.push(f1(302, tags3(dt, ht, dir)));
    out.push(f2(303, dw, tags3(ht, dir, 0)));
    out.push(f2(304, hw, tags3(dt, dir, 0)));
    out.push(f2(305, dw, hw));
    out.push(f1(306, tags3(dt, ht, dist)));
    out.push(f1(307, tags3(dt, s.t(dl), s.t(dr))));
    out.push(f1(308, tags3(dt, ht, s.t(dl))));
    out.push(f1(309, tags3(dt, ht, s.t(hh))));
    out.push(f1(310, tags3(s.t(prev), dt, ht)));
    out.push(f1(311, tags3(dt, s.t(next), ht)));
    out.push(f2(312, s.w(dl), tags3(dt, ht, 0)));
    out.push(f2(313, s.suf(Some(dep)), tags3(dt, ht, dir)));
    out.push(f2(314, s.suf(h), tags3(dt, ht, dir)));
    let n_children = (st.nleft[dep] as u32 + st.nright[dep] as u32).min(4);
    out.push(f1(315, tags3(dt, ht, n_children)));
    out.push(f1(316, tags3(dt, u32::from(h.is_some_and(|h| st.head(h).is_none())), dir)));
}

/// A trained parser: transition and relation classifiers.
#[derive(Clone, Debug)]
pub struct Parser {
    trans: Model,
    label: Model,
    rels: Vec<Deprel>,
}

/// Reusable buffers for parsing.
#[derive(Clone, Debug, Default)]
pub struct ParseScratch {
    state: State,
    feats: Vec<u32>,
    scores: Vec<f32>,
}

impl Parser {
    /// `None` unless both models carry this module's feature-set versions and labels.
    pub fn new(trans: Model, label: Model) -> Option<Parser> {
        if trans.meta() != TRANS_META || label.meta() != LABEL_META || trans.labels() != TRANSITIONS {
            return None;
        }
        let rels = label.labels().iter().map(|l| Deprel::ALL.iter().copied().find(|d| d.as_str() == l));
        let rels = rels.collect::<Option<Vec<_>>>()?;
        Some(Parser { trans, label, rels })
    }

    /// `b"NMPS"`, then each model as a `u32` length and its bytes.
    #[cfg(any(test, feature = "train"))]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for m in [&self.trans, &self.label] {
            let b = m.to_bytes();
            out.extend_from_slice(&(b.len() as u32).to_le_bytes());
            out.extend_from_slice(&b);
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Parser> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let take = |b: &[u8]| -> Option<(Model, usize)> {
            let len = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
            let m = Model::from_bytes(b.get(4..4usize.checked_add(len)?)?).ok()?;
            Some((m, 4 + len))
        };
        let (trans, used) = take(rest)?;
        let rest = rest.get(used..)?;
        let (label, used) = take(rest)?;
        if used != rest.len() {
            return None;
        }
        Parser::new(trans, label)
    }

    pub fn transition_model(&self) -> &Model {
        &self.trans
    }

    pub fn label_model(&self) -> &Model {
        &self.label
    }

    /// Parses one sentence: heads (sentence-relative, `None` for the root) and
    /// relations into `out` (cleared).
    pub fn parse_sentence(
        &self,
        s: &Sent,
        scratch: &mut ParseScratch,
        out: &mut Vec<(Option<usize>, Deprel)>,
    ) {
        let n = s.tags.len().min(s.words.len()).min(s.suffixes.len());
        out.clear();
        let st = &mut scratch.state;
        st.reset(n);
        scratch.scores.resize(TRANSITIONS.len(), 0.0);
        while !st.done() {
            transition_features(st, s, &mut scratch.feats);
            self.trans.scores(&scratch.feats, &mut scratch.scores);
            let best = (0..TRANSITIONS.len())
                .filter(|&t| st.legal(t))
                .max_by(|&a, &b| scratch.scores[a].total_cmp(&scratch.scores[b]).then(b.cmp(&a)));
            match best {
                Some(t) => st.apply(t),
                None => break,
            }
        }
        st.finish(s.tags);
        scratch.scores.resize(self.rels.len(), 0.0);
        for d in 0..n {
            let rel = if st.head(d).is_none() {
                Deprel::Root
            } else {
                label_features(st, s, d, &mut scratch.feats);
                self.label.scores(&scratch.feats, &mut scratch.scores);
                let best = (0..self.rels.len())
                    .filter(|&l| self.rels[l] != Deprel::Root)
                    .max_by(|&a, &b| scratch.scores[a].total_cmp(&scratch.scores[b]).then(b.cmp(&a)));
                best.map_or(Deprel::Dep, |l| self.rels[l])
            };
            out.push((st.head(d), rel));
        }
    }
}

/// A parsed document as a tree: children lists and subtree extents, built in linear
/// time, for the questions layers ask ("the subject of this verb", "the clause under
/// this verb").
#[derive(Clone, Debug, Default)]
pub struct Tree {
    arcs: Vec<Arc>,
    child_start: Vec<u32>,
    children: Vec<u32>,
    extent: Vec<(u32, u32)>,
}

impl Tree {
    /// `arcs` as [`super::parse`] returns them (heads must point inside `arcs`; others
    /// are treated as roots).
    pub fn new(arcs: Vec<Arc>) -> Tree {
        let n = arcs.len();
        let head = |i: usize| arcs[i].head.map(|h| h as usize).filter(|&h| h < n && h != i);
        let mut count = vec![0u32; n + 1];
        for i in 0..n {
            if let Some(h) = head(i) {
                count[h + 1] += 1;
            }
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let mut fill = count.clone();
        let mut children = vec![0u32; count[n] as usize];
        for i in 0..n {
            if let Some(h) = head(i) {
                children[fill[h] as usize] = i as u32;
                fill[h] += 1;
            }
        }
        // Extents bottom-up: visit roots breadth-first, then fold children into
        // parents in reverse visit order. A cycle (never produced by the parser)
        // leaves its nodes unvisited with their own one-token extent.
        let mut order: Vec<u32> = (0..n).filter(|&i| head(i).is_none()).map(|i| i as u32).collect();
        let mut k = 0;
        while k < order.len() {
            let v = order[k] as usize;
            order.extend_from_slice(&children[count[v] as usize..count[v + 1] as usize]);
            k += 1;
        }
        let mut extent: Vec<(u32, u32)> = (0..n as u32).map(|i| (i, i + 1)).collect();
        for &v in order.iter().rev() {
            if let Some(h) = head(v as usize) {
                let (lo, hi) = extent[v as usize];
                let e = &mut extent[h];
                *e = (e.0.min(lo), e.1.max(hi));
            }
        }
        Tree { arcs, child_start: count, children, extent }
    }

    pub fn arcs(&self) -> &[Arc] {
        &self.arcs
    }

    /// The dependents of token `i`, left to right.
    pub fn children(&self, i: usize) -> &[u32] {
        let (Some(&a), Some(&b)) = (self.child_start.get(i), self.child_start.get(i + 1)) else { return &[] };
        self.children.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The first dependent of `i` with relation `rel`.
    pub fn child_with(&self, i: usize, rel: Deprel) -> Option<usize> {
        self.children(i).iter().map(|&c| c as usize).find(|&c| self.arcs[c].rel == rel)
    }

    /// The tokens of the subtree under `i` (contiguous: the parse is projective).
    pub fn subtree(&self, i: usize) -> Range<usize> {
        self.extent.get(i).map_or(i..i, |&(lo, hi)| lo as usize..hi as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_build_a_projective_tree() {
        // "She said it rained": she ← said → rained, it ← rained.
        let mut st = State::default();
        st.reset(4);
        for t in [SHIFT, LEFT, SHIFT, SHIFT, LEFT, RIGHT] {
            assert!(st.legal(t), "{t}");
            st.apply(t);
        }
        assert!(st.done());
        let tags = [Upos::Pron, Upos::Verb, Upos::Pron, Upos::Verb];
        assert_eq!(st.finish(&tags), Some(1));
        assert_eq!(st.heads, [1, -1, 3, 1]);
        assert!(!st.legal(SHIFT));
    }

    #[test]
    fn finish_joins_fragments_under_one_root() {
        let mut st = State::default();
        st.reset(3);
        st.apply(SHIFT);
        st.apply(SHIFT);
        st.apply(SHIFT);
        assert_eq!(st.finish(&[Upos::Noun, Upos::Verb, Upos::Noun]), Some(1));
        assert_eq!(st.heads, [1, -1, 1]);
    }

    #[test]
    fn tree_children_and_subtrees() {
        let a = |h: Option<u32>, rel| Arc { head: h, rel };
        let arcs = vec![
            a(Some(1), Deprel::Nsubj),
            a(None, Deprel::Root),
            a(Some(3), Deprel::Nsubj),
            a(Some(1), Deprel::Ccomp),
        ];
        let t = Tree::new(arcs);
        assert_eq!(t.children(1), &[0, 3]);
        assert_eq!(t.child_with(1, Deprel::Ccomp), Some(3));
        assert_eq!(t.subtree(3), 2..4);
        assert_eq!(t.subtree(1), 0..4);
        assert_eq!(t.children(9), &[] as &[u32]);
        // A cycle (never produced by the parser) is survived.
        let cyc = Tree::new(vec![a(Some(1), Deprel::Dep), a(Some(0), Deprel::Dep)]);
        assert_eq!(cyc.subtree(0), 0..1);
    }

    #[test]
    fn garbage_bytes_are_no_parser() {
        assert!(Parser::from_bytes(b"").is_none());
        assert!(Parser::from_bytes(b"NMPS\xff\xff\xff\xff").is_none());
    }
}
