"""Attendees: list, edit, check in, walk-ins, delete and restore.

Every public function is one unit of work (one ``with ef.session()``), so every edit is
committed the moment it returns. ORM objects stay in here; callers get frozen
:class:`AttendeeRow` snapshots or plain dataclasses.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    Organisation,
    Role,
    SeatAssignment,
    Sector,
    TopicChoice,
    plain,
)
from gdb_facilitator.core.errors import DomainError, ValidationError

log = logging.getLogger(__name__)

WALK_IN_PREFIX = "W-"
# A pragmatic shape check: one @, something on both sides, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_LEN = {"first_name": 200, "last_name": 200, "title": 50, "email": 300, "organisation": 300}

EDITABLE_FIELDS = frozenset({
    "first_name", "last_name", "title", "email", "organisation", "sector", "role",
    "host_volunteer", "pinned_table", "comment", "arrived_at", "absent",
})


@dataclass(frozen=True)
class AttendeeRow:
    id: int
    registration_id: str
    first_name: str
    last_name: str
    title: str
    email: str
    organisation: str
    sector: str  # sector name, "" when none
    sector_colour: str  # "#RRGGBB", "" when no sector
    role: Role
    host_volunteer: bool
    pinned_table: int | None  # table number
    arrived_at: datetime | None
    absent: bool
    walk_in: bool
    comment: str
    checked_in_by: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def arrived(self) -> bool:
        return self.arrived_at is not None


@dataclass(frozen=True)
class SectorInfo:
    id: int
    name: str
    colour: str


@dataclass(frozen=True)
class SectorCount:
    """Attendees of one sector; ``name`` is "" for people without a sector."""

    name: str
    colour: str
    registered: int
    checked_in: int
    absent: int


@dataclass(frozen=True)
class AttendeeSnapshot:
    """Everything a deleted attendee had, so that undo can put them back with the same id."""

    columns: dict[str, Any]
    topic_choices: tuple[tuple[int, int], ...] = ()  # (rank, topic_id)
    seats: tuple[dict[str, Any], ...] = ()
    pairs: tuple[tuple[int, int, str], ...] = ()  # (first_id, second_id, kind value)
    row: AttendeeRow | None = field(default=None, compare=False)


def normalise_key(name: str) -> str:
    """The Organisation.name_key of ``name``: casefolded, whitespace collapsed."""
    return " ".join(name.split()).casefold()


# -- reading -------------------------------------------------------------------------

# The reads of the first screen (the Arrival list, its counts and tables, the event's
# name and zone) select from the tables (plain(...)) instead of the mapped classes: the first
# ORM query of a process sets up all mappings (about 30 ms of every start); these reads have
# the same columns and types without it. Writes and the other pages use the ORM as usual.

def _row_query():  # noqa: ANN202 (a SQLAlchemy Select of a fixed shape)
    a, org, sector, table = plain(Attendee), plain(Organisation), plain(Sector), plain(EventTable)
    return (
        select(
            a.id, a.registration_id, a.first_name, a.last_name,
            a.title, a.email, org.name, sector.name, sector.colour,
            a.role, a.host_volunteer, table.number, a.arrived_at,
            a.absent, a.walk_in, a.comment, a.checked_in_by,
        )
        .select_from(Attendee.__table__)
        .outerjoin(Organisation.__table__, a.organisation_id == org.id)
        .outerjoin(Sector.__table__, a.sector_id == sector.id)
        .outerjoin(EventTable.__table__, a.pinned_table_id == table.id)
    )


def _to_row(r: Any) -> AttendeeRow:
    return AttendeeRow(
        id=r[0], registration_id=r[1], first_name=r[2] or "", last_name=r[3] or "",
        title=r[4] or "", email=r[5] or "", organisation=r[6] or "", sector=r[7] or "",
        sector_colour=r[8] or "", role=r[9] or Role.PARTICIPANT, host_volunteer=bool(r[10]),
        pinned_table=r[11], arrived_at=r[12], absent=bool(r[13]), walk_in=bool(r[14]),
        comment=r[15] or "", checked_in_by=r[16] or "",
    )


def _sort_key(row: AttendeeRow) -> tuple[str, str, int]:
    return (row.last_name.casefold(), row.first_name.casefold(), row.id)


def _read_row(s: Session, attendee_id: int) -> AttendeeRow:
    # A plain read: the session does not flush pending changes before it (it does before ORM
    # queries), so a writer calls s.flush() first, as every caller here does.
    r = s.execute(_row_query().where(plain(Attendee).id == attendee_id)).first()
    if r is None:
        raise DomainError("attendee_missing", id=attendee_id)
    return _to_row(r)


def list_attendees(ef: EventFile) -> list[AttendeeRow]:
    """All attendees, sorted by family name then first name; one query."""
    with ef.session() as s:
        rows = [_to_row(r) for r in s.execute(_row_query())]
    rows.sort(key=_sort_key)
    return rows


def get_attendee(ef: EventFile, attendee_id: int) -> AttendeeRow:
    with ef.session() as s:
        return _read_row(s, attendee_id)


def list_sectors(ef: EventFile) -> list[SectorInfo]:
    with ef.session() as s:
        return [SectorInfo(i, n, c) for i, n, c in
                s.execute(select(Sector.id, Sector.name, Sector.colour).order_by(Sector.position, Sector.id))]


def list_organisations(ef: EventFile) -> list[str]:
    """Organisation names, for completing what a user types."""
    with ef.session() as s:
        return sorted(s.scalars(select(Organisation.name)), key=str.casefold)


def organisation_sectors(ef: EventFile) -> dict[str, str]:
    """Each organisation's sector: the one most of its people have (ties: the sector listed
    first), for filling in a walk-in's sector when a known organisation is picked."""
    with ef.session() as s:
        rows = s.execute(
            select(Organisation.name, Sector.name, Sector.position, Sector.id, func.count(Attendee.id))
            .join(Attendee, Attendee.organisation_id == Organisation.id)
            .join(Sector, Attendee.sector_id == Sector.id)
            .group_by(Organisation.name, Sector.name, Sector.position, Sector.id)).all()
    best: dict[str, tuple[int, int, int, str]] = {}
    for org, sector, position, sector_id, count in rows:
        key = (-int(count), int(position or 0), int(sector_id), str(sector))
        if org not in best or key < best[org]:
            best[org] = key
    return {org: key[3] for org, key in best.items()}


