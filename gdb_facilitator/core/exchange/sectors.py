"""Matching free-text sector answers to the event's sectors.

Registration forms ask "In welchem Bereich sind Sie tätig?" in many spellings and
languages. A label is matched when its normalised form equals an event sector's name or
a known synonym of it; a combined label ("Wissenschaft & Forschung", "Civil Society /
NGO") matches when all of its parts point at the same sector. Anything else stays
unmatched and is reported: guessing a sector would silently skew the table mix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Canonical sector (the default names of models.DEFAULT_SECTORS) -> labels meaning it.
# Written as people type them; they are normalised on load.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Verwaltung": (
        "Verwaltung", "öffentl. Verwaltung", "öff. Verwaltung", "Öffentliche Verwaltung",
        "oeffentliche Verwaltung", "Oeffentl. Verwaltung", "Kommunalverwaltung", "Landesverwaltung",
        "Bezirksverwaltung", "Behörde", "Behörden", "Kommune", "öffentlicher Dienst",
        "öffentlicher Sektor", "öffentliche Hand", "Politik und Verwaltung", "Politik", "Staat",
        "Public Administration", "Administration", "Public Sector", "Government",
        "Local Government", "Public Authority", "Public Service", "Politics",
    ),
    "Wissenschaft": (
        "Wissenschaft", "Forschung", "Wissenschaft & Forschung", "Wissenschaft und Forschung",
        "Hochschule", "Hochschulen", "Universität", "Uni", "Forschungseinrichtung",
        "Academia", "Research", "Academia / Research", "Science", "University", "Academic",
    ),
    "Wirtschaft": (
        "Wirtschaft", "Unternehmen", "Privatwirtschaft", "Privater Sektor", "Industrie",
        "Start-up", "Startup", "Mittelstand", "Handwerk", "Firma",
        "Private Sector", "Business", "Industry", "Company", "Companies", "Economy",
        "Corporate", "Private Company",
    ),
    "Zivilgesellschaft": (
        "Zivilgesellschaft", "NGO", "NGOs", "NRO", "Zivilgesellschaft / NGO", "Verein",
        "Vereine", "gemeinnützig", "gemeinnützige Organisation", "Ehrenamt", "Initiative",
        "Bürgerinitiative", "Stiftung", "Civil Society", "Civil Society / NGO",
        "Non-Profit", "Nonprofit", "NPO", "Charity", "Community", "Volunteer",
    ),
}

# Separators between the parts of a combined label.
_PARTS = re.compile(r"\s*(?:/|&|\+|\||;|,|\bund\b|\band\b|\boder\b|\bor\b)\s*")
_NOISE = re.compile(r"[^\w]+")


def normalise_label(text: str) -> str:
    """Casefolded, accent-free, punctuation-free form: 'öffentl. Verwaltung' -> 'offentl verwaltung'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOISE.sub(" ", text).split())


def _group_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, labels in SYNONYMS.items():
        for label in (canonical, *labels):
            index[normalise_label(label)] = canonical
    return index


_GROUP_OF = _group_index()


class SectorMatcher:
    """Maps answers to one of ``sector_names``; build once per import, call per row."""

    def __init__(self, sector_names: Iterable[str]) -> None:
        self._exact: dict[str, str] = {}
        self._by_group: dict[str, str] = {}
        ambiguous: set[str] = set()
        for name in sector_names:
            key = normalise_label(name)
            if not key:
                continue
            self._exact.setdefault(key, name)
            group = _GROUP_OF.get(key)
            if group is None:
                continue
            if group in self._by_group and self._by_group[group] != name:
                # Two event sectors in one synonym group: a synonym cannot choose.
                ambiguous.add(group)
            self._by_group.setdefault(group, name)
        for group in ambiguous:
            del self._by_group[group]
        self._cache: dict[str, str | None] = {}

    def match(self, label: str) -> str | None:
        """The event sector ``label`` means, or None (empty or not recognised)."""
        if label in self._cache:
            return self._cache[label]
        result = self._match(label)
        self._cache[label] = result
        return result

    def _match(self, label: str) -> str | None:
        key = normalise_label(label)
        if not key:
            return None
        whole = self._one(key)
        if whole is not None:
            return whole
        parts = [normalise_label(p) for p in _PARTS.split(label.casefold())]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return None
        found = {self._one(p) for p in parts}
        if len(found) == 1 and None not in found:
            return found.pop()
        return None

    def _one(self, key: str) -> str | None:
        if key in self._exact:
            return self._exact[key]
        group = _GROUP_OF.get(key)
        if group is not None:
            return self._by_group.get(group)
        return None
