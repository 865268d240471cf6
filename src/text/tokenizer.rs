//! Tokenizer for English news text.
//!
//! Why hand-written: news tokenization is a dozen small decisions that a regex set
//! makes slow (backtracking over alternatives) and hard to keep panic-free. One forward
//! scan over the text, with at most a few characters of look-ahead per decision, keeps
//! the work linear and every span on a `char` boundary by construction.
//!
//! The conventions follow the corpora the taggers learn from (CoNLL-2003, UD EWT,
//! PolNeAR), so that gold spans land on token boundaries:
//!
//! - clitics are split PTB-style: `Clinton's` → `Clinton` `'s`, `don't` → `do` `n't`,
//!   `can't` → `ca` `n't`, `I'm` → `I` `'m`; names keep their apostrophe (`O'Brien`,
//!   `D'Amato`, `d'Ivoire`);
//! - abbreviations keep their period (`U.S.`, `a.m.`, `Ph.D.`, `Dr.`, `Jan.`, `Corp.`,
//!   `Calif.`), as do initials (`J.` in `J. K. Rowling`), so a period token is a
//!   sentence end candidate and nothing else;
//! - numbers keep their separators (`1,200.50`, `10:30`, `1996-08-22`, `9/11`) and are
//!   split from a following unit (`3bn` → `3` `bn`, `5pm` → `5` `pm`) but not from an
//!   ordinal or decade suffix (`21st`, `1990s`), nor from a code (`5G`, `3M`);
//! - currency symbols are always their own token of kind [`TokenKind::Currency`]
//!   (`$`, `€`, `£`, and `US$`, `HK$` as one token); `%` is its own token;
//! - hyphenated words stay whole (`anti-abortion`, `COVID-19`, `EU-wide`), as in CoNLL;
//! - quotes of every kind are single tokens of kind [`TokenKind::Quote`], including
//!   PTB/NYT pairs ` `` ` and `''` and cp1252 leftovers (U+0091–U+0094);
//! - URLs and e-mail addresses are single tokens; dashes (`—`, `–`, `--`, a spaced `-`)
//!   are [`TokenKind::Dash`]; ellipses (`...`, `…`) and runs of `?`/`!` are one token.
//!
//! Whitespace is anything [`is_space`] accepts; every other character belongs to
//! exactly one token, so no text is ever lost between tokens.

use crate::schema::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (and digits, marks, inner hyphens, apostrophes and abbreviation periods)
    /// starting with a letter; also the clitics `'s`, `n't`, `'re`, ….
    Word,
    /// Starts with a digit: `3.5`, `1,200`, `10:30`, `1990s`, `21st`, `'96`.
    Number,
    Punct,
    Quote,
    Dash,
    Url,
    Email,
    /// Emoji, bullets and other non-ASCII symbols (with their modifiers).
    Symbol,
    /// `$`, `€`, `£`, `¥`, …, and prefixed dollars such as `US$`.
    Currency,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// The token is the first on its line (after a newline or at the start of text).
    pub line_start: bool,
}

/// Characters between tokens: Unicode white space plus the invisible separators that
/// leak into scraped news (zero-width space, BOM, direction marks, word joiner).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{2060}')
}

/// Characters that end a line (`\r\n` counts once per character, which is harmless:
/// only "a line ended" and "a blank line" matter downstream).
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Apostrophes that may sit inside a word or start a clitic. U+0092 is the cp1252
/// right single quote read as Latin-1.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '\u{92}')
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '‚'
            | '„'
            | '‟'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '「'
            | '」'
            | '『'
            | '』'
            | '＂'
            | '\u{91}'
            | '\u{92}'
            | '\u{93}'
            | '\u{94}'
    )
}

fn is_dash_char(c: char) -> bool {
    // U+0096 / U+0097: cp1252 en and em dash read as Latin-1.
    matches!(c, '—' | '–' | '―' | '‒' | '⸺' | '⸻' | '\u{96}' | '\u{97}')
}

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '€'
            | '£'
            | '¥'
            | '¢'
            | '₹'
            | '₩'
            | '₽'
            | '₪'
            | '₺'
            | '₫'
            | '₱'
            | '₦'
            | '₿'
            | '฿'
            | '₴'
            | '₣'
            | '₤'
    )
}

