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
    /// Per label `c`, the labels allowed before it: `prev[prev_at[c]..prev_at[c + 1]]`,
    /// ascending. Viterbi visits only these (97 of 289 pairs under 4-type BILOU).
    prev: Vec<u16>,
    prev_at: Vec<u32>,
    /// Per label `p`, the labels allowed after it, ascending (same layout).
    next: Vec<u16>,
    next_at: Vec<u32>,
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
        let mut prev = Vec::new();
        let mut prev_at = vec![0u32];
        for cur in 0..n {
            prev.extend((0..n).filter(|&p| allowed[p * n + cur]).map(|p| p as u16));
            prev_at.push(prev.len() as u32);
        }
        let mut next = Vec::new();
        let mut next_at = vec![0u32];
        for p in 0..n {
            next.extend((0..n).filter(|&c| allowed[p * n + c]).map(|c| c as u16));
            next_at.push(next.len() as u32);
        }
        Constraints { n, allowed, end, prev, prev_at, next, next_at }
    }

    /// The labels allowed right after `prev`, ascending.
    #[inline]
    pub fn successors(&self, prev: usize) -> &[u16] {
        match (self.next_at.get(prev), self.next_at.get(prev + 1)) {
            (Some(&a), Some(&b)) => self.next.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The labels allowed right before `cur` (not counting the sequence start), ascending.
    #[inline]
    pub fn predecessors(&self, cur: usize) -> &[u16] {
        match (self.prev_at.get(cur), self.prev_at.get(cur + 1)) {
            (Some(&a), Some(&b)) => self.prev.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
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

/// Viterbi over `emissions` (`len × n`, row-major) plus `transitions` (`(n + 1) × n`,
/// row `n` = start). Writes one label per token into `out`. Buffers are reused across
/// calls, so decoding allocates per sequence at most, never per token.
pub fn viterbi(
    emissions: &[f32],
    n: usize,
    transitions: &[f32],
    constraints: &Constraints,
    scratch: &mut Vec<f32>,
    back: &mut Vec<u16>,
    out: &mut Vec<u16>,
) {
    out.clear();
    if n == 0 || emissions.len() < n {
        return;
    }
    let len = emissions.len() / n;
    scratch.clear();
    scratch.resize(len * n, f32::NEG_INFINITY);
    back.clear();
    back.resize(len * n, 0);
    let trans = |p: usize, c: usize| transitions.get(p * n + c).copied().unwrap_or(0.0);
    for c in 0..n {
        if constraints.allows(None, c) {
            scratch[c] = emissions[c] + trans(n, c);
        }
    }
    for i in 1..len {
        let (done, rest) = scratch.split_at_mut(i * n);
        let prev_row = &done[(i - 1) * n..];
        let cur = &mut rest[..n];
        let arg = &mut back[i * n..(i + 1) * n];
        // Previous label outermost: the running maxima of different labels are
        // independent, so the CPU overlaps them. Ascending `p` with a strict `>` keeps
        // the smallest best predecessor, as a label-outermost loop would.
        for (p, &ps) in prev_row.iter().enumerate() {
            if ps == f32::NEG_INFINITY {
                continue;
            }
            for &c in constraints.successors(p) {
                let c = c as usize;
                let s = ps + trans(p, c);
                if let Some(slot) = cur.get_mut(c) {
                    if s > *slot {
                        *slot = s;
                        arg[c] = p as u16;
                    }
                }
            }
        }
        for (v, e) in cur.iter_mut().zip(&emissions[i * n..(i + 1) * n]) {
            if *v > f32::NEG_INFINITY {
                *v += e;
            }
        }
    }
    let last = &scratch[(len - 1) * n..];
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0usize;
    for (c, &s) in last.iter().enumerate() {
        if constraints.may_end(c) && s > best {
            best = s;
            arg = c;
        }
    }
    out.resize(len, 0);
    out[len - 1] = arg as u16;
    for i in (1..len).rev() {
        arg = back[i * n + arg] as usize;
        out[i - 1] = arg as u16;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(labels: &[&str], emissions: &[f32]) -> Vec<String> {
        let c = Constraints::new(labels);
        let n = labels.len();
        let trans = vec![0.0; (n + 1) * n];
        let (mut s, mut b, mut out) = (Vec::new(), Vec::new(), Vec::new());
        viterbi(emissions, n, &trans, &c, &mut s, &mut b, &mut out);
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
        assert_eq!(c.predecessors(3), &[1, 2]);
        assert_eq!(c.predecessors(0), &[0, 3, 4]);
        assert_eq!(c.successors(1), &[2, 3]);
    }

    #[test]
    fn free_labels_are_unconstrained_and_empty_input_is_empty() {
        let labels = ["NOUN", "VERB"];
        assert_eq!(decode(&labels, &[1.0, 0.0, 0.0, 1.0]), ["NOUN", "VERB"]);
        assert!(decode(&labels, &[]).is_empty());
    }
}
