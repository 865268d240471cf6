#!/usr/bin/env python3
"""Turns bench/modern-check/entities.txt ([text|TYPE] markup) into gold JSONL for `newsmark eval`.

Offsets are Unicode scalar values, as in ../shared/data; types use the gold files' names
(PER, ORG, LOC, MISC).
"""
import json
import pathlib
import re
import sys

LABELS = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC", "MISC": "MISC"}
MARK = re.compile(r"\[([^\]|]+)\|([A-Z]+)\]")


def main() -> None:
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("entities.txt"))
    n = 0
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, ents, pos = "", [], 0
        for m in MARK.finditer(line):
            text += line[pos : m.start()]
            start = len(text)
            text += m.group(1)
            ents.append({"start": start, "end": len(text), "label": LABELS[m.group(2)]})
            pos = m.end()
        text += line[pos:]
        doc = {"id": f"modern-check-{n:02d}", "corpus": "modern-check", "text": text, "entities": ents}
        print(json.dumps(doc, ensure_ascii=False))
        n += 1


if __name__ == "__main__":
    main()
