import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from sqlalchemy import func, select

from gdb_facilitator.core.db import migrations
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, Event, Sector
from gdb_facilitator.core.errors import EventFileError, EventLockedError
from gdb_facilitator.core.clock import FakeClock


def test_new_file_has_safe_pragmas_mode_0600_and_the_four_sectors(event_path):
    with EventFile.create(event_path, title="Jahreskonferenz", event_date=date(2023, 9, 14)) as ef:
        assert stat.S_IMODE(event_path.stat().st_mode) == 0o600
        assert ef.pragma("journal_mode") == "wal"
        assert ef.pragma("synchronous") == 2
        assert ef.pragma("foreign_keys") == 1
        with ef.session() as s:
            names = s.scalars(select(Sector.name).order_by(Sector.position)).all()
            event = s.scalar(select(Event))
        assert names == ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
        assert event.follow_up_effective == date(2023, 12, 23)


def test_second_writer_gets_already_open_and_lock_is_gone_after_close(event_path):
    ef = EventFile.create(event_path, title="T")
    with pytest.raises(EventLockedError):
        EventFile.open(event_path)
    ef.close()
    EventFile.open(event_path).close()


def test_lock_held_by_another_process_and_released_when_it_dies(event_path):
    EventFile.create(event_path, title="T").close()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from gdb_facilitator.core.db.engine import EventFile
            ef = EventFile.open({str(event_path)!r})
            print("open", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(EventLockedError):
            EventFile.open(event_path)
        # Reading while the app has the file open works.
        with EventFile.open(event_path, readonly=True) as ro, ro.session() as s:
            assert s.scalar(select(Event.title)) == "T"
    finally:
        child.kill()
        child.wait()
    EventFile.open(event_path).close()


def test_failed_unit_of_work_leaves_nothing(event_path):
    with EventFile.create(event_path, title="T") as ef:
        with pytest.raises(RuntimeError):
            with ef.session() as s:
                s.add(Sector(name="Kultur", colour="#000000", position=9))
                s.flush()
                raise RuntimeError("boom")
        with ef.session() as s:
            assert s.scalar(select(func.count(Sector.id))) == 4


def test_create_refuses_existing_file(event_path):
    event_path.write_bytes(b"something")
    with pytest.raises(EventFileError) as err:
        EventFile.create(event_path, title="T")
    assert err.value.code == "event_exists"
    assert event_path.read_bytes() == b"something"


@pytest.mark.parametrize("content, code", [
    (b"hello, this is not sqlite" * 100, "not_event_file"),
    (b"", "not_event_file"),
])
def test_non_event_files_are_refused_untouched(event_path, content, code):
    event_path.write_bytes(content)
    with pytest.raises(EventFileError) as err:
        EventFile.open(event_path)
    assert err.value.code == code
    assert event_path.read_bytes() == content


def test_foreign_sqlite_file_is_refused(event_path):
    con = sqlite3.connect(event_path)
    con.execute("create table x (a)")
    con.commit()
    con.close()
    with pytest.raises(EventFileError) as err:
        EventFile.open(event_path)
    assert err.value.code == "not_event_file"


def test_file_from_a_newer_release_is_refused(event_path):
    EventFile.create(event_path, title="T").close()
    con = sqlite3.connect(event_path)
    con.execute(f"PRAGMA user_version={migrations.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(EventFileError) as err:
        EventFile.open(event_path)
    assert err.value.code == "event_too_new"


def test_upgrade_steps_run_in_order_with_a_backup(event_path, monkeypatch):
    EventFile.create(event_path, title="T").close()
    current = migrations.SCHEMA_VERSION
    ran = []

    def step(conn):
        conn.exec_driver_sql("CREATE TABLE extra (id INTEGER PRIMARY KEY)")
        ran.append(current + 1)

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(migrations, "UPGRADE_STEPS", {**migrations.UPGRADE_STEPS, current + 1: step})
    with EventFile.open(event_path) as ef:
        assert ef.pragma("user_version") == current + 1
    assert ran == [current + 1]
    assert (event_path.parent / f"event.gdbevent.schema{current}.bak").exists()


def test_copy_is_consistent_and_checked(event_path, tmp_path):
    with EventFile.create(event_path, title="T") as ef:
        target = ef.copy_to(tmp_path / "copy.gdbevent")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with EventFile.open(target) as copy, copy.session() as s:
        assert s.scalar(select(Event.title)) == "T"


def test_timestamps_are_utc_aware(event_path):
    clock = FakeClock()
    with EventFile.create(event_path, title="T", clock=clock) as ef, ef.session() as s:
        created = s.scalar(select(Event.created_at))
    assert created == clock.now_utc() and created.tzinfo is not None
