"""Where scanned pages come from: PDF files (rendered with pdfium), JPEG/PNG/TIFF images
(a TIFF may hold many pages), or folders of them.

Everything is checked before the first page is stored: a file that is no PDF or image,
a damaged or password-protected PDF, a missing path: the whole scan-in is refused with the
file named, and the event stays as it was.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from gdb_facilitator.core.errors import DomainError

log = logging.getLogger(__name__)

PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
SUFFIXES = PDF_SUFFIXES + IMAGE_SUFFIXES
# Copiers scan at 150-600 dpi; 200 is plenty for a QR code of 34 mm and for handwriting.
RENDER_DPI = 200
# A page larger than this (pixels on the long side) is scaled down before it is read:
# a 600-dpi A3 scan would otherwise take seconds and hundreds of MB per page.
MAX_SIDE = 3400
# Pillow's guard against decompression bombs, made an error we explain.
Image.MAX_IMAGE_PIXELS = 120_000_000


@dataclass(frozen=True)
class ScanFile:
    path: Path
    kind: str  # "pdf" or "image"
    pages: int


@dataclass(frozen=True)
class PageRef:
    file: ScanFile
    index: int  # 0-based within the file

    @property
    def name(self) -> str:
        return self.file.path.name

    @property
    def number(self) -> int:
        return self.index + 1


def _natural(path: Path) -> list:
    # "scan10.jpg" after "scan9.jpg", as the copier numbered them
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", path.name)]


def _files_in(folder: Path) -> list[Path]:
    found = [p for p in folder.iterdir()
             if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUFFIXES]
    return sorted(found, key=_natural)


def _pdf_pages(path: Path) -> int:
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise DomainError("scan_pdf_protected", path=str(path)) from exc
        raise DomainError("scan_file_unreadable", path=str(path), reason=str(exc)) from exc
    try:
        return len(doc)
    finally:
        doc.close()


def _image_pages(path: Path) -> int:
    try:
        with Image.open(path) as img:
            return max(1, int(getattr(img, "n_frames", 1)))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise DomainError("scan_file_unreadable", path=str(path), reason=str(exc) or type(exc).__name__) from exc


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[ScanFile]:
    """The files behind ``paths`` (files or folders, in the order given; a folder's files
    in natural name order), each with its page count. Raises DomainError naming the first
    path that is missing, of another kind, or cannot be read."""
    files: list[ScanFile] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = _files_in(path)
            if not inside:
                raise DomainError("scan_folder_empty", path=str(path), suffixes=" ".join(SUFFIXES))
            candidates = inside
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise DomainError("scan_file_kind", path=str(path), suffixes=" ".join(SUFFIXES))
            candidates = [path]
        else:
            raise DomainError("scan_file_missing", path=str(path))
        for file in candidates:
            key = file.resolve()
            if key in seen:
                continue
            seen.add(key)
            if file.suffix.lower() in PDF_SUFFIXES:
                files.append(ScanFile(file, "pdf", _pdf_pages(file)))
            else:
                files.append(ScanFile(file, "image", _image_pages(file)))
    return files


def page_refs(files: Iterable[ScanFile]) -> list[PageRef]:
    return [PageRef(f, i) for f in files for i in range(f.pages)]


def _fit(img: Image.Image) -> Image.Image:
    if max(img.size) > MAX_SIDE:
        img = img.copy()
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BOX)
    return img


def render_pages(files: Iterable[ScanFile]) -> Iterator[tuple[PageRef, Image.Image | None, str]]:
    """Each page as a grey image, one at a time (a 200-page PDF never sits in memory).

    A page that cannot be rendered yields None and the reason, so the caller can list it.
    """
    import pypdfium2

    for file in files:
        if file.kind == "pdf":
            doc = pypdfium2.PdfDocument(str(file.path))
            try:
                for index in range(file.pages):
                    ref = PageRef(file, index)
                    try:
                        page = doc[index]
                        width, height = page.get_size()
                        scale = RENDER_DPI / 72
                        longest = max(width, height) * scale
                        if longest > MAX_SIDE:
                            scale *= MAX_SIDE / longest
                        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                        page.close()
                    except Exception as exc:  # pdfium raises several kinds; the page is listed
                        log.warning("page %d of %s could not be rendered: %s", index + 1, file.path, exc)
                        yield ref, None, str(exc) or type(exc).__name__
                        continue
                    yield ref, image, ""
            finally:
                doc.close()
        else:
            try:
                handle = Image.open(file.path)
            except (UnidentifiedImageError, OSError) as exc:
                for index in range(file.pages):
                    yield PageRef(file, index), None, str(exc)
                continue
            with handle:
                for index in range(file.pages):
                    ref = PageRef(file, index)
                    try:
                        handle.seek(index)
                        image = ImageOps.exif_transpose(handle) if index == 0 else handle.copy()
                        image = _fit(image.convert("L"))
                    except (OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
                        yield ref, None, str(exc) or type(exc).__name__
                        continue
                    yield ref, image, ""
