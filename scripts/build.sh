#!/usr/bin/env bash
# Builds the one-folder app with PyInstaller into dist/gdb-facilitator/ and runs its self-test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/system-packages.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[build]'
.venv/bin/pyinstaller --noconfirm --log-level WARN build.spec
QT_QPA_PLATFORM=offscreen dist/gdb-facilitator/gdb-facilitator --selftest
