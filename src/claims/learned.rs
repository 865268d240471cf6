//! The learned layer: a cue tagger over sentences, then a role tagger over a window
//! around each cue (see [`super::features`]). Both are models of the shared tagger
//! ([`crate::tag`]), packed into one file, models/claims.bin:
//! `b"NMCL"`, the cue model's length (u32 little-endian), the cue bias (f32 little-endian),
//! the cue model, the role model's length (u32), the role model, and the words' cue
//! rates ([`Rates`]) as UTF-8 `word\tclass` lines to the end.
//!
//! The cue model proposes generously: a bias on B-CUE, chosen on dev, trades some
//! precision for the recall PolNeAR's long tail of cues needs. (Training the role model
//! on false proposals too, so that it could veto cues, was tried — `--candidate-bias` —
//! and did not help: proposals on the training data itself are too few to learn from.)
//!
//! Why the window ([`window`]): PolNeAR contents run over several sentences when a
//! quotation does; otherwise they stay in the cue's sentence. Following quotations
//! rather than taking fixed neighbours keeps the role pass close to one pass over the
//! text, and capping it keeps decoding linear.

use super::features::{
    cue_features, cue_group_a, cue_group_b, cue_token, role_cacheable, role_group_a, role_group_b, role_side,
    role_token_ids, role_tokens, Inputs, Rates, RuleRole, CUE_GROUP_A, CUE_GROUP_B, CUE_HEAD, CUE_META,
    POS_SUFFIX, ROLE_GROUP_A, ROLE_GROUP_B, ROLE_META,
};
use super::quotes::Quotes;
use super::{cues, pairing, Ctx, Found};
use crate::syntax::Upos;
use crate::tag::types::add_row;
use crate::tag::{Features, Model};
use std::ops::Range;
use std::sync::OnceLock;

/// Most tokens a role window holds on either side of its cue.
pub const REACH: usize = 80;

pub struct ClaimModel {
    pub cue: Model,
    pub role: Model,
    /// Added to the B-CUE score before decoding: the perceptron is conservative on
    /// PolNeAR's long tail of cues, and a bias chosen on dev trades precision for recall.
    pub cue_bias: f32,
    /// Trained with part-of-speech features (so inference must tag).
    pub uses_pos: bool,
    /// Words' cue rates in the training data, a feature of the cue model.
    pub rates: Rates,
    /// The template groups' summed rows ([`super::features::CUE_GROUP_A`] and the like).
    groups: ModelGroups,
}

/// The summed rows of both models' template groups, computed when a model is made.
#[derive(Clone, Debug, Default)]
struct ModelGroups {
    cue: [GroupRows; 2],
    role: [GroupRows; 2],
}

// Codes travel as u16.
const _: () = assert!(CUE_GROUP_A <= 1 << 16 && CUE_GROUP_B <= 1 << 16);
const _: () = assert!(ROLE_GROUP_A <= 1 << 16 && ROLE_GROUP_B <= 1 << 16);

impl ModelGroups {
    fn new(cue: &Model, role: &Model) -> ModelGroups {
        ModelGroups {
            cue: [
                GroupRows::new(cue, CUE_GROUP_A, cue_group_a),
                GroupRows::new(cue, CUE_GROUP_B, cue_group_b),
            ],
            role: [
                GroupRows::new(role, ROLE_GROUP_A, role_group_a),
                GroupRows::new(role, ROLE_GROUP_B, role_group_b),
            ],
        }
    }
}

/// One template group's row for each of its codes: the sum of the group's features'
/// weights, added in one go where the features would each have been probed.
#[derive(Clone, Debug, Default)]
pub struct GroupRows {
    rows: Vec<f32>,
}

impl GroupRows {
    fn new<const K: usize>(model: &Model, codes: usize, ids: fn(usize) -> [u32; K]) -> GroupRows {
        let n = model.n_labels().max(1);
        let mut rows = vec![0.0; codes * n];
        for (code, row) in rows.chunks_exact_mut(n).enumerate() {
            model.add_scores(&ids(code), row);
        }
        GroupRows { rows }
    }

