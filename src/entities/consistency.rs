//! Document-level name consistency: a person named in full ("Andy Warhol") passes the
//! type PER to the short-form mentions of the same document — the surname ("Warhol"),
//! or the last two words of a longer name ("Aung San Suu Kyi" → "Suu Kyi") — that the
//! tagger typed ORG, PLACE or MISC, unless the mention's own context says otherwise.
//!
//! Why after the tagger and not only through its second-pass features: the second pass
//! sees "the other occurrences of this *word* were tagged X", a vote of the bare mentions
//! themselves, so seven mentions of "Washington" typed PLACE outvote the one "MaliVai
//! Washington". A name written in full is stronger evidence than any bare mention.
//! Mentions before the full name are retyped too (a headline names "Nyerere", the body
//! "Julius Nyerere"); mentions the tagger missed are not added (measured: nothing gained
//! on CoNLL-2003, a false positive on WikiANN).
//!
//! The guard, so that one wrong document-level guess cannot spread to every mention:
//! - the source is a PERSON span of two or more name words, each capitalized and not in
//!   capitals only (a headline in caps is where the tagger is least sure), with no filler
//!   word inside ("Mariana Victoria of Spain" passes nothing to "Spain");
//! - its first word is not one that starts organisations or places in the gazetteers but
//!   no person ("Hapoel Taibe", a football club the tagger typed PER, would otherwise
//!   retype the town "Taibe" seven times on CoNLL train);
//! - no multi-word name of another type in the document ends in the same surname
//!   (conflicting full-name evidence: "Fort Worth" beside "Irving Worth");
//! - a mention inside a longer name ("Warhol Museum", "American Tyson") is left alone.
//!
//! Guards measured and left out (`models/entities.md`): keeping the tagger's type when
//! the surname alone is a known place or organisation and every bare mention has that
//! type cost 9 correct mentions on CoNLL dev ("Washington", "Holland") and saved none;
//! keeping PLACE after "in/at/from/near" cost 2; keeping ORG before a possessive 's
//! ("Sainsbury's") cost 2 ("Suu Kyi's assistant") and its one save was a gold error.
//!
//! Linear: one merge walk of the tokens against the names, a hash map of short forms per
//! document, and one look-up per name of one or two words.

use super::gazetteer::{self, Gazetteer, WORD_FIRST};
use crate::schema::Span;
use crate::text::Document;
use std::collections::HashMap;

const PER: usize = 0;
/// Gazetteer type bits of organisations and places.
const OTHER: u32 = (1 << gazetteer::ORG) | (1 << gazetteer::LOC);

/// What the document says about one short form (a surname, or the last two words).
#[derive(Default, Clone, Copy)]
struct ShortForm {
    /// Full-name PERSON spans ending in it.
    full: u32,
    /// Multi-word names of another type ending in it.
    against: u32,
}

/// A word that may be part of a person's name written in full: capitalized, with a
/// lower-case letter unless it is an initial ("J.", "A.J.P.").
fn name_word(s: &str) -> bool {
    let mut cs = s.chars();
    let Some(c0) = cs.next() else { return false };
    if !c0.is_uppercase() {
        return false;
    }
    let initial = s.len() <= 6 && s.ends_with('.') && s.chars().all(|c| c == '.' || c.is_uppercase());
    initial || s.chars().any(char::is_lowercase)
}

/// Generational suffixes after a surname.
fn is_suffix(s: &str) -> bool {
    matches!(s, "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV")
}

