"""The topics (problem statements) as a table: title, tables that have it, preferences."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from gdb_facilitator.core.services.topics import TopicDTO
from gdb_facilitator.ui.models.tables_model import QT_TRANSLATE_NOOP, Column, SnapshotTableModel
from gdb_facilitator.ui.i18n import plural

_CENTER = Qt.AlignmentFlag.AlignCenter


class TopicsModel(SnapshotTableModel[TopicDTO]):
    COLUMNS = (
        Column("title", QT_TRANSLATE_NOOP("PreparationModels", "Topic"), True),
        Column("tables", QT_TRANSLATE_NOOP("PreparationModels", "Tables"), False, _CENTER),
        Column("choices", QT_TRANSLATE_NOOP("PreparationModels", "Preferences"), False, _CENTER),
    )

    def display(self, row: TopicDTO, key: str) -> Any:
        if key == "tables":
            return ", ".join(map(str, row.tables)) if row.tables else "–"
        if key == "choices":
            return row.choices or ""
        return row.title

    def extra(self, row: TopicDTO, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "title" and row.problem_statement:
                return row.problem_statement
            if key == "choices":
                return plural("PreparationModels",
                              QT_TRANSLATE_NOOP("PreparationModels", "One person named this topic among their preferences"),
                              QT_TRANSLATE_NOOP("PreparationModels", "{n} people named this topic among their preferences"),
                              row.choices)
        return None
