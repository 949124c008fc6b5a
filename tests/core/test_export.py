import csv
import errno
import io
import json
import re
import zipfile
from collections import Counter
from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    Event,
    EventTable,
    Idea,
    IdeaStatus,
    IdeaUpdate,
    Organisation,
    Round,
    SeatAssignment,
    Sector,
    TableResult,
    TeamCode,
    Topic,
)
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.errors import EventFileError
from gdb_facilitator.core.exchange import exporters
from gdb_facilitator.core.exchange.exporters import (
    export_csv,
    export_json,
    export_sqlite,
    export_xlsx,
    neutralise,
)
from gdb_facilitator.messages import render

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return write_demo_event(tmp_path_factory.mktemp("demo") / "demo.gdbevent")


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    """A small event whose text looks like spreadsheet formulas everywhere."""
    path = tmp_path_factory.mktemp("tricky") / "tricky.gdbevent"
    with EventFile.create(path, title="=Titel", event_date=date(2026, 6, 12),
                          clock=FakeClock(NOW)) as ef, ef.session() as s:
        sectors = {x.name: x for x in s.scalars(select(Sector))}
        phone = Organisation(name="+49 30 1234567", name_key="+49 30 1234567")
        link = Organisation(name='=HYPERLINK("http://example.invalid","klick")', name_key="link")
        topic = Topic(title="@Thema", problem_statement="+Problem", created_at=NOW)
        table = EventTable(number=1, name="=SUM(A1)", capacity=8, topic=topic)
        rnd = Round(number=1, title="-Runde")
        people = [
            Attendee(registration_id="R-1", first_name="=1+1", last_name="@x", email="-x@a.example",
                     organisation=phone, sector=sectors["Wirtschaft"], comment="\tTab",
                     created_at=NOW, updated_at=NOW),
            Attendee(registration_id="R-2", first_name="Käthe", last_name="-x", organisation=link,
                     sector=sectors["Verwaltung"], comment="\nLF und \x01 Steuerzeichen",
                     created_at=NOW, updated_at=NOW),
            Attendee(registration_id="R-3", first_name="\rCR", last_name="Normal",
                     created_at=NOW, updated_at=NOW),
        ]
        result = TableResult(table=table, round=rnd, topic=topic, problem_statement="+Problem",
                             results="=1+1 ist das Ergebnis", updated_at=NOW)
        idea = Idea(position=0, title="-Idee", description="@alle", owner="=1+1 @x",
                    next_step="@x", support_needed="+1", notes="\tNotiz", updated_at=NOW)
        idea.updates.append(IdeaUpdate(reported_on=date(2026, 9, 20), status=IdeaStatus.IN_PROGRESS,
                                       progress=40, what_happened="=Zwischenstand",
                                       reported_by="@Käthe", created_at=NOW))
        result.ideas.append(idea)
        s.add_all([*people, result,
                   TeamCode(code="ABCDEFGHIJKLMNOPQRSTUVWXYZ", table=table, round=rnd,
                            created_at=NOW)])
        s.add_all(SeatAssignment(round=rnd, attendee=p, table=table) for p in people)
    return path


def _read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    return raw, rows[0], rows[1:]


def _counts(path):
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        return {
            "attendees": s.scalar(select(func.count(Attendee.id))),
            "tables": s.scalar(select(func.count(EventTable.id))),
            "assignments": s.scalar(select(func.count(SeatAssignment.id))),
            "results": s.scalar(select(func.count(TableResult.id))),
            "ideas": s.scalar(select(func.count(Idea.id))),
            "topics": s.scalar(select(func.count(Topic.id))),
            "follow_up": s.scalar(select(func.count(IdeaUpdate.id))),
        }


# -- CSV ---------------------------------------------------------------------------------


