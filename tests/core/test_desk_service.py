"""The check-in desk: seat-now for one person (nobody moved, rules held), the seat shown per
person, finding people by name or number, and the line read out after a check-in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    Organisation,
    PairKind,
    Round,
    SeatAssignment,
    Sector,
    Topic,
)
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import attendees, desk
from gdb_facilitator.core.services import seating as sv
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.messages import check_in_text, render, seat_text

V, W, Z, B = "Verwaltung", "Wissenschaft", "Zivilgesellschaft", "Wirtschaft"

# name: (sector, organisation)
PEOPLE = {
    "a": (V, "Org 1"), "b": (W, "Org 2"), "c": (Z, "Org 3"),
    "d": (V, "Org 4"), "e": (W, "Org X"), "f": (Z, "Org 5"),
    "g": (V, "Org 6"), "h": (B, "Org 7"), "i": (Z, "Org X"),
}
# Round 1: only table 1 has neither someone from "Org X" nor someone from Wirtschaft.
# Round 2: table 1 repeats three people the walk-in met in round 1, table 3 has colleagues;
# table 2 is the one place that keeps every rule.
ROUND_1 = {1: "abc", 2: "deh", 3: "gfi"}
ROUND_2 = {1: "abc", 2: "dfg", 3: "ehi"}


def _small_event(path, *, started: bool = True):
    ef = create_event(path, title="Desk", tables=3, clock=FakeClock())
    with ef.session() as s:
        sectors = dict(s.execute(select(Sector.name, Sector.id)).all())
        tables = {}
        for t in s.scalars(select(EventTable)):
            t.capacity = 4
            t.name = f"Raum {t.number}"
            tables[t.number] = t
        topic = Topic(title="Beteiligung digital gestalten: wie Verwaltung und Initiativen gemeinsam planen",
                      created_at=ef.clock.now_utc())
        s.add(topic)
        s.flush()
        tables[1].topic_id = topic.id
        orgs = {}
        for name in sorted({o for _s, o in PEOPLE.values()}):
            orgs[name] = Organisation(name=name, name_key=name.casefold())
            s.add(orgs[name])
        s.flush()
        now = ef.clock.now_utc()
        ids = {}
        for key, (sector, org) in PEOPLE.items():
            a = Attendee(registration_id=f"R-{key}", first_name=key.upper(), last_name="Person",
                         sector_id=sectors[sector], organisation_id=orgs[org].id, arrived_at=now,
                         created_at=now, updated_at=now)
            s.add(a)
            s.flush()
            ids[key] = a.id
        rounds = {n: Round(number=n, started_at=now if (started and n == 1) else None) for n in (1, 2)}
        s.add_all(rounds.values())
        s.flush()
        for n, plan in ((1, ROUND_1), (2, ROUND_2)):
            for table, keys in plan.items():
                for k in keys:
                    s.add(SeatAssignment(round_id=rounds[n].id, attendee_id=ids[k],
                                         table_id=tables[table].id))
    return ef, ids


def _seats(ef):
    with ef.session() as s:
        return {(a, r): t for a, r, t in s.execute(
            select(SeatAssignment.attendee_id, Round.number, EventTable.number)
            .join(Round, SeatAssignment.round_id == Round.id)
            .join(EventTable, SeatAssignment.table_id == EventTable.id))}


@pytest.fixture
def small(event_location):
    ef, ids = _small_event(event_location)
    yield ef, ids
    ef.close()


def test_seat_now_places_one_walk_in_by_the_rules_and_moves_nobody(small):
    ef, _ids = small
    before = _seats(ef)
    row = attendees.add_walk_in(ef, "Olga", "Friedrich", "Org X", B)
    result = sv.seat_now(ef, row.id, seed=7)
    after = _seats(ef)
    assert {k: v for k, v in after.items() if k[0] != row.id} == before  # nobody else moved
    # round 1: no colleague from Org X and nobody else from Wirtschaft; round 2: no repeat
    assert [(s.round_number, s.table_number) for s in result.seats] == [(1, 1), (2, 2)]
    assert after[(row.id, 1)] == 1 and after[(row.id, 2)] == 2
    assert result.added == 2 and result.plan is not None and result.plan.moved == 0
    assert result.plan.strategy == sv.STRATEGY_LATECOMERS


def test_seat_now_keeps_people_apart_and_takes_the_seats_back_on_undo(small):
    ef, ids = small
    row = attendees.add_walk_in(ef, "Olga", "Friedrich", "Org 9", V)
    with ef.session() as s:
        # two keep-apart rules leave table 3 in round 1 (and table 2 free of them in round 2)
        s.add(AttendeePair(first_id=ids["a"], second_id=row.id, kind=PairKind.KEEP_APART))
        s.add(AttendeePair(first_id=ids["d"], second_id=row.id, kind=PairKind.KEEP_APART))
    before = _seats(ef)
    result = sv.seat_now(ef, row.id, seed=3)
    tables = {s.round_number: s.table_number for s in result.seats}
    assert tables[1] == 3 and tables[2] == 3
    sv.restore_seats(ef, result.plan.before)
    assert _seats(ef) == before
    sv.restore_seats(ef, result.plan.after)
    assert _seats(ef)[(row.id, 1)] == 3


def test_seat_now_before_the_first_round_and_when_there_is_nothing_to_do(tmp_path):
    ef, ids = _small_event(tmp_path / "e.gdbevent", started=False)
    with ef:
        row = attendees.add_walk_in(ef, "Olga", "Friedrich", "Org X", B)
        result = sv.seat_now(ef, row.id, seed=1)
        assert result.from_round == 1 and [s.table_number for s in result.seats] == [1, 2]
        again = sv.seat_now(ef, row.id, seed=1)
        assert again.plan is None and again.added == 0
        assert [s.table_number for s in again.seats] == [1, 2]


def test_seat_now_refuses_clearly(tmp_path, small):
    ef, ids = small
    attendees.set_absent(ef, ids["a"], True)
    with pytest.raises(DomainError) as e:
        sv.seat_now(ef, ids["a"])
    assert "A Person is marked absent" in render(e.value)
    with pytest.raises(DomainError) as e:
        sv.seat_now(ef, 9999)
    assert e.value.code == "attendee_missing"
    # a full room: every chair is taken after three walk-ins
    for k in range(3):
        sv.seat_now(ef, attendees.add_walk_in(ef, f"W{k}", "Gast", "", V).id, seed=k)
    last = attendees.add_walk_in(ef, "Zu", "Viel", "", V)
    with pytest.raises(DomainError) as e:
        sv.seat_now(ef, last.id)
    assert e.value.code == "seating_too_many_people"
    # no plan at all
    with create_event(tmp_path / "empty.gdbevent", title="Leer", tables=3, clock=FakeClock()) as empty:
        walk_in = attendees.add_walk_in(empty, "Olga", "Friedrich")
        with pytest.raises(DomainError) as e:
            sv.seat_now(empty, walk_in.id)
        assert e.value.code == "seating_no_plan"


def test_desk_seats_follow_the_current_round_and_mark_pinned_seats(small):
    ef, ids = small
    with ef.session() as s:
        a = s.get(Attendee, ids["a"])
        a.pinned_table_id = s.scalar(select(EventTable.id).where(EventTable.number == 1))
        seat = s.scalars(select(SeatAssignment).join(Round).where(
            SeatAssignment.attendee_id == ids["e"], Round.number == 1)).one()
        seat.locked = True
    seats = desk.desk_seats(ef)
    assert seats.round_number == 1 and seats.planned
    assert seats.seat(ids["a"]) == desk.DeskSeat(1, "Raum 1", seats.seat(ids["a"]).topic, True, True)
    assert seats.seat(ids["e"]).pinned and not seats.seat(ids["b"]).pinned
    assert seats.seat(ids["d"]).table_number == 2
    walk_in = attendees.add_walk_in(ef, "Olga", "Friedrich")
    assert desk.desk_seats(ef).seat(walk_in.id) is None
    sv.mark_round_started(ef, 2)
    seats = desk.desk_seats(ef)
    assert seats.round_number == 2 and seats.seat(ids["d"]).table_number == 2
    assert seats.seat(ids["e"]).table_number == 3


def test_a_host_shows_the_pinned_table_before_any_plan(tmp_path):
    with create_event(tmp_path / "e.gdbevent", title="Leer", tables=2, clock=FakeClock()) as ef:
        host = attendees.add_walk_in(ef, "Hanna", "Host")
        attendees.update_attendee(ef, host.id, pinned_table=2)
        other = attendees.add_walk_in(ef, "Otto", "Gast")
        seats = desk.desk_seats(ef)
        assert not seats.planned and seats.round_number == 1
        assert seats.seat(host.id) == desk.DeskSeat(2, "", "", True, False)
        assert seats.seat(other.id) is None


def test_find_by_number_name_and_the_candidates_when_several_match(small):
    ef, ids = small
    assert [r.id for r in desk.find_attendees(ef, "r-b")] == [ids["b"]]
    assert [r.id for r in desk.find_attendees(ef, f"#{ids['c']}")] == [ids["c"]]
    assert [r.id for r in desk.find_attendees(ef, "Person, C")] == [ids["c"]]
    assert [r.id for r in desk.find_attendees(ef, "  c   PERSON ")] == [ids["c"]]
    with pytest.raises(DomainError) as e:
        desk.find_one(ef, "Person")
    text = render(e.value)
    assert '"Person" matches 9 people' in text and "A Person (R-a, Org 1)" in text and "…" in text
    with pytest.raises(DomainError) as e:
        desk.find_one(ef, "Nobody Here")
    assert render(e.value).startswith('Nobody matches "Nobody Here"')
    assert desk.find_attendees(ef, "   ") == []


def test_check_in_says_the_seat_and_a_second_try_changes_nothing(small):
    ef, _ids = small
    row = attendees.add_walk_in(ef, "Olga", "Friedrich", "Org X", B)
    attendees.set_arrived(ef, row.id, False)
    sv.seat_now(ef, row.id, seed=7)
    first = desk.check_in(ef, row.id)
    assert not first.already and first.row.arrived_at is not None
    assert check_in_text(first) == ("Olga Friedrich — Table 1 · Raum 1 "
                                    "(Beteiligung digital gestalten: wie Verw…)")
    ef.clock.advance(3600)
    second = desk.check_in(ef, row.id)
    assert second.already and second.row.arrived_at == first.row.arrived_at
    when = first.row.arrived_at.astimezone().strftime("%H:%M")
    assert check_in_text(second).startswith(f"Olga Friedrich was already checked in at {when} — Table 1")


def test_the_seat_line_without_a_seat_says_why():
    assert seat_text(None, round_number=2) == "not seated yet in round 2"
    assert seat_text(None, round_number=1, planned=False) == "no seating plan for round 1 yet"
    seat = desk.DeskSeat(4, "Panke", "", False, True)
    assert seat_text(seat) == "Table 4 · Panke"
    assert seat_text(desk.DeskSeat(4, "", "Kurz", False, True)) == "Table 4 (Kurz)"
