"""Pairs on the Tables page: picked in the Pairs window, undone, removed, refused, marked on the cards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from gdb_facilitator.core.db.models import PairKind
from gdb_facilitator.core.services import pairs as pairs_svc
from gdb_facilitator.ui.controller import Changes
from gdb_facilitator.ui.models.pairs_model import COL_PLAN
from gdb_facilitator.ui.models.seating_members import PairsRole


@pytest.fixture
def page(tables_page):
    return tables_page


def stored(page):
    return {(p.first_name, p.second_name, p.kind) for p in page.controller.read(pairs_svc.list_pairs)}


def marks_of(page, attendee_id):
    for card in page.cards.values():
        model = card.model
        for row, m in enumerate(model.members()):
            if m.attendee_id == attendee_id:
                return model.index(row, 0).data(PairsRole), model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    raise AssertionError("not on a card")


def member(page, name):
    return next(m for card in page.cards.values() for m in card.model.members() if m.name == name)


def open_dialog(qtbot, page):
    qtbot.mouseClick(page.pairs_button, Qt.MouseButton.LeftButton)
    dialog = page.pairs_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_add_a_pair_by_searching_then_undo_and_redo(qtbot, page):
    dialog = open_dialog(qtbot, page)
    assert dialog.model.rowCount() == 0 and not dialog.add_button.isEnabled()
    # accent-blind like the Arrival search: "jaeger" finds Jäger, "moller" finds Möller
    qtbot.keyClicks(dialog.first.search, "jaeger")
    qtbot.keyClicks(dialog.second.search, "moller")
    assert dialog.first.chosen().full_name == "Stefan Jäger"
    assert dialog.second.chosen().full_name == "Jörg Möller"
    qtbot.mouseClick(dialog.together, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    assert stored(page) == {("Stefan Jäger", "Jörg Möller", PairKind.KEEP_TOGETHER)} or \
        stored(page) == {("Jörg Möller", "Stefan Jäger", PairKind.KEEP_TOGETHER)}
    assert dialog.model.rowCount() == 1
    # they sit at tables 2 and 3 in the demo's started round 1: the user is told, nothing moved
    text = dialog.feedback.text()
    assert "are to sit together" in text and "does not" in text and "(round 1), move one of them" in text
    assert "not kept" in dialog.model.index(0, COL_PLAN).data()
    jaeger = member(page, "Stefan Jäger")
    marks, tip = marks_of(page, jaeger.attendee_id)
    assert [(m.partner, m.kept) for m in marks] == [("Jörg Möller", False)]
    assert "Keep together with Jörg Möller: not kept" in tip
    assert page.pairs_button.text() == "Pairs (1)…"

    window = page.window()
    assert "Keep" in window.actions_by_id["undo"].text() or page.controller.undo_stack.undoText().startswith("Keep")
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert stored(page) == set() and dialog.model.rowCount() == 0
    assert marks_of(page, jaeger.attendee_id)[0] == ()
    window.actions_by_id["redo"].trigger()
    assert len(stored(page)) == 1 and dialog.model.rowCount() == 1
    assert marks_of(page, jaeger.attendee_id)[0][0].partner == "Jörg Möller"
    # Ctrl+Z / Ctrl+Y in the Pairs window (a window of its own) reach the app's undo
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(page) == set()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(stored(page)) == 1


def test_remove_and_the_refusals_are_messages(qtbot, page):
    ids = [m.attendee_id for m in page.cards[1].model.members()[:3]]
    names = [m.name for m in page.cards[1].model.members()[:3]]
    page.controller.write(Changes.ATTENDEES | Changes.SEATS, pairs_svc.add_pair, ids[0], ids[1], PairKind.KEEP_APART)
    page.controller.write(Changes.ATTENDEES | Changes.SEATS, pairs_svc.add_pair, ids[0], ids[2], PairKind.KEEP_APART)
    dialog = open_dialog(qtbot, page)
    assert dialog.model.rowCount() == 2

    # the same person twice
    dialog.first.pick(ids[0])
    dialog.second.pick(ids[0])
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.feedback.text() == "A pair needs two different people."
    # a pair that exists (in either order, of either kind)
    dialog.first.pick(ids[1])
    dialog.second.pick(ids[0])
    dialog.together.setChecked(True)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "already a pair" in dialog.feedback.text()
    assert len(stored(page)) == 2 and page.controller.undo_stack.count() == 0

    # remove the first pair; undo brings it back with its kind
    dialog.list.selectionModel().select(dialog.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                        | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert stored(page) == {(names[0], names[2], PairKind.KEEP_APART)} or len(stored(page)) == 1
    assert "removed" in dialog.feedback.text()
    page.controller.undo()
    assert len(stored(page)) == 2 and all(k is PairKind.KEEP_APART for _a, _b, k in stored(page))

    # another laptop removed a pair meanwhile (no notice yet): a message, and the list catches up
    row = dialog.model.rows()[1]
    pairs_svc.remove_pair(page.controller.event_file, row.first_id, row.second_id)
    dialog.list.selectionModel().select(dialog.model.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                        | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.feedback.text() == "This pair no longer exists (perhaps removed meanwhile)."
    assert dialog.model.rowCount() == 1
    assert len(stored(page)) == 1  # all or nothing: the pair that was there is still there

    # several pairs removed at once (Delete in the list) are one undo step
    page.controller.write(Changes.ATTENDEES | Changes.SEATS, pairs_svc.add_pair, ids[1], ids[2], PairKind.KEEP_TOGETHER)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.list.setFocus()
    dialog.list.selectAll()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert stored(page) == set() and "2 pairs removed" in dialog.feedback.text()
    page.controller.undo()
    assert len(stored(page)) == 2


def test_cards_flag_an_apart_pair_a_hand_edit_breaks(qtbot, page):
    card1, card2 = page.cards[1], page.cards[2]
    a, b = card1.model.members()[1], card2.model.members()[1]
    assert page.add_pair(a.attendee_id, a.name, b.attendee_id, b.name, PairKind.KEEP_APART)
    assert "already seats them apart" in page.feedback.text()
    marks, tip = marks_of(page, a.attendee_id)
    assert [(m.kind, m.partner, m.kept) for m in marks] == [(PairKind.KEEP_APART, b.name, True)]
    assert marks[0].short() == f"≠ {b.name}"

    # moved by hand to the other one's table: flagged on both, on the card and in the feedback
    assert page.move_people([a.attendee_id], 2)
    assert f"{a.name} and {b.name} are to sit apart, and now both sit at table 2." in page.feedback.text()
    for who, partner in ((a, b), (b, a)):
        marks, tip = marks_of(page, who.attendee_id)
        assert marks[0].kept is False and marks[0].short() == f"≠ {partner.name} same table!"
        assert "not kept, both sit at this table" in tip
    assert "keep-apart" in page.cards[2].status.text()
    # the round's figures never tick off a keep-apart pair at one table
    figures = page.quality_label.text()
    assert "Keep-apart pairs together" in figures
    assert "✓" not in figures.split("Keep-apart pairs together")[1].split("·")[0]
    # the card's rows paint the mark (grab does not fail and the row is as tall as before)
    assert not page.cards[2].grab().isNull()


def test_pairs_from_another_laptop_show_up(qtbot, page):
    dialog = open_dialog(qtbot, page)
    a, b = page.cards[3].model.members()[:2]
    # what team mode delivers for a change in attendee_pairs made elsewhere
    pairs_svc.add_pair(page.controller.event_file, a.attendee_id, b.attendee_id, PairKind.KEEP_TOGETHER)
    page.controller.changed.emit(int(Changes.ATTENDEES | Changes.SEATS | Changes.REMOTE))
    assert dialog.model.rowCount() == 1
    assert "kept in the current plan" in dialog.model.index(0, COL_PLAN).data()
    assert marks_of(page, a.attendee_id)[0][0].kept is True
    assert page.pairs_button.text() == "Pairs (1)…"


def run_menu_action(qtbot, page, view, text):
    """Open a card's right-click menu and pick the entry ``text`` (the menu runs its own loop)."""
    def pick():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(10, pick)
            return
        action = next(a for a in menu.actions() if a.text() == text)
        menu.close()
        action.trigger()

    QTimer.singleShot(10, pick)
    page.show_member_menu(view, QPoint(10, 10))


