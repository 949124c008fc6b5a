"""The after-the-event commands as a user types them: follow-up, report, invitations,
calendar, export --format decidim / --delimiter, purge-personal-data; exit codes 0/1/2."""

import csv
import io
import shutil
import sqlite3
import sys

import pytest

from gdb_facilitator.cli import main
from gdb_facilitator.core.services.codes import format_code

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "en")


@pytest.fixture
def demo(demo_template, tmp_path):
    target = tmp_path / "konferenz.gdbevent"
    shutil.copy(demo_template, target)
    return target


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def _a_code(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("select code from team_codes order by id limit 1").fetchone()[0]
    finally:
        con.close()


def test_follow_up_prints_the_team(capsys, demo):
    code = _a_code(demo)
    rc, out, err = run(capsys, "follow-up", demo, "  " + format_code(code, "-").lower())
    assert (rc, err) == (0, "")
    assert out.startswith("Table 1 · ") and "Ideas:" in out and "[no report yet]" in out
    rc, out, err = run(capsys, "follow-up", demo, "KEIN-CODE")
    assert rc == 1 and out == "" and err.count("\n") == 1 and "No team of this event" in err


def test_report_invitations_calendar(capsys, demo, tmp_path):
    rc, out, err = run(capsys, "report", demo, "--out", tmp_path / "doku.pdf", "--lang", "de")
    assert (rc, err) == (0, "") and "pages)" in out and (tmp_path / "doku.pdf").stat().st_size > 10_000
    rc, out, err = run(capsys, "invitations", demo, "--out", tmp_path / "inv.pdf", "--time", "17:30")
    assert (rc, err) == (0, "") and "(18 pages)" in out
    rc, out, err = run(capsys, "calendar", demo, "--out", tmp_path / "c.ics", "--time", "18:00")
    assert (rc, err) == (0, "")
    raw = (tmp_path / "c.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"SUMMARY:100-day check-in: " in raw
    # the PDF cannot replace the event; a folder is no file name
    rc, _out, err = run(capsys, "report", demo, "--out", demo)
    assert rc == 1 and err.count("\n") == 1
    rc, _out, err = run(capsys, "invitations", demo, "--out", tmp_path)
    assert rc == 1 and "is a folder" in err
    rc, _out, err = run(capsys, "calendar", demo, "--out", tmp_path / "x.ics", "--time", "25:99")
    assert rc == 2


def test_export_decidim_and_delimiter(capsys, demo, tmp_path):
    rc, out, err = run(capsys, "export", demo, "--format", "decidim", "--out", tmp_path / "d.csv")
    assert (rc, err) == (0, "")
    rows = list(csv.reader(io.StringIO((tmp_path / "d.csv").read_text(encoding="utf-8"), newline=""),
                           delimiter=";"))
    assert rows[0] == ["id", "parent/id", "title/de", "description/de", "start_date", "end_date", "status/id",
                       "progress"] and len(rows) == 42
    assert all(r[3].startswith("<p>") and "\n" not in r[3] for r in rows[1:])
    rc, out, err = run(capsys, "export", demo, "--format", "decidim", "--delimiter", ",",
                       "--out", tmp_path / "d2.csv")
    assert (rc, err) == (0, "")
    assert (tmp_path / "d2.csv").read_text(encoding="utf-8").startswith("id,parent/id,title/de,description/de,")
    rc, out, err = run(capsys, "export", demo, "--format", "csv", "--delimiter", ",", "--out", tmp_path / "csv")
    assert (rc, err) == (0, "") and out.count("Wrote") == 7
    header = (tmp_path / "csv" / "topics.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "position,title,problem_statement,tables,chosen_by"
    assert run(capsys, "export", demo, "--format", "json", "--delimiter", ";", "--out", tmp_path / "x")[0] == 2
    assert run(capsys, "export", demo, "--format", "csv", "--delimiter", "|", "--out", tmp_path / "y")[0] == 2
    assert run(capsys, "export", demo, "--format", "decidim", "--anonymize", "--out", tmp_path / "z")[0] == 2
    assert run(capsys, "export", demo, "--format", "xlsx", "--delimiter", ",", "--out", tmp_path / "x.xlsx")[0] == 2


def test_export_decidim_round_trip_with_the_space_export(capsys, demo, tmp_path):
    from gdb_facilitator.core.exchange.decidim import KEY_PATTERN

    assert run(capsys, "export", demo, "--format", "decidim", "--out", tmp_path / "d.csv")[0] == 0
    first = list(csv.reader(io.StringIO((tmp_path / "d.csv").read_text(encoding="utf-8"), newline=""),
                            delimiter=";"))[1:]
    # The space's results export as Decidim writes it (flattened serializer names).
    space = io.StringIO()
    writer = csv.writer(space, delimiter=";")
    writer.writerow(["id", "category/id", "category/name/de", "scope/id", "scope/name/de", "parent/id",
                     "title/de", "description/de", "start_date", "end_date", "status/id", "status/key",
                     "status/name/de", "progress", "created_at", "url", "component/id", "proposal_urls"])
    for n, row in enumerate(first[:5]):
        writer.writerow([500 + n, "", "", "", "", "", row[2], row[3], row[4], row[5], 3 if n == 0 else "",
                         "implemented" if n == 0 else "", "Umgesetzt" if n == 0 else "", "", "", "", "7", ""])
    (tmp_path / "results.csv").write_text(space.getvalue(), encoding="utf-8")
    from datetime import date

    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services import follow_up
    from sqlalchemy import select

    from gdb_facilitator.core.db.models import Idea

    with open_event(demo) as ef:
        with ef.session() as s:
            idea_id = s.scalars(select(Idea.id).order_by(Idea.id)).first()
        follow_up.record_update(ef, idea_id, status="in Arbeit", progress=30, reported_by="Test",
                                reported_on=date(2026, 9, 20))
    rc, out, err = run(capsys, "export", demo, "--format", "decidim", "--decidim-results", tmp_path / "results.csv",
                       "--out", tmp_path / "second.csv")
    assert rc == 1 and "in_progress" in err and "--decidim-status in_progress=ID" in err
    rc, out, err = run(capsys, "export", demo, "--format", "decidim", "--decidim-results", tmp_path / "results.csv",
                       "--decidim-status", "in_progress=8", "--out", tmp_path / "second.csv")
    assert (rc, err) == (0, ""), err
    assert "5 of the space's 5 results" in out
    second = list(csv.reader(io.StringIO((tmp_path / "second.csv").read_text(encoding="utf-8"), newline=""),
                             delimiter=";"))[1:]
    assert [r[0] for r in second[:5]] == ["500", "501", "502", "503", "504"]
    assert {r[0] for r in second[5:]} == {""}
    assert "8" in [r[6] for r in second]
    keys = [KEY_PATTERN.search(r[3]).group(0) for r in second]
    assert keys == [KEY_PATTERN.search(r[3]).group(0) for r in first]
    assert run(capsys, "export", demo, "--format", "decidim", "--decidim-status", "in_progress=acht",
               "--out", tmp_path / "x.csv")[0] == 2
    assert run(capsys, "export", demo, "--format", "csv", "--decidim-status", "in_progress=8",
               "--out", tmp_path / "y")[0] == 2
    rc, out, err = run(capsys, "export", demo, "--format", "decidim", "--decidim-results", tmp_path / "none.csv",
                       "--out", tmp_path / "z.csv")
    assert rc == 1 and "none.csv" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_purge_asks_on_a_terminal_and_refuses_without_one(capsys, demo, monkeypatch):
    def names():
        con = sqlite3.connect(demo)
        try:
            return con.execute("select count(*) from attendees where last_name != ''").fetchone()[0]
        finally:
            con.close()

    before = names()
    assert before == 130
    rc, out, err = run(capsys, "purge-personal-data", demo)  # pytest's stdin is no terminal
    assert rc == 2 and "--yes" in err and names() == before
    monkeypatch.setattr(sys, "stdin", _Terminal("nein\n"))
    rc, out, err = run(capsys, "purge-personal-data", demo)
    assert rc == 1 and "nothing was changed" in err and names() == before
    monkeypatch.setattr(sys, "stdin", _Terminal("yes\n"))
    rc, out, err = run(capsys, "purge-personal-data", demo)
    assert (rc, err) == (0, "") and "130 attendees made anonymous" in out and names() == 0
    # --yes needs no terminal; running it again is harmless
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert run(capsys, "purge-personal-data", demo, "--yes")[0] == 0
    rc, out, _err = run(capsys, "follow-up", demo, _a_code(demo))
    assert rc == 0 and "Ideas:" in out  # the check-in still works


def test_purge_of_a_missing_file_is_one_line(capsys, tmp_path):
    rc, out, err = run(capsys, "purge-personal-data", tmp_path / "fehlt.gdbevent", "--yes")
    assert rc == 1 and err.count("\n") == 1


def test_purge_lists_names_in_texts_and_replaces_them_with_initials(capsys, demo):
    con = sqlite3.connect(demo)
    first, last = con.execute("select first_name, last_name from attendees order by id limit 1").fetchone()
    con.execute("update table_results set results = ? where id = (select min(id) from table_results)",
                (f"Protokoll: {first} {last}. Der Koch kocht.",))
    con.commit()
    con.close()
    rc, out, err = run(capsys, "purge-personal-data", demo, "--yes", "--replace-names")
    assert (rc, err) == (0, "")
    assert "Names of attendees in texts: 1" in out and f"[{first} {last}]" in out
    assert "Names in texts: 1 found, 1 replaced, 0 left as written." in out
    con = sqlite3.connect(demo)
    text = con.execute("select results from table_results order by id limit 1").fetchone()[0]
    con.close()
    assert text == f"Protokoll: {first[0]}. {last[0]}. Der Koch kocht."
