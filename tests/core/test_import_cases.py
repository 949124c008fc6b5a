"""The importer on hand-made nasty files: encodings, layouts, merges, unsafe spreadsheets."""

import re
import time
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, EventTable, Organisation, Role, Topic, TopicChoice
from gdb_facilitator.core.errors import ImportProblem, ImportRejected
from gdb_facilitator.core.exchange import importers
from gdb_facilitator.core.exchange.importers import (
    FILE_LEVEL_CODES,
    decode,
    detect_delimiter,
    read_attendees,
    read_table_plan,
    split_full_name,
)
from gdb_facilitator.core.exchange.sectors import SectorMatcher
from gdb_facilitator.core.services.imports import apply_attendees, apply_table_plan
from gdb_facilitator.messages import MESSAGES, render, render_problem

SECTORS = ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]


@pytest.fixture
def ef(tmp_path):
    with EventFile.create(tmp_path / "e.gdbevent", title="T") as ef:
        yield ef


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def read(path: Path, **kw):
    return read_attendees(path, sector_names=SECTORS, **kw)


def rejected(path: Path, **kw) -> ImportProblem:
    with pytest.raises(ImportRejected) as info:
        read(path, **kw)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def file_state(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


# -- encodings and delimiters -----------------------------------------------------------
def test_tab_delimited_utf16_with_bom(tmp_path):
    text = "Vorname\tNachname\tOrganisation\tSektor\nJürgen\tGroß\tBA Pankow, Amt 2\tVerwaltung\n"
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode("utf-16"))  # with BOM
    preview = read(path)
    assert (preview.encoding, preview.delimiter) == ("utf-16", "\t")
    [row] = preview.rows
    assert (row.first_name, row.last_name, row.organisation, row.sector) == (
        "Jürgen", "Groß", "BA Pankow, Amt 2", "Verwaltung")


def test_utf16_le_without_bom_is_recognised():
    text, encoding = decode("Name;Sektor\r\nÖzlem Şahin;NGO\r\n".encode("utf-16-le"))
    assert encoding == "utf-16-le" and text.startswith("Name;Sektor")


def test_cp1252_and_latin1(tmp_path):
    path = write(tmp_path, "a.csv", "Vorname;Nachname;Organisation\nBärbel;Öztürk;Café „Zum Kiez“ – €\n",
                 encoding="cp1252", newline="\r\n")
    preview = read(path)
    assert preview.encoding == "cp1252"
    assert preview.rows[0].organisation == "Café „Zum Kiez“ – €"
    # 0x81 is undefined in cp1252: ISO-8859-1 reads everything.
    data = "Name\nMüller\x81 Anna\n".encode("latin-1")
    text, encoding = decode(data)
    assert encoding == "iso-8859-1" and "Müller" in text


def test_delimiter_counted_outside_quotes_and_excel_crlf():
    assert detect_delimiter('Name,Firma\r\n"Müller; Anna","A; B; C"\r\n"X; Y",Z\r\n') == ","
    assert detect_delimiter("Name;Firma\r\nAnna;Schulz, Brandt, Partner\r\nBen;IHK\r\n") == ";"
    assert detect_delimiter("Name\tFirma\nAnna\tA,B\n") == "\t"
    assert detect_delimiter("Anna Müller\nBen Schulz\n") is None


def test_mojibake_is_flagged(tmp_path):
    path = write(tmp_path, "m.csv", "Vorname;Nachname\nJÃ¼rgen;MÃ¼ller\nAnna;Schmidt\n")
    preview = read(path)
    assert [w.row for w in preview.warnings if w.code == "mojibake"] == [2]
    assert len(preview.rows) == 2


# -- layout -----------------------------------------------------------------------------
def test_title_row_and_empty_rows_above_the_header(tmp_path):
    text = ("Teilnehmerliste Jahreskonferenz, Stand 3.9.;;\n;;\n"
            "Vorname;Nachname;E-Mail\nAnna;Abel;anna@x.example\n;;\nBen;Bauer;ben@x.example\n")
    preview = read(write(tmp_path, "t.csv", text))
    assert preview.header_row == 3
    assert [r.source_row for r in preview.rows] == [4, 6]
    assert preview.skipped == {"empty_row": 1}


