"""Texts set once outside the main window's own menus (actions that team mode and the
backups add to the menus) that must follow a language switch while the app runs.

``keep_translated(action, "setText", context, source)`` remembers how the text was made;
the main window calls :func:`apply_all` after the translators were replaced.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

_ENTRIES: list[tuple[QObject, str, str, str]] = []


def keep_translated(obj: QObject, setter: str, context: str, source: str) -> None:
    _ENTRIES.append((obj, setter, context, source))


def apply_all() -> None:
    alive = []
    for obj, setter, context, source in _ENTRIES:
        try:
            getattr(obj, setter)(QCoreApplication.translate(context, source))
        except RuntimeError:  # the object is gone (its window was closed)
            continue
        alive.append((obj, setter, context, source))
    _ENTRIES[:] = alive
