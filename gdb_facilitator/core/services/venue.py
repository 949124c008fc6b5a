"""What participants' phones may read and write over the venue network.

Everything here is called with input from a phone, which is hostile until checked: the
functions take plain strings, check lengths, and return only what the caller is allowed
to show. A table's page is reached with its team code (the key printed on its sheets);
"where do I sit" answers only a search that matches at most :data:`MAX_MATCHES` people,
so the list of participants cannot be read out by searching for single letters.

Which device wrote what is logged in the event (``DeviceWrite``), including every text
a conflict refused, so nothing typed on a phone is ever lost.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    DeviceWrite,
    Event,
    EventTable,
    Role,
    Round,
    SeatAssignment,
    TableResult,
    TeamCode,
    Topic,
)
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import results
from gdb_facilitator.core.services.codes import code_from_input
from gdb_facilitator.core.services.results import ResultDTO
from gdb_facilitator.core.text import fold

log = logging.getLogger(__name__)

MIN_QUERY = 3
MAX_QUERY = 60
MAX_MATCHES = 5
MAX_DETAIL = 20000


@dataclass(frozen=True)
class TeamPage:
    """A table in a round, as its host's phone shows it."""

    code: str
    table_id: int
    table_number: int
    table_name: str
    round_number: int
    result: ResultDTO
    topics: tuple[tuple[int, str], ...]  # every topic of the event (id, title)
    event_title: str


@dataclass(frozen=True)
class Seat:
    round_number: int
    round_title: str
    table_number: int
    table_name: str
    topic: str
    host: str


@dataclass(frozen=True)
class SeatFinding:
    name: str
    seats: tuple[Seat, ...]


@dataclass(frozen=True)
class SeatSearch:
    query_ok: bool  # long enough to search at all
    too_many: bool  # more than MAX_MATCHES people match: type more letters
    found: tuple[SeatFinding, ...]


@dataclass(frozen=True)
class DeviceWriteRow:
    at: object
    device: str
    address: str
    agent: str
    action: str
    target: str
    detail: str


def _team_round(s, code_row: TeamCode) -> int:
    if code_row.round_id is not None:
        number = s.scalar(select(Round.number).where(Round.id == code_row.round_id))
        if number is not None:
            return int(number)
    # A code made before any round existed: the table in the first round.
    return int(s.scalar(select(Round.number).order_by(Round.number)) or 1)


def team_for_code(ef: EventFile, typed: str) -> tuple[str, int, int, int] | None:
    """(code, table id, round number, table number) for a team code from a phone, or None."""
    code = code_from_input(typed or "")
    if code is None:
        return None
    with ef.session() as s:
        row = s.scalar(select(TeamCode).where(TeamCode.code == code))
        if row is None:
            return None
        number = s.scalar(select(EventTable.number).where(EventTable.id == row.table_id))
        return code, row.table_id, _team_round(s, row), int(number or 0)


def team_page(ef: EventFile, typed: str) -> TeamPage | None:
    found = team_for_code(ef, typed)
    if found is None:
        return None
    code, table_id, round_number, _number = found
    result = results.get_result(ef, table_id, round_number)
    with ef.session() as s:
        topics = tuple((i, t) for i, t in s.execute(select(Topic.id, Topic.title).order_by(Topic.position, Topic.id)))
        title = s.scalar(select(Event.title)) or ""
    return TeamPage(code, table_id, result.table_number, result.table_name, round_number, result, topics, title)


