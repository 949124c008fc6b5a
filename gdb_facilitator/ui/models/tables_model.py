"""Table models for the Preparation page, over frozen DTO snapshots.

:class:`SnapshotTableModel` holds a list of DTOs and describes its columns once; a cell
edit does not write anything itself but hands ``(row, column key, value)`` to an
``edit`` callback, which runs an undo command through the controller. The callback
returns False when the service refused the value (shown inline by the page), and the
cell keeps the stored value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from gdb_facilitator.core.services.tables import TableDTO
from gdb_facilitator.ui.i18n import plural

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2

EditFn = Callable[[Any, str, Any], bool]


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # marked with QT_TRANSLATE_NOOP by the subclass, translated on display
    editable: bool = False
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class SnapshotTableModel(QAbstractTableModel, Generic[T]):
    COLUMNS: tuple[Column, ...] = ()
    CONTEXT = "PreparationModels"

    def __init__(self, edit: EditFn | None = None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[T] = []
        self._edit = edit

    # -- filling -------------------------------------------------------------------
    def set_rows(self, rows: list[T]) -> None:
        if [r.id for r in rows] == [r.id for r in self._rows]:  # type: ignore[attr-defined]
            for i, row in enumerate(rows):
                if row != self._rows[i]:
                    self._rows[i] = row
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, i: int) -> T:
        return self._rows[i]

    def row_for_id(self, item_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == item_id), None)  # type: ignore[attr-defined]

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.COLUMNS) if c.key == key)

    # -- to override -------------------------------------------------------------------
    def display(self, row: T, key: str) -> Any:
        return getattr(row, key)

    def edit_value(self, row: T, key: str) -> Any:
        return getattr(row, key)

    def extra(self, row: T, key: str, role: int) -> Any:
        return None

    # -- QAbstractTableModel -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column.key)
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_value(row, column.key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == RowRole:
            return row
        if role == IdRole:
            return row.id  # type: ignore[attr-defined]
        return self.extra(row, column.key, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._edit is None:
            return False
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()].key
        if value == self.edit_value(row, key):
            return False
        return self._edit(row, key, value)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section].heading)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.COLUMNS[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class TablesModel(SnapshotTableModel[TableDTO]):
    COLUMNS = (
        Column("number", QT_TRANSLATE_NOOP("PreparationModels", "No."), True, _CENTER),
        Column("name", QT_TRANSLATE_NOOP("PreparationModels", "Name"), True),
        Column("topic_id", QT_TRANSLATE_NOOP("PreparationModels", "Topic"), True),
        Column("capacity", QT_TRANSLATE_NOOP("PreparationModels", "Seats"), True, _CENTER),
        Column("usage", QT_TRANSLATE_NOOP("PreparationModels", "In use")),
    )

    def display(self, row: TableDTO, key: str) -> Any:
        if key == "topic_id":
            return row.topic_title or QCoreApplication.translate("PreparationModels", "(chosen on the day)")
        if key == "usage":
            parts = []
            if row.seats_taken:
                parts.append(plural("PreparationModels", QT_TRANSLATE_NOOP("PreparationModels", "one seat planned"),
                                    QT_TRANSLATE_NOOP("PreparationModels", "{n} seats planned"), row.seats_taken))
            if row.results:
                parts.append(plural("PreparationModels", QT_TRANSLATE_NOOP("PreparationModels", "one result"),
                                    QT_TRANSLATE_NOOP("PreparationModels", "{n} results"), row.results))
            return ", ".join(parts)
        return getattr(row, key)

    def extra(self, row: TableDTO, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and key == "topic_id" and not row.topic_title:
            return QColor("#808080")
        return None
