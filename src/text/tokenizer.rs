//! Tokenizer for news text.
//!
//! A first version: words (with inner apostrophes, hyphens and periods of
//! abbreviations), numbers with separators, and single punctuation marks.

use crate::schema::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Quote,
    Dash,
    Url,
    Email,
    Symbol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// The token is the first on its line (after a newline or at the start of text).
    pub line_start: bool,
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    let mut line_start = true;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            if c == '\n' || c == '\r' {
                line_start = true;
            }
            continue;
        }
        let kind;
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    chars.next();
                } else if matches!(d, '\'' | '’' | '-' | '.' | ',') {
                    // Joiner only when followed by an alphanumeric.
                    let mut look = text[j + d.len_utf8()..].chars();
                    match look.next() {
                        Some(n) if n.is_alphanumeric() && (d != ',' || numeric) => {
                            chars.next();
                            end = j + d.len_utf8();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            kind = if numeric { TokenKind::Number } else { TokenKind::Word };
        } else if matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»') {
            kind = TokenKind::Quote;
        } else if matches!(c, '—' | '–') {
            kind = TokenKind::Dash;
        } else if c.is_ascii_punctuation() {
            kind = TokenKind::Punct;
        } else {
            kind = TokenKind::Symbol;
        }
        out.push(Token { span: Span::new(i as u32, end as u32), kind, line_start });
        line_start = false;
    }
    out
}
