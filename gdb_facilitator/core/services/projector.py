"""What the projector shows besides the countdown: the table topics of a round.

One read, one unit of work, frozen rows out. A table's topic in a round is the topic its
result sheet for that round names (tables can change topic between rounds); a table
without a result for the round shows its standing topic from the table plan.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import EventTable, Round, TableResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableTopic:
    number: int
    name: str  # the table's own name ("Fensterplatz"), often empty
    topic: str  # "" when the table has no topic yet


@dataclass(frozen=True)
class TopicBoard:
    round_number: int | None  # None: no round given, standing topics
    round_title: str
    tables: tuple[TableTopic, ...]

    @property
    def has_topics(self) -> bool:
        return any(t.topic for t in self.tables)


def table_topics(ef: EventFile, round_id: int | None = None) -> TopicBoard:
    """Every table in number order with its topic in round ``round_id`` (or its standing one)."""
    with ef.session() as s:
        tables = list(s.scalars(select(EventTable).options(selectinload(EventTable.topic))
                                .order_by(EventTable.number)))
        number, title = None, ""
        per_round: dict[int, str] = {}
        rnd = s.get(Round, round_id) if round_id is not None else None
        if rnd is not None:
            number, title = rnd.number, rnd.title or ""
            results = s.scalars(select(TableResult).options(selectinload(TableResult.topic))
                                .where(TableResult.round_id == rnd.id))
            per_round = {r.table_id: r.topic.title for r in results if r.topic is not None}
        rows = tuple(
            TableTopic(number=t.number, name=t.name or "",
                       topic=per_round.get(t.id) or (t.topic.title if t.topic is not None else ""))
            for t in tables)
        return TopicBoard(round_number=number, round_title=title, tables=rows)
