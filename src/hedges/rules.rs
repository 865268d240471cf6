//! Hand-written disambiguation rules: the non-hedging uses of hedge words that a
//! reader spots at once and a word list never does.
//!
//! They have two jobs. As tagger features they give the learned model the distinctions
//! a bag of neighbouring words expresses poorly ("May" followed by a day number, a
//! "could" of past ability, an "if" that asks rather than conditions, a "suggest" that
//! proposes rather than infers, a "would" inside reported speech). When no model is
//! embedded (a fresh checkout before `newsmark train hedges`), [`fallback_cues`] turns
//! our own cue list plus these rules into a usable, precise hedge layer.
//!
//! Every rule looks at most a few tokens around the word, so the whole layer stays
//! linear in the sentence.

use super::lexicon::List;
use super::sentence::Sent;
use crate::text::TokenKind;
use std::ops::Range;

const MONTH_CONTEXT: &[&str] = &[
    "in", "of", "since", "until", "till", "last", "next", "early", "late", "mid", "by", "from", "through",
    "during", "before", "after", "this", "that", "each", "every", "on", "to", "between",
];

/// "May" the month: capitalized mid-sentence or followed by a day or year number, or
/// after a temporal preposition ("in May", "since May"). A capitalized "May" after a
/// capitalized word is a surname ("Theresa May"), also not a hedge.
pub fn month_may(s: &Sent, i: usize) -> bool {
    if s.words.get(i) != Some(&"May") {
        return false;
    }
    let i = i as isize;
    let next_num = s.kind(i + 1) == Some(TokenKind::Number);
    let prev = s.low(i - 1);
    // Mid-sentence, the modal is lower case; a capital there is the month or a name
    // unless a subject precedes it (title-case headlines: "Talks May Resume").
    next_num || MONTH_CONTEXT.contains(&prev) || (i > 0 && !is_subject(prev))
}

fn is_subject(w: &str) -> bool {
    matches!(
        w,
        "it" | "they" | "he" | "she" | "we" | "i" | "you" | "this" | "that" | "there" | "which" | "who"
    )
}

const ABILITY_VERBS: &[&str] = &[
    "see",
    "hear",
    "feel",
    "smell",
    "taste",
    "remember",
    "recall",
    "afford",
    "barely",
    "hardly",
    "only",
    "read",
    "speak",
    "swim",
    "walk",
    "run",
    "understand",
    "tell",
];

/// "could" of past ability or of a plain past fact ("could not be reached", "could see
/// smoke", "could only watch"): a statement about what happened, not a possibility.
pub fn past_ability_could(s: &Sent, i: usize) -> bool {
    let w = s.low(i as isize);
    if !matches!(w, "could" | "couldn't" | "couldnt") {
        return false;
    }
    let i = i as isize;
    let mut j = i + 1;
    let negated = w != "could" || matches!(s.low(j), "not" | "n't" | "never");
    if matches!(s.low(j), "not" | "n't" | "never") {
        j += 1;
    }
    if negated && s.low(j) == "be" && matches!(s.low(j + 1), "reached" | "found" | "located" | "contacted") {
        return true;
    }
    if s.conditional || matches!(s.low(j), "have" | "be" | "possibly") {
        return false;
    }
    ABILITY_VERBS.contains(&s.low(j)) || (negated && matches!(s.low(j), "find" | "get" | "stop" | "believe"))
}

const ASKING: &[&str] = &[
    "ask",
    "asks",
    "asked",
    "asking",
    "wonder",
    "wonders",
    "wondered",
    "wondering",
    "know",
    "knows",
    "knew",
    "see",
    "decide",
    "decides",
    "decided",
    "determine",
    "check",
    "tell",
    "sure",
    "unclear",
    "doubt",
    "question",
    "clear",
];

/// "if" that asks ("asked if", "not sure if", "to see if"): a question, typed
/// hypo_investigation rather than hypo_condition.
pub fn question_if(s: &Sent, i: usize) -> bool {
    let i = i as isize;
    s.low(i) == "if"
        && (ASKING.contains(&s.low(i - 1)) || (s.low(i - 1) == "," && ASKING.contains(&s.low(i - 2))))
}

const EVIDENCE: &[&str] = &[
    "evidence",
    "data",
    "results",
    "result",
    "study",
    "studies",
    "findings",
    "poll",
    "polls",
    "research",
    "figures",
    "numbers",
    "signs",
    "this",
    "which",
    "that",
    "analysis",
    "report",
    "reports",
    "records",
    "documents",
    "experience",
];

