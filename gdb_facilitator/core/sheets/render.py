"""Lay out :class:`SheetData` with :class:`SheetLabels` as a PDF.

The document is a run of *sections* (one team's result sheet, the check-in list, one
table tent, ...). Each section starts on a new page and numbers its own pages, because a
team takes its own sheet home: "Seite 2 von 2" means something to it, "Seite 57 von 212"
does not. Totals are unknown until a section ends, so each page number is a PDF form
object that is filled in once the whole document is laid out; the story itself is
generated section by section, so 200 sheets do not sit in memory as flowables at once.

All user text goes through :func:`styles.markup` / :func:`styles.draw_text` (escaped, with
font fallback); the event colour goes through :func:`styles.accent_colour`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Union

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from gdb_facilitator.core.services.codes import format_code
from gdb_facilitator.core.sheets import styles as st
from gdb_facilitator.core.sheets.styles import Paragraph
from gdb_facilitator.core.sheets.labels import SheetLabels, fill
from gdb_facilitator.core.sheets.model import (
    AgendaRow,
    CheckinRow,
    RosterRow,
    SeatingRound,
    SheetData,
    TeamSheet,
    Tent,
    sort_key,
)
from gdb_facilitator.core.sheets.qr import QrFlowable
from gdb_facilitator.core.sheets.scanpage import ScanImage
from gdb_facilitator.core.files import write_atomically

log = logging.getLogger(__name__)

PAGESIZES = {"A4": A4, "LETTER": LETTER}
Out = Union[str, "os.PathLike[str]", IO[bytes]]

MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 19 * mm
KEY_CARD_WIDTH = 54 * mm
QR_SIZE = 34 * mm


# -- sections and the document --------------------------------------------------------------

@dataclass(frozen=True)
class _SectionInfo:
    header: str          # right side of the running header
    footer: str = ""     # left side of the footer
    numbered: bool = True
    running_header: bool = True


class _Section(Flowable):
    """Zero-size marker that opens a section where it is drawn."""

    def __init__(self, info: _SectionInfo) -> None:
        super().__init__()
        self.info = info

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        return 0, 0

    def draw(self) -> None:
        pass


class _Story(list):
    """The story as a list that fills itself from a generator of chunks.

    reportlab consumes the story from the front (``flowables[0]``, ``del flowables[0]``)
    and looks ahead only for keep-with-next chains, which never cross a chunk; so only
    the current chunk (one section) is ever held as flowables.
    """

    def __init__(self, chunks: Iterable[list[Flowable]]) -> None:
        super().__init__()
        self._chunks: Iterator[list[Flowable]] | None = iter(chunks)

    def _fill(self, need: int) -> None:
        while self._chunks is not None and list.__len__(self) < need:
            chunk = next(self._chunks, None)
            if chunk is None:
                self._chunks = None
            else:
                list.extend(self, chunk)

    def __len__(self) -> int:
        self._fill(1)
        return list.__len__(self)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, int) and index >= 0:
            self._fill(index + 1)
        return list.__getitem__(self, index)

    def __bool__(self) -> bool:
        return len(self) > 0


class _SheetDoc(BaseDocTemplate):
    def __init__(self, out, *, pagesize, labels: SheetLabels, styles: st.Styles, data: SheetData,
                 invariant: bool, first_template: str) -> None:
        self.labels = labels
        self.styles = styles
        self.data = data
        self._section: _SectionInfo | None = None
        self._section_start = 1
        self._section_serial = 0
        self._page_forms: list[tuple[str, int, int]] = []  # form name, section serial, page in section
        self._section_pages: dict[int, int] = {}
        event = data.event
        title = " – ".join(p for p in (st.prepare(event.title), labels.format_date(event.event_date)) if p)
        super().__init__(out, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author="GD:B Facilitator", creator="GD:B Facilitator",
                         invariant=1 if invariant else 0)
        width, height = pagesize
        body = Frame(MARGIN_X, MARGIN_BOTTOM, width - 2 * MARGIN_X, height - MARGIN_TOP - MARGIN_BOTTOM,
                     id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        tent_size = landscape(pagesize)
        tent = Frame(0, 0, tent_size[0], tent_size[1], id="tent", leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)
        templates = {
            "page": PageTemplate("page", [body], onPageEnd=self._page_end, pagesize=pagesize),
            "tent": PageTemplate("tent", [tent], onPageEnd=self._page_end, pagesize=tent_size),
        }
        order = [first_template] + [t for t in templates if t != first_template]
        self.addPageTemplates([templates[t] for t in order])
        self._doSave = 0  # the page-number forms are defined after the last page, then saved

    @property
    def body_width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN_X

    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab's hook name)
        if isinstance(flowable, _Section):
            self._section = flowable.info
            self._section_start = self.page
            self._section_serial += 1

    def _page_end(self, canvas, doc) -> None:
        info = self._section
        if info is None:
            return
        page_in_section = self.page - self._section_start + 1
        self._section_pages[self._section_serial] = page_in_section
        if not info.running_header:
            return
        width, height = canvas._pagesize
        left, right = MARGIN_X, width - MARGIN_X
        s = self.styles
        event = self.data.event
        canvas.saveState()
        y = height - 13 * mm
        header = info.header
        continued = page_in_section > 1
        if continued:
            header = f"{header} · {self.labels.continued}"
        header_font = st.BOLD if continued else st.REGULAR
        # the section (which table, which list) matters more than the event title: it gets
        # the room it needs, up to half the line, and the title takes the rest
        header_w = min(st.text_width(header, header_font, 8.5), (right - left) * 0.5)
        canvas.setFillColor(s.accent_text if continued else st.MUTED)
        st.draw_text(canvas, right, y, header, font=header_font, size=8.5, width=header_w, align="right")
        date_text = self.labels.format_date(event.event_date)
        date_text = f" · {date_text}" if date_text else ""
        date_w = st.text_width(date_text, st.REGULAR, 8.5)
        canvas.setFillColor(st.INK)
        used = st.draw_text(canvas, left, y, event.title, font=st.BOLD, size=8.5,
                            width=max(20 * mm, right - left - header_w - date_w - 8 * mm))
        if date_text:
            canvas.setFillColor(st.MUTED)
            st.draw_text(canvas, left + used, y, date_text, size=8.5)
        canvas.setStrokeColor(s.accent)
        canvas.setLineWidth(1.4)
        canvas.line(left, height - 15.5 * mm, right, height - 15.5 * mm)
        # footer
        y = 11 * mm
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, 14.5 * mm, right, 14.5 * mm)
        canvas.setFillColor(st.MUTED)
        if info.footer:
            st.draw_text(canvas, left, y, info.footer, size=8, width=right - left - 32 * mm)
        if info.numbered:
            name = f"pageno{self.page}"
            self._page_forms.append((name, self._section_serial, page_in_section))
            canvas.saveState()
            canvas.translate(right, y)
            canvas.doForm(name)
            canvas.restoreState()
        canvas.restoreState()

    def finish(self) -> None:
        canvas = self.canv
        for name, serial, page in self._page_forms:
            text = fill(self.labels.page_of, page=page, pages=self._section_pages.get(serial, page))
            canvas.beginForm(name, lowerx=-120 * mm, lowery=-3 * mm, upperx=1, uppery=5 * mm)
            canvas.setFillColor(st.MUTED)
            st.draw_text(canvas, 0, 0, text, size=8, align="right")
            canvas.endForm()
        canvas.save()


# -- small flowables -----------------------------------------------------------------------

class _Box(Flowable):
    """A tick box for the paper check-in, ticked when the app already has the arrival."""

    def __init__(self, size: float, ticked: bool, colour: colors.Color) -> None:
        super().__init__()
        self.size = size
        self.ticked = ticked
        self.colour = colour

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(st.INK)
        c.setLineWidth(0.8)
        c.rect(0, 0, self.size, self.size, stroke=1, fill=0)
        if self.ticked:
            c.setStrokeColor(self.colour)
            c.setLineWidth(1.4)
            s = self.size
            path = c.beginPath()
            path.moveTo(s * 0.2, s * 0.5)
            path.lineTo(s * 0.42, s * 0.25)
            path.lineTo(s * 0.82, s * 0.8)
            c.drawPath(path, stroke=1, fill=0)


class _WritingArea(Flowable):
    """The handwritten part of the worksheet, sized to whatever height the page leaves.

    Lines are spaced between 7 and 9.5 mm, so the same sheet fits A4 and Letter on one page.
    """

    def __init__(self, labels: SheetLabels, styles: st.Styles) -> None:
        super().__init__()
        self.labels = labels
        self.styles = styles
        self._gap = 8 * mm

    # (caption, hint, lines) blocks; ideas are drawn as three blocks with two fields each
    def _units(self) -> float:
        # box heights (lines + caption) and the four gaps between the five boxes
        return (3 + 1.6) + (5 + 1.6) + 3 * (3 + 1.6) + 4 * 0.45

    def wrap(self, availWidth, availHeight):  # noqa: N803
        # shrink the line spacing before giving up the page; below 5 mm nobody can write
        self._gap = max(5 * mm, min(9.5 * mm, availHeight / self._units()))
        self._width = availWidth
        self._height = self._gap * self._units()
        return self._width, self._height

    def draw(self) -> None:
        c = self.canv
        s = self.styles
        labels = self.labels
        gap = self._gap
        width = self._width
        y = self._height
        spacing = gap * 0.45
        pad = 4 * mm

        def caption(top: float, text: str, hint: str = "") -> None:
            c.setFillColor(s.accent_text)
            used = st.draw_text(c, pad, top - gap * 0.8, text, font=st.BOLD, size=10)
            if hint:
                c.setFillColor(st.MUTED)
                st.draw_text(c, pad + used + 8, top - gap * 0.8, hint, size=8.5,
                             width=width - 2 * pad - used - 8)

        def rules(top: float, count: int) -> None:
            c.setStrokeColor(st.RULE)
            c.setLineWidth(0.6)
            for i in range(count):
                yy = top - (i + 1) * gap
                c.line(pad, yy, width - pad, yy)

        def box(top: float, height: float) -> None:
            c.setStrokeColor(s.accent)
            c.setLineWidth(0.8)
            c.roundRect(0, top - height, width, height, 3 * mm, stroke=1, fill=0)

        for text, hint, lines in ((labels.problem_statement, labels.worksheet_problem, 3),
                                  (labels.results, labels.worksheet_results, 5)):
            height = gap * (lines + 1.6)
            box(y, height)
            caption(y, text, hint)
            rules(y - gap * 1.05, lines)
            y -= height + spacing
        half = (width - 2 * pad - 6 * mm) / 2
        for number in (1, 2, 3):
            height = gap * (3 + 1.6)
            box(y, height)
            caption(y, fill(labels.idea_number, number=number))
            top = y - gap * 1.05
            rules(top, 2)
            row = top - 3 * gap
            c.setFillColor(st.MUTED)
            for i, text in enumerate((labels.owner, labels.next_step)):
                x = pad + i * (half + 6 * mm)
                used = st.draw_text(c, x, row + 1.5 * mm, text + ":", size=8, width=half * 0.5)
                c.setStrokeColor(st.RULE)
                c.line(x + used + 2 * mm, row, x + half, row)
            y -= height + spacing


class _TentPage(Flowable):
    """A whole landscape page: fold along the middle; the upper half is printed upside
    down so the tent reads upright from both sides."""

    def __init__(self, tent: Tent, labels: SheetLabels, styles: st.Styles, event_title: str) -> None:
        super().__init__()
        self.tent = tent
        self.labels = labels
        self.styles = styles
        self.event_title = event_title

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self._size = (availWidth, availHeight)
        # a hair less than the frame, so rounding never pushes it to the next page
        return availWidth, availHeight - 1

    def _paragraph(self, text: str, style, width: float, max_height: float) -> tuple[Paragraph, float] | None:
        """``text`` at the largest of a few sizes that fits ``max_height``; cut short with
        "…" if even the smallest does not. Returns the paragraph and its height."""
        if not text:
            return None
        for size in (style.fontSize, style.fontSize * 0.85, style.fontSize * 0.72, style.fontSize * 0.6):
            variant = st.ParagraphStyle(f"{style.name}-{size:.0f}", parent=style, fontSize=size,
                                        leading=size * 1.2)
            p = Paragraph(st.markup(text, style.fontName), self.styles.for_text(variant, text))
            _w, h = p.wrap(width, max_height)
            if h <= max_height:
                return p, h
        cut = text if len(text) < 90 else text[:89].rstrip() + "…"
        while True:
            p = Paragraph(st.markup(cut, style.fontName), self.styles.for_text(variant, cut))
            _w, h = p.wrap(width, max_height)
            if h <= max_height or len(cut) < 4:
                return p, h
            cut = cut[: len(cut) * 2 // 3].rstrip() + "…"

    def _half(self, width: float, height: float) -> None:
        c = self.canv
        s = self.styles
        tent = self.tent
        # With the venue server on, the table page's QR code stands in the right corner;
        # the text keeps clear of it on both sides, so that it stays centred.
        qr_side = 34 * mm if tent.table_page_url else 0
        inner = width - 40 * mm - 2 * qr_side
        name = self._paragraph(tent.table_name, s.tent_name, inner, 2 * 32)
        topic = self._paragraph(tent.topic, s.tent_topic, inner, 2 * 22)
        blocks_h = (name[1] if name else 0) + (topic[1] + 6 if topic else 0)
        # the face runs from above the foot line (event title, accent bar) to just below
        # the fold; the number takes what the name and topic leave
        bottom, ceiling = 22 * mm, height - 10 * mm
        room = ceiling - bottom
        number_size = max(60.0, min(190.0 if not blocks_h else 150.0, (room - 44 - blocks_h) / 0.73))
        total = 28 + number_size * 0.73 + 16 + blocks_h
        top = bottom + room / 2 + total / 2
        c.setFillColor(s.accent_text)
        label = fill(self.labels.table_number, number="").strip() or self.labels.table_column
        st.draw_text(c, width / 2, top - 11, label.upper(), font=st.BOLD, size=13, align="center")
        y = top - 28 - number_size * 0.73
        c.setFont(st.BOLD, number_size)
        c.setFillColor(s.accent)
        c.drawCentredString(width / 2, y, str(tent.table_number))
        y -= 16
        if name:
            y -= name[1]
            name[0].drawOn(c, 20 * mm + qr_side, y)
        if topic:
            y -= topic[1] + 6
            topic[0].drawOn(c, 20 * mm + qr_side, y)
        c.setFillColor(st.MUTED)
        st.draw_text(c, width / 2, 15 * mm, self.event_title, size=8.5, width=inner, align="center")
        if tent.table_page_url:
            self._table_page(width)
        # accent bar along the foot of each face, where the tent stands; 10 mm in, so
        # that printers which cannot print to the edge keep it
        c.setFillColor(s.accent)
        c.rect(20 * mm, 10 * mm, width - 40 * mm, 1.6 * mm, stroke=0, fill=1)

    def _table_page(self, width: float) -> None:
        """QR code of the table's page, its title above and the typed way below."""
        c = self.canv
        size = 26 * mm
        x = width - 20 * mm - size
        qr = QrFlowable(self.tent.table_page_url, size)
        qr.wrapOn(c, size, size)
        qr.drawOn(c, x, 22 * mm)
        column = size + 22 * mm
        hint = Paragraph(st.markup(self.labels.table_page_typed), st.ParagraphStyle(
            "tent-hint", parent=self.styles.key_note, fontSize=6.5, leading=8))
        _w, hint_h = hint.wrap(column, 30 * mm)
        hint.drawOn(c, x + size / 2 - column / 2, 22 * mm + size + 6 * mm)
        c.setFillColor(st.INK)
        st.draw_text(c, x + size / 2, 22 * mm + size + 7 * mm + hint_h, self.labels.table_page, font=st.BOLD,
                     size=7, width=column + 10 * mm, align="center")
        c.setFillColor(st.MUTED)
        groups = format_code(self.tent.code).split(" ")
        st.draw_text(c, x + size / 2, 18 * mm, " ".join(groups[:4]), font=st.BOLD, size=7, align="center")
        st.draw_text(c, x + size / 2, 15 * mm, " ".join(groups[4:]), font=st.BOLD, size=7, align="center")

    def draw(self) -> None:
        c = self.canv
        width, height = self._size
        half = height / 2
        self._half(width, half)
        c.saveState()
        c.translate(width, height)
        c.rotate(180)
        self._half(width, half)
        c.restoreState()
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.6)
        c.setDash(4, 4)
        c.line(8 * mm, half, width - 8 * mm, half)
        c.setDash()
        c.setFillColor(st.MUTED)
        st.draw_text(c, 10 * mm, half + 1.5 * mm, self.labels.fold_here, size=6.5)


