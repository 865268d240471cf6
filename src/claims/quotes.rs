//! Quotation state: which tokens lie inside a quotation, and where each quotation
//! opens and closes.
//!
//! Why per line: in news copy a quotation that runs over several paragraphs leaves the
//! earlier paragraphs unclosed, so carrying state across a line break pairs the wrong
//! marks; resetting at every line start confines a stray mark to its paragraph. Only
//! double marks (" “ ” « », and the typewriter pairs `` and '') count: the single ones double as
//! apostrophes.

use super::Ctx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    None,
    Open,
    Close,
}

/// Quote marks and the quotation each token sits in, computed in one pass.
#[derive(Clone, Debug, Default)]
pub struct Quotes {
    marks: Vec<Mark>,
    /// For tokens inside a quotation (marks included): the token index of its opening mark.
    open_of: Vec<u32>,
    /// For each opening mark, in token order: `(its index, the index of its closing
    /// mark or of the line's last token)`. Kept per quotation rather than per token: a
    /// text of brackets or dashes has no quotations, and these would be four more bytes
    /// a token.
    close_of: Vec<(u32, u32)>,
}

const NONE: u32 = u32::MAX;

impl Quotes {
    pub fn new(ctx: &Ctx) -> Quotes {
        let n = ctx.len();
        let mut marks = vec![Mark::None; n];
        let mut open_of = vec![NONE; n];
        let mut close_of = Vec::new();
        let mut open: Option<usize> = None;
        for i in 0..n {
            if ctx.line_start(i) {
                if let Some(o) = open.take() {
                    close_of.push((o as u32, (i - 1) as u32));
                }
            }
            let w = ctx.word(i);
            // The tokenizer makes one token of the typewriter pairs "``" and "''" (the
            // NYT's and the Penn Treebank's quotation marks) and keeps cp1252's curly
            // quotes (U+0093, U+0094) that a wrong decoding leaves: each is a double mark.
            let kind = match w {
                "“" | "«" | "``" | "\u{93}" => Mark::Open,
                "”" | "»" | "\u{94}" => Mark::Close,
                "\"" | "''" => {
                    if open.is_some() {
                        Mark::Close
                    } else {
                        Mark::Open
                    }
                }
                _ => Mark::None,
            };
            match kind {
                Mark::Open => {
                    if let Some(o) = open {
                        close_of.push((o as u32, (i.max(1) - 1) as u32));
                    }
                    open = Some(i);
                    marks[i] = Mark::Open;
                    open_of[i] = i as u32;
                }
                Mark::Close => {
                    marks[i] = Mark::Close;
                    if let Some(o) = open.take() {
                        open_of[i] = o as u32;
                        close_of.push((o as u32, i as u32));
                    }
                }
                Mark::None => {
                    if let Some(o) = open {
                        open_of[i] = o as u32;
                    }
                }
            }
        }
        if let Some(o) = open {
            close_of.push((o as u32, (n - 1) as u32));
        }
        Quotes { marks, open_of, close_of }
    }

    pub fn is_open(&self, i: usize) -> bool {
        self.marks.get(i) == Some(&Mark::Open)
    }
    pub fn is_close(&self, i: usize) -> bool {
        self.marks.get(i) == Some(&Mark::Close)
    }
    pub fn is_quote_token(&self, i: usize) -> bool {
        self.marks.get(i).is_some_and(|m| *m != Mark::None)
    }
    /// The opening mark of the quotation holding token `i` (marks included).
    pub fn open_of(&self, i: usize) -> Option<usize> {
        self.open_of.get(i).filter(|&&o| o != NONE).map(|&o| o as usize)
    }
    /// Token `i` lies strictly inside a quotation.
    pub fn inside(&self, i: usize) -> bool {
        self.open_of(i).is_some() && self.marks.get(i) == Some(&Mark::None)
    }
    /// For an opening mark: its closing mark (or the end of its line).
    pub fn close_of(&self, open: usize) -> Option<usize> {
        // Each opening mark is closed once, and in token order: `close_of` is sorted.
        let open = u32::try_from(open).ok()?;
        let k = self.close_of.partition_point(|&(o, _)| o < open);
        self.close_of.get(k).filter(|&&(o, _)| o == open).map(|&(_, c)| c as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotation marks of `text`'s tokens, as `o` (open), `c` (close) or `.`.
    fn marks(text: &str) -> String {
        let doc = crate::doc::Doc::new(text);
        let ctx = Ctx::new(&doc);
        let q = Quotes::new(&ctx);
        (0..ctx.len())
            .map(|i| {
                if q.is_open(i) {
                    'o'
                } else if q.is_close(i) {
                    'c'
                } else {
                    '.'
                }
            })
            .collect()
    }

    #[test]
    fn typewriter_pairs_are_double_marks() {
        // ''We will not wait,'' she said. → '' We will not wait , '' she said .
        assert_eq!(marks("''We will not wait,'' she said."), "o.....c...");
        assert_eq!(marks("``We will not wait,'' she said."), "o.....c...");
        // A lone apostrophe stays an apostrophe.
        assert!(!marks("The 'plan' failed, he said.").contains(['o', 'c']));
    }

    #[test]
    fn a_typewriter_quotation_holds_its_words() {
        let doc = crate::doc::Doc::new("He said ''the talks failed'' on Friday.");
        let ctx = Ctx::new(&doc);
        let q = Quotes::new(&ctx);
        let at = |w: &str| (0..ctx.len()).find(|&i| ctx.word(i) == w).unwrap();
        assert!(q.inside(at("talks")));
        assert!(!q.inside(at("Friday")));
        assert_eq!(q.close_of(at("said") + 1), Some(at("failed") + 1));
    }
}
