import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gdb_facilitator.core.db.store import create_event_store
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    Attendee,
    AttendeePair,
    EventTable,
    Organisation,
    PairKind,
    Role,
    Round,
    SeatAssignment,
    Sector,
)
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import attendees as svc
from gdb_facilitator.messages import render


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def ef(event_location, clock):
    with create_event_store(event_location, title="Jahreskonferenz", clock=clock) as ef:
        yield ef


def _add(ef, first="Anna", last="Müller", reg=None, org=None, sector="Verwaltung", **extra):
    with ef.session() as s:
        now = ef.clock.now_utc()
        org_id = None
        if org:
            o = Organisation(name=org, name_key=svc.normalise_key(org))
            s.add(o)
            s.flush()
            org_id = o.id
        sid = s.scalar(select(Sector.id).where(Sector.name == sector)) if sector else None
        a = Attendee(registration_id=reg or f"R-{first}-{last}", first_name=first, last_name=last,
                     organisation_id=org_id, sector_id=sid, created_at=now, updated_at=now, **extra)
        s.add(a)
        s.flush()
        return a.id


def test_list_returns_frozen_rows_sorted_by_family_name(ef):
    _add(ef, "Zoe", "Zimmer", org="BA Pankow", sector="Wirtschaft")
    _add(ef, "Anna", "Abel")
    rows = svc.list_attendees(ef)
    assert [r.last_name for r in rows] == ["Abel", "Zimmer"]
    z = rows[1]
    assert (z.organisation, z.sector, z.sector_colour, z.role) == ("BA Pankow", "Wirtschaft", "#E69F00",
                                                                   Role.PARTICIPANT)
    assert z.full_name == "Zoe Zimmer"
    with pytest.raises(AttributeError):
        z.first_name = "x"  # type: ignore[misc]


def test_update_validates_names_email_sector_and_reuses_organisations(ef):
    aid = _add(ef, org="BA Pankow")
    with pytest.raises(ValidationError) as info:
        svc.update_attendee(ef, aid, first_name=" ", last_name="")
    assert info.value.params["detail"] == "name_required" and info.value.params["field"] == "first_name"
    assert "first name" in render(info.value)
    with pytest.raises(ValidationError) as info:
        svc.update_attendee(ef, aid, email="anna.example.org")
    assert info.value.params["field"] == "email"
    with pytest.raises(ValidationError) as info:
        svc.update_attendee(ef, aid, sector="Mond")
    assert info.value.params["field"] == "sector"
    # nothing of the failed edits was written
    assert svc.get_attendee(ef, aid).first_name == "Anna"

    row = svc.update_attendee(ef, aid, organisation="ba   PANKOW", email=" anna@ba.example ",
                              sector="", role="host", comment="  vegan ")
    assert row.organisation == "BA Pankow" and row.email == "anna@ba.example"
    assert row.sector == "" and row.role is Role.HOST and row.comment == "vegan"
    with ef.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 1
    row = svc.update_attendee(ef, aid, organisation="Neue Org GmbH")
    assert row.organisation == "Neue Org GmbH"


def test_pinned_table_must_exist(ef):
    aid = _add(ef)
    with pytest.raises(ValidationError):
        svc.update_attendee(ef, aid, pinned_table=3)
    with ef.session() as s:
        s.add(EventTable(number=3))
    assert svc.update_attendee(ef, aid, pinned_table=3).pinned_table == 3
    assert svc.update_attendee(ef, aid, pinned_table=None).pinned_table is None


def test_arrival_absent_and_counts(ef, clock):
    a = _add(ef, "A", "A")
    b = _add(ef, "B", "B", sector="Wissenschaft")
    _add(ef, "C", "C", sector=None)
    row = svc.set_arrived(ef, a, True)
    assert row.arrived_at == clock.now_utc()
    clock.advance(60)
    assert svc.set_arrived(ef, a, True).arrived_at == clock.now_utc() - timedelta(seconds=60)
    svc.set_absent(ef, b, True)
    counts = {c.name: (c.registered, c.checked_in, c.absent) for c in svc.sector_counts(ef)}
    assert counts == {"Verwaltung": (1, 1, 0), "Wissenschaft": (1, 0, 1), "Wirtschaft": (0, 0, 0),
                      "Zivilgesellschaft": (0, 0, 0), "": (1, 0, 0)}
    assert svc.counts(ef) == (1, 2)
    # arriving clears absent; absent clears arrival
    assert svc.set_arrived(ef, b, True).absent is False
    assert svc.set_absent(ef, a, True).arrived_at is None
    assert svc.set_arrived(ef, b, False).arrived_at is None


def test_walk_ins_get_numbered_ids_and_are_checked_in(ef, clock):
    w1 = svc.add_walk_in(ef, "Jo", "", "Kiezladen e.V.", "Zivilgesellschaft")
    w2 = svc.add_walk_in(ef, "", "Kim", "", None)
    assert (w1.registration_id, w2.registration_id) == ("W-001", "W-002")
    assert w1.walk_in and w1.arrived_at == clock.now_utc() and w1.sector == "Zivilgesellschaft"
    with pytest.raises(ValidationError):
        svc.add_walk_in(ef, "", " ", "", None)


def test_delete_and_restore_keeps_id_seats_and_pairs(ef):
    a = _add(ef, "A", "A", org="Org")
    b = _add(ef, "B", "B")
    with ef.session() as s:
        t = EventTable(number=1)
        r = Round(number=1)
        s.add_all([t, r])
        s.flush()
        s.add(SeatAssignment(round_id=r.id, attendee_id=a, table_id=t.id, locked=True))
        s.add(AttendeePair(first_id=a, second_id=b, kind=PairKind.KEEP_APART))
    svc.update_attendee(ef, a, pinned_table=1, email="a@x.example")
    snap = svc.delete_attendee(ef, a)
    assert [r.id for r in svc.list_attendees(ef)] == [b]
    with pytest.raises(DomainError):
        svc.get_attendee(ef, a)
    row = svc.restore_attendee(ef, snap)
    assert row == snap.row
    with ef.session() as s:
        assert s.scalar(select(func.count()).select_from(SeatAssignment)) == 1
        assert s.scalar(select(func.count()).select_from(AttendeePair)) == 1


def test_missing_attendee_is_a_domain_error(ef):
    with pytest.raises(DomainError) as info:
        svc.set_arrived(ef, 999, True)
    assert info.value.code == "attendee_missing"
    assert "no longer" in render(info.value)


def test_two_thousand_attendees_list_quickly(ef):
    with ef.session() as s:
        now = ef.clock.now_utc()
        sectors = s.scalars(select(Sector.id)).all()
        orgs = [Organisation(name=f"Org {i}", name_key=f"org {i}") for i in range(300)]
        s.add_all(orgs)
        s.flush()
        s.add_all(Attendee(registration_id=str(i), first_name=f"F{i}", last_name=f"L{i}",
                           organisation_id=orgs[i % 300].id, sector_id=sectors[i % 4],
                           created_at=now, updated_at=now) for i in range(2000))
    start = time.perf_counter()
    rows = svc.list_attendees(ef)
    assert len(rows) == 2000
    assert time.perf_counter() - start < 1.0
