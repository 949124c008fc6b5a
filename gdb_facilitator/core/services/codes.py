"""Team follow-up codes: the key a team keeps for the check-in after 100 days.

A code is 27 random symbols (135 bits from :mod:`secrets`) plus one check symbol, written
in Crockford's base-32 alphabet. That alphabet has no I, L, O or U, so what people misread
(O for 0, I or L for 1) maps back to the right symbol, and a typo is caught by the check
symbol before any database lookup. A code names a table and round of this event only; it
is never derived from anything about the people at the table.

Stored and put into QR codes without separators (``format_code`` groups it for print);
every typed or scanned input goes through :func:`code_from_input`.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import EventTable, Round, TeamCode

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 27
CODE_LENGTH = RANDOM_SYMBOLS + 1
RANDOM_BITS = RANDOM_SYMBOLS * 5
GROUP = 4

_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# What people type or a scanner returns for symbols the alphabet leaves out on purpose.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = frozenset(" \t\r\n-_.:,;/\\|+·•–—")


def _check_symbol(payload: str) -> str:
    # Luhn mod 32: catches every single wrong symbol and almost every swap of two
    # neighbours, the two mistakes people make when copying a code by hand.
    total = 0
    double = True
    for ch in reversed(payload):
        value = _VALUE[ch] * (2 if double else 1)
        total += value // 32 + value % 32
        double = not double
    return ALPHABET[(32 - total % 32) % 32]


def new_code() -> str:
    """A fresh random code (not yet checked for uniqueness in any event)."""
    number = secrets.randbits(RANDOM_BITS)
    symbols = []
    for _ in range(RANDOM_SYMBOLS):
        number, digit = divmod(number, 32)
        symbols.append(ALPHABET[digit])
    payload = "".join(symbols)
    return payload + _check_symbol(payload)


def normalise_code(text: str) -> str:
    """Typed or scanned text in the stored form: upper case, look-alikes mapped, no separators.

    The result may still be invalid; :func:`is_valid_code` says whether it is a code.
    """
    # NFKC turns full-width letters from some input methods into ASCII.
    text = unicodedata.normalize("NFKC", text).upper().translate(_LOOKALIKES)
    return "".join(ch for ch in text if ch not in _SEPARATORS)


def is_valid_code(code: str) -> bool:
    """True for a normalised code of the right length whose check symbol fits."""
    if len(code) != CODE_LENGTH or any(ch not in _VALUE for ch in code):
        return False
    return _check_symbol(code[:-1]) == code[-1]


def code_from_input(text: str) -> str | None:
    """The code in what a person typed or a scanner read, or None.

    Accepts the bare code in any case and grouping, and the follow-up URL printed in the QR
    code (the code as a query value, a path segment or the fragment).
    """
    if not text or len(text) > 2000:
        return None
    candidate = normalise_code(text)
    if is_valid_code(candidate):
        return candidate
    if "://" not in text and "?" not in text and "=" not in text:
        return None
    parts = urlsplit(text.strip())
    pieces = [value for _key, value in parse_qsl(parts.query, keep_blank_values=True)]
    pieces += reversed(parts.path.split("/"))
    pieces.append(parts.fragment)
    for piece in pieces:
        candidate = normalise_code(piece)
        if is_valid_code(candidate):
            return candidate
    return None


def format_code(code: str, separator: str = " ") -> str:
    """The code in groups of four for people to read and type."""
    return separator.join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


@dataclass(frozen=True)
class TeamRef:
    """What a follow-up code points at."""

    code: str
    table_id: int
    table_number: int
    table_name: str
    round_id: int | None
    round_number: int | None


TeamKey = tuple[int, "int | None"]


def team_keys(session: Session, round_id: int | None = None) -> list[TeamKey]:
    """Every (table, round) pair that is a team: each table in each round, or in the given
    round; each table on its own while the event has no rounds."""
    table_ids = list(session.scalars(select(EventTable.id).order_by(EventTable.number)))
    if round_id is not None:
        round_ids: list[int | None] = [round_id]
    else:
        round_ids = list(session.scalars(select(Round.id).order_by(Round.number))) or [None]
    return [(t, r) for r in round_ids for t in table_ids]


def ensure_codes_in(session: Session, now: datetime, keys: Iterable[TeamKey]) -> dict[TeamKey, str]:
    """Codes for ``keys`` inside an open unit of work, creating the missing ones.

    Only adds and flushes; the caller's unit of work commits.
    """
    wanted = list(dict.fromkeys(keys))
    existing: dict[TeamKey, str] = {}
    taken: set[str] = set()
    for table_id, round_id, code in session.execute(
            select(TeamCode.table_id, TeamCode.round_id, TeamCode.code)):
        taken.add(code)
        # SQLite treats NULL rounds as distinct in the unique constraint, so we keep the
        # first code of a (table, no round) pair ourselves.
        existing.setdefault((table_id, round_id), code)
    result: dict[TeamKey, str] = {}
    for key in wanted:
        code = existing.get(key)
        if code is None:
            code = new_code()
            while code in taken:  # 2^-135 per pair; cheap to rule out anyway
                code = new_code()
            taken.add(code)
            session.add(TeamCode(code=code, table_id=key[0], round_id=key[1], created_at=now))
        result[key] = code
    session.flush()
    return result


def ensure_team_codes(ef: EventFile, round_id: int | None = None) -> dict[TeamKey, str]:
    """Make sure every team (see :func:`team_keys`) has a code; returns key → code."""
    with ef.session() as s:
        return ensure_codes_in(s, ef.clock.now_utc(), team_keys(s, round_id))


def find_team(ef: EventFile, typed_code: str) -> TeamRef | None:
    """The table and round a typed or scanned code belongs to, or None if it is no code of
    this event."""
    code = code_from_input(typed_code)
    if code is None:
        return None
    with ef.session() as s:
        row = s.execute(
            select(TeamCode.table_id, EventTable.number, EventTable.name, TeamCode.round_id, Round.number)
            .join(EventTable, EventTable.id == TeamCode.table_id)
            .outerjoin(Round, Round.id == TeamCode.round_id)
            .where(TeamCode.code == code)
        ).first()
    if row is None:
        return None
    table_id, number, name, round_id, round_number = row
    return TeamRef(code=code, table_id=table_id, table_number=number, table_name=name,
                   round_id=round_id, round_number=round_number)