/// The surname's token in the name over `toks`, when every token is a name word.
fn surname(doc: &Document, toks: std::ops::Range<usize>) -> Option<usize> {
    if toks.len() < 2 || !toks.clone().all(|i| name_word(doc.token_str(i))) {
        return None;
    }
    let mut last = toks.end - 1;
    if is_suffix(doc.token_str(last)) {
        last -= 1;
    }
    let s = doc.token_str(last);
    // An initial is not a surname; a surname has two letters or more.
    (last > toks.start && !s.ends_with('.') && s.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .then_some(last)
}

/// Applies the rule to `names` (`(span, type index)`, sorted, non-overlapping, type
/// indices into [`super::TYPES`]): only types change, so they stay sorted and
/// non-overlapping.
pub fn apply(doc: &Document, gaz: &Gazetteer, names: &mut [(Span, usize)]) {
    if !names.iter().any(|&(_, ty)| ty == PER) {
        return;
    }
    // Token range of each name: one merge walk.
    let toks = &doc.tokens;
    let mut i = 0;
    let ranges: Vec<(usize, usize)> = names
        .iter()
        .map(|&(span, _)| {
            let r = super::edges::tokens_of(toks, span, &mut i);
            (r.start, r.end)
        })
        .collect();
    // Full names by their short forms: the surname, and the last two words of a name
    // of three or more ("Aung San Suu Kyi" → "Kyi", "Suu Kyi").
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut table: Vec<ShortForm> = Vec::new();
    for (&(a, b), &(_, ty)) in ranges.iter().zip(names.iter()) {
        if ty != PER {
            continue;
        }
        let Some(s) = surname(doc, a..b) else { continue };
        // A first word that starts organisations or places in the lists and no person
        // makes a doubtful full name ("Hapoel Taibe", a football club).
        let first = gaz.word_marks_key(gazetteer::token_hash(doc.token_str(a))) >> WORD_FIRST;
        if first & (1 << gazetteer::PER) == 0 && first & OTHER != 0 {
            continue;
        }
        let two = (s >= a + 2).then(|| doc.slice(toks[s - 1].span.cover(toks[s].span)));
        for key in std::iter::once(doc.token_str(s)).chain(two) {
            let at = *index.entry(key).or_insert_with(|| {
                table.push(ShortForm::default());
                table.len() - 1
            });
            table[at].full += 1;
        }
    }
    if table.is_empty() {
        return;
    }
    // Conflicting evidence: a multi-word name of another type ending in a surname
    // ("Fort Worth" beside "Irving Worth"), unless it is itself a short form.
    for (&(a, b), &(span, ty)) in ranges.iter().zip(names.iter()) {
        if ty == PER || b < a + 2 || index.contains_key(doc.slice(span)) {
            continue;
        }
        if let Some(&at) = surname(doc, a..b).and_then(|s| index.get(doc.token_str(s))) {
            table[at].against += 1;
        }
    }
    // The mentions: names of one or two words that are a short form.
    for (&(a, b), (span, ty)) in ranges.iter().zip(names.iter_mut()) {
        if *ty == PER || b - a > 2 || b == a {
            continue;
        }
        let Some(&at) = index.get(doc.slice(*span)) else { continue };
        if table[at].against == 0 {
            *ty = PER;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `names` as (text, type) pairs, each the next occurrence of its text after the
    /// previous name; returns the names' texts and types after [`apply`].
    fn run(gaz: &Gazetteer, text: &str, names: &[(&str, usize)]) -> Vec<(String, usize)> {
        let doc = Document::new(text);
        let mut from = 0;
        let mut spans: Vec<(Span, usize)> = names
            .iter()
            .map(|&(s, ty)| {
                let at = from + text[from..].find(s).unwrap_or_else(|| panic!("{s:?} not in the text"));
                from = at + s.len();
                (Span::new(at as u32, from as u32), ty)
            })
            .collect();
        apply(&doc, gaz, &mut spans);
        spans.into_iter().map(|(s, ty)| (doc.slice(s).to_string(), ty)).collect()
    }

    const ORG: usize = 1;
    const LOC: usize = 2;

    fn no_lists() -> Gazetteer {
        Gazetteer::new(&[])
    }

    #[test]
    fn a_full_name_passes_person_to_its_surname() {
        let text = "Warhol prints sold.\nAndy Warhol painted soup cans in 1962. Later Warhol moved his \
                    studio, and the Warhol Museum opened in Pittsburgh. Critics said Warhol was shy.";
        let got = run(
            &no_lists(),
            text,
            &[
                ("Warhol", ORG),
                ("Andy Warhol", PER),
                ("Warhol", ORG),
                ("Warhol Museum", ORG),
                ("Pittsburgh", LOC),
                ("Warhol", LOC),
            ],
        );
        let types: Vec<usize> = got.iter().map(|(_, t)| *t).collect();
        // The headline's mention before the full name too; the museum and the city stay.
        assert_eq!(types, [PER, PER, PER, ORG, LOC, PER], "{got:?}");
    }

    #[test]
    fn the_last_two_words_of_a_long_name_are_a_short_form() {
        let text = "Aung San Suu Kyi spoke on Sunday. Suu Kyi said the rulers abuse the law.";
        let got = run(&no_lists(), text, &[("Aung San Suu Kyi", PER), ("Suu Kyi", ORG)]);
        assert_eq!(got[1], ("Suu Kyi".to_string(), PER));
    }

    #[test]
    fn a_club_typed_as_a_person_does_not_retype_its_town() {
        // The tagger's mistake: a club named like a person. Its first word starts only
        // organisations in the lists, so it is not trusted as a full name.
        let gaz = Gazetteer::new(&[(gazetteer::ORG, "Hapoel Tel Aviv\n")]);
        let text = "Hapoel Tarra won on Saturday. Fans in Tarra celebrated, and Tarra will host the final.";
        let names = [("Hapoel Tarra", PER), ("Tarra", LOC), ("Tarra", LOC)];
        let got = run(&gaz, text, &names);
        assert_eq!(got.iter().map(|(_, t)| *t).collect::<Vec<_>>(), [PER, LOC, LOC], "{got:?}");
        // Without that knowledge the rule would spread the mistake: the guard is what stops it.
        let spread = run(&no_lists(), text, &names);
        assert_eq!(spread.iter().map(|(_, t)| *t).collect::<Vec<_>>(), [PER, PER, PER]);
    }

    #[test]
    fn conflicting_full_names_stop_the_rule() {
        let text = "Irving Worth flew to Fort Worth on Monday. Worth is a city of 900,000.";
        let got = run(&no_lists(), text, &[("Irving Worth", PER), ("Fort Worth", LOC), ("Worth", LOC)]);
        assert_eq!(got[2], ("Worth".to_string(), LOC));
    }

    #[test]
    fn caps_fillers_and_initials_make_no_full_name() {
        let cases: [(&str, &[(&str, usize)]); 3] = [
            ("ANDY WARHOL DIES\nThe Warhol show opens.", &[("ANDY WARHOL", PER), ("Warhol", ORG)]),
            (
                "Mariana Victoria of Spain married in Spain.",
                &[("Mariana Victoria of Spain", PER), ("Spain", LOC)],
            ),
            ("Said Smith J. at Smith Hall: Smith.", &[("Smith J.", PER), ("Smith", ORG)]),
        ];
        for (text, names) in cases {
            let got = run(&no_lists(), text, names);
            assert_eq!(got.last().map(|(_, t)| *t), names.last().map(|(_, t)| *t), "{text}: {got:?}");
        }
    }

    #[test]
    fn nothing_to_do_on_odd_input() {
        for text in ["", "Warhol", "A B"] {
            let doc = Document::new(text);
            let mut names = Vec::new();
            apply(&doc, &no_lists(), &mut names);
            assert!(names.is_empty());
        }
        // A name whose span matches no token (never from the tagger) is left alone.
        let doc = Document::new("Ann Lee met Lee.");
        let mut names = vec![(Span::new(0, 7), PER), (Span::new(12, 15), ORG), (Span::new(16, 16), ORG)];
        apply(&doc, &no_lists(), &mut names);
        assert_eq!(names[1].1, PER);
        assert_eq!(names[2].1, ORG);
    }
}
