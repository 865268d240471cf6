//! A person's name starts at the name. The tagger sometimes takes the word before it in:
//! a title ("Dr. Amara Osei", "Mayor Rosa Alvarez") or the "By" of a byline ("By Marta
//! Kessel"). CoNLL-2003, whose convention the layer follows, leaves titles out of PER
//! ("President Clinton": only "Clinton"), and a reader sees the name with its title as
//! a wrong edge. So a PERSON span's leading one-word titles (from the title list of the
//! gazetteer; not titles of rank, which are used as part of a name) and capitalized
//! function words are cut off, as long as a capitalized word of the name is left. Only
//! starts move; spans stay sorted and non-overlapping.

use super::gazetteer::Gazetteer;
use crate::schema::Span;
use crate::text::Document;

const PER: usize = 0;

/// Words that start no person's name, written capitalized at the start of a line or
/// sentence ("By Marta Kessel"). Not "The": "The Undertaker", "The Edge".
const FUNCTION: [&str; 5] = ["By", "From", "With", "For", "And"];

/// Titles of rank that are used as part of the name ("Prince Charles", "Pope John Paul",
/// "Sir Walter Scott"): both corpora mark them inside PER more often than not (CoNLL-2003
/// train: "Prince" 5 times, "King" twice), so they stay.
const STYLES: [&str; 13] = [
    "king", "queen", "prince", "princess", "pope", "emperor", "empress", "sheikh", "sultan", "emir", "sir",
    "lord", "lady",
];

const ORG: usize = 1;

/// Corporate titles between a company and a person ("Tesla CEO Elon Musk"): the words
/// before one name the company, whatever the tagger made of the whole.
const CORPORATE: [&str; 8] = ["CEO", "CFO", "COO", "CTO", "Chairman", "Chairwoman", "Founder", "Co-founder"];

/// A title inside a name the tagger typed as one: "CEO Tim Cook" came out an ORG and
/// "Tesla CEO Elon Musk" one PERSON, in text about companies the 1996 training data never
/// saw. A span that opens with a corporate title and then has two or three capitalised
/// words is that person; a corporate title after a company's words splits the span into
/// the company (ORG) and the person. Only corporate titles: "Major League Baseball", "Miss
/// Universe Inc." and "General Consumer Price Index" open with other titles (CoNLL-2003
/// train and dev, WikiANN dev: 14 such spans, all wrongly made persons when every title
/// counted). Spans stay sorted and non-overlapping.
pub fn split_at_titles(doc: &Document, gaz: &Gazetteer, names: &mut Vec<(Span, usize)>) {
    let toks = &doc.tokens;
    let mut out: Vec<(Span, usize)> = Vec::with_capacity(names.len());
    let mut i = 0;
    for &(span, ty) in names.iter() {
        while i < toks.len() && toks[i].span.start < span.start {
            i += 1;
        }
        let mut b = i;
        while b < toks.len() && toks[b].span.end <= span.end {
            b += 1;
        }
        // Two or three capitalised words from `k` to the span's end: a person's name.
        let person_from = |k: usize| {
            (2..=3).contains(&(b - k))
                && (k..b).all(|j| {
                    let w = doc.token_str(j);
                    w.starts_with(char::is_uppercase) && w.chars().any(char::is_lowercase) && !gaz.is_title(w)
                })
        };
        let split = (i + 1..b.saturating_sub(2))
            .find(|&k| CORPORATE.contains(&doc.token_str(k)) && person_from(k + 1));
        if ty != PER && i < b && CORPORATE.contains(&doc.token_str(i)) && person_from(i + 1) {
            out.push((Span::new(toks[i + 1].span.start, span.end), PER));
        } else if let Some(k) = split {
            out.push((Span::new(span.start, toks[k - 1].span.end), ORG));
            out.push((Span::new(toks[k + 1].span.start, span.end), PER));
        } else {
            out.push((span, ty));
        }
    }
    *names = out;
}

