"""Starting the desktop app: names, log, translators, error hooks, then the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

# The database layer and the services of the first screen (Arrival) before PySide6: once
# loaded, PySide6 reads the source file of every module imported after it (its check for
# `from __feature__` imports), which made loading SQLAlchemy and the models 50 ms slower;
# every session opens an event.
import gdb_facilitator.core.db.engine  # noqa: F401, I001
import gdb_facilitator.core.services.desk  # noqa: F401, I001
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTimer, qVersion
from PySide6.QtWidgets import QApplication

from gdb_facilitator import APP_ID, APP_NAME, ORG_DOMAIN, ORG_NAME, __version__, startup
from gdb_facilitator.ui import i18n
from gdb_facilitator.ui import settings as keys
from gdb_facilitator.ui.controller import EventController
from gdb_facilitator.ui.errors import ExceptionReporter
from gdb_facilitator.logs import setup_logging
from gdb_facilitator.ui.settings import AppSettings
from gdb_facilitator.ui.widgets.none_guard import guard_none_refcount

log = logging.getLogger(__name__)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    # pyproject excludes the PySide6 release that leaks references to None; this covers an
    # environment that has it anyway (see none_guard).
    guard_none_refcount()
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORG_NAME)
        QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
        QCoreApplication.setApplicationName(APP_ID)
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
        QApplication.setApplicationDisplayName(APP_NAME)
        QApplication.setDesktopFileName(APP_ID)
    return app  # type: ignore[return-value]


class Session:
    """Everything one run of the app keeps alive (so nothing is garbage-collected early)."""

    def __init__(self, app: QApplication, settings: AppSettings, log_path: Path | None) -> None:
        from gdb_facilitator.ui.windows.main_window import MainWindow

        self.app = app
        self.settings = settings
        self.language = i18n.normalise_language(settings.get(keys.LANGUAGE))
        self.translators = i18n.install_translators(app, self.language)
        self.reporter = ExceptionReporter(str(log_path or ""), app)
        self.controller = EventController(parent=app)
        self.window = MainWindow(self.controller, settings)

    def close(self) -> None:
        self.controller.close_event()
        # and those a language switch in Settings installed instead of them
        i18n.remove_translators(self.app, self.translators + self.window.switched_translators)


def start_session(app: QApplication, settings: AppSettings | None = None,
                  log_path: Path | None = None) -> Session:
    return Session(app, settings or AppSettings(), log_path)


def run_app(event_path: str | None, demo: bool = False) -> int:
    """Open the app, optionally on ``event_path`` or a fresh demo event; returns the exit code."""
    app = create_application(sys.argv[:1])
    log_path = setup_logging()
    log.info("%s %s starting; Qt %s (%s), Python %s", APP_NAME, __version__, qVersion(),
             QLibraryInfo.path(QLibraryInfo.LibraryPath.PrefixPath), sys.version.split()[0])
    settings = AppSettings()
    session = start_session(app, settings, log_path)
    session.reporter.install()
    window = session.window
    window.show()

    def open_initial() -> None:
        try:
            if demo:
                window.on_open_demo()
            elif event_path:
                from gdb_facilitator.core.db.store import is_database_url

                window.open_path(event_path if is_database_url(event_path)
                                 else str(Path(event_path).expanduser().resolve()))
            elif settings.get(keys.OPEN_LAST_EVENT):
                recent = settings.get(keys.RECENT_FILES)
                if recent and Path(recent[0]).exists():
                    window.open_path(recent[0])
        finally:
            # the first screen is up (held by the entry point)
            startup.release_garbage_collection()

    # After the event loop runs, so that a message box about a locked file has a window.
    QTimer.singleShot(0, open_initial)
    try:
        code = app.exec()
    finally:
        startup.release_garbage_collection()
        session.reporter.uninstall()
        session.close()
        settings.sync()
        log.info("exit")
    return int(code)


def build_selftest_window(event_path: str | Path) -> None:
    """Build the main window on ``event_path`` offscreen and close it again (for --selftest)."""
    import tempfile

    from PySide6.QtCore import QSettings

    app = create_application(sys.argv[:1])
    scratch = tempfile.TemporaryDirectory(prefix="gdb-selftest-settings-")
    # A throwaway settings file: the self-test must not touch the user's recent files.
    settings = AppSettings(QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat))
    session = Session(app, settings, None)
    try:
        if not session.window.open_path(str(event_path)):
            raise RuntimeError(f"could not open {event_path}")
        session.window.show()
        app.processEvents()
        if session.window.attendees_page.model.rowCount() == 0:
            raise RuntimeError("the attendee list is empty")
    finally:
        session.window.close()
        session.close()
        session.window.deleteLater()
        app.processEvents()
        del settings
        scratch.cleanup()
