//! Work that grows linearly with the input: the grammar's expansion (at most 256 KiB),
//! repeated to a base of at least 64 KiB, is analysed at that size (N) and at four times
//! it (4N, at most 1 MiB); the thread CPU time of 4N must stay under 8x that of N plus
//! a 20 ms floor. Linear work gives ~4x, quadratic 16x. CPU time of this thread, best of
//! a few runs, so other processes on the machine do not count.
//!
//! Repeating the expansion grows what it contains: with no sentence end inside, one
//! sentence gets 4x longer (super-linear rules within a sentence); with one, the document
//! gets 4x more sentences (passes that look back over the whole document).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmark_fuzz::{grammar, thread_cpu};
use std::time::Duration;

/// Best of `runs` analyses of `text`, in CPU time.
fn best(text: &str, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t0 = thread_cpu();
            let a = newsmark::analyze(text).expect("analysed");
            let t = thread_cpu() - t0;
            drop(a);
            t
        })
        .min()
        .expect("at least one run")
}

const BASE_MIN: usize = 64 << 10;
const FLOOR: Duration = Duration::from_millis(20);

fuzz_target!(|data: &[u8]| {
    let unit = grammar::expand(data, grammar::MAX_TEXT / 4);
    if unit.is_empty() {
        return;
    }
    let small = unit.repeat(BASE_MIN.div_ceil(unit.len()));
    let large = small.repeat(4);
    let (n, n4) = (best(&small, 3), best(&large, 2));
    assert!(
        n4 <= n * 8 + FLOOR,
        "analysis time not linear: {} bytes {:?}, {} bytes {:?} ({:.1}x)",
        small.len(),
        n,
        large.len(),
        n4,
        n4.as_secs_f64() / n.as_secs_f64().max(1e-9)
    );
});
