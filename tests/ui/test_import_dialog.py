"""The import dialog against the real importer, on the shared samples and small files."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from gdb_facilitator.core.services import attendees as svc


def choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def run_import_dialog(window, when_modal, action):
    seen = when_modal(action)
    window.actions_by_id["import_attendees"].trigger()
    assert seen, "the import dialog did not open"
    return seen[0]


def test_bad_rows_block_import_until_good_rows_only(qtbot, window, monkeypatch, shared_data, when_modal):
    choose(monkeypatch, shared_data / "kaputt_gemischte_spalten.csv")
    states = {}

    def act(dialog):
        states["enabled_before"] = dialog.import_button.isEnabled()
        states["summary"] = dialog.summary_label.text()
        states["problems"] = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
        check = dialog.good_rows_check
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
        states["ticked"] = check.isChecked()
        states["enabled_after"] = dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    run_import_dialog(window, when_modal, act)
    assert states["enabled_before"] is False and states["ticked"] and states["enabled_after"] is True
    assert "6" in states["summary"] and "13" in states["summary"] and "21" in states["summary"]
    assert any("row 6" in p for p in states["problems"])
    assert window.attendees_page.model.rowCount() == 6 + 21
    assert "Import done: 21 added" in window.attendees_page.feedback.text()


def test_sample_list_preview_then_import(qtbot, window, monkeypatch, shared_data, when_modal):
    choose(monkeypatch, shared_data / "anmeldeliste_excel.csv")
    states = {}

    def act(dialog):
        states["rows"] = dialog.preview_model.rowCount()
        states["mapping"] = dialog.combos["first_name"].currentText(), dialog.combos["sector"].currentText()
        states["format"] = dialog.format_label.text()
        states["counts"] = dialog.counts()
        states["summary"] = dialog.summary_label.text()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    run_import_dialog(window, when_modal, act)
    assert states["rows"] == 130
    assert states["mapping"] == ("Vorname", "Sektor")
    assert "cp1252" in states["format"].lower() or "1252" in states["format"]
    assert states["counts"] == (130, 0)
    assert "Skipped" in states["summary"]
    names = {r.full_name for r in window.controller.read(svc.list_attendees)}
    assert len(names) >= 130


def test_changing_a_column_reads_the_file_again(qtbot, window, monkeypatch, tmp_path, when_modal):
    csv = tmp_path / "liste.csv"
    csv.write_text("Vorname;Nachname;Firma;Notiz\nEva;Klein;Stadtwerk;vegan\nTom;Gross;Kita;\n",
                   encoding="utf-8")
    choose(monkeypatch, csv)
    states = {}

    def act(dialog):
        states["before"] = dialog.combos["comment"].currentText(), dialog.preview.rows[0].comment
        combo = dialog.combos["organisation"]
        combo.setCurrentIndex(combo.findData("Notiz"))
        states["after"] = dialog.preview.rows[0].organisation, dialog.preview.mapping.get("organisation")
        dialog.reject()

    run_import_dialog(window, when_modal, act)
    assert states["before"][1] in ("vegan", "")
    assert states["after"] == ("vegan", "Notiz")
    assert window.attendees_page.model.rowCount() == 6  # cancelled: nothing imported


def test_rejected_file_says_why_and_cannot_be_imported(qtbot, window, monkeypatch, tmp_path, when_modal):
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    choose(monkeypatch, empty)
    states = {}

    def act(dialog):
        states["summary"] = dialog.summary_label.text()
        states["enabled"] = dialog.import_button.isEnabled()
        dialog.reject()

    run_import_dialog(window, when_modal, act)
    assert "cannot be imported" in states["summary"] and "leer.csv" in states["summary"]
    assert states["enabled"] is False


def _import_file(qtbot, window, monkeypatch, when_modal, path):
    choose(monkeypatch, path)
    run_import_dialog(window, when_modal,
                      lambda dialog: qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton))


def test_ctrl_z_takes_an_import_back_in_one_step(qtbot, window, monkeypatch, tmp_path, when_modal):
    first = tmp_path / "erste.csv"
    first.write_text("Nr;Vorname;Nachname\n1;Eva;Klein\n", encoding="utf-8")
    _import_file(qtbot, window, monkeypatch, when_modal, first)
    names = lambda: sorted(r.full_name for r in window.controller.read(svc.list_attendees))  # noqa: E731
    before = names()
    assert "Eva Klein" in before
    second = tmp_path / "zweite.csv"
    second.write_text("Nr;Vorname;Nachname\n1;Eva;Klein-Groß\n2;Tom;Gross\n3;Ida;Wolf\n", encoding="utf-8")
    _import_file(qtbot, window, monkeypatch, when_modal, second)
    after = sorted([n for n in before if n != "Eva Klein"] + ["Eva Klein-Groß", "Ida Wolf", "Tom Gross"])
    assert names() == after
    stack = window.controller.undo_stack
    assert stack.count() == 1 and "zweite.csv" in stack.undoText()

    undo = window.actions_by_id["undo"]
    assert "Ctrl+Z" in [s.toString() for s in undo.shortcuts()]
    undo.trigger()
    assert names() == before
    assert window.attendees_page.model.rowCount() == len(before)
    feedback = window.attendees_page.feedback.text()
    assert "zweite.csv" in feedback and "2 people removed" in feedback and "1 restored" in feedback
    window.actions_by_id["redo"].trigger()
    assert names() == after


def test_remove_this_import_when_people_of_it_checked_in(qtbot, window, monkeypatch, tmp_path, when_modal):
    path = tmp_path / "liste.csv"
    path.write_text("Nr;Vorname;Nachname\n1;Eva;Klein\n2;Tom;Gross\n", encoding="utf-8")
    count = len(window.controller.read(svc.list_attendees))
    _import_file(qtbot, window, monkeypatch, when_modal, path)
    tom = next(r for r in window.controller.read(svc.list_attendees) if r.full_name == "Tom Gross")
    window.controller.write(svc_changes(), svc.set_arrived, tom.id, True)  # e.g. from a phone: not on the stack
    errors = []

    def read_error(box):
        errors.append(box.text())
        box.accept()

    when_modal(read_error)
    window.actions_by_id["undo"].trigger()
    assert len(window.controller.read(svc.list_attendees)) == count + 2  # nothing taken silently
    assert errors and "Tom Gross" in errors[-1] and "Remove last import" in errors[-1]

    seen = {}

    def cancel(box):
        seen["text"] = box.text()
        box.button(box.StandardButton.Cancel).click()

    when_modal(cancel)
    window.actions_by_id["remove_import"].trigger()
    assert "liste.csv" in seen["text"] and "2 people it added" in seen["text"]
    assert "check-in of Tom Gross" in seen["text"]
    assert len(window.controller.read(svc.list_attendees)) == count + 2

    def confirm(box):
        next(b for b in box.buttons() if b.text() == "Remove this import").click()

    when_modal(confirm)
    window.actions_by_id["remove_import"].trigger()
    assert len(window.controller.read(svc.list_attendees)) == count
    assert "2 people removed" in window.attendees_page.feedback.text()
    assert window.last_import is None


def svc_changes():
    from gdb_facilitator.ui.controller import Changes

    return Changes.ATTENDEES
