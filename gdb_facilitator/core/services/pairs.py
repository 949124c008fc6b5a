"""Pairs of people to seat apart (a boss and their team) or together (an interpreter)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, AttendeePair, PairKind
from gdb_facilitator.core.errors import DomainError


@dataclass(frozen=True)
class PairRow:
    id: int
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    kind: PairKind


def _name(a: Attendee) -> str:
    return " ".join(p for p in (a.first_name, a.last_name) if p) or a.registration_id


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
        pair = AttendeePair(first_id=first_id, second_id=second_id, kind=PairKind(kind))
        s.add(pair)
        s.flush()
        return PairRow(pair.id, first_id, _name(people[0]), second_id, _name(people[1]), pair.kind)


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
            rows.append(PairRow(pair.id, a.id, _name(a), b.id, _name(b), pair.kind))
        return rows
