"""Tables: add one or many, edit with validation, delete with everything on them, undo."""

import pytest
from sqlalchemy import func, select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, Idea, Round, SeatAssignment, TableResult, TeamCode
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import results, tables, topics
from gdb_facilitator.core.services.event import create_event


@pytest.fixture
def ef(event_location):
    with create_event(event_location, title="Tische", tables=2, clock=FakeClock()) as ef:
        yield ef


def numbers(ef):
    return [t.number for t in tables.list_tables(ef)]


def test_add_single_and_bulk(ef):
    assert numbers(ef) == [1, 2]
    t = tables.add_table(ef, name="  Fenster  ", capacity=6)
    assert (t.number, t.name, t.capacity) == (3, "Fenster", 6)
    t = tables.add_table(ef, number=10)
    assert t.capacity == 8
    added = tables.add_tables(ef, 3, capacity=5)
    assert [x.number for x in added] == [11, 12, 13] and {x.capacity for x in added} == {5}
    assert tables.next_number(ef) == 14


@pytest.mark.parametrize(("fields", "field", "detail"), [
    ({"number": 2}, "number", "number_taken"),
    ({"number": 0}, "number", "out_of_range"),
    ({"number": "abc"}, "number", "out_of_range"),
    ({"capacity": 0}, "capacity", "out_of_range"),
    ({"capacity": 1000}, "capacity", "out_of_range"),
    ({"name": "n" * 201}, "name", "too_long"),
])
def test_update_validation(ef, fields, field, detail):
    first = tables.list_tables(ef)[0]
    with pytest.raises(ValidationError) as info:
        tables.update_table(ef, first.id, **fields)
    assert (info.value.params["field"], info.value.params["detail"]) == (field, detail)
    assert tables.get_table(ef, first.id) == first


def test_update_and_topic(ef):
    first = tables.list_tables(ef)[0]
    topic = topics.add_topic(ef, "Daten")
    edited = tables.update_table(ef, first.id, number="7", name="Bühne", capacity=12, topic_id=topic.id)
    assert (edited.number, edited.name, edited.capacity, edited.topic_title) == (7, "Bühne", 12, "Daten")
    # own number is not a clash
    assert tables.update_table(ef, first.id, number=7).number == 7
    with pytest.raises(DomainError):
        tables.update_table(ef, first.id, topic_id=999)
    with pytest.raises(ValidationError):
        tables.add_tables(ef, 0)


def test_delete_takes_everything_and_restore_brings_it_back(ef):
    first = tables.list_tables(ef)[0]
    now = ef.clock.now_utc()
    with ef.session() as s:
        round_ = Round(number=1)
        person = Attendee(registration_id="R1", first_name="A", pinned_table_id=first.id,
                          created_at=now, updated_at=now)
        s.add_all([round_, person])
        s.flush()
        s.add(SeatAssignment(round_id=round_.id, attendee_id=person.id, table_id=first.id, locked=True))
        s.add(TeamCode(code="ABC", table_id=first.id, round_id=round_.id, created_at=now))
    results.set_result_fields(ef, first.id, 1, results="Ergebnis")
    results.add_idea(ef, first.id, 1, title="Idee")
    row = tables.get_table(ef, first.id)
    assert (row.seats_taken, row.results) == (1, 1)

    [snapshot] = tables.delete_tables(ef, [first.id])
    assert numbers(ef) == [2]
    with ef.session() as s:
        for model in (SeatAssignment, TableResult, Idea, TeamCode):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        assert s.scalar(select(Attendee.pinned_table_id)) is None

    [back] = tables.restore_tables(ef, [snapshot])
    assert back == row
    assert results.get_result(ef, first.id, 1).ideas[0].title == "Idee"
    with ef.session() as s:
        assert s.scalar(select(SeatAssignment.locked)) is True
        assert s.scalar(select(TeamCode.code)) == "ABC"
        assert s.scalar(select(Attendee.pinned_table_id)) == first.id


def test_restore_refuses_a_taken_number(ef):
    first = tables.list_tables(ef)[0]
    snap = tables.delete_table(ef, first.id)
    tables.add_table(ef, number=1)
    with pytest.raises(ValidationError):
        tables.restore_table(ef, snap)
