"""Schema versions of the event file, and the steps that upgrade older files.

The 100-day check-in happens months and app updates after the event, so a file made by
any release must open in every later one. ``PRAGMA user_version`` holds the schema
version; each upgrade step brings a file from version ``n - 1`` to ``n`` inside one
transaction, after a backup copy of the file was written beside it.

To change the schema: edit ``models.py``, bump ``SCHEMA_VERSION``, and add the step that
turns a file of the previous version into the new one. Keep the fixture files in
``tests/fixtures/`` (one per released schema) opening.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, text

from gdb_facilitator.core.db.models import Base
from gdb_facilitator.core.errors import EventFileError

log = logging.getLogger(__name__)

# "GDBF": marks a SQLite file as an event file of this app.
APPLICATION_ID = 0x47444246
SCHEMA_VERSION = 7


def _upgrade_team_attribution(conn: Connection) -> None:
    """Schema 2: which laptop checked a person in, and a log of which laptop changed what."""
    from gdb_facilitator.core.db.models import ChangeLog

    conn.exec_driver_sql("ALTER TABLE attendees ADD COLUMN checked_in_by VARCHAR(100) NOT NULL DEFAULT ''")
    ChangeLog.__table__.create(conn)  # type: ignore[attr-defined]


def _upgrade_event_timezone(conn: Connection) -> None:
    """Schema 3: the event's own time zone. An older file gets the zone of the laptop that
    opens it first, which is the zone its times were shown in until now."""
    from gdb_facilitator.core.timezones import laptop_zone_name

    conn.exec_driver_sql("ALTER TABLE event ADD COLUMN timezone VARCHAR(64) NOT NULL DEFAULT ''")
    conn.execute(text("UPDATE event SET timezone = :zone WHERE timezone = ''"), {"zone": laptop_zone_name()})


def _upgrade_text_versions(conn: Connection) -> None:
    """Schema 4: a version per free text (conflicts between phones and laptops), the
    "table done" mark, the log of writes from the venue network, and topic proposals
    with the phones' ranked choices."""
    from gdb_facilitator.core.db.models import DeviceWrite, ProposalVote, TopicProposal

    for table, column in (("table_results", "problem_version"), ("table_results", "results_version"),
                          ("ideas", "version"), ("idea_updates", "version")):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE table_results ADD COLUMN done_at VARCHAR(40)")
    DeviceWrite.__table__.create(conn)  # type: ignore[attr-defined]
    TopicProposal.__table__.create(conn)  # type: ignore[attr-defined]
    ProposalVote.__table__.create(conn)  # type: ignore[attr-defined]


def _upgrade_topic_versions(conn: Connection) -> None:
    """Schema 5: topics carry a text version too (two laptops editing one topic in team mode)."""
    conn.exec_driver_sql("ALTER TABLE topics ADD COLUMN version INTEGER NOT NULL DEFAULT 0")


def _upgrade_scanned_pages(conn: Connection) -> None:
    """Schema 6: scanned pages of the filled-in worksheets, with their images."""
    from gdb_facilitator.core.db.models import ScannedPage

    ScannedPage.__table__.create(conn)  # type: ignore[attr-defined]


def _upgrade_venue_pin(conn: Connection) -> None:
    """Schema 7: the event PIN and the key of the phones' cookies, kept with the event."""
    conn.exec_driver_sql("ALTER TABLE event ADD COLUMN venue_pin VARCHAR(6) NOT NULL DEFAULT ''")
    conn.exec_driver_sql("ALTER TABLE event ADD COLUMN venue_secret VARCHAR(64) NOT NULL DEFAULT ''")


# version n -> the step that upgrades a version n-1 file
UPGRADE_STEPS: dict[int, Callable[[Connection], None]] = {
    2: _upgrade_team_attribution,
    3: _upgrade_event_timezone,
    4: _upgrade_text_versions,
    5: _upgrade_topic_versions,
    6: _upgrade_scanned_pages,
    7: _upgrade_venue_pin,
}


