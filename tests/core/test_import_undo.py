"""Taking an attendee import back: exactly its rows, the changed ones as they were; later
work that rests on them (check-in, seat, idea owner, edits) stops a plain undo and is
named. On an event file and on PostgreSQL (team mode)."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import (
    Attendee,
    EventTable,
    Idea,
    Organisation,
    Round,
    SeatAssignment,
    TableResult,
    Topic,
    TopicChoice,
)
from gdb_facilitator.core.db.store import create_event_store
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.exchange.importers import read_attendees
from gdb_facilitator.core.services import attendees
from gdb_facilitator.core.services.import_undo import import_dependents, remove_import
from gdb_facilitator.core.services.imports import apply_attendees
from gdb_facilitator.messages import render

FIRST = ("Nr;Vorname;Nachname;Organisation;Sektor;Themenwunsch 1\n"
         "1;Anna;Alt;Bezirksamt;Verwaltung;Radwege\n"
         "2;Ben;Bauer;Uni;Wissenschaft;Radwege\n")
SECOND = ("Nr;Vorname;Nachname;Organisation;Sektor;Themenwunsch 1\n"
          "1;Anna;Alt-Neu;Bezirksamt;Verwaltung;Schulen\n"  # changed name and topic
          "2;Ben;Bauer;Uni;Wissenschaft;Radwege\n"  # unchanged
          "3;Cem;Çelik;Kiezverein;Zivilgesellschaft;Parks\n"  # new, new organisation and topic
          "4;Dora;Dahl;Kiezverein;Zivilgesellschaft;Parks\n")


@pytest.fixture
def ef(event_location):
    clock = FakeClock(datetime(2026, 6, 12, 8, 0, tzinfo=timezone.utc))
    with create_event_store(event_location, title="Konferenz", clock=clock) as store:
        yield store


def _import(ef, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    names = ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
    return apply_attendees(ef, read_attendees(path, sector_names=names))


def _state(ef):
    with ef.session() as s:
        people = sorted((a.registration_id, a.first_name, a.last_name, a.organisation_id, a.sector_id)
                        for a in s.scalars(select(Attendee)))
        choices = sorted((c.attendee_id, c.rank, c.topic_id) for c in s.scalars(select(TopicChoice)))
        orgs = sorted(s.scalars(select(Organisation.name)))
        topics = sorted(s.scalars(select(Topic.title)))
    return people, choices, orgs, topics


def test_removing_an_import_restores_exactly_the_state_before(ef, tmp_path):
    _import(ef, tmp_path, "a.csv", FIRST)
    before = _state(ef)
    summary = _import(ef, tmp_path, "b.csv", SECOND)
    assert (summary.added, summary.updated, summary.unchanged) == (2, 1, 1)
    record = summary.record
    assert len(record.added_ids) == 2 and len(record.changed) == 1
    assert len(record.organisation_ids) == 1 and len(record.topic_ids) == 2  # Kiezverein; Schulen, Parks
    assert not import_dependents(ef, record).any
    removed = remove_import(ef, record)
    assert (removed.removed, removed.restored, removed.organisations, removed.topics) == (2, 1, 1, 2)
    assert _state(ef) == before


def test_later_work_on_the_rows_stops_a_plain_undo_and_is_named(ef, tmp_path):
    _import(ef, tmp_path, "a.csv", FIRST)
    record = _import(ef, tmp_path, "b.csv", SECOND).record
    people = {a.registration_id: a for a in attendees.list_attendees(ef)}
    attendees.set_arrived(ef, people["3"].id, True)
    ef.clock.advance(300)
    attendees.update_attendee(ef, people["1"].id, comment="kommt später")
    with ef.session() as s:
        round_ = s.scalar(select(Round)) or Round(number=1)
        s.add(round_)
        table = s.scalar(select(EventTable)) or EventTable(number=1, capacity=8)
        s.add(table)
        s.flush()
        s.add(SeatAssignment(round_id=round_.id, attendee_id=people["4"].id, table_id=table.id))
        result = TableResult(table_id=table.id, round_id=round_.id, updated_at=ef.clock.now_utc())
        s.add(result)
        s.flush()
        s.add(Idea(result_id=result.id, title="Parkfest", owner="Dora Dahl und Team", updated_at=ef.clock.now_utc()))

    deps = import_dependents(ef, record)
    assert (deps.checked_in, deps.seated, deps.idea_owners, deps.edited_since) == (
        ["Cem Çelik"], ["Dora Dahl"], ["Dora Dahl"], ["Anna Alt-Neu"])
    with pytest.raises(DomainError) as err:
        remove_import(ef, record)
    text = render(err.value)
    assert err.value.code == "import_has_dependents"
    assert "b.csv" in text and "Cem Çelik" in text and "Anna Alt-Neu" in text and "{" not in text
    assert len(attendees.list_attendees(ef)) == 4  # nothing changed

    removed = remove_import(ef, record, force=True)
    assert (removed.removed, removed.restored, removed.check_ins_lost, removed.seats_lost, removed.edits_lost) == (
        2, 1, 1, 1, 1)
    left = {a.registration_id: a for a in attendees.list_attendees(ef)}
    assert sorted(left) == ["1", "2"] and left["1"].last_name == "Alt"
    with ef.session() as s:
        assert s.scalar(select(SeatAssignment)) is None
        assert "Kiezverein" not in set(s.scalars(select(Organisation.name)))