# -- the parts ------------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _paragraphs(text: str, style, styles: st.Styles) -> list[Flowable]:
    """User text as paragraphs: a blank line starts a new one (so long text can break
    between them), a single line break stays a line break."""
    out: list[Flowable] = []
    for part in _PARAGRAPH_BREAK.split(st.clean(text).strip()):
        part = part.strip("\n")
        if part.strip():
            out.append(Paragraph(st.markup(part, style.fontName), styles.for_text(style, part)))
    return out


_SHORT = 400


def _short(text: str | None, limit: int = _SHORT) -> str:
    """A value for a table cell or title, cut visibly: a cell cannot flow onto the next
    page, so a runaway value would stop the whole print run (the model caps too; this
    holds for SheetData built elsewhere)."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _p(text: str, style, styles: st.Styles, base: str | None = None) -> Paragraph:
    text = _short(text)
    return Paragraph(st.markup(text, base or style.fontName, style.fontName), styles.for_text(style, text))


class _Builder:
    def __init__(self, data: SheetData, labels: SheetLabels, styles: st.Styles, body_width: float) -> None:
        self.data = data
        self.labels = labels
        self.s = styles
        self.width = body_width

    # team sheets ---------------------------------------------------------------------------
    def _team_header(self, team: TeamSheet, title: str) -> str:
        parts = [fill(self.labels.table_number, number=team.table_number)]
        if team.round_number is not None:
            parts.append(fill(self.labels.round_number, number=team.round_number))
        return f"{title} · " + " · ".join(parts)

    def _footer(self, team: TeamSheet) -> str:
        text = f"{self.labels.team_code} {format_code(team.code)}"
        when = self.labels.format_date(self.data.event.follow_up_date)
        if when:
            text += f" · {self.labels.follow_up_key} {fill(self.labels.follow_up_on, date=when)}"
        return text

    def _key_card(self, team: TeamSheet) -> Table:
        s = self.s
        labels = self.labels
        inner = KEY_CARD_WIDTH - 6 * mm
        groups = format_code(team.code).split(" ")
        lines = [" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
        size = 10.5
        while size > 7 and max(pdfmetrics.stringWidth(line, st.BOLD, size) for line in lines) > inner:
            size -= 0.5
        code_style = st.ParagraphStyle("code-fit", parent=s.code, fontSize=size, leading=size * 1.3)
        rows: list[list[Flowable]] = [[_p(labels.follow_up_key, s.key_title, s)],
                                      [QrFlowable(team.qr_payload, QR_SIZE)]]
        rows.append([Paragraph("<br/>".join(st.markup(line, st.BOLD) for line in lines), code_style)])
        when = self.labels.format_date(self.data.event.follow_up_date)
        if when:
            rows.append([_p(fill(labels.follow_up_on, date=when), s.key_note, s)])
        card = Table(rows, colWidths=[KEY_CARD_WIDTH])
        card.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), s.accent_tint),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 3 * mm),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
            ("ROUNDEDCORNERS", [3 * mm] * 4),
        ]))
        return card

    def _title_block(self, team: TeamSheet, document_title: str, with_topic_line: bool = False,
                     note: str = "") -> Table:
        s = self.s
        labels = self.labels
        overline = document_title.upper()
        if team.round_number is not None:
            overline += " · " + fill(labels.round_number, number=team.round_number).upper()
            if team.round_title:
                overline += ": " + team.round_title
        left: list[Flowable] = [_p(overline, s.overline, s),
                                Spacer(0, 3),
                                _p(fill(labels.table_number, number=team.table_number), s.title, s)]
        if team.table_name:
            left.append(_p(team.table_name, s.subtitle, s))
        if team.topic:
            left.append(_p(f"{labels.topic}: {team.topic}" if not team.table_name else team.topic,
                           s.topic, s))
        elif with_topic_line:
            left.append(_Rule(labels.topic + ":", s))
        if note:
            # beside the key card, which it explains
            left += [Spacer(0, 5 * mm), _p(note, s.small_muted, s)]
        block = Table([[left, self._key_card(team)]],
                      colWidths=[self.width - KEY_CARD_WIDTH - 6 * mm, KEY_CARD_WIDTH + 6 * mm])
        block.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 6 * mm),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("LEFTPADDING", (1, 0), (1, -1), 6 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return block

    def _heading(self, text: str) -> Paragraph:
        p = _p(text, self.s.h2, self.s, st.BOLD)
        p.keepWithNext = 1
        return p

    def result_sheet(self, team: TeamSheet) -> list[Flowable]:
        s = self.s
        labels = self.labels
        story: list[Flowable] = [
            _Section(_SectionInfo(self._team_header(team, labels.results_title), self._footer(team))),
            self._title_block(team, labels.results_title, note=labels.keep_sheet),
            Spacer(0, 4 * mm),
        ]
        if team.problem_statement.strip():
            story.append(self._heading(labels.problem_statement))
            story += _paragraphs(team.problem_statement, s.body, s)
        story.append(self._heading(labels.team))
        if team.members:
            story.append(self._members(team))
        elif team.member_count:
            story.append(_p(fill(labels.team_count, count=team.member_count), s.muted, s))
        else:
            story.append(_p("–", s.muted, s))
        story.append(self._heading(labels.results))
        body = _paragraphs(team.results, s.body, s)
        story += body or [_p(labels.no_results, s.muted, s)]
        if team.ideas:
            for number, idea in enumerate(team.ideas, start=1):
                # KeepTogether still splits an idea taller than a page. The heading goes
                # inside the first one: reportlab's keep-with-next skips KeepTogether.
                head = [self._heading(labels.ideas)] if number == 1 else []
                story.append(KeepTogether(head + self._idea(number, idea)))
        return story

    def scans(self, team: TeamSheet) -> list[Flowable]:
        """The team's scanned worksheets after its result sheet, one page each."""
        out: list[Flowable] = []
        for number, data in enumerate(team.scans, start=1):
            caption = _p(fill(self.labels.scan_caption, page=number, pages=len(team.scans)), self.s.small_muted, self.s)
            out += [PageBreak(), caption, Spacer(0, 2 * mm), ScanImage(data, reserve=12 * mm)]
        return out

    def _members(self, team: TeamSheet) -> Table:
        s = self.s
        full = any(m.last_name or m.organisation for m in team.members)
        columns = 2 if full else 3
        cells = []
        for m in team.members:
            text = st.markup(_short(m.name), st.BOLD, st.REGULAR)
            if m.organisation:
                text += '<br/><font size="8.5" color="#5F6368">' + st.markup(_short(m.organisation)) + "</font>"
            cells.append(Paragraph(text, s.for_text(s.cell, m.name + m.organisation)))
        rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        rows[-1] += [""] * (columns - len(rows[-1]))
        table = Table(rows, colWidths=[self.width / columns] * columns)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        return table

    def _idea(self, number: int, idea) -> list[Flowable]:
        s = self.s
        labels = self.labels
        title = idea.title or fill(labels.idea_number, number=number)
        # our own validated colour, never user text, goes into the colour attribute
        colour = "#" + s.accent_text.hexval()[2:]
        head = Paragraph(f'<font color="{colour}">{number}</font>&nbsp;&nbsp;{st.markup(title, st.BOLD)}',
                         s.for_text(s.idea_title, title))
        head.keepWithNext = 1
        out: list[Flowable] = [head]
        out += _paragraphs(idea.description, s.idea_body, s)
        for caption, value in ((labels.owner, idea.owner), (labels.next_step, idea.next_step)):
            if value.strip():
                text = st.markup(caption + ":", st.BOLD, st.REGULAR) + " " + st.markup(st.clean(value).strip())
                out.append(Paragraph(text, s.for_text(s.idea_meta, value)))
        return out

    def worksheet(self, team: TeamSheet) -> list[Flowable]:
        s = self.s
        labels = self.labels
        out: list[Flowable] = [
            _Section(_SectionInfo(self._team_header(team, labels.worksheet_title), self._footer(team))),
            self._title_block(team, labels.worksheet_title, with_topic_line=True, note=labels.worksheet_hint),
            Spacer(0, 4 * mm),
        ]
        if team.table_page_url:
            out += [self._table_page_strip(team), Spacer(0, 3 * mm)]
        out.append(_WritingArea(labels, s))
        return out

    def _table_page_strip(self, team: TeamSheet) -> Flowable:
        """The table's page on the venue server: QR code, and the way to type it."""
        s = self.s
        labels = self.labels
        text = [_p(labels.table_page, s.key_title, s),
                _p(labels.table_page_typed, s.key_note, s),
                Paragraph(st.markup(format_code(team.code), st.BOLD), s.code)]
        table = Table([[QrFlowable(team.table_page_url, 22 * mm), text]], colWidths=[24 * mm, None])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return table

    # print pack --------------------------------------------------------------------------
    def tent(self, tent: Tent) -> list[Flowable]:
        return [_Section(_SectionInfo("", numbered=False, running_header=False)),
                _TentPage(tent, self.labels, self.s, self.data.event.title)]

    def _list_title(self, title: str, hint: str = "") -> list[Flowable]:
        out: list[Flowable] = [_p(title, self.s.h1, self.s, st.BOLD)]
        if hint:
            out += [_p(hint, self.s.muted, self.s), Spacer(0, 4 * mm)]
        return out

    def _table_style(self, header_rows: int = 1, zebra: bool = True) -> list[tuple]:
        style = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 1, self.s.accent),
        ]
        if zebra:
            style.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, st.ZEBRA]))
        return style

    def seating_round(self, seating: SeatingRound) -> list[Flowable]:
        s = self.s
        labels = self.labels
        title = (fill(labels.seating_round, number=seating.round_number)
                 if seating.round_number is not None else labels.seating_title)
        if seating.round_title:
            title += f": {seating.round_title}"
        story: list[Flowable] = [_Section(_SectionInfo(title)), *self._list_title(title)]
        widths = [self.width * 0.42, self.width * 0.36, self.width * 0.22]
        for table in seating.tables:
            head = fill(labels.table_number, number=table.table_number)
            if table.table_name:
                head += f" · {table.table_name}"
            count = Paragraph(st.markup(fill(labels.people_count, count=len(table.people)), st.BOLD),
                              st.ParagraphStyle("count", parent=s.cell_head, alignment=st.TA_RIGHT))
            rows: list[list] = [[_p(head, s.cell_bold, s), "", count]]
            if table.topic:
                rows.append([_p(table.topic, s.cell, s), "", ""])
            for person in table.people:
                rows.append([_p(person.sort_name, s.cell_bold, s), _p(person.organisation, s.cell, s),
                             _p(_short(person.sector, 80), s.cell, s)])
            topic_rows = 2 if table.topic else 1
            t = Table(rows, colWidths=widths, repeatRows=topic_rows)
            style = self._table_style(topic_rows)
            style += [("BACKGROUND", (0, 0), (-1, topic_rows - 1), s.accent_tint),
                      ("SPAN", (0, 0), (1, 0)), ("ALIGN", (2, 0), (2, 0), "RIGHT")]
            if table.topic:
                style.append(("SPAN", (0, 1), (-1, 1)))
            t.setStyle(TableStyle(style))
            story += [KeepTogether([t]), Spacer(0, 5 * mm)]
        if not seating.tables:
            story.append(_p(labels.no_entries, s.muted, s))
        return story

    def roster(self, rows: tuple[RosterRow, ...], round_numbers: tuple[int, ...]) -> Iterator[list[Flowable]]:
        s = self.s
        labels = self.labels
        yield [_Section(_SectionInfo(labels.roster_title)), *self._list_title(labels.roster_title, labels.roster_hint)]
        if not rows:
            yield [_p(labels.no_entries, s.muted, s)]
            return
        seat_w = 13 * mm if len(round_numbers) > 1 else 18 * mm
        seats_w = seat_w * max(1, len(round_numbers))
        widths = [(self.width - seats_w) * 0.55, (self.width - seats_w) * 0.45] + [seat_w] * max(1, len(round_numbers))
        if len(round_numbers) > 1:
            seat_heads = [fill(labels.round_short, number=n) for n in round_numbers]
        else:
            seat_heads = [labels.table_column]
        header = [_p(labels.name, s.cell_head, s), _p(labels.organisation, s.cell_head, s)] + [
            Paragraph(st.markup(h, st.BOLD), st.ParagraphStyle("c", parent=s.cell_head, alignment=st.TA_CENTER))
            for h in seat_heads]
        yield from self._grouped_table(
            rows, lambda r: r.person,
            lambda r: [_p(r.person.sort_name, s.cell_bold, s), _p(r.person.organisation, s.cell, s)]
            + [Paragraph(str(n) if n is not None else labels.not_seated, s.cell_big) for n in (r.tables or (None,))],
            header, widths)

    def checkin(self, rows: tuple[CheckinRow, ...]) -> Iterator[list[Flowable]]:
        s = self.s
        labels = self.labels
        yield [_Section(_SectionInfo(labels.checkin_title)), *self._list_title(labels.checkin_title, labels.checkin_hint)]
        if not rows:
            yield [_p(labels.no_entries, s.muted, s)]
            return
        widths = [11 * mm, (self.width - 11 * mm) * 0.4, (self.width - 11 * mm) * 0.38, (self.width - 11 * mm) * 0.22]
        header = [_p(labels.present, s.cell_head, s), _p(labels.name, s.cell_head, s),
                  _p(labels.organisation, s.cell_head, s), _p(labels.sector, s.cell_head, s)]
        yield from self._grouped_table(
            rows, lambda r: r.person,
            lambda r: [_Box(4.2 * mm, r.arrived, s.accent_text), _p(r.person.sort_name, s.cell_bold, s),
                       _p(r.person.organisation, s.cell, s), _p(_short(r.person.sector, 80), s.cell, s)],
            header, widths, name_column=1)

    def _grouped_table(self, rows, person_of, cells_of, header, widths, name_column: int = 0
                       ) -> Iterator[list[Flowable]]:
        """Long alphabetical lists as one table per initial letter, the letter standing in
        the name column of the table's head row (repeated when a group runs onto the next
        page). Small tables also keep reportlab's splitting linear: a single table of 2,000
        rows would be measured again on every page."""
        s = self.s
        groups: list[tuple[str, list]] = []
        for row in rows:
            person = person_of(row)
            initial = (sort_key(person.last_name, person.first_name)[0][:1] or "#").upper()
            if not initial.isalpha():
                initial = "#"
            if not groups or groups[-1][0] != initial:
                groups.append((initial, []))
            groups[-1][1].append(row)
        for initial, members in groups:
            for start in range(0, len(members), 60):
                chunk = members[start:start + 60]
                head = list(header)
                letter = initial if start == 0 else f"{initial}  ({self.labels.continued})"
                head[name_column] = Paragraph(st.markup(letter, st.BOLD), s.letter)
                table = Table([head] + [cells_of(r) for r in chunk], colWidths=widths, repeatRows=1)
                style = self._table_style()
                style += [("ALIGN", (len(widths) - 1, 0), (-1, -1), "CENTER"),
                          ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                          ("TOPPADDING", (0, 0), (-1, 0), 8)]
                table.setStyle(TableStyle(style))
                yield [CondPageBreak(25 * mm), table, Spacer(0, 3 * mm)]

    def agenda(self, rows: tuple[AgendaRow, ...]) -> list[Flowable]:
        s = self.s
        labels = self.labels
        story: list[Flowable] = [_Section(_SectionInfo(labels.agenda_title)), *self._list_title(labels.agenda_title)]
        if not rows:
            return story + [_p(labels.no_entries, s.muted, s)]
        widths = [20 * mm, 22 * mm, self.width - 72 * mm, 30 * mm]
        data: list[list] = [[_p(labels.time, s.cell_head, s), _p(labels.duration, s.cell_head, s),
                             _p(labels.agenda_item, s.cell_head, s), _p(labels.agenda_kind, s.cell_head, s)]]
        for row in rows:
            item = st.markup(_short(row.title), st.BOLD, st.REGULAR)
            notes = st.clean(row.notes).strip()
            if notes:
                cut = notes if len(notes) <= 600 else notes[:599] + "…"
                item += '<br/><font size="8.5" color="#5F6368">' + st.markup(cut) + "</font>"
            data.append([_p(_short(row.planned_start, 8), s.cell_bold, s),
                         _p(fill(labels.minutes, minutes=row.duration_minutes) if row.duration_minutes else "",
                            s.cell, s),
                         Paragraph(item, s.for_text(s.cell, row.title + notes)),
                         _p(labels.agenda_kind_name(row.kind), s.cell, s)])
        table = Table(data, colWidths=widths, repeatRows=1)
        style = self._table_style()
        style.append(("VALIGN", (0, 1), (-1, -1), "TOP"))
        table.setStyle(TableStyle(style))
        return story + [table]