/// "suggest" that proposes ("suggested a plan", "suggested he resign", "suggested
/// meeting") rather than infers from evidence ("the data suggest that …"). `None` when
/// the word is no form of suggest; `Some(true)` for a proposal.
pub fn proposal_suggest(s: &Sent, i: usize) -> Option<bool> {
    let w = s.low(i as isize);
    if !w.starts_with("suggest") || w.starts_with("suggestive") {
        return None;
    }
    let i = i as isize;
    let evidence = (1..=3).any(|k| EVIDENCE.contains(&s.low(i - k)));
    let next = s.low(i + 1);
    let proposal =
        matches!(next, "a" | "an" | "to" | "we" | "you" | "they" | "ways" | "some" | "changes" | "using")
            || next.ends_with("ing")
            || (next == "that" && matches!(s.low(i + 3), "be" | "resign" | "consider" | "stop" | "go"));
    Some(proposal && !evidence)
}

/// "would" inside reported speech ("he said he would resign"): the future of the past,
/// which Szeged news still marks when the event is not yet certain.
pub fn reported_would(s: &Sent, i: usize) -> bool {
    let i = i as isize;
    matches!(s.low(i), "would" | "wouldn't" | "'d") && after_reporting(s, i as usize)
}

/// A reporting verb within a few tokens before `i` (a weaker cue for "will"/"could").
pub fn after_reporting(s: &Sent, i: usize) -> bool {
    s.reporting.get(i.saturating_sub(6)..i).is_some_and(|r| r.iter().any(|&x| x))
}

/// "possible" of feasibility ("it is possible to use", "possible for him to win"): what
/// can be done, not what may be true. Szeged news and Wikipedia never mark it (0 of 16
/// in their training splits), while "it is possible that …" is a cue 12 times of 14.
/// (The biomedical annotators do mark it: all 14 in BioScope, 14 of 16 in Szeged bio; news
/// is the product's domain.)
pub fn feasible_possible(s: &Sent, i: usize) -> bool {
    let i = i as isize;
    s.low(i) == "possible" && (s.low(i + 1) == "to" || (s.low(i + 1) == "for" && s.low(i + 3) == "to"))
}

/// Either "if" of "if and only if": the logician's biconditional states a definition,
/// not a condition anyone doubts (0 of 7 marked in the training split).
pub fn biconditional_if(s: &Sent, i: usize) -> bool {
    let i = i as isize;
    s.low(i) == "if"
        && ((s.low(i + 1) == "and" && s.low(i + 2) == "only" && s.low(i + 3) == "if")
            || (s.low(i - 1) == "only" && s.low(i - 2) == "and" && s.low(i - 3) == "if"))
}

/// "believe in" of faith or trust ("believe in Santa Claus", "believed in Buddhism"):
/// a stance towards a thing, not a guess about a fact. Szeged Wikipedia marks none of
/// the 5 in its training split (nor the 2 in dev), SFU 1 of 6; the passive weasel "is
/// believed in by some" (marked) is left to the tagger.
pub fn faith_believe(s: &Sent, i: usize) -> bool {
    let i = i as isize;
    matches!(s.low(i), "believe" | "believes" | "believed" | "believing")
        && s.low(i + 1) == "in"
        && s.low(i + 2) != "by"
}

const DISPROVED: &[&str] =
    &["false", "unfounded", "baseless", "fabricated", "bogus", "debunked", "discredited"];

/// An allegation or rumour the writer calls false ("false allegations", "baseless
/// rumours"): the writer asserts, nothing is left uncertain. (The hedge corpora have
/// one such article, a Szeged Wikipedia dev document: 1 of its 7 marked, in the title.)
pub fn disproved_claim(s: &Sent, i: usize) -> bool {
    let i = i as isize;
    matches!(
        s.low(i),
        "allegation" | "allegations" | "claim" | "claims" | "rumor" | "rumors" | "rumour" | "rumours"
    ) && DISPROVED.contains(&s.low(i - 1))
}

/// A phrase that puts a statement in doubt, from token `i`: "raises questions", "cast
/// doubt", "called into question" (with at most one of a few modifiers: "raised serious
/// doubts"). Its end, or `None`. Every one of the 7 in the hedge corpora is a cue
/// (Szeged news, Wikipedia and bio, BioScope), but its words are too rare for the tagger
/// to open them (3 in training splits, 4 in dev).
pub fn doubt_phrase(s: &Sent, i: usize) -> Option<usize> {
    let i = i as isize;
    let w = s.low(i);
    let noun = |j: isize| -> Option<isize> {
        let j = if matches!(s.low(j), "serious" | "new" | "fresh" | "further" | "more" | "real" | "grave") {
            j + 1
        } else {
            j
        };
        matches!(s.low(j), "question" | "questions" | "doubt" | "doubts").then_some(j + 1)
    };
    let end = match w {
        "raise" | "raises" | "raised" | "raising" | "cast" | "casts" | "casting" => noun(i + 1),
        "call" | "calls" | "called" | "calling" if s.low(i + 1) == "into" && s.low(i + 2) == "question" => {
            Some(i + 3)
        }
        _ => None,
    }?;
    Some(end as usize)
}

