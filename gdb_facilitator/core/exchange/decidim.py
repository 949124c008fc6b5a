"""The ideas as a CSV for Decidim's accountability import ("Results" of a space).

One row per idea, so the city can publish what became of each one. The columns follow
the accountability CSV import (checked against Decidim's documentation of the import
format when this was written; adjust :data:`COLUMNS` if a Decidim release renames one):

============== ==========================================================================
id             left empty: Decidim creates a new result. Our own ids would overwrite
               unrelated results that happen to have the same number.
title/de       the idea's title ("de" is ``locale``)
description/de the idea's description and next step, then which table, topic and round
               it came from (``DecidimLabels.reference``), as HTML: Decidim shows a
               result's description as rich text, so each part is one escaped ``<p>``
               and a line break inside it a ``<br>``
start_date     the event date (YYYY-MM-DD)
end_date       the check-in date (the set follow-up date, else event date + 100 days)
status         a status key of the space; :data:`DEFAULT_STATUS_KEYS`, which a caller can
               replace with the keys configured in its Decidim space
progress       0..100, a plain number
parent_id      empty (a parent result would have to exist in Decidim first)
external_id    the team code and the idea's number within the team, e.g. ``7K2M…Q-2``:
               stable, so a second import after the check-in updates the same results
============== ==========================================================================

UTF-8 without BOM (a BOM would become part of the first header), CRLF, separated by ``;``:
Decidim reads an import with its configured separator (``Decidim.default_csv_col_sep``),
``;`` unless the organisation changed it; ``delimiter`` matches another setting. The file
is for Decidim, not for a spreadsheet: every value goes in exactly as written (no
apostrophe in front of ``=`` or ``+``). No column names a person: the idea owner and who
reported are left out on purpose.
"""

from __future__ import annotations

import csv
import html
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Event,
    EventTable,
    Idea,
    IdeaStatus,
    Round,
    TableResult,
    TeamCode,
    Topic,
)
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.exchange.exporters import _check_target
from gdb_facilitator.core.files import commit, stage
from gdb_facilitator.core.services.codes import ensure_codes_in

log = logging.getLogger(__name__)

# IdeaStatus → the status key in Decidim. "open" (no check-in yet) gets no status, which
# Decidim shows as "no status" rather than pretending somebody said "not started".
DEFAULT_STATUS_KEYS: dict[IdeaStatus, str] = {
    IdeaStatus.DONE: "implemented",        # umgesetzt
    IdeaStatus.IN_PROGRESS: "in_progress",  # in Arbeit
    IdeaStatus.NOT_STARTED: "not_started",  # nicht begonnen
    IdeaStatus.DROPPED: "discarded",        # verworfen
    IdeaStatus.OPEN: "",
}


def columns(locale: str = "de") -> tuple[str, ...]:
    return ("id", f"title/{locale}", f"description/{locale}", "start_date", "end_date", "status",
            "progress", "parent_id", "external_id")


COLUMNS = columns()


@dataclass(frozen=True)
class DecidimLabels:
    """The words of the reference line in each description (the core writes no prose).

    ``reference`` fields: table (number), table_name, topic, round (number)."""

    reference: str = "Ergebnis von Tisch {table}{table_name} · Thema: {topic} · Runde {round}"
    next_step: str = "Nächster Schritt: {text}"
    no_topic: str = "–"

    @classmethod
    def german(cls) -> "DecidimLabels":
        return cls()

    @classmethod
    def english(cls) -> "DecidimLabels":
        return cls(reference="Result of table {table}{table_name} · topic: {topic} · round {round}",
                   next_step="Next step: {text}")


@dataclass(frozen=True)
class DecidimRow:
    title: str
    description: str
    start_date: str
    end_date: str
    status: str
    progress: int
    external_id: str


# Decidim's own default separator; ',' or a tab when the organisation configured one.
DEFAULT_DELIMITER = ";"
DELIMITERS = (";", ",", "\t")


def as_html(parts: list[str]) -> str:
    """``parts`` as escaped HTML paragraphs, line breaks inside a part as ``<br>``."""
    paragraphs = []
    for part in parts:
        lines = part.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        paragraphs.append("<p>" + "<br>".join(html.escape(line, quote=False) for line in lines) + "</p>")
    return "".join(paragraphs)


