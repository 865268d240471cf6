//! What the scorer compares with the gold: [`Annotations`], the same shape as a
//! [`GoldDoc`]'s layers, in bytes. Our own output converts with
//! [`Annotations::from_analysis`]; another system's output is read from JSONL by
//! [`Predictions`].
//!
//! Why a shape of its own instead of [`Analysis`]: peers predict things our schema
//! cannot hold (a quotation with no cue, a hedge with a multi-word discontinuous cue,
//! a label we do not use), and the scorer only needs spans per role. So the prediction
//! format is `newsmark analyze --jsonl`'s, loosened where the metrics allow:
//!
//! ```text
//! {"id": "…",                                  matched to the gold document with this id
//!  "entities": [{"start": s, "end": e, "label": "PERSON"}],     PERSON|PER, ORG, PLACE|LOC, MISC scored
//!  "claims":   [{"cue": PARTS, "source": PARTS, "content": PARTS}],
//!  "hedges":   [{"cue": PARTS, "scope": PARTS, "type": "…"}]}
//! PARTS = null | {"start": s, "end": e, "text"?: "…"} | [s, e] | a list of those
//! ```
//!
//! Offsets count Unicode scalar values, like the gold. A layer key missing from every
//! line means the system does not predict that layer, and it is not scored; a document
//! missing from the file counts as predicting nothing. A part's optional `text` is
//! checked against the gold text: a mismatch almost always means offsets in the wrong
//! unit (UTF-16 from JavaScript), so the reader counts them for the CLI to warn.

use crate::gold::{GoldClaim, GoldDoc, GoldEntity, GoldHedge};
use crate::schema::{Analysis, Span};
use crate::text::offsets::{OffsetTable, Unit};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

/// One document's predicted layers, spans in bytes of the gold text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotations {
    /// Entities, with the gold's label names.
    pub entities: Vec<GoldEntity>,
    /// Claims as cue, source and content spans.
    pub claims: Vec<GoldClaim>,
    /// Hedge cues, scopes and types.
    pub hedges: Vec<GoldHedge>,
}

impl Annotations {
    /// Ours: an [`Analysis`] as annotations over the same text.
    pub fn from_analysis(a: &Analysis) -> Annotations {
        Annotations {
            entities: a
                .entities
                .iter()
                .map(|e| GoldEntity { span: e.span(), label: e.label.as_str().to_string() })
                .collect(),
            claims: a
                .claims
                .iter()
                .map(|c| GoldClaim {
                    cue: vec![c.cue.span()],
                    source: c.source.iter().map(|p| p.span()).collect(),
                    content: c.content.iter().map(|p| p.span()).collect(),
                })
                .collect(),
            hedges: a
                .hedges
                .iter()
                .map(|h| GoldHedge {
                    cue: vec![h.cue.span()],
                    scope: h.scope.map(|s| vec![s]),
                    kind: Some(h.kind.as_str().to_string()),
                })
                .collect(),
        }
    }
}

/// Which layers a file annotates or a system predicts (the pipeline's own [`Layers`]).
pub use crate::analysis::Layers;

impl Layers {
    /// The layers some document of `docs` annotates.
    pub fn of_gold(docs: &[GoldDoc]) -> Layers {
        Layers {
            entities: docs.iter().any(|d| d.entities.is_some()),
            claims: docs.iter().any(|d| d.claims.is_some()),
            hedges: docs.iter().any(|d| d.hedges.is_some()),
        }
    }
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawPart {
    Pair([u32; 2]),
    Object {
        start: u32,
        end: u32,
        #[serde(default)]
        text: Option<String>,
    },
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawParts {
    One(RawPart),
    Many(Vec<RawPart>),
}

#[derive(Deserialize, Clone)]
struct RawEntity {
    start: u32,
    end: u32,
    label: String,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize, Clone)]
struct RawClaim {
    #[serde(default)]
    cue: Option<RawParts>,
    #[serde(default)]
    source: Option<RawParts>,
    #[serde(default)]
    content: Option<RawParts>,
}

#[derive(Deserialize, Clone)]
struct RawHedge {
    #[serde(default)]
    cue: Option<RawParts>,
    #[serde(default)]
    scope: Option<RawParts>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize, Clone)]
struct RawPrediction {
    id: String,
    entities: Option<Vec<RawEntity>>,
    claims: Option<Vec<RawClaim>>,
    hedges: Option<Vec<RawHedge>>,
}

/// A system's predictions, read from one or more JSONL files, matched to gold by id.
#[derive(Default)]
pub struct Predictions {
    docs: HashMap<String, RawPrediction>,
    /// The layers some line carries a key for.
    pub layers: Layers,
}

/// Converts one gold text's scalar offsets to bytes and counts `text` mismatches.
struct Converter<'a> {
    id: &'a str,
    text: &'a str,
    table: OffsetTable,
    mismatches: usize,
}

