"""An event on a PostgreSQL server: several laptops of the team on one event.

:class:`TeamDatabase` offers what :class:`~gdb_facilitator.core.db.engine.EventFile`
offers (``session()``, ``clock``, ``readonly``, ``close()``), so every service runs on it
unchanged. One database holds one event. What only makes sense for a file (the instance
lock, WAL, backups, ``VACUUM INTO``) stays with the file; the server keeps its own log.

Every committed write sends a ``NOTIFY`` on :data:`CHANGES_CHANNEL` naming the tables it
touched and the laptop that made it, so the other laptops refresh within a moment.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import String, create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker

from gdb_facilitator.core.clock import SYSTEM_CLOCK, Clock
from gdb_facilitator.core.db import migrations
from gdb_facilitator.core.db.models import DEFAULT_SECTORS, Event, Sector
from gdb_facilitator.core.errors import EventFileError

log = logging.getLogger(__name__)

CHANGES_CHANNEL = "gdb_changes"
APPLICATION_PREFIX = "gdb-facilitator"
# The first half of every advisory lock key of ours ("GDBF"), so that we never collide with
# another application's locks on a shared server.
LOCK_CLASS = 0x47444246
URL_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


@compiles(String, "postgresql")
def _unbounded_varchar(element: String, compiler: Any, **kw: Any) -> str:
    # SQLite never enforces VARCHAR lengths; the same event must hold the same texts on the
    # server, so the lengths in the models are documentation there, not limits.
    return "VARCHAR"


def is_database_url(location: str | os.PathLike[str]) -> bool:
    return isinstance(location, str) and location.strip().lower().startswith(URL_SCHEMES)


def redact(url: str) -> str:
    """``url`` without its password, for messages, logs and the status bar."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _sqlalchemy_url(url: str) -> Any:
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise EventFileError("server_url_invalid", location=redact(url)) from exc
    if not parsed.database:
        raise EventFileError("server_url_invalid", location=redact(url))
    return parsed.set(drivername="postgresql+psycopg")


def _reason(exc: BaseException) -> str:
    """The first line of what the driver said, for a message."""
    message = str(getattr(exc, "orig", exc)).strip()
    return message.splitlines()[0] if message else ""


def _raise_connect_error(url: str, exc: BaseException) -> None:
    message = str(getattr(exc, "orig", exc))
    lowered = message.lower()
    location = redact(url)
    if "password authentication failed" in lowered or "no password supplied" in lowered \
            or "role" in lowered and "does not exist" in lowered:
        raise EventFileError("server_login_failed", location=location) from exc
    if "database" in lowered and "does not exist" in lowered:
        raise EventFileError("server_no_database", location=location) from exc
    if "permission denied" in lowered:
        raise EventFileError("server_no_permission", location=location, reason=message.strip()) from exc
    raise EventFileError("server_unreachable", location=location, reason=_reason(exc)) from exc


def make_engine(url: str, *, device: str = "", pool_size: int = 4) -> Engine:
    connect_args = {"connect_timeout": 5, "application_name": f"{APPLICATION_PREFIX} {device}".strip()[:63]}
    return create_engine(_sqlalchemy_url(url), pool_size=pool_size, max_overflow=4, pool_pre_ping=True,
                         pool_recycle=1800, connect_args=connect_args)


