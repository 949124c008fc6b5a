"""Pairs of people to seat apart (a boss and their team) or together (an interpreter)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    PairKind,
    Round,
    SeatAssignment,
)
from gdb_facilitator.core.errors import DomainError


@dataclass(frozen=True)
class PairRow:
    id: int
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    kind: PairKind
    first_registration: str = ""
    second_registration: str = ""


def _name(a: Attendee) -> str:
    return " ".join(p for p in (a.first_name, a.last_name) if p) or a.registration_id


def _row(pair: AttendeePair, a: Attendee, b: Attendee) -> PairRow:
    return PairRow(pair.id, a.id, _name(a), b.id, _name(b), pair.kind,
                   a.registration_id or "", b.registration_id or "")


def together_groups(pairs: list[tuple[int, int, PairKind]]) -> dict[int, int]:
    """Person -> a representative of their keep-together group (chains of pairs join)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, kind in pairs:
        if kind is PairKind.KEEP_TOGETHER:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in list(parent)}


def check_pairs(s: Session, pairs: list[tuple[int, int, PairKind]]) -> None:
    """Refuse pairs that contradict each other: two people to be kept apart whom a chain
    of keep-together pairs puts at one table (A with B, B with C, A apart from C)."""
    group = together_groups(pairs)
    for a, b, kind in pairs:
        if kind is PairKind.KEEP_APART and a in group and group.get(a) == group.get(b):
            members = sorted(x for x, g in group.items() if g == group[a])
            names = {x: _name(s.get(Attendee, x)) for x in members}
            raise DomainError("pair_conflict", first=names[a], second=names[b],
                              group=", ".join(names[x] for x in members))


def _pairs(s: Session) -> list[tuple[int, int, PairKind]]:
    return [(a, b, k) for a, b, k in s.execute(
        select(AttendeePair.first_id, AttendeePair.second_id, AttendeePair.kind)
        .order_by(AttendeePair.id))]


def add_pair(ef: EventFile, first_id: int, second_id: int, kind: PairKind) -> PairRow:
    if first_id == second_id:
        raise DomainError("pair_same_person")
    first_id, second_id = sorted((first_id, second_id))
    with ef.session() as s:
        people = [s.get(Attendee, i) for i in (first_id, second_id)]
        if any(p is None for p in people):
            raise DomainError("attendee_missing", id=first_id if people[0] is None else second_id)
        if s.scalar(select(AttendeePair.id).where(AttendeePair.first_id == first_id,
                                                  AttendeePair.second_id == second_id)):
            raise DomainError("pair_exists", first=_name(people[0]), second=_name(people[1]))
        check_pairs(s, _pairs(s) + [(first_id, second_id, PairKind(kind))])
        pair = AttendeePair(first_id=first_id, second_id=second_id, kind=PairKind(kind))
        s.add(pair)
        s.flush()
        return _row(pair, people[0], people[1])


def remove_pair(ef: EventFile, first_id: int, second_id: int) -> None:
    first_id, second_id = sorted((first_id, second_id))
    with ef.session() as s:
        pair = s.scalar(select(AttendeePair).where(AttendeePair.first_id == first_id,
                                                   AttendeePair.second_id == second_id))
        if pair is None:
            raise DomainError("pair_missing")
        s.delete(pair)


def list_pairs(ef: EventFile) -> list[PairRow]:
    with ef.session() as s:
        rows = []
        for pair in s.scalars(select(AttendeePair).order_by(AttendeePair.id)):
            a, b = s.get(Attendee, pair.first_id), s.get(Attendee, pair.second_id)
            rows.append(_row(pair, a, b))
        return rows


def find_person(ef: EventFile, query: str) -> int:
    """The one person ``query`` names (registration number, #record id or name, as at the
    check-in desk); a clear DomainError otherwise."""
    from gdb_facilitator.core.services import desk

    found = desk.find_attendees(ef, query)
    if not found:
        raise DomainError("pair_no_match", query=query)
    if len(found) > 1:
        shown = "; ".join(desk._candidate(r) for r in found[:desk.MAX_CANDIDATES])
        if len(found) > desk.MAX_CANDIDATES:
            shown += "; …"
        raise DomainError("check_in_ambiguous", query=query, count=len(found), candidates=shown)
    return found[0].id


def rounds_not_kept(ef: EventFile, first_id: int, second_id: int, kind: PairKind) -> list[int]:
    """Rounds of the stored seating in which the pair is not kept (both seated, and at one
    table although to be kept apart, or at two tables although to be kept together): a
    pair added after planning is followed from the next plan on."""
    return [place.round for place in pair_places(ef, first_id, second_id) if place.kept(kind) is False]


@dataclass(frozen=True)
class PairPlace:
    """Where the two people of a pair sit in one round (table numbers; None = no seat)."""

    round: int
    started: bool
    first_table: int | None
    second_table: int | None

    def kept(self, kind: PairKind) -> bool | None:
        """Whether this round's seats honour a pair of ``kind``; None when one has no seat."""
        if self.first_table is None or self.second_table is None:
            return None
        same = self.first_table == self.second_table
        return not same if PairKind(kind) is PairKind.KEEP_APART else same


def pair_places(ef: EventFile, first_id: int, second_id: int) -> list[PairPlace]:
    """The rounds that have seats, in order, and where the two people sit in each: what the
    app tells the user about the plan that exists when a pair is added."""
    first_id, second_id = sorted((first_id, second_id))
    with ef.session() as s:
        rounds = {number: started is not None for number, started in s.execute(
            select(Round.number, Round.started_at).join(SeatAssignment, SeatAssignment.round_id == Round.id)
            .distinct())}
        tables: dict[tuple[int, int], int] = {}
        for number, aid, table in s.execute(
                select(Round.number, SeatAssignment.attendee_id, EventTable.number)
                .join(Round, Round.id == SeatAssignment.round_id)
                .join(EventTable, EventTable.id == SeatAssignment.table_id)
                .where(SeatAssignment.attendee_id.in_((first_id, second_id)))):
            tables[(number, aid)] = table
    return [PairPlace(n, rounds[n], tables.get((n, first_id)), tables.get((n, second_id)))
            for n in sorted(rounds)]
