"""A summary of an event in plain numbers, for ``info`` on the command line and the app's
start page. Read-only: it works on a file the app has open."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import func, select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    Attendee,
    Event,
    EventTable,
    Idea,
    Organisation,
    Role,
    Round,
    SeatAssignment,
    Sector,
    TableResult,
    TeamCode,
    Topic,
)

# Key for attendees without a sector; the importers report the same label.
NO_SECTOR = "ohne Angabe"


def event_info(source: EventFile | str | os.PathLike[str]) -> dict[str, Any]:
    """Counts and key facts of an event, JSON-serialisable (dates as ISO text).

    ``attendees`` counts everybody registered; ``present`` those checked in and not marked
    absent; ``absent`` those marked absent. ``sectors`` maps each sector, in its order, to
    its number of attendees, with :data:`NO_SECTOR` for attendees without one.
    """
    if not hasattr(source, "session"):
        from gdb_facilitator.core.db.store import open_event

        with open_event(source, readonly=True) as ef:
            return event_info(ef)
    ef = source

    with ef.session() as s:
        def count(what: Any, *where: Any) -> int:
            return int(s.scalar(select(func.count()).select_from(what).where(*where)) or 0)

        event = s.scalars(select(Event)).one()
        by_sector = dict(s.execute(
            select(Attendee.sector_id, func.count()).group_by(Attendee.sector_id)).all())
        sectors: dict[str, int] = {}
        for sector_id, name in s.execute(
                select(Sector.id, Sector.name).order_by(Sector.position, Sector.id)):
            sectors[name] = int(by_sector.get(sector_id, 0))
        sectors[NO_SECTOR] = int(by_sector.get(None, 0))

        seated = dict(s.execute(
            select(Round.number, func.count(SeatAssignment.id))
            .join(SeatAssignment, SeatAssignment.round_id == Round.id, isouter=True)
            .group_by(Round.number).order_by(Round.number)).all())

        info: dict[str, Any] = {
            "title": event.title,
            "date": event.event_date.isoformat() if event.event_date else None,
            "venue": event.venue,
            "timezone": event.timezone or "",
            "follow_up_date": (event.follow_up_effective.isoformat()
                               if event.follow_up_effective else None),
            "attendees": count(Attendee),
            "present": count(Attendee, Attendee.arrived_at.is_not(None),
                             Attendee.absent.is_(False)),
            "absent": count(Attendee, Attendee.absent.is_(True)),
            "walk_ins": count(Attendee, Attendee.walk_in.is_(True)),
            "sectors": sectors,
            "organisations": count(Organisation),
            "tables": count(EventTable),
            "seats": int(s.scalar(select(func.coalesce(func.sum(EventTable.capacity), 0))) or 0),
            "rounds": len(seated),
            # Seats taken per round, keyed by the round number as text (JSON keys are text).
            "seated": {str(number): int(n) for number, n in seated.items()},
            "hosts": count(Attendee, Attendee.role == Role.HOST,
                           Attendee.pinned_table_id.is_not(None)),
            "topics": count(Topic),
            "results": count(TableResult),
            "ideas": count(Idea),
            "team_codes": count(TeamCode),
            "agenda_items": count(AgendaItem),
            "personal_data_removed": event.personal_data_removed_at is not None,
        }
    info["file"] = ef.location
    info["schema_version"] = ef.schema_version()
    return info
