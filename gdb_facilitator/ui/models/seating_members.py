"""The people at one table (or without a seat) as a list model, and how one row is painted.

One small model per table card instead of a widget per person: 130 people on 18 cards
refresh in a few milliseconds. Dragging a person carries only ids (our own MIME type); the
drop does not change the model, it asks the page to move the seat, and the page reloads
every card from the database afterwards (the database stays the truth).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from gdb_facilitator.core.services.seating import Member

MIME_TYPE = "application/x-gdb-facilitator-seat"
NO_TABLE = 0  # the "not seated" list

MemberRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
PairsRole = Qt.ItemDataRole.UserRole + 3  # the person's pairs as PairMarks (ui.models.pairs_model)

Index = QModelIndex | QPersistentModelIndex


def encode_drag(attendee_ids: list[int], table: int, round_number: int) -> QMimeData:
    mime = QMimeData()
    payload = {"attendees": attendee_ids, "table": table, "round": round_number}
    mime.setData(MIME_TYPE, QByteArray(json.dumps(payload).encode()))
    return mime


def decode_drag(mime: QMimeData) -> dict[str, Any] | None:
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        data = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
        return {"attendees": [int(a) for a in data["attendees"]], "table": int(data["table"]),
                "round": int(data["round"])}
    except (ValueError, KeyError, TypeError):
        return None


class MemberListModel(QAbstractListModel):
    """People of one table in one round; a drop asks for a move via :attr:`dropped`."""

    dropped = Signal(list, int)  # attendee ids, the table number they came from

    def __init__(self, table: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.round_number = 1
        self._rows: tuple[Member, ...] = ()
        self._pairs: dict[int, tuple[Any, ...]] = {}

    def set_members(self, members: tuple[Member, ...], round_number: int,
                    pairs: dict[int, tuple[Any, ...]] | None = None) -> None:
        self.round_number = round_number
        pairs = {m.attendee_id: pairs[m.attendee_id] for m in members if m.attendee_id in pairs} if pairs else {}
        if members == self._rows and pairs == self._pairs:
            return
        self.beginResetModel()
        self._rows = members
        self._pairs = pairs
        self.endResetModel()

    def members(self) -> tuple[Member, ...]:
        return self._rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return m.name
        if role == MemberRole:
            return m
        if role == IdRole:
            return m.attendee_id
        if role == PairsRole:
            return self._pairs.get(m.attendee_id, ())
        if role == Qt.ItemDataRole.ToolTipRole:
            return member_tooltip(m, self._pairs.get(m.attendee_id, ()))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return member_tooltip(m, self._pairs.get(m.attendee_id, ())).replace("\n", ", ")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = [self._rows[i.row()].attendee_id for i in indexes if i.isValid()]
        return encode_drag(ids, self.table, self.round_number)

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: Index) -> bool:
        payload = decode_drag(data)
        return payload is not None and payload["table"] != self.table \
            and payload["round"] == self.round_number

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        payload = decode_drag(data)
        assert payload is not None
        self.dropped.emit(payload["attendees"], payload["table"])
        # False: the source keeps its rows until the page reloads from the database.
        return False


def member_tooltip(m: Member, pairs: tuple[Any, ...] = ()) -> str:
    lines = [m.name]
    if m.organisation:
        lines.append(m.organisation)
    lines.append(m.sector or QCoreApplication.translate("SeatingMembers", "No sector"))
    if m.host:
        lines.append(QCoreApplication.translate("SeatingMembers", "Table host"))
    if m.locked:
        lines.append(QCoreApplication.translate("SeatingMembers", "Seat locked: planning keeps it"))
    if m.absent:
        lines.append(QCoreApplication.translate("SeatingMembers", "Marked absent, but still has this seat"))
    elif not m.arrived:
        lines.append(QCoreApplication.translate("SeatingMembers", "Not checked in yet"))
    lines.extend(p.sentence() for p in pairs)
    return "\n".join(lines)


class MemberDelegate(QStyledItemDelegate):
    """Sector colour bar, name (bold for the host), organisation in grey, a lock when locked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() * 0.85, 6.0))
        return option.font, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        name_font, small = self._fonts(option)
        height = QFontMetrics(name_font).height() + QFontMetrics(small).height() + 6
        return QSize(120, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        m: Member | None = index.data(MemberRole)
        if m is None:
            super().paint(painter, option, index)
            return
        painter.save()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.highlight())
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        grey = QColor(text_colour)
        grey.setAlpha(150)
        bar = QRect(rect.left() + 2, rect.top() + 3, 5, rect.height() - 6)
        if m.colour:
            painter.fillRect(bar, QColor(m.colour))
        else:
            painter.setPen(QPen(grey, 1, Qt.PenStyle.DashLine))
            painter.drawRect(bar.adjusted(0, 0, -1, -1))
        name_font, small = self._fonts(option)
        if m.host:
            name_font = QFont(name_font)
            name_font.setBold(True)
        left = bar.right() + 7
        lock_w = 12 if m.locked else 0
        width = rect.right() - left - lock_w - 4
        fm = QFontMetrics(name_font)
        name = m.name
        if m.absent:
            name = QCoreApplication.translate("SeatingMembers", "{name} (absent)").format(name=m.name)
        painter.setFont(name_font)
        painter.setPen(grey if m.absent else text_colour)
        top = rect.top() + 2
        painter.drawText(QRect(left, top, width, fm.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(name, Qt.TextElideMode.ElideRight, width))
        sfm = QFontMetrics(small)
        painter.setFont(small)
        line = QRect(left, top + fm.height(), width, sfm.height())
        pairs = index.data(PairsRole) or ()
        if pairs:
            # The pair first (why two people sit together, or must not), the organisation after it.
            first = pairs[0]
            mark = first.short() + (f" +{len(pairs) - 1}" if len(pairs) > 1 else "")
            mark = sfm.elidedText(mark, Qt.TextElideMode.ElideRight, width)
            pair_font = QFont(small)
            pair_font.setBold(first.kept is False)
            painter.setFont(pair_font)
            painter.setPen(QColor(first.colour) if first.colour and not selected else text_colour)
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, mark)
            used = QFontMetrics(pair_font).horizontalAdvance(mark + "  ")
            line.setLeft(line.left() + used)
            painter.setFont(small)
        painter.setPen(grey)
        org = m.organisation or m.sector
        if line.width() > sfm.horizontalAdvance("…") * 3:
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             sfm.elidedText(org, Qt.TextElideMode.ElideRight, line.width()))
        if m.locked:
            self._draw_lock(painter, QRect(rect.right() - lock_w - 2, rect.top() + 4, lock_w, 12), text_colour)
        painter.restore()

    @staticmethod
    def _draw_lock(painter: QPainter, r: QRect, colour: QColor) -> None:
        # A padlock drawn by hand: no icon font or image needed, and it scales with the row.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        shackle = QRect(r.left() + 2, r.top(), r.width() - 4, r.height() // 2 + 2)
        painter.drawArc(shackle, 0, 180 * 16)
        body = QRect(r.left(), r.top() + r.height() // 2 - 1, r.width(), r.height() // 2 + 1)
        painter.setBrush(colour)
        painter.drawRoundedRect(body, 1.5, 1.5)
