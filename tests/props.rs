//! Property tests: the offset table against a naive count, the tokenizer's coverage
//! invariants, and the span invariants of `newsmark::analyze` on arbitrary strings and
//! on news-like text (so the layers actually emit spans to check).

use newsmark::internals::{is_space, tokenize, Document};
use newsmark::{analyze, Analysis, OffsetTable, Span, Unit};
use proptest::prelude::*;

/// Text with the characters that break offset code: emoji (4 bytes, 2 UTF-16 units),
/// CJK (3 bytes, 1 unit), combining marks, CRLF, NBSP, curly quotes, cp1252 leftovers.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 .,'\"-]{1,8}",
        1 => Just("😀".to_string()),
        1 => Just("👍🏽".to_string()),
        1 => Just("東京".to_string()),
        1 => Just("e\u{301}".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\u{a0}".to_string()),
        1 => Just("“".to_string()),
        1 => Just("’s".to_string()),
        1 => Just("\u{93}".to_string()),
        1 => Just("—".to_string()),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// News-like text, so that entities, claims and hedges fire.
fn news_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "The",
        "minister",
        "said",
        "that",
        "talks",
        "may",
        "resume",
        "on",
        "Tuesday",
        "according",
        "to",
        "Reuters",
        "Angela",
        "Merkel",
        "Zoë",
        "Müller",
        "told",
        "reporters",
        "in",
        "Berlin",
        "U.S.",
        "officials",
        "could",
        "allegedly",
        "“",
        "”",
        "\"",
        ",",
        ".",
        "—",
        "$280",
        "57%",
        "Jan.",
        "Dr.",
        "Smith",
        "he",
        "added",
        "warned",
        "if",
        "whether",
        "possibly",
        "Clinton's",
        "don't",
        "\n",
        "\n\n",
        "😀",
        "Zürich",
        "Corp.",
        "Inc.",
    ]);
    prop::collection::vec(word, 0..80).prop_map(|v| v.join(" "))
}

/// Offsets of every char boundary in `unit`, counted the naive way.
fn naive(text: &str) -> Vec<(u32, u32, u32)> {
    let (mut u16, mut ch) = (0u32, 0u32);
    let mut out = Vec::new();
    for (b, c) in text.char_indices() {
        out.push((b as u32, u16, ch));
        u16 += c.len_utf16() as u32;
        ch += 1;
    }
    out.push((text.len() as u32, u16, ch));
    out
}

fn check_table(text: &str) -> Result<(), TestCaseError> {
    let t = OffsetTable::new(text);
    let points = naive(text);
    for &(b, u16, ch) in &points {
        prop_assert_eq!(t.from_byte(b, Unit::Utf16), u16);
        prop_assert_eq!(t.from_byte(b, Unit::Chars), ch);
        prop_assert_eq!(t.from_byte(b, Unit::Utf8), b);
        prop_assert_eq!(t.to_byte(u16, Unit::Utf16), Some(b), "utf16 {} -> byte", u16);
        prop_assert_eq!(t.to_byte(ch, Unit::Chars), Some(b), "chars {} -> byte", ch);
        prop_assert_eq!(t.to_byte(b, Unit::Utf8), Some(b));
    }
    let &(len, len16, len_ch) = points.last().unwrap();
    prop_assert_eq!(t.len_in(Unit::Utf16), len16);
    prop_assert_eq!(t.len_in(Unit::Chars), len_ch);
    // Inside a character: refused, in bytes and in UTF-16 (mid surrogate pair).
    for b in 0..len {
        if !text.is_char_boundary(b as usize) {
            prop_assert_eq!(t.to_byte(b, Unit::Utf8), None, "byte {} is inside a char", b);
        }
    }
    let boundaries16: std::collections::HashSet<u32> = points.iter().map(|p| p.1).collect();
    for u in 0..len16 {
        if !boundaries16.contains(&u) {
            prop_assert_eq!(t.to_byte(u, Unit::Utf16), None, "utf16 {} splits a pair", u);
        }
    }
    // Past the end.
    prop_assert_eq!(t.to_byte(len + 1, Unit::Utf8), None);
    prop_assert_eq!(t.to_byte(len16 + 1, Unit::Utf16), None);
    prop_assert_eq!(t.to_byte(len_ch + 1, Unit::Chars), None);
    prop_assert_eq!(t.is_identity(), text.is_ascii());
    Ok(())
}

fn check_tokens(text: &str) -> Result<(), TestCaseError> {
    let doc = Document::new(text);
    let mut covered = vec![false; text.len()];
    let mut prev_end = 0u32;
    for t in &doc.tokens {
        prop_assert!(t.span.start < t.span.end, "empty token {:?}", t);
        prop_assert!(t.span.start >= prev_end, "tokens sorted, not overlapping");
        prop_assert!(text.get(t.span.range()).is_some(), "token on char boundaries");
        covered[t.span.range()].iter_mut().for_each(|c| *c = true);
        prev_end = t.span.end;
    }
    // Nothing lost: every non-space char is inside a token.
    for (i, c) in text.char_indices() {
        prop_assert_eq!(covered[i], !is_space(c), "char {:?} at {}", c, i);
    }
    // Sentences partition the tokens in order.
    let mut next = 0usize;
    for s in &doc.sentences {
        prop_assert_eq!(s.tokens.start, next);
        prop_assert!(s.tokens.end > s.tokens.start);
        prop_assert_eq!(s.span.start, doc.tokens[s.tokens.start].span.start);
        prop_assert_eq!(s.span.end, doc.tokens[s.tokens.end - 1].span.end);
        next = s.tokens.end;
    }
    prop_assert_eq!(next, doc.tokens.len());
    prop_assert_eq!(tokenize(text), doc.tokens.clone(), "deterministic");
    Ok(())
}

