"""Team mode in the app: host the event for the team, join it, and stay live.

* "Host for the team…" starts a PostgreSQL server for the open event file on this laptop
  (core.db.hosting), reopens the event from that server, and shows the join text and its
  QR code. Closing the event or the app stops the server and writes the event back into
  the file.
* "Join team event…" takes that join text on another laptop.
* While a server event is open, :class:`TeamListener` LISTENs for the changes the other
  laptops commit and feeds them into the controller's ordinary refresh path; when the
  server cannot be reached, a banner says so at once, typed text stays in its field, and
  everything is refreshed (and pending text written) when the connection is back.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.ui import retranslate
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.settings import AppSettings, Key

if TYPE_CHECKING:
    from gdb_facilitator.core.db.hosting import HostedEvent

log = logging.getLogger(__name__)

DEVICE_NAME = Key[str]("team/device_name", "")
LAST_JOIN_TEXT = Key[str]("team/last_join_text", "")
LAST_HOST_ADDRESS = Key[str]("team/last_host_address", "")

# Which pages a change to a table concerns (the payload of the server's NOTIFY).
TABLE_CHANGES: dict[str, Changes] = {
    "event": Changes.EVENT,
    "attendees": Changes.ATTENDEES,
    "organisations": Changes.ATTENDEES,
    "topic_choices": Changes.ATTENDEES | Changes.TOPICS,
    "attendee_pairs": Changes.ATTENDEES | Changes.SEATS,
    "sectors": Changes.SECTORS | Changes.ATTENDEES,
    "tables": Changes.TABLES,
    "rounds": Changes.ROUNDS,
    "seat_assignments": Changes.SEATS,
    "topics": Changes.TOPICS,
    "table_results": Changes.RESULTS,
    "scanned_pages": Changes.RESULTS,
    "ideas": Changes.RESULTS | Changes.FOLLOW_UP,
    "idea_updates": Changes.FOLLOW_UP,
    "team_codes": Changes.FOLLOW_UP,
    "agenda_items": Changes.AGENDA,
    "timer_state": Changes.TIMER,
    "change_log": Changes.NONE,
    "device_writes": Changes.NONE,  # the venue server's log of phone writes (a batch every second)
    "topic_proposals": Changes.TOPICS,
    "proposal_votes": Changes.TOPICS,
    "seating_planning": Changes.SEATS,  # a laptop started or finished planning seats
}


def changes_for(tables: list[str]) -> Changes:
    flags = Changes.NONE
    for name in tables:
        # A table this release does not know (a newer laptop's): refresh everything.
        flags |= TABLE_CHANGES.get(name, Changes.ALL)
    return flags


class TeamListener(QThread):
    """Waits for the other laptops' changes on the server; reports lost and regained connections."""

    remoteChanged = Signal(int)  # Changes flags
    connectionChanged = Signal(bool)  # True: reachable

    RETRY_SECONDS = 2.0

    def __init__(self, url: str, own_origin: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self._stop = threading.Event()
        self._own_origin = own_origin
        self._was_lost = False

    def stop(self) -> None:
        self._stop.set()
        self.wait(5000)

    def run(self) -> None:
        from gdb_facilitator.core.db.team import watch_changes

        watch_changes(self.url, self._stop, self._handle, self._connection, self.RETRY_SECONDS)

    def _connection(self, reachable: bool) -> None:
        if reachable and self._was_lost:
            # Back again: whatever happened meanwhile must show.
            self.remoteChanged.emit(int(Changes.ALL))
        self._was_lost = not reachable
        self.connectionChanged.emit(reachable)

    def _handle(self, data: dict) -> None:
        if not data:
            self.remoteChanged.emit(int(Changes.ALL))
            return
        if self._own_origin and data.get("origin") == self._own_origin:
            return  # our own change: the page that made it has refreshed already
        flags = changes_for([str(t) for t in data.get("tables", [])])
        if flags:
            self.remoteChanged.emit(int(flags | Changes.REMOTE))


def lan_addresses() -> list[str]:
    """This laptop's IPv4 addresses in its networks (the venue Wi-Fi, a hotspot, a cable)."""
    # QtNetwork loads when a network is first asked for, not with the window.
    from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QNetworkInterface

    found: list[str] = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if not flags & QNetworkInterface.InterfaceFlag.IsUp or flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            ip = entry.ip()
            if ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol and not ip.isLoopback() \
                    and ip != QHostAddress(QHostAddress.SpecialAddress.AnyIPv4):
                found.append(ip.toString())
    return found


def qr_pixmap(text: str, size: int = 220) -> QPixmap:
    import io

    import qrcode

    image = qrcode.make(text, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)


class HostDialog(QDialog):
    """Pick the address the team reaches this laptop on."""

    def __init__(self, addresses: list[str], last: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Host for the team"))
        self.address_combo = QComboBox()
        self.address_combo.setObjectName("hostAddress")
        for address in addresses:
            self.address_combo.addItem(address, address)
        self.address_combo.addItem(self.tr("Only this laptop (127.0.0.1)"), "127.0.0.1")
        if last:
            index = self.address_combo.findData(last)
            if index >= 0:
                self.address_combo.setCurrentIndex(index)
        intro = QLabel(self.tr(
            "This laptop becomes the team's server: the event moves onto a PostgreSQL server here, "
            "and the other laptops join it with the text shown next. Keep this laptop on and in the "
            "venue network while the team works. When you close the event here, the server stops and "
            "the event file is brought up to date."))
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Address in the venue network"), self.address_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start hosting"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def address(self) -> str:
        return str(self.address_combo.currentData())


class JoinTextDialog(QDialog):
    """The join text and its QR code, to read out, copy or photograph."""

    def __init__(self, join_text: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join text for the team"))
        explain = QLabel(self.tr(
            "On each other laptop of the team: Event → Join team event…, then paste this text "
            "(or scan the code with a phone and send it to the laptop)."))
        explain.setWordWrap(True)
        self.text = QPlainTextEdit(join_text)
        self.text.setObjectName("joinText")
        self.text.setReadOnly(True)
        # The whole address must be readable at once: it is read out and compared by eye.
        self.text.setFixedHeight(self.fontMetrics().height() * 5)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("m" * 48))
        qr = QLabel()
        qr.setObjectName("joinQr")
        qr.setPixmap(qr_pixmap(url))
        qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        copy = QPushButton(self.tr("&Copy join text"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(join_text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.text)
        layout.addWidget(qr)
        layout.addWidget(copy)
        layout.addWidget(buttons)


class JoinDialog(QDialog):
    def __init__(self, last: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join team event"))
        explain = QLabel(self.tr(
            "Paste the join text from the hosting laptop (Event → Host for the team…), or a "
            "postgresql:// address from your IT department."))
        explain.setWordWrap(True)
        self.edit = QPlainTextEdit(last)
        self.edit.setObjectName("joinEdit")
        self.edit.setMaximumHeight(self.fontMetrics().height() * 5)
        self.error = QLabel()
        self.error.setObjectName("joinError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Join"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.url = ""

    def _check(self) -> None:
        from gdb_facilitator.core.db.hosting import url_from_join_text

        try:
            self.url = url_from_join_text(self.edit.toPlainText())
        except DomainError as exc:
            self.error.setText(message_for(exc))
            self.error.show()
            return
        self.accept()


class TeamMode(QObject):
    """Team mode for one main window: its actions, banner, status and the listener."""

    def __init__(self, window: QMainWindow, controller: EventController, settings: AppSettings) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.settings = settings
        self.hosted: HostedEvent | None = None
        self.listener: TeamListener | None = None
        controller.device_name = settings.get(DEVICE_NAME)

        self.banner = QLabel()
        self.banner.setObjectName("teamBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #B00020; color: white; font-weight: bold; padding: 8px;")
        self.banner.hide()
        central = window.takeCentralWidget()
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(central, 1)
        window.setCentralWidget(container)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusTeam")
        self.status_label.setContentsMargins(8, 0, 8, 0)
        window.statusBar().addPermanentWidget(self.status_label)
        self.status_label.hide()

        self.host_action = QAction(self.tr("&Host for the team…"), window)
        self.host_action.setObjectName("action_host_team")
        self.host_action.setToolTip(self.tr("Let the other laptops of the team work on this event"))
        self.host_action.triggered.connect(self.on_host)
        self.join_action = QAction(self.tr("&Join team event…"), window)
        self.join_action.setObjectName("action_join_team")
        self.join_action.triggered.connect(self.on_join)
        self.join_text_action = QAction(self.tr("Show &join text…"), window)
        self.join_text_action.setObjectName("action_join_text")
        self.join_text_action.triggered.connect(self.show_join_text)
        self.name_action = QAction(self.tr("This laptop's &name…"), window)
        self.name_action.setObjectName("action_device_name")
        self.name_action.triggered.connect(lambda: self.ask_device_name(force=True))
        menu = window.menus["file"] if hasattr(window, "menus") else window.menuBar().addMenu("&Event")
        first = next((a for a in menu.actions() if a.isSeparator()), None)
        team_menu = menu.addMenu(self.tr("&Team"))
        team_menu.setObjectName("teamMenu")
        if first is not None:
            menu.insertMenu(first, team_menu)
        for action in (self.host_action, self.join_text_action, self.join_action, self.name_action):
            team_menu.addAction(action)
        # The same sources as the self.tr() calls above: renamed when the language changes.
        for obj, setter, source in (
                (self.host_action, "setText", "&Host for the team…"),
                (self.host_action, "setToolTip", "Let the other laptops of the team work on this event"),
                (self.join_action, "setText", "&Join team event…"),
                (self.join_text_action, "setText", "Show &join text…"),
                (self.name_action, "setText", "This laptop's &name…"),
                (team_menu, "setTitle", "&Team")):
            retranslate.keep_translated(obj, setter, "TeamMode", source)

        controller.eventOpened.connect(self._on_opened)
        controller.eventClosed.connect(self._on_closed)
        self._update()

    # -- state ---------------------------------------------------------------------------
    def _update(self) -> None:
        self.host_action.setEnabled(self.controller.is_open and not self.controller.is_team)
        self.join_text_action.setEnabled(self.hosted is not None)
        if self.controller.is_team:
            role = self.tr("hosting") if self.hosted is not None else self.tr("team")
            self.status_label.setText(self.tr("{name} · {role}").format(
                name=self.controller.device_name or "?", role=role))
            self.status_label.setToolTip(self.controller.location)
            self.status_label.show()
        else:
            self.status_label.hide()

    @Slot(str)
    def _on_opened(self, _location: str) -> None:
        self._stop_listener()
        if self.controller.is_team:
            store = self.controller.event_file
            self.listener = TeamListener(store.source, getattr(store, "origin", ""), self)
            self.listener.remoteChanged.connect(self._on_remote_change)
            self.listener.connectionChanged.connect(self._on_connection)
            self.listener.start()
        self._update()

    @Slot()
    def _on_closed(self) -> None:
        self._stop_listener()
        self.banner.hide()
        if self.hosted is not None:
            hosted, self.hosted = self.hosted, None
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                hosted.stop()
            except DomainError as exc:
                self.controller.report(exc)
            finally:
                QApplication.restoreOverrideCursor()
        self._update()

    def _stop_listener(self) -> None:
        if self.listener is not None:
            listener, self.listener = self.listener, None
            listener.stop()

    @Slot(int)
    def _on_remote_change(self, flags: int) -> None:
        if self.controller.is_open:
            self.controller.changed.emit(flags)

    @Slot(bool)
    def _on_connection(self, reachable: bool) -> None:
        if reachable:
            self.banner.hide()
            # What was typed while the server was away is written now.
            self.controller.commit_pending()
            return
        self.banner.setText(self.tr(
            "Server not reachable — what you type stays in its field and is saved when the connection "
            "returns. Check-ins and other actions are not saved meanwhile."))
        self.banner.show()

    # -- commands ------------------------------------------------------------------------
    def ask_device_name(self, force: bool = False) -> bool:
        name = self.settings.get(DEVICE_NAME)
        if name and not force:
            self.controller.device_name = name
            return True
        text, ok = QInputDialog.getText(
            self.window, self.tr("This laptop's name"),
            self.tr("A name the team knows this laptop by, e.g. \"Desk 1\" or \"Moderation\". "
                    "It is shown with every change this laptop makes."),
            QLineEdit.EchoMode.Normal, name or "")
        text = " ".join(text.split())[:40]
        if not ok or not text:
            return False
        self.settings.set(DEVICE_NAME, text)
        self.controller.device_name = text
        self._update()
        return True

    def on_host(self) -> None:
        from gdb_facilitator.core.db.hosting import start_hosting

        if not self.controller.is_open or self.controller.is_team or self.controller.path is None:
            return
        if not self.ask_device_name():
            return
        dialog = HostDialog(lan_addresses(), self.settings.get(LAST_HOST_ADDRESS), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        address = dialog.address()
        path = self.controller.path
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # The file is handed over to the server; this laptop then works on the server too.
            self.controller.close_event()
            try:
                hosted = start_hosting(path, listen=address)
            except DomainError:
                self.controller.open_event(path)
                raise
            self.hosted = hosted
            self.settings.set(LAST_HOST_ADDRESS, address)
            self.controller.open_event(hosted.local_url)
        except DomainError as exc:
            error: DomainError | None = exc
        else:
            error = None
        finally:
            QApplication.restoreOverrideCursor()
        if error is not None:
            self.controller.report(error)
            return
        self._update()
        self.show_join_text()

    def show_join_text(self) -> None:
        from gdb_facilitator.core.services.event import get_event

        if self.hosted is None or not self.controller.is_open:
            return
        title = self.controller.read(get_event).title
        JoinTextDialog(self.hosted.join_text(title), self.hosted.join_url, self.window).exec()

    def on_join(self) -> None:
        if not self.ask_device_name():
            return
        dialog = JoinDialog(self.settings.get(LAST_JOIN_TEXT), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.controller.open_event(dialog.url)
        except DomainError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self.window, self.tr("Join team event"), message_for(exc))
            return
        QApplication.restoreOverrideCursor()
        self.settings.set(LAST_JOIN_TEXT, dialog.edit.toPlainText().strip())

    def shutdown(self) -> None:
        """The app quits: stop listening; a hosted server stops with the event's close."""
        self._stop_listener()


def install(window: QMainWindow, controller: EventController, settings: AppSettings) -> TeamMode:
    return TeamMode(window, controller, settings)


__all__ = ["TeamMode", "TeamListener", "install", "changes_for", "lan_addresses"]
