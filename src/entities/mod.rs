//! Entities: names (PERSON, ORG, PLACE, MISC) and figures (DATE, TIME, MONEY, PERCENT,
//! QUANTITY).

use crate::schema::Entity;
use crate::text::Document;

/// All entities in `doc`, sorted by start, non-overlapping.
pub fn find(_doc: &Document) -> Vec<Entity> {
    Vec::new()
}
