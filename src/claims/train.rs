//! `newsmark train claims` (feature `train`): trains the cue and role models on PolNeAR and
//! writes models/claims.bin.
//!
//! Order: the cue model first (cue dev scores per epoch); then the role model on gold
//! cues (teacher forcing: it learns roles, not cue errors), printing per epoch its dev
//! scores on gold cues and the full pipeline's (predicted cues, trained roles); then the
//! cue bias is chosen on dev from a small grid — the numbers that ship. Deterministic: fixed seeds, no threads, files read in
//! order. `--rules` scores the rule layer alone on the dev file and exits.

use super::features::{
    cue_features, role_features, Inputs, Rates, RuleRole, CUE_META, POS_SUFFIX, ROLE_META,
};
use super::learned::{rule_roles, window, ClaimModel};
use super::quotes::Quotes;
use super::score::{Roles, Scores};
use super::Ctx;
use crate::doc::Doc;
use crate::gold::{read_file, GoldDoc};
use crate::schema::Span;
use crate::tag::train::{train, train_selected, Example, TrainConfig};
use crate::tag::{Features, Model};
use std::ops::Range;
use std::path::PathBuf;

const USAGE: &str = "usage: newsmark train claims --train TRAIN.jsonl --dev DEV.jsonl --out models/claims.bin \
                     [--epochs-cue N] [--epochs-role N] [--max-cue N] [--max-role N] [--biases 0,0.5,…] [--candidate-bias B] [--seed N] [--no-pos] [--rules | --model FILE [--errors] [--dump OUT.jsonl]]";

struct Options {
    train: Option<PathBuf>,
    dev: PathBuf,
    out: Option<PathBuf>,
    epochs_cue: u32,
    epochs_role: u32,
    max_cue: usize,
    /// Add role windows around the cue model's false proposals (at this bias) as all-O.
    candidate_bias: Option<f32>,
    max_role: usize,
    rules: bool,
    model: Option<PathBuf>,
    errors: bool,
    /// Write the model's dev claims (cue byte spans) here, one document a line.
    dump: Option<PathBuf>,
    biases: Vec<f32>,
    pos: bool,
    /// The perceptrons' shuffling seed (1 ships; others measure how much a change owes to luck).
    seed: u64,
}

