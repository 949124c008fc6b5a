"""The attendee list as a Qt table model over frozen :class:`AttendeeRow` snapshots.

No widget per row and no live DB objects: the model holds a list of rows plus the
strings it displays, computed once per refresh, so 2,000 people scroll and filter
without lag. A refresh with the same people in the same order only repaints the rows
that changed (the selection and scroll position stay put during check-in).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from gdb_facilitator.ui import event_time
from gdb_facilitator.core.db.models import Role
from gdb_facilitator.core.services.attendees import AttendeeRow
from gdb_facilitator.core.services.desk import DeskSeat, DeskSeats
from gdb_facilitator.core.text import umlaut_spelling
from gdb_facilitator.ui.text import fold

COL_NAME, COL_ORGANISATION, COL_SECTOR, COL_ROLE, COL_TABLE, COL_ARRIVED, COL_STATUS = range(7)
COLUMN_COUNT = 7

RowRole = Qt.ItemDataRole.UserRole + 1  # the AttendeeRow
IdRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
SearchRole = Qt.ItemDataRole.UserRole + 4  # folded text the search matches against

STATUS_ARRIVED, STATUS_EXPECTED, STATUS_ABSENT = "arrived", "expected", "absent"
PIN = "\u2691"  # ⚑ in front of a pinned seat (a host's own table, a seat locked by hand)
NO_SECTOR = "\x00none"  # filter value for people without a sector

Index = QModelIndex | QPersistentModelIndex


def headers() -> list[str]:
    return [
        QCoreApplication.translate("AttendeeTable", "Name"),
        QCoreApplication.translate("AttendeeTable", "Organisation"),
        QCoreApplication.translate("AttendeeTable", "Sector"),
        QCoreApplication.translate("AttendeeTable", "Role"),
        QCoreApplication.translate("AttendeeTable", "Table"),
        QCoreApplication.translate("AttendeeTable", "Arrived"),
        QCoreApplication.translate("AttendeeTable", "Status"),
    ]


def table_heading(round_number: int | None) -> str:
    if round_number is None:
        return QCoreApplication.translate("AttendeeTable", "Table")
    return QCoreApplication.translate("AttendeeTable", "Table (round {number})").format(number=round_number)


def seat_label(seat: DeskSeat | None, seats: DeskSeats | None, row: AttendeeRow) -> str:
    """"4 · Panke" for the Arrival list; "not seated yet" where the plan has no seat."""
    if seat is not None:
        text = f"{seat.table_number} · {seat.table_name}" if seat.table_name else str(seat.table_number)
        return f"{PIN} {text}" if seat.pinned else text
    if seats is not None and seats.planned and not row.absent:
        return QCoreApplication.translate("AttendeeTable", "not seated yet")
    return ""


def seat_tooltip(seat: DeskSeat | None, seats: DeskSeats | None) -> str:
    if seat is None:
        if seats is not None and seats.planned:
            return QCoreApplication.translate(
                "AttendeeTable", "No seat in round {number} yet: “Seat now” gives them one, nobody else moves."
            ).format(number=seats.round_number)
        return ""
    lines = [seat.topic] if seat.topic else []
    if seat.pinned:
        lines.append(QCoreApplication.translate("AttendeeTable", "Pinned: the host's own table or a locked seat"))
    if not seat.planned:
        lines.append(QCoreApplication.translate("AttendeeTable", "The host's table; there is no seating plan yet"))
    return "\n".join(lines)


def role_label(role: Role) -> str:
    # one look-up per row, not four (the list fills 130 rows at every refresh)
    if role is Role.HOST:
        return QCoreApplication.translate("AttendeeTable", "Table host")
    if role is Role.SPEAKER:
        return QCoreApplication.translate("AttendeeTable", "Speaker")
    if role is Role.FACILITATOR:
        return QCoreApplication.translate("AttendeeTable", "Facilitator")
    return QCoreApplication.translate("AttendeeTable", "Participant")


def status_of(row: AttendeeRow) -> str:
    if row.arrived_at is not None:
        return STATUS_ARRIVED
    return STATUS_ABSENT if row.absent else STATUS_EXPECTED


def status_label(row: AttendeeRow) -> str:
    status = status_of(row)
    if status == STATUS_ARRIVED:
        return QCoreApplication.translate("AttendeeTable", "Walk-in, checked in") if row.walk_in else QCoreApplication.translate("AttendeeTable", "Checked in")
    if status == STATUS_ABSENT:
        return QCoreApplication.translate("AttendeeTable", "Absent")
    return QCoreApplication.translate("AttendeeTable", "Expected")


def display_name(row: AttendeeRow) -> str:
    """"Müller, Anna" reads and sorts best in a long list; either part may be missing."""
    if row.last_name and row.first_name:
        return f"{row.last_name}, {row.first_name}"
    return row.last_name or row.first_name


def search_key(row: AttendeeRow) -> str:
    text = " ".join((row.first_name, row.last_name, row.organisation, row.registration_id,
                     row.email, row.title))
    key = fold(text)
    alt = fold(umlaut_spelling(text))
    return key if alt == key else f"{key} {alt}"


class AttendeeTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[AttendeeRow] = []
        self._display: list[tuple[str, ...]] = []
        self._search: list[str] = []
        self._sort: list[tuple[Any, ...]] = []
        self._pos: dict[int, int] = {}
        self._seats: DeskSeats | None = None
        self._headers = headers()

    # -- filling -------------------------------------------------------------------
    def set_rows(self, rows: list[AttendeeRow]) -> None:
        if [r.id for r in rows] == [r.id for r in self._rows]:
            for i, row in enumerate(rows):
                if row != self._rows[i]:
                    self._store(i, row)
                    self.dataChanged.emit(self.index(i, 0), self.index(i, COLUMN_COUNT - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [()] * len(rows)
        self._search = [""] * len(rows)
        self._sort = [()] * len(rows)
        for i, row in enumerate(rows):
            self._store(i, row)
        self._pos = {r.id: i for i, r in enumerate(rows)}
        self.endResetModel()

    def set_seats(self, seats: DeskSeats | None) -> None:
        """Each person's table in the desk's round (the Table column and its heading)."""
        if seats == self._seats:
            return
        self._seats = seats
        self._headers[COL_TABLE] = table_heading(seats.round_number if seats is not None else None)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_TABLE, COL_TABLE)
        for i, row in enumerate(self._rows):
            self._store(i, row)
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_TABLE), self.index(len(self._rows) - 1, COL_TABLE))

    def seat_of(self, attendee_id: int) -> DeskSeat | None:
        return self._seats.seat(attendee_id) if self._seats is not None else None

    @property
    def seats(self) -> DeskSeats | None:
        return self._seats

    def update_row(self, row: AttendeeRow) -> None:
        i = self._pos.get(row.id)
        if i is None:
            return
        self._store(i, row)
        self.dataChanged.emit(self.index(i, 0), self.index(i, COLUMN_COUNT - 1))

    def _store(self, i: int, row: AttendeeRow) -> None:
        if i < len(self._rows):
            self._rows[i] = row
        arrived = event_time.hhmm(row.arrived_at)
        if arrived and row.checked_in_by:  # team mode: which desk ("09:14 · Desk 2")
            arrived += f" · {row.checked_in_by}"
        seat = self.seat_of(row.id)
        self._display[i] = (
            display_name(row), row.organisation, row.sector, role_label(row.role),
            seat_label(seat, self._seats, row), arrived, status_label(row),
        )
        self._search[i] = search_key(row)
        name_key = fold(f"{row.last_name} {row.first_name}")
        self._sort[i] = (
            name_key, fold(row.organisation) + " " + name_key, fold(row.sector or "\uffff") + " " + name_key,
            f"{list(Role).index(row.role)} {name_key}",
            f"{seat.table_number if seat is not None else 99999:05d} {name_key}",
            (row.arrived_at.isoformat() if row.arrived_at else "~") + " " + name_key,
            f"{('arrived', 'expected', 'absent').index(status_of(row))} {name_key}",
        )

    # -- access --------------------------------------------------------------------
    def rows(self) -> list[AttendeeRow]:
        return list(self._rows)

    def row_at(self, i: int) -> AttendeeRow:
        return self._rows[i]

    def row_for_id(self, attendee_id: int) -> int | None:
        return self._pos.get(attendee_id)

    # -- QAbstractTableModel ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[i][col]
        if role == SortRole:
            return self._sort[i][col]
        if role == SearchRole:
            return self._search[i]
        if role == IdRole:
            return self._rows[i].id
        if role == RowRole:
            return self._rows[i]
        row = self._rows[i]
        if role == Qt.ItemDataRole.DecorationRole and col == COL_SECTOR and row.sector_colour:
            return QColor(row.sector_colour)
        if role == Qt.ItemDataRole.ForegroundRole and row.absent and row.arrived_at is None:
            return QColor("#808080")
        if role == Qt.ItemDataRole.FontRole and col == COL_STATUS and row.arrived_at is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            parts = [row.full_name]
            if row.title:
                parts.insert(0, row.title)
            tip = " ".join(parts)
            if row.email:
                tip += f"\n{row.email}"
            if row.comment:
                tip += f"\n{row.comment}"
            return tip
        if col == COL_TABLE and role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
                                         Qt.ItemDataRole.ForegroundRole):
            seat = self.seat_of(row.id)
            if role == Qt.ItemDataRole.ToolTipRole:
                return seat_tooltip(seat, self._seats) or None
            if seat is None and self._display[i][col]:
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QColor("#8A4B00")
                font = QFont()
                font.setItalic(True)
                return font
            if seat is not None and seat.pinned and role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ARRIVED and row.arrived_at is not None:
            if row.checked_in_by:
                return QCoreApplication.translate("AttendeeTableModel", "Checked in at {time} by {device}").format(
                    time=event_time.hhmm(row.arrived_at), device=row.checked_in_by)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_ARRIVED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class AttendeeFilterProxy(QSortFilterProxyModel):
    """Search as you type (accent- and case-blind) plus sector, role and status filters."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._tokens: list[str] = []
        self._sector: str | None = None
        self._role: Role | None = None
        self._status: str | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def _refilter(self, change: Any) -> None:
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        tokens = fold(text).split()
        if tokens != self._tokens:
            self._refilter(lambda: setattr(self, "_tokens", tokens))

    def set_sector(self, sector: str | None) -> None:
        """A sector name, :data:`NO_SECTOR`, or None for all."""
        if sector != self._sector:
            self._refilter(lambda: setattr(self, "_sector", sector))

    def set_role(self, role: Role | None) -> None:
        if role != self._role:
            self._refilter(lambda: setattr(self, "_role", role))

    def set_status(self, status: str | None) -> None:
        if status != self._status:
            self._refilter(lambda: setattr(self, "_status", status))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, AttendeeTableModel):
            return True
        if self._tokens:
            hay = model._search[source_row]
            if not all(tok in hay for tok in self._tokens):
                return False
        if self._sector is None and self._role is None and self._status is None:
            return True
        row = model._rows[source_row]
        if self._sector is not None:
            if (row.sector or NO_SECTOR) != self._sector:
                return False
        if self._role is not None and row.role is not self._role:
            return False
        if self._status is not None and status_of(row) != self._status:
            return False
        return True

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        # Our sort keys are Python strings; comparing them here avoids a QVariant round trip.
        model = self.sourceModel()
        col = left.column()
        return model._sort[left.row()][col] < model._sort[right.row()][col]  # type: ignore[attr-defined]
