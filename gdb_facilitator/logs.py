"""Logging to a rotating file in the user's log folder (no Qt: the CLI uses it too)."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from gdb_facilitator import APP_ID, ORG_NAME

FORMAT = "%(asctime)s %(levelname)s %(name)s:%(lineno)d(%(funcName)s) %(message)s"


def log_dir() -> Path:
    override = os.environ.get("GDB_FACILITATOR_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_ID, ORG_NAME))


def log_file() -> Path:
    return log_dir() / f"{APP_ID}.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to the rotating log file; returns its path, or None if it cannot be written.

    Console output only when GDB_FACILITATOR_DEBUG is set, so users never see tracebacks.
    """
    root = logging.getLogger()
    if any(getattr(h, "_gdb_facilitator", False) for h in root.handlers):
        return log_file()
    root.setLevel(level)
    path: Path | None = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
        path = None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._gdb_facilitator = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if os.environ.get("GDB_FACILITATOR_DEBUG"):
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(console)
    return path