class TeamDatabase:
    """An open event on a PostgreSQL server."""

    is_file = False
    path: Path | None = None

    def __init__(self, url: str, engine: Engine, clock: Clock, *, readonly: bool = False,
                 device: str = "") -> None:
        self.url = url
        self.location = redact(url)
        self.source = url
        self.engine = engine
        self.clock = clock
        self.readonly = readonly
        self.device = device
        # Marks this connection's own announcements, so that its own window does not refresh twice.
        self.origin = secrets.token_hex(6)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

        @event.listens_for(self._sessions, "before_commit")
        def _announce(session: Session) -> None:
            touched = session.info.pop("touched_tables", set())
            if touched:
                from gdb_facilitator.core.db.models import ChangeLog

                touched.discard(ChangeLog.__tablename__)
                session.add(ChangeLog(at=self.clock.now_utc(), device=self.device,
                                      tables=",".join(sorted(touched))[:500]))
                session.flush()
                payload = json.dumps({"tables": sorted(touched), "device": self.device,
                                      "origin": self.origin})
                session.execute(text("SELECT pg_notify(:channel, :payload)"),
                                {"channel": CHANGES_CHANNEL, "payload": payload[:7900]})

        @event.listens_for(self._sessions, "after_flush")
        def _collect(session: Session, _context: Any) -> None:
            touched: set[str] = session.info.setdefault("touched_tables", set())
            for obj in list(session.new) + list(session.dirty) + list(session.deleted):
                table = getattr(obj, "__tablename__", None)
                if table:
                    touched.add(table)

        @event.listens_for(self._sessions, "do_orm_execute")
        def _collect_bulk(state: Any) -> None:
            if state.is_insert or state.is_update or state.is_delete:
                table = getattr(state.statement, "table", None)
                if table is not None:
                    state.session.info.setdefault("touched_tables", set()).add(table.name)

    # -- lifecycle -----------------------------------------------------------------
    @classmethod
    def connect(cls, url: str, *, readonly: bool = False, clock: Clock = SYSTEM_CLOCK,
                device: str = "", require_event: bool = True) -> "TeamDatabase":
        engine = make_engine(url, device=device)
        try:
            with engine.connect() as conn:
                if require_event:
                    migrations.check_and_upgrade_database(conn, redact(url), readonly=readonly)
                conn.commit()
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            _raise_connect_error(url, exc)
            raise  # unreachable
        except BaseException:
            engine.dispose()
            raise
        log.info("opened team event %s (readonly=%s)", redact(url), readonly)
        return cls(url, engine, clock, readonly=readonly, device=device)

    @classmethod
    def open(cls, url: str, *, readonly: bool = False, clock: Clock = SYSTEM_CLOCK,
             device: str = "") -> "TeamDatabase":
        return cls.connect(url, readonly=readonly, clock=clock, device=device)

    @classmethod
    def create(cls, url: str, *, title: str, event_date: date | None = None,
               clock: Clock = SYSTEM_CLOCK, device: str = "", timezone: str | None = None) -> "TeamDatabase":
        """A new event in the empty database at ``url``, with the default sectors."""
        from gdb_facilitator.core import timezones

        if not title.strip():
            raise EventFileError("title_required", path=redact(url))
        zone_name = timezones.laptop_zone_name() if timezone is None else timezone
        if not timezones.is_valid(zone_name):
            raise EventFileError("timezone_unknown", path=redact(url), timezone=zone_name)
        db = cls.connect(url, clock=clock, device=device, require_event=False)
        try:
            db.require_empty()
            with db.engine.begin() as conn:
                migrations.create_database_schema(conn)
            with db.session() as s:
                s.add(Event(title=title.strip(), event_date=event_date, created_at=clock.now_utc(),
                            timezone=zone_name))
                for position, (name, colour) in enumerate(DEFAULT_SECTORS):
                    s.add(Sector(name=name, colour=colour, position=position))
        except BaseException:
            db.close()
            raise
        return db

    def require_empty(self) -> None:
        with self.engine.connect() as conn:
            names = inspect(conn).get_table_names()
        if names:
            raise EventFileError("server_not_empty", location=self.location, count=len(names))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "TeamDatabase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- work ----------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit at the end of the block, roll back on any error."""
        session = self._sessions()
        try:
            yield session
            if self.readonly:
                session.rollback()
            else:
                session.commit()
        except (OperationalError, DBAPIError) as exc:
            session.rollback()
            if getattr(exc, "connection_invalidated", False) or isinstance(exc, OperationalError):
                raise EventFileError("server_lost", location=self.location, reason=_reason(exc)) from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def copy_to(self, target: str | os.PathLike[str]) -> Path:
        """The whole event as one event file at ``target`` (``export --format sqlite``)."""
        from gdb_facilitator.core.db.transfer import database_to_file

        return database_to_file(self, Path(target))

    # -- one laptop at a time ------------------------------------------------------------
    def try_exclusive(self, key: int, announce: str) -> "HeldLock | None":
        """Take the server-wide lock ``key`` (a PostgreSQL advisory lock) if nobody holds it.

        The lock belongs to a connection of its own and ends with it, so a laptop that
        crashes or loses the network never leaves it behind. Taking and giving it back are
        announced like a change of the (pseudo) table ``announce``.
        """
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:a, :b)"),
                               {"a": LOCK_CLASS, "b": key}).scalar()
        except (OperationalError, DBAPIError) as exc:
            conn.close()
            raise EventFileError("server_lost", location=self.location, reason=_reason(exc)) from exc
        if not got:
            conn.close()
            return None
        held = HeldLock(self, conn, key, announce)
        held.announce()
        return held

    def holder_of(self, key: int) -> str | None:
        """The name of the laptop that holds the lock ``key`` now ("" when it has none), or None."""
        with self.engine.connect() as conn:
            name = conn.execute(text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :a AND l.objid = :b "
                "AND l.objsubid = 2 LIMIT 1"), {"a": LOCK_CLASS, "b": key}).scalar()
        if name is None:
            return None
        return str(name).removeprefix(APPLICATION_PREFIX).strip()

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return migrations.database_schema_version(conn) or 0

    def server_version(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar())


