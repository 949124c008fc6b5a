"""A scanned worksheet printed as a page of its own (result sheets and the report)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable


class ScanImage(Flowable):
    """A stored page image, as large as the frame allows, upright, with a thin frame line
    so that the paper's edge shows against a white page."""

    def __init__(self, data: bytes, reserve: float = 0.0) -> None:
        super().__init__()
        self.reader = ImageReader(io.BytesIO(data))
        self.pixels = self.reader.getSize()
        self.reserve = reserve  # height left for the caption above
        self._size = (0.0, 0.0)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        width, height = self.pixels
        room = max(availHeight - self.reserve, 1.0)
        scale = min(availWidth / max(width, 1), room / max(height, 1))
        self._size = (width * scale, height * scale)
        return self._size

    def draw(self) -> None:
        width, height = self._size
        self.canv.drawImage(self.reader, 0, 0, width=width, height=height)
        self.canv.setStrokeColor(colors.Color(0.75, 0.75, 0.75))
        self.canv.setLineWidth(0.5)
        self.canv.rect(0, 0, width, height, stroke=1, fill=0)
