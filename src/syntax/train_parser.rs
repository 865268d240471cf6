//! Training the dependency parser (feature `train`): static-oracle arc-eager with the
//! shared averaged perceptron ([`Weights`]), then a relation classifier on gold arcs.
//!
//! The parser is trained on the tags it will see at run time — the shipped tagger's
//! predictions, not the treebank's gold tags — so it learns to live with tagger errors.
//! Sentences whose tree is not projective over newsmark's tokens (about 5% of EWT) are
//! skipped: the arc-eager system cannot build them and the static oracle needs it.
//! Scores (UAS, LAS over base relations, punctuation included, as in the CoNLL 2018
//! shared task) are on the dev file's tokens with predicted tags.

use super::align::gold_tokens;
use super::conllu::Sentence;
use super::parser::{
    label_features, transition_features, ParseScratch, Sent, State, LABEL_META, LEFT, REDUCE, RIGHT, SHIFT,
    TRANSITIONS, TRANS_META,
};
use super::{Deprel, Parser, PosTagger, Scratch, Upos};
use crate::tag::train::{TrainConfig, Weights, XorShift};
use crate::tag::Model;

/// A treebank sentence over newsmark-style tokens, with predicted tags and gold tree.
pub struct Prepared {
    pub words: Vec<u32>,
    pub suffixes: Vec<u32>,
    pub tags: Vec<Upos>,
    pub heads: Vec<Option<usize>>,
    pub rels: Vec<Deprel>,
}

impl Prepared {
    fn sent(&self) -> Sent<'_> {
        Sent { words: &self.words, suffixes: &self.suffixes, tags: &self.tags }
    }
}

/// Tags the sentence with `tagger` and maps its word-level tree onto tokens: a fused
/// token takes the attachment of its first word whose head lies outside it.
pub fn prepare(tagger: &PosTagger, s: &Sentence, scratch: &mut Scratch) -> Prepared {
    let toks = gold_tokens(s);
    let mut tags = Vec::new();
    tagger.tag_words(toks.iter().map(|t| t.form), scratch, &mut tags);
    let atoms = scratch.extractor.atoms();
    let mut token_of = vec![0usize; s.words.len()];
    for (k, t) in toks.iter().enumerate() {
        for w in t.words.clone() {
            token_of[w] = k;
        }
    }
    let mut heads = Vec::with_capacity(toks.len());
    let mut rels = Vec::with_capacity(toks.len());
    for t in &toks {
        let outside = t.words.clone().find(|&w| {
            let h = s.words[w].head as usize;
            h == 0 || !t.words.contains(&(h - 1))
        });
        let w = outside.unwrap_or(t.words.start);
        let h = s.words[w].head as usize;
        heads.push(if h == 0 { None } else { token_of.get(h - 1).copied() });
        rels.push(Deprel::parse(&s.words[w].deprel));
    }
    Prepared {
        words: atoms.iter().map(|a| a.word).collect(),
        suffixes: atoms.iter().map(|a| a.suf3).collect(),
        tags,
        heads,
        rels,
    }
}

/// One root, no cycles, no crossing arcs.
pub fn is_projective_tree(heads: &[Option<usize>]) -> bool {
    let n = heads.len();
    if heads.iter().filter(|h| h.is_none()).count() != 1 || heads.iter().flatten().any(|&h| h >= n) {
        return false;
    }
    for start in 0..n {
        let (mut v, mut steps) = (start, 0);
        while let Some(h) = heads[v] {
            v = h;
            steps += 1;
            if steps > n {
                return false;
            }
        }
    }
    for (d, h) in heads.iter().enumerate() {
        let Some(h) = *h else { continue };
        let (lo, hi) = (d.min(h), d.max(h));
        // The root hangs from an artificial word before the sentence: a root between
        // the ends of an arc crosses it too.
        if heads[lo + 1..hi].iter().any(|g| !g.is_some_and(|g| lo <= g && g <= hi)) {
            return false;
        }
    }
    true
}

