//! `newsmark train <layer>`: each layer's trainer lives in the library beside its
//! features (`src/<layer>/train.rs`); this file dispatches, and answers `--help`
//! itself. The trainers' own parsers either reject `--help` or report it as an error,
//! and print with `println!`; here it is usage on stdout and exit 0 for every layer. The
//! option lists below are those the trainers' parsers accept, with their defaults;
//! tests/cli.rs checks that the flags listed and the flags accepted are the same.

use crate::args::Args;
use crate::output;

const USAGE: &str = "usage: newsmark train entities|claims|hedges|syntax [options]";

const HELP: &str = "\
usage: newsmark train entities|claims|hedges|syntax [options]

Trains one layer's model from gold data and prints dev scores as it goes
(models/<layer>.md records the runs behind the shipped models).
  entities   the entity tagger: models/entities.bin
  claims     the claim cue and role models: models/claims.bin
  hedges     the hedge cue tagger and register classifier: models/hedges.bin,
             models/hedges-register.bin
  syntax     the part-of-speech tagger and dependency parser: models/syntax.bin,
             models/syntax-parser.bin

`newsmark train <layer> --help` lists the layer's options.
";

const ENTITIES: &str = "\
usage: newsmark train entities --train FILE.jsonl... [--wikiann FILE.jsonl...] --dev FILE.jsonl --out models/entities.bin [options]
       newsmark train entities --train FILE.jsonl... --common-words-out FILE [--common-words N]

Trains the entity tagger on gold JSONL with entities; prints dev F1 every epoch.
  --train FILE.jsonl        training data (repeatable)
  --wikiann FILE.jsonl      partially labelled training data: PER, ORG and LOC only, so a word outside
                            its names may be O or MISC; title-case lines left out (repeatable)
  --wikiann-weight W        scale of the updates on those sentences (default 0.1)
  --wikiann-docs N          use only the first N documents of them (ablations)
  --dev FILE.jsonl          dev data, scored every epoch
  --out FILE                where the model is written
  --epochs N                epochs of the final model (default 4)
  --fold-epochs N           epochs of each cross-validated first-pass model (default 8)
  --folds N                 folds for the first-pass labels of the training set (default 4, at least 2)
  --seed N                  shuffling seed (default 1)
  --max-features N          features kept (default 10000; 0 keeps all)
  --passes 1|2              tagging passes (default 2)
  --skip-lists WORD,...     leave out every gazetteer list whose text contains one of these (ablations)
  --errors FILE             write the final model's dev errors here
  --common-words-out FILE   instead of training: write the most frequent tokens of the --train files
  --common-words N          how many (default 2000)
";

const CLAIMS: &str = "\
usage: newsmark train claims --train TRAIN.jsonl --dev DEV.jsonl --out models/claims.bin [options]
       newsmark train claims --dev DEV.jsonl --rules
       newsmark train claims --dev DEV.jsonl --model FILE [--biases B,...] [--errors] [--dump OUT.jsonl]

Trains the claim cue model, then the role model on gold cues, and picks the cue bias on dev.
  --train FILE.jsonl        training data (PolNeAR gold JSONL)
  --dev FILE.jsonl          dev data (required)
  --out FILE                where the model is written
  --epochs-cue N            cue model epochs (default 6)
  --epochs-role N           role model epochs (default 10)
  --max-cue N               cue model features kept (default 6000)
  --max-role N              role model features kept (default 9000)
  --biases B,...            cue biases tried on dev (default 0,4,8,12,16)
  --candidate-bias B        also train roles on all-O windows around the cue model's false
                            proposals at this bias (the per-epoch pipeline report uses it; default 8 there)
  --seed N                  the perceptrons' shuffling seed (default 1; others measure a change's luck)
  --no-pos                  no part-of-speech features
  --rules                   score the rule layer alone on --dev, write nothing
  --model FILE              score this model on --dev at each of --biases, write nothing
  --errors                  with --model: the most frequent missed and spurious cues
  --dump OUT.jsonl          with --model: its dev claims, one document a line
";

const HEDGES: &str = "\
usage: newsmark train hedges [options]

