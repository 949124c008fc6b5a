"""Every sample export in ../shared/data imports exactly as README.md / expected.json say.

Each file is checked twice: on the preview (pure reading) and after applying it to a fresh
event file (what the facilitator ends up with).
"""

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, EventTable, Role, Sector
from gdb_facilitator.core.errors import ImportRejected
from gdb_facilitator.core.exchange.importers import (
    FILE_LEVEL_CODES,
    read_attendees,
    read_table_plan,
)
from gdb_facilitator.core.services.imports import apply_attendees, apply_table_plan
from gdb_facilitator.messages import MESSAGES, render

SECTORS = ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
NO_SECTOR = "ohne Angabe"
_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
_EXPECTED_PATH = _DATA / "expected.json"
EXPECTED = json.loads(_EXPECTED_PATH.read_text(encoding="utf-8")) if _EXPECTED_PATH.exists() else {}
ATTENDEE_FILES = sorted(n for n, e in EXPECTED.items() if e["kind"] == "attendees") or ["(no data)"]
TABLE_FILES = sorted(n for n, e in EXPECTED.items() if e["kind"] == "table_plan") or ["(no data)"]
# Column header in a check -> attribute of an imported attendee.
COLUMN_FIELDS = {"Vorname": "first_name", "Nachname": "last_name", "Organisation": "organisation",
                 "E-Mail": "email", "Kommentar": "comment"}


# Phrases given in German only, and what the English source text says instead.
GERMAN_ONLY = {"gefundene Spalten: E-Mail, Telefon": "found columns: E-Mail, Telefon"}


def _english(phrase: str) -> str:
    # "Zeile 9 / row 9": German UI / English UI; messages.py holds the English source.
    return GERMAN_ONLY.get(phrase, phrase.split(" / ")[-1])


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _db_sectors(ef: EventFile) -> dict[str, int]:
    with ef.session() as s:
        rows = s.execute(select(Sector.name, func.count(Attendee.id))
                         .select_from(Attendee).outerjoin(Sector, Attendee.sector_id == Sector.id)
                         .group_by(Sector.name)).all()
    return {(name or NO_SECTOR): count for name, count in rows}


def _db_people(ef: EventFile) -> dict[str, Attendee]:
    with ef.session() as s:
        people = s.scalars(select(Attendee)).all()
        for a in people:  # load what the checks read before the session closes
            _ = a.organisation, a.sector, a.pinned_table
    return {a.registration_id: a for a in people}


@pytest.fixture
def ef(tmp_path):
    with EventFile.create(tmp_path / "e.gdbevent", title="T") as ef:
        yield ef


