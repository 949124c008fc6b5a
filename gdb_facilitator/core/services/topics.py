"""Topics and problem statements, collected before the day or in the room.

A topic becomes a table's topic by :func:`assign_topic`. Deleting a topic takes it off
its tables and out of people's preferences; the snapshot keeps all of that so that undo
(:func:`restore_topic`) puts it back exactly. Each public function is one unit of work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, EventTable, TableResult, Topic, TopicChoice
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import texts
from gdb_facilitator.core.services.lookup import get_or_missing

log = logging.getLogger(__name__)

MAX_TITLE = 300
MAX_STATEMENT = 5000


@dataclass(frozen=True)
class TopicDTO:
    id: int
    title: str
    problem_statement: str
    position: int
    tables: tuple[int, ...]  # numbers of the tables with this topic
    choices: int  # how many people named it among their preferences
    version: int = 0  # of title and problem statement; see core/services/texts.py


@dataclass(frozen=True)
class TopicSnapshot:
    """A deleted topic with every reference to it, for undo."""

    id: int
    title: str
    problem_statement: str
    position: int
    created_at: datetime
    table_ids: tuple[int, ...]
    result_ids: tuple[int, ...]
    choices: tuple[dict[str, Any], ...] = field(default=())


def _get(s: Session, topic_id: int) -> Topic:
    return get_or_missing(s, Topic, topic_id, "topic_missing")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _clean_title(s: Session, value: object, own_id: int | None = None) -> str:
    title = " ".join(str(value or "").split())
    if not title:
        raise ValidationError(field="title", detail="required")
    if len(title) > MAX_TITLE:
        raise ValidationError(field="title", detail="too_long", max=MAX_TITLE)
    for other_id, other in s.execute(select(Topic.id, Topic.title)):
        if other_id != own_id and _key(other) == _key(title):
            raise ValidationError(field="title", detail="title_taken", title=other)
    return title


def _clean_statement(value: object) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_STATEMENT:
        raise ValidationError(field="problem_statement", detail="too_long", max=MAX_STATEMENT)
    return text


def _ordered(s: Session) -> list[Topic]:
    return list(s.scalars(select(Topic).order_by(Topic.position, Topic.id)))


def _dtos(s: Session, topics: list[Topic]) -> list[TopicDTO]:
    tables: dict[int, list[int]] = {}
    for topic_id, number in s.execute(select(EventTable.topic_id, EventTable.number)
                                      .where(EventTable.topic_id.is_not(None))
                                      .order_by(EventTable.number)):
        tables.setdefault(topic_id, []).append(number)
    choices = dict(s.execute(select(TopicChoice.topic_id, func.count()).group_by(TopicChoice.topic_id)).all())
    return [TopicDTO(t.id, t.title, t.problem_statement or "", t.position, tuple(tables.get(t.id, ())),
                     int(choices.get(t.id, 0)), int(t.version or 0)) for t in topics]


# -- reading ---------------------------------------------------------------------------
def list_topics(ef: EventFile) -> list[TopicDTO]:
    with ef.session() as s:
        return _dtos(s, _ordered(s))


def get_topic(ef: EventFile, topic_id: int) -> TopicDTO:
    with ef.session() as s:
        return _dtos(s, [_get(s, topic_id)])[0]


# -- writing ---------------------------------------------------------------------------
def add_topic(ef: EventFile, title: str, problem_statement: str = "") -> TopicDTO:
    with ef.session() as s:
        clean = _clean_title(s, title)
        statement = _clean_statement(problem_statement)
        last = s.scalar(select(func.max(Topic.position)))
        topic = Topic(title=clean, problem_statement=statement,
                      position=0 if last is None else last + 1, created_at=ef.clock.now_utc())
        s.add(topic)
        s.flush()
        return _dtos(s, [topic])[0]


def update_topic(ef: EventFile, topic_id: int, *, title: str | None = None,
                 problem_statement: str | None = None,
                 expected: dict[str, int | None] | None = None) -> TopicDTO:
    """Change a topic's texts. ``expected`` maps a text to the version the new text was
    based on; when another laptop changed it since, :class:`TextConflict` is raised and
    nothing is written (core/services/texts.py)."""
    expected = expected or {}
    with ef.session() as s:
        topic = _get(s, topic_id)
        new = {}
        if title is not None:
            new["title"] = _clean_title(s, title, own_id=topic_id)
        if problem_statement is not None:
            new["problem_statement"] = _clean_statement(problem_statement)
        texts.write_shared_version(topic, "topic", topic_id, new, expected)
        s.flush()
        return _dtos(s, [topic])[0]


def move_topic(ef: EventFile, topic_id: int, position: int) -> list[TopicDTO]:
    with ef.session() as s:
        ordered = _ordered(s)
        topic = _get(s, topic_id)
        ordered.remove(topic)
        ordered.insert(max(0, min(position, len(ordered))), topic)
        for index, item in enumerate(ordered):
            item.position = index
        s.flush()
        return _dtos(s, ordered)


def assign_topic(ef: EventFile, table_id: int, topic_id: int | None) -> int | None:
    """Give a table a topic (None: no topic); returns the topic it had before, for undo."""
    with ef.session() as s:
        table = s.get(EventTable, table_id)
        if table is None:
            raise DomainError("table_missing", id=table_id)
        if topic_id is not None:
            _get(s, topic_id)
        before = table.topic_id
        table.topic_id = topic_id
        return before


def delete_topic(ef: EventFile, topic_id: int) -> TopicSnapshot:
    """Delete a topic; its tables and results keep their text but lose the link."""
    with ef.session() as s:
        topic = _get(s, topic_id)
        table_ids = tuple(s.scalars(select(EventTable.id).where(EventTable.topic_id == topic_id)))
        result_ids = tuple(s.scalars(select(TableResult.id).where(TableResult.topic_id == topic_id)))
        choices = tuple(
            {"id": c.id, "attendee_id": c.attendee_id, "rank": c.rank, "topic_id": c.topic_id}
            for c in s.scalars(select(TopicChoice).where(TopicChoice.topic_id == topic_id)))
        snapshot = TopicSnapshot(topic.id, topic.title, topic.problem_statement or "", topic.position,
                                 topic.created_at, table_ids, result_ids, choices)
        # Explicit, not left to ON DELETE: the ORM session must not hold stale links either.
        s.execute(update(EventTable).where(EventTable.topic_id == topic_id).values(topic_id=None))
        s.execute(update(TableResult).where(TableResult.topic_id == topic_id).values(topic_id=None))
        s.execute(TopicChoice.__table__.delete().where(TopicChoice.topic_id == topic_id))
        s.delete(topic)
        log.info("topic deleted: %s", topic_id)
        return snapshot


def restore_topic(ef: EventFile, snapshot: TopicSnapshot) -> TopicDTO:
    with ef.session() as s:
        if s.get(Topic, snapshot.id) is not None:
            raise DomainError("topic_missing", id=snapshot.id)
        _clean_title(s, snapshot.title)
        topic = Topic(id=snapshot.id, title=snapshot.title, problem_statement=snapshot.problem_statement,
                      position=snapshot.position, created_at=snapshot.created_at)
        s.add(topic)
        s.flush()
        if snapshot.table_ids:
            s.execute(update(EventTable).where(EventTable.id.in_(snapshot.table_ids),
                                               EventTable.topic_id.is_(None)).values(topic_id=topic.id))
        if snapshot.result_ids:
            s.execute(update(TableResult).where(TableResult.id.in_(snapshot.result_ids),
                                                TableResult.topic_id.is_(None)).values(topic_id=topic.id))
        if snapshot.choices:
            taken = {(a, r) for a, r in s.execute(select(TopicChoice.attendee_id, TopicChoice.rank))}
            alive = set(s.scalars(select(Attendee.id).where(
                Attendee.id.in_({c["attendee_id"] for c in snapshot.choices}))))
            rows = [c for c in snapshot.choices
                    if (c["attendee_id"], c["rank"]) not in taken and c["attendee_id"] in alive]
            if rows:
                s.execute(insert(TopicChoice), rows)
        return _dtos(s, [topic])[0]