class _Rule(Flowable):
    """A caption with a line to write on, for a worksheet whose topic is not known yet."""

    def __init__(self, caption: str, styles: st.Styles) -> None:
        super().__init__()
        self.caption = caption
        self.styles = styles

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self._w = availWidth
        return availWidth, 12 * mm

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(st.INK)
        used = st.draw_text(c, 0, 2 * mm, self.caption, font=st.BOLD, size=12.5)
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.6)
        c.line(used + 3 * mm, 1.5 * mm, self._w, 1.5 * mm)


# -- entry points ---------------------------------------------------------------------------

def _chunks(builder: _Builder, data: SheetData) -> Iterator[list[Flowable]]:
    """The story, one section (or one slice of a long list) at a time, with a page break
    (and the right page template) between sections."""
    first = True
    current = None

    def opening(template: str) -> list[Flowable]:
        nonlocal first, current
        out: list[Flowable] = []
        # the first section needs neither: the document starts on its template (_first_template)
        if not first:
            if template != current:
                out.append(NextPageTemplate(template))
            out.append(PageBreak())
        first = False
        current = template
        return out

    for part in data.parts:
        if part == "tents":
            if not data.tents:
                yield opening("page") + [_Section(_SectionInfo(builder.labels.tents_title)),
                                         *builder._list_title(builder.labels.tents_title),
                                         _p(builder.labels.no_entries, builder.s.muted, builder.s)]
            for tent in data.tents:
                yield opening("tent") + builder.tent(tent)
        elif part == "results":
            if not data.teams:
                yield opening("page") + [_Section(_SectionInfo(builder.labels.results_title)),
                                         _p(builder.labels.no_entries, builder.s.muted, builder.s)]
            for team in data.teams:
                yield opening("page") + builder.result_sheet(team) + builder.scans(team)
        elif part == "blank":
            if not data.worksheets:
                yield opening("page") + [_Section(_SectionInfo(builder.labels.worksheet_title)),
                                         _p(builder.labels.no_entries, builder.s.muted, builder.s)]
            for team in data.worksheets:
                yield opening("page") + builder.worksheet(team)
        elif part == "seating":
            if not data.seating:
                yield opening("page") + [_Section(_SectionInfo(builder.labels.seating_title)),
                                         *builder._list_title(builder.labels.seating_title),
                                         _p(builder.labels.no_entries, builder.s.muted, builder.s)]
            for seating in data.seating:
                yield opening("page") + builder.seating_round(seating)
        elif part == "roster":
            pieces = builder.roster(data.roster, data.roster_rounds)
            yield opening("page") + next(pieces)
            yield from pieces
        elif part == "checkin":
            pieces = builder.checkin(data.checkin)
            yield opening("page") + next(pieces)
            yield from pieces
        elif part == "agenda":
            yield opening("page") + builder.agenda(data.agenda)


