"""Hosting an event for the team: a PostgreSQL server of its own on this laptop.

The first time, :func:`start_hosting` creates a server beside the event file (its data
folder, a free port, a generated superuser and team role, each with its own password),
creates the event's database and publishes the file into it. From then on the server is
where the team works; the file is brought up to date from it when hosting stops, so it
stays the way the event is carried home. Restarting the host after a crash starts the same
server on its own data (PostgreSQL's log keeps every committed change) and never publishes
the older file over it.

The settings (port, passwords) live in ``EVENT.gdbevent.server.json`` beside the event,
readable only by the user, so that the join text stays the same across restarts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gdb_facilitator.core.db.pgserver import (
    LocalServer,
    ServerSettings,
    database_url,
    free_port,
    new_password,
)
from gdb_facilitator.core.errors import EventFileError

if TYPE_CHECKING:
    from gdb_facilitator.core.db.engine import EventFile

log = logging.getLogger(__name__)

DATABASE = "gdb_event"
JOIN_PREFIX = "GD:B Team"
_URL_IN_TEXT = re.compile(r"postgres(?:ql)?://\S+", re.IGNORECASE)


def settings_path(event_path: Path) -> Path:
    return event_path.with_name(event_path.name + ".server.json")


def _default_data_dir(event_path: Path) -> Path:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # As root the server runs as "postgres", which cannot enter the user's folders.
        key = hashlib.sha256(str(event_path.resolve()).encode()).hexdigest()[:16]
        base = Path("/var/tmp/gdb-facilitator-servers")
        base.mkdir(mode=0o755, parents=True, exist_ok=True)
        os.chmod(base, 0o755)
        return base / key
    return event_path.with_name(event_path.name + ".server")


@dataclass
class HostSettings:
    data_dir: str
    port: int
    superuser_password: str
    team_role: str
    team_password: str
    published: bool = False

    @classmethod
    def load_or_new(cls, event_path: Path) -> "HostSettings":
        path = settings_path(event_path)
        if path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})
            except (OSError, ValueError, TypeError, KeyError) as exc:
                raise EventFileError("host_settings_unreadable", path=str(path), reason=str(exc)) from exc
        return cls(data_dir=str(_default_data_dir(event_path)), port=free_port(),
                   superuser_password=new_password(), team_role="team_" + secrets.token_hex(3),
                   team_password=new_password())

    def save(self, event_path: Path) -> None:
        path = settings_path(event_path)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.__dict__, fh, indent=2)


@dataclass
class HostedEvent:
    """A running team server for one event file."""

    event_path: Path
    server: LocalServer
    settings: HostSettings
    address: str
    file: "EventFile"

    @property
    def local_url(self) -> str:
        """How this laptop itself reaches the event."""
        return database_url(self.settings.team_role, self.settings.team_password, "127.0.0.1",
                            self.settings.port, DATABASE)

    @property
    def join_url(self) -> str:
        """How the other laptops reach the event (the address the user picked)."""
        host = self.address if self.address not in ("", "0.0.0.0", "::") else "127.0.0.1"
        return database_url(self.settings.team_role, self.settings.team_password, host,
                            self.settings.port, DATABASE)

    def join_text(self, title: str) -> str:
        return f"{JOIN_PREFIX} · {title}\n{self.join_url}"

    def stop(self, *, write_back: bool = True) -> Path | None:
        """Stop the server; with ``write_back`` bring the event file up to date first."""
        written = None
        try:
            if write_back:
                written = write_back_to_file(self)
        finally:
            try:
                self.server.stop()
            finally:
                self.file.close()
        return written


def url_from_join_text(text: str) -> str:
    """The server address in a join text (or the address itself); raises when there is none."""
    match = _URL_IN_TEXT.search(text.strip())
    if not match:
        raise EventFileError("join_text_invalid")
    return match.group(0).rstrip(".,;)")


def start_hosting(event_path: str | os.PathLike[str], *, listen: str = "127.0.0.1",
                  port: int | None = None) -> HostedEvent:
    """Start (creating the first time) the team server of ``event_path`` on ``listen``.

    The event file stays open and locked while hosting: nobody opens the stale file by
    mistake, and stopping writes the server's event back into it.
    """
    import psycopg
    from psycopg import sql

    from gdb_facilitator.core.db.engine import EventFile
    from gdb_facilitator.core.db.transfer import file_to_database

    event_path = Path(event_path)
    ef = EventFile.open(event_path)
    try:
        settings = HostSettings.load_or_new(event_path)
        if port:
            settings.port = port
        listen_on = "127.0.0.1" if listen in ("", "127.0.0.1", "localhost") else f"127.0.0.1,{listen}"
        server = LocalServer(ServerSettings(data_dir=Path(settings.data_dir), port=settings.port,
                                            listen=listen_on, superuser_password=settings.superuser_password))
        if not server.is_initialised():
            settings.published = False
            server.init()
        settings.save(event_path)
        server.start()
    except BaseException:
        ef.close()
        raise
    hosted = HostedEvent(event_path, server, settings, listen or "127.0.0.1", ef)
    try:
        if not settings.published:
            with psycopg.connect(server.admin_url(), autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                      (settings.team_role,)).fetchone()
                if not exists:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                        sql.Identifier(settings.team_role), sql.Literal(settings.team_password)))
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone():
                    conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(DATABASE), sql.Identifier(settings.team_role)))
            file_to_database(ef, hosted.local_url, replace=True)
            settings.published = True
            settings.save(event_path)
    except BaseException:
        server.stop()
        ef.close()
        raise
    log.info("hosting %s on %s:%d", event_path, listen_on, settings.port)
    return hosted


def write_back_to_file(hosted: HostedEvent) -> Path:
    """Bring the event file up to date from the server (a backup of the old file first)."""
    from gdb_facilitator.core.backups import make_backup
    from gdb_facilitator.core.db.team import TeamDatabase
    from gdb_facilitator.core.db.transfer import database_into_open_file

    make_backup(hosted.file, "before-team-write-back")
    with TeamDatabase.open(hosted.local_url, readonly=True) as db:
        database_into_open_file(db, hosted.file)
    return hosted.event_path
