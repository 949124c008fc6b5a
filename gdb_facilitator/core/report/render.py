"""Lay out the documentation report and the check-in invitations as PDF.

Both reuse the sheets' typography (:mod:`gdb_facilitator.core.sheets.styles`: bundled fonts,
escaping and font fallback for every user string, the event colour only through
``accent_colour``) and its vector QR code, so everything printed for one event looks like
one family. Page totals ("Seite 3 von 24") are drawn when the canvas is saved, once the
number of pages is known.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Union

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from gdb_facilitator.core.db.models import IdeaStatus
from gdb_facilitator.core.report.labels import InvitationLabels, ReportLabels
from gdb_facilitator.core.report.model import (
    Invitation,
    InvitationData,
    ReportData,
    ReportEvent,
    ReportTable,
    ReportTeam,
    build_invitations,
    build_report_data,
)
from gdb_facilitator.core.services.codes import format_code
from gdb_facilitator.core.services.follow_up import STATUS_ORDER, StatusCounts
from gdb_facilitator.core.sheets import styles as st
from gdb_facilitator.core.sheets.styles import Paragraph
from gdb_facilitator.core.sheets.labels import fill
from gdb_facilitator.core.sheets.qr import QrFlowable
from gdb_facilitator.core.sheets.scanpage import ScanImage
from gdb_facilitator.core.files import write_atomically

log = logging.getLogger(__name__)

Out = Union[str, "os.PathLike[str]", IO[bytes]]
PAGESIZES = {"A4": A4, "LETTER": LETTER}
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 19 * mm

# Okabe-Ito colours (apart for the colour-blind), fixed here, never from user text.
STATUS_COLOURS: dict[IdeaStatus, str] = {
    IdeaStatus.DONE: "#009E73",
    IdeaStatus.IN_PROGRESS: "#0072B2",
    IdeaStatus.NOT_STARTED: "#E69F00",
    IdeaStatus.DROPPED: "#6B6B6B",
    IdeaStatus.OPEN: "#C8CCD0",
}
_MAX_CELL = 400


def _short(text: str | None, limit: int = _MAX_CELL) -> str:
    # A table cell cannot flow onto the next page: a runaway value is cut visibly.
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _p(text: str | None, style, styles: st.Styles, base: str | None = None) -> Paragraph:
    text = _short(text)
    return Paragraph(st.markup(text, base or style.fontName, style.fontName), styles.for_text(style, text))


def _paragraphs(text: str | None, style, styles: st.Styles) -> list[Flowable]:
    """User text, a blank line starting a new paragraph (so long text breaks between them)."""
    out: list[Flowable] = []
    for part in st.clean(text).strip().split("\n\n"):
        part = part.strip("\n")
        if part.strip():
            out.append(Paragraph(st.markup(part, style.fontName), styles.for_text(style, part)))
    return out


def _pagesize(pagesize) -> tuple[float, float]:
    if isinstance(pagesize, str):
        try:
            return PAGESIZES[pagesize.strip().upper()]
        except KeyError:
            raise ValueError(f"pagesize must be one of {', '.join(PAGESIZES)}, not {pagesize!r}") from None
    width, height = pagesize
    return float(width), float(height)


def _canvas_with_totals(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that keeps each page until the end, then draws ``footer(canvas, page, pages)``
    on every page: the total is only known after the last one."""

    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _Canvas


def _atomic_pdf(out_path: str | os.PathLike[str], render: Callable[[IO[bytes]], None]) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            render(fh)

    return write_atomically(out_path, write)


# -- small flowables ------------------------------------------------------------------------


