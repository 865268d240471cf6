//! How specific a source is, and who a pronoun source stands for.
//!
//! Why these grades: a reader weighs "Ned Price" (named), "a senior official"
//! (described), "critics" (vague), "he" (pronoun) and no source at all very differently,
//! and the vague and missing ones are what newsmark flags. The grading reads the
//! entities layer first (a PERSON/ORG/PLACE/MISC inside the source makes it named), then
//! falls back to capitalisation inside the sentence, then to small word lists: a
//! description is whatever is left, which errs towards the middle grade. The head is the
//! last word, except that a name before an appositive names the source ("Jensen Huang,
//! Nvidia's chief executive") and a name after a common noun and a preposition is an
//! affiliation ("a spokeswoman for Hillary Clinton", "officials at the NHS" are described).
//! On PolNeAR dev the two moved 45 sources from described to named and 18 from named to
//! described, every one read by hand. A vague head keeps its grade through a modifier
//! that names nobody ("sources close to the singer", "people familiar with the matter",
//! "many of his supporters", "two people briefed on …": dev 3, train 58 sources from
//! described to vague, so weasel hedges too).
//!
//! Pronoun resolution is deliberately modest: the nearest earlier entity of the
//! agreeing kind (he/she → PERSON, they/it → ORG) within a few sentences, else nothing.
//! A wrong antecedent shown to a reader is worse than none.

use super::Ctx;
use crate::schema::{Entity, EntityLabel, SourceKind, Span};
use crate::syntax::Upos;
use std::ops::Range;

const PERSONAL: &[&str] = &["he", "she", "him", "her", "his", "hers", "himself", "herself"];
const GROUP: &[&str] = &["they", "them", "their", "it", "its", "itself", "themselves"];
const OTHER_PRONOUNS: &[&str] = &["we", "i", "you", "us", "me", "our", "my", "your", "who", "whom", "which"];

/// Heads that name nobody in particular.
const VAGUE_HEADS: &[&str] = &[
    "analysts",
    "experts",
    "critics",
    "observers",
    "sources",
    "officials",
    "people",
    "insiders",
    "commentators",
    "pundits",
    "economists",
    "scientists",
    "researchers",
    "studies",
    "reports",
    "polls",
    "surveys",
    "supporters",
    "opponents",
    "skeptics",
    "sceptics",
    "detractors",
    "others",
    "many",
    "some",
    "several",
    "most",
    "few",
    "someone",
    "somebody",
    "everyone",
    "everybody",
    "observers",
    "strategists",
    "watchers",
    "insiders",
    "aides",
    "advisers",
    "advisors",
    "sources",
    "voters",
    "residents",
    "activists",
    "lawmakers",
    "democrats",
    "republicans",
    "investors",
    "traders",
    "diplomats",
    "forecasters",
];
/// Words that may precede a vague head and keep it vague.
const VAGUE_DETS: &[&str] = &[
    "some",
    "many",
    "several",
    "most",
    "few",
    "other",
    "various",
    "certain",
    "numerous",
    "multiple",
    "unnamed",
    "anonymous",
    "unidentified",
    "a",
    "number",
    "of",
    "lot",
    "lots",
    "plenty",
    "countless",
    "top",
    "senior",
    "political",
    "independent",
    "outside",
    "leading",
    "prominent",
    // A count names nobody either: "two people familiar with the discussions".
    "two",
    "three",
    "four",
    "five",
    "dozen",
    "dozens",
    "hundreds",
    "thousands",
    "handful",
];
/// Capitalised words that do not make a source named: determiners at a sentence start
/// and bare titles.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "some",
    "many",
    "one",
    "another",
    "this",
    "that",
    "these",
    "those",
    "president",
    "senator",
    "officials",
    "official",
    "sources",
    "source",
    "analysts",
    "experts",
    "critics",
    "poll",
    "polls",
    "but",
    "and",
];

/// The entities layer's output, indexed for the questions sources ask: does a name
/// overlap this span, which agreeing entity comes last before it. Built once per
/// document; each question then bisects instead of scanning every entity (a long
/// article has hundreds of claims and thousands of entities). Any order of input works.
pub struct Entities<'e> {
    /// By start (stable: equal starts keep their input order).
    by_start: Vec<&'e Entity>,
    /// `max_end[k]`: the greatest end among `by_start[..=k]`.
    max_end: Vec<u32>,
}

