"""Where an event lives: a file path or a ``postgresql://`` URL, opened the same way.

Every command and the app call :func:`open_event` with whatever the user gave; the
services only see an object with ``session()``, ``clock`` and ``readonly``.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Union

from gdb_facilitator.core.clock import SYSTEM_CLOCK, Clock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.team import TeamDatabase, is_database_url, redact

EventStore = Union[EventFile, TeamDatabase]

__all__ = ["EventStore", "open_event", "create_event_store", "is_database_url", "describe"]


def open_event(location: str | os.PathLike[str], *, readonly: bool = False, clock: Clock = SYSTEM_CLOCK,
               device: str = "") -> EventStore:
    if is_database_url(location):
        return TeamDatabase.open(str(location), readonly=readonly, clock=clock, device=device)
    return EventFile.open(location, readonly=readonly, clock=clock)


def create_event_store(location: str | os.PathLike[str], *, title: str, event_date: date | None = None,
                       clock: Clock = SYSTEM_CLOCK, device: str = "", timezone: str | None = None) -> EventStore:
    if is_database_url(location):
        return TeamDatabase.create(str(location), title=title, event_date=event_date, clock=clock,
                                   device=device, timezone=timezone)
    return EventFile.create(location, title=title, event_date=event_date, clock=clock, timezone=timezone)


def describe(location: str | os.PathLike[str]) -> str:
    """What to show the user for ``location``: the file path, or the URL without password."""
    if is_database_url(location):
        return redact(str(location))
    return str(location)
