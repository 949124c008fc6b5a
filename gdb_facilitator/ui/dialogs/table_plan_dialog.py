"""Importing the organisers' table plan: a preview of the tables, then import or cancel.

The file is read by the core importer (nothing is written while previewing). Rows the
importer cannot use are listed with their row number and reason; the import then takes
the good rows only when the user says so.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.exchange.importers import PlannedTable, TablePlanPreview, read_table_plan
from gdb_facilitator.messages import render_problem
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.i18n import translate

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


class PlanModel(QAbstractTableModel):
    def __init__(self, rows: list[PlannedTable], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows = rows
        self._headers = [self.tr("Table"), self.tr("Name"), self.tr("Topic"), self.tr("Seats")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.number, row.name, row.topic, row.capacity)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class TablePlanDialog(QDialog):
    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tablePlanDialog")
        self.setWindowTitle(self.tr("Import table plan"))
        self.preview: TablePlanPreview | None = None
        self.summary = QLabel()
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.view = QTableView()
        self.view.setObjectName("planView")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("planProblems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(120)
        self.good_only = QCheckBox(self.tr("Import only the good rows"))
        self.good_only.setObjectName("goodRowsOnly")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("planImport")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.good_only.toggled.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.good_only)
        layout.addWidget(self.buttons)
        self.resize(720, 480)
        self._read(path)

    @property
    def good_rows_only(self) -> bool:
        return self.good_only.isChecked()

    def _read(self, path: str) -> None:
        try:
            preview = read_table_plan(path)
        except DomainError as exc:
            log.info("table plan refused: %s", exc)
            self.summary.setText(message_for(exc))
            self.summary.setStyleSheet("color: #B00020; font-weight: bold;")
            for widget in (self.view, self.problems, self.good_only):
                widget.hide()
            self.import_button.setEnabled(False)
            return
        self.preview = preview
        self.view.setModel(PlanModel(preview.rows, self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(self.tr("{count} tables with {seats} seats, {topics} with a topic.").format(
            count=len(preview.rows), seats=preview.seats, topics=preview.with_topic))
        lines = [render_problem(p, translate) for p in preview.problems]
        if preview.dropped_columns:
            lines.append(self.tr("Columns not used: {columns}").format(columns=", ".join(preview.dropped_columns)))
        self.problems.setPlainText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.good_only.setVisible(bool(preview.problems))
        self._update_button()

    def _update_button(self) -> None:
        preview = self.preview
        self.import_button.setEnabled(preview is not None and bool(preview.rows)
                                      and (not preview.problems or self.good_only.isChecked()))
