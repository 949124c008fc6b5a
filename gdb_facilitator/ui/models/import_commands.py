"""The registration-list import as one undo step.

The first redo writes the preview (``apply_attendees``) and keeps the returned
:class:`ImportRecord`; undo takes exactly that import back (``remove_import``), redo
writes the same preview again. When later work rests on the imported rows (a check-in,
a seat, an idea owner, an edit not on the undo stack any more), undo refuses with a
message naming the people; "Remove last import…" then removes it knowingly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from gdb_facilitator.core.exchange.importers import AttendeePreview
from gdb_facilitator.core.services.import_undo import ImportRecord, RemovedImport, remove_import
from gdb_facilitator.core.services.imports import ImportSummary, apply_attendees
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand


def removal_text(removed: RemovedImport) -> str:
    """What a removed import took with it, for the feedback line."""
    text = QCoreApplication.translate(
        "Undo", "Import of {file} taken back: {removed} people removed, {restored} restored to their earlier "
        "data.").format(file=Path(removed.path).name, removed=removed.removed, restored=removed.restored)
    extra = [QCoreApplication.translate("Undo", "{n} organisations").format(n=removed.organisations)
             if removed.organisations else "",
             QCoreApplication.translate("Undo", "{n} topics").format(n=removed.topics) if removed.topics else "",
             QCoreApplication.translate("Undo", "{n} tables").format(n=removed.tables) if removed.tables else ""]
    extra = [e for e in extra if e]
    if extra:
        text += " " + QCoreApplication.translate("Undo", "Also removed, as nothing else uses them: {list}.").format(
            list=", ".join(extra))
    return text


class ImportAttendeesCommand(ServiceCommand):
    changes = Changes.ATTENDEES | Changes.TABLES | Changes.SECTORS | Changes.TOPICS | Changes.SEATS

    def __init__(self, controller: EventController, preview: AttendeePreview, *, accept_good_rows: bool,
                 on_removed: Callable[[RemovedImport], None] | None = None) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Import {file}").format(
            file=Path(preview.path).name))
        self.preview = preview
        self.accept_good_rows = accept_good_rows
        self.on_removed = on_removed
        self.summary: ImportSummary | None = None
        self.record: ImportRecord | None = None

    def do(self) -> None:
        self.summary = self.call(apply_attendees, self.preview, accept_good_rows=self.accept_good_rows)
        self.record = self.summary.record

    def revert(self) -> None:
        if self.record is None:
            return
        removed = self.call(remove_import, self.record)
        self.record = None
        if self.on_removed is not None:
            self.on_removed(removed)