def test_quoted_line_break_is_one_row(tmp_path):
    text = 'Name,Kommentar\nAnna Abel,"erste Zeile\nzweite Zeile"\nBen Bauer,\n'
    preview = read(write(tmp_path, "q.csv", text))
    assert [(r.source_row, r.full_name) for r in preview.rows] == [(2, "Anna Abel"), (3, "Ben Bauer")]
    assert preview.rows[0].comment == "erste Zeile\nzweite Zeile"


def test_last_name_first_column(tmp_path):
    text = "Nachname, Vorname;Organisation\nMüller, Anna;BA Pankow\nvon Bergen, Frieda;NGO e.V.\nSolo;X\n"
    preview = read(write(tmp_path, "n.csv", text))
    assert preview.mapping["name_last_first"] == "Nachname, Vorname"
    assert [(r.first_name, r.last_name) for r in preview.rows] == [
        ("Anna", "Müller"), ("Frieda", "von Bergen"), ("Solo", "")]


def test_full_name_column_is_split(tmp_path):
    preview = read(write(tmp_path, "f.csv", "Name;Firma\nProf. Dr. Ana de la Cruz;X\nFrieda von Bergen;Y\n"))
    assert [(r.title, r.first_name, r.last_name) for r in preview.rows] == [
        ("Prof. Dr.", "Ana", "de la Cruz"), ("", "Frieda", "von Bergen")]


@pytest.mark.parametrize("text, expected", [
    ("Dr. Ines Weiß", ("Dr.", "Ines", "Weiß")),
    ("José María Fernández", ("", "José María", "Fernández")),
    ("Anna-Lena Krüger", ("", "Anna-Lena", "Krüger")),
    ("Müller, Anna", ("", "Anna", "Müller")),
    ("Ludwig van der Heide", ("", "Ludwig", "van der Heide")),
    ("Frau Dr. Maria Schmidt", ("Dr.", "Maria", "Schmidt")),
    ("Madonna", ("", "Madonna", "")),
    ("   ", ("", "", "")),
])
def test_split_full_name(text, expected):
    assert split_full_name(text) == expected


def test_name_list_without_header(tmp_path):
    text = "Anna Abel\n\nMüller, Ben\nDr. Carla Cruz  \nAnna Abel\nanna@example.org\n"
    preview = read(write(tmp_path, "namen.txt", text))
    assert preview.header_row is None
    assert [(r.source_row, r.title, r.first_name, r.last_name) for r in preview.rows] == [
        (1, "", "Anna", "Abel"), (3, "", "Ben", "Müller"), (4, "Dr.", "Carla", "Cruz")]
    assert preview.skipped == {"empty_row": 1}
    assert preview.duplicates == [(1, 5)]
    assert [(p.code, p.row) for p in preview.problems] == [("not_a_name", 6)]


def test_header_only_file_is_refused_as_having_no_rows(tmp_path):
    # "0 added" would hide the wrong file (or an export taken before anybody registered).
    for name, text in (("h.csv", "Vorname;Nachname;E-Mail\n"), ("e.csv", "Vorname;Nachname\n;\n\n;\n"),
                       ("t.csv", "Titel\n\nVorname;Nachname;E-Mail\n")):
        problem = rejected(write(tmp_path, name, text))
        assert problem.code == "no_rows" and problem.row is None, name
    assert rejected(write(tmp_path, "t.csv", "Titel\n\nVorname;Nachname;E-Mail\n")).params["header_row"] == 3
    with pytest.raises(ImportRejected) as info:
        read_table_plan(write(tmp_path, "plan.csv", "Tisch;Name;Plätze\n"))
    assert [p.code for p in info.value.problems] == ["no_rows"]
    # A list whose rows are all skipped (cancelled) does have rows: the preview says why.
    preview = read(write(tmp_path, "c.csv", "Vorname;Nachname;Status\nAnna;Abel;storniert\n"))
    assert preview.rows == [] and sum(preview.skipped.values()) == 1