/// Combining marks that do not count as alphabetic in `char` (the common blocks).
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// May start a word or a number.
fn is_word_start(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// May continue a word: adds joiners and the soft hyphen, which only make sense inside.
fn is_word_char(c: char) -> bool {
    is_word_start(c) || matches!(c, '\u{AD}' | '\u{200C}' | '\u{200D}')
}

/// Modifiers that belong to the symbol before them (emoji presentation, skin tones,
/// keycaps, tag sequences).
fn is_symbol_modifier(c: char) -> bool {
    is_mark(c)
        || matches!(c,
            '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{20E3}' | '\u{E0020}'..='\u{E007F}')
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Clitics split off the word before them (`'s`, `'re`, …; `n't` is handled apart).
fn is_clitic(run: &str) -> bool {
    ["s", "re", "ve", "ll", "d", "m"].iter().any(|c| run.eq_ignore_ascii_case(c))
}

/// Unit suffixes split from a number (`3bn` → `3` `bn`). Case-sensitive so that codes
/// such as `5G`, `3M` or `10K` stay whole.
fn is_unit(s: &str) -> bool {
    matches!(
        s,
        "bn" | "mn"
            | "m"
            | "k"
            | "tn"
            | "trn"
            | "km"
            | "kg"
            | "mg"
            | "g"
            | "mm"
            | "cm"
            | "ml"
            | "mph"
            | "kph"
            | "kmh"
            | "lb"
            | "lbs"
            | "oz"
            | "ft"
            | "mi"
            | "am"
            | "pm"
            | "p"
            | "kW"
            | "MW"
            | "GW"
            | "kWh"
            | "MWh"
            | "GWh"
            | "GB"
            | "MB"
            | "TB"
            | "GHz"
            | "MHz"
            | "bbl"
            | "sq"
            | "yr"
            | "yrs"
            | "hrs"
            | "min"
            | "mins"
    )
}

/// Words that keep a following period (case-sensitive: `No.` but not `no.`).
/// Titles, name suffixes, company forms, months, AP state abbreviations, Latin.
pub fn is_abbreviation(word: &str) -> bool {
    is_title_abbreviation(word)
        || matches!(
            word,
            "Jr" | "Sr"
                | "Inc"
                | "Corp"
                | "Co"
                | "Cos"
                | "Ltd"
                | "Bros"
                | "Plc"
                | "Cie"
                | "Dept"
                | "Univ"
                | "Assn"
                | "Ave"
                | "Blvd"
                | "Rd"
                | "Hwy"
                | "St"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Jun"
                | "Jul"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
                | "Ala"
                | "Ariz"
                | "Ark"
                | "Calif"
                | "Colo"
                | "Conn"
                | "Del"
                | "Fla"
                | "Ga"
                | "Ill"
                | "Ind"
                | "Kan"
                | "Kans"
                | "Ky"
                | "La"
                | "Md"
                | "Mass"
                | "Mich"
                | "Minn"
                | "Miss"
                | "Mo"
                | "Mont"
                | "Neb"
                | "Nev"
                | "Okla"
                | "Ore"
                | "Pa"
                | "Tenn"
                | "Tex"
                | "Va"
                | "Vt"
                | "Wash"
                | "Wis"
                | "Wyo"
                | "etc"
                | "al"
                | "approx"
                | "ca"
                | "cf"
                | "est"
        )
}

/// An abbreviation in an all-capitals headline or dateline: `ST. LOUIS`, `DR. NO`.
fn is_shouted_abbreviation(word: &str) -> bool {
    if !(2..=6).contains(&word.len()) || !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let mut title = word.to_ascii_lowercase();
    title[..1].make_ascii_uppercase();
    is_abbreviation(&title)
}

/// Abbreviations that precede what they qualify, so a sentence never ends after them:
/// `Dr. Smith`, `Gen. Milley`, `No. 10`, `vs. Chelsea`.
pub fn is_title_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Messrs"
            | "Mmes"
            | "Dr"
            | "Drs"
            | "Prof"
            | "Sen"
            | "Sens"
            | "Rep"
            | "Reps"
            | "Gov"
            | "Govs"
            | "Gen"
            | "Lt"
            | "Col"
            | "Maj"
            | "Capt"
            | "Cmdr"
            | "Adm"
            | "Sgt"
            | "Cpl"
            | "Pvt"
            | "Rev"
            | "Hon"
            | "Pres"
            | "Supt"
            | "Det"
            | "Insp"
            | "Atty"
            | "Amb"
            | "Fr"
            | "Mt"
            | "Ft"
            | "No"
            | "Nos"
            | "vs"
            | "v"
    )
}

