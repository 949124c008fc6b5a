"""Hostile import files beyond tests/core/test_import_fuzz.py: size, ragged rows, huge
fields, control characters. Every refusal names the file, and the row (and column)
where it concerns one."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdb_facilitator.core.errors import ImportRejected
from gdb_facilitator.core.exchange.importers import FILE_LEVEL_CODES, MAX_ROWS, read_attendees
from gdb_facilitator.messages import render, render_problem

SECTORS = ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
HEADER = "Vorname;Nachname;E-Mail;Organisation\n"


def _refusal(path):
    with pytest.raises(ImportRejected) as err:
        read_attendees(path, sector_names=SECTORS)
    text = render(err.value)
    assert str(path) in text.splitlines()[0]
    return err.value, text


def test_100000_rows_are_refused_at_once_with_the_limit(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(HEADER + "".join(f"Vorname{i};Nachname{i};p{i}@example.org;Organisation {i % 300}\n"
                                     for i in range(100_000)), encoding="utf-8")
    started = time.perf_counter()
    error, text = _refusal(path)
    seconds = time.perf_counter() - started
    assert [p.code for p in error.problems] == ["too_many_rows"]
    assert str(MAX_ROWS) in text
    assert seconds < 5, f"refusing took {seconds:.1f} s"


def test_ragged_rows_are_reported_by_row_and_the_rest_still_reads(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(HEADER
                    + "Anna;Müller;anna@example.org;Bezirksamt\n"
                    + "Lars;Sørensen;lars@example.org;Datenbrücke;GmbH;extra\n"  # row 3: too many
                    + "Zoë\n"  # row 4: fewer fields are fine (empty values)
                    + ";;;\n"  # row 5: no name at all
                    + "Jens;Groß;jens@example.org;Kiezladen\n", encoding="utf-8")
    preview = read_attendees(path, sector_names=SECTORS)
    assert [r.first_name for r in preview.rows] == ["Anna", "Zoë", "Jens"]
    by_row = {p.row: p for p in preview.problems}
    assert by_row[3].code == "too_many_fields"
    assert render_problem(by_row[3]).startswith("row 3")
    assert 5 not in by_row or by_row[5].code == "no_name"
    assert preview.skipped.get("empty_row", 0) + len(preview.rows) + len(preview.problems) >= 4


def test_huge_fields_name_row_and_column(tmp_path):
    long_name = tmp_path / "long-name.csv"
    long_name.write_text(HEADER + "Anna;Müller;a@example.org;Org\n" + "B" * 10_000 + ";Bauer;b@example.org;Org\n",
                         encoding="utf-8")
    preview = read_attendees(long_name, sector_names=SECTORS)
    [problem] = preview.problems
    assert (problem.code, problem.row, problem.column) == ("value_too_long", 3, "Vorname")
    assert render_problem(problem).startswith("row 3, column 'Vorname'")

    giant = tmp_path / "giant-field.csv"
    giant.write_text(HEADER + "Anna;" + "x" * 300_000 + ";a@example.org;Org\n", encoding="utf-8")
    started = time.perf_counter()
    try:
        preview = read_attendees(giant, sector_names=SECTORS)
    except ImportRejected as error:
        [problem] = error.problems
        assert problem.code == "field_too_long" and problem.row == 2
    else:
        assert [p.row for p in preview.problems] == [2]
    assert time.perf_counter() - started < 3

    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(HEADER + "Anna;Müller;a@example.org;Org\n" + '"Bernd;Bauer;b@example.org;Org\n'
                        + "Carla;Clausen;c@example.org;Org\n" * 3, encoding="utf-8")
    error, text = _refusal(unclosed)
    assert error.problems[0].code == "unclosed_quote" and error.problems[0].row == 3
    assert "row 3" in text


def test_control_characters_import_without_harm(tmp_path):
    """C0 controls in a name are kept as they came (the importer does not strip them yet);
    test_hostile_text.py shows they pass the database, every export and the PDF safely.
    A NUL byte means the file is not text and is refused."""
    controls = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r;\"")
    path = tmp_path / "controls.csv"
    path.write_text(HEADER + f"An{controls}na;Mül\x7fler;a@example.org;Org\x1b[31m\n"
                    + "Bernd;Bauer;b@example.org;Org\n", encoding="utf-8")
    preview = read_attendees(path, sector_names=SECTORS)
    assert preview.problems == []
    assert [r.last_name for r in preview.rows] == ["Mül\x7fler", "Bauer"]
    assert preview.rows[0].first_name.startswith("An\x01") and preview.rows[0].first_name.endswith("na")

    nul = tmp_path / "nul.csv"
    nul.write_bytes((HEADER + "An\x00na;Müller;a@example.org;Org\n").encode("utf-8"))
    error, _text = _refusal(nul)
    assert error.problems[0].code in MESSAGES_FOR_BINARY


MESSAGES_FOR_BINARY = {"not_text", "row_unreadable"}


_CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=7), min_size=1, max_size=12),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_arbitrary_ragged_unicode_rows_never_crash(tmp_path_factory, rows, delimiter):
    path = tmp_path_factory.mktemp("ragged") / "list.csv"
    lines = [delimiter.join(["Vorname", "Nachname", "Organisation"])]
    lines += [delimiter.join(cells) for cells in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        preview = read_attendees(path, sector_names=SECTORS)
    except ImportRejected as error:
        text = render(error)
        assert str(path) in text
        for problem in error.problems:
            assert problem.row is not None or problem.code in FILE_LEVEL_CODES
        return
    for problem in preview.problems:
        assert problem.row is not None and problem.row >= 1
        assert render_problem(problem).startswith("row ")
