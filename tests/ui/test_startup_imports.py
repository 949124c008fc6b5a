"""The first screen loads only what it shows.

benchmarks/startup.py measures how long the app takes to show an event; these tests keep the
heavy libraries (PDF, spreadsheets, the venue server, team mode, the seating search) and the
ORM's set-up out of the start, so that a later import at the top of a module or an ORM query
on the first screen cannot silently bring their cost back. They run the start in a fresh interpreter: this process has loaded everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gdb_facilitator.core.demo import write_demo_event

# Loaded when a user first needs them (Output, Excel import, the venue network, team mode,
# seating, a scanned stack), never for the window with the event.
NOT_AT_START = (
    "reportlab", "pypdfium2", "PIL", "uharfbuzz", "bidi", "qrcode", "openpyxl", "defusedxml", "zxingcpp",
    "starlette", "uvicorn", "jinja2", "multipart", "psycopg",
    "PySide6.QtNetwork", "PySide6.QtMultimedia", "PySide6.QtPdf", "PySide6.QtPrintSupport",
    "gdb_facilitator.cli", "gdb_facilitator.venue", "gdb_facilitator.core.algorithms",
    "gdb_facilitator.core.services.seating", "gdb_facilitator.core.services.venue",
    "gdb_facilitator.core.sheets", "gdb_facilitator.core.report", "gdb_facilitator.core.exchange",
    "gdb_facilitator.core.scans", "gdb_facilitator.core.db.hosting", "gdb_facilitator.core.db.pgserver",
)

# The steps of gdb_facilitator.entry.main and ui.app.run_app (as benchmarks/startup.py takes
# them), with a scratch settings file; prints what is loaded once the event is on screen.
START = r"""
import gc, json, sys
from gdb_facilitator import startup
startup.hold_garbage_collection()
held = not gc.isenabled()
from gdb_facilitator.ui.app import Session, create_application
from gdb_facilitator.ui.settings import AppSettings
from PySide6.QtCore import QSettings
app = create_application(sys.argv[:1])
session = Session(app, AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat)), None)
session.window.resize(1366, 768)
session.window.show()
assert session.window.open_path(sys.argv[1])
startup.release_garbage_collection()
app.processEvents()
session.window.grab()
from sqlalchemy import inspect
from gdb_facilitator.core.db.models import Attendee
print(json.dumps({
    "mapped": inspect(Attendee).configured,
    "modules": sorted(sys.modules),
    "rows": session.window.attendees_page.model.rowCount(),
    "page": session.window.current_page_id(),
    "held": held,
    "collecting": gc.isenabled(),
}))
session.close()
"""


def _start(tmp_path: Path, code: str, *args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GDB_FACILITATOR_LOG_DIR": str(tmp_path / "logs")}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _offenders(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_AT_START))


@pytest.fixture(scope="module")
def first_screen(tmp_path_factory) -> dict:
    tmp_path = tmp_path_factory.mktemp("start")
    demo = write_demo_event(tmp_path / "demo.gdbevent")
    return _start(tmp_path, START, str(demo), str(tmp_path / "settings.ini"))


def test_the_demo_event_is_on_screen_whole(first_screen):
    assert first_screen["page"] == "arrival"
    assert first_screen["rows"] == 130


def test_the_event_on_screen_loads_none_of_the_heavy_libraries(first_screen):
    assert _offenders(first_screen["modules"]) == []


def test_the_database_layer_loads_before_pyside(first_screen):
    # PySide6 reads the source of every module imported after it (its __feature__ check):
    # SQLAlchemy and the models come first (gdb_facilitator/ui/app.py).
    modules = first_screen["modules"]
    assert "sqlalchemy.orm" in modules and "gdb_facilitator.core.db.models" in modules
    code = ("import sys\nimport gdb_facilitator.ui.app\n"
            "order = list(sys.modules)\n"
            "print(order.index('gdb_facilitator.core.db.models') < order.index('PySide6.QtCore'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "True", result.stderr


def test_the_first_screen_reads_the_tables_without_setting_up_the_orm(first_screen):
    # Its reads select from the tables (core/services/attendees.py): the ORM's mappings are
    # set up after the event is on screen (with the rounds page), not before.
    assert first_screen["mapped"] is False


def test_garbage_collection_waits_for_the_first_screen_and_then_runs_again(first_screen):
    assert first_screen["held"] is True
    assert first_screen["collecting"] is True


def test_the_check_sees_a_heavy_library_at_start():
    # the check above must be able to fail
    assert _offenders(["sqlalchemy", "reportlab.pdfgen", "gdb_facilitator.core.algorithms.grouping",
                       "PILLOW_like_name"]) == ["gdb_facilitator.core.algorithms.grouping", "reportlab.pdfgen"]


def test_the_entry_point_opens_the_app_without_the_command_line():
    # `gdb-facilitator event.gdbevent` and `python -m gdb_facilitator`: the command line
    # (its parser, handlers and their imports) loads only for a command.
    code = ("import sys\nimport gdb_facilitator.entry as entry\n"
            "entry.build_app_parser().parse_args(['x.gdbevent'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('gdb_facilitator')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout
    assert "gdb_facilitator.cli" not in loaded
    assert "gdb_facilitator.venue" not in loaded
