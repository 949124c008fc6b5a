"""Exports of an event: CSV files, one Excel workbook, one JSON document, a SQLite copy.

All exports read the event through one read-only session (a handful of queries), build
plain rows, and only then write. Every file is written to a temporary file beside its
target, fsynced and moved into place with ``os.replace``: a crash or a full disk leaves
either the old file or the new one under the target name, never half of one.

CSV cells that start like a formula (``= + - @``, tab, CR, LF) get a leading apostrophe
(OWASP "CSV injection"): an attendee may type ``=HYPERLINK(...)`` as their organisation,
and the facilitator opening the export must not run it. A CSV cell has no type, so the
apostrophe is the usual defence there. XLSX cells are written as typed text cells instead,
which no spreadsheet evaluates: the value stays exactly as typed, with no apostrophe.

``anonymize`` keeps the structure and the counts but drops what names a person: names,
e-mail addresses, organisation names, comments, who owns or reports on an idea, and the
run-sheet notes (they name the speakers). People are then known by a random pseudonym
(new with every export, never the registration id), and their sector stays. What a table
wrote down (results, ideas) stays as written.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from gdb_facilitator.core import timezones
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    Attendee,
    AttendeePair,
    Event,
    EventTable,
    Idea,
    Organisation,
    Round,
    SeatAssignment,
    Sector,
    TableResult,
    TeamCode,
    Topic,
)
from gdb_facilitator.core.errors import EventFileError
from gdb_facilitator.core.files import commit, not_writable, stage

log = logging.getLogger(__name__)

JSON_FORMAT = "gdb-facilitator-event"
JSON_VERSION = 1

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_MAX_CELL = 32_767  # Excel refuses longer cells

Source = EventFile | str | os.PathLike[str]
Value = str | int | bool | date | datetime | None


def neutralise(text: object) -> str:
    """``text`` made safe for a spreadsheet cell: a formula-like start gets a leading '."""
    text = "" if text is None else str(text)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


# -- reading -------------------------------------------------------------------------


@contextmanager
def _opened(source: Source) -> Iterator[EventFile]:
    if hasattr(source, "session"):
        yield source  # type: ignore[misc]
        return
    from gdb_facilitator.core.db.store import open_event

    # A read-only open needs no lock, so exporting works while the app has the event open.
    with open_event(source, readonly=True) as ef:
        yield ef  # type: ignore[misc]


@dataclass
class _Snapshot:
    """The event as plain values, in the shape of the JSON export."""

    schema_version: int
    anonymized: bool
    event: dict[str, Any]
    sectors: list[dict[str, Any]]
    organisations: list[dict[str, Any]]
    topics: list[dict[str, Any]]
    tables: list[dict[str, Any]]
    attendees: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    rounds: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    results: list[dict[str, Any]]
    team_codes: list[dict[str, Any]]
    agenda: list[dict[str, Any]]
    # Lookups for the spreadsheet views; not part of the JSON document.
    names: dict[str, str] = field(default_factory=dict)  # registration id -> display name
    org_names: dict[int, str] = field(default_factory=dict)
    topic_titles: dict[int, str] = field(default_factory=dict)


def _enum_value(value: Enum | None) -> str | None:
    return None if value is None else str(value.value)


def _pseudonyms(count: int) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        found.add("P-" + secrets.token_hex(5).upper())
    return sorted(found)


