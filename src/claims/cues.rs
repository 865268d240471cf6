//! Cues: the words that mark an attribution ("said", "according to", a headline colon).
//!
//! Why a lexicon of inflected forms rather than a lemmatizer: news attribution runs on a
//! few hundred reporting, belief and endorsement verbs, and listing their forms costs a
//! text file (data/claims/cues.txt) and a hash lookup per token, with no morphology to get
//! wrong. Verbs that often appear without reporting anything ("added 5 points", "found
//! the keys") are marked `that` in the file: as rule cues they need a complement (a
//! that-clause, a quote or a colon). The learned tagger sees lexicon membership as a
//! feature and decides for itself; the rules here are the honest fallback and the part
//! that handles structure the tagger cannot see (headline colons, "according to").

use super::quotes::Quotes;
use super::Ctx;
use crate::tag::FastMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What the rules know about a cue word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CueWord {
    /// Reports only with a complement (that-clause, quote, colon).
    pub needs_complement: bool,
    /// Takes an addressee before its complement: "told reporters that …".
    pub takes_object: bool,
}

/// The cue lexicon, parsed once from data/claims/cues.txt.
pub struct Lexicon {
    words: FastMap<&'static str, CueWord>,
}

impl Lexicon {
    fn parse(src: &'static str) -> Lexicon {
        let mut words = FastMap::default();
        for line in src.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, flag) = line.split_once('\t').unwrap_or((line, ""));
            let takes_object =
                matches!(word, "told" | "tell" | "tells" | "telling" | "warned" | "urged" | "asked");
            words.insert(word, CueWord { needs_complement: flag == "that", takes_object });
        }
        Lexicon { words }
    }

    /// Looks up a lowercase word.
    pub fn get(&self, lower: &str) -> Option<CueWord> {
        self.words.get(lower).copied()
    }
}

pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(include_str!("../../data/claims/cues.txt")))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    Verb(CueWord),
    /// "according to": the source follows, the content is the rest of the sentence.
    AccordingTo,
    /// "Pence: Flowers won't be at debate", "WALLACE: Let's start …".
    Colon,
    /// A signed quotation: "“…” ― Sonya Herridge" (dash after the closing quote, a
    /// name to the end of the line).
    Dash,
    /// A reporting verb and a colon that end their line ("The governor added:"): the
    /// next line is what was said, a block quotation.
    Introduces,
}

impl CueKind {
    /// Structural cues the rules are sure of, kept even when a model misses them.
    pub fn is_structural(self) -> bool {
        matches!(self, CueKind::Colon | CueKind::Dash | CueKind::Introduces)
    }
}

/// A cue found by the rules: token range and kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub tokens: Range<usize>,
    pub kind: CueKind,
}

/// Rule cues of the whole document, in token order.
pub fn find(ctx: &Ctx, quotes: &Quotes) -> Vec<Cue> {
    let lex = lexicon();
    let mut out = Vec::new();
    let n = ctx.len();
    let mut i = 0;
    while i < n {
        let w = ctx.lower(i);
        if w == "according" && ctx.lower(i + 1) == "to" {
            out.push(Cue { tokens: i..i + 2, kind: CueKind::AccordingTo });
            i += 2;
            continue;
        }
        if w == ":" && is_speaker_colon(ctx, quotes, i) {
            out.push(Cue { tokens: i..i + 1, kind: CueKind::Colon });
        } else if is_signature_dash(ctx, quotes, i) {
            out.push(Cue { tokens: i..i + 1, kind: CueKind::Dash });
        } else if let Some(cw) = word_at(lex, ctx, i, w) {
            let kind = if introduces_block(ctx, i) { CueKind::Introduces } else { CueKind::Verb(cw) };
            out.push(Cue { tokens: i..i + 1, kind });
        }
        i += 1;
    }
    out
}

/// "…, per The Verge.", "Per a CNBC survey, …": "per" as "according to", which today's copy
/// writes often (PolNeAR, 2016, has it once, annotated a cue). Found apart from [`find`],
/// whose cues are also the claims model's features: the model stays as trained, and these
/// are added where it found nothing (`learned.rs`). Only after a comma, a parenthesis or a
/// dash, or opening a sentence, and before a name or a report ("per the report"): "$5 per
/// share", "per capita" and "as per the contract" are rates and manners.
pub fn per_cues(ctx: &Ctx) -> Vec<Cue> {
    let mut out = Vec::new();
    for (i, t) in ctx.doc.tokens.iter().enumerate() {
        // Three bytes first: most tokens are not, and the lower case is a table look-up.
        if t.span.end - t.span.start != 3 || ctx.lower(i) != "per" {
            continue;
        }
        let opens =
            ctx.sentence_start(i) == i || matches!(ctx.word(i.wrapping_sub(1)), "," | "(" | "—" | "–");
        let mut j = i + 1;
        if matches!(ctx.lower(j), "a" | "an" | "the") {
            j += 1;
        }
        // A name or a report within the next few words: "per The Verge", "per the
        // company's filing", "per people familiar with the talks".
        let source = (j..j + 4)
            .take_while(|&k| ctx.is_word(k) || ctx.lower(k) == "'s" || ctx.lower(k) == "’s")
            .any(|k| (ctx.is_cap(k) && ctx.is_word(k)) || REPORTS.contains(&ctx.lower(k)));
        if opens && source && !matches!(ctx.lower(i + 1), "cent" | "capita" | "se" | "annum" | "diem") {
            out.push(Cue { tokens: i..i + 1, kind: CueKind::AccordingTo });
        }
    }
    out
}

