"""Seating over the work rounds: plan, keep manual moves, seat latecomers, show the quality.

The optimiser (``core/algorithms/grouping.py``) is pure; this module turns the event file
into a :class:`SeatingProblem` and a :class:`SeatingPlan` back into ``SeatAssignment`` rows.

Planning is split in three steps so that the app can run the slow middle one in a worker
thread while the single database connection stays with the GUI thread:

1. :func:`build_plan_input` reads everything in one unit of work (frozen result);
2. :func:`compute_plan` runs the solver - no database, any thread;
3. :func:`apply_plan` writes the plan in one transaction, after checking that nobody
   changed the seats or started a round in the meantime.

:func:`plan_seating` and :func:`seat_latecomers` do all three for the command line.

Rules kept by every run:

* rounds that have started (``Round.started_at`` set) never change;
* a manual move locks the seat (``SeatAssignment.locked``) and later runs keep it;
* table hosts (``Attendee.pinned_table``) stay at their table in every planned round;
* seating latecomers (``keep_existing``) only adds seats, it never moves anybody.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gdb_facilitator.core.algorithms.grouping import (
    InfeasibleSeating,
    Person,
    QualityReport,
    SeatingPlan,
    SeatIssue,
    SeatingProblem,
    Table,
    TableQuality,
    evaluate,
    solve,
)
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    Organisation,
    PairKind,
    Role,
    Round,
    SeatAssignment,
    Sector,
    Topic,
    TopicChoice,
)
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.text import fold

log = logging.getLogger(__name__)

STRATEGY_PLAN = "balanced"
STRATEGY_LATECOMERS = "latecomers"
MAX_ROUNDS = 20
MAX_SEED = 2**31 - 1

Progress = Callable[[int, int], None]


# -- DTOs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanInput:
    """What a planning run starts from; made by :func:`build_plan_input`."""

    problem: SeatingProblem
    rounds: int
    from_round: int  # first round the run may change
    keep_existing: bool
    only_present: bool
    taking_part: frozenset[str]  # person ids who may get a new seat
    names: Mapping[str, str]  # person id -> name, for messages
    fingerprint: str  # of the seats, people and rounds the input was read from
    people: int  # number of people taking part
    unseated: int  # of them, how many lack a seat in some round the run may change


@dataclass(frozen=True)
class SeatRow:
    attendee_id: int
    round_number: int
    table_number: int
    locked: bool


@dataclass(frozen=True)
class RoundMeta:
    number: int
    plan_seed: int | None
    plan_strategy: str
    planned_at: datetime | None


@dataclass(frozen=True)
class SeatsSnapshot:
    """The seats (and plan stamps) of some rounds, to put them back on undo."""

    rounds: tuple[int, ...]
    seats: tuple[SeatRow, ...]
    meta: tuple[RoundMeta, ...]


@dataclass(frozen=True)
class PlanResult:
    rounds: int
    from_round: int
    planned_rounds: tuple[int, ...]
    seed: int
    strategy: str
    people: int
    added: int  # seats created
    moved: int  # seats that changed table
    removed: int  # seats of people no longer taking part
    quality: QualityReport
    iterations: int
    stop_reason: str
    seconds: float
    before: SeatsSnapshot
    after: SeatsSnapshot
    names: Mapping[str, str]  # person id (as in the quality report) -> name


@dataclass(frozen=True)
class SeatState:
    """One person's seat in one round; ``table_number`` None = no seat."""

    attendee_id: int
    round_number: int
    table_number: int | None
    locked: bool


@dataclass(frozen=True)
class Member:
    attendee_id: int
    name: str  # "Anna Müller"
    list_name: str  # "Müller, Anna", for alphabetical lists
    organisation: str
    sector: str  # "" when none
    colour: str  # sector colour, "" when none
    locked: bool
    host: bool
    absent: bool  # marked absent but still holding this seat
    arrived: bool


@dataclass(frozen=True)
class TableCard:
    number: int
    name: str
    topic: str
    capacity: int
    members: tuple[Member, ...]
    quality: TableQuality | None


@dataclass(frozen=True)
class RoundInfo:
    number: int
    title: str
    started: bool
    started_at: datetime | None
    planned_at: datetime | None
    plan_seed: int | None
    plan_strategy: str
    seats: int


@dataclass(frozen=True)
class RoundSummary:
    """The figures of one round, measured on that round's seats alone (planning a later
    round does not change them), each with the best that is possible in that round."""

    round: int
    sector_deviation: float  # Σ over tables and sectors of |count − the room's mix × table size|
    sector_bound: float
    colleague_pairs: int
    colleague_bound: int
    keep_apart: int
    keep_apart_bound: int
    met_before: int  # pairs at this round's tables who sat together in an earlier round
    topic_wanted: int  # seats of people who named topic wishes
    topic_met: int  # ... of them at their first or second wish
    issues: tuple[SeatIssue, ...]  # rules not kept in this round
    # most wishes that could be met, ignoring the sector mix and colleagues, of topic_best_of
    # (everybody expected, who may be more than those seated now)
    topic_best: int = 0
    topic_best_of: int = 0

    @property
    def topic_rate(self) -> float | None:
        return self.topic_met / self.topic_wanted if self.topic_wanted else None

    @property
    def topic_best_rate(self) -> float | None:
        return self.topic_best / self.topic_best_of if self.topic_best_of else None

    def at_bounds(self) -> dict[str, bool]:
        return {
            "sector_deviation": self.sector_deviation <= self.sector_bound + 1e-4,
            "colleague_pairs": self.colleague_pairs <= self.colleague_bound,
            "keep_apart_violations": self.keep_apart <= self.keep_apart_bound,
        }


