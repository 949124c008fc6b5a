"""The projector's picture: big countdown, now and next, progress, time of day, message.

:class:`TimerDisplay` paints a :class:`ProjectorState` it is given and nothing else; it
reads no clock and holds no timer. The projector window shows it full screen and the
rounds page shows another instance as a small preview, both fed the same state, so the
facilitator sees exactly what the room sees.

Everything is sized from the widget's own height and width (never from points), so the
same picture fills a 1920×1080 projector and a 384×216 preview alike. The digits get the
largest font that fits their box, measured for a fixed template ("00:00"), so they do
not jump in size while the seconds change.
"""

from __future__ import annotations

import enum
import logging
import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gdb_facilitator.core.algorithms.timer import Level, Phase
from gdb_facilitator.core.services.projector import TopicBoard
from gdb_facilitator.core.services.timer import TimerView
from gdb_facilitator.ui.resources import resource_path

log = logging.getLogger(__name__)

BACKGROUND = QColor("#000000")
FOREGROUND = QColor("#FFFFFF")
MUTED = QColor("#A0A0A0")
LEVEL_COLOUR = {
    Level.NORMAL: QColor("#FFFFFF"),
    Level.WRAP_UP: QColor("#FFC400"),
    Level.DANGER: QColor("#FF3B30"),
    Level.OVERTIME: QColor("#FF3B30"),
}
BAR_COLOUR = {**LEVEL_COLOUR, Level.NORMAL: QColor("#34C759")}
OVERTIME_BACKGROUND = QColor("#C8102E")
MESSAGE_BACKGROUND = QColor("#FFD60A")


class Mode(enum.Enum):
    TIMER = "timer"
    TOPICS = "topics"
    PAGE = "page"  # a text or a widget given by another page (e.g. "Wo sitze ich?")


@dataclass(frozen=True)
class ProjectorState:
    """One frame of the projector, already decided: texts, colours, what blinks now."""

    mode: Mode = Mode.TIMER
    digits: str = ""
    level: Level = Level.NORMAL
    phase: Phase = Phase.IDLE
    progress: float = 0.0
    title: str = ""
    position: str = ""  # "3/11"
    next_title: str = ""
    next_start: str = ""  # planned "HH:MM" of the next item
    clock: str = ""  # time of day, "HH:MM"
    message: str = ""
    blackout: bool = False
    flash: bool = False  # the attention flash (F) is in its bright half now
    blink: bool = False  # overtime blink is in its bright half now
    topics: TopicBoard | None = None
    page_text: str = ""
    page_title: str = ""
    has_item: bool = True


def format_countdown(remaining: float) -> str:
    """What the digits say: whole seconds left rounded up ("0:01" until zero), and in
    overtime the whole seconds over, counting up with a plus sign."""
    if remaining > 0:
        total, sign = math.ceil(remaining - 1e-6), ""
    else:
        total, sign = math.floor(-remaining + 1e-6), ("+" if remaining < 0 else "")
        if total == 0:
            sign = ""
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


def build_state(view: TimerView | None, local_now: datetime, *, mode: Mode = Mode.TIMER,
                blackout: bool = False, flash: bool = False, topics: TopicBoard | None = None,
                page_text: str = "", page_title: str = "") -> ProjectorState:
    """The frame for ``view`` at ``local_now``. The overtime blink follows the overtime
    itself (half a second on, half off), so it needs no tick counting."""
    clock = local_now.strftime("%H:%M")
    if view is None or view.item is None:
        return ProjectorState(mode=mode, clock=clock, blackout=blackout, flash=flash, topics=topics,
                              page_text=page_text, page_title=page_title, has_item=False,
                              message=view.message if view else "")
    snap = view.timer
    position = f"{(view.index or 0) + 1}/{view.count}" if view.count else ""
    blink = snap.level is Level.OVERTIME and snap.phase is Phase.RUNNING and \
        int(snap.overtime_seconds * 2) % 2 == 0
    return ProjectorState(
        mode=mode, digits=format_countdown(snap.remaining_seconds), level=snap.level,
        phase=snap.phase, progress=snap.progress, title=view.item.title, position=position,
        next_title=view.next_item.title if view.next_item else "",
        next_start=(view.next_item.planned_start or "") if view.next_item else "",
        clock=clock, message=view.message, blackout=blackout, flash=flash, blink=blink,
        topics=topics, page_text=page_text, page_title=page_title)


@lru_cache(maxsize=1)
def display_family() -> str:
    """DejaVu Sans (bundled): clear tabular digits and every umlaut, on any laptop."""
    family = ""
    for name in ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf"):
        path = resource_path("fonts", name)
        if path.is_file():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            family = family or (families[0] if families else "")
    return family or QFont().family()


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont(display_family())
    font.setPixelSize(max(1, int(pixels)))
    font.setBold(bold)
    return font


