"""Restoring an event from a backup, and what the app offers when an event file is damaged.

Restoring closes the event, puts the chosen backup in place (the current file is moved
aside, never deleted) and opens the event again. The list shows when each backup was
made, why, and what is in it, read from the backup itself.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core import backups
from gdb_facilitator.core.backups import BackupInfo, RestoreResult
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.ui.controller import EventController
from gdb_facilitator.ui.errors import message_for

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


REASONS = {
    "timed": QT_TRANSLATE_NOOP("Backups", "automatic"),
    "close": QT_TRANSLATE_NOOP("Backups", "when the event was closed"),
    "manual": QT_TRANSLATE_NOOP("Backups", "made by hand"),
    "before-import": QT_TRANSLATE_NOOP("Backups", "before an import"),
    "before-seating": QT_TRANSLATE_NOOP("Backups", "before planning the seats"),
    "before-purge": QT_TRANSLATE_NOOP("Backups", "before removing personal data"),
    "before-restore": QT_TRANSLATE_NOOP("Backups", "before a restore"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("Backups", text)


def reason_text(reason: str) -> str:
    template = REASONS.get(reason)
    return _t(template) if template else reason.replace("-", " ")


def summary_text(info: BackupInfo) -> str:
    s = info.summary
    if s is None:
        return QCoreApplication.translate("Backups", "cannot be read")
    return QCoreApplication.translate(
        "Backups", "{attendees} attendees ({checked_in} checked in), {results} table results, {ideas} ideas"
    ).format(attendees=s.attendees, checked_in=s.checked_in, results=s.results, ideas=s.ideas)


def when_text(info: BackupInfo) -> str:
    return info.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def restore_and_reopen(controller: EventController, backup: BackupInfo | Path, event_path: Path,
                       aside_label: str = "before-restore") -> RestoreResult:
    """Close the event if it is open, restore ``backup`` over it, and open it again.

    Whatever happens, the app ends with the event open if the file can be opened at all:
    if the restore fails, the untouched current file is opened again.
    """
    event_path = Path(event_path)
    if controller.is_open and controller.path is not None and controller.path.resolve() == event_path.resolve():
        controller.close_event()
    try:
        result = backups.restore_backup(backup, event_path, aside_label=aside_label)
    except DomainError:
        try:
            controller.open_event(event_path)
        except DomainError:
            log.warning("the event %s could not be opened again after a failed restore", event_path)
        raise
    controller.open_event(event_path)
    return result


class RestoreDialog(QDialog):
    """The backups of one event, newest first; "Restore" puts the selected one in place."""

    def __init__(self, controller: EventController, event_path: str | Path,
                 folders: tuple[str | None, ...] = (None,), aside_label: str = "before-restore",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from backup"))
        self.controller = controller
        self.event_path = Path(event_path)
        self.aside_label = aside_label
        self.result_: RestoreResult | None = None
        infos = [b for f in folders for b in backups.list_backups(self.event_path, folder=f)]
        infos.sort(key=lambda b: b.made_at, reverse=True)
        self.infos = infos

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Choose the state to go back to. The event as it is now is not deleted: it is kept "
            "beside it under a new name, so nothing is lost if you chose the wrong backup."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QTreeWidget()
        self.list.setObjectName("backupList")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Made"), self.tr("Why"), self.tr("Content")])
        for info in infos:
            item = QTreeWidgetItem([when_text(info), reason_text(info.reason), summary_text(info)])
            item.setToolTip(0, str(info.path))
            if info.summary is None:
                item.setDisabled(True)
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(self.tr("There are no backups of this event yet."))
        self.empty.setVisible(not infos)
        layout.addWidget(self.empty)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("restoreButton")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        first = next((i for i, b in enumerate(infos) if b.summary is not None), None)
        if first is not None:
            self.list.setCurrentItem(self.list.topLevelItem(first))
        self._update()
        self.resize(720, 420)

    def count(self) -> int:
        return len(self.infos)

    def selected(self) -> BackupInfo | None:
        item = self.list.currentItem()
        if item is None:
            return None
        info = self.infos[self.list.indexOfTopLevelItem(item)]
        return info if info.summary is not None else None

    def select(self, row: int) -> None:
        self.list.setCurrentItem(self.list.topLevelItem(row))

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_ = restore_and_reopen(self.controller, info, self.event_path, self.aside_label)
        except DomainError as exc:
            QApplication.restoreOverrideCursor()
            box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), message_for(exc),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("restoreErrorBox")
            box.exec()
            return False
        QApplication.restoreOverrideCursor()
        log.info("restored %s from %s", self.event_path, info.path)
        self.accept()
        return True


def offer_restore(parent: QWidget | None, controller: EventController, event_path: str | Path,
                  error: DomainError, folders: tuple[str | None, ...] = (None,)) -> bool | None:
    """The event file could not be opened: say why and offer the latest good backup.

    Returns None when there is no good backup (the caller shows the plain error), True
    when a backup was restored and the event is open, False when the user declined or
    the restore failed (the user has seen why). The damaged file is moved aside, never
    overwritten.
    """
    event_path = Path(event_path)
    latest = backups.latest_good_backup(event_path, folders=folders)
    if latest is None:
        return None
    title = QCoreApplication.translate("Backups", "The event file cannot be opened")
    box = QMessageBox(QMessageBox.Icon.Warning, title, "", QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("damagedEventBox")
    box.setText(message_for(error))
    box.setInformativeText(QCoreApplication.translate(
        "Backups",
        "The latest good backup is from {when} ({content}). Restore it? The damaged file is kept "
        "as it is, under a new name beside it.").format(when=when_text(latest), content=summary_text(latest)))
    restore = box.addButton(QCoreApplication.translate("Backups", "Restore latest backup"),
                            QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("restoreLatest")
    choose = box.addButton(QCoreApplication.translate("Backups", "Choose a backup…"),
                           QMessageBox.ButtonRole.ActionRole)
    choose.setObjectName("chooseBackup")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore:
        try:
            result = restore_and_reopen(controller, latest, event_path, aside_label="damaged")
        except DomainError as exc:
            QMessageBox.warning(parent, title, message_for(exc))
            return False
        text = QCoreApplication.translate(
            "Backups", "The event was restored from the backup of {when}. The damaged file was kept as {path}.")
        done = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("Backups", "Backup restored"),
                           text.format(when=when_text(latest), path=str(result.moved_aside or "–")),
                           QMessageBox.StandardButton.Ok, parent)
        done.setObjectName("restoredBox")
        done.exec()
        return True
    if clicked is choose:
        dialog = RestoreDialog(controller, event_path, folders=folders, aside_label="damaged", parent=parent)
        accepted = bool(dialog.exec())
        dialog.deleteLater()
        return accepted and controller.is_open
    return False