class _SectorChart(Flowable):
    """Horizontal bars, one per sector in the sector's colour, drawn as reportlab graphics;
    the labels go through the sheets' text drawing (font fallback for any name)."""

    BAR = 6.5 * mm
    GAP = 3 * mm

    def __init__(self, rows: list[tuple[str, str, int]], width: float) -> None:
        super().__init__()
        self.rows = rows
        self.width = width
        self.label_w = min(width * 0.34, max((st.text_width(r[0], st.REGULAR, 9.5) for r in rows), default=0)
                           + 4 * mm)
        self.height = len(rows) * (self.BAR + self.GAP) + 2 * mm

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        top = max((r[2] for r in self.rows), default=0) or 1
        value_w = 14 * mm
        bar_x = self.label_w
        span = self.width - bar_x - value_w
        drawing = Drawing(self.width, self.height)
        drawing.add(Line(bar_x, 0, bar_x, self.height, strokeColor=st.RULE, strokeWidth=0.6))
        for i, (_label, colour, count) in enumerate(self.rows):
            y = self.height - (i + 1) * (self.BAR + self.GAP)
            fill_colour = st.accent_colour(colour)  # a validated #RRGGBB or the default
            drawing.add(Rect(bar_x, y, max(0.8, span * count / top), self.BAR, fillColor=fill_colour,
                             strokeColor=None))
        renderPDF.draw(drawing, c, 0, 0)
        for i, (label, _colour, count) in enumerate(self.rows):
            y = self.height - (i + 1) * (self.BAR + self.GAP) + self.BAR / 2 - 3.3
            c.setFillColor(st.INK)
            st.draw_text(c, self.label_w - 3 * mm, y, label, size=9.5, width=self.label_w - 4 * mm,
                         align="right")
            c.setFont(st.BOLD, 9.5)
            c.drawString(bar_x + max(0.8, span * count / top) + 2 * mm, y, str(count))


class _StatusBar(Flowable):
    """One bar across the width, split by the share of each status."""

    def __init__(self, counts: StatusCounts, width: float, height: float = 7 * mm) -> None:
        super().__init__()
        self.counts = counts
        self.width = width
        self.height = height

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        total = self.counts.total
        drawing = Drawing(self.width, self.height)
        x = 0.0
        for status, n in self.counts.counts:
            if not n:
                continue
            w = self.width * n / total
            drawing.add(Rect(x, 0, w, self.height, fillColor=colors.HexColor(STATUS_COLOURS[status]),
                             strokeColor=colors.white, strokeWidth=0.8))
            x += w
        if not total:
            drawing.add(Rect(0, 0, self.width, self.height, fillColor=st.ZEBRA, strokeColor=None))
        renderPDF.draw(drawing, self.canv, 0, 0)


class _TickBoxes(Flowable):
    """Empty boxes with the status words, and a line to write on, for preparing the check-in."""

    def __init__(self, words: list[str], indent: float) -> None:
        super().__init__()
        self.words = words
        self.indent = indent

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self._width = availWidth
        return availWidth, 12 * mm

    def draw(self) -> None:
        c = self.canv
        box = 3.2 * mm
        x = self.indent
        y = 8 * mm
        for word in self.words:
            c.setStrokeColor(st.INK)
            c.setLineWidth(0.7)
            c.rect(x, y, box, box, stroke=1, fill=0)
            c.setFillColor(st.INK)
            x += box + 1.6 * mm
            x += st.draw_text(c, x, y + 0.6 * mm, word, size=8.5) + 6 * mm
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.6)
        c.line(self.indent, 1.5 * mm, self._width, 1.5 * mm)


def _dot(status: IdeaStatus) -> str:
    return f'<font color="{STATUS_COLOURS[status]}">●</font>'


# -- the report -----------------------------------------------------------------------------