def _fit_line(text: str, width: float, height: float, bold: bool = False,
              max_pixels: float | None = None) -> QFont:
    """The largest font in which ``text`` fits on one line into width × height."""
    probe = _font(100, bold)
    fm = QFontMetricsF(probe)
    advance = max(fm.horizontalAdvance(text), 1.0)
    pixels = min(100 * width / advance, 100 * height / fm.height())
    if max_pixels is not None:
        pixels = min(pixels, max_pixels)
    return _font(pixels, bold)


def _two_lines(text: str, fm: QFontMetricsF, width: float) -> str:
    """``text`` broken at a space into at most two lines, the second elided if need be."""
    words = text.split()
    first = ""
    for n, word in enumerate(words):
        candidate = f"{first} {word}".strip()
        if fm.horizontalAdvance(candidate) > width and first:
            rest = " ".join(words[n:])
            return first + "\n" + fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        first = candidate
    return fm.elidedText(first, Qt.TextElideMode.ElideRight, width)


def _fit_wrapped(text: str, width: float, height: float, bold: bool = False,
                 max_pixels: float | None = None) -> QFont:
    """The largest font in which ``text`` fits word-wrapped into width × height."""
    low, high = 6, int(max_pixels or height)
    flags = int(Qt.TextFlag.TextWordWrap)
    while low < high:
        mid = (low + high + 1) // 2
        rect = QFontMetricsF(_font(mid, bold)).boundingRect(QRectF(0, 0, width, 1e6), flags, text)
        if rect.height() <= height and rect.width() <= width + 0.5:
            low = mid
        else:
            high = mid - 1
    return _font(low, bold)


def fit_text(text: str, width: float, base: float, area_height: float) -> tuple[QFont, str]:
    """Font and text for a title on the projector: one line at ``base`` pixels, shrunk a
    little if need be; else word-wrapped over the lines that fit into ``area_height``; only
    a title too long for that is cut (at the end of its second line)."""
    font = _font(base, True)
    advance = QFontMetricsF(font).horizontalAdvance(text)
    if advance <= width:
        return font, text
    if base * width / advance >= base * 0.8:
        return _font(base * width / advance, True), text
    wrapped = _fit_wrapped(text, width, area_height, bold=True, max_pixels=base)
    if wrapped.pixelSize() >= base * 0.5:
        return wrapped, text
    font = _font(base * 0.5, True)
    return font, _two_lines(text, QFontMetricsF(font), width)


