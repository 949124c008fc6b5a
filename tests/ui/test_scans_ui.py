"""Scanned worksheets in the app: adding a stack from the Results page, reading a page
beside the typed text, assigning a page by hand, cancelling, the Output page's choice and
the purge's question."""

from __future__ import annotations

import pytest

from gdb_facilitator.core.scans import synthetic as copier
from gdb_facilitator.core.services import scans as scan_svc
from gdb_facilitator.core.services import tables as table_svc
from gdb_facilitator.core.sheets import write_sheets
from gdb_facilitator.ui.dialogs import scan_dialogs


@pytest.fixture
def page(window):
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    assert page.objectName() == "resultsPage"
    return page


@pytest.fixture
def stack(window, tmp_path):
    """The event's own worksheets back from the copier: table 1 upside down, an empty back,
    table 2's with a stained code."""
    ef = window.controller.event_file
    write_sheets(ef, tmp_path / "blank.pdf", kind="blank")
    sheets = copier.render_pdf(tmp_path / "blank.pdf", dpi=150)
    pages = [copier.scan(copier.handwrite(sheets[0], 1), 1, turn=179.5),
             copier.blank_back(sheets[0].size, 2),
             copier.scan(copier.spill_on_code(copier.handwrite(sheets[1], 2)), 3)]
    return copier.save_pdf(pages, tmp_path / "stack.pdf", dpi=150)


@pytest.fixture
def summaries(monkeypatch):
    seen = []

    def fake_exec(dialog):
        from PySide6.QtWidgets import QLabel, QPushButton

        seen.append((dialog.findChild(QLabel, "scanSummaryText").text(),
                     dialog.findChild(QPushButton, "assignNow") is not None))
        return 0

    monkeypatch.setattr(scan_dialogs.ScanSummaryDialog, "exec", fake_exec)
    return seen


def _table_id(window, number):
    return next(t.id for t in window.controller.read(table_svc.list_tables) if t.number == number)


def test_add_scans_shows_the_page_beside_the_form(page, window, stack, summaries, qtbot):
    assert not page.scan_viewer.isVisibleTo(page) and not page.assign_button.isVisibleTo(page)
    assert page.add_scans([str(stack)])
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=60000)
    text, offers_assign = summaries[0]
    assert "Pages read: 3" in text and "Skipped as blank: 1" in text and "Need a decision: 1" in text
    assert offers_assign
    viewer = page.scan_viewer
    assert viewer.isVisibleTo(page)
    assert page.assign_button.isVisibleTo(page) and page.assign_button.text() == "Pages to assign (1)…"
    page.select_table(_table_id(window, 1))
    assert viewer.page_label.text().startswith("Page 1 of 1 · stack.pdf, page 1")
    assert viewer.view.has_image and viewer.view.label.pixmap().width() > 100
    fitted = viewer.zoom_label.text()
    viewer.in_button.click()
    assert viewer.zoom_label.text() != fitted and not viewer.view.fit
    viewer.fit_button.click()
    assert viewer.zoom_label.text() == fitted
    assert not viewer.next_button.isEnabled() and not viewer.prev_button.isEnabled()
    page.select_table(_table_id(window, 3))
    assert viewer.empty_label.isVisibleTo(viewer) and viewer.page_label.text() == "No page yet"


