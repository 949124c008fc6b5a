"""One idea at the 100-day check-in: its reports and the form for a new one (Follow-up page)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.models import IdeaStatus
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import follow_up as svc
from gdb_facilitator.core.services.follow_up import CHECK_IN_STATUSES, FollowUpIdea, UpdateDTO
from gdb_facilitator.core.services.texts import TextConflict
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.follow_up_commands import (
    DeleteReportCommand,
    RecordReportCommand,
    edit_report_command,
)
from gdb_facilitator.ui.models.follow_up_overview import STATUS_COLOURS, status_icon, status_name
from gdb_facilitator.ui.models.results_text import DEBOUNCE_MS, DebouncedText
from gdb_facilitator.ui.dialogs.conflict_dialog import ConflictDialog
from gdb_facilitator.ui.pages.follow_up_common import (
    _date_pattern,
    _ERROR_STYLE,
    _from_qdate,
    _heading_font,
    _html,
    _html_lines,
    _MUTED_STYLE,
    _to_qdate,
)

if TYPE_CHECKING:
    from gdb_facilitator.ui.pages.follow_up_page import FollowUpPage

log = logging.getLogger(__name__)


# -- one idea at the check-in ------------------------------------------------------------------
class IdeaCheckIn(QFrame):
    """An idea of the open team: what it was, its reports, and the form for a report.

    The form is a draft ("new") until Record report; then it is bound to that report
    (``update_id``) and every change is saved to it.
    """

    def __init__(self, page: "FollowUpPage", idea: FollowUpIdea, number: int) -> None:
        super().__init__()
        self.page = page
        self.idea = idea
        self.number = number
        self.conflict_dialog: ConflictDialog | None = None
        self.update_id: int | None = None
        self.setObjectName(f"checkIn_{idea.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title_label = QLabel()
        self.title_label.setObjectName("ideaTitle")
        self.title_label.setWordWrap(True)
        _heading_font(self.title_label, 1.1)
        self.badge = QLabel()
        self.badge.setObjectName("ideaBadge")
        self.details_label = QLabel()
        self.details_label.setObjectName("ideaDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setStyleSheet(_MUTED_STYLE)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.addItem(self.tr("Choose…"), None)
        for status in CHECK_IN_STATUSES:
            self.status_combo.addItem(status_icon(status), status_name(status), status)
        self.status_combo.currentIndexChanged.connect(self._on_status_chosen)
        self.progress_slider = QSlider(Qt.Orientation.Horizontal)
        self.progress_slider.setObjectName("progressSlider")
        self.progress_slider.setRange(0, 100)
        self.progress_slider.setSingleStep(5)
        self.progress_slider.setPageStep(10)
        self.progress_slider.setMinimumWidth(120)
        # A full-width slider would push the date to the far edge of a wide window.
        self.progress_slider.setMaximumWidth(360)
        self.progress_spin = QSpinBox()
        self.progress_spin.setObjectName("progressSpin")
        self.progress_spin.setRange(0, 100)
        self.progress_spin.setSingleStep(5)
        self.progress_spin.setSuffix(" %")
        self.progress_slider.valueChanged.connect(self.progress_spin.setValue)
        self.progress_spin.valueChanged.connect(self.progress_slider.setValue)
        self.progress_spin.valueChanged.connect(self._on_progress)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("reportDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(_date_pattern()[1])
        self.date_edit.dateChanged.connect(self._on_date)
        self.reporter_edit = QLineEdit()
        self.reporter_edit.setObjectName("reporterEdit")
        self.reporter_edit.setPlaceholderText(self.tr("Name of the person reporting"))
        self.reporter_edit.setMaxLength(svc.MAX_REPORTER)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("whatHappened")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText(self.tr("What happened since the event? What is next, what help is needed?"))
        lines = self.text_edit.fontMetrics().lineSpacing()
        self.text_edit.setMinimumHeight(lines * 2 + 14)
        self.text_edit.setMaximumHeight(lines * 4 + 14)
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        controller = page.controller
        self.bindings = {
            "reported_by": DebouncedText(self.reporter_edit, lambda t, f: self._commit_text("reported_by", t, f),
                                         undo=controller.undo, redo=controller.redo),
            "what_happened": DebouncedText(self.text_edit, lambda t, f: self._commit_text("what_happened", t, f),
                                           undo=controller.undo, redo=controller.redo),
        }
        # Progress and date change in small steps (a dragged slider, typed digits): one
        # save after a pause, like typed text.
        self._field_timer = QTimer(self)
        self._field_timer.setSingleShot(True)
        self._field_timer.setInterval(DEBOUNCE_MS)
        self._field_timer.timeout.connect(lambda: self.flush_fields(final=False))
        self._dirty: set[str] = set()
        self._loading = False

        self.record_button = QPushButton(self.tr("Record report"))
        self.record_button.setObjectName("recordReport")
        self.record_button.clicked.connect(self.record)
        self.mode_label = QLabel()
        self.mode_label.setObjectName("modeLabel")
        self.mode_label.setWordWrap(True)
        self.mode_label.setStyleSheet(_MUTED_STYLE)
        self.edit_latest_button = QPushButton(self.tr("Edit latest report"))
        self.edit_latest_button.setObjectName("editLatest")
        self.edit_latest_button.clicked.connect(self.edit_latest)
        self.new_button = QPushButton(self.tr("New report"))
        self.new_button.setObjectName("newReport")
        self.new_button.clicked.connect(self.start_new)
        self.delete_button = QPushButton(self.tr("Delete report"))
        self.delete_button.setObjectName("deleteReport")
        self.delete_button.setToolTip(self.tr("Delete this report; undo brings it back"))
        self.delete_button.clicked.connect(self.delete_report)
        self.error_label = QLabel()
        self.error_label.setObjectName("cardError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        self.error_label.hide()
        self.history_label = QLabel()
        self.history_label.setObjectName("history")
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.RichText)

        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)

        def label(text: str, buddy: QWidget) -> QLabel:
            widget = QLabel(text)
            widget.setBuddy(buddy)
            return widget

        fields_row = QHBoxLayout()
        fields_row.setSpacing(8)
        fields_row.addWidget(label(self.tr("&Status"), self.status_combo))
        fields_row.addWidget(self.status_combo)
        fields_row.addSpacing(10)
        fields_row.addWidget(label(self.tr("&Progress"), self.progress_spin))
        fields_row.addWidget(self.progress_slider, 1)
        fields_row.addWidget(self.progress_spin)
        fields_row.addSpacing(10)
        fields_row.addWidget(label(self.tr("&Date"), self.date_edit))
        fields_row.addWidget(self.date_edit)
        fields_row.addStretch(1)
        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        form.addLayout(fields_row, 0, 0, 1, 2)
        reporter_label = label(self.tr("Reported &by"), self.reporter_edit)
        text_label = label(self.tr("What &happened"), self.text_edit)
        form.addWidget(reporter_label, 1, 0)
        form.addWidget(self.reporter_edit, 1, 1)
        form.addWidget(text_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.text_edit, 2, 1)
        form.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mode_label, 1)
        for button in (self.edit_latest_button, self.new_button, self.delete_button, self.record_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.details_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(self.history_label)
        self._start_draft()
        self.show_idea(idea, number)

    # -- showing ------------------------------------------------------------------------------
    def latest(self) -> UpdateDTO | None:
        return self.idea.updates[-1] if self.idea.updates else None

    def bound_update(self) -> UpdateDTO | None:
        return next((u for u in self.idea.updates if u.id == self.update_id), None)

    def show_idea(self, idea: FollowUpIdea, number: int) -> None:
        self.idea = idea
        self.number = number
        title = idea.title or self.tr("(untitled)")
        self.title_label.setText(self.tr("Idea {number}: {title}").format(number=number, title=title))
        colour = STATUS_COLOURS[idea.status]
        text = status_name(idea.status) if not idea.checked_in else "{} · {} %".format(
            status_name(idea.status), idea.progress)
        self.badge.setText(f'<span style="color:{colour}; font-size: 14pt;">●</span> {_html(text)}')
        details = []
        if idea.description.strip():
            details.append(_html_lines(idea.description.strip()))
        for caption, value in ((self.tr("Who takes it on"), idea.owner), (self.tr("Next step"), idea.next_step),
                               (self.tr("Support needed"), idea.support_needed)):
            if value.strip():
                details.append(f"<b>{_html(caption)}:</b> {_html(value.strip())}")
        self.details_label.setText("<br>".join(details))
        self.details_label.setVisible(bool(details))
        if self.update_id is not None and self.bound_update() is None:
            # The report went (undo, or deleted): what it said stays in the form as a draft.
            self.update_id = None
        elif self.update_id is None and self.latest() is not None and self.latest().id in self.page.recorded_ids:
            # Redo brought back a report recorded here: the form edits it again.
            self.update_id = self.latest().id
        bound = self.bound_update()
        if bound is not None:
            self._load(bound, reset=False)
        self._show_mode()
        self._show_history()

    def _show_mode(self) -> None:
        bound = self.bound_update()
        editing = bound is not None
        self.record_button.setVisible(not editing)
        self.record_button.setEnabled(self.status_combo.currentData() is not None)
        self.new_button.setVisible(editing)
        self.delete_button.setVisible(editing)
        self.edit_latest_button.setVisible(not editing and self.latest() is not None)
        if editing:
            self.mode_label.setText(self.tr("Editing the report of {date}: changes are saved as you go.").format(
                date=bound.reported_on.strftime(_date_pattern()[0])))
        elif self.status_combo.currentData() is None:
            self.mode_label.setText(self.tr("Choose a status, then record the report."))
        else:
            self.mode_label.setText(self.tr("Not recorded yet."))

    def _show_history(self) -> None:
        updates = list(reversed(self.idea.updates))
        if not updates:
            none_yet = self.tr("No reports yet.")
            self.history_label.setText(f'<span style="color:#757575;">{_html(none_yet)}</span>')
            return
        pattern = _date_pattern()[0]
        heading = self.tr("Reports")
        parts = [f"<b>{_html(heading)}</b>"]
        for update in updates:
            colour = STATUS_COLOURS[update.status]
            line = (f'<span style="color:{colour};">●</span> <b>{update.reported_on.strftime(pattern)}</b> · '
                    f"{_html(status_name(update.status))} · {update.progress} %")
            if update.reported_by:
                line += " · " + _html(self.tr("reported by {name}").format(name=update.reported_by))
            if update.what_happened:
                line += "<br>" + _html_lines(update.what_happened)
            parts.append(line)
        self.history_label.setText("<br>".join(parts))

    def _load(self, update: UpdateDTO, reset: bool) -> None:
        """Show ``update`` in the form (text being typed is kept unless ``reset``)."""
        self._loading = True
        try:
            index = self.status_combo.findData(update.status)
            if index >= 0 and "status" not in self._dirty:
                self.status_combo.setCurrentIndex(index)
            if "progress" not in self._dirty:
                self.progress_spin.setValue(update.progress)
            if "reported_on" not in self._dirty:
                self.date_edit.setDate(_to_qdate(update.reported_on))
        finally:
            self._loading = False
        for name, binding in self.bindings.items():
            value = getattr(update, name)
            version = update.version if name == "what_happened" else None
            binding.reset(value, version) if reset else binding.set_text(value, version)

    def _start_draft(self) -> None:
        self._field_timer.stop()
        self._dirty.clear()
        self._loading = True
        try:
            self.status_combo.setCurrentIndex(0)
            self.progress_spin.setValue(self.idea.progress)
            today = self.page.today()
            event_day = self.page.event_date()
            if event_day is not None:
                self.date_edit.setMinimumDate(_to_qdate(event_day))
            self.date_edit.setDate(_to_qdate(max(today, event_day) if event_day else today))
        finally:
            self._loading = False
        self.bindings["reported_by"].reset(self.page.last_reporter)
        self.bindings["what_happened"].reset("")
        self.error_label.hide()

    # -- the draft and recording -----------------------------------------------------------------
    @Slot(int)
    def _on_status_chosen(self, _index: int) -> None:
        if self._loading:
            return
        status = self.status_combo.currentData()
        if self.update_id is None:
            if status is IdeaStatus.DONE:
                self.progress_spin.setValue(100)
            elif status is IdeaStatus.NOT_STARTED:
                self.progress_spin.setValue(0)
            self._show_mode()
            return
        if status is None:  # "Choose…" means nothing for a recorded report
            bound = self.bound_update()
            if bound is not None:
                self._loading = True
                self.status_combo.setCurrentIndex(self.status_combo.findData(bound.status))
                self._loading = False
            return
        self._dirty.add("status")
        self.flush_fields(final=True)

    @Slot(int)
    def _on_progress(self, _value: int) -> None:
        if not self._loading and self.update_id is not None:
            self._dirty.add("progress")
            self._field_timer.start()

    @Slot(QDate)
    def _on_date(self, _value: QDate) -> None:
        if not self._loading and self.update_id is not None:
            self._dirty.add("reported_on")
            self._field_timer.start()

    def values(self) -> dict[str, Any]:
        return {"status": self.status_combo.currentData(), "progress": self.progress_spin.value(),
                "what_happened": self.bindings["what_happened"].text(),
                "reported_on": _from_qdate(self.date_edit.date()),
                "reported_by": self.bindings["reported_by"].text()}

    @property
    def has_draft(self) -> bool:
        """Something typed or chosen that is not recorded yet."""
        return self.update_id is None and (self.status_combo.currentData() is not None
                                           or bool(self.text_edit.toPlainText().strip()))

    def record(self) -> bool:
        if self.update_id is not None:
            return False
        values = self.values()
        if values["status"] is None:
            self._show_error(self.tr("Choose what became of the idea first."))
            self.status_combo.setFocus()
            return False
        command = RecordReportCommand(self.page.controller, self.idea.id, self.idea.title, values)
        self.page.remember_reporter(values["reported_by"])
        if not self._push(command) or command.update is None:
            return False
        self.update_id = command.update.id
        self.page.recorded_ids.add(command.update.id)
        self.bindings["reported_by"].reset(command.update.reported_by)
        self.bindings["what_happened"].reset(command.update.what_happened, command.update.version)
        self.page.refresh_team()
        self.page.statusMessage.emit(self.tr("Report recorded. Undo (Ctrl+Z) takes it back."))
        return True

    def edit_latest(self) -> None:
        latest = self.latest()
        if latest is None:
            return
        self.update_id = latest.id
        self._dirty.clear()
        self._load(latest, reset=True)
        self._show_mode()
        self.text_edit.setFocus()

    def start_new(self) -> None:
        self.flush()
        self.update_id = None
        self._start_draft()
        self._show_mode()
        self.status_combo.setFocus()

    def delete_report(self) -> None:
        bound = self.bound_update()
        if bound is None:
            return
        self.flush()
        if self._push(DeleteReportCommand(self.page.controller, bound, self.idea.title)):
            self.page.statusMessage.emit(self.tr("Report deleted. Undo (Ctrl+Z) brings it back."))

    # -- saving edits of the recorded report ---------------------------------------------------------
    def _commit_text(self, name: str, text: str, final: bool) -> bool:
        bound = self.bound_update()
        if bound is None:
            return True  # a draft: saved by Record report
        if name == "reported_by":
            self.page.remember_reporter(text)
        return self._push(edit_report_command(self.page.controller, bound, self.idea.title, name, text,
                                              typing=True, final=final,
                                              expected_version=self.bindings[name].version))

    def flush_fields(self, final: bool = True) -> None:
        self._field_timer.stop()
        bound = self.bound_update()
        dirty, self._dirty = self._dirty, set()
        if bound is None:
            return
        values = self.values()
        for name in ("status", "progress", "reported_on"):
            if name in dirty and values[name] != getattr(bound, name):
                command = edit_report_command(self.page.controller, bound, self.idea.title, name,
                                              values[name], typing=name != "status", final=final)
                if not self._push(command):
                    return
                bound = self.bound_update() or bound

    def flush(self) -> None:
        self.flush_fields(final=True)
        for binding in self.bindings.values():
            binding.flush()

    def _push(self, command: Any) -> bool:
        try:
            command.first_redo()
        except TextConflict as exc:
            # A team's phone saved this report meanwhile (the 100-day page): both texts side by side.
            self.conflict_dialog = ConflictDialog(exc, self)
            self.conflict_dialog.resolved.connect(self._resolve_conflict)
            self.conflict_dialog.open()
            # Not False: the conflict dialog owns the text now, so the field must not retry it.
            return None  # type: ignore[return-value]
        except DomainError as exc:
            self._show_error(message_for(exc))
            return False
        self.error_label.hide()
        self.page.controller.undo_stack.push(command)
        return True

    @Slot(object, str)
    def _resolve_conflict(self, conflict: TextConflict, text: str) -> None:
        self.conflict_dialog = None
        bound = self.bound_update()
        if bound is None or text == conflict.theirs:
            self.page.refresh_team()
            return
        self._push(edit_report_command(self.page.controller, bound, self.idea.title, "what_happened", text,
                                       typing=False, final=True, expected_version=conflict.version))
        self.page.refresh_team()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def focus_chain(self) -> list[QWidget]:
        return [self.status_combo, self.progress_slider, self.progress_spin, self.date_edit, self.reporter_edit,
                self.text_edit, self.record_button]
