# Shared by bench/ab-analyze.sh, bench/instructions.sh and bench/same-output.sh (sourced).

# build DIR TARGET_DIR: the release CLI of the tree in DIR, with or without the `cli`
# feature (older commits had none: their binary needed no feature).
build_cli() {
  (cd "$1" && CARGO_TARGET_DIR=$2 cargo build --release --quiet --features cli --bin newsmark 2>/dev/null) ||
    (cd "$1" && CARGO_TARGET_DIR=$2 cargo build --release --quiet --bin newsmark)
}

# news10k DATA N: N JSONL lines {"id", "text"}, each the same 10,000 words of real news
# (the PolNeAR dev articles of DATA, a polnear-dev.jsonl, joined in order until they reach
# 10,000 words, as in benches/analyze.rs and bench/browser/run.mjs).
news10k() {
  python3 - "$1" "$2" <<'PY'
import json, sys
text = ""
for line in open(sys.argv[1]):
    if len(text.split()) >= 10000:
        break
    text += json.loads(line)["text"] + "\n\n"
for k in range(int(sys.argv[2])):
    print(json.dumps({"id": k, "text": text}))
PY
}

# base_tree BASE: a worktree of BASE in a fresh $WORK/base (WORK is set here and removed,
# with the worktree, when the script exits).
base_tree() {
  WORK=$(mktemp -d)
  trap 'git -C "$ROOT" worktree remove --force "$WORK/base" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  git -C "$ROOT" worktree add --detach "$WORK/base" "$1" >/dev/null
}

# ab_setup BASE: the news file (DATA, PolNeAR dev), a worktree of BASE and the release CLI
# of both trees: $TARGET/ab-base/release/newsmark (BASE) and $TARGET/release/newsmark (the
# working tree). Needs ROOT.
ab_setup() {
  DATA=$ROOT/../shared/data/claims/polnear-dev.jsonl
  [ -f "$DATA" ] || { echo "needs $DATA" >&2; exit 2; }
  base_tree "$1"
  TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
  build_cli "$WORK/base" "$TARGET/ab-base"
  build_cli "$ROOT" "$TARGET"
}
