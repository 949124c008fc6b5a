"""Topics and problem statements: validation, order, assignment to tables, delete and undo."""

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, TopicChoice
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import results, tables, topics
from gdb_facilitator.core.services.event import create_event


@pytest.fixture
def ef(event_location):
    with create_event(event_location, title="Themen", tables=3, clock=FakeClock()) as ef:
        yield ef


def test_add_edit_list(ef):
    a = topics.add_topic(ef, "  Offene   Daten ", "Wie kommen Daten zu den Menschen?\n")
    b = topics.add_topic(ef, "Barrierefreiheit")
    assert a.title == "Offene Daten" and a.problem_statement == "Wie kommen Daten zu den Menschen?"
    assert (a.position, b.position) == (0, 1)
    edited = topics.update_topic(ef, b.id, problem_statement="Für alle nutzbar")
    assert edited.title == "Barrierefreiheit" and edited.problem_statement == "Für alle nutzbar"
    assert [t.title for t in topics.list_topics(ef)] == ["Offene Daten", "Barrierefreiheit"]
    topics.move_topic(ef, b.id, 0)
    assert [t.title for t in topics.list_topics(ef)] == ["Barrierefreiheit", "Offene Daten"]


@pytest.mark.parametrize(("title", "statement", "field", "detail"), [
    ("  ", "", "title", "required"),
    ("t" * 301, "", "title", "too_long"),
    ("OFFENE daten", "", "title", "title_taken"),
    ("Neu", "x" * 5001, "problem_statement", "too_long"),
])
def test_validation(ef, title, statement, field, detail):
    topics.add_topic(ef, "Offene Daten")
    with pytest.raises(ValidationError) as info:
        topics.add_topic(ef, title, statement)
    assert (info.value.params["field"], info.value.params["detail"]) == (field, detail)


def test_assign_to_tables_and_delete_with_undo(ef):
    topic = topics.add_topic(ef, "Offene Daten", "Problem")
    t1, t2, _t3 = tables.list_tables(ef)
    assert topics.assign_topic(ef, t1.id, topic.id) is None
    topics.assign_topic(ef, t2.id, topic.id)
    assert topics.get_topic(ef, topic.id).tables == (1, 2)
    assert tables.get_table(ef, t1.id).topic_title == "Offene Daten"
    results.set_result_fields(ef, t1.id, 1, results="x")
    with ef.session() as s:
        now = ef.clock.now_utc()
        person = Attendee(registration_id="R1", first_name="A", created_at=now, updated_at=now)
        s.add(person)
        s.flush()
        s.add(TopicChoice(attendee_id=person.id, rank=1, topic_id=topic.id))
    assert topics.get_topic(ef, topic.id).choices == 1

    snapshot = topics.delete_topic(ef, topic.id)
    assert topics.list_topics(ef) == []
    assert tables.get_table(ef, t1.id).topic_id is None
    assert results.get_result(ef, t1.id, 1).topic_id is None
    with ef.session() as s:
        assert s.scalars(select(TopicChoice)).all() == []

    restored = topics.restore_topic(ef, snapshot)
    assert restored.id == topic.id and restored.tables == (1, 2) and restored.choices == 1
    assert results.get_result(ef, t1.id, 1).topic_title == "Offene Daten"
    assert topics.assign_topic(ef, t1.id, None) == topic.id


def test_missing(ef):
    with pytest.raises(DomainError) as info:
        topics.update_topic(ef, 99, title="x")
    assert info.value.code == "topic_missing"
    with pytest.raises(DomainError) as info:
        topics.assign_topic(ef, 99, None)
    assert info.value.code == "table_missing"


def test_two_laptops_editing_one_topic_never_overwrite_each_other(ef):
    from gdb_facilitator.core.services.texts import TextConflict, TextRef, save_text

    topic = topics.add_topic(ef, "Offene Daten", "Wie kommen Daten zu den Menschen?")
    assert topic.version == 0
    # Laptop A saves on top of version 0...
    a = topics.update_topic(ef, topic.id, expected={"problem_statement": 0}, problem_statement="A's text")
    assert a.version == 1
    # ...laptop B still rests on version 0 and is refused, with both texts, nothing written.
    with pytest.raises(TextConflict) as info:
        topics.update_topic(ef, topic.id, expected={"title": 0}, title="B's title")
    assert (info.value.mine, info.value.theirs, info.value.version) == ("B's title", "Offene Daten", 1)
    assert topics.get_topic(ef, topic.id).title == "Offene Daten"
    # B resolves on top of the stored version; the same text again is no conflict and no new version.
    saved = save_text(ef, TextRef("topic", topic.id, "title"), "B's title", 1)
    assert (saved.text, saved.version) == ("B's title", 2)
    assert topics.update_topic(ef, topic.id, expected={"title": 0}, title="B's title").version == 2
    # Undo and imports write without a version.
    assert topics.update_topic(ef, topic.id, title="Offene Daten").title == "Offene Daten"
