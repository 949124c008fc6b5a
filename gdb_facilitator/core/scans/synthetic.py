"""A made-up copier for tests, the benchmark and screenshots.

Turns the app's own worksheets (rendered from the PDF it prints) into what comes back
from a venue's copier: a few pen strokes per team, pages upside down or a little askew,
grain, washed-out contrast, empty backs of a two-sided scan, a sheet fed twice, a sheet
of another event, a code a coffee cup made unreadable. Seeded: the same seed gives the
same stack.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

SCAN_DPI = 200


def render_pdf(path: str | Path, dpi: int = SCAN_DPI) -> list[Image.Image]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def handwrite(page: Image.Image, seed: int, lines: int = 6) -> Image.Image:
    """Scribbled "words" in the writing area: different for every seed."""
    rng = random.Random(seed)
    out = page.copy()
    draw = ImageDraw.Draw(out)
    w, h = out.size
    y = int(h * 0.36)
    for _ in range(lines):
        x = int(w * 0.14) + rng.randint(0, 40)
        end = int(w * rng.uniform(0.5, 0.85))
        while x < end:
            word = rng.randint(30, 120)
            points = []
            for step in range(0, word, 6):
                points.append((x + step, y + rng.randint(-14, 14)))
            draw.line(points, fill=rng.randint(10, 60), width=3)
            x += word + rng.randint(18, 40)
        y += int(h * rng.uniform(0.045, 0.07))
    return out


def scan(page: Image.Image, seed: int, *, turn: float = 0.0, contrast: float = 1.0,
         noise: float = 6.0, paper: int = 238) -> Image.Image:
    """One pass through the copier: turned by ``turn`` degrees (180: fed upside down),
    contrast squeezed towards the paper's grey, grain of ``noise`` grey levels."""
    rng = random.Random(seed)
    out = page.point(lambda v: round(paper - (255 - v) * (paper - 20) / 255 * contrast))
    if turn:
        # a sheet fed sideways comes out landscape; a tilted one keeps the copier's frame
        sideways = abs(turn % 180 - 90) < 45
        out = out.rotate(turn, resample=Image.Resampling.BICUBIC, expand=sideways, fillcolor=paper)
    # the copier's drift: the sheet sits a few pixels off each time
    out = ImageChops.offset(out, rng.randint(-6, 6), rng.randint(-6, 6))
    if noise:
        grain = Image.effect_noise(out.size, noise)
        out = ImageChops.add(out, grain, 1.0, -128)
    return out


def blank_back(size: tuple[int, int], seed: int, noise: float = 6.0, paper: int = 238) -> Image.Image:
    """The empty back of a sheet, with grain and a speck of dust or two."""
    rng = random.Random(seed)
    out = Image.new("L", size, paper)
    draw = ImageDraw.Draw(out)
    for _ in range(rng.randint(0, 3)):
        x, y = rng.randint(0, size[0] - 10), rng.randint(0, size[1] - 10)
        draw.ellipse((x, y, x + 3, y + 3), fill=120)
    if noise:
        out = ImageChops.add(out, Image.effect_noise(size, noise), 1.0, -128)
    return out


def spill_on_code(page: Image.Image) -> Image.Image:
    """A coffee stain over the QR code's finder patterns: nobody can read that code."""
    from gdb_facilitator.core.scans.analysis import find_codes

    found = find_codes(page)
    out = page.copy()
    draw = ImageDraw.Draw(out)
    for f in found:
        xs = [p[0] for p in f.corners]
        ys = [p[1] for p in f.corners]
        draw.ellipse((min(xs) - 8, min(ys) - 8, max(xs) + 8, max(ys) + 8), fill=70)
    return out


def save_pdf(images: Iterable[Image.Image], path: str | Path, dpi: int = SCAN_DPI) -> Path:
    """The stack as one PDF, as the copier mails it."""
    images = list(images)
    path = Path(path)
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


@dataclass(frozen=True)
class StackPage:
    kind: str  # "team", "duplicate", "blank", "foreign", "unreadable"
    sheet: int  # index of the worksheet (team) it shows; -1 for blank/foreign


def make_stack(worksheets: list[Image.Image], foreign: Image.Image | None, count: int,
               seed: int = 1) -> tuple[list[Image.Image], list[StackPage]]:
    """A copier stack of ``count`` pages from the event's worksheets: the sheets in turn,
    each page with its own handwriting (a team's second sheet is a new sheet), every third
    upside down, the rest askew by up to 2.5 degrees, every seventh washed out, with empty
    backs after a fifth of the sheets, some sheets fed twice, and (for 12 pages or more)
    one sheet of another event and one whose code a stain made unreadable."""
    rng = random.Random(seed)
    pages: list[Image.Image] = []
    plan: list[StackPage] = []
    extra = 2 if count >= 12 else 0
    i = 0
    while len(pages) < count - extra:
        index = i % len(worksheets)
        written = handwrite(worksheets[index], seed * 100_000 + i)
        turn = 180.0 + rng.uniform(-1.5, 1.5) if i % 3 == 1 else rng.uniform(-2.5, 2.5)
        contrast = 0.45 if i % 7 == 3 else 1.0
        pages.append(scan(written, rng.randint(0, 10**9), turn=turn, contrast=contrast,
                          noise=rng.choice((4.0, 8.0, 12.0))))
        plan.append(StackPage("team", index))
        if i % 5 == 2 and len(pages) < count - extra:
            pages.append(blank_back(pages[-1].size, rng.randint(0, 10**9)))
            plan.append(StackPage("blank", -1))
        if i % 11 == 5 and len(pages) < count - extra:
            pages.append(scan(written, rng.randint(0, 10**9), turn=rng.uniform(-2, 2) + (180 if i % 2 else 0)))
            plan.append(StackPage("duplicate", index))
        i += 1
    if extra:
        stained = spill_on_code(handwrite(worksheets[0], seed + 7))
        pages.insert(count // 3, scan(stained, seed, turn=0.8))
        plan.insert(count // 3, StackPage("unreadable", 0))
        other = foreign if foreign is not None else worksheets[0]
        pages.insert(count // 2, scan(handwrite(other, seed), seed, turn=1.0))
        plan.insert(count // 2, StackPage("foreign" if foreign is not None else "team", -1 if foreign else 0))
    return pages, plan
