"""The pages of the event window, one per phase of the day.

``REAL_PAGES`` names the class of every page that exists; a page id missing here is shown
as an honest placeholder that says what the page will do. To add a page, add one line.
"""

from __future__ import annotations

from importlib import import_module

from PySide6.QtWidgets import QWidget

# page id -> "module:Class"; the class takes the EventController as its first argument.
REAL_PAGES: dict[str, str] = {
    "preparation": "gdb_facilitator.ui.pages.preparation_page:PreparationPage",
    "arrival": "gdb_facilitator.ui.pages.attendees_page:AttendeesPage",
    "tables": "gdb_facilitator.ui.pages.tables_page:TablesPage",
    "rounds": "gdb_facilitator.ui.pages.rounds_page:RoundsPage",
    "results": "gdb_facilitator.ui.pages.results_page:ResultsPage",
    "output": "gdb_facilitator.ui.pages.output_page:OutputPage",
    "follow_up": "gdb_facilitator.ui.pages.follow_up_page:FollowUpPage",
}


def create_page(page_id: str, controller: object) -> QWidget | None:
    target = REAL_PAGES.get(page_id)
    if target is None:
        return None
    module_name, _, class_name = target.partition(":")
    page_class = getattr(import_module(module_name), class_name)
    return page_class(controller)
