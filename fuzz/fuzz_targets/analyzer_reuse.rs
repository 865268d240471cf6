//! One `Analyzer` fed several texts (the input split at 0xFF bytes, which UTF-8 never
//! contains) returns for each exactly what a fresh `analyze` does: the tables it keeps
//! between calls never leak one text into the next, whatever their lengths.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmark::{Analyzer, Layers};

fuzz_target!(|data: &[u8]| {
    let mut analyzer = Analyzer::new();
    for (k, piece) in data.split(|&b| b == 0xFF).take(8).enumerate() {
        let text = String::from_utf8_lossy(piece);
        let layers = if k % 3 == 2 { Layers::parse("entities").unwrap_or(Layers::ALL) } else { Layers::ALL };
        let reused = analyzer.analyze_layers(&text, layers).expect("analysed");
        let fresh = newsmark::analyze_layers(&text, layers).expect("analysed");
        assert_eq!(reused, fresh, "text {k}: {text:?}");
    }
});
