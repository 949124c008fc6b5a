"""Automatic backups in the app, "Restore from backup…", and the damaged-file offer."""

import os

from PySide6.QtWidgets import QMessageBox

from gdb_facilitator.core import backups
from gdb_facilitator.core.services import attendees
from gdb_facilitator.ui import backup_scheduler
from gdb_facilitator.ui.backup_scheduler import BackupScheduler
from gdb_facilitator.ui.controller import Changes
from gdb_facilitator.ui.dialogs.restore_dialog import RestoreDialog


def _walk_in(window, first="Neu"):
    return window.controller.write(Changes.ATTENDEES, attendees.add_walk_in, first, "Person")


def _reasons(path, folder=None):
    return [b.reason for b in backups.list_backups(path, folder=folder, with_summary=False)]


def test_backups_every_interval_only_when_something_changed(qtbot, window, event_file_path, app_settings):
    scheduler = BackupScheduler(window.controller, app_settings, interval_ms=40)
    scheduler._on_opened(str(event_file_path))
    qtbot.wait(150)
    assert _reasons(event_file_path) == []  # nothing changed, nothing written
    _walk_in(window)
    qtbot.waitUntil(lambda: _reasons(event_file_path) == ["timed"], timeout=3000)
    qtbot.wait(150)
    assert _reasons(event_file_path) == ["timed"]
    latest = backups.list_backups(event_file_path)[0]
    assert latest.summary.attendees == 7
    scheduler.timer.stop()


def test_window_backs_up_on_close_when_changed(window, event_file_path):
    assert isinstance(window.backups, BackupScheduler)
    window.controller.close_event()
    assert _reasons(event_file_path) == []  # opened and closed without a change
    assert window.open_path(str(event_file_path))
    _walk_in(window)
    window.controller.close_event()
    assert _reasons(event_file_path) == ["close"]


def test_backup_before_a_destructive_operation(window, event_file_path, monkeypatch):
    from gdb_facilitator.ui.dialogs import import_dialog

    monkeypatch.setattr(import_dialog.ImportDialog, "choose_file", lambda self: True)
    monkeypatch.setattr(import_dialog.ImportDialog, "exec", lambda self: 0)
    window.on_import_attendees()
    assert _reasons(event_file_path) == ["before-import"]
    path = window.controller.backup_before("seating")
    assert path is not None and path.name.endswith(".before-seating.gdbevent")
    assert not window.backups.dirty


def test_chosen_backup_folder_and_a_failing_one(window, event_file_path, tmp_path):
    stick = tmp_path / "stick"
    window.backups.set_folder(str(stick))
    assert window.backups.folders() == (None, str(stick))
    info = window.backups.backup()
    assert info.path.parent == stick / "event.gdbevent.backups"
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    window.backups.set_folder(str(blocker))
    assert window.backups.backup() is None  # no exception, no dialog
    assert "backup" in window.statusBar().currentMessage().lower()
    window.backups.set_folder(None)


def test_menu_has_restore_and_backup_actions(window):
    names = {a.objectName() for a in window.menus["file"].actions()}
    assert {"action_restore_backup", "action_backup_now"} <= names
    assert "action_backup_folder" in {a.objectName() for a in window.menus["settings"].actions()}
    restore = next(a for a in window.backups.actions if a.objectName() == "action_restore_backup")
    assert restore.isEnabled()
    window.controller.close_event()
    assert not restore.isEnabled()


def test_restore_dialog_lists_and_restores_an_older_state(qtbot, window, event_file_path, clock):
    first = window.backups.backup()
    clock.advance(120)
    _walk_in(window, "Später")
    window.backups.backup()
    dialog = RestoreDialog(window.controller, event_file_path, folders=window.backups.folders(), parent=window)
    qtbot.addWidget(dialog)
    assert dialog.count() == 2
    texts = [dialog.list.topLevelItem(i).text(2) for i in range(2)]
    assert texts[0].startswith("7 attendees") and texts[1].startswith("6 attendees")
    assert dialog.list.topLevelItem(0).text(1) == "made by hand"
    dialog.select(1)
    assert dialog.restore_selected()
    assert window.controller.is_open and window.controller.path == event_file_path
    names = {r.first_name for r in window.controller.read(attendees.list_attendees)}
    assert "Später" not in names and len(names) == 6
    aside = dialog.result_.moved_aside
    assert aside.exists() and aside.name.startswith("event.before-restore-")
    assert first.path.exists()


def _damage(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):
        data[offset:offset + 64] = os.urandom(64)
    path.write_bytes(bytes(data))


def test_damaged_file_offers_the_latest_backup_and_keeps_the_damaged_one(
        qtbot, window, event_file_path, when_modal):
    window.backups.backup()
    window.controller.close_event()
    _damage(event_file_path)
    damaged = event_file_path.read_bytes()
    seen = []

    def answer(box):
        seen.append(box.objectName())
        if box.objectName() == "damagedEventBox":
            assert "damaged" in box.text() or "not an event file" in box.text()
            box.findChild(type(box.buttons()[0]), "restoreLatest").click()
            when_modal(answer, seen_boxes)
        else:
            box.accept()

    seen_boxes = []
    when_modal(answer, seen_boxes)
    assert window.open_path(str(event_file_path))
    assert seen == ["damagedEventBox", "restoredBox"]
    assert window.controller.is_open
    assert len(window.controller.read(attendees.list_attendees)) == 6
    kept = [p for p in event_file_path.parent.iterdir() if ".damaged-" in p.name and p.suffix == ".gdbevent"]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_damaged_file_without_backups_gets_the_plain_message(qtbot, window, event_file_path, when_modal):
    window.controller.close_event()
    _damage(event_file_path)
    seen = []

    def answer(box):
        seen.append(box.objectName())
        box.accept()

    when_modal(answer)
    assert not window.open_path(str(event_file_path))
    assert seen == ["domainErrorBox"]
    assert not window.controller.is_open


def test_install_works_on_a_bare_window(qtbot, app_settings):
    from PySide6.QtWidgets import QMainWindow

    from gdb_facilitator.ui.controller import EventController

    bare = QMainWindow()
    qtbot.addWidget(bare)
    scheduler = backup_scheduler.install(bare, EventController(), app_settings)
    assert scheduler.backup() is None  # no event open
    assert QMessageBox is not None
