"""Writing files so that a crash, a full disk or a pulled stick never leaves half a file
under the name the user chose.

Every export, sheet, report and copy is written to a temporary sibling (``.tmp-*``, which
the backup clean-up knows), synced, and only then renamed over the target; the folder is
synced too, so that the rename itself survives a power cut.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from gdb_facilitator.core.errors import EventFileError

TEMP_PREFIX = ".tmp-"


def not_writable(target: Path, exc: OSError) -> EventFileError:
    return EventFileError("export_not_writable", path=str(target),
                          reason=exc.strerror or str(exc) or type(exc).__name__)


def fsync_dir(directory: Path) -> None:
    # Windows cannot open folders, and NTFS journals renames anyway.
    if os.name == "nt":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def stage(target: Path, write: Callable[[Path], None]) -> Path:
    """Write a temporary sibling of ``target`` with ``write(path)`` and fsync it."""
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix or ".tmp", dir=directory)
    except OSError as exc:
        raise not_writable(target, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise not_writable(target, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(staged: Iterable[tuple[Path, Path]]) -> None:
    """Move staged files into place; any still staged are removed on failure."""
    staged = list(staged)
    try:
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise not_writable(target, exc) from exc
    finally:
        for tmp, _target in staged:
            tmp.unlink(missing_ok=True)
    for directory in {target.parent for _tmp, target in staged}:
        fsync_dir(directory)


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """``write(path)`` into a temporary sibling, then rename it over ``target``."""
    target = Path(target)
    commit([(stage(target, write), target)])
    return target
