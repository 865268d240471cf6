//! Training (feature `train`): a structured averaged perceptron (Collins 2002).
//!
//! [`Weights`] is the multiclass core — per-feature label weights with lazy averaging —
//! and is public so a non-sequence learner (a transition parser, say) reuses it rather
//! than copying it. [`train`] wraps it for sequences: Viterbi under the label
//! constraints with the current weights, then update toward gold where they differ.
//! [`Weights::finish`] averages, prunes and quantizes into the compact [`Model`].
//!
//! Determinism: examples are shuffled each epoch by a seeded xorshift; the hash map's
//! order never reaches the output (rows are sorted by feature id).

use super::decode::{viterbi, Constraints, Transitions};
use super::features::{Features, IdHasher};
use super::model::{code_for_scale, scale_of_code, Model};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

type IdMap = HashMap<u32, u32, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub epochs: u32,
    pub seed: u64,
    /// Drop features whose largest averaged weight (in absolute value) is below this.
    pub prune_below: f32,
    /// Keep at most this many features, the ones with the largest weights.
    pub max_features: Option<usize>,
    /// Recorded in the model: the layer's feature-set version.
    pub meta: String,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { epochs: 10, seed: 1, prune_below: 0.0, max_features: None, meta: String::new() }
    }
}

/// One training sequence.
#[derive(Clone, Debug, Default)]
pub struct Example {
    pub features: Features,
    /// Gold label per token; [`UNKNOWN`] where the corpus leaves it open (see [`train_partial`]).
    pub labels: Vec<u16>,
}

/// A token label a partially annotated corpus does not give: the token takes one of the
/// `free` labels of [`train_partial`], whichever the current weights prefer.
pub const UNKNOWN: u16 = u16::MAX;

/// Multiclass averaged-perceptron weights over hashed features, plus label transitions.
pub struct Weights {
    n: usize,
    index: IdMap,
    ids: Vec<u32>,
    w: Vec<f32>,
    acc: Vec<f64>,
    stamp: Vec<u32>,
    trans: Vec<f32>,
    trans_acc: Vec<f64>,
    trans_stamp: Vec<u32>,
    t: u32,
}

impl Weights {
    pub fn new(n_labels: usize) -> Weights {
        let nt = (n_labels + 1) * n_labels;
        Weights {
            n: n_labels,
            index: IdMap::default(),
            ids: Vec::new(),
            w: Vec::new(),
            acc: Vec::new(),
            stamp: Vec::new(),
            trans: vec![0.0; nt],
            trans_acc: vec![0.0; nt],
            trans_stamp: vec![0; nt],
            t: 0,
        }
    }

    /// Advances the clock: call once per training instance.
    pub fn tick(&mut self) {
        self.t += 1;
    }

    /// Current (not averaged) scores of `feats`, added into `out`.
    pub fn add_scores(&self, feats: &[u32], out: &mut [f32]) {
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let s = row as usize * self.n;
                for (o, w) in out.iter_mut().zip(&self.w[s..s + self.n]) {
                    *o += *w;
                }
            }
        }
    }

    pub fn transitions(&self) -> &[f32] {
        &self.trans
    }

    fn bump(w: &mut f32, acc: &mut f64, stamp: &mut u32, t: u32, delta: f32) {
        *acc += (t - *stamp) as f64 * *w as f64;
        *stamp = t;
        *w += delta;
    }

    /// Adds `delta` to the weight of every feature in `feats` for `label`.
    pub fn update(&mut self, feats: &[u32], label: usize, delta: f32) {
        for &f in feats {
            let row = match self.index.get(&f) {
                Some(&r) => r as usize,
                None => {
                    let r = self.ids.len();
                    self.index.insert(f, r as u32);
                    self.ids.push(f);
                    self.w.resize(self.w.len() + self.n, 0.0);
                    self.acc.resize(self.acc.len() + self.n, 0.0);
                    self.stamp.resize(self.stamp.len() + self.n, self.t);
                    r
                }
            };
            let i = row * self.n + label;
            Self::bump(&mut self.w[i], &mut self.acc[i], &mut self.stamp[i], self.t, delta);
        }
    }

    /// Adds `delta` to the transition `prev → cur` (`None`: sequence start).
    pub fn update_transition(&mut self, prev: Option<usize>, cur: usize, delta: f32) {
        let i = prev.unwrap_or(self.n) * self.n + cur;
        Self::bump(&mut self.trans[i], &mut self.trans_acc[i], &mut self.trans_stamp[i], self.t, delta);
    }

    fn averaged(&self, w: f32, acc: f64, stamp: u32) -> f32 {
        if self.t == 0 {
            return w;
        }
        ((acc + (self.t - stamp) as f64 * w as f64) / self.t as f64) as f32
    }

    /// Averages, prunes and quantizes into a [`Model`].
    pub fn finish(&self, labels: &[String], cfg: &TrainConfig) -> Model {
        let n = self.n;
        let mut rows: Vec<(u32, f32, Vec<f32>)> = Vec::with_capacity(self.ids.len());
        for (row, &id) in self.ids.iter().enumerate() {
            let avg: Vec<f32> = (0..n)
                .map(|l| {
                    let i = row * n + l;
                    self.averaged(self.w[i], self.acc[i], self.stamp[i])
                })
                .collect();
            let max = avg.iter().fold(0f32, |m, w| m.max(w.abs()));
            if max > 0.0 && max >= cfg.prune_below {
                rows.push((id, max, avg));
            }
        }
        if let Some(k) = cfg.max_features {
            if rows.len() > k {
                rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                rows.truncate(k);
            }
        }
        rows.sort_by_key(|r| r.0);
        let mut ids = Vec::with_capacity(rows.len());
        let mut scales = Vec::with_capacity(rows.len());
        let mut quantized = Vec::with_capacity(rows.len() * n);
        for (id, max, avg) in rows {
            let code = code_for_scale(max / 127.0);
            let scale = scale_of_code(code);
            ids.push(id);
            scales.push(code);
            quantized.extend(avg.iter().map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8));
        }
        let trans = (0..self.trans.len())
            .map(|i| self.averaged(self.trans[i], self.trans_acc[i], self.trans_stamp[i]))
            .collect();
        Model::from_parts(labels.to_vec(), cfg.meta.clone(), trans, ids, scales, quantized)
            .expect("the trainer builds consistent tables")
    }
}

