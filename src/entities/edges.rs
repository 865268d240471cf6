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