def _load(ef: EventFile, anonymize: bool) -> _Snapshot:
    schema_version = ef.schema_version()
    with ef.session() as s:
        event = s.scalars(select(Event)).one()
        sectors = s.scalars(select(Sector).order_by(Sector.position, Sector.id)).all()
        organisations = s.scalars(select(Organisation).order_by(Organisation.id)).all()
        topics = s.scalars(select(Topic).order_by(Topic.position, Topic.id)).all()
        tables = s.scalars(select(EventTable).order_by(EventTable.number)).all()
        attendees = s.scalars(select(Attendee).options(selectinload(Attendee.topic_choices))
                              .order_by(Attendee.id)).all()
        pairs = s.scalars(select(AttendeePair).order_by(AttendeePair.id)).all()
        rounds = s.scalars(select(Round).order_by(Round.number)).all()
        seats = s.scalars(select(SeatAssignment)).all()
        results = s.scalars(select(TableResult).options(
            selectinload(TableResult.ideas).selectinload(Idea.updates))).all()
        codes = s.scalars(select(TeamCode).order_by(TeamCode.id)).all()
        agenda = s.scalars(select(AgendaItem).order_by(AgendaItem.position, AgendaItem.id)).all()

        sector_name = {sector.id: sector.name for sector in sectors}
        table_number = {table.id: table.number for table in tables}
        round_number = {rnd.id: rnd.number for rnd in rounds}
        # Anonymised, people get a fresh random pseudonym per export: a registration id
        # leads back to the ticket shop's order (with the name), and ids made from name and
        # e-mail can be confirmed by anyone who knows both.
        reg_id = (dict(zip((a.id for a in attendees), _pseudonyms(len(attendees)))) if anonymize
                  else {a.id: a.registration_id for a in attendees})
        names = {reg_id[a.id]: reg_id[a.id] if anonymize else a.full_name for a in attendees}
        hosts_of: dict[int, list[str]] = {}
        for a in attendees:
            if a.pinned_table_id is not None:
                hosts_of.setdefault(a.pinned_table_id, []).append(reg_id[a.id])

        def person(text: str) -> str:
            return "" if anonymize else text

        snapshot = _Snapshot(
            schema_version=schema_version,
            anonymized=anonymize,
            event={
                "title": event.title,
                "timezone": event.timezone or _laptop_zone(),
                "date": event.event_date,
                "venue": event.venue,
                "follow_up_date": event.follow_up_date,
                "follow_up_effective": event.follow_up_effective,
                "follow_up_url": event.follow_up_url,
                "colour": event.colour,
                "sheet_names": event.sheet_names,
                "language": event.language,
                "created_at": event.created_at,
                "personal_data_removed_at": event.personal_data_removed_at,
            },
            sectors=[{"name": x.name, "colour": x.colour, "position": x.position}
                     for x in sectors],
            organisations=[{"id": o.id} if anonymize else {"id": o.id, "name": o.name}
                           for o in organisations],
            topics=[{"id": t.id, "title": t.title, "problem_statement": t.problem_statement,
                     "position": t.position, "created_at": t.created_at} for t in topics],
            tables=[{"number": t.number, "name": t.name, "capacity": t.capacity,
                     "topic_id": t.topic_id, "hosts": hosts_of.get(t.id, [])} for t in tables],
            attendees=[{
                "registration_id": reg_id[a.id],
                "title": person(a.title),
                "first_name": person(a.first_name),
                "last_name": person(a.last_name),
                "email": person(a.email),
                "organisation_id": a.organisation_id,
                "sector": sector_name.get(a.sector_id) if a.sector_id else None,
                "role": _enum_value(a.role),
                "host_volunteer": a.host_volunteer,
                "pinned_table": table_number.get(a.pinned_table_id) if a.pinned_table_id else None,
                "arrived_at": a.arrived_at,
                "absent": a.absent,
                "walk_in": a.walk_in,
                "comment": person(a.comment),
                "topic_choices": [{"rank": c.rank, "topic_id": c.topic_id}
                                  for c in a.topic_choices],
                "created_at": a.created_at,
                "updated_at": a.updated_at,
            } for a in attendees],
            pairs=[{"first": reg_id[p.first_id], "second": reg_id[p.second_id],
                    "kind": _enum_value(p.kind)} for p in pairs],
            rounds=[{"number": r.number, "title": r.title, "plan_seed": r.plan_seed,
                     "plan_strategy": r.plan_strategy, "planned_at": r.planned_at,
                     "started_at": r.started_at} for r in rounds],
            assignments=sorted(
                ({"round": round_number[x.round_id], "table": table_number[x.table_id],
                  "attendee": reg_id[x.attendee_id], "locked": x.locked} for x in seats),
                key=lambda x: (x["round"], x["table"], names[x["attendee"]].casefold(),
                               x["attendee"])),
            results=sorted(({
                "round": round_number[r.round_id],
                "table": table_number[r.table_id],
                "topic_id": r.topic_id,
                "problem_statement": r.problem_statement,
                "results": r.results,
                "updated_at": r.updated_at,
                "ideas": [{
                    "position": i.position,
                    "title": i.title,
                    "description": i.description,
                    "owner": person(i.owner),
                    "next_step": i.next_step,
                    "support_needed": i.support_needed,
                    "status": _enum_value(i.status),
                    "progress": i.progress,
                    "notes": i.notes,
                    "updated_at": i.updated_at,
                    "updates": [{
                        "reported_on": u.reported_on,
                        "status": _enum_value(u.status),
                        "progress": u.progress,
                        "what_happened": u.what_happened,
                        "reported_by": person(u.reported_by),
                        "created_at": u.created_at,
                    } for u in i.updates],
                } for i in r.ideas],
            } for r in results), key=lambda r: (r["round"], r["table"])),
            team_codes=sorted(({
                "code": c.code,
                "table": table_number[c.table_id],
                "round": round_number.get(c.round_id) if c.round_id else None,
                "created_at": c.created_at,
            } for c in codes), key=lambda c: (c["round"] or 0, c["table"], c["code"])),
            agenda=[{
                "position": x.position,
                "title": x.title,
                "kind": _enum_value(x.kind),
                "planned_start": x.planned_start,
                "duration_seconds": x.duration_seconds,
                "round": round_number.get(x.round_id) if x.round_id else None,
                "wrap_up_seconds": x.wrap_up_seconds,
                "wrap_up_percent": x.wrap_up_percent,
                "danger_seconds": x.danger_seconds,
                "sound": x.sound,
                "actual_start": x.actual_start,
                "actual_end": x.actual_end,
                # Run-sheet notes mostly say who speaks.
                "notes": person(x.notes),
            } for x in agenda],
            names=names,
            org_names={} if anonymize else {o.id: o.name for o in organisations},
            topic_titles={t.id: t.title for t in topics},
        )
    return snapshot