@dataclass(frozen=True)
class SeatingView:
    round_number: int
    rounds: tuple[RoundInfo, ...]
    tables: tuple[TableCard, ...]
    unseated: tuple[Member, ...]  # expected at a table (see _expected), but no seat in this round
    quality: QualityReport | None  # all rounds, on the stored seats
    sectors: tuple[tuple[str, str], ...]  # (name, colour), in sector order
    people: int  # taking part (not marked absent)
    started: bool  # this round has started
    current_round: int  # the latest started round, else the first one
    checked_in: int = 0  # taking part and checked in
    summary: RoundSummary | None = None  # this round's figures; None before it has seats


@dataclass(frozen=True)
class WhereRow:
    name: str  # "Müller, Anna"
    table_number: int
    table_name: str


# -- names and sorting -------------------------------------------------------------------

# Alphabetical lists and the projector's "Wo sitze ich?" sort by the folded name.
sort_key = fold


def _name(first: str, last: str) -> str:
    return " ".join(p for p in (first, last) if p)


def _list_name(first: str, last: str) -> str:
    if first and last:
        return f"{last}, {first}"
    return first or last


def _person_key(first: str, last: str, attendee_id: int) -> tuple[str, str, int]:
    return (sort_key(last or first), sort_key(first if last else ""), attendee_id)


# -- reading the event ---------------------------------------------------------------------

@dataclass(frozen=True)
class _RoundRow:
    # plain values, not the ORM row: a read-only session rolls back at its end, which
    # expires every row it loaded
    number: int
    title: str
    started_at: datetime | None
    planned_at: datetime | None
    plan_seed: int | None
    plan_strategy: str


@dataclass
class _Data:
    tables: list[tuple[int, int, int, str, int | None, str]]  # id, number, capacity, name, topic_id, topic
    table_number: dict[int, int]  # table id -> number
    people: dict[int, dict[str, Any]]
    choices: dict[int, list[int]]  # attendee id -> topic ids by rank
    pairs: list[tuple[int, int, PairKind]]
    rounds: dict[int, _RoundRow]  # number -> the round's values
    seats: dict[tuple[int, int], tuple[int, bool]]  # (attendee id, round number) -> (table number, locked)


def _read(s: Session) -> _Data:
    tables = [(tid, num, cap, name or "", topic_id, title or "") for tid, num, cap, name, topic_id, title in s.execute(
        select(EventTable.id, EventTable.number, EventTable.capacity, EventTable.name,
               EventTable.topic_id, Topic.title)
        .outerjoin(Topic, EventTable.topic_id == Topic.id).order_by(EventTable.number))]
    table_number = {t[0]: t[1] for t in tables}
    people: dict[int, dict[str, Any]] = {}
    for row in s.execute(
            select(Attendee.id, Attendee.first_name, Attendee.last_name, Attendee.organisation_id,
                   Organisation.name, Sector.name, Sector.colour, Attendee.pinned_table_id,
                   Attendee.arrived_at, Attendee.absent, Attendee.role)
            .outerjoin(Organisation, Attendee.organisation_id == Organisation.id)
            .outerjoin(Sector, Attendee.sector_id == Sector.id)
            .order_by(Attendee.id)):
        aid, first, last, org_id, org, sector, colour, pinned, arrived, absent, role = row
        people[aid] = {
            "first": first or "", "last": last or "", "org_id": org_id, "org": org or "",
            "sector": sector, "colour": colour or "",
            "pinned": table_number.get(pinned) if pinned is not None else None,
            "arrived": arrived is not None, "absent": bool(absent), "host": role == Role.HOST,
        }
    choices: dict[int, list[int]] = {}
    for aid, _rank, topic_id in s.execute(
            select(TopicChoice.attendee_id, TopicChoice.rank, TopicChoice.topic_id)
            .order_by(TopicChoice.attendee_id, TopicChoice.rank)):
        choices.setdefault(aid, []).append(topic_id)
    pairs = [(a, b, k) for a, b, k in s.execute(
        select(AttendeePair.first_id, AttendeePair.second_id, AttendeePair.kind)
        .order_by(AttendeePair.id))]
    rounds: dict[int, _RoundRow] = {}
    round_number: dict[int, int] = {}
    for r in s.scalars(select(Round).order_by(Round.number)):
        rounds[r.number] = _RoundRow(r.number, r.title or "", r.started_at, r.planned_at,
                                     r.plan_seed, r.plan_strategy or "")
        round_number[r.id] = r.number
    seats = {}
    for aid, rid, tid, locked in s.execute(
            select(SeatAssignment.attendee_id, SeatAssignment.round_id, SeatAssignment.table_id,
                   SeatAssignment.locked)):
        seats[(aid, round_number[rid])] = (table_number[tid], bool(locked))
    return _Data(tables, table_number, people, choices, pairs, rounds, seats)


def _taking_part(d: _Data, only_present: bool) -> list[int]:
    return [aid for aid, p in d.people.items()
            if not p["absent"] and (p["arrived"] or not only_present)]


