#!/usr/bin/env bash
# Checks that a refactor kept the output byte-identical: the release CLI at BASE_REV and at
# the working tree run `analyze --jsonl` over the gold corpora the issues name (CoNLL-2003
# dev, PolNeAR dev, the Szeged files, SFU; more with CORPORA) and the outputs are compared
# with cmp. Prints one line per corpus and exits non-zero if any differs. BASE_REV's outputs
# are kept under target/same-output/<commit>/ and reused.
#
#   bench/same-output.sh BASE_REV [CORPUS…]     corpus names as under ../shared/data
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib/ab.sh"
BASE=${1:?usage: bench/same-output.sh BASE_REV [CORPUS…]}
shift
DATA=$ROOT/../shared/data
CORPORA=("$@")
[ ${#CORPORA[@]} -gt 0 ] || CORPORA=(entities/conll2003-dev claims/polnear-dev hedges/szeged-news
  hedges/szeged-wiki hedges/szeged-bio hedges/sfu-reviews)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
SHA=$(git -C "$ROOT" rev-parse --verify "$BASE^{commit}")
OUT=$TARGET/same-output/$SHA
mkdir -p "$OUT" "$TARGET/same-output/head"
missing=0
for c in "${CORPORA[@]}"; do [ -s "$OUT/${c//\//_}.jsonl" ] || missing=1; done
if [ $missing = 1 ]; then
  WORK=$(mktemp -d)
  trap 'git -C "$ROOT" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  git -C "$ROOT" worktree add --detach "$WORK/base" "$SHA" >/dev/null
  build_cli "$WORK/base" "$TARGET/ab-base"
  for c in "${CORPORA[@]}"; do
    "$TARGET/ab-base/release/newsmark" analyze --jsonl < "$DATA/$c.jsonl" > "$OUT/${c//\//_}.jsonl"
  done
fi
build_cli "$ROOT" "$TARGET"
status=0
for c in "${CORPORA[@]}"; do
  head=$TARGET/same-output/head/${c//\//_}.jsonl
  "$TARGET/release/newsmark" analyze --jsonl < "$DATA/$c.jsonl" > "$head"
  if cmp -s "$OUT/${c//\//_}.jsonl" "$head"; then
    echo "identical  $c ($(wc -c < "$head") bytes)"
  else
    echo "DIFFERENT  $c: $(cmp "$OUT/${c//\//_}.jsonl" "$head" 2>&1 | head -1)"
    status=1
  fi
done
exit $status
