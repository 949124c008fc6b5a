"""Ankunft: the attendee list with check-in, walk-ins, edits and counts by sector.

The check-in desk workflow: type part of a name (accents and case do not matter), the
first match is selected, Enter checks them in and selects the search text for the next
person. Every change is committed at once and can be undone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.ui import event_time
from gdb_facilitator.core.db.models import Role
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import attendees as svc
from gdb_facilitator.core.services import desk
from gdb_facilitator.core.services.attendees import AttendeeRow, SectorCount
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.messages import check_in_text, seat_text
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.attendee_table import (
    COL_ARRIVED,
    COL_NAME,
    COL_ORGANISATION,
    COL_ROLE,
    COL_SECTOR,
    COL_STATUS,
    COL_TABLE,
    NO_SECTOR,
    RowRole,
    STATUS_ABSENT,
    STATUS_ARRIVED,
    STATUS_EXPECTED,
    AttendeeFilterProxy,
    AttendeeTableModel,
    role_label,
)
from gdb_facilitator.ui.widgets.feedback import FeedbackLine
from gdb_facilitator.ui.undo import (
    AbsentCommand,
    CheckInCommand,
    DeleteAttendeeCommand,
    EditAttendeeCommand,
    WalkInCommand,
)

if TYPE_CHECKING:  # PySide6 sets up a class's enums when it is first named: QKeyEvent's at the first key
    from PySide6.QtGui import QKeyEvent

log = logging.getLogger(__name__)


class AttendeeView(QTableView):
    """The list; Enter checks in the current person, a double click edits them."""

    enterPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.enterPressed.emit()
            return
        super().keyPressEvent(event)


class AttendeesPage(QWidget):
    statusMessage = Signal(str)
    selectionChanged = Signal()

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendeesPage")
        self.controller = controller
        self.model = AttendeeTableModel(self)
        self.proxy = AttendeeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._sector_names: list[str] = []
        self._import_action: Callable[[], None] | None = None

        # -- filters --
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("Find a person: name, organisation or number"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search)
        self.search_edit.installEventFilter(self)
        self.sector_filter = QComboBox()
        self.sector_filter.setObjectName("sectorFilter")
        self.sector_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sector_filter.currentIndexChanged.connect(
            lambda _i: self._set_filter(self.proxy.set_sector, self.sector_filter.currentData()))
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("roleFilter")
        self.role_filter.addItem(self.tr("All roles"), None)
        for role in Role:
            self.role_filter.addItem(role_label(role), role.value)
        self.role_filter.currentIndexChanged.connect(
            lambda _i: self._set_filter(self.proxy.set_role, Role(self.role_filter.currentData())
                                        if self.role_filter.currentData() else None))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for text, value in ((self.tr("Everybody"), None), (self.tr("Not yet arrived"), STATUS_EXPECTED),
                            (self.tr("Checked in"), STATUS_ARRIVED), (self.tr("Absent"), STATUS_ABSENT)):
            self.status_filter.addItem(text, value)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self._set_filter(self.proxy.set_status, self.status_filter.currentData()))

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.sector_filter)
        filters.addWidget(self.role_filter)
        filters.addWidget(self.status_filter)

        # -- command buttons (bound to the window's actions later) --
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)

        # -- counts --
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        font = self.total_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.total_label.setFont(font)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("sectorCounts")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.counts_label.setWordWrap(True)
        counts = QHBoxLayout()
        counts.addWidget(self.total_label)
        counts.addSpacing(16)
        counts.addWidget(self.counts_label, 1)

        # -- table --
        self.view = AttendeeView()
        self.view.setObjectName("attendeeView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        vh = self.view.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_ORGANISATION, QHeaderView.ResizeMode.Stretch)
        fm = self.fontMetrics()
        bold = self.font()
        bold.setBold(True)
        header_fm = QFontMetrics(bold)
        for col, sample in ((COL_NAME, "Müller-Lüdenscheidt, Anna-Katharina"), (COL_SECTOR, "Zivilgesellschaft  "),
                            (COL_ROLE, self.tr("Facilitator") + "    "), (COL_TABLE, "\u2691 18 · Tempelhofer Feld"),
                            (COL_ARRIVED, "88:88"), (COL_STATUS, self.tr("Walk-in, checked in") + "  ")):
            # Wide enough for the longest usual value and for the (translated) heading with
            # its sort arrow, whichever is wider.
            heading = str(self.model.headerData(col, Qt.Orientation.Horizontal))
            header.resizeSection(col, max(header_fm.horizontalAdvance(sample),
                                          header_fm.horizontalAdvance(heading) + 16) + 24)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.view.enterPressed.connect(self.check_in_selected)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.selectionChanged.emit())

        self.no_match_label = QLabel()
        self.no_match_label.setObjectName("noMatchLabel")
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.hide()

        # -- empty event --
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        self.empty_label = QLabel(self.tr(
            "<h2>No attendees yet</h2><p>Import the registration list (CSV or Excel) from pretix, "
            "Eventbrite or your own spreadsheet, or add people as walk-ins when they arrive.</p>"))
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.empty_import = QPushButton(self.tr("Import registration list…"))
        self.empty_import.setObjectName("emptyImport")
        self.empty_import.clicked.connect(lambda: self._import_action and self._import_action())
        self.empty_walk_in = QPushButton(self.tr("Add walk-in…"))
        self.empty_walk_in.clicked.connect(self.add_walk_in)
        row.addWidget(self.empty_import)
        row.addWidget(self.empty_walk_in)
        row.addStretch(1)
        empty_layout.addLayout(row)
        empty_layout.addStretch(2)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.view, 1)
        table_layout.addWidget(self.no_match_label)
        self.stack = QStackedWidget()
        self.stack.addWidget(table_box)
        self.stack.addWidget(empty)

        self.feedback = FeedbackLine("feedbackLabel")
        self.feedback.shown.connect(self.statusMessage)
        # What the desk reads out after a check-in: who, and where they sit. Large, and it
        # stays a while, since the next person may already be typed in.
        self.seat_banner = FeedbackLine("seatBanner", seconds=90)
        banner_font = self.seat_banner.font()
        banner_font.setPointSizeF(banner_font.pointSizeF() * 1.7)
        self.seat_banner.setFont(banner_font)
        self.seat_banner.setWordWrap(True)
        self.seat_banner.setMinimumHeight(QFontMetrics(banner_font).height() + 16)
        self.seat_banner.shown.connect(self.statusMessage)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(self.buttons)
        layout.addLayout(counts)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.seat_banner)
        layout.addWidget(self.feedback)

        controller.changed.connect(self._on_changed)
        controller.eventClosed.connect(self._on_closed)

    # -- wiring ----------------------------------------------------------------------
    def add_action_buttons(self, actions: list) -> None:  # list[QAction]
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setObjectName(f"button_{action.objectName().removeprefix('action_')}")
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    def set_import_handler(self, handler: Callable[[], None]) -> None:
        self._import_action = handler

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.search_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.check_in_selected()
                self.search_edit.selectAll()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move_current(key)
                return True
            if key == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
        return super().eventFilter(obj, event)

    def _move_current(self, key: int) -> None:
        rows = self.proxy.rowCount()
        if not rows:
            return
        current = self.view.currentIndex().row()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[key]
        self._select_proxy_row(min(max(current + step, 0), rows - 1))

    def _select_proxy_row(self, row: int) -> None:
        index = self.proxy.index(row, COL_NAME)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- filters -------------------------------------------------------------------------
    @Slot(str)
    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_filter()

    def _set_filter(self, setter: Callable, value) -> None:  # noqa: ANN001
        setter(value)
        self._after_filter()

    def _after_filter(self) -> None:
        current = self.view.currentIndex()
        if self.proxy.rowCount() and (not current.isValid() or self.search_edit.text()):
            # While searching, the best match is the one Enter will check in.
            self._select_proxy_row(0)
        visible, total = self.proxy.rowCount(), self.model.rowCount()
        if total and not visible:
            self.no_match_label.setText(self.tr("Nobody matches. Is it a walk-in? Press Ctrl+Shift+N."))
            self.no_match_label.show()
        else:
            self.no_match_label.hide()
        self.selectionChanged.emit()

    def _fill_sector_filter(self, names: list[str], has_none: bool) -> None:
        if names == self._sector_names and self.sector_filter.count() == len(names) + 1 + has_none:
            return
        current = self.sector_filter.currentData()
        self._sector_names = names
        self.sector_filter.blockSignals(True)
        self.sector_filter.clear()
        self.sector_filter.addItem(self.tr("All sectors"), None)
        for name in names:
            self.sector_filter.addItem(name, name)
        if has_none:
            self.sector_filter.addItem(self.tr("No sector"), NO_SECTOR)
        self.sector_filter.setCurrentIndex(max(self.sector_filter.findData(current), 0))
        self.sector_filter.blockSignals(False)

    # -- refreshing ----------------------------------------------------------------------
    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not flags & (Changes.ATTENDEES | Changes.SECTORS | Changes.SEATS | Changes.ROUNDS | Changes.TABLES
                        | Changes.TOPICS) or not self.controller.is_open:
            return
        self.reload()

    def reload(self) -> None:
        selected = self.selected_row()
        rows = self.controller.read(svc.list_attendees)
        counts = self.controller.read(svc.sector_counts)
        # seats first: a fresh list is then filled once, with its tables
        self.model.set_seats(self.controller.read(desk.desk_seats))
        self.model.set_rows(rows)
        self._fill_sector_filter([c.name for c in counts if c.name],
                                 any(not c.name and c.registered for c in counts))
        self._show_counts(counts)
        self.stack.setCurrentIndex(0 if rows else 1)
        if selected is not None:
            self.select_attendee(selected.id)
        elif self.proxy.rowCount() and not self.view.currentIndex().isValid():
            self._select_proxy_row(0)
        self.selectionChanged.emit()

    def _on_closed(self) -> None:
        self.model.set_rows([])
        self.model.set_seats(None)
        self.seat_banner.show_text("", "")
        self.search_edit.clear()

    def _show_counts(self, counts: list[SectorCount]) -> None:
        arrived = sum(c.checked_in for c in counts)
        expected = sum(c.registered - c.absent for c in counts)
        self.total_label.setText(self.tr("Checked in: {arrived} of {expected}").format(
            arrived=arrived, expected=expected))
        parts = []
        for c in counts:
            if not c.registered and not c.name:
                continue
            name = c.name or self.tr("No sector")
            colour = c.colour or "#999999"
            parts.append(
                f'<span style="color:{colour}; font-size:large">&#9632;</span>&nbsp;{_html(name)}'
                f"&nbsp;<b>{c.checked_in}</b>&nbsp;/&nbsp;{c.registered - c.absent}")
        self.counts_label.setText("&nbsp;&nbsp;&nbsp; ".join(parts))
        self.counts_label.setToolTip(self.tr("Checked in / expected (registered and not marked absent)"))

    # -- selection -----------------------------------------------------------------------
    def selected_row(self) -> AttendeeRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        return index.data(RowRole)

    def select_attendee(self, attendee_id: int) -> bool:
        source_row = self.model.row_for_id(attendee_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_NAME))
        if not index.isValid():
            return False
        self._select_proxy_row(index.row())
        return True

    # -- commands ------------------------------------------------------------------------
    def show_feedback(self, text: str, kind: str) -> None:
        self.feedback.show_text(text, kind)

    def check_in_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.show_feedback(self.tr("Select a person first."), "warn")
            return
        if row.arrived_at is not None:
            self.show_seat(self.controller.read(desk.outcome, row, already=True))
            return
        command = CheckInCommand(self.controller, row, True)
        if self.controller.push(command):
            self.show_seat(self.controller.read(desk.outcome, command.result or row, already=command.already))

    def show_seat(self, outcome: desk.CheckInOutcome) -> None:
        """The line the desk reads out: "Olga Friedrich — Table 4 · Panke (topic)", and
        what to do when there is no seat."""
        text = check_in_text(outcome, _translate)
        if outcome.seat is not None:
            self.seat_banner.show_text(text, "info" if outcome.already else "ok")
            return
        if outcome.planned:
            hint = self.tr("Press “Seat now” (Ctrl+Shift+S) to give them a seat; nobody else moves.")
        else:
            hint = self.tr("Plan the seating on the Tables page first.")
        self.seat_banner.show_text(f"{text}. {hint}", "warn")

    def can_seat_now(self, row: AttendeeRow) -> bool:
        """A person not marked absent, without a seat in a round that has a plan."""
        seats = self.model.seats
        seat = self.model.seat_of(row.id)
        return (seats is not None and seats.planned and not row.absent
                and (seat is None or not seat.planned))

    def seat_now_selected(self) -> bool:
        """Place the selected person into the current plan without moving anybody (one undo step)."""
        row = self.selected_row()
        if row is None:
            self.show_feedback(self.tr("Select a person first."), "warn")
            return False
        return self.seat_now(row)

    def seat_now(self, row: AttendeeRow) -> bool:
        seat = self.model.seat_of(row.id)
        if seat is not None and seat.planned:
            self.show_seat(self.controller.read(desk.outcome, row, already=row.arrived_at is not None))
            return False
        # Loaded when first needed: the seating search is not part of the first screen.
        from gdb_facilitator.ui.models.seating_commands import SeatNowCommand

        command = SeatNowCommand(self.controller, row.id, row.full_name)
        try:
            command.first_redo()
        except DomainError as exc:
            self.seat_banner.show_text(
                self.tr("{name} could not be seated: {reason}").format(name=row.full_name, reason=message_for(exc)),
                "warn")
            return False
        self.controller.undo_stack.push(command)
        fresh = self.controller.read(svc.get_attendee, row.id)
        outcome = self.controller.read(desk.outcome, fresh)
        text = self.tr("{name} is seated — {seat}. Nobody else moved.").format(
            name=fresh.full_name, seat=seat_text(outcome.seat, _translate, round_number=outcome.round_number))
        self.seat_banner.show_text(text, "ok")
        return True

    def undo_check_in_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.arrived_at is None:
            self.show_feedback(self.tr("Select a person who is checked in."), "warn")
            return
        if self.controller.push(CheckInCommand(self.controller, row, False)):
            self.show_feedback(self.tr("Check-in of {name} taken back.").format(name=row.full_name), "info")

    def mark_absent_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.show_feedback(self.tr("Select a person first."), "warn")
            return
        absent = not row.absent
        if self.controller.push(AbsentCommand(self.controller, row, absent)):
            text = (self.tr("{name} is marked absent.") if absent
                    else self.tr("{name} is expected again.")).format(name=row.full_name)
            self.show_feedback(text, "info")

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if self.controller.push(DeleteAttendeeCommand(self.controller, row)):
            self.show_feedback(self.tr("{name} was deleted. Undo brings them back.").format(
                name=row.full_name), "info")

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.show_feedback(self.tr("Select a person first."), "warn")
            return
        sectors = self.controller.read(svc.list_sectors)
        organisations = self.controller.read(svc.list_organisations)

        def save(fields: dict) -> None:
            if not fields:
                return
            command = EditAttendeeCommand(self.controller, row, fields)
            # Validation errors reach the dialog; only a successful edit goes on the stack.
            command.first_redo()
            self.controller.undo_stack.push(command)

        from gdb_facilitator.ui.dialogs.attendee_dialogs import AttendeeDialog

        dialog = AttendeeDialog(row, sectors, organisations, save, self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted:
            self.show_feedback(self.tr("Saved changes to {name}.").format(name=row.full_name), "ok")

    def add_walk_in(self) -> None:
        if not self.controller.is_open:
            return
        from gdb_facilitator.ui.dialogs.attendee_dialogs import WalkInDialog
        from gdb_facilitator.ui.models.seating_commands import AddAndSeatCommand, SeatNowCommand

        sectors = self.controller.read(svc.list_sectors)
        organisations = self.controller.read(svc.list_organisations)
        added: list[AttendeeRow] = []

        seat_problem: list[DomainError] = []

        def save(values: dict) -> None:
            command = WalkInCommand(self.controller, values["first_name"], values["last_name"],
                                    values["organisation"], values["sector"])
            command.first_redo()
            if command.result is None:
                self.controller.undo_stack.push(command)
                return
            added.append(command.result)
            if not values.get("seat"):
                self.controller.undo_stack.push(command)
                return
            # Added and seated is one step for the desk, so one Ctrl+Z takes both back.
            seat: SeatNowCommand | None = SeatNowCommand(self.controller, command.result.id,
                                                         command.result.full_name)
            try:
                seat.first_redo()
            except DomainError as exc:
                seat_problem.append(exc)
                seat = None
            self.controller.undo_stack.push(AddAndSeatCommand(
                self.controller, command, seat,
                self.tr("Add and seat walk-in {name}").format(name=command.result.full_name)))

        dialog = WalkInDialog(sectors, organisations, save, self,
                              organisation_sectors=self.controller.read(svc.organisation_sectors))
        dialog.prefill_from_search(self.search_edit.text())
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and added:
            row = added[0]
            self.search_edit.clear()
            self.select_attendee(row.id)
            self.show_feedback(self.tr("{name} was added as walk-in ({id}) and is checked in.").format(
                name=row.full_name, id=row.registration_id), "ok")
            if seat_problem:
                self.seat_banner.show_text(self.tr("{name} could not be seated: {reason}").format(
                    name=row.full_name, reason=message_for(seat_problem[0])), "warn")
            else:
                self.show_seat(self.controller.read(desk.outcome, row))


def _translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