fn inside(text: &str, s: Span) -> bool {
    s.start <= s.end && text.get(s.range()).is_some()
}

fn check_analysis(text: &str, a: &Analysis) -> Result<(), TestCaseError> {
    let sorted = |v: &[u32]| v.windows(2).all(|w| w[0] <= w[1]);
    for e in &a.entities {
        prop_assert!(inside(text, e.span()), "entity {:?}", e);
        prop_assert_eq!(&text[e.span().range()], e.text.as_str());
    }
    prop_assert!(sorted(&a.entities.iter().map(|e| e.start).collect::<Vec<_>>()), "entities sorted");
    for c in &a.claims {
        let mut own: Vec<Span> = vec![c.cue.span()];
        own.extend(c.source.iter().map(|p| p.span()));
        own.extend(c.content.iter().map(|p| p.span()));
        let all = std::iter::once(&c.cue).chain(&c.source).chain(&c.content).chain(&c.source_resolved);
        for p in all {
            prop_assert!(inside(text, p.span()), "claim part {:?}", p);
            prop_assert_eq!(&text[p.span().range()], p.text.as_str());
        }
        for (i, x) in own.iter().enumerate() {
            for y in &own[i + 1..] {
                prop_assert!(!x.overlaps(*y), "claim parts overlap: {:?} {:?} in {:?}", x, y, c);
            }
        }
    }
    prop_assert!(sorted(&a.claims.iter().map(|c| c.cue.start).collect::<Vec<_>>()), "claims sorted by cue");
    for h in &a.hedges {
        prop_assert!(inside(text, h.cue.span()), "hedge cue {:?}", h);
        prop_assert_eq!(&text[h.cue.span().range()], h.cue.text.as_str());
        if let Some(s) = h.scope {
            prop_assert!(inside(text, s), "hedge scope {:?}", h);
        }
    }
    prop_assert!(sorted(&a.hedges.iter().map(|h| h.cue.start).collect::<Vec<_>>()), "hedges sorted");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn offset_table_round_trips_on_tricky_text(text in tricky_text()) {
        check_table(&text)?;
    }

    #[test]
    fn offset_table_round_trips_on_any_string(text in any::<String>()) {
        check_table(&text)?;
    }

    #[test]
    fn tokens_cover_any_string(text in any::<String>()) {
        check_tokens(&text)?;
    }

    #[test]
    fn tokens_cover_tricky_and_news_text(a in tricky_text(), b in news_text()) {
        check_tokens(&a)?;
        check_tokens(&b)?;
        check_tokens(&format!("{b}{a}"))?;
    }

    #[test]
    fn analysis_spans_hold_on_any_string(text in any::<String>()) {
        let a = analyze(&text).unwrap();
        check_analysis(&text, &a)?;
        prop_assert_eq!(analyze(&text).unwrap(), a, "deterministic");
    }

    #[test]
    fn analysis_spans_hold_on_news_text(text in news_text(), noise in tricky_text()) {
        check_analysis(&text, &analyze(&text).unwrap())?;
        let mixed = format!("{noise} {text}");
        check_analysis(&mixed, &analyze(&mixed).unwrap())?;
    }

    #[test]
    fn converted_spans_slice_the_same_text(text in news_text(), noise in tricky_text()) {
        let text = format!("{noise} {text}");
        let a = analyze(&text).unwrap();
        let table = OffsetTable::new(&text);
        let chars: Vec<char> = text.chars().collect();
        let c = newsmark::convert(&a, &table, Unit::Chars);
        for (e, b) in c.entities.iter().zip(&a.entities) {
            let s: String = chars[e.start as usize..e.end as usize].iter().collect();
            prop_assert_eq!(&s, &b.text);
        }
        for (h, b) in c.hedges.iter().zip(&a.hedges) {
            let s: String = chars[h.cue.start as usize..h.cue.end as usize].iter().collect();
            prop_assert_eq!(&s, &b.cue.text);
        }
    }
}

/// Inputs that once looked dangerous, pinned.
#[test]
fn pathological_inputs_are_linear_and_safe() {
    let cases = [
        "a.".repeat(20_000),
        "x@".repeat(20_000),
        "'".repeat(20_000),
        "n't ".repeat(5_000),
        format!("http://{}", "(".repeat(20_000)),
        "\u{200D}".repeat(10_000),
        "1,".repeat(20_000),
        "\r\n".repeat(20_000),
    ];
    for text in &cases {
        let t = std::time::Instant::now();
        check_tokens(text).unwrap();
        check_analysis(text, &analyze(text).unwrap()).unwrap();
        assert!(t.elapsed().as_secs_f64() < 5.0, "slow on {:?}…", &text[..20]);
    }
}
