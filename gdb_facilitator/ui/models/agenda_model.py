"""The run-sheet and the "how did we do" list as Qt table models over frozen snapshots.

:class:`AgendaTableModel` holds :class:`AgendaItemDTO` rows; edits in a cell are not
written here but handed to an ``edit`` callback (the agenda editor turns them into undo
commands), and the model is refilled from the service afterwards. The item the timer is
on is marked (bold, tinted by its warning level) so the facilitator finds it at a glance.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from gdb_facilitator.ui import event_time
from gdb_facilitator.core.algorithms.timer import Level, Phase
from gdb_facilitator.core.db.models import AgendaKind
from gdb_facilitator.core.services.agenda import AgendaItemDTO
from gdb_facilitator.core.services.timer import PlanVsActualRow, format_duration

Index = QModelIndex | QPersistentModelIndex

COL_START, COL_TITLE, COL_KIND, COL_DURATION, COL_ACTUAL_START, COL_ACTUAL_END = range(6)
COLUMN_COUNT = 6
EDITABLE_COLUMNS = {COL_START: "planned_start", COL_TITLE: "title", COL_KIND: "kind",
                    COL_DURATION: "duration_seconds"}

ItemRole = Qt.ItemDataRole.UserRole + 1  # the AgendaItemDTO
IdRole = Qt.ItemDataRole.UserRole + 2

# Row tints for the current item, light enough for black text.
CURRENT_TINT = {
    Level.NORMAL: QColor("#D8F3DC"),
    Level.WRAP_UP: QColor("#FFF3BF"),
    Level.DANGER: QColor("#FFD6D6"),
    Level.OVERTIME: QColor("#FFB3B3"),
}

EditFn = Callable[[AgendaItemDTO, str, Any], bool]


def kind_label(kind: AgendaKind) -> str:
    return {
        AgendaKind.PLENARY: QCoreApplication.translate("AgendaTable", "Plenary"),
        AgendaKind.INPUT: QCoreApplication.translate("AgendaTable", "Input talk"),
        AgendaKind.GROUP_WORK: QCoreApplication.translate("AgendaTable", "Group work"),
        AgendaKind.BREAK: QCoreApplication.translate("AgendaTable", "Break"),
    }[kind]


def minutes_text(seconds: float | None) -> str:
    """A duration as people write it on a run-sheet: "20 min", "1 h 30 min", "2:30 min"."""
    if seconds is None:
        return ""
    total = int(round(seconds))
    minutes, rest = divmod(total, 60)
    if rest:
        return QCoreApplication.translate("AgendaTable", "{minutes}:{seconds} min").format(minutes=minutes, seconds=f"{rest:02d}")
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return QCoreApplication.translate("AgendaTable", "{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    if hours:
        return QCoreApplication.translate("AgendaTable", "{hours} h").format(hours=hours)
    return QCoreApplication.translate("AgendaTable", "{minutes} min").format(minutes=minutes)


def clock_text(value: datetime | None) -> str:
    return event_time.hhmm(value)


class AgendaTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._items: list[AgendaItemDTO] = []
        self._current: int | None = None
        self._level = Level.NORMAL
        self._phase = Phase.IDLE
        self._edit: EditFn | None = None
        self._headers = [QCoreApplication.translate("AgendaTable", "Start"), QCoreApplication.translate("AgendaTable", "Agenda item"), QCoreApplication.translate("AgendaTable", "Kind"), QCoreApplication.translate("AgendaTable", "Duration"),
                         QCoreApplication.translate("AgendaTable", "Began"), QCoreApplication.translate("AgendaTable", "Ended")]

    def set_edit_handler(self, edit: EditFn) -> None:
        self._edit = edit

    # -- filling -------------------------------------------------------------------
    def set_items(self, items: list[AgendaItemDTO]) -> None:
        if [i.id for i in items] == [i.id for i in self._items]:
            for row, item in enumerate(items):
                if item != self._items[row]:
                    self._items[row] = item
                    self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))
            return
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def set_current(self, item_id: int | None, level: Level, phase: Phase) -> None:
        """Mark the timer's item; repaints only the rows whose look changes."""
        if (item_id, level, phase) == (self._current, self._level, self._phase):
            return
        rows = {self.row_for_id(self._current), self.row_for_id(item_id)}
        self._current, self._level, self._phase = item_id, level, phase
        for row in rows:
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    # -- access --------------------------------------------------------------------
    def items(self) -> list[AgendaItemDTO]:
        return list(self._items)

    def item_at(self, row: int) -> AgendaItemDTO:
        return self._items[row]

    def row_for_id(self, item_id: int | None) -> int | None:
        if item_id is None:
            return None
        return next((n for n, i in enumerate(self._items) if i.id == item_id), None)

    @property
    def current_id(self) -> int | None:
        return self._current

    # -- QAbstractTableModel ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.planned_start or "", item.title, kind_label(item.kind),
                    minutes_text(item.duration_seconds), clock_text(item.actual_start),
                    clock_text(item.actual_end))[col]
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_START:
                return item.planned_start or ""
            if col == COL_TITLE:
                return item.title
            if col == COL_KIND:
                return item.kind.value
            if col == COL_DURATION:
                return item.duration_seconds // 60
            return None
        if role == ItemRole:
            return item
        if role == IdRole:
            return item.id
        current = item.id == self._current
        if role == Qt.ItemDataRole.BackgroundRole and current and self._phase is not Phase.IDLE:
            return CURRENT_TINT[self._level]
        if role == Qt.ItemDataRole.BackgroundRole and current:
            return QColor("#E3ECFA")
        if role == Qt.ItemDataRole.ForegroundRole and current:
            return QColor("#000000")
        if role == Qt.ItemDataRole.FontRole and current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_TITLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE and item.notes:
            return item.notes
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._edit is None:
            return False
        field = EDITABLE_COLUMNS.get(index.column())
        if field is None:
            return False
        item = self._items[index.row()]
        if field == "duration_seconds":
            try:
                value = int(value) * 60
            except (TypeError, ValueError):
                return False
            if value == item.duration_seconds:
                return False
        elif field == "kind":
            value = AgendaKind(value)
            if value is item.kind:
                return False
        elif field == "planned_start":
            value = str(value).strip() or None
            if value == item.planned_start:
                return False
        elif str(value) == item.title:
            return False
        return self._edit(item, field, value)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE_COLUMNS and self._edit is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