class _ReportDoc(BaseDocTemplate):
    def __init__(self, out, *, pagesize, data: ReportData, labels: ReportLabels, styles: st.Styles,
                 invariant: bool) -> None:
        self.data = data
        self.labels = labels
        self.styles = styles
        self.section = ""
        event = data.event
        title = " – ".join(p for p in (labels.document_title, st.prepare(event.title),
                                       labels.format_date(event.event_date)) if p)
        super().__init__(out, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author="GD:B Facilitator", creator="GD:B Facilitator",
                         invariant=1 if invariant else 0)
        width, height = pagesize
        body = Frame(MARGIN_X, MARGIN_BOTTOM, width - 2 * MARGIN_X, height - MARGIN_TOP - MARGIN_BOTTOM,
                     id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN_X, MARGIN_BOTTOM, width - 2 * MARGIN_X, height - 30 * mm - MARGIN_BOTTOM,
                      id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover], onPage=self._cover_page),
                               PageTemplate("page", [body], onPageEnd=self._page)])

    @property
    def body_width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN_X

    def afterFlowable(self, flowable) -> None:  # noqa: N802
        section = getattr(flowable, "_report_section", None)
        if section is not None:
            self.section = section

    def _cover_page(self, canvas, doc) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(self.styles.accent)
        canvas.rect(0, height - 12 * mm, width, 12 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def _page(self, canvas, doc) -> None:
        width, height = canvas._pagesize
        left, right = MARGIN_X, width - MARGIN_X
        s = self.styles
        canvas.saveState()
        y = height - 13 * mm
        canvas.setFillColor(st.MUTED)
        section_w = min(st.text_width(self.section, st.REGULAR, 8.5), (right - left) * 0.45)
        st.draw_text(canvas, right, y, self.section, size=8.5, width=section_w, align="right")
        canvas.setFillColor(st.INK)
        st.draw_text(canvas, left, y, self.data.event.title, font=st.BOLD, size=8.5,
                     width=max(20 * mm, right - left - section_w - 8 * mm))
        canvas.setStrokeColor(s.accent)
        canvas.setLineWidth(1.4)
        canvas.line(left, height - 15.5 * mm, right, height - 15.5 * mm)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        width, _height = canvas._pagesize
        left, right = MARGIN_X, width - MARGIN_X
        canvas.saveState()
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, 14.5 * mm, right, 14.5 * mm)
        canvas.setFillColor(st.MUTED)
        event = self.data.event
        text = " · ".join(p for p in (self.labels.document_title, event.title,
                                      self.labels.format_date(event.event_date)) if p)
        st.draw_text(canvas, left, 11 * mm, text, size=8, width=right - left - 35 * mm)
        st.draw_text(canvas, right, 11 * mm, fill(self.labels.page_of, page=page, pages=pages), size=8,
                     align="right")
        canvas.restoreState()


class _Marker(Flowable):
    """Zero-size flowable that names the running header's section from here on."""

    def __init__(self, section: str) -> None:
        super().__init__()
        self._report_section = section

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass


