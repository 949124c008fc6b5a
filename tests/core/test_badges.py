"""Name badges: the names and tables as text in the PDF, every label where the stock has it,
long names and other scripts shrunk to fit and never cut."""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.errors import ValidationError
from gdb_facilitator.core.services import attendees, desk, seating
from gdb_facilitator.core.sheets import styles as st
from gdb_facilitator.core.sheets.badges import (
    LAYOUTS,
    Badge,
    BadgeData,
    build_badges,
    fit_lines,
    render_badges,
    write_badges,
)
from gdb_facilitator.core.sheets.labels import SheetLabels

A4_HEIGHT = 297 * mm
LONG = ("Maximiliane-Charlotte Friederike", "von Hohenzollern-Sigmaringen-Wartenberg")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("badges") / "demo.gdbevent"
    write_demo_event(path)
    with EventFile.open(path) as ef:
        seating.plan_seating(ef, rounds=2, seed=3, time_limit=1.0)  # round 2 as well
        extra = [attendees.add_walk_in(ef, *LONG, "Senatsverwaltung für Wissenschaft, Gesundheit und Pflege",
                                       "Verwaltung"),
                 attendees.add_walk_in(ef, "Χριστόφορος", "Παπαδόπουλος", "", "Zivilgesellschaft"),
                 attendees.add_walk_in(ef, "美玲", "王", "柏林数字合作社", "Wirtschaft")]
        for row in extra:
            seating.seat_now(ef, row.id, seed=1)
    return path


def pages_text(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def text_in_label(pdf: bytes, page: int, layout, slot: int) -> str:
    """The text inside label ``slot`` (0 = top left, row by row) of a page."""
    row, col = divmod(slot, layout.columns)
    left = (layout.left + col * (layout.width + layout.gap_x)) * mm
    top = A4_HEIGHT - (layout.top + row * (layout.height + layout.gap_y)) * mm
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page].get_textpage().get_text_bounded(left, top - layout.height * mm,
                                                         left + layout.width * mm, top)
    finally:
        doc.close()


def render(data, layout_id="2x5", **kw) -> bytes:
    out = io.BytesIO()
    render_badges(data, SheetLabels.german(), out, layout=LAYOUTS[layout_id], invariant=True, **kw)
    return out.getvalue()


def squash(text: str) -> str:
    # pdfium reports a hyphen at the end of a line as U+FFFE (U+0002 when reading a rectangle)
    return " ".join(text.replace("\ufffe", "-").replace("\x02", "-").replace("\r", " ").replace("\n", " ").split())


@pytest.mark.parametrize("layout_id", sorted(LAYOUTS))
def test_every_badge_has_the_name_and_the_tables_of_both_rounds_in_its_label(demo, layout_id):
    layout = LAYOUTS[layout_id]
    with EventFile.open(demo) as ef:
        data = build_badges(ef)
        seats = {r: {m.attendee_id: card.number for card in seating.seating_view(ef, r).tables
                     for m in card.members} for r in (1, 2)}
        absent = sum(1 for a in attendees.list_attendees(ef) if a.absent)
        total = len(attendees.list_attendees(ef))
    assert len(data.badges) == total - absent
    pdf = render(data, layout_id)
    assert len(pages_text(pdf)) == math.ceil(len(data.badges) / layout.per_page)
    for i, badge in enumerate(data.badges):
        page, slot = divmod(i, layout.per_page)
        text = squash(text_in_label(pdf, page, layout, slot))
        # the name may be set on two or three lines, but every word of it is there, whole
        for word in badge.name.split():
            assert word in text.replace("- ", "-"), (badge.name, text)
        expected = " · ".join(f"Runde {r}: Tisch {seats[r][badge.attendee_id]}"
                              if badge.attendee_id in seats[r] else f"Runde {r}: –" for r in (1, 2))
        assert expected in text, (badge.name, text)
        if badge.sector:
            assert badge.sector in text


def test_long_names_and_other_scripts_fit_whole(demo):
    with EventFile.open(demo, readonly=True) as ef:
        people = [desk.find_one(ef, name).id for name in (" ".join(LONG), "Χριστόφορος Παπαδόπουλος",
                                                          "美玲 王", "Olga Friedrich")]
        data = build_badges(ef, people)
    assert [b.name for b in data.badges][:3] == [" ".join(LONG), "Χριστόφορος Παπαδόπουλος", "美玲 王"]
    pdf = render(data, "2x5", first_label=3)
    text = squash(pages_text(pdf)[0])
    for word in ("Maximiliane-", "Charlotte", "Friederike", "Hohenzollern-", "Sigmaringen-Wartenberg",
                 "Χριστόφορος", "Παπαδόπουλος", "美玲", "王", "柏林数字合作社", "Olga Friedrich",
                 "Gesundheit und Pflege"):
        assert word in text, word
    assert "…" not in text
    # the first badge sits on label 3 (second row, left), the fourth on label 6
    layout = LAYOUTS["2x5"]
    assert "Maximiliane" in text_in_label(pdf, 0, layout, 2)
    assert "Olga" in text_in_label(pdf, 0, layout, 5)
    assert text_in_label(pdf, 0, layout, 0).strip() == ""


def test_fit_lines_shrinks_and_wraps_but_never_cuts():
    width, height = 72 * mm, 20 * mm
    for text in ("Anna Bo", " ".join(LONG), "Donaudampfschifffahrtsgesellschaftskapitänin",
                 "王美玲 " * 6, "محمد العبدالله"):
        lines, size = fit_lines(text, st.BOLD, width, height, 26)
        assert size > 0 and len(lines) <= 3
        assert all(st.text_width(line, st.BOLD, size) <= width + 0.01 for line in lines)
        assert len(lines) * size * 1.12 <= height + 0.01
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert fit_lines("Anna Bo", st.BOLD, width, height, 26) == (["Anna Bo"], 26)


def test_margins_move_the_grid_and_bad_settings_are_refused(demo):
    with EventFile.open(demo, readonly=True) as ef:
        data = build_badges(ef, [desk.find_one(ef, "Olga Friedrich").id])
    moved = LAYOUTS["2x5"].with_margins(left=5, top=40)
    out = io.BytesIO()
    render_badges(data, None, out, layout=moved)
    assert "Olga Friedrich" in text_in_label(out.getvalue(), 0, moved, 0)
    assert "Olga" not in text_in_label(out.getvalue(), 0, LAYOUTS["2x5"], 0)
    with pytest.raises(ValidationError):
        LAYOUTS["2x5"].with_margins(left=-3)
    with pytest.raises(ValidationError):
        render_badges(data, None, io.BytesIO(), first_label=11)


def test_a_host_before_any_plan_and_nobody_at_all(tmp_path):
    data = BadgeData("Konferenz", (Badge(1, "Hanna", "Host", "", "", "", True, ((0, 4),)),))
    text = squash(pages_text(render(data))[0])
    assert "Hanna Host" in text and "Tisch 4" in text and "Tischgastgeber:in" in text
    assert "Runde" not in text
    assert "Keine Einträge." in pages_text(render(BadgeData("Konferenz", ())))[0]


def test_write_badges_in_english(demo, tmp_path):
    with EventFile.open(demo, readonly=True) as ef:
        target = write_badges(ef, tmp_path / "badges.pdf", labels=SheetLabels.english(),
                              attendee_ids=[desk.find_one(ef, "Olga Friedrich").id])
    text = squash(pages_text(target.read_bytes())[0])
    assert "Olga Friedrich" in text and "Round 1: Table " in text and "Round 2: Table " in text
