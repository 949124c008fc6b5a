"""A PDF on screen and on the printer, drawn with pypdfium2 (QtPdf is not in PySide6-Essentials).

:class:`PdfPreview` shows the pages of a PDF file one below the other with zoom and
"page x of y". Pages are rasterised only when they scroll into view and a few are
cached, so a 400-page print run opens as fast as a single sheet.

:func:`print_pdf` sends a PDF to a :class:`QPrinter` page by page at the printer's
resolution; it may run on a worker thread (Qt allows painting on a QPrinter there).
PDFium is not thread-safe, so every call into it holds :data:`PDFIUM_LOCK`.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPaintEvent, QResizeEvent, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

PDFIUM_LOCK = threading.RLock()
# Measured for 18 result sheets: 600 dpi took 23 s and a 49 MB print job, 300 dpi 5 s and
# 19 MB; text and QR codes print cleanly at 300 dpi, and Save as PDF keeps the vector original.
MAX_PRINT_DPI = 300
MIN_PRINT_DPI = 150  # a QR code 15-20 mm wide needs at least 100 dpi to scan
FIT_WIDTH = "width"
FIT_PAGE = "page"
ZOOM_STEPS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


def _pdfium():
    import pypdfium2

    return pypdfium2


def pdf_reader_available() -> bool:
    try:
        _pdfium()
    except ImportError:
        return False
    return True


def page_sizes(path: str | Path) -> list[tuple[float, float]]:
    """Width and height in points of every page of the PDF at ``path``."""
    with PDFIUM_LOCK:
        doc = _pdfium().PdfDocument(str(path))
        try:
            return [tuple(doc[i].get_size()) for i in range(len(doc))]  # type: ignore[misc]
        finally:
            doc.close()


def _render(doc, index: int, scale: float, *, for_print: bool = False) -> QImage:
    """Page ``index`` at ``scale`` pixels per point as a QImage that owns its pixels."""
    with PDFIUM_LOCK:
        page = doc[index]
        try:
            bitmap = page.render(scale=scale, prefer_bgrx=True,
                                 optimize_mode="print" if for_print else None)
            try:
                # BGRx bytes are Qt's RGB32 on little- and big-endian machines alike, as
                # RGB32 is defined as a 32-bit value 0xffRRGGBB, which pdfium writes.
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB32).copy()
            finally:
                bitmap.close()
        finally:
            page.close()
    return image


def print_pdf(path: str | Path, printer, *, pages: Sequence[int] | None = None, copies: int = 1,
              progress: Callable[[int, int], None] | None = None) -> int:
    """Print the PDF at ``path`` on ``printer`` (a set-up QPrinter); returns pages printed.

    ``pages`` are 0-based indexes (default: all). Each page is rasterised at the printer's
    resolution (capped at :data:`MAX_PRINT_DPI`) and scaled to fit the paper, centred, so
    an A4 file still prints whole on Letter paper. ``progress`` may raise to cancel; the
    job is then aborted at the printer and the exception propagates.
    """
    from PySide6.QtPrintSupport import QPrinter

    pdfium = _pdfium()
    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(str(path))
    try:
        with PDFIUM_LOCK:
            count = len(doc)
            sizes = [doc[i].get_size() for i in range(count)]
        indexes = [i for i in (pages if pages is not None else range(count)) if 0 <= i < count]
        run = [i for _copy in range(max(1, copies)) for i in indexes]
        total = len(run)
        if not run:
            return 0
        dpi = min(max(printer.resolution(), MIN_PRINT_DPI), MAX_PRINT_DPI)
        # Chosen in the print dialog; a PDF or an image does not turn grey by itself.
        grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterError(printer.printerName() or printer.outputFileName())
        try:
            for done, index in enumerate(run):
                if progress is not None:
                    try:
                        progress(done, total)
                    except BaseException:
                        printer.abort()
                        raise
                if done:
                    printer.newPage()
                width_pt, height_pt = sizes[index]
                image = _render(doc, index, dpi / 72.0, for_print=True)
                if grey:
                    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
                target = painter.viewport()  # the paper in device pixels (full page mode)
                scale = min(target.width() / width_pt, target.height() / height_pt)
                w, h = width_pt * scale, height_pt * scale
                painter.drawImage(QRectF(target.x() + (target.width() - w) / 2,
                                         target.y() + (target.height() - h) / 2, w, h), image)
                del image
            if progress is not None:
                progress(total, total)
        finally:
            painter.end()
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise PrinterError(printer.printerName() or printer.outputFileName())
        return total
    finally:
        with PDFIUM_LOCK:
            doc.close()


class PrinterError(Exception):
    """The printer (or the PDF file a QPrinter writes) refused the job."""

    def __init__(self, printer: str) -> None:
        super().__init__(printer)
        self.printer = printer


class _PageView(QAbstractScrollArea):
    """The pages stacked vertically, painted on demand from a small cache."""

    currentPageChanged = Signal(int)  # 0-based
    zoomChanged = Signal()

    GAP = 14
    MARGIN = 16
    CACHE = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPageView")
        self._doc = None
        self._sizes: list[tuple[float, float]] = []
        self._tops: list[int] = []
        self._zoom: float | str = FIT_PAGE
        self._scale = 1.0  # logical pixels per point
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._current = -1
        self.message = ""
        self.viewport().setAutoFillBackground(False)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    # -- document -------------------------------------------------------------------
    def set_document(self, doc, sizes: list[tuple[float, float]]) -> None:
        self._close_doc()
        self._doc = doc
        self._sizes = sizes
        self._cache.clear()
        self._current = -1
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._on_scrolled()

    def _close_doc(self) -> None:
        if self._doc is not None:
            with PDFIUM_LOCK:
                self._doc.close()
            self._doc = None

    def clear(self, message: str = "") -> None:
        self._close_doc()
        self._sizes = []
        self._cache.clear()
        self.message = message
        self._relayout()
        if self._current != -1:
            self._current = -1
            self.currentPageChanged.emit(-1)

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    # -- zoom and layout ------------------------------------------------------------
    def zoom(self) -> float | str:
        return self._zoom

    def scale(self) -> float:
        return self._scale

    def set_zoom(self, zoom: float | str) -> None:
        page = max(self._current, 0)
        self._zoom = zoom
        self._relayout()
        self.go_to(page)
        self.zoomChanged.emit()

    def _points_to_px(self) -> float:
        return self.logicalDpiX() / 72.0

    def _fit_scale(self) -> float:
        if not self._sizes:
            return 1.0
        width = max(w for w, _h in self._sizes)
        height = max(h for _w, h in self._sizes)
        available = self.viewport().width() - 2 * self.MARGIN
        by_width = max(available, 50) / width
        if self._zoom == FIT_WIDTH:
            return by_width
        by_height = max(self.viewport().height() - 2 * self.MARGIN, 50) / height
        return min(by_width, by_height)

    def _relayout(self) -> None:
        if isinstance(self._zoom, str):
            self._scale = self._fit_scale()
        else:
            self._scale = float(self._zoom) * self._points_to_px()
        self._tops = []
        y = self.MARGIN
        widest = 0
        for w, h in self._sizes:
            self._tops.append(y)
            y += round(h * self._scale) + self.GAP
            widest = max(widest, round(w * self._scale))
        content_h = y - self.GAP + self.MARGIN if self._sizes else 0
        content_w = widest + 2 * self.MARGIN
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, content_h - self.viewport().height()))
        vbar.setPageStep(self.viewport().height())
        vbar.setSingleStep(40)
        hbar.setRange(0, max(0, content_w - self.viewport().width()))
        hbar.setPageStep(self.viewport().width())
        hbar.setSingleStep(40)
        self.viewport().update()

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is drawn, in viewport coordinates."""
        w, h = self._sizes[index]
        pw, ph = round(w * self._scale), round(h * self._scale)
        content_w = max(self.viewport().width(), self.horizontalScrollBar().maximum() + self.viewport().width())
        x = (content_w - pw) // 2 - self.horizontalScrollBar().value()
        y = self._tops[index] - self.verticalScrollBar().value()
        return QRect(x, y, pw, ph)

    def go_to(self, index: int) -> None:
        if not self._sizes:
            return
        index = min(max(index, 0), len(self._sizes) - 1)
        self.verticalScrollBar().setValue(self._tops[index] - self.MARGIN)
        self._set_current(index)

    def current(self) -> int:
        return self._current

    @Slot()
    def _on_scrolled(self, _value: int = 0) -> None:
        self.viewport().update()
        if not self._sizes:
            return
        # The page that fills the upper third of the view is the one being read.
        probe = self.verticalScrollBar().value() + self.viewport().height() // 3
        index = 0
        for i, top in enumerate(self._tops):
            if top <= probe:
                index = i
            else:
                break
        if self.verticalScrollBar().value() >= self.verticalScrollBar().maximum() > 0:
            index = len(self._sizes) - 1 if self._bottom_visible() else index
        self._set_current(index)

    def _bottom_visible(self) -> bool:
        return self.page_rect(len(self._sizes) - 1).top() < self.viewport().height()

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.currentPageChanged.emit(index)

    # -- painting -------------------------------------------------------------------
    def _image(self, index: int, width_px: int) -> QImage | None:
        if self._doc is None:
            return None
        ratio = self.devicePixelRatioF()
        key = (index, round(width_px * ratio))
        image = self._cache.get(key)
        if image is None:
            try:
                image = _render(self._doc, index, self._scale * ratio)
            except Exception:  # a broken page must not take the preview down with it
                log.exception("cannot render page %d", index + 1)
                return None
            image.setDevicePixelRatio(ratio)
            self._cache[key] = image
            while len(self._cache) > self.CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return image

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), self.palette().color(self.palette().ColorRole.Mid))
        if not self._sizes:
            if self.message:
                painter.setPen(self.palette().color(self.palette().ColorRole.Text))
                rect = self.viewport().rect().adjusted(40, 40, -40, -40)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        area = event.rect()
        for index in range(len(self._sizes)):
            rect = self.page_rect(index)
            if rect.bottom() < area.top():
                continue
            if rect.top() > area.bottom():
                break
            painter.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 60))
            painter.fillRect(rect, Qt.GlobalColor.white)
            image = self._image(index, rect.width())
            if image is not None:
                painter.drawImage(rect.topLeft(), image)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        page = self._current
        self._relayout()
        if isinstance(self._zoom, str) and page >= 0:
            self.go_to(page)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.step_zoom(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def step_zoom(self, direction: int) -> None:
        current = self._scale / self._points_to_px()
        if direction > 0:
            steps = [z for z in ZOOM_STEPS if z > current * 1.01]
            new = steps[0] if steps else ZOOM_STEPS[-1]
        else:
            steps = [z for z in ZOOM_STEPS if z < current * 0.99]
            new = steps[-1] if steps else ZOOM_STEPS[0]
        self.set_zoom(new)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 700)

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001
        self._close_doc()
        super().closeEvent(event)


