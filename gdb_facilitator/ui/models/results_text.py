"""Text fields that save themselves: after a short pause in typing and when focus leaves.

There is no Save button anywhere (RELIABILITY.md, decision 1). :class:`DebouncedText`
watches a QLineEdit or QPlainTextEdit; 300 ms after the last keystroke, or at once
when the field loses focus, it hands the text to ``commit(text, final)``. ``final`` is
True for focus-out, so that undo can merge a burst of typing into one step but start
a new step when the user comes back to the field later.

Ctrl+Z / Ctrl+Shift+Z inside the field go to the app's undo stack (after committing
what was typed), not to the widget's own private undo, so there is one history only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300

Commit = Callable[[str, bool], "bool | None"]  # False: not saved, keep the text pending


class DebouncedText(QObject):
    def __init__(self, widget: QLineEdit | QPlainTextEdit, commit: Commit,
                 undo: Callable[[], None] | None = None, redo: Callable[[], None] | None = None,
                 delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(widget)
        self.widget = widget
        self._commit = commit
        self._undo = undo
        self._redo = redo
        self._loading = False
        self._committed = self.text()
        # The stored version the committed text rests on (core/services/texts.py); a
        # commit sends it so that an edit made elsewhere meanwhile is not overwritten.
        self.version: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.flush(final=False))
        widget.textChanged.connect(self._on_text_changed)
        if isinstance(widget, QPlainTextEdit):
            # Our undo stack is the history; the widget's own would disagree with it.
            widget.setUndoRedoEnabled(False)
        widget.installEventFilter(self)

    def text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    @property
    def pending(self) -> bool:
        return self.text() != self._committed

    def set_text(self, text: str, version: int | None = None) -> None:
        """Show ``text`` (stored at ``version``) from the database without committing it back.

        A field with uncommitted typing keeps it (and the version it rests on); the cursor
        stays where it was when the text does not change (our own commit coming back).
        """
        if self.pending:
            return
        self.version = version
        if text == self.text():
            self._committed = text
            return
        self._loading = True
        try:
            w = self.widget
            if isinstance(w, QPlainTextEdit):
                w.setPlainText(text)
            else:
                w.setText(text)
        finally:
            self._loading = False
        self._committed = text

    def reset(self, text: str, version: int | None = None) -> None:
        """Load ``text`` for another record, dropping anything pending (flush first)."""
        self._timer.stop()
        self.version = version
        self._committed = None  # type: ignore[assignment]
        self._loading = True
        try:
            w = self.widget
            if isinstance(w, QPlainTextEdit):
                w.setPlainText(text)
            else:
                w.setText(text)
        finally:
            self._loading = False
        self._committed = text

    def flush(self, final: bool = True) -> None:
        self._timer.stop()
        text = self.text()
        if text == self._committed:
            return
        # Marked committed first: a refresh triggered by the write must not see it as pending.
        previous, self._committed = self._committed, text
        try:
            saved = self._commit(text, final)
        except Exception:
            self._committed = previous
            raise
        if saved is False:
            # Not written (e.g. the team server is away): the text stays pending, and the
            # next flush (a keystroke, leaving the field, the connection coming back) retries.
            self._committed = previous

    def _on_text_changed(self, *_args: object) -> None:
        if not self._loading:
            self._timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.FocusOut:
            self.flush(final=True)
        elif kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            action = None
            if event.matches(QKeySequence.StandardKey.Undo):
                action = self._undo
            elif event.matches(QKeySequence.StandardKey.Redo):
                action = self._redo
            if action is not None:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.flush(final=True)
                    action()
                return True
        return super().eventFilter(obj, event)
