"""Results per table and round, and the ideas for the next 100 days."""

import pytest

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import results, tables, topics
from gdb_facilitator.core.services.event import create_event


@pytest.fixture
def ef(event_location):
    with create_event(event_location, title="Ergebnisse", tables=3, clock=FakeClock()) as ef:
        yield ef


@pytest.fixture
def table_ids(ef):
    return [t.id for t in tables.list_tables(ef)]


def test_empty_result_takes_the_tables_topic(ef, table_ids):
    topic = topics.add_topic(ef, "Daten", "Wie teilen?")
    topics.assign_topic(ef, table_ids[0], topic.id)
    assert results.list_rounds(ef) == []
    dto = results.get_result(ef, table_ids[0], 1)
    assert dto.result_id is None and not dto.has_result
    assert (dto.topic_title, dto.problem_statement) == ("Daten", "Wie teilen?")
    rows = results.overview(ef, 1)
    assert [r.number for r in rows] == [1, 2, 3] and not any(r.has_result for r in rows)
    assert rows[0].topic_title == "Daten"


def test_first_edit_creates_round_and_result(ef, table_ids):
    dto = results.set_result_fields(ef, table_ids[1], 1, results="Wir haben")
    assert dto.result_id is not None and dto.results == "Wir haben" and dto.has_result
    assert [(r.number, r.title) for r in results.list_rounds(ef)] == [(1, "")]
    again = results.set_result_fields(ef, table_ids[1], 1, problem_statement="P")
    assert again.result_id == dto.result_id and again.results == "Wir haben"
    rows = results.overview(ef, 1)
    assert [r.has_result for r in rows] == [False, True, False]
    # other rounds are separate
    assert not results.get_result(ef, table_ids[1], 2).has_result
    assert results.overview(ef, 2)[1].has_result is False


def test_topic_change_and_validation(ef, table_ids):
    topic = topics.add_topic(ef, "Mobilität")
    assert results.set_result_fields(ef, table_ids[0], 1, topic_id=topic.id).topic_title == "Mobilität"
    with pytest.raises(DomainError):
        results.set_result_fields(ef, table_ids[0], 1, topic_id=999)
    with pytest.raises(ValidationError) as info:
        results.set_result_fields(ef, table_ids[0], 1, results="x" * 20001)
    assert info.value.params["detail"] == "too_long"
    with pytest.raises(ValidationError):
        results.get_result(ef, table_ids[0], 0)
    with pytest.raises(DomainError):
        results.get_result(ef, 999, 1)


def test_ideas_add_edit_move_delete_restore(ef, table_ids):
    t = table_ids[2]
    a = results.add_idea(ef, t, 1)
    assert (a.position, a.title) == (0, "")
    assert results.overview(ef, 1)[2].has_result  # an idea alone counts as recorded
    b = results.add_idea(ef, t, 1, title="Zweite", owner="Kim")
    c = results.add_idea(ef, t, 1, position=0, title="Erste")
    assert [i.title for i in results.get_result(ef, t, 1).ideas] == ["Erste", "", "Zweite"]
    a = results.update_idea(ef, a.id, title="Mitte", description="Was genau", next_step="Termin",
                            support_needed="Raum")
    assert a.fields() == {"title": "Mitte", "description": "Was genau", "owner": "",
                          "next_step": "Termin", "support_needed": "Raum"}
    moved = results.move_idea(ef, c.id, 5)
    assert [i.title for i in moved] == ["Mitte", "Zweite", "Erste"]
    assert [i.position for i in moved] == [0, 1, 2]
    snap = results.delete_idea(ef, b.id)
    assert [i.title for i in results.get_result(ef, t, 1).ideas] == ["Mitte", "Erste"]
    back = results.restore_idea(ef, snap)
    assert back.id == b.id
    assert [i.title for i in results.get_result(ef, t, 1).ideas] == ["Mitte", "Zweite", "Erste"]
    assert results.overview(ef, 1)[2].ideas == 3
    with pytest.raises(ValidationError) as info:
        results.update_idea(ef, a.id, title="x" * 301)
    assert info.value.params["field"] == "idea_title"
    with pytest.raises(DomainError) as info:
        results.update_idea(ef, 999, title="x")
    assert info.value.code == "idea_missing"
