"""One undo command per user intent on attendees; each calls the attendee service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from gdb_facilitator.core.services import attendees as svc
from gdb_facilitator.core.services.attendees import AttendeeRow, AttendeeSnapshot
from gdb_facilitator.ui.controller import EventController, ServiceCommand


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


class CheckInCommand(ServiceCommand):
    """Check in (arrived=True) or take a check-in back; undo restores the exact earlier state."""

    def __init__(self, controller: EventController, row: AttendeeRow, arrived: bool) -> None:
        text = (QCoreApplication.translate("Undo", "Check in {name}") if arrived else QCoreApplication.translate("Undo", "Undo check-in of {name}")).format(
            name=row.full_name)
        super().__init__(controller, text)
        self.attendee_id = row.id
        self.arrived = arrived
        self.old: tuple[datetime | None, bool] = (row.arrived_at, row.absent)
        self.new: tuple[datetime | None, bool] | None = None
        self.result: AttendeeRow | None = None
        self.already = False  # somebody else (another desk) had checked them in: nothing to undo

    def do(self) -> None:
        if self.new is None:
            if self.arrived:
                self.result, changed = self.call(svc.check_in_once, self.attendee_id)
                if not changed:
                    # Undo must not take back another desk's check-in: no step on the stack.
                    self.already = True
                    self.setObsolete(True)
            else:
                self.result = self.call(svc.set_arrived, self.attendee_id, False)
            self.new = (self.result.arrived_at, self.result.absent)
        else:
            # Redo brings back the same check-in time, not "now".
            self.result = self.call(svc.update_attendee, self.attendee_id,
                                    arrived_at=self.new[0], absent=self.new[1])

    def revert(self) -> None:
        self.call(svc.update_attendee, self.attendee_id, arrived_at=self.old[0], absent=self.old[1])


class AbsentCommand(ServiceCommand):
    def __init__(self, controller: EventController, row: AttendeeRow, absent: bool) -> None:
        text = (QCoreApplication.translate("Undo", "Mark {name} absent") if absent else QCoreApplication.translate("Undo", "Mark {name} expected")).format(
            name=row.full_name)
        super().__init__(controller, text)
        self.attendee_id = row.id
        self.absent = absent
        self.old = (row.arrived_at, row.absent)

    def do(self) -> None:
        self.call(svc.set_absent, self.attendee_id, self.absent)

    def revert(self) -> None:
        self.call(svc.update_attendee, self.attendee_id, arrived_at=self.old[0], absent=self.old[1])


def _old_values(row: AttendeeRow, keys: list[str]) -> dict[str, Any]:
    values = {}
    for key in keys:
        if key == "sector":
            values[key] = row.sector or None
        else:
            values[key] = getattr(row, key)
    return values


class EditAttendeeCommand(ServiceCommand):
    def __init__(self, controller: EventController, row: AttendeeRow, fields: dict[str, Any]) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Edit {name}").format(name=row.full_name))
        self.attendee_id = row.id
        self.new = dict(fields)
        self.old = _old_values(row, list(fields))
        self.result: AttendeeRow | None = None

    def do(self) -> None:
        self.result = self.call(svc.update_attendee, self.attendee_id, **self.new)

    def revert(self) -> None:
        self.call(svc.update_attendee, self.attendee_id, **self.old)


class WalkInCommand(ServiceCommand):
    def __init__(self, controller: EventController, first_name: str, last_name: str,
                 organisation: str, sector: str | None) -> None:
        name = " ".join(p for p in (first_name.strip(), last_name.strip()) if p)
        super().__init__(controller, QCoreApplication.translate("Undo", "Add walk-in {name}").format(name=name))
        self.args = (first_name, last_name, organisation, sector)
        self.snapshot: AttendeeSnapshot | None = None
        self.result: AttendeeRow | None = None

    def do(self) -> None:
        if self.snapshot is None:
            self.result = self.call(svc.add_walk_in, *self.args)
        else:
            self.result = self.call(svc.restore_attendee, self.snapshot)

    def revert(self) -> None:
        assert self.result is not None
        self.snapshot = self.call(svc.delete_attendee, self.result.id)


class DeleteAttendeeCommand(ServiceCommand):
    def __init__(self, controller: EventController, row: AttendeeRow) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Delete {name}").format(name=row.full_name))
        self.attendee_id = row.id
        self.snapshot: AttendeeSnapshot | None = None

    def do(self) -> None:
        self.snapshot = self.call(svc.delete_attendee, self.attendee_id)

    def revert(self) -> None:
        assert self.snapshot is not None
        self.call(svc.restore_attendee, self.snapshot)
