"""What the printed sheets show, read from the event file in one unit of work.

:func:`build_sheet_data` runs a fixed handful of queries (about ten, however large the
event) and returns frozen view-models; the layout code in :mod:`render` never touches the
database. The event's name setting ("full", "first", "none") is applied here, so a sheet
handed to a team cannot show more than the setting allows, whatever the layout does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    Attendee,
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
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services.codes import TeamKey, ensure_codes_in
from gdb_facilitator.core.sheets.qr import qr_payload
from gdb_facilitator.core.text import fold

# Which parts a kind prints, in print order. "lists" is the registration desk's pack.
KIND_PARTS: dict[str, tuple[str, ...]] = {
    "results": ("results",),
    "blank": ("blank",),
    "tents": ("tents",),
    "seating": ("seating",),
    "roster": ("roster",),
    "checkin": ("checkin",),
    "agenda": ("agenda",),
    "lists": ("seating", "roster", "checkin", "agenda"),
    "all": ("tents", "seating", "roster", "checkin", "agenda", "blank", "results"),
}
KINDS = tuple(KIND_PARTS)
NAME_MODES = ("full", "first", "none")

# The model's column lengths; SQLite does not enforce them, and a title that ran on for
# pages would not fit a header. Longer values are cut visibly ("…").
_SHORT = 300
_NAME = 200


def _cap(value: str | None, limit: int) -> str:
    value = (value or "").strip()
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class EventInfo:
    title: str
    event_date: date | None
    venue: str
    colour: str
    follow_up_date: date | None  # effective: the set date or event date + 100 days
    follow_up_url: str
    sheet_names: str


@dataclass(frozen=True)
class Member:
    first_name: str
    last_name: str = ""
    organisation: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class IdeaRow:
    title: str
    description: str
    owner: str
    next_step: str


@dataclass(frozen=True)
class TeamSheet:
    """One team (a table in a round): a result sheet, or a blank worksheet."""

    table_number: int
    table_name: str
    round_number: int | None
    round_title: str
    topic: str
    problem_statement: str
    results: str
    ideas: tuple[IdeaRow, ...]
    members: tuple[Member, ...]  # already reduced to what the name setting allows
    member_count: int
    code: str
    qr_payload: str
    # The table's page on the venue server (phones type the results there), when it runs.
    table_page_url: str = ""
    # The team's scanned worksheets (JPEG), printed after its result sheet when asked for.
    scans: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class Tent:
    table_number: int
    table_name: str
    topic: str
    code: str = ""  # the team code of the table in the round the tents are for
    table_page_url: str = ""  # the table's page on the venue server, when it runs


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    organisation: str
    sector: str

    @property
    def sort_name(self) -> str:
        return ", ".join(p for p in (self.last_name, self.first_name) if p)


@dataclass(frozen=True)
class SeatingTable:
    table_number: int
    table_name: str
    topic: str
    people: tuple[Person, ...]


@dataclass(frozen=True)
class SeatingRound:
    round_number: int | None
    round_title: str
    tables: tuple[SeatingTable, ...]


@dataclass(frozen=True)
class RosterRow:
    person: Person
    tables: tuple[int | None, ...]  # one per SheetData.roster_rounds


@dataclass(frozen=True)
class CheckinRow:
    person: Person
    arrived: bool


@dataclass(frozen=True)
class AgendaRow:
    planned_start: str
    duration_minutes: int
    title: str
    kind: str  # AgendaKind value
    notes: str


@dataclass(frozen=True)
class SheetData:
    kind: str
    event: EventInfo
    round_number: int | None
    teams: tuple[TeamSheet, ...] = ()
    worksheets: tuple[TeamSheet, ...] = ()
    tents: tuple[Tent, ...] = ()
    seating: tuple[SeatingRound, ...] = ()
    roster_rounds: tuple[int, ...] = ()
    roster: tuple[RosterRow, ...] = ()
    checkin: tuple[CheckinRow, ...] = ()
    agenda: tuple[AgendaRow, ...] = ()
    parts: tuple[str, ...] = field(default=())


def sort_key(last: str, first: str) -> tuple[str, str]:
    """Alphabetical as people expect on a list: accents and case do not move a name."""
    return fold(last or first), fold(first)


def table_page_url(venue_url: str, code: str) -> str:
    """The address of a table's page on the venue server (``/t/CODE``)."""
    return f"{venue_url.rstrip('/')}/t/{code}" if venue_url and code else ""


