#!/usr/bin/env bash
# One command for a newcomer: set up, load a demo team into the embedded SQLite database
# (first time only), and serve the bot. No tokens, no LLM needed.
#   ./start.sh                 serve (salesbot run)
#   ./start.sh COMMAND ...     any salesbot command, e.g. ./start.sh chat --as R01
set -euo pipefail
# the demo's "Try:" lines name this script as it was typed, so they work as printed
export SALESBOT_PROG="${SALESBOT_PROG:-$0}"
cd "$(dirname "$0")"
./setup.sh run
.venv/bin/salesbot db upgrade >/dev/null
if [ $# -eq 0 ]; then
  .venv/bin/salesbot demo --if-empty
  exec .venv/bin/salesbot run
fi
# with a command, its own output stays clean (e.g. --json): the first-run demo summary goes to stderr
if [ "$1" != "demo" ]; then
  .venv/bin/salesbot demo --if-empty >&2
fi
exec .venv/bin/salesbot "$@"
