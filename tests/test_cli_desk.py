"""The desk on the command line: ``check-in`` (who was checked in and where they sit, second tries,
names that match nobody or several people, ``--seat`` for a walk-in) and name badges."""

import sqlite3

import pytest

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.services import attendees

from cli_support import run

# english, demo (a copy of the demo event): tests/conftest.py
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("english")]


def arrived(path, registration_id):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT arrived_at FROM attendees WHERE registration_id = ?",
                           (registration_id,)).fetchone()[0]
    finally:
        con.close()


def test_check_in_prints_the_seat_and_a_second_try_changes_nothing(demo, capsys):
    assert arrived(demo, "GDB-0037") is None  # Svenja García has not arrived in the demo
    code, out, err = run(capsys, "check-in", str(demo), "svenja garcia")
    assert code == 0 and not err
    assert out.startswith("Svenja García — Table ") and " · " in out
    first = arrived(demo, "GDB-0037")
    assert first is not None
    code, out, err = run(capsys, "check-in", str(demo), "GDB-0037")
    assert code == 0 and "Svenja García was already checked in at " in out
    assert arrived(demo, "GDB-0037") == first


def test_several_people_each_on_their_own_and_clear_failures(demo, capsys):
    code, out, err = run(capsys, "check-in", str(demo), "Søren Graf", "albrecht", "nobody at all",
                         "GDB-0012")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Søren Graf — Table ") and lines[1].startswith("Stefan Günther — Table ")
    assert '"albrecht" matches 2 people: Chiara Albrecht (GDB-0076' in err
    assert "Ida Albrecht (GDB-0087" in err
    assert 'Nobody matches "nobody at all"' in err
    assert "Traceback" not in err
    assert arrived(demo, "GDB-0013") and arrived(demo, "GDB-0012")


def test_a_walk_in_without_a_seat_is_told_so_and_seated_with_seat(demo, capsys):
    with EventFile.open(demo) as ef:
        row = attendees.add_walk_in(ef, "Neu", "Ankömmling", "Senatskanzlei", "Verwaltung")
        attendees.set_arrived(ef, row.id, False)
    code, out, _err = run(capsys, "check-in", str(demo), "Neu Ankömmling")
    assert code == 0 and out.strip() == "Neu Ankömmling — not seated yet in round 1"
    code, out, _err = run(capsys, "check-in", str(demo), "--seat", row.registration_id)
    assert code == 0 and out.startswith("Neu Ankömmling was already checked in at ")
    assert "— Table " in out


def test_check_in_in_german(demo, capsys, monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "de")
    code, out, err = run(capsys, "check-in", str(demo), "Svenja García", "xyz")
    assert code == 1 and out.startswith("Svenja García — Tisch ")
    assert 'Niemand passt zu "xyz"' in err


def test_badges_for_everybody_and_for_one_person(demo, tmp_path, capsys):
    import pypdfium2 as pdfium

    out = tmp_path / "badges.pdf"
    code, text, err = run(capsys, "sheets", str(demo), "--kind", "badges", "--out", str(out))
    assert code == 0 and "(13 pages)" in text and not err  # 127 people not marked absent, 10 a sheet
    one = tmp_path / "one.pdf"
    code, text, err = run(capsys, "sheets", str(demo), "--kind", "badges", "--out", str(one),
                          "--person", "Olga Friedrich", "--layout", "2x4", "--left", "12", "--first-label", "2")
    assert code == 0 and "(1 pages)" in text
    doc = pdfium.PdfDocument(str(one))
    try:
        page_text = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    assert "Olga Friedrich" in page_text and "Round 1: Table " in page_text
    code, _text, err = run(capsys, "sheets", str(demo), "--kind", "badges", "--out", str(one),
                           "--first-label", "9", "--layout", "2x4")
    assert code == 1 and "first label" in err.lower() and "between 1 and 8" in err
    code, _text, err = run(capsys, "sheets", str(demo), "--kind", "badges", "--out", str(one),
                           "--person", "albrecht")
    assert code == 1 and "matches 2 people" in err


def test_check_in_on_a_team_server_says_which_desk_was_first(postgres, demo, capsys):
    from gdb_facilitator.core.db.transfer import file_to_database

    url = postgres.new_database()
    file_to_database(demo, url)
    code, out, _err = run(capsys, "check-in", url, "GDB-0037", "--desk", "Desk 2")
    assert code == 0 and out.startswith("Svenja García — Table ")
    code, out, _err = run(capsys, "check-in", url, "svenja garcia", "--desk", "Desk 1")
    assert code == 0
    assert "Svenja García was already checked in at" in out and "by Desk 2 — Table" in out
    code, _out, err = run(capsys, "check-in", url, "Nobody Atall", "--desk", "Desk 1")
    assert code == 1 and "Nobody Atall" in err