impl<'e> Entities<'e> {
    pub fn new(entities: &'e [Entity]) -> Entities<'e> {
        let mut by_start: Vec<&Entity> = entities.iter().collect();
        by_start.sort_by_key(|e| e.start);
        let max_end = by_start
            .iter()
            .scan(0u32, |m, e| {
                *m = (*m).max(e.end);
                Some(*m)
            })
            .collect();
        Entities { by_start, max_end }
    }

    /// Whether a name (PERSON, ORG, PLACE, MISC) overlaps `span`.
    fn name_overlaps(&self, span: Span) -> bool {
        let hi = self.by_start.partition_point(|e| e.start < span.end);
        (0..hi)
            .rev()
            .take_while(|&k| self.max_end.get(k).is_some_and(|&m| m > span.start))
            .any(|k| self.by_start.get(k).is_some_and(|e| e.label.is_name() && e.span().overlaps(span)))
    }

    /// The entity with the greatest start (the last such in input order on a tie) among
    /// those labelled one of `want`, ending by `before` and starting at `floor` or later.
    fn last_before(&self, want: &[EntityLabel], before: u32, floor: u32) -> Option<&'e Entity> {
        let hi = self.by_start.partition_point(|e| e.start <= before);
        self.by_start[..hi]
            .iter()
            .rev()
            .take_while(|e| e.start >= floor)
            .find(|e| want.contains(&e.label) && e.end <= before)
            .copied()
    }
}

/// Grades a source (a token range, or none).
pub fn kind(ctx: &Ctx, source: Option<Range<usize>>, entities: &Entities) -> SourceKind {
    let Some(r) = source else { return SourceKind::None };
    if r.start >= r.end {
        return SourceKind::None;
    }
    if r.len() == 1 {
        let w = ctx.lower(r.start);
        if PERSONAL.contains(&w) || GROUP.contains(&w) || OTHER_PRONOUNS.contains(&w) {
            return SourceKind::Pronoun;
        }
    }
    if vague_before_modifier(ctx, r.clone(), entities) {
        return SourceKind::Vague;
    }
    // A name followed by an appositive is named by the name: "Brian Fallon, the
    // campaign's press secretary", "Mr. King, 82", "Joseph, who has four children" (the
    // last word, "secretary", would call them described).
    if let Some(comma) = (r.start + 1..r.end).find(|&i| ctx.lower(i) == ",") {
        if kind(ctx, Some(r.start..comma), entities) == SourceKind::Named {
            return SourceKind::Named;
        }
    }
    // The head (last word) decides: "the influential US daily" is described even with
    // a place inside it, "The New York Post" is named.
    let Some(head_i) = r.clone().rev().find(|&i| ctx.is_word(i)) else { return SourceKind::Described };
    // Both name tests below ask it; scanned once.
    let affiliation = std::cell::OnceCell::new();
    let affiliated =
        || *affiliation.get_or_init(|| described_before_preposition(ctx, entities, r.start..head_i));
    if let Some(span) = ctx.span(head_i..head_i + 1) {
        if entities.name_overlaps(span) && !affiliated() {
            return SourceKind::Named;
        }
    }
    let head = ctx.lower(head_i);
    let dets_vague = (r.start..head_i).all(|i| VAGUE_DETS.contains(&ctx.lower(i)));
    if VAGUE_HEADS.contains(&head) && dets_vague {
        return SourceKind::Vague;
    }
    let named = ctx.is_cap(head_i) && !NOT_NAMES.contains(&head);
    if named && !affiliated() {
        SourceKind::Named
    } else {
        SourceKind::Described
    }
}

