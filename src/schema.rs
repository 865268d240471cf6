//! The one output schema, shared by Rust, wasm and the CLI.
//!
//! Why one module: the README documents a single JSON shape and three front ends
//! serialize it. Everything here is plain data with no lifetimes, so a result can be
//! moved across a worker boundary or cached by an incremental analyzer. Offsets are
//! **byte** offsets into the analysed `&str`; the facades convert them once, through
//! [`crate::text::offsets::OffsetTable`], and nowhere else.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into the analysed text, always on `char`
/// boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The span `[start, end)`.
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }
    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
    /// As a `Range`, to slice the text with.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// Whether the two spans share a byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Whether `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A span with the text it covers, as it appears in the output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Start offset (bytes in the library; the front ends convert).
    pub start: u32,
    /// End offset, exclusive.
    pub end: u32,
    /// The text the span covers.
    pub text: String,
}

impl Part {
    /// `span` must lie inside `text` on char boundaries (every layer guarantees it).
    pub fn new(text: &str, span: Span) -> Part {
        Part { start: span.start, end: span.end, text: text.get(span.range()).unwrap_or("").to_string() }
    }
    /// The span as a [`Span`].
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
/// What kind of thing an entity is.
pub enum EntityLabel {
    /// A person.
    Person,
    /// An organization.
    Org,
    /// A place: country, city, region, geographic feature.
    Place,
    /// Other names: nationalities, events, works, products.
    Misc,
    /// A date ("Tuesday", "May 3, 2021").
    Date,
    /// A time of day.
    Time,
    /// An amount of money.
    Money,
    /// A percentage.
    Percent,
    /// Another figure with a unit.
    Quantity,
}

impl EntityLabel {
    /// Every label, names first.
    pub const ALL: [EntityLabel; 9] = [
        EntityLabel::Person,
        EntityLabel::Org,
        EntityLabel::Place,
        EntityLabel::Misc,
        EntityLabel::Date,
        EntityLabel::Time,
        EntityLabel::Money,
        EntityLabel::Percent,
        EntityLabel::Quantity,
    ];
    /// The label as the output spells it (`PERSON`, `ORG`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "PERSON",
            EntityLabel::Org => "ORG",
            EntityLabel::Place => "PLACE",
            EntityLabel::Misc => "MISC",
            EntityLabel::Date => "DATE",
            EntityLabel::Time => "TIME",
            EntityLabel::Money => "MONEY",
            EntityLabel::Percent => "PERCENT",
            EntityLabel::Quantity => "QUANTITY",
        }
    }
    /// The label [`EntityLabel::as_str`] spells `s`.
    pub fn parse(s: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.into_iter().find(|l| l.as_str() == s)
    }
    /// Names (as opposed to figures): the labels the learned model predicts.
    pub fn is_name(self) -> bool {
        matches!(self, EntityLabel::Person | EntityLabel::Org | EntityLabel::Place | EntityLabel::Misc)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// An entity: a span of text with its label.
pub struct Entity {
    /// Start offset.
    pub start: u32,
    /// End offset, exclusive.
    pub end: u32,
    /// What it is.
    pub label: EntityLabel,
    /// The text the span covers.
    pub text: String,
}

impl Entity {
    /// The span as a [`Span`].
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// How specific a claim's source is: what a reader most needs to judge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A name or a named organization: "Ned Price", "the State Department".
    Named,
    /// A description that identifies a kind of source: "a senior official".
    Described,
    /// Nobody in particular: "analysts", "some experts", "critics", "many".
    Vague,
    /// "he", "they": see `source_resolved`.
    Pronoun,
    /// No source at all: "it was reported that", "there are fears that".
    None,
}

impl SourceKind {
    /// The kind as the output spells it (`named`, `described`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Named => "named",
            SourceKind::Described => "described",
            SourceKind::Vague => "vague",
            SourceKind::Pronoun => "pronoun",
            SourceKind::None => "none",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// An attributed claim: who said what, through which words.
pub struct Claim {
    /// The words of attribution: "said", "according to", a speaker's colon.
    pub cue: Part,
    /// At most [`crate::limits::MAX_SOURCE_TOKENS`] tokens, within
    /// [`crate::limits::CUE_WINDOW_TOKENS`] of the cue.
    pub source: Option<Part>,
    /// One or more pieces, in text order: a quote broken by "he said" is one claim. At
    /// most [`crate::limits::MAX_CONTENT_TOKENS`] tokens in all, each piece within
    /// [`crate::limits::CUE_WINDOW_TOKENS`] of the cue, none past
    /// [`crate::limits::MAX_CUES_BETWEEN`] other claims' cues.
    pub content: Vec<Part>,
    /// How specific the source is.
    pub source_kind: SourceKind,
    /// For pronoun sources: the nearest earlier PERSON or ORG it most likely refers to.
    /// For a relative pronoun ("Maria Lopez, who said"): the noun phrase before it, whose
    /// grade is then `source_kind` (named here).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_resolved: Option<Part>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// What kind of uncertainty a hedge expresses (the Szeged types, plus `weasel`).
pub enum HedgeType {
    /// Probably: "may", "likely", "probably".
    ModalProbable,
    /// Possibly: "might", "could", "possibly".
    ModalPossible,
    /// Belief or report: "believe", "alleged", "considered".
    HypoDoxastic,
    /// Investigation: "whether", "examine", "test".
    HypoInvestigation,
    /// Condition: "if", "unless".
    HypoCondition,
    /// A vague or missing source: "critics say", "it is believed".
    Weasel,
}

impl HedgeType {
    /// Every type.
    pub const ALL: [HedgeType; 6] = [
        HedgeType::ModalProbable,
        HedgeType::ModalPossible,
        HedgeType::HypoDoxastic,
        HedgeType::HypoInvestigation,
        HedgeType::HypoCondition,
        HedgeType::Weasel,
    ];
    /// The type as the output spells it (`modal_probable`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            HedgeType::ModalProbable => "modal_probable",
            HedgeType::ModalPossible => "modal_possible",
            HedgeType::HypoDoxastic => "hypo_doxastic",
            HedgeType::HypoInvestigation => "hypo_investigation",
            HedgeType::HypoCondition => "hypo_condition",
            HedgeType::Weasel => "weasel",
        }
    }
    /// The type [`HedgeType::as_str`] spells `s`.
    pub fn parse(s: &str) -> Option<HedgeType> {
        HedgeType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// A hedge: a cue that weakens a statement, its type and scope.
pub struct Hedge {
    /// The hedging words.
    pub cue: Part,
    #[serde(rename = "type")]
    /// Its type.
    pub kind: HedgeType,
    /// The clause the cue weakens (it may include the cue itself), reaching at most
    /// [`crate::limits::MAX_SCOPE_TOKENS`] tokens beyond the cue; a weasel's is its
    /// claim's source, cue and content.
    pub scope: Option<Span>,
}

/// Everything `analyze` found, each layer sorted by start offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    /// Entities, sorted by start.
    pub entities: Vec<Entity>,
    /// Claims, sorted by the start of their cue.
    pub claims: Vec<Claim>,
    /// Hedges, sorted by the start of their cue.
    pub hedges: Vec<Hedge>,
}
