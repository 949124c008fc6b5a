"""Sectors: the groups whose mix the seating balances (Verwaltung, Wissenschaft, ...).

Every public function is one unit of work and returns frozen snapshots. A sector that
people still belong to is not deleted silently: :func:`delete_sector` refuses with
``sector_in_use`` unless ``force`` is given, and then remembers who had it, so that
undo (:func:`restore_sector`) gives everybody their sector back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, Sector
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services.lookup import get_or_missing

log = logging.getLogger(__name__)

MAX_NAME = 100
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# New sectors continue the Okabe-Ito palette of the four default sectors, so that colours
# stay apart for the colour-blind as long as possible.
PALETTE = ("#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@dataclass(frozen=True)
class SectorDTO:
    id: int
    name: str
    colour: str
    position: int
    people: int  # attendees who have this sector


@dataclass(frozen=True)
class SectorSnapshot:
    """A deleted sector and who had it, for undo."""

    id: int
    name: str
    colour: str
    position: int
    attendee_ids: tuple[int, ...]


def _people(s: Session, sector_id: int) -> int:
    return int(s.scalar(select(func.count()).select_from(Attendee).where(Attendee.sector_id == sector_id)) or 0)


def _dto(s: Session, sector: Sector) -> SectorDTO:
    return SectorDTO(sector.id, sector.name, sector.colour, sector.position, _people(s, sector.id))


def _get(s: Session, sector_id: int) -> Sector:
    return get_or_missing(s, Sector, sector_id, "sector_missing")


def _clean_name(s: Session, value: object, own_id: int | None = None) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ValidationError(field="name", detail="required")
    if len(name) > MAX_NAME:
        raise ValidationError(field="name", detail="too_long", max=MAX_NAME)
    for other_id, other in s.execute(select(Sector.id, Sector.name)):
        if other_id != own_id and other.casefold() == name.casefold():
            raise ValidationError(field="name", detail="name_taken", name=other)
    return name


def _clean_colour(value: object) -> str:
    colour = str(value or "").strip()
    if not _COLOUR.match(colour):
        raise ValidationError(field="colour", detail="colour_format")
    return colour.upper()


def _renumber(s: Session, ordered: Sequence[Sector]) -> None:
    for position, sector in enumerate(ordered):
        sector.position = position


def _ordered(s: Session) -> list[Sector]:
    return list(s.scalars(select(Sector).order_by(Sector.position, Sector.id)))


# -- reading ---------------------------------------------------------------------------
def list_sectors(ef: EventFile) -> list[SectorDTO]:
    """The sectors in their order, each with how many people have it; two queries."""
    with ef.session() as s:
        counts = dict(s.execute(select(Attendee.sector_id, func.count())
                                .where(Attendee.sector_id.is_not(None))
                                .group_by(Attendee.sector_id)).all())
        return [SectorDTO(x.id, x.name, x.colour, x.position, int(counts.get(x.id, 0)))
                for x in _ordered(s)]


# -- writing ---------------------------------------------------------------------------
def add_sector(ef: EventFile, name: str, colour: str | None = None) -> SectorDTO:
    """A new sector at the end of the list; without a colour, the next unused palette colour."""
    with ef.session() as s:
        clean = _clean_name(s, name)
        existing = _ordered(s)
        if colour is None:
            used = {x.colour.upper() for x in existing}
            colour = next((c for c in PALETTE if c not in used), PALETTE[len(existing) % len(PALETTE)])
        sector = Sector(name=clean, colour=_clean_colour(colour),
                        position=(existing[-1].position + 1) if existing else 0)
        s.add(sector)
        s.flush()
        log.info("sector added: %s", sector.id)
        return _dto(s, sector)


def update_sector(ef: EventFile, sector_id: int, *, name: str | None = None,
                  colour: str | None = None) -> SectorDTO:
    with ef.session() as s:
        sector = _get(s, sector_id)
        if name is not None:
            sector.name = _clean_name(s, name, own_id=sector_id)
        if colour is not None:
            sector.colour = _clean_colour(colour)
        s.flush()
        return _dto(s, sector)


def move_sector(ef: EventFile, sector_id: int, position: int) -> list[SectorDTO]:
    """Move a sector to ``position`` (0-based, clamped); the others close up."""
    with ef.session() as s:
        ordered = _ordered(s)
        sector = _get(s, sector_id)
        ordered.remove(sector)
        ordered.insert(max(0, min(position, len(ordered))), sector)
        _renumber(s, ordered)
    return list_sectors(ef)


def delete_sector(ef: EventFile, sector_id: int, *, force: bool = False) -> SectorSnapshot:
    """Delete a sector; refused with ``sector_in_use`` while people have it, unless ``force``.

    With ``force`` those people keep everything but the sector; the snapshot lists them.
    """
    with ef.session() as s:
        sector = _get(s, sector_id)
        attendee_ids = tuple(s.scalars(select(Attendee.id).where(Attendee.sector_id == sector_id)
                                       .order_by(Attendee.id)))
        if attendee_ids and not force:
            raise DomainError("sector_in_use", name=sector.name, count=len(attendee_ids))
        snapshot = SectorSnapshot(sector.id, sector.name, sector.colour, sector.position, attendee_ids)
        if attendee_ids:
            s.execute(update(Attendee).where(Attendee.sector_id == sector_id).values(sector_id=None))
        s.delete(sector)
        s.flush()
        _renumber(s, _ordered(s))
        log.info("sector deleted: %s (%d people lose it)", sector_id, len(attendee_ids))
        return snapshot


def restore_sector(ef: EventFile, snapshot: SectorSnapshot) -> SectorDTO:
    """Undo of :func:`delete_sector`: the same id, place and colour, and its people back."""
    with ef.session() as s:
        if s.get(Sector, snapshot.id) is not None:
            raise DomainError("sector_missing", id=snapshot.id)
        _clean_name(s, snapshot.name)
        ordered = _ordered(s)
        sector = Sector(id=snapshot.id, name=snapshot.name, colour=snapshot.colour, position=0)
        s.add(sector)
        ordered.insert(max(0, min(snapshot.position, len(ordered))), sector)
        _renumber(s, ordered)
        s.flush()
        if snapshot.attendee_ids:
            # Only people still without a sector: someone given another sector meanwhile keeps it.
            s.execute(update(Attendee).where(Attendee.id.in_(snapshot.attendee_ids),
                                             Attendee.sector_id.is_(None)).values(sector_id=snapshot.id))
        return _dto(s, sector)
