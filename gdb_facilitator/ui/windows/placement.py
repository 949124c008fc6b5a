"""Where a projector view opens when the user has not picked a screen."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

LAPTOP_WINDOW = (1024, 768)


def show_on_last_screen(window: QWidget) -> None:
    """Full screen on the last screen when a projector is attached; else a window on the laptop."""
    screens = QGuiApplication.screens()
    if len(screens) > 1:
        window.setScreen(screens[-1])
        window.setGeometry(screens[-1].geometry())
        window.showFullScreen()
    else:
        window.resize(*LAPTOP_WINDOW)
        window.show()