    /// Adds the row of `code` into `out` (a row of the model's width).
    #[inline]
    fn add(&self, code: u16, out: &mut [f32]) {
        add_row(&self.rows, usize::from(code), out);
    }

    /// Adds each token's row of `codes[k][which]` into row `k` of `em` (`n` wide).
    #[cfg(test)]
    fn add_all(&self, codes: &[[u16; 2]], which: usize, em: &mut [f32], n: usize) {
        for (row, c) in em.chunks_exact_mut(n.max(1)).zip(codes) {
            self.add(c[which], row);
        }
    }
}

impl ClaimModel {
    pub fn new(cue: Model, role: Model, cue_bias: f32, uses_pos: bool, rates: Rates) -> ClaimModel {
        let groups = ModelGroups::new(&cue, &role);
        ClaimModel { cue, role, cue_bias, uses_pos, rates, groups }
    }

    pub fn from_bytes(b: &[u8]) -> Option<ClaimModel> {
        let head = b.get(..12)?;
        if &head[..4] != b"NMCL" {
            return None;
        }
        let n = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let cue_bias = f32::from_le_bytes([head[8], head[9], head[10], head[11]]);
        let role_at = 12usize.checked_add(n)?;
        let cue = Model::from_bytes(b.get(12..role_at)?).ok()?;
        let m = b.get(role_at..role_at.checked_add(4)?)?;
        let m = u32::from_le_bytes([m[0], m[1], m[2], m[3]]) as usize;
        let rates_at = (role_at + 4).checked_add(m)?;
        let role = Model::from_bytes(b.get(role_at + 4..rates_at)?).ok()?;
        let rates = Rates::parse(std::str::from_utf8(b.get(rates_at..)?).ok()?)?;
        let uses_pos = cue.meta().ends_with(POS_SUFFIX);
        let base = |m: &Model| m.meta().strip_suffix(POS_SUFFIX).unwrap_or(m.meta()).to_string();
        let ok = base(&cue) == CUE_META && base(&role) == ROLE_META && cue_bias.is_finite();
        ok.then(|| ClaimModel::new(cue, role, cue_bias, uses_pos, rates))
    }

    #[cfg(any(test, feature = "train"))]
    pub fn to_bytes(&self) -> Vec<u8> {
        let (c, r) = (self.cue.to_bytes(), self.role.to_bytes());
        let mut out = b"NMCL".to_vec();
        out.extend_from_slice(&(c.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.cue_bias.to_le_bytes());
        out.extend_from_slice(&c);
        out.extend_from_slice(&(r.len() as u32).to_le_bytes());
        out.extend_from_slice(&r);
        out.extend_from_slice(self.rates.text().as_bytes());
        out
    }
}

/// The shipped model, parsed once; None when models/claims.bin is empty or stale.
pub fn model() -> Option<&'static ClaimModel> {
    static M: OnceLock<Option<ClaimModel>> = OnceLock::new();
    M.get_or_init(|| ClaimModel::from_bytes(include_bytes!("../../models/claims.bin"))).as_ref()
}

/// The tokens a role window spans: the cue's sentence and the next, widened to a
/// quotation that runs across its edges (content of several sentences); within the cue's
/// line, at most [`REACH`] tokens either side. Tight windows keep the role model's cost
/// near one pass over the text. (The previous sentence was in the window once; without
/// it dev scores held or rose and the windows shrank by 14%.)
pub fn window(ctx: &Ctx, quotes: &Quotes, cue: &Range<usize>) -> Range<usize> {
    let sent = ctx.sentence_range(cue.start);
    let (l0, l1) = (ctx.line_start_of(cue.start), ctx.line_end_of(cue.start));
    // Contents continue into the next sentence; a source or content in the previous one
    // is reached only through a quotation that spans the boundary.
    let mut a = sent.start;
    if let Some(o) = quotes.open_of(sent.start) {
        a = a.min(o); // the sentence starts inside a quotation begun earlier
    }
    let next_end = ctx.sentence_range(sent.end).end.max(sent.end);
    let mut b = next_end;
    // A quotation open at the end of the cue's sentence or of the next runs on to its
    // close: "“…,” said Alan Cole. “I wouldn't call it reform. It's a tax increase.”"
    for last in [sent.end.saturating_sub(1), next_end.saturating_sub(1)] {
        if let Some(c) =
            quotes.open_of(last).filter(|_| !quotes.is_close(last)).and_then(|o| quotes.close_of(o))
        {
            b = b.max(c + 1);
        }
    }
    let a = a.max(l0).max(cue.start.saturating_sub(REACH)).min(cue.start);
    let b = b.min(l1).min(cue.end + REACH).max(cue.end);
    a..b
}

