//! What the fuzz targets share: the output invariants of an [`Analysis`], the output-size
//! bound a linear analysis satisfies, and [`grammar`], which expands a few hundred fuzz
//! bytes into news-shaped text of up to [`grammar::MAX_TEXT`] bytes so that scale bugs
//! (work or output that grows faster than the input) are reachable at all.

pub mod grammar;

use newsmark::{Analysis, OffsetTable, Part, Span, Unit};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn part_ok(text: &str, p: &Part) {
    let s = p.span();
    assert!(s.start < s.end, "empty part {p:?}");
    assert_eq!(text.get(s.range()), Some(p.text.as_str()), "part text is its slice");
}

fn sorted(layer: &str, spans: impl Iterator<Item = Span>) {
    let v: Vec<Span> = spans.collect();
    assert!(v.windows(2).all(|w| w[0].start <= w[1].start), "{layer} sorted by start");
}

/// Every output invariant: spans inside the text on char boundaries with their text equal
/// to the slice, each layer sorted by start, a claim's roles disjoint and its content
/// present, and (when `offsets` is set, since it walks the whole text) span boundaries that
/// survive the UTF-16 and scalar round trips.
pub fn check_invariants(text: &str, a: &Analysis, offsets: bool) {
    for e in &a.entities {
        let s = e.span();
        assert!(s.start < s.end && text.get(s.range()) == Some(e.text.as_str()), "{e:?}");
    }
    sorted("entities", a.entities.iter().map(|e| e.span()));
    for c in &a.claims {
        let mut parts = vec![c.cue.span()];
        part_ok(text, &c.cue);
        for p in c.source.iter().chain(&c.content).chain(&c.source_resolved) {
            part_ok(text, p);
        }
        parts.extend(c.source.iter().map(|p| p.span()));
        parts.extend(c.content.iter().map(|p| p.span()));
        assert!(!c.content.is_empty(), "a claim has content");
        for (i, x) in parts.iter().enumerate() {
            for y in &parts[i + 1..] {
                assert!(!x.overlaps(*y), "roles of one claim overlap: {c:?}");
            }
        }
    }
    sorted("claims", a.claims.iter().map(|c| c.cue.span()));
    for h in &a.hedges {
        part_ok(text, &h.cue);
        if let Some(s) = h.scope {
            assert!(s.start < s.end && text.get(s.range()).is_some(), "scope on char boundaries: {h:?}");
        }
    }
    sorted("hedges", a.hedges.iter().map(|h| h.cue.span()));
    if offsets {
        let table = OffsetTable::new(text);
        let bounds = a
            .entities
            .iter()
            .flat_map(|e| [e.start, e.end])
            .chain(a.claims.iter().flat_map(|c| [c.cue.start, c.cue.end]));
        for b in bounds {
            for unit in [Unit::Utf16, Unit::Chars] {
                assert_eq!(table.to_byte(table.from_byte(b, unit), unit), Some(b));
            }
        }
    }
}

/// Bytes of text the result carries: every entity's and every part's `text` (cue, source,
/// content pieces, resolved source, hedge cue). Hedge scopes carry no text.
pub fn span_text_bytes(a: &Analysis) -> usize {
    let parts = |c: &newsmark::Claim| {
        c.cue.text.len()
            + c.source.as_ref().map_or(0, |p| p.text.len())
            + c.content.iter().map(|p| p.text.len()).sum::<usize>()
            + c.source_resolved.as_ref().map_or(0, |p| p.text.len())
    };
    a.entities.iter().map(|e| e.text.len()).sum::<usize>()
        + a.claims.iter().map(parts).sum::<usize>()
        + a.hedges.iter().map(|h| h.cue.text.len()).sum::<usize>()
}

