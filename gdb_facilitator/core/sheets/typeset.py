"""Fonts, font fallback, shaping and right-to-left order for every PDF the app makes.

The one place where text meets the fonts. The steps, for every string a user typed:

1. **A face per character.** A character of a script with its own Noto face (Arabic, Hebrew,
   Devanagari, Thai, Chinese/Japanese/Korean) goes to that face; everything else to DejaVu Sans,
   then down the chain (the script faces, Noto Emoji, Droid Sans Fallback for rare Han). Bold
   text takes the bold face of the same family when there is one. A combining mark stays in the
   face of its letter. Nothing at all: U+FFFD, visible.
2. **Shaping.** Runs in a face that needs it (Arabic joining, Devanagari conjuncts and vowel
   signs, Thai marks, emoji sequences) go through HarfBuzz (``uharfbuzz``). reportlab draws
   characters, not glyph ids, so each glyph HarfBuzz picks becomes a character of that face: the
   character the face maps to it, or a private-use code point registered on the face for glyphs
   without one (a conjunct, a joined Arabic form). Widths come from the glyphs' own advances, so
   reportlab measures and wraps shaped text correctly.
3. **Right-to-left order at drawing time.** Text is laid out (wrapped) in logical order, so a
   right-to-left paragraph breaks its lines where a reader expects them; each finished line is
   put into visual order with the Unicode bidi algorithm (``python-bidi``) only when drawn:
   :class:`BidiParagraph` for paragraphs, :func:`visual_pieces` for single lines on the canvas.
   Shaped right-to-left runs are stored reversed (logical order of glyphs), and every character
   of such a run counts as a strong right-to-left letter when the line is ordered, so HarfBuzz's
   glyph order comes back exactly.

reportlab's own shaping (``ParagraphStyle.shaping``) shapes a word with the font of its first
fragment and needs ``rlbidi`` for right-to-left text (not on PyPI); it cannot mix faces inside a
word, which per-character fallback needs. So the shaping is done here, before reportlab sees the
text, with the same library.
"""

from __future__ import annotations

import bisect
import logging
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from gdb_facilitator.paths import resource

log = logging.getLogger(__name__)
REPLACEMENT = "\ufffd"

# reportlab writes each embedded subset's ToUnicode map in one module function; ours adds the
# letters behind shaped glyphs (see _to_unicode_cmap). Same signature, same output otherwise.
if hasattr(ttfonts, "makeToUnicodeCMap"):
    ttfonts.makeToUnicodeCMap = lambda fontname, subset: _to_unicode_cmap(fontname, subset)


@dataclass(frozen=True)
class Family:
    key: str
    regular: str
    bold: str | None = None
    shaped: bool = False  # needs HarfBuzz
    rtl: bool = False

    @property
    def regular_name(self) -> str:
        return f"GDB-{self.key}"

    @property
    def bold_name(self) -> str | None:
        return f"GDB-{self.key}-Bold" if self.bold else None