def _expected(d: _Data) -> list[int]:
    """Who should have a seat: once check-in has begun, the people checked in (a
    registered person who has not come is no rule broken); before, everybody taking part."""
    if any(p["arrived"] and not p["absent"] for p in d.people.values()):
        return _taking_part(d, only_present=True)
    return _taking_part(d, only_present=False)


def _started(d: _Data) -> set[int]:
    return {n for n, r in d.rounds.items() if r.started_at is not None}


def _current_round(d: _Data) -> int:
    started = _started(d)
    return max(started) if started else 1


def _fingerprint(d: _Data) -> str:
    h = hashlib.sha1()
    h.update(repr(sorted(d.seats.items())).encode())
    h.update(repr(sorted((aid, p["absent"], p["arrived"], p["pinned"], p["sector"], p["org_id"])
                         for aid, p in d.people.items())).encode())
    h.update(repr(sorted((n, r.started_at is not None) for n, r in d.rounds.items())).encode())
    h.update(repr([(t[1], t[2], t[4]) for t in d.tables]).encode())
    h.update(repr(d.pairs).encode())
    h.update(repr(sorted(d.choices.items())).encode())
    return h.hexdigest()


def _person(aid: int, p: dict[str, Any], choices: dict[int, list[int]]) -> Person:
    return Person(
        id=str(aid),
        sector=p["sector"],
        organisation=str(p["org_id"]) if p["org_id"] is not None else None,
        pinned_table=p["pinned"],
        topic_choices=tuple(str(t) for t in choices.get(aid, ())),
    )


def _problem(d: _Data, ids: Iterable[int], rounds: int, *, from_round: int, keep_existing: bool,
             lock_from: int) -> SeatingProblem:
    ids = sorted(set(ids))
    wanted = set(ids)
    existing = {(str(aid), r): t for (aid, r), (t, _l) in d.seats.items()
                if aid in wanted and 1 <= r <= rounds}
    locked = {(str(aid), r): t for (aid, r), (t, lk) in d.seats.items()
              if lk and aid in wanted and lock_from <= r <= rounds}
    apart = [(str(a), str(b)) for a, b, k in d.pairs if k is PairKind.KEEP_APART]
    together = [(str(a), str(b)) for a, b, k in d.pairs if k is PairKind.KEEP_TOGETHER]
    return SeatingProblem(
        people=tuple(_person(aid, d.people[aid], d.choices) for aid in ids),
        tables=tuple(Table(number=t[1], capacity=t[2],
                           topic=str(t[4]) if t[4] is not None else None) for t in d.tables),
        rounds=rounds,
        locked=locked,
        keep_apart=frozenset(frozenset(p) for p in apart),
        keep_together=frozenset(frozenset(p) for p in together),
        existing=existing,
        from_round=from_round,
        keep_existing=keep_existing,
    )


def _check_rounds(rounds: int | None) -> None:
    if rounds is not None and not 1 <= rounds <= MAX_ROUNDS:
        raise ValidationError(field="rounds", detail="out_of_range", minimum=1, maximum=MAX_ROUNDS)


def _input_from(d: _Data, *, rounds: int | None, only_present: bool, keep_existing: bool,
                from_round: int | None) -> PlanInput:
    _check_rounds(rounds)
    if not d.tables:
        raise DomainError("seating_no_tables")
    part = _taking_part(d, only_present)
    if keep_existing:
        last = max(d.rounds, default=0)
        R = rounds or last
        if R < 1:
            raise DomainError("seating_no_plan")
        start = from_round if from_round is not None else min(_current_round(d), R)
        if not 1 <= start <= R:
            raise DomainError("round_unknown", number=start)
        # Everybody who holds a seat the run must keep counts against the capacity,
        # even if marked absent meanwhile; only people taking part get new seats.
        holders = {aid for (aid, r) in d.seats if r >= start and r <= R}
        ids = set(part) | holders
        problem = _problem(d, ids, R, from_round=start, keep_existing=True, lock_from=start)
    else:
        R = rounds or max(max(d.rounds, default=0), 1)
        started = {n for n in _started(d) if n <= R}
        start = max(started) + 1 if started else 1
        if from_round is not None:
            start = max(start, from_round)
        if start > R:
            raise DomainError("seating_all_started", rounds=R)
        ids = set(part)
        problem = _problem(d, ids, R, from_round=start, keep_existing=False, lock_from=start)
    if not part:
        raise DomainError("seating_nobody_present" if only_present else "seating_nobody")
    taking = frozenset(str(a) for a in part)
    unseated = sum(1 for a in part if any((a, r) not in d.seats for r in range(start, R + 1)))
    names = {str(aid): _name(p["first"], p["last"]) for aid, p in d.people.items()}
    return PlanInput(problem=problem, rounds=R, from_round=start, keep_existing=keep_existing,
                     only_present=only_present, taking_part=taking, names=names,
                     fingerprint=_fingerprint(d), people=len(part), unseated=unseated)


def build_plan_input(ef: EventFile, *, rounds: int | None = None, only_present: bool = False,
                     keep_existing: bool = False, from_round: int | None = None) -> PlanInput:
    """Read what a planning run needs.

    ``keep_existing=False`` plans the rounds that have not started afresh for everybody
    taking part (registered and not marked absent; with ``only_present`` only those checked
    in), keeping locked seats and hosts. ``keep_existing=True`` seats only those without a
    seat, from ``from_round`` (default: the current round) on; nobody moves.
    ``rounds`` defaults to the rounds the event has (at least one).
    """
    with ef.session() as s:
        d = _read(s)
    return _input_from(d, rounds=rounds, only_present=only_present,
                       keep_existing=keep_existing, from_round=from_round)


