"""Reading one scanned page: its QR code, which way up it is, blank or not, and what to keep.

The QR code is the page's anchor. zxing-cpp finds it in any rotation; the direction from
its top-left to its top-right corner gives the page's exact angle, so a page fed upside
down or a few degrees askew is turned upright. The code's size and centre also give a
frame that is the same on every scan of the same sheet, whatever the copier's resolution
or margins: the fingerprint (the page's ink, drawn small in that frame) compares two
scans of one sheet as equal and two different handwritten sheets as different.

The kept image is grey JPEG at about 120 dpi with the paper's grey and noise cleaned to
white: handwriting stays readable and a page costs some tens of kB.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass

import zxingcpp
from PIL import Image, ImageChops, ImageFilter, ImageOps

from gdb_facilitator.core.services.codes import code_from_input

# Long side of the kept image: an A4 page at about 120 dpi.
KEEP_LONG_SIDE = 1400
JPEG_QUALITY = 60
# The fingerprint's frame around the QR code, in QR sizes (the worksheet's and the result
# sheet's code sit top right; this covers the whole A4 or Letter page around it).
FRAME = (-6.3, -1.9, 1.9, 9.5)  # left, top, right, bottom
FRAME_UNIT = 36  # fingerprint pixels per QR size
# A scan of the same sheet may be off by this many fingerprint pixels (QR size measured to a
# pixel, a residual tilt); ink further away than that is new ink.
TOLERANCE = 2
# Ink is "missing" on the other scan when that is this many grey levels brighter there
# (light printed rules that a washed-out scan loses stay below it; pen strokes do not).
MISSING_LEVEL = 140
# Missing ink that still counts as "the same sheet". Measured on the synthetic copier:
# the same sheet scanned twice (upside down, askew, washed out) differs by at most ~12
# pixels; one extra handwritten line, even washed out, by 80 or more.
SAME_MAX_PIXELS = 40
# A page without a code is an empty back when less than this share of it carries ink.
BLANK_INK_SHARE = 0.0015
BLANK_MARGIN = 0.04  # copier shadows at the edges are not ink


@dataclass(frozen=True)
class PageAnalysis:
    """What one page says; no database involved."""

    payload: str  # the QR text ("" when none was read)
    code: str | None  # the team code in it (None: no code, or not one of ours)
    blank: bool
    turned: float  # degrees the page was turned to stand upright
    jpeg: bytes  # the kept image (upright, cleaned); b"" for a blank page
    width: int
    height: int
    digest: str  # sha256 of the page as rendered: the same file read twice
    fingerprint: bytes  # 1-bit PNG of the ink in the QR's frame; b"" without a QR

    @property
    def has_qr(self) -> bool:
        return bool(self.payload)


@dataclass(frozen=True)
class _Found:
    payload: str
    code: str | None
    corners: tuple[tuple[float, float], ...]  # top-left, top-right, bottom-right, bottom-left

    @property
    def size(self) -> float:
        (x0, y0), (x1, y1) = self.corners[0], self.corners[1]
        return math.hypot(x1 - x0, y1 - y0)

    @property
    def angle(self) -> float:
        (x0, y0), (x1, y1) = self.corners[0], self.corners[1]
        return math.degrees(math.atan2(y1 - y0, x1 - x0))

    @property
    def centre(self) -> tuple[float, float]:
        return (sum(p[0] for p in self.corners) / 4, sum(p[1] for p in self.corners) / 4)


def _read(image: Image.Image) -> list[_Found]:
    found = []
    for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        if not r.valid or not r.text:
            continue
        p = r.position
        corners = tuple((float(q.x), float(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        found.append(_Found(r.text, code_from_input(r.text), corners))
    return found


def find_codes(image: Image.Image, *, harder: bool = True) -> list[_Found]:
    """Every QR code on the page; ``harder`` tries again on a faint or grainy scan."""
    found = _read(image)
    if found or not harder:
        return found
    # Low contrast: stretch the grey levels; grain: smooth it out at half the size.
    stretched = ImageOps.autocontrast(image, cutoff=1)
    found = _read(stretched)
    if found:
        return found
    half = stretched.reduce(2).filter(ImageFilter.MedianFilter(3))
    return [_Found(f.payload, f.code, tuple((x * 2, y * 2) for x, y in f.corners)) for f in _read(half)]


def _levels(image: Image.Image) -> tuple[int, int]:
    """The paper's grey and the ink's: the most common bright level and a dark percentile."""
    hist = image.histogram()
    total = sum(hist)
    paper = max(range(128, 256), key=lambda v: hist[v])
    dark_target = total * 0.005
    seen = 0
    ink = 0
    for value, count in enumerate(hist):
        seen += count
        if seen >= dark_target:
            ink = value
            break
    return paper, ink


def _clean(image: Image.Image) -> Image.Image:
    """Paper to white, ink to black: the copier's grey, noise and low contrast go."""
    paper, ink = _levels(image)
    white = max(paper - 18, 40)
    black = min(ink, white - 90)
    black = max(black, 0)
    span = max(white - black, 1)
    lut = [0 if v <= black else 255 if v >= white else round((v - black) * 255 / span) for v in range(256)]
    return image.point(lut)


def is_blank(image: Image.Image) -> bool:
    """True for an empty page (a two-sided scan's back): hardly any ink, away from the edges."""
    small = image.copy()
    small.thumbnail((700, 700), Image.Resampling.BOX)
    w, h = small.size
    mx, my = int(w * BLANK_MARGIN), int(h * BLANK_MARGIN)
    inner = small.crop((mx, my, w - mx, h - my)).filter(ImageFilter.MedianFilter(3))
    paper, _ink = _levels(inner)
    threshold = paper - 40
    hist = inner.histogram()
    dark = sum(hist[: max(threshold, 0)])
    return dark < BLANK_INK_SHARE * inner.width * inner.height


