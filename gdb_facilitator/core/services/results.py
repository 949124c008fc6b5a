"""What each table worked out in a round, and its ideas for the next 100 days.

A result belongs to one table in one round (``TableResult``, unique per pair). Rounds
are addressed by their number: when results are typed in before the Rounds page made
any round, the first write creates that round. A table without a result row reads as
an empty result that takes its topic and problem statement from the table, and the
first edit writes exactly that. Each public function is one unit of work and returns
frozen DTOs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import EventTable, Idea, IdeaStatus, Round, TableResult, Topic
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services.lookup import get_or_missing
from gdb_facilitator.core.services.texts import TextRef, check_and_bump, write_shared_version

log = logging.getLogger(__name__)

MAX_TEXT = 20000
MAX_SHORT = 300  # Idea.title and Idea.owner are String(300)
MAX_ROUND = 99

RESULT_FIELDS = frozenset({"topic_id", "problem_statement", "results"})
IDEA_FIELDS = ("title", "description", "owner", "next_step", "support_needed")


@dataclass(frozen=True)
class RoundInfo:
    id: int
    number: int
    title: str


@dataclass(frozen=True)
class ResultListRow:
    """One table in the overview of a round."""

    table_id: int
    number: int
    name: str
    topic_title: str
    has_result: bool  # results text or at least one idea
    ideas: int
    done: bool = False  # the table's host said it is done (its sheet can be printed)


@dataclass(frozen=True)
class IdeaDTO:
    id: int
    position: int
    title: str
    description: str
    owner: str
    next_step: str
    support_needed: str
    version: int = 0  # of the texts above; see core/services/texts.py

    def fields(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in IDEA_FIELDS}


@dataclass(frozen=True)
class ResultDTO:
    table_id: int
    table_number: int
    table_name: str
    round_number: int
    result_id: int | None  # None: nothing recorded yet
    topic_id: int | None
    topic_title: str
    problem_statement: str
    results: str
    ideas: tuple[IdeaDTO, ...]
    updated_at: datetime | None
    problem_version: int = 0
    results_version: int = 0
    done_at: datetime | None = None  # the host said the table is done

    @property
    def has_result(self) -> bool:
        return bool(self.results.strip()) or bool(self.ideas)

    def version_of(self, field: str) -> int:
        return self.problem_version if field == "problem_statement" else self.results_version


@dataclass(frozen=True)
class IdeaSnapshot:
    """A deleted idea with everything the 100-day check-in may have added, for undo."""

    result_id: int
    columns: dict[str, Any]


# -- helpers ---------------------------------------------------------------------------
def _round(s: Session, number: int, create: bool) -> Round | None:
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_ROUND:
        raise ValidationError(field="round_id", detail="out_of_range", minimum=1, maximum=MAX_ROUND)
    found = s.scalar(select(Round).where(Round.number == number))
    if found is None and create:
        found = Round(number=number, title="")
        s.add(found)
        s.flush()
        log.info("round %d created by a result entry", number)
    return found


def _table(s: Session, table_id: int) -> EventTable:
    return get_or_missing(s, EventTable, table_id, "table_missing")


def _result(s: Session, table: EventTable, round_: Round | None) -> TableResult | None:
    if round_ is None:
        return None
    return s.scalar(select(TableResult).where(TableResult.table_id == table.id,
                                              TableResult.round_id == round_.id))


def _ensure_result(s: Session, ef: EventFile, table_id: int, round_number: int) -> TableResult:
    table = _table(s, table_id)
    round_ = _round(s, round_number, create=True)
    result = _result(s, table, round_)
    if result is None:
        topic = s.get(Topic, table.topic_id) if table.topic_id else None
        result = TableResult(table_id=table.id, round_id=round_.id, topic_id=table.topic_id,  # type: ignore[union-attr]
                             problem_statement=topic.problem_statement if topic else "",
                             results="", updated_at=ef.clock.now_utc())
        s.add(result)
        s.flush()
    return result


def _idea_dto(idea: Idea) -> IdeaDTO:
    return IdeaDTO(idea.id, idea.position, idea.title or "", idea.description or "", idea.owner or "",
                   idea.next_step or "", idea.support_needed or "", idea.version or 0)


def _ideas(s: Session, result_id: int) -> list[Idea]:
    return list(s.scalars(select(Idea).where(Idea.result_id == result_id).order_by(Idea.position, Idea.id)))


def _dto(s: Session, table: EventTable, round_number: int, result: TableResult | None) -> ResultDTO:
    if result is None:
        topic = s.get(Topic, table.topic_id) if table.topic_id else None
        return ResultDTO(table.id, table.number, table.name or "", round_number, None,
                         table.topic_id, topic.title if topic else "",
                         topic.problem_statement or "" if topic else "", "", (), None)
    topic = s.get(Topic, result.topic_id) if result.topic_id else None
    return ResultDTO(table.id, table.number, table.name or "", round_number, result.id,
                     result.topic_id, topic.title if topic else "", result.problem_statement or "",
                     result.results or "", tuple(_idea_dto(i) for i in _ideas(s, result.id)),
                     result.updated_at, result.problem_version or 0, result.results_version or 0,
                     result.done_at)


def _text(field: str, value: Any, limit: int) -> str:
    text = str(value or "")
    if len(text) > limit:
        raise ValidationError(field=field, detail="too_long", max=limit)
    return text


def _idea(s: Session, idea_id: int) -> Idea:
    return get_or_missing(s, Idea, idea_id, "idea_missing")


def _clean_idea(fields: dict[str, Any]) -> dict[str, str]:
    unknown = set(fields) - set(IDEA_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    return {k: _text(f"idea_{k}", v, MAX_SHORT if k in ("title", "owner") else MAX_TEXT)
            for k, v in fields.items()}


def _renumber(ideas: Sequence[Idea]) -> None:
    for position, idea in enumerate(ideas):
        idea.position = position


# -- reading ---------------------------------------------------------------------------
def list_rounds(ef: EventFile) -> list[RoundInfo]:
    with ef.session() as s:
        return [RoundInfo(i, n, t or "") for i, n, t in
                s.execute(select(Round.id, Round.number, Round.title).order_by(Round.number))]


def overview(ef: EventFile, round_number: int) -> list[ResultListRow]:
    """Every table with whether its result for the round is recorded; three queries."""
    with ef.session() as s:
        round_ = _round(s, round_number, create=False)
        recorded: dict[int, tuple[str, int | None, int, bool]] = {}
        if round_ is not None:
            counts = dict(s.execute(select(Idea.result_id, func.count()).group_by(Idea.result_id)).all())
            for rid, table_id, text, topic_id, done_at in s.execute(
                    select(TableResult.id, TableResult.table_id, TableResult.results, TableResult.topic_id,
                           TableResult.done_at)
                    .where(TableResult.round_id == round_.id)):
                recorded[table_id] = (text or "", topic_id, int(counts.get(rid, 0)), done_at is not None)
        titles = dict(s.execute(select(Topic.id, Topic.title)).all())
        rows = []
        for tid, number, name, topic_id in s.execute(
                select(EventTable.id, EventTable.number, EventTable.name, EventTable.topic_id)
                .order_by(EventTable.number)):
            text, result_topic, ideas, done = recorded.get(tid, ("", topic_id, 0, False))
            rows.append(ResultListRow(tid, number, name or "", titles.get(result_topic, ""),
                                      bool(text.strip()) or ideas > 0, ideas, done))
        return rows


def get_result(ef: EventFile, table_id: int, round_number: int) -> ResultDTO:
    with ef.session() as s:
        table = _table(s, table_id)
        return _dto(s, table, round_number, _result(s, table, _round(s, round_number, create=False)))


# -- writing: the result ---------------------------------------------------------------
def set_result_fields(ef: EventFile, table_id: int, round_number: int,
                      expected: dict[str, int | None] | None = None, **fields: Any) -> ResultDTO:
    """Set topic_id, problem_statement and/or results; creates the result (and round) if needed.

    ``expected`` maps a text field to the version the new text was based on; when another
    writer changed that text since, :class:`~gdb_facilitator.core.services.texts.TextConflict`
    is raised and nothing is written (see core/services/texts.py)."""
    expected = expected or {}
    unknown = set(fields) - RESULT_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        clean[key] = value if key == "topic_id" else _text(key, value, MAX_TEXT)
    with ef.session() as s:
        if clean.get("topic_id") is not None and s.get(Topic, clean["topic_id"]) is None:
            raise DomainError("topic_missing", id=clean["topic_id"])
        result = _ensure_result(s, ef, table_id, round_number)
        for key, value in clean.items():
            if key == "topic_id":
                result.topic_id = value
            else:
                check_and_bump(result, TextRef("result", table_id, key, round_number), value,
                               expected.get(key))
        result.updated_at = ef.clock.now_utc()
        s.flush()
        return _dto(s, _table(s, table_id), round_number, result)


def set_done(ef: EventFile, table_id: int, round_number: int, done: bool) -> ResultDTO:
    """Mark a table's result for the round as done (its sheet can be printed) or not."""
    with ef.session() as s:
        result = _ensure_result(s, ef, table_id, round_number)
        now = ef.clock.now_utc()
        result.done_at = now if done else None
        result.updated_at = now
        s.flush()
        return _dto(s, _table(s, table_id), round_number, result)


