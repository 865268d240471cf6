//! The one place where offsets change units.
//!
//! Rust speaks UTF-8 bytes, JavaScript speaks UTF-16 code units, and the CLI and the
//! gold data speak Unicode scalar values (Python string indices). Every span in the core
//! is in bytes; the facades convert through an [`OffsetTable`] built once per text.
//!
//! Why a sparse table (after oxc's `Utf8ToUtf16`): news text is mostly ASCII, where all
//! three units agree. The table records only the non-ASCII characters, each with the
//! running difference between byte and UTF-16 / scalar offsets after it. For pure ASCII
//! the table is empty and every conversion is the identity, with no search at all. For
//! other text a conversion is one binary search over the non-ASCII characters.

/// Which unit an offset counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// UTF-8 bytes (Rust `&str` indices).
    Utf8,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
    /// Unicode scalar values (Python string indices, the gold data, the CLI default).
    Chars,
}

impl Unit {
    /// `utf8` (or `bytes`), `utf16`, `chars` (or `scalars`).
    pub fn parse(s: &str) -> Option<Unit> {
        match s {
            "utf8" | "bytes" => Some(Unit::Utf8),
            "utf16" => Some(Unit::Utf16),
            "chars" | "scalars" => Some(Unit::Chars),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Wide {
    /// Byte offset where the non-ASCII character starts.
    start: u32,
    /// Byte offset just past it.
    end: u32,
    /// `bytes - utf16 units` for any offset at or after `end`.
    minus16: u32,
    /// `bytes - scalar values` for any offset at or after `end`.
    minus_chars: u32,
}

/// Byte ↔ UTF-16 ↔ scalar offset conversion for one text. Empty (free) for ASCII.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetTable {
    len: u32,
    wide: Vec<Wide>,
}

impl OffsetTable {
    /// Builds the table. `text` must be shorter than 4 GiB (offsets are `u32`);
    /// longer input is refused earlier, by [`crate::analyze`].
    pub fn new(text: &str) -> OffsetTable {
        let len = text.len() as u32;
        if text.is_ascii() {
            return OffsetTable { len, wide: Vec::new() };
        }
        let mut wide = Vec::new();
        let (mut minus16, mut minus_chars) = (0u32, 0u32);
        for (i, c) in text.char_indices() {
            let n = c.len_utf8() as u32;
            if n > 1 {
                minus16 += n - c.len_utf16() as u32;
                minus_chars += n - 1;
                let start = i as u32;
                wide.push(Wide { start, end: start + n, minus16, minus_chars });
            }
        }
        OffsetTable { len, wide }
    }

    /// True when every unit agrees (pure ASCII): conversion is the identity.
    pub fn is_identity(&self) -> bool {
        self.wide.is_empty()
    }

    /// Converts a byte offset (on a char boundary, at most the text length) to `unit`.
    pub fn from_byte(&self, byte: u32, unit: Unit) -> u32 {
        if self.wide.is_empty() || unit == Unit::Utf8 {
            return byte;
        }
        let i = self.wide.partition_point(|w| w.end <= byte);
        if i == 0 {
            return byte;
        }
        let w = self.wide[i - 1];
        byte - if unit == Unit::Utf16 { w.minus16 } else { w.minus_chars }
    }

    /// Converts an offset in `unit` to a byte offset. `None` when it lies past the end
    /// of the text or inside a character (the middle of a surrogate pair).
    pub fn to_byte(&self, offset: u32, unit: Unit) -> Option<u32> {
        let minus = |w: &Wide| if unit == Unit::Utf16 { w.minus16 } else { w.minus_chars };
        let byte = if self.wide.is_empty() || unit == Unit::Utf8 {
            offset
        } else {
            // Position of each wide char's end in `unit`, increasing with i.
            let i = self.wide.partition_point(|w| w.end - minus(w) <= offset);
            let byte = offset.checked_add(if i == 0 { 0 } else { minus(&self.wide[i - 1]) })?;
            // The next wide character, if any, must not start before `byte` and end after it.
            if let Some(next) = self.wide.get(i) {
                if next.start < byte {
                    return None;
                }
            }
            byte
        };
        if byte > self.len {
            return None;
        }
        if unit == Unit::Utf8 {
            // A byte offset inside a multi-byte character is not a boundary.
            let i = self.wide.partition_point(|w| w.end <= byte);
            if self.wide.get(i).is_some_and(|w| w.start < byte) {
                return None;
            }
        }
        Some(byte)
    }

    /// Length of the text in `unit`.
    pub fn len_in(&self, unit: Unit) -> u32 {
        self.from_byte(self.len, unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_all(text: &str) {
        let t = OffsetTable::new(text);
        let mut u16 = 0u32;
        let mut ch = 0u32;
        for (b, c) in text.char_indices().chain(std::iter::once((text.len(), '\0'))) {
            let b = b as u32;
            assert_eq!(t.from_byte(b, Unit::Utf16), u16, "utf16 at byte {b} in {text:?}");
            assert_eq!(t.from_byte(b, Unit::Chars), ch, "chars at byte {b} in {text:?}");
            assert_eq!(t.to_byte(u16, Unit::Utf16), Some(b));
            assert_eq!(t.to_byte(ch, Unit::Chars), Some(b));
            assert_eq!(t.to_byte(b, Unit::Utf8), Some(b));
            u16 += c.len_utf16() as u32;
            ch += 1;
        }
        assert_eq!(t.to_byte(ch, Unit::Chars), None, "past the end");
    }

    #[test]
    fn ascii_is_identity() {
        let t = OffsetTable::new("Plain ASCII, said Ned Price.");
        assert!(t.is_identity());
        assert_eq!(t.from_byte(5, Unit::Utf16), 5);
        check_all("Plain ASCII, said Ned Price.\r\nNext line.");
    }

    #[test]
    fn emoji_cjk_combining_crlf() {
        check_all("Smile 😀 then 東京 and e\u{301}te\r\n“quoted” — done 👍🏽.");
        check_all("😀");
        check_all("");
    }

    #[test]
    fn inside_a_character_is_refused() {
        let t = OffsetTable::new("a😀b");
        assert_eq!(t.to_byte(2, Unit::Utf16), None, "middle of the surrogate pair");
        assert_eq!(t.to_byte(3, Unit::Utf16), Some(5));
        assert_eq!(t.to_byte(2, Unit::Utf8), None, "inside the UTF-8 sequence");
        assert_eq!(t.to_byte(2, Unit::Chars), Some(5));
    }
}
