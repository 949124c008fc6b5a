"""A row of buttons that continues on a second line when the window is too narrow.

German button texts are long: a row that fits at 1366 px would push the page wider than
a 1024 px screen. In a :class:`FlowLayout` the row wraps instead, and its minimum width
is that of its widest button.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Items left to right at their preferred width, wrapping to the next line as needed.

    Items added with :meth:`add_right` (e.g. a projector button) go to the right end of
    the last line when there is room, and start a line of their own otherwise.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._right: set[int] = set()
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout -------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def add_right(self, widget: QWidget) -> None:
        self.addWidget(widget)
        self._right.add(len(self._items) - 1)

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802 (as QBoxLayout)
        self.addChildWidget(widget)
        index = max(0, min(index, len(self._items)))
        self._items.insert(index, QWidgetItem(widget))
        self._right = {i + (i >= index) for i in self._right}
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        self._right = {i - (i > index) for i in self._right if i != index}
        return self._items.pop(index)

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        visible = self._visible()
        width = sum(item.sizeHint().width() for _i, item in visible) + self._spacing * max(len(visible) - 1, 0)
        height = max((item.sizeHint().height() for _i, item in visible), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for _i, item in self._visible():
            size = size.expandedTo(item.minimumSize().expandedTo(item.sizeHint()))
        m = self.contentsMargins()
        return size.grownBy(QMargins(m.left(), m.top(), m.right(), m.bottom()))

    # -- placing -------------------------------------------------------------------------
    def _visible(self) -> list[tuple[int, QLayoutItem]]:
        return [(i, item) for i, item in enumerate(self._items)
                if item.widget() is None or not item.widget().isHidden()]

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[tuple[int, QLayoutItem]]] = [[]]
        used = 0
        for i, item in self._visible():
            w = item.sizeHint().width()
            needed = w if not lines[-1] else used + self._spacing + w
            if lines[-1] and needed > area.width():
                lines.append([])
                used = w
            else:
                used = needed
            lines[-1].append((i, item))
        y = area.top()
        for line in lines:
            if not line:
                continue
            height = max(item.sizeHint().height() for _i, item in line)
            x = area.left()
            left = [(i, item) for i, item in line if i not in self._right]
            right = [(i, item) for i, item in line if i in self._right]
            for _i, item in left:
                size = item.sizeHint()
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2),
                                           QSize(min(size.width(), area.width()), size.height())))
                x += size.width() + self._spacing
            x = area.right() + 1
            for _i, item in reversed(right):
                size = item.sizeHint()
                x -= size.width()
                if move:
                    item.setGeometry(QRect(QPoint(max(x, area.left()), y + (height - size.height()) // 2),
                                           QSize(min(size.width(), area.width()), size.height())))
                x -= self._spacing
            y += height + self._spacing
        return y - self._spacing - rect.top() + m.bottom() if y > area.top() else m.top() + m.bottom()


def flow_widget(object_name: str = "") -> tuple[QWidget, FlowLayout]:
    """A widget holding a flow layout, ready to go into a vertical layout."""
    host = QWidget()
    if object_name:
        host.setObjectName(object_name)
    layout = FlowLayout(host)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    host.setSizePolicy(policy)
    return host, layout
