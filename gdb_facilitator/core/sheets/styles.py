"""Text preparation and paragraph styles for the printed sheets.

Every string a user typed reaches reportlab through :func:`markup` (for Paragraphs) or
:func:`draw_text` (for the canvas). Both

* clean it: NFC, line breaks unified, control characters and invisible format characters
  removed (a control character has no glyph and can upset reportlab's parser);
* split it into runs by the bundled face that has each character, shape the runs that need
  it and leave right-to-left order to drawing time (all in :mod:`.typeset`), and U+FFFD "�"
  for a character no bundled face has, so a missing glyph is visible instead of a blank;
* escape each run (``&``, ``<``, ``>``) before any markup is put around it, so user text can
  never become a tag (RELIABILITY decision 8).

Paragraphs holding user text are :class:`Paragraph` from here (a reportlab Paragraph that
draws right-to-left lines in visual order).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics

from gdb_facilitator.core.sheets import typeset
from gdb_facilitator.core.sheets.typeset import (
    BOLD,
    FALLBACK,
    REGULAR,
    REPLACEMENT,
    covers,
    load_all_fonts,
    register_fonts,
)
from gdb_facilitator.core.sheets.typeset import BidiParagraph as Paragraph

log = logging.getLogger(__name__)


# -- cleaning -----------------------------------------------------------------------------

_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_MAX_TEXT = 20_000  # far beyond any real field; keeps a pasted book from stalling a print run


def clean(text: str | None) -> str:
    """NFC text with ``\\n`` line breaks and without control or invisible format characters."""
    if not text:
        return ""
    text = str(text)
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT] + "…"
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text)).replace("\t", " ")
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Cc" or category == "Cf" and ch not in "\u200c\u200d":
            continue  # no glyph, nothing a reader would miss (ZWJ/ZWNJ matter for emoji runs)
        if category == "Cs":
            out.append(REPLACEMENT)  # a lone surrogate from broken decoding
            continue
        out.append(ch)
    return "".join(out)


# -- runs --------------------------------------------------------------------------------------


def runs(text: str, base: str = REGULAR):
    """(face, text) runs of cleaned text, shaped, in logical order."""
    return typeset.shaped_runs(text, base)


def prepare(text: str | None) -> str:
    """Cleaned text, logical order (shaping and ordering happen per run and per line)."""
    return clean(text)


def markup(text: str | None, font: str = REGULAR, para_font: str | None = None) -> str:
    """Paragraph markup for user text set in ``font`` inside a paragraph whose style font is
    ``para_font`` (default: the same): escaped runs, an explicit font tag on every run in
    another font, ``<br/>`` for line breaks.

    Bold spans use font tags rather than ``<b>``, because ``<b>`` would turn a run that
    falls back to a regular face (a script without a bold face) back into bold.
    """
    para_font = para_font or font
    parts = []
    for run_font, run in runs(prepare(text), font):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if run_font == para_font else f'<font name="{run_font}">{escaped}</font>')
    return "".join(parts)


_CJK_SENTENCE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{6,}")


def needs_cjk_wrap(text: str) -> bool:
    """Chinese and Japanese sentences have no spaces; such a paragraph must break between
    characters. Names (a few characters) don't need it, and breaking anywhere would cut the
    Latin, Arabic or Devanagari words around them in half."""
    return _CJK_SENTENCE.search(text) is not None


def text_width(text: str, base: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs(prepare(text), base))


def fit(text: str | None, base: str, size: float, width: float) -> str:
    """``text`` (prepared) on one line, shortened with "…" to fit ``width``."""
    line = _one_line(prepare(text))
    if text_width_prepared(line, base, size) <= width:
        return line
    low, high = 0, len(line)
    while low < high:
        mid = (low + high + 1) // 2
        if text_width_prepared(line[:mid].rstrip() + "…", base, size) <= width:
            low = mid
        else:
            high = mid - 1
    return line[:low].rstrip() + "…"


_WHITESPACE = re.compile(r"\s+")


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def text_width_prepared(text: str, base: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs(text, base))


def draw_text(canvas, x: float, y: float, text: str | None, *, font: str = REGULAR, size: float = 9,
              width: float | None = None, align: str = "left") -> float:
    """Draw user text on one line on the canvas, with font fallback; shortened with "…"
    when ``width`` is given. Returns the width drawn."""
    line = fit(text, font, size, width) if width is not None else _one_line(prepare(text))
    pieces = typeset.visual_pieces(list(runs(line, font)))
    total = sum(pdfmetrics.stringWidth(run, f, size) for f, run in pieces)
    if align == "right":
        x -= total
    elif align == "center":
        x -= total / 2
    for f, run in pieces:
        canvas.setFont(f, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, f, size)
    return total


# -- colours and styles ---------------------------------------------------------------------

DEFAULT_ACCENT = "#E4003A"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
INK = colors.HexColor("#1D1D1B")
MUTED = colors.HexColor("#5F6368")
RULE = colors.HexColor("#C8CCD0")
ZEBRA = colors.HexColor("#F3F4F6")


def accent_colour(value: str | None) -> colors.Color:
    """The event's colour if it is a plain ``#RRGGBB``; never hands user text to
    reportlab's colour parser (CVE-2023-33733)."""
    value = (value or "").strip()
    return colors.HexColor(value if _HEX.match(value) else DEFAULT_ACCENT)


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """``colour`` mixed with white; amount 0 = white, 1 = the colour."""
    return colors.Color(1 - (1 - colour.red) * amount, 1 - (1 - colour.green) * amount,
                        1 - (1 - colour.blue) * amount)