/// Rules' roles over `window` for `cue`.
pub fn rule_roles(
    ctx: &Ctx,
    quotes: &Quotes,
    cue: &Range<usize>,
    window: &Range<usize>,
    out: &mut Vec<RuleRole>,
) {
    out.clear();
    out.resize(window.len(), RuleRole::None);
    let Some(found) = pairing::pair_span(ctx, quotes, cue.clone()) else { return };
    // Only the part of a rule's span inside the window: the rules' content may run to
    // the end of a long sentence or line, and walking it all per cue was quadratic.
    let mut mark = |r: &Range<usize>, role: RuleRole| {
        let (a, b) = (r.start.max(window.start), r.end.min(window.end));
        if let Some(slots) = out.get_mut(a.saturating_sub(window.start)..b.saturating_sub(window.start)) {
            slots.fill(role);
        }
    };
    for r in &found.content {
        mark(r, RuleRole::Content);
    }
    if let Some(r) = &found.source {
        mark(r, RuleRole::Source);
    }
}

/// Spans of consecutive tokens labelled `B-X`/`I-X` for one role `x` (by label name).
pub fn spans_of(labels: &[u16], names: &[String], x: &str, offset: usize) -> Vec<Range<usize>> {
    // Per label id, once: (is `x`, is an `I-`); labels are read per token.
    let kinds: Vec<(bool, bool)> = names
        .iter()
        .map(|name| {
            let (bio, role) = name.split_once('-').unwrap_or(("O", ""));
            (role == x, bio == "I")
        })
        .collect();
    let mut out: Vec<Range<usize>> = Vec::new();
    for (k, &l) in labels.iter().enumerate() {
        let (is_x, inside) = kinds.get(l as usize).copied().unwrap_or((x.is_empty(), false));
        if !is_x {
            continue;
        }
        match out.last_mut() {
            Some(r) if inside && r.end == offset + k => r.end += 1,
            _ => out.push(offset + k..offset + k + 1),
        }
    }
    out
}

/// Where the verb group of the verb at `i` starts: PolNeAR's cues take in the
/// auxiliaries, modals and negation before a verb ("had mocked", "didn't suggest",
/// "has also said"; 2,934 such cues in train against 100 that leave them out), and
/// adverbs only between those. The cue model is trained to mark the verb alone
/// ([`head_start`]) and this rule restores the group, so a verb's evidence as a cue is
/// the same with or without auxiliaries — 1 in 6 dev cues has them, and the model
/// found under half of those when it had to learn `B-CUE` on each auxiliary.
pub fn group_start(ctx: &Ctx, inp: &Inputs, i: usize) -> usize {
    if inp.tag(i) != Upos::Verb {
        return i;
    }
    let s = ctx.sentence_start(i);
    let (mut j, mut first) = (i, i);
    while j > s && i - j < 5 {
        let k = j - 1;
        let part = matches!(ctx.lower(k), "not" | "n't" | "n’t" | "never" | "to");
        match inp.tag(k) {
            _ if part => first = k,
            Upos::Aux | Upos::Adv => first = k,
            _ => break,
        }
        j = k;
    }
    first
}

/// The token the cue model labels `B-CUE` for the gold cue `r`: its verb when
/// [`group_start`] of that verb gives back the cue's start, else the start.
#[cfg(any(test, feature = "train"))]
pub fn head_start(ctx: &Ctx, inp: &Inputs, r: &Range<usize>) -> usize {
    (r.start + 1..r.end).find(|&h| group_start(ctx, inp, h) == r.start).unwrap_or(r.start)
}

