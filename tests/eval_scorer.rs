//! The scorer on small hand-made cases whose answers are worked out by hand in the
//! comments. Offsets in the JSON are Unicode scalars, as in the gold files; several
//! texts are non-ASCII so that a byte/char mix-up changes the answer.

use newsmark::eval::{is_dev_doc, Annotated, Annotations, Layers, Mixed, Predictions, Prf, Scorer, Scores};
use newsmark::gold::GoldDoc;

fn gold(json: serde_json::Value) -> GoldDoc {
    GoldDoc::from_json(&json.to_string()).unwrap()
}

fn predicted(doc: &GoldDoc, json: serde_json::Value) -> Annotations {
    let mut p = Predictions::default();
    let mut json = json;
    json["id"] = doc.id.clone().into();
    p.add_line(&json.to_string()).unwrap();
    let (a, mismatches) = p.get(doc).unwrap().unwrap();
    assert_eq!(mismatches, 0, "test predictions carry the right text");
    a
}

fn score(pairs: &[(&GoldDoc, &Annotations)]) -> Scores {
    let mut s = Scorer::new(Layers::ALL, 0);
    for (g, p) in pairs {
        s.add(g, p);
    }
    s.finish().scores
}

fn counts(m: &Prf) -> (u64, u64, u64) {
    (m.tp, m.pred, m.gold)
}

/// Char offsets of the first occurrence of `needle` in `text`.
fn at(text: &str, needle: &str) -> [usize; 2] {
    let b = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    let s = text[..b].chars().count();
    [s, s + needle.chars().count()]
}