# -- statuses, roles, sectors, topics ---------------------------------------------------
def test_statuses_roles_and_tables(tmp_path):
    text = ("Vorname;Nachname;Status;Rolle;Tisch;Möchten Sie einen Thementisch moderieren?\n"
            "A;One;Paid;Gastgeber:in;3;Ja\n"
            "B;Two;Expired;;;\n"
            "C;Three;Checked In;Referentin;;nein\n"
            "D;Four;Canceled;;;\n"
            "E;Five;Paid;Teilnehmer:in;Tisch 4;\n"
            "F;Six;Irgendwas;Host;abc;yes\n")
    preview = read(write(tmp_path, "s.csv", text))
    assert preview.skipped == {"expired": 1, "canceled": 1}
    got = {r.first_name: (r.role, r.table, r.host_volunteer) for r in preview.rows}
    assert got == {"A": ("host", 3, True), "C": ("speaker", None, False),
                   "E": ("participant", 4, False), "F": ("host", None, True)}
    assert [w.code for w in preview.warnings] == ["bad_table_value", "unknown_status"]


def test_host_pins_create_missing_tables(tmp_path, ef):
    apply_table_plan(ef, read_table_plan(write(tmp_path, "t.csv", "Tisch;Plätze\n3;5\n")))
    text = "Vorname;Nachname;Rolle;Tisch\nA;One;Gastgeber;3\nB;Two;Gastgeberin;12\nC;Three;;7\n"
    summary = apply_attendees(ef, read(write(tmp_path, "h.csv", text)))
    assert (summary.hosts_pinned, summary.tables_added) == (2, 1)
    with ef.session() as s:
        tables = {t.number: t.capacity for t in s.scalars(select(EventTable))}
        assert tables == {3: 5, 12: 8}
        c = s.scalar(select(Attendee).where(Attendee.first_name == "C"))
        assert c.role == Role.PARTICIPANT and c.pinned_table_id is None


def test_unmatched_sector_is_reported_not_guessed(tmp_path):
    text = "Name;Sektor\nA B;Kunst & Kultur\nC D;Kunst & Kultur\nE F;Wissenschaft/Forschung\nG H;\nI J;Verwaltung / Wirtschaft\n"
    preview = read(write(tmp_path, "u.csv", text))
    assert preview.unmatched_sectors == {"Kunst & Kultur": 2, "Verwaltung / Wirtschaft": 1}
    assert [r.sector for r in preview.rows] == [None, None, "Wissenschaft", None, None]


@pytest.mark.parametrize("label, sector", [
    ("öffentl. Verwaltung", "Verwaltung"), ("Öffentliche Verwaltung", "Verwaltung"),
    ("Public Administration", "Verwaltung"), ("  VERWALTUNG ", "Verwaltung"),
    ("Forschung", "Wissenschaft"), ("Academia / Research", "Wissenschaft"),
    ("Wissenschaft & Forschung", "Wissenschaft"), ("Unternehmen", "Wirtschaft"),
    ("Private Sector", "Wirtschaft"), ("NGO", "Zivilgesellschaft"),
    ("Civil Society / NGO", "Zivilgesellschaft"), ("Zivilgesellschaft / NGO", "Zivilgesellschaft"),
    ("Sonstiges", None), ("", None), ("Verwaltung und Wirtschaft", None),
])
def test_sector_synonyms(label, sector):
    assert SectorMatcher(SECTORS).match(label) == sector


def test_sector_names_of_the_event_win():
    matcher = SectorMatcher(["Public Administration", "Science", "Kunst"])
    assert matcher.match("öffentl. Verwaltung") == "Public Administration"
    assert matcher.match("Forschung") == "Science"
    assert matcher.match("kunst") == "Kunst"
    assert matcher.match("NGO") is None  # the event has no civil-society sector


def test_topics_become_ranked_choices(tmp_path, ef):
    text = ("Name;Themenwunsch 1;Themenwunsch 2;Themenwunsch 3\n"
            "A B;Offene Daten;Mobilität;\nC D;mobilität;Klima;Offene Daten\n")
    summary = apply_attendees(ef, read(write(tmp_path, "t.csv", text)))
    assert summary.topics_added == 3
    with ef.session() as s:
        titles = s.scalars(select(Topic.title).order_by(Topic.position)).all()
        assert titles == ["Offene Daten", "Mobilität", "Klima"]
        c = s.scalar(select(Attendee).where(Attendee.first_name == "C"))
        assert [tc.topic.title for tc in c.topic_choices] == ["Mobilität", "Klima", "Offene Daten"]