class _ReportBuilder:
    def __init__(self, data: ReportData, labels: ReportLabels, styles: st.Styles, width: float) -> None:
        self.data = data
        self.labels = labels
        self.s = styles
        self.width = width
        self.status_cell = st.ParagraphStyle("status-cell", parent=styles.cell)
        self.num_cell = st.ParagraphStyle("num-cell", parent=styles.cell, alignment=st.TA_RIGHT)
        self.num_head = st.ParagraphStyle("num-head", parent=styles.cell_head, alignment=st.TA_RIGHT)
        # status words break between words only ("nicht / begonnen"), never inside one
        self.status_head = st.ParagraphStyle("status-head", parent=self.num_head, fontSize=7.5,
                                             leading=9.5, splitLongWords=0)
        self.figure = st.ParagraphStyle("figure", parent=styles.title, fontSize=30, leading=34,
                                        textColor=styles.accent_text, alignment=st.TA_CENTER)
        self.figure_label = st.ParagraphStyle("figure-label", parent=styles.small_muted,
                                              alignment=st.TA_CENTER)
        self.cover_title = st.ParagraphStyle("cover-title", parent=styles.title, fontSize=30, leading=36)

    def _h1(self, text: str) -> Paragraph:
        p = _p(text, self.s.h1, self.s, st.BOLD)
        p.keepWithNext = 1
        return p

    def _h2(self, text: str) -> Paragraph:
        p = _p(text, self.s.h2, self.s, st.BOLD)
        p.keepWithNext = 1
        return p

    def _table_style(self, zebra: bool = True) -> list[tuple]:
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ("LINEBELOW", (0, 0), (-1, 0), 1, self.s.accent),
        ]
        if zebra:
            style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, st.ZEBRA]))
        return style

    # cover ------------------------------------------------------------------------------
    def cover(self) -> list[Flowable]:
        s, labels, data = self.s, self.labels, self.data
        event = data.event
        story: list[Flowable] = [_p(labels.document_title.upper(), s.overline, s), Spacer(0, 3 * mm),
                                 _p(event.title, self.cover_title, s)]
        when_where = " · ".join(p for p in (labels.format_date(event.event_date), event.venue) if p)
        if when_where:
            story.append(_p(when_where, s.subtitle, s))
        story += [Spacer(0, 12 * mm), self._h2(labels.figures_title), Spacer(0, 2 * mm)]
        figures = [(data.attended, labels.attended if data.checked_in_basis else labels.registered),
                   (data.table_count, labels.tables), (data.round_count, labels.rounds),
                   (len(data.topics), labels.topics), (data.idea_count, labels.ideas)]
        cells = [[Paragraph(str(n), self.figure) for n, _l in figures],
                 [_p(label, self.figure_label, s) for _n, label in figures]]
        tiles = Table(cells, colWidths=[self.width / len(figures)] * len(figures))
        tiles.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), s.accent_tint),
            ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
            ("TOPPADDING", (0, 0), (-1, 0), 5 * mm), ("BOTTOMPADDING", (0, 0), (-1, 0), 1 * mm),
            ("TOPPADDING", (0, 1), (-1, 1), 0), ("BOTTOMPADDING", (0, 1), (-1, 1), 4 * mm),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        story += [tiles, Spacer(0, 10 * mm), self._h2(labels.by_sector), Spacer(0, 2 * mm)]
        rows = [(x.name or labels.no_sector, x.colour, x.count) for x in data.sectors if x.count or x.name]
        if rows:
            story.append(_SectorChart(rows, self.width))
        else:
            story.append(_p(labels.no_entries, s.muted, s))
        if data.any_reports:
            follow = data.follow_up
            legend = "&nbsp;&nbsp;&nbsp;".join(
                f"{_dot(x)} " + st.markup(labels.status_name(x)) + f" {n}" for x, n in follow.total.counts if n)
            story += [Spacer(0, 8 * mm), self._h2(labels.status_title),
                      _p(fill(labels.status_intro, date=labels.format_date(data.last_report_on),
                              checked=follow.checked_in, total=follow.total.total), s.body, s),
                      Spacer(0, 1 * mm), _StatusBar(follow.total, self.width), Spacer(0, 2 * mm),
                      Paragraph(legend, s.small)]
        notes = []
        if not data.checked_in_basis:
            notes.append(labels.registered_note)
        if event.personal_data_removed_on:
            notes.append(fill(labels.personal_data_removed, date=labels.format_date(event.personal_data_removed_on)))
        notes.append(fill(labels.created_on, date=labels.format_date(data.created_on)))
        story.append(Spacer(0, 8 * mm))
        story += [_p(n, s.small_muted, s) for n in notes]
        return story

    # topics -----------------------------------------------------------------------------
    def topics(self) -> list[Flowable]:
        s, labels = self.s, self.labels
        story: list[Flowable] = [_Marker(labels.topics_title), self._h1(labels.topics_title)]
        if not self.data.topics:
            return story + [_p(labels.no_entries, s.muted, s)]
        rows: list[list] = [[_p(labels.topic, s.cell_head, s), _p(labels.problem_statement, s.cell_head, s),
                             _p(labels.tables, s.cell_head, s)]]
        for t in self.data.topics:
            rows.append([_p(t.title, s.cell_bold, s), _p(t.problem_statement, s.cell, s),
                         _p(", ".join(str(n) for n in t.tables), s.cell, s)])
        table = Table(rows, colWidths=[self.width * 0.32, self.width * 0.53, self.width * 0.15], repeatRows=1)
        table.setStyle(TableStyle(self._table_style()))
        return story + [table]

    # tables -----------------------------------------------------------------------------
    def tables(self) -> list[Flowable]:
        labels = self.labels
        story: list[Flowable] = [_Marker(labels.tables_title), self._h1(labels.tables_title)]
        for number, table in enumerate(self.data.tables):
            story += self._table(table, first=number == 0)
        if not self.data.tables:
            story.append(_p(labels.no_entries, self.s.muted, self.s))
        return story

    def _table(self, table: ReportTable, first: bool) -> list[Flowable]:
        s, labels = self.s, self.labels
        head = fill(labels.table_number, number=table.number)
        if table.name:
            head += f" · {table.name}"
        out: list[Flowable] = [] if first else [CondPageBreak(60 * mm), Spacer(0, 4 * mm)]
        title = Table([[_p(head, s.topic, s, st.BOLD)]], colWidths=[self.width])
        title.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 2, s.accent),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        title.keepWithNext = 1
        out.append(title)
        if not table.teams:
            if table.topic:
                out.append(_p(f"{labels.topic}: {table.topic}", s.muted, s))
            out.append(_p(labels.no_results, s.muted, s))
            return out + self._scans(table)
        several = len(table.teams) > 1
        for team in table.teams:
            out += self._team(team, several)
        out += self._scans(table)
        return out

    def _scans(self, table: ReportTable) -> list[Flowable]:
        out: list[Flowable] = []
        for number, data in enumerate(table.scans, start=1):
            caption = fill(self.labels.table_number, number=table.number) + " · " + fill(
                self.labels.scan_caption, page=number, pages=len(table.scans))
            out += [PageBreak(), _p(caption, self.s.small_muted, self.s), Spacer(0, 2 * mm),
                    ScanImage(data, reserve=12 * mm)]
        return out

    def _team(self, team: ReportTeam, several: bool) -> list[Flowable]:
        s, labels = self.s, self.labels
        out: list[Flowable] = []
        meta = []
        if several:
            meta.append(fill(labels.round_number, number=team.round_number)
                        + (f": {team.round_title}" if team.round_title else ""))
        if team.people:
            meta.append(fill(labels.team_size, count=team.people, sectors=team.sectors))
        if team.topic:
            topic = _p(f"{labels.topic}: {team.topic}", s.topic, s, st.BOLD)
            topic.keepWithNext = 1
            out.append(topic)
        if meta:
            line = _p(" · ".join(meta), s.small_muted, s)
            line.keepWithNext = 1
            out.append(line)
        if team.problem_statement.strip():
            out.append(self._h2(labels.problem_statement))
            out += _paragraphs(team.problem_statement, s.body, s)
        out.append(self._h2(labels.results))
        out += _paragraphs(team.results, s.body, s) or [_p(labels.no_results, s.muted, s)]
        for n, idea in enumerate(team.ideas):
            block: list[Flowable] = [self._h2(labels.ideas_heading)] if n == 0 else []
            colour = "#" + s.accent_text.hexval()[2:]
            title = idea.title or fill(labels.idea_number, number=idea.number)
            head = Paragraph(f'<font color="{colour}">{idea.number}</font>&nbsp;&nbsp;{st.markup(_short(title), st.BOLD)}',
                             s.for_text(s.idea_title, title))
            block.append(head)
            block += _paragraphs(idea.description, s.idea_body, s)
            if idea.next_step.strip():
                block.append(Paragraph(st.markup(labels.next_step + ":", st.BOLD, st.REGULAR) + " "
                                       + st.markup(_short(idea.next_step, 2000)), s.for_text(s.idea_meta, idea.next_step)))
            if self.data.any_reports:
                state = f"{_dot(idea.status)} " + st.markup(labels.status_name(idea.status), st.BOLD, st.REGULAR)
                if idea.status is not IdeaStatus.OPEN:
                    state += f" · {idea.progress} %"
                if idea.last_reported_on:
                    state += " · " + st.markup(labels.format_date(idea.last_reported_on))
                if idea.notes.strip():
                    state += "<br/>" + st.markup(_short(idea.notes, 2000))
                block.append(Paragraph(state, s.for_text(s.idea_meta, idea.notes)))
            out.append(KeepTogether(block))
        return out

    # status after 100 days --------------------------------------------------------------
    def status(self) -> list[Flowable]:
        s, labels, data = self.s, self.labels, self.data
        follow = data.follow_up
        story: list[Flowable] = [_Marker(labels.status_title), self._h1(labels.status_title)]
        when = labels.format_date(data.event.follow_up_date)
        if not data.any_reports:
            return story + [_p(fill(labels.status_none_yet, date=when), s.body, s)]
        story.append(_p(fill(labels.status_intro, date=labels.format_date(data.last_report_on) or when,
                             checked=follow.checked_in, total=follow.total.total), s.body, s))
        story += [Spacer(0, 2 * mm), _StatusBar(follow.total, self.width), Spacer(0, 4 * mm)]
        total = follow.total.total or 1
        rows: list[list] = [[_p(labels.status_column, s.cell_head, s), _p(labels.count_column, self.num_head, s),
                             _p(labels.share_column, self.num_head, s)]]
        for status, n in follow.total.counts:
            rows.append([Paragraph(f"{_dot(status)} " + st.markup(labels.status_name(status)), s.cell),
                         Paragraph(str(n), self.num_cell), Paragraph(f"{round(100 * n / total)} %", self.num_cell)])
        rows.append([_p(labels.total, s.cell_bold, s), Paragraph(str(follow.total.total), self.num_cell), ""])
        table = Table(rows, colWidths=[self.width * 0.5, self.width * 0.2, self.width * 0.2], hAlign="LEFT")
        style = self._table_style()
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, st.INK))
        table.setStyle(TableStyle(style))
        story += [table, Spacer(0, 2 * mm),
                  _p(fill(labels.average_progress, percent=f"{follow.average_progress:g}"), s.small_muted, s)]
        story += self._counts_table(labels.by_table, labels.table_column, follow.by_table)
        story += self._counts_table(labels.by_topic, labels.topic, follow.by_topic)
        story += self._all_ideas()
        return story

    def _counts_table(self, title: str, first_head: str, groups: tuple[StatusCounts, ...]) -> list[Flowable]:
        s, labels = self.s, self.labels
        if not groups:
            return []
        status_w, total_w = 21 * mm, 15 * mm
        first_w = self.width - status_w * len(STATUS_ORDER) - total_w
        head = [_p(first_head, s.cell_head, s)] + [
            Paragraph(f"{_dot(x)}<br/>" + st.markup(labels.status_name(x), st.BOLD), self.status_head)
            for x in STATUS_ORDER] + [_p(labels.total, self.num_head, s)]
        rows: list[list] = [head]
        for g in groups:
            rows.append([_p(g.label or "–", s.cell, s)]
                        + [Paragraph(str(g.get(x)) if g.get(x) else "·", self.num_cell) for x in STATUS_ORDER]
                        + [Paragraph(str(g.total), self.num_cell)])
        table = Table(rows, colWidths=[first_w] + [status_w] * len(STATUS_ORDER) + [total_w], repeatRows=1)
        style = self._table_style()
        style.append(("VALIGN", (0, 0), (-1, 0), "BOTTOM"))
        table.setStyle(TableStyle(style))
        return [CondPageBreak(45 * mm), self._h2(title), table]

    def _all_ideas(self) -> list[Flowable]:
        s, labels = self.s, self.labels
        rows: list[list] = [[_p(labels.table_column, s.cell_head, s), _p(labels.idea_column, s.cell_head, s),
                             _p(labels.status_column, s.cell_head, s), _p(labels.progress_column, self.num_head, s),
                             _p(labels.last_report_column, s.cell_head, s)]]
        for table in self.data.tables:
            for team in table.teams:
                for idea in team.ideas:
                    state = f"{_dot(idea.status)} " + st.markup(labels.status_name(idea.status))
                    report = labels.format_date(idea.last_reported_on)
                    if idea.notes.strip():
                        report = f"{report}: {idea.notes}" if report else idea.notes
                    rows.append([Paragraph(str(table.number), s.cell_bold),
                                 _p(idea.title or "–", s.cell, s), Paragraph(state, s.cell),
                                 Paragraph(f"{idea.progress} %" if idea.status is not IdeaStatus.OPEN else "·",
                                           self.num_cell),
                                 _p(report, s.cell, s)])
        if len(rows) == 1:
            return []
        w = self.width
        fixed = 13 * mm + 34 * mm + 20 * mm
        table = Table(rows, colWidths=[13 * mm, (w - fixed) * 0.52, 34 * mm, 20 * mm, (w - fixed) * 0.48],
                      repeatRows=1)
        table.setStyle(TableStyle(self._table_style()))
        return [CondPageBreak(45 * mm), self._h2(labels.all_ideas), table]

    def story(self) -> list[Flowable]:
        return [*self.cover(), NextPageTemplate("page"), PageBreak(), *self.topics(),
                PageBreak(), *self.tables(), PageBreak(), *self.status()]


