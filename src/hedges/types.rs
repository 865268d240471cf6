//! The type of a cue, in the Szeged Uncertainty Corpus scheme plus `weasel`.
//!
//! Why rules rather than a second model: the type is almost a function of the cue word
//! ("whether" is always hypo_investigation, "believe" hypo_doxastic), and the few words
//! whose type depends on context depend on one thing a rule sees directly: an "if" that
//! asks is an investigation, a "would"/"will"/"could" in a sentence with a condition is
//! hypo_condition. Our cue list (`data/hedges/cues.txt`) carries the per-word type; the
//! word's stem decides for cues the list lacks. Szeged's own annotators disagree on the
//! probable/possible line between its parts (news calls "likely" possible, Wikipedia
//! probable); we follow the news part, our target domain.
//!
//! `weasel` (a vague attribution of authority: "it is believed", "critics argue") is a
//! hedge of its own, beside the cue's: a listed weasel phrase around a cue
//! ([`weasel_phrase`]), and the claims layer's vague or absent sources, in
//! [`super::find`].

use super::lexicon::{Lexicon, List};
use super::rules;
use super::sentence::Sent;
use crate::schema::HedgeType;
use std::ops::Range;

/// The listed weasel phrase ("it is believed", "there are fears") around the cue over
/// tokens `r` of `s`, as a token range: a hedge of its own beside the cue, which keeps
/// its type ([`type_of`]), so that the reader sees both the hedging word and the
/// unnamed authority.
pub fn weasel_phrase(s: &Sent, r: &Range<usize>) -> Option<Range<usize>> {
    let m = s.matches_over(r.clone()).find(|m| m.entry.kind == Some(HedgeType::Weasel))?;
    Some(m.start..m.start + m.len)
}

/// The type of the cue over tokens `r` of `s` (never `weasel`: a listed weasel phrase
/// around it is a hedge of its own, [`weasel_phrase`]).
pub fn type_of(s: &Sent, r: &Range<usize>) -> HedgeType {
    let first = s.low(r.start as isize);
    if first == "if" {
        return if rules::question_if(s, r.start) {
            HedgeType::HypoInvestigation
        } else {
            HedgeType::HypoCondition
        };
    }
    if matches!(first, "would" | "will" | "wo" | "won't" | "wouldn't" | "'d" | "'ll") {
        return HedgeType::HypoCondition;
    }
    if s.conditional && matches!(first, "could" | "might" | "should" | "can") {
        return HedgeType::HypoCondition;
    }
    let lex = Lexicon::get();
    let phrase: String = s.lower.get(r.clone()).map(|w| w.join(" ")).unwrap_or_default();
    if let Some(k) = lex.cue_type(&phrase).filter(|k| *k != HedgeType::Weasel) {
        return k;
    }
    // A listed entry inside a longer cue ("raises the possibility"), else the stem.
    let listed = s.matches_over(r.clone()).find(|m| {
        m.entry.list == List::Cues && m.entry.kind != Some(HedgeType::Weasel) && r.start <= m.start
    });
    if let Some(k) = listed.and_then(|m| m.entry.kind) {
        return k;
    }
    by_stem(&phrase)
}

fn by_stem(phrase: &str) -> HedgeType {
    const STEMS: &[(&str, HedgeType)] = &[
        ("suggest", HedgeType::ModalPossible),
        ("indicat", HedgeType::ModalPossible),
        ("seem", HedgeType::ModalPossible),
        ("appear", HedgeType::ModalPossible),
        ("likel", HedgeType::ModalPossible),
        ("believ", HedgeType::HypoDoxastic),
        ("think", HedgeType::HypoDoxastic),
        ("expect", HedgeType::HypoDoxastic),
        ("consider", HedgeType::HypoDoxastic),
        ("assum", HedgeType::HypoDoxastic),
        ("suspect", HedgeType::HypoDoxastic),
        ("alleg", HedgeType::HypoDoxastic),
        ("estimat", HedgeType::HypoDoxastic),
        ("regard", HedgeType::HypoDoxastic),
        ("hypothes", HedgeType::HypoDoxastic),
        ("putative", HedgeType::HypoDoxastic),
        ("investigat", HedgeType::HypoInvestigation),
        ("examin", HedgeType::HypoInvestigation),
        ("determin", HedgeType::HypoInvestigation),
        ("whether", HedgeType::HypoInvestigation),
        ("test", HedgeType::HypoInvestigation),
        ("stud", HedgeType::HypoInvestigation),
        ("analy", HedgeType::HypoInvestigation),
        ("evaluat", HedgeType::HypoInvestigation),
        ("assess", HedgeType::HypoInvestigation),
        ("explor", HedgeType::HypoInvestigation),
        ("unless", HedgeType::HypoCondition),
    ];
    STEMS.iter().find(|(stem, _)| phrase.starts_with(stem)).map_or(HedgeType::ModalProbable, |&(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;

    fn type_in(text: &str, cue: &str) -> HedgeType {
        let doc = Doc::new(text);
        let words = crate::hedges::words::Words::new(&doc, crate::hedges::vocab::Vocab::get());
        let s = Sent::new(&doc, &words, &doc.sentences[0]);
        let i = s.words.iter().position(|w| *w == cue).expect("cue in sentence");
        type_of(&s, &(i..i + 1))
    }

    #[test]
    fn types_follow_the_szeged_scheme() {
        assert_eq!(type_in("The talks may resume.", "may"), HedgeType::ModalProbable);
        assert_eq!(type_in("Turnout is likely to fall.", "likely"), HedgeType::ModalPossible);
        assert_eq!(type_in("Police believe the fire was set.", "believe"), HedgeType::HypoDoxastic);
        assert_eq!(type_in("It is unclear whether he will run.", "whether"), HedgeType::HypoInvestigation);
        assert_eq!(type_in("If it rains, the match will be delayed.", "If"), HedgeType::HypoCondition);
        assert_eq!(type_in("Reporters asked if he would run.", "if"), HedgeType::HypoInvestigation);
        assert_eq!(type_in("He said he would run.", "would"), HedgeType::HypoCondition);
        assert_eq!(type_in("Officials are examining the wreck.", "examining"), HedgeType::HypoInvestigation);
    }

    /// The words of the listed weasel phrase around `cue` in `text`, if any.
    fn weasel_in(text: &str, cue: &str) -> Option<String> {
        let doc = Doc::new(text);
        let words = crate::hedges::words::Words::new(&doc, crate::hedges::vocab::Vocab::get());
        let s = Sent::new(&doc, &words, &doc.sentences[0]);
        let i = s.words.iter().position(|w| *w == cue).expect("cue in sentence");
        weasel_phrase(&s, &(i..i + 1)).map(|r| s.words[r].join(" "))
    }

    #[test]
    fn listed_vague_attributions_are_weasels_beside_the_cue() {
        assert_eq!(type_in("It is believed the ship sank.", "believed"), HedgeType::HypoDoxastic);
        assert_eq!(weasel_in("It is believed the ship sank.", "believed").as_deref(), Some("It is believed"));
        assert_eq!(type_in("There are fears that the dam could break.", "fears"), HedgeType::ModalProbable);
        assert_eq!(
            weasel_in("There are fears that the dam could break.", "fears").as_deref(),
            Some("There are fears")
        );
        assert_eq!(type_in("There are fears that the dam could break.", "could"), HedgeType::ModalProbable);
        assert_eq!(weasel_in("There are fears that the dam could break.", "could"), None);
        assert_eq!(weasel_in("Police believe the fire was set.", "believe"), None);
    }
}