# -- spreadsheet views -----------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    key: str  # CSV header: stable, for other tools
    label: str  # XLSX header: for people reading the workbook
    width: int = 14


@dataclass
class _Sheet:
    file_stem: str
    title: str
    columns: Sequence[_Column]
    rows: list[list[Value]]


_ATTENDEE_COLUMNS = (
    _Column("registration_id", "Registrierungs-ID", 14),
    _Column("title", "Titel", 8),
    _Column("first_name", "Vorname", 16),
    _Column("last_name", "Nachname", 18),
    _Column("email", "E-Mail", 32),
    _Column("organisation", "Organisation", 36),
    _Column("sector", "Sektor", 18),
    _Column("role", "Rolle", 12),
    _Column("host_volunteer", "Gastgeber:in (freiwillig)", 12),
    _Column("pinned_table", "Fester Tisch", 10),
    _Column("arrived_at", "Angekommen", 18),
    _Column("absent", "Abwesend", 10),
    _Column("walk_in", "Spontan dazugekommen", 10),
    _Column("topic_choices", "Themenwünsche", 48),
    _Column("comment", "Kommentar", 30),
)
_TABLE_COLUMNS = (
    _Column("number", "Tisch", 8),
    _Column("name", "Name", 22),
    _Column("capacity", "Plätze", 8),
    _Column("topic", "Thema", 40),
    _Column("problem_statement", "Problemstellung", 60),
    _Column("hosts", "Gastgeber:innen", 30),
)
_ASSIGNMENT_COLUMNS = (
    _Column("attendee_id", "Registrierungs-ID", 14),
    _Column("name", "Name", 28),
    _Column("round", "Runde", 8),
    _Column("table", "Tisch", 8),
)
_RESULT_COLUMNS = (
    _Column("round", "Runde", 8),
    _Column("table", "Tisch", 8),
    _Column("table_name", "Tischname", 22),
    _Column("topic", "Thema", 36),
    _Column("problem_statement", "Problemstellung", 60),
    _Column("results", "Ergebnisse", 80),
    _Column("team_code", "Team-Code", 30),
    _Column("updated_at", "Geändert", 18),
)
_TOPIC_COLUMNS = (
    _Column("position", "Nr.", 6),
    _Column("title", "Thema", 40),
    _Column("problem_statement", "Problemstellung", 60),
    _Column("tables", "Tische", 14),
    _Column("chosen_by", "Gewählt von", 10),
)
_FOLLOW_UP_COLUMNS = (
    _Column("round", "Runde", 8),
    _Column("table", "Tisch", 8),
    _Column("idea", "Nr.", 6),
    _Column("idea_title", "Idee", 36),
    _Column("reported_on", "Berichtet am", 12),
    _Column("status", "Status", 12),
    _Column("progress", "Fortschritt (%)", 10),
    _Column("what_happened", "Was ist passiert", 60),
    _Column("reported_by", "Berichtet von", 24),
    _Column("created_at", "Erfasst", 18),
)
_IDEA_COLUMNS = (
    _Column("round", "Runde", 8),
    _Column("table", "Tisch", 8),
    _Column("position", "Nr.", 6),
    _Column("title", "Idee", 36),
    _Column("description", "Beschreibung", 60),
    _Column("owner", "Verantwortlich", 24),
    _Column("next_step", "Nächster Schritt", 40),
    _Column("support_needed", "Benötigte Unterstützung", 40),
    _Column("status", "Status", 12),
    _Column("progress", "Fortschritt (%)", 10),
    _Column("notes", "Notizen", 40),
    _Column("updated_at", "Geändert", 18),
)