def render_report(data: ReportData, labels: ReportLabels | None, out: Out, *, pagesize="A4",
                  invariant: bool = False) -> None:
    """Write the documentation of ``data`` as a PDF to ``out`` (a path or a binary stream)."""
    labels = labels or ReportLabels.german()
    styles = st.make_styles(data.event.colour)
    target = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
    doc = _ReportDoc(target, pagesize=_pagesize(pagesize), data=data, labels=labels, styles=styles,
                     invariant=invariant)
    builder = _ReportBuilder(data, labels, styles, doc.body_width)
    doc.build(builder.story(), canvasmaker=_canvas_with_totals(doc.footer))


def write_report(ef, out_path: str | os.PathLike[str], labels: ReportLabels | None = None, *,
                 pagesize="A4", invariant: bool = False, include_scans: bool = False) -> Path:
    """Build the documentation of the event in ``ef`` and write it to ``out_path`` (replaced
    only when complete); ``include_scans`` adds each table's scanned worksheets after it."""
    data = build_report_data(ef, include_scans=include_scans)
    target = _atomic_pdf(out_path, lambda fh: render_report(data, labels, fh, pagesize=pagesize,
                                                               invariant=invariant))
    log.info("wrote the documentation report to %s", target)
    return target


# -- invitations ----------------------------------------------------------------------------