/// What "per" can cite without a name: "per the report", "per a statement", "per people
/// familiar with …".
const REPORTS: &[&str] = &[
    "report",
    "reports",
    "survey",
    "poll",
    "polls",
    "statement",
    "study",
    "analysis",
    "data",
    "filing",
    "filings",
    "estimate",
    "estimates",
    "sources",
    "source",
    "documents",
    "records",
    "tally",
    "figures",
    "people",
    "officials",
];

/// The lexicon's cue word at `i` (lower case `w`), unless it is capitalised inside a
/// sentence: then it is a name ("Said", "Reports").
#[inline]
fn word_at(lex: &Lexicon, ctx: &Ctx, i: usize, w: &str) -> Option<CueWord> {
    let cw = lex.get(w)?;
    (!ctx.is_cap(i) || ctx.sentence_start(i) == i).then_some(cw)
}

/// The token at `i` is a cue the rules read as [`CueKind::Introduces`].
pub fn introduces_at(ctx: &Ctx, i: usize) -> bool {
    word_at(lexicon(), ctx, i, ctx.lower(i)).is_some() && introduces_block(ctx, i)
}

/// The word at `i` and a colon after it end their line, and a line follows: "Limbaugh
/// added:" over a block quotation. (PolNeAR marks the verb a cue and the next paragraph its
/// content nearly every time: 14 of 15 such lines in train and dev; its role window holds
/// no content, so the model alone dropped 2 of 4 on dev; `models/claims.md`.)
fn introduces_block(ctx: &Ctx, i: usize) -> bool {
    ctx.word(i + 1) == ":" && ctx.line_end_of(i + 1) == i + 2 && i + 2 < ctx.len()
}

/// The cue `tokens` (from the rules or the model) is the colon after a newsroom label
/// that opens its line ("The Latest:", "Correction:", "Source:";
/// data/claims/section-labels.txt): a heading or a note, never a speaker's words.
/// Applied to the layer's output, after the cue rules and the model (the rules' cues are
/// also the model's features, which this leaves as trained).
pub fn is_section_colon(ctx: &Ctx, quotes: &Quotes, tokens: &Range<usize>) -> bool {
    static LABELS: &str = include_str!("../../data/claims/section-labels.txt");
    let i = tokens.start;
    if tokens.len() != 1 || ctx.word(i) != ":" {
        return false;
    }
    let first = line_opening(ctx, quotes, i);
    // Labels are a word or two: a longer prefix is not one, and lowercasing it for every
    // colon of a long line would be quadratic.
    if i - first > 8 {
        return false;
    }
    let Some(span) = ctx.span(first..i) else { return false };
    // The list as a set, made once: walking its lines for every colon cost more than the
    // rest of this test once it held seventy labels.
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| LABELS.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect());
    let text = ctx.doc.text.get(span.range()).unwrap_or("").to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    set.contains(words.join(" ").as_str())
}

/// The first token of the line of token `i` after the quote marks that open it (a
/// transcript line may open with one; at most [`OPENING_QUOTES`] are skipped, so a line
/// of quote marks costs each colon on it a constant, not the line).
pub fn line_opening(ctx: &Ctx, quotes: &Quotes, i: usize) -> usize {
    let mut first = ctx.line_start_of(i);
    let stop = i.min(first + OPENING_QUOTES);
    while first < stop && quotes.is_quote_token(first) {
        first += 1;
    }
    first
}

/// Most quote marks [`line_opening`] skips.
const OPENING_QUOTES: usize = 3;

/// A colon after a short capitalised speaker at the start of a line: a headline
/// ("Poll: …") or a transcript turn ("WALLACE: …").
fn is_speaker_colon(ctx: &Ctx, quotes: &Quotes, i: usize) -> bool {
    let first = line_opening(ctx, quotes, i);
    if first >= i || i - first > 4 || i + 1 >= ctx.len() || ctx.line_start(i + 1) {
        return false;
    }
    (first..i).all(|k| ctx.is_cap(k) || ctx.lower(k) == "." || ctx.lower(k) == "'s")
}

/// A dash right after a closing quote, followed by one to five capitalised words that
/// end the line: the quotation's signature.
fn is_signature_dash(ctx: &Ctx, quotes: &Quotes, i: usize) -> bool {
    if !matches!(ctx.word(i), "―" | "—" | "–" | "--") || i == 0 || !quotes.is_close(i - 1) {
        return false;
    }
    // A signature is a name or two; a longer rest of the line is not one (and counting
    // it for every dash of a long line would be quadratic).
    let end = ctx.line_end_of(i);
    if end - i > 24 {
        return false;
    }
    let names = (i + 1..end).filter(|&k| ctx.is_word(k)).count();
    (1..=5).contains(&names) && (i + 1..end).all(|k| ctx.is_cap(k) || !ctx.is_word(k))
}
