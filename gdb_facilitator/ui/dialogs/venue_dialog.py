"""Venue network: the one switch that serves the event to participants' phones.

Choose the address (the laptop's address on the venue Wi-Fi or its own hotspot), switch
on, and the address shows as text and QR code with the event PIN, here and full screen on
the projector. The PIN can be changed here only. Below, the log of which device wrote what.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QRegularExpressionValidator
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.services import venue as venue_svc
from gdb_facilitator.ui.windows.placement import show_on_last_screen
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.venue_bridge import VenueBridge
from gdb_facilitator.venue.security import new_pin

log = logging.getLogger(__name__)

DEFAULT_PORT = 8765


def qr_pixmap(text: str, size: int) -> QPixmap:
    """A QR code of ``text`` drawn square into ``size`` pixels (dark on white, with margin)."""
    import qrcode

    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    n = len(matrix)
    scale = max(1, size // n)
    image = QImage(n * scale, n * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * scale, y * scale, scale, scale, QColor("black"))
    painter.end()
    return QPixmap.fromImage(image)


def local_addresses() -> list[str]:
    """The laptop's IPv4 addresses on its networks (read from the system, no socket)."""
    found = []
    for address in QNetworkInterface.allAddresses():
        if address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol and not address.isLoopback():
            found.append(address.toString())
    return sorted(set(found))


