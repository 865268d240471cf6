//! Syntax: part-of-speech tags for every layer that wants them (today: the claims'
//! cue and role models), and, behind the `parser` feature, a dependency parser that no
//! layer calls yet (`models/syntax.md` says why).
//!
//! Why a module of its own: claims need reporting verbs and their arguments, hedges
//! modal auxiliaries and adverbs, entities proper-noun runs — and none of them should
//! train or ship its own tagger. The tagger is the shared one in
//! [`crate::tag`] (a Viterbi over averaged-perceptron scores); this module owns the
//! features ([`features`]), the UD label set ([`Upos`]), the embedded model
//! (`models/syntax.bin`, trained on UD English EWT by `newsmark train syntax`) and the
//! alignment with the treebank's tokens ([`align`], feature `train`). The dependency
//! `parser` (`models/syntax-parser.bin`, feature `parser`) is optional on top:
//! [`PosLayer`] never pays for it, `pos_and_parse` shares the tagger's word features
//! with it.
//!
//! Tagging runs sentence by sentence over [`Document`] tokens, reusing one feature
//! buffer and one set of Viterbi buffers for the whole document, so the cost is a few
//! hash probes per token and nothing is allocated per token. Without a usable model
//! (an empty or stale `syntax.bin`) every token is [`Upos::X`]: callers degrade, they
//! do not break.

#[cfg(feature = "parser")]
mod deprel;
pub mod features;
#[cfg(feature = "parser")]
pub mod parser;
mod upos;

#[cfg(feature = "train")]
pub mod align;
#[cfg(feature = "train")]
pub mod conllu;
#[cfg(feature = "train")]
pub mod train;
#[cfg(all(feature = "train", feature = "parser"))]
pub mod train_parser;

#[cfg(feature = "parser")]
pub use deprel::Deprel;
pub use features::Extractor;
#[cfg(feature = "parser")]
pub use parser::{Arc, Parser, Tree};
pub use upos::Upos;

use crate::doc::Doc;
#[cfg(any(test, feature = "parser"))]
use crate::tag::model::Buffers;
use crate::tag::types::{KnownTypes, TypeScores};
use crate::tag::{Features, Model};
#[cfg(any(test, feature = "parser"))]
use crate::text::Document;
use std::sync::OnceLock;

/// The feature-set version written into the model; a model trained with other
/// features is refused rather than silently mis-scored.
pub const POS_META: &str = "syntax-pos-v1";

static POS_BYTES: &[u8] = include_bytes!("../../models/syntax.bin");
#[cfg(feature = "parser")]
static PARSER_BYTES: &[u8] = include_bytes!("../../models/syntax-parser.bin");

/// A part-of-speech model with its labels mapped to [`Upos`].
#[derive(Clone, Debug)]
pub struct PosTagger {
    model: Model,
    upos: Vec<Upos>,
    /// Type rows of frequent words ([`crate::text::common_words`]), scored at load.
    known: KnownTypes,
}

impl PosTagger {
    /// Wraps a tagger model whose labels are UPOS names; `None` if its feature set is
    /// not this module's or a label is unknown.
    pub fn new(model: Model) -> Option<PosTagger> {
        if model.meta() != POS_META {
            return None;
        }
        let upos = model.labels().iter().map(|l| Upos::parse(l)).collect::<Option<Vec<_>>>()?;
        let mut ex = Extractor::default();
        let known = KnownTypes::build(
            &model,
            crate::text::common_words(),
            |w| ex.word_atoms(w),
            features::push_own,
            |a, slot, f| features::push_neighbour(slot, a, f),
        );
        Some(PosTagger { model, upos, known })
    }

