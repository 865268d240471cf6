#!/usr/bin/env python3
"""What do the word classes and lists of data/words/ buy an entity tagger?

A plain greedy averaged perceptron (BIO tags, word and shape features) trained on CoNLL-2003
train, scored on CoNLL-2003 dev and WikiANN-en dev (PER/ORG/LOC; MISC predictions left out,
since WikiANN has none), with feature groups added one at a time:

    python3 scripts/experiments/ner-word-features.py [--data ../shared/data] CONFIG...

CONFIG is a '+'-joined list of groups: base, c64, c256, c1024 (classes of the current,
previous and next word at that level), cls (all levels), lists (census surnames and first
names, cities, countries, demonyms). Standard library only; it reads the class table with
the reference reader of scripts/lib/word_tables.py. Entity F1 is exact-span, micro-averaged.
Dev data only: tune nothing on test.
"""

import argparse
import json
import os
import random
import re
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
from word_tables import ClassTable  # noqa: E402

TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[.'&-][A-Za-z0-9\u00C0-\u024F]+)*\.?|\S")
LABELS = ["PER", "ORG", "LOC", "MISC"]
TAGS = ["O"] + [f"{p}-{l}" for l in LABELS for p in "BI"]


def sentences(path, limit=None):
    """Yield (tokens, spans, gold tags, gold entity spans) per sentence of a JSONL file."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit and n >= limit:
                break
            d = json.loads(line)
            text = d["text"]
            ents = sorted((e["start"], e["end"], e["label"]) for e in d.get("entities", []))
            for s0, s1 in d.get("sentences") or [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]:
                toks = [(m.start() + s0, m.end() + s0) for m in TOKEN.finditer(text[s0:s1])]
                if not toks:
                    continue
                tags = ["O"] * len(toks)
                gold = set()
                for (e0, e1, lab) in ents:
                    if e0 < s0 or e1 > s1:
                        continue
                    gold.add((e0, e1, lab))
                    inside = [i for i, (a, b) in enumerate(toks) if a >= e0 and b <= e1]
                    for k, i in enumerate(inside):
                        tags[i] = ("B-" if k == 0 else "I-") + lab
                yield [text[a:b] for a, b in toks], toks, tags, gold


def shape(w):
    s = re.sub(r"[A-Z]", "X", w)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"[0-9]", "d", s)
    return s


def short_shape(w):
    return re.sub(r"(.)\1+", r"\1", shape(w))


class Lists:
    NAMES = ("surnames", "first-names", "cities", "countries", "demonyms")

    def __init__(self, folder, top, names=NAMES):
        self.single = defaultdict(set)  # lower word -> {list names}
        self.multi = defaultdict(set)  # lower token tuple -> {list names}
        for name in names:
            n = 0
            for line in open(os.path.join(folder, name + ".txt"), encoding="utf-8"):
                if line.startswith("#"):
                    continue
                n += 1
                if top.get(name) and n > top[name]:
                    break
                toks = tuple(t.lower() for t in TOKEN.findall(line.strip()))
                if len(toks) == 1:
                    self.single[toks[0]].add(name)
                elif toks:
                    self.multi[toks].add(name)
        self.maxlen = max((len(k) for k in self.multi), default=1)

    def tags(self, words):
        low = [w.lower() for w in words]
        out = [set(f"{n}" for n in self.single.get(w, ())) for w in low]
        i = 0
        while i < len(low):
            for L in range(min(self.maxlen, len(low) - i), 1, -1):
                names = self.multi.get(tuple(low[i : i + L]))
                if names:
                    for n in names:
                        out[i].add(f"B{n}")
                        for j in range(i + 1, i + L):
                            out[j].add(f"I{n}")
                    break
            i += 1
        return out


class Featurizer:
    def __init__(self, groups, table, lists):
        self.groups, self.table, self.lists = groups, table, lists
        self.levels = []
        if table:
            for i, k in enumerate(table.levels):
                if "cls" in groups or f"c{k}" in groups:
                    self.levels.append(i)
        self.cache = {}

    def classes(self, w):
        c = self.cache.get(w)
        if c is None:
            cls = self.table.lookup(w.lower())
            c = self.table.level_ids(cls) if cls is not None else None
            self.cache[w] = c
        return c

    def static(self, words):
        """Features that do not depend on predicted tags, per token."""
        n = len(words)
        low = [w.lower() for w in words]
        shp = [short_shape(w) for w in words]
        cls = [self.classes(w) for w in words] if self.levels else None
        lst = self.lists.tags(words) if "lists" in self.groups else None
        out = []
        for i, w in enumerate(words):
            p = low[i - 1] if i else "<s>"
            q = low[i + 1] if i + 1 < n else "</s>"
            f = ["b", "w=" + w, "l=" + low[i], "s=" + shape(w)[:6], "ss=" + shp[i],
                 "suf=" + low[i][-3:], "pre=" + low[i][:3], "p=" + p, "q=" + q,
                 "ps=" + (shp[i - 1] if i else "<s>"), "qs=" + (shp[i + 1] if i + 1 < n else "</s>"),
                 "ss|ps=" + shp[i] + "|" + (shp[i - 1] if i else "<s>"),
                 "first" if i == 0 else "mid"]
            if cls is not None:
                for off in (-1, 0, 1):
                    j = i + off
                    c = cls[j] if 0 <= j < n else "pad"
                    for lv in self.levels:
                        v = "none" if c is None else "pad" if c == "pad" else c[lv]
                        f.append(f"c{lv}{off}={v}")
                    if off == 0 and c is not None and c != "pad":
                        f.append(f"c{self.levels[-1]}|ss={c[self.levels[-1]]}|{shp[i]}")
            if lst is not None:
                for off in (-1, 0, 1):
                    j = i + off
                    if 0 <= j < n:
                        for t in lst[j]:
                            f.append(f"L{off}={t}")
                            if off == 0:
                                f.append(f"L0={t}|ss={shp[i]}")
            out.append(f)
        return out


class Perceptron:
    def __init__(self):
        self.w = {}
        self.totals = {}
        self.stamps = {}
        self.i = 0

    def scores(self, feats):
        s = [0.0] * len(TAGS)
        for f in feats:
            ws = self.w.get(f)
            if ws:
                for t, v in ws.items():
                    s[t] += v
        return s

    def update(self, truth, guess, feats):
        self.i += 1
        if truth == guess:
            return
        for f in feats:
            ws = self.w.setdefault(f, {})
            for t, d in ((truth, 1.0), (guess, -1.0)):
                key = (f, t)
                self.totals[key] = self.totals.get(key, 0.0) + (self.i - self.stamps.get(key, 0)) * ws.get(t, 0.0)
                self.stamps[key] = self.i
                ws[t] = ws.get(t, 0.0) + d

    def average(self):
        for f, ws in self.w.items():
            for t in list(ws):
                key = (f, t)
                total = self.totals.get(key, 0.0) + (self.i - self.stamps.get(key, 0)) * ws[t]
                ws[t] = total / self.i


def dynamic(static_f, prev, prev2, word_low):
    return static_f + ["t=" + prev, "tt=" + prev2 + "|" + prev, "t|l=" + prev + "|" + word_low]


def tag(model, sfeats, words):
    prev, prev2, out = "<s>", "<s>", []
    for i, sf in enumerate(sfeats):
        s = model.scores(dynamic(sf, prev, prev2, words[i].lower()))
        t = TAGS[max(range(len(TAGS)), key=s.__getitem__)]
        out.append(t)
        prev2, prev = prev, t
    return out


def spans(tags, toks):
    out, cur = set(), None
    for i, t in enumerate(tags + ["O"]):
        if cur and not (t.startswith("I-") and t[2:] == cur[2]):
            out.add((cur[0], toks[i - 1][1], cur[2]))
            cur = None
        if t != "O" and cur is None:
            cur = [toks[i][0], None, t[2:]]
    return out


def score(model, data, featurizer, skip=()):
    tp = fp = fn = 0
    per = defaultdict(lambda: [0, 0, 0])
    for words, toks, _, gold in data:
        pred = {s for s in spans(tag(model, featurizer.static(words), words), toks) if s[2] not in skip}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        for s in pred & gold:
            per[s[2]][0] += 1
        for s in pred - gold:
            per[s[2]][1] += 1
        for s in gold - pred:
            per[s[2]][2] += 1
    f1 = lambda a, b, c: 200.0 * a / max(1, 2 * a + b + c)  # noqa: E731
    return f1(tp, fp, fn), {k: round(f1(*v), 2) for k, v in sorted(per.items())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("configs", nargs="+")
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--words", default=os.path.join(ROOT, "data", "words"), help="folder of classes.bin and lists")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lists", default=",".join(Lists.NAMES), help="lists the 'lists' group reads")
    ap.add_argument("--shuffle-seed", type=int, default=1)
    ap.add_argument("--top", default="", help="list cut-offs, e.g. surnames=1000,cities=2000")
    a = ap.parse_args()
    ents = os.path.join(a.data, "entities")
    train = list(sentences(os.path.join(ents, "conll2003-train.jsonl")))
    dev = list(sentences(os.path.join(ents, "conll2003-dev.jsonl")))
    wiki = list(sentences(os.path.join(ents, "wikiann-en-dev.jsonl")))
    table = ClassTable(open(os.path.join(a.words, "classes.bin"), "rb").read())
    top = {k: int(v) for k, v in (kv.split("=") for kv in a.top.split(",") if kv)}
    lists = Lists(a.words, top, a.lists.split(","))
    vocab = {w.lower() for words, _, _, _ in train for w in words}
    for config in a.configs:
        t0 = time.time()
        fz = Featurizer(set(config.split("+")), table, lists)
        model = Perceptron()
        feats = [fz.static(words) for words, _, _, _ in train]
        order = list(range(len(train)))
        rng = random.Random(a.shuffle_seed)
        for _ in range(a.epochs):
            rng.shuffle(order)
            for k in order:
                words, _, gold, _ = train[k]
                prev, prev2 = "<s>", "<s>"
                for i, sf in enumerate(feats[k]):
                    f = dynamic(sf, prev, prev2, words[i].lower())
                    s = model.scores(f)
                    guess = max(range(len(TAGS)), key=s.__getitem__)
                    model.update(TAGS.index(gold[i]), guess, f)
                    prev2, prev = prev, gold[i]
        model.average()
        f_dev, per_dev = score(model, dev, fz)
        f_wiki, per_wiki = score(model, wiki, fz, skip={"MISC"})
        # F1 on dev entities whose words were all unseen in training: where features beyond
        # the word itself must carry the decision.
        rare = [(w, t, g, {s for s in gold if all(x.lower() not in vocab for x in TOKEN.findall(s_text(w, t, s)))})
                for (w, t, g, gold) in dev]
        tp = fn = 0
        for (words, toks, _, gold) in rare:
            pred = spans(tag(model, fz.static(words), words), toks)
            tp += len(pred & gold)
            fn += len(gold - pred)
        print(json.dumps({"config": config, "words": a.words, "top": a.top, "lists": a.lists, "shuffle_seed": a.shuffle_seed, "conll_dev_f1": round(f_dev, 2), "conll_dev": per_dev,
                          "wikiann_dev_f1_no_misc": round(f_wiki, 2), "wikiann_dev": per_wiki,
                          "conll_dev_unseen_recall": round(100.0 * tp / max(1, tp + fn), 2),
                          "unseen_entities": tp + fn, "seconds": round(time.time() - t0)}), flush=True)


def s_text(words, toks, span):
    return " ".join(w for w, (a, b) in zip(words, toks) if a >= span[0] and b <= span[1])


if __name__ == "__main__":
    main()
