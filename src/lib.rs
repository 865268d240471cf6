//! newsmark: entities, attributed claims and hedges in English news text.
//!
//! The pipeline, one module a stage (see ARCHITECTURE.md):
//!
//! ```text
//! &str ─► text::Document ─► tag (one tagger, many models) ─► entities / claims / hedges ─► Analysis ─► wasm / CLI
//! ```
//!
//! ```
//! let analysis = newsmark::analyze("The minister said on Tuesday that talks may resume.").unwrap();
//! assert!(!analysis.claims.is_empty());
//! ```

#![deny(missing_docs)]

mod analysis;
mod claims;
mod doc;
mod entities;
mod hedges;
pub mod limits;
mod schema;
#[allow(missing_docs)] // internal, and the parser experiment
mod syntax;
mod tag;
mod text;

#[cfg(feature = "eval")]
pub mod eval;
#[cfg(feature = "eval")]
pub mod gold;
#[cfg(feature = "train")]
pub mod train;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use analysis::{analyze, analyze_layers, Analyzer, Error, Layers};
pub use schema::{Analysis, Claim, Entity, EntityLabel, Hedge, HedgeType, Part, SourceKind, Span};
pub use text::convert::convert;
pub use text::offsets::{OffsetTable, Unit};

/// The pipeline's stages one by one, for the crate's own benchmarks and property tests.
/// Not part of the API: no documentation, no stability.
#[doc(hidden)]
#[allow(missing_docs)]
pub mod internals {
    pub use crate::claims::ClaimLayer;
    pub use crate::doc::Doc;
    pub use crate::entities::EntityLayer;
    pub use crate::hedges::HedgeLayer;
    pub use crate::syntax::PosLayer;
    pub use crate::text::tokenizer::{is_space, tokenize};
    pub use crate::text::{sentences, Document};

    pub mod syntax {
        /// The dependency parser experiment (models/syntax.md).
        #[cfg(feature = "parser")]
        pub use crate::syntax::{pos_and_parse, Arc, Deprel, Parser, Tree};
    }
}
