"""Cell values: cleaning text, names, titles, roles, registration status and yes/no answers."""

from __future__ import annotations

import hashlib
import re
import unicodedata

def header_key(text: str) -> str:
    """Letters and digits only, casefolded: 'E-Mail' == 'email', 'Nr.' == 'nr'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


# -- cell values ------------------------------------------------------------------------
_SALUTATIONS = {header_key(s) for s in (
    "Frau", "Herr", "Herrn", "Fr.", "Hr.", "Divers", "Mx.", "Mr.", "Mrs.", "Ms.", "Miss", "Sir",
    "Madame", "Monsieur", "Dame")}
_TITLE_TOKEN = re.compile(
    r"^(?:dr|prof|professor|professorin|pd|priv\.?-?doz|dipl\.?-?\w+|mag|ing|rer|nat|med|phil"
    r"|habil|jur|oec|pol|h\.?c|mba|llm|msc|bsc|ba|ma)\.?(?:-\w+\.?)?$", re.IGNORECASE)
_PARTICLES = {"von", "van", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la",
              "zu", "vom", "zum", "zur", "ter", "ten", "dos", "das", "do", "bin", "ibn", "al",
              "el", "af", "av", "y", "st", "st."}

_STATUS_OK = {"paid", "bezahlt", "attending", "checkedin", "eingecheckt", "confirmed",
              "bestatigt", "bestätigt", "completed", "abgeschlossen", "free", "kostenlos",
              "registered", "angemeldet", "zugesagt", "ok", "paidorconfirmed"}
_STATUS_SKIP = {
    "canceled": "canceled", "cancelled": "canceled", "storniert": "canceled",
    "abgesagt": "canceled", "pending": "pending", "ausstehend": "pending", "offen": "pending",
    "unpaid": "pending", "unbezahlt": "pending", "expired": "expired", "abgelaufen": "expired",
    "notattending": "not_attending", "nimmtnichtteil": "not_attending",
    "refunded": "refunded", "erstattet": "refunded", "zuruckerstattet": "refunded",
    "zurückerstattet": "refunded", "deleted": "deleted", "gelöscht": "deleted",
    "transferred": "transferred", "übertragen": "transferred", "waitlist": "waiting_list",
    "warteliste": "waiting_list",
}
_YES = {"ja", "j", "yes", "y", "true", "wahr", "x", "1", "oui", "si", "sí"}

# Text that was UTF-8 and then read as cp1252 or Latin-1 ("Ã¤" for "ä").
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
                       "\u203a\u20ac\u2122]")


def clean(value: str) -> str:
    """Trimmed NFC text; a stray BOM inside a cell (concatenated exports) goes too."""
    if not value:
        return ""
    if "\ufeff" in value:
        value = value.replace("\ufeff", "")
    return unicodedata.normalize("NFC", value.strip())


def name_key(text: str) -> str:
    """Casefolded, whitespace-collapsed: how names and organisations are compared."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# -- names and numbers -----------------------------------------------------------------
def split_full_name(text: str) -> tuple[str, str, str]:
    """(title, first, last) from 'Dr. Ines Weiß', 'Müller, Anna' or 'Frieda von Bergen'."""
    text = " ".join(text.split())
    if text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        title, first = _take_titles(first)
        if first and last:
            return title, first, last
        text = " ".join(p for p in (first, last) if p)
    title, rest = _take_titles(text)
    tokens = rest.split()
    if not tokens:
        return title, "", ""
    if len(tokens) == 1:
        return title, tokens[0], ""
    split_at = len(tokens) - 1
    for i in range(1, len(tokens) - 1):
        if tokens[i].casefold() in _PARTICLES:
            split_at = i
            break
    return title, " ".join(tokens[:split_at]), " ".join(tokens[split_at:])


def _take_titles(text: str) -> tuple[str, str]:
    tokens = text.split()
    titles: list[str] = []
    while len(tokens) > 1:
        tok = tokens[0]
        if header_key(tok) in _SALUTATIONS:
            tokens.pop(0)
        elif _TITLE_TOKEN.match(tok):
            titles.append(tokens.pop(0))
        else:
            break
    return " ".join(titles), " ".join(tokens)


def title_from_salutation(text: str) -> str:
    """'Frau Dr.' -> 'Dr.': the gendered salutation is not needed for anything we print."""
    return " ".join(t for t in text.split() if header_key(t) not in _SALUTATIONS)


def parse_role(text: str) -> str:
    key = header_key(text)
    if not key:
        return "participant"
    if "gastgeb" in key or "host" in key or "tischpat" in key:
        return "host"
    if any(k in key for k in ("speaker", "referent", "redner", "keynote", "impulsgeb", "vortrag")):
        return "speaker"
    if any(k in key for k in ("facilitat", "moderat", "moderation", "organisat", "orga", "team")):
        return "facilitator"
    return "participant"


def parse_table_number(text: str) -> int | None:
    digits = re.findall(r"\d+", text)
    if len(digits) != 1:
        return None
    value = int(digits[0])
    return value if 1 <= value <= 10_000 else None


def _generated_id(email: str, name: str, organisation: str) -> str:
    # A digest, not the e-mail itself: the id lives on after personal data is removed.
    basis = f"m:{email.casefold()}" if email else f"n:{name_key(name)}|{name_key(organisation)}"
    return "G-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16].upper()
