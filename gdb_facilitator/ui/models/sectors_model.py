"""The sectors as an editable table: name, colour, and how many people have each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from gdb_facilitator.core.services.sectors import SectorDTO
from gdb_facilitator.ui.models.tables_model import QT_TRANSLATE_NOOP, Column, SnapshotTableModel

_CENTER = Qt.AlignmentFlag.AlignCenter


class SectorsModel(SnapshotTableModel[SectorDTO]):
    COLUMNS = (
        Column("name", QT_TRANSLATE_NOOP("PreparationModels", "Sector"), True),
        Column("colour", QT_TRANSLATE_NOOP("PreparationModels", "Colour")),
        Column("people", QT_TRANSLATE_NOOP("PreparationModels", "People"), False, _CENTER),
    )

    def display(self, row: SectorDTO, key: str) -> Any:
        if key == "colour":
            return row.colour.upper()
        if key == "people":
            return row.people
        return row.name

    def extra(self, row: SectorDTO, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and key == "colour":
            return QColor(row.colour)
        if role == Qt.ItemDataRole.ToolTipRole and key == "colour":
            return QCoreApplication.translate("PreparationModels", "Double-click to choose another colour")
        return None
