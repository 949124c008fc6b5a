"""Two versions of one text: what another device saved meanwhile, and what was typed here.

Shown when a save meets a newer text (core/services/texts.py, TextConflict). Nothing is
lost while it is open: the other device's text is in the file, the text typed here is in
the right-hand box, where it can be merged by hand. "Keep theirs" leaves the file as it
is; "Save this text" writes the right-hand box on top of the other device's version;
closing the dialog keeps both texts, one after the other.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from gdb_facilitator.core.services.texts import TextConflict


class ConflictDialog(QDialog):
    resolved = Signal(object, str)  # the conflict, the text to keep

    @classmethod
    def replace(cls, previous: "ConflictDialog | None", conflict: TextConflict, parent: QWidget,
                on_resolved) -> "ConflictDialog":  # noqa: ANN001
        """Open the dialog for ``conflict`` in place of ``previous`` (one at a time per page)."""
        if previous is not None:
            previous.close()
        dialog = cls(conflict, parent)
        dialog.resolved.connect(on_resolved)
        dialog.open()
        return dialog

    def __init__(self, conflict: TextConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.conflict = conflict
        self.setWindowTitle(self.tr("Changed on another device"))
        intro = QLabel(self.tr(
            "While you were typing, this text was saved on another device (a phone at the table or "
            "another laptop). Both versions are kept until you decide: keep theirs, or edit yours on "
            "the right (copy in what you need from theirs) and save it."))
        intro.setWordWrap(True)
        self.theirs_edit = QPlainTextEdit(conflict.theirs)
        self.theirs_edit.setObjectName("theirsEdit")
        self.theirs_edit.setReadOnly(True)
        self.mine_edit = QPlainTextEdit(conflict.mine)
        self.mine_edit.setObjectName("mineEdit")
        buttons = QDialogButtonBox()
        self.keep_theirs_button = QPushButton(self.tr("Keep theirs"))
        self.keep_theirs_button.setObjectName("keepTheirs")
        self.save_mine_button = QPushButton(self.tr("Save this text"))
        self.save_mine_button.setObjectName("saveMine")
        self.save_mine_button.setDefault(True)
        buttons.addButton(self.keep_theirs_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.save_mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_theirs_button.clicked.connect(self.keep_theirs)
        self.save_mine_button.clicked.connect(self.save_mine)
        grid = QGridLayout(self)
        grid.addWidget(intro, 0, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Saved on the other device")), 1, 0)
        grid.addWidget(QLabel(self.tr("Typed here (edit to merge)")), 1, 1)
        grid.addWidget(self.theirs_edit, 2, 0)
        grid.addWidget(self.mine_edit, 2, 1)
        grid.addWidget(buttons, 3, 0, 1, 2)
        self.resize(820, 420)

    @Slot()
    def keep_theirs(self) -> None:
        self.resolved.emit(self.conflict, self.conflict.theirs)
        self.accept()

    @Slot()
    def save_mine(self) -> None:
        self.resolved.emit(self.conflict, self.mine_edit.toPlainText())
        self.accept()

    def both(self) -> str:
        joint = " / " if self.conflict.ref.field in ("title", "owner", "next_step", "support_needed") else "\n\n"
        return f"{self.conflict.theirs}{joint}{self.mine_edit.toPlainText()}"

    def reject(self) -> None:
        # Closed without a choice (Esc, the window's X): neither text may be lost, so both
        # are kept one after the other, to be tidied up in the form.
        self.resolved.emit(self.conflict, self.both())
        super().reject()
