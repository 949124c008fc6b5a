"""What the window shows while no event is open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator import APP_NAME, __version__
from gdb_facilitator.core.db.engine import EventFile


DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1


class RecentDelegate(QStyledItemDelegate):
    """A recent event in two lines: its title and date in bold, the file below in grey."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        fm = option.fontMetrics
        return QSize(200, 2 * fm.height() + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # Named here, not at the top: PySide6 sets up QStyle's many enums (about 10 ms) when the
        # class is first named, and the window with an event never paints this list.
        from PySide6.QtWidgets import QStyle

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(8, 5, -8, -5)
        fm = opt.fontMetrics
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            colour = opt.palette.highlightedText().color()
        elif isinstance(fg, QBrush):
            colour = fg.color()
        else:
            colour = fg if isinstance(fg, QColor) else opt.palette.text().color()
        painter.setPen(colour)
        top = rect.adjusted(0, 0, 0, -(rect.height() - fm.height()))
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(opt.font)
        painter.setPen(opt.palette.highlightedText().color() if selected
                       else opt.palette.placeholderText().color())
        bottom = rect.adjusted(0, fm.height() + 2, 0, 0)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         fm.elidedText(str(index.data(DETAIL_ROLE) or ""), Qt.TextElideMode.ElideMiddle,
                                       rect.width()))
        painter.restore()


class WelcomePage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    recentRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None, locale: QLocale | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.locale = locale or QLocale()
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
        self.recent_list.setItemDelegate(RecentDelegate(self.recent_list))
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

    def set_recent(self, paths: list[str],
                   headings: dict[str, tuple[str, date | None] | None] | None = None) -> None:
        """The recent events; ``headings`` (path -> EventFile.heading) when already read."""
        self.recent_list.clear()
        for path in paths:
            p = Path(path)
            exists = p.exists()
            # Demo copies and yearly events have look-alike file names: the title and date
            # tell them apart; the file stays visible below.
            if not exists:
                heading = None
            elif headings is not None and path in headings:
                heading = headings[path]
            else:
                heading = EventFile.heading(p)
            title = heading[0] if heading and heading[0] else p.stem
            if heading and heading[1] is not None:
                day = heading[1]
                title += "  ·  " + self.locale.toString(QDate(day.year, day.month, day.day),
                                                        QLocale.FormatType.LongFormat)
            detail = f"{p.name}  —  {p.parent}"
            if not exists:
                detail += "  " + self.tr("(file not found)")
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setData(DETAIL_ROLE, detail)
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
