"""The round timer over the agenda, persisted in the event file at every change.

:class:`TimerService` keeps a :class:`RoundTimer` (pure anchors, see
``core/algorithms/timer.py``) for the current agenda item. Every command is one
transaction that writes the single ``TimerState`` row and the item's ``actual_start`` /
``actual_end``; a process killed in the middle of a round finds the same anchors when it
opens the file again and shows the right time left, paused or running.

Time: the anchors are wall-clock UTC, because only wall time survives a restart and a
suspended laptop must lose the minutes the room went on without it. Within one process
the monotonic clock guards against the wall clock being set *back* (an NTP step): the
timer then goes on at the monotonic pace instead of gaining the difference.

Sound and flash cues: :meth:`TimerService.tick` (call it from the UI's ~200 ms QTimer)
reports each level change once. ``TimerState.updated_at`` is written whenever a cue is
reported, so after a restart the service knows which transitions were already announced
(those before ``updated_at``) and reports only the ones that happened afterwards, e.g.
while the app was closed.
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gdb_facilitator.core.algorithms.timer import (
    Cue,
    Phase,
    RoundTimer,
    Thresholds,
    TimerSnapshot,
    cues_between,
)
from gdb_facilitator.core.clock import Clock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import AgendaItem, AgendaKind, TimerPhase, TimerState
from gdb_facilitator.core.errors import DomainError, EventFileError, ValidationError
from gdb_facilitator.core.exchange.exporters import neutralise
from gdb_facilitator.core.files import write_atomically
from gdb_facilitator.core.services.agenda import AgendaItemDTO, to_dto

log = logging.getLogger(__name__)

MAX_MESSAGE = 500
NUDGE_SMALL = 60
NUDGE_LARGE = 300
# Which bundled sound (resources/sounds/) suits a cue; danger only flashes by default.
SOUND_FOR_CUE: dict[Cue, str | None] = {Cue.WRAP_UP: "chime.wav", Cue.DANGER: None, Cue.END: "gong.wav"}
_CUE_WEIGHT = {Cue.WRAP_UP: 1, Cue.DANGER: 2, Cue.END: 3}

CSV_COLUMNS = (
    "position", "title", "kind", "planned_start", "planned_duration", "actual_start",
    "actual_end", "actual_duration", "duration_delta", "start_delta",
)


# -- DTOs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TimerView:
    """Everything the round page and the projector show at one instant."""

    timer: TimerSnapshot
    item: AgendaItemDTO | None
    next_item: AgendaItemDTO | None
    index: int | None  # 0-based place of ``item`` in the agenda
    count: int
    auto_advance: bool
    muted: bool
    message: str

    @property
    def sound_on(self) -> bool:
        return not self.muted and self.item is not None and self.item.sound


@dataclass(frozen=True)
class CueEvent:
    cue: Cue
    item_id: int | None
    audible: bool  # sound allowed: the item has sound on and the timer is not muted


@dataclass(frozen=True)
class TickResult:
    view: TimerView
    cues: tuple[CueEvent, ...]
    advanced: bool  # auto-advance moved to another item during this tick

    @property
    def sound(self) -> Cue | None:
        """The one cue worth a sound now (the most urgent audible one), if any."""
        audible = [e.cue for e in self.cues if e.audible]
        return max(audible, key=_CUE_WEIGHT.__getitem__) if audible else None


@dataclass(frozen=True)
class PlanVsActualRow:
    """One line of "how did we do": the plan next to what happened."""

    item_id: int
    position: int
    title: str
    kind: AgendaKind
    planned_start: str | None  # "HH:MM" local
    planned_seconds: int
    actual_start: datetime | None  # UTC
    actual_end: datetime | None
    actual_seconds: float | None  # end - start, pauses included; None until it ended
    delta_seconds: float | None  # actual - planned duration; positive = longer than planned
    start_delta_seconds: float | None  # actual - planned start; positive = late


def now_local(clock: Clock, tz: tzinfo | None = None) -> datetime:
    """The clock's time of day in ``tz`` (default: the computer's zone) for displays."""
    return clock.now_utc().astimezone(tz)


class _SteadyNow:
    """Wall time that never runs backwards within this process.

    Forward jumps (suspend) count in full; a backward jump is replaced by the monotonic
    time that passed, so a round cannot gain minutes from a clock correction.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last_wall: datetime | None = None
        self._last_mono = 0.0
        self._offset = timedelta(0)

    def __call__(self) -> datetime:
        wall = self._clock.now_utc()
        mono = self._clock.monotonic()
        if self._last_wall is not None and wall < self._last_wall:
            self._offset += (self._last_wall - wall) + timedelta(seconds=max(0.0, mono - self._last_mono))
            log.warning("wall clock went back by %s; timer keeps monotonic pace", self._last_wall - wall)
        self._last_wall, self._last_mono = wall, mono
        return wall + self._offset


