"""'Wo sitze ich?': everybody's table for one round, full screen on the projector.

Readable from the back of the room: the largest type at which the whole list fits, but
never smaller than a 32nd of the screen height; when the list is longer than that, it is
split into pages that turn by themselves every few seconds (arrow keys and Space turn
them by hand). Esc closes. Painted directly, so 2,000 names cost nothing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

from gdb_facilitator.core.services.seating import WhereRow

log = logging.getLogger(__name__)

PAGE_SECONDS = 12
SMALLEST_LINES = 32  # at most this many lines per screen height (24 px at 768)
LARGEST_LINES = 14


def screen_label(screen: QScreen, index: int) -> str:
    size = screen.geometry().size()
    return QCoreApplication.translate("SeatingProjector", "Screen {number}: {name} ({width}×{height})").format(
        number=index + 1, name=screen.name() or screen.model(), width=size.width(), height=size.height())


def default_screen() -> QScreen:
    """The projector is usually the screen that is not the laptop's own."""
    screens = QGuiApplication.screens()
    primary = QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not primary]
    return others[-1] if others else primary


class SeatingProjector(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("seatingProjector")
        self.setWindowTitle(self.tr("Where do I sit?"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.rows: list[WhereRow] = []
        self.round_number = 1
        self.page = 0
        self.pages = 1
        self._layout: tuple[int, int, int, int] | None = None  # pixel size, lines, columns, column width
        self.timer = QTimer(self)
        self.timer.setInterval(PAGE_SECONDS * 1000)
        self.timer.timeout.connect(lambda: self.turn(1))
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("#111111"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.BlankCursor)

    # -- content ------------------------------------------------------------------------
    def set_rows(self, rows: list[WhereRow], round_number: int) -> None:
        self.rows = list(rows)
        self.round_number = round_number
        self._layout = None
        self.page = 0
        self.update()

    def show_on(self, screen: QScreen) -> None:
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.timer.start()
        log.info("seating list on screen %s (%d names)", screen.name(), len(self.rows))

    def turn(self, step: int) -> None:
        self._ensure_layout()
        if self.pages > 1:
            self.page = (self.page + step) % self.pages
            self.update()

    # -- layout -------------------------------------------------------------------------
    def _title_height(self) -> int:
        return max(int(self.height() / 11), 40)

    def _fit(self, pixel: int) -> tuple[int, int, int]:
        font = QFont(self.font())
        font.setPixelSize(pixel)
        fm = QFontMetrics(font)
        line = int(fm.height() * 1.15)
        usable_h = self.height() - self._title_height() - line
        lines = max(usable_h // line, 1)
        table_w = fm.horizontalAdvance("888")
        widths = sorted(fm.horizontalAdvance(r.name) for r in self.rows) or [fm.horizontalAdvance("M" * 10)]
        # The few longest names are shortened (…) rather than letting them cost a whole column.
        name_w = widths[int(0.95 * (len(widths) - 1))]
        column_w = name_w + table_w + fm.horizontalAdvance("MM") * 2
        columns = max((self.width() - 40) // column_w, 1)
        return lines, columns, column_w

    def _ensure_layout(self) -> tuple[int, int, int, int]:
        if self._layout is not None:
            return self._layout
        height = max(self.height(), 200)
        n = max(len(self.rows), 1)
        chosen = None
        for divisor in range(LARGEST_LINES, SMALLEST_LINES + 1):
            pixel = height // divisor
            lines, columns, column_w = self._fit(pixel)
            if lines * columns >= n:
                chosen = (pixel, lines, columns, column_w)
                break
        if chosen is None:
            pixel = height // SMALLEST_LINES
            chosen = (pixel, *self._fit(pixel))
        self._layout = chosen
        per_page = chosen[1] * chosen[2]
        self.pages = max(-(-n // per_page), 1)
        self.page = min(self.page, self.pages - 1)
        return chosen

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        self._layout = None
        super().resizeEvent(event)

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        pixel, lines, columns, column_w = self._ensure_layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        white, grey, accent = QColor("#FFFFFF"), QColor("#9A9A9A"), QColor("#FFD166")
        title_font = QFont(self.font())
        title_font.setPixelSize(int(self._title_height() * 0.6))
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(white)
        margin = 20
        title_rect = QRect(margin, 0, self.width() - 2 * margin, self._title_height())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.tr("Where do I sit? Round {number}").format(number=self.round_number))
        if self.pages > 1:
            small = QFont(self.font())
            small.setPixelSize(int(self._title_height() * 0.35))
            painter.setFont(small)
            painter.setPen(grey)
            painter.drawText(title_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             self.tr("Page {page} of {pages}").format(page=self.page + 1, pages=self.pages))
        if not self.rows:
            painter.setFont(title_font)
            painter.setPen(grey)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("Nobody is seated in this round yet."))
            return
        font = QFont(self.font())
        font.setPixelSize(pixel)
        bold = QFont(font)
        bold.setBold(True)
        fm = QFontMetrics(font)
        line = int(fm.height() * 1.15)
        table_w = QFontMetrics(bold).horizontalAdvance("888")
        per_page = lines * columns
        start = self.page * per_page
        shown = self.rows[start:start + per_page]
        top = self._title_height() + line // 2
        # Columns share the width evenly so that the page looks calm, not ragged.
        column_w = max(column_w, (self.width() - 2 * margin) // columns)
        for i, row in enumerate(shown):
            col, pos = divmod(i, lines)
            x = margin + col * column_w
            y = top + pos * line
            name_w = column_w - table_w - fm.horizontalAdvance("MM")
            painter.setFont(font)
            painter.setPen(white)
            painter.drawText(QRect(x, y, name_w, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(row.name, Qt.TextElideMode.ElideRight, name_w))
            painter.setFont(bold)
            painter.setPen(accent)
            painter.drawText(QRect(x + name_w, y, table_w + fm.horizontalAdvance("M"), line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(row.table_number))

    # -- keys -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down):
            self.turn(1)
            self.timer.start()  # a page turned by hand stays its full time
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up):
            self.turn(-1)
            self.timer.start()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001
        self.timer.stop()
        super().closeEvent(event)
