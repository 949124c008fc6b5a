"""The ideas as a CSV for Decidim's accountability import ("Results" of a space), and the
round trip with the space's own results export.

One row per idea, so the city can publish what became of each one. The columns are the
ones Decidim's ``ResultsCsvImporter`` reads (decidim-accountability,
app/services/decidim/accountability/results_csv_importer.rb), which are the flattened
names its ``ResultSerializer`` writes in the space's results export:

================ ========================================================================
id               the Decidim result this idea already is (learned from the space's
                 export, see below), else empty: Decidim creates a new result. Decidim
                 updates an existing result only by this id.
parent/id        the parent the result has in Decidim (kept as it is), else empty
title/LOCALE     the idea's title ("de" is ``locale``)
description/LOC. the idea's description and next step, then which table, topic and round
                 it came from and the idea's key (:func:`idea_key`), as
                 HTML: Decidim shows a description as rich text, so each part is one
                 escaped ``<p>`` and a line break inside it a ``<br>``
start_date       the event date (YYYY-MM-DD)
end_date         the check-in date (the set follow-up date, else event date + 100 days)
status/id        the numeric id of the status in that space: our status → its key
                 (:data:`DEFAULT_STATUS_KEYS`) → the id learned from the space's export or
                 given by hand (``status_ids``). An idea without a check-in has none.
progress         0..100, a plain number
================ ========================================================================

The round trip: the first export creates the results. Decidim's results export (CSV, the
same column names) then holds each result's ``id``, its ``status/id`` and ``status/key``
and the description with the idea's key, which survives editing the text around it. Given
that file (:func:`read_space_results`), the next export writes each known idea's ``id``
so the import after the 100-day check-in updates the results instead of duplicating them.

UTF-8 without BOM (a BOM would become part of the first header), CRLF, separated by ``;``:
Decidim reads an import with its configured separator (``Decidim.default_csv_col_sep``),
``;`` unless the organisation changed it; ``delimiter`` matches another setting. The file
is for Decidim, not for a spreadsheet: every value goes in exactly as written (no
apostrophe in front of ``=`` or ``+``). No column names a person: the idea owner and who
reported are left out on purpose.
"""

from __future__ import annotations

import csv
import hashlib
import html
import logging
import os
import re
from dataclasses import dataclass, field
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
    return ("id", "parent/id", f"title/{locale}", f"description/{locale}", "start_date", "end_date",
            "status/id", "progress")


COLUMNS = columns()


@dataclass(frozen=True)
class DecidimLabels:
    """The words of the reference line in each description (the core writes no prose).

    ``reference`` fields: table (number), table_name, topic, round (number)."""

    reference: str = "Ergebnis von Tisch {table}{table_name} · Thema: {topic} · Runde {round}"
    key: str = "Kennung: {key}"
    next_step: str = "Nächster Schritt: {text}"
    no_topic: str = "–"

    @classmethod
    def german(cls) -> "DecidimLabels":
        return cls()

    @classmethod
    def english(cls) -> "DecidimLabels":
        return cls(reference="Result of table {table}{table_name} · topic: {topic} · round {round}",
                   next_step="Next step: {text}", key="Key: {key}")


@dataclass(frozen=True)
class DecidimRow:
    key: str  # idea_key(): written into the description, found again in Decidim
    title: str
    description: str
    start_date: str
    end_date: str
    status_key: str  # the Decidim status key, "" for none
    status_id: str  # its id in the space, "" for none
    progress: int
    result_id: str = ""  # the Decidim result this idea already is
    parent_id: str = ""


# The idea's key in a description: only hex digits, digits and '-', so HTML escaping and
# Decidim's rich-text editor leave it alone.
KEY_PATTERN = re.compile(r"\bGDB-([0-9A-F]{10})-([0-9]{1,12})\b")


def idea_key(code: str, idea_id: int) -> str:
    """``GDB-<team>-<idea id>``: the team part is a digest of the team code, because the
    description is public and the code is the team's key to its check-in; the digest keeps
    two events exporting into one space apart."""
    team = hashlib.sha256(f"gdb-decidim:{code}".encode()).hexdigest()[:10].upper()
    return f"GDB-{team}-{idea_id}"


@dataclass(frozen=True)
class KnownResult:
    result_id: str
    parent_id: str
    row: int


@dataclass(frozen=True)
class SpaceResults:
    """What the space's results export tells: which result is which idea, and the status ids."""

    path: str
    results: dict[str, KnownResult] = field(default_factory=dict)  # idea key -> result
    status_ids: dict[str, str] = field(default_factory=dict)  # status key -> id
    rows: int = 0


MAX_SPACE_EXPORT_BYTES = 50 * 1024 * 1024


