"""Make the fonts in resources/fonts/ that the printed sheets embed (run by a developer, not at run time).

Sources (Debian packages, installed with apt-get only to get the files):

* fonts-noto-core: Noto Sans Arabic, Hebrew, Devanagari, Thai (Regular and Bold, TrueType).
* fonts-noto-cjk: Noto Sans CJK (Regular and Bold). These are CFF (PostScript) outlines, which
  reportlab cannot embed, so they are converted to TrueType outlines here.
* Noto Emoji (monochrome, OFL): the variable font "NotoEmoji[wght].ttf" (version 3.002) from
  Google's noto-emoji project, given with ``--emoji PATH``; instanced at weight 400. Debian has
  only the colour font; the copy used for the committed file came unmodified from the PyPI
  package manimgx-fonts 2026.9.26.post1 (``pip download --no-deps manimgx-fonts``). Colour emoji fonts (CBDT/COLR) cannot be embedded by
  reportlab, the monochrome outlines can.

Why subsets: the full CJK faces are 19 MB each (65,000 glyphs). The sheets print names and short
texts, so the CJK faces keep the characters of the national standard character sets (GB 2312 for
Chinese, JIS X 0208 for Japanese, the 2,350 Hangul syllables of KS X 1001 for Korean: 12,000
glyphs, 3.5 MB per weight instead of 5 MB with Big5 and Hanja) plus kana, Hangul jamo, CJK
punctuation and full-width forms. A rarer Han character (traditional Chinese) still prints: the
fallback chain ends in Droid Sans Fallback (regular only), which has the whole basic CJK block.
All faces lose their hinting (the PDF is printed or zoomed, never rasterised at screen size by us).

    python scripts/build_fonts.py --emoji /path/to/NotoEmoji[wght].ttf
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
SCRIPT_FACES = ["NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "NotoSansThai"]
CJK_FACE = "Noto Sans CJK SC"  # one regional face for all three languages; see the module text


def _options(layout: bool = True) -> subset.Options:
    options = subset.Options()
    options.hinting = False
    # CJK needs no shaping; its regional and vertical alternates would double the glyph count.
    options.layout_features = ["*"] if layout else []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables += ["DSIG"]
    return options


def _subset(font: TTFont, codepoints: set[int] | None, layout: bool = True) -> None:
    sub = subset.Subsetter(_options(layout))
    if codepoints is None:
        codepoints = set(font.getBestCmap())
    sub.populate(unicodes=codepoints)
    sub.subset(font)


def _cjk_codepoints() -> set[int]:
    chars: set[int] = set()
    for codec in ("gb2312", "euc_jp", "euc_kr"):
        for lead in range(0xA1, 0xFF):
            for trail in range(0xA1, 0xFF):
                try:
                    text = bytes([lead, trail]).decode(codec)
                except UnicodeDecodeError:
                    continue
                if codec == "euc_kr" and not "\uac00" <= text <= "\ud7a3":
                    continue  # Korean names are written in Hangul; the Hanja set adds 4,888 glyphs
                chars.update(ord(c) for c in text)
    ranges = [
        (0x3000, 0x303F),  # CJK punctuation
        (0x3040, 0x30FF),  # kana
        (0x31F0, 0x31FF),  # kana extensions
        (0x1100, 0x11FF), (0x3130, 0x318F),  # Hangul jamo
        (0xFF00, 0xFFEF),  # full-width forms
    ]
    for start, end in ranges:
        chars.update(range(start, end + 1))
    return {c for c in chars if c > 0x2000 or 0x1100 <= c <= 0x11FF} | {0x20, 0xA0}  # spaces stay in the run


def _to_truetype(font: TTFont) -> None:
    """CFF outlines to quadratic TrueType outlines (reportlab embeds only glyf fonts)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and reportlab does not need them
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"
    font.recalcBBoxes = True


def build(emoji: Path | None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for face in SCRIPT_FACES:
        for weight in ("Regular", "Bold"):
            font = TTFont(NOTO / f"{face}-{weight}.ttf")
            _subset(font, None)
            font.save(OUT / f"{face}-{weight}.ttf")
    cjk = _cjk_codepoints()
    for weight in ("Regular", "Bold"):
        collection = TTCollection(NOTO_CJK / f"NotoSansCJK-{weight}.ttc")
        font = next(f for f in collection.fonts if f["name"].getDebugName(1) == CJK_FACE)
        _subset(font, cjk, layout=False)
        _to_truetype(font)
        font.save(OUT / f"NotoSansCJKsc-{weight}-subset.ttf")
    if emoji:
        from fontTools.varLib import instancer

        font = TTFont(emoji)
        font = instancer.instantiateVariableFont(font, {"wght": 400})
        _subset(font, None)
        font.save(OUT / "NotoEmoji-Regular.ttf")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emoji", type=Path, help="NotoEmoji[wght].ttf (monochrome Noto Emoji)")
    build(parser.parse_args().emoji)
