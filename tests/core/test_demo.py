import re
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    AgendaKind,
    Attendee,
    Event,
    EventTable,
    Organisation,
    Role,
    Round,
    SeatAssignment,
    TableResult,
    TeamCode,
)
from gdb_facilitator.core import demo_plan
from gdb_facilitator.core.demo import DEMO_TITLE, plan_round_one, write_demo_event
from gdb_facilitator.core.errors import EventFileError
from gdb_facilitator.core.services.codes import is_valid_code
from gdb_facilitator.core.services.seating import seating_view

START = datetime(2026, 5, 4, 7, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.gdbevent"
    started = time.perf_counter()
    assert write_demo_event(path, clock=FakeClock(START)) == path
    elapsed = time.perf_counter() - started
    ef = EventFile.open(path, readonly=True)
    ef.elapsed = elapsed
    yield ef
    ef.close()


@contextmanager
def _load(ef):
    # Read-only sessions roll back at the end, which expires every object: look inside.
    with ef.session() as s:
        attendees = s.scalars(select(Attendee).options(
            selectinload(Attendee.organisation), selectinload(Attendee.sector),
            selectinload(Attendee.topic_choices))).all()
        tables = s.scalars(select(EventTable).options(selectinload(EventTable.topic))
                           .order_by(EventTable.number)).all()
        rounds = s.scalars(select(Round).order_by(Round.number)).all()
        seats = s.scalars(select(SeatAssignment).where(SeatAssignment.round_id == rounds[0].id)).all()
        yield attendees, tables, rounds, seats, s


def test_written_quickly_closed_and_titled(demo):
    assert demo.elapsed < 1.5  # target 0.5 s; slack for a busy CI machine
    # Closed after writing: a writer can take the lock.
    EventFile.open(demo.path).close()
    with demo.session() as s:
        event = s.scalars(select(Event)).one()
        assert event.title == DEMO_TITLE
        assert event.event_date.isoformat() == "2023-09-29"
        assert "Rathaus" in event.venue
        assert event.created_at == START


def test_attendees_sectors_and_organisations(demo):
    with _load(demo) as (attendees, _tables, _rounds, _seats, s):
        assert len(attendees) == 130
        sectors = Counter(a.sector.name for a in attendees)
        assert sectors == {"Verwaltung": 59, "Wissenschaft": 26, "Wirtschaft": 19,
                           "Zivilgesellschaft": 26}
        orgs = Counter(a.organisation.name for a in attendees)
        assert 50 <= len(orgs) <= 60
        assert sum(1 for n in orgs.values() if n > 1) >= 20
        assert len(s.scalars(select(Organisation)).all()) == len(orgs)
        names = [a.full_name for a in attendees]
        emails = [a.email for a in attendees]
        assert len(set(names)) == 130 and len(set(emails)) == 130
        assert all(re.fullmatch(r"[a-z0-9.-]+@[a-z0-9-]+\.example", e) for e in emails)
        assert len({a.registration_id for a in attendees}) == 130
        roles = Counter(a.role for a in attendees)
        assert roles[Role.HOST] == 18 and roles[Role.SPEAKER] >= 2 and roles[Role.FACILITATOR] >= 1
        # Participants ranked several topics.
        assert all(len(a.topic_choices) >= 2 for a in attendees if a.role is Role.PARTICIPANT)


def test_check_in_state(demo):
    with _load(demo) as (attendees, *_rest):
        absent = [a for a in attendees if a.absent]
        arrived = [a for a in attendees if a.arrived_at is not None]
        assert 2 <= len(absent) <= 3
        assert not any(a.arrived_at for a in absent)
        assert 60 <= len(arrived) < 130 - len(absent)
        assert all(a.arrived_at.date().isoformat() == "2023-09-29" for a in arrived)


def test_eighteen_tables_with_topic_and_exactly_one_pinned_host(demo):
    with _load(demo) as (attendees, tables, *_rest):
        assert [t.number for t in tables] == list(range(1, 19))
        assert all(7 <= t.capacity <= 8 for t in tables)
        assert len({t.name for t in tables}) == 18
        assert all(t.topic and t.topic.title and len(t.topic.problem_statement) > 40 for t in tables)
        pinned = Counter(a.pinned_table_id for a in attendees if a.pinned_table_id)
        assert {t.id: pinned[t.id] for t in tables} == {t.id: 1 for t in tables}
        assert all(a.role is Role.HOST for a in attendees if a.pinned_table_id)


def test_round_one_seats_everybody_present_mixed_and_without_colleagues(demo):
    with _load(demo) as (attendees, tables, rounds, seats, _s):
        assert 1 <= len(rounds) <= 3
        by_id = {a.id: a for a in attendees}
        seated = Counter(x.attendee_id for x in seats)
        assert all(n == 1 for n in seated.values())
        assert set(seated) == {a.id for a in attendees if not a.absent}
        at_table = defaultdict(list)
        for x in seats:
            at_table[x.table_id].append(by_id[x.attendee_id])
        for table in tables:
            members = at_table[table.id]
            assert len(members) <= table.capacity
            assert len({m.sector_id for m in members}) >= 3
            orgs = Counter(m.organisation_id for m in members)
            assert max(orgs.values()) == 1, f"colleagues at table {table.number}"
            hosts = [m for m in members if m.role is Role.HOST]
            assert [h.pinned_table_id for h in hosts] == [table.id]
        sizes = [len(at_table[t.id]) for t in tables]
        assert max(sizes) - min(sizes) <= 1


def test_round_one_is_the_planners_plan_at_every_bound_with_most_wishes_met(demo, tmp_path):
    # The stored plan must be what the planner makes today: a change to the demo's people,
    # tables or wishes without scripts/make_demo_plan.py fails here.
    assert plan_round_one(tmp_path) == demo_plan.SEATS
    summary = seating_view(demo, 1).summary
    assert all(summary.at_bounds().values()), summary
    assert summary.colleague_pairs == 0
    assert summary.topic_met / summary.topic_wanted >= 0.9


def test_results_and_ideas_for_every_table_of_round_one(demo):
    with _load(demo) as (attendees, tables, rounds, seats, s):
        names = {a.id: a.full_name for a in attendees}
        seated_names = {names[x.attendee_id] for x in seats}
        results = s.scalars(select(TableResult).options(selectinload(TableResult.ideas))
                            .where(TableResult.round_id == rounds[0].id)).all()
        assert {r.table_id for r in results} == {t.id for t in tables}
        for result in results:
            assert result.results.count(".") >= 2
            assert result.problem_statement
            assert 2 <= len(result.ideas) <= 3
            for idea in result.ideas:
                for field in ("title", "description", "owner", "next_step", "support_needed"):
                    assert getattr(idea, field).strip(), field
                assert idea.owner in seated_names


def test_team_codes_one_per_table_unique_and_valid(demo):
    with _load(demo) as (_attendees, tables, rounds, _seats, s):
        codes = s.scalars(select(TeamCode)).all()
        assert sorted(c.table_id for c in codes) == sorted(t.id for t in tables)
        assert len({c.code for c in codes}) == len(codes)
        assert all(is_valid_code(c.code) for c in codes)
        assert all(c.round_id == rounds[0].id for c in codes)


def test_agenda_follows_the_day(demo):
    with demo.session() as s:
        items = s.scalars(select(AgendaItem).order_by(AgendaItem.position)).all()
        rounds = {r.id: r.number for r in s.scalars(select(Round))}
        s.expunge_all()  # keep the loaded values readable after the session
    assert len(items) >= 8
    kinds = {i.kind for i in items}
    assert kinds == set(AgendaKind)
    starts = [i.planned_start for i in items]
    assert all(re.fullmatch(r"\d\d:\d\d", t) for t in starts)
    assert starts == sorted(starts)
    for before, after in zip(items, items[1:]):
        h, m = map(int, before.planned_start.split(":"))
        end = h * 60 + m + before.duration_seconds // 60
        assert after.planned_start == f"{end // 60:02d}:{end % 60:02d}"
    group = [i for i in items if i.kind is AgendaKind.GROUP_WORK]
    assert group and all(i.round_id for i in group)
    assert 1 in {rounds[i.round_id] for i in group}
    titles = " ".join(i.title for i in items)
    for word in ("Begrüßung", "Impuls", "Mittagspause", "Ergebnisse"):
        assert word in titles


def test_content_is_the_same_every_time_but_codes_are_not(demo, tmp_path):
    other = write_demo_event(tmp_path / "again.gdbevent")

    def story(ef):
        with _load(ef) as (attendees, tables, _rounds, seats, _s):
            reg = {a.id: a.registration_id for a in attendees}
            number = {t.id: t.number for t in tables}
            people = sorted((a.registration_id, a.full_name, a.email, a.organisation.name,
                             a.sector.name, a.role.value, a.absent) for a in attendees)
            return people, sorted((reg[x.attendee_id], number[x.table_id]) for x in seats)

    with EventFile.open(other, readonly=True) as ef:
        assert story(ef) == story(demo)
        with ef.session() as s, demo.session() as s2:
            assert set(s.scalars(select(TeamCode.code))).isdisjoint(s2.scalars(select(TeamCode.code)))


def test_refuses_to_overwrite(tmp_path):
    path = tmp_path / "demo.gdbevent"
    path.write_bytes(b"keep")
    with pytest.raises(EventFileError) as err:
        write_demo_event(path)
    assert err.value.code == "event_exists"
    assert path.read_bytes() == b"keep"
