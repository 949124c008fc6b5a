"""How fast a copier stack of filled-in worksheets is read, how much of it is decoded,
and how much the event file grows per page.

    .venv/bin/python benchmarks/scan_in.py [--pages 200] [--check]

Builds an event with 18 tables over 2 rounds, prints its worksheets (36 teams), and turns
them into a synthetic copier stack of ``--pages`` pages at 200 dpi
(core/scans/synthetic.py): handwriting on every sheet, every third page upside down, the
rest askew by up to 2.5 degrees, every seventh washed out, grain, empty backs after a fifth
of the sheets, some sheets fed twice, one sheet of another event and one with a stained
code. The stack is one PDF, as a copier mails it. Then ``scan-in`` reads it into the event.

Reports: pages per second (rendering, decoding and storing included), the share of pages
with a readable code that were decoded and attached to the right team (target 100 %),
blank backs and duplicates recognised, pages waiting for a decision, and the event file's
growth per stored page. ``--check`` exits 1 when fewer than 100 % of the readable pages
were decoded or a blank or duplicate was missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gdb_facilitator.core.db.engine import EventFile  # noqa: E402
from gdb_facilitator.core.scans import synthetic as copier  # noqa: E402
from gdb_facilitator.core.services import results, scans, tables  # noqa: E402
from gdb_facilitator.core.services.event import create_event  # noqa: E402
from gdb_facilitator.core.sheets import write_sheets  # noqa: E402


def _file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gdb-scan-bench-") as tmp:
        base = Path(tmp)
        event = base / "event.gdbevent"
        with create_event(event, title="Jahreskonferenz", tables=18) as ef:
            for t in tables.list_tables(ef):
                for rnd in (1, 2):
                    results.set_result_fields(ef, t.id, rnd, results="")
            write_sheets(ef, base / "worksheets.pdf", kind="blank")
        with create_event(base / "other.gdbevent", title="Andere Konferenz", tables=1) as other:
            write_sheets(other, base / "other.pdf", kind="blank")
        started = time.perf_counter()
        sheets = copier.render_pdf(base / "worksheets.pdf")
        foreign = copier.render_pdf(base / "other.pdf")[0]
        stack, plan = copier.make_stack(sheets, foreign, args.pages, seed=args.seed)
        pdf = copier.save_pdf(stack, base / "stack.pdf")
        del stack
        print(f"stack: {len(plan)} pages, {pdf.stat().st_size / 1e6:.1f} MB PDF at {copier.SCAN_DPI} dpi "
              f"(made in {time.perf_counter() - started:.1f} s)")

        with EventFile.open(event) as ef:
            ef.engine.dispose()
            size_before = _file_size(event)
            started = time.perf_counter()
            summary = scans.scan_in(ef, [pdf])
            elapsed = time.perf_counter() - started
            stored = scans.count_pages(ef)
        # the file as it stays: write-ahead log folded in
        with EventFile.open(event) as ef:
            with ef.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        size_after = _file_size(event)

    outcomes = summary.outcomes
    expected_team = [i for i, p in enumerate(plan) if p.kind in ("team", "duplicate")]
    decoded = [i for i in expected_team if outcomes[i].status in ("attached", "duplicate")]
    worksheet_order = [(n, r) for r in (1, 2) for n in range(1, 19)]
    right_team = [i for i in decoded
                  if (outcomes[i].table_number, outcomes[i].round_number) == worksheet_order[plan[i].sheet]]
    blanks = [i for i, p in enumerate(plan) if p.kind == "blank"]
    blank_found = sum(1 for i in blanks if outcomes[i].status == "blank")
    repeats = [i for i, p in enumerate(plan) if p.kind == "duplicate"]
    repeat_found = sum(1 for i in repeats if outcomes[i].status == "duplicate")
    false_duplicates = [i for i in expected_team if plan[i].kind == "team" and outcomes[i].status == "duplicate"]
    waiting = [i for i, o in enumerate(outcomes) if o.status == "needs_decision"]
    share = len(right_team) / max(len(expected_team), 1)

    print(f"read: {summary.pages_read} pages in {elapsed:.1f} s = {summary.pages_read / elapsed:.2f} pages/s "
          f"(on {os.cpu_count()} CPUs shared with others)")
    print(f"decoded: {len(right_team)} of {len(expected_team)} pages with a readable code on the right team "
          f"({share:.1%})")
    print(f"blank backs skipped: {blank_found} of {len(blanks)}; sheets fed twice recognised: "
          f"{repeat_found} of {len(repeats)}; first scans wrongly taken as duplicates: {len(false_duplicates)}")
    print(f"waiting for a decision: {len(waiting)} (planted: 1 of another event, 1 stained code) "
          f"{[plan[i].kind for i in waiting]}")
    growth = size_after - size_before
    print(f"event file: {size_before / 1e6:.2f} MB -> {size_after / 1e6:.2f} MB, {stored} pages stored, "
          f"{growth / max(stored, 1) / 1024:.0f} kB per page ({growth / max(stored, 1) * 100 / 1e6:.1f} MB per 100 pages)")
    ok = share == 1.0 and blank_found == len(blanks) and repeat_found == len(repeats) and not false_duplicates
    if args.check and not ok:
        print("target missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