class VenueProjector(QWidget):
    """Address, QR code and PIN large enough to scan and read from the back of the room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("venueProjector")
        self.setWindowTitle(self.tr("Venue network"))
        self.setStyleSheet("background: white; color: black;")
        self.heading = QLabel(self.tr("Your phone: scan the code or type the address"))
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.address = QLabel()
        self.pin = QLabel()
        layout = QVBoxLayout(self)
        for label, points in ((self.heading, 28), (self.address, 40), (self.pin, 40)):
            font = label.font()
            font.setPointSize(points)
            font.setBold(label is not self.heading)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.address)
        layout.addWidget(self.pin)

    def show_values(self, url: str, pin: str) -> None:
        side = max(200, min(self.height() - 300, self.width() - 100, 700))
        self.qr.setPixmap(qr_pixmap(url, side))
        self.address.setText(url.removeprefix("http://").rstrip("/"))
        self.pin.setText(self.tr("PIN {pin}").format(pin=pin))


class VenueDialog(QDialog):
    def __init__(self, controller: EventController, bridge: VenueBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("venueDialog")
        self.setWindowTitle(self.tr("Venue network"))
        self.controller = controller
        self.bridge = bridge
        self.projector: VenueProjector | None = None

        intro = QLabel(self.tr(
            "Participants' phones open the event's pages in their browser over the venue Wi-Fi or this "
            "laptop's hotspot: choosing topics, \"where do I sit\", and each table typing its results. "
            "No internet and no app needed. Nothing is reachable while the switch is off."))
        intro.setWordWrap(True)
        self.switch = QCheckBox(self.tr("Serve this event to phones"))
        self.switch.setObjectName("venueSwitch")
        self.address_combo = QComboBox()
        self.address_combo.setObjectName("venueAddress")
        for address in local_addresses():
            self.address_combo.addItem(address, address)
        self.address_combo.addItem(self.tr("127.0.0.1 (this laptop only, for trying out)"), "127.0.0.1")
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("venuePort")
        self.port_spin.setRange(1024, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("venuePin")
        self.pin_edit.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,6}"), self))
        self.pin_edit.setText(bridge.pin or new_pin())
        self.pin_edit.setToolTip(self.tr(
            "Participants type this PIN once on their phone. It is kept with the event: the same "
            "after a restart of the app, and on every laptop of a team event."))
        self.pin_edit.editingFinished.connect(self._pin_edited)
        new_pin_button = QPushButton(self.tr("New PIN"))
        new_pin_button.clicked.connect(self._new_pin)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.pin_edit, 1)
        pin_row.addWidget(new_pin_button)
        form = QFormLayout()
        form.addRow(self.tr("Address"), self.address_combo)
        form.addRow(self.tr("Port"), self.port_spin)
        form.addRow(self.tr("Event PIN"), pin_row)

        self.state_label = QLabel()
        self.state_label.setObjectName("venueState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr_label = QLabel()
        self.qr_label.setObjectName("venueQr")
        self.projector_button = QPushButton(self.tr("Show on the projector"))
        self.projector_button.setObjectName("venueProjectorButton")
        self.projector_button.clicked.connect(self.show_projector)
        shown = QHBoxLayout()
        shown.addWidget(self.qr_label)
        side = QVBoxLayout()
        side.addWidget(self.state_label)
        side.addWidget(self.projector_button)
        proposals_button = QPushButton(self.tr("Topic proposals…"))
        proposals_button.setObjectName("venueProposalsButton")
        proposals_button.clicked.connect(self._open_proposals)
        side.addWidget(proposals_button)
        side.addStretch(1)
        shown.addLayout(side, 1)

        self.log_table = QTableWidget(0, 4)
        self.log_table.setObjectName("venueLog")
        self.log_table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Device"), self.tr("What"),
                                                  self.tr("Where")])
        self.log_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.log_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.log_table.verticalHeader().hide()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.switch)
        layout.addLayout(form)
        layout.addLayout(shown)
        layout.addWidget(QLabel(self.tr("Written from phones (newest first)")))
        layout.addWidget(self.log_table, 1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

        self.switch.setChecked(bridge.running)
        self.switch.toggled.connect(self._on_switch)
        controller.changed.connect(self._on_changed)
        bridge.runningChanged.connect(self._show_state)
        bridge.deviceWrote.connect(self._schedule_log)
        self._log_timer = QTimer(self)
        self._log_timer.setSingleShot(True)
        # Phone saves are logged in batches within a second (venue/server.py).
        self._log_timer.setInterval(1200)
        self._log_timer.timeout.connect(self.refresh_log)
        self._show_state(bridge.running)
        self.refresh_log()
        self.resize(760, 640)

    # -- the switch --------------------------------------------------------------------------
    @Slot(bool)
    def _on_switch(self, on: bool) -> None:
        if on == self.bridge.running:
            return
        if not on:
            self.bridge.stop()
            return
        self._pin_edited()
        try:
            self.bridge.start(str(self.address_combo.currentData()), self.port_spin.value())
        except OSError as exc:
            self.switch.blockSignals(True)
            self.switch.setChecked(False)
            self.switch.blockSignals(False)
            self.state_label.setText(self.tr("Cannot serve on {address} port {port}: {reason}").format(
                address=self.address_combo.currentData(), port=self.port_spin.value(), reason=exc))

    @Slot(bool)
    def _show_state(self, running: bool) -> None:
        self.address_combo.setEnabled(not running)
        self.port_spin.setEnabled(not running)
        self.projector_button.setEnabled(running)
        if running:
            url = self.bridge.url()
            self.state_label.setText(self.tr("Phones open:\n{url}\n\nEvent PIN: {pin}").format(
                url=url, pin=self.bridge.pin))
            self.qr_label.setPixmap(qr_pixmap(url, 180))
            if self.projector is not None:
                self.projector.show_values(url, self.bridge.pin or "")
        else:
            self.state_label.setText(self.tr("Off: nothing is reachable from the network."))
            self.qr_label.clear()
            if self.projector is not None:
                self.projector.close()
                self.projector = None

    def _pin_edited(self) -> None:
        pin = self.pin_edit.text().strip()
        if pin == self.bridge.pin:
            return
        if 4 <= len(pin) <= 6:
            try:
                self.bridge.set_pin(pin)
            except DomainError as exc:
                self.controller.report(exc)
            self._show_state(self.bridge.running)
        self.pin_edit.setText(self.bridge.pin or "")

    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        # Another laptop of a team event may have changed the PIN.
        if flags & Changes.EVENT and self.controller.is_open and not self.pin_edit.hasFocus():
            if self.pin_edit.text() != self.bridge.pin:
                self.pin_edit.setText(self.bridge.pin)
                self._show_state(self.bridge.running)

    def _new_pin(self) -> None:
        self.pin_edit.setText(new_pin())
        self._pin_edited()

    def _open_proposals(self) -> None:
        window = self.parent()
        if hasattr(window, "on_topic_proposals"):
            window.on_topic_proposals()

    # -- the projector -----------------------------------------------------------------------
    def show_projector(self) -> None:
        if not self.bridge.running:
            return
        if self.projector is None:
            self.projector = VenueProjector()
        show_on_last_screen(self.projector)
        self.projector.show_values(self.bridge.url(), self.bridge.pin or "")

    # -- the log of phone writes -----------------------------------------------------------------
    def _schedule_log(self) -> None:
        self._log_timer.start()

    def refresh_log(self) -> None:
        if not self.controller.is_open:
            return
        actions = {"save": self.tr("saved a text"), "conflict": self.tr("conflict (its text is kept here)"),
                   "add_idea": self.tr("added an idea"), "move_idea": self.tr("moved an idea"),
                   "done": self.tr("table done"), "not_done": self.tr("table not done"),
                   "propose": self.tr("proposed a topic"), "choose": self.tr("chose topics"),
                   "check_in": self.tr("100-day report")}
        rows = self.controller.read(venue_svc.device_writes, 200)
        self.log_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            values = (row.at.astimezone().strftime("%H:%M:%S"), f"{row.device[:6]} · {row.address}",
                      actions.get(row.action, row.action), row.target)
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                if j == 1:
                    item.setToolTip(row.agent)
                if j == 3 and row.detail:
                    item.setToolTip(row.detail[:500])
                self.log_table.setItem(i, j, item)
        self.log_table.resizeColumnsToContents()

    def done(self, result: int) -> None:
        if self.projector is not None and not self.bridge.running:
            self.projector.close()
        super().done(result)
