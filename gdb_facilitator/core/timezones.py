"""The event's own time zone: every time the app shows, prints or exports is in it.

Times are stored in UTC. A facilitator's laptop, a team member's, or a CI machine may be
set to any zone; the letters say 16:00 in Berlin, so the calendar file and every sheet
must say 16:00 in Berlin too, whatever the laptop's setting. The zone is an IANA name
(``Europe/Berlin``) kept on the event; the zone data comes from the system or, on Windows,
from the ``tzdata`` package.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

FALLBACK = "UTC"


def is_valid(name: str) -> bool:
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@lru_cache(maxsize=32)
def zone(name: str | None) -> ZoneInfo:
    """The zone called ``name``; the laptop's own when ``name`` is empty or unknown."""
    if name and is_valid(name):
        return ZoneInfo(name)
    return ZoneInfo(laptop_zone_name())


def laptop_zone_name() -> str:
    """The IANA name of this computer's zone (``TZ``, then /etc/localtime), else UTC."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and is_valid(env):
        return env
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if is_valid(name):
                return name
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if is_valid(name):
            return name
    except OSError:
        pass
    return _windows_zone() or FALLBACK


def _windows_zone() -> str | None:
    # Windows names its zones differently ("W. Europe Standard Time"); without a mapping
    # table the nearest honest answer is the fixed offset of today, which is_valid refuses,
    # so fall back to matching the offset against a few common zones.
    try:
        offset = datetime.now().astimezone().utcoffset()
    except (OSError, ValueError):
        return None
    for name in ("Europe/Berlin", "Europe/London", "Europe/Vienna", "Europe/Zurich", "UTC",
                 "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo"):
        if is_valid(name) and datetime.now(ZoneInfo(name)).utcoffset() == offset:
            return name
    return None


def all_zone_names() -> list[str]:
    """Every IANA zone name the zone database knows, sorted, for a chooser."""
    return sorted(n for n in available_timezones() if "/" in n or n == "UTC")


def local(moment: datetime | None, name: str | None) -> datetime | None:
    """``moment`` (UTC or aware) as wall-clock time in the event's zone (aware)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone(name))


def local_naive(moment: datetime | None, name: str | None) -> datetime | None:
    value = local(moment, name)
    return value.replace(tzinfo=None) if value is not None else None


def at(day: date, clock_time: time, name: str | None) -> datetime:
    """The moment ``clock_time`` on ``day`` in the event's zone (with that day's DST rule)."""
    return datetime.combine(day, clock_time, zone(name))


def today(now_utc: datetime, name: str | None) -> date:
    return now_utc.astimezone(zone(name)).date()


def hhmm(moment: datetime | None, name: str | None, seconds: bool = False) -> str:
    value = local(moment, name)
    if value is None:
        return ""
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")