/// Capitalised words that start sentences far more often than they continue a name
/// (so `U.S. The` ends a sentence and `U.S. Senate` does not).
pub fn is_opener(s: &str) -> bool {
    matches!(
        s,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "If"
            | "When"
            | "While"
            | "After"
            | "Before"
            | "As"
            | "At"
            | "In"
            | "On"
            | "For"
            | "From"
            | "To"
            | "By"
            | "With"
            | "Although"
            | "Though"
            | "Because"
            | "Since"
            | "However"
            | "Meanwhile"
            | "Still"
            | "Also"
            | "Then"
            | "Now"
            | "Last"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "No"
            | "Not"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Mr."
            | "Mrs."
            | "Ms."
    )
}

/// The tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut s = Scanner {
        text,
        pos: 0,
        out: Vec::with_capacity(text.len() / 5 + 1),
        line_start: true,
        no_email_before: 0,
        next_at_sign: None,
    };
    s.run();
    s.out
}

/// What follows an abbreviation's period.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SentenceEnd {
    No,
    /// The end of the line or text: the sentence surely ends (even after `Sen.`).
    Line,
    /// A typical sentence opener: it ends unless the abbreviation is a title.
    Opener,
}

struct Scanner<'t> {
    text: &'t str,
    pos: usize,
    out: Vec<Token>,
    line_start: bool,
    /// An e-mail scan that failed stopped here; any start before it would fail the same
    /// way, so it is not retried (keeps the scan linear on `a.b.c.d…`).
    no_email_before: usize,
    /// The next `@` at or after the last start searched from, and where the run of
    /// local-part bytes before it begins: an address can start only in that run, so
    /// one search per `@` (most text has none) spares every other word its e-mail scan.
    next_at_sign: Option<(usize, usize)>,
}

impl<'t> Scanner<'t> {
    /// The char starting at byte `i` (`None` at the end or off a boundary).
    fn at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    fn before(&self, i: usize) -> Option<char> {
        self.text.get(..i).and_then(|s| s.chars().next_back())
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if end > start {
            self.out.push(Token {
                span: Span::new(start as u32, end as u32),
                kind,
                line_start: self.line_start,
            });
            self.line_start = false;
        }
    }

    fn run(&mut self) {
        while let Some(c) = self.at(self.pos) {
            if is_space(c) {
                if is_line_break(c) {
                    self.line_start = true;
                }
                self.pos += c.len_utf8();
                continue;
            }
            let start = self.pos;
            self.token(start, c);
            // Progress is guaranteed by every branch; this is a belt for the braces.
            if self.pos <= start {
                self.pos = start + c.len_utf8();
                self.push(start, self.pos, TokenKind::Symbol);
            }
        }
    }

    /// Scans one token (or a word and its clitic) starting at `start`, advancing `pos`.
    fn token(&mut self, start: usize, c: char) {
        let len = c.len_utf8();
        let next = self.at(start + len);
        if let Some(end) = self.url(start) {
            return self.emit(start, end, TokenKind::Url);
        }
        if c.is_ascii_alphanumeric() && start >= self.no_email_before {
            if let Some(end) = self.email(start) {
                return self.emit(start, end, TokenKind::Email);
            }
        }
        if is_word_start(c) {
            return self.word(start);
        }
        let one = start + len;
        if is_apostrophe(c) || c == '`' {
            // `''` and ``` `` ``` are one quote (PTB and NYT style).
            if next == Some(c) && (c == '\'' || c == '`') {
                return self.emit(start, one + 1, TokenKind::Quote);
            }
            if let Some(end) = self.clitic(start, one) {
                return self.emit(start, end, TokenKind::Word);
            }
            if let Some(end) = self.year(start, one) {
                return self.emit(start, end, TokenKind::Number);
            }
            return self.emit(start, one, TokenKind::Quote);
        }
        if is_quote_char(c) {
            return self.emit(start, one, TokenKind::Quote);
        }
        if is_dash_char(c) {
            let end = self.run_of(start, is_dash_char);
            return self.emit(start, end, TokenKind::Dash);
        }
        if c == '-' {
            let end = self.run_of(start, |d| d == '-');
            let spaced = self.before(start).map_or(true, is_space) && self.at(end).map_or(true, is_space);
            let kind = if end - start > 1 || spaced { TokenKind::Dash } else { TokenKind::Punct };
            return self.emit(start, end, kind);
        }
        if c == '.' {
            let end = self.run_of(start, |d| d == '.');
            return self.emit(start, end, TokenKind::Punct);
        }
        if c == '!' || c == '?' {
            let end = self.run_of(start, |d| d == '!' || d == '?');
            return self.emit(start, end, TokenKind::Punct);
        }
        if is_currency(c) {
            return self.emit(start, one, TokenKind::Currency);
        }
        if c.is_ascii_punctuation() || c == '…' {
            return self.emit(start, one, TokenKind::Punct);
        }
        self.symbol(start, c)
    }

