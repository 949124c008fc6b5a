"""Fonts, text preparation and paragraph styles for the printed sheets.

Every string a user typed reaches reportlab through :func:`markup` (for Paragraphs) or
:func:`draw_text` (for the canvas). Both

* clean it: NFC, line breaks unified, control characters and invisible format characters
  removed (a control character has no glyph and can upset reportlab's parser);
* shape Arabic letters into their joined presentation forms and put right-to-left runs in
  visual order (reportlab does neither);
* split it into runs by the font that has each character: DejaVu Sans first, Droid Sans
  Fallback for CJK, and U+FFFD "�" for a character no bundled font has, so a missing glyph
  is visible instead of a blank or a wrong letter;
* escape each run (``&``, ``<``, ``>``) before any markup is put around it, so user text can
  never become a tag (RELIABILITY decision 8).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from gdb_facilitator.paths import resource

log = logging.getLogger(__name__)

REGULAR = "GDB-Sans"
BOLD = "GDB-Sans-Bold"
FALLBACK = "GDB-Fallback"
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallback.ttf",
}
REPLACEMENT = "\ufffd"

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def _register(name: str) -> frozenset[int]:
    with _lock:
        if name not in _coverage:
            font = TTFont(name, str(resource("fonts", _FILES[name])))
            pdfmetrics.registerFont(font)
            _coverage[name] = frozenset(font.face.charToGlyph)
        return _coverage[name]


def register_fonts() -> None:
    """Register the two DejaVu faces as a family (idempotent). The CJK fallback is
    registered only when a text needs it: it costs ~60 ms to parse."""
    _register(REGULAR)
    _register(BOLD)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def covers(font: str, ch: str) -> bool:
    """Whether the bundled font ``font`` has a glyph for ``ch``."""
    return ord(ch) in _register(font)


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


# -- Arabic shaping and right-to-left order ------------------------------------------------

_FORM_TAGS = ("<isolated>", "<final>", "<initial>", "<medial>")
_ALEFS = "\u0622\u0623\u0625\u0627"
_LAM = "\u0644"


@lru_cache(maxsize=1)
def _arabic_tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Presentation forms per letter, and lam-alef ligatures per alef, from the Unicode
    database itself, so no hand-typed table can be wrong."""
    forms: dict[str, dict[str, str]] = {}
    ligatures: dict[str, dict[str, str]] = {}
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        ch = chr(cp)
        parts = unicodedata.decomposition(ch).split()
        if len(parts) < 2 or parts[0] not in _FORM_TAGS:
            continue
        form = parts[0][1:-1]
        bases = "".join(chr(int(p, 16)) for p in parts[1:])
        if len(bases) == 1 and "\u0600" <= bases <= "\u06ff":
            forms.setdefault(bases, {})[form] = ch
        elif len(bases) == 2 and bases[0] == _LAM and bases[1] in _ALEFS:
            ligatures.setdefault(bases[1], {})[form] = ch
    return forms, ligatures


def _joins_both_ways(letter: str, forms: dict[str, dict[str, str]]) -> bool:
    return letter == "\u0640" or "medial" in forms.get(letter, {})


def _joins_right(letter: str, forms: dict[str, dict[str, str]]) -> bool:
    return letter == "\u0640" or "final" in forms.get(letter, {})


def shape_arabic(text: str, has_glyph: Callable[[str], bool]) -> str:
    """Arabic letters replaced by the joined form their neighbours call for (logical order).

    A form the font lacks stays as the plain letter: unjoined, but the right letter.
    """
    forms, ligatures = _arabic_tables()
    out: list[str] = []
    n = len(text)

    def neighbour(i: int, step: int) -> str | None:
        i += step
        while 0 <= i < n and unicodedata.category(text[i]) == "Mn":
            i += step
        return text[i] if 0 <= i < n else None

    i = 0
    while i < n:
        ch = text[i]
        if ch not in forms and ch != _LAM:
            out.append(ch)
            i += 1
            continue
        before = neighbour(i, -1)
        joins_before = before is not None and _joins_both_ways(before, forms) and _joins_right(ch, forms)
        after = neighbour(i, 1)
        if ch == _LAM and after in ligatures:
            # Lam followed by alef is one glyph; it joins only towards the lam's side.
            lig = ligatures[after].get("final" if joins_before else "isolated")
            if lig and has_glyph(lig):
                out.append(lig)
                # skip to the alef, keeping marks that sit between them
                j = i + 1
                while text[j] != after:
                    out.append(text[j])
                    j += 1
                i = j + 1
                continue
        joins_after = after is not None and _joins_both_ways(ch, forms) and _joins_right(after, forms)
        form = {(True, True): "medial", (True, False): "final",
                (False, True): "initial", (False, False): "isolated"}[(joins_before, joins_after)]
        shaped = forms.get(ch, {}).get(form)
        out.append(shaped if shaped and has_glyph(shaped) else ch)
        i += 1
    return "".join(out)


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _visual_order(line: str) -> str:
    try:
        from bidi import get_display
    except ImportError:  # pragma: no cover - the dependency is declared; this keeps a broken install printing
        return _reverse_rtl_runs(line)
    return str(get_display(line))


