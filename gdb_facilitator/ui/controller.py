"""The open event and every write to it.

:class:`EventController` owns the one open :class:`EventFile` and the undo stack. Pages
call :meth:`EventController.write` with a service function; the controller runs it (one
committed transaction), then emits :attr:`changed` once with what kind of data changed,
and each page decides what to refresh. Pages never hold ORM objects or sessions.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gdb_facilitator.core.clock import SYSTEM_CLOCK, Clock
from gdb_facilitator.core.db.engine import EVENT_SUFFIX, EventFile
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.ui.errors import message_for

log = logging.getLogger(__name__)

T = TypeVar("T")


class Changes(enum.IntFlag):
    NONE = 0
    EVENT = enum.auto()
    ATTENDEES = enum.auto()
    SECTORS = enum.auto()
    TABLES = enum.auto()
    ROUNDS = enum.auto()
    SEATS = enum.auto()
    TOPICS = enum.auto()
    RESULTS = enum.auto()
    AGENDA = enum.auto()
    TIMER = enum.auto()
    FOLLOW_UP = enum.auto()
    ALL = EVENT | ATTENDEES | SECTORS | TABLES | ROUNDS | SEATS | TOPICS | RESULTS | AGENDA | TIMER | FOLLOW_UP
    # Set with the others when another laptop of the team made the change (team mode).
    REMOTE = enum.auto()


class EventController(QObject):
    eventOpened = Signal(str)  # path, or a server address without its password
    eventClosed = Signal()
    changed = Signal(int)  # Changes flags
    errorOccurred = Signal(str)  # a translated message for the user
    aboutToClose = Signal()  # the event is still open: last chance for a backup
    backupMade = Signal(str)  # path of a backup written by backup_before()

    def __init__(self, clock: Clock = SYSTEM_CLOCK, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._ef: EventFile | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        # Text fields that commit after a short pause register here, so that undo, redo
        # and closing the event first commit what was typed a moment ago.
        self._pending: list[Callable[[], None]] = []
        # Where backups go: None = beside the event; the backup scheduler sets the user's choice.
        self.backup_folder: str | None = None
        # This laptop's name in team mode ("Desk 2"): recorded with every change it makes.
        self.device_name = ""
        # First connection, so views that redraw on EVENT already see a changed time zone.
        self.changed.connect(self._on_changed)

    # -- the open event ------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._ef is not None

    @property
    def event_file(self) -> EventFile:
        if self._ef is None:
            raise RuntimeError("no event open")
        return self._ef

    @property
    def path(self) -> Path | None:
        """The event file; None when no event is open or the event is on a team server."""
        return self._ef.path if self._ef else None

    @property
    def is_team(self) -> bool:
        return self._ef is not None and not self._ef.is_file

    @property
    def location(self) -> str:
        """What to show for the open event: its file, or the server address without password."""
        return self._ef.location if self._ef else ""

    def open_event(self, path: str | Path) -> None:
        """Open an event file or a team server's ``postgresql://`` address instead of the
        current event; raises DomainError (e.g. EventLockedError, server_unreachable)."""
        from gdb_facilitator.core.db.store import is_database_url, open_event

        if is_database_url(str(path)):
            if self._ef is not None and getattr(self._ef, "source", None) == str(path):
                return
            self._replace(open_event(str(path), clock=self.clock, device=self.device_name))
            return
        path = Path(path)
        if self._ef is not None and self._ef.path is not None and self._ef.path.resolve() == path.resolve():
            return
        ef = EventFile.open(path, clock=self.clock)
        self._replace(ef)

    def create_event(self, path: str | Path, title: str, event_date: date | None = None,
                     tables: int = 0, timezone: str | None = None) -> None:
        from gdb_facilitator.core.services.event import create_event

        ef = create_event(Path(path), title=title, event_date=event_date, tables=tables, clock=self.clock,
                          timezone=timezone)
        self._replace(ef)

    def open_demo(self) -> Path:
        """Write a fresh copy of the demo event and open it; returns its path."""
        from gdb_facilitator.core.demo import write_demo_event

        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppLocalDataLocation) or Path.home()) / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"demo-{stamp}{EVENT_SUFFIX}"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"demo-{stamp}-{n}{EVENT_SUFFIX}"
        result = write_demo_event(path)
        if isinstance(result, EventFile):
            result.close()
        self.open_event(path)
        return path

    def _replace(self, ef: EventFile) -> None:
        self.close_event()
        self._ef = ef
        self._refresh_zone()
        log.info("event open: %s", ef.location)
        self.eventOpened.emit(ef.location)
        self.changed.emit(int(Changes.ALL))

    def _refresh_zone(self) -> None:
        from gdb_facilitator.core.services.event import event_timezone
        from gdb_facilitator.ui import event_time

        event_time.set_zone(event_timezone(self._ef) if self._ef is not None else None)

    def _on_changed(self, flags: int) -> None:
        if flags & Changes.EVENT and self._ef is not None:
            self._refresh_zone()

    def close_event(self) -> None:
        if self._ef is None:
            return
        self.commit_pending()
        self.aboutToClose.emit()
        # Undo commands refer to ids in this file only.
        self.undo_stack.clear()
        ef, self._ef = self._ef, None
        try:
            ef.close()
        finally:
            log.info("event closed: %s", ef.location)
            self.eventClosed.emit()

    def backup_before(self, reason: str) -> Path | None:
        """Back up the open event before something that rewrites much of it ("import",
        "seating", "purge"); returns the backup, or None when none could be written.

        A failed backup is reported but does not block the operation: the facilitator
        decides, and the rolling backups are still there.
        """
        if self._ef is None or not self._ef.is_file:
            # A team server keeps its own log; backups are of files.
            return None
        from gdb_facilitator.core.backups import make_backup

        try:
            info = make_backup(self._ef, f"before-{reason}", folder=self.backup_folder)
        except DomainError as exc:
            log.warning("no backup before %s: %s", reason, exc)
            self.report(exc)
            return None
        except OSError:
            log.exception("no backup before %s", reason)
            return None
        self.backupMade.emit(str(info.path))
        return info.path

    # -- running services ----------------------------------------------------------
    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return fn(self.event_file, *args, **kwargs)

    def write(self, changes: Changes, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one service write (committed when it returns) and announce it once.

        DomainErrors propagate to the caller, which knows where to show them (inline in a
        dialog, or :meth:`report`).
        """
        result = fn(self.event_file, *args, **kwargs)
        self.changed.emit(int(changes))
        return result

    def add_pending_commit(self, commit: Callable[[], None]) -> None:
        """Register ``commit``: it writes whatever a widget still holds back (a debounce)."""
        self._pending.append(commit)

    def forget_pending_commits_of(self, owner: object) -> None:
        """Drop the commits ``owner`` registered (a page that is replaced; commit first)."""
        self._pending = [c for c in self._pending if getattr(c, "__self__", None) is not owner]

    def commit_pending(self) -> None:
        for commit in list(self._pending):
            try:
                commit()
            except DomainError as exc:
                self.report(exc)

    def undo(self) -> None:
        self.commit_pending()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.commit_pending()
        self.undo_stack.redo()

    def report(self, error: DomainError) -> None:
        log.info("reported to the user: %s", error)
        self.errorOccurred.emit(message_for(error))

    def push(self, command: "ServiceCommand") -> bool:
        """Do ``command`` once; only if that worked, put it on the undo stack."""
        try:
            command.first_redo()
        except DomainError as exc:
            self.report(exc)
            return False
        if not command.isObsolete():  # obsolete: done, but nothing to take back
            self.undo_stack.push(command)
        return True


class ServiceCommand(QUndoCommand):
    """An undoable user intent whose redo and undo both call services (the DB stays the truth).

    :meth:`first_redo` runs before the command goes on the stack, so a validation error
    never leaves a command behind; QUndoStack's own first ``redo()`` is then skipped.
    """

    changes = Changes.ATTENDEES

    def __init__(self, controller: EventController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self._skip_redo = False

    def first_redo(self) -> None:
        self.do()
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except DomainError as exc:
            # The data moved on under this command (e.g. the person was deleted); drop it.
            self.setObsolete(True)
            self.controller.report(exc)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return self.controller.write(self.changes, fn, *args, **kwargs)

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError
