"""Crash-safety harness: SIGKILL a process that writes an event file, many times, and check.

Each cycle forks a child that opens the event file and runs the app's real write paths
(check-in, walk-ins, seat moves, result typing, ideas, timer changes; or an import; or
exports and backups). Before each change the child announces it (``DO``), after the
service call returned (the transaction is committed) it acknowledges it (``ACK``). The
parent kills the child with SIGKILL at a random moment, then checks the file:

* ``EventFile.open`` works and ``PRAGMA integrity_check`` says ok, no foreign-key errors;
* every acknowledged change is in the file (the one change in flight may or may not be);
* an import is all or nothing; an export or backup target is the old complete file or the
  new complete file, never part of one.

The parent forks instead of starting a new interpreter so that a cycle costs milliseconds
rather than the half second Python needs to import SQLAlchemy; the parent has no event
file open while it forks. POSIX only.

    .venv/bin/python scripts/kill_harness.py [--mode edits|import|export|all] [--kills N]
                                            [--seed S] [--dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select as sql_select  # noqa: E402

from gdb_facilitator.core import backups  # noqa: E402
from gdb_facilitator.core.db.engine import EventFile  # noqa: E402
from gdb_facilitator.core.db.models import (  # noqa: E402
    AgendaItem,
    Attendee,
    EventTable,
    Idea,
    Round,
    SeatAssignment,
    TableResult,
    TimerState,
)
from gdb_facilitator.core.services.event import create_event  # noqa: E402

# Imported here, once, so that forked children start writing at once instead of importing.
from gdb_facilitator.core.algorithms.timer import Phase  # noqa: E402
from gdb_facilitator.core.exchange import exporters  # noqa: E402
from gdb_facilitator.core.exchange.importers import read_attendees  # noqa: E402
from gdb_facilitator.core.services import attendees, results, seating  # noqa: E402
from gdb_facilitator.core.services.imports import apply_attendees  # noqa: E402
from gdb_facilitator.core.services.timer import TimerService  # noqa: E402
from gdb_facilitator.core.sheets import write_sheets  # noqa: E402
from gdb_facilitator.core.sheets import model as _sheet_model  # noqa: E402, F401
import openpyxl  # noqa: E402, F401

TABLES = 6
PEOPLE = 40
ROUNDS = (1, 2)
IMPORT_ROWS = 1500
EXPORTS = ("json", "xlsx", "csv", "sqlite", "pdf", "backup")


@dataclass
class Report:
    mode: str
    kills: int = 0
    acknowledged: int = 0  # changes the child reported as committed, over all cycles
    in_flight_at_kill: int = 0  # cycles where a change was announced but not acknowledged
    in_flight_committed: int = 0  # ... of which the file had it anyway (commit done, ACK not yet)
    lost: int = 0
    integrity_failures: int = 0
    open_failures: int = 0
    partial_imports: int = 0
    imports_killed_midway: int = 0
    import_seconds: float = 0.0  # one import of IMPORT_ROWS rows, unkilled
    bad_export_targets: int = 0
    exports_killed_midway: int = 0
    leftover_temp_files: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.integrity_failures or self.open_failures
                    or self.partial_imports or self.bad_export_targets)


# -- the child -----------------------------------------------------------------------------

class _Out:
    """Unbuffered, whole-line writes to the pipe: a kill never leaves half a line."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, *item: Any) -> None:
        os.write(self.fd, (json.dumps(item, ensure_ascii=True) + "\n").encode())


