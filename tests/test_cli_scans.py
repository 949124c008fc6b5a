"""scan-in as a user types it, the scans in the printed sheets and the report, the
purge's choice about them, and a scan-in killed in the middle of a page."""

from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gdb_facilitator.cli import main
from gdb_facilitator.core.scans import synthetic as copier
from gdb_facilitator.core.services import results, tables
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.core.sheets import write_sheets

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "en")


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli-scans")
    event = base / "event.gdbevent"
    with create_event(event, title="Scans", tables=2) as ef:
        for t in tables.list_tables(ef):
            results.set_result_fields(ef, t.id, 1, results="Getippt")
        write_sheets(ef, base / "blank.pdf", kind="blank", round_number=1)
    sheets = copier.render_pdf(base / "blank.pdf")
    stack = [copier.scan(copier.handwrite(sheets[0], 1), 1, turn=179.0),
             copier.blank_back(sheets[0].size, 2),
             copier.scan(copier.spill_on_code(copier.handwrite(sheets[1], 2)), 3)]
    return {"event": event, "pdf": copier.save_pdf(stack, base / "stack.pdf"), "sheets": sheets}


@pytest.fixture
def event(material, tmp_path):
    target = tmp_path / "event.gdbevent"
    shutil.copy(material["event"], target)
    return target


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def _count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("select count(*) from scanned_pages").fetchone()[0]
    finally:
        con.close()


def test_scan_in_prints_the_summary(capsys, event, material):
    rc, out, err = run(capsys, "scan-in", event, material["pdf"])
    assert (rc, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Pages read: 3"
    assert "Attached to their table: 1" in lines and "  Table 1 · Round 1: 1" in lines
    assert "Skipped as blank: 1" in lines and "Duplicates (kept once): 0" in lines
    assert "Need a decision: 1" in lines and "  stack.pdf, page 3: no readable code" in lines
    assert lines[-1] == "Still without a scanned page: Table 2 · Round 1"
    rc, out, _err = run(capsys, "scan-in", event, material["pdf"])
    assert rc == 0 and "Duplicates (kept once): 2" in out and "stack.pdf, page 1 is the same as stack.pdf, page 1" in out
    assert _count(event) == 2


def test_scan_in_in_german(capsys, event, material, monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "de")
    rc, out, _err = run(capsys, "scan-in", event, material["pdf"])
    assert rc == 0 and "Gelesene Seiten: 3" in out and "Leer übersprungen: 1" in out


def test_bad_scan_is_one_line_and_changes_nothing(capsys, event, material, tmp_path):
    odd = tmp_path / "brief.docx"
    odd.write_bytes(b"PK\x03\x04")
    rc, out, err = run(capsys, "scan-in", event, material["pdf"], odd)
    assert rc == 1 and out == "" and err.count("\n") == 1 and "brief.docx" in err and "unchanged" in err
    assert _count(event) == 0


def test_sheets_and_report_with_scans(capsys, event, material, tmp_path):
    import pypdfium2

    assert run(capsys, "scan-in", event, material["pdf"])[0] == 0

    def pages(path):
        doc = pypdfium2.PdfDocument(str(path))
        try:
            return len(doc), doc[1].get_textpage().get_text_range() if len(doc) > 1 else ""
        finally:
            doc.close()

    assert run(capsys, "sheets", event, "--out", tmp_path / "plain.pdf")[0] == 0
    assert run(capsys, "sheets", event, "--out", tmp_path / "scans.pdf", "--with-scans", "--lang", "en")[0] == 0
    plain, _text = pages(tmp_path / "plain.pdf")
    with_scans, text = pages(tmp_path / "scans.pdf")
    assert with_scans == plain + 1 and "Scanned worksheet 1 of 1" in text  # after table 1's sheet
    assert run(capsys, "report", event, "--out", tmp_path / "r1.pdf")[0] == 0
    assert run(capsys, "report", event, "--out", tmp_path / "r2.pdf", "--with-scans")[0] == 0
    # the scan is a page of its own after table 1; table 2 then starts on a fresh page
    assert pages(tmp_path / "r2.pdf")[0] == pages(tmp_path / "r1.pdf")[0] + 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_purge_asks_about_the_scans(capsys, event, material, monkeypatch):
    assert run(capsys, "scan-in", event, material["pdf"])[0] == 0
    rc, _out, err = run(capsys, "purge-personal-data", event, "--yes")
    assert rc == 1 and "2 scanned pages" in err and "keep or delete" in err and _count(event) == 2
    rc, out, _err = run(capsys, "purge-personal-data", event, "--yes", "--scans", "keep")
    assert rc == 0 and "Scanned pages kept: 2" in out and _count(event) == 2
    monkeypatch.setattr(sys, "stdin", _Terminal("yes\nyes\n"))
    rc, out, _err = run(capsys, "purge-personal-data", event)
    assert rc == 0 and "Scanned pages deleted: 2" in out and _count(event) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_scan_in_leaves_whole_pages(material, tmp_path):
    """SIGKILL while pages are being stored: the file opens, is intact, and every stored
    page is complete (its image decodes)."""
    from PIL import Image

    event = tmp_path / "event.gdbevent"
    shutil.copy(material["event"], event)
    sheets = material["sheets"]
    # 12 pages: the kill comes once 3 are stored; the rest only keep the child busy meanwhile
    # (each page takes it far longer than the 50 ms between looks). Making a page costs 0.25 s.
    stack = [copier.scan(copier.handwrite(sheets[i % 2], i), i, turn=0.5 * i) for i in range(12)]
    pdf = copier.save_pdf(stack, tmp_path / "long.pdf")
    env = dict(os.environ, PYTHONPATH=str(ROOT), GDB_FACILITATOR_LANG="en")
    proc = subprocess.Popen([sys.executable, "-m", "gdb_facilitator", "scan-in", str(event), str(pdf)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if _count(event) >= 3:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.05)
        assert proc.poll() is None, "the scan-in finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    con = sqlite3.connect(event)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = con.execute("select source_page, image from scanned_pages order by id").fetchall()
    finally:
        con.close()
    assert 3 <= len(rows) < 12
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    for _page, data in rows:
        with Image.open(io.BytesIO(data)) as img:
            img.load()  # a cut-off JPEG would raise here
