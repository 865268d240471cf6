//! `newsmark train entities` (feature `train`): gold JSONL → BILOU examples → the shared
//! averaged perceptron → `models/entities.bin`, with dev F1 printed every epoch.
//!
//! Two passes, one model. The shipped model must also serve the second pass, whose
//! features include the first pass's labels for the same word elsewhere in the
//! document. Training those features on the model's own predictions over its training
//! data would teach it that the first pass is always right, so the first-pass labels of
//! the training set come from cross-validation: the documents are split into folds, a
//! first-pass model is trained on the other folds and tags each one. The final model is
//! then trained on both kinds of example (without priors, and with the cross-validated
//! priors), so one set of weights handles both passes.
//!
//! Determinism: fixed fold assignment (document order), the tagger's seeded shuffle,
//! and no hash-map order reaching the output. Scoring here is a quick exact-span F1 for
//! the per-epoch report; `newsmark eval` is the official scorer.

use super::features::{Extractor, META, N_PRIOR};
use super::gazetteer::{self, Gazetteer};
use super::{label_names, label_type, Tagger, TYPES};
use crate::doc::Doc;
use crate::gold::{self, GoldDoc};
use crate::schema::Span;
use crate::tag::train::{train_partial, Example, TrainConfig, UNKNOWN};
use crate::tag::{Features, Model};
use crate::text::Document;
use std::path::Path;
use std::time::Instant;

const USAGE: &str = "\
usage: newsmark train entities --train FILE.jsonl... [--wikiann FILE.jsonl...] --dev FILE.jsonl --out models/entities.bin
         [--wikiann-weight W] [--wikiann-docs N] [--epochs N] [--fold-epochs N] [--seed N] [--folds N]
         [--max-features N] [--passes 1|2] [--skip-lists WORD,...] [--errors DEV_ERRORS.txt]
       newsmark train entities --train FILE.jsonl... --common-words-out data/common-words.txt [--common-words N]";

/// Options of one training run.
#[derive(Clone, Debug)]
pub struct Options {
    pub epochs: u32,
    pub fold_epochs: u32,
    pub seed: u64,
    pub folds: usize,
    pub max_features: Option<usize>,
    pub prune_below: f32,
    pub passes: u32,
    /// Gazetteer lists to leave out (any list whose text contains one of these), for ablations.
    pub skip_lists: Vec<String>,
    /// Where to write the final model's dev errors (false negatives and positives).
    pub errors: Option<String>,
    /// Use at most this many documents of the partially labelled (`--wikiann`) files.
    pub partial_docs: Option<usize>,
    /// Scale of the perceptron updates on partially labelled sentences.
    pub partial_weight: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 4,
            fold_epochs: 8,
            seed: 1,
            folds: 4,
            max_features: Some(10_000),
            prune_below: 0.0,
            passes: 2,
            skip_lists: Vec::new(),
            errors: None,
            partial_docs: None,
            partial_weight: 0.1,
        }
    }
}

