"""Removing the personal data: nothing readable is left in the file, its log or its backups
(RELIABILITY T20), while results, ideas, codes and the counts by sector stay."""

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from gdb_facilitator.core import backups
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    Attendee,
    AttendeePair,
    Event,
    Idea,
    IdeaStatus,
    IdeaUpdate,
    Organisation,
    PairKind,
    Sector,
    TableResult,
    TeamCode,
    TimerState,
    DeviceWrite,
    Topic,
    TopicChoice,
    TopicProposal,
)
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.exchange.exporters import export_csv, export_json, export_xlsx
from gdb_facilitator.core.services import privacy

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 9, 20, 17, 0, tzinfo=timezone.utc)

MARKERS = {
    "first": "Zyxqvarda",
    "last": "Qwmarkerova",
    "email": "zyx.marker@example.invalid",
    "org": "Markerwerke QQX GmbH",
    "comment": "Rollstuhl Zugang QQXKOMMENTAR",
    "owner": "Ownerina Qqxbesitz",
    "reporter": "Reporto Qqxmelder",
    "notes": "Spricht: Dr. Qqxrednerin",
    "overlay": "Bitte Frau Qqxoverlay zum Empfang",
    "regid": "QQXREG-4711",
}
# The marker person's name typed into free texts, replaced before the purge (names_in_text).
FREE_TEXT_NAME = " Zyxqvarda Qwmarkerova übernimmt das."
FREE_TEXT_REPLACED = " Z. Q. übernimmt das."


def _seed(path: Path, free_texts: bool = False) -> None:
    """Markers in every personal field, written over many commits so that the log holds
    several old versions of the pages."""
    with EventFile.open(path, clock=FakeClock(NOW)) as ef:
        with ef.session() as s:
            org = Organisation(name=MARKERS["org"], name_key=MARKERS["org"].casefold())
            sector = s.scalar(select(Sector).where(Sector.name == "Wirtschaft"))
            person = Attendee(registration_id=MARKERS["regid"], first_name=MARKERS["first"],
                              last_name=MARKERS["last"], title="Dr.", email=MARKERS["email"],
                              organisation=org, sector=sector, comment=MARKERS["comment"],
                              arrived_at=datetime(2026, 6, 12, 8, 47, 13, tzinfo=timezone.utc),
                              created_at=NOW, updated_at=NOW)
            s.add(person)
            s.flush()
            topic = s.scalar(select(Topic))
            s.add(TopicChoice(attendee_id=person.id, rank=1, topic_id=topic.id))
            other = s.scalar(select(Attendee).where(Attendee.id != person.id))
            first, second = sorted((person.id, other.id))
            s.add(AttendeePair(first_id=first, second_id=second, kind=PairKind.KEEP_APART))
        for n in range(5):  # old page versions pile up in the -wal
            with ef.session() as s:
                p = s.scalar(select(Attendee).where(Attendee.registration_id == MARKERS["regid"]))
                p.comment = f"{MARKERS['comment']} {n}"
        with ef.session() as s:
            idea = s.scalar(select(Idea).order_by(Idea.id))
            idea.owner = MARKERS["owner"]
            idea.updates.append(IdeaUpdate(reported_on=date(2026, 9, 20), status=IdeaStatus.DONE,
                                           progress=100, what_happened="fertig",
                                           reported_by=MARKERS["reporter"], created_at=NOW))
            s.scalar(select(AgendaItem)).notes = MARKERS["notes"]
            timer = s.get(TimerState, 1) or TimerState(id=1)
            timer.message = MARKERS["overlay"]
            s.add(timer)
        for n in range(3 if free_texts else 0):  # names in free texts, also in old pages of the -wal
            with ef.session() as s:
                result = s.scalar(select(TableResult).order_by(TableResult.id))
                if n == 0:
                    result.results += FREE_TEXT_NAME
                idea = s.scalar(select(Idea).order_by(Idea.id))
                idea.next_step = f"Termin bei Frau Qwmarkerova ({n})"
                s.add(TopicProposal(title=f"Vorschlag {n}", problem_statement="von Zyxqvarda Qwmarkerova",
                                    created_at=NOW))
                s.add(DeviceWrite(at=NOW, action="conflict", detail=f"Qwmarkerova schreibt {n}"))
        backups.make_backup(ef, "before-purge", thin=False)
        backups.make_backup(ef, backups.MANUAL, thin=False)
    # the copy a schema upgrade would have left
    sqlite3.connect(path).execute("VACUUM INTO ?", (str(path) + ".schema3.bak",)).connection.close()


def _hits(paths: list[Path], needles: list[str]) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        data = path.read_bytes()
        for needle in needles:
            for variant in {needle, needle.casefold(), needle.upper()}:
                for encoded in (variant.encode("utf-8"), variant.encode("utf-16-le")):
                    if encoded in data:
                        found.append((path.name, needle))
    return found


