"""The round timer as a pure, immutable state machine.

A :class:`RoundTimer` holds wall-clock anchors only (when the run started, when it is
due to end, when it was paused, how long it has been paused in total). Every method
takes the current instant and returns a new timer; nothing here reads a clock, sleeps
or counts ticks. Remaining time is always ``deadline - now``, so a 90-minute round shows
no drift however irregularly it is asked, and the same anchors stored in the event file
give the same answer after a crash or a restart.

Warning levels (the colours a projector shows), for an item whose current duration is
``D`` seconds (planned duration plus every ±1/±5 minute adjustment):

* wrap-up threshold ``W = min(max(S, P/100 * D), D/2)`` with ``S`` = wrap-up seconds
  (default 120) and ``P`` = wrap-up percent (default 20). Warning at "2 minutes *or*
  20 % left, whichever comes first" gives a long round a proportionate heads-up and a
  short one at least two minutes; the ``D/2`` cap keeps a 3-minute item from starting
  yellow (a stage never covers more than half the item).
* danger threshold ``Dg = min(danger seconds (default 60), D/4)``; ``W`` is raised to
  ``Dg`` if an item's own values would put danger before wrap-up.
* ``remaining <= 0`` is overtime; ``remaining <= Dg`` danger; ``remaining <= W``
  wrap-up; otherwise normal. Boundaries belong to the more urgent level, so a 10-minute
  round turns yellow exactly at 2:00 left and red exactly at 1:00.

Idle timers are always normal. Cues (:func:`cues_between`) are the upward level
changes of one run, so the UI plays a sound once per transition.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from gdb_facilitator.core.errors import DomainError

DEFAULT_WRAP_UP_SECONDS = 120
DEFAULT_WRAP_UP_PERCENT = 20
DEFAULT_DANGER_SECONDS = 60
MAX_DURATION_SECONDS = 24 * 3600


class Phase(enum.Enum):
    # Same values as models.TimerPhase, so the service maps them by value.
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


class Level(enum.Enum):
    NORMAL = "normal"
    WRAP_UP = "wrap_up"
    DANGER = "danger"
    OVERTIME = "overtime"

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)


_LEVEL_ORDER = (Level.NORMAL, Level.WRAP_UP, Level.DANGER, Level.OVERTIME)


class Cue(enum.Enum):
    """A moment worth a sound or a flash: entering wrap-up, entering danger, reaching zero."""

    WRAP_UP = "wrap_up"
    DANGER = "danger"
    END = "end"


_CUE_FOR_LEVEL = {Level.WRAP_UP: Cue.WRAP_UP, Level.DANGER: Cue.DANGER, Level.OVERTIME: Cue.END}


class TimerError(DomainError):
    """A timer command that makes no sense in the current phase (e.g. adjusting an idle timer)."""

    code = "timer_not_running"


@dataclass(frozen=True)
class Thresholds:
    """An item's own warning values; ``None`` takes the default."""

    wrap_up_seconds: float | None = None
    wrap_up_percent: float | None = None
    danger_seconds: float | None = None

    def danger_at(self, duration: float) -> float:
        """Remaining seconds at which the item turns red."""
        duration = max(0.0, duration)
        danger = DEFAULT_DANGER_SECONDS if self.danger_seconds is None else self.danger_seconds
        return min(max(0.0, float(danger)), duration / 4)

    def wrap_up_at(self, duration: float) -> float:
        """Remaining seconds at which the item turns yellow (see the module docstring)."""
        duration = max(0.0, duration)
        seconds = DEFAULT_WRAP_UP_SECONDS if self.wrap_up_seconds is None else self.wrap_up_seconds
        percent = DEFAULT_WRAP_UP_PERCENT if self.wrap_up_percent is None else self.wrap_up_percent
        percent = min(max(0.0, float(percent)), 100.0)
        wrap = min(max(max(0.0, float(seconds)), duration * percent / 100), duration / 2)
        return max(wrap, self.danger_at(duration))

    def level(self, remaining: float, duration: float) -> Level:
        if remaining <= 0:
            return Level.OVERTIME
        if remaining <= self.danger_at(duration):
            return Level.DANGER
        if remaining <= self.wrap_up_at(duration):
            return Level.WRAP_UP
        return Level.NORMAL


