"""`gdb-facilitator sheets`: the PDFs a facilitator prints from the command line."""

import os
from datetime import date

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import func, select

from gdb_facilitator import cli
from gdb_facilitator.cli import main
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import TeamCode
from gdb_facilitator.core.sheets import KINDS
from gdb_facilitator.core.sheets.sample import populate

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "en")


@pytest.fixture
def event(tmp_path):
    """4 tables, 2 rounds, everybody seated, results recorded; no team codes yet."""
    path = tmp_path / "event.gdbevent"
    with EventFile.create(path, title="Jahreskonferenz", event_date=date(2026, 6, 12),
                          clock=FakeClock()) as ef:
        populate(ef, tables=4, people=16, rounds=2, ideas_per_table=1, result_paragraphs=1)
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def stored_codes(path):
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        return set(s.scalars(select(TeamCode.code)))


def pdf_pages(path):
    doc = pdfium.PdfDocument(str(path))
    try:
        return [(doc[i].get_size(), doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def qr_codes(path):
    doc = pdfium.PdfDocument(str(path))
    try:
        found = []
        for i in range(len(doc)):
            image = doc[i].render(scale=150 / 72).to_pil()
            found += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
        return found
    finally:
        doc.close()


def test_result_sheets_carry_qr_codes_that_decode_to_the_stored_team_codes(capsys, event, tmp_path):
    out_pdf = tmp_path / "ergebnisse.pdf"
    assert stored_codes(event) == set()
    code, out, err = run(capsys, "sheets", event, "--out", out_pdf)
    assert (code, err) == (0, "")
    pages = pdf_pages(out_pdf)
    assert f"Wrote {out_pdf} ({len(pages)} pages)" in out
    decoded = qr_codes(out_pdf)
    # one team per table and round; each sheet's code is the one now kept in the event file
    assert len(set(decoded)) == 8
    assert set(decoded) == stored_codes(event)
    # printing again reuses the codes (read-only open) instead of making new ones
    code, _out, err = run(capsys, "sheets", event, "--out", tmp_path / "again.pdf", "--round", "2")
    assert (code, err) == (0, "")
    assert set(qr_codes(tmp_path / "again.pdf")) < set(decoded)
    assert len(stored_codes(event)) == 8


def test_codes_exist_so_it_prints_while_the_app_has_the_event_open(capsys, event, tmp_path):
    assert run(capsys, "sheets", event, "--out", tmp_path / "first.pdf")[0] == 0
    with EventFile.open(event):  # the app holds the write lock
        code, out, err = run(capsys, "sheets", event, "--out", tmp_path / "second.pdf", "--kind", "blank")
    assert (code, err) == (0, "")
    assert len(pdf_pages(tmp_path / "second.pdf")) >= 8


def test_missing_codes_while_the_app_has_the_event_open_is_one_clear_line(capsys, event, tmp_path):
    with EventFile.open(event):
        code, out, err = run(capsys, "sheets", event, "--out", tmp_path / "x.pdf")
    assert code == 1 and out == ""
    assert "open in GD:B Facilitator" in err and "Output page" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
    assert stored_codes(event) == set()


def test_tents_on_letter_in_german(capsys, event, tmp_path, monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "de")
    out_pdf = tmp_path / "tents.pdf"
    code, out, err = run(capsys, "sheets", event, "--out", out_pdf, "--kind", "tents", "--paper", "letter")
    assert (code, err) == (0, "")
    assert "Seiten" in out  # the command's own line is German too
    pages = pdf_pages(out_pdf)
    assert len(pages) == 4
    # tents are printed across the sheet (landscape), on Letter paper
    assert all(sorted((round(w), round(h))) == [612, 792] for (w, h), _text in pages)
    assert "TISCH" in pages[0][1] and "hier falten" in pages[0][1]
    # tents need no codes, so the event was only read
    assert stored_codes(event) == set()


def test_lang_option_overrides_the_environment(capsys, event, tmp_path, monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "de")
    out_pdf = tmp_path / "lists.pdf"
    code, _out, err = run(capsys, "sheets", event, "--out", out_pdf, "--kind", "lists", "--lang", "en")
    assert (code, err) == (0, "")
    text = "\n".join(t for _size, t in pdf_pages(out_pdf))
    assert "Seating plan" in text and "Check-in list" in text and "Sitzplan" not in text
    assert all(round(w) == 595 for (w, _h), _t in pdf_pages(out_pdf))  # A4 by default


@pytest.mark.parametrize("args, expected", [
    (["--round", "9"], "no round number 9"),
    (["--kind", "results"], None),
])
def test_user_errors_exit_1_with_one_line(capsys, event, tmp_path, args, expected):
    if expected is None:
        target = tmp_path / "no-such-folder" / "x.pdf"
        expected = "Cannot write"
    else:
        target = tmp_path / "x.pdf"
    code, out, err = run(capsys, "sheets", event, "--out", target, *args)
    assert code == 1 and expected in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_refuses_to_write_over_the_event_or_into_a_folder(capsys, event, tmp_path):
    before = event.read_bytes()
    code, _out, err = run(capsys, "sheets", event, "--out", event)
    assert code == 1 and "cannot replace the event file" in err
    assert event.read_bytes() == before
    code, _out, err = run(capsys, "sheets", event, "--out", tmp_path)
    assert code == 1 and "is a folder" in err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_unwritable_folder(capsys, event, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _out, err = run(capsys, "sheets", event, "--out", folder / "x.pdf")
    finally:
        folder.chmod(0o700)
    assert code == 1 and "Cannot write" in err


def test_missing_event_and_wrong_usage(capsys, tmp_path):
    code, _out, err = run(capsys, "sheets", tmp_path / "nope.gdbevent", "--out", tmp_path / "x.pdf")
    assert code == 1 and "no event file" in err
    for argv in (["sheets", "e.gdbevent"],  # --out is required
                 ["sheets", "e.gdbevent", "--out", "x.pdf", "--kind", "posters"],
                 ["sheets", "e.gdbevent", "--out", "x.pdf", "--paper", "a5"],
                 ["sheets", "e.gdbevent", "--out", "x.pdf", "--round", "two"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    capsys.readouterr()


def test_the_cli_offers_every_kind_the_core_prints():
    # Badges come from core.sheets.badges (label sheets), not from the sheet kinds of core.sheets.model.
    assert set(cli.SHEET_KINDS) == set(KINDS) | {"badges"}
    assert "sheets" in cli.COMMANDS and "sheets" in cli.HANDLERS


def test_no_writes_for_lists(capsys, event, tmp_path):
    with EventFile.open(event, readonly=True) as ef, ef.session() as s:
        assert s.scalar(select(func.count()).select_from(TeamCode)) == 0
    assert run(capsys, "sheets", event, "--out", tmp_path / "l.pdf", "--kind", "lists")[0] == 0
    assert stored_codes(event) == set()