def _child_edits(path: Path, out: _Out, rng: random.Random, seq0: int) -> None:
    ef = EventFile.open(path)
    timer = TimerService(ef)
    with ef.session() as s:
        people = list(s.scalars(sql_select(Attendee.id).where(Attendee.walk_in.is_(False))))
        table_ids = list(s.scalars(sql_select(EventTable.id).order_by(EventTable.number)))
    out.send("READY")
    seq = seq0
    words = ["Daten", "teilen", "Grüße", "Straße", "café", "🌱", "مرحبا", "数据", "<b>x", "&", "=1+1"]
    while True:
        seq += 1
        op = rng.choice(("checkin", "checkin", "walkin", "seat", "seat", "result", "idea",
                         "timer_msg", "timer_phase"))
        if op == "checkin":
            aid = rng.choice(people)
            arrived = attendees.get_attendee(ef, aid).arrived_at is None
            out.send("DO", seq, op, aid, arrived)
            attendees.set_arrived(ef, aid, arrived)
            out.send("ACK", seq, op, aid, arrived)
        elif op == "walkin":
            name = f"Walk{seq}"
            out.send("DO", seq, op, name, True)
            attendees.add_walk_in(ef, name, "Spontan", organisation="Kiezladen e.V.")
            out.send("ACK", seq, op, name, True)
        elif op == "seat":
            aid, rnd, table = rng.choice(people), rng.choice(ROUNDS), rng.randint(1, TABLES)
            key = f"{aid}/{rnd}"
            out.send("DO", seq, op, key, table)
            seating.move_seat(ef, aid, rnd, table)
            out.send("ACK", seq, op, key, table)
        elif op == "result":
            tid, rnd = rng.choice(table_ids), rng.choice(ROUNDS)
            text = f"Ergebnis {seq}: " + " ".join(rng.choice(words) for _ in range(rng.randint(3, 40)))
            key = f"{tid}/{rnd}"
            out.send("DO", seq, op, key, text)
            results.set_result_fields(ef, tid, rnd, results=text)
            out.send("ACK", seq, op, key, text)
        elif op == "idea":
            title = f"Idee {seq}"
            out.send("DO", seq, op, title, True)
            results.add_idea(ef, rng.choice(table_ids), rng.choice(ROUNDS), title=title,
                             description="Was genau: " + rng.choice(words))
            out.send("ACK", seq, op, title, True)
        elif op == "timer_msg":
            text = f"Nachricht {seq}"
            out.send("DO", seq, op, "timer", text)
            timer.set_message(text)
            out.send("ACK", seq, op, "timer", text)
        else:
            running = timer.snapshot().timer.phase is Phase.RUNNING
            target = "paused" if running else "running"
            out.send("DO", seq, op, "timer", target)
            if running:
                timer.pause()
            else:
                timer.start()
            out.send("ACK", seq, op, "timer", target)


