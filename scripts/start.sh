#!/usr/bin/env bash
# Sets up a virtual environment (once) and starts the app; without arguments on a fresh
# copy of the built-in demo event.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/system-packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
if [ $# -eq 0 ]; then set -- --demo; fi
exec .venv/bin/gdb-facilitator "$@"
