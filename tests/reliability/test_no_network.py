"""T22: the app never touches the network.

A fresh interpreter installs an audit hook that fails on any socket being created,
connected or any name being resolved, then runs the whole flow: create an event, import
a registration list, plan the seats, type results, back up, export every format, print
every sheet, and build the main window offscreen on the event (with the backup
scheduler and restore dialog). Qt's own C++ code is invisible to a Python audit hook;
on Linux as root the child also runs in an empty network namespace (``unshare -n``), so
that any attempt there would fail loudly as well.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

FLOW = textwrap.dedent(r"""
    import sys
    calls = []

    def hook(event, args):
        if event.startswith(("socket.", "urllib.")) or event in ("http.client.connect", "ftplib.connect",
                                                                  "smtplib.connect", "webbrowser.open"):
            calls.append(event)
            raise RuntimeError(f"network access: {event} {args!r:.200}")

    sys.addaudithook(hook)

    import os
    from pathlib import Path
    work = Path(sys.argv[1])
    from gdb_facilitator.core import backups
    from gdb_facilitator.core.exchange import exporters
    from gdb_facilitator.core.exchange.importers import read_attendees
    from gdb_facilitator.core.services import results, seating, tables
    from gdb_facilitator.core.services.event import create_event, sector_names
    from gdb_facilitator.core.services.imports import apply_attendees
    from gdb_facilitator.core.sheets import write_sheets
    from gdb_facilitator.paths import resource

    path = work / "offline.gdbevent"
    with create_event(path, title="Offline", tables=4) as ef:
        preview = read_attendees(resource("samples", "anmeldeliste_beispiel.csv"), sector_names=sector_names(ef))
        apply_attendees(ef, preview)
        seating.plan_seating(ef, rounds=2, seed=1, time_limit=1.0)
        for t in tables.list_tables(ef):
            results.set_result_fields(ef, t.id, 1, results="Ergebnis https://example.org/ergebnis")
            results.add_idea(ef, t.id, 1, title="Idee", description="www.example.org")
        backups.make_backup(ef, "before-import")
        exporters.export_csv(ef, work / "csv")
        exporters.export_xlsx(ef, work / "e.xlsx")
        exporters.export_json(ef, work / "e.json")
        exporters.export_sqlite(ef, work / "copy.gdbevent")
        write_sheets(ef, work / "all.pdf", kind="all")
    assert backups.list_backups(path)

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from gdb_facilitator.ui.app import build_selftest_window
    build_selftest_window(path)
    from PySide6.QtWidgets import QApplication
    from gdb_facilitator.ui.controller import EventController
    from gdb_facilitator.ui.dialogs.restore_dialog import RestoreDialog
    controller = EventController()
    controller.open_event(path)
    dialog = RestoreDialog(controller, path, folders=(None,))
    dialog.show()
    QApplication.processEvents()
    assert dialog.count() >= 1
    dialog.close()
    controller.close_event()
    print("flow ok, network calls:", len(calls), flush=True)
""")


def test_whole_flow_makes_no_network_call(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               GDB_FACILITATOR_SETTINGS_ORG="gdb-facilitator-tests-offline",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"), GDB_FACILITATOR_LOG_DIR=str(tmp_path / "logs"))
    command = [sys.executable, "-c", FLOW, str(tmp_path)]
    unshare = shutil.which("unshare")
    if sys.platform == "linux" and unshare and os.geteuid() == 0:
        if subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
            command = [unshare, "-n", *command]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "flow ok, network calls: 0" in done.stdout
