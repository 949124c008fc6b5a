"""What the window shows while no event is open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator import APP_NAME, __version__


class WelcomePage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    recentRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        title = QLabel(f"<h1>{APP_NAME}</h1>")
        subtitle = QLabel(self.tr(
            "Run a participatory conference from this laptop: import the registration list, "
            "check people in, mix the tables, run the rounds and collect the results. "
            "Everything stays in one event file on this computer."))
        subtitle.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New event…"))
        self.new_button.setObjectName("newButton")
        self.open_button = QPushButton(self.tr("Open event…"))
        self.open_button.setObjectName("openButton")
        self.demo_button = QPushButton(self.tr("Try the demo event"))
        self.demo_button.setObjectName("demoButton")
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(36)
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        self.recent_label = QLabel(self.tr("<b>Recent events</b>"))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.itemActivated.connect(self._open_item)
        self.no_recent = QLabel(self.tr("No recent events yet."))
        self.no_recent.setObjectName("noRecent")

        column = QVBoxLayout()
        column.setSpacing(8)
        column.addSpacing(24)
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(20)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent_list, 1)
        column.addWidget(self.no_recent)
        # Without recent events the list is hidden; the space then goes below, not between.
        column.addStretch(0)
        self._column = column
        version = QLabel(self.tr("Version {version}").format(version=__version__))
        version.setEnabled(False)
        column.addWidget(version)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setLayout(column)
        box.setMaximumWidth(760)
        box.setMinimumWidth(480)
        outer.addWidget(box, 4)
        outer.addStretch(1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent_list.clear()
        for path in paths:
            p = Path(path)
            exists = p.exists()
            text = f"{p.stem}    —    {p.parent}"
            if not exists:
                text += "  " + self.tr("(file not found)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            if not exists:
                item.setForeground(QColor("#888888"))
            self.recent_list.addItem(item)
        has = bool(paths)
        self.recent_list.setVisible(has)
        self.no_recent.setVisible(not has)
        self._column.setStretch(self._column.count() - 2, 0 if has else 1)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.recentRequested.emit(item.data(Qt.ItemDataRole.UserRole))
