"""The tables in the room ("Thementische"): number, name, topic and seats.

Each public function is one unit of work and returns frozen :class:`TableDTO` snapshots.
Deleting a table also deletes what hangs on it (seats in the rounds, recorded results
with their ideas, follow-up codes); the :class:`TableSnapshot` keeps all those rows, so
undo (:func:`restore_tables`) brings the table back as it was, with the same ids.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    EventTable,
    Idea,
    IdeaUpdate,
    Round,
    SeatAssignment,
    TableResult,
    TeamCode,
    Topic,
)
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services.lookup import get_or_missing

log = logging.getLogger(__name__)

MAX_NUMBER = 9999
MAX_CAPACITY = 999
MAX_NAME = 200
MAX_BULK = 500
DEFAULT_CAPACITY = 8

EDITABLE_FIELDS = frozenset({"number", "name", "capacity", "topic_id"})


@dataclass(frozen=True)
class TableDTO:
    id: int
    number: int
    name: str
    capacity: int
    topic_id: int | None
    topic_title: str
    seats_taken: int  # seat assignments over all rounds
    results: int  # rounds with a recorded result


@dataclass(frozen=True)
class TableSnapshot:
    """A deleted table and every row that hung on it, as plain column dicts."""

    table: dict[str, Any]
    seats: tuple[dict[str, Any], ...]
    results: tuple[dict[str, Any], ...]
    ideas: tuple[dict[str, Any], ...]
    idea_updates: tuple[dict[str, Any], ...]
    codes: tuple[dict[str, Any], ...]
    pinned_attendee_ids: tuple[int, ...]


def _columns(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _get(s: Session, table_id: int) -> EventTable:
    return get_or_missing(s, EventTable, table_id, "table_missing")


def _int(value: Any, field: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool):
        raise ValidationError(field=field, detail="out_of_range", minimum=minimum, maximum=maximum)
    try:
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        raise ValidationError(field=field, detail="out_of_range", minimum=minimum, maximum=maximum) from None
    if not minimum <= number <= maximum:
        raise ValidationError(field=field, detail="out_of_range", minimum=minimum, maximum=maximum)
    return number


def _clean(s: Session, fields: dict[str, Any], own_id: int | None = None) -> dict[str, Any]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "number":
            number = _int(value, "number", 1, MAX_NUMBER)
            other = s.scalar(select(EventTable.id).where(EventTable.number == number))
            if other is not None and other != own_id:
                raise ValidationError(field="number", detail="number_taken", number=number)
            out[key] = number
        elif key == "capacity":
            out[key] = _int(value, "capacity", 1, MAX_CAPACITY)
        elif key == "name":
            name = " ".join(str(value or "").split())
            if len(name) > MAX_NAME:
                raise ValidationError(field="name", detail="too_long", max=MAX_NAME)
            out[key] = name
        elif key == "topic_id":
            if value is not None and s.get(Topic, value) is None:
                raise DomainError("topic_missing", id=value)
            out[key] = value
    return out


def _dtos(s: Session, where: Any = None) -> list[TableDTO]:
    query = (select(EventTable.id, EventTable.number, EventTable.name, EventTable.capacity,
                    EventTable.topic_id, Topic.title)
             .outerjoin(Topic, Topic.id == EventTable.topic_id).order_by(EventTable.number))
    if where is not None:
        query = query.where(where)
    seats = dict(s.execute(select(SeatAssignment.table_id, func.count()).group_by(SeatAssignment.table_id)).all())
    results = dict(s.execute(select(TableResult.table_id, func.count()).group_by(TableResult.table_id)).all())
    return [TableDTO(i, n, name or "", cap, tid, title or "", int(seats.get(i, 0)), int(results.get(i, 0)))
            for i, n, name, cap, tid, title in s.execute(query)]


def _next_number(s: Session) -> int:
    return int(s.scalar(select(func.max(EventTable.number))) or 0) + 1


# -- reading ---------------------------------------------------------------------------
def list_tables(ef: EventFile) -> list[TableDTO]:
    with ef.session() as s:
        return _dtos(s)


def get_table(ef: EventFile, table_id: int) -> TableDTO:
    with ef.session() as s:
        _get(s, table_id)
        return _dtos(s, EventTable.id == table_id)[0]


def next_number(ef: EventFile) -> int:
    with ef.session() as s:
        return _next_number(s)


# -- writing ---------------------------------------------------------------------------
def add_table(ef: EventFile, number: int | None = None, name: str = "",
              capacity: int = DEFAULT_CAPACITY, topic_id: int | None = None) -> TableDTO:
    """A new table; without a number, the one after the highest."""
    with ef.session() as s:
        values = _clean(s, {"number": number if number is not None else _next_number(s),
                            "name": name, "capacity": capacity, "topic_id": topic_id})
        table = EventTable(**values)
        s.add(table)
        s.flush()
        return _dtos(s, EventTable.id == table.id)[0]


def add_tables(ef: EventFile, count: int, capacity: int = DEFAULT_CAPACITY) -> list[TableDTO]:
    """``count`` tables numbered on from the highest number, all with ``capacity`` seats."""
    with ef.session() as s:
        count = _int(count, "tables", 1, MAX_BULK)
        capacity = _int(capacity, "capacity", 1, MAX_CAPACITY)
        first = _next_number(s)
        if first + count - 1 > MAX_NUMBER:
            raise ValidationError(field="number", detail="out_of_range", minimum=1, maximum=MAX_NUMBER)
        s.add_all(EventTable(number=n, name="", capacity=capacity) for n in range(first, first + count))
        s.flush()
        log.info("added %d tables from number %d", count, first)
        return _dtos(s, EventTable.number >= first)


def update_table(ef: EventFile, table_id: int, **fields: Any) -> TableDTO:
    with ef.session() as s:
        table = _get(s, table_id)
        for key, value in _clean(s, fields, own_id=table_id).items():
            setattr(table, key, value)
        s.flush()
        return _dtos(s, EventTable.id == table_id)[0]


def delete_tables(ef: EventFile, table_ids: Sequence[int]) -> list[TableSnapshot]:
    """Delete tables with their seats, results, ideas and codes; people pinned to them are unpinned."""
    snapshots = []
    with ef.session() as s:
        for table_id in table_ids:
            table = _get(s, table_id)
            results = list(s.scalars(select(TableResult).where(TableResult.table_id == table_id)))
            ideas = [i for r in results for i in r.ideas]
            snapshots.append(TableSnapshot(
                table=_columns(table),
                seats=tuple(_columns(x) for x in s.scalars(
                    select(SeatAssignment).where(SeatAssignment.table_id == table_id))),
                results=tuple(_columns(r) for r in results),
                ideas=tuple(_columns(i) for i in ideas),
                idea_updates=tuple(_columns(u) for i in ideas for u in i.updates),
                codes=tuple(_columns(c) for c in s.scalars(select(TeamCode).where(TeamCode.table_id == table_id))),
                pinned_attendee_ids=tuple(s.scalars(select(Attendee.id).where(
                    Attendee.pinned_table_id == table_id))),
            ))
            s.execute(update(Attendee).where(Attendee.pinned_table_id == table_id).values(pinned_table_id=None))
            s.delete(table)
            s.flush()
    log.info("deleted tables %s", list(table_ids))
    return snapshots


def delete_table(ef: EventFile, table_id: int) -> TableSnapshot:
    return delete_tables(ef, [table_id])[0]


def _insert(s: Session, model: Any, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    if rows:
        s.execute(insert(model), rows)


def restore_tables(ef: EventFile, snapshots: Sequence[TableSnapshot]) -> list[TableDTO]:
    """Undo of :func:`delete_tables`; refused when the number was taken meanwhile."""
    with ef.session() as s:
        for snap in snapshots:
            if s.get(EventTable, snap.table["id"]) is not None:
                raise DomainError("table_missing", id=snap.table["id"])
            if s.scalar(select(EventTable.id).where(EventTable.number == snap.table["number"])) is not None:
                raise ValidationError(field="number", detail="number_taken", number=snap.table["number"])
            table = dict(snap.table)
            if table.get("topic_id") is not None and s.get(Topic, table["topic_id"]) is None:
                table["topic_id"] = None
            _insert(s, EventTable, [table])
            # Rows whose other end vanished meanwhile (a deleted person or round) stay gone.
            alive_people = set(s.scalars(select(Attendee.id)))
            alive_rounds = set(s.scalars(select(Round.id)))
            _insert(s, SeatAssignment, (r for r in snap.seats
                                        if r["attendee_id"] in alive_people and r["round_id"] in alive_rounds))
            results = [dict(r, topic_id=r["topic_id"] if r["topic_id"] is None or s.get(Topic, r["topic_id"])
                            else None) for r in snap.results if r["round_id"] in alive_rounds]
            _insert(s, TableResult, results)
            kept = {r["id"] for r in results}
            ideas = [i for i in snap.ideas if i["result_id"] in kept]
            _insert(s, Idea, ideas)
            kept_ideas = {i["id"] for i in ideas}
            _insert(s, IdeaUpdate, (u for u in snap.idea_updates if u["idea_id"] in kept_ideas))
            _insert(s, TeamCode, (c for c in snap.codes if c["round_id"] is None or c["round_id"] in alive_rounds))
            if snap.pinned_attendee_ids:
                s.execute(update(Attendee).where(Attendee.id.in_(snap.pinned_attendee_ids),
                                                 Attendee.pinned_table_id.is_(None))
                          .values(pinned_table_id=snap.table["id"]))
        s.flush()
        ids = [snap.table["id"] for snap in snapshots]
        return _dtos(s, EventTable.id.in_(ids))


def restore_table(ef: EventFile, snapshot: TableSnapshot) -> TableDTO:
    return restore_tables(ef, [snapshot])[0]
