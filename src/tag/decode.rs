//! Decoding: the best label sequence under learned transitions and span-scheme rules.
//!
//! Labels named `B-X`, `I-X`, `L-X`, `U-X` (or `E-X`, `S-X`) and `O` follow BIO or
//! BILOU; the [`Constraints`] derived from the names forbid ill-formed sequences (an
//! `I-X` after `O`, a `B-X` left open at the end under BILOU). Labels without such a
//! prefix (part-of-speech tags, say) are unconstrained.

/// Which transitions are allowed, derived from label names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraints {
    n: usize,
    /// `(n + 1) × n`: row `n` is the start of the sequence.
    allowed: Vec<bool>,
    /// Labels a sequence may end on.
    end: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Begin,
    Inside,
    Last,
    Unit,
    Outside,
    Free,
}

fn split(label: &str) -> (Part, &str) {
    if label == "O" {
        return (Part::Outside, "");
    }
    match label.split_once('-') {
        Some(("B", t)) => (Part::Begin, t),
        Some(("I", t)) => (Part::Inside, t),
        Some(("L" | "E", t)) => (Part::Last, t),
        Some(("U" | "S", t)) => (Part::Unit, t),
        _ => (Part::Free, label),
    }
}

impl Constraints {
    pub fn new<S: AsRef<str>>(labels: &[S]) -> Constraints {
        let n = labels.len();
        let parts: Vec<(Part, &str)> = labels.iter().map(|l| split(l.as_ref())).collect();
        let bilou = parts.iter().any(|(p, _)| matches!(p, Part::Last | Part::Unit));
        let opens = |p: Part| matches!(p, Part::Begin | Part::Inside);
        let mut allowed = vec![true; (n + 1) * n];
        for prev in 0..=n {
            let (pp, pt) = if prev == n { (Part::Outside, "") } else { parts[prev] };
            for (cur, &(cp, ct)) in parts.iter().enumerate() {
                let continues = matches!(cp, Part::Inside | Part::Last);
                let ok = if continues {
                    opens(pp) && pt == ct
                } else if bilou && opens(pp) {
                    // An open BILOU span must continue; only the free labels may interrupt.
                    cp == Part::Free
                } else {
                    true
                };
                allowed[prev * n + cur] = ok;
            }
        }
        let end = parts.iter().map(|&(p, _)| !(bilou && opens(p))).collect();
        Constraints { n, allowed, end }
    }

    /// Whether `cur` may follow `prev` (`None`: the start of the sequence).
    #[inline]
    pub fn allows(&self, prev: Option<usize>, cur: usize) -> bool {
        let row = prev.unwrap_or(self.n);
        self.allowed.get(row * self.n + cur).copied().unwrap_or(false)
    }

    #[inline]
    pub fn may_end(&self, label: usize) -> bool {
        self.end.get(label).copied().unwrap_or(false)
    }
}

/// Transition scores with the constraints folded in, so the Viterbi inner loop is a
/// branch-free, vectorizable max over contiguous rows: the shipped label counts read a
/// dense table (forbidden pairs score −∞, which never wins a max); others leave the
/// forbidden pairs out, and labels that share their allowed predecessors are decoded
/// together.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transitions {
    n: usize,
    /// Score of starting on each label.
    start: Vec<f32>,
    /// Whether a sequence may end on each label.
    end: Vec<bool>,
    /// The allowed predecessors of each label with their scores: label `c` owns
    /// `preds[at[c]..at[c + 1]]`. The backtrace visits only those (BILOU allows 97 of
    /// 289 pairs for four types), as does the forward pass for label counts without a
    /// dense instance.
    sparse: Sparse,
    /// For the label counts of [`decodes_dense`], every pair's score (`[prev][cur]`, −∞ where
    /// forbidden): with three or five labels the groups' bookkeeping cost more than the
    /// sums, and a fixed-size loop the compiler unrolls does the same maxima. Seventeen
    /// (BILOU over four types, and the part-of-speech tags) too: all 289 sums in fully
    /// unrolled vector code took fewer instructions than BILOU's 97 through the groups
    /// (22.3M → 11.3M per analysis of 10,000 words, both taggers).
    dense: Vec<[f32; DENSE]>,
    /// Every pair is allowed (free labels, such as part-of-speech tags): the backtrace of
    /// seventeen labels then reads the dense table too.
    full: bool,
}