/// The decoded cues after the rules that need no learning: a cue on a feasibility
/// "possible", a biconditional "if", a "believe in" or a disproved allegation is
/// dropped; a modal repeated with "or … not" takes the whole phrase ("may or may not",
/// 4 of 4 in training; the tagger stops before "not", which no hedge list opens); a
/// [`doubt_phrase`] is a cue, replacing any cue inside it. Ranges stay sorted and
/// disjoint; one pass over the sentence.
pub fn settle(s: &Sent, mut cues: Vec<Range<usize>>) -> Vec<Range<usize>> {
    cues.retain(|r| {
        let i = r.start;
        !(r.len() == 1
            && (feasible_possible(s, i)
                || biconditional_if(s, i)
                || faith_believe(s, i)
                || disproved_claim(s, i)))
    });
    for k in 0..cues.len() {
        let r = cues[k].clone();
        let i = r.start as isize;
        let w = s.low(i);
        let repeated = matches!(w, "may" | "might" | "could" | "can" | "will" | "would")
            && s.low(i + 1) == "or"
            && s.low(i + 2) == w
            && matches!(s.low(i + 3), "not" | "n't");
        let end = r.start + 4;
        if repeated && r.end < end && cues.get(k + 1).map_or(true, |n| n.start >= end) {
            cues[k].end = end;
        }
    }
    // Merge the doubt phrases in: walk the tokens and the (sorted) cues together.
    let mut out: Vec<Range<usize>> = Vec::with_capacity(cues.len());
    let mut next = cues.into_iter().peekable();
    let mut i = 0;
    while i < s.len() {
        if let Some(end) = doubt_phrase(s, i) {
            // Cues that end before the phrase come first.
            while next.peek().is_some_and(|c| c.end <= i) {
                out.extend(next.next());
            }
            // A cue overlapping the phrase but not inside it wins.
            let straddles = |c: &Range<usize>| c.start < end && (c.start < i || c.end > end);
            if out.last().is_some_and(|c| c.end > i) || next.peek().is_some_and(straddles) {
                i += 1;
                continue;
            }
            // The cues inside the phrase give way to it.
            while next.peek().is_some_and(|c| c.start < end) {
                next.next();
            }
            out.push(i..end);
            i = end;
            continue;
        }
        i += 1;
    }
    out.extend(next);
    out
}

/// Words our fallback never marks alone: too often plain (ability "can", future "will",
/// habitual "would", proposal "should").
const FALLBACK_SKIP: &[&str] = &["can", "will", "should", "until", "provided", "considering"];

