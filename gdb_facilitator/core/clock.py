"""Clocks: the only place the core reads time, so tests can replace it.

``monotonic()`` measures durations inside one process; ``now_utc()`` gives timezone-aware
wall time for anything stored in the event file or printed (it survives a restart).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now_utc(self) -> datetime: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now_utc(self) -> datetime:
        return datetime.now(timezone.utc)


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: datetime | None = None) -> None:
        self._wall = start or datetime(2026, 6, 12, 8, 0, tzinfo=timezone.utc)
        self._mono = 1000.0

    def monotonic(self) -> float:
        return self._mono

    def now_utc(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        """Move wall time only, as a suspended laptop or a clock correction does."""
        self._wall += timedelta(seconds=seconds)


SYSTEM_CLOCK = SystemClock()