def test_csv_files_for_german_excel(demo, tmp_path):
    out = tmp_path / "neu" / "csv"  # created when missing
    written = export_csv(demo, out)
    assert [p.name for p in written] == list(exporters.CSV_FILES)
    counts = _counts(demo)
    for path in written:
        raw, header, rows = _read_csv(path)
        # CRLF everywhere (the demo has no line breaks inside values).
        assert raw.count(b"\n") == raw.count(b"\r\n") == len(rows) + 1
        assert len(rows) == counts[path.stem]
        assert all(len(row) == len(header) for row in rows)
    _raw, header, rows = _read_csv(out / "assignments.csv")
    assert header == ["attendee_id", "name", "round", "table"]
    assert all(re.fullmatch(r"GDB-\d{4}", r[0]) and r[2] == "1" and 1 <= int(r[3]) <= 18
               for r in rows)
    _raw, header, rows = _read_csv(out / "attendees.csv")
    sector = header.index("sector")
    assert Counter(r[sector] for r in rows) == {"Verwaltung": 59, "Wissenschaft": 26,
                                                "Wirtschaft": 19, "Zivilgesellschaft": 26}
    assert any("ß" in cell or "ü" in cell for row in rows for cell in row)
    assert sorted(p.name for p in out.iterdir()) == sorted(exporters.CSV_FILES)  # no temp files


def test_csv_neutralises_every_formula_like_cell(tricky, tmp_path):
    cells = []
    for path in export_csv(tricky, tmp_path):
        _raw, header, rows = _read_csv(path)
        cells += header + [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    for expected in ("'=1+1", "'@x", "'+49 30 1234567", "'-x", "'\tTab", "'\rCR", "'=SUM(A1)",
                     "'@Thema", "'+Problem", "'-Idee", "'=1+1 ist das Ergebnis", "'\tNotiz",
                     "'=HYPERLINK(\"http://example.invalid\",\"klick\")"):
        assert expected in cells, expected


def test_csv_into_a_file_instead_of_a_folder_is_refused(demo, tmp_path):
    target = tmp_path / "export.csv"
    target.write_text("alt")
    with pytest.raises(EventFileError) as err:
        export_csv(demo, target)
    assert err.value.code == "export_folder_is_file"
    assert "{" not in render(err.value)
    assert target.read_text() == "alt"


# -- XLSX --------------------------------------------------------------------------------


def _sheet_xml(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}


def test_xlsx_has_the_five_sheets_bold_frozen_headers(demo, tmp_path):
    out = export_xlsx(demo, tmp_path / "konferenz.xlsx")
    counts = _counts(demo)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Teilnehmende", "Tische", "Sitzplan", "Ergebnisse", "Ideen", "Themen",
                             "100-Tage-Check-in"]
    for title, key in zip(wb.sheetnames, ("attendees", "tables", "assignments", "results", "ideas",
                                          "topics", "follow_up")):
        ws = wb[title]
        assert ws.max_row - 1 == counts[key]
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
        assert all(ws.column_dimensions[c.column_letter].width >= 6 for c in ws[1])
    row = [c.value for c in wb["Teilnehmende"][2]]
    assert isinstance(row[10], (datetime, type(None)))  # arrival as a real date-time
    assert not any("<f>" in xml or "<f " in xml for xml in _sheet_xml(out).values())
    assert list(tmp_path.iterdir()) == [out]


def test_xlsx_writes_text_cells_exactly_as_typed(tricky, tmp_path):
    out = export_xlsx(tricky, tmp_path / "t.xlsx")
    for name, xml in _sheet_xml(out).items():
        assert "<f>" not in xml and "<f " not in xml, name
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    # Every text is a text cell (never a formula) and kept as typed: no apostrophe added.
    assert {c.data_type for c in cells} == {"s"}
    values = [c.value for c in cells]
    assert not [v for v in values if v.startswith("'")]
    for expected in ("=1+1", "@x", "+49 30 1234567", "-x", "=SUM(A1)", "-Idee", "\tTab", "@Thema",
                     "+Problem", "=1+1 ist das Ergebnis",
                     '=HYPERLINK("http://example.invalid","klick")'):
        assert expected in values, expected
    assert any("\ufffd Steuerzeichen" in v for v in values)  # control char replaced


def test_xlsx_every_cell_reads_back_unchanged(tmp_path):
    texts = ["+49 30 1234", "-Minus AG", "=Rathaus", "@Team", "=1+1", "'schon zitiert", "0049",
             "1.5", "TRUE", "2024-01-07", "Müller & Söhne <b>"]
    sheet = exporters._Sheet("x", "X", [exporters._Column("v", "=Wert")], [[t] for t in texts])
    path = tmp_path / "exact.xlsx"
    exporters._write_xlsx([sheet])(path)
    ws = load_workbook(path)["X"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert [c.value for c in cells] == ["=Wert", *texts]
    assert all(c.data_type == "s" for c in cells)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=30), min_size=1, max_size=6))
