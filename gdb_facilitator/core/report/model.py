"""What the documentation report and the invitations show, read in one unit of work each.

The layout code never touches the database (ARCHITECTURE: no ORM queries in PDF code);
these frozen view-models are all it gets. Names of people never enter them: the report is
meant to be handed on, and the team sizes and sector mix say what the day needs to say.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from gdb_facilitator.core import timezones
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    Event,
    EventTable,
    Idea,
    IdeaStatus,
    Round,
    SeatAssignment,
    Sector,
    TableResult,
    TeamCode,
    Topic,
)
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services.codes import ensure_codes_in
from gdb_facilitator.core.services.follow_up import FollowUpSummary, summary
from gdb_facilitator.core.sheets.qr import qr_payload


@dataclass(frozen=True)
class ReportEvent:
    title: str
    event_date: date | None
    venue: str
    colour: str
    follow_up_date: date | None
    personal_data_removed_on: date | None


@dataclass(frozen=True)
class SectorCount:
    name: str  # "" = no sector
    colour: str
    count: int


@dataclass(frozen=True)
class ReportIdea:
    number: int
    title: str
    description: str
    owner: str
    next_step: str
    status: IdeaStatus
    progress: int
    notes: str  # what happened, from the latest report
    last_reported_on: date | None


@dataclass(frozen=True)
class ReportTeam:
    """A table in one round."""

    round_number: int
    round_title: str
    topic: str
    problem_statement: str
    results: str
    ideas: tuple[ReportIdea, ...]
    people: int
    sectors: int


@dataclass(frozen=True)
class ReportTable:
    number: int
    name: str
    topic: str
    teams: tuple[ReportTeam, ...]
    scans: tuple[bytes, ...] = ()  # its scanned worksheets (JPEG), when the report includes them


@dataclass(frozen=True)
class ReportTopic:
    title: str
    problem_statement: str
    tables: tuple[int, ...]


@dataclass(frozen=True)
class ReportData:
    event: ReportEvent
    created_on: date
    attended: int
    checked_in_basis: bool  # True: counted by check-in; False: everybody registered and not absent
    sectors: tuple[SectorCount, ...]
    table_count: int
    round_count: int
    topics: tuple[ReportTopic, ...]
    idea_count: int
    tables: tuple[ReportTable, ...]
    follow_up: FollowUpSummary
    any_reports: bool  # at least one idea has a check-in report
    last_report_on: date | None = None


def _event(s) -> Event:
    return s.scalars(select(Event)).one()


def _report_event(event: Event) -> ReportEvent:
    removed = event.personal_data_removed_at
    return ReportEvent(event.title or "", event.event_date, event.venue or "", event.colour or "",
                       event.follow_up_effective, timezones.local(removed, event.timezone).date() if removed else None)


def build_report_data(ef: EventFile, *, include_scans: bool = False) -> ReportData:
    """The whole conference for the documentation, in a dozen queries."""
    follow = summary(ef)
    scanned: dict[int, list[bytes]] = defaultdict(list)
    if include_scans:
        from gdb_facilitator.core.services.scans import images_by_team

        for (table_number, _round), images in images_by_team(ef).items():
            scanned[table_number] += images
    with ef.session() as s:
        event = _event(s)
        sectors = list(s.scalars(select(Sector).order_by(Sector.position, Sector.id)))
        arrived = s.scalar(select(func.count(Attendee.id)).where(Attendee.arrived_at.is_not(None))) or 0
        counted = select(Attendee.sector_id, func.count(Attendee.id)).group_by(Attendee.sector_id)
        counted = counted.where(Attendee.arrived_at.is_not(None)) if arrived else counted.where(
            Attendee.absent.is_(False))
        per_sector = dict(s.execute(counted).all())
        sector_rows = [SectorCount(x.name, x.colour, per_sector.get(x.id, 0)) for x in sectors]
        if per_sector.get(None):
            sector_rows.append(SectorCount("", "#999999", per_sector[None]))
        tables = list(s.scalars(select(EventTable).order_by(EventTable.number)))
        rounds = {r.id: r for r in s.scalars(select(Round))}
        topics = list(s.scalars(select(Topic).order_by(Topic.position, Topic.id)))
        topic_by_id = {t.id: t for t in topics}
        results = list(s.scalars(select(TableResult).options(
            selectinload(TableResult.ideas).selectinload(Idea.updates))))
        sector_of = dict(s.execute(select(Attendee.id, Attendee.sector_id)).all())
        seated: dict[tuple[int, int], list[int]] = defaultdict(list)
        for round_id, table_id, attendee_id in s.execute(
                select(SeatAssignment.round_id, SeatAssignment.table_id, SeatAssignment.attendee_id)):
            seated[(table_id, round_id)].append(attendee_id)

        by_table: dict[int, list[ReportTeam]] = defaultdict(list)
        idea_count = 0
        any_reports = False
        last_report_on: date | None = None
        for r in sorted(results, key=lambda r: rounds[r.round_id].number):
            table = next(t for t in tables if t.id == r.table_id)
            topic = topic_by_id.get(r.topic_id or table.topic_id or -1)
            ideas = []
            for number, i in enumerate(sorted(r.ideas, key=lambda i: (i.position, i.id)), start=1):
                last = max((u.reported_on for u in i.updates), default=None)
                any_reports = any_reports or bool(i.updates)
                if last and (last_report_on is None or last > last_report_on):
                    last_report_on = last
                ideas.append(ReportIdea(number, i.title or "", i.description or "", i.owner or "",
                                        i.next_step or "", i.status, int(i.progress or 0), i.notes or "", last))
            idea_count += len(ideas)
            people = seated.get((r.table_id, r.round_id), [])
            mix = {sector_of.get(p) for p in people} - {None}
            by_table[r.table_id].append(ReportTeam(
                rounds[r.round_id].number, rounds[r.round_id].title or "", topic.title if topic else "",
                (r.problem_statement or "").strip() or (topic.problem_statement if topic else ""),
                r.results or "", tuple(ideas), len(people), len(mix)))
        report_tables = tuple(
            ReportTable(t.number, t.name or "", topic_by_id[t.topic_id].title if t.topic_id in topic_by_id else "",
                        tuple(by_table.get(t.id, ())), tuple(scanned.get(t.number, ()))) for t in tables)
        return ReportData(
            event=_report_event(event), created_on=timezones.today(ef.clock.now_utc(), event.timezone),
            attended=sum(x.count for x in sector_rows), checked_in_basis=bool(arrived),
            sectors=tuple(sector_rows), table_count=len(tables), round_count=len(rounds),
            topics=tuple(ReportTopic(t.title, t.problem_statement or "",
                                     tuple(x.number for x in tables if x.topic_id == t.id)) for t in topics),
            idea_count=idea_count, tables=report_tables, follow_up=follow, any_reports=any_reports,
            last_report_on=last_report_on)


# -- invitations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    table_number: int
    table_name: str
    round_number: int | None
    topic: str
    ideas: tuple[str, ...]  # titles
    code: str
    qr_payload: str


@dataclass(frozen=True)
class InvitationData:
    event: ReportEvent
    invitations: tuple[Invitation, ...]


def build_invitations(ef: EventFile) -> InvitationData:
    """One invitation per team that recorded a result or ideas, with its code.

    Missing codes are created and stored, as for the result sheets; a read-only event
    without them raises ``team_codes_missing``.
    """
    with ef.session() as s:
        event = _event(s)
        tables = {t.id: t for t in s.scalars(select(EventTable))}
        rounds = {r.id: r for r in s.scalars(select(Round))}
        topics = dict(s.execute(select(Topic.id, Topic.title)).all())
        results = [r for r in s.scalars(select(TableResult).options(selectinload(TableResult.ideas)))
                   if r.ideas or (r.results or "").strip()]
        codes: dict[tuple[int, int | None], str] = {}
        for table_id, round_id, code in s.execute(
                select(TeamCode.table_id, TeamCode.round_id, TeamCode.code).order_by(TeamCode.id)):
            codes.setdefault((table_id, round_id), code)
        missing = [(r.table_id, r.round_id) for r in results
                   if (r.table_id, r.round_id) not in codes and (r.table_id, None) not in codes]
        if missing:
            if ef.readonly:
                raise DomainError("team_codes_missing")
            codes.update(ensure_codes_in(s, ef.clock.now_utc(), missing))
        out = []
        for r in sorted(results, key=lambda r: (rounds[r.round_id].number, tables[r.table_id].number)):
            table = tables[r.table_id]
            code = codes.get((r.table_id, r.round_id)) or codes[(r.table_id, None)]
            topic_id = r.topic_id or table.topic_id
            out.append(Invitation(
                table.number, table.name or "", rounds[r.round_id].number if len(rounds) > 1 else None,
                topics.get(topic_id, "") if topic_id else "",
                tuple(i.title or "" for i in sorted(r.ideas, key=lambda i: (i.position, i.id))),
                code, qr_payload(code, event.follow_up_url or "")))
        return InvitationData(_report_event(event), tuple(out))


__all__ = ["Invitation", "InvitationData", "ReportData", "ReportEvent", "ReportIdea", "ReportTable",
           "ReportTeam", "ReportTopic", "SectorCount", "build_invitations", "build_report_data"]
