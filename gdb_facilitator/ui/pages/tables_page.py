"""Tische: split the room into mixed tables, round by round, and fix it up by hand.

Every table is a card with its people (sector colour, organisation); people are dragged
between cards (or picked from the context menu), which locks their seat so that the next
planning run keeps it. The quality shows on each card (sector mix, colleagues, repeat
encounters) and for the whole plan against the best that is possible; it is recomputed
from the stored seats after every change. Planning runs in a worker thread.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import QItemSelectionModel, QLocale, QPoint, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QContextMenuEvent, QFontMetrics, QGuiApplication, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.models import PairKind
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import pairs as pairs_svc
from gdb_facilitator.core.services import seating as svc
from gdb_facilitator.core.services.seating import Member, SeatingView, TableCard
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.dialogs.plan_dialog import PlanDialog, PlanRunner
from gdb_facilitator.ui.models.pairs_model import AddPairCommand, PairMark, added_message, pair_marks
from gdb_facilitator.ui.models.seating_commands import LockSeatCommand, MoveSeatsCommand, StartRoundCommand
from gdb_facilitator.ui.models.seating_members import NO_TABLE, IdRole, MemberDelegate, MemberListModel, MemberRole
from gdb_facilitator.ui.windows.seating_projector import SeatingProjector, default_screen, screen_label
from gdb_facilitator.ui.widgets.feedback import INFO, FeedbackLine
from gdb_facilitator.ui.widgets.flow import flow_widget

log = logging.getLogger(__name__)

CARD_WIDTH = 232
GOOD, WARN, BAD = "#1B7F3B", "#8A4B00", "#B00020"
RELOAD_ON = (Changes.SEATS | Changes.ROUNDS | Changes.TABLES | Changes.ATTENDEES | Changes.SECTORS
             | Changes.TOPICS)


def _number(value: float, decimals: int = 1) -> str:
    return QLocale().toString(float(value), "f", decimals)


class MemberView(QListView):
    """A card's list: drag out, drop in, no scrolling (the card grows with its table)."""

    contextRequested = Signal(object, QPoint)  # the view, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUniformItemSizes(True)
        self.setItemDelegate(MemberDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.contextRequested.emit(self, event.globalPos())

    def selected_members(self) -> list[Member]:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        return [self.model().index(r, 0).data(MemberRole) for r in rows]


class SectorChips(QWidget):
    """One chip per sector: its colour and how many sit here; outlined red when the table
    has at least one more or one fewer than the room's mix would give it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips: list[tuple[str, int, float]] = []  # colour, count, expected
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_chips(self, chips: list[tuple[str, int, float]], tooltip: str) -> None:
        self.chips = chips
        self.setToolTip(tooltip)
        self.setMinimumWidth(self.sizeHint().width())
        self.updateGeometry()
        self.update()

    def _chip_width(self) -> int:
        return max(self.fontMetrics().horizontalAdvance("88") + 10, 26)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize((self._chip_width() + 3) * len(self.chips), self.fontMetrics().height() + 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        fm = self.fontMetrics()
        h = fm.height() + 4
        x = 0
        w = self._chip_width()
        for colour, count, expected in self.chips:
            c = QColor(colour or "#999999")
            painter.setBrush(c)
            off = abs(count - expected) >= 1.0
            painter.setPen(QColor(BAD) if off else c)
            painter.drawRoundedRect(x + 1, 1, w - 2, h - 2, 4, 4)
            if off:
                pen = painter.pen()
                pen.setWidth(2)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(x + 1, 1, w - 2, h - 2, 4, 4)
            # dark text on the light Okabe-Ito colours, white on the dark ones
            painter.setPen(QColor("#000000") if c.lightnessF() > 0.55 else QColor("#FFFFFF"))
            painter.drawText(x, 0, w, h, Qt.AlignmentFlag.AlignCenter, str(count))
            x += w + 3


class TableCardWidget(QFrame):
    def __init__(self, number: int, page: "TablesPage") -> None:
        super().__init__()
        self.number = number
        self.page = page
        self.setObjectName(f"tableCard{number}" if number != NO_TABLE else "unseatedCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.size_label = QLabel()
        self.size_label.setObjectName("cardSize")
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.topic = QLabel()
        self.topic.setObjectName("cardTopic")
        self.topic.setStyleSheet("color: palette(mid);")
        self.chips = SectorChips()
        self.status = QLabel()
        self.status.setObjectName("cardStatus")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.model = MemberListModel(number, self)
        self.view = MemberView()
        self.view.setObjectName("memberList")
        self.view.setModel(self.model)
        head = QHBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.title, 1)
        head.addWidget(self.size_label)
        badges = QHBoxLayout()
        badges.setSpacing(6)
        badges.addWidget(self.chips)
        badges.addStretch(1)
        badges.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(self.topic)
        layout.addLayout(badges)
        layout.addWidget(self.view)
        self.model.dropped.connect(lambda ids, source: page.request_move(ids, source, self.number))
        self.view.contextRequested.connect(page.show_member_menu)
        self.view.selectionModel().selectionChanged.connect(lambda *_: page.on_selection(self.view))
        self.view.doubleClicked.connect(lambda _i: page.toggle_lock_selected())

    def _fit_rows(self, rows: int) -> None:
        row_h = self.view.sizeHintForRow(0) if self.model.rowCount() else (
            QFontMetrics(self.font()).height() * 2 + 6)
        self.view.setFixedHeight(max(rows, 1) * row_h + 6)

    def set_table(self, card: TableCard, round_number: int,
                  pairs: dict[int, tuple[PairMark, ...]] | None = None) -> None:
        self.model.set_members(card.members, round_number, pairs)
        title = self.tr("Table {number}").format(number=card.number)
        if card.name and card.name != str(card.number):
            title += f" · {card.name}"
        self._title_text = title
        self.title.setToolTip(title)
        size = len(card.members)
        self.size_label.setText(f"{size}/{card.capacity}")
        over = size > card.capacity
        self.size_label.setStyleSheet(f"color: {BAD}; font-weight: bold;" if over else "")
        self.size_label.setToolTip(self.tr("People at this table / chairs"))
        self._topic_text = card.topic
        self.topic.setWordWrap(False)
        if card.topic:
            self.topic.setToolTip(card.topic)
        self.topic.setVisible(bool(card.topic))
        self._elide()
        q = card.quality
        if q is None or not size:
            self.chips.set_chips([], "")
            self.status.setText("")
        else:
            colours = self.page.sector_colours
            chips, tip = [], []
            for sc in q.sectors:
                chips.append((colours.get(sc.sector or "", ""), sc.count, sc.expected))
                tip.append(self.tr("{sector}: {count} here, {expected} by the room's mix").format(
                    sector=sc.sector or self.tr("No sector"), count=sc.count, expected=_number(sc.expected)))
            self.chips.set_chips(chips, "\n".join(tip))
            problems = []
            if any(abs(sc.count - sc.expected) >= 1.0 for sc in q.sectors):
                # the same rule as the red outline on the sector badges
                problems.append(self.tr("sector mix off"))
            if q.colleague_pairs:
                problems.append(self.tr("%n colleague pair(s)", "", q.colleague_pairs))
            if q.keep_apart_violations:
                problems.append(self.tr("%n keep-apart pair(s)", "", q.keep_apart_violations))
            if q.repeat_pairs:
                problems.append(self.tr("%n met before", "", q.repeat_pairs))
            if problems:
                self.status.setText(f'<span style="color:{WARN}">{escape(", ".join(problems))}</span>')
                tip = self.tr(
                    "Sector mix off: a sector badge outlined in red has at least one person more or "
                    "fewer than the room's mix gives this table. Colleague pairs: people of one "
                    "organisation at this table. Met before: pairs here who also sit together in "
                    "another round.")
                if q.keep_apart_violations:
                    tip += "\n" + self.tr("Keep-apart pairs: two people at this table who are to sit apart "
                                          "(marked ≠ in red on their rows; Pairs… lists them).")
                self.status.setToolTip(tip)
            else:
                self.status.setText(f'<span style="color:{GOOD}">✓</span>')
                self.status.setToolTip(self.tr(
                    "Sectors mixed as in the room, no colleagues and nobody who met before at this table."))
        self._fit_rows(max(card.capacity, size))

    def set_card_width(self, width: int) -> None:
        if width != self.width():
            self.setFixedWidth(width)
            self._elide()

    def _elide(self) -> None:
        """Titles and topics cut only where the card is really too narrow for them."""
        if self.number == NO_TABLE:
            return
        room = self.width() - 16 - self.size_label.sizeHint().width() - 4
        self.title.setText(self.title.fontMetrics().elidedText(
            getattr(self, "_title_text", ""), Qt.TextElideMode.ElideRight, room))
        self.topic.setText(self.topic.fontMetrics().elidedText(
            getattr(self, "_topic_text", ""), Qt.TextElideMode.ElideRight, self.width() - 16))

    def set_unseated(self, members: tuple[Member, ...], round_number: int,
                     pairs: dict[int, tuple[PairMark, ...]] | None = None) -> None:
        self.model.set_members(members, round_number, pairs)
        self.title.setText(self.tr("Not seated"))
        self.size_label.setText(str(len(members)))
        self.topic.setText(self.tr("Drag them to a table, or use “Seat latecomers”."))
        self.topic.setWordWrap(True)
        self.topic.show()
        self.chips.set_chips([], "")
        self.status.setText("")
        self._fit_rows(max(len(members), 1))


class TablesPage(QWidget):
    statusMessage = Signal(str)

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tablesPage")
        self.controller = controller
        self.view_data: SeatingView | None = None
        self.round_number: int | None = None
        self.cards: dict[int, TableCardWidget] = {}
        self._dirty = True
        self._selected_view: MemberView | None = None
        self.runner: PlanRunner | None = None
        self.projector: SeatingProjector | None = None
        self.sector_colours: dict[str, str] = {}
        self.pairs: list[pairs_svc.PairRow] = []
        self.marks: dict[int, tuple[PairMark, ...]] = {}
        self.pairs_dialog = None  # PairsDialog, built when first opened
        # Latecomers fill free chairs around fixed seats: a short search is enough.
        self.latecomer_seconds = 1.0

        # -- commands --
        self.round_combo = QComboBox()
        self.round_combo.setObjectName("roundCombo")
        self.round_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round_combo.currentIndexChanged.connect(self._on_round_chosen)
        self.plan_button = QPushButton(self.tr("Plan seating…"))
        self.plan_button.setObjectName("planSeating")
        self.plan_button.setToolTip(self.tr("Split everybody into mixed tables for the rounds that have not started"))
        self.plan_button.clicked.connect(self.plan_seating)
        self.latecomers_button = QPushButton(self.tr("Seat latecomers"))
        self.latecomers_button.setObjectName("seatLatecomers")
        self.latecomers_button.setToolTip(self.tr(
            "Give everybody checked in without a seat one, from the current round on; nobody else moves"))
        self.latecomers_button.clicked.connect(self.seat_latecomers)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startRound")
        self.start_button.clicked.connect(self.toggle_round_started)
        self.lock_button = QPushButton(self.tr("Lock seat"))
        self.lock_button.setObjectName("lockSeat")
        self.lock_button.setToolTip(self.tr("Planning keeps locked seats (double-click a person to switch)"))
        self.lock_button.clicked.connect(self.toggle_lock_selected)
        self.pairs_button = QPushButton(self.tr("Pairs…"))
        self.pairs_button.setObjectName("pairsButton")
        self.pairs_button.setToolTip(self.tr(
            "People to seat together (an interpreter, a couple) or apart (a boss and their team)"))
        self.pairs_button.clicked.connect(lambda: self.show_pairs())
        self.projector_button = QToolButton()
        self.projector_button.setObjectName("projectorButton")
        self.projector_button.setText(self.tr("“Where do I sit?” on the projector"))
        self.projector_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.projector_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.projector_button.clicked.connect(lambda: self.show_projector(None))
        self.screen_menu = QMenu(self.projector_button)
        self.screen_menu.aboutToShow.connect(self._fill_screen_menu)
        self.projector_button.setMenu(self.screen_menu)

        round_box = QWidget()
        round_row = QHBoxLayout(round_box)
        round_row.setContentsMargins(0, 0, 8, 0)
        round_row.setSpacing(6)
        round_row.addWidget(QLabel(self.tr("Round:")))
        round_row.addWidget(self.round_combo)
        # Team mode: another laptop is planning; its plan arrives by itself.
        self.planning_label = QLabel()
        self.planning_label.setObjectName("planningElsewhere")
        self.planning_label.setStyleSheet("color: #8A5A00; font-weight: bold;")
        self.planning_label.hide()
        # One line at 1366 px; on a narrower screen the buttons continue on a second line.
        bar_box, bar = flow_widget("tablesBar")
        for widget in (round_box, self.plan_button, self.latecomers_button, self.start_button,
                       self.lock_button, self.pairs_button, self.planning_label):
            bar.addWidget(widget)
        bar.add_right(self.projector_button)

        # -- quality of the whole plan, and the sector legend --
        self.quality_label = QLabel()
        self.quality_label.setObjectName("qualityLabel")
        self.quality_label.setTextFormat(Qt.TextFormat.RichText)
        self.quality_label.setWordWrap(True)
        self.legend_label = QLabel()
        self.legend_label.setObjectName("legendLabel")
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hintLabel")
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextFormat(Qt.TextFormat.RichText)

        # -- cards --
        self.grid_host = QWidget()
        self.grid_host.setObjectName("cardGrid")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(10)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("cardScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.grid_host)
        self.unseated_card = TableCardWidget(NO_TABLE, self)
        self.unseated_card.setParent(self.grid_host)
        self.unseated_card.hide()
        self._columns = 0

        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        self.empty_label = QLabel(self.tr(
            "<h2>No tables yet</h2><p>Add the tables with their seats and topics on the Preparation "
            "page, or import a table plan; then plan the seating here.</p>"))
        self.empty_label.setObjectName("tablesEmptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scroll)
        self.stack.addWidget(empty)

        self.feedback = FeedbackLine("tablesFeedback", {"ok": GOOD, "info": INFO, "warn": WARN})
        self.feedback.shown.connect(self.statusMessage)

        layout = QVBoxLayout(self)
        layout.addWidget(bar_box)
        layout.addWidget(self.quality_label)
        layout.addWidget(self.legend_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.feedback)

        controller.changed.connect(self._on_changed)
        controller.eventClosed.connect(self._on_closed)
        self._update_buttons()

    # -- refreshing -----------------------------------------------------------------------
    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not flags & RELOAD_ON or not self.controller.is_open:
            return
        self._dirty = True
        # Check-in at the desk must stay instant: a hidden page reloads when it is shown.
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty and self.controller.is_open:
            self.reload()

    def _on_closed(self) -> None:
        self.view_data = None
        self.round_number = None
        self.pairs, self.marks = [], {}
        self._dirty = True
        if self.projector is not None:
            self.projector.close()
        if self.pairs_dialog is not None:
            # Its people and picks belong to the closed event.
            self.pairs_dialog.close()
            self.pairs_dialog.deleteLater()
            self.pairs_dialog = None

    def reload(self) -> None:
        self._dirty = False
        try:
            data = self.controller.read(svc.seating_view, self.round_number)
            self.pairs = self.controller.read(pairs_svc.list_pairs)
        except DomainError as exc:
            self.controller.report(exc)
            return
        self.view_data = data
        self.round_number = data.round_number
        self.sector_colours = {name: colour for name, colour in data.sectors}
        tables = {m.attendee_id: t.number for t in data.tables for m in t.members}
        self.marks = pair_marks(self.pairs, tables)
        self.pairs_button.setText(self.tr("Pairs (%n)…", "", len(self.pairs)) if self.pairs else self.tr("Pairs…"))
        self._fill_rounds(data)
        self._show_cards(data)
        self._show_quality(data)
        self._show_planner()
        self._update_buttons()
        if self.projector is not None and self.projector.isVisible():
            self._refresh_projector()

    def _fill_rounds(self, data: SeatingView) -> None:
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        numbers = [r.number for r in data.rounds] or [1]
        for n in numbers:
            info = next((r for r in data.rounds if r.number == n), None)
            text = self.tr("Round {number}").format(number=n)
            if info is None or not info.seats:
                text += " – " + self.tr("no plan yet")
            elif info.started:
                text += " – " + self.tr("started")
            self.round_combo.addItem(text, n)
        self.round_combo.setCurrentIndex(max(self.round_combo.findData(data.round_number), 0))
        self.round_combo.blockSignals(False)

    def _show_cards(self, data: SeatingView) -> None:
        self.stack.setCurrentIndex(0 if data.tables else 1)
        numbers = [t.number for t in data.tables]
        if sorted(self.cards) != sorted(numbers):
            for card in self.cards.values():
                card.setParent(None)
                card.deleteLater()
            self.cards = {n: TableCardWidget(n, self) for n in numbers}
            self._columns = 0
        for t in data.tables:
            self.cards[t.number].set_table(t, data.round_number, self.marks)
        self.unseated_card.set_unseated(data.unseated, data.round_number, self.marks)
        self._relayout()

    def _relayout(self) -> None:
        # The scroll bar may appear only after the cards are laid out: leave room for it.
        available = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width() - 4
        columns = max((available + 10) // (CARD_WIDTH + 10), 1)
        # The cards share the width that is left over (titles like "Tempelhofer Feld" fit).
        width = max(CARD_WIDTH, (available - 10 * (columns - 1)) // columns)
        for card in [self.unseated_card, *self.cards.values()]:
            card.set_card_width(width)
        shown_unseated = bool(self.view_data and self.view_data.unseated)
        key = (columns, shown_unseated, len(self.cards))
        if key == getattr(self, "_layout_key", None):
            return
        self._layout_key = key
        while self.grid.count():
            self.grid.takeAt(0)
        widgets: list[QWidget] = ([self.unseated_card] if shown_unseated else []) + [
            self.cards[n] for n in sorted(self.cards)]
        for i, w in enumerate(widgets):
            self.grid.addWidget(w, i // columns, i % columns, Qt.AlignmentFlag.AlignTop)
        # after addWidget: adding reparents, and reparenting hides
        self.unseated_card.setVisible(shown_unseated)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        super().resizeEvent(event)
        if self.cards:
            self._relayout()

    def _show_quality(self, data: SeatingView) -> None:
        legend = []
        for name, colour in data.sectors:
            legend.append(f'<span style="color:{colour}; font-size:large">&#9632;</span>&nbsp;{escape(name)}')
        self.legend_label.setText("&nbsp;&nbsp; ".join(legend))
        info = next((r for r in data.rounds if r.number == data.round_number), None)
        seated = sum(len(t.members) for t in data.tables)
        capacity = sum(t.capacity for t in data.tables)
        if not data.tables:
            hint = ""
        elif not seated:
            hint = self.tr("Nobody is seated in round {number} yet. “Plan seating…” splits the {people} "
                           "people expected over the {tables} tables ({seats} chairs).").format(
                number=data.round_number, people=data.people, tables=len(data.tables), seats=capacity)
        elif data.started:
            hint = self.tr("Round {number} has started: planning leaves it as it is, but you can still move "
                           "people by hand.").format(number=data.round_number)
        else:
            hint = self.tr("Drag people from table to table; a moved seat is locked (padlock) and the next "
                           "planning run keeps it. Hosts are in bold.")
        if info is not None and info.plan_seed is not None and seated:
            hint += " " + self.tr("Plan seed: {seed}.").format(seed=info.plan_seed)
        self.hint_label.setText(escape(hint))
        q = data.summary
        if q is None or not seated:
            self.quality_label.setText("")
            self.quality_label.setToolTip("")
            return
        ok = q.at_bounds()

        def part(label: str, value: str, best: str, good: bool) -> str:
            colour = GOOD if good else WARN
            mark = "✓" if good else "▲"
            return (f'{escape(label)}: <b style="color:{colour}">{value}</b>'
                    f'<span style="color:{colour}"> {mark}</span>'
                    + ("" if good else f" ({escape(self.tr('best possible'))} {best})"))

        # Every figure is this round's own: planning another round leaves it as it is.
        parts = [
            "<b>" + escape(self.tr("Round {number}").format(number=q.round)) + "</b>",
            part(self.tr("Sector mix (deviation)"), _number(q.sector_deviation), _number(q.sector_bound),
                 ok["sector_deviation"]),
            part(self.tr("Colleague pairs"), str(q.colleague_pairs), str(q.colleague_bound),
                 ok["colleague_pairs"]),
        ]
        if q.keep_apart and ok["keep_apart_violations"]:
            # no plan can part them, but a pair to keep apart sitting together is never fine:
            # the seats a facilitator fixed (a host's table, a hand move) are what keeps them
            parts.append(f'{escape(self.tr("Keep-apart pairs together"))}: '
                         f'<b style="color:{WARN}">{q.keep_apart}</b><span style="color:{WARN}"> ▲</span> '
                         + escape(self.tr("(fixed seats: a host's table or a hand move)")))
        elif q.keep_apart or q.keep_apart_bound:
            parts.append(part(self.tr("Keep-apart pairs together"), str(q.keep_apart),
                              str(q.keep_apart_bound), ok["keep_apart_violations"]))
        if q.round > 1:
            parts.append(escape(self.tr("Met in an earlier round: {pairs}").format(pairs=q.met_before)))
        if q.topic_rate is not None and data.started:
            # a started round is what it is: no "best possible" a new plan could reach
            parts.append(escape(self.tr("Topic wishes met (1st or 2nd): {percent} %").format(
                percent=round(100 * q.topic_rate))))
        elif q.topic_rate is not None:
            # the best possible ignores the sector mix and colleagues: a ceiling, not a target
            parts.append(escape(self.tr("Topic wishes met (1st or 2nd): {percent} % (best possible {best} %)").format(
                percent=round(100 * q.topic_rate), best=round(100 * max(q.topic_best_rate or 0.0, q.topic_rate)))))
        issues = list(q.issues)
        if issues:
            parts.append(f'<b style="color:{BAD}">'
                         + escape(self.tr("%n rule(s) not kept", "", len(issues))) + "</b>")
        self.quality_label.setText(" &nbsp;·&nbsp; ".join(parts))
        explained = self.tr(
            "These figures are round {number}'s alone.\n"
            "Sector mix (deviation): for each table and sector, how many people more or fewer sit "
            "there than the room's mix gives a table of that size, added up over the tables. "
            "0 would be a perfect mix; with these people, tables, hosts and locked seats the best "
            "possible is {best}.\n"
            "Colleague pairs: two people of one organisation at a table (best possible: {colleagues}).\n"
            "✓ means as good as possible; ▲ means a new plan could do better.").format(
                number=q.round, best=_number(q.sector_bound), colleagues=q.colleague_bound)
        if issues:
            explained = self._issues_text(issues) + "\n\n" + explained
        self.quality_label.setToolTip(explained)

    def _issues_text(self, issues: list) -> str:
        names = {}
        if self.view_data is not None:
            for t in self.view_data.tables:
                names.update({str(m.attendee_id): m.name for m in t.members})
            names.update({str(m.attendee_id): m.name for m in self.view_data.unseated})
        texts = {
            "unseated": self.tr("Round {round}: {person} has no seat"),
            "unexpected_seat": self.tr("Round {round}: {person} has a seat but is marked absent"),
            "over_capacity": self.tr("Round {round}: table {table} has more people than chairs"),
            "size_unbalanced": self.tr("Round {round}: table {table} is much fuller than another"),
            "pinned_moved": self.tr("Round {round}: host {person} is not at their table"),
            "together_split": self.tr("Round {round}: people to keep together are split ({person})"),
        }
        lines = []
        for i in issues[:15]:
            template = texts.get(i.code, "{round}: " + i.code)
            lines.append(template.format(round=i.round, person=names.get(i.person or "", i.person or ""),
                                         table=i.table or ""))
        if len(issues) > 15:
            lines.append(self.tr("and {count} more").format(count=len(issues) - 15))
        return "\n".join(lines)

    def _show_planner(self) -> None:
        planner = None
        if self.runner is None and self.controller.is_team:
            try:
                planner = self.controller.read(svc.who_is_planning)
            except DomainError:
                planner = None
        self._planner_elsewhere = planner
        self.planning_label.setText(self.tr("{device} is planning seats…").format(device=planner or ""))
        self.planning_label.setVisible(planner is not None)

    def _update_buttons(self) -> None:
        data = self.view_data
        is_open = self.controller.is_open and data is not None and bool(data.tables) \
            and getattr(self, "_planner_elsewhere", None) is None
        self.plan_button.setEnabled(is_open)
        exists = bool(data and any(r.number == data.round_number for r in data.rounds))
        self.latecomers_button.setEnabled(is_open and exists)
        started = bool(data and data.started)
        self.start_button.setText(self.tr("Mark round as not started") if started
                                  else self.tr("Mark round as started"))
        self.start_button.setToolTip(self.tr(
            "A started round keeps its seats when you plan again; seating latecomers still adds to it"))
        self.start_button.setEnabled(is_open and exists)
        members = self.selected_members()
        self.lock_button.setEnabled(bool(members))
        if members:
            self.lock_button.setText(self.tr("Unlock seat") if all(m.locked for m in members)
                                     else self.tr("Lock seat"))
        self.projector_button.setEnabled(is_open and exists)
        self.pairs_button.setEnabled(self.controller.is_open)

    # -- selection ------------------------------------------------------------------------
    def on_selection(self, view: MemberView) -> None:
        if view.selectionModel().hasSelection() and view is not self._selected_view:
            # One selection across all cards: picking someone clears the others.
            previous = self._selected_view
            self._selected_view = view
            if previous is not None:
                try:
                    previous.clearSelection()
                except RuntimeError:  # the card was rebuilt
                    pass
        self._update_buttons()

    def selected_members(self) -> list[Member]:
        view = self._selected_view
        if view is None:
            return []
        try:
            return [m for m in view.selected_members() if m is not None]
        except RuntimeError:
            self._selected_view = None
            return []

    def _source_of(self, view: MemberView) -> int:
        model = view.model()
        return model.table if isinstance(model, MemberListModel) else NO_TABLE

    # -- commands ---------------------------------------------------------------------------
    def show_feedback(self, text: str, kind: str) -> None:
        self.feedback.show_text(text, kind)

    def request_move(self, attendee_ids: list[int], source: int, target: int) -> None:
        # Deferred: the drop arrives inside the drag's own event loop, and the move reloads
        # every card (including the one the drag started from).
        QTimer.singleShot(0, lambda: self.move_people(attendee_ids, target))

    def move_people(self, attendee_ids: list[int], target: int) -> bool:
        if self.round_number is None or not attendee_ids:
            return False
        names = self._names(attendee_ids)
        table = None if target == NO_TABLE else target
        ok = self.controller.push(MoveSeatsCommand(self.controller, attendee_ids, names, self.round_number, table))
        if ok:
            who = names[0] if len(names) == 1 else self.tr("%n people", "", len(names))
            if table is None:
                self.show_feedback(self.tr("{who} no longer has a seat in round {round}.").format(
                    who=who, round=self.round_number), "info")
            else:
                text = self.tr("{who} now sits at table {table} (seat locked).").format(who=who, table=table)
                broken = [(self._names([aid])[0], m) for aid in attendee_ids for m in self.marks.get(aid, ())
                          if m.kept is False]
                if broken:
                    name, mark = broken[0]
                    if mark.kind is PairKind.KEEP_APART:
                        text += " " + self.tr("{name} and {partner} are to sit apart, and now both sit at table "
                                              "{table}.").format(name=name, partner=mark.partner, table=table)
                    else:
                        text += " " + self.tr("{name} and {partner} are to sit together; {partner} sits at table "
                                              "{other}.").format(name=name, partner=mark.partner,
                                                                 other=mark.partner_table)
                self.show_feedback(text, "warn" if broken else "ok")
        return ok

    def _names(self, attendee_ids: list[int]) -> list[str]:
        by_id: dict[int, str] = {}
        if self.view_data is not None:
            for t in self.view_data.tables:
                by_id.update({m.attendee_id: m.name for m in t.members})
            by_id.update({m.attendee_id: m.name for m in self.view_data.unseated})
        return [by_id.get(a, str(a)) for a in attendee_ids]

    def toggle_lock_selected(self) -> None:
        members = [m for m in self.selected_members() if self._source_of(self._selected_view) != NO_TABLE]
        if not members or self.round_number is None:
            self.show_feedback(self.tr("Select a person at a table first."), "warn")
            return
        lock = not all(m.locked for m in members)
        stack = self.controller.undo_stack
        if len(members) > 1:
            stack.beginMacro(self.tr("Lock seats") if lock else self.tr("Unlock seats"))
        try:
            for m in members:
                if m.locked != lock:
                    self.controller.push(LockSeatCommand(self.controller, m.attendee_id, m.name,
                                                         self.round_number, lock))
        finally:
            if len(members) > 1:
                stack.endMacro()
        self.show_feedback((self.tr("Seat locked: planning keeps it.") if lock
                            else self.tr("Seat unlocked: the next planning run may move this person.")), "info")

    def show_member_menu(self, view: MemberView, pos: QPoint) -> None:
        members = view.selected_members()
        if not members or self.view_data is None:
            return
        ids = [m.attendee_id for m in members]
        source = self._source_of(view)
        menu = QMenu(self)
        move = menu.addMenu(self.tr("Move to table"))
        for t in self.view_data.tables:
            label = self.tr("Table {number}").format(number=t.number)
            if t.name and t.name != str(t.number):
                label += f" · {t.name}"
            label += f"  ({len(t.members)}/{t.capacity})"
            action = move.addAction(label)
            action.setEnabled(t.number != source)
            action.triggered.connect(lambda _c=False, n=t.number: self.move_people(ids, n))
        menu.addSeparator()
        if len(members) == 2:
            a, b = members
            menu.addAction(self.tr("Keep these two together"),
                           lambda: self.add_pair(a.attendee_id, a.name, b.attendee_id, b.name, PairKind.KEEP_TOGETHER))
            menu.addAction(self.tr("Keep these two apart"),
                           lambda: self.add_pair(a.attendee_id, a.name, b.attendee_id, b.name, PairKind.KEEP_APART))
        elif len(members) == 1:
            menu.addAction(self.tr("Pair {name} with…").format(name=members[0].name),
                           lambda: self.show_pairs(members[0].attendee_id))
        if source != NO_TABLE:
            lock = not all(m.locked for m in members)
            menu.addAction(self.tr("Lock seat") if lock else self.tr("Unlock seat"), self.toggle_lock_selected)
            menu.addSeparator()
            menu.addAction(self.tr("Take the seat away"), lambda: self.move_people(ids, NO_TABLE))
        menu.exec(pos)

    @Slot(int)
    def _on_round_chosen(self, index: int) -> None:
        number = self.round_combo.itemData(index)
        if number is None or number == self.round_number:
            return
        self.round_number = number
        self._selected_view = None
        self.reload()

    def select_round(self, number: int) -> None:
        index = self.round_combo.findData(number)
        if index >= 0:
            self.round_combo.setCurrentIndex(index)

    def toggle_round_started(self) -> None:
        data = self.view_data
        if data is None or self.round_number is None:
            return
        started = not data.started
        if self.controller.push(StartRoundCommand(self.controller, self.round_number, started)):
            self.show_feedback((self.tr("Round {number} has started; planning will leave its seats alone.")
                                if started else self.tr("Round {number} is marked as not started.")).format(
                number=self.round_number), "info")

    # -- pairs ------------------------------------------------------------------------------
    def show_pairs(self, first_id: int | None = None):  # noqa: ANN201
        """The pairs window (built when first wanted); ``first_id`` picked as its first person."""
        if not self.controller.is_open:
            return None
        if self.pairs_dialog is None:
            from gdb_facilitator.ui.dialogs.pairs_dialog import PairsDialog

            self.pairs_dialog = PairsDialog(self.controller, self)
        if first_id is not None:
            self.pairs_dialog.start_with(first_id)
        else:
            self.pairs_dialog.refresh()
        self.pairs_dialog.show()
        self.pairs_dialog.raise_()
        self.pairs_dialog.activateWindow()
        return self.pairs_dialog

    def add_pair(self, first_id: int, first_name: str, second_id: int, second_name: str, kind: PairKind) -> bool:
        command = AddPairCommand(self.controller, first_id, first_name, second_id, second_name, kind)
        if not self.controller.push(command) or command.result is None:
            return False
        try:
            places = self.controller.read(pairs_svc.pair_places, first_id, second_id)
        except DomainError:
            places = []
        text, kind_of_feedback = added_message(command.result, places)
        self.show_feedback(text, kind_of_feedback)
        return True

    # -- planning ---------------------------------------------------------------------------
    def plan_seating(self) -> None:
        data = self.view_data
        if data is None or self.runner is not None:
            return
        rounds = max((r.number for r in data.rounds), default=0) or 2
        dialog = PlanDialog(rounds, [r.number for r in data.rounds if r.started],
                            {r.number: r.seats for r in data.rounds}, self,
                            people=data.people, checked_in=data.checked_in)
        accepted = dialog.exec()
        options = dict(rounds=dialog.rounds_spin.value(), seed=dialog.seed(),
                       time_limit=float(dialog.time_spin.value()), only_present=dialog.only_present.isChecked())
        dialog.deleteLater()
        if accepted:
            # A new plan replaces many seats at once: keep a copy of the file as it was.
            self.controller.backup_before("seating")
            self.run_plan(**options)

    def run_plan(self, *, rounds: int | None = None, seed: int | None = None, time_limit: float = 5.0,
                 only_present: bool = False, keep_existing: bool = False) -> PlanRunner | None:
        if self.runner is not None:
            return None
        try:
            # Team mode: one laptop plans at a time; the others see who and get the plan live.
            lock = self.controller.read(svc.take_planning_lock)
        except DomainError as exc:
            self.controller.report(exc)
            return None
        try:
            inp = self.controller.read(svc.build_plan_input, rounds=rounds, only_present=only_present,
                                       keep_existing=keep_existing)
        except DomainError as exc:
            lock.release()
            self.controller.report(exc)
            return None
        seed = svc.new_seed() if seed is None else seed
        runner = PlanRunner(self.controller, inp, seed, time_limit, self)
        runner.finished.connect(lambda _result: lock.release())
        runner.finished.connect(self._plan_finished)
        self.runner = runner
        self.plan_button.setEnabled(False)
        self.latecomers_button.setEnabled(False)
        runner.start()
        return runner

    def seat_latecomers(self) -> PlanRunner | None:
        return self.run_plan(keep_existing=True, only_present=True, time_limit=self.latecomer_seconds)

    @Slot(object)
    def _plan_finished(self, result: object) -> None:
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.deleteLater()
        self._update_buttons()
        if not isinstance(result, svc.PlanResult):
            return
        if result.strategy == svc.STRATEGY_LATECOMERS:
            text = (self.tr("%n latecomer seat(s) added; nobody else moved.", "", result.added) if result.added
                    else self.tr("Everybody checked in has a seat already."))
        else:
            text = self.tr("Seating planned for {people} people: {added} seats added, {moved} moved, "
                           "{removed} removed. Undo puts the earlier seats back.").format(
                people=result.people, added=result.added, moved=result.moved, removed=result.removed)
        self.show_feedback(text, "ok")
        if self.round_number is not None and self.round_number not in result.planned_rounds \
                and result.strategy != svc.STRATEGY_LATECOMERS:
            self.select_round(result.planned_rounds[0])

    # -- projector --------------------------------------------------------------------------
    def _fill_screen_menu(self) -> None:
        self.screen_menu.clear()
        for i, screen in enumerate(QGuiApplication.screens()):
            action = self.screen_menu.addAction(screen_label(screen, i))
            action.triggered.connect(lambda _c=False, s=screen: self.show_projector(s))

    def show_projector(self, screen=None) -> SeatingProjector | None:  # noqa: ANN001
        if self.round_number is None:
            return None
        if self.projector is None:
            self.projector = SeatingProjector()
        self._refresh_projector()
        self.projector.show_on(screen or default_screen())
        return self.projector

    def _refresh_projector(self) -> None:
        if self.projector is None or self.round_number is None:
            return
        rows = self.controller.read(svc.who_sits_where, self.round_number)
        self.projector.set_rows(rows, self.round_number)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.projector is not None:
            self.projector.close()
        super().closeEvent(event)
