"""Plan round one of the demo event with the app's own planner and store the seats in
gdb_facilitator/core/demo_plan.py (run after changing the demo's people, tables or wishes).

    .venv/bin/python scripts/make_demo_plan.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gdb_facilitator.core import demo_plan  # noqa: E402
from gdb_facilitator.core.demo import plan_round_one  # noqa: E402


def render(seats: dict[int, int]) -> str:
    lines = [f'"""{demo_plan.__doc__}"""', "",
             f"STRATEGY = {demo_plan.STRATEGY!r}",
             f"ITERATIONS = {demo_plan.ITERATIONS}",
             "# person number in the demo (GDB-0001 is 1) -> table number, for everybody seated",
             "# in round one who is not a host",
             "SEATS: dict[int, int] = {"]
    items = [f"{person}: {table}," for person, table in sorted(seats.items())]
    for i in range(0, len(items), 10):
        lines.append("    " + " ".join(items[i:i + 10]))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        seats = plan_round_one(tmp)
    target = ROOT / "gdb_facilitator" / "core" / "demo_plan.py"
    target.write_text(render(seats), encoding="utf-8")
    print(f"{len(seats)} seats planned in {time.perf_counter() - started:.2f} s -> {target}")


if __name__ == "__main__":
    main()
