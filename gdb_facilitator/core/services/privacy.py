"""Remove the personal data after the event, for good ("Personendaten löschen").

What goes, and why:

* attendees: first and last name, title, e-mail, comment, organisation, the table they
  were pinned to as hosts, their topic preferences and keep-apart/keep-together pairs;
  the registration id is replaced by a random opaque id (it leads back to the ticket
  shop's order, and generated ids are hashes of name and e-mail);
* organisations: every row (they are the attendees' employers);
* ideas: the owner, and on each check-in report who reported (both are free text the
  facilitators typed, almost always a person's name);
* agenda notes (they name the speakers) and the projector's overlay message;
* the scanned worksheets, when the user chooses so (``delete_scans``): handwriting can
  hold names, but the pages are also the teams' own record, so a person decides.

What stays: each attendee row as an anonymous record with its sector, role, absent and
walk-in flags, and arrival reduced to the day, so the counts by sector in the
documentation still add up; the anonymous seats, so "6 people from 3 sectors sat here"
still holds; topics, tables, rounds, results, ideas with their status history, and the
team codes that the 100-day check-in needs. Text the tables wrote themselves (results,
ideas) stays as written; before the purge, :mod:`names_in_text` finds the attendees' names
in it and replaces those the user confirms (initials or a role), and the report counts the
names replaced and those still found in the texts.

"For good" means no readable copy is left in the event file or beside it: the changes
run with ``PRAGMA secure_delete`` (freed space is zeroed), then the write-ahead log is
checkpointed and truncated, the file is rebuilt with VACUUM (its temporary copy kept in
memory, not in a temp folder) and the log truncated again. The backups of the event
(:func:`gdb_facilitator.core.backups.backup_paths`: rolling backups, copies moved aside by a
restore, the copies made before a schema upgrade) are overwritten and deleted. Exports
and printed sheets made earlier are outside the app's reach; the UI must say so. Nor
can a file system that keeps old blocks (SSD wear levelling, copy-on-write, snapshots)
be wiped from here: that needs full-disk encryption, which the user guide recommends.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, func, select, update

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    Attendee,
    AttendeePair,
    Event,
    Idea,
    IdeaUpdate,
    Organisation,
    TimerState,
    TopicChoice,
)
from gdb_facilitator.core.errors import DomainError, EventFileError
from gdb_facilitator.core.services.scans import delete_all_pages

log = logging.getLogger(__name__)

ANONYMOUS_PREFIX = "anon-"

BackupFolder = str | os.PathLike[str] | None


@dataclass(frozen=True)
class PurgeReport:
    removed_at: datetime
    attendees: int  # rows made anonymous (kept for the counts)
    organisations: int  # rows deleted
    topic_choices: int
    pairs: int
    idea_owners: int  # ideas whose owner was blanked
    reporters: int  # check-in reports whose reporter was blanked
    files_removed: tuple[Path, ...]  # backups and copies beside the event
    file_bytes: int  # size of the event file afterwards
    wal_bytes: int  # size of its -wal afterwards (0: no old page left in it)
    scans_deleted: int = 0  # scanned pages deleted (0 when they were kept)
    names_replaced: int = 0  # names in free texts replaced before the purge (initials, role)
    names_left: int = 0  # names still found in free texts (unticked by the user) at the purge

    @property
    def names_found(self) -> int:
        return self.names_replaced + self.names_left


def _opaque_ids(count: int) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        found.add(ANONYMOUS_PREFIX + secrets.token_hex(6))
    return list(found)


def _day(moment: datetime | None) -> datetime | None:
    # "arrived that day" is what the counts need; the minute could single someone out
    if moment is None:
        return None
    utc = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return utc.replace(hour=0, minute=0, second=0, microsecond=0)


def _shred(path: Path) -> bool:
    """Overwrite ``path`` with zeros, then delete it. Zeroing keeps the content from
    lingering in the freed blocks of an ordinary disk; returns False if it could not go."""
    try:
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as fh:
            chunk = b"\0" * 65536
            left = size
            while left > 0:
                left -= fh.write(chunk[: min(left, len(chunk))])
            os.fsync(fh.fileno())
    except OSError as exc:
        log.warning("could not overwrite %s before deleting it: %s", path.name, exc)
    try:
        path.unlink()
    except FileNotFoundError:
        return True
    except OSError as exc:
        log.error("could not delete %s: %s", path, exc)
        return False
    return True


def _clean_file(ef: EventFile) -> None:
    """Rebuild the file and empty its write-ahead log, outside any transaction."""
    raw = ef.engine.raw_connection()
    try:
        con = raw.driver_connection
        busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            # a reader (an export running from the command line) still needs old pages
            raise EventFileError("purge_incomplete", path=str(ef.path))
        con.execute("PRAGMA temp_store=MEMORY")
        con.execute("VACUUM")
        busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise EventFileError("purge_incomplete", path=str(ef.path))
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise EventFileError("event_corrupt", path=str(ef.path))
    finally:
        raw.close()


def purge_personal_data(ef: EventFile, *, backup_folders: tuple[BackupFolder, ...] = (None,),
                        delete_scans: bool = False, names_replaced: int = 0) -> PurgeReport:
    """Delete the personal data in ``ef`` for good (see the module text); irreversible.

    ``backup_folders``: where this event's backups are kept (None = beside the event; add
    the USB folder when the user chose one); every backup there is deleted, because each
    one holds the personal data. ``names_replaced``: how many names in free texts the caller
    replaced just before (names_in_text.replace_names), for the report. Raises ``purge_incomplete`` when another program reads the
    file at the same moment, so old pages could not be removed yet: the data is gone from
    the database then, and running the purge again finishes the cleaning.
    ``delete_scans`` deletes the scanned worksheets too (their images are then gone from
    the file for good, like everything else the purge deletes).
    """
    if not ef.is_file:
        # A server keeps old row versions and its log beyond our reach: the promise that
        # nothing is left can only be kept for a file.
        raise EventFileError("purge_on_server", location=ef.location)
    if ef.readonly:
        raise EventFileError("event_not_writable", path=str(ef.path), reason="read-only")
    from gdb_facilitator.core.services.names_in_text import find_names

    names_left = len(find_names(ef))  # before the names go: what the user chose to keep
    now = ef.clock.now_utc()
    # secure_delete is a setting of the connection; the event file has exactly one
    # connection per process, which the session below runs on.
    with ef.session() as s:
        s.connection().exec_driver_sql("PRAGMA secure_delete=ON")
        people = list(s.execute(select(Attendee.id, Attendee.arrived_at)))
        ids = _opaque_ids(len(people))
        if people:
            s.execute(update(Attendee), [
                {"id": pid, "registration_id": new_id, "first_name": "", "last_name": "", "title": "",
                 "email": "", "comment": "", "organisation_id": None, "pinned_table_id": None,
                 "arrived_at": _day(arrived), "updated_at": now}
                for (pid, arrived), new_id in zip(people, ids)])
        choices = s.execute(delete(TopicChoice)).rowcount or 0
        pairs = s.execute(delete(AttendeePair)).rowcount or 0
        organisations = s.execute(delete(Organisation)).rowcount or 0
        owners = s.scalar(select(func.count()).select_from(Idea).where(Idea.owner != "")) or 0
        s.execute(update(Idea).values(owner=""))
        reporters = s.scalar(select(func.count()).select_from(IdeaUpdate)
                             .where(IdeaUpdate.reported_by != "")) or 0
        s.execute(update(IdeaUpdate).values(reported_by=""))
        s.execute(update(AgendaItem).values(notes=""))
        s.execute(update(TimerState).values(message=""))
        scans_deleted = delete_all_pages(ef, s) if delete_scans else 0
        s.scalars(select(Event)).one().personal_data_removed_at = now
    _clean_file(ef)

    from gdb_facilitator.core.backups import backup_folders as existing_folders
    from gdb_facilitator.core.backups import backup_paths

    removed: list[Path] = []
    left: list[Path] = []
    for path in backup_paths(ef.path, folders=backup_folders):
        (removed if _shred(path) else left).append(path)
    for folder in existing_folders(ef.path, folders=backup_folders):
        try:
            folder.rmdir()  # only when empty: a chosen folder may hold other things
        except OSError:
            pass
    if left:
        raise DomainError("purge_backups_left", path=str(left[0]), count=len(left))

    wal = Path(str(ef.path) + "-wal")
    report = PurgeReport(
        removed_at=now, attendees=len(people), organisations=organisations, topic_choices=choices,
        pairs=pairs, idea_owners=owners, reporters=reporters, files_removed=tuple(removed),
        file_bytes=ef.path.stat().st_size, wal_bytes=wal.stat().st_size if wal.exists() else 0,
        scans_deleted=scans_deleted, names_replaced=names_replaced, names_left=names_left)
    log.info("personal data removed: %d attendees anonymised, %d organisations, %d backup files",
             report.attendees, report.organisations, len(removed))
    return report


def personal_data_removed_at(ef: EventFile) -> datetime | None:
    """When the personal data was removed, or None (the UI shows it beside the button)."""
    with ef.session() as s:
        return s.scalar(select(Event.personal_data_removed_at))