def _import_csv(directory: Path, cycle: int) -> Path:
    path = directory / f"import-{cycle}.csv"
    lines = ["Teilnehmer-Nr.;Vorname;Nachname;E-Mail;Organisation"]
    lines += [f"K{cycle}-{i};Vorname{i};Nachname-{cycle};p{i}.k{cycle}@example.org;Organisation {i % 90}"
              for i in range(IMPORT_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _child_import(path: Path, out: _Out, csv_path: Path, sectors: list[str]) -> None:
    preview = read_attendees(csv_path, sector_names=sectors)
    ef = EventFile.open(path)
    out.send("READY")
    out.send("DO", 0, "import", csv_path.stem, len(preview.rows))
    apply_attendees(ef, preview)
    out.send("ACK", 0, "import", csv_path.stem, len(preview.rows))
    time.sleep(60)


def _export(ef: EventFile, kind: str, out_dir: Path) -> None:
    if kind == "json":
        exporters.export_json(ef, out_dir / "event.json")
    elif kind == "xlsx":
        exporters.export_xlsx(ef, out_dir / "event.xlsx")
    elif kind == "csv":
        exporters.export_csv(ef, out_dir / "csv")
    elif kind == "sqlite":
        exporters.export_sqlite(ef, out_dir / "copy.gdbevent")
    elif kind == "pdf":
        write_sheets(ef, out_dir / "sheets.pdf", kind="results")
    else:
        backups.make_backup(ef, "timed", folder=out_dir / "backups")


def _child_export(path: Path, out: _Out, rng: random.Random, out_dir: Path) -> None:
    ef = EventFile.open(path)
    out.send("READY")
    seq = 0
    while True:
        seq += 1
        kind = rng.choice(EXPORTS)
        out.send("DO", seq, "export", kind, True)
        _export(ef, kind, out_dir)
        out.send("ACK", seq, "export", kind, True)
        attendees.add_walk_in(ef, f"Export{seq}", "Zwischendurch")


def _run_child(mode: str, path: Path, write_fd: int, seed: int, extra: dict[str, Any]) -> None:
    out = _Out(write_fd)
    rng = random.Random(seed)
    try:
        if mode == "edits":
            _child_edits(path, out, rng, extra["seq0"])
        elif mode == "import":
            _child_import(path, out, Path(extra["csv"]), extra["sectors"])
        else:
            _child_export(path, out, rng, Path(extra["out_dir"]))
    except BaseException:
        out.send("ERROR", traceback.format_exc())
        os._exit(3)
    os._exit(0)


# -- the parent ----------------------------------------------------------------------------

def _fork_and_kill(mode: str, path: Path, seed: int, delay: float, extra: dict[str, Any],
                   wait_for: str | None = None) -> list[list[Any]]:
    """Run one child, SIGKILL it ``delay`` seconds after it started (or after it wrote its
    first ``wait_for`` line, "READY" or "DO"), and return the complete lines it wrote."""
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        _run_child(mode, path, write_fd, seed, extra)
        os._exit(0)
    os.close(write_fd)
    buffer = b""
    start = time.monotonic()
    deadline = None if wait_for else start + delay
    marker = f'"{wait_for}"'.encode() if wait_for else b""
    while True:
        timeout = 5.0 if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _w, _x = select.select([read_fd], [], [], timeout)
        if ready:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break  # the child ended on its own (an error, reported below)
            buffer += chunk
            if deadline is None and marker in buffer:
                deadline = time.monotonic() + delay
        if deadline is not None and time.monotonic() >= deadline:
            break
        if deadline is None and time.monotonic() - start > 30:
            break
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        buffer += chunk
    os.close(read_fd)
    lines = []
    for raw in buffer.split(b"\n"):
        try:
            lines.append(json.loads(raw))
        except ValueError:
            pass  # an empty or (impossible with one os.write per line) torn last line
    return lines


def _check_open(path: Path, report: Report) -> EventFile | None:
    try:
        ef = EventFile.open(path)
    except Exception as exc:  # noqa: BLE001 (any failure to open is what we count)
        report.open_failures += 1
        report.problems.append(f"open failed after kill {report.kills}: {exc!r}")
        return None
    check = ef.pragma("integrity_check")
    with ef.engine.connect() as conn:
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if check != "ok" or fk:
        report.integrity_failures += 1
        report.problems.append(f"integrity after kill {report.kills}: {check} {fk[:3]}")
    return ef


def _db_state(ef: EventFile) -> dict[str, Any]:
    with ef.session() as s:
        arrived = {str(aid): at is not None for aid, at in s.execute(
            sql_select(Attendee.id, Attendee.arrived_at).where(Attendee.walk_in.is_(False)))}
        walkins = set(s.scalars(sql_select(Attendee.first_name).where(Attendee.walk_in.is_(True))))
        seats = {f"{aid}/{rnd}": number for aid, rnd, number in s.execute(
            sql_select(SeatAssignment.attendee_id, Round.number, EventTable.number)
            .join(Round, SeatAssignment.round_id == Round.id)
            .join(EventTable, SeatAssignment.table_id == EventTable.id))}
        result_text = {f"{tid}/{rnd}": text for tid, rnd, text in s.execute(
            sql_select(TableResult.table_id, Round.number, TableResult.results)
            .join(Round, TableResult.round_id == Round.id))}
        ideas = set(s.scalars(sql_select(Idea.title)))
        timer = s.get(TimerState, 1)
        return {
            "checkin": arrived,
            "walkin": {name: True for name in walkins},
            "seat": seats,
            "result": result_text,
            "idea": {title: True for title in ideas},
            "timer_msg": {"timer": timer.message if timer else ""},
            "timer_phase": {"timer": timer.phase.value if timer else "idle"},
        }


def _verify_edits(ef: EventFile, lines: list[list[Any]], expected: dict[tuple[str, str], Any],
                  report: Report) -> None:
    acked = [line for line in lines if line[0] == "ACK"]
    dos = [line for line in lines if line[0] == "DO"]
    report.acknowledged += len(acked)
    for _tag, _seq, kind, key, value in acked:
        expected[(kind, str(key))] = value
    in_flight = None
    if dos and (not acked or dos[-1][1] != acked[-1][1]):
        in_flight = dos[-1]
        report.in_flight_at_kill += 1
    state = _db_state(ef)
    flight_key = (in_flight[2], str(in_flight[3])) if in_flight else None
    for (kind, key), value in expected.items():
        found = state[kind].get(key, None if kind not in ("checkin",) else False)
        if found == value:
            continue
        if flight_key == (kind, key) and found == in_flight[4]:
            continue
        report.lost += 1
        report.problems.append(f"kill {report.kills}: {kind} {key} expected {value!r}, file has {found!r}")
    # Nothing appears that was never even attempted.
    for kind in ("walkin", "idea"):
        attempted = {k for (k_kind, k) in expected if k_kind == kind}
        if flight_key and flight_key[0] == kind:
            attempted.add(flight_key[1])
        extra = set(state[kind]) - attempted
        if extra:
            report.problems.append(f"kill {report.kills}: unexpected {kind} {sorted(extra)[:3]}")
            report.lost += len(extra)
    if in_flight is not None:
        kind, key = flight_key
        found = state[kind].get(key, False if kind in ("checkin", "walkin", "idea") else None)
        if found == in_flight[4]:
            report.in_flight_committed += 1
        # Whatever the file holds now was seen after a reopen: later cycles must keep it.
        if found is None or (kind in ("walkin", "idea") and not found):
            expected.pop(flight_key, None)
        else:
            expected[flight_key] = found


def prepare(path: Path) -> None:
    from gdb_facilitator.core.services import agenda

    with create_event(path, title="Kill-Test", tables=TABLES) as ef:
        with ef.session() as s:
            now = ef.clock.now_utc()
            for number in ROUNDS:
                s.add(Round(number=number, title=f"Runde {number}"))
            for i in range(PEOPLE):
                s.add(Attendee(registration_id=f"R{i:03d}", first_name=f"Person{i}",
                               last_name="Muster", created_at=now, updated_at=now))
        agenda.add_item(ef, title="Runde 1", duration_seconds=1800)


def run_edits(workdir: Path, kills: int, seed: int, max_delay: float) -> Report:
    report = Report("edits")
    path = workdir / "edits.gdbevent"
    prepare(path)
    rng = random.Random(seed)
    expected: dict[tuple[str, str], Any] = {}
    started = time.monotonic()
    for cycle in range(kills):
        # Mostly mid-work, timed from when the child is ready (so a slow, busy machine
        # still gets writes in); every fifth kill lands while the child is opening the file.
        delay = rng.uniform(0.0, max_delay)
        lines = _fork_and_kill("edits", path, rng.randrange(2**32), delay,
                               {"seq0": (cycle + 1) * 1_000_000},
                               wait_for=None if cycle % 5 == 4 else "READY")
        report.kills += 1
        _note_errors(lines, report)
        ef = _check_open(path, report)
        if ef is None:
            break
        try:
            _verify_edits(ef, lines, expected, report)
        finally:
            ef.close()
    report.seconds = round(time.monotonic() - started, 2)
    return report


def _note_errors(lines: list[list[Any]], report: Report) -> None:
    for line in lines:
        if line and line[0] == "ERROR":
            report.problems.append(f"child error in cycle {report.kills}: {line[1][-600:]}")


def run_import(workdir: Path, kills: int, seed: int) -> Report:
    report = Report("import")
    path = workdir / "import.gdbevent"
    prepare(path)
    from gdb_facilitator.core.services.event import sector_names

    with EventFile.open(path) as ef:
        sectors = sector_names(ef)
    apply_seconds = _time_one_import(path, workdir, sectors)
    report.import_seconds = round(apply_seconds, 3)
    rng = random.Random(seed)
    started = time.monotonic()
    for cycle in range(kills):
        csv_path = _import_csv(workdir, cycle)
        # Most kills land inside the import's transaction, some just after it.
        delay = rng.uniform(0.0, apply_seconds * 2.0)
        lines = _fork_and_kill("import", path, 0, delay, {"csv": str(csv_path), "sectors": sectors},
                               wait_for="DO")
        report.kills += 1
        _note_errors(lines, report)
        acked = any(line[0] == "ACK" for line in lines)
        report.acknowledged += int(acked)
        ef = _check_open(path, report)
        if ef is None:
            break
        try:
            with ef.session() as s:
                got = s.scalar(sql_select(func.count(Attendee.id))
                               .where(Attendee.registration_id.like(f"K{cycle}-%")))
        finally:
            ef.close()
        if not acked:
            report.imports_killed_midway += 1
        if got not in (0, IMPORT_ROWS) or (acked and got != IMPORT_ROWS):
            report.partial_imports += 1
            report.problems.append(f"import {cycle}: {got} of {IMPORT_ROWS} rows in the file (acked={acked})")
        csv_path.unlink()
    report.seconds = round(time.monotonic() - started, 2)
    return report


def _time_one_import(path: Path, workdir: Path, sectors: list[str]) -> float:
    """How long applying one import takes here, measured on a scratch copy of the event."""
    import shutil

    scratch = workdir / "calibrate.gdbevent"
    shutil.copy(path, scratch)
    csv_path = _import_csv(workdir, 999_999)
    preview = read_attendees(csv_path, sector_names=sectors)
    with EventFile.open(scratch) as ef:
        begin = time.monotonic()
        apply_attendees(ef, preview)
        seconds = time.monotonic() - begin
    for leftover in (scratch, csv_path):
        leftover.unlink()
    return seconds


def _target_ok(kind: str, out_dir: Path) -> str | None:
    """None when the export target of ``kind`` is one complete file; else what is wrong."""
    try:
        if kind == "json":
            doc = json.loads((out_dir / "event.json").read_text(encoding="utf-8"))
            return None if doc.get("format") == "gdb-facilitator-event" else "json without format"
        if kind == "xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(out_dir / "event.xlsx", read_only=True)
            names = wb.sheetnames
            wb.close()
            return None if "Teilnehmende" in names else f"xlsx sheets {names}"
        if kind == "csv":
            for name in ("attendees", "tables", "assignments", "results", "ideas"):
                data = (out_dir / "csv" / f"{name}.csv").read_bytes()
                if not data.startswith(b"\xef\xbb\xbf") or not data.endswith(b"\r\n"):
                    return f"{name}.csv ends mid-line"
            return None
        if kind == "sqlite":
            return None if backups.check_file(out_dir / "copy.gdbevent") else "copy fails integrity_check"
        if kind == "pdf":
            data = (out_dir / "sheets.pdf").read_bytes()
            return None if data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF") else "torn PDF"
        folder = out_dir / "backups"
        for p in folder.rglob("*.gdbevent"):
            if not p.name.startswith(".tmp-") and not backups.check_file(p):
                return f"backup {p.name} fails integrity_check"
        return None
    except Exception as exc:  # noqa: BLE001 (any unreadable target is a failure)
        return f"{kind}: {exc!r}"


def run_export(workdir: Path, kills: int, seed: int, max_delay: float) -> Report:
    report = Report("export")
    path = workdir / "export.gdbevent"
    prepare(path)
    out_dir = workdir / "exports"
    out_dir.mkdir()
    with EventFile.open(path) as ef:
        for number in range(1, TABLES + 1):
            tid = ef_table_id(ef, number)
            results.set_result_fields(ef, tid, 1, results=f"Ergebnis Tisch {number}")
            results.add_idea(ef, tid, 1, title=f"Idee {number}")
        for kind in EXPORTS:  # complete older versions under every target name
            _export(ef, kind, out_dir)
    rng = random.Random(seed)
    started = time.monotonic()
    for _cycle in range(kills):
        lines = _fork_and_kill("export", path, rng.randrange(2**32), rng.uniform(0.05, max_delay), {
            "out_dir": str(out_dir)})
        report.kills += 1
        _note_errors(lines, report)
        acked = [line for line in lines if line[0] == "ACK"]
        dos = [line for line in lines if line[0] == "DO"]
        report.acknowledged += len(acked)
        if dos and (not acked or dos[-1][1] != acked[-1][1]):
            report.exports_killed_midway += 1
        ef = _check_open(path, report)
        if ef is None:
            break
        ef.close()
        for kind in EXPORTS:
            problem = _target_ok(kind, out_dir)
            if problem:
                report.bad_export_targets += 1
                report.problems.append(f"kill {report.kills}: {problem}")
    report.leftover_temp_files = sum(1 for p in out_dir.rglob(".*") if p.is_file())
    report.seconds = round(time.monotonic() - started, 2)
    return report


def ef_table_id(ef: EventFile, number: int) -> int:
    with ef.session() as s:
        return int(s.scalar(sql_select(EventTable.id).where(EventTable.number == number)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("edits", "import", "export", "all"), default="all")
    parser.add_argument("--kills", type=int, default=200, help="kills of the edit writer")
    parser.add_argument("--import-kills", type=int, default=None)
    parser.add_argument("--export-kills", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-delay", type=float, default=0.3,
                        help="kill within this many seconds of the child's start")
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = parser.parse_args(argv)
    if sys.platform == "win32":
        print("the kill harness needs fork and SIGKILL (POSIX)", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    with tempfile.TemporaryDirectory(prefix="gdb-kill-") as scratch:
        workdir = args.dir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        reports = []
        if args.mode in ("edits", "all"):
            reports.append(run_edits(workdir, args.kills, seed, args.max_delay))
        if args.mode in ("import", "all"):
            reports.append(run_import(workdir, args.import_kills or max(5, args.kills // 10), seed))
        if args.mode in ("export", "all"):
            reports.append(run_export(workdir, args.export_kills or max(10, args.kills // 5), seed,
                                      max(args.max_delay, 0.6)))
    if args.json:
        print(json.dumps({"seed": seed, "reports": [asdict(r) | {"ok": r.ok} for r in reports]}, indent=1))
    else:
        print(f"seed {seed}")
        for r in reports:
            line = (f"{r.mode:7s} kills {r.kills:5d}  acknowledged changes {r.acknowledged:6d}  "
                    f"lost {r.lost}  integrity failures {r.integrity_failures}  open failures {r.open_failures}")
            if r.mode == "edits":
                line += f"  in flight at kill {r.in_flight_at_kill} (committed anyway {r.in_flight_committed})"
            if r.mode == "import":
                line += (f"  killed mid-import {r.imports_killed_midway} (one import: {r.import_seconds} s)"
                         f"  partial imports {r.partial_imports}")
            if r.mode == "export":
                line += (f"  killed mid-export {r.exports_killed_midway}  bad targets {r.bad_export_targets}"
                         f"  leftover temp files {r.leftover_temp_files}")
            print(line + f"  {r.seconds} s")
            for problem in r.problems[:20]:
                print("   ", problem)
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    raise SystemExit(main())