@pytest.mark.parametrize("name", ATTENDEE_FILES)
def test_attendee_file_as_documented(name, shared_data, ef):
    exp = EXPECTED[name]
    path = shared_data / name
    before = _file_bytes(ef.path)

    if exp["reject_file"]:
        with pytest.raises(ImportRejected) as info:
            read_attendees(path, sector_names=SECTORS)
        error = info.value
        assert error.path == str(path)
        assert len(error.problems) == 1
        problem = error.problems[0]
        assert problem.code in MESSAGES
        if exp["reject_rows"]:
            assert [problem.row] == exp["reject_rows"]
        else:
            assert problem.row is None and problem.code in FILE_LEVEL_CODES
        text = render(error)
        assert name in text
        for phrase in exp["message_must_mention"]:
            assert _english(phrase) in text, (phrase, text)
        assert "Traceback" not in text
        assert _file_bytes(ef.path) == before
        with ef.session() as s:
            assert s.scalar(select(func.count(Attendee.id))) == 0
        return

    preview = read_attendees(path, sector_names=SECTORS)
    by_row = {r.source_row: r for r in preview.rows}

    # -- the preview --------------------------------------------------------------------
    assert preview.problem_rows == exp["reject_rows"]
    assert all(p.row is not None for p in preview.problems)
    assert len(preview.rows) == exp["attendees"]
    assert preview.skipped == exp["skipped"]
    assert len(preview.duplicates) == exp["duplicates"]
    assert [list(pair) for pair in preview.duplicates] == exp.get("duplicate_rows", [])
    seen_rows = (len(preview.rows) + sum(preview.skipped.values()) + len(preview.duplicates)
                 + len(preview.problem_rows))
    assert seen_rows == exp["data_rows"]
    pinned = [r for r in preview.rows if r.role == "host" and r.table is not None]
    assert len(pinned) == exp["hosts_pinned"]
    if "host_volunteers" in exp:
        assert sum(r.host_volunteer for r in preview.rows) == exp["host_volunteers"]
    assert dict(Counter(r.sector or NO_SECTOR for r in preview.rows)) == exp["sectors"]
    assert preview.unmatched_sectors == {}
    assert len({r.registration_id for r in preview.rows}) == len(preview.rows)
    for r in preview.rows:
        for value in (r.first_name, r.last_name, r.organisation, r.email, r.comment):
            assert value == value.strip()

    for check in exp["checks"]:
        if "rows" in check:
            rows = check["rows"]
            involved = {row for pair in preview.duplicates for row in pair}
            assert not involved & set(rows), check
            imported = [by_row[r] for r in rows if r in by_row]
            if "canceled" in check["why"]:
                assert len(imported) == 1, check  # the cancelled order is skipped, the new one counts
            else:
                assert len(imported) == len(rows), check
                assert len({r.full_name for r in imported}) == len(rows)
            continue
        row = check["row"]
        if row in exp["reject_rows"]:
            assert row not in by_row
            continue
        person = by_row[row]
        if "name" in check:
            assert person.full_name == check["name"], check
        if "email" in check:
            assert person.email == check["email"], check
        if "organisation" in check:
            assert person.organisation == check["organisation"], check
        if "sector" in check:
            assert (person.sector or NO_SECTOR) == check["sector"], check
        if "host_table" in check:
            assert person.role == "host" and person.table == check["host_table"], check
        if "comment" in check:
            assert person.comment == check["comment"], check
        if "column" in check:
            assert getattr(person, COLUMN_FIELDS[check["column"]]) == check["value"], check

    # -- applied to an event file -------------------------------------------------------
    if exp["reject_rows"]:
        with pytest.raises(ImportRejected) as info:
            apply_attendees(ef, preview)
        text = render(info.value)
        assert name in text
        for phrase in exp.get("message_must_mention", []):
            assert _english(phrase) in text, (phrase, text)
        for row in exp["reject_rows"]:
            assert f"row {row}" in text
        assert _file_bytes(ef.path) == before
        summary = apply_attendees(ef, preview, accept_good_rows=True)
        assert summary.rejected_rows == exp["reject_rows"]
    else:
        summary = apply_attendees(ef, preview)
    assert summary.added == exp["attendees"]
    assert summary.updated == 0 and summary.unchanged == 0
    assert summary.hosts_pinned == exp["hosts_pinned"]
    assert summary.skipped == exp["skipped"]
    assert len(summary.duplicates) == exp["duplicates"]

    people = _db_people(ef)
    assert len(people) == exp["attendees"]
    assert _db_sectors(ef) == exp["sectors"]
    hosts = [a for a in people.values() if a.role == Role.HOST and a.pinned_table is not None]
    assert len(hosts) == exp["hosts_pinned"]
    if "host_volunteers" in exp:
        assert sum(a.host_volunteer for a in people.values()) == exp["host_volunteers"]
    for check in exp["checks"]:
        if "row" not in check or check["row"] not in by_row:
            continue
        a = people[by_row[check["row"]].registration_id]
        if "name" in check:
            assert a.full_name == check["name"], check
        if "email" in check:
            assert a.email == check["email"], check
        if "organisation" in check:
            assert (a.organisation.name if a.organisation else "") == check["organisation"], check
        if "sector" in check:
            assert (a.sector.name if a.sector else NO_SECTOR) == check["sector"], check
        if "host_table" in check:
            assert a.role == Role.HOST and a.pinned_table.number == check["host_table"], check
        if "comment" in check:
            assert a.comment == check["comment"], check
        if "column" in check:
            fld = COLUMN_FIELDS[check["column"]]
            stored = a.organisation.name if fld == "organisation" else getattr(a, fld)
            assert stored == check["value"], check

    # Importing the same list again merges: nobody twice, nothing changed.
    again = apply_attendees(ef, preview, accept_good_rows=True)
    assert (again.added, again.updated, again.unchanged) == (0, 0, exp["attendees"])
    assert len(_db_people(ef)) == exp["attendees"]