/// Whether the words before a source's last word are a common noun phrase followed by a
/// preposition, which makes the name at the end an affiliation, not the source: "a
/// spokeswoman for Hillary Clinton", "an associate professor at New York University",
/// "general chairman of the DNC". A capitalised head before the preposition is a name
/// ("Secretary of State John F. Kerry", "the Roper Center for Public Opinion Research").
/// A vague head with a named affiliation is described too ("officials at the NHS"): the
/// affiliation identifies a kind of source, as "a spokeswoman for" does.
fn described_before_preposition(ctx: &Ctx, entities: &Entities, before_head: Range<usize>) -> bool {
    // Only the head's own phrase: "The minister of the economy, Mr. Guajardo" is named.
    let from = before_head.clone().rev().find(|&i| ctx.lower(i) == ",").map_or(before_head.start, |c| c + 1);
    let Some(p) = (from..before_head.end).find(|&i| PREPOSITIONS.contains(&ctx.lower(i))) else {
        return false;
    };
    let Some(h) = (from..p).rev().find(|&i| ctx.is_word(i)) else { return false };
    let head = ctx.lower(h);
    // A name before the preposition names the source ("A Quinnipiac University poll
    // released in …", "A USA TODAY analysis of …"); a sentence's first word is capitalised
    // for starting it ("Officials at the NHS", "Recent polls in Ohio"), so there only an
    // entity or a title counts ("Secretary of State John Kerry"); an article never does
    // (a sentence may start after a dateline or a quote mark the splitter keeps in it).
    let name_before = (from..p).any(|i| {
        ctx.is_cap(i)
            && !matches!(ctx.lower(i), "a" | "an" | "the")
            && (ctx.sentence_start(i) != i
                || crate::entities::gazetteer().is_title(ctx.word(i))
                || ctx.span(i..i + 1).is_some_and(|sp| entities.name_overlaps(sp)))
    });
    !name_before && !PERSONAL.contains(&head) && !GROUP.contains(&head)
}

/// Whether a source is a vague head with a modifier that names nobody: "sources close to
/// the singer", "people familiar with the matter", "critics of the plan", "many of the
/// residents". The last word ("singer", "matter") would call them described, and the
/// reader should see them flagged like "sources" alone. A name in the modifier makes the
/// source a description or a name ("analysts at Goldman Sachs"), left to the head rule.
fn vague_before_modifier(ctx: &Ctx, r: Range<usize>, entities: &Entities) -> bool {
    // A head, a modifier word and at least one more: shorter sources are left to the head rule.
    if r.len() < 3 {
        return false;
    }
    // The head: a vague word before the modifier, with only vague words before it
    // ("some officials involved in …", "many of the …").
    let vague = |i: usize| VAGUE_HEADS.contains(&ctx.lower(i));
    let h = r
        .clone()
        .take_while(|&i| vague(i) || VAGUE_DETS.contains(&ctx.lower(i)))
        .find(|&i| vague(i) && MODIFIERS.contains(&ctx.lower(i + 1)));
    let Some(h) = h.filter(|&h| h + 1 < r.end) else { return false };
    let rest = h + 1..r.end;
    let named =
        rest.clone().any(|i| ctx.is_cap(i)) || ctx.span(rest).is_some_and(|sp| entities.name_overlaps(sp));
    !named
}

/// Words that open a modifier after a source's head.
const MODIFIERS: &[&str] = &[
    "close", "familiar", "of", "at", "in", "from", "inside", "within", "with", "on", "who", "involved",
    "briefed",
];

/// Prepositions that attach an affiliation to a described source ("by" is left out: it
/// names the author, "a report by Politico", who is the source).
const PREPOSITIONS: &[&str] = &["of", "for", "at", "with", "from", "in"];

/// Relative pronouns that stand for a person (a "which" stands for a thing, rarely a
/// source, and its antecedent is often a clause).
const RELATIVE: &[&str] = &["who", "whom"];

/// Heads of a line label that can speak for themselves: "Poll: Clinton leads",
/// "Report: …" (a transcript's "Q:" and "A:" are kept as single letters by
/// [`is_label`]). Other line labels made of plain words ("WATCH BELOW:", "ENERGY:",
/// "Health:") name nobody.
const SAYERS: &[&str] = &[
    "poll",
    "report",
    "study",
    "survey",
    "newspaper",
    "paper",
    "memo",
    "letter",
    "statement",
    "analysis",
    "review",
    "editorial",
    "police",
    "court",
    "judge",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "source",
    "witness",
];

/// Whether token `i` is a relative pronoun.
pub fn is_relative(ctx: &Ctx, i: usize) -> bool {
    RELATIVE.contains(&ctx.lower(i))
}

/// Words that open a clause, not a noun phrase: a source the model starts on one of them
/// ("which officials claimed", "how experts say") starts on the next word. ("That"
/// is left alone: "That report said" names its source with it.)
const CLAUSE_OPENERS: &[&str] =
    &["which", "how", "where", "as", "when", "because", "while", "if", "although", "since"];

