"""The command line: the same core functions the app calls.

Exit codes: 0 success; 1 a user error, explained in one message on stderr (never a
traceback); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from gdb_facilitator import APP_ID
from gdb_facilitator.commands import COMMANDS, build_parser_base  # noqa: F401 (build_parser_base: part of this module's face)
from gdb_facilitator.commands import Parser as _Parser
from gdb_facilitator.core.errors import DomainError, ImportRejected
from gdb_facilitator.messages import (
    QT_TRANSLATE_NOOP,
    Translate,
    render,
    render_problem,
    scan_summary_lines,
    skip_reason,
)

log = logging.getLogger(__name__)

# The kinds of sheets (core.sheets.model.KINDS), spelled out so that "-h" loads no reportlab.
SHEET_KINDS = ("results", "blank", "tents", "lists", "agenda", "seating", "roster", "checkin", "all", "badges")
# Label sheets for name badges (core.sheets.badges.LAYOUTS), spelled out for the same reason.
BADGE_LAYOUTS = ("2x5", "2x4", "2x5-card")
MAX_PROBLEMS_ON_STDERR = 20


class UsageError(Exception):
    pass


def _cli_language() -> str:
    for var in ("GDB_FACILITATOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return "en"


def cli_translator() -> Translate:
    """German text when the environment asks for it, through the app's own .qm file."""
    if _cli_language() != "de":
        return lambda _ctx, text: text
    try:
        from gdb_facilitator.catalogs import qm_translator_function
    except ImportError:
        return lambda _ctx, text: text
    return qm_translator_function("de")


def _tr(translate: Translate, text: str) -> str:
    return translate("Cli", text)


def _location(value: str) -> Path | str:
    """An event file's path, or a server event's ``postgresql://`` URL as given."""
    from gdb_facilitator.core.db.team import is_database_url

    return value if is_database_url(value) else Path(value)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from exc


def _delimiter(value: str) -> str:
    named = {"semicolon": ";", "comma": ",", ";": ";", ",": ","}
    if value.strip().lower() not in named:
        raise argparse.ArgumentTypeError(f"expected ';' or ',', got {value!r}")
    return named[value.strip().lower()]


def _decidim_status(value: str) -> tuple[str, str]:
    key, sep, status_id = value.partition("=")
    key, status_id = key.strip(), status_id.strip()
    if not sep or not key or not status_id.isdigit():
        raise argparse.ArgumentTypeError(f"expected KEY=ID with the id a whole number (e.g. implemented=3), "
                                         f"got {value!r}")
    return key, status_id


def _time(value: str) -> time:
    try:
        return time.fromisoformat(value.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a time in the form HH:MM: {value!r}") from exc


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {value!r}")
    return int(value)


def _pin(value: str) -> str:
    if not value.isdigit() or not 4 <= len(value) <= 6:
        raise argparse.ArgumentTypeError(f"a PIN has 4 to 6 digits: {value!r}")
    return value


def _mapping(value: str) -> tuple[str, str]:
    field, sep, header = value.partition("=")
    if not sep or not field.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"expected FIELD=HEADER, got {value!r}")
    return field.strip(), header.strip()