impl Converter<'_> {
    fn span(&mut self, s: u32, e: u32, expect: Option<&str>) -> Result<Span, String> {
        let (a, b) = (self.table.to_byte(s, Unit::Chars), self.table.to_byte(e, Unit::Chars));
        let span = match (a, b) {
            (Some(a), Some(b)) if a <= b => Span::new(a, b),
            _ => return Err(format!("prediction for {}: span [{s}, {e}) is not inside the text", self.id)),
        };
        if expect.is_some_and(|t| self.text.get(span.range()) != Some(t)) {
            self.mismatches += 1;
        }
        Ok(span)
    }

    fn parts(&mut self, p: &Option<RawParts>) -> Result<Vec<Span>, String> {
        let list: Vec<&RawPart> = match p {
            None => Vec::new(),
            Some(RawParts::One(p)) => vec![p],
            Some(RawParts::Many(v)) => v.iter().collect(),
        };
        let mut out = Vec::with_capacity(list.len());
        for p in list {
            out.push(match p {
                RawPart::Pair([s, e]) => self.span(*s, *e, None)?,
                RawPart::Object { start, end, text } => self.span(*start, *end, text.as_deref())?,
            });
        }
        out.sort();
        Ok(out)
    }
}

impl Predictions {
    /// Reads and merges prediction files. A document id given twice is an error.
    pub fn read(paths: &[&Path]) -> Result<Predictions, String> {
        let mut out = Predictions::default();
        for path in paths {
            let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
            for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
                let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
                if !line.trim().is_empty() {
                    out.add_line(&line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
                }
            }
        }
        Ok(out)
    }

    /// Adds one JSONL line.
    pub fn add_line(&mut self, line: &str) -> Result<(), String> {
        let raw: RawPrediction =
            serde_json::from_str(line).map_err(|e| format!("invalid prediction: {e}"))?;
        self.layers.entities |= raw.entities.is_some();
        self.layers.claims |= raw.claims.is_some();
        self.layers.hedges |= raw.hedges.is_some();
        if self.docs.contains_key(&raw.id) {
            return Err(format!("prediction for {} given twice", raw.id));
        }
        self.docs.insert(raw.id.clone(), raw);
        Ok(())
    }

    /// Number of documents predicted.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was predicted.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The predictions for `gold`, in its bytes, with the number of parts whose `text`
    /// disagrees with the gold text. `None` when the file has no line for this id.
    pub fn get(&self, gold: &GoldDoc) -> Result<Option<(Annotations, usize)>, String> {
        let Some(raw) = self.docs.get(&gold.id) else { return Ok(None) };
        let mut c =
            Converter { id: &gold.id, text: &gold.text, table: OffsetTable::new(&gold.text), mismatches: 0 };
        let mut a = Annotations::default();
        for e in raw.entities.iter().flatten() {
            a.entities.push(GoldEntity {
                span: c.span(e.start, e.end, e.text.as_deref())?,
                label: e.label.clone(),
            });
        }
        for cl in raw.claims.iter().flatten() {
            a.claims.push(GoldClaim {
                cue: c.parts(&cl.cue)?,
                source: c.parts(&cl.source)?,
                content: c.parts(&cl.content)?,
            });
        }
        for h in raw.hedges.iter().flatten() {
            let scope = if h.scope.is_some() { Some(c.parts(&h.scope)?) } else { None };
            a.hedges.push(GoldHedge { cue: c.parts(&h.cue)?, scope, kind: h.kind.clone() });
        }
        Ok(Some((a, c.mismatches)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(text: &str) -> GoldDoc {
        GoldDoc::from_json(&serde_json::json!({"id": "d", "text": text}).to_string()).unwrap()
    }

    #[test]
    fn reads_every_part_shape_in_scalars() {
        let mut p = Predictions::default();
        p.add_line(
            r#"{"id":"d","entities":[{"start":0,"end":3,"label":"PERSON","text":"Zoë"}],
                "claims":[{"cue":null,"source":[0,3],"content":[{"start":10,"end":12},[13,16]]}],
                "hedges":[{"cue":{"start":4,"end":8},"type":"weasel"}]}"#,
        )
        .unwrap();
        let g = gold("Zoë says “we may win”");
        let (a, mismatches) = p.get(&g).unwrap().unwrap();
        assert_eq!(mismatches, 0);
        assert_eq!(&g.text[a.entities[0].span.range()], "Zoë");
        assert!(a.claims[0].cue.is_empty());
        assert_eq!(&g.text[a.claims[0].source[0].range()], "Zoë");
        let content: Vec<&str> = a.claims[0].content.iter().map(|s| &g.text[s.range()]).collect();
        assert_eq!(content, ["we", "may"]);
        assert_eq!(&g.text[a.hedges[0].cue[0].range()], "says");
        assert_eq!(a.hedges[0].scope, None);
        assert!(p.layers.entities && p.layers.claims && p.layers.hedges);
    }

    #[test]
    fn utf16_offsets_show_as_text_mismatches() {
        let mut p = Predictions::default();
        // "😀 Ann Lee": in UTF-16 "Ann" is [3, 6); in scalars it is [2, 5).
        p.add_line(r#"{"id":"d","entities":[{"start":3,"end":6,"label":"PERSON","text":"Ann"}]}"#).unwrap();
        let (_, mismatches) = p.get(&gold("😀 Ann Lee")).unwrap().unwrap();
        assert_eq!(mismatches, 1);
        assert!(!p.layers.claims);
    }

    #[test]
    fn bad_spans_and_duplicates_are_errors() {
        let mut p = Predictions::default();
        p.add_line(r#"{"id":"d","entities":[{"start":3,"end":60,"label":"ORG"}]}"#).unwrap();
        assert!(p.get(&gold("short")).is_err());
        assert!(p.add_line(r#"{"id":"d"}"#).unwrap_err().contains("twice"));
        assert!(p.get(&GoldDoc { id: "other".into(), ..gold("x") }).unwrap().is_none());
    }
}
