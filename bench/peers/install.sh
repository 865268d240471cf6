#!/usr/bin/env bash
# Installs the peer systems that bench/evaluate.sh measures against newsmark:
# npm packages into bench/peers/node_modules, Python packages into bench/peers/.venv.
# Not part of the default test run. Idempotent: re-running only checks what is there.
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --loglevel=error
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -c "import spacy, numpy; print('spacy', spacy.__version__, 'numpy', numpy.__version__)"
node -e "import('compromise').then(m => console.log('compromise', m.default.version))"
