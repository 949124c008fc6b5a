"""The program's entry point (``gdb-facilitator``, ``python -m gdb_facilitator``, the frozen
build): the only module that knows both the command line and the app.

``gdb-facilitator COMMAND ...`` runs a command (gdb_facilitator.cli, no GUI loaded);
anything else opens the app (gdb_facilitator.ui.app) or runs the self-test. The CLI, the GUI
and the self-test do not import each other (tests/test_architecture.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gdb_facilitator import APP_ID, __version__
from gdb_facilitator.commands import COMMANDS, build_parser_base


def build_app_parser() -> argparse.ArgumentParser:
    parser = build_parser_base(
        description="Open the app. Commands: " + ", ".join(COMMANDS) + f" (see '{APP_ID} COMMAND -h').")
    parser.add_argument("event", nargs="?", help="the event file to open")
    parser.add_argument("--demo", action="store_true", help="open a fresh copy of the demo event")
    parser.add_argument("--selftest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        # The command line loads only for a command; the app starts without it.
        from gdb_facilitator.cli import run_command

        return run_command(argv)
    args = build_app_parser().parse_args(argv)
    if args.selftest:
        from gdb_facilitator.selftest import run_selftest

        return run_selftest()
    from gdb_facilitator import startup

    # until the first screen is up (released by run_app)
    startup.hold_garbage_collection()
    from gdb_facilitator.ui.app import run_app

    return run_app(args.event, demo=args.demo)


if __name__ == "__main__":
    raise SystemExit(main())
