"""The event's own time zone: the same Berlin times whatever zone the computer is set to."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from gdb_facilitator.core import timezones
from gdb_facilitator.core.db import migrations
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Event
from gdb_facilitator.core.errors import EventFileError, ValidationError
from gdb_facilitator.core.services import event as event_svc
from gdb_facilitator.core.services.event import create_event

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "event_schema1_v0.1.0.gdbevent"

# Run in a fresh interpreter with TZ set (no tzset in this process, nothing to restore):
# the demo event (Europe/Berlin), its calendar at 16:00, its exports and its run-sheet times.
PROBE = r"""
import csv, json, sys
from datetime import time
from pathlib import Path
from openpyxl import load_workbook
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.exchange import exporters, ics
from gdb_facilitator.core.services.timer import TimerService
from gdb_facilitator.core.services import follow_up

out = Path(sys.argv[1])
ef = write_demo_event(out / "demo.gdbevent")
if not isinstance(ef, EventFile):
    ef = EventFile.open(out / "demo.gdbevent")
with ef:
    cal = ics.write_ics(ef, out / "c.ics", summary_text="Check-in", start=time(16, 0)).read_text()
    exporters.export_csv(ef, out / "csv")
    exporters.export_xlsx(ef, out / "e.xlsx")
    doc = exporters.event_document(ef)
    # An agenda item started 15 minutes after its planned HH:MM in Berlin.
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo
    from sqlalchemy import select
    from gdb_facilitator.core.db.models import AgendaItem, Event
    with ef.session() as s:
        day = s.scalars(select(Event.event_date)).one()
        item = next(i for i in s.scalars(select(AgendaItem)) if i.planned_start)
        hour, minute = map(int, item.planned_start.split(":"))
        begin = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Europe/Berlin"))
        item.actual_start = (begin + timedelta(minutes=15)).astimezone(timezone.utc)
    rows = TimerService(ef).plan_vs_actual()
with open(out / "csv" / "attendees.csv", encoding="utf-8-sig", newline="") as fh:
    people = list(csv.DictReader(fh, delimiter=";"))
arrived = sorted(p["arrived_at"] for p in people if p.get("arrived_at"))
ws = load_workbook(out / "e.xlsx")["Teilnehmende"]
header = [c.value for c in ws[1]]
col = header.index("Angekommen")
xlsx_arrived = sorted(r[col].isoformat(sep=" ") for r in ws.iter_rows(min_row=2, values_only=True) if r[col])
print(json.dumps({
    "dtstart": [l for l in cal.splitlines() if l.startswith("DTSTART")],
    "csv_first_arrival": arrived[0], "xlsx_first_arrival": xlsx_arrived[0],
    "timezone": doc["event"]["timezone"],
    "start_delta": [r.start_delta_seconds for r in rows if r.start_delta_seconds is not None],
}))
"""


def _probes(tmp_path: Path, zones: tuple[str, ...]) -> dict[str, dict]:
    """The probe under each zone, the interpreters running side by side (2 s each)."""
    running = {}
    for zone in zones:
        folder = tmp_path / zone.replace("/", "_")
        folder.mkdir()
        env = {**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT)}
        running[zone] = subprocess.Popen([sys.executable, "-c", PROBE, str(folder)], env=env, cwd=ROOT,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = {}
    try:
        for zone, child in running.items():
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err[-2000:]
            seen[zone] = json.loads(out.strip().splitlines()[-1])
    finally:
        for child in running.values():
            if child.poll() is None:
                child.kill()
                child.wait()
    return seen


def test_same_berlin_times_under_utc_berlin_and_new_york(tmp_path):
    seen = _probes(tmp_path, ("UTC", "Europe/Berlin", "America/New_York"))
    first = seen["UTC"]
    assert all(value == first for value in seen.values()), seen
    # 16:00 in Berlin on a January day (CET, UTC+1) is 15:00 UTC.
    assert first["dtstart"] == ["DTSTART:20240107T150000Z"]
    assert first["timezone"] == "Europe/Berlin"
    # The demo's first arrival is 08:30 Berlin summer time (06:30 UTC).
    assert first["csv_first_arrival"].endswith("08:30:00") or first["csv_first_arrival"][11:13] == "08"
    assert first["xlsx_first_arrival"][:16] == first["csv_first_arrival"][:16]
    # The run-sheet's HH:MM is read in Berlin: the item started 15 minutes late everywhere.
    assert 900.0 in first["start_delta"]


def test_helpers_convert_in_the_named_zone_not_the_laptops():
    moment = datetime(2026, 7, 1, 14, 0, tzinfo=timezone.utc)
    assert timezones.hhmm(moment, "Europe/Berlin") == "16:00"
    assert timezones.hhmm(moment, "America/New_York") == "10:00"
    assert timezones.at(date(2026, 1, 7), time(16, 0), "Europe/Berlin").astimezone(timezone.utc).hour == 15
    assert timezones.at(date(2026, 7, 7), time(16, 0), "Europe/Berlin").astimezone(timezone.utc).hour == 14
    assert timezones.today(datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc), "Europe/Berlin") == date(2026, 7, 2)
    assert not timezones.is_valid("Nowhere/Atlantis") and not timezones.is_valid("../etc/passwd")
    assert timezones.is_valid(timezones.laptop_zone_name())
    assert "Europe/Berlin" in timezones.all_zone_names()


def test_new_event_keeps_its_zone_and_it_can_be_changed(tmp_path):
    with create_event(tmp_path / "a.gdbevent", title="A", timezone="America/New_York") as ef:
        assert event_svc.get_event(ef).timezone == "America/New_York"
        assert event_svc.update_event(ef, timezone="Europe/Berlin").timezone == "Europe/Berlin"
        with pytest.raises(ValidationError):
            event_svc.update_event(ef, timezone="Mars/Olympus")
        assert event_svc.event_timezone(ef) == "Europe/Berlin"
    with create_event(tmp_path / "b.gdbevent", title="B") as ef:
        assert event_svc.get_event(ef).timezone == timezones.laptop_zone_name()
    with pytest.raises(EventFileError) as err:
        create_event(tmp_path / "c.gdbevent", title="C", timezone="Mars/Olympus")
    assert err.value.code == "timezone_unknown" and not (tmp_path / "c.gdbevent").exists()


def test_schema1_file_opens_with_a_time_zone(tmp_path):
    copy = tmp_path / "old.gdbevent"
    shutil.copy(FIXTURE, copy)
    with EventFile.open(copy) as ef:
        with ef.session() as s:
            assert timezones.is_valid(s.scalars(select(Event.timezone)).one())
        assert int(ef.pragma("user_version")) == migrations.SCHEMA_VERSION


def test_cli_new_timezone_and_info(tmp_path, capsys, monkeypatch):
    from gdb_facilitator.cli import main

    monkeypatch.setenv("GDB_FACILITATOR_LANG", "en")
    path = tmp_path / "e.gdbevent"
    assert main(["new", str(path), "--title", "T", "--timezone", "Europe/Berlin"]) == 0
    assert main(["info", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{"):])["timezone"] == "Europe/Berlin"
    assert main(["new", str(tmp_path / "f.gdbevent"), "--title", "T", "--timezone", "Mars/Olympus"]) == 1
    assert "Mars/Olympus" in capsys.readouterr().err