fn parse(argv: &[String]) -> Result<Options, String> {
    let mut o = Options {
        train: None,
        dev: PathBuf::new(),
        out: None,
        epochs_cue: 6,
        epochs_role: 10,
        max_cue: 6_000,
        candidate_bias: None,
        max_role: 9_000,
        rules: false,
        model: None,
        errors: false,
        dump: None,
        biases: vec![0.0, 4.0, 8.0, 12.0, 16.0],
        pos: true,
        seed: 1,
    };
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().ok_or_else(|| format!("{a} needs a value\n{USAGE}"));
        match a.as_str() {
            "--train" => o.train = Some(val()?.into()),
            "--dev" => o.dev = val()?.into(),
            "--out" => o.out = Some(val()?.into()),
            "--epochs-cue" => o.epochs_cue = val()?.parse().map_err(|e| format!("--epochs-cue: {e}"))?,
            "--epochs-role" => o.epochs_role = val()?.parse().map_err(|e| format!("--epochs-role: {e}"))?,
            "--max-cue" => o.max_cue = val()?.parse().map_err(|e| format!("--max-cue: {e}"))?,
            "--max-role" => o.max_role = val()?.parse().map_err(|e| format!("--max-role: {e}"))?,
            "--rules" => o.rules = true,
            "--candidate-bias" => {
                o.candidate_bias = Some(val()?.parse().map_err(|e| format!("--candidate-bias: {e}"))?)
            }
            "--model" => o.model = Some(val()?.into()),
            "--errors" => o.errors = true,
            "--dump" => o.dump = Some(val()?.into()),
            "--no-pos" => o.pos = false,
            "--seed" => o.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--biases" => {
                o.biases = val()?
                    .split(',')
                    .map(|b| b.trim().parse::<f32>().map_err(|e| format!("--biases: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if o.dev.as_os_str().is_empty() {
        return Err(format!("--dev is required\n{USAGE}"));
    }
    Ok(o)
}

const CUE_LABELS: [&str; 3] = ["O", "B-CUE", "I-CUE"];
const ROLE_LABELS: [&str; 5] = ["O", "B-SRC", "I-SRC", "B-CON", "I-CON"];

fn names(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

/// Token indices of `doc` overlapping each span, as one covering range.
fn tokens_of(doc: &crate::text::Document, spans: &[Span]) -> Option<Range<usize>> {
    let hit = |i: usize| spans.iter().any(|s| s.overlaps(doc.tokens[i].span));
    let a = (0..doc.tokens.len()).find(|&i| hit(i))?;
    let b = (a..doc.tokens.len()).rev().find(|&i| hit(i))?;
    Some(a..b + 1)
}

/// Writes B/I labels for `spans` over `range` into `labels` (indexed from `range.start`).
fn label_spans(
    doc: &crate::text::Document,
    range: &Range<usize>,
    spans: &[Span],
    b: u16,
    i_: u16,
    labels: &mut [u16],
) {
    for sp in spans {
        let mut first = true;
        for t in range.clone() {
            if doc.tokens[t].span.overlaps(*sp) {
                labels[t - range.start] = if first { b } else { i_ };
                first = false;
            }
        }
    }
}

/// The whole layer's claims in `text` with `model` (None: the rules alone), the POS
/// stage run first as the analyzer runs it.
fn claims_of(text: &str, model: Option<&ClaimModel>) -> Vec<crate::schema::Claim> {
    let mut doc = Doc::new(text);
    let mut layer = super::ClaimLayer::with_model(model);
    if layer.needs_pos() {
        doc.set_pos(crate::syntax::PosLayer::default().find(&doc));
    }
    layer.find(&doc, &[])
}

/// What every claims feature function reads for one document: tokens, context, quotes,
/// part-of-speech tags (when the model uses them) and the derived per-token inputs.
/// The closure form keeps the borrow chain (document → context → quotes → inputs) in one
/// place for the trainer's five passes.
fn with_inputs<R>(
    text: &str,
    use_pos: bool,
    rates: &Rates,
    f: impl FnOnce(&Ctx, &Quotes, &Inputs) -> R,
) -> R {
    // The part-of-speech column goes into the document, as the analyzer puts it there: the
    // pairing rules read it too.
    let mut doc = Doc::new(text);
    if use_pos {
        doc.set_pos(crate::syntax::PosLayer::default().find(&doc));
    }
    let ctx = Ctx::new(&doc);
    let quotes = Quotes::new(&ctx);
    let inp = Inputs::new(&ctx, &quotes, &super::cues::find(&ctx, &quotes), doc.pos(), rates);
    f(&ctx, &quotes, &inp)
}

/// The role model's view of the claim whose cue covers the tokens `cue`: its window and
/// its features (the rules' roles computed into `rules`).
fn role_window(
    ctx: &Ctx,
    quotes: &Quotes,
    inp: &Inputs,
    cue: &Range<usize>,
    rules: &mut Vec<RuleRole>,
) -> (Range<usize>, Features) {
    let win = window(ctx, quotes, cue);
    rule_roles(ctx, quotes, cue, &win, rules);
    let mut f = Features::default();
    role_features(inp, ctx, cue.clone(), win.clone(), rules, &mut f);
    (win, f)
}

struct Prepared {
    cue: Vec<Example>,
    role: Vec<Example>,
}

/// Folds for the cue rates of training documents: each document's rates come from the
/// other folds, as an unseen document's come from all of them.
const RATE_FOLDS: usize = 5;

/// Cue rates counted over the documents `docs` for which `keep(index)`.
fn rates(docs: &[GoldDoc], keep: impl Fn(usize) -> bool) -> Rates {
    use std::collections::BTreeMap;
    let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (k, g) in docs.iter().enumerate() {
        let Some(claims) = g.claims.as_ref().filter(|_| keep(k)) else { continue };
        let doc = Doc::new(&g.text);
        let ctx = Ctx::new(&doc);
        for i in 0..ctx.len() {
            if !ctx.is_word(i) {
                continue;
            }
            let sp = doc.tokens[i].span;
            let cue = claims.iter().any(|c| c.cue.iter().any(|s| s.overlaps(sp)));
            let e = counts.entry(ctx.lower(i).to_string()).or_default();
            e.0 += u32::from(cue);
            e.1 += 1;
        }
    }
    Rates::from_counts(counts.iter().map(|(w, &(c, n))| (w.as_str(), c, n)))
}

fn prepare(docs: &[GoldDoc], use_pos: bool) -> Prepared {
    let mut cue = Vec::new();
    let mut role = Vec::new();
    let mut rules = Vec::new();
    let folds: Vec<Rates> = (0..RATE_FOLDS).map(|f| rates(docs, |k| k % RATE_FOLDS != f)).collect();
    for (k, g) in docs.iter().enumerate() {
        let Some(claims) = &g.claims else { continue };
        with_inputs(&g.text, use_pos, &folds[k % RATE_FOLDS], |ctx, quotes, inp| {
            let doc = ctx.doc;
            let cue_spans: Vec<Span> = claims.iter().flat_map(|c| c.cue.iter().copied()).collect();
            for s in &doc.sentences {
                let mut f = Features::default();
                cue_features(inp, s.tokens.clone(), &mut f, None);
                let mut labels = vec![0u16; s.tokens.len()];
                label_spans(doc, &s.tokens, &cue_spans, 1, 2, &mut labels);
                // The model marks a verb group's verb; decoding restores the group.
                for r in super::learned::spans_of(&labels, &names(&CUE_LABELS), "CUE", s.tokens.start) {
                    let h = super::learned::head_start(ctx, inp, &r);
                    for t in r.start..h {
                        labels[t - s.tokens.start] = 0;
                    }
                    if h > r.start {
                        labels[h - s.tokens.start] = 1;
                    }
                }
                cue.push(Example { features: f, labels });
            }
            for c in claims {
                let Some(cr) = tokens_of(doc, &c.cue) else { continue };
                let (win, f) = role_window(ctx, quotes, inp, &cr, &mut rules);
                let mut labels = vec![0u16; win.len()];
                label_spans(doc, &win, &c.content, 3, 4, &mut labels);
                label_spans(doc, &win, &c.source, 1, 2, &mut labels);
                for t in cr.clone() {
                    if let Some(l) = t.checked_sub(win.start).and_then(|k| labels.get_mut(k)) {
                        *l = 0;
                    }
                }
                role.push(Example { features: f, labels });
            }
        });
    }
    Prepared { cue, role }
}

fn gold_roles(g: &GoldDoc) -> Vec<Roles> {
    g.claims
        .iter()
        .flatten()
        .map(|c| Roles { cue: c.cue.clone(), source: c.source.clone(), content: c.content.clone() })
        .collect()
}

fn claim_roles(claims: &[crate::schema::Claim]) -> Vec<Roles> {
    claims
        .iter()
        .map(|c| Roles {
            cue: vec![c.cue.span()],
            source: c.source.iter().map(|p| p.span()).collect(),
            content: c.content.iter().map(|p| p.span()).collect(),
        })
        .collect()
}

/// Dev scores of the whole layer with `model` (None: rules alone).
pub fn score_dev(docs: &[GoldDoc], model: Option<&ClaimModel>) -> Scores {
    let mut s = Scores::default();
    for g in docs {
        if g.claims.is_none() {
            continue;
        }
        let pred = claims_of(&g.text, model);
        s.add(&g.text, &gold_roles(g), &claim_roles(&pred));
    }
    s
}

/// Dev scores of the role model alone, on gold cues.
fn score_roles(docs: &[GoldDoc], role: &Model, use_pos: bool, rates: &Rates) -> Scores {
    use super::learned::spans_of;
    let mut s = Scores::default();
    let mut rules = Vec::new();
    let mut labels = Vec::new();
    for g in docs {
        let Some(claims) = &g.claims else { continue };
        let pred = with_inputs(&g.text, use_pos, rates, |ctx, quotes, inp| {
            let mut pred = Vec::new();
            for c in claims {
                let Some(cr) = tokens_of(ctx.doc, &c.cue) else { continue };
                let (win, f) = role_window(ctx, quotes, inp, &cr, &mut rules);
                role.tag(&f, &mut labels);
                let span = |r: &Range<usize>| ctx.span(r.clone());
                pred.push(Roles {
                    cue: c.cue.clone(),
                    source: spans_of(&labels, role.labels(), "SRC", win.start)
                        .iter()
                        .filter_map(span)
                        .collect(),
                    content: spans_of(&labels, role.labels(), "CON", win.start)
                        .iter()
                        .filter_map(span)
                        .collect(),
                });
            }
            pred
        });
        s.add(&g.text, &gold_roles(g), &pred);
    }
    s
}

pub fn run(argv: &[String]) -> Result<(), String> {
    let o = parse(argv)?;
    let dev = read_file(&o.dev)?;
    if o.rules {
        print!("rules alone on {}:\n{}", o.dev.display(), score_dev(&dev, None).table());
        return Ok(());
    }
    if let Some(path) = &o.model {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let m = ClaimModel::from_bytes(&bytes).ok_or("not a claims model of this feature set")?;
        let mut m = m;
        print!("{} on {}:\n{}", path.display(), o.dev.display(), score_dev(&dev, Some(&m)).table());
        for &bias in &o.biases {
            m.cue_bias = bias;
            let s = score_dev(&dev, Some(&m));
            let c = score_cues(&dev, &m.cue, bias, m.uses_pos, &m.rates);
            println!(
                "  cue bias {bias:.2}: cue {:.1}  source {:.1}  content exact {:.1}  content token {:.1} | cue model alone P/R/F1 {:.1} {:.1} {:.1}",
                s.exact[0].f1_pct(),
                s.exact[1].f1_pct(),
                s.exact[2].f1_pct(),
                s.token[2].f1_pct(),
                c.precision_pct(),
                c.recall_pct(),
                c.f1_pct()
            );
        }
        if o.errors {
            cue_errors(&dev, &m);
        }
        if let Some(p) = &o.dump {
            dump(&dev, &m, p)?;
        }
        return Ok(());
    }
    let (Some(train_path), Some(out)) = (&o.train, &o.out) else {
        return Err(format!("--train and --out are required\n{USAGE}"));
    };
    let docs = read_file(train_path)?;
    let t0 = std::time::Instant::now();
    let p = prepare(&docs, o.pos);
    let all_rates = rates(&docs, |_| true);
    eprintln!(
        "prepared {} cue sequences, {} role windows in {:.1}s",
        p.cue.len(),
        p.role.len(),
        t0.elapsed().as_secs_f64()
    );
    let cfg = |epochs, meta: &str, max| TrainConfig {
        epochs,
        seed: o.seed,
        prune_below: 0.01,
        max_features: Some(max),
        meta: if o.pos { format!("{meta}{POS_SUFFIX}") } else { meta.to_string() },
    };
    println!("cue model:");
    let cue =
        train_selected(&names(&CUE_LABELS), p.cue, &cfg(o.epochs_cue, CUE_META, o.max_cue), |epoch, m| {
            let s = score_cues(&dev, m, 0.0, o.pos, &all_rates);
            println!(
                "  epoch {epoch}: cue exact P/R/F1 {:.1} {:.1} {:.1}",
                s.precision_pct(),
                s.recall_pct(),
                s.f1_pct()
            );
        });
    let mut role_data = p.role;
    if let Some(bias) = o.candidate_bias {
        let negatives = negatives(&docs, &cue, bias, o.pos, &all_rates);
        eprintln!("{} false cue proposals added to the role data (bias {bias})", negatives.len());
        role_data.extend(negatives);
    }
    let pipeline_bias = o.candidate_bias.unwrap_or(8.0);
    println!("role model, then the full pipeline at cue bias {pipeline_bias}:");
    let role = train(
        &names(&ROLE_LABELS),
        &role_data,
        &cfg(o.epochs_role, ROLE_META, o.max_role),
        |epoch, m| {
            let g = score_roles(&dev, m, o.pos, &all_rates);
            let both = ClaimModel::new(cue.clone(), m.clone(), pipeline_bias, o.pos, all_rates.clone());
            let s = score_dev(&dev, Some(&both));
            println!(
            "  epoch {epoch}: gold cues: source {:.1} content exact {:.1} token {:.1} | pipeline: cue {:.1} source {:.1} content exact {:.1} token {:.1}",
            g.exact[1].f1_pct(),
            g.exact[2].f1_pct(),
            g.token[2].f1_pct(),
            s.exact[0].f1_pct(),
            s.exact[1].f1_pct(),
            s.exact[2].f1_pct(),
            s.token[2].f1_pct()
        );
        },
    );
    // The cue bias: the best mean of the four target scores on dev, over a small grid.
    let mut model = ClaimModel::new(cue, role, 0.0, o.pos, all_rates);
    let mut best = (f64::MIN, 0.0f32);
    for bias in o.biases.iter().copied() {
        model.cue_bias = bias;
        let s = score_dev(&dev, Some(&model));
        let goal =
            (s.exact[0].f1_pct() + s.exact[1].f1_pct() + s.exact[2].f1_pct() + s.token[2].f1_pct()) / 4.0;
        println!(
            "  cue bias {bias:.2}: cue {:.1}  source {:.1}  content exact {:.1}  content token {:.1}",
            s.exact[0].f1_pct(),
            s.exact[1].f1_pct(),
            s.exact[2].f1_pct(),
            s.token[2].f1_pct()
        );
        if goal > best.0 {
            best = (goal, bias);
        }
    }
    model.cue_bias = best.1;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    let s = score_dev(&dev, Some(&model));
    println!("final ({} bytes) on {}:\n{}", bytes.len(), o.dev.display(), s.table());
    println!("rules alone for comparison:\n{}", score_dev(&dev, None).table());
    Ok(())
}

/// Prints the most frequent missed and spurious cues (lowercased), for error analysis.
fn cue_errors(docs: &[GoldDoc], m: &ClaimModel) {
    use std::collections::HashMap;
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut spurious: HashMap<String, usize> = HashMap::new();
    for g in docs {
        let pred = claims_of(&g.text, Some(m));
        let gold: Vec<Span> = g.claims.iter().flatten().filter_map(|c| c.cue.first().copied()).collect();
        let text = |s: Span| g.text.get(s.range()).unwrap_or("").to_lowercase();
        for s in &gold {
            if !pred.iter().any(|c| c.cue.span() == *s) {
                let partial = pred.iter().any(|c| c.cue.span().overlaps(*s));
                *missed.entry(if partial { "<partial>".into() } else { "<none>".into() }).or_default() += 1;
                *missed.entry(text(*s)).or_default() += 1;
            }
        }
        for c in &pred {
            if !gold.contains(&c.cue.span()) {
                *spurious.entry(text(c.cue.span())).or_default() += 1;
            }
        }
    }
    for (name, map) in [("missed", missed), ("spurious", spurious)] {
        let mut v: Vec<_> = map.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let total: usize = v.iter().map(|x| x.1).sum();
        println!("{name} cues ({total}): {:?}", &v[..v.len().min(60)]);
    }
}

/// Writes each dev document's predicted cues as `{"id", "cues": [[start, end], …],
/// "claims": [{"cue", "source", "content"}, …]}` (byte offsets), for error analysis
/// outside the trainer.
fn dump(docs: &[GoldDoc], m: &ClaimModel, path: &std::path::Path) -> Result<(), String> {
    let mut out = String::new();
    for g in docs {
        let pred = claims_of(&g.text, Some(m));
        let cues: Vec<[u32; 2]> = pred.iter().map(|c| [c.cue.start, c.cue.end]).collect();
        let claims: Vec<serde_json::Value> = pred
            .iter()
            .map(|c| {
                serde_json::json!({
                    "cue": [c.cue.start, c.cue.end],
                    "source": c.source.as_ref().map(|s| [s.start, s.end]),
                    "content": c.content.iter().map(|p| [p.start, p.end]).collect::<Vec<_>>(),
                })
            })
            .collect();
        out += &serde_json::json!({ "id": g.id, "cues": cues, "claims": claims }).to_string();
        out.push('\n');
    }
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

/// Role windows around the cue model's false proposals on the training data, all O.
fn negatives(docs: &[GoldDoc], cue: &Model, bias: f32, use_pos: bool, rates: &Rates) -> Vec<Example> {
    let mut out = Vec::new();
    let mut rules = Vec::new();
    for g in docs {
        let Some(claims) = &g.claims else { continue };
        with_inputs(&g.text, use_pos, rates, |ctx, quotes, inp| {
            let gold: Vec<Span> = claims.iter().flat_map(|c| c.cue.iter().copied()).collect();
            for cr in super::learned::cue_spans(ctx, inp, cue, bias, None) {
                let Some(sp) = ctx.span(cr.clone()) else { continue };
                if gold.iter().any(|g| g.overlaps(sp)) {
                    continue;
                }
                let (win, f) = role_window(ctx, quotes, inp, &cr, &mut rules);
                out.push(Example { features: f, labels: vec![0; win.len()] });
            }
        });
    }
    out
}

/// Cue exact counts of the cue model alone.
fn score_cues(docs: &[GoldDoc], cue: &Model, bias: f32, use_pos: bool, rates: &Rates) -> crate::eval::Prf {
    let mut s = Scores::default();
    for g in docs {
        let pred: Vec<Roles> = with_inputs(&g.text, use_pos, rates, |ctx, _, inp| {
            super::learned::cue_spans(ctx, inp, cue, bias, None)
                .into_iter()
                .filter_map(|r| ctx.span(r))
                .map(|sp| Roles { cue: vec![sp], ..Default::default() })
                .collect()
        });
        let gold: Vec<Roles> =
            gold_roles(g).into_iter().map(|r| Roles { cue: r.cue, ..Default::default() }).collect();
        s.add(&g.text, &gold, &pred);
    }
    s.exact[0]
}