#[test]
fn entities_non_ascii_types_duplicates_and_unscored_labels() {
    let text = "Zoë Ng met Ångström in Zürich on Monday.";
    let [a, b] = at(text, "Zoë Ng");
    let [c, d] = at(text, "Ångström");
    let [e, f] = at(text, "Zürich");
    let [m, n] = at(text, "Monday");
    let g = gold(serde_json::json!({"id": "e", "text": text, "entities": [
        {"start": a, "end": b, "label": "PER"}, {"start": c, "end": d, "label": "PER"},
        {"start": e, "end": f, "label": "LOC"}]}));
    let p = predicted(
        &g,
        serde_json::json!({"entities": [
        {"start": a, "end": b, "label": "PERSON", "text": "Zoë Ng"},
        {"start": c, "end": d, "label": "ORG", "text": "Ångström"},   // wrong type
        {"start": e, "end": f, "label": "PLACE", "text": "Zürich"},
        {"start": e, "end": f, "label": "PLACE"},                    // duplicate: collapses
        {"start": m, "end": n, "label": "DATE"}]}),
    ); // not scored
    let s = score(&[(&g, &p)]).entities.unwrap();
    assert_eq!(counts(&s.micro), (2, 3, 3));
    assert!((s.micro.f1() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(counts(&s.per_type["PER"]), (1, 1, 2));
    assert_eq!(counts(&s.per_type["ORG"]), (0, 1, 0));
    assert_eq!(counts(&s.per_type["LOC"]), (1, 1, 1));
    assert_eq!(counts(&s.per_type["MISC"]), (0, 0, 0));
}

#[test]
fn entity_offsets_are_chars_not_bytes() {
    // "Zürich" starts at char 7 but byte 8: a byte offset would point one char late.
    let text = "Café — Zürich";
    let g = gold(
        serde_json::json!({"id": "b", "text": text, "entities": [{"start": 7, "end": 13, "label": "LOC"}]}),
    );
    let right = predicted(&g, serde_json::json!({"entities": [{"start": 7, "end": 13, "label": "PLACE"}]}));
    let bytes = predicted(&g, serde_json::json!({"entities": [{"start": 6, "end": 12, "label": "PLACE"}]}));
    assert_eq!(counts(&score(&[(&g, &right)]).entities.unwrap().micro), (1, 1, 1));
    assert_eq!(counts(&score(&[(&g, &bytes)]).entities.unwrap().micro), (0, 1, 1));
}

/// `“We will win,” she said, “and soon.”`, one claim with a quote broken by "she said".
fn broken_quote() -> (GoldDoc, String) {
    let text = "“We will win,” she said, “and soon.” Then — silence.".to_string();
    let g = gold(serde_json::json!({"id": "c", "text": text, "claims": [{
        "cue": [at(&text, "said")], "source": [at(&text, "she")],
        "content": [at(&text, "“We will win,”"), at(&text, "“and soon.”")]}]}));
    (g, text)
}

#[test]
fn claims_discontinuous_content_exact_by_extent_token_by_parts() {
    let (g, text) = broken_quote();
    // One span over the whole quote, "she said" included; cue padded with a comma; no source.
    let [s, _] = at(&text, "We will");
    let [_, e] = at(&text, "soon");
    let p = predicted(
        &g,
        serde_json::json!({"claims": [{
        "cue": {"start": at(&text, "said,")[0], "end": at(&text, "said,")[1], "text": "said,"},
        "source": null, "content": [[s, e]]}]}),
    );
    let c = score(&[(&g, &p)]).claims.unwrap();
    // Exact: the gold extent, trimmed of the quote marks, is "We will win,” she said, “and soon".
    assert_eq!(counts(&c.content.exact), (1, 1, 1));
    // Tokens: gold covers We will win and soon (5); the prediction also she said (7).
    assert_eq!(counts(&c.content.token), (5, 7, 5));
    assert_eq!(counts(&c.cue.exact), (1, 1, 1), "the comma is trimmed");
    assert_eq!(counts(&c.cue.token), (1, 1, 1));
    // An empty role contributes nothing: the missing source is only a false negative.
    assert_eq!(counts(&c.source.exact), (0, 0, 1));
    assert_eq!(counts(&c.source.token), (0, 0, 1));
}

#[test]
fn claims_without_cue_are_allowed_and_duplicates_collapse() {
    let (g, text) = broken_quote();
    let q1 = at(&text, "“We will win,”");
    let q2 = at(&text, "“and soon.”");
    // compromise-style: quotations as content only, the same claim predicted twice.
    let p = predicted(
        &g,
        serde_json::json!({"claims": [
        {"cue": null, "source": null, "content": [q1, q2]},
        {"content": [{"start": q1[0], "end": q1[1]}, {"start": q2[0], "end": q2[1]}]}]}),
    );
    let c = score(&[(&g, &p)]).claims.unwrap();
    assert_eq!(counts(&c.content.exact), (1, 1, 1));
    assert_eq!(counts(&c.content.token), (5, 5, 5));
    assert_eq!(counts(&c.cue.exact), (0, 0, 1));
}

#[test]
fn empty_predictions_and_empty_gold() {
    let (g, _) = broken_quote();
    let none = Annotations::default();
    let c = score(&[(&g, &none)]).claims.unwrap();
    assert_eq!(counts(&c.cue.exact), (0, 0, 1));
    assert_eq!((c.cue.exact.precision(), c.cue.exact.recall(), c.cue.exact.f1()), (0.0, 0.0, 0.0));

    // Annotated but empty gold: every prediction is a false positive.
    let text = "It may rain.";
    let empty = gold(serde_json::json!({"id": "z", "text": text, "claims": [], "hedges": []}));
    let p = predicted(
        &empty,
        serde_json::json!({"hedges": [{"cue": [at(text, "may")], "type": "modal_possible"}],
        "claims": []}),
    );
    let s = score(&[(&empty, &p)]);
    let h = s.hedges.unwrap();
    assert_eq!(counts(&h.cue_exact), (0, 1, 0));
    assert_eq!(h.cue_exact.precision(), 0.0);
    assert_eq!(counts(&s.claims.unwrap().content.token), (0, 0, 0));
    assert!(s.entities.is_none(), "not annotated: not scored");
    assert_eq!(h.scope_token, None, "no gold scopes in this file");
}

#[test]
fn micro_average_adds_counts_over_documents() {
    // Doc 1: 1 of 1 right. Doc 2: 0 of 3 right, 1 gold. Micro P = 1/4, R = 1/2.
    let t1 = "Ann left.";
    let g1 = gold(
        serde_json::json!({"id": "1", "text": t1, "entities": [{"start": 0, "end": 3, "label": "PER"}]}),
    );
    let p1 = predicted(&g1, serde_json::json!({"entities": [{"start": 0, "end": 3, "label": "PERSON"}]}));
    let t2 = "Bob met Cy and Di.";
    let g2 = gold(
        serde_json::json!({"id": "2", "text": t2, "entities": [{"start": 0, "end": 3, "label": "PER"}]}),
    );
    let p2 = predicted(
        &g2,
        serde_json::json!({"entities": [
        {"start": 0, "end": 3, "label": "ORG"}, {"start": 8, "end": 10, "label": "PERSON"},
        {"start": 15, "end": 17, "label": "PERSON"}]}),
    );
    let m = score(&[(&g1, &p1), (&g2, &p2)]).entities.unwrap().micro;
    assert_eq!(counts(&m), (1, 4, 2));
    assert_eq!((m.precision(), m.recall()), (0.25, 0.5));
    assert!((m.f1() - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn hedges_trimming_sentences_and_scope_tokens() {
    // Two gold sentences; the gold cue "may" is in the first, "whether" in the second.
    let text = "Prices may rise. Nobody knows whether wages will follow.";
    let may = at(text, "may");
    let whether = at(text, "whether");
    let g = gold(serde_json::json!({"id": "h", "text": text,
        "sentences": [at(text, "Prices may rise."), at(text, "Nobody knows whether wages will follow.")],
        "hedges": [
            {"cue": [may], "scope": [at(text, "may rise")], "type": "modal_possible"},
            {"cue": [whether], "scope": [at(text, "whether wages will follow")], "type": "hypo_investigation"}]}));
    // " may " with its spaces (trimmed to a match), a scope without its cue (the cue's
    // tokens are removed from both sides), a duplicate, and a false cue "Nobody".
    let p = predicted(
        &g,
        serde_json::json!({"hedges": [
        {"cue": [[may[0] - 1, may[1] + 1]], "scope": [at(text, "rise")], "type": "modal_possible"},
        {"cue": [[may[0] - 1, may[1] + 1]], "scope": null, "type": "modal_possible"},
        {"cue": [at(text, "Nobody")], "scope": null, "type": "weasel"}]}),
    );
    let h = score(&[(&g, &p)]).hedges.unwrap();
    assert_eq!(counts(&h.cue_exact), (1, 2, 2));
    // " may " overlaps "Prices"? No: the space before is not a word char. Tokens: may, Nobody.
    assert_eq!(counts(&h.cue_token), (1, 2, 2));
    // Sentences: gold {0, 1}, predicted {0 (may), 1 (Nobody)}.
    assert_eq!(counts(&h.sentence), (2, 2, 2));
    // Scope tokens minus cue tokens: gold {rise, wages, will, follow}, predicted {rise}.
    assert_eq!(counts(&h.scope_token.unwrap()), (1, 1, 4));
    assert_eq!(h.split_by_newsmark, 0);
}

#[test]
fn sentence_level_without_gold_sentences_uses_our_splitter() {
    let text = "Prices rose. They may fall.";
    let g = gold(serde_json::json!({"id": "s", "text": text,
        "hedges": [{"cue": [at(text, "may")], "scope": null, "type": "modal_possible"}]}));
    // A cue in the first sentence: wrong sentence whatever the cue.
    let p = predicted(&g, serde_json::json!({"hedges": [{"cue": [at(text, "rose")], "type": "weasel"}]}));
    let h = score(&[(&g, &p)]).hedges.unwrap();
    assert_eq!(h.split_by_newsmark, 1);
    assert_eq!(counts(&h.sentence), (0, 1, 1));
}

#[test]
fn discontinuous_hedge_cue_either_or() {
    let text = "Either he resigns or he is fired.";
    let g = gold(serde_json::json!({"id": "d", "text": text, "sentences": [[0, 33]],
        "hedges": [{"cue": [at(text, "Either"), at(text, "or")], "scope": null, "type": "hypo_condition"}]}));
    // Exact compares the extent "Either … or"; tokens compare the parts only.
    let extent = predicted(&g, serde_json::json!({"hedges": [{"cue": [[0, 20]], "type": "hypo_condition"}]}));
    let h = score(&[(&g, &extent)]).hedges.unwrap();
    assert_eq!(counts(&h.cue_exact), (1, 1, 1));
    assert_eq!(counts(&h.cue_token), (2, 4, 2));
}

#[test]
fn scoring_the_gold_against_itself_is_perfect() {
    let (g, _) = broken_quote();
    let line = r#"{"id":"c","claims":[{"cue":[[19,23]],"source":[[15,18]],"content":[[0,14],[25,36]]}]}"#;
    let mut p = Predictions::default();
    p.add_line(line).unwrap();
    let (a, _) = p.get(&g).unwrap().unwrap();
    let c = score(&[(&g, &a)]).claims.unwrap();
    for role in [c.cue, c.source, c.content] {
        assert_eq!(role.exact.f1(), 1.0);
        assert_eq!(role.token.f1(), 1.0);
    }
}

#[test]
fn errors_are_kept_with_context() {
    let text = "Zoë Ng met Ångström in Zürich.";
    let g = gold(
        serde_json::json!({"id": "x", "text": text, "entities": [{"start": 0, "end": 6, "label": "PER"}]}),
    );
    let p = predicted(&g, serde_json::json!({"entities": [{"start": 23, "end": 29, "label": "PLACE"}]}));
    let mut s = Scorer::new(Layers::ALL, 5);
    s.add(&g, &p);
    let r = s.finish();
    assert_eq!(r.errors.len(), 2);
    let fp = r.errors.iter().find(|e| e.kind == "fp").unwrap();
    assert_eq!((fp.start, fp.end, fp.label.as_str()), (23, 29, "LOC"));
    assert_eq!(fp.context, "Zoë Ng met Ångström in ⟦Zürich⟧.");
    let fn_ = r.errors.iter().find(|e| e.kind == "fn").unwrap();
    assert_eq!(fn_.context, "⟦Zoë Ng⟧ met Ångström in Zürich.");
}

#[test]
fn dev_split_matches_the_python_rule() {
    // Values from bench/peers/score.py's fnv1a32.
    assert!(is_dev_doc("szeged-news-NYT19981026.0446.txt"));
    assert!(is_dev_doc("szeged-wiki-Tim Witherspoon_2358"));
    assert!(is_dev_doc("doc-4"));
    assert!(!is_dev_doc("doc-ü-1"));
    assert!(!is_dev_doc("doc-5"));
}

fn score_annotated(pairs: &[(&GoldDoc, &Annotations)]) -> Scores {
    let golds: Vec<GoldDoc> = pairs.iter().map(|(g, _)| (*g).clone()).collect();
    let mut s = Scorer::new(Layers::ALL, 0).annotated(Annotated::of_gold(&golds));
    for (g, p) in pairs {
        s.add(g, p);
    }
    s.finish().scores
}

#[test]
fn types_the_file_does_not_annotate_are_left_out() {
    // A WikiANN-like file: PER, ORG, LOC, no MISC anywhere.
    let text = "Ann Lee of Acme flew to Oslo with a Norwegian.";
    let g = gold(serde_json::json!({"id": "w", "text": text, "entities": [
        {"start": at(text, "Ann Lee")[0], "end": at(text, "Ann Lee")[1], "label": "PER"},
        {"start": at(text, "Acme")[0], "end": at(text, "Acme")[1], "label": "ORG"},
        {"start": at(text, "Oslo")[0], "end": at(text, "Oslo")[1], "label": "LOC"}]}));
    let [a, b] = at(text, "Norwegian");
    let [c, d] = at(text, "Oslo");
    let p = predicted(
        &g,
        serde_json::json!({"entities": [
        {"start": a, "end": b, "label": "MISC"},      // not annotated: left out
        {"start": c, "end": d, "label": "PLACE"}]}),
    );
    let ann = Annotated::of_gold(std::slice::from_ref(&g));
    assert_eq!(ann.entity_types, ["PER", "ORG", "LOC"]);
    assert!(!ann.weasels);
    let e = score_annotated(&[(&g, &p)]).entities.unwrap();
    assert_eq!(counts(&e.micro), (1, 1, 3));
    assert_eq!(e.left_out, ["MISC"]);
    assert_eq!(e.left_out_predictions, 1);
    assert!(!e.per_type.contains_key("MISC"));
    // Without the rule (the library's default) the MISC is a false positive.
    assert_eq!(counts(&score(&[(&g, &p)]).entities.unwrap().micro), (1, 2, 3));
    // A file with no name at all scores every type.
    let empty = gold(serde_json::json!({"id": "x", "text": "no names", "entities": []}));
    assert_eq!(Annotated::of_gold(&[empty]).entity_types, ["PER", "ORG", "LOC", "MISC"]);
}

#[test]
fn weasels_are_left_out_where_the_file_marks_none() {
    let text = "Critics say it may rain.";
    let may = at(text, "may");
    let say = at(text, "Critics say");
    let szeged = gold(serde_json::json!({"id": "s", "text": text,
        "hedges": [{"cue": [may], "scope": null, "type": "modal_possible"}]}));
    let wiki_weasel = gold(serde_json::json!({"id": "v", "text": text,
        "hedges": [{"cue": [may], "scope": null, "type": "modal_possible"},
                   {"cue": [say], "scope": null, "type": "weasel"}]}));
    let pred = serde_json::json!({"hedges": [
        {"cue": may, "type": "modal_possible"}, {"cue": say, "type": "weasel"}]});
    let h = score_annotated(&[(&szeged, &predicted(&szeged, pred.clone()))]).hedges.unwrap();
    assert_eq!(counts(&h.cue_exact), (1, 1, 1));
    assert_eq!(counts(&h.sentence), (1, 1, 1));
    assert_eq!(h.weasels_left_out, 1);
    // A file that marks weasels scores them.
    let h = score_annotated(&[(&wiki_weasel, &predicted(&wiki_weasel, pred))]).hedges.unwrap();
    assert_eq!(counts(&h.cue_exact), (2, 2, 2));
    assert_eq!(h.weasels_left_out, 0);
}

#[test]
fn consistency_counts_recurring_strings_with_more_than_one_type() {
    // "Warhol" three times (PER, ORG, PER): recurring and mixed. "Pittsburgh" twice, LOC
    // both: recurring, not mixed. "Andy Warhol" once: not recurring.
    let text = "Andy Warhol: Warhol, Warhol, Warhol; Pittsburgh and Pittsburgh.";
    let w: Vec<[usize; 2]> = text
        .match_indices("Warhol")
        .skip(1)
        .map(|(b, s)| {
            let c = text[..b].chars().count();
            [c, c + s.len()]
        })
        .collect();
    let p1 = at(text, "Pittsburgh");
    let p2 = [p1[0] + "Pittsburgh and ".len(), p1[1] + "Pittsburgh and ".len()];
    let g = gold(serde_json::json!({"id": "c", "text": text, "entities": [
        {"start": 0, "end": 11, "label": "PER"},
        {"start": w[0][0], "end": w[0][1], "label": "PER"},
        {"start": w[1][0], "end": w[1][1], "label": "PER"},
        {"start": w[2][0], "end": w[2][1], "label": "PER"},
        {"start": p1[0], "end": p1[1], "label": "LOC"},
        {"start": p2[0], "end": p2[1], "label": "LOC"}]}));
    let p = predicted(
        &g,
        serde_json::json!({"entities": [
        {"start": w[0][0], "end": w[0][1], "label": "PERSON"},
        {"start": w[1][0], "end": w[1][1], "label": "ORG"},
        {"start": w[2][0], "end": w[2][1], "label": "PERSON"},
        {"start": w[2][0], "end": w[2][1], "label": "PERSON"},   // a duplicate: one span
        {"start": p1[0], "end": p1[1], "label": "PLACE"},
        {"start": p2[0], "end": p2[1], "label": "PLACE"}]}),
    );
    let c = score(&[(&g, &p)]).entities.unwrap().consistency;
    assert_eq!(c.gold, Mixed { recurring: 2, mixed: 0 });
    assert_eq!(c.predicted, Mixed { recurring: 2, mixed: 1 });
    assert_eq!(c.predicted.share(), 0.5);
    assert_eq!(Mixed::default().share(), 0.0);
}