def build_command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=APP_ID, description="GD:B Facilitator on the command line.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("new", help="create a new event file")
    p.add_argument("event")
    p.add_argument("--title", required=True)
    p.add_argument("--date", type=_date)
    p.add_argument("--tables", type=int, default=0)
    p.add_argument("--timezone", metavar="ZONE",
                   help="the event's time zone, an IANA name such as Europe/Berlin (default: this computer's)")

    p = sub.add_parser("demo", help="write the demo event to a new file")
    p.add_argument("event")

    p = sub.add_parser("import", help="import a registration list (CSV, XLSX or a list of names)")
    p.add_argument("event")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="show what would happen, change nothing")
    p.add_argument("--accept-good-rows", action="store_true",
                   help="import the readable rows of a file with bad rows")
    p.add_argument("--map", dest="mapping", action="append", type=_mapping, default=[],
                   metavar="FIELD=HEADER", help="use HEADER for FIELD (repeatable)")

    p = sub.add_parser("import-tables", help="import a table plan (number, name, topic, seats)")
    p.add_argument("event")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true")

    p = sub.add_parser("assign", help="plan the seating over the rounds and print its quality")
    p.add_argument("event")
    p.add_argument("--rounds", type=int, help="number of rounds (default: the rounds the event has)")
    p.add_argument("--seed", type=int, help="the same seed gives the same plan (default: random)")
    p.add_argument("--time-limit", type=float, default=5.0, metavar="SEC",
                   help="seconds the search may take (default 5)")
    p.add_argument("--keep-existing", action="store_true",
                   help="only seat people without a seat (latecomers), from the current round on; nobody moves")
    p.add_argument("--only-present", action="store_true", help="only people who have checked in")

    p = sub.add_parser("check-in", help="check people in by name or registration number and print their seats")
    p.add_argument("event")
    p.add_argument("people", nargs="+", metavar="NAME-OR-ID",
                   help="a registration number, #record-id, or a name (quote names with spaces)")
    p.add_argument("--seat", action="store_true",
                   help="give a person without a seat one at once (nobody else moves)")
    p.add_argument("--desk", metavar="NAME", default="",
                   help="which desk or scanner this is, recorded with each check-in on a team server "
                        "(default: this computer's name)")

    p = sub.add_parser("pairs", help="list, add or remove pairs of people to seat together or apart")
    p.add_argument("event")
    p.add_argument("action", nargs="?", choices=("list", "add", "remove"), default="list")
    p.add_argument("people", nargs="*", metavar="NAME-OR-ID",
                   help="two people: registration number, #record-id, or name (quote names with spaces)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--together", action="store_true",
                      help="seat the two at one table in every round (an interpreter, a couple)")
    kind.add_argument("--apart", action="store_true",
                      help="never seat the two at one table (a manager and their team)")

    p = sub.add_parser("info", help="summarise an event")
    p.add_argument("event")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="export the event")
    p.add_argument("event")
    p.add_argument("--format", required=True, choices=("csv", "xlsx", "json", "sqlite", "decidim"),
                   help="decidim: the ideas as a CSV for Decidim's accountability import")
    p.add_argument("--out", required=True, help="a folder for csv, a file otherwise")
    p.add_argument("--anonymize", action="store_true",
                   help="leave out names, e-mails and organisations of persons")
    p.add_argument("--delimiter", type=_delimiter, metavar="{;,,}",
                   help="CSV separator: ';' (default: German Excel, and Decidim's default) or ','")
    p.add_argument("--decidim-results", metavar="SPACE_EXPORT.csv",
                   help="decidim: the space's own results export (CSV); ideas it already holds are updated, "
                        "not created again, and its status ids are used")
    p.add_argument("--decidim-status", type=_decidim_status, action="append", default=[], metavar="KEY=ID",
                   help="decidim: the id of a status of the space, for statuses no result uses yet "
                        "(repeatable; keys: implemented, in_progress, not_started, discarded)")

    p = sub.add_parser("sheets", help="write result sheets, worksheets, table tents or lists as one PDF")
    p.add_argument("event")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--kind", choices=SHEET_KINDS, default="results",
                   help="results: one sheet per team with its QR code (default); blank: worksheets; "
                        "tents: table signs; lists: seating, who sits where, check-in, agenda; all: everything "
                        "but badges; badges: name badges on A4 label sheets")
    p.add_argument("--round", type=int, metavar="N", help="only round N (default: every round)")
    p.add_argument("--paper", choices=("a4", "letter"), type=str.lower, default="a4")
    p.add_argument("--lang", choices=("de", "en"), type=str.lower,
                   help="language printed on the sheets (default: from the environment, like the messages)")
    p.add_argument("--venue-url", default="",
                   help="the venue server's address (e.g. http://192.168.1.20:8765/): table tents and "
                        "worksheets then carry each table's page as a QR code")
    badges = p.add_argument_group("name badges (--kind badges)")
    badges.add_argument("--layout", choices=BADGE_LAYOUTS, default="2x5",
                        help="the label stock: 2x5 = 80x50 mm labels (default), 2x4 = 90x54 mm inserts, "
                             "2x5-card = 85x54 mm card inserts")
    badges.add_argument("--left", type=float, metavar="MM", help="left margin of the first label (mm)")
    badges.add_argument("--top", type=float, metavar="MM", help="top margin of the first label (mm)")
    badges.add_argument("--first-label", type=int, default=1, metavar="N",
                        help="start at label N of the first sheet (a partly used sheet)")
    badges.add_argument("--person", action="append", default=[], metavar="NAME-OR-ID",
                        help="only this person's badge (repeatable)")
    p.add_argument("--with-scans", action="store_true",
                   help="print each team's scanned worksheets after its result sheet (see scan-in)")

    p = sub.add_parser("follow-up", help="show a team and its ideas by its follow-up code (100-day check-in)")
    p.add_argument("event")
    p.add_argument("code", help="the team code as typed or scanned (any case, spaces or dashes; the QR's URL)")

    p = sub.add_parser("report", help="write the documentation of the whole event as one PDF")
    p.add_argument("event")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--with-scans", action="store_true", help="add each table's scanned worksheets after it")
    p.add_argument("--lang", choices=("de", "en"), type=str.lower)
    p.add_argument("--paper", choices=("a4", "letter"), type=str.lower, default="a4")

    p = sub.add_parser("invitations", help="write one invitation to the 100-day check-in per team (PDF)")
    p.add_argument("event")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--time", type=_time, metavar="HH:MM", help="start time of the check-in")
    p.add_argument("--lang", choices=("de", "en"), type=str.lower)
    p.add_argument("--paper", choices=("a4", "letter"), type=str.lower, default="a4")

    p = sub.add_parser("calendar", help="write the 100-day check-in as a calendar file (.ics)")
    p.add_argument("event")
    p.add_argument("--out", required=True, metavar="FILE.ics")
    p.add_argument("--time", type=_time, metavar="HH:MM", help="start time (default: an all-day entry)")
    p.add_argument("--minutes", type=int, default=120, help="length with --time (default 120)")

    p = sub.add_parser("venue", help="serve the event to participants' phones over the venue network")
    p.add_argument("event", help="an event file, or a team event's postgresql:// address")
    p.add_argument("--port", type=_port, default=8765, help="port to listen on (default 8765)")
    p.add_argument("--bind", default="127.0.0.1",
                   help="address to listen on: this computer's address on the venue network, "
                        "0.0.0.0 for all (default 127.0.0.1: this computer only)")
    p.add_argument("--pin", type=_pin, help="set the event PIN for participants (4-6 digits; default: the PIN kept in the event, "
                        "made up the first time)")
    p.add_argument("--behind-proxy", action="store_true",
                   help="a reverse proxy on this machine forwards to the server: take the phone's address "
                        "from X-Forwarded-For (for the limit on wrong codes)")
    p.add_argument("--device", default="Venue server", metavar="NAME",
                   help="for a team event: the name its change log gives this server's writes "
                        "(default: Venue server)")

    p = sub.add_parser("scan-in", help="add the scanned, filled-in worksheets: each page goes to its team by its QR code")
    p.add_argument("event")
    p.add_argument("scans", nargs="+", metavar="SCAN",
                   help="PDF files, JPEG/PNG/TIFF images, or folders of them, as the copier wrote them")

    p = sub.add_parser("purge-personal-data",
                       help="delete names, e-mails and organisations of all attendees for good (and the backups)")
    p.add_argument("event")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--scans", choices=("keep", "delete"),
                   help="the scanned worksheets (handwriting can hold names): keep or delete them "
                        "(asked when the event holds any and this is not given)")
    p.add_argument("--replace-names", action="store_true",
                   help="first replace attendees' names found in texts (results, ideas, ...) with initials; "
                        "everyday words that are also family names stay")

    p = sub.add_parser("publish", help="copy a whole event file into an empty PostgreSQL database (team mode)")
    p.add_argument("event", metavar="EVENT.gdbevent")
    p.add_argument("url", metavar="postgresql://USER:PASSWORD@HOST:PORT/DATABASE")
    p.add_argument("--replace", action="store_true",
                   help="replace the event that the database already holds")

    p = sub.add_parser("host", help="host the event for the team: start a PostgreSQL server for it on this laptop")
    p.add_argument("event", metavar="EVENT.gdbevent")
    p.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                   help="this laptop's address in the venue network (default: only this laptop)")
    p.add_argument("--port", type=int, help="port (default: a free one, kept for the next start)")
    return parser


# -- commands ---------------------------------------------------------------------------

