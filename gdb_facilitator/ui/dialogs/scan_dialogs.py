"""Scanning in the filled-in worksheets: reading a stack with progress and cancel, the
summary afterwards, and assigning by hand the pages no code could place.

The reading runs on a worker thread (:class:`ScanImport`); each page is its own
transaction, so cancelling (or closing the app) keeps the pages read so far, whole.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.scans.sources import IMAGE_SUFFIXES, PDF_SUFFIXES
from gdb_facilitator.core.services import results as result_service
from gdb_facilitator.core.services import scans as scan_service
from gdb_facilitator.core.services import tables as table_service
from gdb_facilitator.core.services.scans import ScanInfo, ScanSummary
from gdb_facilitator.messages import scan_summary_lines
from gdb_facilitator.ui.controller import Changes
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.i18n import translate
from gdb_facilitator.ui.widgets.scan_viewer import ScanView
from gdb_facilitator.ui.workers import JobRunner, Worker

log = logging.getLogger(__name__)


def scan_file_filter() -> str:
    patterns = " ".join(f"*{s}" for s in PDF_SUFFIXES + IMAGE_SUFFIXES)
    return QCoreApplication.translate("ScanImport", "Scans ({patterns})").format(patterns=patterns)


def is_scan_path(path: str) -> bool:
    p = Path(path)
    return p.is_dir() or p.suffix.lower() in PDF_SUFFIXES + IMAGE_SUFFIXES


class ScanImport(QObject):
    """One scan-in from the app: check the files, read them on a worker thread with a
    progress dialog (Cancel stops after the page being read), then show the summary."""

    finished = Signal(object)  # the ScanSummary, or None when nothing was read

    def __init__(self, controller, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.parent_widget = parent
        self.jobs = JobRunner(self)
        self.worker: Worker | None = None
        self.progress: QProgressDialog | None = None
        self._in_set_value = False
        controller.aboutToClose.connect(self.stop_and_wait)

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def choose_and_start(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self.parent_widget, self.tr("Add scanned worksheets"), "", scan_file_filter())
        if paths:
            self.start(paths)

    def start(self, paths: Sequence[str]) -> bool:
        if self.busy or not self.controller.is_open:
            return False
        self.controller.commit_pending()
        try:
            files = scan_service.collect(list(paths))
        except DomainError as exc:
            QMessageBox.warning(self.parent_widget, self.tr("Add scanned worksheets"), message_for(exc))
            return False
        total = sum(f.pages for f in files)
        self.progress = QProgressDialog(self.tr("Reading {count} scanned pages…").format(count=total),
                                        self.tr("Cancel"), 0, total, self.parent_widget)
        self.progress.setObjectName("scanProgress")
        self.progress.setWindowTitle(self.tr("Add scanned worksheets"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.progress.setValue(0)
        ef = self.controller.event_file
        worker = Worker(self._run, ef, files)
        self.worker = worker
        worker.signals.progress.connect(self._on_progress)
        worker.signals.succeeded.connect(self._on_done)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.cancelled.connect(self._on_cancelled_early)
        worker.signals.finished.connect(self._on_finished)
        self.jobs.start(worker)
        return True

    def _run(self, ef, files):
        worker = self.worker
        assert worker is not None
        return scan_service.scan_in_files(
            ef, files, progress=lambda done, total: worker.signals.progress.emit(done, total),
            should_stop=lambda: worker.is_cancelled)

    @Slot()
    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            if self.progress is not None:
                self.progress.setLabelText(self.tr("Stopping after this page…"))

    @Slot()
    def stop_and_wait(self) -> None:
        """Before the event closes: no thread may write into it afterwards."""
        if self.worker is not None:
            self.worker.cancel()
            self.jobs.wait()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        # A window-modal QProgressDialog runs queued events inside setValue: the scan may
        # finish right there, and the dialog must not be deleted under setValue's feet.
        progress, worker = self.progress, self.worker
        if progress is None or worker is None or worker.is_cancelled:
            return
        progress.setLabelText(self.tr("Reading scanned page {done} of {total}…").format(
            done=min(done + 1, total), total=total))
        progress.setMaximum(max(total, 1))
        self._in_set_value = True
        try:
            progress.setValue(done)
        finally:
            self._in_set_value = False
        if self.progress is None:
            progress.deleteLater()

    @Slot(object)
    def _on_done(self, summary: ScanSummary) -> None:
        self._close_progress()
        self.controller.changed.emit(int(Changes.RESULTS))
        self.finished.emit(summary)

    @Slot()
    def _on_cancelled_early(self) -> None:
        # cancelled before the first page: nothing was read
        self._close_progress()
        self.finished.emit(None)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._close_progress()
        self.controller.changed.emit(int(Changes.RESULTS))  # pages before the failure are in
        if isinstance(exc, DomainError):
            QMessageBox.warning(self.parent_widget, self.tr("Add scanned worksheets"), message_for(exc))
        else:
            log.error("scan-in failed", exc_info=exc)
            raise exc
        self.finished.emit(None)

    @Slot()
    def _on_finished(self) -> None:
        self.worker = None

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            if not self._in_set_value:  # else _on_progress deletes it once setValue is done
                self.progress.deleteLater()
            self.progress = None


class ScanSummaryDialog(QDialog):
    """What the scan-in did, line by line, with a way to the pages that need a decision."""

    def __init__(self, summary: ScanSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanSummary")
        self.setWindowTitle(self.tr("Scanned worksheets added"))
        self.assign_now = False
        text = QLabel("\n".join(scan_summary_lines(summary, translate)))
        text.setObjectName("scanSummaryText")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        if summary.needs_decision:
            assign = QPushButton(self.tr("Assign pages now…"))
            assign.setObjectName("assignNow")
            assign.setDefault(True)
            buttons.addButton(assign, QDialogButtonBox.ButtonRole.AcceptRole)
            assign.clicked.connect(self._assign)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _assign(self) -> None:
        self.assign_now = True
        self.accept()


class AssignPagesDialog(QDialog):
    """Pages no code could place (or one page to move): look at each, pick its table."""

    def __init__(self, controller, *, pages: list[ScanInfo] | None = None, round_number: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignPagesDialog")
        self.controller = controller
        self.single = pages is not None
        self.setWindowTitle(self.tr("Move a scanned page") if self.single else self.tr("Pages to assign"))
        self.reasons = {"no_code": self.tr("no readable code"), "other_event": self.tr("code of another event")}

        intro = QLabel(self.tr(
            "Choose the table this page belongs to.") if self.single else self.tr(
            "No code on these pages could say whose they are: a stained or cut-off code, or a sheet of "
            "another event. Look at each page and choose its table, or delete it."))
        intro.setWordWrap(True)
        self.page_list = QListWidget()
        self.page_list.setObjectName("assignPageList")
        self.page_list.currentRowChanged.connect(self._on_page_chosen)
        self.view = ScanView()
        self.table_combo = QComboBox()
        self.table_combo.setObjectName("assignTable")
        for row in controller.read(table_service.list_tables):
            text = self.tr("Table {n}").format(n=row.number)
            self.table_combo.addItem(f"{text} · {row.name}" if row.name else text, row.id)
        self.round_combo = QComboBox()
        self.round_combo.setObjectName("assignRound")
        rounds = controller.read(result_service.list_rounds)
        for r in rounds:
            text = self.tr("Round {n}").format(n=r.number)
            self.round_combo.addItem(f"{text}: {r.title}" if r.title else text, r.number)
        if round_number is not None and self.round_combo.findData(round_number) >= 0:
            self.round_combo.setCurrentIndex(self.round_combo.findData(round_number))
        self.assign_button = QPushButton(self.tr("&Assign to this table"))
        self.assign_button.setObjectName("assignButton")
        self.assign_button.setDefault(True)
        self.assign_button.clicked.connect(self.assign_current)
        self.turn_button = QPushButton(self.tr("T&urn ⟳"))
        self.turn_button.setObjectName("turnPageButton")
        self.turn_button.setToolTip(self.tr("Turn the page a quarter turn clockwise"))
        self.turn_button.clicked.connect(self.turn_current)
        self.delete_button = QPushButton(self.tr("&Delete page"))
        self.delete_button.setObjectName("deletePageButton")
        self.delete_button.clicked.connect(self.delete_current)
        self.done_label = QLabel(self.tr("Every page has its table."))
        self.done_label.setObjectName("assignDone")
        self.done_label.setStyleSheet("font-weight: bold;")
        self.done_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Table:"), self.table_combo)
        if rounds:
            form.addRow(self.tr("&Round:"), self.round_combo)
        actions = QHBoxLayout()
        actions.addWidget(self.assign_button)
        actions.addWidget(self.turn_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.page_list, 1)
        side_layout.addLayout(form)
        side_layout.addLayout(actions)
        side_layout.addWidget(self.done_label)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 520])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.resize(900, 620)
        self.pages = list(pages) if pages is not None else controller.read(scan_service.list_pages, undecided=True)
        self._fill()

    def _describe(self, info: ScanInfo) -> str:
        where = self.tr("{file}, page {page}").format(file=info.source, page=info.source_page)
        if info.table_number is not None:
            now = self.tr("now at table {n}").format(n=info.table_number)
            return f"{where} ({now})"
        # no reason: its table was deleted since
        reason = self.reasons.get(info.reason) or self.tr("no table")
        return f"{where}: {reason}"

    def _fill(self) -> None:
        self.page_list.clear()
        for info in self.pages:
            item = QListWidgetItem(self._describe(info))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.page_list.addItem(item)
        has = bool(self.pages)
        self.assign_button.setEnabled(has and self.table_combo.count() > 0)
        self.delete_button.setEnabled(has)
        self.turn_button.setEnabled(has)
        self.done_label.setVisible(not has)
        if has:
            self.page_list.setCurrentRow(0)
        else:
            self.view.set_image(None)

    @Slot(int)
    def _on_page_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            self.view.set_image(None)
            return
        info = self.pages[row]
        if info.table_id is not None:
            self.table_combo.setCurrentIndex(max(0, self.table_combo.findData(info.table_id)))
        try:
            self.view.set_image(self.controller.read(scan_service.page_image, info.id))
        except DomainError as exc:
            self.view.set_image(None)
            QMessageBox.warning(self, self.windowTitle(), message_for(exc))

    def _current(self) -> ScanInfo | None:
        row = self.page_list.currentRow()
        return self.pages[row] if 0 <= row < len(self.pages) else None

    def assign_current(self) -> None:
        info = self._current()
        table_id = self.table_combo.currentData()
        if info is None or table_id is None:
            return
        round_number = self.round_combo.currentData() if self.round_combo.count() else None
        try:
            self.controller.write(Changes.RESULTS, scan_service.assign_page, info.id, int(table_id), round_number)
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), message_for(exc))
            return
        self._drop(info)
        if self.single:
            self.accept()

    def turn_current(self) -> None:
        row = self.page_list.currentRow()
        info = self._current()
        if info is None:
            return
        try:
            self.pages[row] = self.controller.write(Changes.RESULTS, scan_service.turn_page, info.id, 1)
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), message_for(exc))
            return
        self._on_page_chosen(row)

    def delete_current(self) -> None:
        info = self._current()
        if info is None:
            return
        answer = QMessageBox.question(self, self.windowTitle(), self.tr(
            "Delete this scanned page from the event? The paper itself is not affected."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.controller.write(Changes.RESULTS, scan_service.delete_page, info.id)
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), message_for(exc))
        self._drop(info)
        if self.single:
            self.accept()

    def _drop(self, info: ScanInfo) -> None:
        row = self.pages.index(info)
        self.pages.remove(info)
        self._fill()
        if self.pages:
            self.page_list.setCurrentRow(min(row, len(self.pages) - 1))