def test_generated_values_never_become_formulas(tmp_path, texts):
    for text in texts:
        safe = neutralise(text)
        assert not safe.startswith(TRIGGERS)
        assert safe in (text, "'" + text)
    sheet = exporters._Sheet("x", "X", [exporters._Column("v", "=Wert")], [[t] for t in texts])
    path = tmp_path / "gen.xlsx"
    exporters._write_xlsx([sheet])(path)
    assert not any("<f>" in xml or "<f " in xml for xml in _sheet_xml(path).values())
    ws = load_workbook(path)["X"]
    cells = [ws.cell(row=r, column=1) for r in range(2, len(texts) + 2)]
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    # Exactly as typed, except that line ends are LF (what XML keeps of a CR anyway).
    expected = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", t.replace("\r\n", "\n").replace("\r", "\n")) or None
                for t in texts]
    assert [c.value for c in cells] == expected


def test_xlsx_target_errors(demo, tmp_path):
    with pytest.raises(EventFileError) as err:
        export_xlsx(demo, tmp_path)
    assert err.value.code == "export_target_is_folder"
    with pytest.raises(EventFileError) as err:
        export_xlsx(demo, tmp_path / "fehlt" / "x.xlsx")
    assert err.value.code == "export_not_writable"
    with pytest.raises(EventFileError) as err:
        export_xlsx(demo, demo)
    assert err.value.code == "export_over_source"
    assert "{" not in render(err.value)


# -- JSON --------------------------------------------------------------------------------


def test_json_is_the_whole_event(demo, tmp_path):
    out = export_json(demo, tmp_path / "event.json")
    text = out.read_text(encoding="utf-8")
    assert "Großer Saal" in text  # ensure_ascii=False
    doc = json.loads(text)
    assert doc["format"] == "gdb-facilitator-event" and doc["version"] == 1
    assert doc["schema_version"] >= 1 and doc["anonymized"] is False
    assert doc["event"]["date"] == "2023-09-29"
    counts = _counts(demo)
    assert len(doc["attendees"]) == counts["attendees"]
    assert all(re.fullmatch(r"GDB-\d{4}", a["registration_id"]) for a in doc["attendees"])
    assert [s["name"] for s in doc["sectors"]] == ["Verwaltung", "Wissenschaft", "Wirtschaft",
                                                  "Zivilgesellschaft"]
    assert len(doc["organisations"]) == 56 and len(doc["topics"]) == 18
    assert len(doc["tables"]) == 18 and all(len(t["hosts"]) == 1 for t in doc["tables"])
    assert len(doc["assignments"]) == counts["assignments"]
    assert len(doc["results"]) == 18 and all(len(r["ideas"]) >= 2 for r in doc["results"])
    assert len(doc["team_codes"]) == 18 and len(doc["agenda"]) >= 8
    assert [r["number"] for r in doc["rounds"]][:1] == [1]
    # Stable: a second export differs only in its time stamp.
    again = json.loads(export_json(demo, tmp_path / "again.json").read_text(encoding="utf-8"))
    doc.pop("exported_at"), again.pop("exported_at")
    assert doc == again


def test_json_keeps_idea_updates_and_formula_text_verbatim(tricky, tmp_path):
    doc = json.loads(export_json(tricky, tmp_path / "t.json").read_text(encoding="utf-8"))
    idea = doc["results"][0]["ideas"][0]
    assert idea["title"] == "-Idee"  # JSON is no spreadsheet: text stays as typed
    assert idea["updates"] == [{
        "reported_on": "2026-09-20", "status": "in_progress", "progress": 40,
        "what_happened": "=Zwischenstand", "reported_by": "@Käthe",
        "created_at": "2026-03-02T09:00:00+00:00"}]
    assert doc["team_codes"][0] == {"code": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "table": 1, "round": 1,
                                    "created_at": "2026-03-02T09:00:00+00:00"}
    assert {a["registration_id"]: a["sector"] for a in doc["attendees"]} == {
        "R-1": "Wirtschaft", "R-2": "Verwaltung", "R-3": None}


