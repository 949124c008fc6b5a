"""Table topics for the projector, and putting a deleted agenda item back (undo)."""

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import EventTable, Round, TableResult, Topic
from gdb_facilitator.core.services import agenda
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.core.services.projector import table_topics


@pytest.fixture
def ef(event_location):
    clock = FakeClock()
    with create_event(event_location, title="Topics", tables=3, clock=clock) as ef:
        yield ef


def _setup_topics(ef) -> int:
    now = ef.clock.now_utc()
    with ef.session() as s:
        mobility = Topic(title="Mobilität", created_at=now)
        data = Topic(title="Offene Daten", created_at=now)
        s.add_all([mobility, data])
        s.flush()
        tables = list(s.scalars(select(EventTable).order_by(EventTable.number)))
        tables[0].topic_id = mobility.id
        tables[1].topic_id = mobility.id
        tables[1].name = "Fenster"
        rnd = Round(number=2, title="Tischwechsel")
        s.add(rnd)
        s.flush()
        # In round 2, table 2 works on another topic than its standing one.
        s.add(TableResult(table_id=tables[1].id, round_id=rnd.id, topic_id=data.id, updated_at=now))
        return rnd.id


def test_standing_topics_without_a_round(ef):
    _setup_topics(ef)
    board = table_topics(ef)
    assert board.round_number is None
    assert [(t.number, t.name, t.topic) for t in board.tables] == [
        (1, "", "Mobilität"), (2, "Fenster", "Mobilität"), (3, "", "")]
    assert board.has_topics


def test_a_rounds_topics_prefer_its_results(ef):
    round_id = _setup_topics(ef)
    board = table_topics(ef, round_id)
    assert (board.round_number, board.round_title) == (2, "Tischwechsel")
    assert [t.topic for t in board.tables] == ["Mobilität", "Offene Daten", ""]


def test_unknown_round_and_empty_event(event_location):
    with create_event(event_location, title="Leer", clock=FakeClock()) as ef:
        board = table_topics(ef, 999)
        assert board.tables == () and not board.has_topics and board.round_number is None


def test_restore_item_keeps_id_place_and_actual_times(ef):
    a = agenda.add_item(ef, title="A", duration_seconds=60)
    b = agenda.add_item(ef, title="B", duration_seconds=120, planned_start="9:30", sound=False,
                        wrap_up_seconds=30, notes="n")
    agenda.add_item(ef, title="C", duration_seconds=60)
    from gdb_facilitator.core.services.timer import TimerService
    timer = TimerService(ef, ef.clock)
    timer.select(b.id)
    timer.start()
    ef.clock.advance(30)
    timer.stop()
    done = agenda.get_item(ef, b.id)
    assert done.actual_start is not None and done.actual_end is not None
    agenda.delete_item(ef, b.id)
    back = agenda.restore_item(ef, done)
    assert back == done
    assert [i.title for i in agenda.list_items(ef)] == ["A", "B", "C"]
    # When the id was taken meanwhile, the item comes back under a new one.
    agenda.delete_item(ef, a.id)
    with ef.session() as s:
        from gdb_facilitator.core.db.models import AgendaItem
        s.add(AgendaItem(id=a.id, title="Squatter", duration_seconds=1, position=9))
    again = agenda.restore_item(ef, agenda.AgendaItemDTO(**{**a.__dict__}))
    assert again.id != a.id and again.title == "A" and again.position == 0
