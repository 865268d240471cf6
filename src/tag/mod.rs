//! The shared sequence tagger: one implementation, a model per layer.
//! (Owned by the entities work; see ARCHITECTURE.md.)
