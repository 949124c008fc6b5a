"""Editing a person and adding a walk-in.

Both dialogs hand their values to a ``save`` callback that calls the service (through
an undo command). A validation error from the service is shown inline next to the
field it concerns, and the dialog stays open; nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.models import Role
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services.attendees import AttendeeRow, SectorInfo
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.attendee_table import role_label

SaveFn = Callable[[dict[str, Any]], None]


def _sector_combo(sectors: list[SectorInfo], current: str, none_text: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(none_text, "")
    for sector in sectors:
        swatch = QPixmap(12, 12)
        swatch.fill(QColor(sector.colour))
        combo.addItem(QIcon(swatch), sector.name, sector.name)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def _organisation_edit(text: str, organisations: list[str]) -> QLineEdit:
    edit = QLineEdit(text)
    completer = QCompleter(organisations, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit


# Name particles stay as typed: "von der Leyen", "de Vries".
_PARTICLES = {"von", "van", "der", "den", "de", "del", "di", "da", "du", "zu", "zur", "la", "le", "ten", "ter"}


def _capitalised(word: str) -> str:
    """"kemal" -> "Kemal" (searches are typed in lower case); anything with a capital
    letter, and name particles, as typed."""
    if word != word.lower() or word in _PARTICLES:
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


class _FormDialog(QDialog):
    """Shared behaviour: an inline error line, and a field to focus for each error."""

    def __init__(self, save: SaveFn, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._save = save
        self.fields: dict[str, QWidget] = {}
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #B00020; font-weight: bold;")
        self.error_label.hide()
        self.default_button: QPushButton | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        # Set once the button lives in this dialog; earlier, QDialog picks its own default.
        if self.default_button is not None:
            self.default_button.setDefault(True)
        super().showEvent(event)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def accept(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        try:
            self._save(self.values())
        except DomainError as exc:
            self.show_error(exc)
            return
        super().accept()

    def show_error(self, exc: DomainError) -> None:
        self.error_label.setText(message_for(exc))
        self.error_label.show()
        field = exc.params.get("field") if isinstance(exc, ValidationError) else None
        widget = self.fields.get(str(field)) if field else None
        if widget is not None:
            widget.setStyleSheet("border: 2px solid #B00020;")
            widget.setFocus()


class AttendeeDialog(_FormDialog):
    def __init__(self, row: AttendeeRow, sectors: list[SectorInfo], organisations: list[str],
                 save: SaveFn, parent: QWidget | None = None) -> None:
        super().__init__(save, parent)
        self.setObjectName("attendeeDialog")
        self.row = row
        self.setWindowTitle(self.tr("Edit {name}").format(name=row.full_name or row.registration_id))
        self.title_edit = QLineEdit(row.title)
        self.first_edit = QLineEdit(row.first_name)
        self.last_edit = QLineEdit(row.last_name)
        self.email_edit = QLineEdit(row.email)
        self.org_edit = _organisation_edit(row.organisation, organisations)
        self.sector_combo = _sector_combo(sectors, row.sector, self.tr("(no sector)"))
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role_label(role), role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(row.role.value))
        self.host_check = QCheckBox(self.tr("Would like to host a table"))
        self.host_check.setChecked(row.host_volunteer)
        self.table_spin = QSpinBox()
        self.table_spin.setRange(0, 999)
        self.table_spin.setSpecialValueText(self.tr("not pinned"))
        self.table_spin.setValue(row.pinned_table or 0)
        self.comment_edit = QPlainTextEdit(row.comment)
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(70)
        self.fields = {
            "title": self.title_edit, "first_name": self.first_edit, "last_name": self.last_edit,
            "email": self.email_edit, "organisation": self.org_edit, "sector": self.sector_combo,
            "role": self.role_combo, "pinned_table": self.table_spin, "comment": self.comment_edit,
        }
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("First name"), self.first_edit)
        form.addRow(self.tr("Last name"), self.last_edit)
        form.addRow(self.tr("E-mail"), self.email_edit)
        form.addRow(self.tr("Organisation"), self.org_edit)
        form.addRow(self.tr("Sector"), self.sector_combo)
        form.addRow(self.tr("Role"), self.role_combo)
        form.addRow("", self.host_check)
        form.addRow(self.tr("Pinned to table"), self.table_spin)
        form.addRow(self.tr("Comment"), self.comment_edit)
        reg = QLabel(self.tr("Registration number: {id}").format(id=row.registration_id))
        reg.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.default_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(reg)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def values(self) -> dict[str, Any]:
        """Only the fields that differ from the row, so undo restores exactly those."""
        new = {
            "title": self.title_edit.text(),
            "first_name": self.first_edit.text(),
            "last_name": self.last_edit.text(),
            "email": self.email_edit.text(),
            "organisation": self.org_edit.text(),
            "sector": self.sector_combo.currentData() or None,
            "role": Role(self.role_combo.currentData()),
            "host_volunteer": self.host_check.isChecked(),
            "pinned_table": self.table_spin.value() or None,
            "comment": self.comment_edit.toPlainText(),
        }
        old = {
            "title": self.row.title, "first_name": self.row.first_name, "last_name": self.row.last_name,
            "email": self.row.email, "organisation": self.row.organisation,
            "sector": self.row.sector or None, "role": self.row.role,
            "host_volunteer": self.row.host_volunteer, "pinned_table": self.row.pinned_table,
            "comment": self.row.comment,
        }
        return {k: v for k, v in new.items() if v != old[k]}


class WalkInDialog(_FormDialog):
    """Quick entry at the desk: name, organisation, sector; Enter saves."""

    def __init__(self, sectors: list[SectorInfo], organisations: list[str], save: SaveFn,
                 parent: QWidget | None = None, organisation_sectors: dict[str, str] | None = None) -> None:
        super().__init__(save, parent)
        self.setObjectName("walkInDialog")
        # A known organisation brings its sector along, unless the sector was picked by hand.
        self._org_sectors = {name.casefold(): sector for name, sector in (organisation_sectors or {}).items()}
        self._sector_by_hand = False
        self.setWindowTitle(self.tr("Walk-in registration"))
        intro = QLabel(self.tr("Someone came without registering. They are checked in at once."))
        intro.setWordWrap(True)
        self.first_edit = QLineEdit()
        self.last_edit = QLineEdit()
        self.org_edit = _organisation_edit("", organisations)
        self.sector_combo = _sector_combo(sectors, "", self.tr("(no sector)"))
        self.sector_combo.activated.connect(self._sector_picked)
        self.org_edit.textChanged.connect(self._organisation_changed)
        completer = self.org_edit.completer()
        if completer is not None:
            completer.activated.connect(self._organisation_changed)
        self.fields = {"first_name": self.first_edit, "last_name": self.last_edit,
                       "organisation": self.org_edit, "sector": self.sector_combo}
        form = QFormLayout()
        form.addRow(self.tr("First name"), self.first_edit)
        form.addRow(self.tr("Last name"), self.last_edit)
        form.addRow(self.tr("Organisation"), self.org_edit)
        form.addRow(self.tr("Sector"), self.sector_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        # Enter adds, checks in and seats the person at once; "Add only" leaves the seat for later.
        self.add_only_button = buttons.addButton(self.tr("Add only"), QDialogButtonBox.ButtonRole.ActionRole)
        self.add_only_button.setObjectName("addOnly")
        self.save_button = buttons.addButton(self.tr("Add and seat"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("addAndSeat")
        self.save_button.setToolTip(self.tr("Checks them in and gives them a seat in the current plan; nobody else moves"))
        self.default_button = self.save_button
        self.seat = True
        self.save_button.clicked.connect(lambda: self._add(seat=True))
        self.add_only_button.clicked.connect(lambda: self._add(seat=False))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _sector_picked(self, _index: int) -> None:
        self._sector_by_hand = True

    def _organisation_changed(self, text: str) -> None:
        if self._sector_by_hand:
            return
        sector = self._org_sectors.get(" ".join(text.split()).casefold())
        if sector is not None:
            index = self.sector_combo.findData(sector)
            if index >= 0:
                self.sector_combo.setCurrentIndex(index)

    def prefill_from_search(self, text: str) -> None:
        """The search text is usually the name of the person standing at the desk.

        Two or more words: the last is the family name, the rest the first name(s). One
        word: most people are looked up by their family name, so it goes there and the
        first name is left empty for typing (nothing is appended to the search text)."""
        words = [_capitalised(w) for w in text.split()]
        if not words:
            return
        if len(words) > 1:
            self.first_edit.setText(" ".join(words[:-1]))
            self.last_edit.setText(words[-1])
            self.focus_field = self.org_edit
        else:
            self.last_edit.setText(words[0])
            self.focus_field = self.first_edit

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        field = getattr(self, "focus_field", None) or self.first_edit
        field.setFocus()
        field.selectAll()

    def _add(self, *, seat: bool) -> None:
        self.seat = seat
        self.accept()

    def values(self) -> dict[str, Any]:
        return {
            "seat": self.seat,
            "first_name": self.first_edit.text(),
            "last_name": self.last_edit.text(),
            "organisation": self.org_edit.text(),
            "sector": self.sector_combo.currentData() or None,
        }
