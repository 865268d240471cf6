//! Scoring: one trusted measurement of every layer on the gold data (feature `eval`).
//!
//! Why in the library and not only in the CLI: the trainers score their dev sets with
//! the same code that `newsmark eval` and EVALUATION.md use, and peers are measured by
//! it too (`--predictions`), so every number the project quotes means the same thing.
//!
//! Everything works on byte spans of the gold text ([`crate::gold::GoldDoc`]);
//! predictions come as [`Annotations`] (ours through [`Annotations::from_analysis`],
//! another system's from JSONL through [`Predictions`]).
//!
//! # The metrics, exactly
//!
//! All are micro-averaged: true positives, predictions and gold items are summed over
//! documents, then P = tp/pred, R = tp/gold, F1 = 2·tp/(pred+gold), each 0 when its
//! denominator is 0. Items are compared as **sets per document**: duplicates collapse,
//! and an item is a true positive when the same item is in the gold set of the same
//! document. Empty spans are ignored everywhere.
//!
//! - **entities**: items are (span, type), span exact and untrimmed. Types PER, ORG,
//!   LOC, MISC; ours map PERSON→PER, ORG→ORG, PLACE→LOC, MISC→MISC; any other label
//!   (DATE, MONEY, …) is not scored on either side. Micro over the four, and per type.
//! - **claims**, for each role (cue, source, content) separately:
//!   - *exact*: each claim's role becomes one item, its extent (start of its first span
//!     to end of its last) trimmed of [`spans::TRIM`] at both ends. A role with no span,
//!     or nothing left after trimming (a claim with no source), contributes nothing.
//!   - *token*: items are the word tokens (`\w+`, see [`spans`]) of the document that
//!     share at least one character with a span of that role in any claim; the spans
//!     themselves, not the extent, so the "he said" inside a broken quote is not content.
//! - **hedges**:
//!   - *cue exact* and *cue token*: as for claim roles, over each hedge's cue.
//!   - *sentence* (CoNLL-2010 Task 1): items are sentences; a sentence is uncertain when
//!     the trimmed extent of a cue starts in it (the sentence with the greatest start ≤
//!     the cue's start). Sentences come from the file's `sentences` key, or, where a
//!     document has none, from newsmark's own splitter ([`HedgeScores::split_by_newsmark`]
//!     counts those documents and the CLI says so).
//!   - *scope token*, only for files where some gold hedge has a scope: items are the
//!     word tokens covered by any scope and not by any cue of the same side (BioScope
//!     scopes include their cue, SFU scopes exclude it; cues are scored on their own).
//!
//! - **entity consistency** (a figure, not a score against the gold): per document, the
//!   distinct name spans grouped by exact text; the share of strings with two or more
//!   spans whose spans carry more than one type, for the gold and for the predictions
//!   ([`Consistency`]).
//!
//! A layer is scored on a file only where its documents carry the layer's key, and with
//! `--predictions` only if the prediction file has that key somewhere. Within a layer, the
//! CLI scores only what the file annotates ([`Annotated`], read from its labels): entity
//! types no gold name of the file has (MISC on WikiANN) and `weasel` hedges where no gold
//! hedge is typed `weasel` (Szeged, SFU, BioScope) are left out of the predictions, and
//! the number left out is reported.

mod predictions;
mod prf;
mod score;
pub(crate) mod spans;
pub(crate) mod split;

pub use predictions::{Annotations, Layers, Predictions};
pub use prf::Prf;
pub use score::{
    entity_type, Annotated, ClaimScores, Consistency, EntityScores, ErrorItem, HedgeScores, Mixed, Report,
    RoleScores, Scorer, Scores, ENTITY_TYPES,
};
pub use split::{is_dev_doc, Split};