def sector_counts(ef: EventFile) -> list[SectorCount]:
    """Registered / checked in / absent per sector, in sector order; people without a sector last."""
    a, sector = plain(Attendee), plain(Sector)
    with ef.session() as s:
        sectors = s.execute(select(sector.id, sector.name, sector.colour)
                            .order_by(sector.position, sector.id)).all()
        counts = {
            sid: (total, arrived or 0, absent or 0)
            for sid, total, arrived, absent in s.execute(
                select(a.sector_id, func.count(),
                       func.sum(case((a.arrived_at.is_not(None), 1), else_=0)),
                       func.sum(case((a.absent.is_(True), 1), else_=0)))
                .group_by(a.sector_id))
        }
    result = [SectorCount(name, colour, *counts.get(sid, (0, 0, 0))) for sid, name, colour in sectors]
    if None in counts:
        result.append(SectorCount("", "", *counts[None]))
    return result


# -- writing -------------------------------------------------------------------------

def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())


def _check_length(field_name: str, value: str) -> None:
    limit = _MAX_LEN.get(field_name)
    if limit is not None and len(value) > limit:
        raise ValidationError(field=field_name, detail="too_long", max=limit)


def _organisation_id(s: Session, name: str) -> int | None:
    name = _clean(name)
    if not name:
        return None
    _check_length("organisation", name)
    key = normalise_key(name)
    org_id = s.scalar(select(Organisation.id).where(Organisation.name_key == key))
    if org_id is None:
        org = Organisation(name=name, name_key=key)
        s.add(org)
        s.flush()
        org_id = org.id
    return org_id


def _sector_id(s: Session, name: str | None) -> int | None:
    if not name:
        return None
    sector_id = s.scalar(select(Sector.id).where(Sector.name == name))
    if sector_id is None:
        raise ValidationError(field="sector", detail="sector_unknown", sector=name)
    return sector_id


def _table_id(s: Session, number: int | None) -> int | None:
    if number is None or number == "":
        return None
    table_id = s.scalar(select(EventTable.id).where(EventTable.number == int(number)))
    if table_id is None:
        raise ValidationError(field="pinned_table", detail="table_unknown", table=number)
    return table_id


def _role(value: Any) -> Role:
    if isinstance(value, Role):
        return value
    try:
        return Role(value)
    except ValueError:
        raise ValidationError(field="role", detail="role_unknown", role=value) from None


