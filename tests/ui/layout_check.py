"""What a person would see as broken in a window: widgets beyond the window's edge, and
text that is cut although there is room for it.

Used by the layout tests at 1366×768 and 1024×768. Every finding is a sentence naming the
widget (its object name or class, and its text), so a failing test says what to fix.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

ELLIPSIS = "…"
# The least a style needs beside a button's text (Fusion: 2 × 4 px margin + frame); a
# check box or radio button needs its indicator too.
BUTTON_PADDING = 12


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    name = widget.objectName() or type(widget).__name__
    parent = widget.parentWidget()
    while parent is not None and not widget.objectName():
        if parent.objectName():
            name = f"{parent.objectName()}/{name}"
            break
        parent = parent.parentWidget()
    return f"{name} {text[:60]!r}" if text else name


def _scrolled(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport: may lie outside the window; it scrolls there."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and \
                parent is parent.parentWidget().viewport():  # type: ignore[union-attr]
            return True
        parent = parent.parentWidget()
    return False


def _visible_rect(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def problems(top: QWidget) -> list[str]:
    """Every visible widget of ``top`` checked; an empty list means nothing is cut."""
    found: list[str] = []
    bounds = top.rect()
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or widget.window() is not top:
            continue
        if _scrolled(widget, top):
            continue
        rect = _visible_rect(widget, top)
        if rect.isEmpty():
            continue
        if not bounds.contains(rect):
            found.append(f"{_name(widget)} at {rect.getRect()} goes beyond the window {bounds.getRect()}")
            continue
        fm = widget.fontMetrics()
        if isinstance(widget, QLabel):
            text = widget.text()
            if not text or widget.wordWrap() or widget.pixmap() is not None and not widget.pixmap().isNull():
                continue
            if ELLIPSIS in text and widget.toolTip() and ELLIPSIS not in widget.toolTip() \
                    and "<" not in widget.toolTip():
                full = fm.horizontalAdvance(widget.toolTip())
                if full <= widget.contentsRect().width():
                    found.append(f"{_name(widget)} is cut although the full text fits "
                                 f"({full} px of {widget.contentsRect().width()})")
                    continue
            hint = widget.sizeHint().width()
            if widget.width() < hint - 1:
                found.append(f"{_name(widget)} is {widget.width()} px wide, its text needs {hint}")
        elif isinstance(widget, QComboBox):
            shown = widget.displayed_text() if hasattr(widget, "displayed_text") else widget.currentText()
            if widget.isEditable() or not shown:
                continue
            opt = QStyleOptionComboBox()
            widget.initStyleOption(opt)
            field = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                                  QStyle.SubControl.SC_ComboBoxEditField, widget)
            need = fm.horizontalAdvance(shown)
            if not widget.itemIcon(widget.currentIndex()).isNull():
                need += widget.iconSize().width() + 4
            if field.width() < need:
                found.append(f"{_name(widget)} shows {field.width()} px of a {need} px text")
        elif isinstance(widget, QAbstractButton):
            text = _plain(widget.text())
            if not text or isinstance(widget.parentWidget(), QTabBar):
                continue
            if isinstance(widget, (QCheckBox, QRadioButton)):
                need = widget.sizeHint().width() - 1
            else:
                need = fm.horizontalAdvance(text) + BUTTON_PADDING
                if not widget.icon().isNull():
                    need += widget.iconSize().width() + 4
            if widget.width() < need:
                found.append(f"{_name(widget)} is {widget.width()} px wide, its text needs {need}")
    return found


def grab_all(top: QWidget) -> None:
    """Lay everything out as it would be painted."""
    for _ in range(3):
        QApplication.processEvents()
