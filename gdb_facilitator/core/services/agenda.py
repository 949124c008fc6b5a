"""The agenda (run-sheet): create, edit, reorder and delete its items.

Every public function is one unit of work (one ``with ef.session()``) and returns frozen
:class:`AgendaItemDTO` snapshots. Bad input raises :class:`ValidationError` with a field
and a detail code; nothing is written then.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gdb_facilitator.core.algorithms.timer import MAX_DURATION_SECONDS, Thresholds
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import AgendaItem, AgendaKind, Round, TimerPhase, TimerState
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services.lookup import get_or_missing

log = logging.getLogger(__name__)

MAX_TITLE = 300
# "9:05", "09:05" and the German habit "9.05" all mean five past nine.
_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")

EDITABLE_FIELDS = frozenset({
    "title", "kind", "planned_start", "duration_seconds", "round_id", "wrap_up_seconds",
    "wrap_up_percent", "danger_seconds", "sound", "notes",
})


@dataclass(frozen=True)
class AgendaItemDTO:
    id: int
    position: int  # 0-based order on the run-sheet
    title: str
    kind: AgendaKind
    planned_start: str | None  # "HH:MM" local time
    duration_seconds: int
    round_id: int | None
    wrap_up_seconds: int | None  # None: default
    wrap_up_percent: int | None
    danger_seconds: int | None
    sound: bool
    actual_start: datetime | None  # UTC
    actual_end: datetime | None
    notes: str

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.wrap_up_seconds, self.wrap_up_percent, self.danger_seconds)


def to_dto(item: AgendaItem) -> AgendaItemDTO:
    return AgendaItemDTO(
        id=item.id, position=item.position, title=item.title, kind=item.kind or AgendaKind.PLENARY,
        planned_start=item.planned_start, duration_seconds=int(item.duration_seconds or 0),
        round_id=item.round_id, wrap_up_seconds=item.wrap_up_seconds,
        wrap_up_percent=item.wrap_up_percent, danger_seconds=item.danger_seconds,
        sound=bool(item.sound), actual_start=item.actual_start, actual_end=item.actual_end,
        notes=item.notes or "")


# -- validation ---------------------------------------------------------------------

def parse_hhmm(value: str | None, field: str = "planned_start") -> str | None:
    """``"9.5"``-proof parsing of a time of day; returns ``"HH:MM"`` or None for empty."""
    if value is None or not str(value).strip():
        return None
    m = _HHMM.match(str(value))
    if not m:
        raise ValidationError(field=field, detail="time_format", value=str(value))
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _int_in_range(value: Any, field: str, minimum: int, maximum: int,
                  optional: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise ValidationError(field=field, detail="required")
    if isinstance(value, bool):
        raise ValidationError(field=field, detail="out_of_range", minimum=minimum, maximum=maximum)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(field=field, detail="out_of_range", minimum=minimum,
                              maximum=maximum) from None
    if number != number or not minimum <= number <= maximum or number != int(number):
        raise ValidationError(field=field, detail="out_of_range", minimum=minimum, maximum=maximum)
    return int(number)


def _clean(fields: dict[str, Any], s: Session) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "title":
            title = " ".join(str(value or "").split())
            if not title:
                raise ValidationError(field="title", detail="required")
            if len(title) > MAX_TITLE:
                raise ValidationError(field="title", detail="too_long", max=MAX_TITLE)
            out[key] = title
        elif key == "kind":
            try:
                out[key] = value if isinstance(value, AgendaKind) else AgendaKind(value)
            except ValueError:
                raise ValidationError(field="kind", detail="choice") from None
        elif key == "planned_start":
            out[key] = parse_hhmm(value)
        elif key == "duration_seconds":
            out[key] = _int_in_range(value, key, 0, MAX_DURATION_SECONDS)
        elif key in ("wrap_up_seconds", "danger_seconds"):
            out[key] = _int_in_range(value, key, 0, MAX_DURATION_SECONDS, optional=True)
        elif key == "wrap_up_percent":
            out[key] = _int_in_range(value, key, 0, 100, optional=True)
        elif key == "round_id":
            if value is not None and s.get(Round, value) is None:
                raise ValidationError(field="round_id", detail="choice")
            out[key] = value
        elif key == "sound":
            out[key] = bool(value)
        elif key == "notes":
            out[key] = str(value or "")
        else:
            raise TypeError(f"not editable: {key}")
    return out


# -- reading ------------------------------------------------------------------------

def _ordered(s: Session) -> list[AgendaItem]:
    return list(s.scalars(select(AgendaItem).order_by(AgendaItem.position, AgendaItem.id)))


def _get(s: Session, item_id: int) -> AgendaItem:
    return get_or_missing(s, AgendaItem, item_id, "agenda_item_missing")


def _renumber(items: Sequence[AgendaItem]) -> None:
    for index, item in enumerate(items):
        if item.position != index:
            item.position = index


def list_items(ef: EventFile) -> list[AgendaItemDTO]:
    """The run-sheet in its order."""
    with ef.session() as s:
        return [to_dto(i) for i in _ordered(s)]


def get_item(ef: EventFile, item_id: int) -> AgendaItemDTO:
    with ef.session() as s:
        return to_dto(_get(s, item_id))


# -- writing ------------------------------------------------------------------------

def add_item(
    ef: EventFile,
    *,
    title: str,
    duration_seconds: int,
    planned_start: str | None = None,
    kind: AgendaKind | str = AgendaKind.PLENARY,
    position: int | None = None,
    round_id: int | None = None,
    wrap_up_seconds: int | None = None,
    wrap_up_percent: int | None = None,
    danger_seconds: int | None = None,
    sound: bool = True,
    notes: str = "",
) -> AgendaItemDTO:
    """A new item at ``position`` (0-based; default: at the end)."""
    with ef.session() as s:
        values = _clean(dict(
            title=title, duration_seconds=duration_seconds, planned_start=planned_start, kind=kind,
            round_id=round_id, wrap_up_seconds=wrap_up_seconds, wrap_up_percent=wrap_up_percent,
            danger_seconds=danger_seconds, sound=sound, notes=notes), s)
        items = _ordered(s)
        index = len(items) if position is None else max(0, min(int(position), len(items)))
        item = AgendaItem(**values, position=index)
        s.add(item)
        items.insert(index, item)
        _renumber(items)
        s.flush()
        return to_dto(item)


def update_item(ef: EventFile, item_id: int, **fields: Any) -> AgendaItemDTO:
    """Change some of :data:`EDITABLE_FIELDS`; a running timer keeps its own deadline."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with ef.session() as s:
        item = _get(s, item_id)
        for key, value in _clean(fields, s).items():
            setattr(item, key, value)
        s.flush()
        return to_dto(item)


