"""The scanned worksheets of one team beside its typed results (Results page).

The page image is shown fitted to the width at first, so the handwriting can be read
while typing; zoom in and out with the buttons, Ctrl + mouse wheel or Ctrl++ / Ctrl+-,
and go through the team's pages with the arrows (Alt+Page Up / Alt+Page Down).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import scans as scan_service
from gdb_facilitator.core.services.scans import ScanInfo
from gdb_facilitator.ui.controller import Changes

log = logging.getLogger(__name__)

ZOOM_STEPS = (0.25, 0.35, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)


class ScanView(QScrollArea):
    """One page image, fitted to the width or zoomed (1.0 = the stored pixels)."""

    zoomChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanView")
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(self.backgroundRole())
        self.label = QLabel()
        self.label.setObjectName("scanImage")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self._image = QImage()
        self.fit = True
        self.zoom = 1.0

    def sizeHint(self) -> QSize:  # noqa: N802
        # modest: the splitter, not the page's pixels, decides how wide the viewer is
        return QSize(320, 420)

    def set_image(self, data: bytes | None) -> None:
        self._image = QImage.fromData(data) if data else QImage()
        self._render()

    @property
    def has_image(self) -> bool:
        return not self._image.isNull()

    def _fit_zoom(self) -> float:
        if self._image.isNull():
            return 1.0
        room = max(self.viewport().width() - 4, 50)
        return room / self._image.width()

    def effective_zoom(self) -> float:
        return self._fit_zoom() if self.fit else self.zoom

    def _render(self) -> None:
        if self._image.isNull():
            self.label.clear()
            self.label.resize(0, 0)
            return
        zoom = self.effective_zoom()
        width = max(1, round(self._image.width() * zoom))
        pixmap = QPixmap.fromImage(self._image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
        self.label.setPixmap(pixmap)
        self.label.resize(pixmap.size())
        self.zoomChanged.emit()

    def zoom_by(self, step: int) -> None:
        current = self.effective_zoom()
        if step > 0:
            target = next((z for z in ZOOM_STEPS if z > current + 0.01), ZOOM_STEPS[-1])
        else:
            target = next((z for z in reversed(ZOOM_STEPS) if z < current - 0.01), ZOOM_STEPS[0])
        self.fit = False
        self.zoom = target
        self._render()

    def fit_width(self) -> None:
        self.fit = True
        self._render()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.fit:
            self._render()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)


def _tool(text: str, tip: str, name: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setObjectName(name)
    button.setAutoRaise(False)
    return button


class ScanViewer(QWidget):
    """A team's scanned pages: page n of m, previous/next, zoom, and "another table…"."""

    reassignRequested = Signal(object)  # the ScanInfo shown

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanViewer")
        self.controller = controller
        self.pages: list[ScanInfo] = []
        self.index = 0

        title = QLabel(self.tr("Scanned worksheets"))
        title.setObjectName("scanTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.page_label = QLabel()
        self.page_label.setObjectName("scanPageLabel")
        self.page_label.setWordWrap(True)
        self.page_label.setStyleSheet("color: palette(placeholder-text);")
        self.prev_button = _tool("◀", self.tr("Previous page (Alt+Page Up)"), "scanPrevious")
        self.next_button = _tool("▶", self.tr("Next page (Alt+Page Down)"), "scanNext")
        self.out_button = _tool("−", self.tr("Zoom out (Ctrl+-)"), "scanZoomOut")
        self.in_button = _tool("+", self.tr("Zoom in (Ctrl++)"), "scanZoomIn")
        self.fit_button = _tool(self.tr("Fit"), self.tr("Fit the page to the width"), "scanFit")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("scanZoom")
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("300 %") + 4)
        self.turn_button = _tool("⟳", self.tr("Turn the page a quarter turn clockwise"), "scanTurn")
        self.turn_button.clicked.connect(self.turn)
        self.reassign_button = _tool(self.tr("Other table…"),
                                     self.tr("This page belongs to another table: move it there"), "scanReassign")
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.out_button.clicked.connect(lambda: self.view.zoom_by(-1))
        self.in_button.clicked.connect(lambda: self.view.zoom_by(1))
        self.fit_button.clicked.connect(lambda: self.view.fit_width())
        self.reassign_button.clicked.connect(self._reassign)

        self.view = ScanView()
        self.view.zoomChanged.connect(self._show_zoom)
        self.empty_label = QLabel(self.tr(
            "No scanned page for this table yet. Add the scanned worksheets with the button on the left, "
            "or drop the copier's PDF or images on this page."))
        self.empty_label.setObjectName("scanEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 12px 4px;")
        self.empty_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        nav = QHBoxLayout()
        nav.setSpacing(4)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addSpacing(8)
        nav.addWidget(self.out_button)
        nav.addWidget(self.zoom_label)
        nav.addWidget(self.in_button)
        nav.addWidget(self.fit_button)
        nav.addWidget(self.turn_button)
        nav.addStretch(1)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.reassign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.page_label)
        layout.addLayout(nav)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)

        for keys, slot in ((("Alt+PgUp",), lambda: self.go(-1)), (("Alt+PgDown",), lambda: self.go(1)),
                           ((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), lambda: self.view.zoom_by(1)),
                           ((QKeySequence.StandardKey.ZoomOut,), lambda: self.view.zoom_by(-1))):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        self._show()

    def show_team(self, table_id: int | None, round_number: int | None, keep_page: bool = False) -> None:
        """Show the pages of a table in a round (pages scanned without a round included)."""
        current = self.pages[self.index].id if keep_page and self.pages else None
        if table_id is None or not self.controller.is_open:
            self.pages = []
        else:
            self.pages = self.controller.read(scan_service.list_pages, table_id=table_id, round_number=round_number)
        ids = [p.id for p in self.pages]
        self.index = ids.index(current) if current in ids else 0
        self._show()

    def go(self, step: int) -> None:
        if not self.pages:
            return
        target = min(max(self.index + step, 0), len(self.pages) - 1)
        if target != self.index:
            self.index = target
            self._show()

    def _show(self) -> None:
        has = bool(self.pages)
        self.view.setVisible(has)
        self.empty_label.setVisible(not has)
        for button in (self.out_button, self.in_button, self.fit_button, self.reassign_button, self.turn_button):
            button.setEnabled(has)
        self.prev_button.setEnabled(has and self.index > 0)
        self.next_button.setEnabled(has and self.index < len(self.pages) - 1)
        if not has:
            self.page_label.setText(self.tr("No page yet"))
            self.view.set_image(None)
            self.zoom_label.clear()
            return
        info = self.pages[self.index]
        text = self.tr("Page {page} of {pages}").format(page=self.index + 1, pages=len(self.pages))
        where = self.tr("{file}, page {page}").format(file=info.source, page=info.source_page)
        if info.assigned_by_hand:
            where += " · " + self.tr("assigned by hand")
        self.page_label.setText(f"{text} · {where}")
        try:
            data = self.controller.read(scan_service.page_image, info.id)
        except DomainError as exc:
            log.info("scanned page %s gone: %s", info.id, exc)
            data = None
        self.view.set_image(data)

    @Slot()
    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.view.effective_zoom() * 100)} %")

    def turn(self) -> None:
        """A quarter turn clockwise, kept in the event."""
        if not self.pages:
            return
        try:
            self.pages[self.index] = self.controller.write(
                Changes.RESULTS, scan_service.turn_page, self.pages[self.index].id, 1)
        except DomainError as exc:
            self.controller.report(exc)
            return
        self._show()

    def _reassign(self) -> None:
        if self.pages:
            self.reassignRequested.emit(self.pages[self.index])
