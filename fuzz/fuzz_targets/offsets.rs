//! The offset table on any string against a naive count: every char boundary maps to
//! the same UTF-16 and scalar offsets as counting by hand, and back; offsets inside a
//! character (mid UTF-8 sequence, mid surrogate pair) or past the end are refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmark::{OffsetTable, Unit};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let t = OffsetTable::new(&text);
    let (mut u16s, mut chars) = (0u32, 0u32);
    let mut boundaries16 = std::collections::HashSet::new();
    for (b, c) in text.char_indices().map(|(b, c)| (b as u32, c)).chain([(text.len() as u32, ' ')]) {
        assert_eq!(t.from_byte(b, Unit::Utf16), u16s);
        assert_eq!(t.from_byte(b, Unit::Chars), chars);
        assert_eq!(t.to_byte(u16s, Unit::Utf16), Some(b));
        assert_eq!(t.to_byte(chars, Unit::Chars), Some(b));
        boundaries16.insert(u16s);
        u16s += c.len_utf16() as u32;
        chars += 1;
    }
    let len = text.len() as u32;
    let (len16, len_ch) = (t.len_in(Unit::Utf16), t.len_in(Unit::Chars));
    for b in 0..len {
        assert_eq!(t.to_byte(b, Unit::Utf8).is_some(), text.is_char_boundary(b as usize));
    }
    for u in 0..len16 {
        assert_eq!(t.to_byte(u, Unit::Utf16).is_some(), boundaries16.contains(&u));
    }
    assert_eq!(t.to_byte(len16 + 1, Unit::Utf16), None);
    assert_eq!(t.to_byte(len_ch + 1, Unit::Chars), None);
    assert_eq!(t.is_identity(), text.is_ascii());
});
