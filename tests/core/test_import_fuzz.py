"""Property tests: arbitrary bytes never crash the importer; valid CSVs round-trip exactly."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdb_facilitator.core.errors import ImportRejected
from gdb_facilitator.core.exchange.importers import (
    FILE_LEVEL_CODES,
    read_attendees,
    read_table_plan,
)
from gdb_facilitator.messages import MESSAGES, render

SECTORS = ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
FUZZ = settings(max_examples=250, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _assert_sane_outcome(path, reader):
    try:
        preview = reader(path)
    except ImportRejected as error:
        assert len(error.problems) == 1
        problem = error.problems[0]
        assert problem.code in MESSAGES
        assert problem.row is not None or problem.code in FILE_LEVEL_CODES
        text = render(error)
        assert len(text) - len(str(path)) <= 400 + 60  # the headline names the file
        return
    for problem in preview.problems:
        assert problem.row is not None and problem.row >= 1
        assert problem.code in MESSAGES
    for warning in getattr(preview, "warnings", []):
        assert warning.code in MESSAGES


# Bytes that look like the start of real exports, so the fuzzer gets past "empty".
_PREFIXES = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"Vorname;Nachname\r\n",
                             b"Name,Email\n", b"Tisch;Thema;Pl\xc3\xa4tze\n", b'"Name"\t"x"\n'])


@FUZZ
@given(prefix=_PREFIXES, data=st.binary(max_size=400))
def test_arbitrary_bytes_as_csv(tmp_path_factory, prefix, data):
    path = tmp_path_factory.mktemp("fuzz") / "input.csv"
    path.write_bytes(prefix + data)
    _assert_sane_outcome(path, lambda p: read_attendees(p, sector_names=SECTORS))
    _assert_sane_outcome(path, read_table_plan)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_as_xlsx(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "input.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    _assert_sane_outcome(path, lambda p: read_attendees(p, sector_names=SECTORS))


def _clean_text(alphabet=None):
    base = st.text(alphabet=alphabet, max_size=25) if alphabet else st.text(
        alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=25)
    # The importer trims and normalises every cell; generate values it keeps as they are.
    return base.map(lambda s: unicodedata.normalize("NFC", s.replace("\ufeff", "")).strip())


_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéè -'.,;\t\""


@st.composite
def _lists(draw):
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    alphabet = _LATIN if encoding == "cp1252" else None
    count = draw(st.integers(min_value=1, max_value=8))
    people = []
    for i in range(count):
        last = draw(_clean_text(alphabet))
        first_extra = draw(_clean_text(alphabet))
        # A unique first word keeps generated people apart (no accidental duplicates).
        first = f"P{i}" + (f" {first_extra}" if first_extra else "")
        people.append((first, last, draw(_clean_text(alphabet))))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    return encoding, delimiter, newline, people


def _excel_line(cells, delimiter):
    # As Excel writes it: quotes only where needed, and always around line breaks
    # (csv.writer leaves a lone '\r' unquoted when the line terminator is '\n').
    out = []
    for cell in cells:
        if any(ch in cell for ch in (delimiter, '"', "\r", "\n")):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return delimiter.join(out)


@FUZZ
@given(spec=_lists())
def test_generated_csv_round_trips(tmp_path_factory, spec):
    encoding, delimiter, newline, people = spec
    lines = [_excel_line(["Vorname", "Nachname", "Organisation"], delimiter)]
    lines += [_excel_line(list(p), delimiter) for p in people]
    path = tmp_path_factory.mktemp("rt") / "list.csv"
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    preview = read_attendees(path, sector_names=SECTORS)
    assert preview.delimiter == delimiter
    assert preview.header_row == 1
    assert preview.problems == [] and preview.duplicates == []
    got = [(r.first_name, r.last_name, r.organisation) for r in preview.rows]
    assert got == people
    assert [r.source_row for r in preview.rows] == list(range(2, len(people) + 2))
