//! Assembles the layers into one [`Analysis`]: [`Analyzer`] owns every stage and is the
//! one place the pipeline order is written. A rule that joins two layers' outputs lives
//! in the later layer, which receives the earlier ones' as its upstream input (claims
//! read the entities, hedges the claims); no stage reads a later one.

use crate::claims::ClaimLayer;
use crate::doc::words::Words;
use crate::doc::Doc;
use crate::entities::EntityLayer;
use crate::hedges::HedgeLayer;
use crate::schema::Analysis;
use crate::syntax::PosLayer;

/// Why a text could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Offsets are `u32`: texts of 4 GiB or more are refused rather than truncated.
    TooLarge {
        /// The text's length in bytes.
        len: usize,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::TooLarge { len } => write!(f, "text of {len} bytes is too large (limit 4 GiB)"),
        }
    }
}

impl std::error::Error for Error {}

/// Which layers to return.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layers {
    /// Named and figure entities.
    pub entities: bool,
    /// Attributed claims (needs the entities).
    pub claims: bool,
    /// Hedges (needs the claims).
    pub hedges: bool,
}

impl Layers {
    /// All three layers.
    pub const ALL: Layers = Layers { entities: true, claims: true, hedges: true };

    /// The layers both `self` and `o` ask for.
    pub fn and(self, o: Layers) -> Layers {
        Layers {
            entities: self.entities && o.entities,
            claims: self.claims && o.claims,
            hedges: self.hedges && o.hedges,
        }
    }

    /// One layer by name (`entities`, `claims`, `hedges`), or `all`.
    pub fn parse(name: &str) -> Option<Layers> {
        let none = Layers::default();
        match name {
            "entities" => Some(Layers { entities: true, ..none }),
            "claims" => Some(Layers { claims: true, ..none }),
            "hedges" => Some(Layers { hedges: true, ..none }),
            "all" => Some(Layers::ALL),
            _ => None,
        }
    }
}

/// Analyses `text`. Deterministic, panic-free on any `&str`, linear in its length.
/// Every span is in bytes, inside `text`, on char boundaries; each layer is sorted.
pub fn analyze(text: &str) -> Result<Analysis, Error> {
    analyze_layers(text, Layers::ALL)
}

/// As [`analyze`], returning only `layers` (the others are empty) and running only what
/// they need: claims use the entities (named sources, pronoun resolution) and hedges use
/// the claims (weasel attributions), so "entities" alone skips two thirds of the work
/// and each returned layer is exactly what [`analyze`] returns for it.
pub fn analyze_layers(text: &str, layers: Layers) -> Result<Analysis, Error> {
    Analyzer::new().analyze_layers(text, layers)
}

/// The analysis with its working memory kept between calls: for a caller that analyses
/// text after text (a page re-analysing as the reader types, an editor, a batch). The
/// results are exactly [`analyze`]'s; only the layers' per-document tables — megabytes
/// for a long article — are reused instead of allocated and freed on every call.
///
/// One `Analyzer` per thread or worker; it holds no text between calls.
#[derive(Default)]
pub struct Analyzer {
    /// The document table's buffers, lent to each document's [`Doc`].
    words: Words,
    pos: PosLayer,
    entities: EntityLayer,
    claims: ClaimLayer<'static>,
    hedges: HedgeLayer<'static>,
}

impl Analyzer {
    /// An analyzer with empty buffers; they grow on first use.
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// [`analyze`], reusing this analyzer's buffers.
    pub fn analyze(&mut self, text: &str) -> Result<Analysis, Error> {
        self.analyze_layers(text, Layers::ALL)
    }

    /// [`analyze_layers`], reusing this analyzer's buffers.
    pub fn analyze_layers(&mut self, text: &str, layers: Layers) -> Result<Analysis, Error> {
        if u32::try_from(text.len()).is_err() {
            return Err(Error::TooLarge { len: text.len() });
        }
        if layers == Layers::default() {
            return Ok(Analysis::default());
        }
        let mut doc = Doc::reusing(text, std::mem::take(&mut self.words));
        let analysis = self.run(&mut doc, layers);
        self.words = doc.into_words();
        Ok(analysis)
    }

    /// The pipeline, in order, over a document already tokenized: each stage reads the
    /// document's table and the stages before it, and runs only if a layer asked for
    /// needs it.
    fn run(&mut self, doc: &mut Doc, layers: Layers) -> Analysis {
        let need_claims = layers.claims || layers.hedges;
        let need_entities = layers.entities || need_claims;
        if need_claims && self.claims.needs_pos() {
            let tags = self.pos.find(doc);
            doc.set_pos(tags);
        }
        let entities = if need_entities { self.entities.find(doc) } else { Vec::new() };
        let claims = if need_claims { self.claims.find(doc, &entities) } else { Vec::new() };
        let hedges = if layers.hedges { self.hedges.find(doc, &claims) } else { Vec::new() };
        Analysis {
            entities: if layers.entities { entities } else { Vec::new() },
            claims: if layers.claims { claims } else { Vec::new() },
            hedges,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Buffers kept from a long text must not leak into a shorter one, nor a layer
    /// subset's state into a full analysis.
    #[test]
    fn a_reused_analyzer_returns_what_a_fresh_analysis_does() {
        let texts = [
            "Some experts say the bridge may close, Mayor Elena Marsh said on Tuesday. \
             \u{201C}We will not wait,\u{201D} she added. It is believed the $280 million plan failed.",
            "Ned Price said such assistance would be a very clear signal.",
            "",
            "According to analysts, prices may rise. Officials said talks failed.",
        ];
        let mut a = Analyzer::new();
        for round in 0..2 {
            for (k, t) in texts.iter().enumerate() {
                let layers =
                    if (k + round) % 3 == 0 { Layers::parse("entities").unwrap() } else { Layers::ALL };
                assert_eq!(a.analyze_layers(t, layers).unwrap(), analyze_layers(t, layers).unwrap(), "{t:?}");
            }
        }
    }

    #[test]
    fn each_layer_alone_is_what_the_full_analysis_returns() {
        let text = "Some experts say the bridge may close, Mayor Elena Marsh said on Tuesday. \
                    \u{201C}We will not wait,\u{201D} she added. It is believed the $280 million plan failed.";
        let all = analyze(text).unwrap();
        assert!(!all.entities.is_empty() && !all.claims.is_empty() && !all.hedges.is_empty());
        for e in [false, true] {
            for c in [false, true] {
                for h in [false, true] {
                    let got = analyze_layers(text, Layers { entities: e, claims: c, hedges: h }).unwrap();
                    assert_eq!(got.entities, if e { all.entities.clone() } else { vec![] });
                    assert_eq!(got.claims, if c { all.claims.clone() } else { vec![] });
                    assert_eq!(got.hedges, if h { all.hedges.clone() } else { vec![] });
                }
            }
        }
    }
}