def test_a_page_without_code_is_assigned_by_hand(page, window, stack, summaries, qtbot):
    page.add_scans([str(stack)])
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=60000)
    dialog = scan_dialogs.AssignPagesDialog(window.controller, round_number=1, parent=page)
    qtbot.addWidget(dialog)
    assert dialog.page_list.count() == 1 and "no readable code" in dialog.page_list.item(0).text()
    assert dialog.view.has_image
    width = dialog.pages[0].width
    dialog.turn_current()
    assert dialog.pages[0].height == width and dialog.view.has_image
    dialog.table_combo.setCurrentIndex(dialog.table_combo.findData(_table_id(window, 2)))
    dialog.assign_current()
    assert dialog.page_list.count() == 0 and dialog.done_label.isVisibleTo(dialog)
    page.refresh()
    assert not page.assign_button.isVisibleTo(page)
    page.select_table(_table_id(window, 2))
    assert page.scan_viewer.page_label.text().endswith("assigned by hand")
    # and moved on again from the viewer, e.g. when it was the wrong table
    info = page.scan_viewer.pages[0]
    move = scan_dialogs.AssignPagesDialog(window.controller, pages=[info], round_number=1, parent=page)
    qtbot.addWidget(move)
    assert move.table_combo.currentData() == _table_id(window, 2)
    move.table_combo.setCurrentIndex(move.table_combo.findData(_table_id(window, 4)))
    move.assign_current()
    assert [p.table_number for p in window.controller.read(scan_svc.list_pages)] == [1, 4]


def test_cancel_stops_between_pages(page, window, stack, summaries, qtbot):
    assert page.add_scans([str(stack)])
    worker = page.scan_import.worker
    worker.signals.progress.connect(lambda done, _total: done >= 1 and page.scan_import.cancel())
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=60000)
    assert "Cancelled after" in summaries[0][0]
    assert window.controller.read(scan_svc.count_pages) <= 1


def test_a_file_of_another_kind_is_refused_with_its_name(page, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(scan_dialogs.QMessageBox, "warning", lambda *args: shown.append(args[2]))
    odd = tmp_path / "notes.txt"
    odd.write_text("x")
    assert not page.add_scans([str(odd)])
    assert "notes.txt" in shown[0] and window.controller.read(scan_svc.count_pages) == 0


def test_output_page_choice_to_include_scans(window):
    window.actions_by_id["go_output"].trigger()
    output = window.pages.currentWidget()
    box = output.scans_box
    output.set_kind("results")
    box.setChecked(False)
    assert output.job().include_scans is False
    box.setChecked(True)
    assert output.job().include_scans is True
    output.set_kind("tents")
    assert not box.isEnabled() and output.job().include_scans is False


def test_purge_dialog_asks_about_scans(qtbot):
    from gdb_facilitator.ui.dialogs.purge_dialog import PurgeDialog

    dialog = PurgeDialog(event_title="X", attendees=3, backup_first=False, scans=4)
    qtbot.addWidget(dialog)
    assert dialog.scan_choice.isVisibleTo(dialog)
    dialog.word_edit.setText(dialog.word)
    assert not dialog.confirm_button.isEnabled()  # keep or delete: a person decides
    dialog.delete_scans_button.setChecked(True)
    assert dialog.confirm_button.isEnabled() and dialog.delete_scans
    dialog.keep_scans.setChecked(True)
    assert dialog.confirm_button.isEnabled() and not dialog.delete_scans
    without = PurgeDialog(event_title="X", attendees=3, backup_first=False)
    qtbot.addWidget(without)
    without.word_edit.setText(without.word)
    assert not without.scan_choice.isVisibleTo(without) and without.confirm_button.isEnabled()


def test_the_scan_ending_while_the_progress_bar_updates(page, window, stack, summaries, qtbot,
                                                        monkeypatch):
    # A window-modal progress dialog runs queued events inside setValue; when the scan's
    # "done" is among them, the dialog closes in the middle of the progress update.
    real = scan_dialogs.QProgressDialog.setValue
    ended_inside = []

    def set_value(dialog, value):
        if value >= 1 and not ended_inside:
            ended_inside.append(value)
            dialog.canceled.disconnect()  # the scan has ended: closing cancels nothing
            page.scan_import._close_progress()
        real(dialog, value)

    monkeypatch.setattr(scan_dialogs.QProgressDialog, "setValue", set_value)
    assert page.add_scans([str(stack)])
    qtbot.waitUntil(lambda: len(summaries) == 1, timeout=60000)
    assert ended_inside and page.scan_import.progress is None
    assert "Pages read: 3" in summaries[0][0]
