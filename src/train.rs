//! The trainers behind `newsmark train <layer>` (feature `train`): each reads gold data
//! (by default from `../shared/data`), prints dev scores as it goes and writes the
//! layer's model. `models/<layer>.md` gives the exact command behind every shipped
//! model; a trainer run with it reproduces the model byte for byte.

/// `newsmark train entities [options]` (the arguments after the layer name): the entity
/// tagger, or, on request, the gazetteer lists or the common-word list.
pub fn entities(argv: &[String]) -> Result<(), String> {
    crate::entities::train::run(argv)
}

/// `newsmark train claims [options]`: the claim cue and role models.
pub fn claims(argv: &[String]) -> Result<(), String> {
    crate::claims::train::run(argv)
}

/// `newsmark train hedges [options]`: the register classifier, then the hedge cue tagger.
pub fn hedges(argv: &[String]) -> Result<(), String> {
    crate::hedges::train::run(argv)
}

/// `newsmark train syntax`: the part-of-speech tagger and, with feature `parser`, the
/// dependency parser, from UD English EWT.
pub fn syntax(options: &SyntaxOptions) -> Result<(), String> {
    crate::syntax::train::run(options)
}

pub use crate::syntax::train::Options as SyntaxOptions;