def cmd_new(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.services.event import create_event

    ef = create_event(args.event, title=args.title, event_date=args.date, tables=args.tables,
                      timezone=args.timezone)
    ef.close()
    print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Created {path}.")).format(path=args.event))
    return 0


def cmd_demo(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.demo import write_demo_event

    write_demo_event(Path(args.event))
    print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Wrote the demo event to {path}.")).format(path=args.event))
    return 0


def _print_attendee_preview(preview: Any, tr: Translate, out: Callable[[str], None]) -> None:
    t = lambda text: _tr(tr, text)  # noqa: E731
    out(t(QT_TRANSLATE_NOOP("Cli", "File: {path} ({encoding}, delimiter {delimiter}, header in row {row})")).format(
        path=preview.path, encoding=preview.encoding or "-",
        delimiter=repr(preview.delimiter) if preview.delimiter else "-",
        row=preview.header_row or "-"))
    if preview.mapping:
        out(t(QT_TRANSLATE_NOOP("Cli", "Columns:")))
        for field, header in preview.mapping.items():
            out(f"  {field:<16} ← {header}")
    if preview.dropped_columns:
        out(t(QT_TRANSLATE_NOOP("Cli", "Not imported (not needed): {columns}")).format(
            columns=", ".join(preview.dropped_columns)))
    out(t(QT_TRANSLATE_NOOP("Cli", "Readable attendee rows: {count}")).format(count=len(preview.rows)))
    for reason, count in sorted(preview.skipped.items()):
        out(t(QT_TRANSLATE_NOOP("Cli", "Skipped ({reason}): {count}")).format(
            reason=skip_reason(reason, tr), count=count))
    for first, repeat in preview.duplicates:
        out(t(QT_TRANSLATE_NOOP("Cli", "Duplicate: row {repeat} repeats row {first} (not imported twice)")).format(
            first=first, repeat=repeat))
    for label, count in sorted(preview.unmatched_sectors.items()):
        out(t(QT_TRANSLATE_NOOP("Cli", "Sector not recognised, imported without sector: '{label}' ({count}x)")).format(
            label=label, count=count))
    for problem in preview.problems:
        out(t(QT_TRANSLATE_NOOP("Cli", "Bad row: {problem}")).format(problem=render_problem(problem, tr)))


def _print_planned_pairs(planned: Any, tr: Translate) -> None:
    t = lambda text: _tr(tr, text)  # noqa: E731
    for pair in planned:
        if pair.exists:
            text = QT_TRANSLATE_NOOP("Cli", "Pair (row {row}), already in the event: {first} and {second}")
        elif pair.kind.value == "together":
            text = QT_TRANSLATE_NOOP("Cli", "Pair to add (row {row}): {first} and {second} sit together")
        else:
            text = QT_TRANSLATE_NOOP("Cli", "Pair to add (row {row}): {first} and {second} sit apart")
        print(t(text).format(row=pair.source_row, first=pair.first, second=pair.second))


def _print_summary(summary: Any, tr: Translate) -> None:
    t = lambda text: _tr(tr, text)  # noqa: E731
    print(t(QT_TRANSLATE_NOOP("Cli", "Imported: {added} added, {updated} updated, {unchanged} unchanged.")).format(
        added=summary.added, updated=summary.updated, unchanged=summary.unchanged))
    extras = {
        QT_TRANSLATE_NOOP("Cli", "Skipped"): sum(summary.skipped.values()) if summary.skipped else 0,
        QT_TRANSLATE_NOOP("Cli", "Duplicates flagged"): len(summary.duplicates),
        QT_TRANSLATE_NOOP("Cli", "Table hosts pinned"): summary.hosts_pinned,
        QT_TRANSLATE_NOOP("Cli", "Organisations added"): summary.organisations_added,
        QT_TRANSLATE_NOOP("Cli", "Pairs added (together / apart)"): getattr(summary, "pairs_added", 0),
    }
    for label, value in extras.items():
        if value:
            print(f"{t(label)}: {value}")


def _rejection_line(error: ImportRejected, tr: Translate) -> str:
    head = _tr(tr, QT_TRANSLATE_NOOP("Cli", "{path} was not imported; the event is unchanged.")).format(
        path=error.path)
    shown = [render_problem(p, tr) for p in error.problems[:MAX_PROBLEMS_ON_STDERR]]
    rest = len(error.problems) - len(shown)
    if rest > 0:
        shown.append(_tr(tr, QT_TRANSLATE_NOOP("Cli", "and {count} more (see --dry-run)")).format(count=rest))
    return head + (" " + " ".join(shown) if shown else "")


def cmd_import(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.exchange.importers import read_attendees
    from gdb_facilitator.core.services.event import sector_names
    from gdb_facilitator.core.services.imports import apply_attendees

    overrides = dict(args.mapping)
    readonly = args.dry_run
    with open_event(args.event, readonly=readonly) as ef:
        preview = read_attendees(Path(args.file), sector_names=sector_names(ef), overrides=overrides or None)
        if args.dry_run:
            from gdb_facilitator.core.services.imports import preview_pairs, refusal

            _print_attendee_preview(preview, tr, print)
            planned, pair_problems = preview_pairs(ef, preview)
            _print_planned_pairs(planned, tr)
            if pair_problems:
                # an unknown partner refuses the file even with --accept-good-rows
                for problem in pair_problems:
                    print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Bad row: {problem}")).format(
                        problem=render_problem(problem, tr)))
                raise ImportRejected(preview.path, pair_problems)
            if preview.problems and not args.accept_good_rows:
                print(_tr(tr, QT_TRANSLATE_NOOP(
                    "Cli", "This file would be refused as it is; --accept-good-rows imports the readable rows only.")))
                # The same message and exit code as the real import: a script checking a
                # file with --dry-run must not take a refusal for a success.
                from gdb_facilitator.core.services.imports import refusal

                raise refusal(preview.path, preview.problems)
            return 0
        summary = apply_attendees(ef, preview, accept_good_rows=args.accept_good_rows)
    _print_summary(summary, tr)
    for label, count in sorted(preview.unmatched_sectors.items()):
        print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Sector not recognised, imported without sector: '{label}' ({count}x)")).format(
            label=label, count=count))
    return 0


def cmd_import_tables(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.exchange.importers import read_table_plan
    from gdb_facilitator.core.services.imports import apply_table_plan

    preview = read_table_plan(Path(args.file))
    if preview.problems:
        raise ImportRejected(str(args.file), list(preview.problems))
    if args.dry_run:
        for row in preview.rows:
            print(f"{row.number:>3}  {row.name:<24} {row.capacity:>3}  {row.topic or ''}")
        return 0
    with open_event(args.event) as ef:
        summary = apply_table_plan(ef, preview)
    print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Tables: {created} created, {updated} updated; {seats} seats, {with_topic} with a topic.")).format(
        created=summary.created, updated=summary.updated, seats=summary.seats, with_topic=summary.with_topic))
    return 0