Trains the hedge cue tagger and the register classifier on the hedge corpora in --data
(dev: documents whose FNV-1a-32 id hash is 0 mod 5); prints dev scores every epoch.
  --data DIR                the corpora (default ../shared/data/hedges; read, never copied)
  --out FILE                the cue model (default models/hedges.bin)
  --vocab-out FILE          the cue vocabulary (default data/hedges/cue-vocab.txt)
  --register-out FILE       the register classifier (default models/hedges-register.bin)
  --register-news FILE      news without hedge annotation, taught to the register classifier as
                            reporting (repeatable; default ../claims/polnear-train.jsonl and
                            ../entities/conll2003-train.jsonl beside --data, where present)
  --register-features N     register classifier features kept (default 1000)
  --epochs N                epochs (default 8)
  --seed N                  shuffling seed (default 1)
  --max-features N          cue model features kept (default 22000)
  --repeat CORPUS=N         repeat a corpus's training sentences N times (default szeged-news=3)
  --no-sfu                  leave SFU reviews (GPL-3) out of training
  --no-bio                  leave Szeged bio and BioScope out of training
  --no-bioscope             leave BioScope out of training
  --errors CORPUS           print the errors on that corpus's held-out documents (repeatable)
  --fold K                  hold out the documents whose id hash is K mod 5 (0-4; default 0, the dev
                            split); 1-4 score that fold and write nothing
";

const SYNTAX: &str = "\
usage: newsmark train syntax [options]

Trains the part-of-speech tagger, then the dependency parser, on UD English EWT (CoNLL-U);
prints dev UPOS accuracy every epoch and the attachment scores.
  --train FILE.conllu               training treebank (default ../shared/data/syntax/en_ewt-ud-train.conllu)
  --dev FILE.conllu                 dev treebank (default ../shared/data/syntax/en_ewt-ud-dev.conllu)
  --out FILE                        the tagger (default models/syntax.bin)
  --epochs N                        tagger epochs (default 10)
  --max-features N                  tagger features kept (default 7500)
  --parser-out FILE                 the parser (default beside --out: <stem>-parser.bin)
  --parser-epochs N                 parser epochs (default 6)
  --max-transition-features N       parser transition features kept (default 8000)
  --max-label-features N            parser label features kept (default 2000)
";

const SYNTAX_FLAGS: &[&str] = &[
    "--train",
    "--dev",
    "--out",
    "--epochs",
    "--max-features",
    "--parser-out",
    "--parser-epochs",
    "--max-transition-features",
    "--max-label-features",
];

pub fn run(argv: &[String]) -> Result<(), String> {
    let Some((layer, rest)) = argv.split_first() else {
        return Err(format!("which layer?\n{USAGE}\n(see `newsmark train --help`)"));
    };
    let help = match layer.as_str() {
        "-h" | "--help" | "help" => return output::print(HELP),
        "entities" => ENTITIES,
        "claims" => CLAIMS,
        "hedges" => HEDGES,
        "syntax" => SYNTAX,
        other => {
            return Err(format!(
                "unknown layer `{other}` (entities, claims, hedges, syntax)\n{USAGE}\n(see `newsmark train --help`)"
            ))
        }
    };
    // Anywhere among the options, as the trainers' own parsers look for it.
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return output::print(help);
    }
    // The trainers' errors for a bad option already carry their usage line.
    match layer.as_str() {
        "entities" => newsmark::train::entities(rest),
        "claims" => newsmark::train::claims(rest),
        "hedges" => newsmark::train::hedges(rest),
        _ => syntax(rest),
    }
}

fn syntax(argv: &[String]) -> Result<(), String> {
    let hint = |e: String| {
        format!("{e}\nusage: newsmark train syntax [options] (see `newsmark train syntax --help`)")
    };
    let a = Args::parse(argv, SYNTAX_FLAGS).map_err(hint)?;
    a.only(SYNTAX_FLAGS).map_err(hint)?;
    if let Some(p) = a.positional.first() {
        return Err(hint(format!("unexpected argument `{p}`")));
    }
    let mut o = newsmark::train::SyntaxOptions::default();
    let num = |k: &str| a.value(k).map(|v| v.parse().map_err(|_| format!("{k}: not a number")));
    o.train = a.value("--train").map_or(o.train, Into::into);
    o.dev = a.value("--dev").map_or(o.dev, Into::into);
    o.out = a.value("--out").map_or(o.out, Into::into);
    o.epochs = num("--epochs").transpose()?.map_or(o.epochs, |v: usize| v as u32);
    o.max_features = num("--max-features").transpose()?.unwrap_or(o.max_features);
    o.parser_out = a.value("--parser-out").map(Into::into);
    o.parser_epochs = num("--parser-epochs").transpose()?.map_or(o.parser_epochs, |v: usize| v as u32);
    o.max_transition_features =
        num("--max-transition-features").transpose()?.unwrap_or(o.max_transition_features);
    o.max_label_features = num("--max-label-features").transpose()?.unwrap_or(o.max_label_features);
    newsmark::train::syntax(&o)
}
