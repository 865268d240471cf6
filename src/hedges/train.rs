//! `newsmark train hedges`: trains the cue tagger (feature `train`).
//!
//! Data (read from `--data`, default `../shared/data/hedges`, never copied):
//! Szeged news, Szeged Wikipedia, SFU reviews, BioScope abstracts and papers are split
//! by document — dev iff FNV-1a-32 of the id is 0 mod 5 (the rule the eval command
//! shares) — and we train on the rest. Szeged bio is all training, except the abstracts
//! it shares with BioScope's dev split (matched by text), so BioScope dev stays unseen.
//! `--no-sfu` leaves SFU (GPL-3) out of training (see `models/hedges.md`).
//!
//! `--fold K` (1–4) holds out the documents whose id hash is K mod 5 instead, trains on
//! the rest (dev included), scores that fold and writes nothing: summed over the five
//! folds (`bench/hedges-cv.sh`), Szeged news has 400 gold cues to judge a change by
//! rather than the dev split's 67, where one cue is 1.3 F1 points.
//!
//! Deterministic: fixed corpus order, the tagger's seeded shuffle, sorted vocabulary.
//! After each epoch the shipped-form model is scored on every dev split with the
//! metrics of `newsmark eval` re-implemented here for speed (cue exact with trimming,
//! sentence-level per CoNLL-2010 Task 1); at the end, scope token F1 on SFU and
//! BioScope dev, with gold and with predicted cues, scopes minus cue tokens on both
//! sides. Writes the model and the cue vocabulary it was trained with.

use super::cues;
use super::register::{self, Register};
use super::sentence::Sent;
use super::vocab::{lowercase, Vocab};
use super::words::Words;
use crate::doc::Doc;
use crate::eval::spans::{covered, trim, word_tokens};
use crate::eval::split::fnv1a32;
use crate::eval::Prf;
use crate::gold::{read_file, GoldDoc};
use crate::schema::{Hedge, HedgeType, Span};
use crate::tag::train::{train_selected, Example, TrainConfig};
use crate::tag::{Features, Model};

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

const USAGE: &str =
    "usage: newsmark train hedges [--out models/hedges.bin] [--vocab-out data/hedges/cue-vocab.txt]
       [--data ../shared/data/hedges] [--epochs 8] [--seed 1] [--max-features 22000]
       [--repeat CORPUS=N (default szeged-news=3)] [--no-sfu] [--no-bio] [--no-bioscope] [--errors CORPUS] [--fold 0-4]
       [--register-out models/hedges-register.bin] [--register-news FILE.jsonl]... [--register-features 1000]
  --register-news: news with no hedge annotation, taught to the register classifier as reporting
                   (default: ../claims/polnear-train.jsonl and ../entities/conll2003-train.jsonl
                   beside --data, where present)";

struct Opts {
    out: PathBuf,
    register_out: PathBuf,
    register_news: Vec<PathBuf>,
    register_features: usize,
    vocab_out: PathBuf,
    data: PathBuf,
    epochs: u32,
    seed: u64,
    sfu: bool,
    bio: bool,
    bioscope: bool,
    errors: Vec<String>,
    /// `corpus=N`: repeat that corpus's training sentences N times (domain weighting).
    repeat: Vec<(String, usize)>,
    max_features: usize,
    /// Which fifth of each corpus (FNV-1a-32 of the id mod 5) is held out and scored:
    /// 0, the default, is the dev split; 1–4 cross-validate on the training folds, so
    /// a choice can be judged on every Szeged news document rather than on 20.
    fold: u32,
}