# -- writing: ideas --------------------------------------------------------------------
def add_idea(ef: EventFile, table_id: int, round_number: int, position: int | None = None,
             **fields: Any) -> IdeaDTO:
    """A new idea at ``position`` (default: last); the fields may all be empty at first."""
    values = _clean_idea(fields)
    with ef.session() as s:
        result = _ensure_result(s, ef, table_id, round_number)
        ideas = _ideas(s, result.id)
        now = ef.clock.now_utc()
        idea = Idea(result_id=result.id, position=len(ideas), status=IdeaStatus.OPEN, progress=0,
                    notes="", updated_at=now, **{k: values.get(k, "") for k in IDEA_FIELDS})
        s.add(idea)
        s.flush()
        ideas.insert(len(ideas) if position is None else max(0, min(position, len(ideas))), idea)
        _renumber(ideas)
        result.updated_at = now
        s.flush()
        return _idea_dto(idea)


def update_idea(ef: EventFile, idea_id: int, expected: dict[str, int | None] | None = None,
                **fields: Any) -> IdeaDTO:
    """Change texts of an idea; ``expected`` as in :func:`set_result_fields` (the idea's
    texts share one version)."""
    values = _clean_idea(fields)
    expected = expected or {}
    with ef.session() as s:
        idea = _idea(s, idea_id)
        write_shared_version(idea, "idea", idea_id, values, expected)
        idea.updated_at = ef.clock.now_utc()
        idea.result.updated_at = idea.updated_at
        s.flush()
        return _idea_dto(idea)