def _check_names(first: str, last: str) -> None:
    if not first and not last:
        raise ValidationError(field="first_name", detail="name_required")
    _check_length("first_name", first)
    _check_length("last_name", last)


def _check_email(email: str) -> None:
    if email and not _EMAIL.match(email):
        raise ValidationError(field="email", detail="email_invalid", email=email)
    _check_length("email", email)


def update_attendee(ef: EventFile, attendee_id: int, **fields: Any) -> AttendeeRow:
    """Change some fields of one attendee and commit; returns the new row.

    ``organisation`` is a name (created if new, matched ignoring case and spacing),
    ``sector`` a sector name or "", ``pinned_table`` a table number or None.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with ef.session() as s:
        a = s.get(Attendee, attendee_id)
        if a is None:
            raise DomainError("attendee_missing", id=attendee_id)
        first = _clean(fields.get("first_name", a.first_name))
        last = _clean(fields.get("last_name", a.last_name))
        _check_names(first, last)
        a.first_name, a.last_name = first, last
        if "title" in fields:
            a.title = _clean(fields["title"])
            _check_length("title", a.title)
        if "email" in fields:
            email = _clean(fields["email"])
            _check_email(email)
            a.email = email
        if "organisation" in fields:
            a.organisation_id = _organisation_id(s, fields["organisation"])
        if "sector" in fields:
            a.sector_id = _sector_id(s, fields["sector"])
        if "role" in fields:
            a.role = _role(fields["role"])
        if "host_volunteer" in fields:
            a.host_volunteer = bool(fields["host_volunteer"])
        if "pinned_table" in fields:
            a.pinned_table_id = _table_id(s, fields["pinned_table"])
        if "comment" in fields:
            a.comment = str(fields["comment"] or "").strip()
        if "arrived_at" in fields:
            a.arrived_at = fields["arrived_at"]
        if "absent" in fields:
            a.absent = bool(fields["absent"])
        a.updated_at = ef.clock.now_utc()
        s.flush()
        row = _read_row(s, attendee_id)
    log.info("updated attendee %s (%s)", attendee_id, ", ".join(sorted(fields)))
    return row


def set_arrived(ef: EventFile, attendee_id: int, arrived: bool) -> AttendeeRow:
    """Check someone in (now) or take the check-in back; arriving clears "absent".

    Checking in someone who is already in keeps the first time and laptop: two desks that
    check in the same person at the same moment give one check-in (the row is locked on a
    server, so the second desk waits for the first and then sees it).
    """
    return _set_arrived(ef, attendee_id, arrived)[0]


def check_in_once(ef: EventFile, attendee_id: int) -> tuple[AttendeeRow, bool]:
    """Check someone in; the flag says whether this call did it (False: somebody, maybe
    another desk, had already checked them in, and the first check-in stands)."""
    return _set_arrived(ef, attendee_id, True)


def _set_arrived(ef: EventFile, attendee_id: int, arrived: bool) -> tuple[AttendeeRow, bool]:
    with ef.session() as s:
        a = s.get(Attendee, attendee_id, with_for_update=True)
        if a is None:
            raise DomainError("attendee_missing", id=attendee_id)
        now = ef.clock.now_utc()
        if arrived:
            if a.arrived_at is None:
                a.arrived_at = now
                a.checked_in_by = ef.device
            elif not a.absent:
                return _read_row(s, attendee_id), False
            a.absent = False
        else:
            a.arrived_at = None
            a.checked_in_by = ""
        a.updated_at = now
        s.flush()
        return _read_row(s, attendee_id), True


def set_absent(ef: EventFile, attendee_id: int, absent: bool) -> AttendeeRow:
    """Mark someone as not coming; that also takes back a check-in."""
    with ef.session() as s:
        a = s.get(Attendee, attendee_id)
        if a is None:
            raise DomainError("attendee_missing", id=attendee_id)
        a.absent = absent
        if absent:
            a.arrived_at = None
        a.updated_at = ef.clock.now_utc()
        s.flush()
        return _read_row(s, attendee_id)


def _next_walk_in_id(s: Session) -> str:
    highest = 0
    for rid in s.scalars(select(Attendee.registration_id)
                         .where(Attendee.registration_id.like(WALK_IN_PREFIX + "%"))):
        tail = rid[len(WALK_IN_PREFIX):]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{WALK_IN_PREFIX}{highest + 1:03d}"


def add_walk_in(ef: EventFile, first_name: str, last_name: str, organisation: str = "",
                sector: str | None = None) -> AttendeeRow:
    """Register someone who came without registering; they are checked in at once."""
    first, last = _clean(first_name), _clean(last_name)
    _check_names(first, last)
    with ef.session() as s:
        now = ef.clock.now_utc()
        a = Attendee(
            registration_id=_next_walk_in_id(s), first_name=first, last_name=last,
            organisation_id=_organisation_id(s, organisation), sector_id=_sector_id(s, sector),
            role=Role.PARTICIPANT, walk_in=True, arrived_at=now, checked_in_by=ef.device, created_at=now, updated_at=now,
        )
        s.add(a)
        s.flush()
        row = _read_row(s, a.id)
    log.info("walk-in %s added as attendee %s", row.registration_id, row.id)
    return row


_COLUMNS = [c.key for c in Attendee.__table__.columns]


def delete_attendee(ef: EventFile, attendee_id: int) -> AttendeeSnapshot:
    """Remove one attendee (their seats, topic choices and pairings go with them).

    Returns a snapshot that :func:`restore_attendee` puts back unchanged, same id included.
    """
    with ef.session() as s:
        a = s.get(Attendee, attendee_id)
        if a is None:
            raise DomainError("attendee_missing", id=attendee_id)
        row = _read_row(s, attendee_id)
        columns = {k: getattr(a, k) for k in _COLUMNS}
        choices = tuple((c.rank, c.topic_id) for c in a.topic_choices)
        seats = tuple(
            {"round_id": r, "table_id": t, "locked": lk}
            for r, t, lk in s.execute(select(SeatAssignment.round_id, SeatAssignment.table_id,
                                             SeatAssignment.locked)
                                      .where(SeatAssignment.attendee_id == attendee_id)))
        pairs = tuple(
            (f, sec, k.value)
            for f, sec, k in s.execute(select(AttendeePair.first_id, AttendeePair.second_id,
                                              AttendeePair.kind)
                                       .where((AttendeePair.first_id == attendee_id)
                                              | (AttendeePair.second_id == attendee_id))))
        s.delete(a)
    log.info("deleted attendee %s", attendee_id)
    return AttendeeSnapshot(columns, choices, seats, pairs, row)


def restore_attendee(ef: EventFile, snapshot: AttendeeSnapshot) -> AttendeeRow:
    """Put a deleted attendee back with the same id, seats, choices and pairings.

    Links to things deleted in the meantime (a table, a round, an organisation) are
    dropped rather than failing the undo.
    """
    from gdb_facilitator.core.db.models import PairKind, Round, Topic

    cols = dict(snapshot.columns)
    with ef.session() as s:
        if s.get(Attendee, cols["id"]) is not None:
            raise DomainError("attendee_exists", id=cols["id"])
        if s.scalar(select(Attendee.id).where(Attendee.registration_id == cols["registration_id"])):
            raise ValidationError(field="registration_id", detail="registration_id_taken",
                                  registration_id=cols["registration_id"])
        for key, model in (("organisation_id", Organisation), ("sector_id", Sector),
                           ("pinned_table_id", EventTable)):
            if cols.get(key) is not None and s.get(model, cols[key]) is None:
                cols[key] = None
        s.add(Attendee(**cols))
        s.flush()
        for rank, topic_id in snapshot.topic_choices:
            if s.get(Topic, topic_id) is not None:
                s.add(TopicChoice(attendee_id=cols["id"], rank=rank, topic_id=topic_id))
        for seat in snapshot.seats:
            if s.get(Round, seat["round_id"]) and s.get(EventTable, seat["table_id"]):
                s.add(SeatAssignment(attendee_id=cols["id"], **seat))
        for first, second, kind in snapshot.pairs:
            if s.get(Attendee, first) and s.get(Attendee, second):
                s.add(AttendeePair(first_id=first, second_id=second, kind=PairKind(kind)))
        s.flush()
        row = _read_row(s, cols["id"])
    log.info("restored attendee %s", row.id)
    return row


def counts(ef: EventFile) -> tuple[int, int]:
    """(checked in, registered and not marked absent)."""
    a = plain(Attendee)
    with ef.session() as s:
        registered = s.scalar(select(func.count()).select_from(Attendee.__table__)
                              .where(a.absent.is_(False))) or 0
        arrived = s.scalar(select(func.count()).select_from(Attendee.__table__)
                           .where(a.arrived_at.is_not(None))) or 0
    return arrived, registered
