"""The Tables page, driven the way a facilitator uses it: drag people, undo, plan, latecomers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from gdb_facilitator.core.services import attendees as attendee_svc
from gdb_facilitator.core.services import seating as svc
from gdb_facilitator.ui.controller import Changes


@pytest.fixture
def page(tables_page):
    return tables_page


def seats(page, round_number):
    view = page.controller.read(svc.seating_view, round_number)
    return {m.attendee_id: (t.number, m.locked) for t in view.tables for m in t.members}


def drag(source_view, row, target_view):
    """What Qt delivers when a person is dragged from one list and dropped on another."""
    mime = source_view.model().mimeData([source_view.model().index(row, 0)])
    target = target_view.viewport()
    # Drag-enter and drag-move take a QPoint (PySide6 6.11), the drop a QPointF.
    point, pos = QPoint(20, 10), QPointF(20, 10)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods))
    QApplication.sendEvent(target, QDragMoveEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods))
    drop = QDropEvent(pos, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(target, drop)


def wait_for_plan(qtbot, page):
    qtbot.waitUntil(lambda: page.runner is None, timeout=15000)


def test_drag_moves_and_locks_undo_puts_it_back(qtbot, page):
    window = page.window()
    assert page.round_combo.currentText() == "Round 1 – started"
    card1, card2 = page.cards[1], page.cards[2]
    person = card1.model.members()[2]
    assert not person.host and not person.locked
    size1, size2 = card1.size_label.text(), card2.size_label.text()

    drag(card1.view, 2, card2.view)
    qtbot.waitUntil(lambda: person.attendee_id in [m.attendee_id for m in card2.model.members()])
    assert seats(page, 1)[person.attendee_id] == (2, True)
    moved = next(m for m in card2.model.members() if m.attendee_id == person.attendee_id)
    assert moved.locked
    # the badges follow the move: sizes, and the whole plan's quality is measured again
    assert card1.size_label.text() != size1 and card2.size_label.text() != size2
    assert "now sits at table 2" in page.feedback.text()

    window.actions_by_id["undo"].trigger()
    assert seats(page, 1)[person.attendee_id] == (1, False)
    assert person.attendee_id in [m.attendee_id for m in card1.model.members()]
    assert (card1.size_label.text(), card2.size_label.text()) == (size1, size2)
    window.actions_by_id["redo"].trigger()
    assert seats(page, 1)[person.attendee_id] == (2, True)


def test_dropping_on_the_same_table_does_nothing(qtbot, page):
    card1 = page.cards[1]
    before = seats(page, 1)
    drag(card1.view, 1, card1.view)
    qtbot.wait(20)
    assert seats(page, 1) == before
    assert not page.controller.undo_stack.canUndo()


def test_lock_button_and_double_click_switch_the_lock(qtbot, page):
    card = page.cards[3]
    index = card.model.index(1, 0)
    card.view.selectionModel().select(index, card.view.selectionModel().SelectionFlag.ClearAndSelect)
    assert page.lock_button.isEnabled() and page.lock_button.text() == "Lock seat"
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    aid = index.data(Qt.ItemDataRole.UserRole + 2)
    assert seats(page, 1)[aid] == (3, True)
    card.view.selectionModel().select(card.model.index(1, 0), card.view.selectionModel().SelectionFlag.ClearAndSelect)
    assert page.lock_button.text() == "Unlock seat"
    rect = card.view.visualRect(card.model.index(1, 0))
    # a real double click starts with a press; QTest's double click alone has none
    qtbot.mouseClick(card.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(card.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seats(page, 1)[aid] == (3, False)


def test_plan_through_the_dialog_then_undo(qtbot, page, when_modal):
    page.select_round(2)
    assert page.round_combo.currentText() == "Round 2 – no plan yet"
    assert all(c.model.rowCount() == 0 for c in page.cards.values())
    assert "Nobody is seated in round 2 yet" in page.hint_label.text()

    def fill(dialog):
        assert "Rounds that have started do not change." in dialog.warning.text()
        # check-in has begun (115 of 127): the plan is for the people in the room
        assert dialog.only_present.isChecked()
        assert "Seats the 115 people checked in. 12 registered people who have not checked in are left out" \
            in dialog.people_label.text()
        dialog.time_spin.setValue(1)
        qtbot.keyClicks(dialog.seed_edit, "77")
        qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    wait_for_plan(qtbot, page)
    planned = seats(page, 2)
    assert len(planned) == 115
    assert page.view_data.rounds[1].plan_seed == 77
    assert sum(c.model.rowCount() for c in page.cards.values()) == 115
    assert "Colleague pairs" in page.quality_label.text()
    # the wishes met stand beside the most any plan could meet (the mix and colleagues aside)
    summary = page.view_data.summary
    assert summary.topic_rate <= summary.topic_best_rate <= 1
    assert (f"Topic wishes met (1st or 2nd): {round(100 * summary.topic_rate)} % "
            f"(best possible {round(100 * summary.topic_best_rate)} %)") in page.quality_label.text()
    assert "Seating planned for 115 people" in page.feedback.text()
    # round 1 has started: untouched
    assert len(seats(page, 1)) == 127

    assert page.start_button.text() == "Mark round as started"
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.view_data.started and page.start_button.text() == "Mark round as not started"
    assert page.round_combo.currentText() == "Round 2 – started"

    undo, redo = page.window().actions_by_id["undo"], page.window().actions_by_id["redo"]
    undo.trigger()
    assert not page.view_data.started
    undo.trigger()
    assert seats(page, 2) == {}
    redo.trigger()
    assert seats(page, 2) == planned


def test_latecomers_get_a_seat_and_nobody_moves(qtbot, page):
    page.run_plan(seed=3, time_limit=0.3)
    wait_for_plan(qtbot, page)
    before = {r: seats(page, r) for r in (1, 2)}
    row = page.controller.write(Changes.ATTENDEES, attendee_svc.add_walk_in,
                                "Lena", "Spaet", "Kiezladen", "Wirtschaft")
    assert page.unseated_card.isVisible()
    assert [m.attendee_id for m in page.unseated_card.model.members()] == [row.id]
    page.latecomer_seconds = 0.3
    qtbot.mouseClick(page.latecomers_button, Qt.MouseButton.LeftButton)
    wait_for_plan(qtbot, page)
    for r in (1, 2):
        after = seats(page, r)
        assert all(after[a] == v for a, v in before[r].items())
        assert row.id in after
    assert not page.unseated_card.isVisible()
    assert "1 latecomer seat" in page.feedback.text() or "2 latecomer seat" in page.feedback.text()


def test_projector_list_pages_and_closes_with_escape(qtbot, page):
    projector = page.show_projector(None)
    qtbot.waitExposed(projector)
    assert len(projector.rows) == 127  # everybody seated in round 1; the absent have no seat
    names = [r.name for r in projector.rows]
    assert names == sorted(names, key=svc.sort_key)
    projector.resize(1366, 768)
    projector._layout = None
    projector.grab()
    assert projector.pages >= 1
    if projector.pages > 1:
        qtbot.keyClick(projector, Qt.Key.Key_Right)
        assert projector.page == 1
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible()