/// The static arc-eager oracle (Nivre 2008) for a projective tree.
fn oracle(st: &State, gold: &[Option<usize>]) -> usize {
    if let (Some(s0), Some(n0)) = (st.s(0), st.b(0)) {
        if gold[s0] == Some(n0) {
            return LEFT;
        }
        if gold[n0] == Some(s0) {
            return RIGHT;
        }
        if st.head(s0).is_some() {
            let below = &st.stack[..st.stack.len() - 1];
            if below.iter().any(|&w| gold[n0] == Some(w as usize) || gold[w as usize] == Some(n0)) {
                return REDUCE;
            }
        }
    }
    SHIFT
}

fn argmax_legal(scores: &[f32], legal: impl Fn(usize) -> bool) -> Option<usize> {
    (0..scores.len()).filter(|&t| legal(t)).max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
}

/// The state of `p`'s gold tree, for the relation classifier's features.
fn gold_state(p: &Prepared, st: &mut State) {
    st.reset(p.heads.len());
    for (d, h) in p.heads.iter().enumerate() {
        if let Some(h) = *h {
            st.attach(h, d);
        }
    }
}

/// (correct heads, correct heads and base relations, tokens).
pub fn attachment_scores(parser: &Parser, dev: &[Prepared]) -> (usize, usize, usize) {
    let (mut uas, mut las, mut n) = (0, 0, 0);
    let mut scratch = ParseScratch::default();
    let mut out = Vec::new();
    for p in dev {
        parser.parse_sentence(&p.sent(), &mut scratch, &mut out);
        for (i, &(h, r)) in out.iter().enumerate() {
            n += 1;
            if h == p.heads[i] {
                uas += 1;
                las += usize::from(r.base() == p.rels[i].base());
            }
        }
    }
    (uas, las, n)
}

pub struct ParserConfig {
    pub epochs: u32,
    pub seed: u64,
    pub max_transition_features: usize,
    pub max_label_features: usize,
}

/// Trains both classifiers; `report(epoch, &parser)` sees the shippable parser after
/// each epoch.
///
/// Two rounds, as for the tagger: the first selects the strongest features within the
/// budget, the second retrains on those alone so the weights adapt to the pruning.
pub fn train(
    train: &[Prepared],
    cfg: &ParserConfig,
    report: impl FnMut(u32, &Parser),
) -> Result<Parser, String> {
    let usable: Vec<&Prepared> = train.iter().filter(|p| is_projective_tree(&p.heads)).collect();
    eprintln!("parser: {} of {} training sentences are projective trees", usable.len(), train.len());
    let first = train_round(&usable, cfg, None, |_, _| {})?;
    eprintln!("parser: round 1 done; retraining on its features");
    train_round(&usable, cfg, Some(&first), report)
}

/// Keeps the ids `model` has weights for (all when there is no model).
fn select(model: Option<&Model>, feats: &mut Vec<u32>, row: &mut Vec<f32>) {
    if let Some(m) = model {
        row.resize(m.n_labels(), 0.0);
        feats.retain(|&id| {
            m.scores(&[id], row);
            row.iter().any(|&w| w != 0.0)
        });
    }
}