def build_sheet_data(ef: EventFile, *, kind: str, round_number: int | None = None,
                     venue_url: str = "", table_number: int | None = None,
                     include_scans: bool = False) -> SheetData:
    """Everything the sheets of ``kind`` show, for all rounds or the round ``round_number``.

    Result sheets and worksheets carry their team's follow-up code; missing codes are
    created and stored in the same unit of work (so a printed code always exists in the
    file). A read-only event file without the codes raises ``DomainError("team_codes_missing")``.
    """
    if kind not in KIND_PARTS:
        raise DomainError("sheet_kind_unknown", kind=kind, kinds=", ".join(KINDS))
    parts = KIND_PARTS[kind]
    scanned: dict[tuple[int, int | None], list[bytes]] = {}
    if include_scans and "results" in parts:
        from gdb_facilitator.core.services.scans import images_by_team

        scanned = images_by_team(ef)
    with ef.session() as s:
        event = s.scalars(select(Event).order_by(Event.id).limit(1)).one()
        info = EventInfo(
            title=_cap(event.title, _SHORT), event_date=event.event_date, venue=_cap(event.venue, _SHORT),
            colour=event.colour or "", follow_up_date=event.follow_up_effective,
            follow_up_url=(event.follow_up_url or "").strip(),
            sheet_names=event.sheet_names if event.sheet_names in NAME_MODES else "full")

        rounds = s.execute(select(Round.id, Round.number, Round.title).order_by(Round.number)).all()
        if round_number is not None:
            rounds = [r for r in rounds if r.number == round_number]
            if not rounds:
                raise DomainError("round_unknown", number=round_number)
        round_ids = [r.id for r in rounds]
        topics = {row.id: (row.title, row.problem_statement)
                  for row in s.execute(select(Topic.id, Topic.title, Topic.problem_statement))}
        tables = s.execute(select(EventTable.id, EventTable.number, EventTable.name, EventTable.topic_id)
                           .order_by(EventTable.number)).all()
        if table_number is not None:
            # One table's sheets: e.g. the moment its host says the table is done.
            tables = [t for t in tables if t.number == table_number]
            if not tables:
                raise DomainError("table_missing")

        need_people = bool({"results", "seating", "roster", "checkin"} & set(parts))
        people: dict[int, Person] = {}
        arrived: dict[int, bool] = {}
        absent: set[int] = set()
        if need_people:
            rows = s.execute(
                select(Attendee.id, Attendee.title, Attendee.first_name, Attendee.last_name,
                       Organisation.name, Sector.name, Attendee.arrived_at, Attendee.absent)
                .outerjoin(Organisation, Organisation.id == Attendee.organisation_id)
                .outerjoin(Sector, Sector.id == Attendee.sector_id))
            for aid, title, first, last, org, sector, arrived_at, is_absent in rows:
                first = _cap(" ".join(p for p in (title, first) if p), _NAME)
                people[aid] = Person(first, _cap(last, _NAME), _cap(org, _SHORT), _cap(sector, 100))
                arrived[aid] = arrived_at is not None
                if is_absent:
                    absent.add(aid)

        seats: dict[tuple[int, int], list[int]] = defaultdict(list)
        seat_of: dict[tuple[int, int], int] = {}
        if {"results", "seating", "roster"} & set(parts) and round_ids:
            for rid, tid, aid in s.execute(
                    select(SeatAssignment.round_id, SeatAssignment.table_id, SeatAssignment.attendee_id)
                    .where(SeatAssignment.round_id.in_(round_ids))):
                seats[(rid, tid)].append(aid)
                seat_of[(rid, aid)] = tid

        results: dict[tuple[int, int], tuple] = {}
        ideas: dict[int, list[IdeaRow]] = defaultdict(list)
        if "results" in parts and round_ids:
            for row in s.execute(
                    select(TableResult.id, TableResult.table_id, TableResult.round_id, TableResult.topic_id,
                           TableResult.problem_statement, TableResult.results)
                    .where(TableResult.round_id.in_(round_ids))):
                results[(row.round_id, row.table_id)] = row
            for rid, title, description, owner, next_step in s.execute(
                    select(Idea.result_id, Idea.title, Idea.description, Idea.owner, Idea.next_step)
                    .join(TableResult, TableResult.id == Idea.result_id)
                    .where(TableResult.round_id.in_(round_ids))
                    .order_by(Idea.result_id, Idea.position, Idea.id)):
                ideas[rid].append(IdeaRow(_cap(title, _SHORT), description or "", _cap(owner, _SHORT),
                                          next_step or ""))

        def topic_of(topic_id: int | None) -> tuple[str, str]:
            title, problem = topics.get(topic_id, ("", "")) if topic_id is not None else ("", "")
            return _cap(title, _SHORT), problem or ""

        round_keys: list[tuple[int | None, int | None, str]] = (
            [(r.id, r.number, _cap(r.title, _NAME)) for r in rounds] or [(None, None, "")])

        # Which teams get a sheet: every table for the worksheets; for results only the
        # tables where somebody sat or something was recorded.
        team_keys: dict[str, list[tuple]] = {"results": [], "blank": []}
        for rid, rnumber, rtitle in round_keys:
            for table in tables:
                key = (rid, table.id)
                if "blank" in parts:
                    team_keys["blank"].append((table, rid, rnumber, rtitle))
                if "results" in parts and (rid is None or key in seats or key in results):
                    team_keys["results"].append((table, rid, rnumber, rtitle))

        codes: dict[TeamKey, str] = {}
        wanted = [(t.id, rid) for part in ("results", "blank") for t, rid, _n, _t in team_keys[part]]
        # Tents stand for the whole day; with the venue server on they carry the table page
        # of the chosen round (or the first).
        tent_round = round_keys[0][0]
        if venue_url and "tents" in parts:
            wanted += [(t.id, tent_round) for t in tables]
        if wanted:
            if ef.readonly:
                for tid, rid, code in s.execute(select(TeamCode.table_id, TeamCode.round_id, TeamCode.code)):
                    codes.setdefault((tid, rid), code)
                if any(k not in codes for k in wanted):
                    raise DomainError("team_codes_missing")
            else:
                codes = ensure_codes_in(s, ef.clock.now_utc(), wanted)

        def team(table, rid, rnumber, rtitle, with_content: bool) -> TeamSheet:
            result = results.get((rid, table.id)) if with_content else None
            topic_title, problem = topic_of(result.topic_id if result and result.topic_id else table.topic_id)
            if result is not None and (result.problem_statement or "").strip():
                problem = result.problem_statement
            members: tuple[Member, ...] = ()
            count = 0
            if with_content:
                seated = sorted((people[a] for a in seats.get((rid, table.id), ()) if a in people),
                                key=lambda p: sort_key(p.last_name, p.first_name))
                count = len(seated)
                if info.sheet_names == "full":
                    members = tuple(Member(p.first_name, p.last_name, p.organisation) for p in seated)
                elif info.sheet_names == "first":
                    members = tuple(Member(p.first_name or p.last_name) for p in seated)
            code = codes[(table.id, rid)]
            return TeamSheet(
                table_number=table.number, table_name=_cap(table.name, _NAME), round_number=rnumber,
                round_title=rtitle, topic=topic_title, problem_statement=problem if with_content else "",
                results=(result.results or "") if result is not None else "",
                ideas=tuple(ideas.get(result.id, ())) if result is not None else (),
                members=members, member_count=count, code=code,
                qr_payload=qr_payload(code, info.follow_up_url),
                table_page_url=table_page_url(venue_url, code) if not with_content else "",
                scans=tuple(scanned.get((table.number, rnumber), []) + (
                    scanned.get((table.number, None), []) if rnumber is not None else [])) if with_content else ())

        teams = tuple(team(*k, with_content=True) for k in team_keys["results"])
        worksheets = tuple(team(*k, with_content=False) for k in team_keys["blank"])

        tents = ()
        if "tents" in parts:
            tents = tuple(Tent(t.number, _cap(t.name, _NAME), topic_of(t.topic_id)[0],
                               codes.get((t.id, tent_round), "") if venue_url else "",
                               table_page_url(venue_url, codes.get((t.id, tent_round), "")))
                          for t in tables)

        seating = ()
        if "seating" in parts:
            seating = tuple(
                SeatingRound(rnumber, rtitle, tuple(
                    SeatingTable(t.number, _cap(t.name, _NAME), topic_of(t.topic_id)[0], tuple(sorted(
                        (people[a] for a in seats.get((rid, t.id), ()) if a in people),
                        key=lambda p: sort_key(p.last_name, p.first_name))))
                    for t in tables if (rid, t.id) in seats))
                for rid, rnumber, rtitle in round_keys if rid is not None)

        number_of_table = {t.id: t.number for t in tables}
        roster_rounds: tuple[int, ...] = tuple(r.number for r in rounds)
        roster = ()
        if "roster" in parts:
            roster = tuple(
                RosterRow(people[aid], tuple(number_of_table.get(seat_of.get((rid, aid))) for rid in round_ids))
                for aid in sorted((a for a in people if a not in absent),
                                  key=lambda a: sort_key(people[a].last_name, people[a].first_name)))

        checkin = ()
        if "checkin" in parts:
            checkin = tuple(CheckinRow(people[aid], arrived[aid])
                            for aid in sorted(people, key=lambda a: sort_key(people[a].last_name,
                                                                              people[a].first_name)))

        agenda = ()
        if "agenda" in parts:
            agenda = tuple(
                AgendaRow(start or "", max(0, (seconds or 0) + 30) // 60, _cap(title, _SHORT),
                          kind.value if kind is not None else "", notes or "")
                for start, seconds, title, kind, notes in s.execute(
                    select(AgendaItem.planned_start, AgendaItem.duration_seconds, AgendaItem.title,
                           AgendaItem.kind, AgendaItem.notes)
                    .order_by(AgendaItem.position, AgendaItem.id)))

    return SheetData(kind=kind, event=info, round_number=round_number, teams=teams, worksheets=worksheets,
                     tents=tents, seating=seating, roster_rounds=roster_rounds, roster=roster,
                     checkin=checkin, agenda=agenda, parts=parts)
