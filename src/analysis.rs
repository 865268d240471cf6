//! Assembles the layers into one [`Analysis`]. Cross-layer rules live here and only here.

use crate::schema::Analysis;
use crate::text::Document;
use crate::{claims, entities, hedges};

/// Why a text could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Offsets are `u32`: texts of 4 GiB or more are refused rather than truncated.
    TooLarge { len: usize },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::TooLarge { len } => write!(f, "text of {len} bytes is too large (limit 4 GiB)"),
        }
    }
}

impl std::error::Error for Error {}

/// Analyses `text`. Deterministic, panic-free on any `&str`, linear in its length.
/// Every span is in bytes, inside `text`, on char boundaries; each layer is sorted.
pub fn analyze(text: &str) -> Result<Analysis, Error> {
    if u32::try_from(text.len()).is_err() {
        return Err(Error::TooLarge { len: text.len() });
    }
    let doc = Document::new(text);
    Ok(analyze_document(&doc))
}

/// Runs the layers over a document already tokenized.
pub fn analyze_document(doc: &Document) -> Analysis {
    let entities = entities::find(doc);
    let claims = claims::find(doc, &entities);
    let hedges = hedges::find(doc, &claims);
    Analysis { entities, claims, hedges }
}