def create_schema(conn: Connection) -> None:
    Base.metadata.create_all(conn)
    conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")


def check_and_upgrade(conn: Connection, path: Path, *, readonly: bool) -> None:
    """Make sure ``conn`` is an event file this release can use, upgrading it if needed."""
    app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
    if app_id != APPLICATION_ID:
        raise EventFileError("not_event_file", path=str(path))
    if conn.exec_driver_sql("PRAGMA quick_check").scalar() != "ok":
        raise EventFileError("event_corrupt", path=str(path))
    version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    if version > SCHEMA_VERSION:
        raise EventFileError("event_too_new", path=str(path), version=version,
                             supported=SCHEMA_VERSION)
    if version == SCHEMA_VERSION:
        return
    if readonly:
        raise EventFileError("event_needs_upgrade", path=str(path))
    _backup_before_upgrade(conn, path, version)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        step = UPGRADE_STEPS[target]
        log.info("upgrading %s from schema %d to %d", path, target - 1, target)
        step(conn)
        conn.exec_driver_sql(f"PRAGMA user_version={target}")
    conn.commit()


def _backup_before_upgrade(conn: Connection, path: Path, version: int) -> None:
    backup = path.with_name(f"{path.name}.schema{version}.bak")
    if backup.exists():
        return
    # VACUUM INTO cannot run inside a transaction.
    conn.commit()
    conn.connection.dbapi_connection.execute("VACUUM INTO ?", (str(backup),))
    backup.chmod(0o600)


# -- the same schema on a PostgreSQL server (team mode) ---------------------------------
# A server database has no PRAGMAs: a one-row table says that it holds an event of this
# app and at which schema version. The upgrade steps above run there unchanged.
SCHEMA_TABLE = "gdb_schema"
APPLICATION_NAME = "gdb-facilitator"


def create_database_schema(conn: Connection) -> None:
    Base.metadata.create_all(conn)
    conn.exec_driver_sql(
        f"CREATE TABLE {SCHEMA_TABLE} (application VARCHAR NOT NULL, version INTEGER NOT NULL)")
    conn.exec_driver_sql(f"INSERT INTO {SCHEMA_TABLE} (application, version) VALUES (%(app)s, %(version)s)",
                         {"app": APPLICATION_NAME, "version": SCHEMA_VERSION})


def drop_database_schema(conn: Connection) -> None:
    Base.metadata.drop_all(conn)
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {SCHEMA_TABLE}")


def database_schema_version(conn: Connection) -> int | None:
    """The schema version of the event in this database, or None when it holds none."""
    from sqlalchemy import inspect

    if SCHEMA_TABLE not in inspect(conn).get_table_names():
        return None
    row = conn.exec_driver_sql(f"SELECT application, version FROM {SCHEMA_TABLE}").first()
    if row is None or row[0] != APPLICATION_NAME:
        return None
    return int(row[1])


def check_and_upgrade_database(conn: Connection, location: str, *, readonly: bool) -> None:
    """Make sure the server database holds an event this release can use, upgrading it if needed."""
    version = database_schema_version(conn)
    if version is None:
        raise EventFileError("not_event_database", location=location)
    if version > SCHEMA_VERSION:
        raise EventFileError("event_too_new", path=location, version=version, supported=SCHEMA_VERSION)
    if version == SCHEMA_VERSION:
        return
    if readonly:
        raise EventFileError("event_needs_upgrade", path=location)
    # Several laptops may open an old event at once: the first one upgrades, the others wait.
    conn.exec_driver_sql(f"LOCK TABLE {SCHEMA_TABLE} IN EXCLUSIVE MODE")
    version = database_schema_version(conn) or version
    for target in range(version + 1, SCHEMA_VERSION + 1):
        log.info("upgrading %s from schema %d to %d", location, target - 1, target)
        UPGRADE_STEPS[target](conn)
        conn.exec_driver_sql(f"UPDATE {SCHEMA_TABLE} SET version = %(v)s", {"v": target})
    conn.commit()
