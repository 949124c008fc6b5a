"""Agenda items: validation, order, deletion."""

import pytest

from gdb_facilitator.core.db.store import create_event_store
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import AgendaKind
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import agenda
from gdb_facilitator.core.services.timer import TimerService


@pytest.fixture
def ef(event_location):
    with create_event_store(event_location, title="Agenda", clock=FakeClock()) as ef:
        yield ef


def titles(ef) -> list[str]:
    return [i.title for i in agenda.list_items(ef)]


def test_add_and_list(ef):
    a = agenda.add_item(ef, title="  Welcome   and  coffee ", duration_seconds=900, planned_start="9.00")
    b = agenda.add_item(ef, title="Round 1", duration_seconds=1800, planned_start="9:15",
                        kind="group_work", wrap_up_seconds=300, wrap_up_percent=10, danger_seconds=90,
                        sound=False, notes="Tables 1-8")
    assert a.title == "Welcome and coffee" and a.planned_start == "09:00" and a.position == 0
    assert b.kind is AgendaKind.GROUP_WORK and b.position == 1 and not b.sound
    assert b.thresholds.wrap_up_at(1800) == 300
    assert agenda.get_item(ef, b.id) == b
    assert agenda.total_planned_seconds(ef) == 2700
    first = agenda.add_item(ef, title="Arrival", duration_seconds=0, position=0)
    assert titles(ef) == ["Arrival", "Welcome and coffee", "Round 1"]
    assert [i.position for i in agenda.list_items(ef)] == [0, 1, 2]
    assert first.duration_seconds == 0


@pytest.mark.parametrize(("fields", "field", "detail"), [
    ({"title": "   "}, "title", "required"),
    ({"title": "x" * 301}, "title", "too_long"),
    ({"duration_seconds": -1}, "duration_seconds", "out_of_range"),
    ({"duration_seconds": 24 * 3600 + 1}, "duration_seconds", "out_of_range"),
    ({"duration_seconds": 1.5}, "duration_seconds", "out_of_range"),
    ({"duration_seconds": "abc"}, "duration_seconds", "out_of_range"),
    ({"duration_seconds": None}, "duration_seconds", "required"),
    ({"planned_start": "24:00"}, "planned_start", "time_format"),
    ({"planned_start": "9:5"}, "planned_start", "time_format"),
    ({"planned_start": "noon"}, "planned_start", "time_format"),
    ({"wrap_up_percent": 101}, "wrap_up_percent", "out_of_range"),
    ({"danger_seconds": -5}, "danger_seconds", "out_of_range"),
    ({"kind": "party"}, "kind", "choice"),
    ({"round_id": 42}, "round_id", "choice"),
])
def test_validation(ef, fields, field, detail):
    values = {"title": "Item", "duration_seconds": 600} | fields
    with pytest.raises(ValidationError) as exc:
        agenda.add_item(ef, **values)
    assert (exc.value.params["field"], exc.value.params["detail"]) == (field, detail)
    assert agenda.list_items(ef) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("00:00", "00:00"), ("23:59", "23:59"), ("7:30", "07:30"), (" 14.05 ", "14:05"), ("", None), (None, None),
])
def test_parse_hhmm(text, expected):
    assert agenda.parse_hhmm(text) == expected


def test_update(ef):
    item = agenda.add_item(ef, title="Round", duration_seconds=600)
    changed = agenda.update_item(ef, item.id, duration_seconds="1200", planned_start="", wrap_up_percent=None)
    assert changed.duration_seconds == 1200 and changed.planned_start is None
    with pytest.raises(ValidationError):
        agenda.update_item(ef, item.id, title="")
    assert agenda.get_item(ef, item.id).title == "Round"
    with pytest.raises(TypeError):
        agenda.update_item(ef, item.id, actual_start=None)
    with pytest.raises(DomainError) as exc:
        agenda.update_item(ef, 999, title="x")
    assert exc.value.code == "agenda_item_missing"


def test_move_and_reorder(ef):
    ids = [agenda.add_item(ef, title=t, duration_seconds=60).id for t in "ABCD"]
    assert [i.title for i in agenda.move_item(ef, ids[0], 2)] == ["B", "C", "A", "D"]
    assert [i.title for i in agenda.move_item(ef, ids[3], -5)] == ["D", "B", "C", "A"]
    assert [i.title for i in agenda.reorder(ef, [ids[2], ids[0], ids[1], ids[3]])] == list("CABD")
    assert [i.position for i in agenda.list_items(ef)] == [0, 1, 2, 3]
    for bad in ([ids[0], ids[1]], ids + [ids[0]], [ids[0], ids[0], ids[1], ids[2]]):
        with pytest.raises(ValidationError):
            agenda.reorder(ef, bad)
    assert titles(ef) == list("CABD")


def test_delete_renumbers(ef):
    ids = [agenda.add_item(ef, title=t, duration_seconds=60).id for t in "ABC"]
    rest = agenda.delete_item(ef, ids[1])
    assert [(i.title, i.position) for i in rest] == [("A", 0), ("C", 1)]


def test_delete_refused_while_the_timer_runs_on_it(ef):
    a = agenda.add_item(ef, title="A", duration_seconds=60)
    agenda.add_item(ef, title="B", duration_seconds=60)
    timer = TimerService(ef)
    timer.start()
    with pytest.raises(DomainError) as exc:
        agenda.delete_item(ef, a.id)
    assert exc.value.code == "agenda_item_in_use"
    timer.stop()
    agenda.delete_item(ef, a.id)
    view = timer.load()
    assert view.item.title == "B" and view.timer.phase.value == "idle"