/// A small deterministic generator for shuffling.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains a sequence model. `on_epoch(epoch, &model)` sees the averaged, pruned,
/// quantized model after each epoch — exactly what would ship — for dev scoring.
pub fn train(
    labels: &[String],
    examples: &[Example],
    cfg: &TrainConfig,
    on_epoch: impl FnMut(u32, &Model),
) -> Model {
    train_partial(labels, examples, &[], &[], cfg, on_epoch)
}

/// [`train`] for examples that may be partially labelled (Tsuboi et al. 2008; the latent
/// perceptron of Sun et al. 2009): a token labelled [`UNKNOWN`] may take any of `free`,
/// and the path the update moves toward is the best-scoring path under the current
/// weights that agrees with every known label. So a corpus that marks PER, ORG and LOC
/// but not MISC teaches "these names are PER" without teaching "every other word is O":
/// an unmarked token may be O or MISC, as the rest of the training data suggests.
/// `scale[e]` (1 where `scale` is shorter) scales the updates of example `e`: a silver
/// corpus can teach what it knows without outvoting the gold one.
pub fn train_partial(
    labels: &[String],
    examples: &[Example],
    free: &[u16],
    scale: &[f32],
    cfg: &TrainConfig,
    mut on_epoch: impl FnMut(u32, &Model),
) -> Model {
    let n = labels.len();
    let mut is_free = vec![false; n];
    for &l in free {
        is_free[l as usize] = true;
    }
    let (mut gold_em, mut gold_lattice, mut latent) = (Vec::new(), Vec::new(), Vec::new());
    let constraints = Constraints::new(labels);
    let mut weights = Weights::new(n);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = XorShift::new(cfg.seed);
    let (mut em, mut lattice, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    let mut model = weights.finish(labels, cfg);
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let ex = &examples[e];
            let len = ex.features.len().min(ex.labels.len());
            if len == 0 {
                continue;
            }
            weights.tick();
            em.clear();
            em.resize(len * n, 0.0);
            for (i, row) in em.chunks_exact_mut(n).enumerate() {
                weights.add_scores(ex.features.token(i), row);
            }
            let masked = Transitions::new(weights.transitions(), &constraints);
            viterbi(&em, &masked, &mut lattice, &mut pred);
            let mut gold = &ex.labels[..len];
            if gold.contains(&UNKNOWN) {
                // The best path that keeps every known label: others get a score no path takes.
                gold_em.clear();
                gold_em.extend_from_slice(&em);
                for (row, &g) in gold_em.chunks_exact_mut(n).zip(gold) {
                    for (l, s) in row.iter_mut().enumerate() {
                        let ok = if g == UNKNOWN { is_free[l] } else { l == g as usize };
                        if !ok {
                            *s = -1e30;
                        }
                    }
                }
                viterbi(&gold_em, &masked, &mut gold_lattice, &mut latent);
                gold = &latent;
            }
            if pred.as_slice() == gold {
                continue;
            }
            let step = scale.get(e).copied().unwrap_or(1.0);
            for i in 0..len {
                let (g, p) = (gold[i] as usize, pred[i] as usize);
                if g != p {
                    weights.update(ex.features.token(i), g, step);
                    weights.update(ex.features.token(i), p, -step);
                }
                let gp = (i > 0).then(|| gold[i - 1] as usize);
                let pp = (i > 0).then(|| pred[i - 1] as usize);
                if (gp, g) != (pp, p) {
                    weights.update_transition(gp, g, step);
                    weights.update_transition(pp, p, -step);
                }
            }
        }
        model = weights.finish(labels, cfg);
        on_epoch(epoch, &model);
    }
    model
}