class TimerDisplay(QWidget):
    """Paints a :class:`ProjectorState`; ``preview`` adds hints only the facilitator sees."""

    def __init__(self, preview: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timerPreview" if preview else "timerDisplay")
        self.preview = preview
        self._state = ProjectorState()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.paint_count = 0
        # The titles as last painted (after fitting), so a test can see whether one was cut.
        self.fitted_titles: list[str] = []

    @property
    def state(self) -> ProjectorState:
        return self._state

    def set_state(self, state: ProjectorState) -> None:
        if state != self._state:
            self._state = state
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 360)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        self.paint_count += 1
        self.fitted_titles = []
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRectF(self.rect())
        s = self._state
        try:
            if s.blackout:
                p.fillRect(rect, BACKGROUND)
                if self.preview:
                    self._hint(p, rect, self.tr("Blackout: the projector is dark"))
                return
            background, foreground = BACKGROUND, FOREGROUND
            if s.flash:
                # The flash at a warning takes the warning's colour, so the room still reads
                # "yellow" or "red" during it; a plain flash (F) is white.
                background, foreground = FOREGROUND, BACKGROUND
                if s.mode is Mode.TIMER and s.level is not Level.NORMAL:
                    background = LEVEL_COLOUR[s.level]
            elif s.mode is Mode.TIMER and s.blink:
                background = OVERTIME_BACKGROUND
            p.fillRect(rect, background)
            if s.mode is Mode.TOPICS:
                self._paint_topics(p, rect, foreground)
            elif s.mode is Mode.PAGE:
                self._paint_page(p, rect, foreground)
            else:
                self._paint_timer(p, rect, foreground, inverted=s.flash)
            if self.preview:
                p.setPen(QPen(MUTED, 1))
                p.drawRect(rect.adjusted(0, 0, -1, -1))
        finally:
            p.end()

    def _hint(self, p: QPainter, rect: QRectF, text: str) -> None:
        p.setPen(MUTED)
        p.setFont(_fit_line(text, rect.width() * 0.9, rect.height() * 0.08, max_pixels=16))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _header(self, p: QPainter, rect: QRectF, left: str, clock: str, colour: QColor) -> None:
        """The top line: what is on (left, bold) and the time of day (right)."""
        margin = rect.height() * 0.04
        band = QRectF(rect.left() + margin * 1.5, rect.top() + margin, rect.width() - 3 * margin,
                      rect.height() * 0.10)
        clock_font = _fit_line("00:00", band.width() * 0.2, band.height())
        clock_width = QFontMetricsF(clock_font).horizontalAdvance("00:00")
        if clock:
            p.setFont(clock_font)
            p.setPen(colour)
            p.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock)
        if left:
            title_box = QRectF(band.left(), band.top(), band.width() - clock_width - margin * 2,
                               band.height())
            font, text = fit_text(left, title_box.width(), clock_font.pixelSize() * 0.8, title_box.height())
            self.fitted_titles.append(text)
            p.setFont(font)
            p.setPen(colour)
            p.drawText(title_box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                      | Qt.TextFlag.TextWordWrap), text)

    def _paint_timer(self, p: QPainter, rect: QRectF, foreground: QColor, inverted: bool) -> None:
        s = self._state
        w, h = rect.width(), rect.height()
        margin = h * 0.04
        self._header(p, rect, s.title, s.clock, foreground)
        if not s.has_item:
            self._hint_big(p, rect, self.tr("No agenda item"), foreground)
            return

        if s.blink or inverted:
            digit_colour = foreground
        elif s.phase in (Phase.PAUSED, Phase.STOPPED):
            digit_colour = MUTED
        elif s.phase is Phase.IDLE:
            digit_colour = FOREGROUND
        else:
            digit_colour = LEVEL_COLOUR[s.level]

        top = rect.top() + h * 0.17
        bottom_of_digits = rect.top() + (h * 0.56 if s.message else h * 0.74)
        status = ""
        if s.phase is Phase.PAUSED:
            status = self.tr("Paused")
        elif s.phase is Phase.STOPPED:
            status = self.tr("Ended")
        elif s.phase is Phase.IDLE:
            status = self.tr("Not started")
        elif s.level is Level.OVERTIME:
            status = self.tr("Overtime")
        if status:
            status_box = QRectF(rect.left(), top, w, h * 0.07)
            p.setFont(_fit_line(status, w * 0.6, status_box.height(), bold=True))
            p.setPen(foreground if (s.blink or inverted) else
                     (LEVEL_COLOUR[Level.OVERTIME] if s.level is Level.OVERTIME
                      and s.phase is Phase.RUNNING else MUTED))
            p.drawText(status_box, Qt.AlignmentFlag.AlignCenter, status)
            top += h * 0.07

        digits_box = QRectF(rect.left() + w * 0.04, top, w * 0.92, bottom_of_digits - top)
        template = "0:00:00" if s.digits.count(":") == 2 else "00:00"
        if s.digits.startswith("+"):
            template = "+" + template
        font = _fit_line(template, digits_box.width(), digits_box.height() * 1.25, bold=True)
        fm = QFontMetricsF(font)
        glyphs = fm.tightBoundingRect("0123456789")
        digit_height = glyphs.height()
        # Scale down when the digits' ink is taller than the box (fonts differ in ascent).
        if digit_height > digits_box.height() * 0.92:
            font = _font(font.pixelSize() * digits_box.height() * 0.92 / digit_height, bold=True)
            fm = QFontMetricsF(font)
            glyphs = fm.tightBoundingRect("0123456789")
            digit_height = glyphs.height()
        text_width = fm.horizontalAdvance(s.digits)
        baseline = digits_box.center().y() + digit_height / 2 + glyphs.bottom()
        p.setFont(font)
        p.setPen(digit_colour)
        p.drawText(QPointF(digits_box.center().x() - text_width / 2, baseline), s.digits)

        # Progress bar: what part of the item is used up.
        bar = QRectF(rect.left() + w * 0.06, bottom_of_digits + h * 0.025, w * 0.88, max(2.0, h * 0.025))
        p.fillRect(bar, QColor(255, 255, 255, 40) if not inverted else QColor(0, 0, 0, 40))
        done = QRectF(bar.left(), bar.top(), bar.width() * max(0.0, min(1.0, s.progress)), bar.height())
        p.fillRect(done, foreground if (s.blink or inverted) else BAR_COLOUR[s.level])

        if s.message:
            box = QRectF(rect.left() + w * 0.05, bar.bottom() + h * 0.035, w * 0.90,
                         rect.bottom() - bar.bottom() - h * 0.035 - margin)
            p.fillRect(box, MESSAGE_BACKGROUND)
            inner = box.adjusted(box.height() * 0.08, box.height() * 0.06,
                                 -box.height() * 0.08, -box.height() * 0.06)
            p.setFont(_fit_wrapped(s.message, inner.width(), inner.height(), bold=True,
                                   max_pixels=h * 0.11))
            p.setPen(QColor("#000000"))
            p.drawText(inner, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), s.message)
            return

        if s.next_title:
            label = self.tr("Next:")
            when = f"  ({s.next_start})" if s.next_start else ""
            line = QRectF(rect.left() + w * 0.06, bar.bottom() + h * 0.05, w * 0.88, h * 0.09)
            label_font = _font(line.height() * 0.62)
            p.setFont(label_font)
            p.setPen(MUTED if not inverted else foreground)
            label_width = QFontMetricsF(label_font).horizontalAdvance(label + " ")
            p.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            # Below the line there is room for a second one: a long title wraps there
            # rather than being cut.
            rest = QRectF(line.left() + label_width, line.top(), line.width() - label_width,
                          max(line.height(), rect.bottom() - margin - line.top()))
            text_font, text = fit_text(s.next_title + when, rest.width(), line.height() * 0.62, rest.height())
            self.fitted_titles.append(text)
            p.setFont(text_font)
            p.setPen(foreground)
            one_line = QRectF(rest.left(), rest.top(), rest.width(), line.height())
            if "\n" in text or QFontMetricsF(text_font).horizontalAdvance(text) > rest.width():
                p.drawText(rest, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                     | Qt.TextFlag.TextWordWrap), text)
            else:
                p.drawText(one_line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _hint_big(self, p: QPainter, rect: QRectF, text: str, colour: QColor) -> None:
        p.setPen(colour)
        p.setFont(_fit_line(text, rect.width() * 0.8, rect.height() * 0.12))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_topics(self, p: QPainter, rect: QRectF, foreground: QColor) -> None:
        s = self._state
        board = s.topics
        if board is not None and board.round_number is not None:
            head = self.tr("Round {number}: tables and topics").format(number=board.round_number)
        else:
            head = self.tr("Tables and topics")
        self._header(p, rect, head, s.clock, foreground)
        tables = board.tables if board is not None else ()
        if not tables:
            self._hint_big(p, rect, self.tr("No tables yet"), foreground)
            return
        w, h = rect.width(), rect.height()
        area = QRectF(rect.left() + w * 0.05, rect.top() + h * 0.18, w * 0.90, h * 0.78)
        count = len(tables)
        columns = 1 if count <= 6 else 2 if count <= 20 else 3
        rows = math.ceil(count / columns)
        cell_w = area.width() / columns
        cell_h = min(area.height() / rows, h * 0.12)
        number_font = _font(cell_h * 0.55, bold=True)
        topic_font = _font(cell_h * 0.50)
        nfm, tfm = QFontMetricsF(number_font), QFontMetricsF(topic_font)
        badge_w = nfm.horizontalAdvance("00") + cell_h * 0.4
        for n, table in enumerate(tables):
            col, row = divmod(n, rows)
            cell = QRectF(area.left() + col * cell_w, area.top() + row * cell_h, cell_w, cell_h)
            badge = QRectF(cell.left(), cell.top() + cell_h * 0.1, badge_w, cell_h * 0.8)
            p.fillRect(badge, foreground)
            p.setFont(number_font)
            p.setPen(BACKGROUND if foreground == FOREGROUND else FOREGROUND)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(table.number))
            text_box = QRectF(badge.right() + cell_h * 0.3, cell.top(),
                              cell.width() - badge_w - cell_h * 0.6, cell_h)
            text = table.topic or table.name or "–"
            p.setPen(foreground if table.topic else MUTED)
            if tfm.horizontalAdvance(text) <= text_box.width():
                p.setFont(topic_font)
                p.drawText(text_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
                continue
            # A long topic: two smaller lines rather than a cut-off one.
            small = _font(cell_h * 0.36)
            p.setFont(small)
            lines = _two_lines(text, QFontMetricsF(small), text_box.width())
            p.drawText(text_box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), lines)

    def _paint_page(self, p: QPainter, rect: QRectF, foreground: QColor) -> None:
        s = self._state
        self._header(p, rect, s.page_title, s.clock, foreground)
        if not s.page_text:
            # A widget page: the projector shows the widget itself; the preview says so.
            if self.preview:
                self._hint(p, rect, self.tr("The projector shows: {title}").format(title=s.page_title))
            return
        w, h = rect.width(), rect.height()
        box = QRectF(rect.left() + w * 0.05, rect.top() + h * 0.18, w * 0.90, h * 0.76)
        p.setFont(_fit_wrapped(s.page_text, box.width(), box.height(), max_pixels=h * 0.08))
        p.setPen(foreground)
        p.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                   s.page_text)
