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
    if text.isascii():  # nothing to take apart (most names; a list of 130 at every refresh)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    # No character below U+0300 combines: only the rest needs the look-up.
    return "".join(c for c in decomposed if c < "\u0300" or not unicodedata.combining(c)).casefold()


def umlaut_spelling(text: str) -> str:
    """German umlauts spelled out ("Müller" → "Mueller"): German users type "mueller" for
    Müller as often as "muller", so a search matches both spellings."""
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace(
        "Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each character of it, the index in ``text`` it came from.

    Folding changes lengths ("ß" → "ss", a combining accent disappears), so a match found
    in the folded text is mapped back to the characters the user typed through this list.
    """
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin
