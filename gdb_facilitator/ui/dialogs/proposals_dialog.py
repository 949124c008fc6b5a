"""The moderator's view of the topics proposed and chosen from phones.

Live: proposals with their first, second and third choices and points (3/2/1), as
phones send them. The moderator merges duplicates, picks proposals as the topics for the
tables, and turns named participants' choices into topic wishes for seating. The same
list shows full screen on the projector.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import proposals as svc
from gdb_facilitator.ui.windows.placement import show_on_last_screen
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand


class MergeProposalsCommand(ServiceCommand):
    """Merge proposals into one; undo makes them proposals of their own again, with their votes."""

    changes = Changes.TOPICS | Changes.ATTENDEES

    def __init__(self, controller: EventController, sources: list[int], target: int, title: str) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Merge proposals into \"{title}\"").format(
            title=title))
        self.sources = sources
        self.target = target
        self.snapshots: list[svc.MergeSnapshot] = []

    def do(self) -> None:
        self.snapshots = []
        try:
            for source in self.sources:
                snapshot = self.call(svc.merge, source, self.target)
                if snapshot is not None:
                    self.snapshots.append(snapshot)
        except DomainError:
            # All or nothing: the merges done so far are taken back before the error shows.
            self.revert()
            raise

    def revert(self) -> None:
        for snapshot in reversed(self.snapshots):
            self.call(svc.unmerge, snapshot)
        self.snapshots = []


class ProposalsProjector(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("proposalsProjector")
        self.setWindowTitle(self.tr("Topic proposals"))
        self.setStyleSheet("background: white; color: black;")
        self.heading = QLabel(self.tr("Topic proposals: first, second and third choices"))
        font = self.heading.font()
        font.setPointSize(26)
        font.setBold(True)
        self.heading.setFont(font)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Topic"), self.tr("Choices"), self.tr("Points")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        big = QFont(self.table.font())
        big.setPointSize(20)
        self.table.setFont(big)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def show_rows(self, rows: list[svc.ProposalRow]) -> None:
        shown = [r for r in rows if not r.hidden][:18]
        self.table.setRowCount(len(shown))
        for i, row in enumerate(shown):
            title = row.title + ("  ✓" if row.topic_id else "")
            for j, value in enumerate((title, f"{row.firsts} · {row.seconds} · {row.thirds}", str(row.points))):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.resizeRowsToContents()


class ProposalsDialog(QDialog):
    COLUMNS = 7

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalsDialog")
        self.setWindowTitle(self.tr("Topic proposals"))
        self.controller = controller
        self.projector: ProposalsProjector | None = None
        self.rows: list[svc.ProposalRow] = []
        intro = QLabel(self.tr(
            "Proposals and choices from participants' phones (Venue network), live. Select duplicates and "
            "merge them; pick the proposals the tables will work on as topics; then add named "
            "participants' choices to their topic wishes for seating."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("proposalsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Proposal"), self.tr("Problem statement"), self.tr("1st"), self.tr("2nd"), self.tr("3rd"),
            self.tr("Points"), self.tr("Topic")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        self.feedback = QLabel()
        self.feedback.setObjectName("proposalsFeedback")
        self.feedback.setWordWrap(True)

        def button(text: str, name: str, slot) -> QPushButton:  # noqa: ANN001
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            return b

        self.merge_button = button(self.tr("Merge selected"), "mergeButton", self.merge_selected)
        self.pick_button = button(self.tr("Pick as topic"), "pickButton", self.pick_selected)
        self.hide_button = button(self.tr("Hide / show on phones"), "hideButton", self.toggle_hidden)
        self.wishes_button = button(self.tr("Add choices to topic wishes"), "wishesButton", self.apply_wishes)
        self.projector_button = button(self.tr("Show on the projector"), "projectorButton", self.show_projector)
        # The dialog is a window of its own: Ctrl+Z and a button reach the app's undo here too.
        stack = controller.undo_stack
        self.undo_button = button(self.tr("Undo"), "proposalsUndoButton", controller.undo)
        self.undo_button.setEnabled(stack.canUndo())
        self.undo_button.setToolTip(stack.undoText())
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.undoTextChanged.connect(self.undo_button.setToolTip)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=controller.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, activated=controller.redo)
        buttons = QHBoxLayout()
        for b in (self.merge_button, self.pick_button, self.hide_button, self.wishes_button, self.undo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.projector_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        controller.changed.connect(self._on_changed)
        self.resize(980, 600)
        self.refresh()

    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if flags & (Changes.TOPICS | Changes.ATTENDEES) and self.controller.is_open:
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected_ids()
        self.rows = self.controller.read(svc.list_proposals)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            title = row.title + (" (" + ", ".join(row.merged) + ")" if row.merged else "")
            values = (title, row.problem_statement, str(row.firsts), str(row.seconds), str(row.thirds),
                      str(row.points), "✓" if row.topic_id else "")
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.hidden:
                    item.setForeground(Qt.GlobalColor.gray)
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(i, j, item)
            if row.id in selected:
                self.table.selectRow(i)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        voters = sum(r.voters for r in self.rows)
        self.count_label.setText(self.tr("{n} proposals, {v} choices").format(n=len(self.rows), v=voters))
        if self.projector is not None:
            self.projector.show_rows(self.rows)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.rows[r].id for r in rows if r < len(self.rows)]

    def _run(self, fn, *args) -> object:  # noqa: ANN001
        try:
            return self.controller.write(Changes.TOPICS | Changes.ATTENDEES, fn, *args)
        except DomainError as exc:
            from gdb_facilitator.ui.errors import message_for

            self.feedback.setText(message_for(exc))
            return None

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            self.feedback.setText(self.tr("Select two or more proposals to merge."))
            return
        by_points = {r.id: r.points for r in self.rows}
        titles = {r.id: r.title for r in self.rows}
        target = max(ids, key=lambda i: (by_points.get(i, 0), -i))
        command = MergeProposalsCommand(self.controller, [i for i in ids if i != target], target,
                                        titles.get(target, ""))
        if self.controller.push(command):
            self.feedback.setText(self.tr("Merged into the proposal with the most points (Ctrl+Z takes it back)."))

    def pick_selected(self) -> None:
        ids = self.selected_ids()
        for pid in ids:
            self._run(svc.pick_as_topic, pid)
        if ids:
            self.feedback.setText(self.tr("Picked as topics; assign them to tables on the Preparation page."))

    def toggle_hidden(self) -> None:
        hidden = {r.id: r.hidden for r in self.rows}
        for pid in self.selected_ids():
            self._run(svc.set_hidden, pid, not hidden.get(pid, False))

    def apply_wishes(self) -> None:
        count = self._run(svc.apply_wishes)
        if count is not None:
            self.feedback.setText(self.tr("Topic wishes set for {n} participants.").format(n=count))

    def show_projector(self) -> None:
        if self.projector is None:
            self.projector = ProposalsProjector()
        show_on_last_screen(self.projector)
        self.projector.show_rows(self.rows)

    def done(self, result: int) -> None:
        if self.projector is not None:
            self.projector.close()
            self.projector = None
        super().done(result)
