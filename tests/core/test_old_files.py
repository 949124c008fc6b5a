"""Files made by earlier releases open in this one (the 100-day check-in comes months later)."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import IdeaStatus, IdeaUpdate, TimerPhase, TimerState
from gdb_facilitator.core.exchange.exporters import event_document
from gdb_facilitator.core.services.info import event_info

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OLD_FILES = sorted(FIXTURES.glob("event_schema*.gdbevent"))


def test_there_is_a_file_of_the_first_release():
    assert any(p.name.startswith("event_schema1_") for p in OLD_FILES)


@pytest.mark.parametrize("original", OLD_FILES, ids=lambda p: p.name)
def test_old_file_opens_reads_and_accepts_edits(original, tmp_path):
    path = tmp_path / original.name
    shutil.copy(original, path)
    with EventFile.open(path) as ef:
        info = event_info(ef)
        assert info["attendees"] == 130
        assert info["tables"] == 18 and info["hosts"] == 18
        assert info["ideas"] >= 36
        with ef.session() as s:
            update = s.scalars(select(IdeaUpdate)).one()
            assert update.status is IdeaStatus.IN_PROGRESS and update.progress == 40
            assert s.get(TimerState, 1).phase is TimerPhase.PAUSED
            update.what_happened += " (ergänzt)"
        document = event_document(ef)
        assert len(document["attendees"]) == 130
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        assert s.scalars(select(IdeaUpdate)).one().what_happened.endswith("(ergänzt)")


@pytest.mark.parametrize("original", OLD_FILES, ids=lambda p: p.name)
def test_old_file_gets_the_team_columns(original, tmp_path):
    from gdb_facilitator.core.db.models import Attendee, ChangeLog
    from gdb_facilitator.core.services.attendees import set_arrived

    path = tmp_path / original.name
    shutil.copy(original, path)
    with EventFile.open(path) as ef:
        with ef.session() as s:
            waiting = s.scalars(select(Attendee.id).where(Attendee.arrived_at.is_(None))).first()
            assert s.scalars(select(ChangeLog)).all() == []
        assert set_arrived(ef, waiting, True).checked_in_by == ""


def test_an_old_event_on_a_server_is_upgraded_once(postgres, tmp_path):
    """An event published by an older release is upgraded by the first laptop that opens it."""
    import psycopg

    from gdb_facilitator.core.db import migrations
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.db.transfer import file_to_database

    path = tmp_path / "current.gdbevent"
    shutil.copy(OLD_FILES[0], path)
    EventFile.open(path).close()
    url = postgres.new_database()
    file_to_database(path, url)
    # Make it look like an event of schema 3: drop what the steps from 4 on add.
    with psycopg.connect(url, autocommit=True) as conn:
        for table, column in (("table_results", "problem_version"), ("table_results", "results_version"),
                              ("ideas", "version"), ("idea_updates", "version"), ("table_results", "done_at"),
                              ("topics", "version"), ("event", "venue_pin"), ("event", "venue_secret")):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        for table in ("proposal_votes", "topic_proposals", "device_writes", "scanned_pages"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE gdb_schema SET version = 3")
    with open_event(url, device="Desk 1") as db:
        assert db.schema_version() == migrations.SCHEMA_VERSION
        assert event_info(db)["attendees"] == 130


@pytest.mark.parametrize("original", OLD_FILES, ids=lambda p: p.name)
def test_old_file_keeps_an_event_pin(original, tmp_path):
    from gdb_facilitator.core.services import venue

    path = tmp_path / original.name
    shutil.copy(original, path)
    with EventFile.open(path) as ef:
        assert venue.event_pin(ef) == ""
        pin = venue.venue_access(ef).pin
        assert venue.valid_pin(pin)
    with EventFile.open(path) as ef:
        assert venue.venue_access(ef).pin == pin
