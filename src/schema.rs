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
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
    pub fn len(self) -> u32 {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
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
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl Part {
    /// `span` must lie inside `text` on char boundaries (every layer guarantees it).
    pub fn new(text: &str, span: Span) -> Part {
        Part { start: span.start, end: span.end, text: text.get(span.range()).unwrap_or("").to_string() }
    }
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityLabel {
    Person,
    Org,
    Place,
    Misc,
    Date,
    Time,
    Money,
    Percent,
    Quantity,
}

impl EntityLabel {
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
    pub fn parse(s: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.into_iter().find(|l| l.as_str() == s)
    }
    /// Names (as opposed to figures): the labels the learned model predicts.
    pub fn is_name(self) -> bool {
        matches!(self, EntityLabel::Person | EntityLabel::Org | EntityLabel::Place | EntityLabel::Misc)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub start: u32,
    pub end: u32,
    pub label: EntityLabel,
    pub text: String,
}

impl Entity {
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
pub struct Claim {
    pub cue: Part,
    /// At most [`crate::limits::MAX_SOURCE_TOKENS`] tokens, within
    /// [`crate::limits::CUE_WINDOW_TOKENS`] of the cue.
    pub source: Option<Part>,
    /// One or more pieces, in text order: a quote broken by "he said" is one claim. At
    /// most [`crate::limits::MAX_CONTENT_TOKENS`] tokens in all, each piece within
    /// [`crate::limits::CUE_WINDOW_TOKENS`] of the cue, none past
    /// [`crate::limits::MAX_CUES_BETWEEN`] other claims' cues.
    pub content: Vec<Part>,
    pub source_kind: SourceKind,
    /// For pronoun sources: the nearest earlier PERSON or ORG it most likely refers to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_resolved: Option<Part>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HedgeType {
    ModalProbable,
    ModalPossible,
    HypoDoxastic,
    HypoInvestigation,
    HypoCondition,
    Weasel,
}

impl HedgeType {
    pub const ALL: [HedgeType; 6] = [
        HedgeType::ModalProbable,
        HedgeType::ModalPossible,
        HedgeType::HypoDoxastic,
        HedgeType::HypoInvestigation,
        HedgeType::HypoCondition,
        HedgeType::Weasel,
    ];
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
    pub fn parse(s: &str) -> Option<HedgeType> {
        HedgeType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hedge {
    pub cue: Part,
    #[serde(rename = "type")]
    pub kind: HedgeType,
    /// The clause the cue weakens (it may include the cue itself), reaching at most
    /// [`crate::limits::MAX_SCOPE_TOKENS`] tokens beyond the cue; a weasel's is its
    /// claim's source, cue and content.
    pub scope: Option<Span>,
}

/// Everything `analyze` found, each layer sorted by start offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub entities: Vec<Entity>,
    pub claims: Vec<Claim>,
    pub hedges: Vec<Hedge>,
}
