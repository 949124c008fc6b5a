"""Creating a new event file: a title, the date, how many tables, and where to keep it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.engine import EVENT_SUFFIX
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.ui.errors import message_for


def file_name_for(title: str) -> str:
    stem = re.sub(r"[^\w\-]+", "-", title.strip(), flags=re.UNICODE).strip("-") or "event"
    return stem[:60] + EVENT_SUFFIX


class NewEventDialog(QDialog):
    def __init__(self, folder: str, create: Callable[[Path, str, date | None, int, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newEventDialog")
        self.setWindowTitle(self.tr("New event"))
        self._create = create
        self._folder = Path(folder) if folder else Path.home()
        self._path_chosen = False
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("e.g. Annual conference 2026"))
        self.title_edit.textChanged.connect(self._suggest_path)
        self.date_check = QCheckBox(self.tr("Date known"))
        self.date_check.setChecked(True)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_check.toggled.connect(self.date_edit.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.date_check)
        date_row.addStretch(1)
        self.tables_spin = QSpinBox()
        self.tables_spin.setRange(0, 500)
        self.tables_spin.setValue(0)
        self.tables_spin.setSpecialValueText(self.tr("later"))
        # The event's own time zone, this laptop's by default; type to search ("berl").
        from PySide6.QtCore import Qt

        from gdb_facilitator.core.timezones import all_zone_names, laptop_zone_name

        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("zoneCombo")
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(all_zone_names())
        self.zone_combo.setCurrentText(laptop_zone_name())
        completer = self.zone_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_path_chosen", True))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Date"), date_row)
        form.addRow(self.tr("Tables"), self.tables_spin)
        form.addRow(self.tr("Time zone"), self.zone_combo)
        form.addRow(self.tr("Event file"), path_row)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #B00020; font-weight: bold;")
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.addButton(self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(self.tr("One file holds the whole event. Keep it on this laptop or a USB stick."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._suggest_path("")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.create_button.setDefault(True)
        super().showEvent(event)

    def _suggest_path(self, title: str) -> None:
        if not self._path_chosen:
            self.path_edit.setText(str(self._folder / file_name_for(title)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the event file as"), self.path_edit.text(),
            self.tr("Event files (*{suffix})").format(suffix=EVENT_SUFFIX))
        if path:
            if not path.endswith(EVENT_SUFFIX):
                path += EVENT_SUFFIX
            self.path_edit.setText(path)
            self._path_chosen = True

    def accept(self) -> None:
        path = Path(self.path_edit.text().strip())
        if path.suffix != EVENT_SUFFIX:
            path = path.with_name(path.name + EVENT_SUFFIX)
        event_date = self.date_edit.date().toPython() if self.date_check.isChecked() else None
        try:
            self._create(path, self.title_edit.text(), event_date, self.tables_spin.value(),
                         self.zone_combo.currentText().strip())
        except DomainError as exc:
            self.error_label.setText(message_for(exc))
            self.error_label.show()
            return
        super().accept()
