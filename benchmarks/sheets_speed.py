"""How fast the result sheets print, and how much memory that takes.

    .venv/bin/python benchmarks/sheets_speed.py [--check]

Builds two made-up events in a temporary folder (model inserts only, no other services):
18 tables with 144 people (once with Latin-script names, once with names in eleven scripts:
Arabic, Hebrew, Devanagari, Thai, CJK, emoji, ...), and a 2,000-person event with 200 teams
(100 tables x 2 rounds). Times building the data and writing the PDF, and reports peak Python memory
(tracemalloc) and the process's peak RSS. Targets: 18 result sheets < 1 s, 200 < 10 s.
``--check`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gdb_facilitator.core.db.engine import EventFile  # noqa: E402
from gdb_facilitator.core.sheets.model import build_sheet_data  # noqa: E402
from gdb_facilitator.core.sheets.render import render_pdf, write_sheets  # noqa: E402
from gdb_facilitator.core.sheets.sample import populate  # noqa: E402


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


# One name per script the sheets must print (issue 15): each needs its own face, shaping or
# right-to-left ordering, so an event full of them measures the whole text layer.
SCRIPT_NAMES = (("Zoë", "Ångström"), ("Γιώργος", "Παπαδόπουλος"), ("Алексей", "Смирнов"),
                ("محمد", "عبد الله"), ("דוד", "כהן"), ("अनुष्का", "शर्मा"), ("สมชาย", "ใจดี"),
                ("小明", "王"), ("さくら", "山田"), ("민준", "김"), ("Ana", "Silva 👍🏽"))


def _all_scripts(ef: EventFile) -> None:
    from sqlalchemy import select

    from gdb_facilitator.core.db.models import Attendee

    with ef.session() as s:
        for i, person in enumerate(s.scalars(select(Attendee).order_by(Attendee.id))):
            person.first_name, person.last_name = SCRIPT_NAMES[i % len(SCRIPT_NAMES)]


def measure(folder: Path, name: str, *, tables: int, people: int, rounds: int, target: float,
            kind: str = "results", trace: bool = False, scripts: bool = False) -> bool:
    path = folder / f"{name}.gdbevent"
    if not path.exists():
        with EventFile.create(path, title=f"Benchmark {name}") as ef:
            populate(ef, tables=tables, people=people, rounds=rounds)
            if scripts:
                _all_scripts(ef)
            build_sheet_data(ef, kind=kind)  # creates the codes once, as the first print does
    with EventFile.open(path) as ef:
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        data = build_sheet_data(ef, kind=kind)
        built = time.perf_counter()
        out = folder / f"{name}-{kind}.pdf"
        with open(out, "wb") as fh:
            render_pdf(data, None, fh)
        done = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        tracemalloc.stop()
    sheets = len(data.teams) if kind == "results" else len(data.checkin)
    total = done - started
    ok = total < target or trace  # tracing slows Python several times; no time target then
    memory = f"; peak traced {peak / 2**20:5.1f} MiB" if trace else f"; peak RSS so far {_peak_rss_mb():4.0f} MiB"
    print(f"{name:>10}: {sheets:4d} {kind} sheets, data {built - started:5.2f} s, "
          f"pdf {done - built:5.2f} s, total {total:5.2f} s "
          f"{'(traced, slow)' if trace else f'(target < {target:g} s) ' + ('ok' if ok else 'TOO SLOW')}; "
          f"{out.stat().st_size / 1024:5.0f} KiB{memory}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--memory", action="store_true",
                        help="also measure peak Python memory with tracemalloc (adds about a minute)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gdb-sheets-bench-") as tmp:
        folder = Path(tmp)
        # warm-up: imports, font registration (a real app has done these before printing)
        with EventFile.create(folder / "warm.gdbevent", title="warm") as ef:
            populate(ef, tables=1, people=4)
            write_sheets(ef, folder / "warm.pdf", kind="results")
        results = [
            measure(folder, "18 tables", tables=18, people=144, rounds=1, target=1.0),
            measure(folder, "11 scripts", tables=18, people=144, rounds=1, target=1.0, scripts=True),
            measure(folder, "2000 ppl", tables=100, people=2000, rounds=2, target=10.0),
        ]
        if args.memory:
            # the story is generated sheet by sheet; what grows is reportlab's PDF in memory
            measure(folder, "18 tables", tables=18, people=144, rounds=1, target=1.0, trace=True)
            measure(folder, "2000 ppl", tables=100, people=2000, rounds=2, target=10.0, trace=True)
        started = time.perf_counter()
        with EventFile.open(folder / "2000 ppl.gdbevent") as ef:
            write_sheets(ef, folder / "lists.pdf", kind="lists")
        print(f"{'2000 ppl':>10}: seating, who-sits-where, check-in and agenda lists "
              f"{time.perf_counter() - started:6.2f} s")
    print(f"peak RSS of the process: {_peak_rss_mb():.0f} MiB")
    return 0 if all(results) or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
