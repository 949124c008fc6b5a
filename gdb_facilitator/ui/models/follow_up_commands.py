"""Undo commands of the 100-day check-in; each calls the follow-up service both ways.

Recording a report is undone by deleting it; redo then restores the very same report
(same id and entry time) rather than recording a new one, so commands further up the
stack that edit that report still find it. Editing the latest report uses the general
:class:`~gdb_facilitator.ui.models.results_commands.EditFieldsCommand` with
:func:`follow_up.edit_update`, which merges a burst of typing into one step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from gdb_facilitator.core.services import follow_up as svc
from gdb_facilitator.core.services.follow_up import UpdateDTO, UpdateResult
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand
from gdb_facilitator.ui.models.results_commands import EditFieldsCommand


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpCommands", text)


class RecordReportCommand(ServiceCommand):
    changes = Changes.FOLLOW_UP

    def __init__(self, controller: EventController, idea_id: int, title: str, values: dict[str, Any]) -> None:
        super().__init__(controller, QCoreApplication.translate(
            "FollowUpCommands", "Record report on “{title}”").format(title=title or _tr("untitled idea")))
        self.idea_id = idea_id
        self.values = dict(values)
        self.update: UpdateDTO | None = None
        self.result: UpdateResult | None = None

    def do(self) -> None:
        if self.update is None:
            self.result = self.call(svc.record_update, self.idea_id, **self.values)
        else:
            self.result = self.call(svc.restore_update, self.update)
        self.update = self.result.update

    def revert(self) -> None:
        assert self.update is not None
        # The report as it is now (perhaps edited since), so redo brings back those edits.
        current = self.controller.read(svc.get_idea, self.idea_id)
        self.update = next((u for u in current.updates if u.id == self.update.id), self.update)
        self.call(svc.delete_update, self.update.id)


class DeleteReportCommand(ServiceCommand):
    changes = Changes.FOLLOW_UP

    def __init__(self, controller: EventController, update: UpdateDTO, title: str) -> None:
        super().__init__(controller, QCoreApplication.translate(
            "FollowUpCommands", "Delete report on “{title}”").format(title=title or _tr("untitled idea")))
        self.update_id = update.id
        self.snapshot: UpdateDTO | None = None

    def do(self) -> None:
        self.snapshot = self.call(svc.delete_update, self.update_id).previous

    def revert(self) -> None:
        assert self.snapshot is not None
        self.call(svc.restore_update, self.snapshot)


def edit_report_command(controller: EventController, update: UpdateDTO, title: str, field: str,
                        new: Any, *, typing: bool, final: bool, expected_version: int | None = None
                        ) -> EditFieldsCommand:
    """One edit of a report's field; typed text merges with the next keystrokes' edits.
    ``expected_version``: the version of "what happened" the typed text rests on (a phone
    may have changed it meanwhile, core/services/texts.py)."""
    text = QCoreApplication.translate("FollowUpCommands", "Edit report on “{title}”").format(
        title=title or _tr("untitled idea"))
    return EditFieldsCommand(controller, text, Changes.FOLLOW_UP, svc.edit_update, (update.id,),
                             ("report", update.id, field), {field: getattr(update, field)}, {field: new},
                             typing=typing, final=final,
                             expected={field: expected_version} if field == "what_happened" else None)