# -- privacy ----------------------------------------------------------------------------
def test_columns_not_on_the_allow_list_are_dropped_and_listed(tmp_path, ef):
    text = ("Order code;Position ID;Status;Attendee name;Attendee email;Company;Allergien;"
            "Telefon;Geburtsdatum;Kommentar\n"
            "ABCDE;1;Paid;Ada Lovelace;ada@x.example;Engines Ltd;Erdnüsse;+49 30 1;1815-12-10;hi\n")
    preview = read(write(tmp_path, "p.csv", text))
    assert preview.dropped_columns == ["Allergien", "Telefon", "Geburtsdatum"]
    [row] = preview.rows
    assert row.registration_id == "ABCDE-1"
    assert "Erdnüsse" not in repr(row) and "+49 30 1" not in repr(row)
    apply_attendees(ef, preview)
    ef.close()
    raw = file_state(ef.path)
    assert "Erdnüsse".encode() not in raw and b"1815-12-10" not in raw


# -- overrides --------------------------------------------------------------------------
def test_override_mapping(tmp_path):
    text = "Wer;Bei;Bereich;Bereich alt\nAda Lovelace;Engines;Kunst;Forschung\n"
    path = write(tmp_path, "o.csv", text)
    preview = read(path, overrides={"full_name": "Wer", "organisation": "bei",
                                    "sector": "Bereich alt"})
    assert preview.mapping["full_name"] == "Wer" and preview.mapping["sector"] == "Bereich alt"
    [row] = preview.rows
    assert (row.first_name, row.last_name, row.organisation, row.sector) == (
        "Ada", "Lovelace", "Engines", "Wissenschaft")
    # An empty header switches a detected field off.
    assert read(path, overrides={"full_name": "Wer", "sector": ""}).rows[0].sector is None


def test_override_naming_a_missing_header_lists_the_available_ones(tmp_path):
    path = write(tmp_path, "o.csv", "Vorname;Nachname;E-Mail\nA;B;c@d.example\n")
    problem = rejected(path, overrides={"organisation": "Firma"})
    assert problem.code == "override_unknown_header" and problem.row is None
    assert problem.params["available"] == "Vorname, Nachname, E-Mail"
    text = render_problem(problem)
    assert "Firma" in text and "Vorname, Nachname, E-Mail" in text
    assert rejected(path, overrides={"shoe_size": "E-Mail"}).code == "override_unknown_field"


# -- refused rows and files -------------------------------------------------------------
def test_unclosed_quote_in_the_last_row(tmp_path):
    path = write(tmp_path, "q.csv", 'Name;Firma\nA B;X\nC D;"Y\nE F;Z\n')
    problem = rejected(path)
    assert (problem.code, problem.row) == ("unclosed_quote", 3)


def test_text_after_a_closing_quote_is_refused_at_its_row(tmp_path):
    path = write(tmp_path, "q.csv", 'Name;Firma\nA B;X\n"C" D;Y\n')
    problem = rejected(path)
    assert (problem.code, problem.row) == ("quote_misplaced", 3)


def test_rows_without_name_and_too_long_names(tmp_path):
    long = "L" * 201
    text = f"Vorname;Nachname;E-Mail\n;;x@y.example\nAnna;{long};\nBen;{'B' * 200};\n"
    preview = read(write(tmp_path, "l.csv", text))
    assert [(p.code, p.row) for p in preview.problems] == [("no_name", 2), ("value_too_long", 3)]
    assert preview.problems[1].column == "Nachname"
    assert preview.problems[1].params == {"length": 201, "max": 200}
    assert [r.last_name for r in preview.rows] == ["B" * 200]


def test_duplicates_by_name_and_organisation_and_repeated_ids(tmp_path):
    text = ("Nr.;Vorname;Nachname;Organisation;E-Mail\n"
            "1;Anna;Abel;BA Pankow;\n2;anna;ABEL;ba  pankow;\n3;Ben;Bauer;X;b@x.example\n"
            "3;Carl;Cox;Y;c@y.example\n4;Bernd;Bauer;X;B@X.example\n")
    preview = read(write(tmp_path, "d.csv", text))
    assert preview.duplicates == [(2, 3), (4, 6)]
    assert [(p.code, p.row, p.params["first_row"]) for p in preview.problems] == [("duplicate_id", 5, 4)]


