"""Before the Decidim export: the space's own results export and the status ids.

Decidim updates a result only by its id, and takes a status only as the numeric id it has
in that space. The dialog loads the space's results export (the CSV Decidim writes) and
shows what it taught: how many results are ideas of this event, and the status ids in use.
A status no result uses yet gets its id by hand. The last file and the hand-given ids are
remembered, so after the 100-day check-in the export is one click again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.models import IdeaStatus
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.exchange.decidim import DEFAULT_STATUS_KEYS, SpaceResults, read_space_results
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.settings import AppSettings, Key

RESULTS_EXPORT = Key[str]("decidim/results_export", "")
STATUS_IDS = Key[str]("decidim/status_ids", "")  # "implemented=4;in_progress=8"


def parse_status_ids(text: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in text.split(";"))
    return {k.strip(): v.strip() for k, _sep, v in pairs if k.strip() and v.strip().isdigit()}


class DecidimExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decidimDialog")
        self.setWindowTitle(self.tr("Export for Decidim"))
        self.settings = AppSettings()
        self.space: SpaceResults | None = None

        intro = QLabel(self.tr(
            "Decidim updates a result only when the file names its id. Load the results export of the "
            "Decidim space (in Decidim: Results → Export → CSV) after the first import: ideas already "
            "there are then updated instead of created twice. The first time, leave it empty."))
        intro.setWordWrap(True)

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("decidimResultsPath")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("No results export loaded: every idea becomes a new result"))
        choose = QPushButton(self.tr("&Load results export…"))
        choose.setObjectName("decidimChoose")
        choose.clicked.connect(self.choose_file)
        self.clear_button = QPushButton(self.tr("&Forget"))
        self.clear_button.setObjectName("decidimForget")
        self.clear_button.clicked.connect(self.forget_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(choose)
        file_row.addWidget(self.clear_button)
        self.summary = QLabel()
        self.summary.setObjectName("decidimSummary")
        self.summary.setWordWrap(True)

        statuses = QGroupBox(self.tr("Status ids of the space"))
        form = QFormLayout(statuses)
        hint = QLabel(self.tr("Filled from the results export where a result has the status; type the id of a "
                              "status that no result uses yet (Decidim: Statuses, the number in the edit link)."))
        hint.setWordWrap(True)
        form.addRow(hint)
        names = {IdeaStatus.DONE: self.tr("done"), IdeaStatus.IN_PROGRESS: self.tr("in progress"),
                 IdeaStatus.NOT_STARTED: self.tr("not started"), IdeaStatus.DROPPED: self.tr("dropped")}
        saved = parse_status_ids(self.settings.get(STATUS_IDS))
        self.status_edits: dict[str, QLineEdit] = {}
        for status, name in names.items():
            key = DEFAULT_STATUS_KEYS[status]
            edit = QLineEdit(saved.get(key, ""))
            edit.setObjectName(f"decidimStatus_{key}")
            edit.setValidator(QIntValidator(1, 2_000_000_000, edit))
            edit.setMaximumWidth(120)
            self.status_edits[key] = edit
            form.addRow(self.tr("{name} (key “{key}”):").format(name=name, key=key), edit)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(statuses)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

        last = self.settings.get(RESULTS_EXPORT)
        if last and Path(last).is_file():
            self.load(Path(last))
        else:
            self._show_summary(None)

    @Slot()
    def choose_file(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Results export of the Decidim space"), start,
                                                    self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self.load(Path(path))

    @Slot()
    def forget_file(self) -> None:
        self.space = None
        self.path_edit.clear()
        self.settings.set(RESULTS_EXPORT, "")
        self._show_summary(None)

    def load(self, path: Path) -> bool:
        try:
            space = read_space_results(path)
        except DomainError as exc:
            self.space = None
            self.path_edit.setText(str(path))
            self.summary.setText(message_for(exc))
            self.summary.setStyleSheet("color: #B00020; font-weight: bold;")
            return False
        self.space = space
        self.path_edit.setText(str(path))
        self.settings.set(RESULTS_EXPORT, str(path))
        for key, status_id in space.status_ids.items():
            edit = self.status_edits.get(key)
            if edit is not None and not edit.text():
                edit.setText(status_id)
        self._show_summary(space)
        return True

    def _show_summary(self, space: SpaceResults | None) -> None:
        self.summary.setStyleSheet("")
        self.clear_button.setEnabled(space is not None)
        if space is None:
            self.summary.setText("")
            return
        known = ", ".join(f"{k} = {v}" for k, v in sorted(space.status_ids.items())) or self.tr("none")
        self.summary.setText(self.tr(
            "{known} of the space's {total} results are ideas of this event; they will be updated. "
            "Statuses in use: {statuses}.").format(known=len(space.results), total=space.rows, statuses=known))

    def status_ids(self) -> dict[str, str]:
        """The ids in the form, which win over the ones in the export."""
        return {key: edit.text().strip() for key, edit in self.status_edits.items() if edit.text().strip()}

    def accept(self) -> None:
        learned = self.space.status_ids if self.space else {}
        by_hand = {k: v for k, v in self.status_ids().items() if learned.get(k) != v}
        self.settings.set(STATUS_IDS, ";".join(f"{k}={v}" for k, v in sorted(by_hand.items())))
        super().accept()
