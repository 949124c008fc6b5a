"""The projector window: the room's view of the timer, full screen on the screen chosen.

It paints the :class:`ProjectorState` it is given (see ``widgets/timer_display.py``)
and knows nothing about the timer. Other pages may put their own content on the
projector in place of the timer with :meth:`ProjectorWindow.show_page` (a text, or any
widget, e.g. the "Wo sitze ich?" seating list) and give the timer back with
:meth:`ProjectorWindow.show_timer`.

Full screen means frameless on that screen; Esc turns it into an ordinary window with a
frame (to move it by hand), a double click goes back to full screen. It is a normal
top-level window, not a tool window, so it does not vanish on Alt+Tab.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QMouseEvent, QScreen
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from gdb_facilitator.ui.settings import Key
from gdb_facilitator.ui.widgets.timer_display import Mode, ProjectorState, TimerDisplay

log = logging.getLogger(__name__)

# The projector screen (screen_key; "window" = a window on the laptop's screen); "auto" until chosen.
PROJECTOR_SCREEN = Key[str]("projector/screen", "auto")
WINDOW_SIZE = QSize(960, 540)


def default_screen() -> QScreen | None:
    """The second screen when one is attached (a projector), else None (a window)."""
    primary = QGuiApplication.primaryScreen()
    others = [s for s in QGuiApplication.screens() if s is not primary]
    return others[0] if others else None


def screen_key(screen: QScreen) -> str:
    """How a screen is remembered: its name ("HDMI-1"), or its place when it has none."""
    screens = QGuiApplication.screens()
    return screen.name() or f"#{screens.index(screen) + 1}"


def screen_by_key(key: str) -> QScreen | None:
    return next((s for s in QGuiApplication.screens() if screen_key(s) == key), None)


class ProjectorWindow(QWidget):
    """What the room sees. ``closed`` fires when it is closed (by the user or the app)."""

    closed = Signal()
    pageChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        # A parent keeps the lifetime tied to the page; the Window flag keeps it top-level.
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projectorWindow")
        # The window system adds the app's name (QGuiApplication.applicationDisplayName).
        self.setWindowTitle(self.tr("Projector"))
        self.setStyleSheet("#projectorWindow { background: black; }")
        self.display = TimerDisplay(preview=False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.display)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._page_widget: QWidget | None = None
        self._page_text = ""
        self._page_title = ""
        self._target: QScreen | None = None
        self.resize(WINDOW_SIZE)

    # -- the hook for other pages --------------------------------------------------------
    def show_page(self, content: QWidget | str, title: str = "") -> None:
        """Show ``content`` on the projector instead of the timer until :meth:`show_timer`.

        A widget is shown as it is (style it for a projector: large type, high contrast)
        and stays owned by the caller: it is handed back (unparented) when the page is
        replaced, so keep a reference to it. A text is painted large, word-wrapped.
        """
        self._drop_page_widget()
        self._page_title = title
        if isinstance(content, QWidget):
            self._page_widget = content
            self._page_text = ""
            self.stack.addWidget(content)
        else:
            self._page_text = str(content)
        log.info("projector shows page %r", title)
        self.pageChanged.emit()

    def show_timer(self) -> None:
        """Back to the timer (after :meth:`show_page`)."""
        if self._page_widget is None and not self._page_text and not self._page_title:
            return
        self._drop_page_widget()
        self._page_text = self._page_title = ""
        self.pageChanged.emit()

    def has_page(self) -> bool:
        return self._page_widget is not None or bool(self._page_text)

    @property
    def page_text(self) -> str:
        return self._page_text

    @property
    def page_title(self) -> str:
        return self._page_title

    def _drop_page_widget(self) -> None:
        widget, self._page_widget = self._page_widget, None
        if widget is not None:
            self.stack.removeWidget(widget)
            widget.setParent(None)  # type: ignore[call-overload]
        self.stack.setCurrentWidget(self.display)

    # -- state -----------------------------------------------------------------------------
    def set_state(self, state: ProjectorState) -> None:
        show_widget = (self._page_widget is not None and state.mode is Mode.PAGE and not state.blackout)
        self.stack.setCurrentWidget(self._page_widget if show_widget else self.display)  # type: ignore[arg-type]
        self.display.set_state(state)

    # -- placement ---------------------------------------------------------------------
    def show_on(self, screen: QScreen | None) -> None:
        """Full screen on ``screen``; None: an ordinary window on the laptop's screen."""
        self._target = screen
        if screen is None:
            self._leave_full_screen(QGuiApplication.primaryScreen())
            self.raise_()
            return
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.setCursor(Qt.CursorShape.BlankCursor)
        log.info("projector full screen on %s (%s)", screen.name(), screen.geometry())

    def target_screen(self) -> QScreen | None:
        return self._target

    def _leave_full_screen(self, screen: QScreen | None) -> None:
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
        self.unsetCursor()
        self.showNormal()
        if screen is not None:
            self.setScreen(screen)
            area = screen.availableGeometry()
            size = WINDOW_SIZE.boundedTo(area.size())
            self.setGeometry(area.x() + (area.width() - size.width()) // 2,
                             area.y() + (area.height() - size.height()) // 2, size.width(), size.height())
        self.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self._leave_full_screen(self.screen())
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.isFullScreen():
            self._leave_full_screen(self.screen())
        else:
            screen = self.screen()
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        super().closeEvent(event)
        self.closed.emit()