def cmd_info(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.info import event_info

    with open_event(args.event, readonly=True) as ef:
        info = event_info(ef)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    t = lambda text: _tr(tr, text)  # noqa: E731
    lines = [
        (t(QT_TRANSLATE_NOOP("Cli", "Event")), info["title"]),
        (t(QT_TRANSLATE_NOOP("Cli", "Date")), info.get("date") or "–"),
        (t(QT_TRANSLATE_NOOP("Cli", "Venue")), info.get("venue") or "–"),
        (t(QT_TRANSLATE_NOOP("Cli", "Time zone")), info.get("timezone") or "–"),
        (t(QT_TRANSLATE_NOOP("Cli", "100-day check-in")), info.get("follow_up_date") or "–"),
        (t(QT_TRANSLATE_NOOP("Cli", "Attendees")), str(info["attendees"])),
        (t(QT_TRANSLATE_NOOP("Cli", "Checked in")), str(info.get("present", 0))),
        (t(QT_TRANSLATE_NOOP("Cli", "Organisations")), str(info["organisations"])),
        (t(QT_TRANSLATE_NOOP("Cli", "Tables")), f"{info['tables']} ({info.get('seats', 0)} " + t(QT_TRANSLATE_NOOP("Cli", "seats")) + ")"),
        (t(QT_TRANSLATE_NOOP("Cli", "Table hosts")), str(info["hosts"])),
        (t(QT_TRANSLATE_NOOP("Cli", "Rounds")), str(info["rounds"])),
    ]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    print(t(QT_TRANSLATE_NOOP("Cli", "Sectors")) + ":")
    for name, count in info["sectors"].items():
        print(f"  {name:<{width}}{count:>5}")
    return 0


def _seating_issue(issue: Any, names: Any, tr: Translate) -> str:
    texts = {
        "unseated": QT_TRANSLATE_NOOP("Cli", "round {round}: {person} has no seat"),
        "unexpected_seat": QT_TRANSLATE_NOOP("Cli", "round {round}: {person} has a seat but is not taking part"),
        "over_capacity": QT_TRANSLATE_NOOP("Cli", "round {round}: table {table} has more people than chairs"),
        "size_unbalanced": QT_TRANSLATE_NOOP("Cli", "round {round}: table {table} is much fuller than others"),
        "pinned_moved": QT_TRANSLATE_NOOP("Cli", "round {round}: host {person} is not at their table"),
        "together_split": QT_TRANSLATE_NOOP("Cli", "round {round}: a keep-together group is split ({person})"),
    }
    template = texts.get(issue.code)
    person = names.get(issue.person, issue.person) if issue.person else ""
    if template is None:
        return f"{issue.round}: {issue.code} {person} {issue.table or ''}".strip()
    return _tr(tr, template).format(round=issue.round, person=person, table=issue.table or "")


def _print_seating(result: Any, tr: Translate) -> None:
    t = lambda text: _tr(tr, text)  # noqa: E731
    q = result.quality
    b = q.bounds
    planned = result.planned_rounds
    span = str(planned[0]) if len(planned) == 1 else f"{planned[0]}–{planned[-1]}"
    if result.strategy == "latecomers":
        print(t(QT_TRANSLATE_NOOP("Cli", "Latecomers seated (round {rounds}): {added} new seats; nobody already seated was moved.")).format(
            rounds=span, added=result.added))
    else:
        print(t(QT_TRANSLATE_NOOP("Cli", "Seating planned (round {rounds}, {people} people): {added} seats added, {moved} moved, {removed} removed.")).format(
            rounds=span, people=result.people, added=result.added, moved=result.moved, removed=result.removed))
        if result.from_round > 1:
            print(t(QT_TRANSLATE_NOOP("Cli", "Rounds before round {round} have started and keep their seats.")).format(
                round=result.from_round))
    print(t(QT_TRANSLATE_NOOP("Cli", "Seed {seed} (the same seed gives the same plan), {seconds} s.")).format(
        seed=result.seed, seconds=f"{result.seconds:.1f}"))
    sectors: list[str | None] = []
    for tq in q.tables:
        for sc in tq.sectors:
            if sc.sector not in sectors:
                sectors.append(sc.sector)
    no_sector = t(QT_TRANSLATE_NOOP("Cli", "no sector"))
    heads = [(s or no_sector)[:10] for s in sectors]
    topics = q.topic_rate is not None
    for rnd in range(1, result.rounds + 1):
        rows = [tq for tq in q.tables if tq.round == rnd]
        if not rows:
            continue
        print()
        title = t(QT_TRANSLATE_NOOP("Cli", "Round {round}")).format(round=rnd)
        if rnd not in planned:
            title += "  (" + t(QT_TRANSLATE_NOOP("Cli", "started, unchanged")) + ")"
        print(title)
        head = f"{t(QT_TRANSLATE_NOOP('Cli', 'Table')):>6} {t(QT_TRANSLATE_NOOP('Cli', 'People')):>7}  "
        head += " ".join(f"{h:>10}" for h in heads)
        head += f"  {t(QT_TRANSLATE_NOOP('Cli', 'Colleagues')):>10} {t(QT_TRANSLATE_NOOP('Cli', 'Repeats')):>8}"
        if topics:
            head += f"  {t(QT_TRANSLATE_NOOP('Cli', 'Topic 1st/2nd')):>13}"
        print(head)
        for tq in rows:
            by = {sc.sector: sc for sc in tq.sectors}
            cells = " ".join(f"{by[s].count:>4}/{by[s].expected:<5.1f}" if s in by else " " * 10
                             for s in sectors)
            line = (f"{tq.table:>6} {tq.size:>3}/{tq.capacity:<3}  {cells}  "
                    f"{tq.colleague_pairs:>10} {tq.repeat_pairs:>8}")
            if topics:
                line += f"  {tq.topic_first + tq.topic_second:>6} / {tq.topic_wanted:<4}"
            print(line)
    print()
    print(t(QT_TRANSLATE_NOOP("Cli", "Quality over all rounds (this plan / best possible):")))
    lines = [
        (QT_TRANSLATE_NOOP("Cli", "Sector mix: deviation from the room"), f"{q.sector_deviation:.1f}",
         f"{b.sector_deviation:.1f}"),
        (QT_TRANSLATE_NOOP("Cli", "Colleague pairs at one table"), str(q.colleague_pairs), str(b.colleague_pairs)),
        (QT_TRANSLATE_NOOP("Cli", "Keep-apart pairs at one table"), str(q.keep_apart_violations),
         str(b.keep_apart_violations)),
        (QT_TRANSLATE_NOOP("Cli", "Repeat encounters"), str(q.repeat_excess), str(b.repeat_excess)),
        (QT_TRANSLATE_NOOP("Cli", "Table sizes: largest minus smallest"), str(q.size_spread), str(b.size_spread)),
    ]
    width = max(len(t(label)) for label, _v, _b in lines)
    for label, value, best in lines:
        print(f"  {t(label):<{width}}  {value:>6}  {best:>6}")
    if topics:
        print("  " + t(QT_TRANSLATE_NOOP("Cli", "Topic choices met (1st or 2nd choice): {met} of {wanted} ({percent} %)")).format(
            met=q.topic_first_or_second, wanted=q.topic_placements, percent=round(100 * q.topic_rate)))
        best = b.topic_first_or_second_max
        if best is not None and q.topic_placements:
            best = max(best, q.topic_first_or_second)
            print("  " + t(QT_TRANSLATE_NOOP("Cli", "Best possible, ignoring the sector mix and colleagues: {best} ({percent} %)")).format(
                best=best, percent=round(100 * best / q.topic_placements)))
    if q.hard_violations:
        print(t(QT_TRANSLATE_NOOP("Cli", "Rules not kept ({count}):")).format(count=len(q.hard_violations)))
        for issue in q.hard_violations[:MAX_PROBLEMS_ON_STDERR]:
            print("  " + _seating_issue(issue, result.names, tr))


def cmd_assign(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.seating import MAX_SEED, plan_seating

    if not args.time_limit >= 0:  # also refuses NaN
        raise UsageError("--time-limit must be 0 or more seconds")
    if args.seed is not None and not 0 <= args.seed <= MAX_SEED:
        raise UsageError(f"--seed must be between 0 and {MAX_SEED}")
    with open_event(args.event) as ef:
        result = plan_seating(ef, rounds=args.rounds, seed=args.seed, time_limit=args.time_limit,
                              only_present=args.only_present, keep_existing=args.keep_existing)
    _print_seating(result, tr)
    return 0


def cmd_check_in(args: argparse.Namespace, tr: Translate) -> int:
    """Each person in their own transaction: a name that matches nobody (or several people)
    stops nothing for the others, and the command then ends with exit code 1."""
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services import desk, seating
    from gdb_facilitator.messages import check_in_text

    failed = 0
    with open_event(args.event, device=args.desk or socket.gethostname()) as ef:
        for query in args.people:
            try:
                outcome = desk.check_in(ef, desk.find_one(ef, query).id)
            except DomainError as exc:
                failed += 1
                print(f"{APP_ID}: {render(exc, tr)}", file=sys.stderr)
                continue
            problem = None
            if args.seat and outcome.seat is None and outcome.planned:
                try:
                    seating.seat_now(ef, outcome.row.id)
                    outcome = desk.outcome(ef, outcome.row, already=outcome.already)
                except DomainError as exc:
                    problem = exc
            print(check_in_text(outcome, tr))
            if problem is not None:
                failed += 1
                print(f"{APP_ID}: {render(problem, tr)}", file=sys.stderr)
    return 1 if failed else 0


def _pair_person(name: str, registration: str) -> str:
    return f"{name} ({registration})" if registration else name


def cmd_pairs(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.models import PairKind
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services import pairs

    def t(text: str) -> str:
        return _tr(tr, text)

    if args.action == "list":
        if args.people or args.together or args.apart:
            raise UsageError("pairs list takes no names and no --together/--apart")
    elif len(args.people) != 2:
        raise UsageError(f"pairs {args.action} needs two people (names or registration numbers)")
    elif args.action == "add" and not (args.together or args.apart):
        raise UsageError("pairs add needs --together or --apart")
    elif args.action == "remove" and (args.together or args.apart):
        raise UsageError("pairs remove takes no --together/--apart")
    with open_event(args.event) as ef:
        if args.action == "list":
            rows = pairs.list_pairs(ef)
            if not rows:
                print(t(QT_TRANSLATE_NOOP("Cli", "No pairs yet.")))
            for row in rows:
                text = (QT_TRANSLATE_NOOP("Cli", "together: {first} + {second}")
                        if row.kind is PairKind.KEEP_TOGETHER
                        else QT_TRANSLATE_NOOP("Cli", "apart: {first} / {second}"))
                print(t(text).format(first=_pair_person(row.first_name, row.first_registration),
                                     second=_pair_person(row.second_name, row.second_registration)))
            return 0
        a, b = (pairs.find_person(ef, q) for q in args.people)
        if args.action == "remove":
            names = {r.first_id: r.first_name for r in pairs.list_pairs(ef)}
            names.update({r.second_id: r.second_name for r in pairs.list_pairs(ef)})
            pairs.remove_pair(ef, a, b)
            print(t(QT_TRANSLATE_NOOP("Cli", "Removed the pair {first} and {second}.")).format(
                first=names.get(min(a, b), ""), second=names.get(max(a, b), "")))
            return 0
        kind = PairKind.KEEP_TOGETHER if args.together else PairKind.KEEP_APART
        row = pairs.add_pair(ef, a, b, kind)
        text = (QT_TRANSLATE_NOOP("Cli", "Added: {first} and {second} sit together in every round.")
                if kind is PairKind.KEEP_TOGETHER
                else QT_TRANSLATE_NOOP("Cli", "Added: {first} and {second} never sit at one table."))
        print(t(text).format(first=row.first_name, second=row.second_name))
        broken = pairs.rounds_not_kept(ef, a, b, kind)
        if broken:
            print(t(QT_TRANSLATE_NOOP(
                "Cli", "The seating planned before does not follow this pair in round {rounds}; plan the "
                       "seating again (assign) to follow it.")).format(
                rounds=", ".join(str(r) for r in broken)))
    return 0


def cmd_export(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.exchange import exporters

    out = Path(args.out)
    if (args.decidim_results or args.decidim_status) and args.format != "decidim":
        raise UsageError(_tr(tr, QT_TRANSLATE_NOOP(
            "Cli", "--decidim-results and --decidim-status apply to --format decidim only")))
    if args.delimiter and args.format not in ("csv", "decidim"):
        raise UsageError(_tr(tr, QT_TRANSLATE_NOOP("Cli", "--delimiter applies to --format csv and decidim only")))
    if args.format == "decidim":
        from gdb_facilitator.core.exchange.decidim import export_decidim

        from gdb_facilitator.core.exchange.decidim import read_space_results

        if args.anonymize:
            raise UsageError(_tr(tr, QT_TRANSLATE_NOOP(
                "Cli", "--format decidim names no person anyway; leave out --anonymize")))
        space = read_space_results(args.decidim_results) if args.decidim_results else None
        status_ids = dict(args.decidim_status)
        written = _with_team_codes(_location(args.event), lambda ef: export_decidim(
            ef, out, delimiter=args.delimiter or ";", space=space, status_ids=status_ids))
        if space is not None:
            print(_tr(tr, QT_TRANSLATE_NOOP(
                "Cli", "{known} of the space's {total} results are ideas of this event; they are updated.")).format(
                known=len(space.results), total=space.rows))
        print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Wrote {path}")).format(path=written))
        return 0
    with open_event(args.event, readonly=True) as ef:
        if args.format == "csv":
            written = exporters.export_csv(ef, out, anonymize=args.anonymize, delimiter=args.delimiter or ";")
        elif args.format == "xlsx":
            written = exporters.export_xlsx(ef, out, anonymize=args.anonymize)
        elif args.format == "json":
            written = exporters.export_json(ef, out, anonymize=args.anonymize)
        else:
            if args.anonymize:
                raise UsageError("--anonymize does not apply to --format sqlite (a full copy)")
            written = exporters.export_sqlite(ef, out)
    paths = written if isinstance(written, (list, tuple)) else [written or out]
    for path in paths:
        print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Wrote {path}")).format(path=path))
    return 0


def _count_pages(path: Path) -> int | None:
    try:
        import pypdfium2
    except ImportError:
        return None
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def cmd_sheets(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.errors import EventFileError, EventLockedError
    from gdb_facilitator.core.sheets import SheetLabels, write_sheets

    event, out = _location(args.event), Path(args.out)
    if isinstance(event, Path) and out.exists() and event.exists() and out.resolve() == event.resolve():
        raise EventFileError("sheets_over_event", path=str(out))
    if out.is_dir():
        raise EventFileError("export_target_is_folder", path=str(out))
    lang = args.lang or _cli_language()
    labels = SheetLabels.german() if lang == "de" else SheetLabels.english()
    if args.venue_url and not re.match(r"^https?://[^\s/]+(/\S*)?$", args.venue_url):
        raise UsageError(f"--venue-url: not an http(s) address: {args.venue_url!r}")
    if args.kind == "badges":
        return _write_badges(args, event, out, labels, tr)
    options = dict(kind=args.kind, round_number=args.round, labels=labels,
                   pagesize="Letter" if args.paper == "letter" else "A4", venue_url=args.venue_url,
                   include_scans=args.with_scans)

    def write(ef: Any) -> Path:
        try:
            return write_sheets(ef, out, **options)
        except OSError as exc:
            raise EventFileError("export_not_writable", path=str(out), reason=exc.strerror or str(exc)) from exc

    # Read-only first: that works while the app has the event open. Only sheets whose
    # team codes do not exist yet need the event writable, to create and keep the codes.
    try:
        with open_event(event, readonly=True) as ef:
            written = write(ef)
    except DomainError as exc:
        if exc.code != "team_codes_missing":
            raise
        try:
            ef = open_event(event)
        except EventLockedError as locked:
            raise EventFileError("sheets_codes_in_use", path=str(event)) from locked
        with ef:
            written = write(ef)
    _wrote_pdf(written, tr)
    return 0


def _write_badges(args: argparse.Namespace, event: Path, out: Path, labels: Any, tr: Translate) -> int:
    from gdb_facilitator.core.db.engine import EventFile
    from gdb_facilitator.core.errors import EventFileError
    from gdb_facilitator.core.services.desk import find_one
    from gdb_facilitator.core.sheets.badges import LAYOUTS, write_badges

    if args.paper != "a4":
        raise UsageError("name badges are printed on A4 label sheets; leave out --paper")
    layout = LAYOUTS[args.layout].with_margins(args.left, args.top)
    with EventFile.open(event, readonly=True) as ef:
        ids = [find_one(ef, who).id for who in args.person] or None
        try:
            written = write_badges(ef, out, labels=labels, layout=layout, attendee_ids=ids,
                                   first_label=args.first_label)
        except OSError as exc:
            raise EventFileError("export_not_writable", path=str(out), reason=exc.strerror or str(exc)) from exc
    _wrote_pdf(written, tr)
    return 0


# -- after the event ---------------------------------------------------------------------

STATUS_WORDS = {
    "done": QT_TRANSLATE_NOOP("Cli", "done"),
    "in_progress": QT_TRANSLATE_NOOP("Cli", "in progress"),
    "not_started": QT_TRANSLATE_NOOP("Cli", "not started"),
    "dropped": QT_TRANSLATE_NOOP("Cli", "dropped"),
    "open": QT_TRANSLATE_NOOP("Cli", "no report yet"),
}


def _with_team_codes(event: Path | str, write: Callable[[Any], Any]) -> Any:
    """Run ``write(ef)`` read-only (works while the app has the event open); only when team
    codes are still missing, open the event writable to create and keep them."""
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.errors import EventFileError, EventLockedError

    try:
        with open_event(event, readonly=True) as ef:
            return write(ef)
    except DomainError as exc:
        if exc.code != "team_codes_missing":
            raise
    try:
        ef = open_event(event)
    except EventLockedError as locked:
        raise EventFileError("sheets_codes_in_use", path=str(event)) from locked
    with ef:
        return write(ef)


def _pdf_target(event: Path | str, out: Path) -> None:
    from gdb_facilitator.core.errors import EventFileError

    if isinstance(event, Path) and out.exists() and event.exists() and out.resolve() == event.resolve():
        raise EventFileError("sheets_over_event", path=str(out))
    if out.is_dir():
        raise EventFileError("export_target_is_folder", path=str(out))


def _wrote_pdf(path: Path, tr: Translate) -> None:
    pages = _count_pages(path)
    if pages is None:
        print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Wrote {path}")).format(path=path))
    else:
        print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Wrote {path} ({pages} pages)")).format(path=path, pages=pages))


def cmd_follow_up(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.codes import format_code
    from gdb_facilitator.core.services.follow_up import open_team

    with open_event(args.event, readonly=True) as ef:
        team = open_team(ef, args.code)
    t = lambda text: _tr(tr, text)  # noqa: E731
    head = t(QT_TRANSLATE_NOOP("Cli", "Table {number}")).format(number=team.table_number)
    if team.table_name:
        head += f" · {team.table_name}"
    if team.round_number is not None:
        head += " · " + t(QT_TRANSLATE_NOOP("Cli", "Round {number}")).format(number=team.round_number)
    print(head)
    # lupdate does not look inside f-strings: the marked texts stand on their own
    code_label = t(QT_TRANSLATE_NOOP("Cli", "Team code"))
    topic_label = t(QT_TRANSLATE_NOOP("Cli", "Topic"))
    team_label = t(QT_TRANSLATE_NOOP("Cli", "Team"))
    date_label = t(QT_TRANSLATE_NOOP("Cli", "100-day check-in"))
    print(f"{code_label}: {format_code(team.code)}")
    if team.topic:
        print(f"{topic_label}: {team.topic}")
    if team.members:
        print(f"{team_label}: {', '.join(team.members)}")
    if team.follow_up_date:
        print(f"{date_label}: {team.follow_up_date.isoformat()}")
    if not team.ideas:
        print(t(QT_TRANSLATE_NOOP("Cli", "No ideas were recorded for this team.")))
        return 0
    print(t(QT_TRANSLATE_NOOP("Cli", "Ideas:")))
    for number, idea in enumerate(team.ideas, start=1):
        state = t(STATUS_WORDS[idea.status.value])
        if idea.updates:
            state += f", {idea.progress} %, {idea.updates[-1].reported_on.isoformat()}"
        print(f"  {number}. {idea.title or '–'}  [{state}]")
        if idea.notes:
            print(f"     {' '.join(idea.notes.split())}")
    return 0


def cmd_report(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.report import ReportLabels, write_report

    event, out = _location(args.event), Path(args.out)
    _pdf_target(event, out)
    labels = ReportLabels.german() if (args.lang or _cli_language()) == "de" else ReportLabels.english()
    with open_event(event, readonly=True) as ef:
        written = write_report(ef, out, labels, pagesize="Letter" if args.paper == "letter" else "A4",
                               include_scans=args.with_scans)
    _wrote_pdf(written, tr)
    return 0


def cmd_invitations(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.report import InvitationLabels, write_invitations

    event, out = _location(args.event), Path(args.out)
    _pdf_target(event, out)
    labels = InvitationLabels.german() if (args.lang or _cli_language()) == "de" else InvitationLabels.english()
    when = args.time.strftime("%H:%M") if args.time else ""
    written = _with_team_codes(event, lambda ef: write_invitations(
        ef, out, labels, pagesize="Letter" if args.paper == "letter" else "A4", when_time=when))
    _wrote_pdf(written, tr)
    return 0


def cmd_calendar(args: argparse.Namespace, tr: Translate) -> int:
    from datetime import timedelta

    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.exchange.ics import write_ics
    from gdb_facilitator.core.services.event import get_event

    if not 1 <= args.minutes <= 24 * 60:
        raise UsageError(_tr(tr, QT_TRANSLATE_NOOP("Cli", "--minutes must be between 1 and 1440")))
    with open_event(args.event, readonly=True) as ef:
        title = get_event(ef).title
        summary = _tr(tr, QT_TRANSLATE_NOOP("Cli", "100-day check-in: {title}")).format(title=title)
        description = _tr(tr, QT_TRANSLATE_NOOP(
            "Cli", "The teams of \"{title}\" meet again after 100 days to see what became of their ideas. "
                   "Please bring your team code or your result sheet.")).format(title=title)
        written = write_ics(ef, Path(args.out), summary_text=summary, description=description,
                            start=args.time, duration=timedelta(minutes=args.minutes))
    print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Wrote {path}")).format(path=written))
    return 0


def cmd_scan_in(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services import scans

    t = lambda text: _tr(tr, text)  # noqa: E731
    files = scans.collect(args.scans)  # every file checked before the event is touched
    show_progress = sys.stderr.isatty()
    done = [0]

    def progress(count: int, total: int) -> None:
        done[0] = count
        if show_progress:
            print("\r" + t(QT_TRANSLATE_NOOP("Cli", "Page {done} of {total}")).format(done=count, total=total),
                  end="", file=sys.stderr, flush=True)

    with open_event(args.event) as ef:
        try:
            summary = scans.scan_in_files(ef, files, progress=progress)
        except KeyboardInterrupt:
            if show_progress:
                print(file=sys.stderr)
            print(t(QT_TRANSLATE_NOOP(
                "Cli", "Cancelled. The {count} pages read before are in the event, complete; run scan-in again "
                       "for the rest (pages already in are recognised).")).format(count=done[0]), file=sys.stderr)
            return 130
        if show_progress:
            print(file=sys.stderr)
        for line in scan_summary_lines(summary, tr):
            print(line)
    return 0


def cmd_purge_personal_data(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.services.privacy import purge_personal_data
    from gdb_facilitator.core.services.scans import count_pages

    t = lambda text: _tr(tr, text)  # noqa: E731
    with open_event(args.event) as ef:
        return _purge(ef, args, t, count_pages(ef), purge_personal_data)


def _purge(ef: Any, args: argparse.Namespace, t: Callable[[str], str], scanned: int, purge_personal_data: Any) -> int:
    from gdb_facilitator.core.services import names_in_text

    hits = names_in_text.find_names(ef)
    chosen = [h for h in hits if h.likely] if args.replace_names else []
    if hits:
        print(t(QT_TRANSLATE_NOOP("Cli", "Names of attendees in texts: {count}")).format(count=len(hits)))
        for hit in hits[:MAX_PROBLEMS_ON_STDERR]:
            mark = "*" if hit in chosen else " "
            print(f"  {mark} {hit.field} #{hit.row_id}: {hit.before}[{hit.address}{hit.found}]{hit.after}")
        if len(hits) > MAX_PROBLEMS_ON_STDERR:
            print(f"  ... (+{len(hits) - MAX_PROBLEMS_ON_STDERR})")
        print(t(QT_TRANSLATE_NOOP("Cli", "Replaced with initials: the names marked *.")) if args.replace_names
              else t(QT_TRANSLATE_NOOP("Cli", "They stay in the texts; --replace-names replaces them with initials "
                                              "(or change them in the app).")))
    scans_choice = args.scans
    if scanned and scans_choice is None and (args.yes or not sys.stdin.isatty()):
        raise DomainError("purge_scans_choice", count=scanned)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(t(QT_TRANSLATE_NOOP(
                "Cli", "this deletes personal data for good; without a terminal to ask, confirm with --yes")))
        print(t(QT_TRANSLATE_NOOP(
            "Cli", "This deletes the names, e-mail addresses and organisations of all attendees in {path} "
                   "and all backups of it, for good. Results, ideas and team codes stay.")).format(path=args.event))
        if scanned and scans_choice is None:
            answer = input(t(QT_TRANSLATE_NOOP(
                "Cli", "The event holds {count} scanned pages; handwriting can hold names. Delete them too? "
                       "[yes/no]: ")).format(count=scanned))
            scans_choice = "delete" if answer.strip().casefold() in {
                "yes", "y", "ja", "j", t(QT_TRANSLATE_NOOP("Cli", "yes")).casefold()} else "keep"
        answer = input(t(QT_TRANSLATE_NOOP("Cli", "Type \"yes\" to delete: ")))
        if answer.strip().casefold() not in {"yes", "y", "ja", "j", t(QT_TRANSLATE_NOOP("Cli", "yes")).casefold()}:
            print(t(QT_TRANSLATE_NOOP("Cli", "Cancelled; nothing was changed.")), file=sys.stderr)
            return 1
    replaced = 0
    if chosen:
        changes = names_in_text.replace_names(ef, names_in_text.initials_replacements(chosen))
        replaced = sum(change.hits for change in changes)
    report = purge_personal_data(ef, delete_scans=scans_choice == "delete", names_replaced=replaced)
    print(t(QT_TRANSLATE_NOOP(
        "Cli", "Personal data removed: {attendees} attendees made anonymous, {organisations} organisations "
               "and {files} backup files deleted.")).format(
        attendees=report.attendees, organisations=report.organisations, files=len(report.files_removed)))
    if report.scans_deleted:
        print(t(QT_TRANSLATE_NOOP("Cli", "Scanned pages deleted: {count}")).format(count=report.scans_deleted))
    elif scanned:
        print(t(QT_TRANSLATE_NOOP("Cli", "Scanned pages kept: {count}")).format(count=scanned))
    print(t(QT_TRANSLATE_NOOP(
        "Cli", "Names in texts: {found} found, {replaced} replaced, {left} left as written.")).format(
        found=report.names_found, replaced=report.names_replaced, left=report.names_left))
    print(t(QT_TRANSLATE_NOOP(
        "Cli", "Exports and printed sheets made earlier are not affected; delete them yourself.")))
    return 0


def cmd_publish(args: argparse.Namespace, tr: Translate) -> int:
    from gdb_facilitator.core.db.team import is_database_url, redact
    from gdb_facilitator.core.db.transfer import file_to_database

    if is_database_url(args.event) or not is_database_url(args.url):
        raise UsageError(_tr(tr, QT_TRANSLATE_NOOP(
            "Cli", "publish takes an event file and then a postgresql:// address")))
    counts = file_to_database(Path(args.event), args.url, replace=args.replace)
    print(_tr(tr, QT_TRANSLATE_NOOP(
        "Cli", "Published {path} to {location}: {attendees} attendees, {tables} tables, {results} results.")).format(
        path=args.event, location=redact(args.url), attendees=counts.get("attendees", 0),
        tables=counts.get("tables", 0), results=counts.get("table_results", 0)))
    return 0


def cmd_host(args: argparse.Namespace, tr: Translate) -> int:
    import signal
    import threading

    from gdb_facilitator.core.db.hosting import start_hosting
    from gdb_facilitator.core.services.event import get_event

    hosted = start_hosting(Path(args.event), listen=args.bind, port=args.port)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        title = get_event(hosted.file).title
        print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Hosting the event for the team. Join text for the other laptops:")))
        print()
        print(hosted.join_text(title))
        print()
        try:
            import qrcode

            qr = qrcode.QRCode(border=1)
            qr.add_data(hosted.join_url)
            qr.print_ascii(invert=True)
        except Exception:  # noqa: BLE001 - the QR is a convenience; the text above is enough
            log.warning("could not print the join QR code", exc_info=True)
        print(_tr(tr, QT_TRANSLATE_NOOP(
            "Cli", "Press Ctrl+C to stop; the event file is then brought up to date from the server.")), flush=True)
        stop.wait()
    finally:
        written = hosted.stop()
    print(_tr(tr, QT_TRANSLATE_NOOP("Cli", "Stopped. {path} holds the team's event.")).format(path=written))
    return 0


def cmd_venue(args: argparse.Namespace, tr: Translate) -> int:
    import ipaddress

    from gdb_facilitator.core.db.store import describe, open_event
    from gdb_facilitator.venue.server import VenueServer

    t = lambda text: _tr(tr, text)  # noqa: E731
    try:
        ipaddress.ip_address(args.bind)
    except ValueError:
        raise UsageError(t(QT_TRANSLATE_NOOP("Cli", "--bind takes an IP address, not {value}")).format(
            value=args.bind)) from None
    # A team event (postgresql://…) works the same; the server then also listens for the
    # other laptops' changes, so that phones see them at once.
    with open_event(args.event, device=args.device) as ef:
        server = VenueServer(ef, bind=args.bind, port=args.port, pin=args.pin, behind_proxy=args.behind_proxy,
                             watch_team=True)
        problem = server.check_address()
        if problem:
            return _fail(t(QT_TRANSLATE_NOOP("Cli", "Cannot listen on {address} port {port}: {reason}")).format(
                address=args.bind, port=args.port, reason=problem))
        print(t(QT_TRANSLATE_NOOP("Cli", "Serving {path} to phones at {url}")).format(
            path=describe(args.event), url=server.url()), flush=True)
        print(t(QT_TRANSLATE_NOOP("Cli", "Event PIN: {pin}  (Ctrl+C stops)")).format(pin=server.pin), flush=True)
        server.run_forever()
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace, Translate], int]] = {
    "new": cmd_new,
    "demo": cmd_demo,
    "import": cmd_import,
    "import-tables": cmd_import_tables,
    "info": cmd_info,
    "assign": cmd_assign,
    "check-in": cmd_check_in,
    "pairs": cmd_pairs,
    "export": cmd_export,
    "sheets": cmd_sheets,
    "follow-up": cmd_follow_up,
    "report": cmd_report,
    "invitations": cmd_invitations,
    "calendar": cmd_calendar,
    "purge-personal-data": cmd_purge_personal_data,
    "scan-in": cmd_scan_in,
    "publish": cmd_publish,
    "host": cmd_host,
    "venue": cmd_venue,
}


def _fail(message: str) -> int:
    print(f"{APP_ID}: {message}", file=sys.stderr)
    return 1


def run_command(argv: Sequence[str]) -> int:
    args = build_command_parser().parse_args(list(argv))
    from gdb_facilitator.logs import setup_logging

    log_file_path = setup_logging()
    tr = cli_translator()
    try:
        return HANDLERS[args.command](args, tr)
    except ImportRejected as exc:
        return _fail(_rejection_line(exc, tr))
    except DomainError as exc:
        return _fail(render(exc, tr).replace("\n", " "))
    except UsageError as exc:
        print(f"{APP_ID}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".strip(": "))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the traceback in the log, show one line
        log.exception("command %s failed", args.command)
        where = log_file_path or "-"
        return _fail(f"internal error ({type(exc).__name__}: {exc}); details in {where}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (``gdb-facilitator COMMAND ...``); the app itself starts from entry.py."""
    argv = list(sys.argv[1:] if argv is None else argv)
    return run_command(argv)


if __name__ == "__main__":
    raise SystemExit(main())