/// The rule-based cue finder used when no model is embedded: longest matches of our own
/// cue list, minus the non-hedging uses the rules above recognise, then [`settle`]. Token ranges within
/// the sentence, sorted and disjoint.
pub fn fallback_cues(s: &Sent) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for m in s.matches.iter().filter(|m| m.entry.list == List::Cues) {
        let r = m.start..m.start + m.len;
        if let Some(last) = out.last_mut() {
            if r.start < last.end {
                if r.end > last.end && r.start == last.start {
                    *last = r;
                }
                continue;
            }
        }
        out.push(r);
    }
    out.retain(|r| {
        let i = r.start;
        if r.len() > 1 {
            return true;
        }
        let w = s.low(i as isize);
        !(FALLBACK_SKIP.contains(&w)
            || month_may(s, i)
            || past_ability_could(s, i)
            || proposal_suggest(s, i) == Some(true)
            || (w == "would" && !s.conditional && !reported_would(s, i)))
    });
    settle(s, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;

    fn with<T>(text: &str, f: impl FnOnce(&Sent) -> T) -> T {
        let doc = Doc::new(text);
        let words = crate::hedges::words::Words::new(&doc, crate::hedges::vocab::Vocab::get());
        let s = Sent::new(&doc, &words, &doc.sentences[0]);
        f(&s)
    }

    fn pos(s: &Sent, w: &str) -> usize {
        s.words.iter().position(|x| *x == w).expect("word in sentence")
    }

    #[test]
    fn may_the_month_is_not_a_hedge() {
        assert!(with("The vote was held on May 20, 1983.", |s| month_may(s, pos(s, "May"))));
        assert!(with("Prices rose in May and fell in June.", |s| month_may(s, pos(s, "May"))));
        assert!(with("Theresa May resigned.", |s| month_may(s, pos(s, "May"))));
        assert!(with("Elections are due May 5.", |s| month_may(s, pos(s, "May"))));
        assert!(!with("The talks may resume in June.", |s| month_may(s, pos(s, "may"))));
        assert!(!with("May I ask a question?", |s| month_may(s, 0)));
        assert!(!with("It May Rain Today", |s| month_may(s, pos(s, "May"))));
    }

    #[test]
    fn could_of_past_ability_is_recognised() {
        assert!(with("Officials could not be reached for comment.", |s| past_ability_could(
            s,
            pos(s, "could")
        )));
        assert!(with("From the roof she could see the smoke.", |s| past_ability_could(s, pos(s, "could"))));
        assert!(!with("The strike could spread to other ports.", |s| past_ability_could(s, pos(s, "could"))));
        assert!(!with("It could have been worse.", |s| past_ability_could(s, pos(s, "could"))));
    }

    #[test]
    fn if_that_asks_differs_from_if_that_conditions() {
        assert!(with("Reporters asked if the plan would pass.", |s| question_if(s, pos(s, "if"))));
        assert!(!with("If the plan passes, taxes will rise.", |s| question_if(s, 0)));
    }

    #[test]
    fn suggest_of_proposal_differs_from_evidence() {
        assert_eq!(
            with("She suggested a compromise.", |s| proposal_suggest(s, pos(s, "suggested"))),
            Some(true)
        );
        assert_eq!(
            with("The data suggest that turnout fell.", |s| proposal_suggest(s, pos(s, "suggest"))),
            Some(false)
        );
        assert_eq!(with("She walked home.", |s| proposal_suggest(s, 1)), None);
    }

    #[test]
    fn settle_drops_plain_uses_and_completes_phrases() {
        let settled = |t: &str, cue: &str| {
            with(t, |s| {
                let i = pos(s, cue);
                settle(s, std::iter::once(i..i + 1).collect())
                    .iter()
                    .map(|r| s.words[r.clone()].join(" "))
                    .collect::<Vec<_>>()
            })
        };
        assert!(settled("It is possible to use two cogs.", "possible").is_empty());
        assert!(settled("It was not possible for him to stay.", "possible").is_empty());
        assert_eq!(settled("It is possible that he left.", "possible"), ["possible"]);
        assert_eq!(settled("A possible motive emerged.", "possible"), ["possible"]);
        assert!(settled("A pair is cogent if and only if it holds.", "if").is_empty());
        assert_eq!(settled("He will stay only if paid.", "if"), ["if"]);
        assert_eq!(settled("The domain may or may not be finite.", "may"), ["may or may not"]);
        assert!(settled("Few adults believe in Santa Claus.", "believe").is_empty());
        assert_eq!(settled("Officials believe the fire was set.", "believe"), ["believe"]);
        assert_eq!(settled("It is believed in by some.", "believed"), ["believed"]);
        assert!(settled("He denied the false allegations.", "allegations").is_empty());
        let phrases = |t: &str| {
            with(t, |s| {
                settle(s, Vec::new()).iter().map(|r| s.words[r.clone()].join(" ")).collect::<Vec<_>>()
            })
        };
        assert_eq!(phrases("Weak sales raise questions about demand."), ["raise questions"]);
        assert_eq!(phrases("That calls into question the impact."), ["calls into question"]);
        assert_eq!(phrases("She raised her hand and asked questions."), Vec::<String>::new());
        assert_eq!(settled("The ruling cast serious doubt on it.", "doubt"), ["cast serious doubt"]);
        assert_eq!(settled("It may raise doubts.", "may"), ["may", "raise doubts"]);
        assert_eq!(settled("Weak sales raise questions that may hurt.", "may"), ["raise questions", "may"]);
        assert_eq!(settled("It raises questions.", "raises"), ["raises questions"]);
        assert_eq!(settled("He denied the allegations.", "allegations"), ["allegations"]);
        assert_eq!(settled("It may or may well be finite.", "may"), ["may"]);
    }

    #[test]
    fn fallback_finds_hedges_and_skips_plain_uses() {
        let cues = |t: &str| {
            with(t, |s| fallback_cues(s).iter().map(|r| s.words[r.clone()].join(" ")).collect::<Vec<_>>())
        };
        assert_eq!(cues("The talks may resume in May, officials said."), ["may"]);
        assert_eq!(cues("There are fears that prices could rise."), ["There are fears", "could"]);
        assert_eq!(cues("He could not be reached for comment."), Vec::<String>::new());
        assert_eq!(cues("It is unclear whether the plan will pass."), ["unclear", "whether"]);
        assert_eq!(cues("Weak car sales raise questions about demand."), ["raise questions"]);
        assert_eq!(cues("It is possible to use two cogs, and possible that one fails."), ["possible"]);
    }
}