/// Cue spans of the whole document from the cue model, `bias` added to B-CUE, sentence
/// by sentence in document order. `groups`: the model's template-group rows (the
/// trainer, scoring a bare model between epochs, passes None and probes every feature).
pub fn cue_spans(
    ctx: &Ctx,
    inp: &Inputs,
    cue: &Model,
    bias: f32,
    groups: Option<&[GroupRows; 2]>,
) -> Vec<Range<usize>> {
    let mut f = Features::default();
    let mut labels = Vec::new();
    let mut out: Vec<Range<usize>> = Vec::new();
    let (mut em, mut lattice) = (Vec::new(), Vec::new());
    let b_cue = cue.label_id("B-CUE").map(usize::from);
    let n = cue.n_labels().max(1);
    // Per spelling, the scores of a token's first features (word, shape, suffix: they
    // depend on the spelling alone), computed on first use. They are summed from zero
    // in the order `Model::add_scores` would sum them for the token, which then goes on
    // adding its other features to that row: the emissions are bit-identical.
    let types = ctx.doc.words();
    let mut heads = vec![0.0f32; if groups.is_some() { types.len() * n } else { 0 }];
    let mut has_head = vec![false; heads.len() / n];
    for s in &ctx.doc.sentences {
        let r = s.tokens.clone();
        match groups {
            Some([a, b]) => {
                // Inference: each token scored where it is built, no feature buffer.
                em.clear();
                em.resize(r.len() * n, 0.0);
                for (row, i) in em.chunks_exact_mut(n).zip(r.clone()) {
                    let t = cue_token(inp, r.start, r.end, i);
                    let (head, rest) = t.plain.split_at(CUE_HEAD);
                    let ty = types.of(i);
                    match (heads.get_mut(ty * n..(ty + 1) * n), has_head.get_mut(ty)) {
                        (Some(h), Some(done)) => {
                            if !*done {
                                cue.add_scores(head, h);
                                *done = true;
                            }
                            row.copy_from_slice(h);
                        }
                        _ => cue.add_scores(head, row),
                    }
                    cue.add_scores(rest, row);
                    a.add(t.codes[0], row);
                    b.add(t.codes[1], row);
                }
            }
            None => {
                f.clear();
                cue_features(inp, r, &mut f, None);
                cue.emissions(&f, &mut em);
            }
        }
        if let Some(b) = b_cue {
            em.iter_mut().skip(b).step_by(n).for_each(|x| *x += bias);
        }
        cue.decode(&em, &mut lattice, &mut labels);
        let spans = spans_of(&labels, cue.labels(), "CUE", s.tokens.start);
        out.extend(spans.into_iter().map(|r| group_start(ctx, inp, r.start)..r.end));
    }
    out
}

/// Buffers the learned layer fills per document, kept between documents by a caller
/// that analyses many ([`crate::Analyzer`]): the role rows' cache, a fixed size
/// ([`CACHED_TOKENS`]), is allocated once rather than per document.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    rows: TokenRows,
}

