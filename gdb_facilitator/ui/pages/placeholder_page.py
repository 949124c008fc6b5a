"""Pages of the day that later versions fill in; for now they say so plainly."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    """A title, what the page will do, and that it is not in this version yet; no fake controls."""

    def __init__(self, page_id: str, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{page_id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        heading = QLabel(f"<h1>{title}</h1>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        text = QLabel(description)
        text.setObjectName("pageDescription")
        text.setWordWrap(True)
        text.setMaximumWidth(720)
        text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(text)
        note = QLabel(QCoreApplication.translate("PlaceholderPage", "This page is not available in this version yet."))
        note.setObjectName("notAvailable")
        note.setWordWrap(True)
        note.setStyleSheet("font-style: italic; color: palette(mid); padding-top: 12px;")
        layout.addWidget(note)
        layout.addStretch(1)
