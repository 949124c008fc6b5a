"""Pairs: add, list with names, remove, and clear refusals."""

import pytest

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, PairKind, Round
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import pairs
from gdb_facilitator.core.services.event import create_event


@pytest.fixture
def ef(event_location):
    with create_event(event_location, title="Paare", clock=FakeClock()) as ef:
        yield ef


def people(ef, *names):
    ids = []
    with ef.session() as s:
        now = ef.clock.now_utc()
        for i, n in enumerate(names):
            a = Attendee(registration_id=f"R{i}", first_name=n, last_name="X", created_at=now, updated_at=now)
            s.add(a)
            s.flush()
            ids.append(a.id)
    return ids


def test_add_list_remove(ef):
    a, b, c = people(ef, "Ana", "Ben", "Cem")
    row = pairs.add_pair(ef, b, a, PairKind.KEEP_TOGETHER)
    assert (row.first_id, row.second_id) == (a, b)
    pairs.add_pair(ef, a, c, PairKind.KEEP_APART)
    listed = pairs.list_pairs(ef)
    assert [(p.first_name, p.second_name, p.kind) for p in listed] == [
        ("Ana X", "Ben X", PairKind.KEEP_TOGETHER), ("Ana X", "Cem X", PairKind.KEEP_APART)]
    pairs.remove_pair(ef, b, a)
    assert [p.second_name for p in pairs.list_pairs(ef)] == ["Cem X"]
    with pytest.raises(DomainError) as e:
        pairs.remove_pair(ef, a, b)
    assert e.value.code == "pair_missing"


def test_refusals(ef):
    a, b = people(ef, "Ana", "Ben")
    with pytest.raises(DomainError) as e:
        pairs.add_pair(ef, a, a, PairKind.KEEP_APART)
    assert e.value.code == "pair_same_person"
    pairs.add_pair(ef, a, b, PairKind.KEEP_APART)
    with pytest.raises(DomainError) as e:
        pairs.add_pair(ef, b, a, PairKind.KEEP_TOGETHER)
    assert e.value.code == "pair_exists"
    with pytest.raises(DomainError) as e:
        pairs.add_pair(ef, a, 9999, PairKind.KEEP_APART)
    assert e.value.code == "attendee_missing"
    assert len(pairs.list_pairs(ef)) == 1


def test_pair_places_tell_whether_the_plan_honours_a_pair(event_location):
    from gdb_facilitator.core.services import seating

    with create_event(event_location, title="Paare", clock=FakeClock(), tables=3) as ef:
        a, b, c = people(ef, "Ana", "Ben", "Cem")
        assert pairs.pair_places(ef, a, b) == []  # no plan yet
        with ef.session() as s:
            s.add_all([Round(number=n) for n in (1, 2, 3)])
        seating.move_seats(ef, [a, b], 1, 2)
        seating.move_seats(ef, [a], 2, 1)
        seating.move_seats(ef, [b], 2, 3)
        seating.move_seats(ef, [c], 3, 1)
        places = pairs.pair_places(ef, b, a)
        assert [(p.round, p.first_table, p.second_table) for p in places] == [(1, 2, 2), (2, 1, 3), (3, None, None)]
        assert [p.kept(PairKind.KEEP_APART) for p in places] == [False, True, None]
        assert [p.kept(PairKind.KEEP_TOGETHER) for p in places] == [True, False, None]
        assert not any(p.started for p in places)
