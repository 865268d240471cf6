//! Regression tests for scale bugs the grammar fuzz targets (`fuzz/fuzz_targets/scale_*`)
//! found, each named after what the bug was. Every test analyses a moderately sized input
//! (well under a second in the test profile) and asserts that what grows with it grows
//! linearly: the bytes of text in the output and its JSON at most 40x the input + 4 KiB,
//! the peak heap of the analysis at most 256x + 8 MiB, the bounds of `fuzz/src/lib.rs`
//! (which says why these numbers).
//!
//! EXPECTED TO FAIL on a core without the length caps (a claim's content and source stop at
//! 4 other cues and 200/64 tokens, long sentences are processed in units of at most 256
//! tokens): every test but the news control fails there, which is what they guard.
//!
//! The peak heap is measured by this binary's global allocator, per thread, so tests
//! running in parallel do not count each other's allocations.

use newsmark::{analyze, Analysis};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Peak;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn add(n: usize) {
    // `try_with`: allocations during thread teardown, after the cells are gone, are not counted.
    let _ = LIVE.try_with(|l| {
        let v = l.get() + n;
        l.set(v);
        let _ = PEAK.try_with(|p| p.set(p.get().max(v)));
    });
}

fn sub(n: usize) {
    let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(n)));
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        sub(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        sub(layout.size());
        add(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

/// What the analysis of `text` produced and the most heap it held at once beyond what
/// was live before it started.
struct Measured {
    analysis: Analysis,
    text_bytes: usize,
    json_bytes: usize,
    peak_heap: usize,
}

fn measure(text: &str) -> Measured {
    // The models load on first use, once per process: not the input's doing.
    drop(analyze("Elena Marsh said talks may resume."));
    let before = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let analysis = analyze(text).expect("analysed");
    let peak_heap = PEAK.with(Cell::get) - before;
    let parts = |c: &newsmark::Claim| {
        c.cue.text.len()
            + c.source.as_ref().map_or(0, |p| p.text.len())
            + c.content.iter().map(|p| p.text.len()).sum::<usize>()
            + c.source_resolved.as_ref().map_or(0, |p| p.text.len())
    };
    let text_bytes = analysis.entities.iter().map(|e| e.text.len()).sum::<usize>()
        + analysis.claims.iter().map(parts).sum::<usize>()
        + analysis.hedges.iter().map(|h| h.cue.text.len()).sum::<usize>();
    let json_bytes = serde_json::to_vec(&analysis).expect("serializes").len();
    Measured { analysis, text_bytes, json_bytes, peak_heap }
}

/// The bounds of the `scale_analyze` fuzz target (`fuzz/src/lib.rs`).
const OUTPUT_PER_BYTE: usize = 40;
const OUTPUT_FLOOR: usize = 4096;
const HEAP_PER_BYTE: usize = 256;
const HEAP_FLOOR: usize = 8 << 20;

fn assert_output_linear(text: &str, m: &Measured) {
    let n = text.len();
    let bound = OUTPUT_PER_BYTE * n + OUTPUT_FLOOR;
    assert!(
        m.text_bytes <= bound,
        "span text {} bytes for {n} input bytes (bound {bound}; {} entities, {} claims, {} hedges)",
        m.text_bytes,
        m.analysis.entities.len(),
        m.analysis.claims.len(),
        m.analysis.hedges.len()
    );
    assert!(m.json_bytes <= bound, "JSON {} bytes for {n} input bytes (bound {bound})", m.json_bytes);
}

fn assert_heap_linear(text: &str, m: &Measured) {
    let n = text.len();
    let bound = HEAP_PER_BYTE * n + HEAP_FLOOR;
    assert!(m.peak_heap <= bound, "peak heap {} bytes for {n} input bytes (bound {bound})", m.peak_heap);
}

/// The control: ordinary news sentences stay well inside every bound, so the bounds are
/// not what the tests below trip on.
#[test]
fn news_text_is_within_the_output_and_heap_bounds() {
    let text = "Elena Marsh said on Tuesday that talks may resume. \
                The ministry, according to analysts, allegedly delayed the vote. "
        .repeat(200);
    let m = measure(&text);
    assert!(m.analysis.claims.len() >= 200 && m.analysis.hedges.len() >= 200);
    assert_output_linear(&text, &m);
    assert_heap_linear(&text, &m);
}

/// Found by `scale_analyze` as " said" repeated ~600 times in one sentence (3 KB): every
/// cue was a claim whose content ran to the end of the sentence, so the output grew with
/// the square of the sentence (10 KB -> 2.5 MB of span text, 245x). Fails until the core
/// stops a claim's content at 4 other cues or 200 tokens.
#[test]
fn claim_content_of_a_cue_dense_sentence_is_bounded() {
    let text = " said".repeat(2000);
    let m = measure(&text);
    assert_output_linear(&text, &m);
}

/// Found by `scale_analyze` as a run of " the ministry" and then ~650 " said", twice, in
/// one sentence (7 KB -> 1 MB of span text, 150x): the same unbounded content, reached
/// with a source in front. Fails until the same cap.
#[test]
fn claims_after_a_run_of_sources_in_one_sentence_are_bounded() {
    let unit = format!("{}{}", " the ministry".repeat(16), " said".repeat(657));
    let text = unit.repeat(2);
    let m = measure(&text);
    assert_output_linear(&text, &m);
}

/// Found by `scale_analyze` (heap bound) as 1 MiB of " -" after a few cues: 327 MB peak
/// RSS for 2 claims. Every punctuation mark is a token, and one sentence of them held
/// ~740 bytes of heap per token: 50,000 commas or NULs (one-byte tokens) peaked at 37 MB,
/// against ~80 bytes per input byte for news. Fails until the core processes long
/// sentences in units of at most 256 tokens.
#[test]
fn heap_of_a_punctuation_only_sentence_is_linear() {
    for piece in [",", "\0"] {
        let text = piece.repeat(50_000);
        let m = measure(&text);
        assert_output_linear(&text, &m);
        assert_heap_linear(&text, &m);
    }
}

/// Found by `scale_time` as " Elena Marsh said said said talks" and " Marsh" 43,685 times,
/// repeated 4 times (1 MiB, one sentence): "attempt to add with overflow" in the entity
/// tagger's second pass. The first pass's types of a word's capitalised occurrences are
/// counted per type in a u16 that saturates, but their sum was a u16 too: 174,744
/// occurrences typed more than one way overflowed it, a panic wherever overflow is checked
/// (debug and test builds, the fuzz build) and a wrapped total in release builds (the
/// "all other occurrences agree" feature decided on a wrong count). Fails, with overflow
/// checks on (`cargo test --test regression`), until the total is summed in a u32.
#[test]
fn a_capitalised_word_repeated_over_65535_times_is_analysed() {
    let text = format!(" Elena Marsh said said said talks{}", " Marsh".repeat(43_685)).repeat(4);
    let m = measure(&text);
    assert!(!m.analysis.entities.is_empty());
    assert_output_linear(&text, &m);
    assert_heap_linear(&text, &m);
}
