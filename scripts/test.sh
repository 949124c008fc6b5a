#!/usr/bin/env bash
# Sets up a virtual environment (once) and runs the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/system-packages.sh --test
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
