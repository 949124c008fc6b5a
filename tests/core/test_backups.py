"""Rolling backups: made through SQLite, private, listed with a summary, thinned, restored."""

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from gdb_facilitator.core import backups
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.errors import EventFileError, EventLockedError
from gdb_facilitator.core.services import attendees, results, tables
from gdb_facilitator.core.services.event import create_event


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def ef(event_path, clock):
    with create_event(event_path, title="Backup-Test", tables=2, clock=clock) as ef:
        yield ef


def _people(ef, n, start=0):
    for i in range(start, start + n):
        attendees.add_walk_in(ef, f"Vorname{i}", f"Nachname{i}")


def test_backup_is_private_checked_and_summarised(ef, event_path):
    _people(ef, 3)
    table = tables.list_tables(ef)[0]
    results.set_result_fields(ef, table.id, 1, results="Wir teilen Daten")
    results.add_idea(ef, table.id, 1, title="Datenlabor")
    info = backups.make_backup(ef, "manual")
    folder = event_path.parent / "event.gdbevent.backups"
    assert info.path.parent == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert info.reason == "manual" and info.made_at == ef.clock.now_utc()
    assert info.summary == backups.BackupSummary("Backup-Test", attendees=3, checked_in=3,
                                                 results=1, ideas=1)
    assert backups.check_file(info.path)
    # A complete, independent file: no WAL beside it, readable as an event.
    assert not Path(str(info.path) + "-wal").exists()
    with EventFile.open(info.path, readonly=True) as copy:
        assert attendees.counts(copy) == (3, 3)


def test_list_is_newest_first_and_ignores_other_files(ef, event_path, clock):
    first = backups.make_backup(ef, "timed")
    clock.advance(60)
    _people(ef, 2)
    second = backups.make_backup(ef, "before-import")
    folder = second.path.parent
    (folder / "notes.txt").write_text("x")
    (folder / ".tmp-abc.gdbevent").write_bytes(b"half")
    (folder / "other.20260612T080000000000Z.timed.gdbevent").write_bytes(b"another event")
    listed = backups.list_backups(event_path)
    assert [b.path for b in listed] == [second.path, first.path]
    assert [b.summary.attendees for b in listed] == [2, 0]
    assert listed[0].reason == "before-import"


def test_two_backups_in_the_same_instant_both_stay(ef, event_path):
    a = backups.make_backup(ef, "timed")
    b = backups.make_backup(ef, "timed")
    assert a.path != b.path
    assert {x.path for x in backups.list_backups(event_path)} == {a.path, b.path}


def test_chosen_folder_gets_a_subfolder_per_event(ef, event_path, tmp_path):
    stick = tmp_path / "stick"
    info = backups.make_backup(ef, "timed", folder=stick)
    assert info.path.parent == stick / "event.gdbevent.backups"
    assert backups.list_backups(event_path, folder=stick)[0].path == info.path
    assert backups.list_backups(event_path) == []


def test_backup_folder_not_writable_is_a_clear_error(ef, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(EventFileError) as err:
        backups.make_backup(ef, "timed", folder=blocker)
    assert err.value.code == "backup_not_writable"


def test_reason_must_be_a_plain_word(ef):
    with pytest.raises(ValueError):
        backups.make_backup(ef, "../../etc")


def _fake(folder, stem, moment, reason="timed"):
    path = folder / f"{stem}.{backups._stamp(moment)}.{reason}.gdbevent"
    path.write_bytes(b"")
    return path, moment, reason


def test_thinning_rule(tmp_path, clock):
    now = clock.now_utc()
    folder = tmp_path
    hour = timedelta(hours=1)
    recent = [_fake(folder, "e", now - timedelta(minutes=m)) for m in (0, 5, 10, 55)]
    # Two in the same hour 3 hours ago: only the newer stays.
    h3_new = _fake(folder, "e", now - 3 * hour + timedelta(minutes=20))
    h3_old = _fake(folder, "e", now - 3 * hour - timedelta(minutes=20) + timedelta(minutes=30))
    # A backup before an import 5 hours ago stays, next to the newest of its hour.
    h5 = _fake(folder, "e", now - 5 * hour + timedelta(minutes=30))
    before = _fake(folder, "e", now - 5 * hour + timedelta(minutes=10), "before-import")
    # Days ago: one per day; an old before-import is thinned like any other.
    d3_new = _fake(folder, "e", now - timedelta(days=3))
    d3_old = _fake(folder, "e", now - timedelta(days=3, hours=2), "before-import")
    d9 = _fake(folder, "e", now - timedelta(days=9))
    removed = backups.backups_to_remove(
        recent + [h3_new, h3_old, h5, before, d3_new, d3_old, d9], now)
    assert set(removed) == {h3_old[0], d3_old[0]}


def test_newest_always_stays_even_when_old(tmp_path, clock):
    now = clock.now_utc()
    only = _fake(tmp_path, "e", now - timedelta(days=30))
    older = _fake(tmp_path, "e", now - timedelta(days=30, minutes=5))
    assert backups.backups_to_remove([only, older], now) == [older[0]]


def test_make_backup_thins_and_removes_dead_temp_files(ef, event_path, clock):
    made = []
    for _ in range(6):
        made.append(backups.make_backup(ef, "timed"))
        clock.advance(20 * 60)  # two hours of backups every 20 minutes
    folder = made[0].path.parent
    stale = folder / ".tmp-dead.gdbevent"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    clock.advance(3 * 3600)
    last = backups.make_backup(ef, "timed")
    left = [b.path for b in backups.list_backups(event_path, with_summary=False)]
    assert last.path in left and not stale.exists()
    # 6 backups spread over 2 hours, now 3+ hours old: one per clock hour is left.
    hours = {b.made_at.replace(minute=0, second=0, microsecond=0) for b in made}
    assert len(left) == 1 + len(hours)


def test_restore_moves_the_current_file_aside_and_checks(ef, event_path, clock):
    _people(ef, 2)
    info = backups.make_backup(ef, "timed")
    _people(ef, 3, start=10)  # made after the backup
    ef.close()
    result = backups.restore_backup(info, event_path, now=clock.now_utc())
    assert result.moved_aside is not None and result.moved_aside.exists()
    assert result.moved_aside.name.startswith("event.before-restore-")
    with EventFile.open(event_path) as restored:
        assert attendees.counts(restored) == (2, 2)
    with EventFile.open(result.moved_aside) as previous:
        assert attendees.counts(previous) == (5, 5)
    assert info.path.exists()  # the backup itself stays
    assert set(backups.backup_paths(event_path)) >= {info.path, result.moved_aside}


def test_restore_keeps_the_wal_of_the_file_it_moves_aside(event_path, clock, tmp_path):
    ef = create_event(event_path, title="T", clock=clock)
    info = backups.make_backup(ef, "timed")
    _people(ef, 4)
    # Simulate a crash: the WAL still holds the four people when the file is moved aside.
    import shutil
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(event_path) + suffix)
        if src.exists():
            shutil.copy(src, crashed / ("event.gdbevent" + suffix))
    ef.close()
    for suffix in ("", "-wal", "-shm"):
        src = crashed / ("event.gdbevent" + suffix)
        if src.exists():
            shutil.copy(src, Path(str(event_path) + suffix))
    assert Path(str(event_path) + "-wal").exists()
    result = backups.restore_backup(info, event_path)
    assert not Path(str(event_path) + "-wal").exists() or Path(str(event_path) + "-wal").stat().st_size == 0
    with EventFile.open(result.moved_aside) as previous:
        assert attendees.counts(previous) == (4, 4)
    with EventFile.open(event_path) as restored:
        assert attendees.counts(restored) == (0, 0)


