"""Undo commands for the Tables page; each calls the seating service, so the DB stays the truth."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from gdb_facilitator.core.services import seating as svc
from gdb_facilitator.core.services.seating import PlanResult, SeatNowResult, SeatState
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand


class MoveSeatsCommand(ServiceCommand):
    """Move one or more people to a table (or off all tables) in a round; the seats get locked."""

    changes = Changes.SEATS

    def __init__(self, controller: EventController, attendee_ids: list[int], names: list[str],
                 round_number: int, table: int | None) -> None:
        who = names[0] if len(names) == 1 else QCoreApplication.translate(
            "SeatingUndo", "{count} people").format(count=len(names))
        text = (QCoreApplication.translate("SeatingUndo", "Move {who} to table {table}").format(who=who, table=table)
                if table is not None else QCoreApplication.translate("SeatingUndo", "Take the seat of {who}").format(who=who))
        super().__init__(controller, text)
        self.attendee_ids = list(attendee_ids)
        self.round_number = round_number
        self.table = table
        self.before: tuple[SeatState, ...] = ()

    def do(self) -> None:
        self.before = self.call(svc.move_seats, self.attendee_ids, self.round_number, self.table)

    def revert(self) -> None:
        self.call(svc.restore_seat_states, self.before)


class LockSeatCommand(ServiceCommand):
    changes = Changes.SEATS

    def __init__(self, controller: EventController, attendee_id: int, name: str, round_number: int,
                 locked: bool) -> None:
        text = (QCoreApplication.translate("SeatingUndo", "Lock the seat of {name}") if locked
                else QCoreApplication.translate("SeatingUndo", "Unlock the seat of {name}")).format(name=name)
        super().__init__(controller, text)
        self.attendee_id = attendee_id
        self.round_number = round_number
        self.locked = locked
        self.before = not locked

    def do(self) -> None:
        self.before = self.call(svc.set_locked, self.attendee_id, self.round_number, self.locked)

    def revert(self) -> None:
        self.call(svc.set_locked, self.attendee_id, self.round_number, self.before)


class ApplyPlanCommand(ServiceCommand):
    """A plan that is already written (by the worker's result); undo puts the earlier seats back."""

    changes = Changes.SEATS | Changes.ROUNDS

    def __init__(self, controller: EventController, result: PlanResult) -> None:
        text = (QCoreApplication.translate("SeatingUndo", "Seat latecomers")
                if result.strategy == svc.STRATEGY_LATECOMERS
                else QCoreApplication.translate("SeatingUndo", "Plan seating"))
        super().__init__(controller, text)
        self.result = result

    def do(self) -> None:
        # The first time, the plan was written by apply_plan; redo writes the same seats again.
        self.call(svc.restore_seats, self.result.after)

    def first_redo(self) -> None:
        self.controller.changed.emit(int(self.changes))
        self._skip_redo = True

    def revert(self) -> None:
        self.call(svc.restore_seats, self.result.before)


class StartRoundCommand(ServiceCommand):
    changes = Changes.ROUNDS | Changes.SEATS

    def __init__(self, controller: EventController, round_number: int, started: bool) -> None:
        text = (QCoreApplication.translate("SeatingUndo", "Mark round {number} as started") if started
                else QCoreApplication.translate("SeatingUndo", "Mark round {number} as not started")).format(
                    number=round_number)
        super().__init__(controller, text)
        self.round_number = round_number
        self.started = started
        self.before: datetime | None = None

    def do(self) -> None:
        self.before = self.call(svc.mark_round_started, self.round_number, self.started)

    def revert(self) -> None:
        self.call(svc.restore_round_started, self.round_number, self.before)


class SeatNowCommand(ServiceCommand):
    """Seat one person (a walk-in, a latecomer) into the current plan; nobody else moves.
    Undo takes the seats back; redo puts the same seats back (not a new search)."""

    changes = Changes.SEATS | Changes.ROUNDS

    def __init__(self, controller: EventController, attendee_id: int, name: str) -> None:
        super().__init__(controller, QCoreApplication.translate("SeatingUndo", "Seat {name}").format(name=name))
        self.attendee_id = attendee_id
        self.result: SeatNowResult | None = None

    def do(self) -> None:
        if self.result is None:
            self.result = self.call(svc.seat_now, self.attendee_id)
        elif self.result.plan is not None:
            self.call(svc.restore_seats, self.result.plan.after)

    def revert(self) -> None:
        if self.result is not None and self.result.plan is not None:
            self.call(svc.restore_seats, self.result.plan.before)


class AddAndSeatCommand(ServiceCommand):
    """A walk-in added and seated at the desk: one step, so one undo takes both back.

    Both parts have run already when this goes on the stack (each may refuse on its own:
    a walk-in with no name is not added; a full room leaves the walk-in without a seat).
    Held here rather than in a QUndoStack macro, whose children would lose their Python side.
    """

    changes = Changes.ATTENDEES | Changes.SEATS | Changes.ROUNDS

    def __init__(self, controller: EventController, walk_in: ServiceCommand,
                 seat: SeatNowCommand | None, text: str) -> None:
        super().__init__(controller, text)
        self.walk_in = walk_in
        self.seat = seat
        self._skip_redo = True  # both parts are done

    def do(self) -> None:
        self.walk_in.do()
        if self.seat is not None:
            self.seat.do()

    def revert(self) -> None:
        if self.seat is not None:
            self.seat.revert()
        self.walk_in.revert()