/// A source's extent tidied of clause words the role model takes in at its edges:
///
/// - a relative pronoun at its end ("said Mr. Kamin, who emphasized …" → "Mr. Kamin";
///   "a Republican who said" → "who", which is then resolved like any relative pronoun,
///   PolNeAR's convention), unless a quantifier holds it ("all of whom") or it is
///   capitalised (a name: "The Who");
/// - a word that opens a clause at its start ("which officials claimed" → "officials"),
///   when what follows can open a noun phrase (a determiner, noun, name, adjective, number
///   or pronoun, by the part-of-speech column): not "which included …" or "which in May",
///   where there is no noun phrase to mend; without tags, never.
///
/// `cue_start` is the cue's first token; `tags` the part-of-speech column (may be empty).
pub fn tidy(ctx: &Ctx, tags: &[Upos], r: Range<usize>, cue_start: usize) -> Range<usize> {
    let (mut a, mut b) = (r.start, r.end);
    if b - a >= 2 && matches!(ctx.word(b - 1), "who" | "whom" | "which") && ctx.lower(b - 2) != "of" {
        if b == cue_start {
            a = b - 1;
        } else {
            b -= 1;
            while b > a && ctx.word(b - 1) == "," {
                b -= 1;
            }
        }
    }
    if b - a >= 2
        && CLAUSE_OPENERS.contains(&ctx.lower(a))
        && matches!(
            tags.get(a + 1),
            Some(Upos::Det | Upos::Noun | Upos::Propn | Upos::Adj | Upos::Num | Upos::Pron)
        )
    {
        a += 1;
    }
    a..b
}

/// Most tokens an antecedent noun phrase spans.
const MAX_ANTECEDENT: usize = 10;

/// For a relative-pronoun source ("Maria Lopez, who said …", "the lawyer for the
/// family, who asked …"), what it stands for: a PERSON entity that ends just before it
/// (past one comma: "the rise of Donald Trump, who" → Donald Trump), else the noun
/// phrase there — the tokens a noun phrase can hold (nouns, names, adjectives,
/// determiners, numbers, a possessive, a preposition inside the phrase) back to the
/// first that cannot, within the sentence and [`MAX_ANTECEDENT`] tokens. The phrase
/// needs the part-of-speech tags (None without them, or when it has no noun).
pub fn antecedent(ctx: &Ctx, tags: &[Upos], entities: &Entities, who: usize) -> Option<Range<usize>> {
    if !is_relative(ctx, who) {
        return None;
    }
    let end = if who > 0 && ctx.word(who - 1) == "," { who - 1 } else { who };
    let lo = ctx.sentence_start(who).max(end.saturating_sub(MAX_ANTECEDENT));
    let near = ctx.span(lo..end)?;
    // The floor bounds the look back: a scan of every earlier entity per claim would be
    // quadratic in the document.
    let person =
        entities.last_before(&[EntityLabel::Person], near.end, near.start).filter(|e| e.end == near.end);
    if let Some(e) = person {
        if let Some(start) = (lo..end).find(|&k| ctx.span(k..k + 1).is_some_and(|s| s.start >= e.start)) {
            return Some(start..end);
        }
    }
    if tags.len() != ctx.len() {
        return None;
    }
    let tag = |k: usize| tags.get(k).copied().unwrap_or(Upos::X);
    let mut start = end;
    while start > lo {
        let k = start - 1;
        let w = ctx.lower(k);
        let inside = match tag(k) {
            Upos::Noun | Upos::Propn | Upos::Adj | Upos::Det | Upos::Num => true,
            Upos::Part => w == "'s" || w == "’s",
            Upos::Pron => matches!(w, "his" | "her" | "their" | "its" | "our" | "my" | "your"),
            Upos::Adp => matches!(w, "of" | "for" | "at" | "from" | "on" | "in" | "with") && start < end,
            _ => false,
        };
        if !inside {
            break;
        }
        start = k;
    }
    while start < end && matches!(tag(start), Upos::Adp | Upos::Part) {
        start += 1;
    }
    (start..end).any(|k| matches!(tag(k), Upos::Noun | Upos::Propn)).then_some(start..end)
}