def _all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.fixture(scope="module")
def purged(tmp_path_factory):
    """Seed, then purge in a child process with its own temp folder, keeping the app's
    connection open as the app would (so -wal and -shm exist when we grep)."""
    base = tmp_path_factory.mktemp("purge")
    folder = base / "event"
    folder.mkdir()
    temp = base / "tmp"
    temp.mkdir()
    path = write_demo_event(folder / "konferenz.gdbevent")
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        names = [a.full_name for a in s.scalars(select(Attendee))]
        emails = [a.email for a in s.scalars(select(Attendee)) if a.email]
        orgs = list(s.scalars(select(Organisation.name)))
        regids = list(s.scalars(select(Attendee.registration_id)))
        before = {
            "results": s.scalar(select(func.count(TableResult.id))),
            "ideas": s.scalar(select(func.count(Idea.id))),
            "codes": sorted(s.scalars(select(TeamCode.code))),
            "attendees": s.scalar(select(func.count(Attendee.id))) + 1,
            "result_text": {i: t for i, t in s.execute(select(TableResult.id, TableResult.results))},
        }
    _seed(path, free_texts=True)
    assert _hits(_all_files(folder), list(MARKERS.values())), "the seed must be findable first"
    script = textwrap.dedent(f"""
        import json, os, sys
        from pathlib import Path
        from gdb_facilitator.core.db.engine import EventFile
        from gdb_facilitator.core.services.privacy import purge_personal_data
        from gdb_facilitator.core.services import names_in_text
        ef = EventFile.open({str(path)!r})
        # as the app does: the names in free texts first, then the purge
        hits = names_in_text.find_names(ef)
        changes = names_in_text.replace_names(ef, names_in_text.initials_replacements(hits))
        report = purge_personal_data(ef, names_replaced=sum(c.hits for c in changes))
        # still open, as in the app: the -wal and -shm files exist now
        print(json.dumps({{"wal": report.wal_bytes, "removed": [str(p) for p in report.files_removed],
                          "attendees": report.attendees, "owners": report.idea_owners,
                          "reporters": report.reporters, "orgs": report.organisations,
                          "names_found": len(hits), "names_replaced": report.names_replaced,
                          "names_left": report.names_left,
                          "wal_exists": Path({str(path)!r} + "-wal").exists(),
                          "shm_exists": Path({str(path)!r} + "-shm").exists()}}))
        sys.stdout.flush()
        files = sorted(p.name for p in Path({str(folder)!r}).iterdir())
        print(json.dumps(files))
        ef.close()
    """)
    env = {**os.environ, "TMPDIR": str(temp), "SQLITE_TMPDIR": str(temp)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    import json
    lines = done.stdout.strip().splitlines()
    return {"path": path, "folder": folder, "temp": temp, "report": json.loads(lines[0]),
            "files_while_open": json.loads(lines[1]), "names": names, "emails": emails,
            "orgs": orgs, "regids": regids, "before": before}


def test_no_marker_left_in_file_log_shm_backups_or_temp(purged):
    report = purged["report"]
    assert report["wal_exists"] and report["wal"] == 0
    assert {Path(p).name for p in report["removed"]} >= {"konferenz.gdbevent.schema3.bak"}
    assert len(report["removed"]) == 3
    assert report["owners"] >= 1 and report["reporters"] == 1 and report["orgs"] >= 1
    # one in the results, one in the idea, three proposals, three device log entries
    assert report["names_found"] == report["names_replaced"] == 8 and report["names_left"] == 0
    # greped while the app still had the file open: the event, -wal, -shm, .lock
    assert "konferenz.gdbevent-shm" in purged["files_while_open"]
    files = _all_files(purged["folder"]) + _all_files(purged["temp"])
    assert not [p for p in files if p.name.endswith((".bak", ".backups"))]
    assert not (purged["folder"] / "konferenz.gdbevent.backups").exists()
    assert _hits(files, list(MARKERS.values())) == []
    assert _hits(files, purged["emails"] + purged["orgs"]) == []
    assert _hits(files, [n for n in purged["names"] if len(n) > 6]) == []
    assert _hits(files, [r for r in purged["regids"] if len(r) >= 6]) == []


def test_results_ideas_codes_and_counts_stay(purged):
    path = purged["path"]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with EventFile.open(path) as ef, ef.session() as s:
        before = purged["before"]
        assert s.scalar(select(func.count(TableResult.id))) == before["results"]
        assert s.scalar(select(func.count(Idea.id))) == before["ideas"]
        assert sorted(s.scalars(select(TeamCode.code))) == before["codes"]
        texts = before["result_text"]
        first = min(texts)
        texts[first] += FREE_TEXT_REPLACED
        assert {i: t for i, t in s.execute(select(TableResult.id, TableResult.results))} == texts
        assert "Frau Q. (2)" in s.scalar(select(Idea.next_step).order_by(Idea.id))
        people = list(s.scalars(select(Attendee)))
        assert len(people) == before["attendees"]
        assert all(a.first_name == a.last_name == a.email == a.comment == a.title == "" for a in people)
        assert all(a.registration_id.startswith(privacy.ANONYMOUS_PREFIX) for a in people)
        assert len({a.registration_id for a in people}) == len(people)
        assert all(a.organisation_id is None and a.pinned_table_id is None for a in people)
        assert Counter(a.sector.name for a in people if a.sector)["Wirtschaft"] == 20
        marker = [a for a in people if a.arrived_at == datetime(2026, 6, 12, tzinfo=timezone.utc)]
        assert marker, "arrival kept, reduced to the day"
        assert s.scalar(select(func.count(Organisation.id))) == 0
        assert s.scalar(select(func.count(TopicChoice.id))) == 0
        assert s.scalar(select(func.count(AttendeePair.id))) == 0
        assert s.scalar(select(func.count()).select_from(Idea).where(Idea.owner != "")) == 0
        update = s.scalar(select(IdeaUpdate))
        assert update.reported_by == "" and update.status is IdeaStatus.DONE
        removed_at = s.scalar(select(Event)).personal_data_removed_at
    with EventFile.open(path, readonly=True) as ef:
        assert removed_at is not None and privacy.personal_data_removed_at(ef) == removed_at


def test_exports_after_the_purge_name_nobody(purged, tmp_path):
    path = purged["path"]
    out = [*export_csv(path, tmp_path / "csv"), export_json(path, tmp_path / "e.json")]
    xlsx = load_workbook(export_xlsx(path, tmp_path / "e.xlsx"))
    texts = [p.read_text(encoding="utf-8-sig") for p in out]
    texts.append("\n".join(str(c.value) for ws in xlsx for row in ws.iter_rows() for c in row))
    blob = "\n".join(texts)
    for needle in [*MARKERS.values(), *purged["emails"], *purged["orgs"]]:
        assert needle not in blob


def test_purge_refuses_a_read_only_file(tmp_path):
    path = write_demo_event(tmp_path / "d.gdbevent")
    with EventFile.open(path, readonly=True) as ro:
        with pytest.raises(Exception) as err:
            privacy.purge_personal_data(ro)
    assert getattr(err.value, "code", "") == "event_not_writable"


def test_anonymised_exports_cover_every_format_and_person_field(tmp_path):
    """``--anonymize`` (before any purge): no name, e-mail, organisation, comment, title,
    owner, reporter, speaker note or registration id in CSV, XLSX or JSON; Decidim names
    nobody either; the counts stay."""
    from gdb_facilitator.core.exchange.decidim import export_decidim

    path = write_demo_event(tmp_path / "d.gdbevent")
    _seed(path)
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        people = list(s.scalars(select(Attendee)))
        needles = [v for k, v in MARKERS.items() if k != "overlay"]  # the overlay is never exported
        needles += [a.email for a in people if a.email]
        # a whole registration id: a Decidim key (GDB-<digest>-<idea>) may begin like one
        reg_ids = [re.compile(rf"(?<![\w-]){re.escape(a.registration_id)}(?![\w-])") for a in people]
        needles += [a.full_name for a in people] + list(s.scalars(select(Organisation.name)))
        owners = [o for o in s.scalars(select(Idea.owner)) if o]
    needles += owners
    texts = [p.read_text(encoding="utf-8-sig") for p in export_csv(path, tmp_path / "csv", anonymize=True)]
    texts.append(export_json(path, tmp_path / "a.json", anonymize=True).read_text(encoding="utf-8"))
    wb = load_workbook(export_xlsx(path, tmp_path / "a.xlsx", anonymize=True))
    texts.append("\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row))
    with EventFile.open(path) as ef:
        texts.append(export_decidim(ef, tmp_path / "decidim.csv").read_text(encoding="utf-8"))
    for text in texts:
        leaked = [n for n in needles if n and n in text] + [r.pattern for r in reg_ids if r.search(text)]
        assert leaked == [], leaked[:5]
    assert "Dr." not in (tmp_path / "csv" / "attendees.csv").read_text(encoding="utf-8-sig")
    rows = (tmp_path / "csv" / "attendees.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 132  # header + 130 demo attendees + the seeded one
    follow = (tmp_path / "csv" / "follow_up.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(follow) == 2 and "fertig" in follow[1]