def move_idea(ef: EventFile, idea_id: int, position: int) -> list[IdeaDTO]:
    """Move an idea to ``position`` (0-based, clamped) among its result's ideas."""
    with ef.session() as s:
        idea = _idea(s, idea_id)
        ideas = _ideas(s, idea.result_id)
        ideas.remove(idea)
        ideas.insert(max(0, min(position, len(ideas))), idea)
        _renumber(ideas)
        s.flush()
        return [_idea_dto(i) for i in ideas]


def delete_idea(ef: EventFile, idea_id: int) -> IdeaSnapshot:
    with ef.session() as s:
        idea = _idea(s, idea_id)
        if idea.updates:
            # An idea with check-in reports is history; deleting it here would lose them silently.
            raise DomainError("idea_has_updates", title=idea.title, count=len(idea.updates))
        snapshot = IdeaSnapshot(idea.result_id, {c.key: getattr(idea, c.key) for c in Idea.__table__.columns})
        result_id = idea.result_id
        s.delete(idea)
        s.flush()
        _renumber(_ideas(s, result_id))
        return snapshot


def restore_idea(ef: EventFile, snapshot: IdeaSnapshot) -> IdeaDTO:
    """Undo of :func:`delete_idea`: the same id back at its old place."""
    with ef.session() as s:
        if s.get(TableResult, snapshot.result_id) is None:
            raise DomainError("idea_missing", id=snapshot.columns["id"])
        if s.get(Idea, snapshot.columns["id"]) is not None:
            raise DomainError("idea_missing", id=snapshot.columns["id"])
        ideas = _ideas(s, snapshot.result_id)
        idea = Idea(**snapshot.columns)
        s.add(idea)
        ideas.insert(max(0, min(snapshot.columns["position"], len(ideas))), idea)
        _renumber(ideas)
        s.flush()
        return _idea_dto(idea)
