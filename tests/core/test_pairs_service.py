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


# -- finding people, contradictions, plans that follow the pairs ---------------------------

from sqlalchemy import select  # noqa: E402

from gdb_facilitator.core.db.models import EventTable, Sector  # noqa: E402
from gdb_facilitator.core.services import seating  # noqa: E402
from gdb_facilitator.messages import render  # noqa: E402


def crowd(ef, n, *, tables=None, capacity=6):
    """n people over four sectors, one organisation each; table capacities set."""
    ids = []
    with ef.session() as s:
        for t in s.scalars(select(EventTable)):
            t.capacity = capacity
        sectors = [sid for (sid,) in s.execute(select(Sector.id).order_by(Sector.id))]
        now = ef.clock.now_utc()
        for i in range(n):
            a = Attendee(registration_id=f"G{i:02d}", first_name=f"Vor{i:02d}", last_name=f"Nach{i:02d}",
                         sector_id=sectors[i % len(sectors)], created_at=now, updated_at=now)
            s.add(a)
            s.flush()
            ids.append(a.id)
    return ids


def table_of(ef, attendee_id, round_number):
    from gdb_facilitator.core.db.models import Round, SeatAssignment

    with ef.session() as s:
        return s.scalar(select(EventTable.number)
                        .join(SeatAssignment, SeatAssignment.table_id == EventTable.id)
                        .join(Round, SeatAssignment.round_id == Round.id)
                        .where(SeatAssignment.attendee_id == attendee_id, Round.number == round_number))


def test_find_person_by_number_or_name(ef):
    a, b = people(ef, "Ana", "Ben")
    assert pairs.find_person(ef, "R1") == b
    assert pairs.find_person(ef, "ana x") == a
    with pytest.raises(DomainError) as e:
        pairs.find_person(ef, "Zora")
    assert e.value.code == "pair_no_match"
    assert render(e.value) == 'Nobody matches "Zora". Check the spelling, or give the registration number.'
    with pytest.raises(DomainError) as e:
        pairs.find_person(ef, "X")
    assert e.value.code == "check_in_ambiguous"


def test_a_chain_of_together_pairs_cannot_hold_an_apart_pair(ef):
    a, b, c = people(ef, "Ana", "Ben", "Cem")
    pairs.add_pair(ef, a, b, PairKind.KEEP_TOGETHER)
    pairs.add_pair(ef, a, c, PairKind.KEEP_APART)
    with pytest.raises(DomainError) as e:
        pairs.add_pair(ef, b, c, PairKind.KEEP_TOGETHER)
    assert e.value.code == "pair_conflict"
    assert render(e.value) == ("Ana X and Cem X are to be kept apart, but keep-together pairs would put "
                               "them at one table (Ana X, Ben X, Cem X). Remove one of these pairs first.")
    assert len(pairs.list_pairs(ef)) == 2  # nothing added


@pytest.fixture
def room(event_location):
    with create_event(event_location, title="Paare", tables=6, clock=FakeClock()) as ef:
        yield ef


def test_plans_and_latecomers_follow_the_pairs(room):
    ef = room
    ids = crowd(ef, 30)
    interp, guest1, guest2, boss, worker, late1, late2 = ids[0], ids[1], ids[2], ids[3], ids[4], ids[28], ids[29]
    pairs.add_pair(ef, interp, guest1, PairKind.KEEP_TOGETHER)
    pairs.add_pair(ef, interp, guest2, PairKind.KEEP_TOGETHER)
    pairs.add_pair(ef, boss, worker, PairKind.KEEP_APART)
    pairs.add_pair(ef, late1, interp, PairKind.KEEP_TOGETHER)
    pairs.add_pair(ef, late2, boss, PairKind.KEEP_APART)
    with ef.session() as s:
        for aid in ids[:28]:
            s.get(Attendee, aid).arrived_at = ef.clock.now_utc()
    seating.plan_seating(ef, rounds=2, seed=3, only_present=True, time_limit=0.5)
    for r in (1, 2):
        assert table_of(ef, interp, r) == table_of(ef, guest1, r) == table_of(ef, guest2, r)
        assert table_of(ef, boss, r) != table_of(ef, worker, r)
        assert table_of(ef, late1, r) is None
    before = {(aid, r): table_of(ef, aid, r) for aid in ids[:28] for r in (1, 2)}
    with ef.session() as s:
        for aid in (late1, late2):
            s.get(Attendee, aid).arrived_at = ef.clock.now_utc()
    seating.seat_latecomers(ef, seed=1, time_limit=0.5)
    for r in (1, 2):
        assert table_of(ef, late1, r) == table_of(ef, interp, r)
        assert table_of(ef, late2, r) != table_of(ef, boss, r)
    assert all(table_of(ef, aid, r) == t for (aid, r), t in before.items())
    assert pairs.rounds_not_kept(ef, boss, worker, PairKind.KEEP_APART) == []
    assert pairs.rounds_not_kept(ef, interp, guest1, PairKind.KEEP_APART) == [1, 2]


def test_a_plan_that_cannot_keep_a_pair_names_both_and_why(room):
    ef = room
    ids = crowd(ef, 20)
    with ef.session() as s:
        tables = dict(s.execute(select(EventTable.number, EventTable.id)).all())
        s.get(Attendee, ids[0]).pinned_table_id = tables[1]
        s.get(Attendee, ids[1]).pinned_table_id = tables[1]
        s.get(Attendee, ids[2]).pinned_table_id = tables[2]
    row = pairs.add_pair(ef, ids[0], ids[1], PairKind.KEEP_APART)
    with pytest.raises(DomainError) as e:
        seating.plan_seating(ef, rounds=1, seed=1, time_limit=0.3)
    assert e.value.code == "seating_apart_fixed_together"
    assert render(e.value) == (
        "Round 1: Vor00 Nach00 and Vor01 Nach01 are to be kept apart, but both have a fixed seat at "
        "table 1 (a host's table or a seat moved by hand). Move one of them, or remove the pair.")
    pairs.remove_pair(ef, row.first_id, row.second_id)
    pairs.add_pair(ef, ids[0], ids[2], PairKind.KEEP_TOGETHER)
    with pytest.raises(DomainError) as e:
        seating.plan_seating(ef, rounds=1, seed=1, time_limit=0.3)
    assert e.value.code == "seating_together_split"
    assert "Vor00 Nach00, Vor02 Nach02 are to sit together" in render(e.value)
    assert "(1, 2: a host's table" in render(e.value)
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


def test_a_pair_added_after_its_round_started_is_shown_split_not_hiding_the_figures(room):
    ef = room
    ids = crowd(ef, 24)
    seating.plan_seating(ef, rounds=1, seed=1, time_limit=0.3)
    seating.mark_round_started(ef, 1)
    a = ids[0]
    b = next(i for i in ids if table_of(ef, i, 1) != table_of(ef, a, 1))
    pairs.add_pair(ef, a, b, PairKind.KEEP_TOGETHER)
    view = seating.seating_view(ef, 1)
    assert view.quality is not None
    assert view.quality.keep_together_violations == 1
    assert [i.code for i in view.summary.issues] == ["together_split"]
