"""Automatic backups while an event is open, like Anki's: every few minutes when
something changed, and when the event is closed.

The controller announces every write (``changed``) and the close (``aboutToClose``); the
scheduler only decides *when*. Making, listing and thinning backups is the core's job
(:mod:`gdb_facilitator.core.backups`). A failed backup (full stick, stick pulled) never
interrupts the facilitator with a dialog: it says so in the status bar and tries again
at the next interval.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow

from gdb_facilitator.core import backups
from gdb_facilitator.core.backups import BackupInfo
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.settings import AppSettings, Key
from gdb_facilitator.messages import QT_TRANSLATE_NOOP
from gdb_facilitator.ui import retranslate

log = logging.getLogger(__name__)

# "" = a folder beside the event file (EVENT.gdbevent.backups)
BACKUP_FOLDER = Key[str]("backups/folder", "", old_names=("General/backup_folder", "general/backup_folder"))
INTERVAL_MS = 5 * 60 * 1000


class BackupScheduler(QObject):
    backupMade = Signal(str)  # path of the new backup
    backupFailed = Signal(str)  # a translated sentence for the status bar

    def __init__(self, controller: EventController, settings: AppSettings,
                 interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.dirty = False
        self._just_opened = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timeout)
        controller.backup_folder = self.folder()
        controller.eventOpened.connect(self._on_opened)
        controller.changed.connect(self._on_changed)
        controller.aboutToClose.connect(self._on_about_to_close)
        controller.eventClosed.connect(self.timer.stop)
        controller.backupMade.connect(self._on_backup_elsewhere)

    # -- where ---------------------------------------------------------------------------
    def folder(self) -> str | None:
        return self.settings.get(BACKUP_FOLDER) or None

    def set_folder(self, folder: str | None) -> None:
        self.settings.set(BACKUP_FOLDER, folder or "")
        self.controller.backup_folder = folder or None

    def folders(self) -> tuple[str | None, ...]:
        """Every place this event's backups may be: beside it, and the chosen folder."""
        chosen = self.folder()
        return (None, chosen) if chosen else (None,)

    # -- when ----------------------------------------------------------------------------
    @Slot(str)
    def _on_opened(self, _path: str) -> None:
        self.dirty = False
        # Opening announces "everything changed" once; that is not an edit.
        self._just_opened = True
        self.timer.start()

    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if self._just_opened and flags == int(Changes.ALL):
            self._just_opened = False
            return
        self._just_opened = False
        if self.controller.is_open:
            self.dirty = True
            if not self.timer.isActive():
                self.timer.start()

    @Slot()
    def _on_timeout(self) -> None:
        if self.dirty and self.controller.is_open:
            self.backup(backups.TIMED)

    @Slot()
    def _on_about_to_close(self) -> None:
        if self.dirty:
            self.backup(backups.ON_CLOSE)

    @Slot(str)
    def _on_backup_elsewhere(self, _path: str) -> None:
        # A backup before an import covers what changed until then.
        self.dirty = False
        self.timer.start()

    def backup(self, reason: str = backups.MANUAL) -> BackupInfo | None:
        """Write a backup now; never raises (a failure is logged and announced)."""
        if not self.controller.is_open or self.controller.is_team:
            # The team server keeps its own log; the hosting laptop writes the file back.
            return None
        try:
            info = backups.make_backup(self.controller.event_file, reason, folder=self.folder())
        except DomainError as exc:
            log.warning("backup failed: %s", exc)
            self.backupFailed.emit(message_for(exc))
            return None
        except OSError as exc:
            log.exception("backup failed")
            text = QCoreApplication.translate("Backups", "No backup could be written: {reason}")
            self.backupFailed.emit(text.format(reason=exc.strerror or str(exc)))
            return None
        self.dirty = False
        self.backupMade.emit(str(info.path))
        return info


def install(window: QMainWindow, controller: EventController, settings: AppSettings) -> BackupScheduler:
    """Start automatic backups for ``window``'s controller and put "Restore from backup…",
    "Back up now" and "Backup folder…" into its menus; returns the scheduler."""
    scheduler = BackupScheduler(controller, settings, parent=window)
    menus = getattr(window, "menus", {})
    file_menu = menus.get("file")
    settings_menu = menus.get("settings")

    def restore() -> None:
        from gdb_facilitator.ui.dialogs.restore_dialog import RestoreDialog

        if controller.path is None:
            return
        dialog = RestoreDialog(controller, controller.path, folders=scheduler.folders(), parent=window)
        dialog.exec()
        dialog.deleteLater()

    def say(text: str) -> None:
        window.statusBar().showMessage(text, 8000)

    def back_up_now() -> None:
        info = scheduler.backup(backups.MANUAL)
        if info is not None:
            say(QCoreApplication.translate("Backups", "Backup written: {path}").format(path=str(info.path)))

    def choose_folder() -> None:
        current = scheduler.folder() or str(controller.path.parent if controller.path else Path.home())
        title = QCoreApplication.translate("Backups", "Folder for backups (e.g. a USB stick)")
        folder = QFileDialog.getExistingDirectory(window, title, current)
        if folder:
            scheduler.set_folder(folder)
            say(QCoreApplication.translate("Backups", "Backups now go to {folder}").format(folder=folder))

    def beside_event() -> None:
        scheduler.set_folder(None)
        say(QCoreApplication.translate("Backups", "Backups now go to a folder beside the event file"))

    quit_action = getattr(window, "actions_by_id", {}).get("quit")
    actions = []
    for object_name, source, handler, menu, needs_event in (
            ("action_restore_backup", QT_TRANSLATE_NOOP("Backups", "Restore from &backup…"),
             restore, file_menu, True),
            ("action_backup_now", QT_TRANSLATE_NOOP("Backups", "Back &up now"),
             back_up_now, file_menu, True),
            ("action_backup_folder", QT_TRANSLATE_NOOP("Backups", "Backup &folder…"),
             choose_folder, settings_menu, False),
            ("action_backup_beside", QT_TRANSLATE_NOOP("Backups", "Backups beside the event file"),
             beside_event, settings_menu, False)):
        action = QAction(QCoreApplication.translate("Backups", source), window)
        retranslate.keep_translated(action, "setText", "Backups", source)
        action.setObjectName(object_name)
        action.triggered.connect(lambda _c=False, h=handler: h())
        if needs_event:
            action.setEnabled(controller.is_open)
            controller.eventOpened.connect(lambda _p, a=action: a.setEnabled(True))
            controller.eventClosed.connect(lambda a=action: a.setEnabled(False))
        if menu is file_menu and quit_action is not None:
            menu.insertAction(quit_action, action)
        elif menu is not None:
            menu.addAction(action)
        actions.append(action)
    if file_menu is not None and quit_action is not None:
        file_menu.insertSeparator(quit_action)
    scheduler.actions = actions  # type: ignore[attr-defined]
    scheduler.backupFailed.connect(lambda text: window.statusBar().showMessage(text, 15000))
    return scheduler
