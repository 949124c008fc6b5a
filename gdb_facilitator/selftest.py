"""``gdb-facilitator --selftest``: prove that an installed or frozen app works end to end.

Creates a temporary event, imports the bundled sample list, exports it in every format,
reads the copy back, writes the blank worksheets as a PDF, and builds the main window
offscreen. Exit 0 only if all of it works.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _step(name: str, started: float) -> None:
    print(f"selftest: {name} ok ({(time.perf_counter() - started) * 1000:.0f} ms)", flush=True)


def _team_mode(event_path: Path, started: float) -> None:
    """The PostgreSQL driver is bundled; where PostgreSQL is installed, host the event on a
    server of its own, read it over the network and write it back, as "Host for the team" does."""
    import shutil

    import psycopg

    from gdb_facilitator.core.db.hosting import start_hosting
    from gdb_facilitator.core.db.pgserver import find_postgres_bin, free_port
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.info import event_info

    driver = f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {psycopg.pq.version()})"
    if find_postgres_bin() is None:
        _step(f"team mode driver {driver}; no PostgreSQL installed to host with", started)
        return
    hosted = start_hosting(event_path, port=free_port())
    try:
        with open_event(hosted.local_url, device="Selftest") as db:
            if event_info(db)["attendees"] != 24:
                raise AssertionError("the hosted event lost attendees")
    finally:
        hosted.stop()
        shutil.rmtree(hosted.settings.data_dir, ignore_errors=True)
    _step(f"team mode: hosted on PostgreSQL and written back ({driver})", started)


def run_selftest() -> int:
    started = time.perf_counter()
    try:
        from gdb_facilitator.core.db.engine import EventFile
        from gdb_facilitator.core.exchange import exporters
        from gdb_facilitator.core.exchange.importers import read_attendees
        from gdb_facilitator.core.services.event import create_event, sector_names
        from gdb_facilitator.core.services.imports import apply_attendees
        from gdb_facilitator.core.services.info import event_info
        from gdb_facilitator.paths import resource

        with tempfile.TemporaryDirectory(prefix="gdb-selftest-") as tmp:
            work = Path(tmp)
            event_path = work / "selftest.gdbevent"
            with create_event(event_path, title="Selbsttest", tables=3) as ef:
                preview = read_attendees(resource("samples", "anmeldeliste_beispiel.csv"),
                                         sector_names=sector_names(ef))
                summary = apply_attendees(ef, preview)
                if summary.added != 24:
                    raise AssertionError(f"sample import added {summary.added}, expected 24")
            _step("create and import", started)
            with EventFile.open(event_path, readonly=True) as ef:
                exporters.export_csv(ef, work / "csv")
                exporters.export_xlsx(ef, work / "event.xlsx")
                exporters.export_json(ef, work / "event.json")
                exporters.export_sqlite(ef, work / "copy.gdbevent")
            data = json.loads((work / "event.json").read_text(encoding="utf-8"))
            if len(data["attendees"]) != 24:
                raise AssertionError("JSON export lost attendees")
            with EventFile.open(work / "copy.gdbevent", readonly=True) as copy:
                if event_info(copy)["attendees"] != 24:
                    raise AssertionError("SQLite copy lost attendees")
            _step("export", started)

            # The sample has no rounds or results yet; blank worksheets still need a team
            # code per table, so this also proves the codes, the fonts and the QR drawing.
            import pypdfium2

            from gdb_facilitator.core.sheets import SheetLabels, write_sheets

            with EventFile.open(event_path) as ef:
                sheet = write_sheets(ef, work / "sheets.pdf", kind="blank", labels=SheetLabels.german())
            doc = pypdfium2.PdfDocument(str(sheet))
            try:
                pages = len(doc)
                text = doc[0].get_textpage().get_text_range()
            finally:
                doc.close()
            if pages < 3 or "Tisch 1" not in text:
                raise AssertionError(f"worksheet PDF has {pages} pages, expected one per table (3)")
            _step(f"sheets ({pages} pages)", started)

            # Every bundled face loads and HarfBuzz shapes (a build without uharfbuzz or a font
            # would only fail when someone's name is in that script).
            from gdb_facilitator.core.sheets import typeset

            typeset.load_all_fonts()
            for font, run in typeset.shaped_runs("محمد अनुष्का ใจดี 山田 👍"):
                if typeset.REPLACEMENT in run:
                    raise AssertionError(f"no glyph in {font} for {run!r}")
            _step("fonts and shaping", started)

            # The venue server's pages and its web stack are bundled (no socket is opened).
            import uvicorn.config  # noqa: F401  (its loop and protocol modules load by name)

            from gdb_facilitator.venue.server import VenueApp

            with EventFile.open(event_path) as ef:
                app = VenueApp(ef, pin="1234")
                page = app.templates.get_template("pin.html").render(
                    t=lambda key, **_p: key, lang="de", csrf="x")
            if "pin_heading" not in page or not resource("venue", "static", "venue.js").is_file():
                raise AssertionError("venue pages missing")
            _step("venue pages", started)

            _team_mode(event_path, started)

            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from gdb_facilitator.ui.app import build_selftest_window

            build_selftest_window(event_path)
            _step("main window", started)
    except Exception as exc:  # the whole point is to report any failure as exit 1
        import traceback

        traceback.print_exc()
        print(f"selftest: FAILED: {exc}", file=sys.stderr)
        return 1
    print("selftest: all ok", flush=True)
    return 0
