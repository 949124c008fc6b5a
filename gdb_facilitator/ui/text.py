"""Text helpers for the UI: accent- and case-blind search keys."""

from __future__ import annotations

import unicodedata

# Letters that NFKD does not split into base + accent.
_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i",
})


def fold(text: str) -> str:
    """Lower-case, without accents: "Müller" → "muller", "Sørensen" → "sorensen"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
