"""Partner columns of a registration list make keep-together and keep-apart pairs: a partner
may come later in the file or be in the event already; an unknown one refuses the whole file
(file, row, column named); a second import adds no pair twice; undo takes the pairs back.
On an event file and on PostgreSQL (team mode)."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, PairKind
from gdb_facilitator.core.db.store import create_event_store
from gdb_facilitator.core.errors import DomainError, ImportRejected
from gdb_facilitator.core.exchange.importers import read_attendees
from gdb_facilitator.core.services import pairs
from gdb_facilitator.core.services.import_undo import remove_import
from gdb_facilitator.core.services.imports import apply_attendees, preview_pairs
from gdb_facilitator.messages import render, render_problem

SECTORS = ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
LIST = ("Nr;Vorname;Nachname;Organisation;Begleitung;Nicht mit\n"
        "A1;Ana;Alt;Amt;A3, a2;\n"  # an interpreter with two guests, one of them later
        "A2;Ben;Berg;Uni;;A4\n"
        "A3;Cem;Cin;Dolmetsch;ja;\n"  # a yes/no answer, not a partner
        "A4;Dora;Dorn;Amt;;A2\n"  # the same pair from the other side: once
        "A5;Emil;Eck;Firma;;\n")


@pytest.fixture
def ef(event_location):
    clock = FakeClock(datetime(2026, 6, 12, 8, 0, tzinfo=timezone.utc))
    with create_event_store(event_location, title="Konferenz", clock=clock) as store:
        yield store


def _preview(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_attendees(path, sector_names=SECTORS)


def _pairs(ef):
    return sorted((p.first_registration, p.second_registration, p.kind.value) for p in pairs.list_pairs(ef))


def _people(ef):
    with ef.session() as s:
        return s.scalar(select(func.count()).select_from(Attendee))


def test_partner_columns_make_pairs_once(ef, tmp_path):
    preview = _preview(tmp_path, "a.csv", LIST)
    assert preview.mapping["together_with"] == "Begleitung"
    assert preview.mapping["apart_from"] == "Nicht mit"
    planned, problems = preview_pairs(ef, preview)
    assert problems == []
    assert [(p.source_row, p.first, p.second, p.kind.value, p.exists) for p in planned] == [
        (2, "Ana Alt", "Cem Cin", "together", False), (2, "Ana Alt", "Ben Berg", "together", False),
        (3, "Ben Berg", "Dora Dorn", "apart", False)]
    summary = apply_attendees(ef, preview)
    assert summary.pairs_added == 3
    assert _pairs(ef) == [("A1", "A2", "together"), ("A1", "A3", "together"), ("A2", "A4", "apart")]
    again = apply_attendees(ef, _preview(tmp_path, "a.csv", LIST))
    assert again.pairs_added == 0 and len(_pairs(ef)) == 3
    planned, _ = preview_pairs(ef, _preview(tmp_path, "a.csv", LIST))
    assert all(p.exists for p in planned)


def test_unknown_partner_refuses_the_whole_file(ef, tmp_path):
    text = "Nr;Vorname;Nachname;Partner-ID\nB1;Fritz;Frei;B2\nB2;Gabi;Gut;\nB3;Hans;Hof;X99\n"
    preview = _preview(tmp_path, "b.csv", text)
    _planned, problems = preview_pairs(ef, preview)
    assert [(p.code, p.row, p.column) for p in problems] == [("pair_partner_unknown", 4, "Partner-ID")]
    for accept in (False, True):
        with pytest.raises(ImportRejected) as e:
            apply_attendees(ef, preview, accept_good_rows=accept)
        assert render(e.value) == (
            f"{tmp_path / 'b.csv'} was not imported; the event is unchanged.\n"
            "  row 4, column 'Partner-ID': the partner's registration number \"X99\" is neither in "
            "this file nor in the event. Correct the number, or import the partner first.")
    assert _people(ef) == 0 and _pairs(ef) == []


def test_partner_already_in_the_event_and_undo(ef, tmp_path):
    first = apply_attendees(ef, _preview(tmp_path, "a.csv", LIST))
    text = ("Nr;Vorname;Nachname;Sit with;Keep apart from\n"
            "C1;Ida;Isar;A5;\n"  # a new person with a partner from the first list
            "A2;Ben;Berg;;A5\n")  # two people of the first list
    summary = apply_attendees(ef, _preview(tmp_path, "c.csv", text))
    assert summary.pairs_added == 2
    assert ("A5", "C1", "together") in _pairs(ef) and ("A2", "A5", "apart") in _pairs(ef)
    remove_import(ef, summary.record)
    assert _pairs(ef) == [("A1", "A2", "together"), ("A1", "A3", "together"), ("A2", "A4", "apart")]
    remove_import(ef, first.record)
    assert _pairs(ef) == [] and _people(ef) == 0


def test_row_problems_of_partner_cells(ef, tmp_path):
    text = ("Nr;Vorname;Nachname;Partner;Nicht mit\n"
            "D1;Jan;Jung;D1;\n"  # oneself
            "D2;Kai;Kurz;D3;\n"
            "D3;Lea;Lang;;D2\n"  # together and apart at once
            "D4;Mia;Mohn;nein;\n")
    preview = _preview(tmp_path, "d.csv", text)
    assert [(p.code, p.row, p.column) for p in preview.problems] == [
        ("pair_self", 2, "Partner"), ("pair_both_kinds", 4, "Nicht mit")]
    assert render_problem(preview.problems[0]) == (
        "row 2, column 'Partner': \"D1\" is this row's own registration number; a partner must be "
        "somebody else.")
    with pytest.raises(ImportRejected):
        apply_attendees(ef, preview)
    assert _people(ef) == 0
    # importing the good rows only would leave D2 without the partner it names: refused too
    with pytest.raises(ImportRejected) as e:
        apply_attendees(ef, preview, accept_good_rows=True)
    assert [(p.code, p.row, p.column) for p in e.value.problems] == [("pair_partner_unknown", 3, "Partner")]
    assert _people(ef) == 0
    fixed = _preview(tmp_path, "d2.csv", text.replace("D2;Kai;Kurz;D3;", "D2;Kai;Kurz;;"))
    summary = apply_attendees(ef, fixed, accept_good_rows=True)
    assert summary.added == 3 and _pairs(ef) == [("D2", "D3", "apart")]


def test_pair_kind_in_the_event_differs(ef, tmp_path):
    apply_attendees(ef, _preview(tmp_path, "a.csv", LIST))
    text = "Nr;Vorname;Nachname;Partner\nA2;Ben;Berg;A4\n"
    with pytest.raises(ImportRejected) as e:
        apply_attendees(ef, _preview(tmp_path, "e.csv", text))
    assert e.value.problems[0].code == "pair_kind_differs"
    assert ("A2", "A4", "apart") in _pairs(ef)


def test_contradicting_pairs_refuse_the_file(ef, tmp_path):
    text = ("Nr;Vorname;Nachname;Partner;Nicht mit\n"
            "E1;Nora;Nord;E2;E3\n"
            "E2;Olaf;Ost;E3;\n"
            "E3;Pia;Post;;\n")
    with pytest.raises(DomainError) as e:
        apply_attendees(ef, _preview(tmp_path, "f.csv", text))
    assert e.value.code == "pair_conflict" and "Nora Nord and Pia Post" in render(e.value)
    assert _people(ef) == 0 and _pairs(ef) == []


def test_partner_whose_registration_is_cancelled_makes_no_pair(ef, tmp_path):
    text = ("Nr;Vorname;Nachname;Status;Partner\n"
            "F1;Rita;Rot;bestätigt;F2\n"
            "F2;Sven;See;storniert;\n")
    preview = _preview(tmp_path, "g.csv", text)
    assert preview.pairs == [] and preview.problems == []
    assert [(w.code, w.row, w.column) for w in preview.warnings] == [("pair_partner_skipped", 2, "Partner")]
    assert apply_attendees(ef, preview).added == 1
