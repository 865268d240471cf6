//! `newsmark eval FILE.jsonl… [--layer L] [--split dev|train|all] [--json] [--errors N]
//! [--predictions PRED.jsonl…]`: scores our analysis (or another system's predictions)
//! against gold files, with the library's scorer ([`newsmark::eval`], where the
//! metrics are defined). This file only reads arguments, runs `analyze`, and prints.

use crate::args::Args;
use crate::output;
use newsmark::eval::{
    Annotated, Annotations, Layers, Mixed, Predictions, Prf, Scorer, Scores, Split, ENTITY_TYPES,
};
use newsmark::gold::{self, GoldDoc};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const HELP: &str = "\
usage: newsmark eval FILE.jsonl... [options]

Scores every layer FILE annotates (gold JSONL, see ../shared/data/README.md).
  --layer entities|claims|hedges   score only this layer
  --split dev|train|all            documents to score (default all); dev = FNV-1a-32(id) % 5 == 0
  --predictions PRED.jsonl         score these predictions (matched by id; repeatable)
                                   instead of running newsmark::analyze
  --errors N                       show N false positives and N false negatives per metric
  --json                           machine-readable output
Metrics are defined in src/eval/mod.rs; P/R/F1 are micro-averaged over documents.
Only what a file annotates is scored, read from its labels: entity types no gold name
has (MISC on WikiANN) and `weasel` hedges where no gold hedge is a weasel are left out.
";

#[derive(Serialize)]
struct FileReport {
    file: String,
    system: String,
    split: &'static str,
    seconds: f64,
    /// Documents without a line in the prediction file (scored as predicting nothing).
    missing_predictions: usize,
    /// Predicted parts whose `text` differs from the gold text at their offsets.
    text_mismatches: usize,
    /// Layers the file annotates that the prediction file does not predict.
    not_predicted: Vec<&'static str>,
    /// What the file annotates within its layers (read from all its documents).
    annotated: Annotated,
    scores: Scores,
    errors: Vec<newsmark::eval::ErrorItem>,
}

pub fn run(argv: &[String]) -> Result<(), String> {
    let args = Args::parse(argv, &["--layer", "--errors", "--predictions", "--split"])?;
    if args.switch("--help") || args.switch("-h") {
        return output::print(HELP);
    }
    args.only(&["--layer", "--errors", "--predictions", "--split", "--json", "--help", "-h"])
        .map_err(|e| format!("{e}\n{}\n(see `newsmark eval --help`)", HELP.lines().next().unwrap_or("")))?;
    if args.positional.is_empty() {
        return Err(format!("eval needs at least one gold file\n{HELP}"));
    }
    let layers = match args.value("--layer") {
        None => Layers::ALL,
        Some(l) => {
            Layers::parse(l).ok_or_else(|| format!("unknown layer `{l}` (entities, claims, hedges)"))?
        }
    };
    let split = match args.value("--split") {
        None => Split::All,
        Some(s) => Split::parse(s).ok_or_else(|| format!("unknown split `{s}` (dev, train, all)"))?,
    };
    let errors = match args.value("--errors") {
        None => 0,
        Some(n) => n.parse::<usize>().map_err(|_| format!("--errors needs a number, not `{n}`"))?,
    };
    let pred_paths = args.values("--predictions");
    let preds = if pred_paths.is_empty() {
        None
    } else {
        let paths: Vec<&Path> = pred_paths.iter().map(Path::new).collect();
        Some(Predictions::read(&paths)?)
    };
    let system = if pred_paths.is_empty() { "newsmark".to_string() } else { pred_paths.join(",") };

    let mut reports = Vec::new();
    for file in &args.positional {
        let all = gold::read_file(Path::new(file))?;
        // From the whole file, so that a small split does not drop a rare type.
        let annotated = Annotated::of_gold(&all);
        let docs: Vec<GoldDoc> = all.into_iter().filter(|d| split.contains(&d.id)).collect();
        let opts = Opts { layers, split, preds: preds.as_ref(), system: &system, errors };
        reports.push(score_file(file, &docs, annotated, &opts)?);
    }
    for r in &reports {
        if r.missing_predictions > 0 {
            output::warn(&format!(
                "newsmark eval: {}: {} documents have no prediction (scored as empty)",
                r.file, r.missing_predictions
            ));
        }
        if r.text_mismatches > 0 {
            output::warn(&format!(
                "newsmark eval: {}: {} predicted parts have a `text` that differs from the gold text at their \
                 offsets (offsets in the wrong unit?)",
                r.file, r.text_mismatches
            ));
        }
    }
    // One write of the whole report, checked: a closed stdout is an error.
    let text = if args.switch("--json") {
        let out = serde_json::json!({ "files": reports });
        serde_json::to_string_pretty(&out).map_err(|e| e.to_string())? + "\n"
    } else {
        reports.iter().map(table).collect()
    };
    output::print(&text)
}

/// What every file is scored with.
struct Opts<'a> {
    layers: Layers,
    split: Split,
    preds: Option<&'a Predictions>,
    system: &'a str,
    errors: usize,
}

