#!/usr/bin/env python3
"""Independent re-implementation of `newsmark eval`'s metrics (stdlib only).

Why: a scorer is only trusted once a second implementation, written from the
definitions in src/eval/mod.rs and not from the Rust code, agrees with it. crosscheck.py
runs both on the real gold files and compares counts and P/R/F1 to the second decimal.

usage: score.py GOLD.jsonl... --predictions PRED.jsonl [--split dev|train|all]
prints JSON: {"files": [{"file", "docs", "scores": {...}}]} with the same keys as
`newsmark eval --json` (p, r, f1, tp, pred, gold per metric).

Sentence-level hedge scores need the gold "sentences" key; documents without it are
left out of that metric here (newsmark falls back to its own splitter instead), and the
output says how many.
"""
import argparse
import bisect
import json
import re
import sys

TRIM = set(" \t\n\"'“”‘’,.:;«»—–-()[]")
WORD = re.compile(r"\w+")
TYPES = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "PLACE": "LOC", "MISC": "MISC"}


def fnv1a32(s):
    h = 0x811C9DC5
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def in_split(doc_id, split):
    dev = fnv1a32(doc_id) % 5 == 0
    return split == "all" or (split == "dev") == dev


def parts(x):
    """null | {"start","end"} | [s, e] | list of those -> list of (s, e), empty ones dropped."""
    if x is None:
        return []
    if isinstance(x, dict):
        out = [(x["start"], x["end"])]
    elif isinstance(x, list) and len(x) == 2 and all(isinstance(v, int) for v in x):
        out = [(x[0], x[1])]
    else:
        out = []
        for p in x:
            out.extend(parts(p))
    return [(s, e) for s, e in out if s < e]


def exact(text, spans):
    if not spans:
        return None
    s = min(a for a, _ in spans)
    e = max(b for _, b in spans)
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return (s, e) if s < e else None


def tokens_of(tokens, span_lists):
    out = set()
    for spans in span_lists:
        for s, e in spans:
            for ts, te in tokens:
                if ts < e and s < te:
                    out.add(ts)
    return out


class Counts:
    def __init__(self):
        self.tp = self.pred = self.gold = 0

    def add_sets(self, pred, gold):
        self.tp += len(pred & gold)
        self.pred += len(pred)
        self.gold += len(gold)

    def json(self):
        div = lambda a, b: a / b if b else 0.0
        return {"p": div(self.tp, self.pred), "r": div(self.tp, self.gold),
                "f1": div(2 * self.tp, self.pred + self.gold),
                "tp": self.tp, "pred": self.pred, "gold": self.gold}


def score_file(path, preds, pred_layers, split):
    docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    # Only what the file annotates is scored (src/eval/score.rs, Annotated), read from the
    # whole file: entity types some gold name has (all four when none has any), and
    # `weasel` hedges only where some gold hedge is typed `weasel`.
    seen = {TYPES[e["label"]] for d in docs for e in d.get("entities") or [] if e["label"] in TYPES}
    scored_types = seen or set(TYPES.values())
    weasels = any(h.get("type") == "weasel" for d in docs for h in d.get("hedges") or [])
    docs = [d for d in docs if in_split(d["id"], split)]
    layers = [l for l in ("entities", "claims", "hedges")
              if any(l in d for d in docs) and l in pred_layers]
    ent = {t: Counts() for t in ("all", "PER", "ORG", "LOC", "MISC")}
    roles = {(r, m): Counts() for r in ("cue", "source", "content") for m in ("exact", "token")}
    hed = {k: Counts() for k in ("cue_exact", "cue_token", "sentence", "scope_token")}
    has_scope = False
    no_sentences = 0
    for d in docs:
        text = d["text"]
        p = preds.get(d["id"], {})
        tokens = [(m.start(), m.end()) for m in WORD.finditer(text)]
        if "entities" in layers and d.get("entities") is not None:
            def ents(v):
                return {(e["start"], e["end"], TYPES[e["label"]]) for e in v
                        if e["label"] in TYPES and e["start"] < e["end"]}
            g, q = ents(d["entities"]), ents(p.get("entities") or [])
            g, q = {x for x in g if x[2] in scored_types}, {x for x in q if x[2] in scored_types}
            ent["all"].add_sets(q, g)
            for t in ("PER", "ORG", "LOC", "MISC"):
                ent[t].add_sets({x for x in q if x[2] == t}, {x for x in g if x[2] == t})
        if "claims" in layers and d.get("claims") is not None:
            for r in ("cue", "source", "content"):
                g = [parts(c.get(r)) for c in d["claims"]]
                q = [parts(c.get(r)) for c in (p.get("claims") or [])]
                ge = {x for x in (exact(text, s) for s in g) if x}
                qe = {x for x in (exact(text, s) for s in q) if x}
                roles[(r, "exact")].add_sets(qe, ge)
                roles[(r, "token")].add_sets(tokens_of(tokens, q), tokens_of(tokens, g))
        if "hedges" in layers and d.get("hedges") is not None:
            gh, qh = d["hedges"], p.get("hedges") or []
            if not weasels:
                qh = [h for h in qh if h.get("type") != "weasel"]
            gc = [parts(h.get("cue")) for h in gh]
            qc = [parts(h.get("cue")) for h in qh]
            hed["cue_exact"].add_sets({x for x in (exact(text, s) for s in qc) if x},
                                      {x for x in (exact(text, s) for s in gc) if x})
            hed["cue_token"].add_sets(tokens_of(tokens, qc), tokens_of(tokens, gc))
            if "sentences" in d:
                starts = [s for s, _ in sorted(map(tuple, d["sentences"]))]

                def uncertain(cues):
                    out = set()
                    for c in cues:
                        u = exact(text, c)
                        if u and starts:
                            out.add(max(bisect.bisect_right(starts, u[0]) - 1, 0))
                    return out
                hed["sentence"].add_sets(uncertain(qc), uncertain(gc))
            else:
                no_sentences += 1
            has_scope = has_scope or any(h.get("scope") is not None for h in gh)

            def scope_tokens(hs, cues):
                return tokens_of(tokens, [parts(h.get("scope")) for h in hs]) - tokens_of(tokens, cues)
            hed["scope_token"].add_sets(scope_tokens(qh, qc), scope_tokens(gh, gc))
    scores = {"docs": len(docs)}
    if "entities" in layers:
        scores["entities"] = {"micro": ent["all"].json(),
                              "per_type": {t: ent[t].json() for t in ("PER", "ORG", "LOC", "MISC")
                                           if t in scored_types}}
    if "claims" in layers:
        scores["claims"] = {r: {m: roles[(r, m)].json() for m in ("exact", "token")}
                            for r in ("cue", "source", "content")}
    if "hedges" in layers:
        h = {k: hed[k].json() for k in ("cue_exact", "cue_token", "sentence")}
        h["scope_token"] = hed["scope_token"].json() if has_scope else None
        h["docs_without_sentences"] = no_sentences
        scores["hedges"] = h
    return {"file": path, "docs": len(docs), "scores": scores}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--predictions", action="append", required=True)
    ap.add_argument("--split", default="all", choices=["all", "dev", "train"])
    a = ap.parse_args()
    preds, pred_layers = {}, set()
    for path in a.predictions:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                p = json.loads(line)
                preds[p["id"]] = p
                pred_layers |= {k for k in ("entities", "claims", "hedges") if k in p}
    out = {"files": [score_file(g, preds, pred_layers, a.split) for g in a.gold]}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