/// The words `first..colon` before a colon at the start of a line name nobody: each
/// capitalised ("WATCH BELOW:", "ENERGY:"), none inside a name the entities layer
/// found, with a head that cannot speak (unlike "Poll:", "Report:", a transcript's
/// "Q:"). The caller decides which labels to ask about (claims' `drop_label_colons`).
pub fn is_label(ctx: &Ctx, first: usize, colon: usize, entities: &Entities) -> bool {
    if first >= colon || colon - first > 4 {
        return false;
    }
    if !(first..colon).all(|k| ctx.is_word(k) && ctx.is_cap(k)) {
        return false;
    }
    // "KATE BOULDUAN:": a first name opens a person's name the tagger missed in capitals.
    if colon - first >= 2 && is_first_name(ctx.lower(first)) {
        return false;
    }
    // A single letter is a transcript's "Q:" or "A:".
    let head = ctx.lower(colon - 1);
    if SAYERS.contains(&head) || VAGUE_HEADS.contains(&head) || head.chars().count() < 2 {
        return false;
    }
    ctx.span(first..colon).is_some_and(|s| !entities.name_overlaps(s))
}

/// Whether `w` (lowercase) is one of the 500 most frequent US first names
/// (data/words/first-names.txt: 1990 census, public domain).
pub(crate) fn is_first_name(w: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    static LIST: &str = include_str!("../../data/words/first-names.txt");
    NAMES.get_or_init(|| LIST.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect()).contains(w)
}

