//! The scorer: adds one document's gold and predictions at a time, micro-averages
//! over documents, and keeps the errors for `--errors`.
//!
//! Every metric compares *sets per document* (duplicates collapse; the order of
//! predictions and how a system groups spans into claims do not matter except where
//! stated), then adds the counts over documents. The exact definitions, which
//! `bench/peers/score.py` re-implements independently, are in the [`super`] module doc.

use super::predictions::{Annotations, Layers};
use super::prf::Prf;
use super::spans::{covered, exact_unit, word_tokens};
use crate::gold::{GoldClaim, GoldDoc, GoldEntity, GoldHedge};
use crate::schema::Span;
use crate::text::offsets::{OffsetTable, Unit};
use crate::text::Document;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The entity types scored, in the corpora's names.
pub const ENTITY_TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// The scored type of an entity label, ours or a corpus's; `None` for labels not
/// scored (DATE, MONEY, …).
pub fn entity_type(label: &str) -> Option<&'static str> {
    match label {
        "PER" | "PERSON" => Some("PER"),
        "ORG" => Some("ORG"),
        "LOC" | "PLACE" => Some("LOC"),
        "MISC" => Some("MISC"),
        _ => None,
    }
}

#[derive(Clone, Debug, Default, Serialize)]
/// Entity scores: exact spans with their label.
pub struct EntityScores {
    /// All types together.
    pub micro: Prf,
    /// Each gold type on its own (only the types the file annotates).
    pub per_type: BTreeMap<&'static str, Prf>,
    /// Types the file does not annotate, whose predictions are left out ([`Annotated`]).
    pub left_out: Vec<&'static str>,
    /// Predicted names left out for that reason.
    pub left_out_predictions: u64,
    /// Surface strings that recur within a document and get more than one type, in the
    /// gold (a reference) and in the predictions.
    pub consistency: Consistency,
}

/// Within-document label consistency of names ([`EntityScores::consistency`]).
///
/// Per document, the distinct name spans of the four scored types (every type predicted,
/// whether or not the file annotates it: a reader sees them all) are grouped by their
/// exact text. A string *recurs* when it is the text of two or more spans, and is *mixed*
/// when those spans carry more than one type. Counts are summed over documents; the
/// figure is `mixed / recurring`. Mentions a system did not predict as names do not count.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Consistency {
    /// In the gold.
    pub gold: Mixed,
    /// In the predictions.
    pub predicted: Mixed,
}

/// Recurring and mixed strings, summed over documents (see [`Consistency`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mixed {
    /// (document, string) pairs with two or more name spans.
    pub recurring: u64,
    /// Of those, the ones whose spans carry more than one type.
    pub mixed: u64,
}

impl Mixed {
    /// `mixed / recurring`, 0 when nothing recurs.
    pub fn share(&self) -> f64 {
        if self.recurring == 0 {
            0.0
        } else {
            self.mixed as f64 / self.recurring as f64
        }
    }

    fn add(&mut self, other: Mixed) {
        self.recurring += other.recurring;
        self.mixed += other.mixed;
    }

    /// The counts of one document's names, `(span, type)`, spans distinct.
    fn of(text: &str, names: &BTreeSet<(Span, &'static str)>) -> Mixed {
        // One entry per string: its first type, and whether another type or a second span
        // was seen. Linear in the names.
        let mut by_text: std::collections::HashMap<&str, (&'static str, u32, bool)> = Default::default();
        let mut last: Option<Span> = None;
        for &(span, ty) in names {
            if last == Some(span) {
                continue; // one span with two types counts once, by its first type
            }
            last = Some(span);
            let s = text.get(span.range()).unwrap_or("");
            let e = by_text.entry(s).or_insert((ty, 0, false));
            e.1 += 1;
            e.2 |= e.0 != ty;
        }
        let mut m = Mixed::default();
        for &(_, n, mixed) in by_text.values() {
            if n >= 2 {
                m.recurring += 1;
                m.mixed += u64::from(mixed);
            }
        }
        m
    }
}

impl Serialize for Mixed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Mixed", 3)?;
        st.serialize_field("share", &self.share())?;
        st.serialize_field("recurring", &self.recurring)?;
        st.serialize_field("mixed", &self.mixed)?;
        st.end()
    }
}