def readable_on(colour: colors.Color) -> colors.Color:
    luminance = 0.2126 * colour.red + 0.7152 * colour.green + 0.0722 * colour.blue
    return colors.black if luminance > 0.6 else colors.white


def text_accent(colour: colors.Color) -> colors.Color:
    """The accent darkened until it reads as text on white (a pale yellow would vanish)."""
    c = colour
    for _ in range(8):
        luminance = 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue
        if luminance <= 0.35:
            break
        c = colors.Color(c.red * 0.8, c.green * 0.8, c.blue * 0.8)
    return c


@dataclass(frozen=True)
class Styles:
    accent: colors.Color
    accent_text: colors.Color
    accent_tint: colors.Color
    body: ParagraphStyle
    body_cjk: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    small_muted: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    overline: ParagraphStyle
    key_title: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    topic: ParagraphStyle
    idea_title: ParagraphStyle
    idea_body: ParagraphStyle
    idea_meta: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_big: ParagraphStyle
    letter: ParagraphStyle
    tent_name: ParagraphStyle
    tent_topic: ParagraphStyle
    code: ParagraphStyle
    key_note: ParagraphStyle

    def for_text(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        """``style``, switched to character wrapping when the text is Chinese or Japanese,
        and set from the right when the text is right-to-left prose (Arabic, Hebrew). A
        right-to-left name in a list keeps the list's left edge; its letters still run
        right to left."""
        cjk = needs_cjk_wrap(text)
        rtl = style.alignment == TA_LEFT and len(text.split()) >= _PROSE_WORDS and is_rtl_prose(text)
        if not cjk and not rtl:
            return style
        return _variant(style, cjk, rtl)


def is_rtl(text: str | None) -> bool:
    """Whether the text's first strong letter is right-to-left (its paragraph direction)."""
    cleaned = clean(text)
    if cleaned.isascii():
        return False
    pieces = list(typeset.font_runs(cleaned))
    return typeset.has_rtl(pieces) and typeset.base_level(pieces) == 1


def is_rtl_prose(text: str) -> bool:
    """Right-to-left paragraph direction and most letters right-to-left (not a name followed
    by a German organisation)."""
    if not is_rtl(text):
        return False
    rtl = other = 0
    for font, run in typeset.font_runs(clean(text)):
        letters = sum(1 for ch in run if unicodedata.category(ch).startswith("L"))
        if typeset.is_rtl_face(font):
            rtl += letters
        else:
            other += letters
    return rtl > other


_PROSE_WORDS = 5
_variant_cache: dict[tuple[int, bool, bool], ParagraphStyle] = {}


def _variant(style: ParagraphStyle, cjk: bool, rtl: bool) -> ParagraphStyle:
    key = (id(style), cjk, rtl)
    variant = _variant_cache.get(key)
    if variant is None or variant.parent is not style:
        extra = {}
        if cjk:
            extra["wordWrap"] = "CJK"
        if rtl:
            extra["alignment"] = TA_RIGHT
        variant = ParagraphStyle(style.name + ("-cjk" if cjk else "") + ("-rtl" if rtl else ""),
                                 parent=style, **extra)
        _variant_cache[key] = variant
    return variant


def make_styles(accent_hex: str | None) -> Styles:
    register_fonts()
    accent = accent_colour(accent_hex)
    accent_text = text_accent(accent)

    def style(name: str, **kw) -> ParagraphStyle:
        base = dict(fontName=REGULAR, fontSize=10, leading=14, textColor=INK, splitLongWords=1,
                    allowWidows=0, allowOrphans=0)
        base.update(kw)
        return ParagraphStyle(name, **base)

    body = style("body", spaceAfter=5)
    return Styles(
        accent=accent,
        accent_text=accent_text,
        accent_tint=tint(accent, 0.08),
        body=body,
        body_cjk=ParagraphStyle("body-cjk", parent=body, wordWrap="CJK"),
        small=style("small", fontSize=8.5, leading=11),
        muted=style("muted", fontSize=9.5, leading=13, textColor=MUTED),
        small_muted=style("small-muted", fontSize=8.5, leading=11.5, textColor=MUTED),
        h1=style("h1", fontName=BOLD, fontSize=20, leading=25, spaceAfter=10, textColor=INK),
        h2=style("h2", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4,
                 textColor=accent_text),
        overline=style("overline", fontName=BOLD, fontSize=9, leading=12, textColor=accent_text),
        key_title=style("key-title", fontName=BOLD, fontSize=8.5, leading=11, textColor=accent_text,
                        alignment=TA_CENTER),
        title=style("title", fontName=BOLD, fontSize=26, leading=31),
        subtitle=style("subtitle", fontSize=14, leading=18, spaceBefore=2),
        topic=style("topic", fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=8),
        idea_title=style("idea-title", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=6,
                         spaceAfter=2),
        idea_body=style("idea-body", leftIndent=16, spaceAfter=2),
        idea_meta=style("idea-meta", fontSize=9.5, leading=13, leftIndent=16, textColor=INK,
                        spaceAfter=1),
        cell=style("cell", fontSize=9, leading=11.5),
        cell_bold=style("cell-bold", fontName=BOLD, fontSize=9, leading=11.5),
        cell_head=style("cell-head", fontName=BOLD, fontSize=8, leading=10, textColor=MUTED),
        cell_big=style("cell-big", fontName=BOLD, fontSize=11, leading=12, alignment=TA_CENTER),
        letter=style("letter", fontName=BOLD, fontSize=13, leading=15, textColor=accent_text),
        tent_name=style("tent-name", fontName=BOLD, fontSize=26, leading=31, alignment=TA_CENTER),
        tent_topic=style("tent-topic", fontSize=17, leading=21, alignment=TA_CENTER, textColor=MUTED),
        code=style("code", fontName=BOLD, fontSize=10.5, leading=14, alignment=TA_CENTER),
        key_note=style("key-note", fontSize=8, leading=10.5, alignment=TA_CENTER, textColor=MUTED),
    )


__all__ = [
    "BOLD", "FALLBACK", "REGULAR", "REPLACEMENT", "Paragraph", "Styles", "TA_CENTER", "TA_LEFT",
    "TA_RIGHT", "accent_colour", "clean", "covers", "draw_text", "fit", "is_rtl", "load_all_fonts",
    "make_styles", "markup", "prepare", "register_fonts", "runs", "text_width", "tint",
]
