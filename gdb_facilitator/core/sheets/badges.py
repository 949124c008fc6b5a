"""Name badges on A4 label sheets: the name large, the organisation, the sector's colour and
the person's table in every round ("Runde 1: Tisch 4 · Runde 2: Tisch 11").

A badge is worn all day; it tells the person and their table host where they belong. Names
of any length and script fit: text shrinks until it fits (on one or two lines), it is never
cut. The label stock decides the grid (:data:`LAYOUTS`); the margins can be moved by hand so
that a printer's offset lands the badges on the labels.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    Event,
    EventTable,
    Organisation,
    Role,
    Round,
    SeatAssignment,
    Sector,
)
from gdb_facilitator.core.errors import ValidationError
from gdb_facilitator.core.files import write_atomically
from gdb_facilitator.core.sheets import styles as st
from gdb_facilitator.core.sheets.labels import SheetLabels, fill
from gdb_facilitator.core.text import fold


@dataclass(frozen=True)
class LabelLayout:
    """A sheet of labels: ``columns`` × ``rows`` labels of ``width`` × ``height`` mm, the
    first one ``left`` mm from the left and ``top`` mm from the top edge, ``gap_x`` /
    ``gap_y`` mm apart. ``cut_lines``: plain paper, cut out along thin lines (card inserts)."""

    id: str
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    gap_x: float = 0.0
    gap_y: float = 0.0
    cut_lines: bool = False

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def with_margins(self, left: float | None = None, top: float | None = None) -> "LabelLayout":
        for name, value in (("badge_left", left), ("badge_top", top)):
            if value is not None and not 0 <= value <= 60:
                raise ValidationError(field=name, detail="out_of_range", minimum=0, maximum=60)
        return replace(self, left=self.left if left is None else left, top=self.top if top is None else top)


# Common A4 stocks; the default margins centre the grid on the sheet.
LAYOUTS: dict[str, LabelLayout] = {
    # 10 name-badge labels of 80 × 50 mm (e.g. Avery Zweckform L4785), 2 × 5, touching rows
    "2x5": LabelLayout("2x5", 2, 5, 80, 50, left=17.5, top=23.5, gap_x=15),
    # 8 inserts of 90 × 54 mm for clip-on badge holders, cut from plain paper
    "2x4": LabelLayout("2x4", 2, 4, 90, 54, left=10, top=25.5, gap_x=10, gap_y=10, cut_lines=True),
    # 10 card-size inserts (85 × 54 mm, ISO ID-1) for card holders, cut from plain paper
    "2x5-card": LabelLayout("2x5-card", 2, 5, 85, 54, left=15, top=13.5, gap_x=10, cut_lines=True),
}
DEFAULT_LAYOUT = "2x5"


@dataclass(frozen=True)
class Badge:
    attendee_id: int
    first_name: str  # with an academic title in front, as on the lists
    last_name: str
    organisation: str
    sector: str
    colour: str  # "#RRGGBB" of the sector, "" without
    host: bool
    tables: tuple[tuple[int, int | None], ...]  # (round number, table number or None)

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class BadgeData:
    event_title: str
    badges: tuple[Badge, ...]


def build_badges(ef: EventFile, attendee_ids: Iterable[int] | None = None) -> BadgeData:
    """Badges for ``attendee_ids`` (in that order), or for everybody not marked absent,
    alphabetically by family name. The tables are those of every round with a plan; a
    host pinned to a table shows it before there is a plan."""
    with ef.session() as s:
        title = s.scalar(select(Event.title).order_by(Event.id).limit(1)) or ""
        rounds = dict(s.execute(select(Round.id, Round.number)).all())
        tables = dict(s.execute(select(EventTable.id, EventTable.number)).all())
        seats: dict[int, dict[int, int]] = {}
        for aid, rid, tid in s.execute(select(SeatAssignment.attendee_id, SeatAssignment.round_id,
                                              SeatAssignment.table_id)):
            seats.setdefault(aid, {})[rounds[rid]] = tables[tid]
        planned = sorted({r for by_round in seats.values() for r in by_round})
        query = (select(Attendee.id, Attendee.title, Attendee.first_name, Attendee.last_name,
                        Organisation.name, Sector.name, Sector.colour, Attendee.role,
                        Attendee.pinned_table_id, Attendee.absent)
                 .outerjoin(Organisation, Organisation.id == Attendee.organisation_id)
                 .outerjoin(Sector, Sector.id == Attendee.sector_id))
        wanted = list(attendee_ids) if attendee_ids is not None else None
        if wanted is not None:
            query = query.where(Attendee.id.in_(wanted))
        rows = s.execute(query).all()
    badges = []
    for aid, acad, first, last, org, sector, colour, role, pinned, absent in rows:
        if wanted is None and absent:
            continue
        mine = seats.get(aid, {})
        if planned:
            by_round = tuple((r, mine.get(r)) for r in planned)
        elif pinned in tables:
            by_round = ((0, tables[pinned]),)  # no plan yet: the host's own table
        else:
            by_round = ()
        badges.append(Badge(
            attendee_id=aid, first_name=" ".join(p for p in (acad, first) if p), last_name=last or "",
            organisation=org or "", sector=sector or "", colour=(colour or "") if sector else "",
            host=role == Role.HOST, tables=by_round))
    if wanted is None:
        badges.sort(key=lambda b: (fold(b.last_name or b.first_name), fold(b.first_name), b.attendee_id))
    else:
        order = {aid: i for i, aid in enumerate(wanted)}
        badges.sort(key=lambda b: order[b.attendee_id])
    return BadgeData(title, tuple(badges))


# -- layout -----------------------------------------------------------------------------------

NAME_MAX = 26.0  # pt, a name that fits on one line at this size is read from 2 m
ORG_MAX = 10.0
TABLES_MAX = 10.5
BAND = 0.2  # of the badge's height: the sector band


def _size_for(text: str, font: str, width: float, largest: float) -> float:
    """The largest size up to ``largest`` at which ``text`` fits ``width`` on one line."""
    natural = st.text_width(text, font, largest)
    return largest if natural <= width else largest * width / natural


_BREAKS = re.compile(r"(?<=[^\s-]-)(?=[^\s-])|\s+")  # between words, and after a hyphen in a word


def _join(pieces: Sequence[str]) -> str:
    out = ""
    for piece in pieces:
        out += piece if not out or out.endswith("-") else " " + piece
    return out


def _splits(words: Sequence[str], lines: int) -> Iterable[list[str]]:
    if lines == 1:
        yield [_join(words)]
        return
    for i in range(1, len(words) - lines + 2):
        for rest in _splits(words[i:], lines - 1):
            yield [_join(words[:i]), *rest]


def fit_lines(text: str, font: str, width: float, height: float, largest: float,
              *, leading: float = 1.12, prefer_one: float = 0.7, max_lines: int = 3) -> tuple[list[str], float]:
    """``text`` on one to ``max_lines`` lines at the largest size that fits ``width`` × ``height``.

    One line while that allows ``prefer_one`` of the largest size; more lines only where
    they allow a size 15 % larger. Nothing is ever cut: a single word that is too long
    only gets smaller."""
    text = " ".join(text.split())
    best = [text]
    best_size = min(_size_for(text, font, width, largest), height / leading)
    words = [w for w in _BREAKS.split(text) if w]
    if best_size >= largest * prefer_one:
        return best, best_size
    for count in range(2, min(max_lines, len(words)) + 1):
        for lines in _splits(words, count):
            size = min(min(_size_for(line, font, width, largest) for line in lines),
                       height / (count * leading))
            if size > best_size * 1.15:
                best, best_size = lines, size
    return best, best_size


def table_line(badge: Badge, labels: SheetLabels) -> str:
    parts = []
    for round_number, table in badge.tables:
        where = fill(labels.table_number, number=table) if table is not None else labels.not_seated
        if round_number:
            parts.append(f"{fill(labels.round_number, number=round_number)}: {where}")
        else:
            parts.append(where)
    return " · ".join(parts)


def _colour(value: str) -> colors.Color | None:
    value = (value or "").strip()
    if len(value) == 7 and value.startswith("#"):
        try:
            return colors.HexColor(value)
        except ValueError:
            return None
    return None


def draw_badge(c: Canvas, badge: Badge, labels: SheetLabels, event_title: str, x: float, y: float,
               w: float, h: float, *, cut_lines: bool = False) -> None:
    """One badge with its lower left corner at (x, y)."""
    pad = 4 * mm
    inner = w - 2 * pad
    c.saveState()
    if cut_lines:
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.3)
        c.setDash(2, 2)
        c.rect(x, y, w, h, stroke=1, fill=0)
        c.setDash()
    # sector band along the top (inset a little: printers rarely print to a label's edge)
    band_h = h * BAND
    band_y = y + h - band_h - 1.5 * mm
    colour = _colour(badge.colour) or st.RULE
    c.setFillColor(colour)
    c.roundRect(x + 2 * mm, band_y, w - 4 * mm, band_h, 1.5 * mm, stroke=0, fill=1)
    c.setFillColor(st.readable_on(colour))
    band_text = max(6.0, min(9.0, band_h * 0.45))
    base = band_y + (band_h - band_text * 0.7) / 2
    right = labels.badge_host if badge.host else ""
    right_w = st.text_width(right, st.BOLD, band_text) if right else 0
    if badge.sector:
        size = _size_for(badge.sector, st.BOLD, inner - right_w - (3 * mm if right else 0), band_text)
        st.draw_text(c, x + pad, base, badge.sector, font=st.BOLD, size=size)
    if right:
        st.draw_text(c, x + w - pad, base, right, font=st.BOLD, size=band_text, align="right")

    # the bottom: tables, and the event in small print below them
    foot = y + 2.5 * mm
    c.setFillColor(st.MUTED)
    event_size = _size_for(event_title, st.REGULAR, inner, 6.5)
    if event_title:
        st.draw_text(c, x + w / 2, foot, event_title, size=event_size, align="center")
        foot += event_size + 1.5 * mm
    tables = table_line(badge, labels)
    if tables:
        lines, size = fit_lines(tables, st.BOLD, inner, 2 * TABLES_MAX * 1.12, TABLES_MAX, prefer_one=0.8)
        c.setFillColor(st.INK)
        for line in reversed(lines):
            st.draw_text(c, x + w / 2, foot, line, font=st.BOLD, size=size, align="center")
            foot += size * 1.12
        foot += 1 * mm

    # name and organisation share the space between band and tables
    top = band_y - 2 * mm
    room = top - foot
    org_h = min(room * 0.3, 2 * ORG_MAX * 1.12) if badge.organisation else 0.0
    name_h = room - org_h
    name_lines, name_size = fit_lines(badge.name, st.BOLD, inner, name_h, NAME_MAX)
    org_lines, org_size = fit_lines(badge.organisation, st.REGULAR, inner, org_h, ORG_MAX,
                                    prefer_one=0.85) if badge.organisation else ([], 0.0)
    block = len(name_lines) * name_size * 1.12 + (len(org_lines) * org_size * 1.12 + 1 * mm if org_lines else 0)
    cursor = top - max(0.0, (room - block) / 2)
    c.setFillColor(st.INK)
    for line in name_lines:
        cursor -= name_size
        st.draw_text(c, x + w / 2, cursor, line, font=st.BOLD, size=name_size, align="center")
        cursor -= name_size * 0.12
    if org_lines:
        cursor -= 1 * mm
        c.setFillColor(st.MUTED)
        for line in org_lines:
            cursor -= org_size
            st.draw_text(c, x + w / 2, cursor, line, size=org_size, align="center")
            cursor -= org_size * 0.12
    c.restoreState()


def render_badges(data: BadgeData, labels: SheetLabels | None, out, *, layout: LabelLayout | None = None,
                  first_label: int = 1, invariant: bool = False) -> int:
    """Draw the badges onto A4 label sheets; returns the number of pages.

    ``first_label`` (1 = top left, row by row) starts on a partly used sheet."""
    labels = labels or SheetLabels.german()
    layout = layout or LAYOUTS[DEFAULT_LAYOUT]
    if not 1 <= first_label <= layout.per_page:
        raise ValidationError(field="first_label", detail="out_of_range", minimum=1, maximum=layout.per_page)
    st.register_fonts()
    target = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
    c = Canvas(target, pagesize=A4, invariant=1 if invariant else 0)
    c.setTitle(" – ".join(p for p in (st.prepare(data.event_title), labels.badges_title) if p))
    c.setAuthor("GD:B Facilitator")
    c.setCreator("GD:B Facilitator")
    _page_w, page_h = A4
    slot = first_label - 1
    pages = 1
    for badge in data.badges:
        if slot == layout.per_page:
            c.showPage()
            pages += 1
            slot = 0
        row, col = divmod(slot, layout.columns)
        x = (layout.left + col * (layout.width + layout.gap_x)) * mm
        y = page_h - (layout.top + (row + 1) * layout.height + row * layout.gap_y) * mm
        draw_badge(c, badge, labels, data.event_title, x, y, layout.width * mm, layout.height * mm,
                   cut_lines=layout.cut_lines)
        slot += 1
    if not data.badges:
        c.setFillColor(st.MUTED)
        st.draw_text(c, 20 * mm, page_h - 30 * mm, labels.no_entries, size=11)
    c.showPage()
    c.save()
    return pages


def write_badges(ef: EventFile, out_path: str | os.PathLike[str], *, labels: SheetLabels | None = None,
                 layout: LabelLayout | None = None, attendee_ids: Iterable[int] | None = None,
                 first_label: int = 1, invariant: bool = False) -> Path:
    """Build and write the badges PDF; the target is replaced only when complete."""
    data = build_badges(ef, attendee_ids)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            render_badges(data, labels, fh, layout=layout, first_label=first_label, invariant=invariant)

    return write_atomically(out_path, write)