@pytest.mark.parametrize("name", TABLE_FILES)
def test_table_plan_as_documented(name, shared_data, ef):
    exp = EXPECTED[name]
    preview = read_table_plan(shared_data / name)
    assert preview.problems == [] and exp["reject_rows"] == []
    assert len(preview.rows) == exp["tables"] == exp["data_rows"]
    assert preview.seats == exp["seats"]
    assert preview.with_topic == exp["with_topic"]
    by_row = {t.source_row: t for t in preview.rows}
    for check in exp["checks"]:
        assert by_row[check["row"]].number == check["table"]
        assert by_row[check["row"]].topic == check["topic"]

    summary = apply_table_plan(ef, preview)
    assert (summary.created, summary.seats, summary.with_topic) == (
        exp["tables"], exp["seats"], exp["with_topic"])
    with ef.session() as s:
        tables = {t.number: t for t in s.scalars(select(EventTable))}
        assert len(tables) == exp["tables"]
        assert sum(t.capacity for t in tables.values()) == exp["seats"]
        assert sum(1 for t in tables.values() if t.topic_id is not None) == exp["with_topic"]
        for check in exp["checks"]:
            assert tables[check["table"]].topic.title == check["topic"]
    again = apply_table_plan(ef, preview)
    assert (again.created, again.updated, again.unchanged) == (0, 0, exp["tables"])


def test_table_plan_numbers_match_the_hosts_of_the_excel_list(shared_data, ef):
    apply_table_plan(ef, read_table_plan(shared_data / "tischplan.csv"))
    summary = apply_attendees(ef, read_attendees(shared_data / "anmeldeliste_excel.csv",
                                                 sector_names=SECTORS))
    assert summary.hosts_pinned == 18 and summary.tables_added == 0
    with ef.session() as s:
        assert s.scalar(select(func.count(EventTable.id))) == 18
        assert s.scalar(select(func.sum(EventTable.capacity))) == 134


def test_pretix_xlsx_reads_like_the_pretix_csv(shared_data):
    csv_preview = read_attendees(shared_data / "pretix_positions_semicolon.csv", sector_names=SECTORS)
    xlsx_preview = read_attendees(shared_data / "pretix_positions.xlsx", sector_names=SECTORS)
    assert xlsx_preview.rows == csv_preview.rows
    assert xlsx_preview.mapping == csv_preview.mapping
    assert csv_preview.rows[0].registration_id == "SXRZW-1"
    assert csv_preview.rows[0].topics == ["Smarte Mobilität im Kiez",
                                          "Öffentliche Experimentierräume in den Kiezen"]
    assert "Pseudonymization ID" in csv_preview.dropped_columns


def test_sniffed_formats_of_the_samples(shared_data):
    cases = {
        "pretix_positions_semicolon.csv": ("utf-8-sig", ";"),
        "eventbrite_attendees.csv": ("utf-8", ","),
        "anmeldeliste_excel.csv": ("cp1252", ";"),
        "teilnehmende_international_utf8.csv": ("utf-8-sig", ";"),
        "namen.txt": ("utf-8", None),
    }
    for name, (encoding, delimiter) in cases.items():
        preview = read_attendees(shared_data / name, sector_names=SECTORS)
        assert (preview.encoding, preview.delimiter) == (encoding, delimiter), name


def test_anrede_keeps_the_academic_title_only(shared_data):
    preview = read_attendees(shared_data / "anmeldeliste_excel.csv", sector_names=SECTORS)
    viktor = next(r for r in preview.rows if r.source_row == 3)
    assert (viktor.first_name, viktor.last_name, viktor.title) == ("Viktor", "Abel", "Dr.")
    assert {r.title for r in preview.rows} <= {"", "Dr.", "Prof. Dr.", "Prof."}
    names = read_attendees(shared_data / "namen.txt", sector_names=SECTORS)
    ines = next(r for r in names.rows if r.source_row == 12)
    assert (ines.title, ines.first_name, ines.last_name) == ("Dr.", "Ines", "Weiß")
