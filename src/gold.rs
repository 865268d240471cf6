//! Reader for the gold data in `../shared/data` (feature `eval`).
//!
//! The files speak Unicode scalar offsets; this module converts every span to bytes
//! once, on load, through [`OffsetTable`], so trainers and the scorer work in the same
//! unit as the core. Spans that fall outside the text or inside a character are a
//! load error naming the document, never a panic.

use crate::schema::Span;
use crate::text::offsets::{OffsetTable, Unit};
use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

#[derive(Deserialize)]
struct RawSpan {
    start: u32,
    end: u32,
    label: String,
}

#[derive(Deserialize)]
struct RawClaim {
    #[serde(default)]
    cue: Vec<[u32; 2]>,
    #[serde(default)]
    source: Vec<[u32; 2]>,
    #[serde(default)]
    content: Vec<[u32; 2]>,
}

#[derive(Deserialize)]
struct RawHedge {
    #[serde(default)]
    cue: Vec<[u32; 2]>,
    #[serde(default)]
    scope: Option<Vec<[u32; 2]>>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct RawDoc {
    id: String,
    #[serde(default)]
    corpus: String,
    text: String,
    entities: Option<Vec<RawSpan>>,
    claims: Option<Vec<RawClaim>>,
    hedges: Option<Vec<RawHedge>>,
    sentences: Option<Vec<[u32; 2]>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// A gold entity.
pub struct GoldEntity {
    /// Its span, in bytes.
    pub span: Span,
    /// The corpus label as written: PER, ORG, LOC, MISC.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
/// A gold claim: each part a list of spans (a part may be discontinuous).
pub struct GoldClaim {
    /// The cue.
    pub cue: Vec<Span>,
    /// The source (empty: none).
    pub source: Vec<Span>,
    /// The content.
    pub content: Vec<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// A gold hedge.
pub struct GoldHedge {
    /// The cue.
    pub cue: Vec<Span>,
    /// The scope, where the corpus marks scopes.
    pub scope: Option<Vec<Span>>,
    /// The Szeged type, where the corpus gives one.
    pub kind: Option<String>,
}

/// One gold document, spans in bytes. A layer is `None` where the corpus does not
/// annotate it, `Some(vec![])` where it does and found nothing.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// The document's id, unique in its file.
    pub id: String,
    /// The corpus name (`polnear-dev`, `szeged-news`, …).
    pub corpus: String,
    /// The text.
    pub text: String,
    /// Entities, where annotated.
    pub entities: Option<Vec<GoldEntity>>,
    /// Claims, where annotated.
    pub claims: Option<Vec<GoldClaim>>,
    /// Hedges, where annotated.
    pub hedges: Option<Vec<GoldHedge>>,
    /// Sentence spans, where the corpus marks them.
    pub sentences: Option<Vec<Span>>,
}

impl GoldDoc {
    /// Parses one JSONL line.
    pub fn from_json(line: &str) -> Result<GoldDoc, String> {
        let raw: RawDoc = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
        let table = OffsetTable::new(&raw.text);
        let id = raw.id.clone();
        let span = |s: u32, e: u32| -> Result<Span, String> {
            let a = table.to_byte(s, Unit::Chars);
            let b = table.to_byte(e, Unit::Chars);
            match (a, b) {
                (Some(a), Some(b)) if a <= b => Ok(Span::new(a, b)),
                _ => Err(format!("document {id}: span [{s}, {e}) is not inside the text")),
            }
        };
        let spans = |v: &[[u32; 2]]| -> Result<Vec<Span>, String> {
            let mut out = v.iter().map(|&[s, e]| span(s, e)).collect::<Result<Vec<_>, _>>()?;
            out.sort();
            Ok(out)
        };
        let entities = match &raw.entities {
            None => None,
            Some(v) => Some(
                v.iter()
                    .map(|e| Ok(GoldEntity { span: span(e.start, e.end)?, label: e.label.clone() }))
                    .collect::<Result<Vec<_>, String>>()?,
            ),
        };
        let claims = match &raw.claims {
            None => None,
            Some(v) => Some(
                v.iter()
                    .map(|c| {
                        Ok(GoldClaim {
                            cue: spans(&c.cue)?,
                            source: spans(&c.source)?,
                            content: spans(&c.content)?,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?,
            ),
        };
        let hedges = match &raw.hedges {
            None => None,
            Some(v) => Some(
                v.iter()
                    .map(|h| {
                        Ok(GoldHedge {
                            cue: spans(&h.cue)?,
                            scope: match &h.scope {
                                None => None,
                                Some(s) => Some(spans(s)?),
                            },
                            kind: h.kind.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?,
            ),
        };
        let sentences = match &raw.sentences {
            None => None,
            Some(v) => Some(spans(v)?),
        };
        Ok(GoldDoc { id: raw.id, corpus: raw.corpus, text: raw.text, entities, claims, hedges, sentences })
    }
}

/// Reads a whole gold JSONL file. Errors name the file and line.
pub fn read_file(path: &Path) -> Result<Vec<GoldDoc>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(GoldDoc::from_json(&line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_scalar_offsets_to_bytes() {
        let line = r#"{"id":"t","text":"“Hi,” said Zoë Ng.","entities":[{"start":11,"end":17,"label":"PER"}],"claims":[{"cue":[[6,10]],"source":[[11,17]],"content":[[1,3]]}]}"#;
        let d = GoldDoc::from_json(line).unwrap();
        let e = &d.entities.as_ref().unwrap()[0];
        assert_eq!(&d.text[e.span.range()], "Zoë Ng");
        let c = &d.claims.as_ref().unwrap()[0];
        assert_eq!(&d.text[c.content[0].range()], "Hi");
        assert!(d.hedges.is_none());
    }

    #[test]
    fn span_outside_text_is_an_error() {
        let line = r#"{"id":"t","text":"abc","entities":[{"start":1,"end":9,"label":"PER"}]}"#;
        assert!(GoldDoc::from_json(line).unwrap_err().contains("not inside"));
    }
}
