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

pub mod analysis;
pub mod claims;
pub mod entities;
pub mod hedges;
pub mod limits;
pub mod schema;
pub mod syntax;
pub mod tag;
pub mod text;

#[cfg(feature = "eval")]
pub mod eval;
#[cfg(feature = "eval")]
pub mod gold;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use analysis::{analyze, analyze_layers, Analyzer, Error, Layers};
pub use schema::{Analysis, Claim, Entity, EntityLabel, Hedge, HedgeType, Part, SourceKind, Span};
pub use text::offsets::{OffsetTable, Unit};
