"""Wall-clock times on screen in the open event's own zone (core/timezones.py).

The controller sets the zone when an event opens and when its zone is changed; views call
:func:`hhmm` instead of ``astimezone()``, which would use the laptop's zone.
"""

from __future__ import annotations

from datetime import datetime

from gdb_facilitator.core import timezones

_zone_name: str | None = None


def set_zone(name: str | None) -> None:
    global _zone_name
    _zone_name = name or None


def zone_name() -> str | None:
    return _zone_name


def local(moment: datetime | None) -> datetime | None:
    return timezones.local(moment, _zone_name)


def hhmm(moment: datetime | None, seconds: bool = False) -> str:
    return timezones.hhmm(moment, _zone_name, seconds=seconds)