    fn emit(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.push(start, end, kind);
        self.pos = end;
    }

    /// End of the run of chars satisfying `f` from `start`.
    fn run_of(&self, start: usize, f: impl Fn(char) -> bool) -> usize {
        let rest = self.text.get(start..).unwrap_or("");
        start + rest.find(|c: char| !f(c)).unwrap_or(rest.len())
    }

    /// An emoji or other symbol with the modifiers, joiners and flag pair that belong
    /// to it, so `👍🏽` or `👨‍👩‍👧` is one token.
    fn symbol(&mut self, start: usize, c: char) {
        let mut end = start + c.len_utf8();
        if is_regional_indicator(c) {
            if let Some(d) = self.at(end).filter(|&d| is_regional_indicator(d)) {
                end += d.len_utf8();
            }
        }
        loop {
            match self.at(end) {
                Some(d) if is_symbol_modifier(d) => end += d.len_utf8(),
                Some('\u{200D}') => match self.at(end + 3) {
                    Some(e) if !is_space(e) && !is_word_start(e) => end += 3 + e.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        self.emit(start, end, TokenKind::Symbol)
    }

    /// Does a sentence end just before byte `i` (right after an abbreviation's period)?
    /// Yes at the end of the text or of the line (after closing quotes), and before a
    /// typical sentence opener or an opening quote.
    fn sentence_ends_at(&self, i: usize) -> SentenceEnd {
        let rest = self.text.get(i..).unwrap_or("");
        let rest = rest.trim_start_matches(['"', '\'', '”', '’', '»', ')', ']', '\u{94}']);
        let rest = rest.trim_start_matches(|c: char| is_space(c) && !is_line_break(c));
        let Some(first) = rest.chars().next() else { return SentenceEnd::Line };
        if is_line_break(first) {
            return SentenceEnd::Line;
        }
        if rest.len() == i.abs_diff(self.text.len()) {
            // Glued to what follows (`U.S.-based`, `Inc.,`): not an end.
            return SentenceEnd::No;
        }
        if matches!(first, '“' | '‘' | '«' | '"') {
            let upper = rest[first.len_utf8()..].starts_with(char::is_uppercase);
            return if upper { SentenceEnd::Opener } else { SentenceEnd::No };
        }
        let word_len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let word = &rest[..word_len];
        if is_opener(word) || (matches!(word, "Mr" | "Mrs" | "Ms") && rest[word_len..].starts_with('.')) {
            SentenceEnd::Opener
        } else {
            SentenceEnd::No
        }
    }

    /// A clitic right after a word that was not split off by [`Scanner::word`] (the
    /// second of `we'd've`).
    fn clitic(&self, start: usize, after: usize) -> Option<usize> {
        if !self.before(start).is_some_and(|p| p.is_alphanumeric()) {
            return None;
        }
        let end = self.run_of(after, char::is_alphabetic);
        let ok = is_clitic(self.text.get(after..end)?) && !self.at(end).is_some_and(is_word_char);
        ok.then_some(end)
    }

    /// `'96`, `'90s` after a non-word character: a year, not a quote.
    fn year(&self, start: usize, after: usize) -> Option<usize> {
        if self.before(start).is_some_and(|p| p.is_alphanumeric()) {
            return None;
        }
        let b = self.text.as_bytes();
        let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        if !(d(after) && d(after + 1)) {
            return None;
        }
        let mut end = after + 2;
        if b.get(end) == Some(&b's') {
            end += 1;
        }
        if self.at(end).is_some_and(is_word_char) {
            return None;
        }
        Some(end)
    }

    /// `http://…`, `https://…`, `www.…`, trimmed of trailing punctuation and of a
    /// closing bracket that it did not open.
    fn url(&self, start: usize) -> Option<usize> {
        let rest = self.text.get(start..)?;
        let has =
            |p: &str| rest.as_bytes().get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()));
        let prefix = if has("https://") {
            8
        } else if has("http://") {
            7
        } else if has("www.") {
            4
        } else {
            return None;
        };
        if self.before(start).is_some_and(|p| p.is_alphanumeric()) {
            return None;
        }
        if !rest[prefix..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let stop = |c: char| is_space(c) || (is_quote_char(c) && c != '\'') || matches!(c, '<' | '>');
        let body = &rest[..rest.find(stop).unwrap_or(rest.len())];
        let (mut open, mut close) = (0usize, 0usize);
        for c in body.chars() {
            match c {
                '(' => open += 1,
                ')' => close += 1,
                _ => {}
            }
        }
        let mut end = body.len();
        while end > prefix {
            let Some(last) = body[..end].chars().next_back() else { break };
            let trim = match last {
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' => true,
                ')' if close > open => {
                    close -= 1;
                    true
                }
                _ => false,
            };
            if !trim {
                break;
            }
            end -= last.len_utf8();
        }
        Some(start + end)
    }

    /// `local@domain.tld`, where the domain has a dot and an alphabetic top level.
    fn email(&mut self, start: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
        let run = match self.next_at_sign {
            Some((p, run)) if p >= start => run,
            _ => match self.text.get(start..).and_then(|rest| rest.find('@')) {
                Some(k) => {
                    let p = start + k;
                    let run = p - b[start..p].iter().rev().take_while(|&&c| local(c)).count();
                    self.next_at_sign = Some((p, run));
                    run
                }
                None => {
                    // No `@` from here to the end: no address starts here or later.
                    self.no_email_before = usize::MAX;
                    return None;
                }
            },
        };
        if start < run {
            // A byte outside any local part stands between here and the `@`.
            self.no_email_before = run;
            return None;
        }
        let mut at = start;
        while at < b.len() && local(b[at]) {
            at += 1;
        }
        if b.get(at) != Some(&b'@') || b[at - 1] == b'.' {
            self.no_email_before = at.max(start + 1);
            return None;
        }
        let label = |c: u8| c.is_ascii_alphanumeric() || c == b'-';
        let mut end = at + 1;
        let mut last_dot = None;
        while end < b.len() && (label(b[end]) || b[end] == b'.' && b.get(end + 1).copied().is_some_and(label))
        {
            if b[end] == b'.' {
                last_dot = Some(end);
            }
            end += 1;
        }
        let ok = last_dot.is_some_and(|d| end - d > 2 && b[d + 1..end].iter().all(u8::is_ascii_alphabetic))
            && b.get(at + 1).is_some_and(u8::is_ascii_alphanumeric);
        if !ok {
            self.no_email_before = at + 1;
            return None;
        }
        Some(end)
    }

    /// A word or number from `start`, with its inner joiners; pushes the token and, for
    /// `'s` / `n't` style clitics, the clitic after it.
    fn word(&mut self, start: usize) {
        let numeric = self.at(start).is_some_and(|c| c.is_numeric());
        let mut pos = start;
        // Lengths (in chars) of the period-separated segments, to tell `U.S.` from
        // `Amazon.com`.
        let mut seg_chars = 0usize;
        let mut long_seg = false;
        let mut inner_period = false;
        while let Some(c) = self.at(pos) {
            let len = c.len_utf8();
            if is_word_char(c) {
                pos += len;
                seg_chars += 1;
                continue;
            }
            let next = self.at(pos + len);
            let next_alnum = next.is_some_and(|n| n.is_alphanumeric());
            let next_digit = next.is_some_and(|n| n.is_ascii_digit());
            let join = match c {
                '-' | '\u{2010}' | '\u{2011}' => next_alnum,
                '.' if numeric => next_digit,
                '.' => next_alnum && !(seg_chars >= 3 && next.is_some_and(char::is_uppercase)),
                ',' | ':' | '/' => numeric && next_digit,
                '&' => {
                    self.before(pos).is_some_and(|p| p.is_ascii_uppercase())
                        && next.is_some_and(|n| n.is_ascii_uppercase())
                }
                c if is_apostrophe(c) => {
                    let after = pos + len;
                    let run_end = self.run_of(after, char::is_alphabetic);
                    if run_end == after || self.at(run_end).is_some_and(is_word_char) {
                        false
                    } else {
                        let run = &self.text[after..run_end];
                        let before_n = pos - 1;
                        if run.eq_ignore_ascii_case("t")
                            && before_n > start
                            && matches!(self.text.as_bytes()[before_n], b'n' | b'N')
                        {
                            self.push(start, before_n, word_kind(numeric));
                            return self.emit(before_n, run_end, TokenKind::Word);
                        }
                        if is_clitic(run) {
                            self.push(start, pos, word_kind(numeric));
                            return self.emit(pos, run_end, TokenKind::Word);
                        }
                        pos = run_end;
                        seg_chars += run.chars().count() + 1;
                        continue;
                    }
                }
                _ => false,
            };
            if !join {
                break;
            }
            if c == '.' {
                inner_period = true;
                long_seg |= seg_chars > 2;
                seg_chars = 0;
            } else if c != '&' && !is_apostrophe(c) && !numeric {
                // A hyphen starts a new segment: `non-U.S.` is `non-` + `U.S.`.
                seg_chars = 0;
            } else {
                seg_chars += 1;
            }
            pos += len;
        }
        long_seg |= seg_chars > 2;
        let word = &self.text[start..pos];
        if !numeric && self.at(pos) == Some('.') {
            let keep = if inner_period {
                !long_seg
            } else if matches!(word, "No" | "Nos" | "no" | "NO") {
                // `No. 10`, not "the answer was No."
                self.text
                    .get(pos + 1..)
                    .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            } else {
                // The last part of a hyphenated word counts: `(D-Mass.)`.
                let last = word.rsplit('-').next().unwrap_or(word);
                is_abbreviation(last)
                    || (seg_chars == 1 && word.starts_with(char::is_uppercase))
                    || is_shouted_abbreviation(word)
            };
            if keep {
                // A sentence-final abbreviation gives its period to the sentence, as the
                // corpora do ("in the U.S" + "."): the gold spans end before it.
                let end = self.sentence_ends_at(pos + 1);
                if end == SentenceEnd::Line || (end == SentenceEnd::Opener && !is_title_abbreviation(word)) {
                    self.push(start, pos, TokenKind::Word);
                    return self.emit(pos, pos + 1, TokenKind::Punct);
                }
                return self.emit(start, pos + 1, TokenKind::Word);
            }
        }
        if !numeric
            && self.at(pos) == Some('$')
            && (1..=3).contains(&word.len())
            && word.bytes().all(|b| b.is_ascii_uppercase())
        {
            return self.emit(start, pos + 1, TokenKind::Currency);
        }
        if numeric {
            // `3bn` → `3` `bn`: the number part is digits and separators only.
            if let Some(k) = word.find(|c: char| c.is_alphabetic()) {
                if is_unit(&word[k..])
                    && word[..k].bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
                {
                    self.push(start, start + k, TokenKind::Number);
                    return self.emit(start + k, pos, TokenKind::Word);
                }
            }
        }
        let kind = word_kind(numeric);
        self.emit(start, pos, kind)
    }
}

fn word_kind(numeric: bool) -> TokenKind {
    if numeric {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| &text[t.span.range()]).collect()
    }

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text).iter().map(|t| (&text[t.span.range()], t.kind)).collect()
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(toks("The U.S. and U.N. met."), ["The", "U.S.", "and", "U.N.", "met", "."]);
        assert_eq!(
            toks("Dr. Smith met Gov. Brown at 9 a.m. on Jan. 5."),
            ["Dr.", "Smith", "met", "Gov.", "Brown", "at", "9", "a.m.", "on", "Jan.", "5", "."]
        );
        assert_eq!(
            toks("Acme Corp. and Widgets Inc. in Sacramento, Calif."),
            ["Acme", "Corp.", "and", "Widgets", "Inc.", "in", "Sacramento", ",", "Calif", "."]
        );
        assert_eq!(
            toks("She holds a Ph.D. from MIT, e.g. in physics."),
            ["She", "holds", "a", "Ph.D.", "from", "MIT", ",", "e.g.", "in", "physics", "."]
        );
        assert_eq!(
            toks("He lives at No. 10 and said no."),
            ["He", "lives", "at", "No.", "10", "and", "said", "no", "."]
        );
    }

    #[test]
    fn a_sentence_final_abbreviation_gives_up_its_period() {
        assert_eq!(toks("in the U.S.\nNext"), ["in", "the", "U.S", ".", "Next"]);
        assert_eq!(toks("in the U.S. The end"), ["in", "the", "U.S", ".", "The", "end"]);
        assert_eq!(toks("in the U.S. Senate"), ["in", "the", "U.S.", "Senate"]);
        assert_eq!(toks("\"made in the U.S.\""), ["\"", "made", "in", "the", "U.S", ".", "\""]);
        assert_eq!(toks("Acme Inc. Mr. Cook"), ["Acme", "Inc", ".", "Mr.", "Cook"]);
        assert_eq!(toks("Acme Inc., the maker"), ["Acme", "Inc.", ",", "the", "maker"]);
        assert_eq!(toks("a U.S.-based firm"), ["a", "U.S.", "-", "based", "firm"]);
        assert_eq!(toks("Warren (D-Mass.) said"), ["Warren", "(", "D-Mass.", ")", "said"]);
        assert_eq!(toks("U.S. and non-U.S. markets"), ["U.S.", "and", "non-U.S.", "markets"]);
        assert_eq!(toks("ST. LOUIS and team no. 225"), ["ST.", "LOUIS", "and", "team", "no.", "225"]);
        assert_eq!(toks("He met Dr. The"), ["He", "met", "Dr.", "The"]);
        assert_eq!(toks("He met Sen.\nNext"), ["He", "met", "Sen", ".", "Next"]);
        assert_eq!(toks("in the U.S. \u{201C}We"), ["in", "the", "U.S", ".", "\u{201C}", "We"]);
    }

    #[test]
    fn ordinary_words_lose_the_period() {
        assert_eq!(toks("He said. She left."), ["He", "said", ".", "She", "left", "."]);
        assert_eq!(toks("It was fine.The end"), ["It", "was", "fine", ".", "The", "end"]);
        assert_eq!(toks("Visit Amazon.com."), ["Visit", "Amazon.com", "."]);
    }

    #[test]
    fn initials() {
        assert_eq!(
            toks("J. K. Rowling and George W. Bush"),
            ["J.", "K.", "Rowling", "and", "George", "W.", "Bush"]
        );
        assert_eq!(toks("J.K. Rowling"), ["J.K.", "Rowling"]);
    }

    #[test]
    fn numbers_with_separators() {
        assert_eq!(toks("It cost 1,200.50 or 3.5 times"), ["It", "cost", "1,200.50", "or", "3.5", "times"]);
        assert_eq!(
            toks("At 10:30 on 1996-08-22 (9/11)"),
            ["At", "10:30", "on", "1996-08-22", "(", "9/11", ")"]
        );
        assert_eq!(toks("In 1996, 2 people"), ["In", "1996", ",", "2", "people"]);
        assert_eq!(
            toks("the 21st century, the 1990s and '90s"),
            ["the", "21st", "century", ",", "the", "1990s", "and", "'90s"]
        );
        assert_eq!(kinds("'96")[0].1, TokenKind::Number);
        assert_eq!(toks("a 10-year-old F-16"), ["a", "10-year-old", "F-16"]);
        assert_eq!(toks("Version 3.The end."), ["Version", "3", ".", "The", "end", "."]);
    }

    #[test]
    fn currency_and_percent() {
        assert_eq!(kinds("$280"), [("$", TokenKind::Currency), ("280", TokenKind::Number)]);
        assert_eq!(
            toks("€5 and £3bn and US$4.5m"),
            ["€", "5", "and", "£", "3", "bn", "and", "US$", "4.5", "m"]
        );
        assert_eq!(kinds("US$")[0].1, TokenKind::Currency);
        assert_eq!(toks("up 57% to 3.5%."), ["up", "57", "%", "to", "3.5", "%", "."]);
        assert_eq!(toks("5G and 3M at 5pm, 10km"), ["5G", "and", "3M", "at", "5", "pm", ",", "10", "km"]);
    }

    #[test]
    fn hyphens() {
        assert_eq!(
            toks("a well-known anti-abortion EU-wide COVID-19 plan"),
            ["a", "well-known", "anti-abortion", "EU-wide", "COVID-19", "plan"]
        );
        assert_eq!(toks("pro- and anti-war"), ["pro", "-", "and", "anti-war"]);
        assert_eq!(toks("U.S.-based"), ["U.S.", "-", "based"]);
    }

    #[test]
    fn contractions_and_possessives() {
        assert_eq!(toks("Clinton's plan"), ["Clinton", "'s", "plan"]);
        assert_eq!(
            toks("We don't, can't and won't."),
            ["We", "do", "n't", ",", "ca", "n't", "and", "wo", "n't", "."]
        );
        assert_eq!(
            toks("I'm sure they're here; we'd've"),
            ["I", "'m", "sure", "they", "'re", "here", ";", "we", "'d", "'ve"]
        );
        assert_eq!(
            toks("O'Brien's and D'Amato's and Côte d'Ivoire"),
            ["O'Brien", "'s", "and", "D'Amato", "'s", "and", "Côte", "d'Ivoire"]
        );
        assert_eq!(toks("the parents' votes"), ["the", "parents", "'", "votes"]);
        assert_eq!(toks("Clinton’s aides DON’T"), ["Clinton", "’s", "aides", "DO", "N’T"]);
        assert_eq!(toks("Clinton\u{92}s aide"), ["Clinton", "\u{92}s", "aide"]);
        assert_eq!(toks("rock'n'roll, y'all"), ["rock'n'roll", ",", "y'all"]);
        assert_eq!(toks("the 1990's"), ["the", "1990", "'s"]);
        assert_eq!(kinds("it's")[1], ("'s", TokenKind::Word));
    }

    #[test]
    fn quotes_of_every_kind() {
        for q in ["\"", "'", "“", "”", "‘", "’", "«", "»", "\u{93}", "\u{94}", "„", "``", "''"] {
            let text = format!("{q}Hi{q}");
            let k = kinds(&text);
            assert_eq!(k.len(), 3, "{text:?}: {k:?}");
            assert_eq!(k[0], (q, TokenKind::Quote));
            assert_eq!(k[2], (q, TokenKind::Quote));
        }
        assert_eq!(toks("“We will win,” he said."), ["“", "We", "will", "win", ",", "”", "he", "said", "."]);
        assert_eq!(
            toks("``It's over,'' she said."),
            ["``", "It", "'s", "over", ",", "''", "she", "said", "."]
        );
        assert_eq!(toks("'Fake news'"), ["'", "Fake", "news", "'"]);
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            kinds("See https://example.com/a?b=1&c=2."),
            [
                ("See", TokenKind::Word),
                ("https://example.com/a?b=1&c=2", TokenKind::Url),
                (".", TokenKind::Punct)
            ]
        );
        assert_eq!(toks("(www.example.org/path)"), ["(", "www.example.org/path", ")"]);
        assert_eq!(
            toks("https://en.wikipedia.org/wiki/Foo_(bar)"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(toks("\"http://x.co/y\""), ["\"", "http://x.co/y", "\""]);
        assert_eq!(
            kinds("Write to tips@news.example.com."),
            [
                ("Write", TokenKind::Word),
                ("to", TokenKind::Word),
                ("tips@news.example.com", TokenKind::Email),
                (".", TokenKind::Punct)
            ]
        );
        assert_eq!(toks("@realDonaldTrump and a@b"), ["@", "realDonaldTrump", "and", "a", "@", "b"]);
        // Several `@`, words before and between them: each address is still found.
        let emails = |t: &str| -> Vec<String> {
            tokenize(t)
                .into_iter()
                .filter(|k| k.kind == TokenKind::Email)
                .map(|k| t[k.span.range()].to_string())
                .collect()
        };
        assert_eq!(
            emails("Ask a@b.org, c.d@e.com or @x; x@y and then z@q.io."),
            ["a@b.org", "c.d@e.com", "z@q.io"]
        );
        assert!(emails("no address here").is_empty());
        assert_eq!(toks("http://"), ["http", ":", "/", "/"]);
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(
            kinds("war—and peace"),
            [
                ("war", TokenKind::Word),
                ("—", TokenKind::Dash),
                ("and", TokenKind::Word),
                ("peace", TokenKind::Word)
            ]
        );
        assert_eq!(kinds("a -- b - c")[1], ("--", TokenKind::Dash));
        assert_eq!(kinds("a -- b - c")[3], ("-", TokenKind::Dash));
        assert_eq!(toks("1990–95"), ["1990", "–", "95"]);
        assert_eq!(toks("Well... maybe… not?!"), ["Well", "...", "maybe", "…", "not", "?!"]);
        assert_eq!(kinds("-3")[0], ("-", TokenKind::Punct));
    }

    #[test]
    fn unicode_text() {
        assert_eq!(toks("Zoë Müller in Zürich"), ["Zoë", "Müller", "in", "Zürich"]);
        assert_eq!(toks("Cafe\u{301} 東京 😀👍🏽 🇺🇸"), ["Cafe\u{301}", "東京", "😀", "👍🏽", "🇺🇸"]);
        assert_eq!(toks("👨\u{200D}👩\u{200D}👧 ok"), ["👨\u{200D}👩\u{200D}👧", "ok"]);
        assert_eq!(toks("in\u{AD}formation\u{200B}here"), ["in\u{AD}formation", "here"]);
    }

    #[test]
    fn line_starts_with_crlf() {
        let t = tokenize("HEADLINE\r\nBy Jane Doe\r\n\r\nBody text.");
        let starts: Vec<bool> = t.iter().map(|t| t.line_start).collect();
        assert_eq!(starts, [true, true, false, false, true, false, false]);
    }

    #[test]
    fn nothing_is_lost_on_odd_input() {
        for text in [
            "'",
            "''",
            "'9",
            "'99",
            "n't",
            "'s",
            "a'",
            "$",
            "US$",
            "www.",
            "x@",
            "@x.co",
            "a.b.c.",
            "1,",
            "1.",
            "..",
            "\u{200D}",
            "\u{301}",
            "-",
            "'''",
            "\u{1F1E6}",
        ] {
            let t = tokenize(text);
            let covered: usize = t.iter().map(|t| t.span.len() as usize).sum();
            assert_eq!(covered, text.len(), "{text:?}: {t:?}");
        }
    }
}