    /// The shipped model, parsed once.
    pub fn shipped() -> Option<&'static PosTagger> {
        static TAGGER: OnceLock<Option<PosTagger>> = OnceLock::new();
        TAGGER.get_or_init(|| Model::from_bytes(POS_BYTES).ok().and_then(PosTagger::new)).as_ref()
    }

    #[cfg(feature = "train")]
    pub fn model(&self) -> &Model {
        &self.model
    }

    #[cfg(any(test, feature = "parser"))]
    #[cfg(any(test, feature = "train", feature = "parser"))]
    pub fn tag_words<'w, I>(&self, words: I, scratch: &mut Scratch, out: &mut Vec<Upos>)
    where
        I: IntoIterator<Item = &'w str>,
    {
        scratch.extractor.extract(words, &mut scratch.features);
        self.model.tag_with(&scratch.features, &mut scratch.buffers, &mut scratch.labels);
        out.clear();
        out.extend(scratch.labels.iter().map(|&l| self.upos.get(l as usize).copied().unwrap_or(Upos::X)));
    }

    /// One tag per token of `doc`, written into `out` (cleared first).
    ///
    /// Scores each distinct word's own features and the features it gives its
    /// neighbours once per document ([`crate::tag::types`]); a token then costs a few
    /// row additions and its five contextual features. Same features as
    /// [`PosTagger::tag_words`], which training uses.
    pub fn tag_document(&self, doc: &Doc, scratch: &mut Scratch, out: &mut Vec<Upos>) {
        let n = self.model.n_labels();
        let types = doc.words().types();
        scratch.type_atoms.clear();
        for ty in 0..types.len() {
            let a = scratch.extractor.word_atoms(doc.token_str(types.first(ty)));
            scratch.type_atoms.push(a);
        }
        let atoms = &scratch.type_atoms;
        scratch.type_scores.score(
            &self.model,
            atoms.len(),
            &mut scratch.features,
            |ty| self.known.rows_hashed(types.hash(ty), doc.token_str(types.first(ty))),
            |ty, f| features::push_own(&atoms.get(ty).copied().unwrap_or_default(), f),
            |ty, slot, f| {
                let a = match ty {
                    Some(ty) => atoms.get(ty).copied().unwrap_or_default(),
                    None => features::edge_atoms(slot),
                };
                features::push_neighbour(slot, &a, f);
            },
        );
        out.clear();
        out.resize(doc.tokens.len(), Upos::X);
        let atom = |k: usize| atoms.get(types.of(k)).copied().unwrap_or_default();
        let f = &mut scratch.features;
        for s in &doc.sentences {
            let (a, b) = (s.tokens.start, s.tokens.end.min(doc.tokens.len()));
            if a >= b {
                continue;
            }
            let em = &mut scratch.em;
            em.clear();
            em.resize((b - a) * n, 0.0);
            for (k, row) in em.chunks_exact_mut(n).enumerate() {
                let i = a + k;
                scratch.type_scores.token(types, &(a..b), i, row);
                let before = if i > a { atom(i - 1) } else { features::edge_atoms(1) };
                let after = if i + 1 < b { atom(i + 1) } else { features::edge_atoms(2) };
                f.clear();
                features::push_context(&before, &atom(i), &after, i == a, f);
                self.model.add_scores(f.token(0), row);
            }
            self.model.decode_in_place(em, &mut scratch.labels);
            for (slot, &l) in out[a..b].iter_mut().zip(&scratch.labels) {
                *slot = self.upos.get(l as usize).copied().unwrap_or(Upos::X);
            }
        }
        scratch.release_large();
    }

    /// Tags `doc` and, given a parser, parses it too, sharing the word features
    /// (`arcs` is left empty without a parser).
    #[cfg(feature = "parser")]
    pub fn tag_and_parse(
        &self,
        doc: &Document,
        parser: Option<&Parser>,
        scratch: &mut Scratch,
        pos: &mut Vec<Upos>,
        arcs: &mut Vec<Arc>,
    ) {
        pos.clear();
        pos.resize(doc.tokens.len(), Upos::X);
        arcs.clear();
        if parser.is_some() {
            arcs.resize(doc.tokens.len(), Arc::default());
        }
        let mut sent = std::mem::take(&mut scratch.sentence);
        for s in &doc.sentences {
            let Some(range) = doc.tokens.get(s.tokens.clone()).map(|_| s.tokens.clone()) else { continue };
            self.tag_words(range.clone().map(|i| doc.token_str(i)), scratch, &mut sent);
            for (slot, &tag) in pos[range.clone()].iter_mut().zip(&sent) {
                *slot = tag;
            }
            if let Some(p) = parser {
                scratch.parse_sentence(p, &sent, range.start, &mut arcs[range]);
            }
        }
        scratch.sentence = sent;
    }
}