# -- solving -------------------------------------------------------------------------------

def _explain(exc: InfeasibleSeating, names: Mapping[str, str]) -> DomainError:
    """The solver's error with people's names instead of ids; codes get a ``seating_`` prefix."""
    params = dict(exc.params)
    for key in ("person", "first", "second"):
        if key in params:
            params[key] = names.get(str(params[key]), str(params[key]))
    for key in ("people", "fixed"):
        if key in params and isinstance(params[key], (list, tuple)):
            params[key] = ", ".join(names.get(str(p), str(p)) for p in params[key])
    if "tables" in params and isinstance(params["tables"], (list, tuple)):
        params["tables"] = ", ".join(str(t) for t in params["tables"])
    return InfeasibleSeating(f"seating_{exc.code}", **params)


def new_seed() -> int:
    return random.SystemRandom().randint(1, MAX_SEED)


def compute_plan(inp: PlanInput, *, seed: int, time_limit: float = 5.0,
                 progress: Progress | None = None,
                 max_iterations: int | None = None) -> SeatingPlan:
    """Run the solver on ``inp``; pure, so it may run in a worker thread."""
    try:
        return solve(inp.problem, seed=seed, time_limit=time_limit, progress=progress,
                     max_iterations=max_iterations)
    except InfeasibleSeating as exc:
        raise _explain(exc, inp.names) from exc


# -- writing -------------------------------------------------------------------------------

def _round_ids(s: Session, upto: int) -> dict[int, int]:
    existing = {n: rid for n, rid in s.execute(select(Round.number, Round.id))}
    for n in range(1, upto + 1):
        if n not in existing:
            r = Round(number=n)
            s.add(r)
            s.flush()
            existing[n] = r.id
    return existing


def _snapshot(s: Session, rounds: Iterable[int]) -> SeatsSnapshot:
    rounds = tuple(sorted(set(rounds)))
    rows = s.execute(
        select(SeatAssignment.attendee_id, Round.number, EventTable.number, SeatAssignment.locked)
        .join(Round, SeatAssignment.round_id == Round.id)
        .join(EventTable, SeatAssignment.table_id == EventTable.id)
        .where(Round.number.in_(rounds))).all()
    meta = s.execute(select(Round.number, Round.plan_seed, Round.plan_strategy, Round.planned_at)
                     .where(Round.number.in_(rounds)).order_by(Round.number)).all()
    return SeatsSnapshot(
        rounds=rounds,
        seats=tuple(sorted((SeatRow(a, r, t, bool(lk)) for a, r, t, lk in rows),
                           key=lambda x: (x.round_number, x.attendee_id))),
        meta=tuple(RoundMeta(n, seed, strategy or "", at) for n, seed, strategy, at in meta))


def apply_plan(ef: EventFile, inp: PlanInput, plan: SeatingPlan, *,
               seconds: float = 0.0) -> PlanResult:
    """Write ``plan`` in one transaction; refuses if the event changed since ``inp`` was read."""
    with ef.session() as s:
        d = _read(s)
        if _fingerprint(d) != inp.fingerprint:
            raise DomainError("seating_changed_meanwhile")
        planned = tuple(range(inp.from_round, inp.rounds + 1))
        ids = _round_ids(s, inp.rounds)
        table_ids = {num: tid for tid, num in d.table_number.items()}
        before = _snapshot(s, planned)
        current = {(aid, r): v for (aid, r), v in d.seats.items() if r in planned}
        wanted: dict[tuple[int, int], int] = {}
        for (pid, r), table in plan.seats.items():
            # In a latecomer run the solver also places people it had to count (a seat
            # holder marked absent meanwhile); only those taking part get the new seat.
            if r in planned and pid in inp.taking_part:
                wanted[(int(pid), r)] = table
        added = moved = removed = 0
        if inp.keep_existing:
            for key, table in wanted.items():
                if key in current:
                    continue  # nobody already seated moves
                aid, r = key
                s.add(SeatAssignment(round_id=ids[r], attendee_id=aid, table_id=table_ids[table]))
                added += 1
        else:
            for key, (table, _locked) in current.items():
                new = wanted.get(key)
                aid, r = key
                if new is None:
                    s.execute(delete(SeatAssignment).where(SeatAssignment.attendee_id == aid,
                                                           SeatAssignment.round_id == ids[r]))
                    removed += 1
                elif new != table:
                    seat = s.scalars(select(SeatAssignment).where(
                        SeatAssignment.attendee_id == aid, SeatAssignment.round_id == ids[r])).one()
                    seat.table_id = table_ids[new]
                    moved += 1
            for key, table in wanted.items():
                if key not in current:
                    aid, r = key
                    s.add(SeatAssignment(round_id=ids[r], attendee_id=aid,
                                         table_id=table_ids[table]))
                    added += 1
        strategy = STRATEGY_LATECOMERS if inp.keep_existing else STRATEGY_PLAN
        now = ef.clock.now_utc()
        touched = planned if not inp.keep_existing else tuple(
            sorted({r for (_a, r) in wanted if (_a, r) not in current}))
        for r in s.scalars(select(Round).where(Round.number.in_(touched))):
            r.plan_seed, r.plan_strategy, r.planned_at = plan.seed, strategy, now
        s.flush()
        after = _snapshot(s, planned)
    log.info("seating %s: rounds %s, seed %s, %d added, %d moved, %d removed, stop %s",
             strategy, planned, plan.seed, added, moved, removed, plan.stop_reason)
    return PlanResult(
        rounds=inp.rounds, from_round=inp.from_round, planned_rounds=planned, seed=plan.seed,
        strategy=strategy, people=inp.people, added=added, moved=moved, removed=removed,
        quality=plan.quality, iterations=plan.iterations, stop_reason=plan.stop_reason,
        seconds=seconds, before=before, after=after, names=inp.names)


