//! Sentence splitter. A first version: split after `.`, `!`, `?` (and closing quotes
//! that follow them) when the next token starts a line or is capitalised, and at line
//! breaks.

use super::{Sentence, Token, TokenKind};
use crate::schema::Span;

pub fn split(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for i in 0..tokens.len() {
        let last = i + 1 == tokens.len();
        let boundary = last || tokens[i + 1].line_start || {
            let t = &text[tokens[i].span.range()];
            let next = &text[tokens[i + 1].span.range()];
            matches!(t, "." | "!" | "?")
                && next
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || tokens[i + 1].kind == TokenKind::Quote)
        };
        if boundary {
            out.push(Sentence {
                span: Span::new(tokens[start].span.start, tokens[i].span.end),
                tokens: start..i + 1,
            });
            start = i + 1;
        }
    }
    out
}
