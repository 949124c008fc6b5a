"""The rounds page as a facilitator uses it: run-sheet edits, the timer by mouse and keys,
levels and overtime, restore after reopening, sound and mute, "how did we do"."""

import csv
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdb_facilitator.core.algorithms.timer import Cue, Level, Phase
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.services import agenda
from gdb_facilitator.ui.sound import CuePlayer
from gdb_facilitator.ui.widgets.agenda_editor import AgendaItemDialog
from gdb_facilitator.ui.widgets.timer_display import Mode


@pytest.fixture
def rounds(session, event_file_path, clock):
    with EventFile.open(event_file_path, clock=clock) as ef:
        agenda.add_item(ef, title="Welcome", duration_seconds=600, planned_start="08:00")
        agenda.add_item(ef, title="Gruppenarbeit 1", duration_seconds=1200, planned_start="08:10")
        agenda.add_item(ef, title="Break", duration_seconds=300, planned_start="08:30")
    session.controller.clock = clock
    window = session.window
    assert window.open_path(str(event_file_path))
    window.show_page("rounds")
    page = window.page_widgets["rounds"]
    page.editor.view.setFocus()
    return page


class FakeEffect:
    def __init__(self, parent=None):
        self.plays = 0
        self.statusChanged = SimpleNamespace(connect=lambda fn: None)

    def setSource(self, url):
        self.url = url

    def setVolume(self, v):
        pass

    def play(self):
        self.plays += 1


def fake_multimedia(devices=("speaker",)):
    return SimpleNamespace(QMediaDevices=SimpleNamespace(audioOutputs=lambda: list(devices)),
                           QSoundEffect=FakeEffect)


def state(page):
    page.tick()
    return page.preview.state


def test_qtimer_drives_the_countdown_and_levels(rounds, qtbot, clock):
    page = rounds
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.start_button.text() == "Pause"
    assert state(page).digits == "10:00" and state(page).level is Level.NORMAL
    clock.advance(8 * 60)
    # No explicit tick: the page's 200 ms QTimer notices the clock moved.
    qtbot.waitUntil(lambda: page.preview.state.digits == "2:00", timeout=2000)
    assert page.preview.state.level is Level.WRAP_UP
    clock.advance(61)
    assert (state(page).digits, state(page).level) == ("0:59", Level.DANGER)
    clock.advance(59.2)
    s = state(page)
    assert (s.digits, s.level, s.blink) == ("0:00", Level.OVERTIME, True)
    clock.advance(0.6)
    s = state(page)
    assert (s.digits, s.blink) == ("0:00", False)
    clock.advance(41)
    assert state(page).digits == "+0:41"
    # The main window's status bar names the running item.
    assert page.window().round_label.text() == "Welcome – 0:41 over"
    assert page.editor.model.current_id == page.view_state.item.id


def test_keys_drive_the_timer_and_the_projector(rounds, qtbot, clock):
    page = rounds
    view = page.editor.view
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert page.view_state.timer.phase is Phase.RUNNING
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert state(page).digits == "11:00"
    # A US keyboard sends "+" with Shift: still one minute.
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
    assert state(page).digits == "12:00"
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert state(page).digits == "17:00"
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert state(page).digits == "10:00"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert page.view_state.timer.phase is Phase.PAUSED
    clock.advance(30)
    assert state(page).digits == "10:00"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert page.view_state.item.title == "Gruppenarbeit 1"
    assert page.view_state.timer.phase is Phase.RUNNING
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert page.view_state.item.title == "Welcome"
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert state(page).blackout
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert not state(page).blackout
    qtbot.keyClick(view, Qt.Key.Key_M)
    assert state(page).message == "5 minutes left – please come to an end"
    qtbot.keyClick(view, Qt.Key.Key_M)
    assert state(page).message == ""
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert state(page).flash is True  # bright and dark halves alternate for 3 s
    clock.advance(0.6)
    assert state(page).flash is False
    clock.advance(0.5)
    assert state(page).flash is True
    clock.advance(3)
    assert state(page).flash is False
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert state(page).mode is Mode.TOPICS and len(state(page).topics.tables) == 4


def test_keys_type_into_a_field_instead(rounds, qtbot):
    page = rounds
    edit = page.message_edit
    edit.setFocus()
    assert QApplication.focusWidget() is edit
    qtbot.keyClicks(edit, "Bitte Platz nehmen + 5 Minuten")
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    assert edit.text() == "Bitte Platz nehmen + 5 Minuten"
    assert page.view_state.timer.phase is Phase.IDLE and not state(page).blackout
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert state(page).message == "Bitte Platz nehmen + 5 Minuten"


def test_restore_after_reopening_mid_round(rounds, session, qtbot, clock, event_file_path):
    page = rounds
    page.next()
    page.toggle()
    clock.advance(5 * 60)
    page.adjust(60)
    assert state(page).digits == "16:00"
    session.controller.close_event()
    assert page.timer is None and page.window().round_label.text() == ""
    clock.advance(90)  # the app was closed for a minute and a half
    assert page.window().open_path(str(event_file_path))
    s = state(page)
    assert (s.title, s.digits, s.phase) == ("Gruppenarbeit 1", "14:30", Phase.RUNNING)
    assert page.start_button.text() == "Pause"


def test_sounds_and_mute(rounds, qtbot, clock):
    page = rounds
    page.player = CuePlayer(page, multimedia=fake_multimedia())
    page.toggle()
    clock.advance(8 * 60 + 1)
    page.tick()
    assert page.player.played == [Cue.WRAP_UP]
    qtbot.mouseClick(page.mute_check, Qt.MouseButton.LeftButton)
    assert page.view_state.muted and page.mute_check.isChecked()
    clock.advance(3 * 60)
    page.tick()
    assert page.player.played == [Cue.WRAP_UP]
    assert page.view_state.timer.level is Level.OVERTIME


