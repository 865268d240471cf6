#!/usr/bin/env bash
# Native A/B of the whole analysis: the release CLI at BASE_REV and at the working tree,
# alternating, on 10,000 words of real news (PolNeAR dev articles joined, as in
# benches/analyze.rs), each run analysing that text N times through `analyze --jsonl` (one
# Analyzer where the build has one; model loading amortised). Prints per run ms per
# analysis, then mean / min per build and the ratio. The machine is shared and its speed
# swings by a quarter within minutes: only the alternating ratio means much.
#
#   bench/ab-analyze.sh BASE_REV [ROUNDS=5] [N=40]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib/ab.sh"
BASE=${1:?usage: bench/ab-analyze.sh BASE_REV [ROUNDS] [N]}
ROUNDS=${2:-5}
N=${3:-40}
ab_setup "$BASE"
news10k "$DATA" "$N" > "$WORK/in.jsonl"
run() { # BIN -> ms per analysis
  local t0 t1
  t0=$(date +%s%N)
  "$1" analyze --jsonl < "$WORK/in.jsonl" > /dev/null
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 / N ))" | awk '{printf "%.2f", $1 / 1000}'
}
for r in $(seq "$ROUNDS"); do
  echo "base $(run "$TARGET/ab-base/release/newsmark")"
  echo "head $(run "$TARGET/release/newsmark")"
done | tee "$WORK/runs.txt"
awk '{s[$1] += $2; n[$1]++; if (!($1 in m) || $2 < m[$1]) m[$1] = $2}
     END {printf "base mean %.2f min %.2f | head mean %.2f min %.2f | head/base %.3f (mean), %.3f (min) ms per analysis\n",
          s["base"]/n["base"], m["base"], s["head"]/n["head"], m["head"],
          (s["head"]/n["head"]) / (s["base"]/n["base"]), m["head"] / m["base"]}' "$WORK/runs.txt"