def find_seats(ef: EventFile, query: str) -> SeatSearch:
    """The tables of the people whose name contains every word typed (case and accents
    do not count), in every round; nothing when more than MAX_MATCHES people match."""
    words = fold(" ".join(str(query or "")[:MAX_QUERY].split())).split()
    if sum(len(w) for w in words) < MIN_QUERY:
        return SeatSearch(False, False, ())
    with ef.session() as s:
        if s.scalar(select(Event.personal_data_removed_at)) is not None:
            return SeatSearch(True, False, ())
        people = [(aid, " ".join(p for p in (first or "", last or "") if p))
                  for aid, first, last in s.execute(
                      select(Attendee.id, Attendee.first_name, Attendee.last_name)
                      .where(Attendee.absent.is_(False)))]
        matches = [(aid, name) for aid, name in people if all(w in fold(name) for w in words)]
        if len(matches) > MAX_MATCHES:
            return SeatSearch(True, True, ())
        if not matches:
            return SeatSearch(True, False, ())
        ids = [aid for aid, _n in matches]
        rounds = {rid: (number, title or "") for rid, number, title in
                  s.execute(select(Round.id, Round.number, Round.title))}
        tables = {tid: (number, name or "", topic_id) for tid, number, name, topic_id in
                  s.execute(select(EventTable.id, EventTable.number, EventTable.name, EventTable.topic_id))}
        topic_titles = dict(s.execute(select(Topic.id, Topic.title)).all())
        round_topics = {(table_id, round_id): topic_id for table_id, round_id, topic_id in
                        s.execute(select(TableResult.table_id, TableResult.round_id, TableResult.topic_id))
                        if topic_id is not None}
        seats = list(s.execute(select(SeatAssignment.attendee_id, SeatAssignment.round_id, SeatAssignment.table_id)
                               .where(SeatAssignment.attendee_id.in_(ids))))
        wanted = {(r, t) for _a, r, t in seats}
        hosts: dict[tuple[int, int], list[str]] = {}
        if wanted:
            for round_id, table_id, first, last in s.execute(
                    select(SeatAssignment.round_id, SeatAssignment.table_id, Attendee.first_name, Attendee.last_name)
                    .join(Attendee, Attendee.id == SeatAssignment.attendee_id)
                    .where(Attendee.role == Role.HOST)):
                if (round_id, table_id) in wanted:
                    hosts.setdefault((round_id, table_id), []).append(
                        " ".join(p for p in (first or "", last or "") if p))
        by_person: dict[int, list[Seat]] = {}
        for aid, round_id, table_id in seats:
            number, round_title = rounds.get(round_id, (0, ""))
            t_number, t_name, standing = tables.get(table_id, (0, "", None))
            topic_id = round_topics.get((table_id, round_id), standing)
            by_person.setdefault(aid, []).append(Seat(
                number, round_title, t_number, t_name, topic_titles.get(topic_id, "") if topic_id else "",
                ", ".join(sorted(hosts.get((round_id, table_id), [])))))
        found = tuple(SeatFinding(name, tuple(sorted(by_person.get(aid, []), key=lambda x: x.round_number)))
                      for aid, name in sorted(matches, key=lambda m: fold(m[1])))
        return SeatSearch(True, False, found)


# -- the event PIN -----------------------------------------------------------------------------

PIN_RE = re.compile(r"^[0-9]{4,6}$")


def new_pin() -> str:
    return f"{secrets.randbelow(10_000):04d}"


def valid_pin(pin: str) -> bool:
    return bool(PIN_RE.match(pin or ""))


@dataclass(frozen=True)
class VenueAccess:
    pin: str
    secret: bytes  # signs the phones' cookies and form tokens


def venue_access(ef: EventFile) -> VenueAccess:
    """The event's PIN and cookie key, made (and kept in the event) the first time."""
    from gdb_facilitator.core.services.texts import lock_for_update

    with ef.session() as s:
        event = s.scalars(select(Event)).one()
        if not (valid_pin(event.venue_pin or "") and len(event.venue_secret or "") == 64):
            # Two servers of one team event starting at once must agree on one key.
            lock_for_update(event)
        if not valid_pin(event.venue_pin or ""):
            event.venue_pin = new_pin()
        if len(event.venue_secret or "") != 64:
            event.venue_secret = secrets.token_hex(32)
        return VenueAccess(event.venue_pin, bytes.fromhex(event.venue_secret))


def event_pin(ef: EventFile) -> str:
    """The PIN as stored now ("" before the venue server first ran)."""
    with ef.session() as s:
        return s.scalar(select(Event.venue_pin)) or ""


