#!/usr/bin/env bash
# One command for a newcomer: set up, load a demo team into the embedded SQLite database
# (first time only), and serve the bot. No tokens, no LLM needed.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh run
.venv/bin/salesbot db upgrade >/dev/null
.venv/bin/salesbot demo --if-empty
exec .venv/bin/salesbot "${@:-run}"
