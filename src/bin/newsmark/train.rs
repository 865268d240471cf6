//! `newsmark train <layer>`: each layer's trainer lives in the library beside its
//! features (`src/<layer>/train.rs`); this file only dispatches.

pub fn run(argv: &[String]) -> Result<(), String> {
    let Some((layer, rest)) = argv.split_first() else {
        return Err("usage: newsmark train entities|claims|hedges|syntax [options]".into());
    };
    let _ = rest;
    match layer.as_str() {
        other => Err(format!("unknown layer `{other}` (entities, claims, hedges, syntax)")),
    }
}
