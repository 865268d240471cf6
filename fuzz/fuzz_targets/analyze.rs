//! `newsmark::analyze` on any string: no panic, no hang, and every output invariant
//! (spans inside the text on char boundaries, layers sorted, a claim's roles disjoint,
//! each part's text equal to its slice, offsets that survive the UTF-16 round trip).
//! Bytes that are not UTF-8 are read lossily, so the fuzzer's mutations still count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmark_fuzz::check_invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = newsmark::analyze(&text).expect("inputs under 4 GiB are analysed");
    check_invariants(&text, &a, true);
});