/// Reusable buffers for tagging: keep one per worker to tag many documents without
/// allocating.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    extractor: Extractor,
    features: Features,
    #[cfg(any(test, feature = "parser"))]
    buffers: Buffers,
    labels: Vec<u16>,
    #[cfg(feature = "parser")]
    sentence: Vec<Upos>,
    #[cfg(feature = "parser")]
    words: Vec<u32>,
    #[cfg(feature = "parser")]
    suffixes: Vec<u32>,
    #[cfg(feature = "parser")]
    parse: parser::ParseScratch,
    #[cfg(feature = "parser")]
    parsed: Vec<(Option<usize>, Deprel)>,
    type_atoms: Vec<features::Atoms>,
    type_scores: TypeScores,
    /// One sentence's emissions, decoded in place into its lattice.
    em: Vec<f32>,
}

impl Scratch {
    /// Gives back the buffers a text far longer than an article grew
    /// ([`crate::tag::KEEP_BYTES`]): the caller's next stage allocates its own while
    /// these are idle.
    fn release_large(&mut self) {
        self.type_scores.release_large();
        self.features.release_large();
        crate::tag::release_large(&mut self.type_atoms);
        crate::tag::release_large(&mut self.em);
        crate::tag::release_large(&mut self.labels);
    }

    /// Parses the sentence whose atoms the extractor holds, writing document-level
    /// arcs (token `offset + i`) into `out`.
    #[cfg(feature = "parser")]
    fn parse_sentence(&mut self, p: &Parser, tags: &[Upos], offset: usize, out: &mut [Arc]) {
        let atoms = self.extractor.atoms();
        self.words.clear();
        self.words.extend(atoms.iter().map(|a| a.word));
        self.suffixes.clear();
        self.suffixes.extend(atoms.iter().map(|a| a.suf3));
        let s = parser::Sent { words: &self.words, suffixes: &self.suffixes, tags };
        p.parse_sentence(&s, &mut self.parse, &mut self.parsed);
        for (slot, &(head, rel)) in out.iter_mut().zip(&self.parsed) {
            *slot = Arc { head: head.and_then(|h| u32::try_from(h + offset).ok()), rel };
        }
    }
}

#[cfg(feature = "parser")]
impl Parser {
    /// The shipped parser, parsed once.
    pub fn shipped() -> Option<&'static Parser> {
        static PARSER: OnceLock<Option<Parser>> = OnceLock::new();
        PARSER.get_or_init(|| Parser::from_bytes(PARSER_BYTES)).as_ref()
    }
}

/// The POS stage: one UPOS tag per token, from the shipped model, for the layers that
/// read tags ([`crate::doc::Doc::set_pos`]). Keeps its per-document buffers between
/// documents (bounded by [`crate::tag::KEEP_BYTES`]).
#[derive(Clone, Debug, Default)]
pub struct PosLayer {
    scratch: Scratch,
}

impl PosLayer {
    /// One tag per token of `doc`, index-aligned with its tokens; all [`Upos::X`] if the
    /// model is missing. Panic-free on any text.
    pub fn find(&mut self, doc: &Doc) -> Vec<Upos> {
        let mut out = Vec::new();
        match PosTagger::shipped() {
            Some(t) => t.tag_document(doc, &mut self.scratch, &mut out),
            None => out.resize(doc.tokens.len(), Upos::X),
        }
        out
    }
}

