"""Creating an event file and editing the event's own details."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from gdb_facilitator.core.clock import SYSTEM_CLOCK, Clock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.team import is_database_url
from gdb_facilitator.core.db.models import Event, EventTable, Sector, follow_up_day, plain
from gdb_facilitator.core.errors import ValidationError

DEFAULT_CAPACITY = 8
MAX_TABLES = 500
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_MAX_LEN = {"title": 300, "venue": 300, "follow_up_url": 500}  # the column sizes


@dataclass(frozen=True)
class EventDetails:
    title: str
    event_date: date | None
    venue: str
    follow_up_date: date | None  # as stored; None = event date + 100 days
    follow_up_effective: date | None
    follow_up_url: str
    colour: str
    sheet_names: str
    timezone: str = ""  # IANA name; every time shown, printed or exported is in it


def create_event(
    path: str | os.PathLike[str],
    *,
    title: str,
    event_date: date | None = None,
    tables: int = 0,
    capacity: int = DEFAULT_CAPACITY,
    clock: Clock = SYSTEM_CLOCK,
    timezone: str | None = None,
) -> EventFile:
    """A new event file with ``tables`` numbered tables; returns it open for writing."""
    if not 0 <= tables <= MAX_TABLES:
        raise ValidationError(field="tables", detail="out_of_range", minimum=0, maximum=MAX_TABLES)
    if capacity < 1:
        raise ValidationError(field="capacity", detail="out_of_range", minimum=1, maximum=99)
    from gdb_facilitator.core.db.store import create_event_store

    location = path if is_database_url(path) else Path(path)
    ef = create_event_store(location, title=title, event_date=event_date, clock=clock, timezone=timezone)
    if tables:
        with ef.session() as s:
            s.add_all(EventTable(number=n, name="", capacity=capacity) for n in range(1, tables + 1))
    return ef


def _details(event: Event) -> EventDetails:
    return EventDetails(
        title=event.title, event_date=event.event_date, venue=event.venue,
        follow_up_date=event.follow_up_date, follow_up_effective=event.follow_up_effective,
        follow_up_url=event.follow_up_url, colour=event.colour, sheet_names=event.sheet_names,
        timezone=event.timezone or "")


def get_event(ef: EventFile) -> EventDetails:
    # A plain table read, no ORM: the window's title on the first screen (see
    # core/services/attendees.py); the same fields as _details(event).
    e = plain(Event)
    with ef.session() as s:
        row = s.execute(select(e.title, e.event_date, e.venue, e.follow_up_date, e.follow_up_url, e.colour,
                               e.sheet_names, e.timezone)).one()
    return EventDetails(
        title=row.title, event_date=row.event_date, venue=row.venue, follow_up_date=row.follow_up_date,
        follow_up_effective=follow_up_day(row.event_date, row.follow_up_date),
        follow_up_url=row.follow_up_url, colour=row.colour, sheet_names=row.sheet_names,
        timezone=row.timezone or "")


_EDITABLE = {"title", "event_date", "venue", "follow_up_date", "follow_up_url", "colour", "sheet_names",
             "timezone"}


def event_timezone(ef: EventFile) -> str:
    """The event's IANA zone name (the laptop's for a file that has none)."""
    from gdb_facilitator.core.timezones import laptop_zone_name

    with ef.session() as s:  # plain read, no ORM: part of opening an event (see get_event)
        return s.scalars(select(plain(Event).timezone)).one() or laptop_zone_name()


def update_event(ef: EventFile, **fields: object) -> EventDetails:
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if "title" in fields:
        title = str(fields["title"] or "").strip()
        if not title:
            raise ValidationError(field="title", detail="required")
        fields["title"] = title
    for key in ("venue", "follow_up_url"):
        if key in fields:
            fields[key] = str(fields[key] or "").strip()
            if len(fields[key]) > _MAX_LEN[key]:
                raise ValidationError(field=key, detail="too_long", max=_MAX_LEN[key])
    if "title" in fields and len(str(fields["title"])) > _MAX_LEN["title"]:
        raise ValidationError(field="title", detail="too_long", max=_MAX_LEN["title"])
    if fields.get("follow_up_url") and not re.match(r"^https?://\S+$", str(fields["follow_up_url"]), re.I):
        raise ValidationError(field="follow_up_url", detail="url_format")
    if "colour" in fields and not _COLOUR.match(str(fields["colour"])):
        raise ValidationError(field="colour", detail="colour_format")
    if "timezone" in fields:
        from gdb_facilitator.core.timezones import is_valid

        fields["timezone"] = str(fields["timezone"] or "").strip()
        if not is_valid(str(fields["timezone"])):
            raise ValidationError(field="timezone", detail="choice")
    if fields.get("sheet_names") not in (None, "full", "first", "none"):
        raise ValidationError(field="sheet_names", detail="choice")
    with ef.session() as s:
        event = s.scalars(select(Event)).one()
        for key, value in fields.items():
            setattr(event, key, value)
        if event.event_date and event.follow_up_date and event.follow_up_date < event.event_date:
            raise ValidationError(field="follow_up_date", detail="before_event")
        s.flush()
        return _details(event)


def sector_names(ef: EventFile) -> list[str]:
    """The event's sectors in their order, as an import matches answers against them."""
    with ef.session() as s:
        return list(s.scalars(select(Sector.name).order_by(Sector.position, Sector.id)))
