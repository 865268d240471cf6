//! A small bytecode that expands short fuzz inputs into long, structured text.
//!
//! libFuzzer mutates bytes, and a raw input of a few KB cannot hold the shapes that make
//! an analysis super-linear: a 100,000-word sentence of reporting verbs, a megabyte of
//! punctuation, a word as long as a page. Here each byte is an instruction over a fixed
//! vocabulary of the pieces the layers react to, with repeat counts that grow
//! exponentially, so ~10 bytes already describe a megabyte and the fuzzer's coverage
//! feedback still steers which pieces are combined.
//!
//! Instructions (a missing argument byte reads as 0):
//! - `0x00..=0xDF p r`: append `VOCAB[p % len]` `reps(r)` times;
//! - `0xE0..=0xEF`: open a block (remember where the text is now);
//! - `0xF0..=0xFF r`: close the innermost block (or, with none open, take the whole text)
//!   and repeat it until it occurs `reps(r)` times.
//!
//! Nothing is appended past [`MAX_TEXT`]: a piece or block copy that would cross it is
//! dropped, so the text always ends on a piece boundary.

/// The raw input bytes read; the rest is ignored (the expansion is what gets long).
pub const MAX_RAW: usize = 512;
/// The expanded text never exceeds 1 MiB.
pub const MAX_TEXT: usize = 1 << 20;

/// The pieces. Leading spaces make words of most of them; the few without one glue to
/// their neighbour, so repeats of them build very long words.
pub const VOCAB: &[&str] = &[
    // Reporting cues and the punctuation that introduces a quote.
    " said",
    " says",
    " told",
    " according to",
    " claimed",
    " said that",
    ":",
    " —",
    " –",
    " -",
    // Hedges and vague sources.
    " may",
    " allegedly",
    " it is believed",
    " critics say",
    " analysts",
    " could",
    " reportedly",
    // Names and pronouns.
    " Elena Marsh",
    " the ministry",
    " Ministry of Finance",
    " he",
    " she",
    " they",
    " It",
    " The",
    " Marsh",
    // Quote marks of every style.
    "\"",
    " \"",
    "“",
    " “",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "``",
    "''",
    "'",
    // Parentheses and brackets.
    " (",
    ")",
    "[",
    "]",
    "{",
    "}",
    // Emoji, skin tone and ZWJ sequences, flags.
    " 😀",
    "👩‍👩‍👧",
    "👍🏽",
    "🏳️‍🌈",
    "\u{200d}",
    // Right-to-left text and direction marks.
    " مرحبا",
    " שלום",
    "\u{200f}",
    "\u{202e}",
    // Combining marks.
    "e\u{301}",
    "\u{301}",
    "\u{20dd}",
    // Line ends, NUL and control characters.
    "\r",
    "\n",
    "\r\n",
    "\n\n",
    "\0",
    "\u{7}",
    "\u{1b}",
    "\u{85}",
    "\u{2028}",
    "\t",
    "\u{feff}",
    // Spaces and sentence punctuation.
    " ",
    "\u{a0}",
    ".",
    ". ",
    ",",
    "!",
    "?",
    ";",
    "...",
    "…",
    // Plain words, numbers, and word glue for very long words.
    " talks",
    " would",
    " resume",
    " that",
    " on Tuesday",
    " 42",
    " percent",
    " $5 million",
    " x",
    "x",
    "a",
    "-",
    "9",
];

/// 1..=16 times 2^0..=2^15: one byte spans 1 to 524,288 repeats.
pub fn reps(r: u8) -> usize {
    (1 + (r & 0x0F) as usize) << (r >> 4)
}

/// Expands `data` (at most [`MAX_RAW`] bytes of it) into at most `max` bytes of text.
pub fn expand(data: &[u8], max: usize) -> String {
    let data = &data[..data.len().min(MAX_RAW)];
    let mut out = String::new();
    let mut marks: Vec<usize> = Vec::new();
    let mut i = 0;
    let arg = |i: &mut usize| {
        let b = data.get(*i).copied().unwrap_or(0);
        *i += 1;
        b
    };
    while i < data.len() {
        let op = arg(&mut i);
        match op {
            0x00..=0xDF => {
                let piece = VOCAB[arg(&mut i) as usize % VOCAB.len()];
                let n = reps(arg(&mut i)).min((max - out.len()) / piece.len());
                for _ in 0..n {
                    out.push_str(piece);
                }
            }
            0xE0..=0xEF => marks.push(out.len()),
            0xF0..=0xFF => {
                let start = marks.pop().unwrap_or(0);
                let len = out.len() - start;
                let n = reps(arg(&mut i));
                // An empty block (`checked_div` is None) has nothing to repeat.
                let copies = (max - out.len()).checked_div(len).map_or(0, |room| (n - 1).min(room));
                for _ in 0..copies {
                    out.extend_from_within(start..start + len);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_bytes_reach_the_cap() {
        // " said" 16 * 2^15 times would be 2.6 MB: capped at whole pieces under 1 MiB.
        let t = expand(&[0, 0, 0xFF], MAX_TEXT);
        assert!(t.len() <= MAX_TEXT && t.len() > MAX_TEXT - 5, "{}", t.len());
        assert!(t.starts_with(" said said"));
    }

    #[test]
    fn blocks_repeat_what_they_enclose() {
        // "x" then block(" said" twice) repeated 3 times.
        let x = VOCAB.iter().position(|&p| p == "x").unwrap() as u8;
        let t = expand(&[0, x, 0, 0xE0, 0, 0, 1, 0xF0, 2], MAX_TEXT);
        assert_eq!(t, "x said said said said said said");
    }

    #[test]
    fn nested_blocks_stop_at_the_cap() {
        // (((" said" x4) x16) x16) would be 5,120 bytes: the outer block fits twice more
        // under 1,000 (320 -> 960) and stops on a copy boundary.
        let t = expand(&[0xE0, 0xE0, 0, 0, 3, 0xF0, 0x40, 0xF0, 0x40], 1_000);
        assert_eq!(t.len(), 960);
        assert_eq!(expand(&[0xE0, 0xE0, 0, 0, 3, 0xF0, 0x40, 0xF0, 0x40], MAX_TEXT).len(), 5_120);
    }
}
