#!/usr/bin/env bash
# Instructions per whole analysis of 10,000 words of real news (PolNeAR dev articles joined,
# as in bench/ab-analyze.sh), counted by valgrind's callgrind inside `Analyzer::analyze`, for
# the release CLI at BASE_REV and at the working tree, in one run. Counting, not timing:
# the figure does not move with the machine's load. The CLI analyses the text once and
# three times (`analyze --jsonl`, one Analyzer); the difference over two is the cost of one
# analysis with the models already loaded, JSON output excluded.
#
#   bench/instructions.sh BASE_REV
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib/ab.sh"
BASE=${1:?usage: bench/instructions.sh BASE_REV}
command -v valgrind >/dev/null || { echo "needs valgrind (scripts/lib/setup.sh installs it)" >&2; exit 2; }
ab_setup "$BASE"
for n in 1 3; do news10k "$DATA" "$n" > "$WORK/in$n.jsonl"; done
count() { # BIN N -> instructions inside Analyzer::analyze
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg" --toggle-collect='*Analyzer*analyze*' \
    "$1" analyze --jsonl < "$WORK/in$2.jsonl" > /dev/null 2> "$WORK/err"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/err"
}
per() { # BIN -> instructions per analysis
  local one three
  one=$(count "$1" 1)
  three=$(count "$1" 3)
  echo $(( (three - one) / 2 ))
}
b=$(per "$TARGET/ab-base/release/newsmark")
h=$(per "$TARGET/release/newsmark")
awk -v b="$b" -v h="$h" -v base="$BASE" 'BEGIN {
  printf "instructions per analysis of 10,000 words: base %s %.2fM, head %.2fM, head/base %.3f (%+.1f%%)\n",
    base, b / 1e6, h / 1e6, h / b, (h / b - 1) * 100 }'