def test_no_sound_device_says_so_once_and_the_timer_runs(rounds, qtbot, clock):
    page = rounds
    page.player = CuePlayer(page, multimedia=fake_multimedia(devices=()))
    page.player.unavailable.connect(page._on_sound_unavailable)
    with qtbot.waitSignal(page.player.unavailable):
        page.toggle()
        clock.advance(8 * 60 + 1)
        page.tick()
    assert page.sound_label.isVisible()
    assert page.sound_label.text() == "No sound device: the timer runs silently"
    assert page.window().statusBar().currentMessage() == "No sound device: the timer runs silently"
    seen = []
    page.player.unavailable.connect(seen.append)
    clock.advance(3 * 60)
    page.tick()
    assert seen == [] and state(page).level is Level.OVERTIME


def test_missing_qtmultimedia_falls_back(rounds):
    class Broken:
        def __getattr__(self, name):
            raise ImportError("No module named 'PySide6.QtMultimedia'")

    player = CuePlayer(rounds, multimedia=Broken())
    assert player.play(Cue.END) is False and player.available is False


def test_edit_the_run_sheet_with_undo(rounds, qtbot, when_modal, session):
    page = rounds
    editor = page.editor
    editor.select_item(editor.model.items()[0].id)

    def fill(dialog):
        assert isinstance(dialog, AgendaItemDialog)
        dialog.title_edit.clear()
        qtbot.keyClicks(dialog.title_edit, "Kaffee")
        dialog.duration_spin.setValue(20)
        qtbot.keyClicks(dialog.start_edit, "9.15")
        dialog.accept()

    when_modal(fill)
    qtbot.mouseClick(editor.findChild(type(editor.buttons.itemAt(1).widget()), "button_agendaAdd"),
                     Qt.MouseButton.LeftButton)
    titles = [i.title for i in editor.model.items()]
    assert titles == ["Welcome", "Kaffee", "Gruppenarbeit 1", "Break"]
    added = editor.model.items()[1]
    assert (added.duration_seconds, added.planned_start) == (1200, "09:15")
    assert editor.selected_item().id == added.id

    # In-cell edit of the title, typed by the user.
    index = editor.model.index(1, 1)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.indexWidget(index)  # the cell's editor
    line.selectAll()
    qtbot.keyClicks(line, "Kaffeepause")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call.
    qtbot.waitUntil(lambda: editor.model.items()[1].title == "Kaffeepause", timeout=1000)

    # A bad time stays out of the file and says why.
    index = editor.model.index(1, 0)
    editor.view.edit(index)
    line = editor.view.indexWidget(index)  # the cell's editor
    line.selectAll()
    qtbot.keyClicks(line, "25:99")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "25:99" in editor.feedback.text(), timeout=1000)
    assert editor.model.items()[1].planned_start == "09:15"
    assert editor.feedback.text() == "Planned start must be a time of day like 09:30, not \"25:99\"."

    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=editor.view.visualRect(editor.model.index(1, 3)).center())
    assert editor.selected_item().id == added.id
    # After the dialog, the window manager hands the main window back the keyboard.
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow, timeout=1000)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [i.title for i in editor.model.items()][1:3] == ["Gruppenarbeit 1", "Kaffeepause"]
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert "Kaffeepause" not in [i.title for i in editor.model.items()]

    stack = session.controller.undo_stack
    stack.undo()  # the delete
    back = editor.model.items()[2]
    assert (back.id, back.title, back.position) == (added.id, "Kaffeepause", 2)
    stack.undo()  # the move
    stack.undo()  # the title
    assert editor.model.items()[1].title == "Kaffee"
    stack.undo()  # the add
    assert [i.title for i in editor.model.items()] == ["Welcome", "Gruppenarbeit 1", "Break"]
    stack.redo()
    assert editor.model.items()[1].id == added.id


def test_how_did_we_do_and_csv_export(rounds, qtbot, clock, tmp_path):
    page = rounds
    page.toggle()
    clock.advance(12 * 60)  # two minutes over
    page.next()
    clock.advance(20 * 60)
    page.stop()
    rows = page.plan_model.rows()
    assert [r.delta_seconds for r in rows] == [120, 0, None]
    assert page.plan_model.index(0, 6).data() == "+2 min"
    assert "2 items ended, together 2 min longer than planned." == page.plan_summary.text()
    out = page.export_plan(str(tmp_path / "plan.csv"))
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh, delimiter=";"))
    assert table[0][:3] == ["No.", "Agenda item", "Kind"]
    # Cells a spreadsheet would run as a formula get an apostrophe (core/services/timer.neutralise).
    assert table[1][1] == "Welcome" and table[1][8] == "'+0:02:00"


def test_put_selected_item_on_the_timer(rounds, qtbot):
    page = rounds
    page.editor.select_item(page.editor.model.items()[2].id)
    assert page.select_button.isEnabled()
    qtbot.mouseClick(page.select_button, Qt.MouseButton.LeftButton)
    assert page.view_state.item.title == "Break"
    assert not page.select_button.isEnabled()
    assert not page.next_button.isEnabled()


def test_timer_errors_show_on_the_page_not_in_a_box(rounds, qtbot):
    page = rounds
    qtbot.keyClick(page.editor.view, Qt.Key.Key_Plus)  # idle: nothing to adjust
    assert page.feedback.text() == "The timer is not running. Start the agenda item first."