KEY_CARD_WIDTH = 56 * mm
QR_SIZE = 38 * mm
MAX_IDEAS = 8


class _InviteDoc(BaseDocTemplate):
    def __init__(self, out, *, pagesize, event: ReportEvent, labels: InvitationLabels, styles: st.Styles,
                 invariant: bool) -> None:
        self.event = event
        self.labels = labels
        self.styles = styles
        self.code = ""
        title = " – ".join(p for p in (labels.title, st.prepare(event.title)) if p)
        super().__init__(out, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author="GD:B Facilitator", creator="GD:B Facilitator",
                         invariant=1 if invariant else 0)
        width, height = pagesize
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, width - 2 * MARGIN_X, height - MARGIN_TOP - MARGIN_BOTTOM,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("invite", [frame], onPage=self._page)])

    def afterFlowable(self, flowable) -> None:  # noqa: N802
        code = getattr(flowable, "_invite_code", None)
        if code is not None:
            self.code = code

    def _page(self, canvas, doc) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(self.styles.accent)
        canvas.rect(0, height - 12 * mm, width, 12 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        width, _h = canvas._pagesize
        left, right = MARGIN_X, width - MARGIN_X
        canvas.saveState()
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, 14.5 * mm, right, 14.5 * mm)
        canvas.setFillColor(st.MUTED)
        text = " · ".join(p for p in (self.event.title, self.labels.format_date(self.event.event_date)) if p)
        st.draw_text(canvas, left, 11 * mm, text, size=8, width=right - left - 70 * mm)
        canvas.restoreState()