def restore_seats(ef: EventFile, snapshot: SeatsSnapshot) -> None:
    """Put the seats of ``snapshot.rounds`` back as they were (undo and redo of a plan).

    People deleted meanwhile are left out; Round rows created by the plan stay (empty).
    """
    with ef.session() as s:
        ids = _round_ids(s, max(snapshot.rounds, default=0))
        rids = [ids[r] for r in snapshot.rounds]
        s.execute(delete(SeatAssignment).where(SeatAssignment.round_id.in_(rids)))
        table_ids = dict(s.execute(select(EventTable.number, EventTable.id)).all())
        alive = set(s.scalars(select(Attendee.id)))
        for seat in snapshot.seats:
            if seat.attendee_id in alive and seat.table_number in table_ids:
                s.add(SeatAssignment(round_id=ids[seat.round_number], attendee_id=seat.attendee_id,
                                     table_id=table_ids[seat.table_number], locked=seat.locked))
        meta = {m.number: m for m in snapshot.meta}
        for r in s.scalars(select(Round).where(Round.number.in_(snapshot.rounds))):
            m = meta.get(r.number)
            r.plan_seed = m.plan_seed if m else None
            r.plan_strategy = m.plan_strategy if m else ""
            r.planned_at = m.planned_at if m else None


def plan_seating(ef: EventFile, *, rounds: int | None = None, seed: int | None = None,
                 time_limit: float = 5.0, only_present: bool = False,
                 keep_existing: bool = False, progress: Progress | None = None,
                 max_iterations: int | None = None) -> PlanResult:
    """Read, solve and write in one go (the command line's ``assign``)."""
    with take_planning_lock(ef):
        inp = build_plan_input(ef, rounds=rounds, only_present=only_present,
                               keep_existing=keep_existing)
        seed = new_seed() if seed is None else seed
        started = time.monotonic()
        plan = compute_plan(inp, seed=seed, time_limit=time_limit, progress=progress,
                            max_iterations=max_iterations)
        return apply_plan(ef, inp, plan, seconds=time.monotonic() - started)


def seat_latecomers(ef: EventFile, from_round: int | None = None, *, seed: int | None = None,
                    time_limit: float = 2.0, only_present: bool = True,
                    progress: Progress | None = None) -> PlanResult:
    """Give everybody taking part who has no seat one, from ``from_round`` (default: the
    current round) on, without moving anybody already seated."""
    with take_planning_lock(ef):
        inp = build_plan_input(ef, only_present=only_present, keep_existing=True,
                               from_round=from_round)
        seed = new_seed() if seed is None else seed
        started = time.monotonic()
        plan = compute_plan(inp, seed=seed, time_limit=time_limit, progress=progress)
        return apply_plan(ef, inp, plan, seconds=time.monotonic() - started)


# -- one planner at a time (team mode) -----------------------------------------------------------

PLANNING_LOCK = 1
PLANNING_ANNOUNCE = "seating_planning"


class _NoLock:
    """On a single laptop with its event file there is nobody else to keep out."""

    def release(self) -> None:
        pass

    def __enter__(self) -> "_NoLock":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def take_planning_lock(ef: EventFile) -> Any:
    """The right to plan seats now; raises ``planning_elsewhere`` while another laptop plans.

    Use it around reading, solving and writing a plan; ``release()`` it afterwards. Manual
    seat moves need no lock: they stay possible and are kept (locked) by every plan.
    """
    if ef.is_file:
        return _NoLock()
    held = ef.try_exclusive(PLANNING_LOCK, PLANNING_ANNOUNCE)
    if held is None:
        raise DomainError("planning_elsewhere", device=ef.holder_of(PLANNING_LOCK) or "?")
    return held


def who_is_planning(ef: EventFile) -> str | None:
    """The laptop planning seats right now (team mode), or None."""
    if ef.is_file:
        return None
    return ef.holder_of(PLANNING_LOCK)


# One person at the desk: the latecomer search for a single person. Its bounds and start
# take ~0.1 s for 130 people; with everybody else fixed, the search finds that person's
# best table within a few hundred steps, so the budget is a cap, not the usual case.
SEAT_NOW_SECONDS = 0.4
SEAT_NOW_ITERATIONS = 3000


@dataclass(frozen=True)
class SeatNowResult:
    attendee_id: int
    name: str
    from_round: int
    seats: tuple[SeatState, ...]  # the seats given, one per round from ``from_round`` on
    plan: PlanResult | None  # None when the person had a seat in every round already

    @property
    def added(self) -> int:
        return self.plan.added if self.plan is not None else 0