def test_bad_rows_leave_the_event_file_byte_identical(tmp_path, ef):
    apply_attendees(ef, read(write(tmp_path, "ok.csv", "Vorname;Nachname\nAnna;Abel\n")))
    path = write(tmp_path, "bad.csv", "Vorname;Nachname\nBen;Bauer\nC;D;extra\nE;F\n")
    preview = read(path)
    assert [(p.code, p.row, p.params) for p in preview.problems] == [
        ("too_many_fields", 3, {"fields": 3, "columns": 2})]
    before = file_state(ef.path)
    with pytest.raises(ImportRejected) as info:
        apply_attendees(ef, preview)
    assert file_state(ef.path) == before
    text = render(info.value)
    assert "bad.csv" in text and "rows 3" in text and "row 3: " in text
    summary = apply_attendees(ef, preview, accept_good_rows=True)
    assert (summary.added, summary.rejected_rows) == (2, [3])


@pytest.mark.parametrize("content, code", [
    (b"", "empty"), (b"\xef\xbb\xbf\r\n\r\n", "empty"), (b";;;\n;;\n", "empty"),
    (b"E-Mail;Telefon\na@b.example;1\n", "no_name_column"),
    (b"foo\x00bar\x00\n", "not_text"),
])
def test_whole_file_rejections(tmp_path, content, code):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    problem = rejected(path)
    assert problem.code == code and problem.row is None and code in FILE_LEVEL_CODES


def test_missing_file_and_folder(tmp_path):
    assert rejected(tmp_path / "nope.csv").code == "file_missing"
    assert rejected(tmp_path).code == "file_unreadable"


# -- merging ----------------------------------------------------------------------------
def test_reimport_merges_and_keeps_arrival_and_seats(tmp_path, ef):
    first = ("Order code;Position ID;Status;Attendee name;Attendee email;Company;Sektor\n"
             "AAAAA;1;Paid;Anna Abel;anna@x.example;BA Pankow;Verwaltung\n"
             "BBBBB;1;Paid;Ben Bauer;ben@x.example;IHK;Wirtschaft\n"
             "CCCCC;1;Paid;Cleo Cox;cleo@x.example;TU;Forschung\n")
    apply_attendees(ef, read(write(tmp_path, "v1.csv", first)))
    arrived = datetime(2026, 6, 12, 8, 30, tzinfo=timezone.utc)
    with ef.session() as s:
        anna = s.scalar(select(Attendee).where(Attendee.registration_id == "AAAAA-1"))
        anna.arrived_at = arrived
        anna.role = Role.FACILITATOR
    second = ("Order code;Position ID;Status;Attendee name;Attendee email;Company;Sektor\n"
              "AAAAA;1;Paid;Anna Abel-Berg;anna@x.example;BA Pankow;Verwaltung\n"
              "BBBBB;1;Canceled;Ben Bauer;ben@x.example;IHK;Wirtschaft\n"
              "CCCCC;1;Paid;Cleo Cox;cleo@x.example;TU;Forschung\n"
              "DDDDD;1;Paid;Dana Dorn;dana@x.example;Neue Org;NGO\n")
    summary = apply_attendees(ef, read(write(tmp_path, "v2.csv", second)))
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 1)
    assert summary.now_cancelled == ["BBBBB-1"]
    assert summary.organisations_added == 1
    with ef.session() as s:
        anna = s.scalar(select(Attendee).where(Attendee.registration_id == "AAAAA-1"))
        assert anna.last_name == "Abel-Berg"
        assert anna.arrived_at == arrived
        assert anna.role == Role.FACILITATOR  # no role column: the app's choice stays
        assert s.scalar(select(func.count(Attendee.id))) == 4
        assert s.scalar(select(func.count(Organisation.id))) == 4


def test_plain_name_list_merges_without_wiping_richer_data(tmp_path, ef):
    rich = "Vorname;Nachname;Organisation;E-Mail;Sektor\nAnna;Abel;BA Pankow;;Verwaltung\n"
    apply_attendees(ef, read(write(tmp_path, "a.csv", rich)))
    summary = apply_attendees(ef, read(write(tmp_path, "n.txt", "Anna Abel\nBen Bauer\n")))
    # Without organisation the name-list id differs from the list with one: a new person.
    assert summary.added == 2
    summary = apply_attendees(ef, read(write(tmp_path, "n2.txt", "Ben Bauer\n")))
    assert (summary.added, summary.unchanged) == (0, 1)


