#!/usr/bin/env bash
# Create .venv and install salesbot (with test tools when called with "test"). Idempotent: a
# stamp per pyproject.toml content and mode skips the install when nothing changed. pip's
# output is shown only when the install fails.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
mode=${1:-run}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "salesbot needs Python >= 3.11 (found: $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$mode
if [ ! -f "$stamp" ]; then
  echo "setting up .venv ($mode)…" >&2
  log=$(mktemp)
  extra=""
  [ "$mode" = "test" ] && extra="[test]"
  if ! { .venv/bin/python -m pip install -q --upgrade pip && .venv/bin/python -m pip install -q -e ".$extra"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "setup failed: pip could not install salesbot (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
fi
