"""Rolling backups of an event file, and restoring one.

A backup is a complete, integrity-checked SQLite copy made with the backup API
(:meth:`EventFile.copy_to`), never a file copy of the live database. Backups live in
``<event>.backups/`` beside the event (mode 0700, files 0600) or in a folder the user
chose (a USB stick), where they get a subfolder of the same name, so one stick can hold
the backups of several events.

Each backup's name carries the event's name, the UTC time it was made and why
(``timed``, ``close``, ``before-import`` ...), so listing and thinning need no index file
that could itself get lost or damaged. Restoring never deletes anything: the current file
(damaged or not) is moved aside under a name :func:`backup_paths` also finds, because the
privacy purge has to be able to remove every copy of the personal data.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from gdb_facilitator.core.db.engine import DBAPI, EVENT_SUFFIX, EventFile, _FileLock
from gdb_facilitator.core.files import fsync_dir
from gdb_facilitator.core.db.migrations import APPLICATION_ID
from gdb_facilitator.core.errors import EventFileError

if TYPE_CHECKING:  # the connections are DBAPI's (pysqlite3 where it is installed)
    import sqlite3

log = logging.getLogger(__name__)

FOLDER_SUFFIX = ".backups"
TIMED = "timed"
ON_CLOSE = "close"
MANUAL = "manual"
# Reasons starting with this mark a backup made right before something that rewrites a
# lot of data at once (import, seat planning, purge); thinning keeps them for a day.
BEFORE = "before-"

KEEP_ALL_FOR = timedelta(hours=1)
KEEP_HOURLY_FOR = timedelta(days=1)
# A crashed backup leaves its temporary file (``.tmp-*``); older ones are surely dead.
STALE_TEMP_AFTER = timedelta(minutes=30)

_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12}Z)(?:-(?P<n>\d+))?\.(?P<reason>[a-z0-9-]+)"
                   + re.escape(EVENT_SUFFIX) + "$")
_REASON = re.compile(r"^[a-z0-9-]{1,40}$")
_ASIDE_LABELS = ("before-restore", "damaged")


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, read from the backup itself."""

    title: str
    attendees: int
    checked_in: int
    results: int  # table results with any text typed in
    ideas: int


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime  # UTC, from the file name
    reason: str
    size: int
    summary: BackupSummary | None  # None: the file cannot be read as an event file

    @property
    def readable(self) -> bool:
        return self.summary is not None


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    moved_aside: Path | None  # where the file that was there before now is
    backup: Path


def event_stem(event_path: str | os.PathLike[str]) -> str:
    name = Path(event_path).name
    return name[: -len(EVENT_SUFFIX)] if name.endswith(EVENT_SUFFIX) and name != EVENT_SUFFIX else name


def backup_folder(event_path: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None) -> Path:
    """Where the backups of ``event_path`` go: beside it, or in a subfolder of ``folder``."""
    event_path = Path(event_path)
    name = event_path.name + FOLDER_SUFFIX
    if folder is None or str(folder) == "":
        return event_path.parent / name
    return Path(folder) / name


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(_STAMP_FORMAT)