fn score_file(file: &str, docs: &[GoldDoc], annotated: Annotated, o: &Opts) -> Result<FileReport, String> {
    let Opts { layers, split, preds, system, errors } = *o;
    let annotated_layers = Layers::of_gold(docs).and(layers);
    let predicted = preds.map_or(Layers::ALL, |p| p.layers);
    let mut not_predicted = Vec::new();
    for (name, a, p) in [
        ("entities", annotated_layers.entities, predicted.entities),
        ("claims", annotated_layers.claims, predicted.claims),
        ("hedges", annotated_layers.hedges, predicted.hedges),
    ] {
        if a && !p {
            not_predicted.push(name);
        }
    }
    let mut scorer = Scorer::new(annotated_layers.and(predicted), errors).annotated(annotated.clone());
    let (mut missing, mut mismatches) = (0, 0);
    let t0 = Instant::now();
    let mut analyzer = newsmark::Analyzer::new();
    for doc in docs {
        let pred = match preds {
            Some(p) => match p.get(doc)? {
                Some((a, m)) => {
                    mismatches += m;
                    a
                }
                None => {
                    missing += 1;
                    Annotations::default()
                }
            },
            None => {
                let a = analyzer.analyze(&doc.text).map_err(|e| format!("{}: {e}", doc.id))?;
                Annotations::from_analysis(&a)
            }
        };
        scorer.add(doc, &pred);
    }
    let report = scorer.finish();
    Ok(FileReport {
        file: file.to_string(),
        system: system.to_string(),
        split: split.as_str(),
        seconds: t0.elapsed().as_secs_f64(),
        missing_predictions: missing,
        text_mismatches: mismatches,
        not_predicted,
        annotated,
        scores: report.scores,
        errors: report.errors,
    })
}

fn row(out: &mut String, name: &str, m: &Prf) {
    let _ = writeln!(
        out,
        "  {name:<16} {:>6.2} {:>6.2} {:>6.2} {:>7} {:>7} {:>7}",
        m.precision(),
        m.recall(),
        m.f1(),
        m.tp,
        m.pred,
        m.gold
    );
}

fn header(out: &mut String, layer: &str) {
    let _ = writeln!(
        out,
        "{layer:<18} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "P", "R", "F1", "tp", "pred", "gold"
    );
}

fn table(r: &FileReport) -> String {
    let mut out = String::new();
    let s = &r.scores;
    let _ = writeln!(
        out,
        "== {} — {} documents (split {}), system {}, {:.1} s",
        r.file, s.docs, r.split, r.system, r.seconds
    );
    if let Some(e) = &s.entities {
        header(&mut out, "entities");
        row(&mut out, "micro", &e.micro);
        for t in ENTITY_TYPES {
            if let Some(m) = e.per_type.get(t) {
                row(&mut out, t, m);
            }
        }
        if !e.left_out.is_empty() {
            let _ = writeln!(
                out,
                "  (not annotated in this file, left out: {}; {} predicted names)",
                e.left_out.join(", "),
                e.left_out_predictions
            );
        }
        let mixed = |m: &Mixed| format!("{:.3} ({} of {})", m.share(), m.mixed, m.recurring);
        let c = &e.consistency;
        let _ = writeln!(
            out,
            "  consistency: strings recurring in a document with more than one type: gold {}, predicted {}",
            mixed(&c.gold),
            mixed(&c.predicted)
        );
    }
    if let Some(c) = &s.claims {
        header(&mut out, "claims");
        for (name, role) in [("cue", &c.cue), ("source", &c.source), ("content", &c.content)] {
            row(&mut out, &format!("{name} exact"), &role.exact);
            row(&mut out, &format!("{name} token"), &role.token);
        }
    }
    if let Some(h) = &s.hedges {
        header(&mut out, "hedges");
        row(&mut out, "cue exact", &h.cue_exact);
        row(&mut out, "cue token", &h.cue_token);
        row(&mut out, "sentence", &h.sentence);
        if let Some(sc) = &h.scope_token {
            row(&mut out, "scope token", sc);
        }
        if h.weasels_left_out > 0 {
            let _ = writeln!(
                out,
                "  ({} predicted weasel hedges left out: the file marks no weasels)",
                h.weasels_left_out
            );
        }
        if h.split_by_newsmark > 0 {
            let _ = writeln!(
                out,
                "  ({} documents have no gold sentences: split by newsmark's sentence splitter)",
                h.split_by_newsmark
            );
        }
    }
    for l in &r.not_predicted {
        let _ = writeln!(out, "{l}: not in the predictions, not scored");
    }
    if s.entities.is_none() && s.claims.is_none() && s.hedges.is_none() && r.not_predicted.is_empty() {
        let _ = writeln!(out, "(no annotated layer to score)");
    }
    if !r.errors.is_empty() {
        let _ = writeln!(out, "errors (spread over the file; offsets in characters):");
        for e in &r.errors {
            let label = if e.label.is_empty() { String::new() } else { format!(" {}", e.label) };
            let _ = writeln!(
                out,
                "  {} {}{} {} [{}, {})",
                e.metric,
                e.kind.to_uppercase(),
                label,
                e.doc,
                e.start,
                e.end
            );
            let _ = writeln!(out, "      {}", e.context);
        }
    }
    out.push('\n');
    out
}