fn train_round(
    usable: &[&Prepared],
    cfg: &ParserConfig,
    keep: Option<&Parser>,
    mut report: impl FnMut(u32, &Parser),
) -> Result<Parser, String> {
    let (keep_t, keep_l) = (keep.map(|p| p.transition_model()), keep.map(|p| p.label_model()));
    let mut row = Vec::new();
    let trans_labels: Vec<String> = TRANSITIONS.iter().map(|s| s.to_string()).collect();
    let rel_labels: Vec<String> = Deprel::ALL.iter().map(|d| d.as_str().to_string()).collect();
    let trans_cfg = |m| TrainConfig {
        epochs: cfg.epochs,
        seed: cfg.seed,
        prune_below: 0.0,
        max_features: Some(m),
        meta: TRANS_META.to_string(),
    };
    let label_cfg = |m| TrainConfig { meta: LABEL_META.to_string(), ..trans_cfg(m) };
    let mut tw = Weights::new(TRANSITIONS.len());
    let mut lw = Weights::new(Deprel::ALL.len());
    let mut rng = XorShift::new(cfg.seed);
    let mut order: Vec<usize> = (0..usable.len()).collect();
    let (mut st, mut feats) = (State::default(), Vec::new());
    let mut scores = vec![0f32; Deprel::ALL.len()];
    let mut last = None;
    for epoch in 1..=cfg.epochs {
        rng.shuffle(&mut order);
        let mut oracle_misses = 0;
        for &k in &order {
            let p = usable[k];
            let s = p.sent();
            st.reset(p.heads.len());
            while !st.done() {
                let mut gold = oracle(&st, &p.heads);
                if !st.legal(gold) {
                    gold = SHIFT;
                }
                transition_features(&st, &s, &mut feats);
                select(keep_t, &mut feats, &mut row);
                let sc = &mut scores[..TRANSITIONS.len()];
                sc.iter_mut().for_each(|x| *x = 0.0);
                tw.add_scores(&feats, sc);
                tw.tick();
                if let Some(pred) = argmax_legal(sc, |t| st.legal(t)) {
                    if pred != gold {
                        tw.update(&feats, gold, 1.0);
                        tw.update(&feats, pred, -1.0);
                    }
                }
                st.apply(gold);
            }
            let built: Vec<Option<usize>> = (0..p.heads.len()).map(|i| st.head(i)).collect();
            oracle_misses += usize::from(built != p.heads);
            gold_state(p, &mut st);
            for d in 0..p.heads.len() {
                if p.heads[d].is_none() {
                    continue;
                }
                label_features(&st, &s, d, &mut feats);
                select(keep_l, &mut feats, &mut row);
                scores.iter_mut().for_each(|x| *x = 0.0);
                lw.add_scores(&feats, &mut scores);
                lw.tick();
                let gold = p.rels[d] as usize;
                if let Some(pred) = argmax_legal(&scores, |l| l != Deprel::Root as usize) {
                    if pred != gold {
                        lw.update(&feats, gold, 1.0);
                        lw.update(&feats, pred, -1.0);
                    }
                }
            }
        }
        if oracle_misses > 0 {
            eprintln!("parser: the oracle missed {oracle_misses} gold trees (a bug)");
        }
        let trans: Model = tw.finish(&trans_labels, &trans_cfg(cfg.max_transition_features));
        let label: Model = lw.finish(&rel_labels, &label_cfg(cfg.max_label_features));
        let parser = Parser::new(trans, label).ok_or("parser models do not match their metadata")?;
        report(epoch, &parser);
        last = Some(parser);
    }
    last.ok_or_else(|| "no epochs".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivity() {
        assert!(is_projective_tree(&[Some(1), None, Some(3), Some(1)]));
        // 0→2 crosses 1→3.
        assert!(!is_projective_tree(&[Some(2), Some(3), None, Some(2)]));
        assert!(!is_projective_tree(&[None, None]));
        assert!(!is_projective_tree(&[Some(1), Some(0), None]));
        // 0→2 passes over the root 1.
        assert!(!is_projective_tree(&[Some(2), None, Some(1)]));
    }

    #[test]
    fn the_oracle_rebuilds_gold_trees() {
        for heads in [
            vec![Some(1), None, Some(3), Some(1)],
            vec![None, Some(0), Some(1), Some(0), Some(5), Some(3)],
            vec![Some(2), Some(2), None, Some(4), Some(2)],
        ] {
            let mut st = State::default();
            st.reset(heads.len());
            while !st.done() {
                let t = oracle(&st, &heads);
                assert!(st.legal(t));
                st.apply(t);
            }
            let built: Vec<Option<usize>> = (0..heads.len()).map(|i| st.head(i)).collect();
            assert_eq!(built, heads);
        }
    }
}
