"""The results page, driven the way a facilitator types in what the teams present."""

import sqlite3
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdb_facilitator.core.services import results as svc
from gdb_facilitator.core.services import tables as table_svc
from gdb_facilitator.core.services import topics as topic_svc


@pytest.fixture
def page(window, qtbot):
    ef = window.controller.event_file
    first = table_svc.list_tables(ef)[0]
    topic = topic_svc.add_topic(ef, "Open data", "How do data reach people?")
    topic_svc.assign_topic(ef, first.id, topic.id)
    window.controller.changed.emit(-1)
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    assert page.objectName() == "resultsPage"
    return page


def result(window, number, round_number=1):
    table = next(t for t in window.controller.read(table_svc.list_tables) if t.number == number)
    return window.controller.read(svc.get_result, table.id, round_number)


def test_list_shows_what_is_missing_and_form_shows_table_topic(page):
    assert page.model.rowCount() == 4
    assert page.count_label.text() == "0 of 4 tables recorded"
    assert page.heading.text() == "Table 1"
    assert page.topic_combo.currentText() == "Open data"
    assert page.problem_edit.toPlainText() == "How do data reach people?"
    assert page.no_ideas_label.isVisibleTo(page)
    assert page.round_combo.currentText() == "Round 1"


def test_typing_is_committed_after_a_pause_and_seen_by_another_connection(page, window, qtbot):
    page.results_edit.setFocus()
    qtbot.keyClicks(page.results_edit, "We map all open data sets")
    typed_at = time.monotonic()
    path = window.controller.event_file.path

    def stored():
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("select results from table_results").fetchone()
        finally:
            con.close()
        return row[0] if row else None

    qtbot.waitUntil(lambda: stored() == "We map all open data sets", timeout=1000)
    assert time.monotonic() - typed_at < 1.0
    assert page.count_label.text() == "1 of 4 tables recorded"
    # one burst of typing is one undo step
    window.actions_by_id["undo"].trigger()
    assert result(window, 1).results == ""
    assert page.results_edit.toPlainText() == ""
    window.actions_by_id["redo"].trigger()
    assert page.results_edit.toPlainText() == "We map all open data sets"


def test_focus_out_commits_at_once_and_switching_table_keeps_the_text(page, window, qtbot):
    page.results_edit.setFocus()
    qtbot.keyClicks(page.results_edit, "Table one")
    # switching tables before the pause commits first
    page.list_view.setCurrentIndex(page.model.index(1))
    assert page.heading.text() == "Table 2"
    assert result(window, 1).results == "Table one"
    assert page.results_edit.toPlainText() == ""
    page.problem_edit.setFocus()
    qtbot.keyClicks(page.problem_edit, "Why")
    page.results_edit.setFocus()  # focus-out of the problem statement
    assert result(window, 2).problem_statement == "Why"
    page.list_view.setCurrentIndex(page.model.index(0))
    assert page.results_edit.toPlainText() == "Table one"
    # a problem statement alone is not a result yet
    assert page.count_label.text() == "1 of 4 tables recorded"


