"""150 phones against the venue server while the app's window runs.

A child process runs the real app (offscreen Qt, main window on a copy of the demo event,
the Results page on table 1) and switches the venue server on at 127.0.0.1 through the
same bridge as the app's switch. This process plays the phones: every phone has its own
cookies, opens its table's page and keeps the live-update stream open; 18 of them (one per
table) type: every ``--pause`` seconds they save their table's results text, grown by a
few words, with the version of their last save, as the page's script does.

Prints: save latency (median, p95, max), saves and conflicts, lost writes (the last
acknowledged text of every typing phone against the file afterwards), the app process's
memory, and how long a save on table 1's phone takes to show on the laptop's Results page.

    .venv/bin/python benchmarks/venue_load.py [--phones 150] [--typing 18] [--seconds 60] [--team]

``--team``: the event in team mode instead, on a PostgreSQL server started for the run (as
"Host for the team" starts one, durable), with the app's window opened on it; a second
"laptop" (this process) changes table 2's problem statement every few seconds, and the
time until a phone at table 2 hears of it is reported too.

Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP_CHILD = r"""
import os, sys, time, resource
from PySide6.QtCore import QSettings, QTimer
from gdb_facilitator.ui.app import create_application, Session
from gdb_facilitator.ui.settings import AppSettings
event, port, settings_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
app = create_application(sys.argv[:1])
settings = AppSettings(QSettings(settings_path, QSettings.Format.IniFormat))
from gdb_facilitator.ui import team
settings.set(team.DEVICE_NAME, "Benchmark laptop")  # a team event asks a laptop's name once
session = Session(app, settings, None)
window = session.window
window.resize(1366, 768)
window.show()
assert window.open_path(event)
window.actions_by_id["go_results"].trigger()
page = window.pages.currentWidget()
page.select_table(page.model.rows()[0].table_id)
window.venue.start("127.0.0.1", port)
seen = set()
def on_text():
    text = page.results_edit.toPlainText()
    for marker in set(__import__("re").findall(r"#m(\d+)#", text)) - seen:
        seen.add(marker)
        print(f"seen {marker} {time.time():.6f}", flush=True)
page.results_edit.textChanged.connect(on_text)
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])
    return 0
import threading
from PySide6.QtCore import QObject, Signal
class Commands(QObject):
    got = Signal(str)  # emitted by the reader thread, handled queued on the GUI thread
commands = Commands()
def reader():
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        commands.got.emit(line.strip())
def handle(cmd):
    if cmd == "rss":
        print(f"rss {rss()} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
    elif cmd == "quit":
        window.venue.stop()
        session.close()
        app.quit()
commands.got.connect(handle)
threading.Thread(target=reader, daemon=True).start()
print(f"ready {rss()}", flush=True)
app.exec()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.conflicts = 0
        self.errors = 0
        self.events = 0
        self.state_fetches = 0
        self.sent_marker: dict[str, float] = {}
        self.acknowledged: dict[str, str] = {}  # code -> last text the server confirmed
        self.heard: dict[str, float] = {}  # another laptop's change -> first phone that got it
        self.laptop_sent: dict[str, float] = {}


async def phone(base: str, code: str, typing: bool, stats: Stats, stop: asyncio.Event, pause: float,
                index: int) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30.0) as client:
        page = await client.get(f"/t/{code}")
        token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page.text).group(1)
        version = re.search(r'name="v:results" value="(\d+)"', page.text).group(1)

        async def listen() -> None:
            try:
                async with client.stream("GET", f"/t/{code}/events", timeout=None) as stream:
                    async for line in stream.aiter_lines():
                        if line.startswith("data:"):
                            stats.events += 1
                            # As the page's script does: the table's state comes with the event.
                            state = json.loads(line[5:])
                            if "fields" in state:
                                stats.state_fetches += 1
                                problem = state["fields"].get("problem_statement", {}).get("text", "")
                                for marker in re.findall(r"#l(\d+)#", problem):
                                    stats.heard.setdefault(marker, time.time())
                        if stop.is_set():
                            return
            except (httpx.HTTPError, asyncio.CancelledError):
                return

        listener = asyncio.create_task(listen())
        text = f"Tisch-Ergebnis {index}:"
        n = 0
        await asyncio.sleep(pause * (index % 18) / 18)  # the typists do not all start at once
        while typing and not stop.is_set():
            n += 1
            marker = f"#m{n}#" if index == 0 else ""
            text = f"{text} Wort{n} ist gut{marker}"
            started = time.perf_counter()
            if marker:
                stats.sent_marker[str(n)] = time.time()
            answer = await client.post(f"/t/{code}/save", data={"csrf": token, "f:results": text,
                                                                "v:results": version},
                                       headers={"Accept": "application/json"})
            stats.latencies.append(time.perf_counter() - started)
            if answer.status_code == 200:
                version = str(answer.json()["saved"]["results"])
                stats.acknowledged[code] = text
            elif answer.status_code == 409:
                stats.conflicts += 1
                version = str(answer.json()["conflicts"]["results"]["version"])
            else:
                stats.errors += 1
            await asyncio.sleep(pause)
        await stop.wait()
        listener.cancel()
        try:
            await listener
        except asyncio.CancelledError:
            pass