/// Trains in two rounds: the first picks the `cfg.max_features` strongest features,
/// the second retrains on those alone, so the weights adapt to the size budget instead
/// of losing what pruning cuts (measured: +0.3 UPOS for syntax, about +1 cue F1 for
/// hedges, against pruning once). Only the second round reports to `on_epoch`.
pub fn train_selected(
    labels: &[String],
    mut examples: Vec<Example>,
    cfg: &TrainConfig,
    on_epoch: impl FnMut(u32, &Model),
) -> Model {
    let first = train(labels, &examples, cfg, |_, _| {});
    keep_model_features(&mut examples, &first);
    train(labels, &examples, cfg, on_epoch)
}

/// Drops from every example the features `model` has no weight for.
pub fn keep_model_features(examples: &mut [Example], model: &Model) {
    for ex in examples.iter_mut() {
        let mut f = Features::default();
        for i in 0..ex.features.len() {
            f.next_token();
            for &id in ex.features.token(i) {
                if model.has_feature(id) {
                    f.push(id);
                }
            }
        }
        ex.features = f;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tag::hash;

    /// Learns "capitalized word after `Mr`/`Ms` is a person" from a toy corpus.
    #[test]
    fn learns_a_toy_pattern_deterministically() {
        let labels: Vec<String> = ["O", "B-PER", "I-PER"].iter().map(|s| s.to_string()).collect();
        let sents: [(&str, &[u16]); 4] = [
            ("Mr Smith said", &[0, 1, 0]),
            ("Ms Jones Hall left", &[0, 1, 2, 0]),
            ("the vote said", &[0, 0, 0]),
            ("Mr Brown Lee won", &[0, 1, 2, 0]),
        ];
        let featurize = |s: &str| {
            let words: Vec<&str> = s.split(' ').collect();
            let mut f = Features::default();
            for (i, w) in words.iter().enumerate() {
                f.next_token();
                f.push(hash(0, w));
                f.push(hash(1, if w.starts_with(char::is_uppercase) { "X" } else { "x" }));
                f.push(hash(2, if i > 0 { words[i - 1] } else { "<s>" }));
            }
            f
        };
        let examples: Vec<Example> =
            sents.iter().map(|(s, l)| Example { features: featurize(s), labels: l.to_vec() }).collect();
        let cfg = TrainConfig { epochs: 8, ..Default::default() };
        let mut epochs = 0;
        let m = train(&labels, &examples, &cfg, |_, _| epochs += 1);
        assert_eq!(epochs, 8);
        let mut out = Vec::new();
        m.tag(&featurize("Ms White Day spoke"), &mut out);
        assert_eq!(out, [0, 1, 2, 0]);
        let again = train(&labels, &examples, &cfg, |_, _| {});
        assert_eq!(again.to_bytes(), m.to_bytes(), "same seed, same model");
        let pruned = train(&labels, &examples, &TrainConfig { max_features: Some(3), ..cfg }, |_, _| {});
        assert_eq!(pruned.n_features(), 3);
    }

    /// A corpus that marks persons but not the MISC-like word beside them: with the
    /// partial update the word keeps what the fully labelled sentence taught (MISC); read
    /// as fully labelled, the same sentences pull it toward O.
    #[test]
    fn unknown_labels_do_not_teach_o() {
        let labels: Vec<String> = ["O", "PER", "MISC"].iter().map(|s| s.to_string()).collect();
        let featurize = |s: &str| {
            let mut f = Features::default();
            for w in s.split(' ') {
                f.next_token();
                f.push(hash(0, w));
            }
            f
        };
        let mut examples = vec![Example { features: featurize("the Euro fell"), labels: vec![0, 2, 0] }];
        for _ in 0..5 {
            examples.push(Example {
                features: featurize("Smith bought Euro"),
                labels: vec![1, UNKNOWN, UNKNOWN],
            });
        }
        let cfg = TrainConfig { epochs: 5, ..Default::default() };
        // How much more the model likes MISC than O for "Euro".
        let misc_margin = |m: &Model| {
            let mut row = [0f32; 3];
            m.add_scores(&[hash(0, "Euro")], &mut row);
            row[2] - row[0]
        };
        let mut out = Vec::new();
        let partial = train_partial(&labels, &examples, &[0, 2], &[], &cfg, |_, _| {});
        partial.tag(&featurize("Smith bought Euro"), &mut out);
        assert_eq!(out, [1, 0, 2], "Smith is learned, Euro stays MISC");
        let as_o: Vec<Example> = examples
            .iter()
            .map(|e| Example {
                labels: e.labels.iter().map(|&l| if l == UNKNOWN { 0 } else { l }).collect(),
                ..e.clone()
            })
            .collect();
        let full = train(&labels, &as_o, &cfg, |_, _| {});
        assert!(
            misc_margin(&full) < misc_margin(&partial),
            "read as fully labelled, the unmarked Euro is pulled toward O: {} against {}",
            misc_margin(&full),
            misc_margin(&partial)
        );
        // Scaled to nothing, the partial sentences teach nothing: Smith is not learned.
        let mut scale = vec![0.0; examples.len()];
        scale[0] = 1.0;
        let silent = train_partial(&labels, &examples, &[0, 2], &scale, &cfg, |_, _| {});
        silent.tag(&featurize("Smith"), &mut out);
        assert_ne!(out, [1]);
    }
}
