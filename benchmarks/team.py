"""Team mode on a real PostgreSQL server on this machine (loopback only).

    .venv/bin/python benchmarks/team.py [people] [desks] [clients]

1. Check-in rush: ``desks`` processes (default 8) check in ``people`` (default 2,000) at
   once, every desk working through the whole list in its own order, so most people are
   checked in by several desks at the same moment. Reports throughput, p50/p95 latency per
   check-in, people lost (not checked in) and double check-ins (more than one recorded
   check-in for a person).
2. Live refresh: ``clients`` laptops (default 5) listen; one more commits 100 check-ins
   one after another. For each commit and client: the time until that client has been told
   and has re-read what the Arrival page shows (the counts), p50/p95.
3. Opening the demo event: the file against the server (open, the Arrival list, the
   Tables page's data), median of 5.

Starts its own throwaway server (durable settings: fsync on, as a hosted event runs).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gdb_facilitator.core.db.pgserver import (  # noqa: E402
    LocalServer,
    ServerSettings,
    database_url,
    free_port,
    world_readable_parent,
)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def make_event(path: Path, people: int) -> None:
    from gdb_facilitator.core.db.models import Attendee, Sector
    from gdb_facilitator.core.services.event import create_event

    with create_event(path, title="Rush", tables=max(1, people // 8)) as ef, ef.session() as s:
        sectors = [sec.id for sec in s.query(Sector).all()]
        now = ef.clock.now_utc()
        for i in range(people):
            s.add(Attendee(registration_id=f"R{i:05d}", first_name=f"Vor{i}", last_name=f"Nach{i}",
                           sector_id=sectors[i % len(sectors)], created_at=now, updated_at=now))


def desk(url: str, name: str, seed: int, start: float, out: "mp.Queue[list[float]]") -> None:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.attendees import list_attendees, set_arrived

    with open_event(url, device=name) as db:
        ids = [r.id for r in list_attendees(db)]
        random.Random(seed).shuffle(ids)
        while time.time() < start:
            time.sleep(0.005)
        latencies = []
        for attendee_id in ids:
            t0 = time.perf_counter()
            set_arrived(db, attendee_id, True)
            latencies.append(time.perf_counter() - t0)
    out.put(latencies)


def rush(url: str, people: int, desks: int) -> dict[str, float]:
    from sqlalchemy import func, select

    from gdb_facilitator.core.db.models import Attendee, ChangeLog
    from gdb_facilitator.core.db.store import open_event

    ctx = mp.get_context("spawn")
    out: mp.Queue[list[float]] = ctx.Queue()
    start = time.time() + 3.0
    procs = [ctx.Process(target=desk, args=(url, f"Desk {n}", n, start, out)) for n in range(1, desks + 1)]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    finished = time.time()
    for p in procs:
        p.join()
    latencies = [x for r in results for x in r]
    with open_event(url) as db, db.session() as s:
        arrived = s.scalar(select(func.count()).select_from(Attendee).where(Attendee.arrived_at.is_not(None)))
        checkins = s.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.tables == "attendees"))
        by_desk = dict(s.execute(select(Attendee.checked_in_by, func.count()).group_by(Attendee.checked_in_by)).all())
    return {"calls": len(latencies), "seconds": round(finished - start, 2),
            "calls_per_s": round(len(latencies) / (finished - start), 1),
            "people_per_s": round(people / (finished - start), 1),
            "p50_ms": round(1000 * _pct(latencies, 0.5), 1), "p95_ms": round(1000 * _pct(latencies, 0.95), 1),
            "lost": people - int(arrived), "double_check_ins": int(checkins) - int(arrived),
            "desks_that_checked_someone_in": len(by_desk)}


def listener(url: str, ready: "mp.Event", out: "mp.Queue[list[float]]", expected: int) -> None:
    import psycopg

    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.db.team import CHANGES_CHANNEL
    from gdb_facilitator.core.services.attendees import counts

    delays = []
    with open_event(url, device="listener") as db, psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANGES_CHANNEL}")
        ready.set()
        deadline = time.time() + 120
        while len(delays) < expected and time.time() < deadline:
            for notice in conn.notifies(timeout=1.0, stop_after=1):
                sent = json.loads(notice.payload).get("device", "")
                if not sent.startswith("writer@"):
                    continue
                counts(db)  # what the Arrival page re-reads on such a change
                delays.append(time.time() - float(sent.split("@", 1)[1]))
    out.put(delays)


def live(url: str, clients: int, commits: int = 100) -> dict[str, float]:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.attendees import list_attendees, set_arrived

    ctx = mp.get_context("spawn")
    out: mp.Queue[list[float]] = ctx.Queue()
    readies = [ctx.Event() for _ in range(clients)]
    procs = [ctx.Process(target=listener, args=(url, r, out, commits)) for r in readies]
    for p in procs:
        p.start()
    for r in readies:
        r.wait(60)
    with open_event(url, device="writer") as db:
        people = {r.id: r.arrived for r in list_attendees(db)}
        ids = sorted(people)
        for n in range(commits):
            attendee_id = ids[n % len(ids)]
            people[attendee_id] = not people[attendee_id]
            # The device name carries the time of the write, so each listener can measure its delay.
            db.device = f"writer@{time.time():.6f}"
            set_arrived(db, attendee_id, people[attendee_id])
            time.sleep(0.02)
    delays = [x for _ in procs for x in out.get(timeout=180)]
    for p in procs:
        p.join()
    return {"measured": len(delays), "p50_ms": round(1000 * _pct(delays, 0.5), 1),
            "p95_ms": round(1000 * _pct(delays, 0.95), 1), "max_ms": round(1000 * max(delays), 1)}


def opening(file_path: Path, url: str) -> dict[str, float]:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.attendees import list_attendees
    from gdb_facilitator.core.services.seating import seating_view

    def once(location: object) -> float:
        t0 = time.perf_counter()
        with open_event(location) as db:  # type: ignore[arg-type]
            list_attendees(db)
            seating_view(db)
        return time.perf_counter() - t0

    result = {}
    for label, location in (("file", file_path), ("server", url)):
        once(location)
        result[f"{label}_ms"] = round(1000 * statistics.median(once(location) for _ in range(5)), 1)
    return result


def main() -> int:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    desks = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    import psycopg

    from gdb_facilitator.core.db.transfer import file_to_database
    from gdb_facilitator.core.demo import write_demo_event

    base = world_readable_parent("gdb-bench-pg-")
    work = Path(tempfile.mkdtemp(prefix="gdb-bench-team-"))
    server = LocalServer(ServerSettings(data_dir=base / "data", port=free_port(), superuser_password="bench"))
    server.init()
    server.start()
    try:
        with psycopg.connect(server.admin_url(), autocommit=True) as conn:
            conn.execute("CREATE ROLE team LOGIN PASSWORD 'team'")
            for name in ("rush", "live", "demo"):
                conn.execute(f"CREATE DATABASE {name} OWNER team")

        def url(name: str) -> str:
            return database_url("team", "team", "127.0.0.1", server.settings.port, name)

        print(f"machine: {os.cpu_count()} cores; PostgreSQL {server.bin_dir.parent.name}; loopback")
        make_event(work / "rush.gdbevent", people)
        file_to_database(work / "rush.gdbevent", url("rush"))
        print("check-in rush:", json.dumps(rush(url("rush"), people, desks)))
        write_demo_event(work / "demo.gdbevent")
        file_to_database(work / "demo.gdbevent", url("live"))
        print("live refresh:", json.dumps(live(url("live"), clients)))
        file_to_database(work / "demo.gdbevent", url("demo"))
        print("opening the demo event:", json.dumps(opening(work / "demo.gdbevent", url("demo"))))
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
