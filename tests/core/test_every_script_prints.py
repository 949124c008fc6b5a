"""Every name prints right (issue 15): a name in each script, in every kind of PDF the app
makes, checked in the PDF itself: which embedded face draws each character, whether that face
has the character, the text a PDF reader extracts, and right-to-left lines in visual order and
wrapped in reading order."""

from __future__ import annotations

import ctypes
import unicodedata
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db import models as m
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.report import write_invitations, write_report
from gdb_facilitator.core.sheets import typeset
from gdb_facilitator.core.sheets.render import write_sheets
from gdb_facilitator.core.sheets.sample import populate

# (first name, last name, the face family that must draw it)
NAMES = {
    "latin": ("Zoë", "Ångström-Łukasiewicz", "DejaVuSans"),
    "greek": ("Γιώργος", "Παπαδόπουλος", "DejaVuSans"),
    "cyrillic": ("Алексей", "Смирнов", "DejaVuSans"),
    "arabic": ("محمد", "عبد الله", "NotoSansArabic"),
    "hebrew": ("דוד", "כהן", "NotoSansHebrew"),
    "devanagari": ("अनुष्का", "शर्मा", "NotoSansDevanagari"),
    "thai": ("สมชาย", "ใจดี", "NotoSansThai"),
    "chinese": ("小明", "王", "NotoSansCJKsc"),
    "japanese": ("さくら", "山田", "NotoSansCJKsc"),
    "korean": ("민준", "김", "NotoSansCJKsc"),
    "emoji": ("Ana", "Silva 👍🏽", "NotoEmoji"),
}
# Text a PDF reader gets back as typed, in logical order (shaped glyphs carry the letters they
# stand for in the PDF's ToUnicode map).
EXTRACTABLE = ("latin", "greek", "cyrillic", "chinese", "japanese", "korean", "devanagari", "thai", "emoji")
HEBREW_TEXT = ("שלום לכולם זהו משפט ארוך בעברית שצריך להתפרס על כמה שורות בדף כדי לבדוק "
               "שהשורות נשברות בסדר הנכון ראשית באמצע ואחרית")

_FACE_FILES = {Path(typeset.face_file(n)).stem.replace("-subset", ""): typeset.face_file(n)
               for n in typeset._FILE_OF}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scripts")
    ef = EventFile.create(folder / "s.gdbevent", title="Jahreskonferenz", clock=FakeClock())
    populate(ef, tables=2, people=len(NAMES), rounds=1, ideas_per_table=1, result_paragraphs=1)
    with ef.session() as s:
        people = s.scalars(select(m.Attendee).order_by(m.Attendee.id)).all()
        for person, (first, last, _face) in zip(people, NAMES.values()):
            person.first_name, person.last_name = first, last
        everyone = " · ".join(f"{first} {last}" for first, last, _ in NAMES.values())
        tables = s.scalars(select(m.EventTable).order_by(m.EventTable.number)).all()
        tables[0].name = "שולחן " + NAMES["hebrew"][0] + " " + NAMES["korean"][0] + " 👍🏽"
        tables[1].name = NAMES["arabic"][0] + " " + NAMES["devanagari"][1] + " " + NAMES["thai"][1]
        for topic in s.scalars(select(m.Topic)):
            topic.title = " ".join((NAMES["arabic"][1], NAMES["devanagari"][0], NAMES["thai"][0],
                                    NAMES["latin"][0], NAMES["greek"][0], NAMES["cyrillic"][0],
                                    NAMES["chinese"][0], NAMES["japanese"][0]))
        for result in s.scalars(select(m.TableResult)):
            result.results = everyone + "\n\n" + HEBREW_TEXT
        for idea in s.scalars(select(m.Idea)):
            idea.title = NAMES["japanese"][1] + " " + NAMES["korean"][1] + " " + NAMES["hebrew"][1]
            idea.owner = everyone
        s.scalars(select(m.Event)).one().follow_up_date = date(2026, 9, 20)
    out = {}
    for kind in ("results", "tents", "lists", "blank"):
        out[kind] = write_sheets(ef, folder / f"{kind}.pdf", kind=kind, invariant=True)
    out["report"] = write_report(ef, folder / "report.pdf", invariant=True)
    from gdb_facilitator.core.sheets.badges import build_badges, render_badges
    from gdb_facilitator.core.sheets.labels import SheetLabels

    render_badges(build_badges(ef, None), SheetLabels.german(), folder / "badges.pdf", invariant=True)
    out["badges"] = folder / "badges.pdf"
    out["invitations"] = write_invitations(ef, folder / "invitations.pdf", invariant=True)
    return out


