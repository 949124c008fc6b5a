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
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.store import open_event
from gdb_facilitator.ui import event_time
from gdb_facilitator.core.db.models import IdeaStatus
from gdb_facilitator.core.errors import DomainError, EventFileError
from gdb_facilitator.core.services import attendees as attendee_service
from gdb_facilitator.core.services import codes as code_service
from gdb_facilitator.core.services import event as event_service
from gdb_facilitator.core.services import follow_up as svc
from gdb_facilitator.core.services import privacy
from gdb_facilitator.core.services.follow_up import (
    CHECK_IN_STATUSES,
    STATUS_ORDER,
    FollowUpIdea,
    FollowUpSummary,
    TeamFollowUp,
    UpdateDTO,
)
from gdb_facilitator.core.services.texts import TextConflict
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for, show_domain_error
from gdb_facilitator.ui.models.follow_up_commands import (
    DeleteReportCommand,
    RecordReportCommand,
    edit_report_command,
)
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
from gdb_facilitator.ui.models.results_text import DEBOUNCE_MS, DebouncedText
from gdb_facilitator.ui.settings import AppSettings, Key
from gdb_facilitator.ui.workers import JobRunner, Worker
from gdb_facilitator.ui.widgets.flow import flow_widget
from gdb_facilitator.ui.dialogs.conflict_dialog import ConflictDialog

log = logging.getLogger(__name__)

LAST_EXPORT_FOLDER = Key[str]("state/last_export_folder", "")
CSV_DELIMITER = Key[str]("follow_up/csv_delimiter", ";")
ANONYMISED = Key[bool]("follow_up/anonymised", False)

_WATCHED = (Changes.FOLLOW_UP | Changes.RESULTS | Changes.TABLES | Changes.TOPICS | Changes.ROUNDS
            | Changes.EVENT | Changes.ATTENDEES)
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_ERROR_STYLE = "color: #B00020; font-weight: bold;"
_MUTED_STYLE = "color: palette(placeholder-text);"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_lines(text: str) -> str:
    return _html(text).replace("\n", "<br>")


def _date_pattern() -> tuple[str, str]:
    """(strftime, Qt) date patterns in the UI language: 26.11.2026 or 26 Nov 2026."""
    from gdb_facilitator.ui.report_labels import language_code

    return ("%d.%m.%Y", "dd.MM.yyyy") if language_code() == "de" else ("%d %b %Y", "d MMM yyyy")


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _heading_font(widget: QWidget, scale: float) -> None:
    font = widget.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)


# -- jobs (worker thread: no widgets) ------------------------------------------------------------
@dataclass(frozen=True)
class OutputJob:
    kind: str  # "report", "invitations", "ics", "csv", "xlsx", "json", "sqlite", "decidim"
    event_path: Path | str  # a file, or a team server's address
    target: Path
    options: dict[str, Any] = field(default_factory=dict)


def run_output(job: OutputJob) -> Path:
    """Write one document or export; returns the file (or the folder for CSV)."""
    from gdb_facilitator.core.exchange import exporters

    options = job.options
    try:
        if job.kind == "csv":
            exporters.export_csv(job.event_path, job.target, anonymize=options["anonymize"],
                                 delimiter=options["delimiter"])
            return job.target
        if job.kind == "xlsx":
            return exporters.export_xlsx(job.event_path, job.target, anonymize=options["anonymize"])
        if job.kind == "json":
            return exporters.export_json(job.event_path, job.target, anonymize=options["anonymize"])
        if job.kind == "sqlite":
            return exporters.export_sqlite(job.event_path, job.target)
        if job.target.exists() and isinstance(job.event_path, Path) and job.target.resolve() == job.event_path.resolve():
            raise EventFileError("export_over_source", path=str(job.target))
        with open_event(job.event_path, readonly=True) as ef:
            if job.kind == "report":
                from gdb_facilitator.core.report import write_report

                return write_report(ef, job.target, options["labels"])
            if job.kind == "invitations":
                from gdb_facilitator.core.report import write_invitations

                return write_invitations(ef, job.target, options["labels"])
            if job.kind == "ics":
                from gdb_facilitator.core.exchange.ics import write_ics

                return write_ics(ef, job.target, summary_text=options["summary"],
                                 description=options["description"])
            if job.kind == "decidim":
                from gdb_facilitator.core.exchange.decidim import export_decidim

                return export_decidim(ef, job.target, locale=options["locale"], labels=options["labels"])
    except OSError as exc:
        raise EventFileError("export_not_writable", path=str(job.target),
                             reason=exc.strerror or str(exc)) from exc
    raise ValueError(f"unknown output {job.kind!r}")


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


