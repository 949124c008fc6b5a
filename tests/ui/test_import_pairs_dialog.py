"""The import dialog shows the pairs a partner column makes; an unknown partner blocks the import
with the core's message; Ctrl+Z takes the pairs back with the people."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from gdb_facilitator.core.services import pairs


def _open(window, when_modal, monkeypatch, path, act):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    seen = when_modal(act)
    window.actions_by_id["import_attendees"].trigger()
    assert seen, "the import dialog did not open"


def test_pairs_in_the_preview_import_and_undo(qtbot, window, monkeypatch, tmp_path, when_modal):
    path = tmp_path / "paare.csv"
    path.write_text("Nr;Vorname;Nachname;Begleitung;Nicht mit\nP1;Uta;Ufer;P2;\nP2;Vera;Vogt;;\n"
                    "P3;Wim;Wall;;P1\n", encoding="utf-8")
    before = len(window.controller.read(pairs.list_pairs))
    states = {}

    def act(dialog):
        states["summary"] = dialog.summary_label.text()
        states["partner"] = dialog.combos["together_with"].currentText()
        states["enabled"] = dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    _open(window, when_modal, monkeypatch, path, act)
    assert states["partner"] == "Begleitung" and states["enabled"]
    assert "Pairs to add (+ together, / apart): Uta Ufer + Vera Vogt, Uta Ufer / Wim Wall" in states["summary"]
    assert len(window.controller.read(pairs.list_pairs)) == before + 2
    window.actions_by_id["undo"].trigger()
    assert len(window.controller.read(pairs.list_pairs)) == before
    window.actions_by_id["redo"].trigger()
    assert len(window.controller.read(pairs.list_pairs)) == before + 2


def test_unknown_partner_blocks_the_import(qtbot, window, monkeypatch, tmp_path, when_modal):
    path = tmp_path / "falsch.csv"
    path.write_text("Nr;Vorname;Nachname;Partner\nQ1;Xaver;Xu;Q9\n", encoding="utf-8")
    states = {}

    def act(dialog):
        states["summary"] = dialog.summary_label.text()
        states["enabled"] = dialog.import_button.isEnabled()
        dialog.reject()

    _open(window, when_modal, monkeypatch, path, act)
    assert not states["enabled"]
    assert ("row 2, column 'Partner': the partner's registration number \"Q9\" is neither in this "
            "file nor in the event.") in states["summary"].replace("&quot;", '"')
