//! Hedges: uncertainty cues, their type and the clause they weaken.

use crate::schema::{Claim, Hedge};
use crate::text::Document;

/// All hedges in `doc`, sorted by the start of their cue.
pub fn find(_doc: &Document, _claims: &[Claim]) -> Vec<Hedge> {
    Vec::new()
}