# -- the service --------------------------------------------------------------------

def _ordered(s: Session) -> list[AgendaItem]:
    return list(s.scalars(select(AgendaItem).order_by(AgendaItem.position, AgendaItem.id)))


def _thresholds(item: AgendaItem) -> Thresholds:
    return Thresholds(item.wrap_up_seconds, item.wrap_up_percent, item.danger_seconds)


def _idle(item: AgendaItem | None) -> RoundTimer:
    if item is None:
        return RoundTimer(item_id=None, planned_seconds=0)
    return RoundTimer(item_id=item.id, planned_seconds=int(item.duration_seconds or 0),
                      thresholds=_thresholds(item))


def _state_row(s: Session) -> TimerState:
    state = s.get(TimerState, 1)
    if state is None:
        state = TimerState(id=1, phase=TimerPhase.IDLE, paused_total_seconds=0.0,
                           auto_advance=False, muted=False, message="")
        s.add(state)
        s.flush()
    return state


def _timer_from_row(state: TimerState, items: list[AgendaItem]) -> RoundTimer:
    item = next((i for i in items if i.id == state.agenda_item_id), None)
    if item is None:
        return _idle(items[0] if items else None)
    phase = Phase(state.phase.value) if state.phase else Phase.IDLE
    if phase is not Phase.IDLE and (state.started_at is None or state.deadline is None):
        phase = Phase.IDLE
    if phase is Phase.IDLE:
        return _idle(item)
    paused_at = state.paused_at
    if phase is Phase.PAUSED and paused_at is None:
        paused_at = state.updated_at or state.deadline
    stopped_at = None
    if phase is Phase.STOPPED:
        stopped_at = item.actual_end or state.updated_at or state.deadline
    return RoundTimer(
        item_id=item.id, planned_seconds=int(item.duration_seconds or 0),
        thresholds=_thresholds(item), phase=phase, started_at=state.started_at,
        deadline=state.deadline, paused_at=paused_at if phase is Phase.PAUSED else None,
        paused_total_seconds=float(state.paused_total_seconds or 0.0), stopped_at=stopped_at)


def _write_row(state: TimerState, timer: RoundTimer, now: datetime) -> None:
    state.agenda_item_id = timer.item_id
    state.phase = TimerPhase(timer.phase.value)
    state.started_at = timer.started_at
    state.deadline = timer.deadline
    state.paused_at = timer.paused_at
    state.paused_total_seconds = timer.paused_total_seconds
    state.updated_at = now


def _index(items: list[AgendaItem], item_id: int | None) -> int | None:
    return next((n for n, i in enumerate(items) if i.id == item_id), None)


def _begin(item: AgendaItem, at: datetime) -> None:
    item.actual_start = at
    item.actual_end = None


_Change = Callable[[Session, list[AgendaItem], RoundTimer, datetime], RoundTimer]