def _reverse_rtl_runs(line: str) -> str:
    # Last resort without python-bidi: reverse each stretch from the first to the last
    # right-to-left letter. Right for names and short phrases, which is what sheets hold.
    return re.sub(f"{_RTL.pattern}(?:[^A-Za-z0-9]*{_RTL.pattern})*", lambda m: m.group(0)[::-1], line)


def visual(text: str) -> str:
    """Cleaned text with Arabic shaped and every line in visual (left-to-right drawing) order.

    Lines are reordered one by one; a right-to-left paragraph that reportlab later wraps
    onto several lines keeps its words in order within a line but its lines run top-down
    in the order of the reordered text (a known limit of drawing without a layout engine).
    """
    if not _RTL.search(text):
        return text
    shaped = shape_arabic(text, lambda ch: covers(REGULAR, ch))
    return "\n".join(_visual_order(line) if _RTL.search(line) else line for line in shaped.split("\n"))


# -- font runs ------------------------------------------------------------------------------

_DROP_AFTER_MISSING = ("Mn", "Me", "Sk", "Cf")
_REGIONAL = range(0x1F1E6, 0x1F200)


def runs(text: str, base: str = REGULAR) -> Iterator[tuple[str, str]]:
    """(font, text) runs for already cleaned, visual-order text.

    Characters no bundled font has become one U+FFFD each; the modifiers, joiners and
    variation selectors that belong to such a character (emoji sequences) are folded
    into the same replacement, so "👍🏽" prints as one "�", not three.
    """
    if text.isascii():
        yield base, text
        return
    base_cov = _register(base)
    regular_cov = _register(REGULAR)
    current_font = base
    buf: list[str] = []
    last_missing = False
    joiner_pending = False
    previous_regional = False
    for ch in text:
        cp = ord(ch)
        if ch == " " and buf:
            font = current_font  # every bundled font has a space; don't split runs on it
        elif cp in base_cov or ch == "\n":
            font = base
        elif cp in regular_cov:
            font = REGULAR  # DejaVu Bold has fewer glyphs than Book; keep the letter right
        elif cp in _register(FALLBACK):
            font = FALLBACK
        else:
            font = ""
        if ch in "\u200c\u200d":
            joiner_pending = last_missing
            continue
        if font == "":
            category = unicodedata.category(ch)
            regional = cp in _REGIONAL
            if last_missing and (joiner_pending or category in _DROP_AFTER_MISSING
                                 or (regional and previous_regional)):
                joiner_pending = False
                previous_regional = False
                continue
            if category in ("Mn", "Me") and 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
                continue  # a variation selector after a glyph we have: nothing to draw
            previous_regional = regional
            last_missing = True
            ch, font = REPLACEMENT, REGULAR
        else:
            last_missing = False
            previous_regional = False
        joiner_pending = False
        if font != current_font and buf:
            yield current_font, "".join(buf)
            buf = []
        current_font = font
        buf.append(ch)
    if buf:
        yield current_font, "".join(buf)


def prepare(text: str | None) -> str:
    """Cleaned, shaped, visually ordered text (before splitting into runs)."""
    return visual(clean(text))


def markup(text: str | None, font: str = REGULAR, para_font: str | None = None) -> str:
    """Paragraph markup for user text set in ``font`` inside a paragraph whose style font is
    ``para_font`` (default: the same): escaped runs, an explicit font tag on every run in
    another font, ``<br/>`` for line breaks.

    Bold spans use font tags rather than ``<b>``, because ``<b>`` would turn a run that
    falls back to the regular face (DejaVu Bold lacks some glyphs) back into bold.
    """
    para_font = para_font or font
    parts = []
    for run_font, run in runs(prepare(text), font):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if run_font == para_font else f'<font name="{run_font}">{escaped}</font>')
    return "".join(parts)


def needs_cjk_wrap(text: str) -> bool:
    # Chinese and Japanese have no spaces; such a paragraph must break between characters.
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


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
    pieces = list(runs(line, font))
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
        """``style``, switched to character wrapping when the text is Chinese or Japanese."""
        if not needs_cjk_wrap(text):
            return style
        return _cjk_variant(style)


_cjk_cache: dict[int, ParagraphStyle] = {}


def _cjk_variant(style: ParagraphStyle) -> ParagraphStyle:
    key = id(style)
    variant = _cjk_cache.get(key)
    if variant is None or variant.parent is not style:
        variant = ParagraphStyle(style.name + "-cjk", parent=style, wordWrap="CJK")
        _cjk_cache[key] = variant
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
    "BOLD", "FALLBACK", "REGULAR", "REPLACEMENT", "Styles", "TA_CENTER", "TA_LEFT", "TA_RIGHT",
    "accent_colour", "clean", "covers", "draw_text", "fit", "make_styles", "markup", "prepare",
    "register_fonts", "runs", "shape_arabic", "text_width", "tint", "visual",
]
