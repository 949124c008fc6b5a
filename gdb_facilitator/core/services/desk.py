"""The check-in desk: where each person sits now, finding a person by name or number, and
checking in with the seat to read out.

The Arrival page, the command line's ``check-in`` (and later scanners and phone pages) use
these functions, so they all say the same. Seating a person who has no seat is
:func:`gdb_facilitator.core.services.seating.seat_now`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    EventTable,
    Organisation,
    Round,
    SeatAssignment,
    Topic,
    plain,
)
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import attendees
from gdb_facilitator.core.services.attendees import AttendeeRow
from gdb_facilitator.core.services.event import event_timezone
from gdb_facilitator.core.text import fold

log = logging.getLogger(__name__)

MAX_CANDIDATES = 8


@dataclass(frozen=True)
class DeskSeat:
    """A person's table in the desk's round."""

    table_number: int
    table_name: str
    topic: str
    pinned: bool  # the host's own table, or a seat locked by hand
    planned: bool  # from the seating plan; False: only the host's table is known, no plan yet


@dataclass(frozen=True)
class DeskSeats:
    round_number: int  # the current round: the latest started one, before that round 1
    planned: bool  # the round has a seating plan (anybody seated)
    seats: Mapping[int, DeskSeat] = field(default_factory=dict)  # attendee id -> seat

    def seat(self, attendee_id: int) -> DeskSeat | None:
        return self.seats.get(attendee_id)


@dataclass(frozen=True)
class CheckInOutcome:
    row: AttendeeRow
    already: bool  # was checked in before: nothing changed
    round_number: int
    seat: DeskSeat | None
    planned: bool  # the round has a seating plan
    timezone: str = ""  # the event's, for the check-in time read out


def desk_seats(ef: EventFile) -> DeskSeats:
    """Everybody's table in the current round (the next one before the first has started).

    Hosts pinned to a table show it even before a plan exists.
    """
    # Plain table reads, no ORM: part of the first screen (see core/services/attendees.py).
    rnd, table, topic_t = plain(Round), plain(EventTable), plain(Topic)
    seat_t, a = plain(SeatAssignment), plain(Attendee)
    with ef.session() as s:
        rounds = s.execute(select(rnd.id, rnd.number, rnd.started_at).order_by(rnd.number)).all()
        started = [n for _i, n, at in rounds if at is not None]
        number = max(started) if started else 1
        round_id = next((i for i, n, _at in rounds if n == number), None)
        tables = {tid: (num, name or "", topic or "") for tid, num, name, topic in s.execute(
            select(table.id, table.number, table.name, topic_t.title)
            .select_from(EventTable.__table__)
            .outerjoin(Topic.__table__, table.topic_id == topic_t.id))}
        seats: dict[int, DeskSeat] = {}
        if round_id is not None:
            for aid, tid, locked, pinned_tid in s.execute(
                    select(seat_t.attendee_id, seat_t.table_id, seat_t.locked, a.pinned_table_id)
                    .select_from(SeatAssignment.__table__)
                    .join(Attendee.__table__, a.id == seat_t.attendee_id)
                    .where(seat_t.round_id == round_id)):
                num, name, topic = tables[tid]
                seats[aid] = DeskSeat(num, name, topic, bool(locked) or pinned_tid == tid, True)
        planned = bool(seats)
        for aid, pinned_tid in s.execute(select(a.id, a.pinned_table_id)
                                         .where(a.pinned_table_id.is_not(None))):
            if aid not in seats and pinned_tid in tables:
                num, name, topic = tables[pinned_tid]
                seats[aid] = DeskSeat(num, name, topic, True, False)
    return DeskSeats(number, planned, seats)


def _candidate(row: AttendeeRow) -> str:
    extra = ", ".join(p for p in (row.registration_id, row.organisation) if p)
    return f"{row.full_name} ({extra})" if extra else row.full_name


def find_attendees(ef: EventFile, query: str) -> list[AttendeeRow]:
    """The people ``query`` names: a registration number (exactly, any case), a record id
    ("#17"), or a name (accents and case do not matter; "Müller, Anna" and "anna muller"
    alike). An exact full name wins over people whose name merely contains the words."""
    text = " ".join(str(query).split())
    if not text:
        return []
    with ef.session() as s:
        by_number = s.scalars(select(Attendee.id).where(Attendee.registration_id == text)).all()
        if not by_number:
            key = text.casefold()
            by_number = [aid for aid, rid in s.execute(select(Attendee.id, Attendee.registration_id))
                         if (rid or "").casefold() == key]
        if not by_number and text.startswith("#") and text[1:].isdigit():
            by_number = s.scalars(select(Attendee.id).where(Attendee.id == int(text[1:]))).all()
        people = [] if by_number else s.execute(select(Attendee.id, Attendee.first_name, Attendee.last_name, Organisation.name)
                           .outerjoin(Organisation, Organisation.id == Attendee.organisation_id)).all()
    if by_number:
        return [attendees.get_attendee(ef, aid) for aid in by_number]
    words = fold(text.replace(",", " ")).split()
    exact, partial = [], []
    for aid, first, last, org in people:
        name = fold(f"{first or ''} {last or ''}").split()
        if sorted(name) == sorted(words):
            exact.append(aid)
        elif all(any(part.startswith(w) for part in name) or w in fold(org or "") for w in words):
            partial.append(aid)
    found = exact or partial
    return sorted((attendees.get_attendee(ef, aid) for aid in found),
                  key=lambda r: (fold(r.last_name), fold(r.first_name), r.id))


def find_one(ef: EventFile, query: str) -> AttendeeRow:
    """The one person ``query`` names; a clear DomainError naming the candidates otherwise."""
    found = find_attendees(ef, query)
    if not found:
        raise DomainError("check_in_no_match", query=query)
    if len(found) > 1:
        shown = "; ".join(_candidate(r) for r in found[:MAX_CANDIDATES])
        if len(found) > MAX_CANDIDATES:
            shown += "; …"
        raise DomainError("check_in_ambiguous", query=query, count=len(found), candidates=shown)
    return found[0]


def check_in(ef: EventFile, attendee_id: int) -> CheckInOutcome:
    """Check one person in (one transaction) and say where they sit.

    Checking in somebody who is already checked in (here or at another desk) changes nothing
    (``already``)."""
    row, changed = attendees.check_in_once(ef, attendee_id)
    return outcome(ef, row, already=not changed)


def outcome(ef: EventFile, row: AttendeeRow, *, already: bool = False) -> CheckInOutcome:
    seats = desk_seats(ef)
    return CheckInOutcome(row, already, seats.round_number, seats.seat(row.id), seats.planned,
                          event_timezone(ef))