fn parse(argv: &[String]) -> Result<Opts, String> {
    let mut o = Opts {
        out: "models/hedges.bin".into(),
        register_out: "models/hedges-register.bin".into(),
        register_news: Vec::new(),
        register_features: 1000,
        vocab_out: "data/hedges/cue-vocab.txt".into(),
        data: "../shared/data/hedges".into(),
        epochs: 8,
        seed: 1,
        sfu: true,
        bio: true,
        bioscope: true,
        errors: Vec::new(),
        repeat: vec![("szeged-news".into(), 3)],
        max_features: 22_000,
        fold: 0,
    };
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().ok_or_else(|| format!("{a} needs a value\n{USAGE}"));
        match a.as_str() {
            "--out" => o.out = val()?.into(),
            "--vocab-out" => o.vocab_out = val()?.into(),
            "--register-out" => o.register_out = val()?.into(),
            "--register-news" => o.register_news.push(val()?.into()),
            "--register-features" => {
                o.register_features = val()?.parse().map_err(|e| format!("--register-features: {e}"))?
            }
            "--data" => o.data = val()?.into(),
            "--epochs" => o.epochs = val()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--seed" => o.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--no-sfu" => o.sfu = false,
            "--no-bio" => o.bio = false,
            "--no-bioscope" => o.bioscope = false,
            "--max-features" => {
                o.max_features = val()?.parse().map_err(|e| format!("--max-features: {e}"))?
            }
            "--errors" => o.errors.push(val()?),
            "--fold" => {
                o.fold = val()?.parse().map_err(|e| format!("--fold: {e}"))?;
                if o.fold > 4 {
                    return Err(format!("--fold takes 0 to 4\n{USAGE}"));
                }
            }
            "--repeat" => {
                let v = val()?;
                let (c, n) = v.split_once('=').ok_or("--repeat takes corpus=N")?;
                let n = n.parse().map_err(|e| format!("--repeat: {e}"))?;
                o.repeat.retain(|(x, _)| x != c);
                o.repeat.push((c.to_string(), n));
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(o)
}

struct Corpus {
    name: &'static str,
    train: Vec<GoldDoc>,
    dev: Vec<GoldDoc>,
}

fn load(dir: &Path, name: &'static str, fold: u32) -> Result<Corpus, String> {
    let docs = read_file(&dir.join(format!("{name}.jsonl")))?;
    let held_out = |d: &GoldDoc| fnv1a32(&d.id) % 5 == fold;
    let (dev, train) = docs.into_iter().filter(|d| d.hedges.is_some()).partition(held_out);
    Ok(Corpus { name, train, dev })
}

/// Entry point of `newsmark train hedges`.
pub fn run(argv: &[String]) -> Result<(), String> {
    let o = parse(argv)?;
    let t0 = std::time::Instant::now();
    let mut corpora = Vec::new();
    for name in ["szeged-news", "szeged-wiki", "sfu-reviews", "bioscope-abstracts", "bioscope-papers"] {
        corpora.push(load(&o.data, name, o.fold)?);
    }
    let mut bio = load(&o.data, "szeged-bio", o.fold)?;
    bio.train.append(&mut bio.dev);
    let bioscope_dev: HashSet<&str> = corpora
        .iter()
        .filter(|c| c.name.starts_with("bioscope"))
        .flat_map(|c| c.dev.iter().map(|d| d.text.as_str()))
        .collect();
    bio.train.retain(|d| !bioscope_dev.contains(d.text.as_str()));
    let mut train_docs: Vec<&GoldDoc> = Vec::new();
    for c in &corpora {
        if c.name == "sfu-reviews" && !o.sfu {
            continue;
        }
        if c.name.starts_with("bioscope") && !(o.bio && o.bioscope) {
            continue;
        }
        let times = o.repeat.iter().find(|(x, _)| x == c.name).map_or(1, |(_, n)| *n);
        for _ in 0..times {
            train_docs.extend(&c.train);
        }
    }
    if o.bio {
        train_docs.extend(&bio.train);
    }
    for c in &corpora {
        eprintln!("{:<20} train {:>5} docs  dev {:>4} docs", c.name, c.train.len(), c.dev.len());
    }
    eprintln!("{:<20} train {:>5} docs (BioScope dev texts removed)", "szeged-bio", bio.train.len());

    let register_model = train_register(&o, &corpora, &bio.train)?;
    let vocab = build_vocab(&train_docs);
    let labels: Vec<String> = cues::LABELS.iter().map(|s| s.to_string()).collect();
    let mut examples = Vec::new();
    let (mut open, mut feats) = (Vec::new(), Features::default());
    for d in &train_docs {
        let doc = Doc::new(&d.text);
        let words = Words::new(&doc, &vocab);
        // The predicted register, as at inference (training on each corpus's own
        // register instead scored the same in cross-validation).
        let reg = Register::of_with(&doc, &words, Some(&register_model));
        let gold = cue_spans(d);
        for sent in &doc.sentences {
            let s = Sent::new(&doc, &words, sent);
            cues::features(&s, reg, &mut open, &mut feats);
            let labels = bio_labels(&s, &gold);
            examples.push(Example { features: feats.clone(), labels });
        }
    }
    eprintln!(
        "{} training sentences, vocabulary {} words, {:.1}s",
        examples.len(),
        vocab.len(),
        t0.elapsed().as_secs_f32()
    );

    let dev: Vec<&Corpus> = corpora.iter().collect();
    let cfg = TrainConfig {
        epochs: o.epochs,
        seed: o.seed,
        prune_below: 0.05,
        max_features: Some(o.max_features),
        meta: cues::META.to_string(),
    };
    let model = train_selected(&labels, examples, &cfg, |epoch, model| {
        let line: Vec<String> = dev
            .iter()
            .map(|c| {
                let sc = score(&c.dev, Some(model), &vocab, Some(&register_model));
                format!(
                    "{} cue {:.1} (P {:.1} R {:.1}) sent {:.1}",
                    c.name,
                    sc.cue.f1_pct(),
                    sc.cue.precision_pct(),
                    sc.cue.recall_pct(),
                    sc.sent.f1_pct()
                )
            })
            .collect();
        eprintln!("epoch {epoch:>2}: {}", line.join(" | "));
    });
    println!("final dev scores (cue exact / cue token / sentence / scope token minus cue):");
    for c in &corpora {
        let sc = score(&c.dev, Some(&model), &vocab, Some(&register_model));
        println!(
            "  {:<20} cue P {:.1} R {:.1} F1 {:.1} ({}/{}/{}) | token F1 {:.1} | sentence P {:.1} R {:.1} F1 {:.1} | scope F1 {} (gold cues {})",
            c.name,
            sc.cue.precision_pct(),
            sc.cue.recall_pct(),
            sc.cue.f1_pct(),
            sc.cue.tp,
            sc.cue.pred,
            sc.cue.gold,
            sc.token.f1_pct(),
            sc.sent.precision_pct(),
            sc.sent.recall_pct(),
            sc.sent.f1_pct(),
            sc.scope.map_or("-".into(), |s| format!("{:.1}", s.f1_pct())),
            sc.scope_gold_cues.map_or("-".into(), |s| format!("{:.1}", s.f1_pct())),
        );
    }
    for c in corpora.iter().filter(|c| o.errors.iter().any(|e| e == c.name)) {
        println!("== errors on {} (held-out fold {})", c.name, o.fold);
        print_errors(&c.dev, &model, &vocab, &register_model);
    }
    if o.fold != 0 {
        // A cross-validation model never saw some training documents: never ship it.
        println!("fold {}: model not written (cross-validation run)", o.fold);
        return Ok(());
    }
    let bytes = model.to_bytes();
    std::fs::write(&o.out, &bytes).map_err(|e| format!("{}: {e}", o.out.display()))?;
    let reg_bytes = register_model.to_bytes();
    std::fs::write(&o.register_out, &reg_bytes).map_err(|e| format!("{}: {e}", o.register_out.display()))?;
    println!(
        "wrote {} ({} bytes, {} features)",
        o.register_out.display(),
        reg_bytes.len(),
        register_model.n_features()
    );
    let header = "# Cue vocabulary of the hedge tagger: every word (lower case) of a gold cue in the training\n\
                  # splits of Szeged, BioScope and SFU, written by `newsmark train hedges`. Single words only\n\
                  # (no text of the corpora). Tokens outside it (and outside the hedge lists) are never cues.\n";
    std::fs::write(&o.vocab_out, format!("{header}{}", vocab.to_lines()))
        .map_err(|e| format!("{}: {e}", o.vocab_out.display()))?;
    println!(
        "wrote {} ({} bytes, {} features) and {} in {:.1}s",
        o.out.display(),
        bytes.len(),
        model.n_features(),
        o.vocab_out.display(),
        t0.elapsed().as_secs_f32()
    );
    Ok(())
}

/// The register a corpus is written in: what the register classifier learns.
fn register_of_corpus(corpus: &str) -> Register {
    if corpus.starts_with("sfu") {
        Register::Personal
    } else if corpus.contains("news") || corpus.starts_with("polnear") || corpus.starts_with("conll") {
        Register::Reporting
    } else {
        Register::Expository
    }
}

/// Trains the register classifier ([`register`]) on the training documents of every
/// hedge corpus (SFU only when it is trained on) and on news without hedge
/// annotation, each labelled by its corpus; prints its accuracy on every dev split.
fn train_register(o: &Opts, corpora: &[Corpus], bio: &[GoldDoc]) -> Result<Model, String> {
    let news_files: Vec<PathBuf> = if o.register_news.is_empty() {
        ["../claims/polnear-train.jsonl", "../entities/conll2003-train.jsonl"]
            .iter()
            .map(|f| o.data.join(f))
            .filter(|p| p.exists())
            .collect()
    } else {
        o.register_news.clone()
    };
    let mut news = Vec::new();
    for f in &news_files {
        news.extend(read_file(f)?);
    }
    let use_corpus = |c: &Corpus| o.sfu || c.name != "sfu-reviews";
    let docs = corpora.iter().filter(|c| use_corpus(c)).flat_map(|c| &c.train).chain(bio).chain(&news);
    let mut examples = Vec::new();
    for d in docs {
        let label = vec![register_of_corpus(&d.corpus).index()];
        for doc in whole_and_head(&d.text) {
            let words = Words::new(&doc, Vocab::get());
            let mut f = Features::default();
            register::features(&doc, &words, &mut f);
            examples.push(Example { features: f, labels: label.clone() });
        }
    }
    let labels: Vec<String> = register::LABELS.iter().map(|s| s.to_string()).collect();
    let cfg = TrainConfig {
        epochs: 10,
        seed: o.seed,
        prune_below: 0.05,
        max_features: Some(o.register_features),
        meta: register::META.to_string(),
    };
    let model = crate::tag::train::train(&labels, &examples, &cfg, |_, _| {});
    let polnear_dev = read_file(&o.data.join("../claims/polnear-dev.jsonl")).unwrap_or_default();
    let mut line = Vec::new();
    let dev = corpora.iter().map(|c| (c.name, &c.dev[..])).chain([("polnear-dev", &polnear_dev[..])]);
    for (name, docs) in dev.filter(|(_, d)| !d.is_empty()) {
        let mut right = [0usize; 2];
        for d in docs {
            for (k, doc) in whole_and_head(&d.text).iter().enumerate() {
                let words = Words::new(doc, Vocab::get());
                let got = Register::of_with(doc, &words, Some(&model));
                right[k] += usize::from(got == register_of_corpus(&d.corpus));
            }
        }
        line.push(format!("{name} {}/{} (first two sentences {})", right[0], docs.len(), right[1]));
    }
    eprintln!(
        "register: {} examples ({} news documents without hedges), {} features; dev right:\n  {}",
        examples.len(),
        news.len(),
        model.n_features(),
        line.join("\n  ")
    );
    Ok(model)
}

/// The document whole and cut to its first two sentences: the register classifier is
/// taught and judged on both, so that a pasted paragraph is judged by its words rather
/// than by being short (the Wikipedia documents are paragraphs, the news ones articles).
fn whole_and_head(text: &str) -> [Doc<'_>; 2] {
    let whole = Doc::new(text);
    let end = whole.sentences.get(1).map_or(text.len(), |s| s.span.end as usize);
    let head = Doc::new(text.get(..end).unwrap_or(text));
    [whole, head]
}

/// False positives and negatives (cue exact) with their sentence, for error analysis.
fn print_errors(docs: &[GoldDoc], model: &Model, vocab: &Vocab, register: &Model) {
    for d in docs {
        let doc = Doc::new(&d.text);
        let pred =
            cue_hedges(super::HedgeLayer::with_models(Some(model), vocab, Some(register)).find(&doc, &[]));
        let gold: BTreeSet<Span> = cue_spans(d).into_iter().filter_map(|s| trim(&d.text, s)).collect();
        let predset: BTreeSet<Span> = pred.iter().filter_map(|h| trim(&d.text, h.cue.span())).collect();
        let show = |tag: &str, s: Span| {
            let sent = doc.sentences.iter().find(|x| x.span.start <= s.start && s.start < x.span.end);
            let (a, b) = sent.map_or((s.start, s.end), |x| (x.span.start, x.span.end));
            let ctx = format!(
                "{}[[{}]]{}",
                &d.text[a as usize..s.start as usize],
                &d.text[s.range()],
                &d.text[s.end as usize..b as usize]
            );
            println!("{tag} {}", ctx.replace('\n', " "));
        };
        for s in gold.difference(&predset) {
            show("FN", *s);
        }
        for s in predset.difference(&gold) {
            show("FP", *s);
        }
    }
}

/// The hedges but the `weasel` ones (listed vague attributions beside their cue): no
/// hedge corpus marks weasels, and `newsmark eval` leaves them out of its predictions
/// on such files.
fn cue_hedges(mut hedges: Vec<Hedge>) -> Vec<Hedge> {
    hedges.retain(|h| h.kind != HedgeType::Weasel);
    hedges
}

/// One extent per gold hedge (first start to last end).
fn cue_spans(d: &GoldDoc) -> Vec<Span> {
    let hedges = d.hedges.as_deref().unwrap_or(&[]);
    hedges.iter().filter_map(|h| Some(h.cue.first()?.cover(*h.cue.last()?))).collect()
}

/// Words that are part of a gold cue at least twice and in at least 2% of their
/// occurrences: "or" and "may" qualify, "the" and "of" (inside a few long cues) do not,
/// which keeps most tokens closed and the layer fast.
fn build_vocab(docs: &[&GoldDoc]) -> Vocab {
    let mut counts: std::collections::HashMap<String, (u32, u32)> = std::collections::HashMap::new();
    for d in docs {
        let doc = Doc::new(&d.text);
        let spans = cue_spans(d);
        for (i, t) in doc.tokens.iter().enumerate() {
            let e = counts.entry(lowercase(doc.token_str(i)).into_owned()).or_default();
            e.1 += 1;
            if spans.iter().any(|c| c.overlaps(t.span)) {
                e.0 += 1;
            }
        }
    }
    let words = counts.into_iter().filter(|(_, (cue, all))| *cue >= 2 && *cue * 50 >= *all).map(|(w, _)| w);
    Vocab::from_words(words.collect::<BTreeSet<_>>())
}

/// BIO labels (ids into [`cues::LABELS`]) of the sentence's tokens from gold cue spans.
fn bio_labels(s: &Sent, gold: &[Span]) -> Vec<u16> {
    let mut labels = vec![0u16; s.len()];
    for c in gold {
        let mut first = true;
        for (i, t) in s.spans.iter().enumerate() {
            if c.overlaps(*t) {
                labels[i] = if first { 1 } else { 2 };
                first = false;
            }
        }
    }
    labels
}

#[derive(Debug, Default)]
pub struct Scores {
    pub cue: Prf,
    pub token: Prf,
    pub sent: Prf,
    pub scope: Option<Prf>,
    pub scope_gold_cues: Option<Prf>,
}

/// Scores `model` (or the rules) on `docs` with the metrics of `newsmark eval`.
pub fn score(docs: &[GoldDoc], model: Option<&Model>, vocab: &Vocab, register: Option<&Model>) -> Scores {
    let mut sc = Scores::default();
    let (mut scope, mut scope_g, mut has_scope) = (Prf::default(), Prf::default(), false);
    for d in docs {
        let doc = Doc::new(&d.text);
        let pred = cue_hedges(super::HedgeLayer::with_models(model, vocab, register).find(&doc, &[]));
        let gold_h = d.hedges.as_deref().unwrap_or(&[]);
        let gold: BTreeSet<Span> = cue_spans(d).into_iter().filter_map(|s| trim(&d.text, s)).collect();
        let predset: BTreeSet<Span> = pred.iter().filter_map(|h| trim(&d.text, h.cue.span())).collect();
        sc.cue.add(Prf::from_sets(&predset, &gold));
        let words = word_tokens(&d.text);
        let (mut gt, mut pt) = (BTreeSet::new(), BTreeSet::new());
        covered(&words, &gold.iter().copied().collect::<Vec<_>>(), &mut gt);
        covered(&words, &predset.iter().copied().collect::<Vec<_>>(), &mut pt);
        sc.token.add(Prf::from_sets(&pt, &gt));
        if let Some(sents) = &d.sentences {
            let marked = |starts: &mut dyn Iterator<Item = u32>| -> BTreeSet<usize> {
                starts.filter_map(|p| sents.iter().position(|s| s.start <= p && p < s.end)).collect()
            };
            let g = marked(&mut cue_spans(d).into_iter().map(|s| s.start));
            let p = marked(&mut pred.iter().map(|h| h.cue.start));
            sc.sent.add(Prf::from_sets(&p, &g));
        }
        if gold_h.iter().any(|h| h.scope.is_some()) {
            has_scope = true;
            let gset = gold_scope_tokens(&words, gold_h);
            let pset = pred_scope_tokens(&words, &pred);
            scope.add(Prf::from_sets(&pset, &gset));
            // With gold cues: our scope rule applied to each gold cue.
            let with_gold = scopes_for_gold_cues(&doc, &cue_spans(d));
            let pset = pred_scope_tokens(&words, &with_gold);
            scope_g.add(Prf::from_sets(&pset, &gset));
        }
    }
    if has_scope {
        sc.scope = Some(scope);
        sc.scope_gold_cues = Some(scope_g);
    }
    sc
}

/// Word tokens in any gold scope, minus each hedge's own cue tokens.
fn gold_scope_tokens(words: &[Span], hedges: &[crate::gold::GoldHedge]) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for h in hedges {
        let Some(scope) = &h.scope else { continue };
        let (mut s, mut c) = (BTreeSet::new(), BTreeSet::new());
        covered(words, scope, &mut s);
        covered(words, &h.cue, &mut c);
        out.extend(s.difference(&c));
    }
    out
}

fn pred_scope_tokens(words: &[Span], hedges: &[Hedge]) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for h in hedges {
        let Some(scope) = h.scope else { continue };
        let (mut s, mut c) = (BTreeSet::new(), BTreeSet::new());
        covered(words, &[scope], &mut s);
        covered(words, &[h.cue.span()], &mut c);
        out.extend(s.difference(&c));
    }
    out
}

fn scopes_for_gold_cues(doc: &Doc, cues: &[Span]) -> Vec<Hedge> {
    let mut out = Vec::new();
    let words = Words::new(doc, Vocab::get());
    for sent in &doc.sentences {
        let s = Sent::new(doc, &words, sent);
        for c in cues {
            let toks: Vec<usize> = (0..s.len()).filter(|&i| c.overlaps(s.spans[i])).collect();
            let (Some(&a), Some(&b)) = (toks.first(), toks.last()) else { continue };
            let r = a..b + 1;
            out.push(Hedge {
                cue: crate::schema::Part::new(doc.text, *c),
                kind: super::types::type_of(&s, &r),
                scope: super::scope::scope(&s, &r),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_and_word_tokens_follow_the_metric() {
        let t = "He said: “maybe,” then left.";
        let a = t.find('“').unwrap() as u32;
        let s = trim(t, Span::new(a, a + "“maybe,”".len() as u32)).unwrap();
        assert_eq!(&t[s.range()], "maybe");
        let w: Vec<&str> =
            word_tokens("it's 3-way, ok").iter().map(|s| &"it's 3-way, ok"[s.range()]).collect();
        assert_eq!(w, ["it", "s", "3", "way", "ok"]);
    }
}