def _fill(template: str, **values: object) -> str:
    from gdb_facilitator.core.sheets.labels import fill

    return fill(template, **values)


def decidim_rows(ef: EventFile, *, labels: DecidimLabels | None = None,
                 status_keys: dict[IdeaStatus, str] | None = None) -> list[DecidimRow]:
    """The rows of the export, in round, table and idea order.

    Teams without a follow-up code get one (stored, so the sheets print the same code);
    a read-only event without them raises ``team_codes_missing``.
    """
    labels = labels or DecidimLabels.german()
    keys = {**DEFAULT_STATUS_KEYS, **(status_keys or {})}
    with ef.session() as s:
        event = s.scalars(select(Event)).one()
        start = event.event_date.isoformat() if event.event_date else ""
        end = event.follow_up_effective.isoformat() if event.follow_up_effective else ""
        tables = {t.id: t for t in s.scalars(select(EventTable))}
        rounds = {r.id: r.number for r in s.scalars(select(Round))}
        topics = dict(s.execute(select(Topic.id, Topic.title)).all())
        results = list(s.scalars(select(TableResult)))
        codes: dict[tuple[int, int | None], str] = {}
        for table_id, round_id, code in s.execute(
                select(TeamCode.table_id, TeamCode.round_id, TeamCode.code).order_by(TeamCode.id)):
            codes.setdefault((table_id, round_id), code)
        with_ideas = [r for r in results if r.ideas]
        missing = [(r.table_id, r.round_id) for r in with_ideas
                   if (r.table_id, r.round_id) not in codes and (r.table_id, None) not in codes]
        if missing:
            if ef.readonly:
                raise DomainError("team_codes_missing")
            codes.update(ensure_codes_in(s, ef.clock.now_utc(), missing))
        rows: list[DecidimRow] = []
        for r in sorted(with_ideas, key=lambda r: (rounds.get(r.round_id, 0), tables[r.table_id].number)):
            table = tables[r.table_id]
            code = codes.get((r.table_id, r.round_id)) or codes[(r.table_id, None)]
            topic_id = r.topic_id or table.topic_id
            reference = _fill(labels.reference, table=table.number,
                              table_name=f" ({table.name})" if table.name else "",
                              topic=topics.get(topic_id, labels.no_topic) if topic_id else labels.no_topic,
                              round=rounds.get(r.round_id, ""))
            idea: Idea
            for number, idea in enumerate(sorted(r.ideas, key=lambda i: (i.position, i.id)), start=1):
                parts = [(idea.description or "").strip()]
                if (idea.next_step or "").strip():
                    parts.append(_fill(labels.next_step, text=idea.next_step.strip()))
                parts.append(reference)
                rows.append(DecidimRow(
                    title=(idea.title or "").strip(),
                    description=as_html([p for p in parts if p]),
                    start_date=start, end_date=end, status=keys.get(idea.status, ""),
                    progress=max(0, min(100, int(idea.progress or 0))),
                    external_id=f"{code}-{number}"))
    return rows


def export_decidim(ef: EventFile, path: str | os.PathLike[str], *, locale: str = "de",
                   labels: DecidimLabels | None = None,
                   status_keys: dict[IdeaStatus, str] | None = None,
                   delimiter: str = DEFAULT_DELIMITER) -> Path:
    """Write the accountability CSV to ``path`` (atomically, like the other exports),
    separated by ``delimiter`` (Decidim's default ``;``)."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS!r}, not {delimiter!r}")
    target = Path(path)
    _check_target(ef, target)
    rows = decidim_rows(ef, labels=labels, status_keys=status_keys)

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", errors="replace", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n",
                                quoting=csv.QUOTE_MINIMAL)
            writer.writerow(columns(locale))
            for row in rows:
                writer.writerow(["", row.title, row.description, row.start_date, row.end_date,
                                 row.status, str(row.progress), "", row.external_id])

    commit([(stage(target, write), target)])
    log.info("exported %d ideas for Decidim to %s", len(rows), target)
    return target
