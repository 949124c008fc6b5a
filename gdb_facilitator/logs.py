"""Logging to one rotating file in the user's log folder, for the app and the CLI alike.

The folder comes from platformdirs, not QStandardPaths, because the command line does not
load Qt; both write to the same file. ``GDB_FACILITATOR_LOG_DIR`` overrides it (tests,
portable installs).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from gdb_facilitator import APP_ID, ORG_NAME

FORMAT = "%(asctime)s %(levelname)s %(name)s:%(lineno)d(%(funcName)s) %(message)s"
_MARK = "_gdb_facilitator"


def log_dir() -> Path:
    override = os.environ.get("GDB_FACILITATOR_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_ID, ORG_NAME))


def log_file() -> Path:
    return log_dir() / f"{APP_ID}.log"


def current_log_file() -> Path | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, _MARK, False) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file handler once; returns the log file, or None if it cannot be written.

    Console output only when GDB_FACILITATOR_DEBUG is set, so users never see tracebacks.
    """
    existing = current_log_file()
    if existing is not None:
        return existing
    root = logging.getLogger()
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
