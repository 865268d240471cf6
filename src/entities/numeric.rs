//! Figures: DATE, TIME, MONEY, PERCENT and QUANTITY from rules over tokens.
//!
//! Why rules and not the learned model: no freely usable news corpus annotates figures
//! the way the schema wants them, and their surface forms are closed enough ("$280
//! million", "Feb. 28", "10 a.m.", "3.5 percent") that a few hand grammars are both
//! precise and fast. Each grammar starts at one token and returns the longest span it
//! can justify; the scanner keeps the longest match at each position and jumps past it,
//! so the pass is linear and spans never overlap.
//!
//! The grammars read token strings only, never raw text between tokens, except to ask
//! whether two tokens touch ("$" + "280", "100" + "%", "Feb" + "."), which keeps them
//! robust to how the tokenizer splits punctuation. Precision beats recall: a bare "57"
//! is not tagged, "May" is a month only with a day, a year or a date preposition, and a
//! year-like "1996" never swallows the noun after it.

use crate::schema::{EntityLabel, Span};
use crate::text::Document;

/// Appends every figure in `doc` to `out`, sorted and non-overlapping.
pub fn find(doc: &Document, out: &mut Vec<(Span, EntityLabel)>) {
    let t = Toks { doc, n: doc.tokens.len() };
    let mut i = 0;
    while i < t.n {
        if !t.may_start(i) {
            i += 1;
            continue;
        }
        let mut best: Option<(usize, usize, EntityLabel)> = None;
        let candidates = [
            t.time(i).map(|(s, e)| (s, e, EntityLabel::Time)),
            t.money(i).map(|(s, e)| (s, e, EntityLabel::Money)),
            t.percent(i).map(|e| (i, e, EntityLabel::Percent)),
            t.date(i).map(|(s, e)| (s, e, EntityLabel::Date)),
            t.quantity(i).map(|(e, l)| (i, e, l)),
        ];
        for c in candidates.into_iter().flatten() {
            if best.map_or(true, |b| c.1 > b.1) {
                best = Some(c);
            }
        }
        match best {
            Some((s, e, label)) if e > s && s >= i => {
                let span = Span::new(doc.tokens[s].span.start, doc.tokens[e - 1].span.end);
                out.push((span, label));
                i = e;
            }
            _ => i += 1,
        }
    }
}

