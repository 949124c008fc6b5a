"""Pairs of people to seat apart or together: undo commands, the list model, and the marks
the Tables page's cards show beside a person who has a pair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from gdb_facilitator.core.db.models import PairKind
from gdb_facilitator.core.services import pairs as svc
from gdb_facilitator.core.services.pairs import PairPlace, PairRow
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand

Index = QModelIndex | QPersistentModelIndex
PairRole = Qt.ItemDataRole.UserRole + 1

GOOD, WARN, BAD = "#1B7F3B", "#8A4B00", "#B00020"
TOGETHER_MARK, APART_MARK = "⇄", "≠"
# The same tables as the team mode's change notice for attendee_pairs.
PAIR_CHANGES = Changes.ATTENDEES | Changes.SEATS


def kind_label(kind: PairKind) -> str:
    if PairKind(kind) is PairKind.KEEP_TOGETHER:
        return QCoreApplication.translate("Pairs", "keep together")
    return QCoreApplication.translate("Pairs", "keep apart")


# -- undo ----------------------------------------------------------------------------------

class AddPairCommand(ServiceCommand):
    """Add a pair; undo removes it, redo adds it again."""

    changes = PAIR_CHANGES

    def __init__(self, controller: EventController, first_id: int, first_name: str, second_id: int,
                 second_name: str, kind: PairKind) -> None:
        text = (QCoreApplication.translate("Undo", "Keep {first} and {second} together")
                if PairKind(kind) is PairKind.KEEP_TOGETHER
                else QCoreApplication.translate("Undo", "Keep {first} and {second} apart"))
        super().__init__(controller, text.format(first=first_name, second=second_name))
        self.first_id, self.second_id, self.kind = first_id, second_id, PairKind(kind)
        self.result: PairRow | None = None

    def do(self) -> None:
        self.result = self.call(svc.add_pair, self.first_id, self.second_id, self.kind)

    def revert(self) -> None:
        self.call(svc.remove_pair, self.first_id, self.second_id)


class RemovePairsCommand(ServiceCommand):
    """Remove one or more pairs as one step; undo brings them back with their kinds.
    All or nothing: when one has gone meanwhile, the others stay."""

    changes = PAIR_CHANGES

    def __init__(self, controller: EventController, rows: list[PairRow]) -> None:
        if len(rows) == 1:
            text = QCoreApplication.translate("Undo", "Remove the pair {first} – {second}").format(
                first=rows[0].first_name, second=rows[0].second_name)
        else:
            text = QCoreApplication.translate("Undo", "Remove {count} pairs").format(count=len(rows))
        super().__init__(controller, text)
        self.rows = list(rows)

    def do(self) -> None:
        done: list[PairRow] = []
        try:
            for row in self.rows:
                self.call(svc.remove_pair, row.first_id, row.second_id)
                done.append(row)
        except Exception:
            for row in reversed(done):
                self.call(svc.add_pair, row.first_id, row.second_id, row.kind)
            raise

    def revert(self) -> None:
        for row in self.rows:
            self.call(svc.add_pair, row.first_id, row.second_id, row.kind)


# -- what the current plan does with a pair --------------------------------------------------

def plan_verdict(kind: PairKind, places: list[PairPlace]) -> tuple[bool | None, str]:
    """(kept?, a short text) for the list: None when there is no plan that seats both."""
    judged = [p for p in places if p.kept(kind) is not None]
    broken = [p for p in judged if not p.kept(kind)]
    if not places:
        return None, QCoreApplication.translate("Pairs", "no plan yet")
    if not judged:
        return None, QCoreApplication.translate("Pairs", "not both seated yet")
    if not broken:
        return True, QCoreApplication.translate("Pairs", "✓ kept in the current plan")
    text = QCoreApplication.translate("Pairs", "not kept: {rounds}")
    return False, text.format(rounds=", ".join(where(kind, p) for p in broken))


def where(kind: PairKind, place: PairPlace) -> str:
    if PairKind(kind) is PairKind.KEEP_APART:
        text = QCoreApplication.translate("Pairs", "round {round}, both at table {table}")
        return text.format(round=place.round, table=place.first_table)
    text = QCoreApplication.translate("Pairs", "round {round}, tables {first} and {second}")
    return text.format(round=place.round, first=place.first_table, second=place.second_table)


def added_message(row: PairRow, places: list[PairPlace]) -> tuple[str, str]:
    """What the user reads after adding a pair: whether the plan that exists honours it, and
    that seats do not change by themselves. Returns (text, feedback kind)."""
    together = row.kind is PairKind.KEEP_TOGETHER
    if together:
        head = QCoreApplication.translate("Pairs", "{first} and {second} are to sit together.")
    else:
        head = QCoreApplication.translate("Pairs", "{first} and {second} are to sit apart.")
    head = head.format(first=row.first_name, second=row.second_name) + " "
    kept, _text = plan_verdict(row.kind, places)
    if not places:
        return head + QCoreApplication.translate("Pairs", "“Plan seating…” honours the pair."), "ok"
    if kept is None:
        return head + QCoreApplication.translate(
            "Pairs", "The plan does not seat both of them yet; “Plan seating…” and “Seat latecomers” "
            "honour the pair."), "ok"
    if kept:
        if together:
            return head + QCoreApplication.translate("Pairs", "The current plan already seats them together."), "ok"
        return head + QCoreApplication.translate("Pairs", "The current plan already seats them apart."), "ok"
    broken = [p for p in places if p.kept(row.kind) is False]
    text = head + QCoreApplication.translate(
        "Pairs", "The current plan does not: {places}. Seats do not change by themselves: the next "
        "“Plan seating…” honours the pair in the rounds that have not started.").format(
        places=", ".join(where(row.kind, p) for p in broken))
    started = [str(p.round) for p in broken if p.started]
    if started:
        text += " " + QCoreApplication.translate(
            "Pairs", "Where a round has started (round {rounds}), move one of them by hand.").format(
            rounds=", ".join(started))
    return text, "warn"


# -- the list -------------------------------------------------------------------------------

COL_FIRST, COL_KIND, COL_SECOND, COL_PLAN = range(4)


class PairListModel(QAbstractTableModel):
    """All pairs with both names, the kind, and what the current plan does with them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PairRow] = []
        self._verdicts: list[tuple[bool | None, str]] = []

    def set_rows(self, rows: list[PairRow], verdicts: list[tuple[bool | None, str]]) -> None:
        if rows == self._rows and verdicts == self._verdicts:
            return
        self.beginResetModel()
        self._rows, self._verdicts = list(rows), list(verdicts)
        self.endResetModel()

    def rows(self) -> list[PairRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (QCoreApplication.translate("Pairs", "Person"), QCoreApplication.translate("Pairs", "Rule"),
                    QCoreApplication.translate("Pairs", "Person"),
                    QCoreApplication.translate("Pairs", "Current plan"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        kept, verdict = self._verdicts[index.row()] if index.row() < len(self._verdicts) else (None, "")
        if role == PairRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_FIRST:
                return row.first_name
            if col == COL_SECOND:
                return row.second_name
            if col == COL_KIND:
                mark = TOGETHER_MARK if row.kind is PairKind.KEEP_TOGETHER else APART_MARK
                return f"{mark} {kind_label(row.kind)}"
            return verdict
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_PLAN and kept is not None:
            return QColor(GOOD if kept else BAD)
        return None


# -- marks on the cards -----------------------------------------------------------------------

@dataclass(frozen=True)
class PairMark:
    """One pair of one person, as the card shows it in the round on screen."""

    kind: PairKind
    partner: str
    partner_table: int | None  # None: the partner has no seat in this round
    kept: bool | None  # None: one of them has no seat

    @property
    def symbol(self) -> str:
        return TOGETHER_MARK if self.kind is PairKind.KEEP_TOGETHER else APART_MARK

    @property
    def colour(self) -> str:
        if self.kept is False:
            return BAD
        return GOOD if self.kind is PairKind.KEEP_TOGETHER and self.kept else ""

    def short(self) -> str:
        """"⇄ Lars Sørensen" on the card's second line; where it goes wrong, why."""
        text = f"{self.symbol} {self.partner}"
        if self.kept is False and self.kind is PairKind.KEEP_APART:
            return QCoreApplication.translate("Pairs", "{mark} same table!").format(mark=text)
        if self.kept is False:
            return QCoreApplication.translate("Pairs", "{mark} at table {table}").format(mark=text, table=self.partner_table)
        return text

    def sentence(self) -> str:
        if self.kind is PairKind.KEEP_TOGETHER:
            text = QCoreApplication.translate("Pairs", "Keep together with {name}").format(name=self.partner)
        else:
            text = QCoreApplication.translate("Pairs", "Keep apart from {name}").format(name=self.partner)
        if self.kept is False and self.kind is PairKind.KEEP_APART:
            return text + ": " + QCoreApplication.translate("Pairs", "not kept, both sit at this table")
        if self.kept is False:
            return text + ": " + QCoreApplication.translate("Pairs", "not kept, {name} sits at table {table}").format(
                name=self.partner, table=self.partner_table)
        if self.kept is None and self.partner_table is None:
            return text + " " + QCoreApplication.translate("Pairs", "(no seat in this round)")
        return text


def pair_marks(pairs: list[PairRow], tables: dict[int, int | None]) -> dict[int, tuple[PairMark, ...]]:
    """Each person's pairs as marks, given everybody's table in the round on screen
    (``tables``: attendee id -> table number, None or absent = no seat). The broken ones first."""
    marks: dict[int, list[PairMark]] = {}
    for p in pairs:
        a, b = tables.get(p.first_id), tables.get(p.second_id)
        kept = None
        if a is not None and b is not None:
            kept = (a == b) if p.kind is PairKind.KEEP_TOGETHER else (a != b)
        marks.setdefault(p.first_id, []).append(PairMark(p.kind, p.second_name, b, kept))
        marks.setdefault(p.second_id, []).append(PairMark(p.kind, p.first_name, a, kept))
    return {aid: tuple(sorted(ms, key=lambda m: (m.kept is not False, m.partner))) for aid, ms in marks.items()}
