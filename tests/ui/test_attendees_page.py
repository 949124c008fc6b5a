"""The arrival page, driven the way a facilitator uses it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from gdb_facilitator.core.services import attendees as svc
from gdb_facilitator.ui.models.attendee_table import COL_NAME, COL_STATUS


def visible_names(page):
    proxy = page.proxy
    return [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())]


def db_row(window, last_name):
    rows = window.controller.read(svc.list_attendees)
    return next(r for r in rows if r.last_name == last_name)


def test_event_opens_on_arrival_with_counts(window):
    page = window.attendees_page
    assert window.current_page_id() == "arrival"
    assert page.model.rowCount() == 6
    assert page.total_label.text() == "Checked in: 0 of 6"
    assert "Verwaltung" in page.counts_label.text()
    assert window.checked_in_label.text() == "Checked in 0 / 6"
    assert window.round_label.text() == "Round: –"
    assert window.windowTitle().startswith("Jahreskonferenz")


def test_search_then_enter_checks_in_and_undo_takes_it_back(qtbot, window, clock):
    page = window.attendees_page
    qtbot.keyClicks(page.search_edit, "muller")
    assert visible_names(page) == ["Müller, Anna"]
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert db_row(window, "Müller").arrived_at == clock.now_utc()
    assert page.proxy.index(0, COL_STATUS).data() == "Checked in"
    # no seating plan in this event: the seat line says so and what to do
    assert page.seat_banner.text().startswith("Anna Müller — no seating plan for round 1 yet")
    assert page.total_label.text() == "Checked in: 1 of 6"
    assert window.checked_in_label.text() == "Checked in 1 / 6"

    window.actions_by_id["undo"].trigger()
    assert db_row(window, "Müller").arrived_at is None
    assert page.proxy.index(0, COL_STATUS).data() == "Expected"
    window.actions_by_id["redo"].trigger()
    assert db_row(window, "Müller").arrived_at == clock.now_utc()


def test_enter_in_the_list_checks_in_the_selected_row(qtbot, window):
    page = window.attendees_page
    page.view.setFocus()
    qtbot.keyClicks(page.search_edit, "gross")
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert db_row(window, "Groß").arrived_at is not None
    # a second Enter does not check in twice, it says so
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert "already checked in" in page.seat_banner.text()
    window.actions_by_id["undo_check_in"].trigger()
    assert db_row(window, "Groß").arrived_at is None


def test_mark_absent_and_status_filter(qtbot, window):
    page = window.attendees_page
    qtbot.keyClicks(page.search_edit, "schmidt")
    window.actions_by_id["mark_absent"].trigger()
    assert db_row(window, "Schmidt").absent
    assert page.total_label.text() == "Checked in: 0 of 5"
    page.search_edit.clear()
    page.status_filter.setCurrentIndex(page.status_filter.findData("absent"))
    assert visible_names(page) == ["Schmidt, Maria"]
    window.actions_by_id["undo"].trigger()
    assert not db_row(window, "Schmidt").absent


def test_sector_filter(window):
    page = window.attendees_page
    page.sector_filter.setCurrentIndex(page.sector_filter.findData("Verwaltung"))
    assert visible_names(page) == ["Müller, Anna", "Schmidt, Maria"]


def test_walk_in_dialog_enter_saves_and_checks_in(qtbot, window, when_modal):
    page = window.attendees_page

    def fill(dialog):
        assert dialog.objectName() == "walkInDialog"
        qtbot.keyClicks(dialog.first_edit, "Kim")
        qtbot.keyClicks(dialog.last_edit, "Nguyen")
        qtbot.keyClicks(dialog.org_edit, "Kiezladen")
        dialog.sector_combo.setCurrentIndex(dialog.sector_combo.findData("Zivilgesellschaft"))
        qtbot.keyClick(dialog.org_edit, Qt.Key.Key_Return)

    seen = when_modal(fill)
    window.actions_by_id["walk_in"].trigger()
    assert seen
    kim = db_row(window, "Nguyen")
    assert kim.walk_in and kim.registration_id == "W-001" and kim.arrived_at is not None
    assert kim.organisation == "Kiezladen"
    assert page.selected_row().id == kim.id
    window.actions_by_id["undo"].trigger()
    assert all(r.last_name != "Nguyen" for r in window.controller.read(svc.list_attendees))
    window.actions_by_id["redo"].trigger()
    assert db_row(window, "Nguyen").id == kim.id


def test_edit_shows_validation_inline_then_saves_and_undoes(qtbot, window, when_modal):
    page = window.attendees_page
    qtbot.keyClicks(page.search_edit, "muller")
    anna_id = page.selected_row().id
    states = []

    def edit(dialog):
        dialog.first_edit.clear()
        dialog.last_edit.clear()
        qtbot.keyClick(dialog.last_edit, Qt.Key.Key_Return)
        states.append((dialog.isVisible(), dialog.error_label.text(), dialog.error_label.isVisible()))
        qtbot.keyClicks(dialog.last_edit, "Mueller")
        dialog.email_edit.setText("not-an-address")
        qtbot.keyClick(dialog.last_edit, Qt.Key.Key_Return)
        states.append((dialog.isVisible(), dialog.error_label.text(), dialog.focusWidget() is dialog.email_edit))
        dialog.email_edit.setText("anna@pankow.example")
        qtbot.keyClick(dialog.last_edit, Qt.Key.Key_Return)

    when_modal(edit)
    window.actions_by_id["edit_attendee"].trigger()
    assert states[0] == (True, "Enter a first name or a last name.", True)
    assert states[1][0] and "does not look like an e-mail address" in states[1][1] and states[1][2]
    anna = window.controller.read(svc.get_attendee, anna_id)
    assert (anna.first_name, anna.last_name, anna.email) == ("", "Mueller", "anna@pankow.example")
    window.actions_by_id["undo"].trigger()
    anna = window.controller.read(svc.get_attendee, anna.id)
    assert (anna.first_name, anna.last_name, anna.email) == ("Anna", "Müller", "")


def test_delete_and_undo(qtbot, window):
    page = window.attendees_page
    qtbot.keyClicks(page.search_edit, "sorensen")
    lars = page.selected_row()
    window.actions_by_id["delete_attendee"].trigger()
    assert page.model.rowCount() == 5
    window.actions_by_id["undo"].trigger()
    assert page.model.rowCount() == 6
    assert window.controller.read(svc.get_attendee, lars.id) == lars


def test_no_match_hint(qtbot, window):
    page = window.attendees_page
    qtbot.keyClicks(page.search_edit, "xyzzy")
    assert page.proxy.rowCount() == 0
    assert page.no_match_label.isVisible()


def test_pages_of_the_day_are_reachable_and_honest(window):
    from gdb_facilitator.ui.pages import REAL_PAGES

    for page_id in ("preparation", "tables", "rounds", "results", "output", "follow_up"):
        window.actions_by_id[f"go_{page_id}"].trigger()
        assert window.current_page_id() == page_id
        if page_id in REAL_PAGES:
            continue  # a real page has its own tests
        page = window.pages.currentWidget()
        from PySide6.QtWidgets import QLabel, QPushButton

        assert not page.findChildren(QPushButton)
        texts = " ".join(label.text() for label in page.findChildren(QLabel))
        assert "not available in this version yet" in texts
    # attendee actions belong to the arrival page
    assert not window.actions_by_id["check_in"].isEnabled()
    window.actions_by_id["go_arrival"].trigger()
    assert window.actions_by_id["walk_in"].isEnabled()


def test_close_event_shows_welcome_with_recent(window, event_file_path):
    window.actions_by_id["close_event"].trigger()
    assert window.central.currentIndex() == 0
    recent = window.welcome.recent_list
    assert recent.count() == 1 and str(event_file_path) in recent.item(0).toolTip()
    assert not window.actions_by_id["import_attendees"].isEnabled()
    window.welcome.recent_list.itemActivated.emit(recent.item(0))
    assert window.central.currentIndex() == 1


def test_locked_event_says_so(qtbot, session, when_modal, event_file_path):
    from gdb_facilitator.core.db.engine import EventFile

    texts = []

    def read(box):
        texts.append((box.objectName(), box.text(), box.informativeText()))
        box.done(QMessageBox.StandardButton.Ok)

    with EventFile.open(event_file_path):
        when_modal(read)
        assert session.window.open_path(str(event_file_path)) is False
    assert texts[0][0] == "eventLockedBox"
    assert "already open" in texts[0][1]
    assert "already open" in texts[0][2] and str(event_file_path) in texts[0][2]
    assert session.window.central.currentIndex() == 0


def test_missing_event_file_message(qtbot, session, when_modal, tmp_path):
    texts = []
    when_modal(lambda box: (texts.append(box.text()), box.done(QDialog.DialogCode.Accepted)))
    assert session.window.open_path(str(tmp_path / "nope.gdbevent")) is False
    assert texts and "There is no event file" in texts[0]
    assert "Traceback" not in texts[0]