class _InviteMarker(_Marker):
    def __init__(self, code: str) -> None:
        super().__init__("")
        self._invite_code = code


def _key_card(code: str, payload: str, labels: InvitationLabels, s: st.Styles) -> Table:
    inner = KEY_CARD_WIDTH - 6 * mm
    groups = format_code(code).split(" ")
    lines = [" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
    size = 11.0
    while size > 7 and max(pdfmetrics.stringWidth(line, st.BOLD, size) for line in lines) > inner:
        size -= 0.5
    code_style = st.ParagraphStyle("invite-code", parent=s.code, fontSize=size, leading=size * 1.35)
    rows = [[_p(labels.team_code.upper(), s.key_title, s)], [QrFlowable(payload, QR_SIZE)],
            [Paragraph("<br/>".join(st.markup(line, st.BOLD) for line in lines), code_style)]]
    card = Table(rows, colWidths=[KEY_CARD_WIDTH])
    card.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), s.accent_tint),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), 4 * mm), ("BOTTOMPADDING", (0, -1), (-1, -1), 4 * mm),
        ("ROUNDEDCORNERS", [3 * mm] * 4),
    ]))
    return card


def _invitation(inv: Invitation, event: ReportEvent, labels: InvitationLabels, s: st.Styles, width: float,
                height: float, when: str, where: str) -> list[Flowable]:
    left_w = width - KEY_CARD_WIDTH - 8 * mm
    team = fill(labels.table_number, number=inv.table_number)
    if inv.table_name:
        team += f" · {inv.table_name}"
    if inv.round_number is not None:
        team += " · " + fill(labels.round_number, number=inv.round_number)
    head: list[Flowable] = [_p(labels.overline.upper(), s.overline, s), Spacer(0, 3 * mm),
                            _p(labels.title, s.title, s, st.BOLD), _p(event.title, s.subtitle, s)]
    facts = [(labels.when, when), (labels.where, where), (labels.team, team), (labels.topic, inv.topic)]
    fact_rows = [[_p(k, s.cell_head, s), _p(v, s.cell_bold, s)] for k, v in facts if v]
    fact_table = Table(fact_rows, colWidths=[22 * mm, left_w - 22 * mm], hAlign="LEFT")
    fact_table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, st.RULE)]))
    top = Table([[head + [Spacer(0, 6 * mm), fact_table], _key_card(inv.code, inv.qr_payload, labels, s)]],
                colWidths=[left_w + 8 * mm, KEY_CARD_WIDTH])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (0, -1), 8 * mm), ("RIGHTPADDING", (1, 0), (1, -1), 0),
                             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    letter: list[Flowable] = [
        Spacer(0, 9 * mm),
        _p(fill(labels.greeting, table=inv.table_number), s.body, s),
        _p(fill(labels.body, event=event.title), s.body, s),
        _p(labels.bring, s.body, s),
        Spacer(0, 4 * mm),
        _p(fill(labels.your_ideas, date=labels.format_date(event.event_date)).strip(), s.h2, s, st.BOLD),
    ]
    if inv.ideas:
        letter.append(_p(labels.prepare, s.small_muted, s))
        colour = "#" + s.accent_text.hexval()[2:]
        words = [labels.status_done, labels.status_in_progress, labels.status_not_started, labels.status_dropped]
        for n, title in enumerate(inv.ideas[:MAX_IDEAS], start=1):
            head = Paragraph(f'<font color="{colour}">{n}</font>&nbsp;&nbsp;'
                             + st.markup(_short(title or "–", 300), st.BOLD), s.for_text(s.idea_title, title))
            letter += [head, _TickBoxes(words, s.idea_body.leftIndent)]  # all on one page anyway
        if len(inv.ideas) > MAX_IDEAS:
            letter.append(_p(fill(labels.more_ideas, count=len(inv.ideas) - MAX_IDEAS), s.muted, s))
    else:
        letter.append(_p(labels.no_ideas, s.muted, s))
    # one page per team, whatever was typed: the letter shrinks rather than spill over
    return [_InviteMarker(inv.code), KeepInFrame(width, height, [top, *letter], mode="shrink")]


