"""How long 10,000 registrations take to read and import (CSV and XLSX).

    .venv/bin/python benchmarks/import_speed.py [rows]

Generates a pretix-like list in a temporary folder, reads it, applies it to a fresh
event file, then imports it a second time (the merge path: every row unchanged) and a
third time with every fifth row edited (the update path).
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gdb_facilitator.core.db.engine import EventFile  # noqa: E402
from gdb_facilitator.core.exchange.importers import read_attendees  # noqa: E402
from gdb_facilitator.core.services.imports import apply_attendees  # noqa: E402

SECTORS = ["Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"]
HEADER = ["Order code", "Position ID", "Status", "Email", "Attendee name", "Attendee email",
          "Company", "In welchem Bereich sind Sie tätig?",
          "Möchten Sie einen Thementisch moderieren?", "Themenwunsch 1", "Themenwunsch 2",
          "Allergien"]
FIRST = ["Anna", "Ben", "Cleo", "Dörte", "Emil", "Fatma", "Günther", "Hanna", "Ilias", "Jördis"]
LAST = ["Abel", "Bauer", "Çelik", "Dąbrowska", "Engel", "Fischer", "Groß", "Haddad", "Iwanow"]
ORGS = [f"Organisation {i}" for i in range(400)]
SECTOR_LABELS = ["Öffentliche Verwaltung", "Wissenschaft & Forschung", "Wirtschaft",
                 "Zivilgesellschaft / NGO", ""]
TOPICS = [f"Thema {i}" for i in range(20)]


def make_rows(count: int, seed: int = 7, edit_every: int = 0) -> list[list[str]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(count):
        # Name and organisation unique together, so that no row is a duplicate.
        org = ORGS[i % len(ORGS)]
        combo = i // len(ORGS)
        first, last = FIRST[combo % len(FIRST)], LAST[combo // len(FIRST) % len(LAST)]
        if edit_every and i % edit_every == 0:
            org += " (neu)"
        status = "Canceled" if i % 97 == 0 else "Paid"
        email = f"p{i}@example.org"
        rows.append([f"O{i:06d}", "1", status, email, f"{first} {last}", email, org,
                     rnd.choice(SECTOR_LABELS), rnd.choice(["Ja", "Nein", "Nein"]),
                     rnd.choice(TOPICS), rnd.choice(TOPICS), "keine"])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Positions")
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)


def timed(label: str, fn):  # noqa: ANN001, ANN201
    started = time.perf_counter()
    result = fn()
    print(f"  {label:<34} {time.perf_counter() - started:6.2f} s")
    return result


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = make_rows(count)
        write_csv(folder / "list.csv", rows)
        write_csv(folder / "edited.csv", make_rows(count, edit_every=5))
        timed("write XLSX (setup)", lambda: write_xlsx(folder / "list.xlsx", rows))
        for name in ("list.csv", "list.xlsx"):
            print(f"{count} rows, {name}:")
            preview = timed("read", lambda: read_attendees(folder / name, sector_names=SECTORS))
            with EventFile.create(folder / f"{name}.gdbevent", title="Benchmark") as ef:
                summary = timed("apply into a fresh event file",
                                lambda: apply_attendees(ef, preview))
                print(f"    added {summary.added}, skipped {summary.skipped}, "
                      f"organisations {summary.organisations_added}, topics {summary.topics_added}")
                again = timed("apply again (all unchanged)", lambda: apply_attendees(ef, preview))
                print(f"    unchanged {again.unchanged}")
                edited = read_attendees(folder / "edited.csv", sector_names=SECTORS)
                changed = timed("apply an edited list (updates)",
                                lambda: apply_attendees(ef, edited))
                print(f"    updated {changed.updated}, unchanged {changed.unchanged}")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
