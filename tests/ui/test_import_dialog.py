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
