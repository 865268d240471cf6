# shellcheck shell=bash
# Shared by ./scripts/dev and ./scripts/test (sourced, not run): install what is missing,
# then build the page. Every step checks first, so a warm machine pays only for the
# checks and for cargo's own no-op build.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
WASM_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd)

step() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  step "apt-get install $*"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

ensure_rust_wasm() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# The CLI must match the wasm-bindgen crate exactly, so the version comes from Cargo.lock.
ensure_wasm_bindgen() {
  local want have
  want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
  [ "$have" = "$want" ] && return
  step "cargo install wasm-bindgen-cli $want (have: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --locked || cargo install wasm-bindgen-cli --version "$want"
}

# binaryen (wasm-opt) and playwright-core, pinned by package-lock.json.
ensure_npm() {
  command -v npm >/dev/null || apt_install nodejs npm
  local stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    step "npm ci"
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium chromium-driver
}

# The extension build (www/extension/build.mjs) packs its zips with Info-ZIP's zip.
ensure_zip() {
  command -v zip >/dev/null || apt_install zip
}

# The quick adversarial benchmark in ./scripts/test counts instructions with callgrind (exact on
# a shared, noisy machine, where CPU-time ratios at small sizes are not).
ensure_valgrind() {
  command -v valgrind >/dev/null || apt_install valgrind
}

setup() {
  ensure_rust_wasm
  ensure_wasm_bindgen
  ensure_npm
  ensure_chromium
  ensure_zip
  ensure_valgrind
}

# Rust → wasm → www/pkg (bindings + .d.ts) → wasm-opt. Skips the last two when the
# cargo output has not changed since the previous build.
build_page() {
  step "cargo build --release --lib --no-default-features --target wasm32-unknown-unknown"
  cargo build --release --lib --no-default-features --target wasm32-unknown-unknown
  local wasm=$TARGET_DIR/wasm32-unknown-unknown/release/newsmark.wasm out=www/pkg/newsmark_bg.wasm
  if [ -f "$out" ] && [ "$out" -nt "$wasm" ] && [ www/pkg/newsmark.js -nt "$wasm" ]; then
    echo "www/pkg is up to date"
    return
  fi
  step "wasm-bindgen --target web --out-dir www/pkg"
  wasm-bindgen --target web --out-dir www/pkg "$wasm"
  step "wasm-opt -Oz"
  node_modules/.bin/wasm-opt -Oz "${WASM_FEATURES[@]}" "$out" -o "$out.opt"
  mv "$out.opt" "$out"
}