def test_ideas_ctrl_enter_type_tab_undo_delete(page, window, qtbot):
    page.results_edit.setFocus()
    qtbot.keyClick(page.results_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(page.cards) == 1
    card = page.ordered_cards()[0]
    assert QApplication.focusWidget() is card.title_edit
    qtbot.keyClicks(card.title_edit, "Data cafe")
    qtbot.keyClick(card.title_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.description_edit
    qtbot.keyClicks(card.description_edit, "Monthly meetup")
    qtbot.keyClick(card.description_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(card.owner_edit, "Kim")
    qtbot.keyClick(card.owner_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(card.next_step_edit, "Book a room")
    qtbot.keyClick(card.next_step_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(card.support_edit, "A room")
    qtbot.keyClick(card.support_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ideas = result(window, 1).ideas
    assert [i.fields() for i in ideas] == [
        {"title": "Data cafe", "description": "Monthly meetup", "owner": "Kim",
         "next_step": "Book a room", "support_needed": "A room"},
        {"title": "", "description": "", "owner": "", "next_step": "", "support_needed": ""}]
    second = page.ordered_cards()[1]
    assert QApplication.focusWidget() is second.title_edit
    qtbot.keyClicks(second.title_edit, "Open map")
    # Ctrl+Z in the field: commits, then undoes the whole burst
    qtbot.keyClick(second.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert result(window, 1).ideas[1].title == ""
    assert second.title_edit.text() == ""
    qtbot.keyClicks(second.title_edit, "Open map")
    page.flush()
    # move the second idea up, then delete it; undo brings it back in its place
    qtbot.keyClick(second.title_edit, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [i.title for i in result(window, 1).ideas] == ["Open map", "Data cafe"]
    assert page.ordered_cards()[0] is second
    qtbot.mouseClick(second.delete_button, Qt.MouseButton.LeftButton)
    assert [i.title for i in result(window, 1).ideas] == ["Data cafe"]
    window.actions_by_id["undo"].trigger()
    assert [i.title for i in result(window, 1).ideas] == ["Open map", "Data cafe"]
    assert [c.title_edit.text() for c in page.ordered_cards()] == ["Open map", "Data cafe"]
    assert page.model.index(0).data(Qt.ItemDataRole.ToolTipRole) == "Results recorded, 2 ideas"


def test_topic_change_brings_its_statement_and_is_undoable(page, window):
    ef = window.controller.event_file
    topic_svc.add_topic(ef, "Mobility", "How do we get there?")
    window.controller.changed.emit(-1)
    page.topic_combo.setCurrentIndex(page.topic_combo.findText("Mobility"))
    page.topic_combo.activated.emit(page.topic_combo.currentIndex())
    dto = result(window, 1)
    assert (dto.topic_title, dto.problem_statement) == ("Mobility", "How do we get there?")
    assert page.problem_edit.toPlainText() == "How do we get there?"
    assert page.model.index(0).data().endswith("Mobility")
    window.actions_by_id["undo"].trigger()
    assert page.topic_combo.currentText() == "Open data"
    assert page.problem_edit.toPlainText() == "How do data reach people?"


def test_non_ascii_text_via_the_widget(page, window, qtbot):
    page.results_edit.setFocus()
    page.results_edit.insertPlainText("Grüße aus Köln – ½ fertig")
    page.list_view.setFocus()
    assert result(window, 1).results == "Grüße aus Köln – ½ fertig"


def test_no_tables_explains_what_to_do(window, qtbot):
    ef = window.controller.event_file
    table_svc.delete_tables(ef, [t.id for t in table_svc.list_tables(ef)])
    window.controller.changed.emit(-1)
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    assert page.stack.currentIndex() == 1
    assert "Preparation page" in page.empty_label.text()


def test_a_phone_edit_meanwhile_is_never_overwritten_silently(page, window, qtbot):
    ef = window.controller.event_file
    page.results_edit.setFocus()
    qtbot.keyClicks(page.results_edit, "laptop")
    page.flush()
    dto = result(window, 1)
    assert dto.results == "laptop" and dto.results_version == 1
    # A phone saves on top of version 1 while the laptop's form still rests on it...
    svc.set_result_fields(ef, dto.table_id, 1, expected={"results": 1}, results="phone text")
    # ...and the facilitator types on without a refresh in between.
    qtbot.keyClicks(page.results_edit, " more")
    page.flush()
    dialog = page.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.theirs_edit.toPlainText() == "phone text"
    assert dialog.mine_edit.toPlainText() == "laptop more"
    assert result(window, 1).results == "phone text"
    dialog.mine_edit.setPlainText("phone text; laptop more")
    dialog.save_mine_button.click()
    assert result(window, 1).results == "phone text; laptop more"
    assert page.results_edit.toPlainText() == "phone text; laptop more"
    assert page.conflict_dialog is None


def test_closing_a_conflict_keeps_both_texts(page, window, qtbot):
    ef = window.controller.event_file
    page.problem_edit.setFocus()
    page.problem_edit.selectAll()
    qtbot.keyClicks(page.problem_edit, "A")
    page.flush()
    dto = result(window, 1)
    svc.set_result_fields(ef, dto.table_id, 1, problem_statement="B")
    qtbot.keyClicks(page.problem_edit, "C")
    page.flush()
    page.conflict_dialog.reject()
    assert result(window, 1).problem_statement == "B\n\nAC"