def _seat_now_input(d: _Data, attendee_id: int) -> PlanInput:
    if attendee_id not in d.people:
        raise DomainError("attendee_missing", id=attendee_id)
    p = d.people[attendee_id]
    if p["absent"]:
        raise DomainError("seat_now_absent", name=_name(p["first"], p["last"]))
    if not d.tables:
        raise DomainError("seating_no_tables")
    # Up to the last round that has a plan: a seat in a round nobody else is seated in yet
    # would tell the person nothing.
    R = max((r for (_a, r) in d.seats), default=0)
    start = _current_round(d)
    if R < start:
        raise DomainError("seating_no_plan")
    # Everybody holding a seat from the current round on counts against the chairs and
    # stays where they are; only this one person is placed.
    holders = {aid for (aid, r) in d.seats if start <= r <= R}
    ids = holders | {attendee_id}
    problem = _problem(d, ids, R, from_round=start, keep_existing=True, lock_from=start)
    names = {str(aid): _name(q["first"], q["last"]) for aid, q in d.people.items()}
    unseated = sum(1 for r in range(start, R + 1) if (attendee_id, r) not in d.seats)
    return PlanInput(problem=problem, rounds=R, from_round=start, keep_existing=True,
                     only_present=False, taking_part=frozenset({str(attendee_id)}), names=names,
                     fingerprint=_fingerprint(d), people=1, unseated=unseated)


def seat_now(ef: EventFile, attendee_id: int, *, seed: int | None = None,
             time_limit: float = SEAT_NOW_SECONDS,
             max_iterations: int | None = SEAT_NOW_ITERATIONS) -> SeatNowResult:
    """Give one person a seat in the current round and every later planned one, without
    moving anybody (the rules of :func:`seat_latecomers`: sector mix, colleagues apart, few
    repeats, locked seats and hosts kept). Seats the person already has stay.

    Undo with :func:`restore_seats` of ``result.plan.before``.
    """
    with ef.session() as s:
        d = _read(s)
    inp = _seat_now_input(d, attendee_id)
    name = inp.names[str(attendee_id)]
    if not inp.unseated:
        return SeatNowResult(attendee_id, name, inp.from_round,
                             _seats_of(d.seats, attendee_id, inp.from_round, inp.rounds), None)
    seed = new_seed() if seed is None else seed
    started = time.monotonic()
    plan = compute_plan(inp, seed=seed, time_limit=time_limit, max_iterations=max_iterations)
    result = apply_plan(ef, inp, plan, seconds=time.monotonic() - started)
    after = {(row.attendee_id, row.round_number): (row.table_number, row.locked)
             for row in result.after.seats}
    log.info("seat now: attendee %s seated in %.2f s", attendee_id, result.seconds)
    return SeatNowResult(attendee_id, name, inp.from_round,
                         _seats_of(after, attendee_id, inp.from_round, inp.rounds), result)


def _seats_of(seats: Mapping[tuple[int, int], tuple[int, bool]], attendee_id: int,
              first: int, last: int) -> tuple[SeatState, ...]:
    return tuple(SeatState(attendee_id, r, *seats.get((attendee_id, r), (None, False)))
                 for r in range(first, last + 1))


# -- manual edits ----------------------------------------------------------------------------

def _seat(s: Session, attendee_id: int, round_number: int) -> tuple[SeatAssignment | None, int]:
    if s.get(Attendee, attendee_id) is None:
        raise DomainError("attendee_missing", id=attendee_id)
    rid = s.scalar(select(Round.id).where(Round.number == round_number))
    if rid is None:
        raise DomainError("round_unknown", number=round_number)
    seat = s.scalars(select(SeatAssignment).where(SeatAssignment.attendee_id == attendee_id,
                                                  SeatAssignment.round_id == rid)).one_or_none()
    return seat, rid


def _state(s: Session, seat: SeatAssignment | None, attendee_id: int, round_number: int) -> SeatState:
    if seat is None:
        return SeatState(attendee_id, round_number, None, False)
    number = s.scalar(select(EventTable.number).where(EventTable.id == seat.table_id))
    return SeatState(attendee_id, round_number, number, bool(seat.locked))


def seat_state(ef: EventFile, attendee_id: int, round_number: int) -> SeatState:
    with ef.session() as s:
        seat, _rid = _seat(s, attendee_id, round_number)
        return _state(s, seat, attendee_id, round_number)


def _put(s: Session, state: SeatState) -> SeatState:
    seat, rid = _seat(s, state.attendee_id, state.round_number)
    before = _state(s, seat, state.attendee_id, state.round_number)
    if state.table_number is None:
        if seat is not None:
            s.delete(seat)
        return before
    tid = s.scalar(select(EventTable.id).where(EventTable.number == state.table_number))
    if tid is None:
        raise ValidationError(field="pinned_table", detail="table_unknown", table=state.table_number)
    if seat is None:
        s.add(SeatAssignment(round_id=rid, attendee_id=state.attendee_id, table_id=tid,
                             locked=state.locked))
    else:
        seat.table_id = tid
        seat.locked = state.locked
    return before


