"""Before "Remove personal data": names typed into texts are shown in context, replaced in
one undoable step, and counted in the purge's confirmation and report."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import Attendee, Idea, Role, TableResult
from gdb_facilitator.core.sheets.sample import populate
from gdb_facilitator.ui.dialogs.names_dialog import COL_TEXT, COL_TICK, NamesInTextDialog

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RESULTS = "Frau Qwertzmann übernimmt die Koordination; Anna Brötchenfeld lädt ein. Der Koch kocht."


@pytest.fixture
def event_file_path(tmp_path):
    path = tmp_path / "event.gdbevent"
    with EventFile.create(path, title="Jahreskonferenz", event_date=date(2026, 6, 12), clock=FakeClock()) as ef:
        populate(ef, tables=2, people=6, rounds=1, ideas_per_table=1, result_paragraphs=1)
        with ef.session() as s:
            people = list(s.scalars(select(Attendee).order_by(Attendee.id)))
            people[0].first_name, people[0].last_name, people[0].role = "Ute", "Qwertzmann", Role.HOST
            people[1].first_name, people[1].last_name = "Anna", "Brötchenfeld"
            people[2].first_name, people[2].last_name = "Tom", "Koch"
            s.scalar(select(TableResult).order_by(TableResult.id)).results = RESULTS
            s.scalar(select(Idea).order_by(Idea.id)).next_step = "Termin bei Herrn Koch"
    return path


@pytest.fixture
def page(window):
    window.actions_by_id["go_follow_up"].trigger()
    page = window.pages.currentWidget()
    page.tabs.setCurrentIndex(3)
    return page


def safely(callback, errors):
    """A failed check inside a modal dialog closes it (instead of hanging the test)."""
    def run(dialog):
        try:
            callback(dialog)
        except Exception as exc:  # noqa: BLE001 - re-raised by the test below
            errors.append(exc)
            dialog.reject()
    return run


def stored_results(window):
    with window.controller.event_file.session() as s:
        return s.scalar(select(TableResult.results).order_by(TableResult.id))


def test_names_replaced_in_one_step_undone_and_counted_by_the_purge(qtbot, page, window, when_modal):
    seen, errors = [], []

    def names_dialog(dialog):
        assert isinstance(dialog, NamesInTextDialog)
        model = dialog.model
        rows = {model.index(r, COL_TEXT).data(): r for r in range(model.rowCount())}
        assert model.rowCount() == 4  # Frau Qwertzmann, Anna Brötchenfeld, Koch (the cook), Herrn Koch
        ticks = [model.index(r, COL_TICK).data(Qt.ItemDataRole.CheckStateRole) for r in range(4)]
        assert ticks.count(Qt.CheckState.Unchecked) == 1, "'Der Koch kocht' starts unticked"
        text = next(t for t in rows if "Qwertzmann" in t)
        assert text.startswith("Frau Qwertzmann übernimmt")  # shown in context
        html = model.index(rows[text], COL_TEXT).data(Qt.ItemDataRole.UserRole)
        assert "<b>Frau Qwertzmann</b>" in html
        assert "1 ticked" not in dialog.count_label.text() and "3 ticked" in dialog.count_label.text()
        dialog.mode_box.setCurrentIndex(1)  # a role instead of initials
        assert model.index(rows[text], 4).data() == "the table host"
        model.setData(model.index(rows[text], 4), "die Gastgeberin")
        anna = next(r for t, r in rows.items() if "Brötchenfeld" in t)
        model.setData(model.index(anna, 4), "A. B.")
        seen.append(dialog.objectName())
        when_modal(safely(cancel_purge, errors))
        qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)

    def cancel_purge(dialog):
        assert dialog.objectName() == "purgeDialog"
        explanation = dialog.findChild(QLabel, "purgeExplanation").text()
        assert "Names in texts: 3 replaced, 1 left as written." in explanation
        seen.append(dialog.objectName())
        dialog.reject()

    when_modal(safely(names_dialog, errors))
    assert page.on_purge() is False
    if errors:
        raise errors[0]
    assert seen == ["namesDialog", "purgeDialog"]
    replaced = "die Gastgeberin übernimmt die Koordination; A. B. lädt ein. Der Koch kocht."
    assert stored_results(window) == replaced
    stack = window.controller.undo_stack
    assert stack.undoText() == "Replace 3 names in texts"

    window.controller.undo()
    assert stored_results(window) == RESULTS
    window.controller.redo()
    assert stored_results(window) == replaced

    def skip_names(dialog):
        assert dialog.model.rowCount() == 1  # only the cook is left
        when_modal(safely(confirm_purge, errors))
        qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)

    def confirm_purge(dialog):
        qtbot.keyClicks(dialog.word_edit, "delete")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    messages = []
    page.statusMessage.connect(messages.append)
    when_modal(safely(skip_names, errors))
    result = page.on_purge()
    if errors:
        raise errors[0]
    assert result is True
    assert messages[-1] == "Personal data removed. Names in texts: 3 replaced, 1 left as written."
    assert stored_results(window) == replaced
    assert not window.controller.undo_stack.canUndo(), "no undo brings names back after the purge"


def test_cancel_in_the_names_list_changes_nothing(qtbot, page, window, when_modal):
    when_modal(lambda dialog: dialog.reject())
    assert page.on_purge() is False
    assert stored_results(window) == RESULTS
    assert not window.controller.undo_stack.canUndo()