/// What a gold file annotates within its layers, read from its labels: predictions of
/// anything else are left out of the scores, not counted as false positives.
///
/// - Entities: a type is scored only when some gold name of the file has it (WikiANN has
///   PER, ORG and LOC, so MISC predictions are left out there). A file with no name at
///   all scores every type.
/// - Hedges: hedges we type `weasel` (an unnamed authority: "critics say") are scored only
///   when some gold hedge of the file is typed `weasel`; the Szeged, SFU and BioScope files
///   mark none, and a weasel there is not a missed uncertainty cue of theirs.
///
/// The CLI reads it from the whole file, before `--split` picks documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Annotated {
    /// Entity types scored, in [`ENTITY_TYPES`] order.
    pub entity_types: Vec<&'static str>,
    /// Whether `weasel` hedges are scored.
    pub weasels: bool,
}

impl Default for Annotated {
    /// Everything: every entity type, weasels included.
    fn default() -> Annotated {
        Annotated { entity_types: ENTITY_TYPES.to_vec(), weasels: true }
    }
}

impl Annotated {
    /// What the gold of `docs` annotates.
    pub fn of_gold(docs: &[GoldDoc]) -> Annotated {
        let mut seen = [false; ENTITY_TYPES.len()];
        let mut weasels = false;
        for d in docs {
            for e in d.entities.iter().flatten() {
                if let Some(i) = entity_type(&e.label).and_then(|t| ENTITY_TYPES.iter().position(|x| *x == t))
                {
                    seen[i] = true;
                }
            }
            weasels |= d.hedges.iter().flatten().any(|h| h.kind.as_deref() == Some(WEASEL));
        }
        let any = seen.iter().any(|&x| x);
        let entity_types =
            ENTITY_TYPES.iter().zip(seen).filter(|&(_, s)| s || !any).map(|(t, _)| *t).collect();
        Annotated { entity_types, weasels }
    }
}

/// The hedge type of an unnamed or vague authority.
const WEASEL: &str = "weasel";

#[derive(Clone, Copy, Debug, Default, Serialize)]
/// One claim role scored two ways.
pub struct RoleScores {
    /// Exact extents (trimmed).
    pub exact: Prf,
    /// Word tokens.
    pub token: Prf,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
/// Claim scores per role.
pub struct ClaimScores {
    /// The cue.
    pub cue: RoleScores,
    /// The source.
    pub source: RoleScores,
    /// The content.
    pub content: RoleScores,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
/// Hedge scores.
pub struct HedgeScores {
    /// Cues, exact extents.
    pub cue_exact: Prf,
    /// Cues, word tokens.
    pub cue_token: Prf,
    /// CoNLL-2010 sentence level: a sentence is uncertain when it holds a cue.
    pub sentence: Prf,
    /// `None` when no gold hedge of the file has a scope.
    pub scope_token: Option<Prf>,
    /// Documents whose sentences came from our splitter (no `sentences` key).
    pub split_by_newsmark: usize,
    /// Predicted `weasel` hedges left out: the file marks none ([`Annotated`]).
    pub weasels_left_out: u64,
}

/// The scores of one file. A layer is `None` when the file does not annotate it or it
/// was not asked for.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Scores {
    /// Documents scored.
    pub docs: usize,
    /// Entity scores.
    pub entities: Option<EntityScores>,
    /// Claim scores.
    pub claims: Option<ClaimScores>,
    /// Hedge scores.
    pub hedges: Option<HedgeScores>,
}

/// One false positive or false negative, for error analysis.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorItem {
    /// `entities`, `claims.cue`, `claims.source`, `claims.content`, `hedges.cue`, `hedges.sentence`.
    pub metric: &'static str,
    /// `fp` or `fn`.
    pub kind: &'static str,
    /// The document's id.
    pub doc: String,
    /// Offsets in Unicode scalar values.
    pub start: u32,
    /// End offset, in Unicode scalar values.
    pub end: u32,
    /// The label or type, where the layer has one.
    pub label: String,
    /// A window of text around the span, the span marked ⟦like this⟧.
    pub context: String,
}

/// What [`Scorer::finish`] returns: the scores and examples of errors.
pub struct Report {
    /// The scores.
    pub scores: Scores,
    /// At most N false positives and N false negatives per metric, spread over the file.
    pub errors: Vec<ErrorItem>,
}

