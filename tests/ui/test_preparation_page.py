"""The preparation page, driven the way an organiser sets up the event."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gdb_facilitator.core.services import event as event_svc
from gdb_facilitator.core.services import sectors as sector_svc
from gdb_facilitator.core.services import tables as table_svc
from gdb_facilitator.core.services import topics as topic_svc


@pytest.fixture
def page(window):
    window.actions_by_id["go_preparation"].trigger()
    page = window.pages.currentWidget()
    assert page.objectName() == "preparationPage"
    return page


def read(window, fn, *args):
    return window.controller.read(fn, *args)


def undo(window):
    window.actions_by_id["undo"].trigger()


def test_event_details_are_saved_as_typed_and_undoable(page, window, qtbot):
    section = page.event_section
    assert section.title_edit.text() == "Jahreskonferenz"
    section.title_edit.setFocus()
    section.title_edit.selectAll()
    qtbot.keyClicks(section.title_edit, "Mitmach-Konferenz 2026")
    qtbot.keyClick(section.title_edit, Qt.Key.Key_Tab)  # leaving the field commits at once
    assert read(window, event_svc.get_event).title == "Mitmach-Konferenz 2026"
    assert window.windowTitle().startswith("Mitmach-Konferenz 2026")
    # an empty title is refused inline and nothing is stored
    section.title_edit.setFocus()
    section.title_edit.clear()
    section.venue_edit.setFocus()
    assert section.error_label.isVisibleTo(section)
    assert "must not be empty" in section.error_label.text()
    assert read(window, event_svc.get_event).title == "Mitmach-Konferenz 2026"
    section.title_edit.setText("Mitmach-Konferenz")
    section.flush()
    assert not section.error_label.isVisibleTo(section)
    undo(window)
    assert read(window, event_svc.get_event).title == "Mitmach-Konferenz 2026"
    assert section.title_edit.text() == "Mitmach-Konferenz 2026"


def test_dates_show_the_follow_up_default_and_refuse_a_date_before_the_event(page, window, qtbot):
    section = page.event_section
    assert "Set the event date" in section.follow_up_hint.text()
    section.date_edit.setDate(QDate(2026, 3, 20))
    section.date_edit.editingFinished.emit()
    details = read(window, event_svc.get_event)
    assert details.event_date == date(2026, 3, 20)
    assert section.follow_up_hint.text() == "Check-in on 28.06.2026 (event date + 100 days)"
    assert section.follow_up_edit.text() == "event date + 100 days"
    section.follow_up_edit.setDate(QDate(2026, 3, 1))
    section.follow_up_edit.editingFinished.emit()
    assert "cannot be before the event date" in section.error_label.text()
    assert read(window, event_svc.get_event).follow_up_date is None
    section.follow_up_edit.setDate(QDate(2026, 7, 2))
    section.follow_up_edit.editingFinished.emit()
    assert read(window, event_svc.get_event).follow_up_date == date(2026, 7, 2)
    qtbot.mouseClick(section.follow_up_reset, Qt.MouseButton.LeftButton)
    assert read(window, event_svc.get_event).follow_up_date is None
    # the URL must be a web address
    section.url_edit.setFocus()
    qtbot.keyClicks(section.url_edit, "berlin.de/100")
    section.names_combo.setFocus()
    assert "web address" in section.error_label.text()
    section.url_edit.setText("https://berlin.de/100")
    section.flush()
    assert read(window, event_svc.get_event).follow_up_url == "https://berlin.de/100"
    section.names_combo.setCurrentIndex(section.names_combo.findData("first"))
    section.names_combo.activated.emit(section.names_combo.currentIndex())
    assert read(window, event_svc.get_event).sheet_names == "first"


def test_tables_add_bulk_edit_inline_and_delete(page, window, qtbot):
    page.tabs.setCurrentWidget(page.tables_section)
    section = page.tables_section
    assert section.summary.text() == "4 tables, 32 seats"
    section.count_spin.setValue(14)
    section.seats_spin.setValue(7)
    qtbot.mouseClick(section.bulk_button, Qt.MouseButton.LeftButton)
    assert [t.number for t in read(window, table_svc.list_tables)] == list(range(1, 19))
    assert section.summary.text() == "18 tables, 130 seats"
    undo(window)
    assert section.summary.text() == "4 tables, 32 seats"
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    # the new table is selected on its name: F2 (or typing) edits it
    assert section.view.currentIndex().column() == section.model.column_of("name")
    qtbot.keyClick(section.view, Qt.Key.Key_F2)
    qtbot.keyClicks(QApplication.focusWidget(), "Window")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # the item delegate commits from the event loop
    qtbot.waitUntil(lambda: read(window, table_svc.list_tables)[-1].name == "Window", timeout=1000)
    fifth = read(window, table_svc.list_tables)[-1]
    assert (fifth.number, fifth.name, fifth.capacity) == (5, "Window", 7)
    # a taken number is refused inline
    index = section.model.index(4, section.model.column_of("number"))
    assert not section.model.setData(index, 2)
    assert "already a table number 2" in section.error_label.text()
    section.view.setCurrentIndex(section.model.index(4, 0))
    qtbot.mouseClick(section.delete_button, Qt.MouseButton.LeftButton)
    assert len(read(window, table_svc.list_tables)) == 4
    undo(window)
    assert read(window, table_svc.list_tables)[-1] == fifth


def test_topics_collected_then_assigned_to_a_table(page, window, qtbot):
    page.tabs.setCurrentWidget(page.topics_section)
    section = page.topics_section
    assert section.no_topic_hint.isVisibleTo(section)
    qtbot.keyClicks(section.new_edit, "Open data")
    qtbot.keyClick(section.new_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(section.new_edit, "open DATA")
    qtbot.keyClick(section.new_edit, Qt.Key.Key_Return)
    assert "already a topic" in section.error_label.text()
    section.new_edit.clear()
    topic = read(window, topic_svc.list_topics)[0]
    assert section.title_edit.text() == "Open data"
    section.statement_edit.setFocus()
    qtbot.keyClicks(section.statement_edit, "How do data reach people?")
    qtbot.waitUntil(lambda: read(window, topic_svc.get_topic, topic.id).problem_statement
                    == "How do data reach people?", timeout=1000)
    section.table_combo.setCurrentIndex(2)
    qtbot.mouseClick(section.assign_button, Qt.MouseButton.LeftButton)
    assert read(window, topic_svc.get_topic, topic.id).tables == (3,)
    assert section.tables_label.text() == "On tables: 3"
    assert page.tables_section.model.index(2, 2).data() == "Open data"
    undo(window)
    assert read(window, topic_svc.get_topic, topic.id).tables == ()
    qtbot.mouseClick(section.delete_button, Qt.MouseButton.LeftButton)
    assert read(window, topic_svc.list_topics) == []
    undo(window)
    assert read(window, topic_svc.list_topics)[0].problem_statement == "How do data reach people?"


def test_sectors_add_rename_move_and_delete_with_people(page, window, qtbot, when_modal):
    page.tabs.setCurrentWidget(page.sectors_section)
    section = page.sectors_section
    qtbot.keyClicks(section.new_edit, "Politik")
    qtbot.keyClick(section.new_edit, Qt.Key.Key_Return)
    assert [s.name for s in read(window, sector_svc.list_sectors)][-1] == "Politik"
    assert section.selected().name == "Politik"
    qtbot.mouseClick(section.up_button, Qt.MouseButton.LeftButton)
    assert [s.name for s in read(window, sector_svc.list_sectors)][-2] == "Politik"
    assert section.model.setData(section.model.index(3, 0), "Politics")
    assert section.set_colour(section.selected(), "#112233")
    assert read(window, sector_svc.list_sectors)[3].colour == "#112233"
    # Verwaltung has two people: the delete asks, "No" keeps it and says why
    section.view.setCurrentIndex(section.model.index(0, 0))
    when_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.mouseClick(section.delete_button, Qt.MouseButton.LeftButton)
    assert "2 people still belong" in section.error_label.text()
    assert len(read(window, sector_svc.list_sectors)) == 5
    when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(section.delete_button, Qt.MouseButton.LeftButton)
    assert "Verwaltung" not in [s.name for s in read(window, sector_svc.list_sectors)]
    assert "Verwaltung" not in window.attendees_page.counts_label.text()
    undo(window)
    assert read(window, sector_svc.list_sectors)[0].people == 2


def test_table_plan_import_with_preview_and_undo(page, window, qtbot, tmp_path, when_modal):
    plan = tmp_path / "plan.csv"
    plan.write_text("Tisch;Name;Thema;Plätze\n1;Fenster;Offene Daten;6\n7;Bühne;Mobilität;10\n", encoding="utf-8")
    section = page.tables_section
    seen = when_modal(lambda dialog: dialog.import_button.click())
    section.import_file(str(plan))
    assert seen and seen[0].objectName() == "tablePlanDialog"
    rows = read(window, table_svc.list_tables)
    assert [(t.number, t.name, t.capacity, t.topic_title) for t in rows if t.number in (1, 7)] == [
        (1, "Fenster", 6, "Offene Daten"), (7, "Bühne", 10, "Mobilität")]
    assert len(read(window, topic_svc.list_topics)) == 2
    undo(window)
    assert [t.number for t in read(window, table_svc.list_tables)] == [1, 2, 3, 4]
    assert read(window, table_svc.list_tables)[0].name == ""
    assert read(window, topic_svc.list_topics) == []


def test_time_zone_is_shown_searchable_changeable_and_undoable(page, window, qtbot):
    from gdb_facilitator.ui import event_time

    section = page.event_section
    combo = section.zone_combo
    stored = read(window, event_svc.get_event).timezone
    assert stored and combo.currentText() == stored and event_time.zone_name() == stored
    assert combo.findText("Europe/Berlin") >= 0 and combo.findText("America/New_York") >= 0
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Nowhere/Atlantis")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert read(window, event_svc.get_event).timezone == stored  # unknown: refused, shown again
    assert combo.currentText() == stored
    target = "Asia/Tokyo" if stored != "Asia/Tokyo" else "Europe/Berlin"
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), target)
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert read(window, event_svc.get_event).timezone == target
    assert event_time.zone_name() == target  # the views now show the event's times in it
    undo(window)
    assert read(window, event_svc.get_event).timezone == stored
    assert combo.currentText() == stored and event_time.zone_name() == stored
