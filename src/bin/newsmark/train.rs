//! `newsmark train <layer>`: each layer's trainer lives in the library beside its
//! features (`src/<layer>/train.rs`); this file only dispatches.

pub fn run(argv: &[String]) -> Result<(), String> {
    let Some((layer, rest)) = argv.split_first() else {
        return Err("usage: newsmark train entities|claims|hedges|syntax [options]".into());
    };
    let _ = rest;
    match layer.as_str() {
        "entities" => newsmark::entities::train::run(rest),
        "claims" => newsmark::claims::train::run(rest),
        "syntax" => {
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
            let a = super::args::Args::parse(rest, SYNTAX_FLAGS)?;
            a.only(SYNTAX_FLAGS)?;
            let mut o = newsmark::syntax::train::Options::default();
            let num = |k: &str| a.value(k).map(|v| v.parse().map_err(|_| format!("{k}: not a number")));
            o.train = a.value("--train").map_or(o.train, Into::into);
            o.dev = a.value("--dev").map_or(o.dev, Into::into);
            o.out = a.value("--out").map_or(o.out, Into::into);
            o.epochs = num("--epochs").transpose()?.map_or(o.epochs, |v: usize| v as u32);
            o.max_features = num("--max-features").transpose()?.unwrap_or(o.max_features);
            o.parser_out = a.value("--parser-out").map(Into::into);
            o.parser_epochs =
                num("--parser-epochs").transpose()?.map_or(o.parser_epochs, |v: usize| v as u32);
            o.max_transition_features =
                num("--max-transition-features").transpose()?.unwrap_or(o.max_transition_features);
            o.max_label_features = num("--max-label-features").transpose()?.unwrap_or(o.max_label_features);
            newsmark::syntax::train::run(&o)
        }
        "hedges" => newsmark::hedges::train::run(rest),
        other => Err(format!("unknown layer `{other}` (entities, claims, hedges, syntax)")),
    }
}
