#!/usr/bin/env python3
"""Cross-checks `newsmark eval` against score.py, the independent Python scorer.

For each gold file it writes deterministic *perturbed gold* predictions (items dropped,
relabelled, shifted by a character, padded with quotes and spaces to exercise trimming,
split into discontinuous parts, duplicated, plus spurious ones) to
bench/peers/out/perturbed-*.jsonl, and also takes any peer prediction files given with
--pred GOLD=PRED. With --ours it also writes our own predictions with
`newsmark analyze --jsonl` and checks that `newsmark eval` scores them exactly as it
scores its in-process analysis (and that score.py agrees). Both scorers score each pair;
every count must be equal and every P/R/F1 equal when rounded to 2 decimals.

usage: crosscheck.py --newsmark target/release/newsmark [--data ../shared/data] [--ours] [--pred GOLD=PRED]...
Exit status 1 on any disagreement.
"""
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = [("entities/conll2003-dev.jsonl", "all"), ("claims/polnear-dev.jsonl", "all"),
         ("hedges/szeged-news.jsonl", "dev"), ("hedges/szeged-wiki.jsonl", "dev"),
         ("hedges/sfu-reviews.jsonl", "dev"), ("hedges/bioscope-papers.jsonl", "dev")]
LABELS = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG", "MISC": "MISC"}


def clamp(text, s, e):
    s, e = max(0, min(s, len(text))), max(0, min(e, len(text)))
    return (s, e) if s <= e else (e, s)


def jiggle(rng, text, s, e):
    r = rng.random()
    if r < 0.08:
        return clamp(text, s, e + rng.choice([-1, 1]))
    if r < 0.16:
        return clamp(text, s - rng.choice([1, 2]), e + rng.choice([0, 1, 2]))  # padding: trimming territory
    return s, e


def part(rng, text, s, e):
    if rng.random() < 0.5:
        return {"start": s, "end": e, "text": text[s:e]}
    return [s, e]


def role(rng, text, spans, split=False):
    spans = [jiggle(rng, text, s, e) for s, e in spans]
    if split and len(spans) == 1 and rng.random() < 0.3:
        s, e = spans[0]
        gap = text.find(" ", s + 1, e - 1)
        if gap > 0:
            spans = [(s, gap), (gap + 1, e)]  # discontinuous
    return [part(rng, text, s, e) for s, e in spans]


def perturb(doc, rng):
    text, out = doc["text"], {"id": doc["id"]}
    words = [(i, i + len(w)) for i, w in ((text.find(w), w) for w in set(text.split()[:50])) if i >= 0]
    if "entities" in doc:
        es = []
        for e in doc["entities"]:
            if rng.random() < 0.2:
                continue
            s, t = jiggle(rng, text, e["start"], e["end"])
            label = LABELS.get(e["label"], e["label"])
            if rng.random() < 0.1:
                label = rng.choice(["PERSON", "ORG", "PLACE", "MISC", "DATE"])
            es.append({"start": s, "end": t, "label": label, "text": text[s:t]})
            if rng.random() < 0.05:
                es.append(dict(es[-1]))
        if words and rng.random() < 0.5:
            s, t = rng.choice(words)
            es.append({"start": s, "end": t, "label": "ORG"})
        out["entities"] = es
    if "claims" in doc:
        cs = []
        for c in doc["claims"]:
            if rng.random() < 0.2:
                continue
            cue = None if rng.random() < 0.05 else role(rng, text, c["cue"])
            src = None if rng.random() < 0.1 else role(rng, text, c["source"])
            cs.append({"cue": cue, "source": src, "content": role(rng, text, c["content"], split=True)})
            if rng.random() < 0.05:
                cs.append(dict(cs[-1]))
        out["claims"] = cs
    if "hedges" in doc:
        hs = []
        for h in doc["hedges"]:
            if rng.random() < 0.2:
                continue
            scope = h.get("scope")
            scope = None if scope is None or rng.random() < 0.1 else role(rng, text, scope)
            hs.append({"cue": role(rng, text, h["cue"]), "scope": scope, "type": h.get("type")})
        if words and rng.random() < 0.3:
            s, t = rng.choice(words)
            hs.append({"cue": {"start": s, "end": t}, "scope": [s, min(len(text), t + 30)], "type": "weasel"})
        out["hedges"] = hs
    return out


