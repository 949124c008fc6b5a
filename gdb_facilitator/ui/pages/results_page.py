"""Ergebnisse: typing in what each table worked out while the teams present.

Left, the tables of the chosen round with a mark for those still missing; right, the
form for one table: topic, problem statement, results and the ideas for the next 100
days; beside it, once worksheets were scanned in, the table's scanned pages, so that the
paper can be typed from. Everything is typed straight into the form: no dialogs, no Save button. Text
commits 300 ms after the last keystroke and on leaving a field; a burst of typing is one
undo step. Ctrl+Enter adds an idea and puts the cursor into its title.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.ui import event_time
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import results as svc
from gdb_facilitator.core.services import scans as scan_svc
from gdb_facilitator.core.services import topics as topic_svc
from gdb_facilitator.core.services.results import IdeaDTO, ResultDTO
from gdb_facilitator.core.services.texts import TextConflict
from gdb_facilitator.ui.dialogs.conflict_dialog import ConflictDialog
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.results_commands import (
    AddIdeaCommand,
    DeleteIdeaCommand,
    EditFieldsCommand,
    MoveIdeaCommand,
)
from gdb_facilitator.ui.models.results_list import IdRole, ResultListModel
from gdb_facilitator.ui.models.results_text import DebouncedText
from gdb_facilitator.ui.dialogs.scan_dialogs import AssignPagesDialog, ScanImport, ScanSummaryDialog, is_scan_path
from gdb_facilitator.ui.widgets.compact_combo import CompactComboBox
from gdb_facilitator.ui.widgets.scan_viewer import ScanViewer

log = logging.getLogger(__name__)

_WATCHED = Changes.RESULTS | Changes.TABLES | Changes.TOPICS | Changes.ROUNDS | Changes.EVENT

ROUND_TITLE_ROLE = Qt.ItemDataRole.UserRole + 41


def _plain(lines: int, parent: QWidget | None = None) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    # Tab moves on to the next field; typing a tab into a result is never wanted here.
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    # Room to grow, but spare layout height must not turn a field into a tall empty box.
    edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * lines * 2 + 14)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return edit


class IdeaCard(QFrame):
    """One idea, edited in place; the page owns what happens on commit."""

    def __init__(self, page: "ResultsPage", idea: IdeaDTO) -> None:
        super().__init__()
        self.setObjectName(f"idea_{idea.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.idea = idea
        self.number_label = QLabel()
        bold = self.number_label.font()
        bold.setBold(True)
        self.number_label.setFont(bold)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("ideaTitle")
        self.title_edit.setPlaceholderText(self.tr("Title of the idea"))
        self.description_edit = _plain(2)
        self.description_edit.setObjectName("ideaDescription")
        self.description_edit.setPlaceholderText(self.tr("What exactly will be done?"))
        self.owner_edit = QLineEdit()
        self.owner_edit.setObjectName("ideaOwner")
        self.owner_edit.setPlaceholderText(self.tr("Name or organisation"))
        self.next_step_edit = QLineEdit()
        self.next_step_edit.setObjectName("ideaNextStep")
        self.next_step_edit.setPlaceholderText(self.tr("The very next step, with a date"))
        self.support_edit = QLineEdit()
        self.support_edit.setObjectName("ideaSupport")
        self.support_edit.setPlaceholderText(self.tr("Who or what could help"))
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {
            "title": self.title_edit, "description": self.description_edit, "owner": self.owner_edit,
            "next_step": self.next_step_edit, "support_needed": self.support_edit,
        }
        self.bindings: dict[str, DebouncedText] = {}
        for name, edit in self.edits.items():
            self.bindings[name] = DebouncedText(
                edit, lambda text, final, f=name: page.commit_idea_field(self, f, text, final),
                undo=page.controller.undo, redo=page.controller.redo)

        def tool(text: str, tip: str, name: str, slot: Callable[[], None]) -> QToolButton:
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(name)
            button.setAutoRaise(True)
            # Out of the Tab chain: Tab goes from field to field while typing; the
            # keyboard reaches these through the shortcuts named in the tooltips.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            return button

        self.up_button = tool("▲", self.tr("Move up (Alt+Up)"), "ideaUp", lambda: page.move_idea(self, -1))
        self.down_button = tool("▼", self.tr("Move down (Alt+Down)"), "ideaDown",
                                lambda: page.move_idea(self, 1))
        self.delete_button = tool(self.tr("Delete"), self.tr("Delete this idea (Ctrl+Shift+Del); undo brings it back"),
                                  "ideaDelete", lambda: page.delete_idea(self))

        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.title_edit, 1)
        top.addWidget(self.up_button)
        top.addWidget(self.down_button)
        top.addWidget(self.delete_button)
        grid.addWidget(self.number_label, 0, 0)
        grid.addLayout(top, 0, 1, 1, 3)
        grid.addWidget(self._label(self.tr("What exactly"), self.description_edit), 1, 0,
                       Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.description_edit, 1, 1, 1, 3)
        # One field per row: side by side, long (translated) labels would force a wide form.
        for row, (text, edit) in enumerate(((self.tr("Who takes it on"), self.owner_edit),
                                            (self.tr("Next step"), self.next_step_edit),
                                            (self.tr("Support needed"), self.support_edit)), start=2):
            grid.addWidget(self._label(text, edit), row, 0)
            grid.addWidget(edit, row, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        self.show_idea(idea, reset=True)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        # Long translations wrap instead of widening the whole form.
        label.setWordWrap(True)
        label.setMinimumWidth(min(label.sizeHint().width(), 90))
        return label

    def show_idea(self, idea: IdeaDTO, reset: bool = False) -> None:
        self.idea = idea
        self.number_label.setText(self.tr("Idea {n}").format(n=idea.position + 1))
        for name, binding in self.bindings.items():
            value = getattr(idea, name)
            binding.reset(value, idea.version) if reset else binding.set_text(value, idea.version)

    def flush(self) -> None:
        for binding in self.bindings.values():
            binding.flush()

    def focus_chain(self) -> list[QWidget]:
        return [self.title_edit, self.description_edit, self.owner_edit, self.next_step_edit, self.support_edit]


class ResultsPage(QWidget):
    statusMessage = Signal(str)

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPage")
        self.controller = controller
        self.model = ResultListModel(self)
        self._round: int = 1
        self._table_id: int | None = None
        self._result: ResultDTO | None = None
        self._topics: list[Any] = []
        self.cards: dict[int, IdeaCard] = {}
        self._flushing = False
        self._deferred = 0  # change flags that arrived while committing pending text
        self.conflict_dialog: ConflictDialog | None = None
        controller.add_pending_commit(self.flush)

        # -- left: round and tables --
        # Closed it says "Round 1"; the round's title is in its list and below it.
        self.round_combo = CompactComboBox()
        self.round_combo.setObjectName("roundCombo")
        self.round_combo.currentIndexChanged.connect(self._on_round_chosen)
        self.round_title = QLabel()
        self.round_title.setObjectName("roundTitle")
        self.round_title.setWordWrap(True)
        self.round_combo.currentIndexChanged.connect(
            lambda _i: self.round_title.setText(str(self.round_combo.currentData(ROUND_TITLE_ROLE) or "")))
        self.round_title.setStyleSheet("color: palette(placeholder-text);")
        round_label = QLabel(self.tr("&Round"))
        round_label.setBuddy(self.round_combo)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.count_label.setWordWrap(True)
        self.list_view = QListView()
        self.list_view.setObjectName("tableList")
        self.list_view.setModel(self.model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setUniformItemSizes(False)
        self.list_view.setSpacing(1)
        self.list_view.setWordWrap(True)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list_view.selectionModel().currentRowChanged.connect(self._on_table_chosen)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(round_label)
        round_row = QHBoxLayout()
        round_row.addWidget(self.round_combo)
        round_row.addStretch(1)
        left_layout.addLayout(round_row)
        left_layout.addWidget(self.round_title)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.list_view, 1)
        # Paper coming back: the copier's PDF or images (also by dropping them on the page).
        self.scan_button = QPushButton(self.tr("Add scanned worksheets…"))
        self.scan_button.setObjectName("scanButton")
        self.scan_button.setToolTip(self.tr(
            "Read the copier's PDF or images of the filled-in worksheets: each page goes to its table by "
            "its QR code. You can also drop the files on this page."))
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("assignPagesButton")
        self.assign_button.setStyleSheet("QPushButton { font-weight: bold; }")
        self.assign_button.hide()
        left_layout.addWidget(self.scan_button)
        left_layout.addWidget(self.assign_button)
        left.setMinimumWidth(220)
        self.scan_import = ScanImport(controller, self)
        self.scan_import.finished.connect(self._on_scanned)
        self.scan_button.clicked.connect(self.scan_import.choose_and_start)
        self.assign_button.clicked.connect(lambda: self.assign_pages())
        self.setAcceptDrops(True)

        # -- right: the form --
        self.heading = QLabel()
        self.heading.setObjectName("resultHeading")
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setWordWrap(True)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setStyleSheet("color: palette(mid);")
        self.topic_combo = QComboBox()
        self.topic_combo.setObjectName("topicCombo")
        self.topic_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.topic_combo.setMinimumContentsLength(16)
        self.topic_combo.activated.connect(self._on_topic_chosen)
        self.problem_edit = _plain(3)
        self.problem_edit.setObjectName("problemEdit")
        self.problem_edit.setPlaceholderText(self.tr("The problem statement the table worked on"))
        self.results_edit = _plain(6)
        self.results_edit.setObjectName("resultsEdit")
        self.results_edit.setPlaceholderText(self.tr("What the team worked out, as they present it"))
        self.bindings = {
            "problem_statement": DebouncedText(
                self.problem_edit, lambda t, f: self.commit_result_field("problem_statement", t, f),
                undo=controller.undo, redo=controller.redo),
            "results": DebouncedText(
                self.results_edit, lambda t, f: self.commit_result_field("results", t, f),
                undo=controller.undo, redo=controller.redo),
        }
        for binding in self.bindings.values():
            binding.widget.textChanged.connect(self._show_pending)

        self.add_button = QPushButton(self.tr("&Add idea (Ctrl+Enter)"))
        self.add_button.setObjectName("addIdea")
        self.add_button.clicked.connect(self.add_idea)
        ideas_heading = QLabel(self.tr("Ideas for the next 100 days"))
        ideas_font = ideas_heading.font()
        ideas_font.setBold(True)
        ideas_font.setPointSizeF(ideas_font.pointSizeF() * 1.15)
        ideas_heading.setFont(ideas_font)
        ideas_heading.setWordWrap(True)
        self.no_ideas_label = QLabel(self.tr(
            "No ideas yet. Press Ctrl+Enter to add one: what exactly, who takes it on, the next "
            "step and the support needed."))
        self.no_ideas_label.setObjectName("noIdeasLabel")
        self.no_ideas_label.setWordWrap(True)
        self.no_ideas_label.setStyleSheet("color: palette(mid); font-style: italic;")
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #B00020; font-weight: bold;")
        self.error_label.hide()

        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        for row, (text, widget) in enumerate((
                (self.tr("&Topic"), self.topic_combo),
                (self.tr("&Problem statement"), self.problem_edit),
                (self.tr("R&esults"), self.results_edit))):
            label = QLabel(text)
            label.setBuddy(widget)
            label.setWordWrap(True)
            form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            form.addWidget(widget, row, 1)
        form.setColumnStretch(1, 1)

        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(8)
        ideas_head = QHBoxLayout()
        ideas_head.addWidget(ideas_heading, 1)
        ideas_head.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)

        inner = QWidget()
        inner.setObjectName("resultForm")
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(4, 4, 12, 12)
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.saved_label)
        # Shown once the table's host said it is done (phone or here): its sheet can go out.
        self.sheet_button = QPushButton(self.tr("Print its result sheet…"))
        self.sheet_button.setObjectName("sheetButton")
        self.sheet_button.clicked.connect(self.print_sheet)
        self.sheet_button.hide()
        head.addWidget(self.sheet_button)
        inner_layout.addLayout(head)
        inner_layout.addLayout(form)
        inner_layout.addSpacing(10)
        inner_layout.addLayout(ideas_head)
        inner_layout.addWidget(self.no_ideas_label)
        inner_layout.addLayout(self.cards_layout)
        inner_layout.addWidget(self.error_label)
        inner_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("resultScroll")
        self.scroll.setWidgetResizable(True)
        # The form follows the width of the window; only long idea lists scroll (vertically).
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(inner)

        self.empty_label = QLabel(self.tr(
            "<h2>No tables yet</h2><p>Results are recorded per table. Add the tables on the "
            "Preparation page first (Ctrl+1); then each table appears here.</p>"))
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMaximumWidth(640)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.scan_viewer = ScanViewer(controller)
        self.scan_viewer.setMinimumWidth(260)
        self.scan_viewer.reassignRequested.connect(lambda info: self.assign_pages([info]))
        self.scan_viewer.hide()  # until the event has scanned pages
        splitter = QSplitter()
        splitter.setObjectName("resultsSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.scroll)
        splitter.addWidget(self.scan_viewer)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([260, 560, 520])
        self.splitter = splitter
        splitter.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        for keys, slot in ((("Ctrl+Return", "Ctrl+Enter"), self.add_idea),
                           (("Alt+Up",), lambda: self._on_focused_card(lambda c: self.move_idea(c, -1))),
                           (("Alt+Down",), lambda: self._on_focused_card(lambda c: self.move_idea(c, 1))),
                           (("Ctrl+Shift+Del",), lambda: self._on_focused_card(self.delete_idea))):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self.scroll)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

        controller.changed.connect(self._on_changed)
        controller.eventClosed.connect(self._on_closed)

    # -- refreshing ------------------------------------------------------------------
    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not flags & _WATCHED or not self.controller.is_open:
            return
        if self._flushing:
            # Refreshing between two fields' commits would mix up tables; do it once after.
            self._deferred |= flags
            return
        if flags & (Changes.ROUNDS | Changes.EVENT):
            self._fill_rounds()
        if flags & (Changes.TOPICS | Changes.EVENT):
            self._topics = self.controller.read(topic_svc.list_topics)
            self._fill_topics()
        self.refresh()

    def _fill_rounds(self) -> None:
        rounds = self.controller.read(svc.list_rounds)
        numbers = [(r.number, r.title) for r in rounds] or [(1, "")]
        if self._round not in [n for n, _t in numbers]:
            self._round = numbers[0][0]
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for number, title in numbers:
            text = self.tr("Round {n}").format(n=number)
            self.round_combo.add_item(f"{text}: {title}" if title else text, text, number)
            self.round_combo.setItemData(self.round_combo.count() - 1, title, ROUND_TITLE_ROLE)
        self.round_combo.setCurrentIndex(max(self.round_combo.findData(self._round), 0))
        self.round_combo.blockSignals(False)
        self.round_title.setText(str(self.round_combo.currentData(ROUND_TITLE_ROLE) or ""))
        self.round_title.setVisible(bool(self.round_title.text()))

    def _fill_topics(self) -> None:
        self.topic_combo.blockSignals(True)
        self.topic_combo.clear()
        self.topic_combo.addItem(self.tr("(no topic)"), None)
        for topic in self._topics:
            self.topic_combo.addItem(topic.title, topic.id)
            self.topic_combo.setItemData(self.topic_combo.count() - 1, topic.problem_statement,
                                         Qt.ItemDataRole.ToolTipRole)
        self.topic_combo.blockSignals(False)
        if self._result is not None:
            self._show_topic(self._result.topic_id)

    def _show_scan_state(self) -> None:
        total = self.controller.read(scan_svc.count_pages)
        waiting = self.controller.read(scan_svc.count_undecided)
        if (total > 0) != self.scan_viewer.isVisibleTo(self):
            self.scan_viewer.setVisible(total > 0)
            if total > 0:
                # room for the page beside the form: list, form and page share the width
                width = max(self.splitter.width(), 800)
                left = min(260, width // 5)
                viewer = (width - left) * 42 // 100  # the form keeps the larger part
                self.splitter.setSizes([left, width - left - viewer, viewer])
        self.assign_button.setVisible(waiting > 0)
        self.assign_button.setText(self.tr("Pages to assign (%n)…", "", waiting))
        self.scan_button.setEnabled(not self.controller.event_file.readonly)

    def refresh(self) -> None:
        self._show_scan_state()
        rows = self.controller.read(svc.overview, self._round)
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(0 if rows else 1)
        self.count_label.setText(self.tr("{recorded} of {total} tables recorded").format(
            recorded=self.model.recorded, total=len(rows)))
        if not rows:
            self._table_id = None
            self._result = None
            return
        if self._table_id is None or self.model.row_for_table(self._table_id) is None:
            self.select_table(rows[0].table_id)
        else:
            self._select_row(self.model.row_for_table(self._table_id) or 0)
            self._load(self._table_id, reset=False)

    @Slot()
    def _on_closed(self) -> None:
        self._table_id = None
        self._result = None
        self._round = 1
        self.model.set_rows([])
        self._sync_cards([], reset=True)
        self.scan_viewer.show_team(None, None)
        self.scan_viewer.hide()
        self.assign_button.hide()

    # -- choosing a round and a table -----------------------------------------------------
    @Slot(int)
    def _on_round_chosen(self, _index: int) -> None:
        number = self.round_combo.currentData()
        if number is None or number == self._round:
            return
        deferred = self._flush_quietly()
        self._round = int(number)
        table_id = self._table_id
        self._table_id = None
        rows = self.controller.read(svc.overview, self._round)
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{recorded} of {total} tables recorded").format(
            recorded=self.model.recorded, total=len(rows)))
        if rows:
            self.select_table(table_id if table_id and self.model.row_for_table(table_id) is not None
                              else rows[0].table_id)
        if deferred:
            self._on_changed(deferred)

    def select_table(self, table_id: int) -> bool:
        row = self.model.row_for_table(table_id)
        if row is None:
            return False
        self._select_row(row)
        if self._table_id != table_id:
            self._switch_to(table_id)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row)
        selection = self.list_view.selectionModel()
        if selection.currentIndex() != index:
            selection.blockSignals(True)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            selection.blockSignals(False)
            self.list_view.viewport().update()
        self.list_view.scrollTo(index)

    @Slot(QModelIndex, QModelIndex)
    def _on_table_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._switch_to(int(current.data(IdRole)))

    def _switch_to(self, table_id: int) -> None:
        # What was typed for the previous table is committed before the form changes.
        deferred = self._flush_quietly()
        self._table_id = table_id
        self._load(table_id, reset=True)
        if deferred:
            self._on_changed(deferred)

    def _load(self, table_id: int, reset: bool) -> None:
        try:
            dto = self.controller.read(svc.get_result, table_id, self._round)
        except DomainError as exc:
            log.info("result of table %s not readable: %s", table_id, exc)
            return
        self._result = dto
        title = self.tr("Table {number}").format(number=dto.table_number)
        if dto.table_name:
            title = f"{title} · {dto.table_name}"
        self.heading.setText(title)
        self._show_topic(dto.topic_id)
        for name, binding in self.bindings.items():
            value, version = getattr(dto, name), dto.version_of(name)
            binding.reset(value, version) if reset else binding.set_text(value, version)
        self._sync_cards(list(dto.ideas), reset=reset)
        self.sheet_button.setVisible(dto.done_at is not None)
        self.scan_viewer.show_team(table_id, self._round, keep_page=not reset)
        if reset:
            self.error_label.hide()
            self.saved_label.setText(self._saved_text(dto))

    def _saved_text(self, dto: ResultDTO) -> str:
        if dto.updated_at is None:
            return self.tr("Nothing recorded yet")
        return self.tr("Saved at {time}").format(time=event_time.hhmm(dto.updated_at, seconds=True))

    def _show_pending(self) -> None:
        if any(b.pending for b in self._all_bindings()):
            self.saved_label.setText(self.tr("Saving…"))

    def _show_topic(self, topic_id: int | None) -> None:
        index = self.topic_combo.findData(topic_id) if topic_id is not None else 0
        self.topic_combo.setCurrentIndex(max(index, 0))

    # -- idea cards --------------------------------------------------------------------
    def _sync_cards(self, ideas: list[IdeaDTO], reset: bool) -> None:
        """Keep a card per idea; reuse the widgets of ideas still there (focus, cursor stay)."""
        wanted = {i.id for i in ideas}
        for idea_id in [i for i in self.cards if i not in wanted or reset]:
            card = self.cards.pop(idea_id)
            self.cards_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        for position, idea in enumerate(ideas):
            card = self.cards.get(idea.id)
            if card is None:
                card = IdeaCard(self, idea)
                for edit in card.edits.values():
                    edit.textChanged.connect(self._show_pending)
                self.cards[idea.id] = card
            else:
                card.show_idea(idea)
            if self.cards_layout.indexOf(card) != position:
                self.cards_layout.removeWidget(card)
                self.cards_layout.insertWidget(position, card)
                # The layout would only show it from the event loop; Tab and focus need it now.
                card.setVisible(True)
            card.up_button.setEnabled(position > 0)
            card.down_button.setEnabled(position < len(ideas) - 1)
        self.no_ideas_label.setVisible(not ideas)
        self._fix_tab_order(ideas)

    def _fix_tab_order(self, ideas: list[IdeaDTO]) -> None:
        chain: list[QWidget] = [self.round_combo, self.list_view, self.topic_combo, self.problem_edit,
                                self.results_edit]
        for idea in ideas:
            chain.extend(self.cards[idea.id].focus_chain())
        chain.append(self.add_button)
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def card_for(self, idea_id: int) -> IdeaCard | None:
        return self.cards.get(idea_id)

    def ordered_cards(self) -> list[IdeaCard]:
        return [self.cards_layout.itemAt(i).widget() for i in range(self.cards_layout.count())]  # type: ignore[misc]

    def _on_focused_card(self, action: Callable[[IdeaCard], None]) -> None:
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, IdeaCard):
            widget = widget.parentWidget()
        if isinstance(widget, IdeaCard):
            action(widget)

    def _all_bindings(self) -> list[DebouncedText]:
        out = list(self.bindings.values())
        for card in self.cards.values():
            out.extend(card.bindings.values())
        return out

    # -- committing ------------------------------------------------------------------------
    def flush(self) -> None:
        """Commit whatever is still waiting for its pause in typing, then refresh once."""
        deferred = self._flush_quietly()
        if deferred:
            self._on_changed(deferred)

    def _flush_quietly(self) -> int:
        """Commit all pending text; returns the change flags whose refresh is still due."""
        if self._flushing:
            return 0
        self._flushing = True
        try:
            for binding in self._all_bindings():
                binding.flush()
        finally:
            self._flushing = False
        deferred, self._deferred = self._deferred, 0
        return deferred

    def _push(self, command: Any) -> bool:
        """Run ``command`` once; a refused edit shows its reason under the form, an edit
        that met a newer text from another device shows both texts side by side."""
        try:
            command.first_redo()
        except TextConflict as exc:
            self._show_conflict(exc)
            # Not False: the conflict dialog owns the text now, so the field must not retry it.
            return None  # type: ignore[return-value]
        except DomainError as exc:
            self.error_label.setText(message_for(exc))
            self.error_label.show()
            return False
        self.error_label.hide()
        self.controller.undo_stack.push(command)
        return True

    def _after_commit(self) -> None:
        if self._result is not None and not any(b.pending for b in self._all_bindings()):
            self.saved_label.setText(self._saved_text(self._result))

    def commit_result_field(self, name: str, text: str, final: bool) -> bool:
        dto = self._result
        if dto is None or self._table_id is None:
            return True
        label = {"results": self.tr("Edit results of table {n}"),
                 "problem_statement": self.tr("Edit problem statement of table {n}")}[name]
        command = EditFieldsCommand(
            self.controller, label.format(n=dto.table_number), Changes.RESULTS, svc.set_result_fields,
            (dto.table_id, dto.round_number), ("result", dto.table_id, dto.round_number, name),
            {name: getattr(dto, name)}, {name: text}, typing=True, final=final,
            expected={name: self.bindings[name].version})
        saved = self._push(command)
        self._after_commit()
        return saved

    def commit_idea_field(self, card: IdeaCard, name: str, text: str, final: bool) -> bool:
        old = getattr(card.idea, name)
        command = EditFieldsCommand(
            self.controller, self.tr("Edit idea {n}").format(n=card.idea.position + 1), Changes.RESULTS,
            svc.update_idea, (card.idea.id,), ("idea", card.idea.id, name), {name: old}, {name: text},
            typing=True, final=final, expected={name: card.bindings[name].version})
        saved = self._push(command)
        self._after_commit()
        return saved

    # -- conflicts with another device ---------------------------------------------------
    def _show_conflict(self, conflict: TextConflict) -> None:
        self.conflict_dialog = ConflictDialog.replace(self.conflict_dialog, conflict, self,
                                                      self._resolve_conflict)

    @Slot(object, str)
    def _resolve_conflict(self, conflict: TextConflict, text: str) -> None:
        """Save the text the user chose or merged, resting on the other device's version."""
        self.conflict_dialog = None
        ref = conflict.ref
        if ref.kind == "result":
            fn, args, key = svc.set_result_fields, (ref.id, ref.round_number), ("result", ref.id, ref.round_number, ref.field)
        else:
            fn, args, key = svc.update_idea, (ref.id,), ("idea", ref.id, ref.field)
        command = EditFieldsCommand(
            self.controller, self.tr("Resolve a conflicting edit"), Changes.RESULTS, fn, args, key,
            {ref.field: conflict.theirs}, {ref.field: text}, expected={ref.field: conflict.version})
        if text == conflict.theirs:
            # Their text stays as it is: nothing to write, only the form shows it again.
            self.refresh()
            return
        self._push(command)
        self.refresh()

    @Slot(int)
    def _on_topic_chosen(self, _index: int) -> None:
        dto = self._result
        if dto is None:
            return
        topic_id = self.topic_combo.currentData()
        if topic_id == dto.topic_id:
            return
        self.flush()
        dto = self._result
        old: dict[str, Any] = {"topic_id": dto.topic_id}
        new: dict[str, Any] = {"topic_id": topic_id}
        old_statement = next((t.problem_statement for t in self._topics if t.id == dto.topic_id), "")
        if topic_id is not None and dto.problem_statement.strip() in ("", old_statement.strip()):
            # The statement still is the old topic's (or empty): it follows the new topic.
            old["problem_statement"] = dto.problem_statement
            new["problem_statement"] = next(t.problem_statement for t in self._topics if t.id == topic_id)
        command = EditFieldsCommand(
            self.controller, self.tr("Change topic of table {n}").format(n=dto.table_number),
            Changes.RESULTS, svc.set_result_fields, (dto.table_id, dto.round_number),
            ("topic", dto.table_id), old, new)
        if not self._push(command):
            self._show_topic(dto.topic_id)

    # -- scanned worksheets ----------------------------------------------------------------
    def add_scans(self, paths: list[str]) -> bool:
        """Scan in ``paths`` (files or folders) with progress; the summary follows."""
        return self.scan_import.start(paths)

    @Slot(object)
    def _on_scanned(self, summary) -> None:
        self.refresh()
        if self._table_id is not None:
            self.scan_viewer.show_team(self._table_id, self._round)
        if summary is None:
            return
        self.statusMessage.emit(self.tr("Scanned pages read: %n", "", summary.pages_read))
        dialog = ScanSummaryDialog(summary, self)
        dialog.exec()
        assign = dialog.assign_now
        dialog.deleteLater()
        if assign:
            self.assign_pages()

    def assign_pages(self, pages=None) -> None:
        dialog = AssignPagesDialog(self.controller, pages=pages, round_number=self._round, parent=self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()
        if self._table_id is not None:
            self.scan_viewer.show_team(self._table_id, self._round, keep_page=pages is None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() and is_scan_path(u.toLocalFile()) for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_scans(paths)

    def print_sheet(self) -> None:
        """Open this table's result sheet on the Output page, ready to print."""
        dto = self._result
        if dto is None:
            return
        self.flush()
        window = self.window()
        output = getattr(window, "page_widgets", {}).get("output")
        if output is None or not hasattr(output, "show_table_sheet"):
            return
        window.show_page("output")  # type: ignore[attr-defined]
        output.show_table_sheet(dto.round_number, dto.table_number)

    def add_idea(self) -> None:
        if self._table_id is None:
            return
        self.flush()
        command = AddIdeaCommand(self.controller, self._table_id, self._round)
        if self._push(command) and command.idea is not None:
            card = self.cards.get(command.idea.id)
            if card is not None:
                card.title_edit.setFocus()
                self.scroll.ensureWidgetVisible(card)
                self.statusMessage.emit(self.tr("Idea added."))

    def delete_idea(self, card: IdeaCard) -> None:
        self.flush()
        ordered = self.ordered_cards()
        position = ordered.index(card) if card in ordered else 0
        if self._push(DeleteIdeaCommand(self.controller, card.idea)):
            remaining = self.ordered_cards()
            if remaining:
                remaining[min(position, len(remaining) - 1)].title_edit.setFocus()
            else:
                self.add_button.setFocus()
            self.statusMessage.emit(self.tr("Idea deleted. Undo brings it back."))

    def move_idea(self, card: IdeaCard, step: int) -> None:
        self.flush()
        position = card.idea.position + step
        if position < 0 or position >= len(self.cards):
            return
        focus = QApplication.focusWidget()
        self._push(MoveIdeaCommand(self.controller, card.idea, position))
        if focus is not None and card.isAncestorOf(focus):
            focus.setFocus()