# -- the page ----------------------------------------------------------------------------------------
class FollowUpPage(QWidget):
    statusMessage = Signal(str)

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPage")
        self.controller = controller
        self.settings = AppSettings()
        self.jobs = JobRunner(self)
        self.team: TeamFollowUp | None = None
        self.cards: dict[int, IdeaCheckIn] = {}
        self.recorded_ids: set[int] = set()
        self.last_reporter = ""
        self._event_date: date | None = None
        self._stale = True
        self._refreshing = False
        self._flushing = False
        self._last_output: Path | None = None
        controller.add_pending_commit(self.flush)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("followUpTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_check_in(), self.tr("Check-in"))
        self.tabs.addTab(self._build_overview(), self.tr("Overview"))
        self.tabs.addTab(self._build_summary(), self.tr("Summary"))
        self.tabs.addTab(self._build_outputs(), self.tr("Documents and data"))
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
    def _build_outputs(self) -> QWidget:
        self.output_buttons: dict[str, QPushButton] = {}

        def output_button(kind: str, text: str, hint: str, grid: QGridLayout) -> None:
            button = QPushButton(text)
            button.setObjectName(f"output_{kind}")
            button.clicked.connect(lambda: self.start_output(kind))
            button.setMinimumWidth(200)
            caption = QLabel(hint)
            caption.setWordWrap(True)
            caption.setStyleSheet(_MUTED_STYLE)
            row = grid.rowCount()
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(caption, row, 1)
            self.output_buttons[kind] = button

        documents = QGroupBox(self.tr("Documents"))
        doc_grid = QGridLayout(documents)
        doc_grid.setColumnStretch(1, 1)
        output_button("report", self.tr("Documentation (PDF)…"), self.tr(
            "The whole event for the organisers and the public: figures, topics, every table's results and "
            "ideas, and the state after 100 days."), doc_grid)
        output_button("invitations", self.tr("Invitations (PDF)…"), self.tr(
            "One letter per team for the 100-day check-in, with its ideas and its QR code."), doc_grid)
        output_button("ics", self.tr("Calendar entry (.ics)…"), self.tr(
            "The check-in date for any calendar program, to send with the invitations."), doc_grid)
        self.follow_up_label = QLabel()
        self.follow_up_label.setObjectName("followUpDateLabel")
        self.follow_up_label.setWordWrap(True)
        doc_grid.addWidget(self.follow_up_label, doc_grid.rowCount(), 0, 1, 2)

        exports = QGroupBox(self.tr("Data exports"))
        export_layout = QVBoxLayout(exports)
        options = QHBoxLayout()
        self.anonymised_box = QCheckBox(self.tr("&Anonymised (no names, e-mails or organisations)"))
        self.anonymised_box.setObjectName("anonymisedBox")
        self.anonymised_box.setToolTip(self.tr("For CSV, Excel and JSON. The Decidim file never names anyone; "
                                               "the copy of the event file holds everything."))
        self.anonymised_box.setChecked(self.settings.get(ANONYMISED))
        self.anonymised_box.toggled.connect(lambda on: self.settings.set(ANONYMISED, bool(on)))
        self.delimiter_buttons = QButtonGroup(self)
        options.addWidget(self.anonymised_box)
        options.addSpacing(16)
        options.addWidget(QLabel(self.tr("CSV separator:")))
        saved = self.settings.get(CSV_DELIMITER)
        for value, text in ((";", self.tr("semicolon ; (Excel in German)")), (",", self.tr("comma ,"))):
            button = QRadioButton(text)
            button.setObjectName("delimiter_semicolon" if value == ";" else "delimiter_comma")
            button.setProperty("delimiter", value)
            button.setChecked(value == (saved if saved in (";", ",") else ";"))
            self.delimiter_buttons.addButton(button)
            options.addWidget(button)
        self.delimiter_buttons.buttonToggled.connect(
            lambda button, on: on and self.settings.set(CSV_DELIMITER, str(button.property("delimiter"))))
        options.addStretch(1)
        export_layout.addLayout(options)
        export_grid = QGridLayout()
        export_grid.setColumnStretch(1, 1)
        output_button("csv", self.tr("CSV files…"), self.tr(
            "One file per list (attendees, tables, seats, results, ideas, topics, check-in reports) in a "
            "folder you choose."), export_grid)
        output_button("xlsx", self.tr("Excel workbook (.xlsx)…"), self.tr(
            "The same lists as sheets of one workbook."), export_grid)
        output_button("json", self.tr("JSON…"), self.tr(
            "The whole event as one document, for other programs."), export_grid)
        output_button("sqlite", self.tr("Copy of the event file…"), self.tr(
            "A complete, checked copy to archive or to open on another laptop; it contains all personal "
            "data that is still in the event."), export_grid)
        output_button("decidim", self.tr("Decidim results (CSV)…"), self.tr(
            "The ideas with their status and progress for the accountability import of a Decidim "
            "participation platform."), export_grid)
        export_layout.addLayout(export_grid)

        self.progress = QProgressBar()
        self.progress.setObjectName("outputProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.output_notice = QLabel()
        self.output_notice.setObjectName("outputNotice")
        self.output_notice.setWordWrap(True)
        self.output_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.setObjectName("openFolder")
        self.open_folder_button.clicked.connect(self.open_output_folder)
        self.open_folder_button.hide()
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.output_notice, 1)
        notice_row.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)

        privacy_box = QGroupBox(self.tr("Personal data"))
        privacy_layout = QVBoxLayout(privacy_box)
        self.privacy_label = QLabel()
        self.privacy_label.setObjectName("privacyLabel")
        self.privacy_label.setWordWrap(True)
        self.purge_button = QPushButton(self.tr("Remove personal data…"))
        self.purge_button.setObjectName("purgeButton")
        self.purge_button.clicked.connect(self.on_purge)
        purge_row = QHBoxLayout()
        purge_row.addWidget(self.privacy_label, 1)
        purge_row.addWidget(self.purge_button, 0, Qt.AlignmentFlag.AlignTop)
        privacy_layout.addLayout(purge_row)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 12, 8)
        layout.addWidget(documents)
        layout.addWidget(exports)
        layout.addWidget(self.progress)
        layout.addLayout(notice_row)
        layout.addWidget(privacy_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll

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
            self._refresh_outputs()
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

    def _refresh_outputs(self) -> None:
        details = self.controller.read(event_service.get_event)
        self._event_date = details.event_date
        if details.follow_up_effective is not None:
            self.follow_up_label.setText(self.tr("100-day check-in: {date}. Change it on the Preparation page.")
                                         .format(date=details.follow_up_effective.strftime(_date_pattern()[0])))
        else:
            self.follow_up_label.setText(self.tr("The event has no date yet, so the check-in has none: set it on "
                                                 "the Preparation page for the invitations and the calendar "
                                                 "entry."))
        self.output_buttons["ics"].setEnabled(details.follow_up_effective is not None)
        removed = self.controller.read(privacy.personal_data_removed_at)
        if removed is not None:
            self.privacy_label.setText(self.tr("Personal data was removed on {date}. Names, e-mail addresses and "
                                               "organisations are no longer in this event.").format(
                date=event_time.local(removed).strftime(_date_pattern()[0])))
            self.purge_button.setEnabled(False)
        else:
            self.privacy_label.setText(self.tr(
                "After the check-in, nobody's name is needed any more. Remove the names, e-mail addresses and "
                "organisations for good; results, ideas and their reports stay."))
            self.purge_button.setEnabled(True)

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

    # -- documents and exports ---------------------------------------------------------------------------
    def _default_name(self, kind: str) -> str:
        title = self.controller.read(event_service.get_event).title
        part = {"report": self.tr("Documentation"), "invitations": self.tr("Invitations to the check-in"),
                "ics": self.tr("Check-in"), "csv": self.tr("Export"), "xlsx": self.tr("Export"),
                "json": self.tr("Export"), "sqlite": self.tr("Copy"), "decidim": self.tr("Decidim")}[kind]
        name = " ".join(_UNSAFE_FILE_CHARS.sub(" ", f"{title} – {part}" if title else part).split()).strip(" .")
        return (name or "export")[:120]

    def _ask_target(self, kind: str) -> Path | None:
        folder = self.settings.get(LAST_EXPORT_FOLDER) or str(self.controller.path.parent if self.controller.path else Path.home())
        if kind == "csv":
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder for the CSV files"), folder)
            if not chosen:
                return None
            target = Path(chosen)
            self.settings.set(LAST_EXPORT_FOLDER, str(target))
            return target
        suffix, title, filters = {
            "report": (".pdf", self.tr("Save the documentation"), self.tr("PDF files (*.pdf)")),
            "invitations": (".pdf", self.tr("Save the invitations"), self.tr("PDF files (*.pdf)")),
            "ics": (".ics", self.tr("Save the calendar entry"), self.tr("Calendar files (*.ics)")),
            "xlsx": (".xlsx", self.tr("Export as Excel workbook"), self.tr("Excel workbooks (*.xlsx)")),
            "json": (".json", self.tr("Export as JSON"), self.tr("JSON files (*.json)")),
            "sqlite": (".gdbevent", self.tr("Save a copy of the event file"), self.tr("Event files (*.gdbevent)")),
            "decidim": (".csv", self.tr("Export for Decidim"), self.tr("CSV files (*.csv)")),
        }[kind]
        path, _filter = QFileDialog.getSaveFileName(self, title, str(Path(folder) / (self._default_name(kind) + suffix)),
                                                    filters)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self.settings.set(LAST_EXPORT_FOLDER, str(target.parent))
        return target

    def _job_options(self, kind: str) -> dict[str, Any]:
        from gdb_facilitator.ui import report_labels

        anonymize = self.anonymised_box.isChecked()
        if kind == "report":
            return {"labels": report_labels.report_labels()}
        if kind == "invitations":
            return {"labels": report_labels.invitation_labels()}
        if kind == "ics":
            title = self.controller.read(event_service.get_event).title
            return {"summary": self.tr("100-day check-in: {event}").format(event=title),
                    "description": self.tr(
                        "Joint check-in 100 days after “{event}”: what has become of the ideas from the tables? "
                        "Please bring your team code or the invitation.").format(event=title)}
        if kind == "csv":
            button = self.delimiter_buttons.checkedButton()
            return {"anonymize": anonymize, "delimiter": str(button.property("delimiter")) if button else ";"}
        if kind in ("xlsx", "json"):
            return {"anonymize": anonymize}
        if kind == "decidim":
            return {"locale": report_labels.language_code(), "labels": report_labels.decidim_labels()}
        return {}

    def start_output(self, kind: str) -> Worker | None:
        if not self.controller.is_open or self.jobs.busy:
            return None
        self.flush()
        target = self._ask_target(kind)
        if target is None:
            return None
        if kind in ("invitations", "decidim"):
            # The worker's read-only connection cannot create the codes these print.
            try:
                self.controller.write(Changes.FOLLOW_UP, code_service.ensure_team_codes)
            except DomainError as exc:
                show_domain_error(self, exc)
                return None
        job = OutputJob(kind, self.controller.event_file.source, target, self._job_options(kind))
        worker = Worker(run_output, job)
        worker.signals.succeeded.connect(self._on_output_done)
        worker.signals.failed.connect(self._on_output_failed)
        worker.signals.finished.connect(self._on_output_finished)
        self.output_notice.setText(self.tr("Writing {file}…").format(file=target.name))
        self.open_folder_button.hide()
        self.progress.show()
        self._set_outputs_enabled(False)
        return self.jobs.start(worker)

    def _set_outputs_enabled(self, enabled: bool) -> None:
        for kind, button in self.output_buttons.items():
            button.setEnabled(enabled and (kind != "ics" or self._has_follow_up_date()))

    def _has_follow_up_date(self) -> bool:
        return self.controller.is_open and self.controller.read(event_service.get_event).follow_up_effective is not None

    @Slot(object)
    def _on_output_done(self, path: Path) -> None:
        self._last_output = path
        shown = path.name if path.is_file() else str(path)
        text = (self.tr("Saved the CSV files in {folder}.").format(folder=shown) if path.is_dir()
                else self.tr("Saved {file}.").format(file=shown))
        self.output_notice.setText(text)
        self.output_notice.setToolTip(str(path))
        self.open_folder_button.show()
        self.statusMessage.emit(text)
        log.info("follow-up output written: %s", path)

    @Slot(object)
    def _on_output_failed(self, exc: BaseException) -> None:
        self.output_notice.setText("")
        if isinstance(exc, DomainError):
            self.output_notice.setText(message_for(exc))
            show_domain_error(self, exc)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    @Slot()
    def _on_output_finished(self) -> None:
        self.progress.hide()
        self._set_outputs_enabled(True)

    def open_output_folder(self) -> None:
        path = self._last_output
        if path is None:
            return
        folder = path if path.is_dir() else path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    # -- privacy ------------------------------------------------------------------------------------------
    def on_purge(self) -> bool:
        """Ask, then remove the personal data for good; True when it was removed."""
        from gdb_facilitator.ui.dialogs.purge_dialog import PurgeDialog, names_summary

        if not self.controller.is_open or self.jobs.busy:
            return False
        self.controller.commit_pending()
        from gdb_facilitator.ui.dialogs.names_dialog import names_left, names_replaced_on_stack, review_names

        if not review_names(self, self.controller):  # names typed into texts go first, undoably
            return False
        replaced, left = names_replaced_on_stack(self.controller), names_left(self.controller)
        people = len(self.controller.read(attendee_service.list_attendees))
        backup_first = callable(getattr(self.controller, "backup_before", None))
        dialog = PurgeDialog(event_title=self.controller.read(event_service.get_event).title, attendees=people,
                             backup_first=backup_first, names_replaced=replaced, names_left=left, parent=self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return False
        if backup_first:
            self.controller.backup_before("purge")
        folders: tuple[str | None, ...] = (None,)
        chosen = getattr(self.controller, "backup_folder", None)
        if chosen:
            folders = (None, chosen)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        error: DomainError | None = None
        try:
            report = self.controller.write(Changes.ALL, privacy.purge_personal_data, backup_folders=folders,
                                           names_replaced=replaced)
        except DomainError as exc:
            error = exc
        finally:
            QApplication.restoreOverrideCursor()
            # The undo history holds names (an edit's old value): undoing must not bring them back.
            self.controller.undo_stack.clear()
            self.last_reporter = ""
        if error is not None:
            log.warning("personal data purge incomplete: %s", error)
            self.controller.changed.emit(int(Changes.ALL))
            show_domain_error(self, error)
            return False
        self.statusMessage.emit(self.tr("Personal data removed.") + " " + names_summary(
            report.names_replaced, report.names_left))
        return True


def _percent(value: float) -> str:
    from gdb_facilitator.ui.report_labels import language_code

    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if language_code() == "de" else text