def test_card_menu_pairs_two_selected_people_or_starts_with_one(qtbot, page):
    card = page.cards[4]
    a, b = card.model.members()[1:3]
    selection = card.view.selectionModel()
    for row in (1, 2):
        selection.select(card.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    run_menu_action(qtbot, page, card.view, "Keep these two apart")
    assert stored(page) == {(a.name, b.name, PairKind.KEEP_APART)} or stored(page) == {(b.name, a.name, PairKind.KEEP_APART)}
    assert "does not" in page.feedback.text()  # both sit at table 4
    assert marks_of(page, a.attendee_id)[0][0].kept is False

    selection.select(card.model.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    run_menu_action(qtbot, page, card.view, f"Pair {a.name} with…")
    dialog = page.pairs_dialog
    assert dialog.isVisible() and dialog.first.chosen().id == a.attendee_id and dialog.second.chosen() is None
    # a closed event takes its Pairs window (its people and picks) with it
    page.controller.close_event()
    assert page.pairs_dialog is None


def test_a_pair_another_laptop_adds_shows_up_live(session, postgres, event_file_path, app_settings, qtbot):
    import time

    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.db.transfer import file_to_database
    from gdb_facilitator.core.services import attendees as attendee_svc
    from gdb_facilitator.ui import team

    url = postgres.new_database()
    file_to_database(event_file_path, url)
    app_settings.set(team.DEVICE_NAME, "Moderation")
    session.window.team.controller.device_name = "Moderation"
    window = session.window
    assert window.open_path(url) and session.controller.is_team
    window.show_page("tables")
    page = window.page_widgets["tables"]
    dialog = page.show_pairs()
    time.sleep(0.5)  # the listener is connected
    with open_event(url, device="Desk 2") as desk:
        people = attendee_svc.list_attendees(desk)
        pairs_svc.add_pair(desk, people[0].id, people[1].id, PairKind.KEEP_APART)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert page.pairs_button.text() == "Pairs (1)…"
