"""A calendar file (iCalendar, RFC 5545) for the joint 100-day check-in.

Written by hand: one VEVENT needs no library, and the rules that calendar programs are
strict about are few and checked here:

* lines end in CRLF and are folded so no line exceeds 75 octets (not characters: an
  umlaut is two octets in UTF-8); a continuation line starts with one space, and a fold
  never splits a multi-byte character;
* TEXT values escape backslash, semicolon, comma and line breaks (§3.3.11), and control
  characters, which TEXT does not allow, are dropped;
* UID is stable for an event file, so importing a corrected file updates the entry in
  the calendar instead of adding a second one; DTSTAMP is the time of writing, in UTC.

An all-day entry uses ``VALUE=DATE`` with an exclusive end date. With a start time the
entry is converted from the laptop's local time to UTC, which every calendar shows in
its own zone (no VTIMEZONE block to get wrong).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from gdb_facilitator import __version__
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Event
from gdb_facilitator.core.errors import DomainError

log = logging.getLogger(__name__)

MAX_OCTETS = 75
CRLF = "\r\n"
PRODID = f"-//GD:B Facilitator//gdb-facilitator {__version__}//DE"

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT property value (RFC 5545 §3.3.11)."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """One content line folded at 75 octets, joined with CRLF + space (§3.1)."""
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return line
    pieces: list[str] = []
    start = 0
    limit = MAX_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        # back off to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx)
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start = end
        limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
    return (CRLF + " ").join(pieces)


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text (for tests and for reading one back)."""
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    day: date
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    start: time | None = None  # None: an all-day entry
    duration: timedelta = timedelta(hours=2)
    stamp: datetime | None = None  # DTSTAMP; default now
    timezone: str = ""  # the event's IANA zone that ``start`` is read in ("" = the laptop's)


def build_ics(entry: CalendarEntry) -> str:
    """The whole calendar text (CRLF line ends, folded)."""
    stamp = entry.stamp or datetime.now(timezone.utc)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(PRODID)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{_utc(stamp)}",
    ]
    if entry.start is None:
        lines += [f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{entry.day + timedelta(days=1):%Y%m%d}",
                  "TRANSP:TRANSPARENT"]
    else:
        # The start is wall-clock time in the event's zone (not the laptop's), with the
        # daylight-saving rule of that day (the check-in is 100 days away: often the other
        # one); written as UTC, which every calendar converts to its reader's zone.
        from gdb_facilitator.core.timezones import at

        begin = at(entry.day, entry.start, entry.timezone or None)
        lines += [f"DTSTART:{_utc(begin)}", f"DTEND:{_utc(begin + entry.duration)}"]
    lines.append(f"SUMMARY:{escape_text(entry.summary)}")
    if entry.description:
        lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
    if entry.location:
        lines.append(f"LOCATION:{escape_text(entry.location)}")
    url = "".join(entry.url.split())
    if url.lower().startswith(("https://", "http://")) and "{code}" not in url:
        lines.append(f"URL:{url}")  # URI values are not TEXT-escaped
    lines += ["STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)


def event_uid(created_at: datetime | None, title: str) -> str:
    """Stable per event file, and telling nothing about anyone."""
    basis = f"{created_at.isoformat() if created_at else ''}|{title}|follow-up"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32] + "@gdb-facilitator"


def calendar_entry(ef: EventFile, *, summary_text: str, description: str = "",
                   start: time | None = None, duration: timedelta = timedelta(hours=2),
                   location: str | None = None) -> CalendarEntry:
    """The check-in entry for this event; ``location`` defaults to the event's venue."""
    with ef.session() as s:
        event = s.scalars(select(Event)).one()
        day = event.follow_up_effective
        if day is None:
            raise DomainError("follow_up_date_missing")
        url = event.follow_up_url or ""
        return CalendarEntry(
            uid=event_uid(event.created_at, event.title), day=day, summary=summary_text,
            timezone=event.timezone or "",
            description=description, location=event.venue or "" if location is None else location,
            url=url, start=start, duration=duration, stamp=ef.clock.now_utc())


def write_ics(ef: EventFile, path: str | os.PathLike[str], *, summary_text: str, description: str = "",
              start: time | None = None, duration: timedelta = timedelta(hours=2),
              location: str | None = None) -> Path:
    """Write the check-in as an .ics file (all day unless ``start`` is given).

    The caller supplies the translated ``summary_text`` and ``description`` (the core
    writes no prose). Written beside the target and moved into place when complete.
    """
    from gdb_facilitator.core.files import commit, stage

    target = Path(path)
    if target.is_dir():
        raise DomainError("export_target_is_folder", path=str(target))
    if target.exists() and ef.path is not None and target.resolve() == ef.path.resolve():
        raise DomainError("export_over_source", path=str(target))
    text = build_ics(calendar_entry(ef, summary_text=summary_text, description=description,
                                    start=start, duration=duration, location=location))

    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode("utf-8"))

    commit([(stage(target, write), target)])
    log.info("wrote the check-in calendar entry to %s", target)
    return target
