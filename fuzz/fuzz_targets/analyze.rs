//! `newsmark::analyze` on any string: no panic, no hang, and every output invariant
//! (spans inside the text on char boundaries, layers sorted, a claim's roles disjoint,
//! each part's text equal to its slice, offsets that survive the UTF-16 round trip).
//! Bytes that are not UTF-8 are read lossily, so the fuzzer's mutations still count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmark::{OffsetTable, Part, Span, Unit};

fn part_ok(text: &str, p: &Part) {
    let s = p.span();
    assert!(s.start < s.end, "empty part {p:?}");
    assert_eq!(text.get(s.range()), Some(p.text.as_str()), "part text is its slice");
}

fn sorted(spans: impl Iterator<Item = Span>) {
    let v: Vec<Span> = spans.collect();
    assert!(v.windows(2).all(|w| w[0].start <= w[1].start), "layer sorted by start");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = newsmark::analyze(&text).expect("inputs under 4 GiB are analysed");
    let table = OffsetTable::new(&text);
    for e in &a.entities {
        let s = Span::new(e.start, e.end);
        assert!(s.start < s.end && text.get(s.range()) == Some(e.text.as_str()), "{e:?}");
    }
    sorted(a.entities.iter().map(|e| Span::new(e.start, e.end)));
    for c in &a.claims {
        let mut parts = vec![c.cue.span()];
        part_ok(&text, &c.cue);
        for p in c.source.iter().chain(&c.content).chain(&c.source_resolved) {
            part_ok(&text, p);
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
    sorted(a.claims.iter().map(|c| c.cue.span()));
    for h in &a.hedges {
        part_ok(&text, &h.cue);
        if let Some(s) = h.scope {
            assert!(text.get(s.range()).is_some(), "scope on char boundaries");
        }
    }
    sorted(a.hedges.iter().map(|h| h.cue.span()));
    // Every span boundary converts to UTF-16 and back to itself.
    let bounds = a.entities.iter().flat_map(|e| [e.start, e.end]).chain(
        a.claims.iter().flat_map(|c| [c.cue.start, c.cue.end]),
    );
    for b in bounds {
        for unit in [Unit::Utf16, Unit::Chars] {
            assert_eq!(table.to_byte(table.from_byte(b, unit), unit), Some(b));
        }
    }
});
