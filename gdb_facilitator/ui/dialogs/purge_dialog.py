"""The confirmation before the personal data of an event is removed for good.

Removing cannot be undone, so the dialog says plainly what goes, what stays and what
the app cannot reach (exports and printouts made earlier), and the button only works
once the user has typed the confirmation word. Cancel is the default button: Enter in
the wrong moment never deletes anything.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.messages import QT_TRANSLATE_NOOP
from gdb_facilitator.ui.i18n import plural


def _folded(text: str) -> str:
    """Case, spaces and umlauts do not matter (LÖSCHEN, Löschen, LOESCHEN, loschen)."""
    text = " ".join(text.split()).casefold()
    spelled = text.replace("ö", "oe").replace("ä", "ae").replace("ü", "ue").replace("ß", "ss")
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return spelled + "|" + bare


def word_matches(typed: str, word: str) -> bool:
    typed_spelled, typed_bare = _folded(typed).split("|")
    word_spelled, word_bare = _folded(word).split("|")
    return bool(typed.strip()) and (typed_spelled == word_spelled or typed_bare == word_bare)


class PurgeDialog(QDialog):
    def __init__(self, *, event_title: str, attendees: int, backup_first: bool, scans: int = 0,
                 names_replaced: int = 0, names_left: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purgeDialog")
        self.setWindowTitle(self.tr("Remove personal data"))
        self.setModal(True)
        # The word the user types; translated, so a German user types LÖSCHEN.
        self.word = self.tr("DELETE")

        heading = QLabel(self.tr("Remove the personal data of “{title}” for good?").format(title=event_title))
        heading.setObjectName("purgeHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)

        backup_line = (self.tr("A backup is made first, in case something goes wrong; once the data is removed, "
                               "that backup is deleted together with every other backup of this event, because "
                               "they all contain the personal data.") if backup_first else
                       self.tr("Every backup of this event is deleted too, because they contain the personal "
                               "data."))
        body = QLabel(
            "<p><b>{deleted_head}</b></p><ul>{deleted}</ul><p><b>{kept_head}</b></p><ul>{kept}</ul>"
            "<p>{names}</p><p>{backups}</p><p><b>{outside}</b></p><p style=\"color:#B00020;\"><b>{undo}</b></p>".format(
                deleted_head=_html(self.tr("What is deleted:")),
                deleted="".join(f"<li>{_html(t)}</li>" for t in (
                    self.tr("the names, titles, e-mail addresses, comments and organisations of all %n "
                            "attendee(s)", "", attendees),
                    self.tr("their topic preferences and who should sit apart or together"),
                    self.tr("who takes on each idea, and who reported at the check-in"),
                    self.tr("the notes of the agenda and the projector message"),
                )),
                kept_head=_html(self.tr("What stays:")),
                kept="".join(f"<li>{_html(t)}</li>" for t in (
                    self.tr("each attendee as an anonymous entry with sector and role, so the counts in the "
                            "documentation still add up"),
                    self.tr("tables, topics, rounds, results, ideas with their check-in history, and the "
                            "team codes for the 100-day check-in"),
                    self.tr("text the teams wrote themselves, except the names replaced in the step "
                            "before"),
                )),
                names=_html(names_summary(names_replaced, names_left)),
                backups=_html(backup_line),
                outside=_html(self.tr("Exports, PDFs and printouts saved elsewhere are not reached: delete "
                                      "those yourself.")),
                undo=_html(self.tr("This cannot be undone.")),
            ))
        body.setObjectName("purgeExplanation")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)

        # Handwriting can hold names, but the pages are the teams' own record: a person decides,
        # nothing is preselected.
        self.scans = scans
        self.scan_choice = QGroupBox(self.tr("The %n scanned worksheet page(s)", "", scans))
        self.scan_choice.setObjectName("purgeScans")
        self.keep_scans = QRadioButton(self.tr("Keep them (they are the teams' own record)"))
        self.keep_scans.setObjectName("keepScans")
        self.delete_scans_button = QRadioButton(self.tr("Delete them too (handwriting can hold names)"))
        self.delete_scans_button.setObjectName("deleteScans")
        choice_layout = QVBoxLayout(self.scan_choice)
        choice_layout.addWidget(self.keep_scans)
        choice_layout.addWidget(self.delete_scans_button)
        self.keep_scans.toggled.connect(lambda _on: self._on_typed(""))
        self.delete_scans_button.toggled.connect(lambda _on: self._on_typed(""))
        self.scan_choice.setVisible(scans > 0)

        prompt = QLabel(self.tr("To confirm, type {word} below:").format(word=f"<b>{_html(self.word)}</b>"))
        prompt.setTextFormat(Qt.TextFormat.RichText)
        prompt.setWordWrap(True)
        self.word_edit = QLineEdit()
        self.word_edit.setObjectName("purgeWord")
        self.word_edit.setPlaceholderText(self.word)
        prompt.setBuddy(self.word_edit)
        self.word_edit.textChanged.connect(self._on_typed)

        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = QPushButton(self.tr("Remove personal data"))
        self.confirm_button.setObjectName("purgeConfirm")
        self.confirm_button.setEnabled(False)
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setStyleSheet("QPushButton:enabled { color: #B00020; font-weight: bold; }")
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button.setDefault(True)
        self.confirm_button.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.scan_choice)
        layout.addWidget(prompt)
        layout.addWidget(self.word_edit)
        layout.addWidget(self.buttons)
        self.resize(560, 540)
        self.word_edit.setFocus()

    @property
    def confirmed(self) -> bool:
        chosen = not self.scans or self.keep_scans.isChecked() or self.delete_scans_button.isChecked()
        return chosen and word_matches(self.word_edit.text(), self.word)

    @property
    def delete_scans(self) -> bool:
        return self.scans > 0 and self.delete_scans_button.isChecked()

    @Slot(str)
    def _on_typed(self, _text: str) -> None:
        self.confirm_button.setEnabled(self.confirmed)

    @Slot()
    def _confirm(self) -> None:
        if self.confirmed:
            self.accept()


def names_summary(replaced: int, left: int) -> str:
    """"3 names in texts replaced, 1 left as it was." for the confirmation and the report."""
    if replaced == left == 0:
        return QCoreApplication.translate("PurgeDialog", "No attendee's name was found in the texts.")
    return (plural("PurgeDialog", QT_TRANSLATE_NOOP("PurgeDialog", "Names in texts: {n} replaced"),
                   QT_TRANSLATE_NOOP("PurgeDialog", "Names in texts: {n} replaced"), replaced) + ", "
            + plural("PurgeDialog", QT_TRANSLATE_NOOP("PurgeDialog", "{n} left as written."),
                     QT_TRANSLATE_NOOP("PurgeDialog", "{n} left as written."), left))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
