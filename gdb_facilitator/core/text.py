"""Comparing names as people do: case and accents do not count."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent, but that
# people file and search under one ("Łukasz" under L, "Sørensen" as "sorensen").
_BASE_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
    "ð": "d", "Ð": "d", "ħ": "h", "Ħ": "h", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "þ": "th", "Þ": "th", "ı": "i",
})


def fold(text: str) -> str:
    """Lower-case, without accents: "Müller" → "muller", "Sørensen" → "sorensen".

    The key for search-as-you-type and for alphabetical lists (DIN 5007-1 style: "Äpfel"
    files under A, "ß" as "ss").
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