SANS = Family("Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
ARABIC = Family("Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", shaped=True, rtl=True)
HEBREW = Family("Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", shaped=True, rtl=True)
DEVANAGARI = Family("Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", shaped=True)
THAI = Family("Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf", shaped=True)
CJK = Family("CJK", "NotoSansCJKsc-Regular-subset.ttf", "NotoSansCJKsc-Bold-subset.ttf")
EMOJI = Family("Emoji", "NotoEmoji-Regular.ttf", shaped=True)
LAST = Family("Fallback", "DroidSansFallback.ttf")  # the whole basic Han block, regular only

CHAIN = (SANS, ARABIC, HEBREW, DEVANAGARI, THAI, CJK, EMOJI, LAST)
REGULAR, BOLD, FALLBACK = SANS.regular_name, SANS.bold_name, LAST.regular_name

_FAMILY_OF: dict[str, Family] = {}
_FILE_OF: dict[str, str] = {}
for _family in CHAIN:
    _FAMILY_OF[_family.regular_name] = _family
    _FILE_OF[_family.regular_name] = _family.regular
    if _family.bold:
        _FAMILY_OF[_family.bold_name] = _family
        _FILE_OF[_family.bold_name] = _family.bold
BOLD_FACES = frozenset(f.bold_name for f in CHAIN if f.bold)

# The scripts that have a face of their own, by code point range.
_SCRIPT_RANGES = (
    (0x0590, 0x05FF, HEBREW), (0xFB1D, 0xFB4F, HEBREW),
    (0x0600, 0x06FF, ARABIC), (0x0750, 0x077F, ARABIC), (0x0870, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC), (0xFE70, 0xFEFF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI), (0xA8E0, 0xA8FF, DEVANAGARI), (0x1CD0, 0x1CFF, DEVANAGARI),
    (0x0E00, 0x0E7F, THAI),
    (0x1100, 0x11FF, CJK), (0x2E80, 0x2FDF, CJK), (0x3000, 0x303F, CJK), (0x3040, 0x31FF, CJK),
    (0x3400, 0x4DBF, CJK), (0x4E00, 0x9FFF, CJK), (0xA960, 0xA97F, CJK), (0xAC00, 0xD7FF, CJK),
    (0xF900, 0xFAFF, CJK), (0xFF00, 0xFFEF, CJK), (0x20000, 0x3FFFF, CJK),
)

_lock = threading.RLock()
_fonts: dict[str, TTFont] = {}
_coverage: dict[str, frozenset[int]] = {}
_private: dict[tuple[str, int], str] = {}  # (face, glyph id) -> private-use character
_private_text: dict[tuple[str, str], str] = {}  # (face, private-use character) -> its letters
_FACE_BY_PDF_NAME: dict[str, str] = {}  # the font's name inside the PDF -> our face name
_hb: dict[str, object] = {}


def _register(name: str) -> frozenset[int]:
    cov = _coverage.get(name)
    if cov is not None:
        return cov
    with _lock:
        if name not in _coverage:
            font = TTFont(name, str(resource("fonts", _FILE_OF[name])), shapable=False)
            pdfmetrics.registerFont(font)
            _fonts[name] = font
            pdf_name = font.face.name
            _FACE_BY_PDF_NAME[pdf_name.decode("latin-1") if isinstance(pdf_name, bytes) else pdf_name] = name
            _coverage[name] = frozenset(font.face.charToGlyph)
        return _coverage[name]


def register_fonts() -> None:
    """Register the base family (idempotent). The other faces are registered when a text
    first needs them: parsing a face costs up to 60 ms."""
    _register(REGULAR)
    _register(BOLD)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def load_all_fonts() -> None:
    """Every face parsed now (before a sandboxed or timed run)."""
    register_fonts()
    for name in _FILE_OF:
        _register(name)
        if _FAMILY_OF[name].shaped:
            _hb_font(name)


def covers(font: str, ch: str) -> bool:
    """Whether the bundled face ``font`` has a glyph for ``ch``."""
    return ord(ch) in _register(font)


def face_file(font: str) -> str:
    return _FILE_OF[font]


def is_rtl_face(font: str) -> bool:
    return font in _FILE_OF and _FAMILY_OF[font].rtl


# -- a face per character ----------------------------------------------------------------------


def _script_family(cp: int) -> Family | None:
    if cp < 0x0590:
        return None
    for start, end, family in _SCRIPT_RANGES:
        if start <= cp <= end:
            return family
    return None


_NEUTRAL_CLASSES = frozenset({"EN", "AN", "ES", "ET", "CS", "ON", "WS", "B", "S"})


@lru_cache(maxsize=8192)
def face_for(ch: str, bold: bool) -> str | None:
    """The face that draws ``ch`` (bold if asked and the family has a bold face), or None."""
    cp = ord(ch)
    family = _script_family(cp)
    order: list[Family] = list(CHAIN)
    if family is not None:
        if family.rtl and unicodedata.bidirectional(ch) in _NEUTRAL_CLASSES and cp in _register(REGULAR):
            # Digits and punctuation of right-to-left scripts keep their own bidi class only
            # outside a right-to-left face (see the module text, step 3).
            family = SANS
        order.remove(family)
        order.insert(0, family)
    for fam in order:
        if bold and fam.bold and cp in _register(fam.bold_name):
            return fam.bold_name
        if cp in _register(fam.regular_name):
            return fam.regular_name
    return None


_JOINERS = "\u200c\u200d"
_REGIONAL = range(0x1F1E6, 0x1F200)
_DROP_AFTER_MISSING = ("Mn", "Me", "Sk", "Cf")


def font_runs(text: str, base: str = REGULAR) -> Iterator[tuple[str, str]]:
    """(face, text) runs of cleaned logical text, before shaping.

    Characters no face has become one U+FFFD each; the modifiers, joiners and variation
    selectors that belong to such a character (emoji sequences) fold into the same
    replacement, so an unknown sequence prints as one "�", not three.
    """
    if text.isascii():
        yield base, text
        return
    bold = base in BOLD_FACES
    current = base
    buf: list[str] = []
    last_missing = False
    joiner_pending = False
    previous_regional = False
    for ch in text:
        cp = ord(ch)
        category = unicodedata.category(ch)
        if (ch == " " and buf or ch == "\n") and cp in _register(current) and current != EMOJI.regular_name:
            font = current  # don't split runs on a space (Noto Emoji's space is an em wide)
        elif (category in ("Mn", "Me") or ch in _JOINERS or 0xFE00 <= cp <= 0xFE0F
              or 0x1F3FB <= cp <= 0x1F3FF) and buf and cp in _register(current):
            font = current  # a mark, joiner or modifier stays with its letter
        elif cp < 0x250 and cp in _register(base):
            font = base
        else:
            font = face_for(ch, bold) or ""
        if font == "":
            regional = cp in _REGIONAL
            if ch in _JOINERS:
                joiner_pending = last_missing
                continue
            if last_missing and (joiner_pending or category in _DROP_AFTER_MISSING
                                 or (regional and previous_regional)):
                joiner_pending = previous_regional = False
                continue
            if category in ("Mn", "Me") and 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
                continue  # a variation selector after a glyph we have: nothing to draw
            previous_regional = regional
            last_missing = True
            ch, font = REPLACEMENT, (BOLD if bold and ord(REPLACEMENT) in _register(BOLD) else REGULAR)
        else:
            last_missing = previous_regional = joiner_pending = False
        if font != current and buf:
            yield current, "".join(buf)
            buf = []
        current = font
        buf.append(ch)
    if buf:
        yield current, "".join(buf)


# -- shaping -----------------------------------------------------------------------------------


def _hb_font(name: str):
    font = _hb.get(name)
    if font is None:
        import uharfbuzz

        with _lock:
            font = _hb.get(name)
            if font is None:
                _register(name)
                face = uharfbuzz.Face(uharfbuzz.Blob(_fonts[name].face._ttf_data))
                font = uharfbuzz.Font(face)
                _hb[name] = font
    return font


def _glyph_char(name: str, gid: int, wanted: Sequence[str]) -> str:
    """A character that reportlab draws as glyph ``gid`` of face ``name``."""
    # Only basic-plane characters: reportlab writes a PDF's ToUnicode entries with four hex
    # digits, so an emoji's code point would come back out of the PDF as a wrong letter.
    face = _fonts[name].face
    for ch in wanted:
        if ord(ch) <= 0xFFFF and face.charToGlyph.get(ord(ch)) == gid:
            return ch
    for cp in face.glyphToChar.get(gid, ()):
        if cp <= 0xFFFF and not 0xE000 <= cp <= 0xF8FF:
            return chr(cp)
    key = (name, gid)
    ch = _private.get(key)
    if ch is None:
        with _lock:
            ch = _private.get(key)
            if ch is None:
                cp = 0xE000  # private use; a PDF's ToUnicode map holds only the basic plane
                while cp in face.charToGlyph:
                    cp += 1
                if cp > 0xF8FF:
                    return REPLACEMENT
                hb = _hb_font(name)
                face.charToGlyph[cp] = gid
                face.glyphToChar.setdefault(gid, []).append(cp)
                face.charWidths[cp] = hb.get_glyph_h_advance(gid) * 1000 / hb.face.upem
                ch = _private[key] = chr(cp)
    return ch


def is_private(ch: str) -> bool:
    return 0xE000 <= ord(ch) <= 0xF8FF or 0xF0000 <= ord(ch) <= 0xFFFFD


def needs_shaping(font: str) -> bool:
    return font in _FILE_OF and _FAMILY_OF[font].shaped


@lru_cache(maxsize=4096)
def shape(font: str, text: str) -> str:
    """``text`` (one run of one face) as the characters of the glyphs HarfBuzz chose; a
    right-to-left run comes back in logical order of its glyphs (reversed visual order)."""
    import uharfbuzz

    hb = _hb_font(font)
    buf = uharfbuzz.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(hb, buf, {"kern": True, "liga": True})
    infos = buf.glyph_infos
    starts = sorted({info.cluster for info in infos}) + [len(text)]
    out = []
    clusters: dict[int, list[int]] = {}
    for info in infos:
        if info.codepoint == 0:  # HarfBuzz found no glyph: the face choice said it has one
            out.append(REPLACEMENT)
            continue
        end = starts[bisect.bisect_right(starts, info.cluster)] if info.cluster < len(text) else len(text)
        out.append(_glyph_char(font, info.codepoint, text[info.cluster:end]))
        clusters.setdefault(info.cluster, []).append(len(out) - 1)
    for start, indices in clusters.items():
        _remember_text(font, [out[i] for i in indices],
                       text[start:starts[bisect.bisect_right(starts, start)]])
    shaped = "".join(out)
    return shaped[::-1] if buf.direction == "rtl" else shaped


@lru_cache(maxsize=1)
def _can_shape() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:  # pragma: no cover - a declared dependency; a broken install still prints
        log.warning("uharfbuzz is missing: Arabic, Devanagari and Thai print unshaped")
        return False
    return True


def _remember_text(font: str, glyphs: list[str], cluster: str) -> None:
    """What a private-use glyph stands for (the letters of its cluster that no other glyph of
    the cluster shows), for the PDF's ToUnicode map: copying or searching a shaped name in a
    PDF reader then gives the letters typed, not private-use code points."""
    private = [ch for ch in glyphs if is_private(ch)]
    if not private or (font, private[0]) in _private_text:
        return
    rest = list(cluster)
    for ch in glyphs:
        if ch in rest and not is_private(ch):
            rest.remove(ch)
    if rest:
        _private_text[(font, private[0])] = "".join(rest)


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode CMap, with the letters behind private-use glyphs and with
    characters beyond the basic plane written as UTF-16 pairs."""
    face = _FACE_BY_PDF_NAME.get(fontname.split("+")[-1])
    entries = []
    for i, cp in enumerate(subset):
        text = _private_text.get((face, chr(cp))) if face else None
        entries.append("<%02X> <%s>" % (i, (text or chr(cp)).encode("utf-16-be", "surrogatepass").hex().upper()))
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *entries, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def shaped_runs(text: str, base: str = REGULAR) -> Iterator[tuple[str, str]]:
    """Font runs with the shaping applied (still logical order)."""
    for font, run in font_runs(text, base):
        if needs_shaping(font) and run.strip() and _can_shape():
            yield font, shape(font, run)
        else:
            yield font, run


# -- right-to-left order ------------------------------------------------------------------------

_STRONG_RTL = "\u05d0"


def _proxy(ch: str, font: str) -> str:
    """The character whose bidi class ``ch`` stands for when the line is ordered."""
    if ch == " ":
        return ch
    if is_rtl_face(font):
        return _STRONG_RTL
    if is_private(ch):
        return "a"
    if unicodedata.bidirectional(ch) == "BN":
        return " "
    return ch


def has_rtl(pieces: Sequence[tuple[str, str]]) -> bool:
    for font, text in pieces:
        if is_rtl_face(font) and text.strip():
            return True
        for ch in text:
            if unicodedata.bidirectional(ch) in ("R", "AL", "RLE", "RLO", "RLI"):
                return True
    return False


def base_level(pieces: Sequence[tuple[str, str]]) -> int:
    """0 (left-to-right) or 1, from the first strong character (rule P2)."""
    for font, text in pieces:
        for ch in text:
            kind = unicodedata.bidirectional(_proxy(ch, font))
            if kind == "L":
                return 0
            if kind in ("R", "AL"):
                return 1
    return 0


def _levels(proxy: str, base: int) -> list[int]:
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    algorithm.get_embedding_levels(proxy, storage, False, False)
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [c["level"] for c in storage["chars"]]
    if len(levels) != len(proxy):  # a removed control character: keep the text, unordered
        return [base] * len(proxy)
    # L1: whitespace at the end of the line takes the paragraph level.
    i = len(proxy) - 1
    while i >= 0 and proxy[i] == " ":
        levels[i] = base
        i -= 1
    return levels


_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def visual_order(items: Sequence[tuple[int, str, str]], base: int) -> list[tuple[int, str]]:
    """``items`` = (tag, face, text) pieces of one line in logical order; returns (tag, text)
    pieces in visual (left-to-right drawing) order. Tags say which piece a part came from."""
    chars: list[tuple[int, str]] = []
    proxy: list[str] = []
    for tag, font, text in items:
        for ch in text:
            chars.append((tag, ch))
            proxy.append(_proxy(ch, font))
    if not chars:
        return []
    levels = _levels("".join(proxy), base)
    order = list(range(len(chars)))
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    current = levels[:]
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if current[i] >= level:
                j = i
                while j < n and current[j] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                current[i:j] = current[i:j][::-1]
                i = j
            else:
                i += 1
    rtl_face = {tag: is_rtl_face(font) for tag, font, _text in items}
    out: list[tuple[int, str]] = []
    for index in order:
        tag, ch = chars[index]
        if levels[index] % 2 and not rtl_face[tag]:
            ch = ch.translate(_MIRROR)
        if out and out[-1][0] == tag:
            out[-1] = (tag, out[-1][1] + ch)
        else:
            out.append((tag, ch))
    return out


def visual_pieces(pieces: Sequence[tuple[str, str]], base: int | None = None) -> list[tuple[str, str]]:
    """(face, text) pieces of one line in drawing order."""
    if not has_rtl(pieces):
        return list(pieces)
    if base is None:
        base = base_level(pieces)
    items = [(i, font, text) for i, (font, text) in enumerate(pieces)]
    return [(pieces[tag][0], text) for tag, text in visual_order(items, base)]


# -- paragraphs ---------------------------------------------------------------------------------


class BidiParagraph(Paragraph):
    """A reportlab Paragraph that wraps in logical order and draws every line in visual
    order (see the module text). Without right-to-left text it is a plain Paragraph."""

    def drawPara(self, debug=0):
        logical = self.blPara
        visual = _visual_para(logical)
        if visual is logical:
            return super().drawPara(debug)
        self.blPara = visual
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical


def _visual_para(bl):
    lines = getattr(bl, "lines", None)
    if not lines:
        return bl
    if bl.kind == 0:
        font = bl.fontName
        texts = [" ".join(words) for _extra, words in lines]
        pieces = [(font, t) for t in texts]
        if not has_rtl(pieces):
            return bl
        base = base_level(pieces)
        new_lines = []
        for (extra, _words), text in zip(lines, texts):
            ordered = "".join(t for _tag, t in visual_order([(0, font, text)], base))
            new_lines.append((extra, ordered.split(" ")))
        return bl.clone(lines=new_lines)
    all_pieces = [(f.fontName, f.text) for line in lines for f in line.words
                  if not hasattr(f, "cbDefn") and hasattr(f, "text")]
    if not has_rtl(all_pieces):
        return bl
    base = base_level(all_pieces)
    new_lines = []
    for line in lines:
        words = line.words
        if any(hasattr(f, "cbDefn") or not hasattr(f, "text") for f in words):
            new_lines.append(line)
            continue
        items = [(i, f.fontName, f.text) for i, f in enumerate(words)]
        parts = visual_order(items, base)
        new_words = [words[tag].clone(text=text) for tag, text in parts]
        new_lines.append(line.clone(words=new_words) if hasattr(line, "clone") else _with_words(line, new_words))
    return bl.clone(lines=new_lines)


def _with_words(line, words):
    import copy

    new = copy.copy(line)
    new.words = words
    return new
