"""Taking an attendee import back: exactly the rows it added, and the rows it changed as
they were before.

:func:`~gdb_facilitator.core.services.imports.apply_attendees` returns an
:class:`ImportRecord` with its summary. :func:`remove_import` deletes the people the
import added (and the organisations, topics and tables it created, unless something
else uses them now) and writes the earlier values back into the people it changed.

Later work can depend on those rows: a person the import added has checked in, has a
seat, or is named as an idea's owner; a person the import changed was edited since.
Then a plain undo would silently take that work with it, so :func:`remove_import`
refuses with ``import_has_dependents`` unless ``force=True``, and
:func:`import_dependents` tells the user beforehand what would go.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    Idea,
    Organisation,
    SeatAssignment,
    TableResult,
    TeamCode,
    Topic,
    TopicChoice,
    TopicProposal,
)
from gdb_facilitator.core.errors import DomainError

log = logging.getLogger(__name__)

_CHUNK = 500


@dataclass(frozen=True)
class ImportRecord:
    """What one attendee import wrote, enough to take it back."""

    path: str
    at: datetime  # the import's updated_at on every row it wrote
    added_ids: tuple[int, ...] = ()
    # id -> the columns the import may have overwritten, as they were before (and updated_at)
    changed: dict[int, dict[str, Any]] = field(default_factory=dict)
    # id -> the topic choices before, for people whose choices the import replaced
    old_choices: dict[int, tuple[int, ...]] = field(default_factory=dict)
    organisation_ids: tuple[int, ...] = ()
    topic_ids: tuple[int, ...] = ()
    table_ids: tuple[int, ...] = ()
    pair_ids: tuple[int, ...] = ()  # pairs from partner columns (also between people it did not add)

    @property
    def is_empty(self) -> bool:
        return not (self.added_ids or self.changed or self.organisation_ids or self.topic_ids or self.table_ids
                    or self.pair_ids)


@dataclass(frozen=True)
class ImportDependents:
    """Later work that rests on the rows of an import."""

    checked_in: list[str] = field(default_factory=list)  # names of added people
    seated: list[str] = field(default_factory=list)
    idea_owners: list[str] = field(default_factory=list)
    edited_since: list[str] = field(default_factory=list)  # names of changed people

    @property
    def any(self) -> bool:
        return bool(self.checked_in or self.seated or self.idea_owners or self.edited_since)

    def names(self, limit: int = 8) -> str:
        seen = list(dict.fromkeys(self.checked_in + self.seated + self.idea_owners + self.edited_since))
        return ", ".join(seen[:limit]) + (" …" if len(seen) > limit else "")


@dataclass(frozen=True)
class RemovedImport:
    path: str
    removed: int  # people the import added, deleted
    restored: int  # people the import changed, back to their earlier data
    organisations: int
    topics: int
    tables: int
    check_ins_lost: int = 0
    seats_lost: int = 0
    edits_lost: int = 0


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _dependents(s: Session, record: ImportRecord) -> ImportDependents:
    added = list(record.added_ids)
    names: dict[int, str] = {}
    checked_in: list[str] = []
    seated_ids: set[int] = set()
    for chunk in _chunks(added):
        for att_id, first, last, arrived in s.execute(
                select(Attendee.id, Attendee.first_name, Attendee.last_name, Attendee.arrived_at)
                .where(Attendee.id.in_(chunk)).order_by(Attendee.id)):
            names[att_id] = " ".join(p for p in (first, last) if p)
            if arrived is not None:
                checked_in.append(names[att_id])
        seated_ids.update(s.scalars(select(SeatAssignment.attendee_id).where(SeatAssignment.attendee_id.in_(chunk))))
    seated = [names[i] for i in sorted(seated_ids) if i in names]
    owners = [_fold(o) for o in s.scalars(select(Idea.owner).where(Idea.owner != "")) if o]
    idea_owners = [n for i, n in names.items() if n and any(_fold(n) in o for o in owners)]
    edited: list[str] = []
    for chunk in _chunks(list(record.changed)):
        for att_id, first, last, stamp in s.execute(
                select(Attendee.id, Attendee.first_name, Attendee.last_name, Attendee.updated_at)
                .where(Attendee.id.in_(chunk)).order_by(Attendee.id)):
            if stamp != record.at:
                edited.append(" ".join(p for p in (first, last) if p))
    return ImportDependents(checked_in, seated, idea_owners, edited)


def import_dependents(ef: EventFile, record: ImportRecord) -> ImportDependents:
    with ef.session() as s:
        return _dependents(s, record)


def remove_import(ef: EventFile, record: ImportRecord, *, force: bool = False) -> RemovedImport:
    """Take the import back in one transaction; see the module text for ``force``."""
    with ef.session() as s:
        deps = _dependents(s, record)
        if deps.any and not force:
            raise DomainError("import_has_dependents", path=record.path, names=deps.names(),
                              checked_in=len(deps.checked_in), seated=len(deps.seated),
                              owners=len(deps.idea_owners), edited=len(deps.edited_since))
        added = list(record.added_ids)
        removed = 0
        for chunk in _chunks(list(record.pair_ids)):
            s.execute(delete(AttendeePair).where(AttendeePair.id.in_(chunk)))
        for chunk in _chunks(added):
            s.execute(delete(SeatAssignment).where(SeatAssignment.attendee_id.in_(chunk)))
            s.execute(delete(TopicChoice).where(TopicChoice.attendee_id.in_(chunk)))
            s.execute(delete(AttendeePair).where(AttendeePair.first_id.in_(chunk) | AttendeePair.second_id.in_(chunk)))
            removed += s.execute(delete(Attendee).where(Attendee.id.in_(chunk))).rowcount or 0
        present = set()
        for chunk in _chunks(list(record.changed)):
            present.update(s.scalars(select(Attendee.id).where(Attendee.id.in_(chunk))))
        rows = [{"id": att_id, **old} for att_id, old in record.changed.items() if att_id in present]
        if rows:
            s.execute(update(Attendee), rows)
        for att_id, topic_ids in record.old_choices.items():
            if att_id not in present:
                continue
            s.execute(delete(TopicChoice).where(TopicChoice.attendee_id == att_id))
            for rank, topic_id in enumerate(topic_ids, 1):
                s.add(TopicChoice(attendee_id=att_id, rank=rank, topic_id=topic_id))
        s.flush()
        organisations = _delete_unused(s, Organisation, record.organisation_ids,
                                       [(Attendee, Attendee.organisation_id)])
        tables = _delete_unused(s, EventTable, record.table_ids, [
            (SeatAssignment, SeatAssignment.table_id), (TableResult, TableResult.table_id),
            (TeamCode, TeamCode.table_id), (Attendee, Attendee.pinned_table_id)])
        topics = _delete_unused(s, Topic, record.topic_ids, [
            (TopicChoice, TopicChoice.topic_id), (EventTable, EventTable.topic_id),
            (TableResult, TableResult.topic_id), (TopicProposal, TopicProposal.topic_id)])
    result = RemovedImport(record.path, removed, len(rows), organisations, topics, tables,
                           len(deps.checked_in), len(deps.seated), len(deps.edited_since))
    log.info("import of %s taken back: %s", record.path, result)
    return result


def _delete_unused(s: Session, model: Any, ids: tuple[int, ...], users: list[tuple[Any, Any]]) -> int:
    """Delete the rows of ``model`` among ``ids`` that no row of ``users`` points at."""
    gone = 0
    for chunk in _chunks(list(ids)):
        used: set[int] = set()
        for _user, column in users:
            used.update(v for v in s.scalars(select(column).where(column.in_(chunk)).distinct()) if v is not None)
        free = [i for i in chunk if i not in used]
        if free:
            gone += s.execute(delete(model).where(model.id.in_(free))).rowcount or 0
    return gone