@dataclass(frozen=True)
class TimerSnapshot:
    """What the timer shows at one instant; everything a display or a sound player needs."""

    item_id: int | None
    phase: Phase
    at: datetime
    remaining_seconds: float  # negative in overtime
    elapsed_seconds: float  # running time, pauses excluded
    duration_seconds: float  # planned + adjustments
    planned_seconds: float
    progress: float  # elapsed / duration, 0..1
    level: Level
    overtime_seconds: float  # max(0, -remaining)
    wrap_up_at: float  # remaining seconds where wrap-up starts
    danger_at: float
    started_at: datetime | None
    deadline: datetime | None

    @property
    def adjusted_seconds(self) -> float:
        return self.duration_seconds - self.planned_seconds

    @property
    def active(self) -> bool:
        return self.phase in (Phase.RUNNING, Phase.PAUSED)


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


@dataclass(frozen=True)
class RoundTimer:
    """One agenda item's timer.

    While paused, ``deadline`` is the end the run would have had if it had not been
    paused, frozen at ``paused_at``; resuming pushes it back by the length of the pause.
    ``stopped_at`` is set once the run was stopped and freezes the display.
    """

    item_id: int | None
    planned_seconds: float
    thresholds: Thresholds = Thresholds()
    phase: Phase = Phase.IDLE
    started_at: datetime | None = None
    deadline: datetime | None = None
    paused_at: datetime | None = None
    paused_total_seconds: float = 0.0
    stopped_at: datetime | None = None

    # -- reading ---------------------------------------------------------------------
    def duration_seconds(self) -> float:
        """Planned duration plus adjustments (what 100 % of the progress bar means)."""
        if self.phase is Phase.IDLE or self.started_at is None or self.deadline is None:
            return float(self.planned_seconds)
        return _seconds(self.deadline - self.started_at) - self.paused_total_seconds

    def remaining_seconds(self, now: datetime) -> float:
        if self.phase is Phase.IDLE or self.deadline is None:
            return float(self.planned_seconds)
        if self.phase is Phase.PAUSED and self.paused_at is not None:
            frozen = self.paused_at
        elif self.phase is Phase.STOPPED and self.stopped_at is not None:
            frozen = self.stopped_at
        else:
            frozen = now
        remaining = _seconds(self.deadline - frozen)
        # A wall clock set back before the start would otherwise show more than the item has.
        return min(remaining, self.duration_seconds())

    def snapshot(self, now: datetime) -> TimerSnapshot:
        duration = self.duration_seconds()
        remaining = self.remaining_seconds(now)
        elapsed = max(0.0, duration - remaining)
        if self.phase is Phase.IDLE:
            level, progress = Level.NORMAL, 0.0
        else:
            level = self.thresholds.level(remaining, duration)
            progress = 1.0 if duration <= 0 else min(1.0, elapsed / duration)
        return TimerSnapshot(
            item_id=self.item_id, phase=self.phase, at=now, remaining_seconds=remaining,
            elapsed_seconds=elapsed, duration_seconds=duration,
            planned_seconds=float(self.planned_seconds), progress=progress, level=level,
            overtime_seconds=max(0.0, -remaining),
            wrap_up_at=self.thresholds.wrap_up_at(duration),
            danger_at=self.thresholds.danger_at(duration),
            started_at=self.started_at, deadline=self.deadline)

    def due_at(self) -> datetime | None:
        """The instant a running timer reaches zero; None when it is not counting down."""
        return self.deadline if self.phase is Phase.RUNNING else None

    # -- commands --------------------------------------------------------------------
    def start(self, now: datetime) -> "RoundTimer":
        """Start a fresh run (idle or stopped), resume a paused one; running stays running."""
        if self.phase is Phase.RUNNING:
            return self
        if self.phase is Phase.PAUSED:
            return self.resume(now)
        return self.restart(now)

    def restart(self, now: datetime) -> "RoundTimer":
        """A fresh run from the planned duration; adjustments of the previous run are dropped."""
        return replace(
            self, phase=Phase.RUNNING, started_at=now,
            deadline=now + timedelta(seconds=self.planned_seconds), paused_at=None,
            paused_total_seconds=0.0, stopped_at=None)

    def pause(self, now: datetime) -> "RoundTimer":
        if self.phase is Phase.PAUSED:
            return self
        if self.phase is not Phase.RUNNING:
            raise TimerError(action="pause", phase=self.phase.value)
        return replace(self, phase=Phase.PAUSED, paused_at=now)

    def resume(self, now: datetime) -> "RoundTimer":
        if self.phase is Phase.RUNNING:
            return self
        if self.phase is not Phase.PAUSED:
            raise TimerError(action="resume", phase=self.phase.value)
        return self._end_pause(now, Phase.RUNNING)

    def toggle(self, now: datetime) -> "RoundTimer":
        """The space bar: pause when running, otherwise start or resume."""
        return self.pause(now) if self.phase is Phase.RUNNING else self.start(now)

    def adjust(self, seconds: float, now: datetime) -> "RoundTimer":
        """Add (or, negative, take away) time while running or paused.

        Taking time away never pushes a run into overtime: with 30 s left, -1 minute ends
        it at 0:00; in overtime it changes nothing. The duration is capped at 24 hours.
        """
        if not math.isfinite(seconds):
            raise ValueError(f"not a number of seconds: {seconds!r}")
        if self.phase not in (Phase.RUNNING, Phase.PAUSED) or self.deadline is None:
            raise TimerError(action="adjust", phase=self.phase.value)
        remaining = self.remaining_seconds(now)
        target = remaining + seconds
        if seconds < 0:
            target = max(target, min(remaining, 0.0))
        duration = self.duration_seconds()
        new_duration = min(duration + (target - remaining), float(MAX_DURATION_SECONDS))
        delta = new_duration - duration
        if delta == 0:
            return self
        return replace(self, deadline=self.deadline + timedelta(seconds=delta))

    def stop(self, now: datetime) -> "RoundTimer":
        """End the run and freeze its display; stopping twice keeps the first end."""
        if self.phase in (Phase.IDLE, Phase.STOPPED):
            return self
        ended = self._end_pause(now, Phase.RUNNING) if self.phase is Phase.PAUSED else self
        return replace(ended, phase=Phase.STOPPED, stopped_at=now)

    def _end_pause(self, now: datetime, phase: Phase) -> "RoundTimer":
        assert self.paused_at is not None and self.deadline is not None
        # A wall clock set back during the pause must not shorten the run.
        pause = max(0.0, _seconds(now - self.paused_at))
        return replace(
            self, phase=phase, paused_at=None,
            deadline=self.deadline + timedelta(seconds=pause),
            paused_total_seconds=self.paused_total_seconds + pause)


def cues_between(previous: TimerSnapshot | None, current: TimerSnapshot) -> tuple[Cue, ...]:
    """The cues of the level changes from ``previous`` to ``current``, in order.

    Only a run that goes on (same item, same start) can fire: a new run, a restart or a
    different item starts from normal. Several levels crossed at once (a long freeze, a
    -5 minute nudge) give every cue in between; a player should sound the last one. A
    stopped or idle timer fires nothing, and going back to a calmer level (after +1
    minute) fires nothing, so the same cue may fire again when it is reached again.
    """
    if not current.active:
        return ()
    same_run = (previous is not None and previous.item_id == current.item_id
                and previous.started_at == current.started_at)
    before = previous.level.rank if same_run and previous is not None else Level.NORMAL.rank
    return tuple(_CUE_FOR_LEVEL[level] for level in _LEVEL_ORDER[before + 1: current.level.rank + 1])
