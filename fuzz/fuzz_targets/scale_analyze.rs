//! `newsmark::analyze` on long structured text: the grammar (`newsmark_fuzz::grammar`)
//! expands the fuzz bytes into up to 1 MiB of cues, hedges, names, quotes, emoji, RTL text,
//! controls and long words. No panic, every output invariant, and what the analysis
//! produces and holds grows at most linearly with the input: span text and JSON at most
//! 40 bytes per input byte plus 4 KiB, peak heap at most 256 bytes per input byte plus
//! 8 MiB, and at most a minute of CPU time (`newsmark_fuzz`): a quadratic pass exceeds
//! that (or, if it hangs, libFuzzer's wall-clock `-timeout` in `scripts/fuzz`);
//! `scale_time` measures the growth of work directly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmark_fuzz::{
    check_cpu, check_heap, check_invariants, check_output_size, grammar, peak_heap, thread_cpu, PeakAlloc,
};
use std::sync::Once;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

static MODELS: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // The models load on first use; their tables are not the input's doing.
    MODELS.call_once(|| drop(newsmark::analyze("Elena Marsh said talks may resume.")));
    let text = grammar::expand(data, grammar::MAX_TEXT);
    let t0 = thread_cpu();
    let (a, peak) = peak_heap(|| newsmark::analyze(&text).expect("inputs under 4 GiB are analysed"));
    check_cpu(&text, thread_cpu() - t0);
    check_output_size(&text, &a);
    check_heap(&text, peak);
    check_invariants(&text, &a, true);
});