def _make_private_dir(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise EventFileError("backup_not_writable", path=str(folder),
                             reason=exc.strerror or type(exc).__name__) from exc
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass  # FAT-formatted sticks have no modes; the backup is still worth having


def _ro_connect(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri().replace("file://", "file:", 1) + "?mode=ro"
    return DBAPI.connect(uri, uri=True)


def read_summary(path: str | os.PathLike[str]) -> BackupSummary | None:
    """The content summary of an event file opened read-only; None when it is not readable."""
    path = Path(path)
    try:
        con = _ro_connect(path)
    except DBAPI.Error:
        return None
    try:
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None

        def one(sql: str) -> int:
            return int(con.execute(sql).fetchone()[0] or 0)

        title_row = con.execute("SELECT title FROM event LIMIT 1").fetchone()
        return BackupSummary(
            title=str(title_row[0]) if title_row else "",
            attendees=one("SELECT count(*) FROM attendees"),
            checked_in=one("SELECT count(*) FROM attendees WHERE arrived_at IS NOT NULL"),
            results=one("SELECT count(*) FROM table_results WHERE trim(results) != '' "
                        "OR trim(problem_statement) != ''"),
            ideas=one("SELECT count(*) FROM ideas"),
        )
    except DBAPI.Error:
        return None
    finally:
        con.close()


def check_file(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` passes SQLite's full integrity check and is an event file."""
    try:
        con = _ro_connect(Path(path))
    except DBAPI.Error:
        return False
    try:
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return False
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except DBAPI.Error:
        return False
    finally:
        con.close()


# -- making ---------------------------------------------------------------------------

def make_backup(ef: EventFile, reason: str = TIMED, *, folder: str | os.PathLike[str] | None = None,
                thin: bool = True) -> BackupInfo:
    """Write a checked backup of the open event ``ef`` now; returns it with its summary.

    ``reason`` ends up in the file name (``timed``, ``close``, ``before-import`` ...).
    Older backups are thinned afterwards unless ``thin`` is False.
    """
    if not _REASON.match(reason):
        raise ValueError(f"reason must be short lowercase words with dashes: {reason!r}")
    target_dir = backup_folder(ef.path, folder)
    _make_private_dir(target_dir)
    made_at = ef.clock.now_utc()
    base = f"{event_stem(ef.path)}.{_stamp(made_at)}"
    target = target_dir / f"{base}.{reason}{EVENT_SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = target_dir / f"{base}-{n}.{reason}{EVENT_SUFFIX}"
    try:
        ef.copy_to(target)
    except EventFileError as exc:
        if exc.code == "export_not_writable":
            raise EventFileError("backup_not_writable", path=str(target_dir),
                                 reason=exc.params.get("reason", "")) from exc
        raise
    fsync_dir(target_dir)
    info = BackupInfo(target, made_at, reason, target.stat().st_size, read_summary(target))
    log.info("backup written: %s", target)
    if thin:
        try:
            thin_backups(ef.path, folder=folder, now=made_at)
        except OSError:
            log.warning("could not thin the backups in %s", target_dir, exc_info=True)
    return info


# -- listing --------------------------------------------------------------------------

def _parse(path: Path, stem: str) -> tuple[datetime, str] | None:
    m = _NAME.match(path.name)
    if m is None or m.group("stem") != stem:
        return None
    try:
        made_at = datetime.strptime(m.group("stamp"), _STAMP_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return made_at, m.group("reason")


def _candidates(event_path: Path, folder: str | os.PathLike[str] | None) -> list[tuple[Path, datetime, str]]:
    directory = backup_folder(event_path, folder)
    stem = event_stem(event_path)
    try:
        entries = list(directory.iterdir())
    except OSError:
        return []
    found = []
    for path in entries:
        parsed = _parse(path, stem)
        if parsed is not None and path.is_file():
            found.append((path, *parsed))
    found.sort(key=lambda c: (c[1], c[0].name), reverse=True)
    return found


def list_backups(event_path: str | os.PathLike[str], *, folder: str | os.PathLike[str] | None = None,
                 with_summary: bool = True) -> list[BackupInfo]:
    """The backups of ``event_path``, newest first; each is opened read-only for its summary."""
    result = []
    for path, made_at, reason in _candidates(Path(event_path), folder):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        result.append(BackupInfo(path, made_at, reason, size, read_summary(path) if with_summary else None))
    return result


def latest_good_backup(event_path: str | os.PathLike[str], *,
                       folders: tuple[str | os.PathLike[str] | None, ...] = (None,)) -> BackupInfo | None:
    """The newest backup (in any of ``folders``) that passes the full integrity check."""
    infos = [b for f in folders for b in list_backups(event_path, folder=f, with_summary=False)]
    infos.sort(key=lambda b: b.made_at, reverse=True)
    for info in infos:
        if check_file(info.path):
            return BackupInfo(info.path, info.made_at, info.reason, info.size, read_summary(info.path))
        log.warning("backup %s fails its integrity check; trying an older one", info.path)
    return None


# -- thinning -------------------------------------------------------------------------

def backups_to_remove(infos: list[tuple[Path, datetime, str]], now: datetime) -> list[Path]:
    """Which backups thinning removes: all of the last hour stay, then the newest of each
    hour for a day, then the newest of each day. The newest backup and those made before a
    destructive operation during the last day always stay."""
    ordered = sorted(infos, key=lambda c: c[1], reverse=True)
    keep: set[Path] = set()
    buckets: set[tuple[str, object]] = set()
    for index, (path, made_at, reason) in enumerate(ordered):
        age = now - made_at
        if age <= KEEP_HOURLY_FOR:
            bucket: tuple[str, object] = ("hour", made_at.replace(minute=0, second=0, microsecond=0))
        else:
            bucket = ("day", made_at.date())
        if index == 0 or age <= KEEP_ALL_FOR:
            keep.add(path)
            buckets.add(bucket)
            continue
        if reason.startswith(BEFORE) and age <= KEEP_HOURLY_FOR:
            keep.add(path)
            continue
        if bucket not in buckets:
            buckets.add(bucket)
            keep.add(path)
    return [path for path, _m, _r in ordered if path not in keep]


def thin_backups(event_path: str | os.PathLike[str], *, folder: str | os.PathLike[str] | None = None,
                 now: datetime | None = None) -> list[Path]:
    """Delete the backups the thinning rule no longer needs (and dead temporary files)."""
    event_path = Path(event_path)
    now = now or datetime.now(timezone.utc)
    candidates = _candidates(event_path, folder)
    removed = []
    for path in backups_to_remove(candidates, now):
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
    directory = backup_folder(event_path, folder)
    for tmp in directory.glob(".tmp-*"):
        try:
            if now.timestamp() - tmp.stat().st_mtime > STALE_TEMP_AFTER.total_seconds():
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            pass
    if removed:
        log.info("thinned %d old backup files of %s", len(removed), event_path.name)
    return removed


# -- restoring ------------------------------------------------------------------------

def aside_path(event_path: Path, label: str, now: datetime) -> Path:
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    base = event_path.with_name(f"{event_stem(event_path)}.{label}-{stamp}{EVENT_SUFFIX}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{event_stem(event_path)}.{label}-{stamp}-{n}{EVENT_SUFFIX}")
    return candidate


def move_aside(event_path: str | os.PathLike[str], label: str = "before-restore",
               now: datetime | None = None) -> Path | None:
    """Rename the event file together with its ``-wal`` (committed data may still be
    there) and ``-shm``; returns the new name, None when there was no file."""
    if label not in _ASIDE_LABELS:
        raise ValueError(label)
    event_path = Path(event_path)
    if not event_path.exists():
        return None
    target = aside_path(event_path, label, now or datetime.now(timezone.utc))
    try:
        # The -wal goes first: a -wal left behind under the event's name would be replayed
        # by SQLite onto whatever file is put there next, and that corrupts it.
        for suffix in ("-wal", "-shm"):
            side = Path(str(event_path) + suffix)
            if side.exists():
                os.replace(side, str(target) + suffix)
        os.replace(event_path, target)
    except OSError as exc:
        raise EventFileError("event_not_writable", path=str(event_path),
                             reason=exc.strerror or type(exc).__name__) from exc
    fsync_dir(event_path.parent)
    log.info("moved %s aside to %s", event_path, target)
    return target


def restore_backup(backup: str | os.PathLike[str] | BackupInfo, event_path: str | os.PathLike[str], *,
                   aside_label: str = "before-restore", now: datetime | None = None) -> RestoreResult:
    """Put ``backup`` in place of ``event_path``; the current file is moved aside, never deleted.

    The event must not be open anywhere (an instance that has it open keeps the lock, and
    this raises ``event_locked``). The backup is checked before anything is moved, and
    the restored file is checked again before this returns.
    """
    source = Path(backup.path if isinstance(backup, BackupInfo) else backup)
    event_path = Path(event_path)
    if not source.is_file():
        raise EventFileError("backup_missing", path=str(source))
    if not check_file(source):
        raise EventFileError("backup_corrupt", path=str(source))
    lock = _FileLock(event_path)
    lock.acquire()
    tmp = event_path.with_name(f".tmp-restore-{os.getpid()}{EVENT_SUFFIX}")
    try:
        try:
            src = _ro_connect(source)
            try:
                dest = DBAPI.connect(str(tmp))
                try:
                    src.backup(dest)
                    # The app switches the file to WAL again when it opens it.
                    dest.execute("PRAGMA journal_mode=DELETE")
                    ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                finally:
                    dest.close()
            finally:
                src.close()
            if not ok:
                raise EventFileError("backup_corrupt", path=str(source))
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
        except (OSError, DBAPI.Error) as exc:
            raise EventFileError("event_not_writable", path=str(event_path),
                                 reason=getattr(exc, "strerror", None) or str(exc)) from exc
        moved = move_aside(event_path, aside_label, now)
        try:
            os.replace(tmp, event_path)
        except OSError as exc:
            raise EventFileError("event_not_writable", path=str(event_path),
                                 reason=exc.strerror or type(exc).__name__) from exc
        fsync_dir(event_path.parent)
    finally:
        tmp.unlink(missing_ok=True)
        lock.release()
    if not check_file(event_path):
        raise EventFileError("event_corrupt", path=str(event_path))
    log.info("restored %s from %s (previous file: %s)", event_path, source, moved)
    return RestoreResult(event_path, moved, source)


# -- for the privacy purge ------------------------------------------------------------

def backup_paths(event_path: str | os.PathLike[str], *,
                 folders: tuple[str | os.PathLike[str] | None, ...] = (None,)) -> list[Path]:
    """Every file this module (and the schema upgrade) made that holds a copy of the event.

    That is: the backups in each of ``folders`` (None = beside the event) with leftover
    temporary files, files moved aside by a restore or as damaged (with their -wal and
    -shm), and the copies written before a schema upgrade. The purge deletes these.
    """
    event_path = Path(event_path)
    stem = event_stem(event_path)
    found: set[Path] = set()
    for folder in folders:
        directory = backup_folder(event_path, folder)
        found.update(p for p, _m, _r in _candidates(event_path, folder))
        if directory.is_dir():
            found.update(p for p in directory.glob(".tmp-*") if p.is_file())
    aside = re.compile(re.escape(stem) + r"\.(?:" + "|".join(_ASIDE_LABELS) + r")-[0-9-]+"
                       + re.escape(EVENT_SUFFIX) + r"(?:-wal|-shm)?$")
    schema = re.compile(re.escape(event_path.name) + r"\.schema\d+\.bak$")
    try:
        siblings = list(event_path.parent.iterdir())
    except OSError:
        siblings = []
    for path in siblings:
        if path.is_file() and (aside.match(path.name) or schema.match(path.name)):
            found.add(path)
    return sorted(found)


def backup_folders(event_path: str | os.PathLike[str], *,
                   folders: tuple[str | os.PathLike[str] | None, ...] = (None,)) -> list[Path]:
    """The backup folders of ``event_path`` that exist (the purge removes them when empty)."""
    return [d for d in (backup_folder(event_path, f) for f in folders) if d.is_dir()]
