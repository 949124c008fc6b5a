"""Nachbereitung: the 100-day check-in, the state of every idea, the documents and exports
after the event, and removing the personal data.

Check-in: a scanner types the QR code like a keyboard and presses Enter; so does a
person typing the code from the sheet. The service forgives case, spaces and look-alikes;
the page shows the team's record and, for each idea, a report form. "Record report"
commits a new report at once (undo deletes it); afterwards the same form edits that
report, text 300 ms after the last keystroke, as everywhere in the app. Each report is
one undo step; typing in a report merges into one.

The documents and exports run on a worker thread through their own read-only
connection (like the Output page); team codes the documents need are created first, on
the GUI thread, as an ordinary write.

The parts live beside it: ``follow_up_card`` (one idea at the check-in), ``follow_up_outputs``
(the documents, exports and privacy tab), ``follow_up_common`` (styles and helpers).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.ui import event_time
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import codes as code_service
from gdb_facilitator.core.services import event as event_service
from gdb_facilitator.core.services import follow_up as svc
from gdb_facilitator.core.services.follow_up import STATUS_ORDER, FollowUpIdea, FollowUpSummary, TeamFollowUp
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.follow_up_overview import (
    STATUS_COLOURS,
    CodeRole,
    OverviewFilter,
    OverviewModel,
    SummaryModel,
    rows_from,
    status_icon,
    status_name,
)
from gdb_facilitator.ui.workers import JobRunner
from gdb_facilitator.ui.widgets.flow import flow_widget
from gdb_facilitator.ui.pages.follow_up_common import (
    _date_pattern,
    _ERROR_STYLE,
    _heading_font,
    _html,
    _html_lines,
    _MUTED_STYLE,
    _percent,
)
from gdb_facilitator.ui.pages.follow_up_card import IdeaCheckIn
from gdb_facilitator.ui.pages.follow_up_outputs import FollowUpOutputs

log = logging.getLogger(__name__)

_WATCHED = (Changes.FOLLOW_UP | Changes.RESULTS | Changes.TABLES | Changes.TOPICS | Changes.ROUNDS
            | Changes.EVENT | Changes.ATTENDEES)


# -- the page ----------------------------------------------------------------------------------------
class FollowUpPage(QWidget):
    statusMessage = Signal(str)

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPage")
        self.controller = controller
        self.jobs = JobRunner(self)
        self.team: TeamFollowUp | None = None
        self.cards: dict[int, IdeaCheckIn] = {}
        self.recorded_ids: set[int] = set()
        self.last_reporter = ""
        self._event_date: date | None = None
        self._stale = True
        self._refreshing = False
        self._flushing = False
        controller.add_pending_commit(self.flush)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("followUpTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_check_in(), self.tr("Check-in"))
        self.tabs.addTab(self._build_overview(), self.tr("Overview"))
        self.tabs.addTab(self._build_summary(), self.tr("Summary"))
        self.outputs = FollowUpOutputs(controller, self.jobs, self.flush)
        self.outputs.statusMessage.connect(self.statusMessage)
        self.outputs.purgeAttempted.connect(self._forget_reporter)
        self.tabs.addTab(self.outputs, self.tr("Documents and data"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        controller.changed.connect(self._on_changed)
        controller.eventClosed.connect(self._on_closed)

    # -- building: check-in ------------------------------------------------------------------------------
    def _build_check_in(self) -> QWidget:
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setPlaceholderText(self.tr("Scan the QR code or type the team code, then press Enter"))
        self.code_edit.setClearButtonEnabled(True)
        self.code_edit.returnPressed.connect(self.open_code)
        self.code_edit.textEdited.connect(lambda _t: self._show_code_message("", error=False))
        font = self.code_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.code_edit.setFont(font)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("openCode")
        self.open_button.clicked.connect(self.open_code)
        code_label = QLabel(self.tr("&Team code"))
        code_label.setBuddy(self.code_edit)
        _heading_font(code_label, 1.1)
        self.code_message = QLabel()
        self.code_message.setObjectName("codeMessage")
        self.code_message.setWordWrap(True)
        self.code_message.hide()
        code_row = QHBoxLayout()
        code_row.addWidget(code_label)
        code_row.addWidget(self.code_edit, 1)
        code_row.addWidget(self.open_button)

        self.team_heading = QLabel()
        self.team_heading.setObjectName("teamHeading")
        self.team_heading.setWordWrap(True)
        _heading_font(self.team_heading, 1.35)
        self.team_meta = QLabel()
        self.team_meta.setObjectName("teamMeta")
        self.team_meta.setWordWrap(True)
        self.team_meta.setStyleSheet(_MUTED_STYLE)
        self.team_details = QLabel()
        self.team_details.setObjectName("teamDetails")
        self.team_details.setWordWrap(True)
        self.team_details.setTextFormat(Qt.TextFormat.RichText)
        self.team_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ideas_heading = QLabel(self.tr("What became of the ideas?"))
        _heading_font(ideas_heading, 1.15)
        self.no_ideas_label = QLabel(self.tr("This team recorded no ideas."))
        self.no_ideas_label.setStyleSheet(_MUTED_STYLE + " font-style: italic;")
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(10)

        team = QWidget()
        team.setObjectName("teamRecord")
        team_layout = QVBoxLayout(team)
        team_layout.setContentsMargins(4, 4, 12, 12)
        team_layout.addWidget(self.team_heading)
        team_layout.addWidget(self.team_meta)
        team_layout.addWidget(self.team_details)
        team_layout.addSpacing(8)
        team_layout.addWidget(ideas_heading)
        team_layout.addWidget(self.no_ideas_label)
        team_layout.addLayout(self.cards_layout)
        team_layout.addStretch(1)
        self.team_scroll = QScrollArea()
        self.team_scroll.setObjectName("teamScroll")
        self.team_scroll.setWidgetResizable(True)
        self.team_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.team_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.team_scroll.setWidget(team)

        self.check_in_hint = QLabel(self.tr(
            "<h3>The 100-day check-in</h3><p>Each team brings its result sheet or invitation. Scan its QR "
            "code with a scanner (it types the code and presses Enter), or type the code printed under "
            "it: upper or lower case, with or without spaces.</p><p>The team's ideas then appear here; for "
            "each one, choose what became of it, how far it got and what happened, and record the "
            "report.</p>"))
        self.check_in_hint.setObjectName("checkInHint")
        self.check_in_hint.setWordWrap(True)
        self.check_in_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.check_in_hint.setMaximumWidth(720)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(code_row)
        layout.addWidget(self.code_message)
        layout.addWidget(self.check_in_hint)
        layout.addWidget(self.team_scroll, 1)
        self.team_scroll.hide()
        return page

    # -- building: overview ---------------------------------------------------------------------------
    def _build_overview(self) -> QWidget:
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totalsLabel")
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in STATUS_ORDER:
            self.status_filter.addItem(status_icon(status), status_name(status), status)
        self.table_filter = QComboBox()
        self.table_filter.setObjectName("tableFilter")
        self.topic_filter = QComboBox()
        self.topic_filter.setObjectName("topicFilter")
        self.topic_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.topic_filter.setMinimumContentsLength(18)
        for combo in (self.status_filter, self.table_filter, self.topic_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.reset_filters_button = QPushButton(self.tr("Show all"))
        self.reset_filters_button.setObjectName("resetFilters")
        self.reset_filters_button.clicked.connect(self.reset_filters)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("shownLabel")
        self.shown_label.setStyleSheet(_MUTED_STYLE)
        # On a narrow screen the filters continue on a second line.
        filters_box, filters = flow_widget("overviewFilters")
        for text, combo in ((self.tr("S&tatus"), self.status_filter), (self.tr("T&able"), self.table_filter),
                            (self.tr("To&pic"), self.topic_filter)):
            pair = QWidget()
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 8, 0)
            caption = QLabel(text)
            caption.setBuddy(combo)
            pair_layout.addWidget(caption)
            pair_layout.addWidget(combo)
            filters.addWidget(pair)
        filters.addWidget(self.reset_filters_button)
        filters.add_right(self.shown_label)

        self.overview_model = OverviewModel(self)
        self.overview_filter = OverviewFilter(self)
        self.overview_filter.setSourceModel(self.overview_model)
        self.overview_view = QTableView()
        self.overview_view.setObjectName("overviewTable")
        self.overview_view.setModel(self.overview_filter)
        self.overview_view.setSortingEnabled(True)
        self.overview_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.overview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overview_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.overview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overview_view.setAlternatingRowColors(True)
        self.overview_view.verticalHeader().hide()
        # Compact rows: 18 tables with 2-3 ideas each should mostly fit on a laptop screen.
        self.overview_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.overview_view.setWordWrap(False)
        header = self.overview_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OverviewModel.KEYS.index("topic"), QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OverviewModel.KEYS.index("idea"), QHeaderView.ResizeMode.Stretch)
        header.resizeSection(OverviewModel.KEYS.index("topic"), 220)
        self.overview_view.doubleClicked.connect(self._open_from_overview)
        hint = QLabel(self.tr("Double-click an idea to open its team for the check-in."))
        hint.setStyleSheet(_MUTED_STYLE)
        hint.setWordWrap(True)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.totals_label)
        layout.addWidget(filters_box)
        layout.addWidget(self.overview_view, 1)
        layout.addWidget(hint)
        return page

    def _build_summary(self) -> QWidget:
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.by_table_model = SummaryModel(self.tr("Table"), self)
        self.by_topic_model = SummaryModel(self.tr("Topic"), self)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        for title, model, name in ((self.tr("By table"), self.by_table_model, "byTable"),
                                   (self.tr("By topic"), self.by_topic_model, "byTopic")):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(title)
            _heading_font(caption, 1.1)
            view = QTableView()
            view.setObjectName(name)
            view.setModel(model)
            view.verticalHeader().hide()
            view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            view.setAlternatingRowColors(True)
            view.setWordWrap(False)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(36)
            box_layout.addWidget(caption)
            box_layout.addWidget(view, 1)
            splitter.addWidget(box)
            setattr(self, f"{name}_view", view)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        return page

    # -- building: documents, exports, privacy ---------------------------------------------------------
    # -- refreshing ------------------------------------------------------------------------------------
    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not flags & _WATCHED or not self.controller.is_open:
            return
        if flags & Changes.EVENT:
            self._event_date = None
        self._stale = True
        if self._flushing or self._refreshing:
            return  # refreshed once the commits are through
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale and self.controller.is_open:
            self.refresh()

    def refresh(self) -> None:
        if not self.controller.is_open:
            return
        self._refreshing = True
        try:
            self._stale = False
            self.refresh_team()
            self._refresh_overview()
            self._event_date = self.outputs.refresh()
        finally:
            self._refreshing = False

    def refresh_team(self) -> None:
        if self.team is None:
            return
        try:
            team = self.controller.read(svc.open_team, self.team.code)
        except DomainError as exc:
            log.info("team %s no longer there: %s", self.team.code[:6], exc)
            self._show_team(None)
            return
        self._show_team(team, reset=False)

    def _refresh_overview(self) -> None:
        teams = self.controller.read(svc.overview)
        summary: FollowUpSummary = self.controller.read(svc.summary)
        self.overview_model.date_format = _date_pattern()[0]
        self.overview_model.set_rows(rows_from(teams))
        self._fill_filter(self.table_filter, self.tr("All tables"),
                          sorted({(t.table_number, t.table_name) for t in teams}),
                          lambda item: item[0], lambda item: self.tr("Table {number}").format(number=item[0])
                          + (f" · {item[1]}" if item[1] else ""))
        self._fill_filter(self.topic_filter, self.tr("All topics"),
                          sorted({t.topic for t in teams if t.topic}, key=str.casefold),
                          lambda item: item, lambda item: item)
        self._apply_filters()
        self.by_table_model.set_rows(summary.by_table, summary.total)
        self.by_topic_model.set_rows(summary.by_topic, summary.total)
        total = summary.total.total
        chips = " &nbsp; ".join(
            f'<span style="color:{STATUS_COLOURS[s]}; font-size: 13pt;">●</span> <b>{summary.total.get(s)}</b> '
            f"{_html(status_name(s))}" for s in STATUS_ORDER)
        line = self.tr("{total} ideas · {checked} with a report · average progress {percent} %").format(
            total=total, checked=summary.checked_in, percent=_percent(summary.average_progress))
        self.totals_label.setText(f"<p>{chips}</p><p>{_html(line)}</p>")
        self.summary_label.setText(f"<p>{chips}</p><p>{_html(line)}</p>")

    def _fill_filter(self, combo: QComboBox, all_text: str, items: list[Any], data, text) -> None:  # noqa: ANN001
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        for item in items:
            combo.addItem(text(item), data(item))
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    @Slot()
    def _apply_filters(self) -> None:
        self.overview_filter.set_filters(self.status_filter.currentData(), self.table_filter.currentData(),
                                         self.topic_filter.currentData())
        ideas = sum(1 for r in self.overview_model.rows if r.idea_id is not None)
        shown = sum(1 for i in range(self.overview_filter.rowCount())
                    if self.overview_model.row_at(self.overview_filter.mapToSource(
                        self.overview_filter.index(i, 0)).row()).idea_id is not None)
        self.shown_label.setText(self.tr("{shown} of {total} ideas shown").format(shown=shown, total=ideas))
        self.reset_filters_button.setEnabled(any(c.currentIndex() > 0 for c in (
            self.status_filter, self.table_filter, self.topic_filter)))

    def reset_filters(self) -> None:
        for combo in (self.status_filter, self.table_filter, self.topic_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._apply_filters()

    @Slot()
    def _on_closed(self) -> None:
        self.jobs.cancel_all()
        self.team = None
        self.recorded_ids.clear()
        self._event_date = None
        self._show_team(None)
        self.overview_model.set_rows([])
        self.by_table_model.set_rows(())
        self.by_topic_model.set_rows(())
        self.code_edit.clear()
        self._show_code_message("", error=False)
        self._stale = True

    # -- the check-in -----------------------------------------------------------------------------------
    def today(self) -> date:
        return event_time.local(self.controller.clock.now_utc()).date()

    def event_date(self) -> date | None:
        if self._event_date is None and self.controller.is_open:
            self._event_date = self.controller.read(event_service.get_event).event_date
        return self._event_date

    def remember_reporter(self, name: str) -> None:
        if name.strip():
            self.last_reporter = name.strip()

    @Slot()
    def open_code(self) -> bool:
        """Open the team whose code is in the code field (Enter, a scanner, or Open)."""
        typed = self.code_edit.text()
        if not typed.strip() or not self.controller.is_open:
            return False
        try:
            team = self.controller.read(svc.open_team, typed)
        except DomainError as exc:
            self._show_code_message(message_for(exc), error=True)
            self.code_edit.selectAll()
            return False
        if not self.leave_team(team.code):
            return False
        self._show_team(team, reset=True)
        self._show_code_message(self.tr("Team found: {team}.").format(team=self._team_title(team)), error=False)
        # The next scan replaces the code instead of adding to it.
        self.code_edit.selectAll()
        return True

    def leave_team(self, next_code: str | None = None) -> bool:
        """Before another team is shown: commit the edits, ask about unrecorded drafts."""
        if self.team is None or self.team.code == next_code:
            self.flush()
            return True
        self.flush()
        drafts = [card for card in self.ordered_cards() if card.has_draft]
        if not drafts:
            return True
        box = QMessageBox(self)
        box.setObjectName("draftsBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Reports not recorded"))
        box.setText(self.tr("%n report(s) of this team are filled in but not recorded yet.", "", len(drafts)))
        record = box.addButton(self.tr("Record them"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(record)
        box.exec()
        clicked = box.clickedButton()
        if clicked is record:
            return all(card.record() for card in drafts)
        return clicked is discard

    def open_team_code(self, code: str) -> bool:
        self.code_edit.setText(code)
        return self.open_code()

    def _team_title(self, team: TeamFollowUp) -> str:
        title = self.tr("Table {number}").format(number=team.table_number)
        if team.table_name:
            title += f" · {team.table_name}"
        if team.round_number is not None:
            title += " · " + self.tr("Round {number}").format(number=team.round_number)
        return title

    def _show_code_message(self, text: str, *, error: bool) -> None:
        self.code_message.setText(text)
        self.code_message.setStyleSheet(_ERROR_STYLE if error else "color: #1B7F3B;")
        self.code_message.setVisible(bool(text))

    def _show_team(self, team: TeamFollowUp | None, reset: bool = True) -> None:
        self.team = team
        if team is None:
            self._sync_cards([])
            self.team_scroll.hide()
            self.check_in_hint.show()
            return
        self.check_in_hint.hide()
        self.team_scroll.show()
        self.team_heading.setText(self._team_title(team))
        meta = [self.tr("Team code {code}").format(code=code_service.format_code(team.code))]
        if team.round_title:
            meta.append(team.round_title)
        if team.members:
            meta.append(self.tr("%n people", "", team.member_count) + ": " + ", ".join(team.members))
        elif team.member_count:
            meta.append(self.tr("%n people", "", team.member_count))
        self.team_meta.setText(" · ".join(meta))
        parts = []
        for caption, value in ((self.tr("Topic"), team.topic), (self.tr("Problem statement"), team.problem_statement),
                               (self.tr("Results"), team.results)):
            if value.strip():
                parts.append(f"<p><b>{_html(caption)}</b><br>{_html_lines(value.strip())}</p>")
        if not parts:
            nothing = self.tr("No topic or results were recorded for this team.")
            parts.append(f"<p><i>{_html(nothing)}</i></p>")
        self.team_details.setText("".join(parts))
        self._sync_cards(list(team.ideas), reset=reset)
        if reset:
            self.team_scroll.verticalScrollBar().setValue(0)

    def _sync_cards(self, ideas: list[FollowUpIdea], reset: bool = True) -> None:
        wanted = {idea.id for idea in ideas}
        for idea_id in [i for i in self.cards if i not in wanted or reset]:
            card = self.cards.pop(idea_id)
            self.cards_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        for position, idea in enumerate(ideas):
            card = self.cards.get(idea.id)
            if card is None:
                card = IdeaCheckIn(self, idea, position + 1)
                self.cards[idea.id] = card
            else:
                card.show_idea(idea, position + 1)
            if self.cards_layout.indexOf(card) != position:
                self.cards_layout.removeWidget(card)
                self.cards_layout.insertWidget(position, card)
                card.setVisible(True)
        self.no_ideas_label.setVisible(self.team is not None and not ideas)
        chain: list[QWidget] = [self.code_edit, self.open_button]
        for idea in ideas:
            chain.extend(self.cards[idea.id].focus_chain())
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def ordered_cards(self) -> list[IdeaCheckIn]:
        return [self.cards_layout.itemAt(i).widget() for i in range(self.cards_layout.count())]  # type: ignore[misc]

    def card_for(self, idea_id: int) -> IdeaCheckIn | None:
        return self.cards.get(idea_id)

    def flush(self) -> None:
        """Commit every edit still waiting for its pause, then refresh once."""
        if self._flushing:
            return
        self._flushing = True
        try:
            for card in list(self.cards.values()):
                card.flush()
        finally:
            self._flushing = False
        if self._stale and self.isVisible() and not self._refreshing:
            self.refresh()

    @Slot(QModelIndex)
    def _open_from_overview(self, index: QModelIndex) -> None:
        code = index.data(CodeRole)
        if not code:
            self.statusMessage.emit(self.tr("This team has no code yet: print its result sheet first."))
            return
        self.tabs.setCurrentIndex(0)
        self.open_team_code(code)

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def on_purge(self) -> bool:
        return self.outputs.on_purge()

    @Slot()
    def _forget_reporter(self) -> None:
        self.last_reporter = ""
