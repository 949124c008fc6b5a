"""Pairs: two people to seat together (an interpreter, a couple) or apart (a boss and their team).

A window of its own, opened from the Tables page, so the cards stay in view beside it: pick
two people (search as on the Arrival page: accents and case do not matter), say together or
apart, add. Every add and remove is committed at once and is one undo step; the list says
for each pair whether the current plan keeps it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.models import PairKind
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import attendees as attendee_svc
from gdb_facilitator.core.services import pairs as svc
from gdb_facilitator.core.services.attendees import AttendeeRow
from gdb_facilitator.ui.controller import EventController, ServiceCommand
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.attendee_table import (
    COL_NAME,
    COL_ORGANISATION,
    COLUMN_COUNT,
    AttendeeFilterProxy,
    AttendeeTableModel,
    RowRole,
)
from gdb_facilitator.ui.models.pairs_model import (
    BAD,
    COL_PLAN,
    GOOD,
    PAIR_CHANGES,
    WARN,
    AddPairCommand,
    PairListModel,
    PairRole,
    RemovePairsCommand,
    added_message,
    plan_verdict,
)
from gdb_facilitator.ui.widgets.feedback import INFO, FeedbackLine


class PersonPicker(QWidget):
    """A search field over everybody and the matching people; the selected one is picked."""

    picked = Signal()

    def __init__(self, title: str, people: AttendeeTableModel, object_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.proxy = AttendeeFilterProxy(self)
        self.proxy.setSourceModel(people)
        self.proxy.sort(COL_NAME)
        self.search = QLineEdit()
        self.search.setObjectName("pairSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Name or organisation…"))
        self.search.textChanged.connect(self._on_search)
        self.view = QTreeView()
        self.view.setObjectName("pairPeople")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setHeaderHidden(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for col in range(COLUMN_COUNT):
            self.view.setColumnHidden(col, col not in (COL_NAME, COL_ORGANISATION))
        self.view.header().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(self.fontMetrics().height() * 7)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.picked.emit())
        self.search.returnPressed.connect(self._select_first)
        label = QLabel(title)
        label.setBuddy(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)

    @Slot(str)
    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        if self.chosen() is None:
            self._select_first()

    def _select_first(self) -> None:
        if self.chosen() is None and self.proxy.rowCount() and self.search.text().strip():
            self.view.setCurrentIndex(self.proxy.index(0, COL_NAME))

    def chosen(self) -> AttendeeRow | None:
        rows = self.view.selectionModel().selectedRows(COL_NAME)
        return rows[0].data(RowRole) if rows else None

    def pick(self, attendee_id: int) -> bool:
        self.search.clear()
        source = self.proxy.sourceModel()
        assert isinstance(source, AttendeeTableModel)
        row = source.row_for_id(attendee_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(source.index(row, COL_NAME))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def clear(self) -> None:
        self.search.clear()
        self.view.clearSelection()


class PairsDialog(QDialog):
    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pairsDialog")
        self.setWindowTitle(self.tr("Pairs"))
        self.controller = controller
        self._dirty = True
        self.people = AttendeeTableModel(self)

        intro = QLabel(self.tr(
            "Keep two people at one table (an interpreter, a couple) or at different tables (a boss and "
            "their team). Planning seats pairs accordingly; seats that exist do not change by themselves."))
        intro.setWordWrap(True)
        self.first = PersonPicker(self.tr("First person"), self.people, "pairFirst")
        self.second = PersonPicker(self.tr("Second person"), self.people, "pairSecond")
        self.together = QRadioButton(self.tr("Keep together"))
        self.together.setObjectName("pairTogether")
        self.together.setToolTip(self.tr("Always at the same table, in every round"))
        self.apart = QRadioButton(self.tr("Keep apart"))
        self.apart.setObjectName("pairApart")
        self.apart.setToolTip(self.tr("Never at the same table"))
        self.apart.setChecked(True)
        self.add_button = QPushButton(self.tr("Add pair"))
        self.add_button.setObjectName("addPair")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_pair)
        for picker in (self.first, self.second):
            picker.picked.connect(self._update_buttons)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.together)
        middle.addWidget(self.apart)
        middle.addSpacing(8)
        middle.addWidget(self.add_button)
        middle.addStretch(1)
        add_box = QGroupBox(self.tr("Add a pair"))
        add_row = QHBoxLayout(add_box)
        add_row.addWidget(self.first, 1)
        add_row.addLayout(middle)
        add_row.addWidget(self.second, 1)

        self.model = PairListModel(self)
        self.list = QTableView()
        self.list.setObjectName("pairList")
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.setWordWrap(False)
        header = self.list.horizontalHeader()
        for col in range(COL_PLAN):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PLAN, QHeaderView.ResizeMode.Stretch)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.count_label = QLabel()
        self.count_label.setObjectName("pairCount")
        self.remove_button = QPushButton(self.tr("Remove selected"))
        self.remove_button.setObjectName("removePair")
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # not while typing a name
        delete.activated.connect(self.remove_selected)
        # A window of its own: Ctrl+Z / Ctrl+Y and buttons reach the app's undo here too.
        stack = controller.undo_stack
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("pairsUndo")
        self.undo_button.clicked.connect(controller.undo)
        self.redo_button = QPushButton(self.tr("Redo"))
        self.redo_button.setObjectName("pairsRedo")
        self.redo_button.clicked.connect(controller.redo)
        for button, can, text, now, tip in (
                (self.undo_button, stack.canUndoChanged, stack.undoTextChanged, stack.canUndo(), stack.undoText()),
                (self.redo_button, stack.canRedoChanged, stack.redoTextChanged, stack.canRedo(), stack.redoText())):
            button.setEnabled(now)
            button.setToolTip(tip)
            can.connect(button.setEnabled)
            text.connect(button.setToolTip)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=controller.undo)
        redo = QShortcut(self)
        redo.activated.connect(controller.redo)
        # Ctrl+Y and Ctrl+Shift+Z on every platform, once each (a repeated key would be ambiguous).
        keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        keys += [k for k in (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")) if k not in keys]
        redo.setKeys(keys)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.undo_button)
        list_buttons.addWidget(self.redo_button)
        self.feedback = FeedbackLine("pairsFeedback", {"ok": GOOD, "info": INFO, "warn": WARN, "error": BAD},
                                     seconds=20)
        self.feedback.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(add_box, 3)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list, 4)
        layout.addLayout(list_buttons)
        layout.addWidget(self.feedback)
        layout.addWidget(close)
        controller.changed.connect(self._on_changed)
        self.resize(860, 600)
        self.refresh()

    # -- refreshing -----------------------------------------------------------------------
    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        # Team mode: another laptop's pairs and people arrive as the same flags.
        if flags & PAIR_CHANGES and self.controller.is_open:
            if self.isVisible():
                self.refresh()
            else:
                # Check-ins at the desk must not wait for a closed window's list.
                self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        if not self.controller.is_open:
            return
        self._dirty = False
        try:
            people = self.controller.read(attendee_svc.list_attendees)
            rows = self.controller.read(svc.list_pairs)
            verdicts = [plan_verdict(r.kind, self.controller.read(svc.pair_places, r.first_id, r.second_id))
                        for r in rows]
        except DomainError as exc:
            self.show_feedback(message_for(exc), "error")
            return
        chosen = [p.chosen() for p in (self.first, self.second)]
        selected = {r.id for r in self.selected_pairs()}
        self.people.set_rows(people)
        for picker, row in zip((self.first, self.second), chosen):
            if row is not None and picker.chosen() is None:
                picker.pick(row.id)
        self.model.set_rows(rows, verdicts)
        for i, r in enumerate(rows):
            if r.id in selected:
                self.list.selectionModel().select(
                    self.model.index(i, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        together = sum(1 for r in rows if r.kind is PairKind.KEEP_TOGETHER)
        self.count_label.setText(self.tr("Pairs: {together} to keep together, {apart} to keep apart").format(
            together=together, apart=len(rows) - together))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.first.chosen() is not None and self.second.chosen() is not None)
        self.remove_button.setEnabled(bool(self.selected_pairs()))

    def selected_pairs(self) -> list[svc.PairRow]:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedRows())
        return [self.model.index(r, 0).data(PairRole) for r in rows]

    def show_feedback(self, text: str, kind: str) -> None:
        self.feedback.show_text(text, kind)

    # -- editing --------------------------------------------------------------------------
    def start_with(self, first_id: int, second_id: int | None = None) -> None:
        """Open with one (or both) people already picked, e.g. from a card's menu."""
        self.refresh()
        self.first.pick(first_id)
        if second_id is not None:
            self.second.pick(second_id)
        else:
            self.second.clear()
            self.second.search.setFocus()

    def _push(self, command: ServiceCommand) -> bool:
        """Like the controller's push, but a refusal shows here, beside what was picked."""
        self.controller.commit_pending()
        try:
            command.first_redo()
        except DomainError as exc:
            self.show_feedback(message_for(exc), "error")
            return False
        self.controller.undo_stack.push(command)
        return True

    def add_pair(self) -> bool:
        first, second = self.first.chosen(), self.second.chosen()
        if first is None or second is None:
            self.show_feedback(self.tr("Pick two people first."), "warn")
            return False
        kind = PairKind.KEEP_TOGETHER if self.together.isChecked() else PairKind.KEEP_APART
        command = AddPairCommand(self.controller, first.id, first.full_name, second.id, second.full_name, kind)
        if not self._push(command):
            return False
        assert command.result is not None
        try:
            places = self.controller.read(svc.pair_places, first.id, second.id)
        except DomainError:
            places = []
        text, feedback = added_message(command.result, places)
        self.show_feedback(text, feedback)
        self.second.clear()
        self.second.search.setFocus()
        return True

    def remove_selected(self) -> int:
        rows = self.selected_pairs()
        if not rows:
            self.show_feedback(self.tr("Select a pair in the list first."), "warn")
            return 0
        if not self._push(RemovePairsCommand(self.controller, rows)):
            self.refresh()
            return 0
        if len(rows) == 1:
            self.show_feedback(self.tr("Pair {first} – {second} removed; Undo brings it back.").format(
                first=rows[0].first_name, second=rows[0].second_name), "info")
        else:
            self.show_feedback(self.tr("%n pair(s) removed; Undo brings them back.", "", len(rows)), "info")
        return len(rows)