def _chars(path: Path) -> list[tuple[int, str, str, float, float]]:
    """(page, character, embedded face, x, y) for every character drawn."""
    doc = pdfium.PdfDocument(str(path))
    out = []
    try:
        for number in range(len(doc)):
            textpage = doc[number].get_textpage()
            buffer = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            for i in range(textpage.count_chars()):
                code = pdfium_c.FPDFText_GetUnicode(textpage, i)
                if code in (0, 0x02, 0x0D, 0x0A, 0xFFFE) or chr(code) == " ":
                    continue  # generated line breaks and spaces (0x02: pdfium's mark for a hyphen at a line end)
                pdfium_c.FPDFText_GetFontInfo(textpage, i, buffer, 256, ctypes.byref(flags))
                face = buffer.value.decode("latin-1").split("+")[-1]
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)  # on the baseline
                if 0xD800 <= code <= 0xDFFF and out and 0xD800 <= ord(out[-1][1]) <= 0xDFFF:
                    # pdfium gives an emoji as two UTF-16 halves (reversed in a right-to-left line)
                    high, low = sorted((ord(out[-1][1]), code))
                    out[-1] = (out[-1][0], chr(0x10000 + (high - 0xD800) * 0x400 + low - 0xDC00), *out[-1][2:])
                    continue
                if abs(pdfium_c.FPDFText_GetCharAngle(textpage, i)) > 0.1:
                    continue  # the upside-down half of a table tent
                out.append((number, chr(code), face, x.value, y.value))
    finally:
        doc.close()
    return out


def _text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@pytest.mark.parametrize("kind", ["results", "tents", "lists", "blank", "report", "invitations", "badges"])
def test_every_character_is_drawn_by_an_embedded_face_that_has_it(pdfs, kind):
    from fontTools.ttLib import TTFont

    chars = _chars(pdfs[kind])
    cmaps: dict[str, set[int]] = {}
    private = set(typeset._private.values())
    faces_used = set()
    for _page, ch, face, _x, _y in chars:
        assert ch != "\ufffd", f"{kind}: a replacement character was printed"
        assert face in _FACE_FILES, f"{kind}: {ch!r} drawn in {face}, not a bundled face"
        faces_used.add(face)
        if face not in cmaps:
            with TTFont(Path(__file__).parents[2] / "resources" / "fonts" / _FACE_FILES[face], lazy=True) as font:
                cmaps[face] = set(font.getBestCmap())
        assert ord(ch) in cmaps[face] or ch in private, f"{kind}: {face} has no glyph for {ch!r}"
    families = {face.rsplit("-", 1)[0] for face in faces_used}
    wanted = {family for _f, _l, family in NAMES.values()}
    # (tents, worksheets and invitations show no people: the table names and topics hold every
    # script there)
    assert wanted <= families, f"{kind}: faces missing: {wanted - families}"


@pytest.mark.parametrize("kind", ["results", "tents", "lists", "report"])
def test_names_extract_as_typed_and_right_to_left_in_visual_order(pdfs, kind):
    text = unicodedata.normalize("NFKC", _text(pdfs[kind]))
    assert "\ufffd" not in text
    if kind == "tents":
        people = ()  # a table tent shows the table and its topic
    elif kind == "lists":
        people = NAMES  # seating plan, roster, check-in list
    else:
        people = {k: v for k, v in NAMES.items() if k in ("latin", "greek", "hebrew")} if kind == "results" else NAMES
    for key in people:
        first, last, _family = NAMES[key]
        if key in EXTRACTABLE:
            assert first in text, (kind, key)
            # A reph (the र् of शर्मा) is drawn after the letters it sits on, and a PDF reader
            # reads glyphs in drawing order: "शमार्". The other names come back as typed.
            assert last in text or key == "devanagari", (kind, key)
    # Visual order, by position on the page: read from the right, a Hebrew line spells the
    # words as typed.
    word = "שולחן" if kind == "tents" else NAMES["hebrew"][1]
    assert any(word in line for line in _rtl_lines(pdfs[kind])), kind


def _rtl_lines(path: Path) -> list[str]:
    """The Hebrew letters of each line, read from right to left."""
    lines: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for page, ch, face, x, y in _chars(path):
        if face.startswith("NotoSansHebrew"):
            lines.setdefault((page, -round(y)), []).append((x, ch))
    return ["".join(ch for _x, ch in sorted(row, reverse=True)) for _key, row in sorted(lines.items())]


def test_right_to_left_paragraph_wraps_in_reading_order(pdfs):
    """The first words of a long Hebrew paragraph are on its top line, at the right edge."""
    first_word, last_word = HEBREW_TEXT.split()[0], HEBREW_TEXT.split()[-1]
    ordered = _rtl_lines(pdfs["results"])
    start = next(i for i, line in enumerate(ordered) if first_word in line)
    end = next(i for i, line in enumerate(ordered) if last_word in line and i > start)
    assert end > start, ordered  # wrapped onto several lines, the first words on top
    top = ordered[start]
    assert top.index(first_word) < top.index(HEBREW_TEXT.split()[1]), top  # read right to left


def test_bold_where_the_script_has_a_bold_face(pdfs):
    faces = {face for _p, _c, face, _x, _y in _chars(pdfs["tents"])}
    for family in ("DejaVuSans", "NotoSansArabic", "NotoSansDevanagari", "NotoSansThai"):
        assert f"{family}-Bold" in faces, faces
    faces = {face for _p, _c, face, _x, _y in _chars(pdfs["results"])}
    assert {"NotoSansCJKsc-Bold", "NotoSansHebrew-Bold"} <= faces, faces  # idea titles are bold
