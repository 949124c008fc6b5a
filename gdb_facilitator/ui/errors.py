"""What the user sees when something goes wrong.

Expected problems (:class:`DomainError`) become a translated sentence in a message box.
Anything else reaches :func:`install_exception_hooks`: PySide6 only prints exceptions
raised in slots, so without the hook a bug would go unnoticed. The hook logs the
traceback and shows an :class:`ErrorDialog`; the app keeps running.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator import APP_NAME, __version__
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.messages import render
from gdb_facilitator.ui.i18n import translate

log = logging.getLogger(__name__)


def message_for(error: DomainError) -> str:
    return render(error, translate)


def show_domain_error(parent: QWidget | None, error: DomainError, title: str | None = None) -> None:
    log.info("shown to the user: %s", error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QApplication.translate("Errors", "GD:B Facilitator"))
    box.setText(message_for(error))
    box.setObjectName("domainErrorBox")
    box.exec()


class ErrorDialog(QDialog):
    """An unexpected error: what happened in one sentence, the details folded below."""

    def __init__(self, summary: str, details: str, log_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setWindowTitle(self.tr("Unexpected error"))
        self.details = details
        layout = QVBoxLayout(self)
        head = QLabel(self.tr(
            "Something went wrong that the app did not expect. Your event data is safe: every "
            "change was saved when you made it. You can carry on working."))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        where = QLabel(self.tr("The details are in the log file:\n{path}").format(path=log_path or "–"))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setMinimumHeight(160)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setObjectName("copyDetails")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def add_details(self, summary: str, details: str) -> None:
        self.summary_label.setText(summary)
        self.details = f"{self.details}\n\n{details}"
        self.text.setPlainText(self.details)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(
            f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}\n\n{self.details}")


class ExceptionReporter(QObject):
    """Turns exceptions from any thread into one dialog on the GUI thread."""

    reported = Signal(str, str)

    def __init__(self, log_path: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: ErrorDialog | None = None
        self.message_box: QMessageBox | None = None
        self.domain_errors: list[DomainError] = []
        self._previous_hook = None
        self._previous_thread_hook = None
        # Queued: a worker thread's exception is shown by the GUI thread.
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None, thread_name: str = "") -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, DomainError):
            # An expected error that a caller forgot to catch: still only a sentence.
            log.warning("uncaught domain error: %s", exc)
            self.domain_errors.append(exc)
            self.reported.emit(message_for(exc), "")
            return
        log.error("unexpected error%s", f" in thread {thread_name}" if thread_name else "",
                  exc_info=(exc_type, exc, tb))
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        summary = f"{exc_type.__name__}: {exc}"
        self.reported.emit(summary, details)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback,
                    args.thread.name if args.thread else "")

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        parent = QApplication.activeWindow()
        if not details:
            box = QMessageBox(QMessageBox.Icon.Warning,
                              QApplication.translate("Errors", "GD:B Facilitator"), summary,
                              QMessageBox.StandardButton.Ok, parent)
            box.setObjectName("domainErrorBox")
            # Kept referenced: a parentless box would be collected as soon as we return.
            self.message_box = box
            box.open()
            return
        if self.dialog is not None and self.dialog.isVisible():
            # One window however many errors follow; a loop of errors must not bury the user.
            self.dialog.add_details(summary, details)
            return
        self.dialog = ErrorDialog(summary, details, self.log_path, parent)
        self.dialog.open()

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook  # type: ignore[assignment]
            self._previous_hook = None
