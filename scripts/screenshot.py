#!/usr/bin/env python3
"""Screenshots of the app as a person sees it, for checking layouts by eye.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot.py [de|en|pseudo ...]

Each language runs in its own process (translators are per process) on a fresh copy of
the demo event, with throwaway settings; PNGs go to shots/ (ignored by git).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "shots"


def shoot(lang: str) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    scratch = Path(tempfile.mkdtemp(prefix="gdb-shots-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "settings"))
    os.environ["GDB_FACILITATOR_LOG_DIR"] = str(scratch / "logs")
    if lang == "pseudo":
        os.environ["GDB_PSEUDO_TRANSLATE"] = "1"

    from gdb_facilitator.core.demo import write_demo_event
    from gdb_facilitator.core.services import attendees as svc
    from gdb_facilitator.ui import settings as keys
    from gdb_facilitator.ui.app import create_application, start_session
    from gdb_facilitator.ui.dialogs.attendee_dialogs import AttendeeDialog, WalkInDialog
    from gdb_facilitator.ui.dialogs.import_dialog import ImportDialog
    from gdb_facilitator.ui.settings import AppSettings

    app = create_application()
    settings = AppSettings()
    settings.set(keys.LANGUAGE, "de" if lang in ("de", "pseudo") else "en")
    session = start_session(app, settings)
    window = session.window
    window.resize(1366, 740)
    window.show()

    def save(widget, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        path = SHOTS / f"{lang}-{name}.png"
        widget.grab().save(str(path))
        print(path)

    save(window, "1-welcome")
    event = scratch / "Jahreskonferenz.gdbevent"
    write_demo_event(event)
    window.open_path(str(event))
    page = window.attendees_page
    rows = session.controller.read(svc.list_attendees)
    for row in rows[:3]:
        page.select_attendee(row.id)
        page.check_in_selected()
    save(window, "2-arrival")
    page.search_edit.setText("garcia")
    save(window, "3-search")
    page.search_edit.setText("xyz")
    save(window, "4-no-match")
    page.search_edit.clear()

    sectors = session.controller.read(svc.list_sectors)
    orgs = session.controller.read(svc.list_organisations)
    dialog = WalkInDialog(sectors, orgs, lambda v: None, window)
    dialog.show()
    save(dialog, "5-walk-in")
    dialog.close()
    dialog = AttendeeDialog(rows[0], sectors, orgs, lambda v: None, window)
    dialog.error_label.setText("„x“ sieht nicht wie eine E-Mail-Adresse aus (name@example.org).")
    dialog.error_label.show()
    dialog.show()
    save(dialog, "6-edit")
    dialog.close()

    shared = ROOT.parent / "shared" / "data"
    for sample in ("kaputt_gemischte_spalten.csv", "anmeldeliste_excel.csv"):
        if (shared / sample).exists():
            dialog = ImportDialog(session.controller, settings, window)
            dialog.load_file(shared / sample)
            dialog.show()
            save(dialog, f"7-import-{sample.split('.')[0]}")
            dialog.tabs.setCurrentIndex(1)
            save(dialog, f"8-import-columns-{sample.split('.')[0]}")
            dialog.tabs.setCurrentIndex(2)
            save(dialog, f"9-import-problems-{sample.split('.')[0]}")
            dialog.close()

    window.show_page("tables")
    save(window, "10-tables-placeholder")
    window.close()
    session.close()


def main() -> int:
    SHOTS.mkdir(exist_ok=True)
    langs = sys.argv[1:] or ["de", "en", "pseudo"]
    if len(langs) == 1 and os.environ.get("GDB_SHOT_CHILD"):
        shoot(langs[0])
        return 0
    for lang in langs:
        env = dict(os.environ, GDB_SHOT_CHILD="1")
        subprocess.run([sys.executable, __file__, lang], env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
