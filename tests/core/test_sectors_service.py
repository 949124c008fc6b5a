"""Sectors: add, rename, recolour, reorder, and deleting one that people still have."""

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, Sector
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import sectors
from gdb_facilitator.core.services.event import create_event


@pytest.fixture
def ef(event_location):
    with create_event(event_location, title="Sektoren", clock=FakeClock()) as ef:
        yield ef


def add_person(ef, sector_name, n=1):
    with ef.session() as s:
        sector_id = s.scalar(select(Sector.id).where(Sector.name == sector_name))
        now = ef.clock.now_utc()
        for i in range(n):
            s.add(Attendee(registration_id=f"{sector_name}-{i}", first_name="A", last_name=str(i),
                           sector_id=sector_id, created_at=now, updated_at=now))


def names(ef):
    return [x.name for x in sectors.list_sectors(ef)]


def test_default_sectors_in_order_with_counts(ef):
    add_person(ef, "Wirtschaft", 3)
    rows = sectors.list_sectors(ef)
    assert [r.name for r in rows] == ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
    assert [r.position for r in rows] == [0, 1, 2, 3]
    assert [r.people for r in rows] == [0, 0, 3, 0]


def test_add_takes_next_palette_colour_and_goes_last(ef):
    new = sectors.add_sector(ef, "  Politik  ")
    assert new.name == "Politik" and new.position == 4
    assert new.colour == "#56B4E9"
    own = sectors.add_sector(ef, "Medien", "#112233")
    assert own.colour == "#112233" and names(ef)[-1] == "Medien"


@pytest.mark.parametrize(("name", "colour", "field", "detail"), [
    ("", None, "name", "required"),
    ("x" * 101, None, "name", "too_long"),
    ("verwaltung", None, "name", "name_taken"),
    ("Neu", "red", "colour", "colour_format"),
])
def test_add_validation(ef, name, colour, field, detail):
    with pytest.raises(ValidationError) as info:
        sectors.add_sector(ef, name, colour)
    assert info.value.params["field"] == field and info.value.params["detail"] == detail
    assert len(names(ef)) == 4


def test_rename_recolour_and_move(ef):
    first = sectors.list_sectors(ef)[0]
    renamed = sectors.update_sector(ef, first.id, name="Öffentliche Verwaltung", colour="#abcdef")
    assert renamed.name == "Öffentliche Verwaltung" and renamed.colour == "#ABCDEF"
    # the same name in other case is its own name, not a clash
    assert sectors.update_sector(ef, first.id, name="öffentliche verwaltung").name == "öffentliche verwaltung"
    with pytest.raises(ValidationError):
        sectors.update_sector(ef, first.id, name="Wirtschaft")
    sectors.move_sector(ef, first.id, 3)
    assert names(ef) == ["Wissenschaft", "Wirtschaft", "Zivilgesellschaft", "öffentliche verwaltung"]
    sectors.move_sector(ef, first.id, -5)
    assert names(ef)[0] == "öffentliche verwaltung"


def test_delete_refuses_while_people_have_it_then_force_and_restore(ef):
    add_person(ef, "Wissenschaft", 2)
    wiss = sectors.list_sectors(ef)[1]
    with pytest.raises(DomainError) as info:
        sectors.delete_sector(ef, wiss.id)
    assert info.value.code == "sector_in_use"
    assert info.value.params == {"name": "Wissenschaft", "count": 2}
    snapshot = sectors.delete_sector(ef, wiss.id, force=True)
    assert names(ef) == ["Verwaltung", "Wirtschaft", "Zivilgesellschaft"]
    assert [x.position for x in sectors.list_sectors(ef)] == [0, 1, 2]
    with ef.session() as s:
        assert s.scalars(select(Attendee.sector_id)).all() == [None, None]
    restored = sectors.restore_sector(ef, snapshot)
    assert restored.id == wiss.id and restored.people == 2
    assert names(ef) == ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]


def test_delete_unused_and_missing(ef):
    politik = sectors.add_sector(ef, "Politik")
    snap = sectors.delete_sector(ef, politik.id)
    assert snap.attendee_ids == ()
    with pytest.raises(DomainError) as info:
        sectors.update_sector(ef, politik.id, name="x")
    assert info.value.code == "sector_missing"