/// Part-of-speech tags and a dependency parse of `doc`, index-aligned with its
/// tokens; arcs' heads are token indices. Without a shipped parser every arc is
/// headless `dep`; without a tagger, tags are `X`. Panic-free on any text.
#[cfg(feature = "parser")]
pub fn pos_and_parse(doc: &Document) -> (Vec<Upos>, Vec<Arc>) {
    let (mut pos, mut arcs) = (Vec::new(), Vec::new());
    match PosTagger::shipped() {
        Some(t) => t.tag_and_parse(doc, Parser::shipped(), &mut Scratch::default(), &mut pos, &mut arcs),
        None => {
            pos.resize(doc.tokens.len(), Upos::X);
            arcs.resize(doc.tokens.len(), Arc::default());
        }
    }
    (pos, arcs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<(String, Upos)> {
        let doc = Doc::new(text);
        let pos = PosLayer::default().find(&doc);
        assert_eq!(pos.len(), doc.tokens.len());
        (0..doc.tokens.len()).map(|i| (doc.token_str(i).to_string(), pos[i])).collect()
    }

    #[test]
    fn the_shipped_model_loads() {
        assert!(
            PosTagger::shipped().is_some(),
            "models/syntax.bin missing or stale: run `newsmark train syntax`"
        );
    }

    #[test]
    fn document_tagging_matches_sentence_tagging() {
        // The per-type scoring path must tag exactly as the per-sentence one training uses.
        let t = PosTagger::shipped().expect("shipped model");
        for text in [
            "The minister said on Tuesday that the talks may resume. The talks, she said, may not.",
            "SOCCER - JAPAN GET LUCKY WIN\nThe the the. \u{201C}Yes,\u{201D} said Dr. Osei. 1984 1985 $5",
            "",
            "One",
            "É é 東京 🙂 e\u{301} \r\n A.",
        ] {
            let doc = Doc::new(text);
            let mut a = Vec::new();
            t.tag_document(&doc, &mut Scratch::default(), &mut a);
            let (mut b, mut scratch, mut sent) =
                (vec![Upos::X; doc.tokens.len()], Scratch::default(), Vec::new());
            for s in &doc.sentences {
                t.tag_words(s.tokens.clone().map(|i| doc.token_str(i)), &mut scratch, &mut sent);
                b[s.tokens.clone()].copy_from_slice(&sent);
            }
            assert_eq!(a, b, "{text:?}");
        }
    }

    #[test]
    fn tags_a_news_sentence() {
        use Upos::*;
        let got = tags("The minister said on Tuesday that the talks may resume in Geneva.");
        let want = [Det, Noun, Verb, Adp, Propn, Sconj, Det, Noun, Aux, Verb, Adp, Propn, Punct];
        let got_tags: Vec<Upos> = got.iter().map(|g| g.1).collect();
        assert_eq!(got_tags, want, "{got:?}");
    }

    #[test]
    #[cfg(feature = "parser")]
    fn parses_a_reporting_sentence() {
        let doc = Document::new("The minister said on Tuesday that the talks may resume in Geneva.");
        assert!(Parser::shipped().is_some(), "models/syntax-parser.bin missing or stale");
        let (pos, arcs) = pos_and_parse(&doc);
        assert_eq!(pos.len(), arcs.len());
        let show: Vec<String> = (0..arcs.len())
            .map(|i| {
                format!(
                    "{} <-{}- {:?}",
                    doc.token_str(i),
                    arcs[i].rel,
                    arcs[i].head.map(|h| doc.token_str(h as usize))
                )
            })
            .collect();
        let tree = Tree::new(arcs);
        let said = 2;
        assert_eq!(tree.arcs()[said].head, None, "{show:#?}");
        assert_eq!(tree.child_with(said, Deprel::Nsubj), Some(1), "{show:#?}");
        let content = tree.child_with(said, Deprel::Ccomp).expect("a ccomp under `said`");
        assert_eq!(doc.token_str(content), "resume");
        assert_eq!(tree.subtree(content), 5..12, "{show:#?}"); // "that … Geneva"
    }

    #[test]
    fn empty_and_odd_text_is_fine() {
        assert!(tags("").is_empty());
        assert_eq!(tags("  \n ").len(), 0);
        let odd = tags("\u{0}\u{feff}💥 ’’ ---- 12,3.4.5 ÉTÉ\r\nx");
        assert!(!odd.is_empty());
        #[cfg(feature = "parser")]
        for text in ["", ".", "\n\n", "a", "\"\"\"", &"word ".repeat(3000)] {
            let doc = Document::new(text);
            let (pos, arcs) = pos_and_parse(&doc);
            assert_eq!((pos.len(), arcs.len()), (doc.tokens.len(), doc.tokens.len()));
            let tree = Tree::new(arcs);
            for i in 0..doc.tokens.len() {
                let sub = tree.subtree(i);
                assert!(sub.start <= i && i < sub.end);
            }
        }
    }
}
