"""Styles and small text/date helpers shared by the Follow-up page's parts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

_ERROR_STYLE = "color: #B00020; font-weight: bold;"
_MUTED_STYLE = "color: palette(placeholder-text);"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_lines(text: str) -> str:
    return _html(text).replace("\n", "<br>")


def _date_pattern() -> tuple[str, str]:
    """(strftime, Qt) date patterns in the UI language: 26.11.2026 or 26 Nov 2026."""
    from gdb_facilitator.ui.report_labels import language_code

    return ("%d.%m.%Y", "dd.MM.yyyy") if language_code() == "de" else ("%d %b %Y", "d MMM yyyy")


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _heading_font(widget: QWidget, scale: float) -> None:
    font = widget.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)


def _percent(value: float) -> str:
    from gdb_facilitator.ui.report_labels import language_code

    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if language_code() == "de" else text