def move_item(ef: EventFile, item_id: int, new_position: int) -> list[AgendaItemDTO]:
    """Move one item to ``new_position`` (0-based, clamped); returns the new order."""
    with ef.session() as s:
        items = _ordered(s)
        item = _get(s, item_id)
        items.remove(item)
        items.insert(max(0, min(int(new_position), len(items))), item)
        _renumber(items)
        s.flush()
        return [to_dto(i) for i in items]


def reorder(ef: EventFile, item_ids: Sequence[int]) -> list[AgendaItemDTO]:
    """Put the items in exactly this order (a drag-and-drop result); every id once."""
    with ef.session() as s:
        items = {i.id: i for i in _ordered(s)}
        if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
            raise ValidationError(field="order", detail="choice")
        ordered = [items[i] for i in item_ids]
        _renumber(ordered)
        s.flush()
        return [to_dto(i) for i in ordered]


def delete_item(ef: EventFile, item_id: int) -> list[AgendaItemDTO]:
    """Remove an item; refused while the timer is running or paused on it."""
    with ef.session() as s:
        item = _get(s, item_id)
        state = s.get(TimerState, 1)
        if (state is not None and state.agenda_item_id == item_id
                and state.phase in (TimerPhase.RUNNING, TimerPhase.PAUSED)):
            raise DomainError("agenda_item_in_use", id=item_id, title=item.title)
        if state is not None and state.agenda_item_id == item_id:
            # The timer forgets a stopped or idle item; it goes on with the first one.
            state.agenda_item_id = None
            state.phase = TimerPhase.IDLE
            state.started_at = state.deadline = state.paused_at = None
            state.paused_total_seconds = 0.0
        s.delete(item)
        s.flush()
        items = _ordered(s)
        _renumber(items)
        s.flush()
        return [to_dto(i) for i in items]


def restore_item(ef: EventFile, snapshot: AgendaItemDTO) -> AgendaItemDTO:
    """Put a deleted item back (undo of :func:`delete_item`): same place, same values,
    same actual times, and the same id when it is free, so that other undo steps that
    name the item still find it."""
    with ef.session() as s:
        values = _clean(dict(
            title=snapshot.title, duration_seconds=snapshot.duration_seconds,
            planned_start=snapshot.planned_start, kind=snapshot.kind,
            round_id=snapshot.round_id if snapshot.round_id is None or s.get(Round, snapshot.round_id)
            else None,
            wrap_up_seconds=snapshot.wrap_up_seconds, wrap_up_percent=snapshot.wrap_up_percent,
            danger_seconds=snapshot.danger_seconds, sound=snapshot.sound, notes=snapshot.notes), s)
        items = _ordered(s)
        index = max(0, min(snapshot.position, len(items)))
        item = AgendaItem(**values, position=index, actual_start=snapshot.actual_start,
                          actual_end=snapshot.actual_end)
        if s.get(AgendaItem, snapshot.id) is None:
            item.id = snapshot.id
        s.add(item)
        items.insert(index, item)
        _renumber(items)
        s.flush()
        return to_dto(item)


def total_planned_seconds(ef: EventFile) -> int:
    with ef.session() as s:
        return int(s.scalar(select(func.coalesce(func.sum(AgendaItem.duration_seconds), 0))) or 0)