/// Scores documents one at a time against their gold ([`Scorer::add`]), then [`Scorer::finish`].
pub struct Scorer {
    layers: Layers,
    annotated: Annotated,
    errors_wanted: usize,
    scores: Scores,
    gold_has_scope: bool,
    scope: Prf,
    errors: BTreeMap<(&'static str, &'static str), Vec<ErrorItem>>,
}

const CONTEXT_CHARS: usize = 60;

/// Picks one role's spans out of a claim.
type RoleOf = fn(&GoldClaim) -> &[Span];

impl Scorer {
    /// Scores `layers` (those the gold annotates among them); keeps up to
    /// `errors_wanted` false positives and negatives per metric (0: none).
    pub fn new(layers: Layers, errors_wanted: usize) -> Scorer {
        Scorer {
            layers,
            annotated: Annotated::default(),
            errors_wanted,
            scores: Scores::default(),
            gold_has_scope: false,
            scope: Prf::default(),
            errors: BTreeMap::new(),
        }
    }

    /// Scores only what `annotated` says the gold file annotates (by default everything).
    pub fn annotated(mut self, annotated: Annotated) -> Scorer {
        self.annotated = annotated;
        self
    }

    /// Scores `pred` against `gold` (offsets in bytes of `gold.text`).
    pub fn add(&mut self, gold: &GoldDoc, pred: &Annotations) {
        self.scores.docs += 1;
        let text = gold.text.as_str();
        let mut errs = (self.errors_wanted > 0).then(|| Errors::new(gold));
        if let (true, Some(g)) = (self.layers.entities, &gold.entities) {
            let s = self.scores.entities.get_or_insert_with(Default::default);
            score_entities(text, g, &pred.entities, &self.annotated.entity_types, s, errs.as_mut());
        }
        let need_tokens =
            (self.layers.claims && gold.claims.is_some()) || (self.layers.hedges && gold.hedges.is_some());
        let tokens = if need_tokens { word_tokens(text) } else { Vec::new() };
        if let (true, Some(g)) = (self.layers.claims, &gold.claims) {
            let s = self.scores.claims.get_or_insert_with(Default::default);
            let roles: [(&'static str, RoleOf, &mut RoleScores); 3] = [
                ("claims.cue", |c| &c.cue, &mut s.cue),
                ("claims.source", |c| &c.source, &mut s.source),
                ("claims.content", |c| &c.content, &mut s.content),
            ];
            for (metric, role, out) in roles {
                let gs: Vec<&[Span]> = g.iter().map(role).collect();
                let ps: Vec<&[Span]> = pred.claims.iter().map(role).collect();
                out.exact.add(exact_sets(text, &gs, &ps, metric, errs.as_mut()));
                out.token.add(Prf::from_sets(&token_set(&tokens, &ps), &token_set(&tokens, &gs)));
            }
        }
        if let (true, Some(g)) = (self.layers.hedges, &gold.hedges) {
            let s = self.scores.hedges.get_or_insert_with(Default::default);
            let kept: Vec<GoldHedge>;
            let pred_hedges = if self.annotated.weasels {
                &pred.hedges
            } else {
                kept = pred.hedges.iter().filter(|h| h.kind.as_deref() != Some(WEASEL)).cloned().collect();
                s.weasels_left_out += (pred.hedges.len() - kept.len()) as u64;
                &kept
            };
            let gc: Vec<&[Span]> = g.iter().map(|h| h.cue.as_slice()).collect();
            let pc: Vec<&[Span]> = pred_hedges.iter().map(|h| h.cue.as_slice()).collect();
            s.cue_exact.add(exact_sets(text, &gc, &pc, "hedges.cue", errs.as_mut()));
            s.cue_token.add(Prf::from_sets(&token_set(&tokens, &pc), &token_set(&tokens, &gc)));
            let sentences: Vec<Span> = match &gold.sentences {
                Some(v) => v.clone(),
                None => {
                    s.split_by_newsmark += 1;
                    Document::new(text).sentences.iter().map(|s| s.span).collect()
                }
            };
            s.sentence.add(sentence_sets(text, &sentences, &gc, &pc, errs.as_mut()));
            self.gold_has_scope |= g.iter().any(|h| h.scope.is_some());
            self.scope.add(Prf::from_sets(&scope_set(&tokens, pred_hedges), &scope_set(&tokens, g)));
        }
        if let Some(e) = errs {
            for item in e.items {
                self.errors.entry((item.metric, item.kind)).or_default().push(item);
            }
        }
    }

    /// The scores of every document added.
    pub fn finish(mut self) -> Report {
        if let Some(e) = self.scores.entities.as_mut() {
            e.left_out =
                ENTITY_TYPES.iter().filter(|t| !self.annotated.entity_types.contains(t)).copied().collect();
        }
        if let Some(h) = self.scores.hedges.as_mut() {
            h.scope_token = self.gold_has_scope.then_some(self.scope);
        }
        let n = self.errors_wanted;
        let mut errors = Vec::new();
        for (_, items) in self.errors {
            // Evenly spread over the file rather than the first N of its first document.
            let len = items.len();
            let take = n.min(len);
            let picks: Vec<usize> = (0..take).map(|i| i * len / take).collect();
            errors.extend(items.into_iter().enumerate().filter(|(i, _)| picks.contains(i)).map(|(_, e)| e));
        }
        Report { scores: self.scores, errors }
    }
}

fn score_entities(
    text: &str,
    gold: &[GoldEntity],
    pred: &[GoldEntity],
    types: &[&'static str],
    out: &mut EntityScores,
    errs: Option<&mut Errors>,
) {
    let set = |v: &[GoldEntity]| -> BTreeSet<(Span, &'static str)> {
        v.iter()
            .filter(|e| !e.span.is_empty())
            .filter_map(|e| Some((e.span, entity_type(&e.label)?)))
            .collect()
    };
    let (g, all) = (set(gold), set(pred));
    out.consistency.gold.add(Mixed::of(text, &g));
    out.consistency.predicted.add(Mixed::of(text, &all));
    let p: BTreeSet<(Span, &'static str)> = all.iter().filter(|(_, t)| types.contains(t)).copied().collect();
    out.left_out_predictions += (all.len() - p.len()) as u64;
    let g: BTreeSet<(Span, &'static str)> = g.into_iter().filter(|(_, t)| types.contains(t)).collect();
    out.micro.add(Prf::from_sets(&p, &g));
    for &t in types {
        let only = |s: &BTreeSet<(Span, &'static str)>| {
            s.iter().filter(|(_, l)| *l == t).copied().collect::<BTreeSet<_>>()
        };
        out.per_type.entry(t).or_default().add(Prf::from_sets(&only(&p), &only(&g)));
    }
    if let Some(errs) = errs {
        let type_at = |s: &BTreeSet<(Span, &'static str)>, span: Span| {
            s.iter().find(|(x, _)| *x == span).map(|(_, l)| *l)
        };
        for &(span, label) in p.difference(&g) {
            let note = type_at(&g, span).map(|t| format!(" (gold: {t})")).unwrap_or_default();
            errs.push("entities", "fp", span, format!("{label}{note}"));
        }
        for &(span, label) in g.difference(&p) {
            let note = type_at(&p, span).map(|t| format!(" (predicted: {t})")).unwrap_or_default();
            errs.push("entities", "fn", span, format!("{label}{note}"));
        }
    }
}

/// Exact match of trimmed extents, one per claim role or hedge cue.
fn exact_sets(
    text: &str,
    gold: &[&[Span]],
    pred: &[&[Span]],
    metric: &'static str,
    errs: Option<&mut Errors>,
) -> Prf {
    let set = |v: &[&[Span]]| v.iter().filter_map(|s| exact_unit(text, s)).collect::<BTreeSet<Span>>();
    let (g, p) = (set(gold), set(pred));
    if let Some(errs) = errs {
        for &s in p.difference(&g) {
            errs.push(metric, "fp", s, String::new());
        }
        for &s in g.difference(&p) {
            errs.push(metric, "fn", s, String::new());
        }
    }
    Prf::from_sets(&p, &g)
}

fn token_set(tokens: &[Span], parts: &[&[Span]]) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for p in parts {
        covered(tokens, p, &mut out);
    }
    out
}

/// Tokens of any scope that are not tokens of any cue: corpora disagree on whether a
/// scope includes its cue (BioScope yes, SFU no), and the cue is scored on its own.
fn scope_set(tokens: &[Span], hedges: &[GoldHedge]) -> BTreeSet<u32> {
    let scopes: Vec<&[Span]> = hedges.iter().filter_map(|h| h.scope.as_deref()).collect();
    let cues: Vec<&[Span]> = hedges.iter().map(|h| h.cue.as_slice()).collect();
    let cue_tokens = token_set(tokens, &cues);
    token_set(tokens, &scopes).difference(&cue_tokens).copied().collect()
}

/// CoNLL-2010 Task 1: a sentence is uncertain when a cue (its trimmed extent) starts in
/// it. A cue starting between sentences belongs to the sentence before it.
fn sentence_sets(
    text: &str,
    sentences: &[Span],
    gold: &[&[Span]],
    pred: &[&[Span]],
    errs: Option<&mut Errors>,
) -> Prf {
    let set = |v: &[&[Span]]| -> BTreeMap<usize, Span> {
        let mut m = BTreeMap::new();
        for cue in v.iter().filter_map(|s| exact_unit(text, s)) {
            if sentences.is_empty() {
                continue;
            }
            let i = sentences.partition_point(|s| s.start <= cue.start).saturating_sub(1);
            // Keep the earliest cue of the sentence to show in errors.
            m.entry(i).and_modify(|c: &mut Span| *c = (*c).min(cue)).or_insert(cue);
        }
        m
    };
    let (g, p) = (set(gold), set(pred));
    let tp = p.keys().filter(|k| g.contains_key(k)).count() as u64;
    if let Some(errs) = errs {
        for (i, cue) in p.iter().filter(|(k, _)| !g.contains_key(k)) {
            errs.push_in("hedges.sentence", "fp", *cue, "uncertain".into(), sentences[*i]);
        }
        for (i, cue) in g.iter().filter(|(k, _)| !p.contains_key(k)) {
            errs.push_in("hedges.sentence", "fn", *cue, "uncertain".into(), sentences[*i]);
        }
    }
    Prf::new(tp, p.len() as u64, g.len() as u64)
}

/// Errors of one document, rendered with their context while the text is at hand.
struct Errors<'a> {
    doc: &'a GoldDoc,
    table: OffsetTable,
    items: Vec<ErrorItem>,
}

impl<'a> Errors<'a> {
    fn new(doc: &'a GoldDoc) -> Errors<'a> {
        Errors { doc, table: OffsetTable::new(&doc.text), items: Vec::new() }
    }

    fn push(&mut self, metric: &'static str, kind: &'static str, span: Span, label: String) {
        self.push_in(metric, kind, span, label, Span::new(0, self.doc.text.len() as u32));
    }

    /// Like `push`, the context window clipped to `within`.
    fn push_in(&mut self, metric: &'static str, kind: &'static str, span: Span, label: String, within: Span) {
        let context = context(&self.doc.text, span, within);
        self.items.push(ErrorItem {
            metric,
            kind,
            doc: self.doc.id.clone(),
            start: self.table.from_byte(span.start, Unit::Chars),
            end: self.table.from_byte(span.end, Unit::Chars),
            label,
            context,
        });
    }
}

/// Up to [`CONTEXT_CHARS`] characters either side of `span` (inside `within`), on one line.
fn context(text: &str, span: Span, within: Span) -> String {
    let get = |a: u32, b: u32| text.get(a as usize..b as usize).unwrap_or("");
    let before = get(within.start.min(span.start), span.start);
    let after = get(span.end, within.end.max(span.end));
    let cut_before: String = {
        let n = before.chars().count();
        let tail: String = before.chars().skip(n.saturating_sub(CONTEXT_CHARS)).collect();
        if n > CONTEXT_CHARS {
            format!("…{tail}")
        } else {
            tail
        }
    };
    let cut_after: String = {
        let head: String = after.chars().take(CONTEXT_CHARS).collect();
        if after.chars().count() > CONTEXT_CHARS {
            format!("{head}…")
        } else {
            head
        }
    };
    let one_line = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    format!("{}⟦{}⟧{}", one_line(&cut_before), one_line(get(span.start, span.end)), one_line(&cut_after))
}