def move_seat(ef: EventFile, attendee_id: int, round_number: int,
              table_number: int | None) -> SeatState:
    """Seat a person at ``table_number`` in a round and lock the seat (None: take the seat
    away). Returns the seat as it was, for undo with :func:`restore_seat`."""
    with ef.session() as s:
        return _put(s, SeatState(attendee_id, round_number, table_number, table_number is not None))


def move_seats(ef: EventFile, attendee_ids: Iterable[int], round_number: int,
               table_number: int | None) -> tuple[SeatState, ...]:
    """:func:`move_seat` for several people in one transaction (a multi-selection dragged)."""
    with ef.session() as s:
        return tuple(_put(s, SeatState(aid, round_number, table_number, table_number is not None))
                     for aid in attendee_ids)


def restore_seat_states(ef: EventFile, states: Iterable[SeatState]) -> None:
    """Undo of :func:`move_seats`: every seat back as it was, in one transaction."""
    with ef.session() as s:
        for state in reversed(list(states)):
            _put(s, state)


def restore_seat(ef: EventFile, state: SeatState) -> SeatState:
    """Make the seat exactly ``state``; returns the seat as it was."""
    with ef.session() as s:
        return _put(s, state)


def set_locked(ef: EventFile, attendee_id: int, round_number: int, locked: bool) -> bool:
    """Lock or unlock a seat; returns the earlier value. A person without a seat has none to lock."""
    with ef.session() as s:
        seat, _rid = _seat(s, attendee_id, round_number)
        if seat is None:
            raise DomainError("seating_no_seat", round=round_number)
        before = bool(seat.locked)
        seat.locked = locked
        return before


def mark_round_started(ef: EventFile, number: int, started: bool = True) -> datetime | None:
    """Mark a round as started now (its seats never change again) or not; returns the earlier
    ``started_at`` for undo with :func:`restore_round_started`."""
    with ef.session() as s:
        r = s.scalars(select(Round).where(Round.number == number)).one_or_none()
        if r is None:
            raise DomainError("round_unknown", number=number)
        before = r.started_at
        if started and before is None:
            r.started_at = ef.clock.now_utc()
        elif not started:
            r.started_at = None
        return before


def restore_round_started(ef: EventFile, number: int, started_at: datetime | None) -> None:
    with ef.session() as s:
        r = s.scalars(select(Round).where(Round.number == number)).one_or_none()
        if r is None:
            raise DomainError("round_unknown", number=number)
        r.started_at = started_at


# -- views ---------------------------------------------------------------------------------

def _view_problem(d: _Data, R: int) -> SeatingProblem:
    """What a re-plan would face now: its bounds are what the stored seats are measured by.

    The people are those expected at a table and those holding a seat (not marked absent):
    someone registered who has not come yet is neither counted in the mix nor missed."""
    holders = {aid for (aid, r) in d.seats if r <= R and not d.people[aid]["absent"]}
    part = sorted(set(_expected(d)) | holders)
    started = {n for n in _started(d) if n <= R}
    start = max(started) + 1 if started else 1
    if start > R:
        return _problem(d, part, R, from_round=R, keep_existing=True, lock_from=R)
    return _problem(d, part, R, from_round=start, keep_existing=False, lock_from=start)


# The bounds (topic flows) cost ~0.1 s for 130 people; switching rounds or undoing a move
# asks again for the same event state, so the last few reports are kept.
_REPORTS: dict[tuple[str, str, int], QualityReport | None] = {}
_REPORTS_KEPT = 8


def _evaluate_stored(ef: EventFile, d: _Data, R: int) -> QualityReport | None:
    if not d.tables or R < 1:
        return None
    key = (ef.location, _fingerprint(d), R)
    if key in _REPORTS:
        return _REPORTS[key]
    problem = _view_problem(d, R)
    seats = {(str(aid), r): t for (aid, r), (t, _l) in d.seats.items() if 1 <= r <= R}
    try:
        report: QualityReport | None = evaluate(problem, seats)
    except InfeasibleSeating as exc:
        # e.g. more locked seats at a table than chairs: the view still shows the seats
        log.info("no quality report for the stored seats: %s", exc)
        report = None
    if len(_REPORTS) >= _REPORTS_KEPT:
        _REPORTS.pop(next(iter(_REPORTS)))
    _REPORTS[key] = report
    return report