# -- how did we do -------------------------------------------------------------------

(P_TITLE, P_PLANNED_START, P_ACTUAL_START, P_START_DELTA, P_PLANNED, P_ACTUAL,
 P_DELTA) = range(7)
PLAN_COLUMN_COUNT = 7


def plan_headers() -> list[str]:
    return [QCoreApplication.translate("AgendaTable", "Agenda item"), QCoreApplication.translate("AgendaTable", "Planned start"), QCoreApplication.translate("AgendaTable", "Actual start"), QCoreApplication.translate("AgendaTable", "Late by"),
            QCoreApplication.translate("AgendaTable", "Planned"), QCoreApplication.translate("AgendaTable", "Actual"), QCoreApplication.translate("AgendaTable", "Longer by")]


def csv_headers() -> list[str]:
    """Translated titles for TimerService.export_plan_vs_actual_csv (its CSV_COLUMNS order)."""
    return [QCoreApplication.translate("AgendaTable", "No."), QCoreApplication.translate("AgendaTable", "Agenda item"), QCoreApplication.translate("AgendaTable", "Kind"), QCoreApplication.translate("AgendaTable", "Planned start"), QCoreApplication.translate("AgendaTable", "Planned duration"),
            QCoreApplication.translate("AgendaTable", "Actual start"), QCoreApplication.translate("AgendaTable", "Actual end"), QCoreApplication.translate("AgendaTable", "Actual duration"),
            QCoreApplication.translate("AgendaTable", "Difference in duration"), QCoreApplication.translate("AgendaTable", "Difference in start")]


def _signed_minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    if minutes == 0:
        return "±0"
    return f"{minutes:+d}".replace("-", "−") + " " + QCoreApplication.translate("AgendaTable", "min")


class PlanActualModel(QAbstractTableModel):
    """Plan next to reality for each item; late or long shows red, early or short green."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[PlanVsActualRow] = []
        self._headers = plan_headers()

    def set_rows(self, rows: list[PlanVsActualRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PlanVsActualRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else PLAN_COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.planned_start or "", clock_text(row.actual_start),
                    _signed_minutes(row.start_delta_seconds), minutes_text(row.planned_seconds),
                    minutes_text(row.actual_seconds), _signed_minutes(row.delta_seconds))[col]
        if role == Qt.ItemDataRole.ForegroundRole and col in (P_START_DELTA, P_DELTA):
            value = row.start_delta_seconds if col == P_START_DELTA else row.delta_seconds
            if value is not None and abs(value) >= 60:
                return QColor("#B00020") if value > 0 else QColor("#1B5E20")
        if role == Qt.ItemDataRole.TextAlignmentRole and col != P_TITLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (P_DELTA, P_START_DELTA):
            value = row.delta_seconds if col == P_DELTA else row.start_delta_seconds
            return format_duration(value, signed=True) if value is not None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