/// Row width of the dense table; [`decodes_dense`] says which label counts use it.
const DENSE: usize = 20;

/// The label counts decoded from the dense table (the shipped three-, five- and
/// seventeen-label models); [`forward`] has an unrolled instance for each.
fn decodes_dense(n: usize) -> bool {
    matches!(n, 3 | 5 | 17)
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Sparse {
    at: Vec<u32>,
    preds: Vec<(u16, f32)>,
    /// Labels with the same allowed predecessors, decoded together: the predecessors'
    /// scores are gathered once per group into a contiguous row, and each member's
    /// maximum is then a tight loop over it (BILOU has one group of nine labels that
    /// may follow O/L/U, and one pair per type continuing an open span).
    groups: Vec<Group>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Group {
    preds: Vec<u16>,
    members: Vec<u16>,
    /// `preds.len() × W` (W = the member count rounded up to a multiple of 4): the score of
    /// `preds[k] → members[m]` at `k·W + m`, padding −∞. Predecessor-major, so each
    /// predecessor updates all members' running maxima in one vectorizable loop.
    scores: Vec<f32>,
    width: usize,
}

/// Member counts up to this get a group width, the member count rounded up to a
/// multiple of 4: padding lanes cost as much as real ones, and the part-of-speech
/// tagger's one group of 17 labels took 32 lanes when widths were powers of two (a
/// third of its decoding time spent on padding). Width 4 has a vectorized instance
/// ([`forward_groups`]); others decode pair by pair, as do larger groups. The shipped
/// label counts decode from the dense table instead ([`decodes_dense`]).
const MAX_GROUP: usize = 32;

impl Transitions {
    /// `transitions` is `(n + 1) × n`, row `n` = start (missing entries count as 0).
    pub fn new(transitions: &[f32], constraints: &Constraints) -> Transitions {
        let n = constraints.n;
        let score = |p: usize, c: usize, prev: Option<usize>| {
            if constraints.allows(prev, c) {
                transitions.get(p * n + c).copied().unwrap_or(0.0)
            } else {
                f32::NEG_INFINITY
            }
        };
        let mut cols = Vec::with_capacity(n * n);
        for c in 0..n {
            cols.extend((0..n).map(|p| score(p, c, Some(p))));
        }
        let start = (0..n).map(|c| score(n, c, None)).collect();
        let end = (0..n).map(|c| constraints.may_end(c)).collect();
        let allowed = cols.iter().filter(|s| **s > f32::NEG_INFINITY).count();
        let sparse = {
            let mut at = vec![0u32];
            let mut preds = Vec::with_capacity(allowed);
            for col in cols.chunks_exact(n.max(1)) {
                preds.extend(
                    col.iter()
                        .enumerate()
                        .filter(|(_, s)| **s > f32::NEG_INFINITY)
                        .map(|(p, s)| (p as u16, *s)),
                );
                at.push(preds.len() as u32);
            }
            let mut groups: Vec<Group> = Vec::new();
            for c in 0..n {
                let ids: Vec<u16> =
                    preds[at[c] as usize..at[c + 1] as usize].iter().map(|&(p, _)| p).collect();
                match groups.iter_mut().find(|g| g.preds == ids) {
                    Some(g) => g.members.push(c as u16),
                    None => groups.push(Group { preds: ids, members: vec![c as u16], ..Group::default() }),
                }
            }
            for g in &mut groups {
                g.width = match g.members.len() {
                    0 => 4,
                    m @ 1..=MAX_GROUP => m.div_ceil(4) * 4,
                    _ => continue, // width 0: decoded pair by pair
                };
                g.scores = vec![f32::NEG_INFINITY; g.preds.len() * g.width];
                for (k, &p) in g.preds.iter().enumerate() {
                    for (m, &c) in g.members.iter().enumerate() {
                        g.scores[k * g.width + m] = cols[c as usize * n + p as usize];
                    }
                }
            }
            Sparse { at, preds, groups }
        };
        let dense = if decodes_dense(n) {
            (0..n)
                .map(|p| {
                    let mut row = [f32::NEG_INFINITY; DENSE];
                    for (c, slot) in row.iter_mut().enumerate().take(n) {
                        *slot = cols[c * n + p];
                    }
                    row
                })
                .collect()
        } else {
            Vec::new()
        };
        let full = allowed == n * n;
        Transitions { n, start, end, sparse, dense, full }
    }
}

/// Sequences longer than this are decoded in segments ([`viterbi_segmented`]): their
/// full lattice would be as large as their emissions again (68 bytes per token for
/// seventeen labels), and a text without sentence ends — a megabyte of brackets or
/// quote marks — is one sequence of a million tokens. No sentence of running text
/// comes near it, so text decodes exactly as before.
const LONG: usize = 4096;

/// Viterbi over `emissions` (`len × n`, row-major) and `t`. Writes one label per token
/// into `out`. `lattice` is reused across calls, so decoding allocates per sequence at
/// most, never per token; for a sequence longer than [`LONG`] it holds about
/// `2·√len` rows, not `len`.
///
/// The forward pass keeps only each cell's best score, a branch-free max; the backtrace
/// recomputes the one argmax it needs per token from the same sums, which picks the same
/// predecessor (the first that reaches the max) for a fraction of the work of tracking
/// every cell's.
pub fn viterbi(emissions: &[f32], t: &Transitions, lattice: &mut Vec<f32>, out: &mut Vec<u16>) {
    out.clear();
    let n = t.n;
    if n == 0 || emissions.len() < n {
        return;
    }
    let len = emissions.len() / n;
    if len > LONG {
        // Segments of about √len tokens: as many checkpoint rows as segment rows.
        viterbi_segmented(emissions, t, (len as f64).sqrt() as usize, lattice, out);
        return;
    }
    lattice.clear();
    lattice.extend_from_slice(&emissions[..len * n]);
    viterbi_in_place(lattice, t, out);
}

/// [`viterbi`] over emissions the caller no longer needs: `scores` holds the emissions
/// on entry and the lattice on return, so decoding needs no second buffer of the
/// sequence's size.
pub fn viterbi_in_place(scores: &mut [f32], t: &Transitions, out: &mut Vec<u16>) {
    out.clear();
    let n = t.n;
    if n == 0 || scores.len() < n {
        return;
    }
    let len = scores.len() / n;
    for (s, &st) in scores.iter_mut().zip(&t.start) {
        *s += st;
    }
    forward(t, scores, len);
    out.resize(len, 0);
    let mut arg = t.best_last(&scores[(len - 1) * n..len * n]);
    out[len - 1] = arg as u16;
    backtrace(t, scores, 1..len, &mut arg, out);
}

/// Rows `1..len` of `scores` hold emissions on entry and lattice scores on return; row 0
/// must hold its lattice scores already. Each cell is its emission plus the best
/// predecessor sum, computed in the cell's place.
fn forward(t: &Transitions, scores: &mut [f32], len: usize) {
    match t.n {
        3 if t.dense.len() == 3 => forward_dense::<3>(&t.dense, scores, len),
        5 if t.dense.len() == 5 => forward_dense::<5>(&t.dense, scores, len),
        17 if t.dense.len() == 17 => forward_wide::<17, 20>(&t.dense, scores, len),
        _ => forward_groups(t, scores, len),
    }
}

/// [`viterbi`] keeping one lattice row in `k` (a checkpoint at the start of each segment
/// of `k` tokens) and one segment's rows: the backtrace recomputes each segment's rows
/// from its checkpoint, last segment first. The recomputed rows are the same sums in
/// the same order, so the labels are bit-identical to a full lattice's; the price is a
/// second forward pass, paid only by sequences longer than [`LONG`].
fn viterbi_segmented(
    emissions: &[f32],
    t: &Transitions,
    k: usize,
    lattice: &mut Vec<f32>,
    out: &mut Vec<u16>,
) {
    out.clear();
    let n = t.n;
    let k = k.max(1);
    let len = emissions.len().checked_div(n).unwrap_or(0);
    if len == 0 {
        return;
    }
    // Segment j covers tokens j·k ..= min((j + 1)·k, len − 1): it shares its last row
    // with the next segment's first.
    let segments = (len - 1).div_ceil(k);
    lattice.clear();
    lattice.resize((segments + k + 1) * n, 0.0);
    let (checkpoints, seg) = lattice.split_at_mut(segments * n);
    let bounds = |j: usize| (j * k, ((j + 1) * k).min(len - 1));
    // Loads segment j's rows into `seg` from its checkpoint and the emissions.
    let fill = |j: usize, checkpoints: &[f32], seg: &mut [f32]| {
        let (a, b) = bounds(j);
        seg[..n].copy_from_slice(&checkpoints[j * n..(j + 1) * n]);
        seg[n..(b - a + 1) * n].copy_from_slice(&emissions[(a + 1) * n..(b + 1) * n]);
        forward(t, seg, b - a + 1);
    };
    seg[..n].copy_from_slice(&emissions[..n]);
    for (s, &st) in seg.iter_mut().zip(&t.start) {
        *s += st;
    }
    for j in 0..segments {
        let (a, b) = bounds(j);
        checkpoints[j * n..(j + 1) * n].copy_from_slice(&seg[..n]);
        seg[n..(b - a + 1) * n].copy_from_slice(&emissions[(a + 1) * n..(b + 1) * n]);
        forward(t, seg, b - a + 1);
        if j + 1 < segments {
            seg.copy_within((b - a) * n..(b - a + 1) * n, 0);
        }
    }
    out.resize(len, 0);
    // `seg` holds the last segment (or, for one token, row 0).
    let last = if segments == 0 { 0 } else { bounds(segments - 1).1 - bounds(segments - 1).0 };
    let mut arg = t.best_last(&seg[last * n..(last + 1) * n]);
    out[len - 1] = arg as u16;
    for j in (0..segments).rev() {
        if j + 1 < segments {
            fill(j, checkpoints, seg);
        }
        let (a, b) = bounds(j);
        backtrace(t, seg, 1..b - a + 1, &mut arg, &mut out[a..]);
    }
}

/// The forward pass over the groups of [`Sparse`].
fn forward_groups(t: &Transitions, lattice: &mut [f32], len: usize) {
    let n = t.n;
    for i in 1..len {
        let (done, rest) = lattice.split_at_mut(i * n);
        let prev_row = &done[(i - 1) * n..];
        let Some(cur) = rest.get_mut(..n) else { return };
        let sp = &t.sparse;
        for g in &sp.groups {
            match g.width {
                // BIO's and BILOU's continuing pairs, for any type count; wider
                // instances cost wasm size, and the shipped label counts decode dense.
                4 => group_max::<4>(g, prev_row, cur),
                _ => {
                    for &c in &g.members {
                        let best = sp.preds(c as usize).iter().fold(f32::NEG_INFINITY, |m, &(p, tr)| {
                            m.max(prev_row.get(p as usize).map_or(f32::NEG_INFINITY, |&s| s + tr))
                        });
                        if let Some(r) = cur.get_mut(c as usize) {
                            *r += best;
                        }
                    }
                }
            }
        }
    }
}

/// The forward pass for `N` labels from the dense table: each cell is the same maximum
/// over the same sums as [`forward_groups`] (a forbidden pair adds −∞, which never wins),
/// so the lattice is bit-identical.
fn forward_dense<const N: usize>(dense: &[[f32; DENSE]], lattice: &mut [f32], len: usize) {
    let Ok(d) = <&[[f32; DENSE]; N]>::try_from(dense) else { return };
    for i in 1..len {
        let (done, rest) = lattice.split_at_mut(i * N);
        let (Some(prev), Some(out)) = (done.get((i - 1) * N..), rest.get_mut(..N)) else {
            return;
        };
        for c in 0..N {
            let mut best = f32::NEG_INFINITY;
            for (p, &v) in prev.iter().enumerate().take(N) {
                let s = v + d[p][c];
                best = if s > best { s } else { best };
            }
            out[c] += best;
        }
    }
}

/// [`forward_dense`] for `N` labels in rows of `W` lanes (`N` rounded up to 4):
/// predecessor-major, so each predecessor updates every label's running maximum in one
/// vectorizable loop. Each maximum still runs over the predecessors in order, so the
/// lattice is bit-identical.
fn forward_wide<const N: usize, const W: usize>(dense: &[[f32; DENSE]], lattice: &mut [f32], len: usize) {
    let Ok(d) = <&[[f32; DENSE]; N]>::try_from(dense) else { return };
    for i in 1..len {
        let (done, rest) = lattice.split_at_mut(i * N);
        let (Some(prev), Some(out)) = (done.get((i - 1) * N..i * N), rest.get_mut(..N)) else {
            return;
        };
        let (Ok(prev), Ok(out)) = (<&[f32; N]>::try_from(prev), <&mut [f32; N]>::try_from(out)) else {
            return;
        };
        let mut acc = [f32::NEG_INFINITY; W];
        // Two predecessors a step: one at a time, the compiler copied every running
        // maximum per predecessor; in pairs it unrolls the whole loop (16.4M → 11.3M
        // instructions per analysis of 10,000 words).
        let mut pairs = prev.chunks_exact(2).zip(d.chunks_exact(2));
        for (v, rows) in &mut pairs {
            let (v0, v1, r0, r1) = (v[0], v[1], &rows[0][..W], &rows[1][..W]);
            for ((a, &t0), &t1) in acc.iter_mut().zip(r0).zip(r1) {
                let s = v0 + t0;
                let m = if s > *a { s } else { *a };
                let s = v1 + t1;
                *a = if s > m { s } else { m };
            }
        }
        if N % 2 == 1 {
            let (v, row) = (prev[N - 1], &d[N - 1][..W]);
            for (a, &t) in acc.iter_mut().zip(row) {
                let s = v + t;
                *a = if s > *a { s } else { *a };
            }
        }
        for (o, &a) in out.iter_mut().zip(&acc) {
            *o += a;
        }
    }
}

/// Each token's best predecessor, recomputed from the lattice rows `scores`, for the
/// rows `rows` (highest first): `arg` is the label of the row past the last on entry
/// and row `rows.start - 1`'s on return; `out[i - 1]` receives row `i - 1`'s label.
fn backtrace(
    t: &Transitions,
    scores: &[f32],
    rows: std::ops::Range<usize>,
    arg: &mut usize,
    out: &mut [u16],
) {
    let n = t.n;
    if let (true, Ok(d)) = (t.full, <&[[f32; DENSE]; 17]>::try_from(&t.dense[..])) {
        return backtrace_dense(d, scores, rows, arg, out);
    }
    for i in rows.rev() {
        *arg = t.best_predecessor(&scores[(i - 1) * n..i * n], *arg);
        out[i - 1] = *arg as u16;
    }
}

/// [`backtrace`] for `N` labels that may all follow each other, from the dense table:
/// the same sums over the same predecessors in the same order as
/// [`Transitions::best_predecessor`], unrolled and without its per-pair index checks
/// (the part-of-speech tagger's: all backtraces 7.25M → 6.25M instructions per
/// analysis of 10,000 words).
fn backtrace_dense<const N: usize>(
    d: &[[f32; DENSE]; N],
    scores: &[f32],
    rows: std::ops::Range<usize>,
    arg: &mut usize,
    out: &mut [u16],
) {
    for i in rows.rev() {
        let c = *arg;
        let (Some(prev), Some(slot)) = (scores.get((i - 1) * N..i * N), out.get_mut(i - 1)) else { return };
        let (Ok(prev), true) = (<&[f32; N]>::try_from(prev), c < N) else { return };
        let (mut best, mut at) = (f32::NEG_INFINITY, 0usize);
        for (p, (&v, row)) in prev.iter().zip(d).enumerate() {
            let s = v + row[c];
            if s > best {
                (best, at) = (s, p);
            }
        }
        *arg = at;
        *slot = at as u16;
    }
}

/// One lattice column for the members of `g`: the best predecessor score plus the
/// emission `cur` holds in the member's cell.
#[inline]
fn group_max<const W: usize>(g: &Group, prev_row: &[f32], cur: &mut [f32]) {
    let mut acc = [f32::NEG_INFINITY; W];
    for (&p, tr) in g.preds.iter().zip(g.scores.chunks_exact(W)) {
        let v = prev_row.get(p as usize).copied().unwrap_or(f32::NEG_INFINITY);
        for (a, &t) in acc.iter_mut().zip(tr) {
            let s = v + t;
            *a = if s > *a { s } else { *a };
        }
    }
    for (&c, &best) in g.members.iter().zip(&acc) {
        if let Some(r) = cur.get_mut(c as usize) {
            *r += best;
        }
    }
}

impl Transitions {
    /// The best label a sequence may end on, given its last lattice row.
    fn best_last(&self, last: &[f32]) -> usize {
        let mut best = f32::NEG_INFINITY;
        let mut arg = 0usize;
        for (c, &s) in last.iter().enumerate() {
            if self.end[c] && s > best {
                best = s;
                arg = c;
            }
        }
        arg
    }

    /// The first predecessor of `c` with the highest `prev_row[p] + score(p → c)`.
    fn best_predecessor(&self, prev_row: &[f32], c: usize) -> usize {
        let mut best = f32::NEG_INFINITY;
        let mut arg = 0usize;
        let mut visit = |p: usize, tr: f32| {
            let s = prev_row.get(p).map_or(f32::NEG_INFINITY, |&s| s + tr);
            if s > best {
                best = s;
                arg = p;
            }
        };
        self.sparse.preds(c).iter().for_each(|&(p, tr)| visit(p as usize, tr));
        arg
    }
}

impl Sparse {
    #[inline]
    fn preds(&self, c: usize) -> &[(u16, f32)] {
        let (a, b) = (self.at[c] as usize, self.at[c + 1] as usize);
        self.preds.get(a..b).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(labels: &[&str], emissions: &[f32]) -> Vec<String> {
        let c = Constraints::new(labels);
        let n = labels.len();
        let t = Transitions::new(&vec![0.0; (n + 1) * n], &c);
        let (mut s, mut out) = (Vec::new(), Vec::new());
        viterbi(emissions, &t, &mut s, &mut out);
        out.iter().map(|&l| labels[l as usize].to_string()).collect()
    }

    #[test]
    fn bio_never_starts_inside() {
        let labels = ["O", "B-PER", "I-PER"];
        // Token 0 prefers I-PER, which may not start a sequence.
        let got = decode(&labels, &[0.0, 0.5, 1.0, 0.0, 0.0, 2.0]);
        assert_eq!(got, ["B-PER", "I-PER"]);
    }

    #[test]
    fn bilou_closes_spans() {
        let labels = ["O", "B-ORG", "I-ORG", "L-ORG", "U-ORG"];
        // Emissions want B then O, which leaves the span open: best legal is U, O.
        let e = [0.0, 3.0, 0.0, 0.0, 2.5, 1.0, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(decode(&labels, &e), ["U-ORG", "O"]);
        let c = Constraints::new(&labels);
        assert!(!c.may_end(1));
        assert!(!c.allows(Some(1), 0));
        assert!(c.allows(Some(1), 3));
        assert!(!c.allows(None, 3));
    }

    /// Textbook Viterbi with back-pointers (first best predecessor wins ties).
    fn reference(labels: &[String], tr: &[f32], em: &[f32]) -> Vec<u16> {
        let c = Constraints::new(labels);
        let n = labels.len();
        let score = |p: Option<usize>, cur: usize| {
            let row = p.unwrap_or(n);
            if c.allows(p, cur) {
                tr[row * n + cur]
            } else {
                f32::NEG_INFINITY
            }
        };
        let len = em.len() / n;
        let mut lat: Vec<f32> = (0..n).map(|k| em[k] + score(None, k)).collect();
        let mut back = vec![0usize; len * n];
        for i in 1..len {
            let mut next = vec![f32::NEG_INFINITY; n];
            for cur in 0..n {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for (p, &l) in lat.iter().enumerate() {
                    let s = l + score(Some(p), cur);
                    if s > best {
                        (best, arg) = (s, p);
                    }
                }
                next[cur] = best + em[i * n + cur];
                back[i * n + cur] = arg;
            }
            lat = next;
        }
        let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
        for (k, &l) in lat.iter().enumerate() {
            if c.may_end(k) && l > best {
                (best, arg) = (l, k);
            }
        }
        let mut out = vec![0u16; len];
        for i in (0..len).rev() {
            out[i] = arg as u16;
            arg = back[i * n + arg];
        }
        out
    }

    #[test]
    fn matches_textbook_viterbi_on_every_label_scheme() {
        let mut rng = 0x2545_F491_u64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            ((rng >> 40) as f32 / (1u64 << 24) as f32) * 8.0 - 4.0
        };
        let bilou: Vec<String> = crate::entities::label_names();
        let bio: Vec<String> = ["O", "B-SRC", "I-SRC", "B-CON", "I-CON"].map(String::from).to_vec();
        // Free label sets of every group width (1..=32 members) and one past them.
        let free = |n: usize| (0..n).map(|k| format!("T{k}")).collect::<Vec<String>>();
        let bio3: Vec<String> = ["O", "B-CUE", "I-CUE"].map(String::from).to_vec();
        let mut schemes = vec![bilou, bio, bio3];
        schemes.extend([1, 3, 6, 8, 11, 13, 17, 21, 24, 27, 32, 40].map(free));
        for labels in schemes {
            let n = labels.len();
            for len in [1usize, 2, 3, 9, 30] {
                let tr: Vec<f32> = (0..(n + 1) * n).map(|_| next()).collect();
                let em: Vec<f32> = (0..len * n).map(|_| next()).collect();
                let t = Transitions::new(&tr, &Constraints::new(&labels));
                let (mut lattice, mut out) = (Vec::new(), Vec::new());
                viterbi(&em, &t, &mut lattice, &mut out);
                let want = reference(&labels, &tr, &em);
                assert_eq!(out, want, "{n} labels, {len} tokens");
                let mut scores = em.clone();
                viterbi_in_place(&mut scores, &t, &mut out);
                assert_eq!(out, want, "in place: {n} labels, {len} tokens");
                for k in [1, 2, 3, 5, 29, 30] {
                    viterbi_segmented(&em, &t, k, &mut lattice, &mut out);
                    assert_eq!(out, want, "segments of {k}: {n} labels, {len} tokens");
                }
            }
        }
    }

    /// A sequence past [`LONG`] decodes in segments, to the labels of a full lattice.
    #[test]
    fn a_long_sequence_decodes_as_a_short_one_would() {
        let mut rng = 0x9E37_79B9_u64;
        let labels = crate::entities::label_names();
        let n = labels.len();
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            ((rng >> 40) as f32 / (1u64 << 24) as f32) * 8.0 - 4.0
        };
        let tr: Vec<f32> = (0..(n + 1) * n).map(|_| next()).collect();
        let len = LONG + 77;
        let em: Vec<f32> = (0..len * n).map(|_| next()).collect();
        let t = Transitions::new(&tr, &Constraints::new(&labels));
        let (mut lattice, mut out) = (Vec::new(), Vec::new());
        viterbi(&em, &t, &mut lattice, &mut out);
        assert!(lattice.len() < len * n / 8, "{} floats kept", lattice.len());
        assert_eq!(out, reference(&labels, &tr, &em));
    }

    #[test]
    fn free_labels_are_unconstrained_and_empty_input_is_empty() {
        let labels = ["NOUN", "VERB"];
        assert_eq!(decode(&labels, &[1.0, 0.0, 0.0, 1.0]), ["NOUN", "VERB"]);
        assert!(decode(&labels, &[]).is_empty());
    }
}