def _sheets(snap: _Snapshot) -> list[_Sheet]:
    topic_title = snap.topic_titles
    problem = {t["id"]: t["problem_statement"] for t in snap.topics}
    tables = {t["number"]: t for t in snap.tables}

    def people(reg_ids: list[str]) -> str:
        return ", ".join(snap.names.get(r, r) for r in reg_ids)

    attendees = sorted(
        snap.attendees,
        key=lambda a: (a["registration_id"],) if snap.anonymized else (
            a["last_name"].casefold(), a["first_name"].casefold(), a["registration_id"]))
    attendee_rows: list[list[Value]] = [[
        a["registration_id"], a["title"], a["first_name"], a["last_name"], a["email"],
        snap.org_names.get(a["organisation_id"], "") if a["organisation_id"] else "",
        a["sector"] or "", a["role"], a["host_volunteer"], a["pinned_table"], a["arrived_at"],
        a["absent"], a["walk_in"],
        " | ".join(f"{c['rank']}. {topic_title.get(c['topic_id'], '')}"
                   for c in a["topic_choices"]),
        a["comment"],
    ] for a in attendees]

    table_rows: list[list[Value]] = [[
        t["number"], t["name"], t["capacity"],
        topic_title.get(t["topic_id"], "") if t["topic_id"] else "",
        problem.get(t["topic_id"], "") if t["topic_id"] else "", people(t["hosts"]),
    ] for t in snap.tables]

    assignment_rows: list[list[Value]] = [[
        x["attendee"], snap.names.get(x["attendee"], x["attendee"]), x["round"], x["table"],
    ] for x in snap.assignments]

    chosen: dict[int, int] = {}
    for a in snap.attendees:
        for c in a["topic_choices"]:
            chosen[c["topic_id"]] = chosen.get(c["topic_id"], 0) + 1
    topic_rows: list[list[Value]] = [[
        t["position"] + 1, t["title"], t["problem_statement"],
        ", ".join(str(x["number"]) for x in snap.tables if x["topic_id"] == t["id"]),
        chosen.get(t["id"], 0),
    ] for t in snap.topics]

    codes = {(c["round"], c["table"]): c["code"] for c in snap.team_codes}
    result_rows: list[list[Value]] = []
    idea_rows: list[list[Value]] = []
    follow_up_rows: list[list[Value]] = []
    for r in snap.results:
        result_rows.append([
            r["round"], r["table"], tables[r["table"]]["name"] if r["table"] in tables else "",
            topic_title.get(r["topic_id"], "") if r["topic_id"] else "",
            r["problem_statement"], r["results"],
            codes.get((r["round"], r["table"]), codes.get((None, r["table"]), "")),
            r["updated_at"],
        ])
        for number, i in enumerate(r["ideas"], start=1):
            idea_rows.append([
                r["round"], r["table"], number, i["title"], i["description"], i["owner"],
                i["next_step"], i["support_needed"], i["status"], i["progress"], i["notes"],
                i["updated_at"],
            ])
            follow_up_rows += [[
                r["round"], r["table"], number, i["title"], u["reported_on"], u["status"],
                u["progress"], u["what_happened"], u["reported_by"], u["created_at"],
            ] for u in i["updates"]]

    # Stored in UTC; the spreadsheet shows wall-clock time in the event's own zone (named
    # in the JSON export), whatever zone the exporting laptop is set to.
    zone_name = snap.event.get("timezone")
    for rows in (attendee_rows, table_rows, assignment_rows, result_rows, idea_rows, topic_rows,
                 follow_up_rows):
        for row in rows:
            for index, value in enumerate(row):
                if isinstance(value, datetime):
                    row[index] = timezones.local_naive(value, zone_name)
    return [
        _Sheet("attendees", "Teilnehmende", _ATTENDEE_COLUMNS, attendee_rows),
        _Sheet("tables", "Tische", _TABLE_COLUMNS, table_rows),
        _Sheet("assignments", "Sitzplan", _ASSIGNMENT_COLUMNS, assignment_rows),
        _Sheet("results", "Ergebnisse", _RESULT_COLUMNS, result_rows),
        _Sheet("ideas", "Ideen", _IDEA_COLUMNS, idea_rows),
        _Sheet("topics", "Themen", _TOPIC_COLUMNS, topic_rows),
        _Sheet("follow_up", "100-Tage-Check-in", _FOLLOW_UP_COLUMNS, follow_up_rows),
    ]


