"""What the command line and the entry point share: the command names and the parser class.

Kept apart from gdb_facilitator.cli so that starting the app does not load the whole command
line (its handlers and their imports) just to tell a command from an event file.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from gdb_facilitator import APP_ID

COMMANDS = ("new", "demo", "import", "import-tables", "info", "export", "sheets", "assign", "check-in", "pairs",
            "follow-up", "report", "invitations", "calendar", "purge-personal-data", "scan-in", "publish", "host",
            "venue")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser_base(description: str) -> argparse.ArgumentParser:
    """The parser class every entry shares: wrong usage prints the usage line and exits 2."""
    return Parser(prog=APP_ID, description=description)