def read_space_results(path: str | os.PathLike[str]) -> SpaceResults:
    """Read the results export of a Decidim space (CSV, the column names Decidim writes).

    Bad input is a :class:`DomainError` naming the file (and row and column): a file that
    is missing or unreadable, has no ``id`` column, or a non-numeric id or status id.
    """
    from gdb_facilitator.core.exchange.importers import decode, detect_delimiter

    source = Path(path)
    try:
        if source.stat().st_size > MAX_SPACE_EXPORT_BYTES:
            raise DomainError("decidim_export_too_large", path=str(source))
        data = source.read_bytes()
    except FileNotFoundError as exc:
        raise DomainError("decidim_export_missing", path=str(source)) from exc
    except OSError as exc:
        raise DomainError("decidim_export_unreadable", path=str(source), reason=exc.strerror or str(exc)) from exc
    text, _encoding = decode(data)
    delimiter = detect_delimiter(text) or DEFAULT_DELIMITER
    try:
        records = list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))
    except csv.Error as exc:
        raise DomainError("decidim_export_unreadable", path=str(source), reason=str(exc)) from exc
    if not records or not any(cell.strip() for cell in records[0]):
        raise DomainError("decidim_export_not_results", path=str(source), columns="")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    col = {name: i for i, name in reversed(list(enumerate(header)))}
    descriptions = [i for i, name in enumerate(header) if name.startswith("description/")]
    if "id" not in col or not descriptions:
        raise DomainError("decidim_export_not_results", path=str(source),
                          columns=", ".join(h for h in header[:12] if h))

    def cell(record: list[str], name: str) -> str:
        index = col.get(name)
        return record[index].strip() if index is not None and index < len(record) else ""

    results: dict[str, KnownResult] = {}
    status_ids: dict[str, str] = {}
    count = 0
    for number, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        count += 1
        result_id = cell(record, "id")
        for name in ("id", "parent/id", "status/id"):
            value = cell(record, name)
            if value and not value.isdigit():
                raise DomainError("decidim_export_bad_id", path=str(source), row=number, column=name,
                                  value=value[:40])
        if not result_id:
            raise DomainError("decidim_export_bad_id", path=str(source), row=number, column="id", value="")
        status_key, status_id = cell(record, "status/key"), cell(record, "status/id")
        if status_key and status_id:
            status_ids.setdefault(status_key, status_id)
        for index in descriptions:
            match = KEY_PATTERN.search(record[index]) if index < len(record) else None
            if match:
                # The first (oldest) result keeps the idea when an earlier import made a twin.
                results.setdefault(match.group(0), KnownResult(result_id, cell(record, "parent/id"), number))
                break
    log.info("Decidim space export %s: %d results, %d ours, %d statuses", source.name, count, len(results),
             len(status_ids))
    return SpaceResults(str(source), results, status_ids, count)


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
                 status_keys: dict[IdeaStatus, str] | None = None,
                 space: SpaceResults | None = None,
                 status_ids: dict[str, str] | None = None) -> list[DecidimRow]:
    """The rows of the export, in round, table and idea order.

    ``space`` (the space's results export) gives each known idea its result id and the
    status ids the space uses; ``status_ids`` (status key -> id, given by hand) win over
    those. A status some idea has but no id is known for raises ``decidim_status_unmapped``.

    Teams without a follow-up code get one (stored, so the sheets print the same code);
    a read-only event without them raises ``team_codes_missing``.
    """
    labels = labels or DecidimLabels.german()
    keys = {**DEFAULT_STATUS_KEYS, **(status_keys or {})}
    ids = {**(space.status_ids if space else {}), **(status_ids or {})}
    known = space.results if space else {}
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
                key = idea_key(code, idea.id)
                parts.append(reference + " · " + _fill(labels.key, key=key))
                status_key = keys.get(idea.status, "")
                if status_key and status_key not in ids:
                    raise DomainError("decidim_status_unmapped", key=status_key, status=idea.status.value)
                result = known.get(key)
                rows.append(DecidimRow(
                    key=key, title=(idea.title or "").strip(),
                    description=as_html([p for p in parts if p]),
                    start_date=start, end_date=end, status_key=status_key,
                    status_id=ids.get(status_key, "") if status_key else "",
                    progress=max(0, min(100, int(idea.progress or 0))),
                    result_id=result.result_id if result else "",
                    parent_id=result.parent_id if result else ""))
    return rows


def export_decidim(ef: EventFile, path: str | os.PathLike[str], *, locale: str = "de",
                   labels: DecidimLabels | None = None,
                   status_keys: dict[IdeaStatus, str] | None = None,
                   delimiter: str = DEFAULT_DELIMITER,
                   space: SpaceResults | None = None,
                   status_ids: dict[str, str] | None = None) -> Path:
    """Write the accountability CSV to ``path`` (atomically, like the other exports),
    separated by ``delimiter`` (Decidim's default ``;``); ``space`` and ``status_ids`` as
    in :func:`decidim_rows`."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS!r}, not {delimiter!r}")
    target = Path(path)
    _check_target(ef, target)
    rows = decidim_rows(ef, labels=labels, status_keys=status_keys, space=space, status_ids=status_ids)

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", errors="replace", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n",
                                quoting=csv.QUOTE_MINIMAL)
            writer.writerow(columns(locale))
            for row in rows:
                writer.writerow([row.result_id, row.parent_id, row.title, row.description, row.start_date,
                                 row.end_date, row.status_id, str(row.progress)])

    commit([(stage(target, write), target)])
    log.info("exported %d ideas for Decidim to %s (%d update known results)", len(rows), target,
             sum(1 for r in rows if r.result_id))
    return target