# Tables whose changes no page shows: the log rows every commit and every phone save add.
LOG_TABLES = frozenset({"change_log", "device_writes"})


def watch_changes(url: str, stop: threading.Event, on_notice: Callable[[dict[str, Any]], None],
                  on_connection: Callable[[bool], None], retry_seconds: float = 2.0) -> None:
    """LISTEN for the team's changes at ``url`` until ``stop`` is set (call it in a thread).

    ``on_notice`` gets each announcement (``{"tables": [...], "device": ..., "origin": ...}``;
    ``{}`` when it cannot be read); ``on_connection`` gets True when the server is reached
    and False when it is lost, once per change. A lost server is tried again every
    ``retry_seconds``. Used by the laptops' windows and by the venue server alike.
    """
    import psycopg

    # libpq knows postgresql:// and postgres://, not SQLAlchemy's driver suffix.
    scheme, sep, rest = url.strip().partition("://")
    url = ("postgresql" if scheme.lower().startswith("postgresql+") else scheme) + sep + rest
    connected: bool | None = None
    while not stop.is_set():
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=3, keepalives=1,
                                 keepalives_idle=2, keepalives_interval=1, keepalives_count=2,
                                 tcp_user_timeout=3000) as conn:
                conn.execute(f"LISTEN {CHANGES_CHANNEL}")
                if connected is not True:
                    connected = True
                    on_connection(True)
                while not stop.is_set():
                    for notice in conn.notifies(timeout=1.0):
                        try:
                            data = json.loads(notice.payload)
                        except ValueError:
                            data = {}
                        on_notice(data if isinstance(data, dict) else {})
                    # Notices come without a query; this one notices a dead server.
                    conn.execute("SELECT 1")
        except psycopg.Error as exc:
            if connected is not False:
                log.warning("team server unreachable: %s", exc)
                connected = False
                on_connection(False)
            stop.wait(retry_seconds)


class HeldLock:
    """A server-wide lock held by this laptop; :meth:`release` (or the end of the program) frees it."""

    def __init__(self, db: TeamDatabase, conn: Any, key: int, announce_as: str) -> None:
        self.db = db
        self.conn = conn
        self.key = key
        self.announce_as = announce_as

    def announce(self) -> None:
        payload = json.dumps({"tables": [self.announce_as], "device": self.db.device, "origin": self.db.origin})
        try:
            self.conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANGES_CHANNEL, "p": payload})
        except (OperationalError, DBAPIError):
            log.warning("could not announce %s", self.announce_as)

    def release(self) -> None:
        if self.conn is None:
            return
        conn, self.conn = self.conn, None
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"), {"a": LOCK_CLASS, "b": self.key})
            self.conn = conn
            self.announce()
        except (OperationalError, DBAPIError):
            log.warning("lock %s: the connection is gone, and the lock with it", self.key)
        finally:
            self.conn = None
            conn.close()

    def __enter__(self) -> "HeldLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