def _first_template(data: SheetData) -> str:
    for part in data.parts:
        if part == "tents":
            if data.tents:
                return "tent"
            continue
        return "page"
    return "page"


def _pagesize(pagesize) -> tuple[float, float]:
    if isinstance(pagesize, str):
        try:
            return PAGESIZES[pagesize.strip().upper()]
        except KeyError:
            raise ValueError(f"pagesize must be one of {', '.join(PAGESIZES)}, not {pagesize!r}") from None
    width, height = pagesize
    return float(width), float(height)


def render_pdf(data: SheetData, labels: SheetLabels | None, out: Out, *, pagesize="A4",
               invariant: bool = False) -> None:
    """Write the sheets of ``data`` as one PDF to ``out`` (a path or a binary stream).

    ``pagesize`` is "A4" or "Letter" (or a (width, height) tuple in points).
    ``invariant`` gives byte-identical output for identical input (fixed dates and id).
    """
    labels = labels or SheetLabels.german()
    styles = st.make_styles(data.event.colour)
    size = _pagesize(pagesize)
    target = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
    doc = _SheetDoc(target, pagesize=size, labels=labels, styles=styles, data=data,
                    invariant=invariant, first_template=_first_template(data))
    builder = _Builder(data, labels, styles, doc.body_width)
    story = _Story(_chunks(builder, data))
    # Nothing to print still makes a valid one-page PDF rather than an error.
    doc.build(story)
    doc.finish()


def write_sheets(ef, out_path: str | os.PathLike[str], *, kind: str = "all", round_number: int | None = None,
                 labels: SheetLabels | None = None, pagesize="A4", invariant: bool = False,
                 venue_url: str = "", table_number: int | None = None, include_scans: bool = False) -> Path:
    """Build the data for ``kind`` and write the PDF to ``out_path``.

    The PDF is written to a temporary file beside the target and moved over it only when
    complete, so a crash or a full disk never leaves half a PDF under the target's name.
    """
    from gdb_facilitator.core.sheets.model import build_sheet_data

    data = build_sheet_data(ef, kind=kind, round_number=round_number, venue_url=venue_url,
                            table_number=table_number, include_scans=include_scans)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            render_pdf(data, labels, fh, pagesize=pagesize, invariant=invariant)

    return write_atomically(out_path, write)
