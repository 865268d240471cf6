//! The wasm facade (see the web work).
