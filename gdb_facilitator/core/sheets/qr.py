"""What a team's QR code says, and the code drawn as vector graphics.

The payload is the bare follow-up code, or the event's follow-up page with the code
appended when the city has one. Either way it holds nothing about a person.
"""

from __future__ import annotations

from urllib.parse import quote

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.platypus import Flowable

_SCHEMES = ("https://", "http://")


def qr_payload(code: str, follow_up_url: str = "") -> str:
    """The QR content for ``code``.

    ``follow_up_url`` may contain ``{code}`` where the code goes, end in ``=`` or ``/`` (the
    code is appended), or be a plain page (``?code=`` or ``&code=`` is appended). Only
    http(s) links are used; a bare host gets ``https://``; anything else (a typo, another
    scheme) falls back to the bare code, which the check-in accepts just as well.
    """
    url = "".join(follow_up_url.split())  # a URL has no spaces; a pasted one may have line breaks
    if not url:
        return code
    if not url.lower().startswith(_SCHEMES):
        if "://" in url or ":" in url.split("/")[0] or "." not in url.split("/")[0]:
            return code
        url = "https://" + url
    safe_code = quote(code, safe="")
    if "{code}" in url:
        return url.replace("{code}", safe_code)
    if url.endswith(("=", "/")):
        return url + safe_code
    base, hash_, fragment = url.partition("#")
    joined = base + ("&" if "?" in base else "?") + "code=" + safe_code
    return joined + hash_ + fragment


def error_level(payload: str) -> str:
    """Strongest error correction that keeps the symbol small: H for a bare code, then
    lower for longer payloads (pretix's steps), so a long URL does not turn into a dense
    grid of tiny modules."""
    if len(payload) <= 32:
        return "H"
    if len(payload) <= 128:
        return "M"
    return "L"


_LEVELS = {"H": ERROR_CORRECT_H, "M": ERROR_CORRECT_M, "L": ERROR_CORRECT_L}
QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR symbol's modules (True = dark), without the quiet zone."""
    qr = qrcode.QRCode(error_correction=_LEVELS[error_level(payload)], border=0)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr.get_matrix()


class QrFlowable(Flowable):
    """A vector QR code, ``size`` points square including the quiet zone.

    Drawn as one filled path of horizontal runs: reportlab's QrCodeWidget builds a shape
    object per run and costs ~0.1 s a code, which 200 sheets would notice.
    """

    def __init__(self, payload: str, size: float, colour: colors.Color = colors.black) -> None:
        super().__init__()
        self.payload = payload
        self.size = size
        self.colour = colour
        self.matrix = qr_matrix(payload)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.size / (count + 2 * QUIET_ZONE)
        c = self.canv
        c.setFillColor(colors.white)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        path = c.beginPath()
        for r, row in enumerate(self.matrix):
            y = self.size - (QUIET_ZONE + r + 1) * module
            col = 0
            while col < count:
                if row[col]:
                    start = col
                    while col < count and row[col]:
                        col += 1
                    path.rect((QUIET_ZONE + start) * module, y, (col - start) * module, module)
                else:
                    col += 1
        c.setFillColor(self.colour)
        # a hairline of the same colour closes the sub-pixel gaps some viewers show between runs
        c.setStrokeColor(self.colour)
        c.setLineWidth(0.05)
        c.drawPath(path, stroke=1, fill=1)
