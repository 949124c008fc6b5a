"""The main window: a welcome screen without an event; with one, the pages of the day.

The navigation follows the day (Vorbereitung, Ankunft, Tische, Runden, Ergebnisse,
Ausgabe, Nachbereitung). The window wires actions to pages and shows errors; it holds
no business logic.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QSize, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QWidget,
)

from gdb_facilitator import APP_NAME, __version__
from gdb_facilitator.core.db.engine import EVENT_SUFFIX, EventFile
from gdb_facilitator.core.errors import DomainError, EventLockedError
from gdb_facilitator.core.services import attendees as attendee_service
from gdb_facilitator.ui import i18n, retranslate
from gdb_facilitator.ui import settings as keys
from gdb_facilitator.ui.actions import ACTIONS, MENUS, build_action, set_texts
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.logs import current_log_file, log_dir
from gdb_facilitator.ui.pages.attendees_page import AttendeesPage
from gdb_facilitator.ui.pages import create_page
from gdb_facilitator.ui.pages.placeholder_page import PlaceholderPage
from gdb_facilitator.ui.pages.welcome_page import WelcomePage
from gdb_facilitator.ui.settings import AppSettings

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


# (id, navigation label, what the page will do; None = a real page)
PAGES: tuple[tuple[str, str, str | None], ...] = (
    ("preparation", QT_TRANSLATE_NOOP("Pages", "Preparation"), QT_TRANSLATE_NOOP(
        "Pages", "Before the day: the event's details, the tables with their topics and seats, the "
                 "sectors and the run-sheet of the day. For now, import the registration list on "
                 "the Arrival page.")),
    ("arrival", QT_TRANSLATE_NOOP("Pages", "Arrival"), None),
    ("tables", QT_TRANSLATE_NOOP("Pages", "Tables"), QT_TRANSLATE_NOOP(
        "Pages", "Split the people who are here into tables that mix the sectors, keep colleagues "
                 "apart or together, and move people by hand before each round.")),
    ("rounds", QT_TRANSLATE_NOOP("Pages", "Rounds"), QT_TRANSLATE_NOOP(
        "Pages", "Run the timed rounds: a countdown on the projector with what comes now and next, "
                 "and the table changes between rounds.")),
    ("results", QT_TRANSLATE_NOOP("Pages", "Results"), QT_TRANSLATE_NOOP(
        "Pages", "Record each table's topic, problem statement and ideas, typed in from the result "
                 "sheets.")),
    ("output", QT_TRANSLATE_NOOP("Pages", "Output"), QT_TRANSLATE_NOOP(
        "Pages", "Print table signs, lists and result sheets with QR codes, and export the event as "
                 "CSV, Excel or JSON.")),
    ("follow_up", QT_TRANSLATE_NOOP("Pages", "Follow-up"), QT_TRANSLATE_NOOP(
        "Pages", "The 100-day check-in: what became of each idea, and removing personal data when "
                 "it is no longer needed.")),
)
PAGE_IDS = [p[0] for p in PAGES]
ROUNDS_PAGE_DELAY_MS = 300


# The first window on a big screen; on a smaller one it opens maximised.
DEFAULT_SIZE = QSize(1280, 800)
SMALL_SCREEN = QSize(1440, 900)
# Title bar and borders that the window manager adds around the window.
FRAME_ALLOWANCE = QSize(16, 40)


def _tp(text: str) -> str:
    return QCoreApplication.translate("Pages", text)


def _projector_open(page: QWidget) -> bool:
    projector = getattr(page, "projector", None)
    return isinstance(projector, QWidget) and projector.isVisible()


class LazyPages(dict):
    """Page id -> page; a page not built yet is built when asked for (``built`` never builds)."""

    def __init__(self, build) -> None:  # noqa: ANN001
        super().__init__()
        self._build = build

    def __missing__(self, page_id: str) -> QWidget:
        if page_id not in PAGE_IDS:
            raise KeyError(page_id)
        page = self._build(page_id)
        self[page_id] = page
        return page

    def get(self, page_id, default=None):  # noqa: ANN001, ANN201
        return self[page_id] if page_id in PAGE_IDS else default

    def built(self, page_id: str) -> QWidget | None:
        return dict.get(self, page_id)


class MainWindow(QMainWindow):
    def __init__(self, controller: EventController, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.controller = controller
        self.settings = settings
        # What the last registration list import wrote (this session), for "Remove last import".
        self.last_import: object | None = None
        # The translators are installed once per process: this is the language on screen.
        self.running_language = i18n.current_language() or i18n.normalise_language(settings.get(keys.LANGUAGE))
        self._retranslate_pending = False
        self._switches_seen = i18n.switch_count()
        self.switched_translators: list = []  # installed by a language switch (removed at exit)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(900, 560))

        # -- central area: welcome or the event's pages --
        self.welcome = self._make_welcome()

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setSpacing(2)
        self.pages = QStackedWidget()
        # A page is built when it is first needed (shown, or asked for by code): building all
        # of them, with the PDF libraries of Output, cost most of the start-up. Until then the
        # stack holds an empty stand-in that is never on screen (see _on_page_changed).
        self.page_widgets: LazyPages = LazyPages(self._build_page)
        for page_id, label, _description in PAGES:
            item = QListWidgetItem(_tp(label))
            item.setData(Qt.ItemDataRole.UserRole, page_id)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 18))
            self.nav.addItem(item)
            self.pages.addWidget(QWidget())
        width = max(self.nav.fontMetrics().horizontalAdvance(self.nav.item(i).text())
                    for i in range(self.nav.count()))
        self.nav.setFixedWidth(width + 48)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        self.nav.currentRowChanged.connect(self._on_page_changed)

        event_area = QWidget()
        area_layout = QHBoxLayout(event_area)
        area_layout.setContentsMargins(0, 0, 0, 0)
        area_layout.addWidget(self.nav)
        area_layout.addWidget(self.pages, 1)

        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(event_area)
        self.setCentralWidget(self.central)

        # -- actions, menus, toolbar --
        self.actions_by_id: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._build_actions()
        from gdb_facilitator.ui import backup_scheduler

        self.backups = backup_scheduler.install(self, controller, settings)
        from gdb_facilitator.ui import team

        self.team = team.install(self, controller, settings)
        from gdb_facilitator.ui.venue_bridge import VenueBridge

        # The venue server for phones: off until switched on (Event → Venue network).
        self.venue = VenueBridge(controller, self)
        self.venue.runningChanged.connect(self._on_venue_running)
        self.venue_dialog = None
        self.proposals_dialog = None

        # -- status bar --
        self.file_label = QLabel()
        self.file_label.setObjectName("statusFile")
        self.checked_in_label = QLabel()
        self.checked_in_label.setObjectName("statusCheckedIn")
        self.round_label = QLabel()
        self.round_label.setObjectName("statusRound")
        for label in (self.file_label, self.checked_in_label, self.round_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

        # The round timer (rounds page) names the running item: "Gruppenarbeit 1 – 12:34 left".
        self._timer_status = ""
        self._building = True  # set up below; pages built meanwhile are wired then
        self.attendees_page: AttendeesPage = self.page_widgets["arrival"]  # type: ignore[assignment]
        self._building = False
        self._wire_page("arrival", self.attendees_page)

        controller.eventOpened.connect(self._on_event_opened)
        controller.eventClosed.connect(self._on_event_closed)
        controller.changed.connect(self._on_changed)
        controller.errorOccurred.connect(self.show_error_text)
        stack = controller.undo_stack
        stack.canUndoChanged.connect(lambda _b: self._update_actions())
        stack.canRedoChanged.connect(lambda _b: self._update_actions())
        stack.undoTextChanged.connect(lambda _t: self._update_actions())
        stack.redoTextChanged.connect(lambda _t: self._update_actions())

        self._restore_geometry()
        self._show_welcome()

    def _make_welcome(self) -> WelcomePage:
        de = self.running_language == "de"
        welcome = WelcomePage(locale=QLocale(
            QLocale.Language.German if de else QLocale.Language.English,
            QLocale.Country.Germany if de else QLocale.Country.UnitedKingdom))
        welcome.newRequested.connect(self.on_new_event)
        welcome.openRequested.connect(self.on_open_event)
        welcome.demoRequested.connect(self.on_open_demo)
        welcome.recentRequested.connect(self.open_path)
        return welcome

    def _make_page(self, page_id: str) -> QWidget:
        page = create_page(page_id, self.controller)
        if page is None:
            _id, label, description = PAGES[PAGE_IDS.index(page_id)]
            page = PlaceholderPage(page_id, _tp(label), _tp(description or ""))
        return page

    def _build_page(self, page_id: str) -> QWidget:
        """Build one page whole, put it in its place in the stack and bring it up to date."""
        index = PAGE_IDS.index(page_id)
        page = self._make_page(page_id)
        stand_in = self.pages.widget(index)
        current = self.pages.currentIndex()
        blocked = self.nav.blockSignals(True)
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        self.pages.setCurrentIndex(current)
        self.nav.blockSignals(blocked)
        if not getattr(self, "_building", False):
            self._wire_page(page_id, page)
        if self.controller.is_open:
            # it missed the opening: the same signal every page reloads on
            on_changed = getattr(page, "_on_changed", None)
            if on_changed is not None:
                on_changed(int(Changes.ALL))
        return page

    def _wire_page(self, page_id: str, page: QWidget) -> None:
        """Connect one page to the window (when built, and again after a language switch)."""
        if page_id == "arrival":
            self.attendees_page = page  # type: ignore[assignment]
            page.add_action_buttons([self.actions_by_id[i] for i in (  # type: ignore[attr-defined]
                "check_in", "seat_now", "undo_check_in", "mark_absent", "edit_attendee", "walk_in", "print_badge",
                "venue_network")])
            page.set_import_handler(self.on_import_attendees)  # type: ignore[attr-defined]
            page.selectionChanged.connect(self._update_actions)  # type: ignore[attr-defined]
        if page_id == "output" and hasattr(page, "venue_url"):
            page.venue_url = self.venue.url  # type: ignore[attr-defined]
        if page_id == "rounds" and hasattr(page, "roundStatus"):
            page.roundStatus.connect(self._on_timer_status)  # type: ignore[attr-defined]
        if page_id in ("rounds", "follow_up") and hasattr(page, "statusMessage"):
            page.statusMessage.connect(  # type: ignore[attr-defined]
                lambda text: self.statusBar().showMessage(text, 10000))

    @Slot(bool)
    def _on_venue_running(self, _on: bool) -> None:
        output_page = self.page_widgets.built("output")
        if hasattr(output_page, "refresh_preview") and output_page.isVisible():
            output_page.refresh_preview()  # type: ignore[union-attr]

    # -- building --------------------------------------------------------------------
    def _build_actions(self) -> None:
        for menu_id, title in MENUS:
            self.menus[menu_id] = self.menuBar().addMenu(QCoreApplication.translate("Actions", title))
        toolbar = QToolBar(QCoreApplication.translate("Actions", "Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar = toolbar
        for spec in ACTIONS:
            action = build_action(spec, self)
            handler = getattr(self, f"on_{spec.id}")
            action.triggered.connect(lambda _checked=False, h=handler: h())
            self.actions_by_id[spec.id] = action
            menu = self.menus[spec.menu]
            if spec.separator_before:
                menu.addSeparator()
            if spec.id == "close_event":
                self.recent_menu = menu.addMenu(QCoreApplication.translate("Actions", "Open &recent"))
                self.recent_menu.setObjectName("recentMenu")
                menu.addSeparator()
            menu.addAction(action)
            if spec.toolbar:
                toolbar.addAction(action)
        # The navigation doubles as a "Go" menu with Ctrl+1..7.
        go = self.menus["go"]
        for row, (_page_id, label, _d) in enumerate(PAGES):
            action = QAction(_tp(label), self)
            action.setShortcut(f"Ctrl+{row + 1}")
            action.setObjectName(f"action_go_{_page_id}")
            action.triggered.connect(lambda _c=False, r=row: self.show_page(r))
            go.addAction(action)
            self.actions_by_id[f"go_{_page_id}"] = action
        languages = QActionGroup(self)
        for lang in ("de", "en"):
            action = self.actions_by_id[f"language_{lang}"]
            action.setCheckable(True)
            languages.addAction(action)
        self._mark_language()
        open_last = self.actions_by_id["open_last_event"]
        open_last.setCheckable(True)
        open_last.setChecked(self.settings.get(keys.OPEN_LAST_EVENT))
        self.addToolBar(toolbar)
        # the recent events are filled in by _show_welcome, at the end of __init__

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get(keys.RECENT_FILES)
        # Each file is opened once to read its title, for the menu and the welcome list alike.
        headings = {path: EventFile.heading(path) for path in recent}
        for path in recent:
            # The title tells look-alike copies apart; the file name follows.
            heading = headings[path]
            name = Path(path).name
            text = f"{heading[0]} – {name}" if heading and heading[0] else name
            action = self.recent_menu.addAction(text.replace("&", "&&"))
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))
        self.welcome.set_recent(recent, headings)

    # -- state -----------------------------------------------------------------------
    def _show_welcome(self) -> None:
        self.central.setCurrentIndex(0)
        self.toolbar.hide()
        self.setWindowTitle(APP_NAME)
        self.file_label.setText(self.tr("No event open"))
        self.checked_in_label.setText("")
        self.round_label.setText("")
        self._fill_recent_menu()
        self._update_actions()

    def show_page(self, row: int | str) -> None:
        if isinstance(row, str):
            row = PAGE_IDS.index(row)
        if self.controller.is_open:
            self.nav.setCurrentRow(row)

    def current_page_id(self) -> str:
        return PAGE_IDS[self.pages.currentIndex()]

    @Slot(int)
    def _on_page_changed(self, row: int) -> None:
        if row < 0:
            return
        self.page_widgets[PAGE_IDS[row]]  # built whole before it is shown
        self.pages.setCurrentIndex(row)
        if PAGE_IDS[row] == "arrival":
            self.attendees_page.focus_search()
        self._update_actions()

    def _update_actions(self) -> None:
        is_open = self.controller.is_open
        on_attendees = is_open and self.current_page_id() == "arrival" and self.central.currentIndex() == 1
        selected = self.attendees_page.selected_row() if on_attendees else None
        for spec in ACTIONS:
            action = self.actions_by_id[spec.id]
            enabled = not spec.needs_event or is_open
            if spec.attendee_page:
                enabled = enabled and on_attendees
            action.setEnabled(enabled)
        needs_row = ("check_in", "seat_now", "undo_check_in", "mark_absent", "edit_attendee", "delete_attendee",
                     "print_badge")
        for action_id in needs_row:
            if selected is None:
                self.actions_by_id[action_id].setEnabled(False)
        if selected is not None:
            self.actions_by_id["check_in"].setEnabled(selected.arrived_at is None)
            self.actions_by_id["undo_check_in"].setEnabled(selected.arrived_at is not None)
            self.actions_by_id["seat_now"].setEnabled(self.attendees_page.can_seat_now(selected))
            absent = self.actions_by_id["mark_absent"]
            absent.setText(QCoreApplication.translate("Actions", "Mark &expected") if selected.absent
                           else QCoreApplication.translate("Actions", "Mark &absent"))
        stack = self.controller.undo_stack
        undo, redo = self.actions_by_id["undo"], self.actions_by_id["redo"]
        undo.setEnabled(is_open and stack.canUndo())
        redo.setEnabled(is_open and stack.canRedo())
        undo.setText(QCoreApplication.translate("Actions", "&Undo {what}").format(what=stack.undoText()).strip()
                     if stack.canUndo() else QCoreApplication.translate("Actions", "&Undo"))
        redo.setText(QCoreApplication.translate("Actions", "&Redo {what}").format(what=stack.redoText()).strip()
                     if stack.canRedo() else QCoreApplication.translate("Actions", "&Redo"))

    @Slot(str)
    def _on_event_opened(self, path: str) -> None:
        if self.controller.path is not None:  # a team server's address is not a recent file
            self.settings.add_recent(path)
            self.settings.set(keys.LAST_EVENT_FOLDER, str(Path(path).parent))
            self._fill_recent_menu()
        self.central.setCurrentIndex(1)
        self.toolbar.show()
        self.file_label.setText(Path(path).name if self.controller.path is not None else path)
        self.file_label.setToolTip(path)
        self.show_page("arrival")
        self._update_actions()
        # The rounds page runs the round timer (its cues and the status bar line) even when
        # not shown: built once the event is on screen, not before it.
        QTimer.singleShot(ROUNDS_PAGE_DELAY_MS, self._build_rounds_page)

    def _build_rounds_page(self) -> None:
        if self.controller.is_open:
            self.page_widgets["rounds"]

    @Slot()
    def _on_event_closed(self) -> None:
        self.last_import = None
        if self.venue_dialog is not None:
            self.venue_dialog.close()
            self.venue_dialog.deleteLater()
            self.venue_dialog = None
        if self.proposals_dialog is not None:
            self.proposals_dialog.close()
            self.proposals_dialog.deleteLater()
            self.proposals_dialog = None
        self._show_welcome()

    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not self.controller.is_open:
            return
        if flags & Changes.EVENT:
            from gdb_facilitator.core.services.event import get_event

            try:
                title = self.controller.read(get_event).title
            except DomainError:
                title = ""
            self.setWindowTitle(f"{title} – {APP_NAME}" if title else APP_NAME)
        if flags & (Changes.ATTENDEES | Changes.SECTORS):
            arrived, expected = self.controller.read(attendee_service.counts)
            self.checked_in_label.setText(self.tr("Checked in {arrived} / {expected}").format(
                arrived=arrived, expected=expected))
        if flags & (Changes.ROUNDS | Changes.EVENT) and not self._timer_status:
            self.round_label.setText(self.tr("Round: {round}").format(round=self._running_round()))
        self._update_actions()

    @Slot(str)
    def _on_timer_status(self, text: str) -> None:
        self._timer_status = text
        if not self.controller.is_open:
            self.round_label.setText("")
        else:
            self.round_label.setText(text or self.tr("Round: {round}").format(round=self._running_round()))

    def _running_round(self) -> str:
        """The running round's number, or "–" (rounds arrive in a later version)."""
        try:
            from gdb_facilitator.core.services.rounds import running_round  # type: ignore[import-not-found]
        except ImportError:
            return "–"
        try:
            number = self.controller.read(running_round)
        except DomainError:
            return "–"
        return str(number) if number else "–"

    # -- errors ----------------------------------------------------------------------
    @Slot(str)
    def show_error_text(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("domainErrorBox")
        box.exec()

    def show_domain_error(self, error: DomainError) -> None:
        log.info("shown to the user: %s", error)
        if isinstance(error, EventLockedError):
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("This event is already open"),
                              message_for(error), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("eventLockedBox")
            headline = self.tr("This event is already open.")
            box.setText(f"<b>{headline}</b>")
            box.setInformativeText(message_for(error))
            box.exec()
            return
        self.show_error_text(message_for(error))

    # -- commands: event ---------------------------------------------------------------
    def open_path(self, path: str) -> bool:
        from gdb_facilitator.core.db.store import is_database_url

        if is_database_url(path) and not self.team.ask_device_name():
            return False
        if not is_database_url(path) and not Path(path).exists():
            self.settings.remove_recent(path)
            self._fill_recent_menu()
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.controller.open_event(path)
            finally:
                QApplication.restoreOverrideCursor()
        except DomainError as exc:
            if exc.code in ("event_corrupt", "not_event_file", "event_unreadable"):
                from gdb_facilitator.ui.dialogs.restore_dialog import offer_restore

                # Only offered when a good backup of this file exists; the damaged file is kept.
                restored = offer_restore(self, self.controller, path, exc, self.backups.folders())
                if restored is not None:
                    return restored
            self.show_domain_error(exc)
            return False
        return True

    def _event_folder(self) -> str:
        return self.settings.get(keys.LAST_EVENT_FOLDER) or str(Path.home())

    def on_new_event(self) -> None:
        from gdb_facilitator.ui.dialogs.new_event_dialog import NewEventDialog

        def create(path: Path, title: str, event_date, tables: int, zone: str) -> None:  # noqa: ANN001
            self.controller.create_event(path, title, event_date, tables, timezone=zone)

        dialog = NewEventDialog(self._event_folder(), create, self)
        dialog.exec()
        # Deleted by Qt's event loop, not by Python's garbage collector mid-way.
        dialog.deleteLater()

    def on_open_event(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open event"), self._event_folder(),
            self.tr("Event files (*{suffix});;All files (*)").format(suffix=EVENT_SUFFIX))
        if path:
            self.open_path(path)

    def on_open_demo(self) -> None:
        try:
            self.controller.open_demo()
        except ImportError:
            self.show_error_text(self.tr("The demo event is not available in this version yet."))
        except DomainError as exc:
            self.show_domain_error(exc)

    def on_close_event(self) -> None:
        self.controller.close_event()

    def on_quit(self) -> None:
        self.close()

    def on_venue_network(self) -> None:
        if not self.controller.is_open:
            return
        from gdb_facilitator.ui.dialogs.venue_dialog import VenueDialog

        if self.venue_dialog is None:
            self.venue_dialog = VenueDialog(self.controller, self.venue, self)
        self.venue_dialog.show()
        self.venue_dialog.raise_()
        self.venue_dialog.activateWindow()

    def on_topic_proposals(self) -> None:
        if not self.controller.is_open:
            return
        from gdb_facilitator.ui.dialogs.proposals_dialog import ProposalsDialog

        if self.proposals_dialog is None:
            self.proposals_dialog = ProposalsDialog(self.controller, self)
        self.proposals_dialog.show()
        self.proposals_dialog.raise_()

    def on_import_attendees(self) -> None:
        if not self.controller.is_open:
            return
        from gdb_facilitator.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.controller, self.settings, self)
        dialog.on_removed = self._import_taken_back
        chosen = dialog.choose_file()
        if chosen:
            # A checked copy of the event as it was, in case this turns out to be the wrong list.
            self.controller.backup_before("import")
        accepted = chosen and dialog.exec()
        summary = dialog.summary
        if accepted and dialog.record is not None:
            self.last_import = dialog.record
        # Deleted by Qt's event loop, not by Python's garbage collector mid-way.
        dialog.deleteLater()
        if accepted and summary is not None:
            self.show_page("arrival")
            self.attendees_page.show_feedback(self.tr(
                "Import done: {added} added, {updated} updated, {unchanged} unchanged.").format(
                    added=summary.added, updated=summary.updated, unchanged=summary.unchanged), "ok")

    def _import_taken_back(self, removed: object) -> None:
        from gdb_facilitator.ui.models.import_commands import removal_text

        self.show_page("arrival")
        self.attendees_page.show_feedback(removal_text(removed), "ok")  # type: ignore[arg-type]

    def on_remove_import(self) -> None:
        """Remove the last import knowingly: say what goes, including work that rests on it."""
        from gdb_facilitator.core.services.import_undo import import_dependents, remove_import
        from gdb_facilitator.ui.models.import_commands import removal_text

        record = self.last_import
        if not self.controller.is_open or record is None:
            QMessageBox.information(self, self.tr("Remove last import"), self.tr(
                "There is no import to remove: only an import made since the event was opened can be taken back."))
            return
        self.controller.commit_pending()
        deps = self.controller.read(import_dependents, record)
        text = self.tr("Remove the import of {file}?\n\n{added} people it added are deleted; {changed} people it "
                       "changed get their earlier data back.").format(
            file=Path(record.path).name, added=len(record.added_ids), changed=len(record.changed))
        lost = []
        if deps.checked_in:
            lost.append(self.tr("the check-in of {names}").format(names=", ".join(deps.checked_in[:8])))
        if deps.seated:
            lost.append(self.tr("the seats of {names}").format(names=", ".join(deps.seated[:8])))
        if deps.idea_owners:
            lost.append(self.tr("{names} from the list of people, though named as idea owners (the ideas stay)").format(
                names=", ".join(deps.idea_owners[:8])))
        if deps.edited_since:
            lost.append(self.tr("the edits since the import of {names}").format(names=", ".join(deps.edited_since[:8])))
        if lost:
            text += "\n\n" + self.tr("Also lost: {items}.").format(items="; ".join(lost))
        text += "\n\n" + self.tr("A backup of the event is made first. The undo history is cleared.")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove last import"), text,
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("removeImportBox")
        remove = box.addButton(self.tr("Remove this import"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        chosen = box.clickedButton() is remove
        box.deleteLater()
        if not chosen:
            return
        self.controller.backup_before("remove-import")
        try:
            removed = self.controller.write(Changes.ALL, remove_import, record, force=True)
        except DomainError as exc:
            self.show_domain_error(exc)
            return
        # Commands on the stack may point at the people just removed.
        self.controller.undo_stack.clear()
        self.last_import = None
        self._import_taken_back(removed)

    # -- commands: edit and attendees ---------------------------------------------------
    def on_undo(self) -> None:
        self.controller.undo()

    def on_redo(self) -> None:
        self.controller.redo()

    def on_find(self) -> None:
        self.show_page("arrival")
        self.attendees_page.focus_search()

    def on_check_in(self) -> None:
        self.attendees_page.check_in_selected()

    def on_undo_check_in(self) -> None:
        self.attendees_page.undo_check_in_selected()

    def on_mark_absent(self) -> None:
        self.attendees_page.mark_absent_selected()

    def on_print_badge(self) -> None:
        row = self.attendees_page.selected_row()
        if row is None:
            return
        self.page_widgets["output"].show_badges_for(row.id, row.full_name or row.registration_id)  # type: ignore[attr-defined]
        self.show_page("output")

    def on_seat_now(self) -> None:
        self.attendees_page.seat_now_selected()

    def on_walk_in(self) -> None:
        self.attendees_page.add_walk_in()

    def on_edit_attendee(self) -> None:
        self.attendees_page.edit_selected()

    def on_delete_attendee(self) -> None:
        self.attendees_page.delete_selected()

    # -- commands: settings and help -------------------------------------------------------
    def _mark_language(self) -> None:
        # "" follows the system: the menu then marks the language the system gave.
        chosen = i18n.normalise_language(self.settings.get(keys.LANGUAGE))
        for lang in i18n.LANGUAGES:
            self.actions_by_id[f"language_{lang}"].setChecked(lang == chosen)

    def _set_language(self, lang: str) -> None:
        """Switch the whole window to ``lang`` now (and for the next start), no restart."""
        if lang == self.running_language:
            self.settings.set(keys.LANGUAGE, lang)
            self._mark_language()
            return
        if not self._ready_to_rebuild():
            self._mark_language()  # the user kept unrecorded check-in reports: stay as it is
            return
        self.settings.set(keys.LANGUAGE, lang)
        self.settings.sync()
        app = QCoreApplication.instance()
        if app is not None:
            # Qt sends LanguageChange to every widget; the rebuild below runs once, now.
            self.switched_translators = i18n.switch_language(app, lang)
        self._retranslate()
        self._mark_language()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if (event.type() == QEvent.Type.LanguageChange and not self._retranslate_pending
                and i18n.switch_count() != self._switches_seen):
            # A language switch (not the translators installed at start); each translator
            # installed or removed sends one: rebuild once, after the last.
            self._retranslate_pending = True
            QTimer.singleShot(0, self._retranslate)
        super().changeEvent(event)

    def _ready_to_rebuild(self) -> bool:
        """Commit what was typed, and settle unrecorded check-in reports, before the pages
        are rebuilt; False when the user cancelled."""
        self.controller.commit_pending()
        follow_up = self.page_widgets.built("follow_up")
        leave = getattr(follow_up, "leave_team", None)
        if callable(leave) and getattr(follow_up, "team", None) is not None and not leave():
            return False
        self.controller.commit_pending()
        return True

    def _retranslate(self) -> None:
        """Show every string in the installed language: menus and actions are renamed; the
        pages and the welcome screen are rebuilt (they compose many strings with data),
        keeping the open event, the current page, each page's tab, and the team shown on the
        Follow-up page. Typed text is committed first, so no word is lost."""
        self._retranslate_pending = False
        self._switches_seen = i18n.switch_count()
        language = i18n.current_language() or self.running_language
        if language == self.running_language:
            return
        self.controller.commit_pending()
        self.running_language = language
        self._retranslate_chrome()
        self._rebuild_pages()
        if not self.controller.is_open:
            self._show_welcome()
        self._update_actions()
        log.info("language switched to %s", language)

    def _retranslate_chrome(self) -> None:
        translate = QCoreApplication.translate
        for menu_id, title in MENUS:
            self.menus[menu_id].setTitle(translate("Actions", title))
        self.toolbar.setWindowTitle(translate("Actions", "Main toolbar"))
        self.recent_menu.setTitle(translate("Actions", "Open &recent"))
        for spec in ACTIONS:
            set_texts(self.actions_by_id[spec.id], spec)
        for row, (page_id, label, _d) in enumerate(PAGES):
            self.actions_by_id[f"go_{page_id}"].setText(_tp(label))
            self.nav.item(row).setText(_tp(label))
        width = max(self.nav.fontMetrics().horizontalAdvance(self.nav.item(i).text())
                    for i in range(self.nav.count()))
        self.nav.setFixedWidth(width + 48)
        retranslate.apply_all()
        team_update = getattr(getattr(self, "team", None), "_update", None)
        if callable(team_update):
            team_update()

    def _rebuild_pages(self) -> None:
        current = self.pages.currentIndex()
        tabs = {pid: [t.currentIndex() for t in page.findChildren(QTabWidget)]
                for pid, page in self.page_widgets.items()}
        follow_up = self.page_widgets.built("follow_up")
        team = getattr(follow_up, "team", None)
        team_code = getattr(team, "code", None)
        results_table = getattr(self.page_widgets.built("results"), "_table_id", None)
        old_welcome, self.welcome = self.welcome, self._make_welcome()
        self.central.insertWidget(0, self.welcome)
        self.central.removeWidget(old_welcome)
        old_welcome.deleteLater()
        self.welcome.set_recent(self.settings.get(keys.RECENT_FILES))
        blocked = self.nav.blockSignals(True)
        for index, page_id in enumerate(PAGE_IDS):
            old = self.page_widgets.built(page_id)
            if old is None:
                continue  # not built yet: it is built in the new language when first shown
            if _projector_open(old):
                continue  # its projector is on the wall: keep it, and the picture, as it is
            self.controller.forget_pending_commits_of(old)  # committed above; it goes now
            page = self._make_page(page_id)
            self.pages.insertWidget(index, page)
            self.pages.removeWidget(old)
            old.hide()
            old.deleteLater()
            self.page_widgets[page_id] = page
            self._wire_page(page_id, page)
        self.pages.setCurrentIndex(current)
        self.nav.blockSignals(blocked)
        if self.controller.is_open:
            self.controller.changed.emit(int(Changes.ALL))  # the new pages load the event
        for pid, indices in tabs.items():
            for widget, index in zip(self.page_widgets[pid].findChildren(QTabWidget), indices):
                widget.setCurrentIndex(index)
        new_results = self.page_widgets.built("results")
        if results_table is not None and hasattr(new_results, "select_table"):
            new_results.select_table(results_table)  # type: ignore[union-attr]
        new_follow_up = self.page_widgets.built("follow_up")
        if team_code and self.controller.is_open and hasattr(new_follow_up, "open_team_code"):
            new_follow_up.open_team_code(team_code)  # type: ignore[union-attr]

    def on_language_de(self) -> None:
        self._set_language("de")

    def on_language_en(self) -> None:
        self._set_language("en")

    def on_open_last_event(self) -> None:
        self.settings.set(keys.OPEN_LAST_EVENT, self.actions_by_id["open_last_event"].isChecked())

    def on_open_log_folder(self) -> None:
        current = current_log_file()
        folder = current.parent if current else log_dir()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def on_about(self) -> None:
        QMessageBox.about(self, self.tr("About {app}").format(app=APP_NAME), self.tr(
            "<h3>{app} {version}</h3><p>An offline kit for facilitators of participatory "
            "conferences: registration import, check-in, mixed tables, timed rounds and "
            "results, on one laptop.</p><p>Log file: {log}</p>").format(
                app=APP_NAME, version=__version__, log=str(current_log_file() or log_dir())))

    # -- window state -----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.get(keys.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self._default_geometry()
        elif not self.isMaximized():
            self._keep_on_screen()
        state = self.settings.get(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)

    def _default_geometry(self) -> None:
        """The first start: a size that fits the screen with its panels; maximised on a
        laptop-sized screen, where every pixel is needed (1366×768 leaves about 700)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(DEFAULT_SIZE)
            return
        area = screen.availableGeometry()
        if area.width() < SMALL_SCREEN.width() or area.height() < SMALL_SCREEN.height():
            self.resize(area.width() - FRAME_ALLOWANCE.width(), area.height() - FRAME_ALLOWANCE.height())
            self.move(area.topLeft())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
            return
        size = DEFAULT_SIZE.boundedTo(area.size() - FRAME_ALLOWANCE)
        self.resize(size)
        self.move(area.x() + (area.width() - size.width()) // 2,
                  area.y() + (area.height() - size.height()) // 2)

    def _keep_on_screen(self) -> None:
        """A size remembered on a bigger screen (a docking station) shrinks to this one."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        limit = area.size() - FRAME_ALLOWANCE
        if self.width() > limit.width() or self.height() > limit.height():
            self.resize(self.size().boundedTo(limit))
            self.move(area.topLeft())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.set(keys.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(keys.WINDOW_STATE, self.saveState())
        self.settings.sync()
        self.controller.close_event()
        super().closeEvent(event)