def seating_view(ef: EventFile, round_number: int | None = None) -> SeatingView:
    """Everything the Tables page shows for one round, with the quality of all rounds."""
    with ef.session() as s:
        d = _read(s)
        sectors = tuple((n, c or "") for n, c in s.execute(
            select(Sector.name, Sector.colour).order_by(Sector.position, Sector.id)))
    R = max(max(d.rounds, default=0), 1)
    current = _current_round(d)
    number = round_number if round_number is not None else current
    number = min(max(number, 1), R)
    # Rounds after the last one with seats are not planned yet; measuring them would only
    # report everybody as unseated there.
    last = max((r for (_a, r) in d.seats if r <= R), default=0)
    quality = _evaluate_stored(ef, d, last)
    by_table: dict[int, list[Member]] = {t[1]: [] for t in d.tables}
    seated: set[int] = set()
    for (aid, r), (table, locked) in d.seats.items():
        if r != number:
            continue
        p = d.people[aid]
        by_table.setdefault(table, []).append(_member(aid, p, locked, table))
        seated.add(aid)
    unseated = [_member(aid, d.people[aid], False, None) for aid in _expected(d)
                if aid not in seated]
    tq = {}
    if quality is not None:
        tq = {q.table: q for q in quality.tables if q.round == number}
    # This round's figures come from the rounds up to it alone, so that planning a later
    # round (which turns this one into history for the solver) cannot change them.
    own = quality if number == last else (_evaluate_stored(ef, d, number) if number < last else None)
    summary = _round_summary(d, own, number, [m.attendee_id for m in unseated])

    def order(m: Member) -> tuple[int, str, int]:
        return (0 if m.host else 1, sort_key(m.list_name), m.attendee_id)

    cards = tuple(TableCard(number=num, name=name, topic=topic, capacity=cap,
                            members=tuple(sorted(by_table.get(num, []), key=order)),
                            quality=tq.get(num))
                  for _tid, num, cap, name, _topic_id, topic in d.tables)
    rounds = tuple(RoundInfo(
        number=n, title=r.title or "", started=r.started_at is not None, started_at=r.started_at,
        planned_at=r.planned_at, plan_seed=r.plan_seed, plan_strategy=r.plan_strategy or "",
        seats=sum(1 for (_a, rr) in d.seats if rr == n)) for n, r in sorted(d.rounds.items()))
    return SeatingView(
        round_number=number, rounds=rounds, tables=cards,
        unseated=tuple(sorted(unseated, key=lambda m: (sort_key(m.list_name), m.attendee_id))),
        quality=quality, sectors=sectors, people=len(_taking_part(d, False)),
        started=number in _started(d), current_round=current,
        checked_in=len(_taking_part(d, True)), summary=summary)


def _round_summary(d: _Data, report: QualityReport | None, number: int,
                   unseated: list[int]) -> RoundSummary | None:
    if report is None or number > len(report.sector_deviation_by_round):
        return None
    b = report.bounds
    i = number - 1
    tables = [t for t in report.tables if t.round == number]
    issues = [v for v in report.hard_violations if v.round == number]
    # A round that has started is history to the solver: somebody checked in after its
    # plan is not missed there. On the page, everybody expected without a seat is.
    missed = {v.person for v in issues if v.code == "unseated"}
    issues += [SeatIssue("unseated", number, str(aid)) for aid in unseated if str(aid) not in missed]

    def per_round(values: tuple[int, ...]) -> int:
        return values[i] if i < len(values) else 0

    return RoundSummary(
        round=number,
        sector_deviation=report.sector_deviation_by_round[i],
        sector_bound=b.sector_deviation_by_round[i] if i < len(b.sector_deviation_by_round) else 0.0,
        colleague_pairs=sum(t.colleague_pairs for t in tables),
        colleague_bound=per_round(b.colleague_pairs_by_round),
        keep_apart=sum(t.keep_apart_violations for t in tables),
        keep_apart_bound=per_round(b.keep_apart_by_round),
        met_before=_met_before(d, number),
        topic_wanted=sum(t.topic_wanted for t in tables),
        topic_met=sum(t.topic_first + t.topic_second for t in tables),
        topic_best=per_round(b.topic_first_or_second_by_round),
        topic_best_of=per_round(b.topic_wanted_by_round),
        issues=tuple(issues),
    )


def _met_before(d: _Data, number: int) -> int:
    """Pairs at one table in round ``number`` who already shared a table in an earlier round."""
    earlier: set[tuple[int, int]] = set()
    now: dict[int, list[int]] = {}
    at: dict[tuple[int, int], list[int]] = {}
    for (aid, r), (table, _locked) in d.seats.items():
        if r == number:
            now.setdefault(table, []).append(aid)
        elif r < number:
            at.setdefault((r, table), []).append(aid)
    for people in at.values():
        people.sort()
        earlier.update((a, b) for k, a in enumerate(people) for b in people[k + 1:])
    count = 0
    for people in now.values():
        people.sort()
        count += sum(1 for k, a in enumerate(people) for b in people[k + 1:] if (a, b) in earlier)
    return count


def _member(aid: int, p: dict[str, Any], locked: bool, table: int | None) -> Member:
    return Member(
        attendee_id=aid, name=_name(p["first"], p["last"]), list_name=_list_name(p["first"], p["last"]),
        organisation=p["org"], sector=p["sector"] or "", colour=p["colour"] if p["sector"] else "",
        locked=locked, host=p["host"] or (table is not None and p["pinned"] == table),
        absent=p["absent"], arrived=p["arrived"])


def who_sits_where(ef: EventFile, round_number: int) -> list[WhereRow]:
    """Everybody seated in a round and not marked absent, alphabetically by family name."""
    with ef.session() as s:
        rows = s.execute(
            select(Attendee.id, Attendee.first_name, Attendee.last_name, EventTable.number,
                   EventTable.name)
            .join(SeatAssignment, SeatAssignment.attendee_id == Attendee.id)
            .join(Round, SeatAssignment.round_id == Round.id)
            .join(EventTable, SeatAssignment.table_id == EventTable.id)
            .where(Round.number == round_number, Attendee.absent.is_(False))).all()
    rows = sorted(rows, key=lambda r: _person_key(r[1] or "", r[2] or "", r[0]))
    return [WhereRow(_list_name(first or "", last or ""), number, name or "")
            for _aid, first, last, number, name in rows]


def round_numbers(ef: EventFile) -> list[int]:
    with ef.session() as s:
        return list(s.scalars(select(Round.number).order_by(Round.number)))