/// The output-size bound: span text and serialized JSON at most `C * input + K` bytes.
///
/// Why these numbers. With the core's caps every byte of input lies in a bounded number of
/// output texts: entities do not overlap (1); a claim's content and source never reach past
/// 4 other cues, so a byte sits in the content of at most ~5 claims and the source of as
/// many (~10); each cue and hedge cue is its own text (2). C = 40 leaves room for that
/// without letting a quadratic output through: " said" repeated over 10 KB with content to
/// the sentence end is 245x. JSON adds per-object keys and offsets, ~100 bytes per claim or
/// hedge: " may" repeated (a hedge every 4 bytes) is 28x the input, news sentences 9.5x
/// (`tests/regression.rs` measures the same quantities).
pub const TEXT_PER_BYTE: usize = 40;
pub const JSON_PER_BYTE: usize = 40;
/// Room for the JSON skeleton and a short input's single claim.
pub const OUTPUT_FLOOR: usize = 4096;

/// Asserts the output-size bound; returns (span text bytes, JSON bytes) for reporting.
pub fn check_output_size(text: &str, a: &Analysis) -> (usize, usize) {
    let n = text.len();
    let spans = span_text_bytes(a);
    assert!(
        spans <= TEXT_PER_BYTE * n + OUTPUT_FLOOR,
        "span text {spans} bytes for {n} input bytes (> {TEXT_PER_BYTE}x + {OUTPUT_FLOOR}): {} entities, {} claims, {} hedges",
        a.entities.len(),
        a.claims.len(),
        a.hedges.len()
    );
    let json = serde_json::to_vec(a).expect("an Analysis serializes").len();
    assert!(
        json <= JSON_PER_BYTE * n + OUTPUT_FLOOR,
        "JSON {json} bytes for {n} input bytes (> {JSON_PER_BYTE}x + {OUTPUT_FLOOR})"
    );
    (spans, json)
}

/// A global allocator that counts live heap bytes and their peak, for the heap bound of
/// `scale_analyze`: libFuzzer's `-rss_limit_mb` sees the whole process and only past a
/// fixed limit, so an analysis that needs ~700 bytes of heap per input byte would pass it
/// at 1 MiB. Declare it with `#[global_allocator]` in a target.
pub struct PeakAlloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(n: usize) {
    let v = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(v, Ordering::Relaxed);
}

// SAFETY: every call goes to the system allocator unchanged; the counters only observe.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        grow(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` and returns its result with the most heap held at once during it, beyond what
/// was live when it started (all threads; the fuzz targets run one).
pub fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

/// The heap bound: a linear analysis keeps a bounded amount of state per token, and a
/// token is at least one byte. News text needs ~80 bytes per input byte, one 40,000-token
/// sentence ~160 and a 50,000-hedge sentence ~250 (measured with `tests/regression.rs`),
/// while text of one-byte tokens (commas, NULs) in one sentence took ~740 before the core
/// processed long sentences in bounded units. The floor covers fixed tables; the models
/// are loaded before measuring.
pub const HEAP_PER_BYTE: usize = 256;
pub const HEAP_FLOOR: usize = 8 << 20;

/// Asserts the heap bound for an analysis of `text` that peaked at `peak` bytes.
pub fn check_heap(text: &str, peak: usize) {
    let n = text.len();
    assert!(
        peak <= HEAP_PER_BYTE * n + HEAP_FLOOR,
        "analysis peaked at {peak} bytes of heap for {n} input bytes (> {HEAP_PER_BYTE}x + {HEAP_FLOOR})"
    );
}

/// CPU time the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`): unlike wall time, it
/// does not grow when other processes on a loaded machine take the cores.
pub fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec and the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "thread CPU clock");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The work bound of `scale_analyze`, in CPU time of the analysing thread: the fuzz build
/// (coverage and comparison tracing, debug assertions) needs up to ~7 s for 1 MiB of the
/// densest expansions (48,000 claims), ~10x a release build, while a pass quadratic in a
/// 1 MiB input takes minutes. libFuzzer's own `-timeout` is wall time, which on a 2-core
/// machine shared with other jobs ran 8-9x the CPU time (a 7 s unit took 62 s and tripped
/// a 60 s limit); `scripts/fuzz` keeps it only as a backstop for a hang.
pub const CPU_LIMIT: Duration = Duration::from_secs(60);

/// Asserts the work bound for an analysis of `text` that took `cpu` of thread CPU time.
pub fn check_cpu(text: &str, cpu: Duration) {
    assert!(cpu <= CPU_LIMIT, "analysis of {} bytes took {cpu:?} of CPU time (> {CPU_LIMIT:?})", text.len());
}