# -- anonymised --------------------------------------------------------------------------


def test_anonymized_exports_name_nobody(demo, tmp_path):
    with EventFile.open(demo, readonly=True) as ef, ef.session() as s:
        people = [(a.full_name, a.email) for a in s.scalars(select(Attendee))]
        orgs = list(s.scalars(select(Organisation.name)))
    texts = [p.read_text(encoding="utf-8-sig")
             for p in export_csv(demo, tmp_path / "csv", anonymize=True)]
    texts.append(export_json(demo, tmp_path / "a.json", anonymize=True).read_text(encoding="utf-8"))
    wb = load_workbook(export_xlsx(demo, tmp_path / "a.xlsx", anonymize=True))
    texts.append("\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row))
    for text in texts:
        for name, email in people:
            assert name not in text and email not in text
        for org in orgs:
            assert org not in text
    _raw, header, rows = _read_csv(tmp_path / "csv" / "attendees.csv")
    assert len(rows) == 130
    assert Counter(r[header.index("sector")] for r in rows)["Verwaltung"] == 59
    _raw, header, rows = _read_csv(tmp_path / "csv" / "assignments.csv")
    assert all(r[0] == r[1] for r in rows)  # the registration id stands in for the name


# -- writing safely ----------------------------------------------------------------------


def test_a_failing_write_leaves_existing_exports_intact(demo, tmp_path, monkeypatch):
    (tmp_path / "csv").mkdir()
    old = {tmp_path / "csv" / name: b"alt" for name in exporters.CSV_FILES}
    old[tmp_path / "e.xlsx"] = b"alt xlsx"
    old[tmp_path / "e.json"] = b"alt json"
    for path, content in old.items():
        path.write_bytes(content)

    def disk_full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporters.os, "fsync", disk_full)
    for export, target in ((export_csv, tmp_path / "csv"), (export_xlsx, tmp_path / "e.xlsx"),
                           (export_json, tmp_path / "e.json")):
        with pytest.raises(EventFileError) as err:
            export(demo, target)
        assert err.value.code == "export_not_writable"
        assert "No space left" in render(err.value)
    assert {p: p.read_bytes() for p in old} == old
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.startswith(".")]
    assert leftovers == []


def test_a_crash_in_the_middle_of_writing_leaves_the_old_file(demo, tmp_path, monkeypatch):
    target = tmp_path / "e.xlsx"
    target.write_bytes(b"alt")

    def half_then_crash(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"PK\x03\x04 halb")
        raise RuntimeError("power cut")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", half_then_crash)
    with pytest.raises(RuntimeError):
        export_xlsx(demo, target)
    assert target.read_bytes() == b"alt"
    assert list(tmp_path.iterdir()) == [target]


# -- SQLite ------------------------------------------------------------------------------


def test_sqlite_copy_while_the_app_has_the_event_open_for_writing(tmp_path):
    source = write_demo_event(tmp_path / "live.gdbevent")
    app = EventFile.open(source)  # the app: holds the lock and writes
    try:
        with app.session() as s:
            s.scalars(select(Event)).one().venue = "Ausweichort"
        out = tmp_path / "copy.gdbevent"
        with EventFile.open(source, readonly=True) as ro:
            assert export_sqlite(ro, out) == out
        # A path works as well: it is opened read-only.
        export_sqlite(str(source), tmp_path / "copy2.gdbevent")
        export_json(source, tmp_path / "live.json")
        with app.session() as s:  # the app keeps writing
            s.scalars(select(Event)).one().venue = "Rotes Rathaus"
        with pytest.raises(EventFileError) as err:
            export_sqlite(app, source)
        assert err.value.code == "export_over_source"
    finally:
        app.close()
    for copy in (out, tmp_path / "copy2.gdbevent"):
        with EventFile.open(copy, readonly=True) as ef:
            assert ef.pragma("integrity_check") == "ok"
            with ef.session() as s:
                assert s.scalars(select(Event.venue)).one() == "Ausweichort"
                assert s.scalar(select(func.count(Attendee.id))) == 130
    doc = json.loads((tmp_path / "live.json").read_text(encoding="utf-8"))
    assert doc["event"]["venue"] == "Ausweichort"
