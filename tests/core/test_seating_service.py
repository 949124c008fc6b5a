"""Seating service: what lands in the event file, determinism, locks, latecomers, no-shows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gdb_facilitator.core.algorithms.grouping import InfeasibleSeating
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    Organisation,
    PairKind,
    Round,
    SeatAssignment,
    Sector,
)
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import seating as sv
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.messages import render

SECTORS = ("Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft")
FAST = dict(time_limit=0.3)


def _event(path, n=40, tables=6, capacity=8, hosts=True, arrived=None) -> EventFile:
    ef = create_event(path, title="Konferenz", tables=tables, clock=FakeClock())
    with ef.session() as s:
        for t in s.scalars(select(EventTable)):
            t.capacity = capacity
        sectors = dict(s.execute(select(Sector.name, Sector.id)).all())
        table_ids = dict(s.execute(select(EventTable.number, EventTable.id)).all())
        now = ef.clock.now_utc()
        orgs = []
        for k in range(12):
            o = Organisation(name=f"Org {k}", name_key=f"org {k}")
            s.add(o)
            orgs.append(o)
        s.flush()
        for i in range(n):
            first = ["Ärne", "anna", "Zoë", "Ölaf", "Björn", "Eva"][i % 6]
            s.add(Attendee(
                registration_id=f"R{i:03d}", first_name=first, last_name=f"Person{i:03d}",
                sector_id=sectors[SECTORS[i % 4]], organisation_id=orgs[i % 12].id,
                pinned_table_id=table_ids[i + 1] if hosts and i < tables else None,
                arrived_at=now if arrived is None or i < arrived else None,
                created_at=now, updated_at=now))
    return ef


@pytest.fixture
def ef(tmp_path):
    e = _event(tmp_path / "e.gdbevent")
    yield e
    e.close()


def seats(ef, round_number=None):
    with ef.session() as s:
        q = (select(SeatAssignment.attendee_id, Round.number, EventTable.number, SeatAssignment.locked)
             .join(Round, SeatAssignment.round_id == Round.id)
             .join(EventTable, SeatAssignment.table_id == EventTable.id))
        if round_number is not None:
            q = q.where(Round.number == round_number)
        return {(a, r): (t, lk) for a, r, t, lk in s.execute(q)}


def test_plan_persists_rounds_seats_and_seed(ef):
    result = sv.plan_seating(ef, rounds=3, seed=42, **FAST)
    stored = seats(ef)
    assert len(stored) == 40 * 3 and result.added == 120
    assert result.planned_rounds == (1, 2, 3) and result.quality.valid
    with ef.session() as s:
        rounds = s.scalars(select(Round).order_by(Round.number)).all()
        assert [(r.number, r.plan_seed, r.plan_strategy) for r in rounds] == [
            (n, 42, sv.STRATEGY_PLAN) for n in (1, 2, 3)]
        assert all(r.planned_at == ef.clock.now_utc() for r in rounds)
        hosts = {a.id: a.pinned_table.number for a in s.scalars(select(Attendee)) if a.pinned_table}
    for aid, number in hosts.items():
        assert all(stored[(aid, r)][0] == number for r in (1, 2, 3))
    assert not any(locked for _t, locked in stored.values())
    # the view measures the stored seats the same way the plan was measured
    view = sv.seating_view(ef, 2)
    assert view.quality.sector_deviation == pytest.approx(result.quality.sector_deviation)
    assert view.quality.valid and sum(len(t.members) for t in view.tables) == 40
    assert view.unseated == ()


def test_same_seed_same_plan(tmp_path):
    plans = []
    for k in range(2):
        with _event(tmp_path / f"e{k}.gdbevent") as ef:
            sv.plan_seating(ef, rounds=2, seed=7, time_limit=30, max_iterations=300)
            plans.append(seats(ef))
    assert plans[0] == plans[1]


def test_replan_keeps_locked_seats_and_leaves_started_rounds(ef):
    sv.plan_seating(ef, rounds=3, seed=1, **FAST)
    before = seats(ef)
    mover = 20
    old_table = before[(mover, 2)][0]
    target = 1 if old_table != 1 else 2
    prev = sv.move_seat(ef, mover, 2, target)
    assert prev == sv.SeatState(mover, 2, old_table, False)
    assert seats(ef)[(mover, 2)] == (target, True)
    sv.mark_round_started(ef, 1)
    for seed in (2, 3):
        result = sv.plan_seating(ef, seed=seed, **FAST)
        after = seats(ef)
        assert result.planned_rounds == (2, 3)
        assert after[(mover, 2)] == (target, True)
        assert {k: v for k, v in after.items() if k[1] == 1} == {k: v for k, v in before.items() if k[1] == 1}


def test_undo_of_a_move_restores_the_seat(ef):
    sv.plan_seating(ef, rounds=1, seed=1, **FAST)
    old = seats(ef)[(30, 1)]
    prev = sv.move_seat(ef, 30, 1, 6 if old[0] != 6 else 5)
    sv.restore_seat(ef, prev)
    assert seats(ef)[(30, 1)] == old
    sv.move_seat(ef, 30, 1, None)
    assert (30, 1) not in seats(ef)
    assert sv.set_locked(ef, 31, 1, True) is False
    assert seats(ef)[(31, 1)][1] is True
    with pytest.raises(DomainError) as e:
        sv.move_seat(ef, 31, 1, 99)
    assert "no table number 99" in render(e.value)


def test_latecomers_are_seated_without_moving_anybody(tmp_path):
    with _event(tmp_path / "e.gdbevent", n=40, arrived=34) as ef:
        sv.plan_seating(ef, rounds=3, seed=5, only_present=True, **FAST)
        before = seats(ef)
        assert len(before) == 34 * 3
        sv.mark_round_started(ef, 1)
        with ef.session() as s:
            for a in s.scalars(select(Attendee).where(Attendee.arrived_at.is_(None))):
                a.arrived_at = ef.clock.now_utc()
        result = sv.seat_latecomers(ef, seed=3, time_limit=0.3)
        after = seats(ef)
        assert result.added == 6 * 3 and result.moved == 0 and result.removed == 0
        assert all(after[k] == v for k, v in before.items())
        assert {a for (a, _r) in after} == set(range(1, 41))
        sizes = {}
        for (a, r), (t, _l) in after.items():
            sizes[(r, t)] = sizes.get((r, t), 0) + 1
        assert max(sizes.values()) <= 8


def test_no_shows_rebalance_only_rounds_not_started(ef):
    sv.plan_seating(ef, rounds=3, seed=9, **FAST)
    before = seats(ef)
    sv.mark_round_started(ef, 1)
    gone = [25, 26, 27, 28, 29, 30]
    with ef.session() as s:
        for a in s.scalars(select(Attendee).where(Attendee.id.in_(gone))):
            a.absent = True
    result = sv.plan_seating(ef, seed=4, **FAST)
    after = seats(ef)
    assert result.removed == len(gone) * 2
    assert {k: v for k, v in after.items() if k[1] == 1} == {k: v for k, v in before.items() if k[1] == 1}
    assert not any(a in gone for (a, r) in after if r > 1)
    assert result.quality.size_spread_by_round[1] <= 1 and result.quality.size_spread_by_round[2] <= 1
    # the absent people do not show on the projector list either
    where = sv.who_sits_where(ef, 1)
    assert len(where) == 40 - len(gone)


def test_all_rounds_started_and_other_refusals(ef):
    with pytest.raises(DomainError) as e:
        sv.seat_latecomers(ef)
    assert e.value.code == "seating_no_plan"
    sv.plan_seating(ef, rounds=1, seed=1, **FAST)
    sv.mark_round_started(ef, 1)
    with pytest.raises(DomainError) as e:
        sv.plan_seating(ef, seed=1, **FAST)
    assert e.value.code == "seating_all_started"
    assert "Rounds 1 to 1 have all started" in render(e.value)
    with pytest.raises(ValidationError):
        sv.plan_seating(ef, rounds=0)
    with pytest.raises(DomainError) as e:
        sv.mark_round_started(ef, 7)
    assert e.value.code == "round_unknown"
    assert sv.restore_round_started(ef, 1, None) is None
    assert not sv.seating_view(ef, 1).started


def test_infeasible_seating_names_the_people(tmp_path):
    with _event(tmp_path / "e.gdbevent", n=50, tables=6, capacity=8) as ef:
        with pytest.raises(InfeasibleSeating) as e:
            sv.plan_seating(ef, seed=1, **FAST)
        assert e.value.code == "seating_too_many_people"
        assert render(e.value) == ("Round 1: 50 people but only 48 seats at the tables. Add tables or "
                                   "chairs, or plan only for the people who have checked in.")
    with _event(tmp_path / "f.gdbevent", n=20) as ef:
        with ef.session() as s:
            s.add(AttendeePair(first_id=7, second_id=8, kind=PairKind.KEEP_TOGETHER))
            host = s.get(Attendee, 1)
            host.pinned_table_id = None
        sv.plan_seating(ef, rounds=1, seed=1, **FAST)
        sv.move_seat(ef, 7, 1, 1)
        sv.move_seat(ef, 8, 1, 2)
        with pytest.raises(InfeasibleSeating) as e:
            sv.plan_seating(ef, seed=1, **FAST)
        assert e.value.code == "seating_together_split"
        assert "Ärne Person006, anna Person007 are to sit together" in render(e.value)


def test_pairs_are_respected(tmp_path):
    with _event(tmp_path / "e.gdbevent", n=30, hosts=False) as ef:
        with ef.session() as s:
            s.add(AttendeePair(first_id=1, second_id=2, kind=PairKind.KEEP_TOGETHER))
            s.add(AttendeePair(first_id=3, second_id=5, kind=PairKind.KEEP_APART))
        sv.plan_seating(ef, rounds=2, seed=1, **FAST)
        st = seats(ef)
        for r in (1, 2):
            assert st[(1, r)][0] == st[(2, r)][0]
            assert st[(3, r)][0] != st[(5, r)][0]


def test_plan_refuses_when_the_event_changed_meanwhile(ef):
    inp = sv.build_plan_input(ef, rounds=1)
    plan = sv.compute_plan(inp, seed=1, time_limit=0.2)
    with ef.session() as s:
        s.get(Attendee, 3).absent = True
    with pytest.raises(DomainError) as e:
        sv.apply_plan(ef, inp, plan)
    assert e.value.code == "seating_changed_meanwhile"
    assert seats(ef) == {}


def test_undo_a_plan_with_the_snapshot(ef):
    first = sv.plan_seating(ef, rounds=2, seed=1, **FAST)
    stored = seats(ef)
    second = sv.plan_seating(ef, seed=2, **FAST)
    assert second.before == first.after
    sv.restore_seats(ef, second.before)
    assert seats(ef) == stored
    sv.restore_seats(ef, first.before)
    assert seats(ef) == {}


def test_who_sits_where_sorts_like_a_german_list(ef):
    with ef.session() as s:
        for i, (first, last) in enumerate([("Anna", "Özdemir"), ("Bert", "oswald"), ("Cem", "Ostrowski"),
                                           ("Dora", "Ärmel"), ("Emil", "Adler"), ("Fritz", "Straße"),
                                           ("Gabi", "Strasser")], start=1):
            a = s.get(Attendee, i)
            a.first_name, a.last_name = first, last
    sv.plan_seating(ef, rounds=1, seed=1, **FAST)
    names = [row.name for row in sv.who_sits_where(ef, 1) if "Person" not in row.name]
    assert names == ["Adler, Emil", "Ärmel, Dora", "Ostrowski, Cem", "oswald, Bert", "Özdemir, Anna",
                     "Straße, Fritz", "Strasser, Gabi"]


def test_view_marks_hosts_locks_and_the_unseated(ef):
    sv.plan_seating(ef, rounds=1, seed=1, **FAST)
    sv.move_seat(ef, 12, 1, None)
    sv.set_locked(ef, 13, 1, True)
    view = sv.seating_view(ef, 1)
    assert [m.attendee_id for m in view.unseated] == [12]
    members = {m.attendee_id: m for t in view.tables for m in t.members}
    assert members[13].locked and not members[14].locked
    assert members[1].host and view.tables[0].members[0].attendee_id == 1
    assert any(i.code == "unseated" for i in view.quality.hard_violations)
    assert view.tables[0].quality.size == len(view.tables[0].members)


# -- each round's own figures (issue 19) ----------------------------------------------------

def test_a_rounds_figures_do_not_change_when_a_later_round_is_planned(tmp_path):
    with _event(tmp_path / "e.gdbevent", n=40) as ef:
        sv.plan_seating(ef, rounds=1, seed=11, **FAST)
        before = sv.seating_view(ef, 1).summary
        assert before is not None and before.round == 1 and before.met_before == 0
        sv.mark_round_started(ef, 1)
        sv.plan_seating(ef, rounds=2, seed=12, **FAST)
        after = sv.seating_view(ef, 1).summary
        assert after == before
        second = sv.seating_view(ef, 2).summary
        assert second.round == 2
        # the whole-plan report sums both rounds; each round's summary is its own part
        report = sv.seating_view(ef, 2).quality
        assert report.sector_deviation == pytest.approx(before.sector_deviation + second.sector_deviation)
        assert report.colleague_pairs == before.colleague_pairs + second.colleague_pairs
        assert second.sector_bound == pytest.approx(report.bounds.sector_deviation_by_round[1])


def test_met_before_counts_pairs_of_an_earlier_round(ef):
    sv.plan_seating(ef, rounds=2, seed=3, **FAST)
    by_round = {}
    for (a, r), (t, _l) in seats(ef).items():
        by_round.setdefault(r, {}).setdefault(t, set()).add(a)
    first = {frozenset((a, b)) for members in by_round[1].values() for a in members for b in members if a < b}
    expected = sum(1 for members in by_round[2].values() for a in members for b in members
                   if a < b and frozenset((a, b)) in first)
    assert sv.seating_view(ef, 2).summary.met_before == expected
    assert sv.seating_view(ef, 1).summary.met_before == 0


def test_an_unseated_person_stays_a_rule_not_kept_in_a_started_round(tmp_path):
    with _event(tmp_path / "e.gdbevent", n=40, arrived=39) as ef:
        sv.plan_seating(ef, rounds=1, seed=5, only_present=True, **FAST)
        sv.mark_round_started(ef, 1)
        with ef.session() as s:
            late = s.scalars(select(Attendee).where(Attendee.arrived_at.is_(None))).one()
            late.arrived_at = ef.clock.now_utc()
            late_id = late.id
        view = sv.seating_view(ef, 1)
        assert [i.person for i in view.summary.issues] == [str(late_id)]
        # planning round 2 seats them there; round 1 has started and still misses them
        sv.plan_seating(ef, rounds=2, seed=6, only_present=True, **FAST)
        view = sv.seating_view(ef, 1)
        assert [(i.code, i.person) for i in view.summary.issues] == [("unseated", str(late_id))]
        assert [m.attendee_id for m in view.unseated] == [late_id]
        assert not sv.seating_view(ef, 2).summary.issues


def test_people_who_have_not_come_are_not_missed_once_check_in_began(tmp_path):
    with _event(tmp_path / "e.gdbevent", n=40, arrived=30) as ef:
        sv.plan_seating(ef, rounds=1, seed=5, only_present=True, **FAST)
        view = sv.seating_view(ef, 1)
        assert view.checked_in == 30 and view.people == 40
        assert view.unseated == () and not view.summary.issues
        # the room's mix is that of the people here
        assert sum(len(t.members) for t in view.tables) == 30