/// The claims `m` finds, reusing `scratch`. Reads the document's part-of-speech column
/// when `m` was trained with tags (the analyzer runs the POS stage first).
pub fn find_in(ctx: &Ctx, quotes: &Quotes, m: &ClaimModel, scratch: &mut Scratch) -> Vec<Found> {
    let cache = &mut scratch.rows;
    let pos = if m.uses_pos { ctx.doc.pos() } else { &[] };
    let rule_cues = cues::find(ctx, quotes);
    let inp = Inputs::new(ctx, quotes, &rule_cues, pos, &m.rates);
    let cue_spans = cue_spans(ctx, &inp, &m.cue, m.cue_bias, Some(&m.groups.cue));
    let mut labels = Vec::new();
    // Structural cues the rules are sure of and the model missed, and "per" (not among
    // the rule cues the model reads: it was trained without it).
    let mut structural: Vec<Found> = Vec::new();
    let sure = rule_cues.into_iter().filter(|c| c.kind.is_structural()).chain(cues::per_cues(ctx));
    for c in sure {
        if cues::is_section_colon(ctx, quotes, &c.tokens) {
            continue;
        }
        // `cue_spans` are in token order and disjoint: the one that could overlap is
        // found by bisection (a scan per rule cue was quadratic on colon-dense text).
        let at = cue_spans.partition_point(|r| r.end <= c.tokens.start);
        if !cue_spans.get(at).is_some_and(|r| r.start < c.tokens.end) {
            structural.extend(pairing::pair(ctx, quotes, &c));
        }
    }
    let mut rules = Vec::new();
    let mut tokens = Vec::new();
    let mut out = Vec::with_capacity(cue_spans.len());
    cache.reset(m.role.n_labels());
    let (mut em, mut lattice) = (Vec::new(), Vec::new());
    for cue in cue_spans.iter().cloned() {
        if cues::is_section_colon(ctx, quotes, &cue) {
            continue;
        }
        let win = window(ctx, quotes, &cue);
        rule_roles(ctx, quotes, &cue, &win, &mut rules);
        role_tokens(&inp, ctx, cue.clone(), win.clone(), &rules, &mut tokens);
        let n = m.role.n_labels();
        em.clear();
        em.resize(win.len() * n, 0.0);
        // Each token's row summed in training's order ([`role_features_where`]): its
        // cue-independent features (cached, or scored here at the window's edges), then
        // the others, then the template groups.
        for ((row, i), t) in em.chunks_exact_mut(n).zip(win.clone()).zip(&tokens) {
            let side = role_side(&cue, i);
            if role_cacheable(&win, i) {
                cache.add(&m.role, &inp, ctx, &win, i, side, row);
            } else {
                m.role.add_scores(&role_token_ids(&inp, ctx, &win, i, side), row);
            }
            m.role.add_scores(&t.plain, row);
            m.groups.role[0].add(t.codes[0], row);
            m.groups.role[1].add(t.codes[1], row);
        }
        m.role.decode(&em, &mut lattice, &mut labels);
        let names = m.role.labels();
        let sources = spans_of(&labels, names, "SRC", win.start);
        let content = attached(ctx, quotes, &cue, &cue_spans, spans_of(&labels, names, "CON", win.start));
        // One source: the piece nearest the cue.
        let source = sources.into_iter().min_by_key(|r| {
            if r.end <= cue.start {
                cue.start - r.end
            } else {
                r.start - cue.end
            }
        });
        if !content.is_empty() {
            out.push(Found { cue, source, content });
        } else if let Some(rule) = pairing::pair_span(ctx, quotes, cue.clone()) {
            // The role model found no content: the rules' reading beats dropping the cue.
            out.push(rule);
        } else if let Some(rule) = pairing::block_quotation(ctx, &cue) {
            out.push(Found { cue, source: source.or(rule.source), content: rule.content });
        }
    }
    out.extend(structural);
    out
}

/// Scores of each token's cue-independent role features ([`role_token_ids`]) per
/// side of the cue, computed on first use: windows overlap (a token sits in the windows
/// of every cue in its own and the neighbouring sentences), and these are a third of
/// its role features.
///
/// Direct-mapped on the token index, [`CACHED_TOKENS`] tokens: cues come in document
/// order and a window spans at most a sentence unit and [`REACH`] either side, so the
/// tokens a window asks for never evict each other, and a token leaves the cache only
/// when the cues have moved on past it. A row is the same whether it is found here or
/// computed again, so what the cache holds never changes a score. (A row per token of
/// the document, as this once kept, was 60 bytes per token: on a page of brackets, the
/// largest buffer of the whole analysis.)
#[derive(Clone, Debug, Default)]
struct TokenRows {
    n: usize,
    rows: Vec<f32>,
    /// Per slot: the token index times 3 plus the side whose row the slot holds
    /// ([`EMPTY`] when none).
    key: Vec<usize>,
}

/// Tokens [`TokenRows`] holds rows for: a power of two above the widest window
/// ([`crate::limits::MAX_SENTENCE_TOKENS`] plus [`REACH`] either side).
const CACHED_TOKENS: usize = 1024;
const _: () = assert!(CACHED_TOKENS >= crate::limits::MAX_SENTENCE_TOKENS + 2 * REACH);
const EMPTY: usize = usize::MAX;

