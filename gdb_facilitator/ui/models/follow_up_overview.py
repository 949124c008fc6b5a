"""Every idea of the event with its check-in status, and the counts by table and topic.

:class:`OverviewModel` holds flat, frozen :class:`OverviewRow` snapshots made from
``follow_up.overview``; :class:`OverviewFilter` narrows them by status, table and topic.
:class:`SummaryModel` shows ``StatusCounts`` rows (one per table or topic). The status
words and colours live here once, so the check-in form, the overview and the summary
speak alike; the colours are those of the printed report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from gdb_facilitator.core.db.models import IdeaStatus
from gdb_facilitator.core.services.follow_up import STATUS_ORDER, OverviewTeam, StatusCounts


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


Index = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1
CodeRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3

# The same colours as the printed report (core.report.render.STATUS_COLOURS; a test
# keeps them in step): the screen and the paper show a status alike.
STATUS_COLOURS: dict[IdeaStatus, str] = {
    IdeaStatus.DONE: "#009E73",
    IdeaStatus.IN_PROGRESS: "#0072B2",
    IdeaStatus.NOT_STARTED: "#E69F00",
    IdeaStatus.DROPPED: "#6B6B6B",
    IdeaStatus.OPEN: "#C8CCD0",
}
_STATUS_WORDS: dict[IdeaStatus, str] = {
    IdeaStatus.DONE: QT_TRANSLATE_NOOP("FollowUpStatus", "done"),
    IdeaStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("FollowUpStatus", "in progress"),
    IdeaStatus.NOT_STARTED: QT_TRANSLATE_NOOP("FollowUpStatus", "not started"),
    IdeaStatus.DROPPED: QT_TRANSLATE_NOOP("FollowUpStatus", "dropped"),
    IdeaStatus.OPEN: QT_TRANSLATE_NOOP("FollowUpStatus", "no report yet"),
}


def status_name(status: IdeaStatus) -> str:
    return QCoreApplication.translate("FollowUpStatus", _STATUS_WORDS[status])


_ICONS: dict[IdeaStatus, QIcon] = {}


def status_icon(status: IdeaStatus, size: int = 12) -> QIcon:
    """A small disc in the status colour (a ring for "no report yet")."""
    if status not in _ICONS:
        pixmap = QPixmap(size * 2, size * 2)
        pixmap.setDevicePixelRatio(2.0)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(STATUS_COLOURS[status])
        if status is IdeaStatus.OPEN:
            painter.setPen(colour.darker(130))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
        painter.drawEllipse(1, 1, size - 2, size - 2)
        painter.end()
        _ICONS[status] = QIcon(pixmap)
    return _ICONS[status]


@dataclass(frozen=True)
class OverviewRow:
    code: str
    table_number: int
    table_name: str
    round_number: int | None
    topic: str
    idea_id: int | None  # None: a team without ideas, listed so it is not forgotten
    idea_number: int
    title: str
    status: IdeaStatus
    progress: int
    reports: int
    last_reported_on: date | None

    @property
    def table_label(self) -> str:
        return f"{self.table_number} · {self.table_name}" if self.table_name else str(self.table_number)


def rows_from(teams: tuple[OverviewTeam, ...]) -> list[OverviewRow]:
    rows: list[OverviewRow] = []
    for team in teams:
        if not team.ideas:
            rows.append(OverviewRow(team.code, team.table_number, team.table_name, team.round_number,
                                    team.topic, None, 0, "", IdeaStatus.OPEN, 0, 0, None))
        for number, idea in enumerate(sorted(team.ideas, key=lambda i: (i.position, i.id)), start=1):
            rows.append(OverviewRow(team.code, team.table_number, team.table_name, team.round_number,
                                    team.topic, idea.id, number, idea.title, idea.status, idea.progress,
                                    idea.reports, idea.last_reported_on))
    return rows


class OverviewModel(QAbstractTableModel):
    COLUMNS: tuple[tuple[str, str], ...] = (
        ("table", QT_TRANSLATE_NOOP("FollowUpOverview", "Table")),
        ("round", QT_TRANSLATE_NOOP("FollowUpOverview", "Round")),
        ("topic", QT_TRANSLATE_NOOP("FollowUpOverview", "Topic")),
        ("idea", QT_TRANSLATE_NOOP("FollowUpOverview", "Idea")),
        ("status", QT_TRANSLATE_NOOP("FollowUpOverview", "Status")),
        ("progress", QT_TRANSLATE_NOOP("FollowUpOverview", "Progress")),
        ("reports", QT_TRANSLATE_NOOP("FollowUpOverview", "Reports")),
        ("last", QT_TRANSLATE_NOOP("FollowUpOverview", "Latest report")),
    )
    KEYS = tuple(key for key, _label in COLUMNS)

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[OverviewRow] = []
        self.date_format = "%d.%m.%Y"

    def set_rows(self, rows: list[OverviewRow]) -> None:
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> OverviewRow:
        return self._rows[row]

    @property
    def rows(self) -> list[OverviewRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("FollowUpOverview", self.COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = self.KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == SortRole:
            return self._sort_value(row, key)
        if role == CodeRole:
            return row.code
        if role == StatusRole:
            return row.status
        if role == Qt.ItemDataRole.DecorationRole and key == "status" and row.idea_id is not None:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("table", "round", "progress", "reports"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.idea_id is None:
            return QBrush(QColor("#757575"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "idea" and row.title:
                return row.title
            if key == "topic" and row.topic:
                return row.topic
            if key == "table":
                return row.table_label
        return None

    def _display(self, row: OverviewRow, key: str) -> Any:
        if key == "table":
            return row.table_number
        if key == "round":
            return row.round_number if row.round_number is not None else "–"
        if key == "topic":
            return row.topic or "–"
        if key == "idea":
            if row.idea_id is None:
                return QCoreApplication.translate("FollowUpOverview", "(no ideas recorded)")
            return f"{row.idea_number}. {row.title}" if row.title else QCoreApplication.translate(
                "FollowUpOverview", "{number}. (untitled)").format(number=row.idea_number)
        if row.idea_id is None:
            return ""
        if key == "status":
            return status_name(row.status)
        if key == "progress":
            return f"{row.progress} %"
        if key == "reports":
            return row.reports or ""
        if key == "last":
            return row.last_reported_on.strftime(self.date_format) if row.last_reported_on else ""
        return None

    def _sort_value(self, row: OverviewRow, key: str) -> Any:
        place = (row.round_number or 0, row.table_number, row.idea_number)
        if key == "status":
            return (STATUS_ORDER.index(row.status), *place)
        if key == "progress":
            return (row.progress, *place)
        if key == "reports":
            return (row.reports, *place)
        if key == "last":
            return (row.last_reported_on or date.min, *place)
        if key == "topic":
            return (row.topic.casefold(), *place)
        if key == "idea":
            return (row.title.casefold(), *place)
        if key == "round":
            return (row.round_number or 0, row.table_number, row.idea_number)
        return (row.table_number, row.round_number or 0, row.idea_number)


class OverviewFilter(QSortFilterProxyModel):
    """Rows of one status, table and topic; None means any."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._status: IdeaStatus | None = None
        self._table: int | None = None
        self._topic: str | None = None

    def set_filters(self, status: IdeaStatus | None, table: int | None, topic: str | None) -> None:
        if (status, table, topic) == (self._status, self._table, self._topic):
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter is deprecated there
            self.beginFilterChange()
            self._status, self._table, self._topic = status, table, topic
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._status, self._table, self._topic = status, table, topic
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, OverviewModel)
        row = model.row_at(source_row)
        if self._table is not None and row.table_number != self._table:
            return False
        if self._topic is not None and row.topic != self._topic:
            return False
        if self._status is not None and (row.idea_id is None or row.status is not self._status):
            return False
        return True

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        return left.data(SortRole) < right.data(SortRole)


