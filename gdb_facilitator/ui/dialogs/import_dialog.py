"""Importing a registration list: look first, then import in one go.

The dialog reads the file into a preview (nothing is written), shows the rows as they
were understood, which column feeds which field (changeable: the file is re-read with
the choice), what will be added, updated or skipped and why, and every row that cannot
be read. "Import" stays disabled while rows have problems, unless the user ticks
"Import the good rows only". The import itself is one transaction: all or nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.models import Role
from gdb_facilitator.core.errors import DomainError, ImportRejected
from gdb_facilitator.messages import render, render_problem, skip_reason
from gdb_facilitator.ui import settings as keys
from gdb_facilitator.ui.controller import EventController
from gdb_facilitator.ui.i18n import translate
from gdb_facilitator.ui.models.attendee_table import role_label
from gdb_facilitator.ui.settings import AppSettings

log = logging.getLogger(__name__)

PREVIEW_ROWS = 200


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


# The fields a column can feed, in the order a person thinks of them.
FIELD_LABELS: tuple[tuple[str, str], ...] = (
    ("first_name", QT_TRANSLATE_NOOP("ImportDialog", "First name")),
    ("last_name", QT_TRANSLATE_NOOP("ImportDialog", "Last name")),
    ("full_name", QT_TRANSLATE_NOOP("ImportDialog", "Full name (first and last)")),
    ("name_last_first", QT_TRANSLATE_NOOP("ImportDialog", "Name as \"Last, First\"")),
    ("title", QT_TRANSLATE_NOOP("ImportDialog", "Title / salutation")),
    ("email", QT_TRANSLATE_NOOP("ImportDialog", "E-mail")),
    ("order_email", QT_TRANSLATE_NOOP("ImportDialog", "E-mail of the order")),
    ("organisation", QT_TRANSLATE_NOOP("ImportDialog", "Organisation")),
    ("sector", QT_TRANSLATE_NOOP("ImportDialog", "Sector")),
    ("role", QT_TRANSLATE_NOOP("ImportDialog", "Role")),
    ("host_volunteer", QT_TRANSLATE_NOOP("ImportDialog", "Would host a table")),
    ("table", QT_TRANSLATE_NOOP("ImportDialog", "Table")),
    ("comment", QT_TRANSLATE_NOOP("ImportDialog", "Comment")),
    ("registration_id", QT_TRANSLATE_NOOP("ImportDialog", "Registration number")),
    ("order_code", QT_TRANSLATE_NOOP("ImportDialog", "Order code")),
    ("position_id", QT_TRANSLATE_NOOP("ImportDialog", "Position ID")),
    ("status", QT_TRANSLATE_NOOP("ImportDialog", "Registration status")),
    ("together_with", QT_TRANSLATE_NOOP("ImportDialog", "Sits with (partner's registration number)")),
    ("apart_from", QT_TRANSLATE_NOOP("ImportDialog", "Not with (registration number)")),
)

def _t(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def _html(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PreviewModel(QAbstractTableModel):
    """The first rows as the importer understood them."""

    COLUMNS = ("source_row", "first_name", "last_name", "organisation", "sector", "role",
               "table", "email")

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[Any] = []
        self._existing: set[str] = set()

    def set_rows(self, rows: list[Any], existing: set[str]) -> None:
        self.beginResetModel()
        self._rows = rows[:PREVIEW_ROWS]
        self._existing = existing
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, ANN001, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, ANN001, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802, E501
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (QCoreApplication.translate("ImportDialog", "Row"), QCoreApplication.translate("ImportDialog", "First name"), QCoreApplication.translate("ImportDialog", "Last name"), QCoreApplication.translate("ImportDialog", "Organisation"), QCoreApplication.translate("ImportDialog", "Sector"),
                QCoreApplication.translate("ImportDialog", "Role"), QCoreApplication.translate("ImportDialog", "Table"), QCoreApplication.translate("ImportDialog", "E-mail"))[section]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: ANN401
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "sector":
                if row.sector and row.sector_label and row.sector_label != row.sector:
                    return f"{row.sector}  ({row.sector_label})"
                if not row.sector and row.sector_label:
                    return QCoreApplication.translate("ImportDialog", "? {label}").format(label=row.sector_label)
                return row.sector or ""
            value = getattr(row, key, "")
            if key == "role":
                try:
                    return role_label(Role(value))
                except ValueError:
                    return str(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return (QCoreApplication.translate("ImportDialog", "Already in the event: will be updated") if row.registration_id in self._existing
                    else QCoreApplication.translate("ImportDialog", "New: will be added"))
        return None


class ImportDialog(QDialog):
    def __init__(self, controller: EventController, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import registration list"))
        self.controller = controller
        self.settings = settings
        self.path: Path | None = None
        self.preview: Any = None
        self.overrides: dict[str, str] = {}
        self.summary: Any = None
        self.record: Any = None  # the ImportRecord of the import done here
        # Called when Ctrl+Z later takes the import back (the dialog is gone by then).
        self.on_removed: Any = None
        self._existing: set[str] = set()

        self.file_label = QLabel()
        self.file_label.setObjectName("fileLabel")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setWordWrap(True)
        choose = QPushButton(self.tr("Choose another file…"))
        choose.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        self.format_label = QLabel()
        self.format_label.setObjectName("formatLabel")
        self.format_label.setEnabled(False)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setObjectName("previewView")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().hide()
        self.preview_view.setAlternatingRowColors(True)
        self.preview_view.setWordWrap(False)
        self.preview_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.preview_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview_view.horizontalHeader().setStretchLastSection(True)

        self.mapping_form = QFormLayout()
        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        hint = QLabel(self.tr("Which column of the file holds what. Change a choice and the file is read "
                              "again with it."))
        hint.setWordWrap(True)
        mapping_layout.addWidget(hint)
        mapping_layout.addLayout(self.mapping_form)
        mapping_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(mapping_box)
        self.combos: dict[str, QComboBox] = {}
        self._combo_headers: list[str] | None = None

        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problemList")
        self.problem_list.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview_view, self.tr("Rows"))
        self.tabs.addTab(scroll, self.tr("Columns"))
        self.tabs.addTab(self.problem_list, self.tr("Problems"))

        self.good_rows_check = QCheckBox()
        self.good_rows_check.setObjectName("goodRowsOnly")
        self.good_rows_check.toggled.connect(self._update_buttons)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("People already in the event (same registration number) are updated; "
                              "their check-in stays. An import cannot be undone with Undo."))
        note.setWordWrap(True)
        note.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.format_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.good_rows_check)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(980, 640)
        self._update_buttons()

    # -- reading -----------------------------------------------------------------------
    def choose_file(self) -> bool:
        folder = self.settings.get(keys.LAST_IMPORT_FOLDER) or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the registration list"), folder,
            self.tr("Registration lists (*.csv *.txt *.tsv *.xlsx);;All files (*)"))
        if not path:
            return False
        self.settings.set(keys.LAST_IMPORT_FOLDER, str(Path(path).parent))
        self.load_file(path)
        return True

    def load_file(self, path: str | Path) -> None:
        self.path = Path(path)
        self.overrides = {}
        self.file_label.setText(self.tr("File: {path}").format(path=str(self.path)))
        self._existing = {r.registration_id for r in self.controller.read(_list_attendees)}
        self._read()

    def _read(self) -> None:
        from gdb_facilitator.core.exchange.importers import read_attendees
        from gdb_facilitator.core.services.event import sector_names

        assert self.path is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = read_attendees(self.path, sector_names=self.controller.read(sector_names),
                                     overrides=self.overrides or None)
        except ImportRejected as exc:
            log.info("import preview rejected: %s", exc)
            self._show_rejection(exc)
            return
        except DomainError as exc:
            self._show_rejection(exc)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.preview = preview
        self._show_preview()

    def _show_rejection(self, exc: DomainError) -> None:
        self.preview = None
        self.preview_model.set_rows([], set())
        headline = self.tr("This file cannot be imported.")
        self.summary_label.setText(
            f"<p style='color:#B00020'><b>{_html(headline)}</b></p>"
            f"<p>{_html(render(exc, translate)).replace(chr(10), '<br>')}</p>")
        self.problem_list.clear()
        for problem in getattr(exc, "problems", []):
            self.problem_list.addItem(render_problem(problem, translate))
        self.tabs.setTabText(2, self.tr("Problems ({n})").format(n=self.problem_list.count()))
        self.format_label.setText("")
        self._update_buttons()

    def _show_preview(self) -> None:
        p = self.preview
        parts = []
        if p.encoding:
            parts.append(self.tr("encoding {encoding}").format(encoding=p.encoding))
        if p.delimiter:
            shown = {";": self.tr("semicolon"), ",": self.tr("comma"), "\t": self.tr("tab")}.get(
                p.delimiter, p.delimiter)
            parts.append(self.tr("separated by {delimiter}").format(delimiter=shown))
        if p.header_row:
            parts.append(self.tr("headings in row {row}").format(row=p.header_row))
        else:
            parts.append(self.tr("no heading row: one name per line"))
        self.format_label.setText(", ".join(parts))
        self.preview_model.set_rows(p.rows, self._existing)
        self.preview_view.resizeColumnsToContents()
        for col in range(self.preview_model.columnCount()):
            if self.preview_view.columnWidth(col) > 260:
                self.preview_view.setColumnWidth(col, 260)
        self._fill_mapping()
        self._fill_problems()
        self.summary_label.setText(self._summary_html())
        self._update_buttons()

    def _fill_mapping(self) -> None:
        p = self.preview
        labels = dict(FIELD_LABELS)
        topic_fields = sorted((f for f in p.mapping if f.startswith("topic_")),
                              key=lambda f: int(f.split("_")[1]))
        wanted = [f for f, _ in FIELD_LABELS] + topic_fields
        headers = [h for h in p.headers if h]
        if list(self.combos) != wanted or self._combo_headers != headers:
            self._rebuild_combos(wanted, headers, labels)
        for fld, combo in self.combos.items():
            # This may run inside a combo's own signal: update in place, never delete it here.
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(p.mapping.get(fld, "")), 0))
            combo.blockSignals(False)

    def _rebuild_combos(self, fields: list[str], headers: list[str], labels: dict[str, str]) -> None:
        while self.mapping_form.rowCount():
            taken = self.mapping_form.takeRow(0)
            for item in (taken.labelItem, taken.fieldItem):
                if item is not None and item.widget() is not None:
                    item.widget().hide()
                    item.widget().deleteLater()
        self.combos = {}
        self._combo_headers = headers
        for fld in fields:
            combo = QComboBox()
            combo.setObjectName(f"map_{fld}")
            combo.addItem(self.tr("(not used)"), "")
            for header in headers:
                combo.addItem(header, header)
            combo.currentIndexChanged.connect(lambda _i, f=fld, c=combo: self.set_mapping(f, c.currentData()))
            if fld.startswith("topic_"):
                label = self.tr("Topic choice {n}").format(n=fld.split("_")[1])
            else:
                label = _t(labels[fld])
            self.combos[fld] = combo
            self.mapping_form.addRow(label, combo)
        if not headers:
            self.mapping_form.addRow(QLabel(self.tr("This file has no headings: every line is one name.")))

    def set_mapping(self, fld: str, header: str) -> None:
        """Feed ``fld`` from the column ``header`` ("" = not used) and read the file again."""
        self.overrides[fld] = header or ""
        # Keep the user's earlier choices and pin the rest to what is shown now, so that
        # re-reading cannot quietly move another field.
        if self.preview is not None:
            for other, current in self.preview.mapping.items():
                self.overrides.setdefault(other, current)
        self._read()

    def _fill_problems(self) -> None:
        p = self.preview
        self.problem_list.clear()
        for problem in p.problems:
            self.problem_list.addItem(render_problem(problem, translate))
        for warning in getattr(p, "warnings", []):
            self.problem_list.addItem(self.tr("Note: {text}").format(text=render_problem(warning, translate)))
        self.tabs.setTabText(2, self.tr("Problems ({n})").format(n=len(p.problems)))
        bad = len(getattr(p, "problem_rows", None) or {pr.row for pr in p.problems if pr.row})
        self.good_rows_check.setVisible(bool(p.problems))
        self.good_rows_check.setChecked(False)
        self.good_rows_check.setText(self.tr(
            "Import the good rows only (leave out {n} rows with problems)").format(n=bad))

    def counts(self) -> tuple[int, int]:
        """(to add, to update) for the current preview."""
        if self.preview is None:
            return 0, 0
        update = sum(1 for r in self.preview.rows if r.registration_id in self._existing)
        return len(self.preview.rows) - update, update

    def _summary_html(self) -> str:
        p = self.preview
        add, update = self.counts()
        lines = [self.tr("<b>{add}</b> to add, <b>{update}</b> to update").format(add=add, update=update)]
        if p.skipped:
            reasons = ", ".join(f"{n} {_html(skip_reason(k, translate))}" for k, n in sorted(p.skipped.items()))
            lines.append(self.tr("Skipped: {reasons}").format(reasons=reasons))
        if p.duplicates:
            pairs = ", ".join(self.tr("row {repeat} repeats row {first}").format(first=a, repeat=b)
                              for a, b in p.duplicates[:12])
            more = "…" if len(p.duplicates) > 12 else ""
            lines.append(self.tr("Duplicates (not imported twice): {pairs}").format(pairs=pairs + more))
        if p.unmatched_sectors:
            labels = ", ".join(f"„{_html(k)}“ ({n}×)" for k, n in p.unmatched_sectors.items())
            lines.append(self.tr("Sector not recognised, imported without sector: {labels}").format(labels=labels))
        if p.dropped_columns:
            lines.append(self.tr("Columns not imported (not needed): {columns}").format(
                columns=_html(", ".join(p.dropped_columns))))
        lines += self._pair_lines()
        if p.problems:
            rows = getattr(p, "problem_rows", None) or sorted({pr.row for pr in p.problems if pr.row})
            lines.append("<span style='color:#B00020'><b>" + _html(self.tr(
                "{n} rows cannot be read: {rows}. See Problems.").format(
                    n=len(rows), rows=", ".join(map(str, rows[:20])) + ("…" if len(rows) > 20 else "")))
                + "</b></span>")
        return "<br>".join(lines)

    def _pair_lines(self) -> list[str]:
        """The pairs the partner columns make, and partners nobody has (the core's words)."""
        from gdb_facilitator.core.services.imports import preview_pairs

        planned, problems = self.controller.read(preview_pairs, self.preview)
        self._pair_problems = problems
        new = [pp for pp in planned if not pp.exists]
        lines = []
        if new:
            shown = ", ".join(
                (self.tr("{first} + {second}") if pp.kind.value == "together" else self.tr("{first} / {second}"))
                .format(first=_html(pp.first), second=_html(pp.second)) for pp in new[:12])
            lines.append(self.tr("Pairs to add (+ together, / apart): {pairs}").format(
                pairs=shown + ("…" if len(new) > 12 else "")))
        for problem in problems:
            lines.append("<span style='color:#B00020'><b>" + _html(render_problem(problem, translate))
                         + "</b></span>")
        return lines

    def _update_buttons(self) -> None:
        p = self.preview
        ok = p is not None and bool(p.rows) and (not p.problems or self.good_rows_check.isChecked())
        # a partner nobody has refuses the file even with "good rows only"
        ok = ok and not getattr(self, "_pair_problems", None)
        self.import_button.setEnabled(ok)
        if p is not None:
            self.import_button.setText(self.tr("Import {n} people").format(n=len(p.rows)))

    # -- importing -----------------------------------------------------------------------
    def do_import(self) -> None:
        from gdb_facilitator.ui.models.import_commands import ImportAttendeesCommand

        if self.preview is None or not self.import_button.isEnabled():
            return
        command = ImportAttendeesCommand(self.controller, self.preview,
                                         accept_good_rows=self.good_rows_check.isChecked(),
                                         on_removed=self.on_removed)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            command.first_redo()
        except DomainError as exc:
            QApplication.restoreOverrideCursor()
            self._show_rejection(exc)
            return
        QApplication.restoreOverrideCursor()
        # Commands below would describe values the import replaced: the import is the first
        # step of the stack, and one Ctrl+Z takes it back.
        self.controller.undo_stack.clear()
        self.controller.undo_stack.push(command)
        self.summary = command.summary
        self.record = command.record
        log.info("import done: %s", self.summary)
        self.accept()


def _list_attendees(ef: Any) -> list[Any]:
    from gdb_facilitator.core.services.attendees import list_attendees

    return list_attendees(ef)