def test_topic_choices_are_replaced_on_update(tmp_path, ef):
    v1 = "ID;Name;Thema 1;Thema 2\n7;A B;Klima;Daten\n"
    v2 = "ID;Name;Thema 1;Thema 2\n7;A B;Daten;\n"
    apply_attendees(ef, read(write(tmp_path, "v1.csv", v1)))
    summary = apply_attendees(ef, read(write(tmp_path, "v2.csv", v2)))
    assert summary.updated == 1
    with ef.session() as s:
        ranks = s.execute(select(TopicChoice.rank, Topic.title).join(Topic)).all()
        assert ranks == [(1, "Daten")]


# -- XLSX -------------------------------------------------------------------------------
def _xlsx(path: Path, rows: list[list], title_rows: int = 0) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["Anmeldungen"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_formulas_dates_numbers_and_literal_formula_text(tmp_path):
    path = tmp_path / "l.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nr.", "Vorname", "Nachname", "Organisation", "Kommentar"])
    ws.append([12.0, "Anna", "Abel", "=1+1", datetime(2023, 9, 14, 9, 30)])
    ws["D2"].data_type = "s"  # a text cell that merely looks like a formula
    ws.append([13, "Ben", "=CONCAT(\"B\",\"auer\")", "X", date(2023, 9, 14)])
    ws.append([None, None, None, None, None])
    ws.append([14, "Cleo", "Cox", 3.5, None])
    wb.save(path)
    preview = read(path)
    assert (preview.encoding, preview.delimiter, preview.header_row) == (None, None, 1)
    rows = {r.source_row: r for r in preview.rows}
    assert rows[2].registration_id == "12" and rows[2].organisation == "=1+1"
    assert rows[2].comment == "2023-09-14 09:30:00"
    # openpyxl wrote no cached value for the formula: it reads as empty.
    assert (rows[3].first_name, rows[3].last_name, rows[3].comment) == ("Ben", "", "2023-09-14")
    assert rows[5].organisation == "3.5"
    assert preview.skipped == {"empty_row": 1}


def test_xlsx_title_row_and_second_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Info"
    wb.active.append(["Exportiert am 1.9."])
    ws = wb.create_sheet("Positions")
    ws.append(["Anmeldeliste"])
    ws.append([])
    ws.append(["First Name", "Last Name", "Email"])
    ws.append(["Ada", "Lovelace", "ada@x.example"])
    wb.save(path)
    preview = read(path)
    assert preview.header_row == 3
    assert [(r.source_row, r.full_name) for r in preview.rows] == [(4, "Ada Lovelace")]


def test_not_a_zip_named_xlsx(tmp_path):
    path = write(tmp_path, "x.xlsx", "Vorname;Nachname\nA;B\n")
    problem = rejected(path)
    assert problem.code == "not_xlsx"
    assert "not a valid Excel (.xlsx) file" in render_problem(problem)


def test_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert rejected(path).code == "not_xlsx"


def test_zip_bomb_is_refused_fast(tmp_path):
    source = _xlsx(tmp_path / "ok.xlsx", [["Name"], ["A B"]])
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        chunk = b"<!-- " + b"0" * (1 << 20) + b" -->"
        with dst.open("xl/media/padding.xml", "w") as fh:
            for _ in range(60):
                fh.write(chunk)
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    problem = rejected(path)
    assert problem.code == "xlsx_too_large"
    assert time.monotonic() - started < 2


def test_billion_laughs_is_refused(tmp_path):
    source = _xlsx(tmp_path / "ok.xlsx", [["Name"], ["A B"]])
    evil = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
            '</sheetData></worksheet>')
    path = tmp_path / "lol.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = evil.encode() if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            dst.writestr(item, data)
    started = time.monotonic()
    assert rejected(path).code == "xlsx_unsafe"
    assert time.monotonic() - started < 2


def test_truncated_xlsx(tmp_path):
    source = _xlsx(tmp_path / "ok.xlsx", [["Name"], ["A B"]])
    path = tmp_path / "cut.xlsx"
    path.write_bytes(source.read_bytes()[:600])
    assert rejected(path).code in ("not_xlsx", "xlsx_unreadable")


