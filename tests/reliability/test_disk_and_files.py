"""T7/T8/T9: full disk, read-only places, a pulled stick, a second instance, odd files.

Each case checks the same three things: the user gets a specific error code (so a
specific message), nothing committed before is lost, and the file passes
``integrity_check`` afterwards. The tmpfs and bind-mount cases need root (or
CAP_SYS_ADMIN) and are skipped without it; the chmod cases run as user "nobody" when the
tests run as root, because root ignores file modes.
"""

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gdb_facilitator.core import backups
from gdb_facilitator.core.db import migrations
from gdb_facilitator.core.db.engine import DBAPI, EventFile
from gdb_facilitator.core.db.models import Attendee
from gdb_facilitator.core.errors import EventFileError, EventLockedError
from gdb_facilitator.core.exchange import exporters
from gdb_facilitator.core.services import attendees
from gdb_facilitator.core.services.event import create_event
from gdb_facilitator.messages import render

ROOT = Path(__file__).resolve().parents[2]
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file systems")


def _count(ef):
    with ef.session() as s:
        return s.scalar(select(func.count(Attendee.id)))


def _names(ef):
    with ef.session() as s:
        return set(s.scalars(select(Attendee.first_name)))


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _fill_until_full(ef, prefix, limit=100_000):
    """Add walk-ins until the disk is full; returns the names that were acknowledged."""
    done = []
    for i in range(limit):
        name = f"{prefix}{i}"
        try:
            attendees.add_walk_in(ef, name, "Voll" + "x" * 150, organisation=f"Organisation {i}")
        except EventFileError as exc:
            assert exc.code == "disk_full", exc
            if limit == 1000:
                raise
            return done, exc
        done.append(name)
    raise AssertionError("the disk never filled up")


# -- full disk ------------------------------------------------------------------------

def test_disk_full_by_page_limit_loses_nothing_and_resumes(event_path):
    with create_event(event_path, title="Voll") as ef:
        attendees.add_walk_in(ef, "Vorher", "Da")
        pages = ef.pragma("page_count")
        # One pooled connection holds the limit for every later unit of work.
        assert ef.pragma(f"max_page_count={pages + 4}") == pages + 4
        done, error = _fill_until_full(ef, "Voll")
        assert done, "a few rows should fit before the limit"
        assert "full" in render(error).lower()
        # A failed write leaves the file usable: reading works, the next write fails cleanly too.
        assert {"Vorher", *done} <= _names(ef)
        with pytest.raises(EventFileError):
            _fill_until_full(ef, "Nochmal", limit=1000)
        assert ef.pragma("integrity_check") == "ok"
        # Space freed: writing resumes on the same open file.
        ef.pragma("max_page_count=1000000")
        attendees.add_walk_in(ef, "Danach", "Wieder")
        expected = {"Vorher", "Danach", *done}
    with EventFile.open(event_path) as ef:
        assert _names(ef) >= expected
        assert _count(ef) == len(expected)
        assert ef.pragma("integrity_check") == "ok"


