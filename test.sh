#!/usr/bin/env bash
# One command to set up and run the whole test suite (SQLite always; PostgreSQL too when
# SALESBOT_TEST_POSTGRES_URL is set).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports --no-cache --no-logo  # layers and no import cycles ([tool.importlinter] in pyproject.toml)
# Two workers (pytest-xdist): every test has its own tmp dir, database (file or schema) and free
# ports; the migrated template databases are built once per worker (tests/dbtemplate.py).
exec .venv/bin/python -m pytest -n 2 "$@"