def _laptop_zone() -> str:
    return timezones.laptop_zone_name()


def _local(moment: datetime) -> datetime:
    # _sheets already turned every time into the event's wall-clock time (naive).
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezones.zone(None)).replace(tzinfo=None)


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


# -- writing safely --------------------------------------------------------------------


def _check_target(ef: EventFile, target: Path) -> None:
    if target.is_dir():
        raise EventFileError("export_target_is_folder", path=str(target))
    if ef.path is not None and target.resolve() == ef.path.resolve():
        raise EventFileError("export_over_source", path=str(target))


# -- CSV -------------------------------------------------------------------------------


CSV_FILES = ("attendees.csv", "tables.csv", "assignments.csv", "results.csv", "ideas.csv",
             "topics.csv", "follow_up.csv")
# ';' is what German Excel splits on; ',' for other spreadsheet programs and tools.
CSV_DELIMITERS = (";", ",", "\t")


def _write_csv(sheet: _Sheet, delimiter: str = ";") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        # BOM + ';' + CRLF is what German Excel opens correctly on a double-click.
        with open(path, "w", encoding="utf-8-sig", errors="replace", newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n",
                                quoting=csv.QUOTE_MINIMAL)
            writer.writerow([neutralise(c.key) for c in sheet.columns])
            writer.writerows([_csv_text(v) for v in row] for row in sheet.rows)
    return write


def export_csv(source: Source, out_dir: str | os.PathLike[str], *,
               anonymize: bool = False, delimiter: str = ";") -> list[Path]:
    """Write attendees, tables, assignments, results, ideas, topics and the check-in
    reports (follow_up) as CSV files into ``out_dir``, separated by ``delimiter``.

    All files are written completely before any of them replaces an existing file.
    Returns the paths written.
    """
    if delimiter not in CSV_DELIMITERS:
        raise ValueError(f"delimiter must be one of {CSV_DELIMITERS!r}, not {delimiter!r}")
    out_dir = Path(out_dir)
    with _opened(source) as ef:
        if out_dir.exists() and not out_dir.is_dir():
            raise EventFileError("export_folder_is_file", path=str(out_dir))
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise not_writable(out_dir, exc) from exc
        sheets = _sheets(_load(ef, anonymize))
        staged: list[tuple[Path, Path]] = []
        try:
            for sheet in sheets:
                target = out_dir / f"{sheet.file_stem}.csv"
                _check_target(ef, target)
                staged.append((stage(target, _write_csv(sheet, delimiter)), target))
        except BaseException:
            for tmp, _target in staged:
                tmp.unlink(missing_ok=True)
            raise
        commit(staged)
    log.info("exported CSV to %s", out_dir)
    return [target for _tmp, target in staged]


# -- XLSX ------------------------------------------------------------------------------