/// For a pronoun source, the nearest earlier agreeing entity within three sentences.
pub fn resolve<'e>(ctx: &Ctx, source: Range<usize>, entities: &Entities<'e>) -> Option<&'e Entity> {
    let w = ctx.lower(source.start);
    let want: &[EntityLabel] = if PERSONAL.contains(&w) {
        &[EntityLabel::Person]
    } else if GROUP.contains(&w) {
        &[EntityLabel::Org]
    } else {
        return None;
    };
    let here = ctx.span(source.clone())?;
    let first_sentence = ctx.sentence_index(source.start).saturating_sub(3);
    let floor = ctx.doc.sentences.get(first_sentence).map_or(0, |s| s.span.start);
    entities.last_before(want, here.start, floor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;

    fn grade(text: &str, source: &str, entities: &[Entity]) -> SourceKind {
        let doc = Doc::new(text);
        let ctx = Ctx::new(&doc);
        kind(&ctx, Some(find_tokens(&doc, source)), &Entities::new(entities))
    }

    /// The token range whose text is `s` (whole tokens only).
    fn find_tokens(doc: &crate::text::Document, s: &str) -> std::ops::Range<usize> {
        let n = doc.tokens.len();
        for a in 0..n {
            for b in a + 1..=n {
                let sp = crate::schema::Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
                if doc.slice(sp) == s {
                    return a..b;
                }
            }
        }
        panic!("{s:?} is not a token range");
    }

    fn ent(text: &str, s: &str, label: EntityLabel) -> Entity {
        let start = text.find(s).unwrap() as u32;
        Entity { start, end: start + s.len() as u32, label, text: s.into() }
    }

    #[test]
    fn grades_each_kind() {
        let t = "Later, Ned Price said the talks failed.";
        assert_eq!(grade(t, "Ned Price", &[]), SourceKind::Named);
        assert_eq!(grade(t, "Ned Price", &[ent(t, "Ned Price", EntityLabel::Person)]), SourceKind::Named);
        assert_eq!(grade("Then a senior official said no.", "a senior official", &[]), SourceKind::Described);
        assert_eq!(grade("Some experts said no.", "Some experts", &[]), SourceKind::Vague);
        assert_eq!(grade("But critics said no.", "critics", &[]), SourceKind::Vague);
        assert_eq!(grade("Yet many said no.", "many", &[]), SourceKind::Vague);
        assert_eq!(grade("Then he said no.", "he", &[]), SourceKind::Pronoun);
        assert_eq!(
            grade("The influential US daily said no.", "The influential US daily", &[]),
            SourceKind::Described
        );
        assert_eq!(grade("Yet The New York Post said no.", "The New York Post", &[]), SourceKind::Named);
        let doc = Doc::new("x");
        assert_eq!(kind(&Ctx::new(&doc), None, &Entities::new(&[])), SourceKind::None);
    }

    /// Each `(sentence, source, grade)` graded without entities.
    fn assert_grades(cases: &[(&str, &str, SourceKind)]) {
        for &(t, s, want) in cases {
            assert_eq!(grade(t, s, &[]), want, "{s}");
        }
    }

    /// A name with an appositive after it was graded by the appositive's last word
    /// ("Jensen Huang, Nvidia's chief executive" read as described).
    #[test]
    fn a_name_before_an_appositive_is_named() {
        use SourceKind::{Described, Named};
        assert_grades(&[
            (
                "Jensen Huang, Nvidia's chief executive, said no.",
                "Jensen Huang, Nvidia's chief executive",
                Named,
            ),
            ("Mr. King, 82, said no.", "Mr. King, 82", Named),
            ("Joseph, who has four children, said no.", "Joseph, who has four children", Named),
            (
                "The minister of the economy, Mr. Guajardo, said no.",
                "The minister of the economy, Mr. Guajardo",
                Named,
            ),
            // An appositive after a description leaves it as it was.
            (
                "A senior official, who asked not to be named, said no.",
                "A senior official, who asked not to be named",
                Described,
            ),
        ]);
    }

    /// A name inside a prepositional phrase after a common noun made the source named.
    #[test]
    fn an_affiliation_does_not_name_the_source() {
        use SourceKind::{Described, Named};
        let t = "Later, a spokeswoman for Hillary Clinton said no.";
        let e = [ent(t, "Hillary Clinton", EntityLabel::Person)];
        assert_eq!(grade(t, "a spokeswoman for Hillary Clinton", &e), Described);
        assert_grades(&[
            (
                "Then an associate professor at New York University said no.",
                "an associate professor at New York University",
                Described,
            ),
            ("Then Secretary of State John Kerry said no.", "Secretary of State John Kerry", Named),
            ("Secretary of State John Kerry said no.", "Secretary of State John Kerry", Named),
            (
                "Then Gov. Earl Ray Tomblin of West Virginia said no.",
                "Gov. Earl Ray Tomblin of West Virginia",
                Named,
            ),
            (
                "Yet the Roper Center for Public Opinion Research said no.",
                "the Roper Center for Public Opinion Research",
                Named,
            ),
            // Officials of a named body are a kind of source: described.
            (
                "Then officials at Homeland Security Investigations said no.",
                "officials at Homeland Security Investigations",
                Described,
            ),
            ("Officials at the NHS declined to comment.", "Officials at the NHS", Described),
            ("Recent polls in Ohio found no change.", "Recent polls in Ohio", Described),
            // "by" names the author; a name before the preposition names the source.
            ("Then a new report by Politico said no.", "a new report by Politico", Named),
            (
                "A Quinnipiac University poll released in late August found no.",
                "A Quinnipiac University poll released in late August",
                Named,
            ),
        ]);
        // A sentence's first word that the entities layer names is a name.
        let t = "Google engineers in Zurich said no.";
        let e = [ent(t, "Google", EntityLabel::Org), ent(t, "Zurich", EntityLabel::Place)];
        assert_eq!(grade(t, "Google engineers in Zurich", &e), Named);
    }

    /// A vague head with a modifier was graded by the modifier's last word: "Sources
    /// close to the singer" read as described.
    #[test]
    fn a_vague_head_stays_vague_with_a_modifier() {
        for (t, s) in [
            ("Sources close to the singer say it is done.", "Sources close to the singer"),
            ("Yet people familiar with the matter said no.", "people familiar with the matter"),
            ("But critics of the plan said no.", "critics of the plan"),
            ("But many of the residents said no.", "many of the residents"),
            ("Some officials involved in the talks said no.", "Some officials involved in the talks"),
            ("But some investors fear a bubble.", "some investors"),
            ("Then two people familiar with the talks said no.", "two people familiar with the talks"),
            ("Then two officials said no.", "two officials"),
        ] {
            assert_eq!(grade(t, s, &[]), SourceKind::Vague, "{s}");
        }
        // A name in the modifier: the analysts of a named bank are described by it.
        let t = "Then analysts at Goldman Sachs said no.";
        assert_ne!(grade(t, "analysts at Goldman Sachs", &[]), SourceKind::Vague);
        // Not a modifier: the head is not vague.
        let t = "Then a spokeswoman close to the singer said no.";
        assert_eq!(grade(t, "a spokeswoman close to the singer", &[]), SourceKind::Described);
    }

    /// The index answers exactly as scanning every entity does, in any input order.
    #[test]
    fn the_entity_index_agrees_with_a_scan() {
        let mut rng = 0x9E37_79B9_u64;
        let mut next = move |m: u32| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % u64::from(m)) as u32
        };
        let labels = [EntityLabel::Person, EntityLabel::Org, EntityLabel::Date, EntityLabel::Place];
        for _ in 0..200 {
            let ents: Vec<Entity> = (0..next(12))
                .map(|_| {
                    let start = next(60);
                    let label = labels[next(4) as usize];
                    Entity { start, end: start + 1 + next(15), label, text: String::new() }
                })
                .collect();
            let idx = Entities::new(&ents);
            for _ in 0..20 {
                let (a, len) = (next(80), next(6));
                let span = Span::new(a, a + len);
                let scan = ents.iter().any(|e| e.label.is_name() && e.span().overlaps(span));
                assert_eq!(idx.name_overlaps(span), scan, "{ents:?} {span:?}");
                let (before, floor) = (next(90), next(40));
                let want = &labels[..1 + next(2) as usize];
                let scan = ents
                    .iter()
                    .filter(|e| want.contains(&e.label) && e.end <= before && e.start >= floor)
                    .max_by_key(|e| e.start);
                let got = idx.last_before(want, before, floor);
                assert_eq!(got.map(|e| e as *const Entity), scan.map(|e| e as *const Entity));
            }
        }
    }

    #[test]
    fn resolves_pronouns_by_agreement() {
        let t = "Jane Doe met the Acme Corp board. Later she said no. They said yes.";
        let ents = [ent(t, "Jane Doe", EntityLabel::Person), ent(t, "Acme Corp", EntityLabel::Org)];
        let doc = Doc::new(t);
        let ctx = Ctx::new(&doc);
        let (she, they) = (find_tokens(&doc, "she"), find_tokens(&doc, "They"));
        let all = Entities::new(&ents);
        assert_eq!(resolve(&ctx, she.clone(), &all).map(|e| e.text.as_str()), Some("Jane Doe"));
        assert_eq!(resolve(&ctx, they, &all).map(|e| e.text.as_str()), Some("Acme Corp"));
        // Nothing agreeing before: no guess.
        assert_eq!(resolve(&ctx, she, &Entities::new(&ents[1..])), None);
    }

    /// `tidy` of the source `source` before the cue `cue` (each a token range's text),
    /// with the document's part-of-speech column.
    fn tidied(text: &str, source: &str, cue: &str) -> String {
        let mut doc = Doc::new(text);
        doc.set_pos(crate::syntax::PosLayer::default().find(&doc));
        let ctx = Ctx::new(&doc);
        let r = tidy(&ctx, doc.pos(), find_tokens(&doc, source), find_tokens(&doc, cue).start);
        doc.slice(ctx.span_of(&r)).to_string()
    }

    #[test]
    fn a_trailing_relative_pronoun_leaves_the_source() {
        // The cue before the source: the pronoun opens the next clause.
        let t = "“The plan is sound,” said Dana Whitfield, who leads the board.";
        assert_eq!(tidied(t, "Dana Whitfield, who", "said"), "Dana Whitfield");
        // The pronoun far from the cue: its antecedent is the subject.
        let t = "Dana Whitfield, who leads the board, told reporters the plan was sound.";
        assert_eq!(tidied(t, "Dana Whitfield, who", "told"), "Dana Whitfield");
        // The pronoun just before the cue is the source, resolved later.
        let t = "The vote was delayed by a senator who said the bill was rushed.";
        assert_eq!(tidied(t, "a senator who", "said"), "who");
        // A quantifier holds it: "all of whom" is the phrase.
        let t = "The officers, all of whom said the order was lawful, were cleared.";
        assert_eq!(tidied(t, "all of whom", "said"), "all of whom");
        // A capitalised "Who" is a name.
        let t = "Tickets sold out in an hour, said the promoter of The Who, who praised the fans.";
        assert_eq!(tidied(t, "The Who", "praised"), "The Who");
    }

    #[test]
    fn a_clause_word_at_the_start_leaves_the_source() {
        let t = "The test, which government officials claimed was a success, drew protests.";
        assert_eq!(tidied(t, "which government officials", "claimed"), "government officials");
        let t = "The gap is wider than how experts say it should be.";
        assert_eq!(tidied(t, "how experts", "say"), "experts");
        // A demonstrative names its source.
        let t = "That report said the river would rise.";
        assert_eq!(tidied(t, "That report", "said"), "That report");
        // A verb after the word: no noun phrase to mend.
        let t = "The list, which included staff members, said little.";
        assert_eq!(tidied(t, "which included staff members", "said"), "which included staff members");
        let t = "The plan, which in May the council said would pass, failed.";
        assert_eq!(tidied(t, "which in May", "said"), "which in May");
    }
}