# -- table plan -------------------------------------------------------------------------
def test_table_plan_problems_and_update(tmp_path, ef):
    bad = "Tisch;Name;Thema;Plätze\n1;A;;7\nx;B;;7\n1;C;;7\n2;D;;null\n3;E;Klima;\n"
    preview = read_table_plan(write(tmp_path, "t.csv", bad))
    assert [(p.code, p.row) for p in preview.problems] == [
        ("bad_table_number", 3), ("duplicate_table", 4), ("bad_capacity", 5)]
    with pytest.raises(ImportRejected):
        apply_table_plan(ef, preview)
    summary = apply_table_plan(ef, preview, accept_good_rows=True)
    assert (summary.created, summary.seats, summary.with_topic) == (2, 15, 1)
    update = "Nr.;Bezeichnung;Thema;Kapazität\n1;Spree;Daten;6\n3;E;;8\n"
    summary = apply_table_plan(ef, read_table_plan(write(tmp_path, "u.csv", update)))
    assert (summary.created, summary.updated, summary.unchanged, summary.topics_added) == (0, 1, 1, 1)
    with ef.session() as s:
        tables = {t.number: (t.name, t.capacity, t.topic.title if t.topic else None)
                  for t in s.scalars(select(EventTable))}
    assert tables == {1: ("Spree", 6, "Daten"), 3: ("E", 8, "Klima")}


def test_table_plan_without_number_column(tmp_path):
    with pytest.raises(ImportRejected) as info:
        read_table_plan(write(tmp_path, "t.csv", "Name;Thema\nA;B\n"))
    assert info.value.problems[0].code == "no_table_column"


# -- messages ---------------------------------------------------------------------------
ALL_CODES = sorted(FILE_LEVEL_CODES | {
    "unclosed_quote", "quote_misplaced", "field_too_long", "row_unreadable", "rows_refused",
    "too_many_fields", "no_name", "value_too_long", "duplicate_id", "not_a_name",
    "bad_table_number", "duplicate_table", "bad_capacity", "mojibake", "bad_table_value",
    "unknown_status", "pair_self", "pair_both_kinds", "pair_partner_skipped", "pair_partner_unknown",
    "pair_kind_differs"})


def test_every_import_code_has_a_short_message():
    params = {"reason": "Permission denied", "max_mb": 50, "max": 100000, "columns": "A, " * 12 + "…",
              "field": "organisation", "fields": "x, " * 20, "header": "H" * 40,
              "available": "A, " * 12, "rows": "6, 13, 21", "count": 3, "length": 201,
              "id": "ABCDE-1", "first_row": 2, "value": "v" * 60, "number": 4, "header_row": 1}
    for code in ALL_CODES:
        assert code in MESSAGES, code
        text = render_problem(ImportProblem(code, row=9, column="Organisation", params=params))
        assert "{" not in text and len(text) <= 400, (code, text)


def test_importer_module_emits_only_known_codes():
    package = Path(importers.__file__).parent
    source = "\n".join(f.read_text(encoding="utf-8") for f in sorted(package.glob("*.py")))

    emitted = set(re.findall(r'(?:_reject\(path, |ImportProblem\()"([a-z_]+)"', source))
    assert emitted and emitted <= set(ALL_CODES), emitted - set(ALL_CODES)


def test_timestamps_of_new_attendees(tmp_path, ef):
    apply_attendees(ef, read(write(tmp_path, "a.csv", "Name\nA B\n")))
    with ef.session() as s:
        a = s.scalar(select(Attendee))
        assert a.created_at == a.updated_at
        assert abs(a.created_at - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_one_column_list_with_header_and_last_name_first(tmp_path):
    text = "Name\n" + "".join(f"Müller{i}, Anna\n" for i in range(60)) + '"Schulz, Ben"\n'
    preview = read(write(tmp_path, "n.csv", text))
    assert preview.problems == []
    assert (preview.rows[0].first_name, preview.rows[0].last_name) == ("Anna", "Müller0")
    assert preview.rows[-1].full_name == "Ben Schulz"
    assert len(preview.rows) == 61


def test_a_table_plan_given_as_attendee_list_is_refused(tmp_path):
    from gdb_facilitator.core.errors import ImportRejected
    from gdb_facilitator.core.exchange.importers import read_attendees
    from gdb_facilitator.messages import render

    plan = tmp_path / "tische.csv"
    plan.write_text("Tisch;Name;Thema;Plätze\n1;Spree;;7\n2;Havel;Offene Daten;8\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        read_attendees(plan, sector_names=["Verwaltung"])
    assert [p.code for p in err.value.problems] == ["looks_like_table_plan"]
    assert "table plan" in render(err.value)