pub fn run(argv: &[String]) -> Result<(), String> {
    let mut train_files = Vec::new();
    let mut partial_files = Vec::new();
    let mut dev = None;
    let mut out = None;
    let mut opts = Options::default();
    let mut common_out = None;
    let mut common_n = 2000usize;
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().ok_or_else(|| format!("{a} needs a value\n{USAGE}"));
        let num = |v: String| v.parse::<u64>().map_err(|_| format!("{a}: not a number: {v}"));
        match a.as_str() {
            "--train" => train_files.push(val()?),
            "--wikiann" => partial_files.push(val()?),
            "--wikiann-docs" => opts.partial_docs = Some(num(val()?)? as usize),
            "--wikiann-weight" => {
                let v = val()?;
                opts.partial_weight = v.parse().map_err(|_| format!("{a}: not a number: {v}"))?;
            }
            "--dev" => dev = Some(val()?),
            "--out" => out = Some(val()?),
            "--epochs" => opts.epochs = num(val()?)? as u32,
            "--fold-epochs" => opts.fold_epochs = num(val()?)? as u32,
            "--seed" => opts.seed = num(val()?)?,
            "--folds" => opts.folds = num(val()?)?.max(2) as usize,
            "--max-features" => opts.max_features = Some(num(val()?)? as usize).filter(|&n| n > 0),
            "--passes" => opts.passes = num(val()?)?.clamp(1, 2) as u32,
            "--skip-lists" => opts.skip_lists = val()?.split(',').map(str::to_string).collect(),
            "--errors" => opts.errors = Some(val()?),
            "--common-words-out" => common_out = Some(val()?),
            "--common-words" => common_n = num(val()?)? as usize,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if let Some(out) = common_out {
        return write_common_words(&train_files, common_n, Path::new(&out));
    }
    let (Some(dev), Some(out)) = (dev, out) else { return Err(USAGE.to_string()) };
    if train_files.is_empty() {
        return Err(USAGE.to_string());
    }
    let start = Instant::now();
    let mut train_docs = Vec::new();
    for f in &train_files {
        train_docs.extend(gold::read_file(Path::new(f))?.into_iter().filter(|d| d.entities.is_some()));
    }
    let mut partial_docs = Vec::new();
    for f in &partial_files {
        partial_docs.extend(gold::read_file(Path::new(f))?.into_iter().filter(|d| d.entities.is_some()));
    }
    if let Some(n) = opts.partial_docs {
        partial_docs.truncate(n);
    }
    let dev_docs: Vec<GoldDoc> =
        gold::read_file(Path::new(&dev))?.into_iter().filter(|d| d.entities.is_some()).collect();
    println!(
        "train: {} documents from {}; {} partially labelled from {}; dev: {} documents",
        train_docs.len(),
        train_files.join(", "),
        partial_docs.len(),
        partial_files.join(", "),
        dev_docs.len()
    );
    let model = train_model(&train_docs, &partial_docs, &dev_docs, &opts)?;
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    println!(
        "wrote {out}: {} bytes, {} features, {:.1}s",
        bytes.len(),
        model.n_features(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes the `n` most frequent token strings of `files` (ties in string order), the
/// words whose type rows the shipped tagger scores once at load ([`super::known_types`]).
fn write_common_words(files: &[String], n: usize, out: &Path) -> Result<(), String> {
    if files.is_empty() {
        return Err(USAGE.to_string());
    }
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in files {
        for d in gold::read_file(Path::new(f))? {
            let doc = Document::new(&d.text);
            for k in 0..doc.tokens.len() {
                *counts.entry(doc.token_str(k).to_string()).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(n);
    let names: Vec<&str> = files.iter().map(|f| f.rsplit('/').next().unwrap_or(f)).collect();
    let mut text = format!(
        "# The {} most frequent token strings of {} (newsmark's tokenizer), one per line.\n\
         # Not a lexicon: the entity tagger scores these words' type rows once when its model\n\
         # loads instead of once per document. Any list gives the same output; a list of\n\
         # frequent words makes tagging faster. Written by\n\
         # `newsmark train entities --train FILE --common-words-out {} --common-words {}`.\n",
        words.len(),
        names.join(", "),
        out.display(),
        n
    );
    for (w, _) in &words {
        text.push_str(w);
        text.push('\n');
    }
    std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {}: {} words", out.display(), words.len());
    Ok(())
}

/// One document prepared for training: tokenized, with gold labels per token.
struct Prepared<'a> {
    doc: Doc<'a>,
    labels: Vec<u16>,
    gold: Vec<(Span, usize)>,
    /// Annotates PER, ORG and LOC only: tokens outside its names are [`UNKNOWN`].
    partial: bool,
    /// Scale of the updates on this document's sentences (see [`train_partial`]).
    scale: f32,
}

fn type_index(label: &str) -> Option<usize> {
    TYPES.iter().position(|t| *t == label)
}

/// BILOU labels per token from gold byte spans; tokens outside them get `outside` (O, or
/// [`UNKNOWN`] for a corpus that does not annotate every type). Returns the number of
/// gold entities whose edges fall inside a token (they cannot be predicted exactly).
fn align(doc: &Document, gold: &[(Span, usize)], outside: u16, labels: &mut Vec<u16>) -> usize {
    labels.clear();
    labels.resize(doc.tokens.len(), outside);
    let mut misaligned = 0;
    for &(span, ty) in gold {
        let first = doc.tokens.partition_point(|t| t.span.end <= span.start);
        let mut last = first;
        while last < doc.tokens.len() && doc.tokens[last].span.start < span.end {
            last += 1;
        }
        if last == first {
            misaligned += 1;
            continue;
        }
        if doc.tokens[first].span.start != span.start || doc.tokens[last - 1].span.end != span.end {
            misaligned += 1;
        }
        let base = 1 + 4 * ty as u16;
        if last - first == 1 {
            labels[first] = base + 3;
        } else {
            labels[first] = base;
            for l in &mut labels[first + 1..last - 1] {
                *l = base + 1;
            }
            labels[last - 1] = base + 2;
        }
    }
    misaligned
}

/// `outside` is the label of tokens outside every gold name (see [`align`]).
fn prepare<'a>(docs: &'a [GoldDoc], what: &str, outside: u16, scale: f32) -> Vec<Prepared<'a>> {
    let mut misaligned = 0;
    let mut total = 0;
    let out = docs
        .iter()
        .map(|d| {
            let doc = Doc::new(&d.text);
            let gold: Vec<(Span, usize)> = d
                .entities
                .iter()
                .flatten()
                .filter_map(|e| type_index(&e.label).map(|t| (e.span, t)))
                .collect();
            let mut labels = Vec::new();
            misaligned += align(&doc, &gold, outside, &mut labels);
            total += gold.len();
            Prepared { doc, labels, gold, partial: outside == UNKNOWN, scale }
        })
        .collect();
    println!("{what}: {total} entities, {misaligned} not on token boundaries");
    out
}

/// Examples of `docs`, and the scale of each one's updates; with `priors`, the
/// second-pass features from those per-token types.
fn examples(
    docs: &[&Prepared],
    priors: Option<&[Vec<u8>]>,
    gaz: &Gazetteer,
    out: &mut Vec<Example>,
    scale: &mut Vec<f32>,
) {
    let mut ex = Extractor::default();
    for (k, p) in docs.iter().enumerate() {
        ex.prepare(&p.doc, gaz);
        if let Some(pr) = priors {
            ex.set_prior(pr[k].iter().copied());
        }
        for s in &p.doc.sentences {
            // WikiANN's title-case lines are article titles and link lists, nearly all
            // names ("Sioux Falls Arena (Sioux Falls, South Dakota)"). The tagger reads
            // such a line like a headline, upper-cased; learned from, they teach it that
            // every word of a headline is a name ("New Malaria Vaccine Shows Promise").
            if p.partial && s.tokens.clone().any(|k| ex.in_headline(k)) {
                continue;
            }
            let mut f = Features::default();
            ex.sentence(s.tokens.clone(), &mut f);
            let labels = p.labels.get(s.tokens.clone()).unwrap_or(&[]).to_vec();
            out.push(Example { features: f, labels });
            scale.push(p.scale);
        }
    }
}

/// Per-token first-pass types of `docs` under `model` (`N_PRIOR` = O).
fn first_pass_types(model: &Model, gaz: &Gazetteer, docs: &[&Prepared]) -> Vec<Vec<u8>> {
    let mut tagger = Tagger::default();
    docs.iter()
        .map(|p| {
            tagger.names(model, None, gaz, &p.doc, 1);
            tagger.doc_labels.iter().map(|&l| label_type(l).unwrap_or(N_PRIOR) as u8).collect()
        })
        .collect()
}

/// Exact span-and-type counts: per type (tp, predicted, gold).
#[derive(Clone, Copy, Default)]
pub struct Counts {
    pub per_type: [[usize; 3]; 4],
}

impl Counts {
    pub fn add(&mut self, pred: &[(Span, usize)], gold: &[(Span, usize)]) {
        for &(_, t) in pred {
            self.per_type[t][1] += 1;
        }
        for &(_, t) in gold {
            self.per_type[t][2] += 1;
        }
        for p in pred {
            if gold.contains(p) {
                self.per_type[p.1][0] += 1;
            }
        }
    }
    fn f1(c: [usize; 3]) -> (f64, f64, f64) {
        let p = if c[1] == 0 { 0.0 } else { c[0] as f64 / c[1] as f64 };
        let r = if c[2] == 0 { 0.0 } else { c[0] as f64 / c[2] as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        (100.0 * p, 100.0 * r, 100.0 * f)
    }
    pub fn overall(&self) -> (f64, f64, f64) {
        let mut c = [0; 3];
        for t in &self.per_type {
            for k in 0..3 {
                c[k] += t[k];
            }
        }
        Self::f1(c)
    }
    pub fn report(&self) -> String {
        let (p, r, f) = self.overall();
        let mut s = format!("P {p:.2} R {r:.2} F1 {f:.2} |");
        for (t, name) in TYPES.iter().enumerate() {
            s += &format!(" {name} {:.2}", Self::f1(self.per_type[t]).2);
        }
        s
    }
}

fn evaluate(model: &Model, gaz: &Gazetteer, docs: &[Prepared], passes: u32) -> Counts {
    let mut tagger = Tagger::default();
    let mut c = Counts::default();
    for p in docs {
        let pred = tagger.names(model, None, gaz, &p.doc, passes);
        c.add(&pred, &p.gold);
    }
    c
}

/// Trains the shipped model; prints dev scores per epoch. `partial_docs` annotate PER, ORG
/// and LOC only (WikiANN): a token outside their names may be O or MISC
/// ([`train_partial`]), so the names they leave unmarked teach nothing.
pub fn train_model(
    train_docs: &[GoldDoc],
    partial_docs: &[GoldDoc],
    dev_docs: &[GoldDoc],
    opts: &Options,
) -> Result<Model, String> {
    let t0 = Instant::now();
    let gaz = if opts.skip_lists.is_empty() {
        Gazetteer::shipped()
    } else {
        let lists: Vec<(usize, &str)> = gazetteer::LISTS
            .iter()
            .filter(|(_, text)| !opts.skip_lists.iter().any(|s| !s.is_empty() && text.contains(s.as_str())))
            .copied()
            .collect();
        Gazetteer::new(&lists)
    };
    let labels = label_names();
    let mut train_p = prepare(train_docs, "train", 0, 1.0);
    train_p.extend(prepare(partial_docs, "partially labelled train", UNKNOWN, opts.partial_weight));
    let dev_p = prepare(dev_docs, "dev", 0, 1.0);
    let all: Vec<&Prepared> = train_p.iter().collect();
    // What a token outside the names of a partially labelled document may be: O or MISC.
    let misc = 1 + 4 * type_index("MISC").expect("MISC is a type") as u16;
    let free: Vec<u16> = std::iter::once(0).chain(misc..misc + 4).collect();
    let mut exs = Vec::new();
    let mut scale = Vec::new();
    examples(&all, None, &gaz, &mut exs, &mut scale);
    let cfg = |epochs: u32, max_features: Option<usize>| TrainConfig {
        epochs,
        seed: opts.seed,
        prune_below: opts.prune_below,
        max_features,
        meta: META.to_string(),
    };
    if opts.passes >= 2 {
        // Cross-validated first-pass labels for the training documents.
        let k = opts.folds;
        let mut priors: Vec<Vec<u8>> = vec![Vec::new(); all.len()];
        for fold in 0..k {
            let (held, rest): (Vec<usize>, Vec<usize>) = (0..all.len()).partition(|i| i % k == fold);
            let rest_docs: Vec<&Prepared> = rest.iter().map(|&i| all[i]).collect();
            let held_docs: Vec<&Prepared> = held.iter().map(|&i| all[i]).collect();
            let mut fold_ex = Vec::new();
            let mut fold_scale = Vec::new();
            examples(&rest_docs, None, &gaz, &mut fold_ex, &mut fold_scale);
            let m =
                train_partial(&labels, &fold_ex, &free, &fold_scale, &cfg(opts.fold_epochs, None), |_, _| {});
            for (&i, types) in held.iter().zip(first_pass_types(&m, &gaz, &held_docs)) {
                priors[i] = types;
            }
            println!("fold {}/{k}: first pass trained ({:.1}s)", fold + 1, t0.elapsed().as_secs_f64());
        }
        examples(&all, Some(&priors), &gaz, &mut exs, &mut scale);
    }
    println!("{} training sequences ({:.1}s)", exs.len(), t0.elapsed().as_secs_f64());
    let passes = opts.passes;
    let model =
        train_partial(&labels, &exs, &free, &scale, &cfg(opts.epochs, opts.max_features), |epoch, m| {
            let one = evaluate(m, &gaz, &dev_p, 1);
            let mut line =
                format!("epoch {epoch:2} ({:.1}s) dev pass 1: {}", t0.elapsed().as_secs_f64(), one.report());
            if passes >= 2 {
                let two = evaluate(m, &gaz, &dev_p, 2);
                line += &format!("\n                  dev pass 2: {}", two.report());
            }
            println!("{line}");
        });
    if let Some(path) = &opts.errors {
        let mut tagger = Tagger::default();
        let mut text = String::new();
        for p in &dev_p {
            let pred = tagger.names(&model, None, &gaz, &p.doc, passes);
            for g in &p.gold {
                if !pred.contains(g) {
                    text += &format!("FN {} {:?}\n", TYPES[g.1], p.doc.slice(g.0));
                }
            }
            for q in &pred {
                if !p.gold.contains(q) {
                    let line_start = p.doc.text[..q.0.start as usize].rfind('\n').map_or(0, |k| k + 1);
                    let line_end = p.doc.text[q.0.end as usize..]
                        .find('\n')
                        .map_or(p.doc.text.len(), |k| k + q.0.end as usize);
                    text += &format!(
                        "FP {} {:?} in {:?}\n",
                        TYPES[q.1],
                        p.doc.slice(q.0),
                        &p.doc.text[line_start..line_end]
                    );
                }
            }
        }
        std::fs::write(path, text).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_labels_bilou_and_counts_broken_edges() {
        let text = "Ned Price visited New York City.";
        let doc = Document::new(text);
        let gold = [(Span::new(0, 9), 0), (Span::new(18, 31), 2), (Span::new(19, 22), 1)];
        let mut labels = Vec::new();
        let bad = align(&doc, &gold, 0, &mut labels);
        assert_eq!(&labels[..2], &[1, 3]);
        assert_eq!(bad, 1, "\"ew \" starts inside a token");
    }

    #[test]
    fn counts_score_exact_spans() {
        let mut c = Counts::default();
        c.add(&[(Span::new(0, 3), 0), (Span::new(5, 9), 1)], &[(Span::new(0, 3), 0), (Span::new(5, 8), 1)]);
        let (p, r, f) = c.overall();
        assert_eq!((p, r, f), (50.0, 50.0, 50.0));
    }

    /// WikiANN-like input: tokens outside its names are unknown (O or MISC), and its
    /// title-case lines are not learned from.
    #[test]
    fn partial_documents_leave_outside_tokens_open_and_skip_title_lines() {
        let line = r#"{"id": "w", "text": "He moved to Rome in 1566.\nSioux Falls Arena (Sioux Falls, South Dakota)", "entities": [{"start": 12, "end": 16, "label": "LOC"}, {"start": 26, "end": 43, "label": "ORG"}, {"start": 45, "end": 70, "label": "LOC"}]}"#;
        let docs = [GoldDoc::from_json(line).unwrap()];
        let gaz = Gazetteer::new(&[]);
        for (outside, partial, sentences) in [(0u16, false, 2), (UNKNOWN, true, 1)] {
            let p = prepare(&docs, "test", outside, 0.5);
            assert_eq!(p[0].partial, partial);
            assert_eq!(p[0].labels[..4], [outside, outside, outside, 1 + 4 * 2 + 3], "He moved to Rome");
            let (mut exs, mut scale) = (Vec::new(), Vec::new());
            examples(&[&p[0]], None, &gaz, &mut exs, &mut scale);
            assert_eq!(exs.len(), sentences, "the title-case line is left out of partial documents only");
            assert_eq!(scale, vec![0.5; sentences]);
        }
    }
}