def flatten(x, prefix=""):
    if isinstance(x, dict):
        for k, v in x.items():
            yield from flatten(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix, x


def compare(newsmark, gold, pred, split):
    ours = json.loads(subprocess.run([newsmark, "eval", gold, "--predictions", pred, "--split", split, "--json"],
                                     check=True, capture_output=True, text=True).stdout)["files"][0]["scores"]
    theirs = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "score.py"), gold, "--predictions",
                                        pred, "--split", split], check=True, capture_output=True,
                                       text=True).stdout)["files"][0]["scores"]
    a, b = dict(flatten(ours)), dict(flatten(theirs))
    bad, checked, diffs = [], 0, 0.0
    for k, v in b.items():
        if k.endswith(("docs_without_sentences",)) or k not in a:
            continue
        w = a[k]
        checked += 1
        if isinstance(v, float):
            diffs = max(diffs, abs(v - w))
            if round(v, 2) != round(w, 2):
                bad.append((k, w, v))
        elif v != w:
            bad.append((k, w, v))
    missing = [k for k in b if k not in a and not k.endswith("docs_without_sentences") and b[k] is not None]
    return checked, diffs, bad + [(k, None, b[k]) for k in missing], ours


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--newsmark", required=True)
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "..", "shared", "data"))
    ap.add_argument("--pred", action="append", default=[], help="GOLD=PRED (GOLD relative to --data)")
    ap.add_argument("--ours", action="store_true", help="also newsmark analyze --jsonl output")
    a = ap.parse_args()
    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    pairs = []
    for rel, split in FILES:
        gold = os.path.join(a.data, rel)
        pred = os.path.join(HERE, "out", "perturbed-" + os.path.basename(rel))
        rng = random.Random(rel)
        with open(gold, encoding="utf-8") as f, open(pred, "w", encoding="utf-8") as w:
            for line in f:
                if line.strip():
                    w.write(json.dumps(perturb(json.loads(line), rng), ensure_ascii=False) + "\n")
        pairs.append((rel, gold, pred, split))
    for gp in a.pred:
        rel, pred = gp.split("=", 1)
        split = dict(FILES).get(rel, "all")
        pairs.append((rel, os.path.join(a.data, rel), pred, split))
    failed = 0
    if a.ours:
        for rel, split in FILES:
            gold = os.path.join(a.data, rel)
            pred = os.path.join(HERE, "out", "newsmark-" + os.path.basename(rel))
            with open(gold, "rb") as f, open(pred, "wb") as w:
                subprocess.run([a.newsmark, "analyze", "--jsonl"], stdin=f, stdout=w, check=True)
            direct = json.loads(subprocess.run([a.newsmark, "eval", gold, "--split", split, "--json"], check=True,
                                               capture_output=True, text=True).stdout)["files"][0]["scores"]
            via = json.loads(subprocess.run([a.newsmark, "eval", gold, "--split", split, "--json", "--predictions",
                                             pred], check=True, capture_output=True, text=True).stdout)
            same = direct == via["files"][0]["scores"] and via["files"][0]["text_mismatches"] == 0
            failed += not same
            print(f"{'OK ' if same else 'BAD'} {rel}: newsmark eval in-process == via analyze --jsonl")
            pairs.append((rel, gold, pred, split))
    for rel, gold, pred, split in pairs:
        checked, maxdiff, bad, ours = compare(a.newsmark, gold, pred, split)
        status = "OK " if not bad else "BAD"
        failed += bool(bad)
        print(f"{status} {rel} (split {split}) vs {os.path.relpath(pred, HERE)}: {checked} values compared, "
              f"max |diff| of ratios {maxdiff:.2e}")
        for k, w, v in bad[:10]:
            print(f"      {k}: newsmark {w} python {v}")
    total = len(pairs) + (len(FILES) if a.ours else 0)
    print(f"{total - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
