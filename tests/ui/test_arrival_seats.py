"""The Arrival page at the door: each person's table in the list, the seat read out after a
check-in, "Seat now" for one person, and a walk-in added and seated in one step."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt

from gdb_facilitator.core.db.models import Role
from gdb_facilitator.core.services import attendees as attendee_svc
from gdb_facilitator.core.services import seating as seat_svc
from gdb_facilitator.core.services.attendees import AttendeeRow
from gdb_facilitator.core.services.desk import DeskSeat, DeskSeats
from gdb_facilitator.ui.models.attendee_table import (
    COL_NAME,
    COL_TABLE,
    PIN,
    AttendeeFilterProxy,
    AttendeeTableModel,
)


def person(i, first, last, absent=False):
    return AttendeeRow(
        id=i, registration_id=f"R{i}", first_name=first, last_name=last, title="", email="",
        organisation="", sector="", sector_colour="", role=Role.PARTICIPANT, host_volunteer=False,
        pinned_table=None, arrived_at=datetime(2026, 6, 12, 8, 30, tzinfo=timezone.utc), absent=absent,
        walk_in=False, comment="")


ROWS = [person(1, "Olga", "Friedrich"), person(2, "Hanna", "Host"), person(3, "Neu", "Gast"),
        person(4, "Abwesend", "Person", absent=True)]
SEATS = DeskSeats(round_number=2, planned=True, seats={
    1: DeskSeat(4, "Panke", "Beteiligung digital", False, True),
    2: DeskSeat(11, "Spree", "", True, True),
})


def test_the_table_column_shows_number_name_topic_pin_and_the_unseated():
    model = AttendeeTableModel()
    model.set_rows(ROWS)
    heading = []
    model.headerDataChanged.connect(lambda *_a: heading.append(True))
    model.set_seats(SEATS)
    assert heading and model.headerData(COL_TABLE, Qt.Orientation.Horizontal) == "Table (round 2)"
    cell = [model.index(i, COL_TABLE) for i in range(4)]
    assert [c.data() for c in cell] == ["4 · Panke", f"{PIN} 11 · Spree", "not seated yet", ""]
    assert cell[0].data(Qt.ItemDataRole.ToolTipRole) == "Beteiligung digital"
    assert "Pinned" in cell[1].data(Qt.ItemDataRole.ToolTipRole)
    assert cell[1].data(Qt.ItemDataRole.FontRole).bold()
    assert cell[2].data(Qt.ItemDataRole.FontRole).italic()
    assert "Seat now" in cell[2].data(Qt.ItemDataRole.ToolTipRole)
    proxy = AttendeeFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_TABLE, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, COL_NAME).data() for r in range(4)][:2] == ["Friedrich, Olga", "Host, Hanna"]
    # a new plan only repaints the column; no plan: nothing is "not seated"
    model.set_seats(DeskSeats(round_number=1, planned=False, seats={2: DeskSeat(11, "Spree", "", True, False)}))
    assert [model.index(i, COL_TABLE).data() for i in range(4)] == ["", f"{PIN} 11 · Spree", "", ""]
    assert "no seating plan" in model.index(1, COL_TABLE).data(Qt.ItemDataRole.ToolTipRole)
    model.set_seats(None)
    assert model.headerData(COL_TABLE, Qt.Orientation.Horizontal) == "Table"


@pytest.fixture
def window(session, tmp_path, demo_template):
    path = tmp_path / "demo.gdbevent"
    path.write_bytes(demo_template.read_bytes())
    window = session.window
    assert window.open_path(str(path))
    window.show_page("arrival")
    return window


def all_seats(window, round_number=1):
    view = window.controller.read(seat_svc.seating_view, round_number)
    return {m.attendee_id: t.number for t in view.tables for m in t.members}


def test_check_in_reads_out_the_seat_and_the_list_shows_every_table(qtbot, window):
    page = window.attendees_page
    assert page.model.headerData(COL_TABLE, Qt.Orientation.Horizontal) == "Table (round 1)"
    tables = [page.model.index(i, COL_TABLE).data() for i in range(page.model.rowCount())]
    assert sum(1 for t in tables if t and t[0].isdigit()) >= 100  # not only the hosts
    qtbot.keyClicks(page.search_edit, "garcia")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    text = page.seat_banner.text()
    assert text.startswith("Svenja García — Table ") and "(" in text
    svenja = page.selected_row()
    seat = page.model.seat_of(svenja.id)
    assert f"Table {seat.table_number} · {seat.table_name}" in text
    assert page.seat_banner.font().pointSizeF() > page.feedback.font().pointSizeF() * 1.5
    assert not window.actions_by_id["seat_now"].isEnabled()  # she has a seat


def test_walk_in_added_and_seated_in_one_step_nobody_else_moves(qtbot, window, when_modal):
    page = window.attendees_page
    before = all_seats(window)

    def fill(dialog):
        assert dialog.save_button.isDefault() and dialog.save_button.text() == "Add and seat"
        qtbot.keyClicks(dialog.first_edit, "Kim")
        qtbot.keyClicks(dialog.last_edit, "Nguyen")
        dialog.sector_combo.setCurrentIndex(dialog.sector_combo.findData("Wirtschaft"))
        qtbot.keyClick(dialog.last_edit, Qt.Key.Key_Return)

    when_modal(fill)
    window.actions_by_id["walk_in"].trigger()
    kim = page.selected_row()
    assert kim.last_name == "Nguyen" and kim.arrived_at is not None
    after = all_seats(window)
    assert {a: t for a, t in after.items() if a != kim.id} == before
    assert kim.id in after
    assert page.seat_banner.text().startswith(f"Kim Nguyen — Table {after[kim.id]} ")
    assert page.proxy.index(page.view.currentIndex().row(), COL_TABLE).data().startswith(f"{after[kim.id]} · ")
    # one Ctrl+Z takes back the seat and the walk-in
    window.actions_by_id["undo"].trigger()
    assert all(r.id != kim.id for r in window.controller.read(attendee_svc.list_attendees))
    assert all_seats(window) == before
    window.actions_by_id["redo"].trigger()
    assert all_seats(window)[kim.id] == after[kim.id]


def test_add_only_then_seat_now_is_one_undoable_step(qtbot, window, when_modal):
    page = window.attendees_page

    def fill(dialog):
        qtbot.keyClicks(dialog.first_edit, "Lea")
        qtbot.keyClicks(dialog.last_edit, "Spaet")
        qtbot.mouseClick(dialog.add_only_button, Qt.MouseButton.LeftButton)

    when_modal(fill)
    window.actions_by_id["walk_in"].trigger()
    lea = page.selected_row()
    assert lea.last_name == "Spaet" and page.model.seat_of(lea.id) is None
    assert page.proxy.index(page.view.currentIndex().row(), COL_TABLE).data() == "not seated yet"
    assert "Seat now" in page.seat_banner.text()
    before = all_seats(window)
    assert window.actions_by_id["seat_now"].isEnabled()
    window.actions_by_id["seat_now"].trigger()
    after = all_seats(window)
    assert {a: t for a, t in after.items() if a != lea.id} == before and lea.id in after
    assert page.seat_banner.text().startswith(f"Lea Spaet is seated — Table {after[lea.id]}")
    assert not window.actions_by_id["seat_now"].isEnabled()
    window.actions_by_id["undo"].trigger()
    assert all_seats(window) == before
    assert window.controller.read(attendee_svc.get_attendee, lea.id).last_name == "Spaet"