@contextlib.contextmanager
def _tmpfs(size="512k"):
    if sys.platform != "linux" or not hasattr(os, "geteuid"):
        pytest.skip("tmpfs is Linux")
    mount_point = Path(tempfile.mkdtemp(prefix="gdb-tmpfs-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here (needs CAP_SYS_ADMIN): {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
        with contextlib.suppress(OSError):
            mount_point.rmdir()


@POSIX
def test_real_full_disk_on_a_512k_tmpfs():
    with _tmpfs("512k") as disk:
        path = disk / "event.gdbevent"
        filler = disk / "filler.bin"
        filler.write_bytes(b"\0" * 96 * 1024)  # what the user frees later
        ef = create_event(path, title="Kleine Platte")
        try:
            done, error = _fill_until_full(ef, "Platte")
            assert len(done) >= 5
            assert error.params["path"] == str(path)
            # Backups and exports on the full disk fail with their own message, leave no
            # file under the target name, and do not touch the event.
            with pytest.raises(EventFileError) as backup_error:
                backups.make_backup(ef, "timed")
            assert backup_error.value.code == "backup_not_writable"
            assert backups.list_backups(path) == []
            with pytest.raises(EventFileError) as export_error:
                exporters.export_json(ef, disk / "out.json")
            assert export_error.value.code == "export_not_writable"
            assert not (disk / "out.json").exists()
            assert [p.name for p in disk.iterdir() if p.name.startswith(".")] == []
            filler.unlink()
            attendees.add_walk_in(ef, "Platz", "Wieder")
            done.append("Platz")
        finally:
            ef.close()
        with EventFile.open(path) as again:
            assert set(done) <= _names(again)
            assert again.pragma("integrity_check") == "ok"


# -- read-only places -----------------------------------------------------------------

@POSIX
def test_read_only_mount_refuses_to_open_for_writing_and_changes_nothing(tmp_path):
    if sys.platform != "linux":
        pytest.skip("bind mounts are Linux")
    source = tmp_path / "stick"
    source.mkdir()
    path = source / "event.gdbevent"
    with create_event(path, title="Schreibgeschützt") as ef:
        attendees.add_walk_in(ef, "Anna", "Da")
    view = tmp_path / "ro"
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here (needs CAP_SYS_ADMIN)")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
        before = _digest(path)
        with pytest.raises(EventFileError) as err:
            EventFile.open(view / "event.gdbevent")
        assert err.value.code == "event_not_writable"
        assert err.value.params["path"] == str(view / "event.gdbevent")  # the event, not the .lock
        assert "read-only" in render(err.value).lower()
        assert _digest(path) == before
        assert sorted(p.name for p in source.iterdir()) == ["event.gdbevent"]
    finally:
        subprocess.run(["umount", str(view)], capture_output=True)


@POSIX
def test_an_event_on_a_read_only_stick_can_still_be_read_and_exported(tmp_path):
    if sys.platform != "linux":
        pytest.skip("bind mounts are Linux")
    source = tmp_path / "stick"
    source.mkdir()
    path = source / "event.gdbevent"
    with create_event(path, title="Archiv") as ef:
        attendees.add_walk_in(ef, "Anna", "Da")
    view = tmp_path / "ro"
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here (needs CAP_SYS_ADMIN)")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
        before = _digest(path)
        with EventFile.open(view / "event.gdbevent", readonly=True) as ef:
            with ef.session() as s:
                assert s.scalar(select(func.count(Attendee.id))) == 1
            exporters.export_json(ef, tmp_path / "copy.json")
        assert json.loads((tmp_path / "copy.json").read_text(encoding="utf-8"))["attendees"]
        assert _digest(path) == before
        assert sorted(p.name for p in source.iterdir()) == ["event.gdbevent"]
    finally:
        subprocess.run(["umount", str(view)], capture_output=True)


def _open_as_unprivileged(path: Path) -> dict:
    """Try to open ``path`` for writing in a forked child that is not root (root ignores modes)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_fd)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                EventFile.open(path).close()
                outcome = {"code": None}
            except EventFileError as exc:
                outcome = {"code": exc.code, "path": exc.params.get("path")}
            os.write(write_fd, json.dumps(outcome).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


@POSIX
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder_gives_not_writable(what):
    folder = Path(tempfile.mkdtemp(prefix="gdb-ro-"))
    try:
        os.chmod(folder, 0o777)
        path = folder / "event.gdbevent"
        with create_event(path, title="Nur lesen") as ef:
            attendees.add_walk_in(ef, "Anna", "Da")
        if os.geteuid() == 0:
            os.chown(path, 65534, 65534)
        before = _digest(path)
        if what == "file":
            os.chmod(path, 0o444)
        else:
            os.chmod(path, 0o666)
            os.chmod(folder, 0o555)
        outcome = _open_as_unprivileged(path)
        assert outcome == {"code": "event_not_writable", "path": str(path)}
        assert _digest(path) == before
    finally:
        os.chmod(folder, 0o777)
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


def _fd_of(path: Path) -> int:
    for entry in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{entry}") == str(path):
                return int(entry)
    raise AssertionError(f"{path} is not open")


@POSIX
def test_pulled_stick_while_open_says_not_writable_and_loses_nothing(event_path):
    """The WAL's file descriptor is swapped for a read-only one, as if the stick were gone."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc")
    ef = create_event(event_path, title="Stick")
    for i in range(5):
        attendees.add_walk_in(ef, f"Vorher{i}", "Da")
    wal = Path(str(event_path.resolve()) + "-wal")
    fd = _fd_of(wal)
    saved = os.dup(fd)
    dead = os.open(wal, os.O_RDONLY)
    os.dup2(dead, fd)
    try:
        with pytest.raises(EventFileError) as err:
            attendees.add_walk_in(ef, "Weg", "Stick")
        assert err.value.code == "event_not_writable"
        assert "usb stick" in render(err.value).lower()
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(dead)
    ef.close()
    with EventFile.open(event_path) as again:
        assert {f"Vorher{i}" for i in range(5)} <= _names(again)
        assert "Weg" not in _names(again)
        assert again.pragma("integrity_check") == "ok"


# -- a second instance, and copies during writes ------------------------------------------

_WRITER = textwrap.dedent("""
    import sys
    from gdb_facilitator.core.db.engine import DBAPI, EventFile
    from gdb_facilitator.core.services import attendees
    ef = EventFile.open(sys.argv[1])
    print("open", flush=True)
    i = 0
    while True:
        attendees.add_walk_in(ef, f"Schreiber{i}", "Zwei")
        print(f"ack Schreiber{i}", flush=True)
        i += 1
""")


@POSIX
def test_second_instance_is_locked_out_while_copies_stay_consistent(event_path, tmp_path):
    """T8 + T9: while one process writes, a second one cannot open the file for writing,
    and 20 read-only copies made meanwhile all pass integrity_check."""
    with create_event(event_path, title="Zwei", tables=2) as ef:
        attendees.add_walk_in(ef, "Erste", "Da")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(event_path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    acked = []
    try:
        assert writer.stdout.readline().strip() == "open"
        for i in range(20):
            with pytest.raises(EventLockedError):
                EventFile.open(event_path)
            copy = exporters.export_sqlite(event_path, tmp_path / f"copy{i}.gdbevent")
            assert backups.check_file(copy)
            con = DBAPI.connect(str(copy))
            try:
                assert con.execute("PRAGMA foreign_key_check").fetchall() == []
            finally:
                con.close()
        time.sleep(0.2)
    finally:
        writer.kill()
        writer.wait()
        acked = [line.split()[1] for line in writer.stdout.read().splitlines() if line.startswith("ack ")]
        writer.stdout.close()
        writer.stderr.close()
    with EventFile.open(event_path) as ef:
        assert ef.pragma("integrity_check") == "ok"
        assert set(acked) <= _names(ef)
    counts = [backups.read_summary(tmp_path / f"copy{i}.gdbevent").attendees for i in range(20)]
    assert counts == sorted(counts) and counts[-1] > counts[0]  # they did copy a moving file


# -- files that are not (or no longer, or not yet) ours ---------------------------------------

@pytest.mark.parametrize("damage", ["random", "truncated", "flipped", "folder", "zeros"])
def test_odd_files_get_their_own_message_and_stay_untouched(event_path, tmp_path, damage):
    with create_event(event_path, title="Kaputt", tables=3) as ef, ef.session() as s:
        now = ef.clock.now_utc()
        s.add_all(Attendee(registration_id=f"R{i}", first_name=f"Person{i}", last_name="Lang" * 20,
                           created_at=now, updated_at=now) for i in range(300))
    data = event_path.read_bytes()
    if damage == "random":
        event_path.write_bytes(os.urandom(64 * 1024))
    elif damage == "truncated":
        event_path.write_bytes(data[: len(data) // 2 + 100])
    elif damage == "flipped":
        broken = bytearray(data)
        for offset in range(4096 * 3, len(data) - 4096, 4096):
            broken[offset + 8: offset + 40] = bytes(32)  # page headers and cell pointers
        event_path.write_bytes(bytes(broken))
    elif damage == "zeros":
        event_path.write_bytes(bytes(len(data)))
    else:
        event_path.unlink()
        event_path.mkdir()
    before = None if damage == "folder" else _digest(event_path)
    with pytest.raises(EventFileError) as err:
        EventFile.open(event_path)
    assert err.value.code in ("not_event_file", "event_corrupt")
    text = render(err.value)
    assert str(event_path) in text and "{" not in text
    if before is not None:
        assert _digest(event_path) == before
        assert not Path(str(event_path) + "-wal").exists()
    with pytest.raises(EventFileError):
        EventFile.open(event_path, readonly=True)
    if before is not None:
        assert _digest(event_path) == before


def test_newer_release_file_is_refused_for_reading_too_and_untouched(event_path):
    EventFile.create(event_path, title="Zukunft").close()
    import sqlite3

    con = sqlite3.connect(event_path)
    con.execute(f"PRAGMA user_version={migrations.SCHEMA_VERSION + 3}")
    con.commit()
    con.close()
    before = _digest(event_path)
    for readonly in (False, True):
        with pytest.raises(EventFileError) as err:
            EventFile.open(event_path, readonly=readonly)
        assert err.value.code == "event_too_new"
        text = render(err.value)
        assert str(migrations.SCHEMA_VERSION + 3) in text and "update" in text.lower()
    assert _digest(event_path) == before
