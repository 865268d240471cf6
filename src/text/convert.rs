//! Converting a whole [`Analysis`] from byte offsets to another unit.
//!
//! Why one function: the CLI (Unicode scalars by default) and the wasm facade (UTF-16)
//! must agree span for span. If each front end walked the schema itself, a field added
//! later (a new part of a claim, say) could be converted by one and forgotten by the
//! other. Every span of every layer goes through [`convert`], and its tests check that
//! each part's `text` still equals the input sliced in the new unit.

use super::offsets::{OffsetTable, Unit};
use crate::schema::{Analysis, Claim, Entity, Hedge, Part, Span};

/// `analysis` (byte offsets into the text `table` was built from) with every offset in
/// `unit`. The texts of the parts are unchanged. For [`Unit::Utf8`], or for ASCII
/// text, it is a plain copy.
pub fn convert(analysis: &Analysis, table: &OffsetTable, unit: Unit) -> Analysis {
    if unit == Unit::Utf8 || table.is_identity() {
        return analysis.clone();
    }
    let at = |b: u32| table.from_byte(b, unit);
    let span = |s: Span| Span::new(at(s.start), at(s.end));
    let part = |p: &Part| Part { start: at(p.start), end: at(p.end), text: p.text.clone() };
    Analysis {
        entities: analysis
            .entities
            .iter()
            .map(|e| Entity { start: at(e.start), end: at(e.end), label: e.label, text: e.text.clone() })
            .collect(),
        claims: analysis
            .claims
            .iter()
            .map(|c| Claim {
                cue: part(&c.cue),
                source: c.source.as_ref().map(part),
                content: c.content.iter().map(part).collect(),
                source_kind: c.source_kind,
                source_resolved: c.source_resolved.as_ref().map(part),
            })
            .collect(),
        hedges: analysis
            .hedges
            .iter()
            .map(|h| Hedge { cue: part(&h.cue), kind: h.kind, scope: h.scope.map(span) })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{EntityLabel, HedgeType, SourceKind};

    /// Slices `text` by offsets counted in `unit` (the naive way, for checking).
    fn slice(text: &str, unit: Unit, start: u32, end: u32) -> String {
        match unit {
            Unit::Utf8 => text[start as usize..end as usize].to_string(),
            Unit::Chars => text.chars().skip(start as usize).take((end - start) as usize).collect(),
            Unit::Utf16 => {
                let u: Vec<u16> = text.encode_utf16().collect();
                String::from_utf16(&u[start as usize..end as usize]).unwrap()
            }
        }
    }

    fn find(text: &str, needle: &str) -> Span {
        let s = text.find(needle).unwrap() as u32;
        Span::new(s, s + needle.len() as u32)
    }

    fn sample(text: &str) -> Analysis {
        let p = |n: &str| Part::new(text, find(text, n));
        let e = |n: &str, label| {
            let s = find(text, n);
            Entity { start: s.start, end: s.end, label, text: n.to_string() }
        };
        Analysis {
            entities: vec![e("Zoë Ng", EntityLabel::Person), e("Zürich", EntityLabel::Place)],
            claims: vec![Claim {
                cue: p("said"),
                source: Some(p("Zoë Ng")),
                content: vec![p("We 😀 may win"), p("soon")],
                source_kind: SourceKind::Named,
                source_resolved: Some(p("Zürich")),
            }],
            hedges: vec![Hedge {
                cue: p("may"),
                kind: HedgeType::ModalPossible,
                scope: Some(find(text, "may win")),
            }],
        }
    }

    #[test]
    fn every_span_slices_its_text_in_every_unit() {
        let text = "“We 😀 may win,” said Zoë Ng in Zürich, “soon.”";
        let a = sample(text);
        let table = OffsetTable::new(text);
        for unit in [Unit::Utf8, Unit::Utf16, Unit::Chars] {
            let c = convert(&a, &table, unit);
            let mut parts: Vec<(u32, u32, String)> = Vec::new();
            parts.extend(c.entities.iter().map(|e| (e.start, e.end, e.text.clone())));
            for cl in &c.claims {
                let all =
                    std::iter::once(&cl.cue).chain(&cl.source).chain(&cl.content).chain(&cl.source_resolved);
                parts.extend(all.map(|p| (p.start, p.end, p.text.clone())));
            }
            for h in &c.hedges {
                parts.push((h.cue.start, h.cue.end, h.cue.text.clone()));
                let s = h.scope.unwrap();
                parts.push((s.start, s.end, "may win".into()));
            }
            assert_eq!(parts.len(), 9);
            for (s, e, t) in parts {
                assert_eq!(slice(text, unit, s, e), t, "{unit:?}");
            }
        }
        // The units really differ here: "said" sits after a 4-byte, 2-unit emoji.
        let said = |u| convert(&a, &table, u).claims[0].cue.start;
        assert_eq!(said(Unit::Utf8), 23);
        assert_eq!(said(Unit::Utf16), 17);
        assert_eq!(said(Unit::Chars), 16);
    }

    #[test]
    fn ascii_is_a_copy() {
        let text = "We may win, said Zoe Ng in Zurich, soon.";
        let a = Analysis {
            entities: vec![],
            claims: vec![],
            hedges: vec![Hedge {
                cue: Part::new(text, find(text, "may")),
                kind: HedgeType::ModalPossible,
                scope: None,
            }],
        };
        assert_eq!(convert(&a, &OffsetTable::new(text), Unit::Utf16), a);
    }
}