impl TokenRows {
    /// Empties the cache for a model of `n` labels.
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.rows.resize(CACHED_TOKENS * 3 * n, 0.0);
        self.key.clear();
        self.key.resize(CACHED_TOKENS * 3, EMPTY);
    }

    /// Adds token `i`'s row for `side` into `out`.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        role: &Model,
        inp: &Inputs,
        ctx: &Ctx,
        win: &Range<usize>,
        i: usize,
        side: u32,
        out: &mut [f32],
    ) {
        let key = i * 3 + side as usize;
        let slot = key % (CACHED_TOKENS * 3);
        let Some(row) = self.rows.get_mut(slot * self.n..(slot + 1) * self.n) else { return };
        if self.key.get(slot) != Some(&key) {
            row.fill(0.0);
            role.add_scores(&role_token_ids(inp, ctx, win, i, side), row);
            self.key[slot] = key;
        }
        add_row(&self.rows, slot, out);
    }
}

/// Content pieces that belong to this cue: those in its sentence, and pieces in a
/// neighbouring sentence when one quotation joins them to it, when the cue's sentence
/// ends in a colon, or when that sentence has no cue of its own (PolNeAR contents often
/// run on for a sentence). The role model sees neighbours for context and sometimes
/// labels another speaker's quote there; a reader must never see that as this claim.
fn attached(
    ctx: &Ctx,
    quotes: &Quotes,
    cue: &Range<usize>,
    cues: &[Range<usize>],
    pieces: Vec<Range<usize>>,
) -> Vec<Range<usize>> {
    let sent = ctx.sentence_range(cue.start);
    let colon = (sent.end.saturating_sub(2)..sent.end).any(|i| ctx.word(i) == ":");
    let quote_of = |r: &Range<usize>| r.clone().find_map(|i| quotes.open_of(i));
    let joined = |r: &Range<usize>| {
        quote_of(r).is_some_and(|o| {
            let close = quotes.close_of(o).unwrap_or(o);
            o < sent.end && close >= sent.start
        })
    };
    pieces
        .into_iter()
        .filter(|r| {
            let inside = r.start < sent.end && sent.start < r.end;
            let after_colon =
                colon && r.start >= sent.end && ctx.sentence_index(r.start) == ctx.sentence_index(sent.end);
            // `cues` come sentence by sentence ([`cue_spans`]): those of sentence `si`
            // are one run, found by bisection rather than a scan per piece.
            let si = ctx.sentence_index(r.start);
            let lo = cues.partition_point(|c| ctx.sentence_index(c.start) < si);
            let hi = cues.partition_point(|c| ctx.sentence_index(c.start) <= si);
            let own_cue = cues.get(lo..hi).is_some_and(|run| run.iter().any(|c| c != cue));
            inside || after_colon || joined(r) || !own_cue
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::features::role_features_where;
    use super::*;
    use crate::doc::Doc;

    /// Token index of the first token equal to `w`.
    fn at(ctx: &Ctx, w: &str) -> usize {
        (0..ctx.len()).find(|&i| ctx.lower(i) == w).expect("word in text")
    }

    #[test]
    fn the_model_file_round_trips() {
        let bytes = include_bytes!("../../models/claims.bin");
        let m = ClaimModel::from_bytes(bytes).expect("shipped model parses");
        assert!(!m.rates.is_empty());
        assert_eq!(m.to_bytes(), bytes.to_vec());
        for cut in [0, 11, 12, 40, bytes.len() / 2] {
            assert!(ClaimModel::from_bytes(&bytes[..cut]).is_none(), "truncated at {cut}");
        }
    }

    /// Inference adds the template groups' summed rows where training sees their
    /// features one by one: the emissions must agree (up to the order of float additions).
    #[test]
    fn grouped_rows_score_as_the_features_they_replace() {
        let m = model().expect("shipped model");
        let doc = Doc::new(
            "\u{201C}We will not back down,\u{201D} the mayor said on Tuesday, adding that talks \
             could resume. Critics, however, say the plan (which \u{201C}nobody wanted\u{201D}) \
             will fail. She told reporters: \u{201C}It is over.\u{201D} According to officials, \
             the vote was delayed.",
        );
        let ctx = Ctx::new(&doc);
        let quotes = Quotes::new(&ctx);
        let pos = crate::syntax::PosLayer::default().find(&doc);
        let rule_cues = cues::find(&ctx, &quotes);
        let inp = Inputs::new(&ctx, &quotes, &rule_cues, &pos, &m.rates);
        // The cue model, sentence by sentence.
        let n = m.cue.n_labels();
        for sent in &doc.sentences {
            let (mut plain, mut grouped, mut groups) = (Features::default(), Features::default(), Vec::new());
            cue_features(&inp, sent.tokens.clone(), &mut plain, None);
            cue_features(&inp, sent.tokens.clone(), &mut grouped, Some(&mut groups));
            assert_eq!(groups.len(), sent.tokens.len());
            let (mut a, mut b) = (Vec::new(), Vec::new());
            m.cue.emissions(&plain, &mut a);
            m.cue.emissions(&grouped, &mut b);
            m.groups.cue[0].add_all(&groups, 0, &mut b, n);
            m.groups.cue[1].add_all(&groups, 1, &mut b, n);
            for (k, (x, y)) in a.iter().zip(&b).enumerate() {
                assert!((x - y).abs() <= 1e-4 * x.abs().max(1.0), "cue token {k}: {x} vs {y}");
            }
            assert_eq!(plain.len(), grouped.len());
            for k in 0..sent.tokens.len() {
                assert_eq!(plain.token(k).len(), grouped.token(k).len() + 10);
            }
        }
        let n = m.role.n_labels();
        let mut windows = 0;
        for cue in (0..ctx.len()).map(|i| i..i + 1) {
            let win = window(&ctx, &quotes, &cue);
            let mut rules = Vec::new();
            rule_roles(&ctx, &quotes, &cue, &win, &mut rules);
            let (mut plain, mut grouped, mut groups) = (Features::default(), Features::default(), Vec::new());
            role_features_where(&inp, &ctx, cue.clone(), win.clone(), &rules, &mut plain, |_| true, None);
            role_features_where(
                &inp,
                &ctx,
                cue.clone(),
                win.clone(),
                &rules,
                &mut grouped,
                |_| true,
                Some(&mut groups),
            );
            assert_eq!(groups.len(), win.len());
            for (k, code) in groups.iter().enumerate() {
                assert_eq!(plain.token(k).len(), grouped.token(k).len() + 12);
                let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
                m.role.add_scores(plain.token(k), &mut a);
                m.role.add_scores(grouped.token(k), &mut b);
                m.groups.role[0].add(code[0], &mut b);
                m.groups.role[1].add(code[1], &mut b);
                for (x, y) in a.iter().zip(&b) {
                    assert!(
                        (x - y).abs() <= 1e-4 * x.abs().max(1.0),
                        "window {win:?} token {k}: {a:?} vs {b:?}"
                    );
                }
            }
            windows += 1;
        }
        assert!(windows > 40);
    }

    #[test]
    fn verb_groups_take_auxiliaries_negation_and_adverbs() {
        let doc = Doc::new("The senator has also said that she didn't expect a vote. Talks failed, he said.");
        let ctx = Ctx::new(&doc);
        let quotes = Quotes::new(&ctx);
        let pos = crate::syntax::PosLayer::default().find(&doc);
        let inp = Inputs::new(&ctx, &quotes, &cues::find(&ctx, &quotes), &pos, &Rates::default());
        let said = at(&ctx, "said");
        assert_eq!(group_start(&ctx, &inp, said), at(&ctx, "has"));
        assert_eq!(group_start(&ctx, &inp, at(&ctx, "expect")), at(&ctx, "did"));
        // No auxiliary: the verb alone; a comma ends the group.
        let last = (0..ctx.len()).rev().find(|&i| ctx.lower(i) == "said").unwrap();
        assert_eq!(group_start(&ctx, &inp, last), last);
        // The trainer's head is what decoding extends back to the gold span.
        let gold = at(&ctx, "has")..said + 1;
        assert_eq!(head_start(&ctx, &inp, &gold), said);
        assert_eq!(head_start(&ctx, &inp, &(said..said + 1)), said);
    }
}