const MONTHS: Words = Words::new(&[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]);
const MONTH_ABBREVS: Words =
    Words::new(&["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]);
const WEEKDAYS: Words =
    Words::new(&["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
const NUMBER_WORDS: Words = Words::new(&[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
]);
const SCALES: Words =
    Words::new(&["hundred", "thousand", "million", "billion", "trillion", "mln", "bln", "bn", "m", "mn"]);
const CURRENCY_WORDS: Words = Words::new(&[
    "dollar",
    "dollars",
    "cent",
    "cents",
    "pound",
    "pounds",
    "euro",
    "euros",
    "yen",
    "mark",
    "marks",
    "franc",
    "francs",
    "lire",
    "lira",
    "peso",
    "pesos",
    "rupee",
    "rupees",
    "yuan",
    "rouble",
    "roubles",
    "ruble",
    "rubles",
    "rand",
    "crowns",
    "kroner",
    "kronor",
    "guilders",
    "schillings",
    "pesetas",
]);
const CURRENCY_CODES: Words = Words::new(&["USD", "EUR", "GBP", "JPY", "CHF", "DM", "DEM", "FFR", "Rs"]);
const UNITS: Words = Words::new(&[
    "km",
    "kms",
    "kilometre",
    "kilometres",
    "kilometer",
    "kilometers",
    "mile",
    "miles",
    "metre",
    "metres",
    "meter",
    "meters",
    "cm",
    "mm",
    "feet",
    "foot",
    "ft",
    "inch",
    "inches",
    "yards",
    "kg",
    "kilogram",
    "kilograms",
    "kilos",
    "gram",
    "grams",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "lb",
    "lbs",
    "ounce",
    "ounces",
    "oz",
    "barrel",
    "barrels",
    "bpd",
    "litre",
    "litres",
    "liter",
    "liters",
    "gallon",
    "gallons",
    "acre",
    "acres",
    "hectare",
    "hectares",
    "degree",
    "degrees",
    "mph",
    "MW",
    "megawatts",
    "GW",
    "kilowatts",
    "bushels",
    "bales",
    "carats",
]);
const DATE_UNITS: Words = Words::new(&[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "weekend",
    "weekends",
]);
const TIME_UNITS: Words = Words::new(&["hour", "hours", "minute", "minutes", "second", "seconds"]);
const RELATIVE: Words = Words::new(&["last", "next", "this", "past", "coming", "previous", "following"]);
const PERIODS: Words = Words::new(&[
    "week", "month", "year", "weekend", "quarter", "season", "spring", "summer", "autumn", "fall", "winter",
    "decade", "century", "half",
]);
const DAY_PARTS: Words = Words::new(&["morning", "afternoon", "evening", "night"]);
const TIMEZONES: Words =
    Words::new(&["GMT", "UTC", "EST", "EDT", "CST", "CDT", "PST", "PDT", "ET", "BST", "CET", "local"]);
/// Words before "May"/"March" that make the month reading safe.
const DATE_PREPS: Words = Words::new(&[
    "in", "since", "until", "till", "by", "during", "early", "late", "mid", "last", "next", "this", "of",
    "from", "through", "before",
]);
/// Lowercase words ending in -s that are not plural nouns.
const NOT_PLURAL: Words = Words::new(&[
    "was",
    "has",
    "is",
    "does",
    "says",
    "its",
    "this",
    "thus",
    "as",
    "us",
    "yes",
    "always",
    "perhaps",
    "less",
    "unless",
    "across",
    "whereas",
    "besides",
    "plus",
    "minus",
    "his",
    "hers",
    "ours",
    "yours",
    "theirs",
    "goes",
    "afterwards",
    "towards",
    "sometimes",
    "nevertheless",
]);
const IRREGULAR_PLURALS: Words =
    Words::new(&["people", "children", "men", "women", "police", "cattle", "sheep", "personnel", "staff"]);
const ORDINALS: Words = Words::new(&["first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"]);

fn is_in(list: &[&str], s: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// A word list with a filter in front: per word length (< 16; longer words share the last
/// slot) a bit per first letter some word of the list has. Built at compile time. The
/// grammars ask several lists about the tokens around every number, and most answers are
/// no: the filter gives them for a table lookup instead of a comparison per word.
struct Words {
    list: &'static [&'static str],
    filter: [u32; 16],
}

impl Words {
    const fn new(list: &'static [&'static str]) -> Words {
        let mut filter = [0u32; 16];
        let mut i = 0;
        while i < list.len() {
            let b = list[i].as_bytes();
            if !b.is_empty() {
                let len = if b.len() < 16 { b.len() } else { 15 };
                filter[len] |= letter_bit(b[0]);
            }
            i += 1;
        }
        Words { list, filter }
    }

    /// Whether the list may hold `s` (any case); false means it does not.
    #[inline]
    fn may_have(&self, s: &str) -> bool {
        let Some(&b) = s.as_bytes().first() else { return self.list.iter().any(|w| w.is_empty()) };
        self.filter[s.len().min(15)] & letter_bit(b) != 0
    }

    /// Whether the list holds `s`, ignoring ASCII case.
    #[inline]
    fn has(&self, s: &str) -> bool {
        self.may_have(s) && is_in(self.list, s)
    }
}

fn month_index(s: &str) -> Option<usize> {
    if !MONTHS.may_have(s) {
        return None;
    }
    MONTHS.list.iter().position(|m| m.eq_ignore_ascii_case(s))
}

/// Digits with optional thousands commas and one decimal point: "57", "2,000", "3.5".
fn is_numeral(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() || !b[b.len() - 1].is_ascii_digit() {
        return false;
    }
    let mut dots = 0;
    for &c in b {
        match c {
            b'0'..=b'9' | b',' => {}
            b'.' => dots += 1,
            _ => return false,
        }
    }
    dots <= 1
}

fn numeral_value(s: &str) -> Option<u32> {
    if s.len() > 6 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// "1996", "2024": four digits, no separators, 1800..=2099.
fn is_year(s: &str) -> bool {
    s.len() == 4 && numeral_value(s).is_some_and(|v| (1800..=2099).contains(&v))
}

/// "28", "2nd", "31st": a day of the month.
fn is_day(s: &str) -> bool {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        && digits.len() <= 2
        && numeral_value(digits).is_some_and(|v| (1..=31).contains(&v))
}

/// "5m", "2.5bn", "10km", "5kg": a numeral glued to a scale or unit.
fn split_glued(s: &str) -> Option<(&str, &str)> {
    let num_len = s.bytes().take_while(|c| c.is_ascii_digit() || *c == b'.' || *c == b',').count();
    if num_len == 0 || num_len == s.len() {
        return None;
    }
    let (num, rest) = s.split_at(num_len);
    (is_numeral(num) && rest.bytes().all(|c| c.is_ascii_alphabetic())).then_some((num, rest))
}

/// "10:30", "9.45": hours and minutes in one token.
fn is_clock(s: &str) -> bool {
    let Some((h, m)) = s.split_once([':', '.']) else { return false };
    (1..=2).contains(&h.len())
        && m.len() == 2
        && numeral_value(h).is_some_and(|v| v <= 24)
        && numeral_value(m).is_some_and(|v| v < 60)
}

fn is_plural_noun(s: &str) -> bool {
    if IRREGULAR_PLURALS.has(s) {
        return true;
    }
    let b = s.as_bytes();
    b.len() >= 3
        && b.iter().all(|c| c.is_ascii_lowercase())
        && s.ends_with('s')
        && !s.ends_with("ss")
        && !s.ends_with("us")
        && !s.ends_with("is")
        && !s.ends_with("ous")
        && !NOT_PLURAL.has(s)
}

struct Toks<'a, 'd> {
    doc: &'a Document<'d>,
    n: usize,
}

impl Toks<'_, '_> {
    /// Token `i`'s text, "" past the end.
    fn s(&self, i: usize) -> &str {
        if i < self.n {
            self.doc.token_str(i)
        } else {
            ""
        }
    }

    /// A cheap filter: can any grammar start at token `i`? Most tokens are lower-case
    /// words that cannot, and the grammars' list lookups are not free.
    fn may_start(&self, i: usize) -> bool {
        let s = self.s(i);
        let Some(c) = s.chars().next() else { return false };
        if c.is_ascii_digit() || matches!(c, '$' | '£' | '€' | '¥' | '+' | '-' | '−') {
            return true;
        }
        if c.is_uppercase() {
            // Capitalized starters: months, weekdays, currency prefixes ("US$", "DM"),
            // and sentence-initial forms of the lower-case starters below.
            let w = self.w(i);
            return month_index(w).is_some()
                || MONTH_ABBREVS.has(w)
                || WEEKDAYS.has(s)
                || CURRENCY_CODES.has(s)
                || s.ends_with(['$', '£', '€', '¥'])
                || (s.len() <= 3 && s.bytes().all(|b| b.is_ascii_uppercase()))
                || lower_starter(s);
        }
        lower_starter(s)
    }
}

/// Words a grammar can start with besides "mid-…", in any case.
const LOWER_STARTERS: [&Words; 4] = [&RELATIVE, &NUMBER_WORDS, &ORDINALS, &STARTER_WORDS];

const STARTER_WORDS: Words = Words::new(&[
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "noon",
    "midnight",
    "early",
    "late",
    "mid",
    "a",
    "an",
]);

#[inline]
const fn letter_bit(b: u8) -> u32 {
    let b = b.to_ascii_lowercase();
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else {
        1 << 31
    }
}

/// Lower-case words a grammar can start with ("last week", "two years", "noon").
fn lower_starter(s: &str) -> bool {
    if s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("mid-")) {
        return true;
    }
    LOWER_STARTERS.iter().any(|list| list.has(s))
}

impl Toks<'_, '_> {
    /// Token `i` with an abbreviation period removed ("Feb." → "Feb").
    fn w(&self, i: usize) -> &str {
        let s = self.s(i);
        s.strip_suffix('.').unwrap_or(s)
    }

    /// Tokens `i` and `i + 1` touch (no space between).
    fn glued(&self, i: usize) -> bool {
        i + 1 < self.n && self.doc.tokens[i].span.end == self.doc.tokens[i + 1].span.start
    }

    /// Index after token `i`, taking a glued abbreviation period along.
    fn after_abbrev(&self, i: usize) -> usize {
        if !self.s(i).ends_with('.') && self.s(i + 1) == "." && self.glued(i) {
            i + 2
        } else {
            i + 1
        }
    }

    fn is_capitalized(&self, i: usize) -> bool {
        self.s(i).chars().next().is_some_and(|c| c.is_uppercase())
    }

    /// A number phrase at `i`: numeral or number word, then scale words. Returns the end.
    fn number(&self, i: usize) -> Option<usize> {
        let s = self.s(i);
        let mut e = if is_numeral(s) {
            i + 1
        } else if NUMBER_WORDS.has(s) {
            // "twenty-five" is one token; "twenty five" two.
            let mut e = i + 1;
            while NUMBER_WORDS.has(self.s(e)) {
                e += 1;
            }
            e
        } else if let Some(first) = s.split('-').next().filter(|_| s.contains('-')) {
            if NUMBER_WORDS.has(first) && s.split('-').all(|p| NUMBER_WORDS.has(p)) {
                i + 1
            } else {
                return None;
            }
        } else {
            return None;
        };
        // "1.5 million", "2 billion"; "m"/"bn" only when glued ("5 m" is metres).
        while SCALES.has(self.s(e)) && (self.s(e).len() > 2 || self.glued(e - 1)) {
            e += 1;
        }
        Some(e)
    }

    /// A sign glued before a numeral: "+2.5", "-0.3". Not a dash glued after a figure: in
    /// "2%-3%" or "4.25%-4.5%" it joins a range, and "-3%" would read as a fall.
    fn signed_number(&self, i: usize) -> Option<(usize, usize)> {
        let after_figure = i > 0
            && self.glued(i - 1)
            && self.s(i - 1).chars().last().is_some_and(|c| c.is_ascii_digit() || c == '%');
        if matches!(self.s(i), "+" | "-" | "−") && !after_figure && self.glued(i) && is_numeral(self.s(i + 1))
        {
            return self.number(i + 1).map(|e| (i, e));
        }
        self.number(i).map(|e| (i, e))
    }

    fn percent(&self, i: usize) -> Option<usize> {
        let (_, e) = self.signed_number(i)?;
        let next = self.s(e);
        if next == "%" || next.eq_ignore_ascii_case("percent") || next.eq_ignore_ascii_case("pct") {
            if next.eq_ignore_ascii_case("percent") && self.s(e + 1).eq_ignore_ascii_case("points") {
                return Some(e + 2);
            }
            return Some(e + 1);
        }
        if next.eq_ignore_ascii_case("per") && self.s(e + 1).eq_ignore_ascii_case("cent") {
            return Some(e + 2);
        }
        if next.eq_ignore_ascii_case("percentage") && self.s(e + 1).eq_ignore_ascii_case("points") {
            return Some(e + 2);
        }
        None
    }

    fn money(&self, i: usize) -> Option<(usize, usize)> {
        let s = self.s(i);
        // Symbol first: "$280 million", "US$ 5", "£3", "C$1.2bn".
        let sym = |k: usize| matches!(self.s(k), "$" | "£" | "€" | "¥");
        let joined_sym = s
            .strip_suffix(['$', '£', '€', '¥'])
            .is_some_and(|p| (1..=3).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_uppercase()));
        let prefix_end = if sym(i) || joined_sym {
            Some(i + 1)
        } else if (1..=3).contains(&s.len())
            && s.bytes().all(|c| c.is_ascii_uppercase())
            && self.glued(i)
            && sym(i + 1)
        {
            Some(i + 2)
        } else if CURRENCY_CODES.has(s) && is_numeral(self.s(i + 1)) {
            Some(i + 1)
        } else {
            None
        };
        if let Some(p) = prefix_end {
            if let Some(e) = self.number(p) {
                if is_numeral(self.s(p)) {
                    return Some((i, e));
                }
            }
            if split_glued(self.s(p)).is_some_and(|(_, r)| SCALES.has(r)) {
                return Some((i, p + 1));
            }
            return None;
        }
        // Number then currency: "1.5 million marks", "50 cents", "20 U.S. dollars".
        let e = self.number(i)?;
        if CURRENCY_WORDS.has(self.s(e)) {
            return Some((i, e + 1));
        }
        // Up to two capitalized qualifiers: "Swiss francs", "Hong Kong dollars", "U.S. dollars".
        let mut k = e;
        while k < e + 2 && self.is_capitalized(k) {
            k += 1;
            if CURRENCY_WORDS.has(self.s(k)) {
                return Some((i, k + 1));
            }
        }
        if self.s(e).eq_ignore_ascii_case("sterling") {
            return Some((i, e + 1));
        }
        None
    }

    fn time(&self, i: usize) -> Option<(usize, usize)> {
        let s = self.s(i);
        let lower_is = |k: usize, w: &str| self.s(k).eq_ignore_ascii_case(w);
        if lower_is(i, "noon") || lower_is(i, "midnight") || lower_is(i, "tonight") {
            return Some((i, i + 1));
        }
        if (lower_is(i, "last") && lower_is(i + 1, "night"))
            || (lower_is(i, "this") && is_in(&DAY_PARTS.list[..3], self.s(i + 1)))
        {
            return Some((i, i + 2));
        }
        if (WEEKDAYS.has(s) || lower_is(i, "yesterday") || lower_is(i, "tomorrow"))
            && DAY_PARTS.has(self.s(i + 1))
        {
            return Some((i, i + 2));
        }
        // Clock times: "10", "10:30", "10.30", "1500".
        let clock_end = if numeral_value(s).is_some() && s.len() <= 4 {
            if self.s(i + 1) == ":" && self.glued(i) && self.glued(i + 1) && self.s(i + 2).len() == 2 {
                numeral_value(self.s(i + 2)).map(|_| i + 3)
            } else {
                Some(i + 1)
            }
        } else if is_clock(s) {
            Some(i + 1)
        } else {
            None
        };
        if let Some(c) = clock_end {
            let next = self.w(c);
            let meridiem = ["a.m", "p.m", "am", "pm"].iter().any(|m| m.eq_ignore_ascii_case(next));
            if meridiem {
                let mut e = self.after_abbrev(c);
                if TIMEZONES.has(self.s(e)) {
                    e += 1;
                }
                return Some((i, e));
            }
            if TIMEZONES.has(self.s(c)) && self.s(c) != "local" {
                return Some((i, c + 1));
            }
            // "at 10:30" without a meridiem.
            if (c == i + 3 || s.contains(':'))
                && i > 0
                && is_in(&["at", "by", "until", "from", "before", "after", "around"], self.s(i - 1))
            {
                return Some((i, c));
            }
        }
        // Durations: "three hours", "90 minutes".
        if let Some(e) = self.number(i) {
            if TIME_UNITS.has(self.s(e)) && !is_year(s) {
                return Some((i, e + 1));
            }
        }
        None
    }

    /// Month phrase at `i`: "March", "March 2", "Feb. 28, 1996", "March 1996".
    fn month_phrase(&self, i: usize, standalone_ok: bool) -> Option<usize> {
        let w = self.w(i);
        if !self.is_capitalized(i) {
            return None;
        }
        let full = month_index(w);
        let abbrev = MONTH_ABBREVS.has(w);
        if full.is_none() && !abbrev {
            return None;
        }
        let e = if full.is_some() { i + 1 } else { self.after_abbrev(i) };
        if is_day(self.s(e)) {
            let mut e2 = e + 1;
            if self.s(e2) == "," && is_year(self.s(e2 + 1)) {
                e2 += 2;
            } else if is_year(self.s(e2)) {
                e2 += 1;
            }
            return Some(e2);
        }
        if is_year(self.s(e)) {
            return Some(e + 1);
        }
        // A bare month: abbreviations need a day; "May" and "March" need a date word before.
        if abbrev && full.is_none() {
            return None;
        }
        let ambiguous = matches!(full, Some(2) | Some(4));
        if ambiguous && !standalone_ok {
            return None;
        }
        Some(e)
    }

    fn date(&self, i: usize) -> Option<(usize, usize)> {
        let s = self.s(i);
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        let date_prep = DATE_PREPS.has(prev);
        // "1996-08-30", "08/30/1996": digits joined by - or / (one token or glued tokens).
        if let Some(e) = self.numeric_date(i) {
            return Some((i, e));
        }
        // Weekday, optionally followed by a month phrase: "Tuesday", "Monday, March 2".
        if WEEKDAYS.has(s) && self.is_capitalized(i) {
            let mut e = i + 1;
            let k = if self.s(e) == "," { e + 1 } else { e };
            if let Some(m) = self.month_phrase(k, true).filter(|&m| m > k + 1) {
                e = m;
            }
            return Some((i, e));
        }
        if let Some(e) = self.month_phrase(i, date_prep) {
            return Some((i, e));
        }
        // "mid-March", "mid-1996".
        if let Some(rest) = s.strip_prefix("mid-") {
            if month_index(rest).is_some() || is_year(rest) {
                return Some((i, i + 1));
            }
        }
        // "early March", "late 1996".
        if is_in(&["early", "late", "mid"], s) {
            if let Some(e) = self.month_phrase(i + 1, true) {
                return Some((i, e));
            }
            if is_year(self.s(i + 1)) {
                return Some((i, i + 2));
            }
        }
        // Day then month: "28 February 1996".
        if is_day(s) {
            if let Some(m) = month_index(self.s(i + 1)).filter(|_| self.is_capitalized(i + 1)) {
                let _ = m;
                let e = if is_year(self.s(i + 2)) { i + 3 } else { i + 2 };
                return Some((i, e));
            }
        }
        if ["yesterday", "today", "tomorrow"].iter().any(|w| w.eq_ignore_ascii_case(s)) {
            return Some((i, i + 1));
        }
        // "last week", "next year", "this month", "last Tuesday", "the past two years".
        if RELATIVE.has(s) {
            let n = self.s(i + 1);
            if PERIODS.has(n) || (WEEKDAYS.has(n) && self.is_capitalized(i + 1)) {
                return Some((i, i + 2));
            }
            if month_index(n).is_some() && self.is_capitalized(i + 1) {
                return Some((i, i + 2));
            }
            if let Some(e) = self.number(i + 1) {
                if DATE_UNITS.has(self.s(e)) && !is_in(&["this"], s) {
                    return Some((i, e + 1));
                }
            }
        }
        // Quarters and halves: "first quarter", "second half of 1996".
        if ORDINALS.has(s) && is_in(&["quarter", "half"], self.s(i + 1)) {
            let mut e = i + 2;
            if self.s(e) == "of" && is_year(self.s(e + 1)) {
                e += 2;
            }
            return Some((i, e));
        }
        // Durations and ago-phrases: "five years", "two weeks ago", "a year earlier".
        let num_end = if is_in(&["a", "an"], s) { Some(i + 1) } else { self.number(i) };
        if let Some(e) = num_end {
            if DATE_UNITS.has(self.s(e)) && !is_year(s) {
                let ago = is_in(&["ago", "earlier", "later"], self.s(e + 1));
                if ago {
                    return Some((i, e + 2));
                }
                if num_end != Some(i + 1) || !is_in(&["a", "an"], s) {
                    return Some((i, e + 1));
                }
            }
        }
        // Decades and years: "1990s", "1996".
        if s.len() == 5 && s.ends_with('s') && is_year(&s[..4]) {
            return Some((i, i + 1));
        }
        if is_year(s) && !(i > 0 && matches!(self.s(i - 1), "$" | "£" | "€" | "#")) {
            let next = self.s(i + 1);
            if !UNITS.has(next) && !CURRENCY_WORDS.has(next) && !SCALES.has(next) {
                return Some((i, i + 1));
            }
        }
        None
    }

    /// Digits joined by "-" or "/" into a calendar date, as one token or glued tokens.
    fn numeric_date(&self, i: usize) -> Option<usize> {
        let mut parts: [&str; 3] = ["", "", ""];
        let mut sep = None;
        let mut e = i;
        let mut count = 0;
        // Either one token "1996-08-30" or up to five glued tokens "1996" "-" "08" "-" "30".
        let one = self.s(i);
        let mut split_one = one.split(['-', '/']);
        if one.len() >= 8 && one.contains(['-', '/']) {
            for p in parts.iter_mut() {
                *p = split_one.next()?;
            }
            if split_one.next().is_some() {
                return None;
            }
            sep = one.bytes().find(|c| *c == b'-' || *c == b'/');
            e = i + 1;
            count = 3;
        } else {
            while count < 3 {
                let s = self.s(e);
                if !s.bytes().all(|c| c.is_ascii_digit()) || s.is_empty() {
                    return None;
                }
                parts[count] = s;
                count += 1;
                e += 1;
                if count < 3 {
                    let sp = self.s(e);
                    if !matches!(sp, "-" | "/") || !self.glued(e - 1) || !self.glued(e) {
                        return None;
                    }
                    let b = sp.as_bytes()[0];
                    if sep.is_some_and(|x| x != b) {
                        return None;
                    }
                    sep = Some(b);
                    e += 1;
                }
            }
        }
        let _ = count;
        let v: Vec<Option<u32>> = parts.iter().map(|p| numeral_value(p)).collect();
        let (a, b, c) = (v[0]?, v[1]?, v[2]?);
        let iso = sep == Some(b'-') && is_year(parts[0]) && (1..=12).contains(&b) && (1..=31).contains(&c);
        let slashed = sep == Some(b'/')
            && (1..=31).contains(&a)
            && (1..=31).contains(&b)
            && (a <= 12 || b <= 12)
            && (is_year(parts[2]) || parts[2].len() == 2);
        (iso || slashed).then_some(e)
    }

    fn quantity(&self, i: usize) -> Option<(usize, EntityLabel)> {
        let s = self.s(i);
        if let Some((_, unit)) = split_glued(s) {
            if UNITS.has(unit) {
                return Some((i + 1, EntityLabel::Quantity));
            }
        }
        let e = self.number(i)?;
        let year_like = is_year(s);
        let next = self.s(e);
        if UNITS.has(next) {
            // "5 square km" is rare; "5 km" and "5 km/h" are common.
            let mut end = e + 1;
            if self.s(end) == "/" && self.glued(end - 1) && is_in(&["h", "hr"], self.s(end + 1)) {
                end += 2;
            }
            return Some((end, EntityLabel::Quantity));
        }
        if is_in(&["square", "sq", "cubic"], next) && UNITS.has(self.s(e + 1)) {
            return Some((e + 2, EntityLabel::Quantity));
        }
        if year_like || is_in(&["one"], s) || DATE_UNITS.has(next) || TIME_UNITS.has(next) {
            return None;
        }
        // "57 countries", "2,000 troops", "3 other countries".
        if is_plural_noun(next) {
            return Some((e + 1, EntityLabel::Quantity));
        }
        let after = self.s(e + 1);
        if next.bytes().all(|c| c.is_ascii_lowercase())
            && next.len() > 2
            && !NOT_PLURAL.has(next)
            && !matches!(next, "and" | "or" | "of" | "to" | "the" | "for" | "in" | "on" | "at" | "per")
            && is_plural_noun(after)
        {
            return Some((e + 2, EntityLabel::Quantity));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<(String, &'static str)> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        find(&doc, &mut out);
        out.iter().map(|(s, l)| (text[s.range()].to_string(), l.as_str())).collect()
    }

    fn has(text: &str, want: &str, label: &str) {
        let got = figures(text);
        assert!(
            got.iter().any(|(t, l)| t == want && *l == label),
            "{text:?}: want {want:?} {label}, got {got:?}"
        );
    }

    #[test]
    fn word_list_filters_never_reject_a_member() {
        let lists = [
            &MONTHS,
            &MONTH_ABBREVS,
            &WEEKDAYS,
            &NUMBER_WORDS,
            &SCALES,
            &CURRENCY_WORDS,
            &CURRENCY_CODES,
            &UNITS,
            &DATE_UNITS,
            &TIME_UNITS,
            &RELATIVE,
            &PERIODS,
            &DAY_PARTS,
            &TIMEZONES,
            &DATE_PREPS,
            &NOT_PLURAL,
            &IRREGULAR_PLURALS,
            &ORDINALS,
            &STARTER_WORDS,
        ];
        let mut probes: Vec<String> = Vec::new();
        for l in lists {
            for w in l.list {
                probes.extend([w.to_string(), w.to_uppercase(), format!("{w}s"), w[1..].to_string()]);
            }
        }
        probes.extend(["", "3", "1996", "É", "März", "x".repeat(40).as_str()].map(str::to_string));
        for l in lists {
            for p in &probes {
                assert_eq!(l.has(p), is_in(l.list, p), "{p:?}");
            }
        }
    }

    #[test]
    fn starter_filter_keeps_every_starter() {
        for w in LOWER_STARTERS.iter().flat_map(|l| l.list) {
            for form in [w.to_string(), w.to_uppercase(), format!("{}{}", w[..1].to_uppercase(), &w[1..])] {
                assert!(lower_starter(&form), "{form}");
            }
        }
        assert!(lower_starter("mid-March"));
        for w in ["said", "the", "", "é", "ninety-nine-and-more-words", "seventeenth-century"] {
            assert!(!lower_starter(w) || ORDINALS.has(w), "{w}");
        }
    }

    #[test]
    fn dates() {
        has("The deadline is Feb. 28 for all bids.", "Feb. 28", "DATE");
        has("Talks were delayed until March 2.", "March 2", "DATE");
        has("He spoke on Tuesday.", "Tuesday", "DATE");
        has("Prices rose last week.", "last week", "DATE");
        has("BRUSSELS 1996-08-30", "1996-08-30", "DATE");
        has("It happened on 28 February 1996 in Rome.", "28 February 1996", "DATE");
        has("Sales fell in May.", "May", "DATE");
        has("It was signed on May 5, 1996, in Paris.", "May 5, 1996", "DATE");
        has("The law passed in 1994.", "1994", "DATE");
        has("He left two years ago.", "two years ago", "DATE");
        has("Profit rose in the first quarter.", "first quarter", "DATE");
        has("It will be ready by mid-March.", "mid-March", "DATE");
    }

    #[test]
    fn may_the_modal_is_not_a_date() {
        assert!(figures("Prices may rise. May I ask? Theresa May spoke.").is_empty());
        assert!(figures("They march on. March on, he said.").is_empty());
    }

    #[test]
    fn money() {
        has("It paid $280 million for the unit.", "$280 million", "MONEY");
        has("It will spend the first $280 million on roads.", "$280 million", "MONEY");
        has("The bill was 1.5 million marks.", "1.5 million marks", "MONEY");
        has("It cost 20 Swiss francs.", "20 Swiss francs", "MONEY");
        has("Shares fell 50 cents.", "50 cents", "MONEY");
        has("A loan of US$ 5 billion was agreed.", "US$ 5 billion", "MONEY");
        has("It raised £3.5bn last year.", "£3.5bn", "MONEY");
    }

    #[test]
    fn percent() {
        has("Inflation hit 100% in March.", "100%", "PERCENT");
        has("Output grew 3.5 percent.", "3.5 percent", "PERCENT");
        has("Output grew 3.5 pct.", "3.5 pct", "PERCENT");
        has("It fell 2 per cent.", "2 per cent", "PERCENT");
        has("Rates rose half a point, or 0.5 percentage points.", "0.5 percentage points", "PERCENT");
        has("Prices fell -4% on the day.", "-4%", "PERCENT");
        // A range's dash is no minus sign (the second figure read "-4.5%").
        has("Rates stay at 4.25%-4.5% for now.", "4.5%", "PERCENT");
        has("Rates rose 2%-3% last year.", "3%", "PERCENT");
    }

    #[test]
    fn time() {
        has("The vote is at 10 a.m. tomorrow.", "10 a.m.", "TIME");
        has("Trading closed at 1500 GMT.", "1500 GMT", "TIME");
        has("We meet at 10:30 in the hall.", "10:30", "TIME");
        has("Polls close at 8 pm EST.", "8 pm EST", "TIME");
        has("The siege lasted three hours.", "three hours", "TIME");
        has("He was arrested last night.", "last night", "TIME");
    }

    #[test]
    fn quantity() {
        has("Delegates from 57 countries attended.", "57 countries", "QUANTITY");
        has("It sent 2,000 troops to the border.", "2,000 troops", "QUANTITY");
        has("The town lies 5 km from the border.", "5 km", "QUANTITY");
        has("Output was 120,000 tonnes.", "120,000 tonnes", "QUANTITY");
    }

    #[test]
    fn bare_numbers_and_scores_are_not_figures() {
        assert!(figures("He scored 57 and won 6-4 6-3.").is_empty());
        assert!(figures("One of them left.").is_empty());
    }

    #[test]
    fn spans_do_not_overlap_and_are_sorted() {
        let text = "On Monday, March 2, 1996, at 10 a.m., $5 million (3.5 percent) went to 57 countries.";
        let doc = Document::new(text);
        let mut out = Vec::new();
        find(&doc, &mut out);
        assert!(out.len() >= 4, "{out:?}");
        for w in out.windows(2) {
            assert!(w[0].0.end <= w[1].0.start);
        }
    }
}
