"""A drop-down that shows a short text when closed and the whole text in its list.

"Runde 1: Thementische: Problemstellungen und 100-Tage-Ideen" does not fit into a left
column; cut mid-word it reads badly. Closed, the box shows "Runde 1"; opened, its list is
as wide as the longest entry.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

SHORT_ROLE = Qt.ItemDataRole.UserRole + 40


class CompactComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def add_item(self, text: str, short: str, data: object = None) -> None:
        """``text`` in the list, ``short`` in the closed box (and as its width)."""
        self.addItem(text, data)
        index = self.count() - 1
        self.setItemData(index, short, SHORT_ROLE)
        self.setItemData(index, text, Qt.ItemDataRole.ToolTipRole)
        self.updateGeometry()

    def displayed_text(self) -> str:
        short = self.currentData(SHORT_ROLE)
        return str(short) if short else self.currentText()

    def sizeHint(self) -> QSize:  # noqa: N802
        return self._hint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._hint()

    def _hint(self) -> QSize:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(str(self.itemData(i, SHORT_ROLE) or self.itemText(i)))
                      for i in range(self.count())), default=fm.horizontalAdvance("0000000"))
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        content = QSize(widest, fm.height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, content, self) \
            .expandedTo(QSize(0, super().sizeHint().height()))

    def showPopup(self) -> None:  # noqa: N802
        view = self.view()
        view.setMinimumWidth(max(self.width(), view.sizeHintForColumn(0) + 24))
        super().showPopup()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        opt.currentText = self.displayed_text()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)