def render_invitations(data: InvitationData, labels: InvitationLabels | None, out: Out, *, pagesize="A4",
                       when_time: str = "", location: str | None = None, invariant: bool = False) -> None:
    """One page per team. ``when_time`` is the start time as the reader should see it
    ("17:30"), or "" for the date alone; ``location`` defaults to the event's venue."""
    labels = labels or InvitationLabels.german()
    styles = st.make_styles(data.event.colour)
    size = _pagesize(pagesize)
    target = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
    doc = _InviteDoc(target, pagesize=size, event=data.event, labels=labels, styles=styles, invariant=invariant)
    width = size[0] - 2 * MARGIN_X
    height = size[1] - MARGIN_TOP - MARGIN_BOTTOM - 2
    day = labels.format_date(data.event.follow_up_date)
    when = fill(labels.time_format, date=day, time=when_time) if when_time and day else day
    where = data.event.venue if location is None else location
    story: list[Flowable] = []
    for n, inv in enumerate(data.invitations):
        if n:
            story.append(PageBreak())
        story += _invitation(inv, data.event, labels, styles, width, height, when, where)
    if not story:
        story = [_p(labels.no_ideas, styles.muted, styles)]
    doc.build(story, canvasmaker=_canvas_with_totals(doc.footer))


def write_invitations(ef, out_path: str | os.PathLike[str], labels: InvitationLabels | None = None, *,
                      pagesize="A4", when_time: str = "", location: str | None = None,
                      invariant: bool = False) -> Path:
    """The check-in invitations of every team with a result, one page each, as a PDF."""
    data = build_invitations(ef)
    target = _atomic_pdf(out_path, lambda fh: render_invitations(
        data, labels, fh, pagesize=pagesize, when_time=when_time, location=location, invariant=invariant))
    log.info("wrote %d check-in invitations to %s", len(data.invitations), target)
    return target
