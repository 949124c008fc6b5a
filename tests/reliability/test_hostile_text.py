"""Hostile user text end to end: typed in through the services, stored, exported as JSON,
CSV, XLSX and a SQLite copy, printed on the PDF sheets, and read back from each.

Exact round trips where the format can carry the text (database, JSON, SQLite copy, CSV
except for the formula guard); in spreadsheets a formula-like start gets a leading
apostrophe and characters XML cannot hold become U+FFFD. The sheets' own hostile-text
tests (tests/core/test_sheets_text.py) check glyphs and layout; here the point is that
the whole path holds together.
"""

import csv
import json
import re
import zipfile

import pytest
from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, Idea, TableResult, Topic
from gdb_facilitator.core.exchange import exporters
from gdb_facilitator.core.services import attendees, results, tables, topics
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.core.sheets import write_sheets

SHORT = [
    "<b>x", "a & b", '<img src="http://example.invalid/x.png"/>', "<img src=file:///etc/passwd>",
    "\"double\" and 'single' quotes", '=HYPERLINK("http://example.invalid","klick")', "+49 30 1234",
    "-Minus", "@SUM(A1:A9)", "🌱 Grüße aus Berlin", "مرحبا بالعالم", "数据共享平台", "עברית",
    "Zoë Łukasik-Ñúñez", "ctrl\x01\x02\x1b[31m\x7f", "nul\x00byte", "<?xml version='1.0'?>]]>",
    "<para><font color='red'>x</font></para>", "\u202eRTL override\u202c", "back\\slash;semi,comma",
]
LONG = ("Lorem ipsum <b>dolor</b> & sit amet 🌱 " * 270).strip()  # ~10,000 characters
FORMULA_START = tuple(exporters.FORMULA_PREFIXES)


@pytest.fixture(scope="module")
def event(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.gdbevent"
    with create_event(path, title="Feindlicher Text", tables=len(SHORT)) as ef:
        table_ids = [t.id for t in tables.list_tables(ef)]
        for i, text in enumerate(SHORT):
            row = attendees.add_walk_in(ef, text, f"Nachname {i}", organisation=f"Org {text}")
            attendees.update_attendee(ef, row.id, comment=text + "\n" + LONG)
            topic = topics.add_topic(ef, f"{i} {text}", problem_statement=text + " " + LONG[:4000])
            topics.assign_topic(ef, table_ids[i], topic.id)
            results.set_result_fields(ef, table_ids[i], 1, results=f"{text}\n{LONG}",
                                      problem_statement=text)
            results.add_idea(ef, table_ids[i], 1, title=text, description=LONG, owner=text,
                             next_step=text, support_needed=text)
    return path


def _stored(path):
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        return {
            "first_names": list(s.scalars(select(Attendee.first_name).order_by(Attendee.id))),
            "comments": list(s.scalars(select(Attendee.comment).order_by(Attendee.id))),
            "topics": list(s.scalars(select(Topic.title).order_by(Topic.id))),
            "results": list(s.scalars(select(TableResult.results).order_by(TableResult.id))),
            "ideas": list(s.scalars(select(Idea.title).order_by(Idea.id))),
        }


def test_database_keeps_every_string_exactly(event):
    stored = _stored(event)
    # Names are whitespace-normalised when typed (as the check-in desk needs them).
    assert stored["first_names"] == [" ".join(t.split()) for t in SHORT]
    assert stored["comments"] == [t + "\n" + LONG for t in SHORT]
    assert stored["topics"] == [f"{i} {t}" for i, t in enumerate(SHORT)]
    assert stored["results"] == [f"{t}\n{LONG}" for t in SHORT]
    assert stored["ideas"] == SHORT
    assert max(len(c) for c in stored["comments"]) >= 10_000


def test_json_and_sqlite_copy_round_trip_exactly(event, tmp_path):
    stored = _stored(event)
    doc = json.loads(exporters.export_json(event, tmp_path / "e.json").read_text(encoding="utf-8"))
    assert [a["first_name"] for a in doc["attendees"]] == stored["first_names"]
    assert [a["comment"] for a in doc["attendees"]] == stored["comments"]
    assert sorted(r["results"] for r in doc["results"]) == sorted(stored["results"])
    assert sorted(i["title"] for r in doc["results"] for i in r["ideas"]) == sorted(stored["ideas"])
    copy = exporters.export_sqlite(event, tmp_path / "copy.gdbevent")
    assert _stored(copy) == stored


def test_csv_round_trips_with_formulas_neutralised(event, tmp_path):
    stored = _stored(event)
    files = exporters.export_csv(event, tmp_path / "csv")
    cells = []
    for f in files:
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        cells += [c for row in rows[1:] for c in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_START), repr(cell[:40])
    with open(tmp_path / "csv" / "attendees.csv", encoding="utf-8-sig", newline="") as fh:
        people = list(csv.DictReader(fh, delimiter=";"))
    by_reg = {p["first_name"] for p in people}
    assert by_reg == {exporters.neutralise(n) for n in stored["first_names"]}
    assert {p["comment"] for p in people} == {exporters.neutralise(c) for c in stored["comments"]}
    with open(tmp_path / "csv" / "ideas.csv", encoding="utf-8-sig", newline="") as fh:
        ideas = list(csv.DictReader(fh, delimiter=";"))
    assert sorted(i["title"] for i in ideas) == sorted(exporters.neutralise(t) for t in stored["ideas"])


def test_xlsx_has_no_formulas_and_keeps_the_text(event, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    stored = _stored(event)
    path = exporters.export_xlsx(event, tmp_path / "e.xlsx")
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(rb"<f[ >]", z.read(name)), name
    wb = load_workbook(path)
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row
              if isinstance(c.value, str)]
    people = wb["Teilnehmende"]
    header = [c.value for c in people[1]]
    firsts = {row[header.index("Vorname")] for row in people.iter_rows(min_row=2, values_only=True)}

    def in_xlsx(text):
        # A text cell keeps the value as typed: no apostrophe in front of "=…" or "+49…".
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:exporters.XLSX_MAX_CELL] or None

    assert firsts == {in_xlsx(n) for n in stored["first_names"]}


def test_sheets_print_every_string_as_text(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    # Its own, smaller event: the sheets lay out every long text, which takes a while.
    with create_event(tmp_path / "print.gdbevent", title="Druck <b>x & y", tables=len(SHORT)) as ef:
        table_ids = [t.id for t in tables.list_tables(ef)]
        for i, text in enumerate(SHORT):
            attendees.add_walk_in(ef, text, f"Nachname {i}", organisation=f"Org {text}")
            topic = topics.add_topic(ef, f"{i} {text}", problem_statement=text)
            topics.assign_topic(ef, table_ids[i], topic.id)
            results.set_result_fields(ef, table_ids[i], 1, results=LONG if i == 0 else text)
            results.add_idea(ef, table_ids[i], 1, title=text, owner=text, next_step=text)
        checkin = write_sheets(ef, tmp_path / "checkin.pdf", kind="checkin")
        sheets = write_sheets(ef, tmp_path / "results.pdf", kind="results")
    text = ""
    for path in (checkin, sheets):
        doc = pdfium.PdfDocument(str(path))
        try:
            text += "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        finally:
            doc.close()
    for marker in ("<b>x", "a & b", "<img src=file:///etc/passwd>", "@SUM(A1:A9)", "Grüße", "数据共享平台"):
        assert marker in text, marker
