"""How fast one walk-in is seated at the desk ("Seat now"), and that nobody else moves.

    .venv/bin/python benchmarks/seat_now.py [--check] [--walk-ins N]

Writes the demo event (130 people, 18 tables, round 1 started) to a temporary folder, once
as it is and once with round 2 planned too, adds N walk-ins one after another and seats
each with :func:`seat_now`. Prints the time per person (median, worst) and checks that no
seat of anybody else changed. Target: worst < 1 s. ``--check`` exits 1 when it is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gdb_facilitator.core.db.engine import EventFile  # noqa: E402
from gdb_facilitator.core.demo import write_demo_event  # noqa: E402
from gdb_facilitator.core.services import attendees, seating  # noqa: E402

TARGET = 1.0
SECTORS = ("Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft")


def _seats(ef: EventFile) -> dict[tuple[int, int], int]:
    view_rounds = seating.round_numbers(ef)
    out = {}
    for r in view_rounds:
        for card in seating.seating_view(ef, r).tables:
            for m in card.members:
                out[(m.attendee_id, r)] = card.number
    return out


def measure(path: Path, label: str, walk_ins: int) -> bool:
    times = []
    with EventFile.open(path) as ef:
        for i in range(walk_ins):
            before = _seats(ef)
            row = attendees.add_walk_in(ef, f"Gast{i}", "Benchmark", f"Benchmark-Org {i}",
                                        SECTORS[i % len(SECTORS)])
            started = time.perf_counter()
            result = seating.seat_now(ef, row.id, seed=i + 1)
            times.append(time.perf_counter() - started)
            after = _seats(ef)
            moved = [k for k, t in before.items() if after.get(k) != t]
            if moved or any(s.table_number is None for s in result.seats):
                print(f"{label}: walk-in {i} moved {len(moved)} others or got no seat")
                return False
    worst = max(times)
    print(f"{label}: {walk_ins} walk-ins seated, median {statistics.median(times) * 1000:.0f} ms, "
          f"worst {worst * 1000:.0f} ms, nobody else moved")
    return worst < TARGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--walk-ins", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "demo.gdbevent"
        write_demo_event(one)
        two = Path(tmp) / "demo-two-rounds.gdbevent"
        write_demo_event(two)
        with EventFile.open(two) as ef:
            seating.plan_seating(ef, rounds=2, seed=1, time_limit=3.0)
        ok = measure(one, "demo, round 1 planned", args.walk_ins)
        ok = measure(two, "demo, rounds 1 and 2 planned", args.walk_ins) and ok
    print("target met" if ok else f"target missed (worst must be < {TARGET:.1f} s)")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