async def other_laptop(url: str, table_id: int, stats: Stats, stop: asyncio.Event) -> None:
    """Team mode: another laptop edits table 2's problem statement every 3 seconds."""
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services import results

    db = await asyncio.to_thread(open_event, url, device="Desk 2")
    try:
        n = 0
        await asyncio.sleep(3.0)
        while not stop.is_set():
            n += 1
            stats.laptop_sent[str(n)] = time.time()
            await asyncio.to_thread(results.set_result_fields, db, table_id, 1,
                                    problem_statement=f"Vom zweiten Laptop #l{n}#")
            await asyncio.sleep(3.0)
    finally:
        db.close()


async def run_phones(base: str, codes: list[str], phones: int, typing: int, seconds: float, pause: float,
                     team: tuple[str, int] | None = None) -> Stats:
    stats = Stats()
    stop = asyncio.Event()
    tasks = []
    for i in range(phones):
        tasks.append(asyncio.create_task(phone(base, codes[i % len(codes)], i < typing, stats, stop, pause, i)))
        await asyncio.sleep(0.01)
    if team is not None:
        tasks.append(asyncio.create_task(other_laptop(team[0], team[1], stats, stop)))
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=150)
    parser.add_argument("--typing", type=int, default=18)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between two saves of one typist")
    parser.add_argument("--team", action="store_true",
                        help="the event in team mode on a PostgreSQL server started for the run")
    args = parser.parse_args()

    from gdb_facilitator.core.db.engine import EventFile
    from gdb_facilitator.core.demo import write_demo_event
    from gdb_facilitator.core.services import results
    from gdb_facilitator.core.services.codes import ensure_team_codes

    folder = Path(tempfile.mkdtemp(prefix="gdb-venue-load-"))
    event = folder / "demo.gdbevent"
    write_demo_event(event)
    with EventFile.open(event) as ef:
        first_round = results.list_rounds(ef)[0].id
        # The tables of the first round: one code per table, as on the table tents.
        codes_by_key = ensure_team_codes(ef, first_round)
        order = {r.table_id: r.number for r in results.overview(ef, 1)}
    codes = [code for (table_id, _r), code in sorted(codes_by_key.items(), key=lambda kv: order[kv[0][0]])]
    table_ids = [table_id for (table_id, _r), _c in sorted(codes_by_key.items(), key=lambda kv: order[kv[0][0]])]
    location = str(event)
    pg = None
    if args.team:
        from gdb_facilitator.core.db.pgserver import LocalServer, ServerSettings, world_readable_parent
        from gdb_facilitator.core.db.pgserver import free_port as pg_port
        from gdb_facilitator.core.db.transfer import file_to_database

        base = world_readable_parent("gdb-venue-load-pg-")
        pg = LocalServer(ServerSettings(data_dir=base / "data", port=pg_port(), superuser_password="bench"))
        pg.init()
        pg.start()
        location = pg.admin_url("postgres").rsplit("/", 1)[0] + "/venue_load"
        import psycopg

        with psycopg.connect(pg.admin_url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE venue_load")
        file_to_database(event, location)
    port = free_port()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", APP_CHILD, location, str(port), str(folder / "s.ini")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, env=env)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            lines.append(line.strip())
            if line.startswith("ready"):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(60):
        child.kill()
        print("the app did not start")
        return 1
    rss_idle = int(next(line for line in lines if line.startswith("ready")).split()[1])
    stats = asyncio.run(run_phones(f"http://127.0.0.1:{port}", codes, args.phones, args.typing, args.seconds,
                                   args.pause, (location, table_ids[1]) if args.team else None))
    child.stdin.write("rss\n")  # type: ignore[union-attr]
    child.stdin.flush()  # type: ignore[union-attr]
    time.sleep(1.0)
    child.stdin.write("quit\n")  # type: ignore[union-attr]
    child.stdin.flush()  # type: ignore[union-attr]
    try:
        child.wait(60)
    except subprocess.TimeoutExpired:
        child.kill()
    rss_line = next((line for line in lines if line.startswith("rss")), "rss 0 0")
    _, rss_now, rss_max = rss_line.split()
    seen = {parts[1]: float(parts[2]) for parts in (line.split() for line in lines if line.startswith("seen"))}
    delays = [seen[m] - t for m, t in stats.sent_marker.items() if m in seen]

    lost = 0
    from gdb_facilitator.core.db.store import open_event

    with open_event(location, readonly=True) as ef:
        by_code = {code: table_id for (table_id, _r), code in codes_by_key.items()}
        for code, text in stats.acknowledged.items():
            stored = results.get_result(ef, by_code[code], 1).results
            if stored != text:
                lost += 1
                if os.environ.get("GDB_DEBUG"):
                    print("LOST", code, repr(text[-60:]), "stored:", repr(stored[-60:]))
    shutil.rmtree(folder, ignore_errors=True)
    if pg is not None:
        pg.stop()
        shutil.rmtree(pg.data_dir.parent, ignore_errors=True)

    lat = sorted(stats.latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
    print(f"event {'on PostgreSQL (team mode)' if args.team else 'file (SQLite)'}; phones {args.phones} "
          f"(live updates open), typing {args.typing}, {args.seconds:.0f} s, a save every {args.pause:.1f} s per typist")
    print(f"saves {len(lat)}: median {statistics.median(lat) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {lat[-1] * 1000:.1f} ms; conflicts {stats.conflicts}, errors {stats.errors}")
    print(f"live-update events received by phones: {stats.events} ({stats.state_fetches} carrying "
          f"their table's state)")
    print(f"lost writes: {lost} of {len(stats.acknowledged)} typing phones' last acknowledged texts")
    print(f"app memory (RSS): {rss_idle / 1024:.0f} MB before the phones, {int(rss_now) / 1024:.0f} MB after, "
          f"peak {int(rss_max) / 1024:.0f} MB")
    if delays:
        delays.sort()
        print(f"phone save -> laptop Results page: median {statistics.median(delays) * 1000:.0f} ms, "
              f"p95 {delays[int(0.95 * (len(delays) - 1))] * 1000:.0f} ms, max {delays[-1] * 1000:.0f} ms "
              f"({len(delays)} saves)")
    if args.team:
        heard = sorted(stats.heard[m] - t for m, t in stats.laptop_sent.items() if m in stats.heard)
        if heard:
            print(f"another laptop's edit -> a phone's open page: median {statistics.median(heard) * 1000:.0f} ms, "
                  f"max {heard[-1] * 1000:.0f} ms ({len(heard)} of {len(stats.laptop_sent)} edits heard)")
        else:
            print(f"another laptop's edits heard by phones: 0 of {len(stats.laptop_sent)}")
    return 0 if lost == 0 and stats.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
