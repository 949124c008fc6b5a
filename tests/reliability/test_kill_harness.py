"""T1/T2: SIGKILL the real write paths at random moments; nothing acknowledged is lost.

The short run here (the long one is ``scripts/kill_harness.py``) kills a writer doing
check-ins, walk-ins, seat moves, results, ideas and timer changes 40 times, an import
6 times and exports/backups 10 times, in one subprocess (~20 s).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX"),
]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("kill")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "kill_harness.py"), "--mode", "all", "--kills", "40", "--max-delay", "0.25",
         "--import-kills", "6", "--export-kills", "10", "--dir", str(workdir), "--json"],
        capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    data = json.loads(done.stdout)
    return {r["mode"]: r for r in data["reports"]} | {"seed": data["seed"]}


def test_edits_survive_every_kill(reports):
    r = reports["edits"]
    assert r["kills"] == 40
    assert r["problems"] == [], f"seed {reports['seed']}"
    assert (r["lost"], r["integrity_failures"], r["open_failures"]) == (0, 0, 0)
    # The kills really hit a writer at work.
    assert r["acknowledged"] >= 40
    assert r["in_flight_at_kill"] >= 5


def test_import_is_all_or_nothing_under_kills(reports):
    r = reports["import"]
    assert r["problems"] == [], f"seed {reports['seed']}"
    assert (r["partial_imports"], r["integrity_failures"], r["open_failures"]) == (0, 0, 0)
    assert r["imports_killed_midway"] >= 1


def test_exports_and_backups_are_never_partial(reports):
    r = reports["export"]
    assert r["problems"] == [], f"seed {reports['seed']}"
    assert (r["bad_export_targets"], r["integrity_failures"], r["open_failures"]) == (0, 0, 0)
    assert r["exports_killed_midway"] >= 1
