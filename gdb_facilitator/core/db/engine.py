"""Opening, creating, locking and copying an event file.

One SQLite file per event. Every connection runs in WAL mode with ``synchronous=FULL``
(a committed edit survives a power cut) and enforced foreign keys. A process that
writes holds an OS lock on a sidecar ``.lock`` file, so a second app instance gets a
clear "already open" message; the OS drops the lock when the process dies, so a crash
leaves no stale lock behind. Read-only users (``info``, ``export``) need no lock.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.dialects import sqlite as _sqlite_dialect  # noqa: F401 (every engine here is one; loaded with the rest)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from gdb_facilitator.core.clock import SYSTEM_CLOCK, Clock
from gdb_facilitator.core.db import migrations
from gdb_facilitator.core.db.models import DEFAULT_SECTORS, Event, Sector
from gdb_facilitator.core.errors import EventFileError, EventLockedError
from gdb_facilitator.core.files import write_atomically

log = logging.getLogger(__name__)

EVENT_SUFFIX = ".gdbevent"


def _sqlite_module() -> ModuleType:
    """The newest SQLite at hand.

    pysqlite3 bundles a SQLite without the WAL-reset bug (fixed in 3.51.3); the standard
    library's is used where no wheel exists. We write through one connection per
    process either way, which sidesteps that bug on older SQLite versions too.
    """
    try:
        from pysqlite3 import dbapi2  # type: ignore[import-not-found]
    except ImportError:
        import sqlite3

        return sqlite3
    return dbapi2


DBAPI = _sqlite_module()


class _FileLock:
    """An exclusive, non-blocking OS lock on ``<event>.lock``."""

    def __init__(self, event_path: Path) -> None:
        self.event_path = event_path
        self.path = event_path.with_name(event_path.name + ".lock")
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            # Name the event, not our sidecar: the user knows the one, never saw the other.
            raise EventFileError("event_not_writable", path=str(self.event_path), reason=exc.strerror) from exc
        handle = os.fdopen(fd, "r+b")
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            raise EventLockedError(path=str(self.path.with_name(self.path.name[: -len(".lock")]))) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._handle = handle

    def is_held_elsewhere(self) -> bool:
        probe = _FileLock(self.path.with_name(self.path.name[: -len(".lock")]))
        if not self.path.exists():
            return False
        try:
            probe.acquire()
        except EventLockedError:
            return True
        except EventFileError:
            return False
        probe.release(remove=False)
        return False

    def release(self, remove: bool = True) -> None:
        if self._handle is None:
            return
        try:
            if remove:
                # Unlink while still locked so that no other process can lock a file we
                # are about to delete.
                try:
                    self.path.unlink()
                except OSError:
                    pass
        finally:
            self._handle.close()
            self._handle = None


def _raise_open_error(path: Path, exc: BaseException) -> None:
    message = str(getattr(exc, "orig", exc)).lower()
    if "not a database" in message or "file is encrypted" in message:
        raise EventFileError("not_event_file", path=str(path)) from exc
    if "malformed" in message or "corrupt" in message:
        raise EventFileError("event_corrupt", path=str(path)) from exc
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        raise EventFileError("event_not_writable", path=str(path), reason=message) from exc
    if "locked" in message or "busy" in message:
        raise EventLockedError(path=str(path)) from exc
    raise EventFileError("event_unreadable", path=str(path), reason=message) from exc


def _connect_readonly(path: Path, **kwargs: Any) -> Any:
    """A read-only connection, also to a file on a write-protected stick or folder.

    A WAL-mode file normally needs its -shm file even for reading, which cannot be created
    where nothing may be written. A file that was closed cleanly has no -wal left, so it can
    then be read as immutable; with a -wal present that would skip committed changes, so
    the error stands.
    """
    uri = path.resolve().as_uri().replace("file://", "file:", 1)
    con = DBAPI.connect(uri + "?mode=ro", uri=True, **kwargs)
    try:
        con.execute("PRAGMA schema_version").fetchone()  # SQLite opens the file lazily
        return con
    except DBAPI.OperationalError as exc:
        con.close()
        wal = path.with_name(path.name + "-wal")
        if "unable to open" not in str(exc).lower() or (wal.exists() and wal.stat().st_size > 0):
            raise
    return DBAPI.connect(uri + "?mode=ro&immutable=1", uri=True, **kwargs)


def _make_engine(path: Path, readonly: bool) -> Engine:
    uri = path.resolve().as_uri().replace("file://", "file:", 1) + "?mode=rw"

    def connect() -> Any:
        if readonly:
            con = _connect_readonly(path, check_same_thread=False, timeout=5.0)
        else:
            con = DBAPI.connect(uri, uri=True, check_same_thread=False, timeout=5.0)
        # We issue BEGIN ourselves (below), so that a transaction covers reads and
        # writes alike and a failed import leaves nothing behind.
        con.isolation_level = None
        return con

    engine = create_engine(
        "sqlite+pysqlite://",
        creator=connect,
        module=DBAPI,
        poolclass=QueuePool,
        pool_size=1,
        max_overflow=0,
        pool_timeout=10,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con: Any, _record: Any) -> None:
        cur = dbapi_con.cursor()
        try:
            cur.execute("PRAGMA foreign_keys=ON")
            if not readonly:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=5000")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def finish_copy(tmp: Path, target: Path) -> None:
    """Make the fresh copy ``tmp`` of an event a standalone, checked, private file.

    Rollback journal instead of WAL (one file to carry around), an integrity check, mode 0600.
    """
    try:
        con = DBAPI.connect(str(tmp))
        try:
            con.execute("PRAGMA journal_mode=DELETE")
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
    except DBAPI.Error as exc:
        raise EventFileError("export_not_writable", path=str(target), reason=str(exc)) from exc
    if result != "ok":
        raise EventFileError("copy_corrupt", path=str(target))
    os.chmod(tmp, 0o600)


class EventFile:
    """An open event file: a SQLAlchemy engine plus, when writable, the instance lock.

    Use :meth:`session` for one unit of work: it commits when the block ends and rolls
    back everything if the block raises.
    """

    is_file = True

    def __init__(self, path: Path, engine: Engine, lock: _FileLock | None, clock: Clock) -> None:
        self.path = path
        self.location = str(path)
        # What open_event() takes to open this event again.
        self.source: str | Path = path
        # One laptop, one file: nobody else to tell which laptop made a change.
        self.device = ""
        self.engine = engine
        self._lock = lock
        self.clock = clock
        self.readonly = lock is None
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- lifecycle -----------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        title: str,
        event_date: date | None = None,
        clock: Clock = SYSTEM_CLOCK,
        timezone: str | None = None,
    ) -> "EventFile":
        """Create a new event file (mode 0600) with the default sectors, in the time zone
        ``timezone`` (an IANA name; the laptop's when None)."""
        from gdb_facilitator.core import timezones

        path = Path(path)
        if not title.strip():
            raise EventFileError("title_required", path=str(path))
        zone_name = timezones.laptop_zone_name() if timezone is None else timezone
        if not timezones.is_valid(zone_name):
            raise EventFileError("timezone_unknown", path=str(path), timezone=zone_name)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise EventFileError("event_exists", path=str(path)) from exc
        except OSError as exc:
            raise EventFileError("event_not_writable", path=str(path), reason=exc.strerror) from exc
        os.close(fd)
        lock = _FileLock(path)
        try:
            lock.acquire()
            engine = _make_engine(path, readonly=False)
            with engine.begin() as conn:
                migrations.create_schema(conn)
            ef = cls(path, engine, lock, clock)
            with ef.session() as s:
                now = clock.now_utc()
                s.add(Event(title=title.strip(), event_date=event_date, created_at=now,
                            timezone=zone_name))
                for position, (name, colour) in enumerate(DEFAULT_SECTORS):
                    s.add(Sector(name=name, colour=colour, position=position))
        except BaseException:
            lock.release()
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            raise
        log.info("created event file %s", path)
        return ef

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        clock: Clock = SYSTEM_CLOCK,
    ) -> "EventFile":
        """Open an existing event file, upgrading its schema when it comes from an older release.

        ``readonly`` opens without the instance lock, for reading while the app has the
        file open.
        """
        path = Path(path)
        if not path.exists():
            raise EventFileError("event_missing", path=str(path))
        if path.is_dir():
            raise EventFileError("not_event_file", path=str(path))
        if path.stat().st_size == 0:
            raise EventFileError("not_event_file", path=str(path))
        lock: _FileLock | None = None
        if readonly:
            probe = _FileLock(path)
            needs_upgrade = cls._schema_version(path) < migrations.SCHEMA_VERSION
            if needs_upgrade and not probe.is_held_elsewhere():
                # Upgrade once with a writable open, then read.
                cls.open(path, clock=clock).close()
        else:
            # SQLite quietly opens a write-protected file read-only, and the first check-in
            # would fail; say so now, before the facilitator starts working.
            if not os.access(path, os.W_OK):
                raise EventFileError("event_not_writable", path=str(path), reason=os.strerror(errno.EACCES))
            lock = _FileLock(path)
            lock.acquire()
        try:
            engine = _make_engine(path, readonly=readonly)
            with engine.connect() as conn:
                migrations.check_and_upgrade(conn, path, readonly=readonly)
                conn.commit()
        except (OperationalError, DBAPIError) as exc:
            if lock:
                lock.release()
            _raise_open_error(path, exc)
            raise  # unreachable; keeps type checkers calm
        except BaseException:
            if lock:
                lock.release()
            raise
        log.info("opened event file %s (readonly=%s)", path, readonly)
        return cls(path, engine, lock, clock)

    @staticmethod
    def _schema_version(path: Path) -> int:
        try:
            con = _connect_readonly(path)
            try:
                return int(con.execute("PRAGMA user_version").fetchone()[0])
            finally:
                con.close()
        except DBAPI.Error as exc:
            _raise_open_error(path, exc)
            raise

    @staticmethod
    def heading(path: str | os.PathLike[str]) -> tuple[str, date | None] | None:
        """The event's title and date, read without opening, locking or upgrading the file
        (for a list of recent events); None when the file cannot be read as an event."""
        path = Path(path)
        try:
            if not path.is_file() or path.stat().st_size == 0:
                return None
            con = _connect_readonly(path, timeout=1.0)
        except (OSError, DBAPI.Error):
            return None
        try:
            row = con.execute("SELECT title, event_date FROM event ORDER BY id LIMIT 1").fetchone()
        except DBAPI.Error:
            return None
        finally:
            con.close()
        if row is None:
            return None
        title, when = row
        try:
            day = date.fromisoformat(str(when)[:10]) if when else None
        except ValueError:
            day = None
        return str(title or ""), day

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "EventFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- work ----------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit at the end of the block, roll back on any error."""
        if self.readonly:
            session = self._sessions()
            try:
                yield session
            finally:
                session.rollback()
                session.close()
            return
        session = self._sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            message = str(exc.orig).lower()
            if "disk" in message and "full" in message or "database or disk is full" in message:
                raise EventFileError("disk_full", path=str(self.path)) from exc
            if "readonly" in message or "read-only" in message:
                raise EventFileError("event_not_writable", path=str(self.path), reason=message) from exc
            # A pulled USB stick or a failing disk: the write did not happen, and what was
            # committed before is in the file; the user has to see that, not a traceback.
            if "disk i/o error" in message:
                raise EventFileError("event_not_writable", path=str(self.path), reason=message) from exc
            if "malformed" in message:
                raise EventFileError("event_corrupt", path=str(self.path)) from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def copy_to(self, target: str | os.PathLike[str]) -> Path:
        """Write a consistent, checked copy of the event file to ``target``.

        SQLite's backup API reads a consistent snapshot even while another process (the
        app) writes; the copy goes to a temporary file beside the target, is fsynced and
        integrity-checked, and only then replaces the target, so a crash never leaves a
        half-written file under the target name.
        """
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise EventFileError("export_over_source", path=str(target))

        def write(tmp: Path) -> None:
            raw = self.engine.raw_connection()
            try:
                dest = DBAPI.connect(str(tmp))
                try:
                    raw.driver_connection.backup(dest)
                finally:
                    dest.close()
            except DBAPI.Error as exc:
                # e.g. "database or disk is full" while the copy is written
                raise EventFileError("export_not_writable", path=str(target), reason=str(exc)) from exc
            finally:
                raw.close()
            finish_copy(tmp, target)

        return write_atomically(target, write)

    def schema_version(self) -> int:
        return int(self.pragma("user_version") or 0)

    def pragma(self, name: str) -> Any:
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    def sqlite_version(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text("select sqlite_version()")).scalar())
