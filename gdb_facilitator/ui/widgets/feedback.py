"""The line under a page that says what the last action did, and clears itself."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QWidget

INFO = "#0D47A1"
DEFAULT_COLOURS = {"ok": "#1B5E20", "info": INFO, "warn": "#8A4B00"}


class FeedbackLine(QLabel):
    """Shows ``text`` in the colour of its ``kind`` ("ok", "info", "warn") for a few seconds.

    ``shown`` carries each non-empty text, so the window can repeat it in its status bar.
    """

    shown = Signal(str)

    def __init__(self, object_name: str, colours: dict[str, str] | None = None,
                 seconds: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        # The line keeps its height (the page does not jump), but shows a frame only around
        # a message: an empty framed box looks like a field to type into.
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumHeight(self.fontMetrics().height() + 14)
        self.setContentsMargins(8, 2, 8, 2)
        self._colours = colours or DEFAULT_COLOURS
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(seconds * 1000)
        self._timer.timeout.connect(lambda: self.show_text("", ""))

    def show_text(self, text: str, kind: str) -> None:
        self.setText(text)
        self.setFrameShape(QFrame.Shape.StyledPanel if text else QFrame.Shape.NoFrame)
        self.setStyleSheet(
            f"color: {self._colours.get(kind, 'palette(text)')}; font-weight: bold;" if text else "")
        if text:
            self._timer.start()
            self.shown.emit(text)