def test_restore_refuses_while_open_and_touches_nothing(ef, event_path):
    info = backups.make_backup(ef, "timed")
    before = event_path.read_bytes()
    with pytest.raises(EventLockedError):
        backups.restore_backup(info, event_path)
    assert event_path.read_bytes() == before


def test_restore_refuses_a_damaged_backup(ef, event_path):
    info = backups.make_backup(ef, "timed")
    ef.close()
    data = bytearray(info.path.read_bytes())
    for offset in range(4096, len(data), 512):  # trash every page after the header page
        data[offset:offset + 16] = b"\xff" * 16
    info.path.write_bytes(bytes(data))
    with pytest.raises(EventFileError) as err:
        backups.restore_backup(info, event_path)
    assert err.value.code == "backup_corrupt"
    with EventFile.open(event_path):
        pass


def test_damaged_event_file_latest_good_backup_restores(ef, event_path, clock):
    _people(ef, 2)
    good = backups.make_backup(ef, "timed")
    clock.advance(60)
    bad = backups.make_backup(ef, "timed")
    ef.close()
    data = bytearray(bad.path.read_bytes())
    data[4096 * 2:4096 * 2 + 200] = os.urandom(200)
    bad.path.write_bytes(bytes(data))
    # The live file gets damaged too: a page in the middle is overwritten.
    live = bytearray(event_path.read_bytes())
    live[4096 * 2:4096 * 2 + 300] = os.urandom(300)
    event_path.write_bytes(bytes(live))
    damaged_bytes = event_path.read_bytes()
    with pytest.raises(EventFileError) as err:
        EventFile.open(event_path)
    assert err.value.code in ("event_corrupt", "not_event_file")
    latest = backups.latest_good_backup(event_path)
    assert latest is not None and latest.path == good.path
    result = backups.restore_backup(latest, event_path, aside_label="damaged")
    assert result.moved_aside.read_bytes() == damaged_bytes  # never overwritten
    assert ".damaged-" in result.moved_aside.name
    with EventFile.open(event_path) as restored:
        assert attendees.counts(restored) == (2, 2)


def test_backup_paths_finds_every_copy_for_the_purge(ef, event_path, tmp_path):
    a = backups.make_backup(ef, "timed")
    b = backups.make_backup(ef, "before-import", folder=tmp_path / "stick")
    (a.path.parent / ".tmp-crashed.gdbevent").write_bytes(b"x")
    schema_bak = event_path.with_name("event.gdbevent.schema1.bak")
    schema_bak.write_bytes(b"x")
    aside = event_path.with_name("event.damaged-20260612-080000.gdbevent")
    aside.write_bytes(b"x")
    Path(str(aside) + "-wal").write_bytes(b"x")
    unrelated = event_path.with_name("other.gdbevent")
    unrelated.write_bytes(b"x")
    found = backups.backup_paths(event_path, folders=(None, tmp_path / "stick"))
    assert set(found) == {a.path, b.path, a.path.parent / ".tmp-crashed.gdbevent", schema_bak,
                          aside, Path(str(aside) + "-wal")}
    assert backups.backup_folders(event_path, folders=(None, tmp_path / "stick")) == [
        a.path.parent, b.path.parent]