class SummaryModel(QAbstractTableModel):
    """One row per table (or topic): how many ideas have each status, and the total."""

    def __init__(self, first_header: str, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.first_header = first_header
        self._rows: tuple[StatusCounts, ...] = ()
        self._total: StatusCounts | None = None

    def set_rows(self, rows: tuple[StatusCounts, ...], total: StatusCounts | None = None) -> None:
        self.beginResetModel()
        self._rows = rows
        self._total = total
        self.endResetModel()

    def _all(self) -> list[StatusCounts]:
        return [*self._rows, *([self._total] if self._total is not None and self._rows else [])]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._all())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2 + len(STATUS_ORDER)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return self.first_header
            if section == 1:
                return QCoreApplication.translate("FollowUpOverview", "Ideas")
            # The status columns show only their colour (the legend is above the tables):
            # five translated words side by side would leave no room for the names.
            return None
        if role == Qt.ItemDataRole.DecorationRole and section >= 2:
            return status_icon(STATUS_ORDER[section - 2], 14)
        if role == Qt.ItemDataRole.ToolTipRole and section >= 2:
            return status_name(STATUS_ORDER[section - 2])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rows = self._all()
        counts = rows[index.row()]
        is_total = self._total is not None and index.row() == len(rows) - 1
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if is_total:
                    return QCoreApplication.translate("FollowUpOverview", "Total")
                return counts.label or QCoreApplication.translate("FollowUpOverview", "(no topic)")
            if column == 1:
                return counts.total
            return counts.get(STATUS_ORDER[column - 2]) or "·"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and counts.label:
            return counts.label
        return None