def _rotate_point(x: float, y: float, angle: float, size: tuple[int, int],
                  new_size: tuple[int, int]) -> tuple[float, float]:
    """Where (x, y) lands after ``Image.rotate(angle, expand=True)`` (counter-clockwise on screen)."""
    a = math.radians(angle)
    cx, cy = size[0] / 2, size[1] / 2
    dx, dy = x - cx, y - cy
    rx = dx * math.cos(a) + dy * math.sin(a)
    ry = -dx * math.sin(a) + dy * math.cos(a)
    return rx + new_size[0] / 2, ry + new_size[1] / 2


def upright(image: Image.Image, anchor: _Found) -> tuple[Image.Image, float, tuple[float, float], float]:
    """The page turned so that its QR code stands upright; returns the image, the angle,
    and the code's centre and size in the turned image.

    A quarter turn is an exact transpose; the remaining tilt of a few degrees is turned
    within the page's frame (the corners it cuts are margin), so the page keeps its size.
    """
    angle = anchor.angle
    quarter = round(angle / 90) % 4
    rest = angle - round(angle / 90) * 90
    turned = image
    centre = anchor.centre
    if quarter:
        turned = image.transpose({1: Image.Transpose.ROTATE_90, 2: Image.Transpose.ROTATE_180,
                                  3: Image.Transpose.ROTATE_270}[quarter])
        centre = _rotate_point(*centre, quarter * 90, image.size, turned.size)
    if abs(rest) >= 0.25:  # less is not worth the blur of resampling
        paper, _ink = _levels(turned)
        before = turned.size
        turned = turned.rotate(rest, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=paper)
        centre = _rotate_point(*centre, rest, before, before)
    return turned, angle, centre, anchor.size


def fingerprint(clean: Image.Image, centre: tuple[float, float], size: float) -> bytes:
    """The page in the frame around its QR code, small and grey (PNG, a few kB)."""
    left, top, right, bottom = FRAME
    cx, cy = centre
    box = (cx + left * size, cy + top * size, cx + right * size, cy + bottom * size)
    out = (round((right - left) * FRAME_UNIT), round((bottom - top) * FRAME_UNIT))
    # A box that reaches past the scan's edge gets white there, not black.
    native = (max(1, round(box[2] - box[0])), max(1, round(box[3] - box[1])))
    # thickened first, so that a pen stroke thinner than a fingerprint pixel stays dark in it
    framed = clean.filter(ImageFilter.MinFilter(3)).transform(native, Image.Transform.EXTENT, box, resample=Image.Resampling.BILINEAR,
                             fillcolor=255)
    small = framed.resize(out, Image.Resampling.BOX)
    # 16 grey levels are plenty to compare and keep the PNG small
    small = small.point(lambda v: min(255, (v // 16) * 17))
    buffer = io.BytesIO()
    small.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _grey(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as img:
        return img.convert("L")


def difference(a: bytes, b: bytes) -> int:
    """How much ink one fingerprint has that the other lacks nearby (pixels, the larger of
    the two ways): new writing counts, a stroke a little fainter or shifted does not."""
    ga, gb = _grey(a), _grey(b)
    if ga.size != gb.size:
        return ga.width * ga.height
    grow = ImageFilter.MinFilter(2 * TOLERANCE + 1)  # darkest nearby: ink spreads by the tolerance
    worst = 0
    for one, other in ((ga, gb), (gb, ga)):
        missing = ImageChops.subtract(other.filter(grow), one)  # bright there, dark here
        worst = max(worst, sum(missing.histogram()[MISSING_LEVEL:]))
    return worst


def same_sheet(a: bytes, b: bytes) -> bool:
    """True when two fingerprints show the same sheet (scanned twice), False for two
    different sheets, even of one team."""
    if not a or not b:
        return False
    return difference(a, b) <= SAME_MAX_PIXELS


def _reduced(image: Image.Image) -> tuple[Image.Image, float]:
    """The page at the kept size (box-averaged: also takes out much of the grain)."""
    factor = min(1.0, KEEP_LONG_SIDE / max(image.size))
    if factor >= 1.0:
        return image, 1.0
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.BOX), factor


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def analyse(image: Image.Image) -> PageAnalysis:
    """Read one page (grey or colour) and prepare what the event keeps of it."""
    grey = image if image.mode == "L" else image.convert("L")
    digest = hashlib.sha256(grey.tobytes()).hexdigest()
    small, factor = _reduced(grey)
    found = find_codes(grey, harder=False)
    if not found:
        if is_blank(small):
            return PageAnalysis("", None, True, 0.0, b"", grey.width, grey.height, digest, b"")
        found = find_codes(grey)
    ours = [f for f in found if f.code is not None]
    anchor = max(ours or found, key=lambda f: f.size) if found else None
    if anchor is None:
        clean = _clean(small.filter(ImageFilter.MedianFilter(3)))
        return PageAnalysis("", None, False, 0.0, _jpeg(clean), clean.width, clean.height, digest, b"")
    scaled = _Found(anchor.payload, anchor.code, tuple((x * factor, y * factor) for x, y in anchor.corners))
    turned, angle, centre, size = upright(small, scaled)
    clean = _clean(turned.filter(ImageFilter.MedianFilter(3)))
    return PageAnalysis(anchor.payload[:2000], anchor.code, False, angle, _jpeg(clean), clean.width,
                        clean.height, digest, fingerprint(clean, centre, size))