def set_event_pin(ef: EventFile, pin: str) -> str:
    """Change the event PIN (4 to 6 digits); phones signed in with the old one must type the new one."""
    pin = str(pin or "").strip()
    if not valid_pin(pin):
        raise ValidationError(field="venue_pin", detail="pin_digits")
    with ef.session() as s:
        s.scalars(select(Event)).one().venue_pin = pin
    return pin


# -- the log of writes from devices -----------------------------------------------------------


def log_device_write(ef: EventFile, *, device: str, address: str, agent: str, action: str,
                     target: str = "", detail: str = "") -> None:
    with ef.session() as s:
        s.add(DeviceWrite(at=ef.clock.now_utc(), device=device[:64], address=address[:64], agent=agent[:200],
                          action=action[:50], target=target[:200], detail=detail[:MAX_DETAIL]))


def log_device_writes(ef: EventFile, rows: list[dict[str, str]]) -> None:
    """Several log rows in one unit of work (one disk sync for a burst of saves)."""
    if not rows:
        return
    with ef.session() as s:
        now = ef.clock.now_utc()
        for row in rows:
            s.add(DeviceWrite(at=row.get("at") or now, device=row["device"][:64], address=row["address"][:64],
                              agent=row["agent"][:200], action=row["action"][:50], target=row["target"][:200],
                              detail=row["detail"][:MAX_DETAIL]))


def device_writes(ef: EventFile, limit: int = 200) -> list[DeviceWriteRow]:
    """The newest writes from devices first."""
    with ef.session() as s:
        return [DeviceWriteRow(w.at, w.device, w.address, w.agent, w.action, w.target, w.detail)
                for w in s.scalars(select(DeviceWrite).order_by(DeviceWrite.id.desc()).limit(limit))]


# -- the 100-day check-in from a team's phone -------------------------------------------------


@dataclass(frozen=True)
class CheckInIdea:
    idea: object  # follow_up.FollowUpIdea
    today: object | None  # the report made today (follow_up.UpdateDTO), edited instead of adding one


@dataclass(frozen=True)
class CheckInPage:
    team: object  # follow_up.TeamFollowUp
    ideas: tuple[CheckInIdea, ...]
    event_title: str


def check_in_page(ef: EventFile, typed: str) -> CheckInPage | None:
    """A team's ideas with their state, for its 100-day page; None for an unknown code.

    Shows no names: the team code opens the team's ideas, not the list of its members."""
    from gdb_facilitator.core.services import follow_up

    if code_from_input(typed or "") is None:
        return None
    try:
        team = follow_up.open_team(ef, typed)
    except DomainError:
        return None
    today = ef.clock.now_utc().astimezone().date()
    ideas = tuple(CheckInIdea(i, next((u for u in reversed(i.updates) if u.reported_on == today), None))
                  for i in team.ideas)
    with ef.session() as s:
        title = s.scalar(select(Event.title)) or ""
    return CheckInPage(team, ideas, title)


def save_check_in(ef: EventFile, typed: str, idea_id: int, *, status: str, progress: str, what_happened: str,
                  reported_by: str, expected_version: int | None) -> object:
    """Record (or, the same day, edit) a team's report on one of its own ideas."""
    from gdb_facilitator.core.services import follow_up

    page = check_in_page(ef, typed)
    if page is None:
        raise DomainError("team_code_unknown", typed=str(typed)[:60])
    mine = next((i for i in page.ideas if i.idea.id == idea_id), None)  # type: ignore[attr-defined]
    if mine is None:
        raise DomainError("idea_missing", id=idea_id)
    if mine.today is not None:
        return follow_up.edit_update(ef, mine.today.id, expected={"what_happened": expected_version},  # type: ignore[attr-defined]
                                     status=status, progress=progress, what_happened=what_happened,
                                     reported_by=reported_by)
    return follow_up.record_update(ef, idea_id, status=status, progress=progress, what_happened=what_happened,
                                   reported_by=reported_by)
