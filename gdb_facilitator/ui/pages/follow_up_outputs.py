"""Follow-up page, "Documents and data": the documentation, invitations, calendar entry and data
exports (written on a worker thread through their own read-only connection) and removing the
personal data."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.store import open_event
from gdb_facilitator.ui import event_time
from gdb_facilitator.core.errors import DomainError, EventFileError
from gdb_facilitator.core.services import attendees as attendee_service
from gdb_facilitator.core.services import codes as code_service
from gdb_facilitator.core.services import event as event_service
from gdb_facilitator.core.services import privacy
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for, show_domain_error
from gdb_facilitator.ui.settings import AppSettings, Key
from gdb_facilitator.ui.workers import JobRunner, Worker
from gdb_facilitator.ui.pages.follow_up_common import _MUTED_STYLE, _date_pattern

log = logging.getLogger(__name__)

LAST_EXPORT_FOLDER = Key[str]("state/last_export_folder", "")
CSV_DELIMITER = Key[str]("follow_up/csv_delimiter", ";")
ANONYMISED = Key[bool]("follow_up/anonymised", False)
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


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

                return write_report(ef, job.target, options["labels"], include_scans=options.get("include_scans", False))
            if job.kind == "invitations":
                from gdb_facilitator.core.report import write_invitations

                return write_invitations(ef, job.target, options["labels"])
            if job.kind == "ics":
                from gdb_facilitator.core.exchange.ics import write_ics

                return write_ics(ef, job.target, summary_text=options["summary"],
                                 description=options["description"])
            if job.kind == "decidim":
                from gdb_facilitator.core.exchange.decidim import export_decidim

                return export_decidim(ef, job.target, locale=options["locale"], labels=options["labels"],
                                      space=options.get("space"), status_ids=options.get("status_ids"))
    except OSError as exc:
        raise EventFileError("export_not_writable", path=str(job.target),
                             reason=exc.strerror or str(exc)) from exc
    raise ValueError(f"unknown output {job.kind!r}")


# -- the tab ---------------------------------------------------------------------------------------
class FollowUpOutputs(QScrollArea):
    """The "Documents and data" tab of the Follow-up page."""

    statusMessage = Signal(str)
    # After a purge attempt: the undo history is gone, and so must be what remembers names.
    purgeAttempted = Signal()

    def __init__(self, controller: EventController, jobs: JobRunner, flush: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpOutputs")
        self.controller = controller
        self.settings = AppSettings()
        self.jobs = jobs
        self.flush = flush
        self._last_output: Path | None = None
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
            "participation platform. After the first import, load the space's results export here so that "
            "the next import updates the same results."), export_grid)
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
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(inner)

    def refresh(self) -> date | None:
        """Show the event's check-in date and privacy state; returns the event date."""
        details = self.controller.read(event_service.get_event)
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
        return details.event_date

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
            from gdb_facilitator.ui.pages.output_page import INCLUDE_SCANS

            # the choice on the Output page: the scanned worksheets after each table
            return {"labels": report_labels.report_labels(), "include_scans": bool(self.settings.get(INCLUDE_SCANS))}
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

    def _ask_decidim(self) -> dict[str, Any] | None:
        """The space's results export and the status ids for the Decidim export; None when cancelled."""
        from gdb_facilitator.ui.dialogs.decidim_dialog import DecidimExportDialog

        dialog = DecidimExportDialog(self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return {"space": dialog.space, "status_ids": dialog.status_ids()}
        finally:
            dialog.deleteLater()

    def start_output(self, kind: str) -> Worker | None:
        if not self.controller.is_open or self.jobs.busy:
            return None
        self.flush()
        decidim: dict[str, Any] = {}
        if kind == "decidim":
            chosen = self._ask_decidim()
            if chosen is None:
                return None
            decidim = chosen
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
        job = OutputJob(kind, self.controller.event_file.source, target, {**self._job_options(kind), **decidim})
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
        from gdb_facilitator.ui.dialogs.names_dialog import names_left, names_replaced_on_stack, review_names
        from gdb_facilitator.ui.dialogs.purge_dialog import PurgeDialog, names_summary

        if not self.controller.is_open or self.jobs.busy:
            return False
        self.controller.commit_pending()
        if not review_names(self, self.controller):  # names typed into texts go first, undoably
            return False
        replaced, left = names_replaced_on_stack(self.controller), names_left(self.controller)
        people = len(self.controller.read(attendee_service.list_attendees))
        backup_first = callable(getattr(self.controller, "backup_before", None))
        from gdb_facilitator.core.services.scans import count_pages

        dialog = PurgeDialog(event_title=self.controller.read(event_service.get_event).title, attendees=people,
                             backup_first=backup_first, scans=self.controller.read(count_pages),
                             names_replaced=replaced, names_left=left, parent=self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        delete_scans = dialog.delete_scans
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
                                           delete_scans=delete_scans, names_replaced=replaced)
        except DomainError as exc:
            error = exc
        finally:
            QApplication.restoreOverrideCursor()
            # The undo history holds names (an edit's old value): undoing must not bring them back.
            self.controller.undo_stack.clear()
            self.purgeAttempted.emit()
        if error is not None:
            log.warning("personal data purge incomplete: %s", error)
            self.controller.changed.emit(int(Changes.ALL))
            show_domain_error(self, error)
            return False
        self.statusMessage.emit(self.tr("Personal data removed.") + " " + names_summary(
            report.names_replaced, report.names_left))
        return True