/// Cuts leading titles and function words off PERSON names (`(span, type index)`).
pub fn trim_person_starts(doc: &Document, gaz: &Gazetteer, names: &mut [(Span, usize)]) {
    let toks = &doc.tokens;
    let mut i = 0;
    for (span, ty) in names.iter_mut() {
        while i < toks.len() && toks[i].span.start < span.start {
            i += 1;
        }
        if *ty != PER {
            continue;
        }
        let mut a = i;
        while a + 1 < toks.len() && toks[a + 1].span.end <= span.end {
            let w = doc.token_str(a);
            // The list's "Dr." is read like a line-final "Dr" and "."; in running text
            // "Dr." is one token, or "Dr" and "." (both are looked up without the dot).
            let bare = w.trim_end_matches('.');
            let title = gaz.is_title(bare) && !STYLES.iter().any(|s| s.eq_ignore_ascii_case(bare));
            let mut next = a + 1;
            if title
                && doc.token_str(next) == "."
                && next + 1 < toks.len()
                && toks[next + 1].span.end <= span.end
            {
                next += 1;
            }
            let rest_is_name = doc.token_str(next).starts_with(char::is_uppercase);
            if !(title || FUNCTION.contains(&w)) || !rest_is_name {
                break;
            }
            a = next;
        }
        if a != i {
            span.start = toks[a].span.start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, name: &str, ty: usize) -> Vec<(String, usize)> {
        let doc = Document::new(text);
        let at = text.find(name).unwrap();
        let mut names = vec![(Span::new(at as u32, (at + name.len()) as u32), ty)];
        split_at_titles(&doc, &Gazetteer::shipped(), &mut names);
        names.into_iter().map(|(s, t)| (doc.slice(s).to_string(), t)).collect()
    }

    #[test]
    fn a_title_inside_a_name_splits_it() {
        assert_eq!(
            split("CEO Tim Cook called it the best.", "CEO Tim Cook", ORG),
            [("Tim Cook".into(), PER)]
        );
        assert_eq!(
            split("Tesla CEO Elon Musk posted on X.", "Tesla CEO Elon Musk", PER),
            [("Tesla".into(), ORG), ("Elon Musk".into(), PER)]
        );
        // Other titles open names of things ("Major", "King"); a corporate title needs a
        // person after it.
        assert_eq!(
            split("Major League Baseball said no.", "Major League Baseball", 3),
            [("Major League Baseball".into(), 3)]
        );
        assert_eq!(
            split("King Charles III spoke.", "King Charles III", ORG),
            [("King Charles III".into(), ORG)]
        );
        assert_eq!(split("Apple CEO said no.", "Apple CEO", ORG), [("Apple CEO".into(), ORG)]);
        assert_eq!(split("The CEO Council met.", "CEO Council", ORG), [("CEO Council".into(), ORG)]);
    }

    fn run(text: &str, name: &str, ty: usize) -> String {
        let doc = Document::new(text);
        let at = text.find(name).unwrap();
        let mut names = vec![(Span::new(at as u32, (at + name.len()) as u32), ty)];
        trim_person_starts(&doc, &Gazetteer::shipped(), &mut names);
        doc.slice(names[0].0).to_string()
    }

    #[test]
    fn titles_and_bylines_are_cut_off_person_names() {
        assert_eq!(
            run("\"It works,\" said Dr. Amara Osei, the lead author.", "Dr. Amara Osei", PER),
            "Amara Osei"
        );
        assert_eq!(
            run("LIMA - Mayor Rosa Alvarez declared victory.", "Mayor Rosa Alvarez", PER),
            "Rosa Alvarez"
        );
        assert_eq!(
            run("Strike Goes On\n\nBy Marta Kessel\n\nWorkers walked out.", "By Marta Kessel", PER),
            "Marta Kessel"
        );
        assert_eq!(
            run("Prime Minister Ana Lopes spoke.", "Prime Minister Ana Lopes", PER),
            "Prime Minister Ana Lopes"
        );
    }

    #[test]
    fn other_names_and_bare_titles_stay() {
        // Not a person: an organisation may start with "The" or a title word.
        assert_eq!(run("The Mayor Foundation gave $5.", "The Mayor Foundation", 1), "The Mayor Foundation");
        // Nothing capitalized after the title: the span is left as the tagger made it.
        assert_eq!(run("Said Mayor yesterday.", "Mayor", PER), "Mayor");
        assert_eq!(run("King Charles spoke.", "King Charles", PER), "King Charles");
        assert_eq!(run("The Undertaker won.", "The Undertaker", PER), "The Undertaker");
        assert_eq!(run("Kingsley Amis wrote.", "Kingsley Amis", PER), "Kingsley Amis");
    }
}
