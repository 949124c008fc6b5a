"""Moving a whole event between a file and a server database, losing nothing.

``publish`` copies an event file into an empty PostgreSQL database; ``export --format
sqlite`` on a server event writes it back into one file. Both copy every row of every
table in dependency order inside one transaction on the target, so a failure leaves the
target as it was (an empty database, or no file under the target name).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import Connection, Integer, Table, bindparam, select, text, update

from gdb_facilitator.core.db import migrations
from gdb_facilitator.core.db.engine import DBAPI, EventFile, _make_engine, finish_copy
from gdb_facilitator.core.db.models import Base
from gdb_facilitator.core.db.team import TeamDatabase
from gdb_facilitator.core.errors import EventFileError
from gdb_facilitator.core.files import write_atomically

log = logging.getLogger(__name__)

BATCH = 1000


def _self_references(table: Table) -> list[str]:
    """Columns of ``table`` that point to rows of the same table (a proposal merged into another)."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def copy_rows(source: Connection, target: Connection) -> dict[str, int]:
    """Copy every row of the event's tables from ``source`` to ``target``; returns the counts.

    Tables come in dependency order. A row may point to a later row of its own table (a
    proposal merged into one proposed after it), which the target's foreign key refuses
    before that row exists: such columns are written empty first and filled in once every
    row of the table is there."""
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        own = _self_references(table)
        later: list[dict[str, object]] = []
        query = select(table).order_by(*pk) if pk else select(table)
        result = source.execute(query).mappings()
        total = 0
        while True:
            rows = result.fetchmany(BATCH)
            if not rows:
                break
            batch = [dict(row) for row in rows]
            if own:
                for row in batch:
                    if any(row[c] is not None for c in own):
                        later.append({**{f"_{c.name}": row[c.name] for c in pk}, **{c: row[c] for c in own}})
                        row.update({c: None for c in own})
            target.execute(table.insert(), batch)
            total += len(rows)
        if later:
            statement = (update(table).where(*[c == bindparam(f"_{c.name}") for c in pk])
                         .values({c: bindparam(c) for c in own}))
            target.execute(statement, later)
        counts[table.name] = total
    return counts


def _reset_sequences(conn: Connection) -> None:
    """Rows came with their ids; the server's id counters must continue after them."""
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table.name, "c": pk[0].name}).scalar()
        if sequence:
            conn.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, false)'),
                         {"s": sequence})


def file_to_database(source: str | os.PathLike[str] | EventFile, url: str, *, replace: bool = False,
                     device: str = "") -> dict[str, int]:
    """Publish the event file ``source`` (a path or an open file) into the database at ``url``.

    Refuses a database that already holds tables unless ``replace``; then the old event is
    dropped in the same transaction that writes the new one.
    """
    if isinstance(source, EventFile):
        return _publish(source, url, replace=replace, device=device)
    with EventFile.open(source, readonly=True) as ef:
        return _publish(ef, url, replace=replace, device=device)


def _publish(ef: EventFile, url: str, *, replace: bool, device: str) -> dict[str, int]:
    db = TeamDatabase.connect(url, device=device, require_event=False)
    try:
        if not replace:
            db.require_empty()
        with ef.engine.connect() as src, db.engine.begin() as dst:
            if replace:
                migrations.drop_database_schema(dst)
            migrations.create_database_schema(dst)
            counts = copy_rows(src, dst)
            _reset_sequences(dst)
    finally:
        db.close()
    log.info("published %s to %s: %s", ef.location, db.location, counts)
    return counts


def database_into_open_file(db: TeamDatabase, ef: EventFile) -> dict[str, int]:
    """Replace every row of the open event file ``ef`` with the server event's, in one transaction."""
    with db.engine.connect() as src:
        src = src.execution_options(isolation_level="REPEATABLE READ")
        with src.begin(), ef.engine.begin() as dst:
            for table in reversed(Base.metadata.sorted_tables):
                dst.execute(table.delete())
            counts = copy_rows(src, dst)
    log.info("wrote the server event %s back into %s", db.location, ef.location)
    return counts


def database_to_file(db: TeamDatabase, target: Path) -> Path:
    """Write the server event ``db`` as one event file at ``target`` (atomically)."""

    def write(tmp: Path) -> None:
        engine = _make_engine(tmp, readonly=False)
        try:
            with db.engine.connect() as src:
                # One consistent snapshot even while the team goes on working.
                src = src.execution_options(isolation_level="REPEATABLE READ")
                with src.begin(), engine.begin() as dst:
                    migrations.create_schema(dst)
                    copy_rows(src, dst)
        except DBAPI.Error as exc:
            raise EventFileError("export_not_writable", path=str(target), reason=str(exc)) from exc
        finally:
            engine.dispose()
        finish_copy(tmp, target)

    return write_atomically(target, write)