class TimerService:
    """The one timer of an open event. Create it once per open event file.

    Commands return the new :class:`TimerView`. After editing the agenda elsewhere, call
    :meth:`load` so that titles, durations and thresholds are fresh.
    """

    def __init__(self, ef: EventFile, clock: Clock | None = None) -> None:
        self._ef = ef
        self._now = _SteadyNow(clock or ef.clock)
        self._timer = RoundTimer(item_id=None, planned_seconds=0)
        self._items: tuple[AgendaItemDTO, ...] = ()
        self._auto_advance = False
        self._muted = False
        self._message = ""
        self._baseline: TimerSnapshot | None = None
        self._pending: list[CueEvent] = []
        self.load()

    # -- loading and reading -----------------------------------------------------------
    def load(self) -> TimerView:
        """Read the timer and agenda from the file; catch up on auto-advance that fell due."""
        now = self._now()
        with self._ef.session() as s:
            state = _state_row(s)
            items = _ordered(s)
            timer = _timer_from_row(state, items)
            announced = state.updated_at
            baseline = None
            if announced is not None and timer.phase is not Phase.IDLE:
                baseline = timer.snapshot(min(announced, now))
            self._auto_advance = bool(state.auto_advance)
            self._muted = bool(state.muted)
            timer, baseline, advanced = self._catch_up(items, timer, now, baseline)
            if advanced or state.agenda_item_id != timer.item_id:
                _write_row(state, timer, now)
            self._remember(state, items, timer)
        self._baseline = baseline
        return self.snapshot()

    def snapshot(self) -> TimerView:
        """The view at this instant, computed from the stored anchors and the clock."""
        return self._view(self._timer.snapshot(self._now()))

    def tick(self) -> TickResult:
        """Call this often; it advances when due and reports new cues once. Idempotent."""
        now = self._now()
        events, self._pending = self._pending, []
        advanced = False
        wrote = False
        due = self._timer.due_at()
        if self._auto_advance and due is not None and due <= now and self._has_next():
            with self._ef.session() as s:
                state = _state_row(s)
                items = _ordered(s)
                timer = _timer_from_row(state, items)
                self._auto_advance = bool(state.auto_advance)
                timer, self._baseline, advanced = self._catch_up(items, timer, now, self._baseline)
                if advanced:
                    _write_row(state, timer, now)
                    wrote = True
                self._remember(state, items, timer)
            events, self._pending = events + self._pending, []
        current = self._timer.snapshot(now)
        fired = cues_between(self._baseline, current)
        self._baseline = current
        view = self._view(current)
        events += [CueEvent(c, current.item_id, view.sound_on) for c in fired]
        if fired and not wrote:
            self._mark_announced(now)
        return TickResult(view=view, cues=tuple(events), advanced=advanced)

    # -- commands ----------------------------------------------------------------------
    def start(self) -> TimerView:
        """Start the current item (or resume it when paused)."""
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            self._require_item(t)
            new = t.start(now)
            if t.phase in (Phase.IDLE, Phase.STOPPED):
                _begin(self._item(items, t.item_id), now)
            return new
        return self._command("start", change)

    def pause(self) -> TimerView:
        return self._command("pause", lambda s, items, t, now: t.pause(now))

    def resume(self) -> TimerView:
        return self._command("resume", lambda s, items, t, now: t.resume(now))

    def toggle(self) -> TimerView:
        """The space bar: pause when running, otherwise start or resume."""
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            if t.phase is Phase.RUNNING:
                return t.pause(now)
            self._require_item(t)
            if t.phase in (Phase.IDLE, Phase.STOPPED):
                _begin(self._item(items, t.item_id), now)
            return t.start(now)
        return self._command("toggle", change)

    def adjust(self, seconds: float) -> TimerView:
        """±1 or ±5 minutes (any amount) while running or paused; see RoundTimer.adjust."""
        return self._command("adjust", lambda s, items, t, now: t.adjust(seconds, now))

    def stop(self) -> TimerView:
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            if t.phase in (Phase.RUNNING, Phase.PAUSED):
                self._item(items, t.item_id).actual_end = now
            return t.stop(now)
        return self._command("stop", change)

    def restart(self) -> TimerView:
        """Start the current item again from its planned duration."""
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            self._require_item(t)
            _begin(self._item(items, t.item_id), now)
            return t.restart(now)
        return self._command("restart", change)

    def next(self) -> TimerView:
        """End the current item; the next one starts at once if the timer was running or
        paused, or is only selected if it was idle or stopped. On the last item: stop."""
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            index = _index(items, t.item_id)
            if index is None:
                return t
            active = t.phase in (Phase.RUNNING, Phase.PAUSED)
            if active:
                items[index].actual_end = now
                t = t.stop(now)
            if index + 1 >= len(items):
                return t
            following = items[index + 1]
            new = _idle(following)
            if active:
                _begin(following, now)
                new = new.restart(now)
            return new
        return self._command("next", change)

    def previous(self) -> TimerView:
        """Select the previous item, idle. A running or paused current item is set back to
        "not started" (going back means it has not really happened yet); on the first item
        this just resets it."""
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            index = _index(items, t.item_id)
            if index is None:
                return t
            if t.phase in (Phase.RUNNING, Phase.PAUSED):
                items[index].actual_start = None
                items[index].actual_end = None
            return _idle(items[max(0, index - 1)])
        return self._command("previous", change)

    def select(self, item_id: int) -> TimerView:
        """Jump to an item (idle); a running or paused current item ends now."""
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            target = self._item(items, item_id)
            if target.id == t.item_id:
                return t
            if t.phase in (Phase.RUNNING, Phase.PAUSED):
                self._item(items, t.item_id).actual_end = now
            return _idle(target)
        return self._command("select", change)

    def set_auto_advance(self, on: bool) -> TimerView:
        """Turned on during overtime, the next item starts now (the overtime was meant)."""
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            state = _state_row(s)
            state.auto_advance = bool(on)
            self._auto_advance = bool(on)
            index = _index(items, t.item_id)
            if (on and t.phase is Phase.RUNNING and t.remaining_seconds(now) <= 0
                    and index is not None and index + 1 < len(items)):
                items[index].actual_end = now
                _begin(items[index + 1], now)
                return _idle(items[index + 1]).restart(now)
            return t
        return self._command("auto_advance", change)

    def set_muted(self, muted: bool) -> TimerView:
        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            _state_row(s).muted = bool(muted)
            return t
        return self._command("muted", change)

    def set_message(self, message: str) -> TimerView:
        """The overlay text on the projector; "" hides it."""
        text = (message or "").strip()
        if len(text) > MAX_MESSAGE:
            raise ValidationError(field="message", detail="too_long", max=MAX_MESSAGE)

        def change(s: Session, items: list[AgendaItem], t: RoundTimer, now: datetime) -> RoundTimer:
            _state_row(s).message = text
            return t
        return self._command("message", change)

    def event_zone(self) -> tzinfo:
        """The event's own zone: the run-sheet's HH:MM and the wall clock are read in it."""
        from gdb_facilitator.core import timezones
        from gdb_facilitator.core.services.event import event_timezone

        return timezones.zone(event_timezone(self._ef))

    # -- plan versus actual --------------------------------------------------------------
    def plan_vs_actual(self, tz: tzinfo | None = None) -> list[PlanVsActualRow]:
        """Each agenda item's plan and what happened; ``tz`` is the local zone of the
        planned HH:MM times (default: the event's own zone)."""
        tz = tz or self.event_zone()
        with self._ef.session() as s:
            return [_plan_row(n, item, tz) for n, item in enumerate(_ordered(s))]

    def export_plan_vs_actual_csv(self, path: str | os.PathLike[str], tz: tzinfo | None = None,
                                  headers: Sequence[str] | None = None) -> Path:
        """Write :meth:`plan_vs_actual` as an Excel-friendly CSV (UTF-8 with BOM, ``;``).

        ``headers`` are the translated column titles (default: :data:`CSV_COLUMNS`).
        Cells that a spreadsheet would run as a formula get a leading apostrophe. The
        file is written beside the target and moved into place, so a crash never leaves
        half a file under the target name.
        """
        header = list(headers) if headers is not None else list(CSV_COLUMNS)
        if len(header) != len(CSV_COLUMNS):
            raise ValueError(f"need {len(CSV_COLUMNS)} headers")
        tz = tz or self.event_zone()
        rows = [header] + [_csv_cells(r, tz) for r in self.plan_vs_actual(tz)]
        def write(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
                writer.writerows([[neutralise(c) for c in row] for row in rows])

        return write_atomically(path, write)

    # -- internals -----------------------------------------------------------------------
    def _command(self, name: str, change: _Change) -> TimerView:
        if self._ef.readonly:
            # A read-only session rolls back silently; a timer that forgets is worse than an error.
            raise EventFileError("event_not_writable", path=str(self._ef.path), reason="read-only")
        now = self._now()
        with self._ef.session() as s:
            state = _state_row(s)
            items = _ordered(s)
            timer = _timer_from_row(state, items)
            self._auto_advance = bool(state.auto_advance)
            # A command right when an item ran out applies to the item that follows it.
            timer, self._baseline, _ = self._catch_up(items, timer, now, self._baseline)
            timer = change(s, items, timer, now)
            _write_row(state, timer, now)
            self._remember(state, items, timer)
        log.info("timer %s: item %s is %s", name, self._timer.item_id, self._timer.phase.value)
        return self.snapshot()

    def _catch_up(self, items: list[AgendaItem], timer: RoundTimer, now: datetime,
                  baseline: TimerSnapshot | None) -> tuple[RoundTimer, TimerSnapshot | None, bool]:
        """Start each following item at the instant the one before ran out, up to now.

        Only the end of the last item that ran out is reported as a cue; the items the
        app slept through are not worth a gong each.
        """
        if not self._auto_advance:
            return timer, baseline, False
        ended: CueEvent | None = None
        advanced = False
        while timer.phase is Phase.RUNNING and timer.deadline is not None and timer.deadline <= now:
            index = _index(items, timer.item_id)
            if index is None or index + 1 >= len(items):
                break
            end = timer.deadline
            if Cue.END in cues_between(baseline, timer.snapshot(end)):
                sound = items[index].sound and not self._muted
                ended = CueEvent(Cue.END, timer.item_id, bool(sound))
            items[index].actual_end = end
            following = items[index + 1]
            _begin(following, end)
            timer = _idle(following).restart(end)
            baseline = None
            advanced = True
        if ended is not None:
            self._pending.append(ended)
        if advanced:
            log.info("auto-advance to item %s", timer.item_id)
        return timer, baseline, advanced

    def _mark_announced(self, now: datetime) -> None:
        with self._ef.session() as s:
            _state_row(s).updated_at = now

    def _remember(self, state: TimerState, items: list[AgendaItem], timer: RoundTimer) -> None:
        self._timer = timer
        self._items = tuple(to_dto(i) for i in items)
        self._auto_advance = bool(state.auto_advance)
        self._muted = bool(state.muted)
        self._message = state.message or ""

    def _has_next(self) -> bool:
        ids = [i.id for i in self._items]
        return self._timer.item_id in ids and ids.index(self._timer.item_id) + 1 < len(ids)

    def _view(self, snap: TimerSnapshot) -> TimerView:
        ids = [i.id for i in self._items]
        index = ids.index(snap.item_id) if snap.item_id in ids else None
        item = self._items[index] if index is not None else None
        following = self._items[index + 1] if index is not None and index + 1 < len(ids) else None
        return TimerView(timer=snap, item=item, next_item=following, index=index,
                         count=len(ids), auto_advance=self._auto_advance, muted=self._muted,
                         message=self._message)

    @staticmethod
    def _require_item(timer: RoundTimer) -> None:
        if timer.item_id is None:
            raise DomainError("agenda_empty")

    @staticmethod
    def _item(items: list[AgendaItem], item_id: int | None) -> AgendaItem:
        for item in items:
            if item.id == item_id:
                return item
        raise DomainError("agenda_item_missing", id=item_id)


# -- plan versus actual helpers ------------------------------------------------------

def _plan_row(position: int, item: AgendaItem, tz: tzinfo | None) -> PlanVsActualRow:
    start, end = item.actual_start, item.actual_end
    actual = (end - start).total_seconds() if start and end else None
    planned = int(item.duration_seconds or 0)
    start_delta = None
    if start is not None and item.planned_start:
        local = start.astimezone(tz)
        hour, minute = (int(p) for p in item.planned_start.split(":"))
        planned_at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        start_delta = (local - planned_at).total_seconds()
        # A run-sheet crossing midnight: take the nearer day.
        if start_delta > 12 * 3600:
            start_delta -= 24 * 3600
        elif start_delta < -12 * 3600:
            start_delta += 24 * 3600
    return PlanVsActualRow(
        item_id=item.id, position=position, title=item.title, kind=item.kind or AgendaKind.PLENARY,
        planned_start=item.planned_start, planned_seconds=planned, actual_start=start,
        actual_end=end, actual_seconds=actual,
        delta_seconds=None if actual is None else actual - planned,
        start_delta_seconds=start_delta)


def format_duration(seconds: float | None, signed: bool = False) -> str:
    """``H:MM:SS`` (rounded to whole seconds); ``signed`` adds + or -."""
    if seconds is None:
        return ""
    total = round(seconds)
    sign = "-" if total < 0 else "+"
    total = abs(total)
    text = f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return (sign + text) if signed else text


def _csv_cells(row: PlanVsActualRow, tz: tzinfo | None) -> list[str]:
    def clock_time(value: datetime | None) -> str:
        return value.astimezone(tz).strftime("%H:%M:%S") if value is not None else ""

    return [
        str(row.position + 1), row.title, row.kind.value, row.planned_start or "",
        format_duration(row.planned_seconds), clock_time(row.actual_start),
        clock_time(row.actual_end), format_duration(row.actual_seconds),
        format_duration(row.delta_seconds, signed=True),
        format_duration(row.start_delta_seconds, signed=True),
    ]
