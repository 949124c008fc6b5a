"""Scanned worksheets: every page of a copier stack finds its team, or waits for a person.

The scans are made from the app's own printed worksheets by the synthetic copier
(core/scans/synthetic.py): handwriting, upside down, askew, grain, washed out, empty
backs, a sheet fed twice, a sheet of another event, a stained code. They are built once
per module; each test gets its own copy of the event, as a file and on PostgreSQL.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from gdb_facilitator.core.db.models import ScannedPage
from gdb_facilitator.core.db.store import open_event
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.exchange.exporters import event_document
from gdb_facilitator.core.scans import analysis, synthetic as copier
from gdb_facilitator.core.services import results, scans, tables
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.core.sheets import write_sheets


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    """An event with three tables in round 1, its worksheets as scans, and a foreign sheet."""
    base = tmp_path_factory.mktemp("scans")
    event = base / "event.gdbevent"
    with create_event(event, title="Scans", tables=3) as ef:
        for t in tables.list_tables(ef):
            results.set_result_fields(ef, t.id, 1, results="")
        write_sheets(ef, base / "blank.pdf", kind="blank", round_number=1)
    with create_event(base / "other.gdbevent", title="Andere", tables=1) as other:
        write_sheets(other, base / "other.pdf", kind="blank")
    sheets = copier.render_pdf(base / "blank.pdf")
    foreign = copier.render_pdf(base / "other.pdf")[0]
    assert len(sheets) == 3
    written = [copier.handwrite(sheet, i) for i, sheet in enumerate(sheets)]
    second_of_two = copier.handwrite(sheets[1], 99, lines=3)  # team 2 used a second sheet
    stack = [
        copier.scan(written[0], 1),                                     # 1: table 1
        copier.blank_back(sheets[0].size, 2),                           # 2: its empty back
        copier.scan(written[1], 3, turn=180.8, contrast=0.45),          # 3: table 2, upside down, faint
        copier.scan(written[0], 4, turn=-2.2, noise=12),                # 4: table 1 fed again
        copier.scan(second_of_two, 5, turn=1.5),                        # 5: table 2, its second sheet
        copier.scan(copier.handwrite(foreign, 7), 6, turn=0.7),         # 6: another event's sheet
        copier.scan(copier.spill_on_code(written[2]), 7, turn=-0.6),    # 7: table 3, code stained
    ]
    pdf = copier.save_pdf(stack, base / "stack.pdf")
    return {"event": event, "pdf": pdf, "written": written, "sheets": sheets, "base": base}


@pytest.fixture
def ef(material, event_location, tmp_path):
    if isinstance(event_location, Path):
        shutil.copy(material["event"], event_location)
    else:
        from gdb_facilitator.core.db.transfer import file_to_database

        copy = tmp_path / "copy.gdbevent"
        shutil.copy(material["event"], copy)
        file_to_database(copy, event_location)
    with open_event(event_location) as ef:
        yield ef


@pytest.fixture(scope="module")
def scanned_file(material):
    """The event with the stack scanned in once (on a file), for tests that start from there."""
    path = material["base"] / "scanned.gdbevent"
    shutil.copy(material["event"], path)
    with open_event(path) as ef:
        scans.scan_in(ef, [material["pdf"]])
    return path


@pytest.fixture
def scanned(scanned_file, event_location, tmp_path):
    if isinstance(event_location, Path):
        shutil.copy(scanned_file, event_location)
    else:
        from gdb_facilitator.core.db.transfer import file_to_database

        copy = tmp_path / "copy.gdbevent"
        shutil.copy(scanned_file, copy)
        file_to_database(copy, event_location)
    with open_event(event_location) as ef:
        yield ef


def _table_id(ef, number: int) -> int:
    return next(t.id for t in tables.list_tables(ef) if t.number == number)


def test_a_copier_stack_finds_its_teams(ef, material):
    seen = []
    summary = scans.scan_in(ef, [material["pdf"]], progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert summary.pages_read == 7 and not summary.cancelled
    assert [o.status for o in summary.outcomes] == [
        "attached", "blank", "attached", "duplicate", "attached", "needs_decision", "needs_decision"]
    assert [(t.table_number, t.round_number, t.count) for t in summary.attached] == [(1, 1, 1), (2, 1, 2)]
    assert summary.blank == 1
    assert summary.duplicates[0].duplicate_of == ("stack.pdf", 1) and summary.duplicates[0].table_number == 1
    assert [o.reason for o in summary.needs_decision] == ["other_event", "no_code"]
    assert summary.teams_without_pages == ((3, 1),)
    assert scans.count_pages(ef) == 5 and scans.count_undecided(ef) == 2
    # table 2's pages in the order they came, numbered
    pages = scans.list_pages(ef, table_id=_table_id(ef, 2), round_number=1)
    assert [(p.page, p.source_page) for p in pages] == [(1, 3), (2, 5)]


def test_stored_pages_stand_upright_and_are_compact(scanned, material):
    ef = scanned
    upside_down = scans.list_pages(ef, table_id=_table_id(ef, 2), round_number=1)[0]
    data = scans.page_image(ef, upside_down.id)
    assert data[:2] == b"\xff\xd8" and len(data) < 150_000  # a JPEG, not a 4 MB bitmap
    with Image.open(io.BytesIO(data)) as img:
        assert img.mode == "L" and max(img.size) <= analysis.KEEP_LONG_SIDE
        found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
    assert found and abs(found[0].orientation) <= 1
    # the code sits top right on a worksheet: upright means it is there now
    assert found[0].position.top_left.x > img.width / 2 and found[0].position.top_left.y < img.height / 3


def test_the_same_stack_again_adds_nothing(scanned, material):
    ef = scanned
    again = scans.scan_in(ef, [material["pdf"]])
    assert {o.status for o in again.outcomes} == {"duplicate", "blank"}
    assert len(again.duplicates) == 6
    assert scans.count_pages(ef) == 5


def test_pages_needing_a_decision_are_assigned_by_hand(scanned, material):
    ef = scanned
    waiting = scans.list_pages(ef, undecided=True)
    assert [p.reason for p in waiting] == ["other_event", "no_code"]
    assert waiting[0].payload  # the foreign code, as read
    table3 = _table_id(ef, 3)
    info = scans.assign_page(ef, waiting[1].id, table3, 1)
    assert (info.table_number, info.round_number, info.page, info.reason, info.assigned_by_hand) == (3, 1, 1, "", True)
    assert scans.teams_without_pages(ef) == []
    with pytest.raises(DomainError) as err:
        scans.assign_page(ef, waiting[0].id, table3, 7)
    assert err.value.code == "round_unknown"
    scans.delete_page(ef, waiting[0].id)
    assert scans.count_undecided(ef) == 0
    with pytest.raises(DomainError):
        scans.delete_page(ef, waiting[0].id)


def test_json_export_lists_every_scan(scanned, material):
    ef = scanned
    doc = event_document(ef)
    codes = {(c["table"], c["round"]): c["code"] for c in doc["team_codes"]}
    listed = doc["scans"]
    assert [(s["table"], s["round"], s["page"]) for s in listed] == [
        (1, 1, 1), (2, 1, 1), (2, 1, 2), (None, None, None), (None, None, None)]
    assert listed[0]["code"] == codes[(1, 1)] and listed[3]["code"] is None
    assert [s["needs_decision"] for s in listed[3:]] == ["other_event", "no_code"]
    assert "image" not in listed[0]


def test_cancel_keeps_whole_pages(ef, material):
    calls: list[int] = []  # 0 before the first page, then one per page
    summary = scans.scan_in(ef, [material["pdf"]], should_stop=lambda: len(calls) >= 3,
                            progress=lambda done, total: calls.append(done))
    assert summary.cancelled and summary.pages_read == 2 and summary.total == 7
    assert scans.count_pages(ef) == 1  # page 1 stored, page 2 was the blank back


def test_a_crash_inside_a_page_leaves_the_pages_before(ef, material, monkeypatch):
    real = scans._next_page
    calls = []

    def crash_on_second(s, table_id, round_id):
        calls.append(table_id)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies between adding the row and committing
        return real(s, table_id, round_id)

    monkeypatch.setattr(scans, "_next_page", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        scans.scan_in(ef, [material["pdf"]])
    with ef.session() as s:
        rows = s.execute(select(ScannedPage.source_page, func.length(ScannedPage.image))).all()
    assert [r[0] for r in rows] == [1] and rows[0][1] > 1000


def test_images_and_folders(ef, material, tmp_path):
    folder = tmp_path / "copier"
    folder.mkdir()
    copier.scan(material["written"][2], 11, turn=90.0).save(folder / "scan10.png")
    copier.scan(material["written"][1], 12).convert("RGB").save(folder / "scan9.jpg", quality=85)
    (folder / "notes.txt").write_text("not a scan")
    summary = scans.scan_in(ef, [folder])
    assert [(o.source, o.status, o.table_number) for o in summary.outcomes] == [
        ("scan9.jpg", "attached", 2), ("scan10.png", "attached", 3)]


@pytest.mark.parametrize("make, code", [
    (lambda p: p / "missing.pdf", "scan_file_missing"),
    (lambda p: (p / "letter.docx").write_bytes(b"PK") and p / "letter.docx", "scan_file_kind"),
    (lambda p: (p / "broken.pdf").write_bytes(b"%PDF-1.4 broken") and p / "broken.pdf", "scan_file_unreadable"),
    (lambda p: (p / "broken.png").write_bytes(b"\x89PNG nothing") and p / "broken.png", "scan_file_unreadable"),
    (lambda p: (p / "empty").mkdir() or p / "empty", "scan_folder_empty"),
])
def test_bad_input_changes_nothing(ef, material, tmp_path, make, code):
    bad = make(tmp_path)
    with pytest.raises(DomainError) as err:
        scans.scan_in(ef, [material["pdf"], bad])
    assert err.value.code == code and str(bad) in str(err.value.params.get("path"))
    assert scans.count_pages(ef) == 0


def test_handwriting_tells_two_sheets_of_one_team_apart(material):
    written = material["written"]
    first = analysis.analyse(copier.scan(written[0], 21))
    rescan = analysis.analyse(copier.scan(written[0], 22, turn=181.2, contrast=0.45, noise=12))
    assert first.code == rescan.code and analysis.same_sheet(first.fingerprint, rescan.fingerprint)
    # one sheet still empty, the other with a single line written on it: two pages
    empty = analysis.analyse(copier.scan(material["sheets"][0], 23, turn=-1.0))
    one_line = analysis.analyse(copier.scan(copier.handwrite(material["sheets"][0], 5, lines=1), 24,
                                            turn=180.5, contrast=0.45))
    assert empty.code == one_line.code == first.code
    assert not analysis.same_sheet(empty.fingerprint, one_line.fingerprint)
    assert not analysis.same_sheet(first.fingerprint, empty.fingerprint)


def test_a_faint_written_page_without_code_is_not_blank(material):
    faint = copier.scan(copier.spill_on_code(material["written"][0]), 31, contrast=0.3)
    result = analysis.analyse(faint)
    assert not result.blank and result.code is None and result.jpeg
    assert analysis.analyse(copier.blank_back(faint.size, 32, noise=14)).blank


def test_old_event_files_get_the_scans_table(tmp_path):
    from gdb_facilitator.core.db.engine import EventFile

    path = tmp_path / "old.gdbevent"
    shutil.copy(Path(__file__).resolve().parent.parent / "fixtures" / "event_schema1_v0.1.0.gdbevent", path)
    with EventFile.open(path) as ef:
        assert scans.count_pages(ef) == 0
    con = sqlite3.connect(path)
    try:
        columns = {row[1] for row in con.execute("PRAGMA table_info(scanned_pages)")}
    finally:
        con.close()
    assert {"table_id", "round_id", "page", "image", "digest", "fingerprint"} <= columns


def test_the_sqlite_export_holds_the_images(scanned, material, tmp_path):
    from gdb_facilitator.core.exchange.exporters import export_sqlite

    ef = scanned
    copy = export_sqlite(ef, tmp_path / "copy.gdbevent")
    con = sqlite3.connect(copy)
    try:
        rows = con.execute("select length(image), table_id is null from scanned_pages order by id").fetchall()
    finally:
        con.close()
    assert len(rows) == 5 and all(size > 10_000 for size, _undecided in rows)
    assert [undecided for _size, undecided in rows].count(1) == 2


def test_a_page_without_code_can_be_turned_by_hand(scanned, material):
    ef = scanned
    page = scans.list_pages(ef, undecided=True)[1]
    turned = scans.turn_page(ef, page.id, 1)
    assert (turned.width, turned.height) == (page.height, page.width)
    with Image.open(io.BytesIO(scans.page_image(ef, page.id))) as img:
        assert img.size == (page.height, page.width)
    back = scans.turn_page(ef, page.id, 3)
    assert (back.width, back.height) == (page.width, page.height)
    with pytest.raises(DomainError):
        scans.turn_page(ef, 9999, 1)
