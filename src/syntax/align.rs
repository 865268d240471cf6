//! Aligning the treebank's tokens with newsmark's (feature `train`).
//!
//! The tagger is trained on UD word forms, but at run time it sees whatever
//! `text::tokenizer` makes of the text. The two agree on almost every token; where they
//! can differ is the multiword token: UD writes `don't` as the words `do` + `n't`, and
//! `cannot`, `gonna`, `dont` likewise. [`gold_tokens`] asks the tokenizer what it makes
//! of each multiword token's surface form: if it yields the UD words, the words are
//! trained on; if it keeps the form whole, the fused form is trained on, with the first
//! word's tag (`cannot` → AUX, `gonna` → VERB, `Bush's` → PROPN), which is what a layer
//! wants to know about that token.
//!
//! [`gold_spans`] places the gold tokens in the sentence's raw `# text`, so the whole
//! pipeline (tokenizer + tagger) can be scored against the treebank, not only the tagger
//! on gold tokens.

use super::conllu::Sentence;
use super::Upos;
use crate::schema::Span;
use crate::text::tokenizer::tokenize;

/// One token as newsmark would see it, with its gold tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldToken<'s> {
    pub form: &'s str,
    pub upos: Upos,
    /// The UD words it stands for (0-based, half-open).
    pub words: std::ops::Range<usize>,
}

/// The sentence as a sequence of tokens the way newsmark's tokenizer splits them.
pub fn gold_tokens(s: &Sentence) -> Vec<GoldToken<'_>> {
    let mut out = Vec::with_capacity(s.words.len());
    let mut fused = s.fused.iter().peekable();
    let mut i = 0;
    while i < s.words.len() {
        if let Some(f) = fused.next_if(|f| f.first == i) {
            let last = f.last.min(s.words.len() - 1);
            if !tokenizer_splits_into_words(s, f.first, last, &f.form) {
                out.push(GoldToken { form: &f.form, upos: s.words[i].upos, words: i..last + 1 });
                i = last + 1;
                continue;
            }
            // The tokenizer yields the words: fall through and push them one by one.
        }
        let w = &s.words[i];
        out.push(GoldToken { form: &w.form, upos: w.upos, words: i..i + 1 });
        i += 1;
    }
    out
}

fn tokenizer_splits_into_words(s: &Sentence, first: usize, last: usize, form: &str) -> bool {
    let toks = tokenize(form);
    toks.len() == last + 1 - first
        && toks.iter().zip(&s.words[first..=last]).all(|(t, w)| form.get(t.span.range()) == Some(&w.form))
}

/// Byte spans of `tokens` in `text`, found left to right (whitespace between tokens
/// skipped). A fused token the tokenizer splits is one gold token per word, so the
/// words' spans are carved out of the fused form when the forms concatenate to it.
/// `None` when the forms cannot be found in order (a treebank quirk); such sentences
/// are left out of the pipeline score.
pub fn gold_spans(text: &str, tokens: &[GoldToken]) -> Option<Vec<Span>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut pos = 0usize;
    for t in tokens {
        let rest = text.get(pos..)?;
        let skipped = rest.len() - rest.trim_start().len();
        let start = pos + skipped;
        if !text.get(start..)?.starts_with(t.form) {
            return None;
        }
        pos = start + t.form.len();
        out.push(Span::new(start as u32, pos as u32));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::conllu::parse;
    use super::*;

    fn line(id: &str, form: &str, upos: &str) -> String {
        format!("{id}\t{form}\t_\t{upos}\t_\t_\t0\tdep\t_\t_\n")
    }

    #[test]
    fn fused_tokens_follow_the_tokenizer() {
        let src = [
            line("1-2", "cannot", "_"),
            line("1", "can", "AUX"),
            line("2", "not", "PART"),
            line("3", "go", "VERB"),
        ]
        .concat();
        let s = &parse(&src).unwrap()[0];
        let g = gold_tokens(s);
        // The tokenizer keeps `cannot` whole, so the model must learn the whole form.
        assert_eq!(g[0], GoldToken { form: "cannot", upos: Upos::Aux, words: 0..2 });
        assert_eq!(g[1].form, "go");
        assert_eq!(gold_spans("cannot  go", &g), Some(vec![Span::new(0, 6), Span::new(8, 10)]));
        assert_eq!(gold_spans("can not go", &g), None);
    }

    #[test]
    fn fused_tokens_the_tokenizer_splits_are_trained_as_words() {
        let src = [line("1-2", "a.", "_"), line("1", "a", "X"), line("2", ".", "PUNCT")].concat();
        let s = &parse(&src).unwrap()[0];
        let g = gold_tokens(s);
        assert_eq!(g.len(), 2);
        assert_eq!((g[1].form, g[1].upos), (".", Upos::Punct));
        assert_eq!(gold_spans("a.", &g), Some(vec![Span::new(0, 1), Span::new(1, 2)]));
    }
}