class PdfPreview(QWidget):
    """Pages of a PDF file with a bar above: previous/next, "page x of y", zoom."""

    currentPageChanged = Signal(int, int)  # page (1-based, 0 = none), pages

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.view = _PageView(self)
        self.path: Path | None = None

        self.prev_button = QToolButton()
        self.prev_button.setObjectName("previousPage")
        self.prev_button.setArrowType(Qt.ArrowType.UpArrow)
        self.prev_button.setToolTip(self.tr("Previous page (Page Up)"))
        self.prev_button.clicked.connect(lambda: self.view.go_to(self.view.current() - 1))
        self.next_button = QToolButton()
        self.next_button.setObjectName("nextPage")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setToolTip(self.tr("Next page (Page Down)"))
        self.next_button.clicked.connect(lambda: self.view.go_to(self.view.current() + 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.page_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.tr("Page {page} of {pages}").format(
            page=888, pages=888)) + 8)

        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setObjectName("zoomOut")
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(self.tr("Zoom out (Ctrl+minus)"))
        self.zoom_out_button.clicked.connect(lambda: self.view.step_zoom(-1))
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setObjectName("zoomIn")
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(self.tr("Zoom in (Ctrl+plus)"))
        self.zoom_in_button.clicked.connect(lambda: self.view.step_zoom(1))
        self.zoom_combo = QComboBox()
        self.zoom_combo.setObjectName("zoomCombo")
        self.zoom_combo.addItem(self.tr("Whole page"), FIT_PAGE)
        self.zoom_combo.addItem(self.tr("Page width"), FIT_WIDTH)
        for step in (0.5, 0.75, 1.0, 1.5, 2.0):
            self.zoom_combo.addItem(f"{round(step * 100)} %", step)
        self.zoom_combo.activated.connect(lambda i: self.view.set_zoom(self.zoom_combo.itemData(i)))
        self.view.zoomChanged.connect(self._show_zoom)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_combo)
        bar.addWidget(self.zoom_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        for keys, step in ((QKeySequence.StandardKey.ZoomIn, 1), (QKeySequence.StandardKey.ZoomOut, -1)):
            shortcut = QShortcut(keys, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.view.step_zoom(s))
        self.view.currentPageChanged.connect(self._show_page)
        self._show_page(-1)

    # -- API --------------------------------------------------------------------------
    def load(self, path: str | Path) -> int:
        """Show the PDF at ``path``; returns its number of pages."""
        pdfium = _pdfium()
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(str(path))
            sizes = [tuple(doc[i].get_size()) for i in range(len(doc))]
        self.path = Path(path)
        self.view.message = ""
        self.view.set_document(doc, sizes)  # type: ignore[arg-type]
        self._show_page(self.view.current())
        return len(sizes)

    def clear(self, message: str = "") -> None:
        self.path = None
        self.view.clear(message)
        self._show_page(-1)

    def page_count(self) -> int:
        return self.view.page_count

    def current_page(self) -> int:
        """1-based; 0 when nothing is shown."""
        return self.view.current() + 1

    def go_to_page(self, page: int) -> None:
        self.view.go_to(page - 1)

    def set_zoom(self, zoom: float | str) -> None:
        self.view.set_zoom(zoom)

    def page_image(self, page: int) -> QImage | None:
        """The picture of ``page`` (1-based) as shown at the current zoom."""
        rect = self.view.page_rect(page - 1)
        return self.view._image(page - 1, rect.width())

    # -- display ------------------------------------------------------------------------
    @Slot(int)
    def _show_page(self, index: int) -> None:
        pages = self.view.page_count
        if pages:
            self.page_label.setText(self.tr("Page {page} of {pages}").format(page=index + 1, pages=pages))
        else:
            self.page_label.setText("")
        for widget in (self.prev_button, self.next_button, self.zoom_in_button, self.zoom_out_button,
                       self.zoom_combo):
            widget.setEnabled(bool(pages))
        self.prev_button.setEnabled(pages > 0 and index > 0)
        self.next_button.setEnabled(pages > 0 and index < pages - 1)
        self.currentPageChanged.emit(index + 1 if pages else 0, pages)

    @Slot()
    def _show_zoom(self) -> None:
        zoom = self.view.zoom()
        found = self.zoom_combo.findData(zoom)
        if found < 0:
            # A step reached with the buttons or Ctrl+wheel: show it as a percentage.
            text = f"{round(float(zoom) * 100)} %"
            found = self.zoom_combo.findText(text)
            if found < 0:
                self.zoom_combo.addItem(text, zoom)
                found = self.zoom_combo.count() - 1
        self.zoom_combo.setCurrentIndex(found)


__all__ = ["PDFIUM_LOCK", "PdfPreview", "PrinterError", "page_sizes", "pdf_reader_available", "print_pdf"]
