"""Hosting an event for the team: the server beside the event, joined by URL, written back."""

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.hosting import settings_path, start_hosting, url_from_join_text
from gdb_facilitator.core.db.pgserver import find_postgres_bin
from gdb_facilitator.core.db.store import open_event
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.errors import EventFileError
from gdb_facilitator.core.services import attendees
from gdb_facilitator.core.services.info import event_info


@pytest.fixture
def demo(tmp_path):
    if find_postgres_bin() is None:
        pytest.fail("PostgreSQL is not installed (scripts/test.sh installs it)", pytrace=False)
    path = tmp_path / "demo.gdbevent"
    write_demo_event(path, clock=FakeClock())
    yield path
    import json

    settings = settings_path(path)
    if settings.exists():
        shutil.rmtree(json.loads(settings.read_text())["data_dir"], ignore_errors=True)


def _waiting(db):
    return next(r for r in attendees.list_attendees(db) if not r.arrived)


def test_host_join_work_stop_and_the_file_has_it(demo):
    hosted = start_hosting(demo)
    try:
        # The event file is locked while hosting: nobody works on the stale copy.
        with pytest.raises(EventFileError):
            EventFile.open(demo)
        url = url_from_join_text(hosted.join_text("Demo"))
        assert "127.0.0.1" in url and hosted.settings.team_password in url
        with open_event(url, device="Desk 2") as db:
            person = _waiting(db)
            attendees.set_arrived(db, person.id, True)
    finally:
        hosted.stop()
    with EventFile.open(demo) as ef:
        row = attendees.get_attendee(ef, person.id)
        assert row.arrived and row.checked_in_by == "Desk 2"
    assert stat_mode(settings_path(demo)) == 0o600


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_restarting_the_host_after_a_crash_keeps_what_was_committed(demo):
    hosted = start_hosting(demo)
    port = hosted.settings.port
    try:
        with open_event(hosted.local_url, device="Desk 1") as db:
            person = _waiting(db)
            attendees.set_arrived(db, person.id, True)
        # The host dies: the server goes down without a clean shutdown, the file is not written back.
        hosted.server._run([hosted.server._tool("pg_ctl"), "-D", str(hosted.server.data_dir), "-m", "immediate", "stop"])
    finally:
        hosted.file.close()
    again = start_hosting(demo)
    try:
        assert again.settings.port == port  # the same join text works again
        with open_event(again.local_url) as db:
            assert attendees.get_attendee(db, person.id).checked_in_by == "Desk 1"
            assert event_info(db)["attendees"] == 130
    finally:
        again.stop()


def test_join_text_must_hold_an_address():
    assert url_from_join_text("GD:B Team · X\npostgresql://a:b@10.0.0.2:5432/gdb_event\n") == \
        "postgresql://a:b@10.0.0.2:5432/gdb_event"
    with pytest.raises(EventFileError):
        url_from_join_text("hello")


def test_cli_host_prints_the_join_text_and_stops_cleanly(demo):
    proc = subprocess.Popen([sys.executable, "-m", "gdb_facilitator", "host", str(demo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl+C" in line:
            break
    text = "".join(lines)
    url = url_from_join_text(text)
    with open_event(url, device="Desk 3") as db:
        attendees.add_walk_in(db, "Kemal", "Lang")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Stopped" in out
    with EventFile.open(demo) as ef:
        assert any(r.last_name == "Lang" and r.checked_in_by == "Desk 3" for r in attendees.list_attendees(ef))
