#!/usr/bin/env bash
# Install what the tests need (Debian packages, then a venv with the test extra) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# Two workers for the two cores; whole files per worker, so a module's figures stay together.
# --no-loadscope-reorder: the files in the order tests/conftest.py gives them (slow ones first);
# xdist's own order (most tests first) left the one-test 80 s files for last, one worker alone.
exec .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
