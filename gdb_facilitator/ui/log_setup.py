"""The app's log: a rotating file under QStandardPaths' AppLocalDataLocation/logs.

The command line logs through :mod:`gdb_facilitator.logs`; the handler we add carries the
same marker, so whichever runs first owns the file and the other adds nothing twice.
``GDB_FACILITATOR_LOG_DIR`` overrides the folder (tests, portable installs).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from gdb_facilitator import APP_ID
from gdb_facilitator.logs import FORMAT

_MARK = "_gdb_facilitator"


def log_dir() -> Path:
    override = os.environ.get("GDB_FACILITATOR_LOG_DIR")
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / f".{APP_ID}") / "logs"


def log_file() -> Path:
    return log_dir() / f"{APP_ID}.log"


def current_log_file() -> Path | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, _MARK, False) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file handler once; returns the log file, or None if it cannot be written."""
    root = logging.getLogger()
    existing = current_log_file()
    if existing is not None:
        return existing
    root.setLevel(level)
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                       encoding="utf-8")
    except OSError:
        logging.getLogger(__name__).warning("cannot write the log to %s", path, exc_info=True)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    if os.environ.get("GDB_FACILITATOR_DEBUG"):
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(console)
    return path
