"""The tables of a round as a list model: which ones still miss their results.

Holds frozen :class:`ResultListRow` snapshots. A refresh with the same tables only
repaints the rows that changed, so the selection stays on the table being typed in.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from gdb_facilitator.core.services.results import ResultListRow
from gdb_facilitator.messages import QT_TRANSLATE_NOOP
from gdb_facilitator.ui.i18n import plural

RowRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

DONE_COLOUR = "#1B7F3B"
MISSING_COLOUR = "#9E9E9E"


def status_icon(done: bool, size: int = 16) -> QIcon:
    """A filled green disc with a tick for recorded tables, an empty ring for missing ones."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if done:
        painter.setBrush(QColor(DONE_COLOUR))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, size - 2, size - 2)
        pen = QPen(QColor("white"), size / 8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(int(size * 0.28), int(size * 0.52), int(size * 0.44), int(size * 0.68))
        painter.drawLine(int(size * 0.44), int(size * 0.68), int(size * 0.73), int(size * 0.34))
    else:
        pen = QPen(QColor(MISSING_COLOUR), size / 9)
        painter.setPen(pen)
        painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)


def row_text(row: ResultListRow) -> str:
    head = QCoreApplication.translate("ResultsList", "Table {number}").format(number=row.number)
    if row.name:
        head = f"{head} · {row.name}"
    if row.done:
        # Said done by the table's host (phone or laptop): its sheet can be printed.
        head = f"{head} · " + QCoreApplication.translate("ResultsList", "done ✓")
    return f"{head}\n{row.topic_title}" if row.topic_title else head


class ResultListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[ResultListRow] = []
        self._icons = {True: status_icon(True), False: status_icon(False)}

    def set_rows(self, rows: list[ResultListRow]) -> None:
        if [r.table_id for r in rows] == [r.table_id for r in self._rows]:
            for i, row in enumerate(rows):
                if row != self._rows[i]:
                    self._rows[i] = row
                    self.dataChanged.emit(self.index(i), self.index(i))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ResultListRow]:
        return list(self._rows)

    def row_for_table(self, table_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.table_id == table_id), None)

    @property
    def recorded(self) -> int:
        return sum(r.has_result for r in self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row_text(row)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[row.has_result]
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.done:
                return QCoreApplication.translate("ResultsList", "The table said it is done; its sheet can be printed")
            if row.has_result:
                return plural("ResultsList", QT_TRANSLATE_NOOP("ResultsList", "Results recorded, one idea"),
                              QT_TRANSLATE_NOOP("ResultsList", "Results recorded, {n} ideas"), row.ideas)
            return QCoreApplication.translate("ResultsList", "No results recorded yet")
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return (QCoreApplication.translate("ResultsList", "recorded") if row.has_result
                    else QCoreApplication.translate("ResultsList", "missing"))
        if role == Qt.ItemDataRole.FontRole and not row.has_result:
            font = QFont()
            font.setBold(True)
            return font
        if role == RowRole:
            return row
        if role == IdRole:
            return row.table_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
