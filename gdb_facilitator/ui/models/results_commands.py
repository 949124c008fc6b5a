"""Undo commands for editing: one per user intent, each calling a service both ways.

:class:`EditFieldsCommand` is the general "set these fields of that thing" command.
Typing arrives as many small commits (a 300 ms debounce); commands with the same
``key`` merge into one undo step while the field keeps focus (``QUndoCommand.mergeWith``),
and a burst that ends where it started drops out of the history altogether.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from gdb_facilitator.core.services import results as svc
from gdb_facilitator.core.services.results import IdeaDTO, IdeaSnapshot
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand

_MERGE_ID = 0x6764  # any constant; only EditFieldsCommands share it


class EditFieldsCommand(ServiceCommand):
    """``fn(ef, *args, **new)`` on redo, ``fn(ef, *args, **old)`` on undo.

    ``key`` names what is edited (e.g. ("idea", 7, "title")); with ``typing=True`` later
    edits of the same key merge into this command until one arrives with ``final=True``.
    """

    def __init__(self, controller: EventController, text: str, changes: Changes,
                 fn: Callable[..., Any], args: tuple[Any, ...], key: Hashable,
                 old: dict[str, Any], new: dict[str, Any], typing: bool = False,
                 final: bool = True, expected: dict[str, int | None] | None = None) -> None:
        super().__init__(controller, text)
        self.changes = changes
        self.fn = fn
        self.args = args
        self.key = key
        self.old = dict(old)
        self.new = dict(new)
        self.typing = typing
        self.open = typing and not final
        self.result: Any = None
        # The versions the typed text rests on, checked on the first run only: undo and
        # redo are deliberate and write what they hold (core/services/texts.py).
        self.expected = expected

    def id(self) -> int:
        return _MERGE_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, EditFieldsCommand) or not self.open or other.key != self.key:
            return False
        self.new = dict(other.new)
        self.open = other.open
        if self.new == self.old:
            # Typed and deleted again: nothing to undo.
            self.setObsolete(True)
        return True

    def do(self) -> None:
        expected, self.expected = self.expected, None
        if expected:
            self.result = self.call(self.fn, *self.args, expected=expected, **self.new)
        else:
            self.result = self.call(self.fn, *self.args, **self.new)

    def revert(self) -> None:
        self.call(self.fn, *self.args, **self.old)


class AddIdeaCommand(ServiceCommand):
    changes = Changes.RESULTS

    def __init__(self, controller: EventController, table_id: int, round_number: int,
                 position: int | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Add idea"))
        self.table_id = table_id
        self.round_number = round_number
        self.position = position
        self.fields = dict(fields or {})
        self.idea: IdeaDTO | None = None
        self.snapshot: IdeaSnapshot | None = None

    def do(self) -> None:
        if self.snapshot is None:
            self.idea = self.call(svc.add_idea, self.table_id, self.round_number, self.position, **self.fields)
        else:
            self.idea = self.call(svc.restore_idea, self.snapshot)

    def revert(self) -> None:
        assert self.idea is not None
        self.snapshot = self.call(svc.delete_idea, self.idea.id)


class DeleteIdeaCommand(ServiceCommand):
    changes = Changes.RESULTS

    def __init__(self, controller: EventController, idea: IdeaDTO) -> None:
        label = idea.title or QCoreApplication.translate("EditCommands", "untitled")
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Delete idea “{title}”").format(title=label))
        self.idea_id = idea.id
        self.snapshot: IdeaSnapshot | None = None

    def do(self) -> None:
        self.snapshot = self.call(svc.delete_idea, self.idea_id)

    def revert(self) -> None:
        assert self.snapshot is not None
        self.call(svc.restore_idea, self.snapshot)


class MoveIdeaCommand(ServiceCommand):
    changes = Changes.RESULTS

    def __init__(self, controller: EventController, idea: IdeaDTO, position: int) -> None:
        super().__init__(controller, QCoreApplication.translate("EditCommands", "Move idea"))
        self.idea_id = idea.id
        self.old = idea.position
        self.new = position

    def do(self) -> None:
        self.call(svc.move_idea, self.idea_id, self.new)

    def revert(self) -> None:
        self.call(svc.move_idea, self.idea_id, self.old)
