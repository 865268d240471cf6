//! The wasm facade: the `Analyzer` class and the one-shot `analyze(text, options?)` for
//! JavaScript, and nothing else.
//!
//! Why so thin (after Harper): the core knows nothing about JS, so everything here is
//! translation at the edge. The facade holds no state of its own: the per-document
//! working memory lives in an `Analyzer` object that JavaScript creates, owns and frees
//! (`new Analyzer()`, `.analyze()`, `.free()`), so two editors on one page never share
//! or clobber each other's tables, and freeing one really returns its memory. Three
//! things happen and only these:
//!
//! 1. options come in as a plain JS object and are read with serde;
//! 2. the byte offsets of the core become UTF-16 code units, through the one library
//!    conversion ([`crate::text::convert::convert`]), so a span indexes the JS string
//!    directly (`text.slice(start, end)`) even around emoji and other astral characters;
//! 3. the result goes out as a plain object (not `Map`s, `null` for a missing source),
//!    shaped exactly like the CLI's JSON, typed by the interfaces below.
//!
//! Layer selection runs only what the chosen layers need ([`crate::analyze_layers`]:
//! claims read entities, hedges read claims), and each returned layer is exactly what
//! the full analysis returns for it; what is not asked for is not sent across the
//! boundary either, which is where much of the time goes for long texts.

use crate::analysis::{Analyzer, Layers};
use crate::text::convert::convert;
use crate::text::offsets::{OffsetTable, Unit};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Offsets are UTF-16 code units: `text.slice(start, end) === part.text`. */
export interface Part { start: number; end: number; text: string; }
export type EntityLabel =
  "PERSON" | "ORG" | "PLACE" | "MISC" | "DATE" | "TIME" | "MONEY" | "PERCENT" | "QUANTITY";
export interface Entity extends Part { label: EntityLabel; }
export type SourceKind = "named" | "described" | "vague" | "pronoun" | "none";
export interface Claim {
  cue: Part;
  /** At most 64 tokens, within 80 tokens of the cue. */
  source: Part | null;
  /** In text order; a quote broken by "he said" is one claim with two parts. At most 200
   *  tokens in all, each part within 80 tokens of the cue and past at most 4 other cues. */
  content: Part[];
  source_kind: SourceKind;
  /** For pronoun sources: the earlier PERSON or ORG it most likely refers to. */
  source_resolved?: Part;
}
export type HedgeType = "modal_probable" | "modal_possible" | "hypo_doxastic"
  | "hypo_investigation" | "hypo_condition" | "weasel";
export interface Hedge {
  cue: Part;
  type: HedgeType;
  /** The clause the cue weakens, reaching at most 80 tokens beyond the cue; a weasel's is
   *  its claim's source, cue and content. */
  scope: { start: number; end: number } | null;
}
export interface Analysis { entities: Entity[]; claims: Claim[]; hedges: Hedge[]; }
export type Layer = "entities" | "claims" | "hedges";
export interface AnalyzeOptions {
  /** Layers to return (default: all three); the others come back as empty arrays, and
   *  only what the listed layers need is computed (claims use entities, hedges use claims). */
  layers?: Layer[];
}
"#;

#[derive(Deserialize, Default)]
struct Options {
    layers: Option<Vec<String>>,
}

#[wasm_bindgen]
extern "C" {
    /// The options object, typed for TypeScript; read with serde.
    #[wasm_bindgen(typescript_type = "AnalyzeOptions")]
    pub type JsOptions;
}

/// Reads the options object and runs the chosen layers with `analyzer`, returning the
/// result with UTF-16 offsets as a plain object.
fn run(analyzer: &mut Analyzer, text: &str, options: Option<JsOptions>) -> Result<JsValue, JsError> {
    let options: Options = match options.map(JsValue::from) {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("options: {e}")))?
        }
        _ => Options::default(),
    };
    let layers = match &options.layers {
        Some(names) => layers(names)?,
        None => Layers::ALL,
    };
    let analysis = analyzer.analyze_layers(text, layers).map_err(|e| JsError::new(&e.to_string()))?;
    let analysis = convert(&analysis, &OffsetTable::new(text), Unit::Utf16);
    analysis
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Analyses `text` once, with working memory allocated for this call and freed after it;
/// every offset in the result is in UTF-16 code units. To analyse again and again (an
/// editor), keep an `Analyzer`: it reuses its tables instead of allocating them each time.
#[wasm_bindgen(unchecked_return_type = "Analysis")]
pub fn analyze(text: &str, options: Option<JsOptions>) -> Result<JsValue, JsError> {
    run(&mut Analyzer::new(), text, options)
}

/// An analyser that JavaScript owns: it keeps the layers' per-document tables between
/// calls (megabytes for a long article), never any text. Free it with `.free()` when done.
/// Every offset in its results is in UTF-16 code units.
#[wasm_bindgen(js_name = Analyzer)]
pub struct JsAnalyzer {
    inner: Analyzer,
}

#[wasm_bindgen(js_class = Analyzer)]
impl JsAnalyzer {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsAnalyzer {
        JsAnalyzer { inner: Analyzer::new() }
    }

    /// Analyses `text`: exactly what the free `analyze` returns, reusing this object's
    /// tables. Offsets are UTF-16 code units: `text.slice(start, end) === part.text`.
    #[wasm_bindgen(unchecked_return_type = "Analysis")]
    pub fn analyze(&mut self, text: &str, options: Option<JsOptions>) -> Result<JsValue, JsError> {
        run(&mut self.inner, text, options)
    }
}

impl Default for JsAnalyzer {
    fn default() -> Self {
        Self::new()
    }
}

fn layers(names: &[String]) -> Result<Layers, JsError> {
    let mut out = Layers::default();
    for name in names {
        let one = match name.as_str() {
            "entities" | "claims" | "hedges" => Layers::parse(name),
            _ => None,
        };
        let Some(one) = one else {
            return Err(JsError::new(&format!(
                "unknown layer `{name}` (expected entities, claims or hedges)"
            )));
        };
        out = Layers {
            entities: out.entities || one.entities,
            claims: out.claims || one.claims,
            hedges: out.hedges || one.hedges,
        };
    }
    Ok(out)
}