def _xlsx_value(value: Value) -> Value:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, datetime):
        return _local(value)
    if value == "":
        return None  # an empty cell rather than an empty text
    if isinstance(value, str):
        # Control characters are not allowed in the sheet XML; openpyxl would refuse them.
        # No apostrophe: the cell is written as text (data_type "s"), which is never run.
        # XML reads a bare CR back as LF anyway; say so here rather than by surprise.
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))
        return text[:XLSX_MAX_CELL]
    return value


def _write_xlsx(sheets: list[_Sheet]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        bold = Font(bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet in sheets:
            ws = workbook.create_sheet(sheet.title)
            for col, column in enumerate(sheet.columns, start=1):
                cell = ws.cell(row=1, column=col)
                cell.value = _xlsx_value(column.label)
                cell.data_type = "s"
                cell.font = bold
                ws.column_dimensions[get_column_letter(col)].width = column.width
            for r, row in enumerate(sheet.rows, start=2):
                for col, raw in enumerate(row, start=1):
                    value = _xlsx_value(raw)
                    cell = ws.cell(row=r, column=col)
                    cell.value = value
                    if isinstance(value, str):
                        # openpyxl guesses a formula from a leading '='; a text cell
                        # keeps "=Rathaus" or "+49 30 1234" as typed and is never evaluated.
                        cell.data_type = "s"
                        if len(value) > 60:
                            cell.alignment = wrap
                    elif isinstance(value, datetime):
                        cell.number_format = "yyyy-mm-dd hh:mm"
                    elif isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
            ws.freeze_panes = "A2"
            if sheet.rows:
                ws.auto_filter.ref = ws.dimensions
        workbook.save(path)
    return write


def export_xlsx(source: Source, out_path: str | os.PathLike[str], *,
                anonymize: bool = False) -> Path:
    """Write one workbook with the sheets Teilnehmende, Tische, Sitzplan, Ergebnisse, Ideen,
    Themen and 100-Tage-Check-in."""
    out_path = Path(out_path)
    with _opened(source) as ef:
        _check_target(ef, out_path)
        sheets = _sheets(_load(ef, anonymize))
        commit([(stage(out_path, _write_xlsx(sheets)), out_path)])
    log.info("exported XLSX to %s", out_path)
    return out_path


# -- JSON ------------------------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def event_document(source: Source, *, anonymize: bool = False) -> dict[str, Any]:
    """The whole event as one JSON-ready dictionary (dates as ISO text)."""
    from gdb_facilitator.core.services.scans import scans_document

    with _opened(source) as ef:
        snap = _load(ef, anonymize)
        exported_at = ef.clock.now_utc()
        with ef.session() as s:
            # each scanned page (the images are in the SQLite export)
            scans = scans_document(s)
    doc = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "schema_version": snap.schema_version,
        "exported_at": exported_at,
        "anonymized": snap.anonymized,
        "event": snap.event,
        "sectors": snap.sectors,
        "organisations": snap.organisations,
        "topics": snap.topics,
        "tables": snap.tables,
        "attendees": snap.attendees,
        "pairs": snap.pairs,
        "rounds": snap.rounds,
        "assignments": snap.assignments,
        "results": snap.results,
        "team_codes": snap.team_codes,
        "agenda": snap.agenda,
        "scans": scans,
    }
    # One round trip turns dates into text, so callers get plain JSON values.
    return json.loads(json.dumps(doc, default=_json_default))


def export_json(source: Source, out_path: str | os.PathLike[str], *,
                anonymize: bool = False) -> Path:
    """Write the whole event as one JSON document (UTF-8, readable umlauts, stable order)."""
    out_path = Path(out_path)
    with _opened(source) as ef:
        _check_target(ef, out_path)
        doc = event_document(ef, anonymize=anonymize)

        def write(path: Path) -> None:
            with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
                json.dump(doc, fh, ensure_ascii=False, indent=2)
                fh.write("\n")

        commit([(stage(out_path, write), out_path)])
    log.info("exported JSON to %s", out_path)
    return out_path


# -- SQLite ----------------------------------------------------------------------------


def export_sqlite(source: Source, out_path: str | os.PathLike[str]) -> Path:
    """A consistent, integrity-checked copy of the event file (see ``EventFile.copy_to``)."""
    out_path = Path(out_path)
    with _opened(source) as ef:
        _check_target(ef, out_path)
        written = ef.copy_to(out_path)
    log.info("exported a copy of the event to %s", out_path)
    return written
