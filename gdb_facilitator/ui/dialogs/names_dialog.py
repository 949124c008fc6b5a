"""Before "Remove personal data": the attendees' names in the typed texts, in context.

Every place a name was found is one row: where it is, the text around it with the name in
bold, who it could be, and what replaces it (initials, or the person's role; each cell can
be edited). Ticked rows are replaced in one step (:class:`ReplaceNamesCommand`, Ctrl+Z takes
it back until the purge is confirmed). Everyday words that are also family names ("Koch")
start unticked.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.services import names_in_text as names_svc
from gdb_facilitator.core.services.names_in_text import NameHit, NameReplacement, TextChange
from gdb_facilitator.messages import QT_TRANSLATE_NOOP
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand
from gdb_facilitator.ui.i18n import plural

COL_TICK, COL_WHERE, COL_TEXT, COL_WHO, COL_REPLACEMENT = range(5)
MODE_INITIALS, MODE_ROLE = "initials", "role"

FIELD_LABELS = {
    "result_problem": QT_TRANSLATE_NOOP("NamesDialog", "problem statement"),
    "result_results": QT_TRANSLATE_NOOP("NamesDialog", "results"),
    "idea_title": QT_TRANSLATE_NOOP("NamesDialog", "idea"),
    "idea_description": QT_TRANSLATE_NOOP("NamesDialog", "idea, description"),
    "idea_next_step": QT_TRANSLATE_NOOP("NamesDialog", "idea, next step"),
    "idea_support": QT_TRANSLATE_NOOP("NamesDialog", "idea, support needed"),
    "idea_notes": QT_TRANSLATE_NOOP("NamesDialog", "idea, check-in notes"),
    "update_what_happened": QT_TRANSLATE_NOOP("NamesDialog", "check-in report"),
    "topic_title": QT_TRANSLATE_NOOP("NamesDialog", "topic"),
    "topic_problem": QT_TRANSLATE_NOOP("NamesDialog", "topic, problem statement"),
    "proposal_title": QT_TRANSLATE_NOOP("NamesDialog", "topic proposal"),
    "proposal_problem": QT_TRANSLATE_NOOP("NamesDialog", "topic proposal, problem statement"),
    "table_name": QT_TRANSLATE_NOOP("NamesDialog", "table name"),
    "agenda_title": QT_TRANSLATE_NOOP("NamesDialog", "agenda"),
    "device_log": QT_TRANSLATE_NOOP("NamesDialog", "log of texts from phones"),
}
ROLE_LABELS = {
    "participant": QT_TRANSLATE_NOOP("NamesDialog", "a participant"),
    "host": QT_TRANSLATE_NOOP("NamesDialog", "the table host"),
    "speaker": QT_TRANSLATE_NOOP("NamesDialog", "the speaker"),
    "facilitator": QT_TRANSLATE_NOOP("NamesDialog", "the facilitation team"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("NamesDialog", text)


def where_label(hit: NameHit) -> str:
    parts = []
    if hit.table_number is not None:
        parts.append(QCoreApplication.translate("NamesDialog", "table {n}").format(n=hit.table_number))
    if hit.round_number is not None:
        parts.append(QCoreApplication.translate("NamesDialog", "round {n}").format(n=hit.round_number))
    parts.append(_tr(FIELD_LABELS.get(hit.field, hit.field)))
    if hit.item:
        parts.append(QCoreApplication.translate("NamesDialog", "“{title}”").format(title=hit.item))
    return " · ".join(parts)


def role_label(hit: NameHit) -> str:
    # The words may mean several people: their role only when they all share it.
    roles = set(hit.roles)
    role = roles.pop() if len(roles) == 1 else "participant"
    return _tr(ROLE_LABELS.get(role, ROLE_LABELS["participant"]))


class NameHitsModel(QAbstractTableModel):
    def __init__(self, hits: tuple[NameHit, ...], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.hits = list(hits)
        self.ticked = [hit.likely for hit in hits]
        self.mode = MODE_INITIALS
        self.texts = [hit.initials for hit in hits]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return ("", self.tr("Where"), self.tr("Text"), self.tr("Could be"), self.tr("Replace with"))[section]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_TICK:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == COL_REPLACEMENT:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        hit, col = self.hits[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_TICK:
            return Qt.CheckState.Checked if self.ticked[index.row()] else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_WHERE:
                return where_label(hit)
            if col == COL_TEXT:
                return f"{hit.before}{hit.address}{hit.found}{hit.after}"
            if col == COL_WHO:
                return ", ".join(hit.names)
            if col == COL_REPLACEMENT:
                return self.texts[index.row()]
        if role == Qt.ItemDataRole.UserRole and col == COL_TEXT:
            # rich text for the delegate: the name (and its form of address) in bold
            return (html.escape(hit.before) + "<b>" + html.escape(hit.address + hit.found) + "</b>"
                    + html.escape(hit.after))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TICK and not hit.likely:
            return self.tr("Also an everyday word: ticked only if it is meant as a name here.")
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TEXT:
            return f"{hit.before}{hit.address}{hit.found}{hit.after}"
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802, ANN001
        if not index.isValid():
            return False
        if index.column() == COL_TICK and role == Qt.ItemDataRole.CheckStateRole:
            self.ticked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        elif index.column() == COL_REPLACEMENT and role == Qt.ItemDataRole.EditRole:
            self.texts[index.row()] = str(value)
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.texts = [role_label(h) if mode == MODE_ROLE else h.initials for h in self.hits]
        if self.hits:
            self.dataChanged.emit(self.index(0, COL_REPLACEMENT), self.index(len(self.hits) - 1, COL_REPLACEMENT))

    def set_all(self, ticked: bool) -> None:
        self.ticked = [ticked] * len(self.hits)
        if self.hits:
            self.dataChanged.emit(self.index(0, COL_TICK), self.index(len(self.hits) - 1, COL_TICK))

    def replacements(self) -> list[NameReplacement]:
        # A role stands in for the person, so it replaces "Frau Müller", not only "Müller".
        return [NameReplacement(hit, text, with_address=self.mode == MODE_ROLE and bool(hit.address))
                for hit, text, ticked in zip(self.hits, self.texts, self.ticked) if ticked]

    def ticked_count(self) -> int:
        return sum(self.ticked)


class _RichTextDelegate(QStyledItemDelegate):
    """Draws the context with the name in bold (the model's UserRole HTML)."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(index.data(Qt.ItemDataRole.UserRole) or "")
        doc.setTextWidth(max(option.rect.width(), 50))
        return doc

    def paint(self, painter, option, index) -> None:  # noqa: ANN001
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: ANN001, N802
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class NamesInTextDialog(QDialog):
    """Lists the hits; ``replacements()`` are the ticked ones when it was accepted with
    "Replace"; ``skipped`` when the user goes on without replacing."""

    def __init__(self, hits: tuple[NameHit, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("namesDialog")
        self.setWindowTitle(self.tr("Names in the texts"))
        self.skipped = False
        self.model = NameHitsModel(hits, self)

        intro = QLabel(self.tr(
            "These texts name attendees. Removing the personal data does not change what people "
            "typed, so replace the names here: ticked names are replaced in one step (Ctrl+Z takes it "
            "back until the personal data is removed). Full names and family names are searched; "
            "first names alone are not, since many are everyday words."))
        intro.setObjectName("namesIntro")
        intro.setWordWrap(True)

        self.mode_box = QComboBox()
        self.mode_box.setObjectName("namesMode")
        self.mode_box.addItem(self.tr("Initials"), MODE_INITIALS)
        self.mode_box.addItem(self.tr("Role (table host, speaker, participant)"), MODE_ROLE)
        self.mode_box.currentIndexChanged.connect(self._on_mode)
        mode_label = QLabel(self.tr("&Replace with:"))
        mode_label.setBuddy(self.mode_box)
        tick_all = QPushButton(self.tr("Tick all"))
        tick_all.clicked.connect(lambda: self.model.set_all(True))
        tick_none = QPushButton(self.tr("Untick all"))
        tick_none.clicked.connect(lambda: self.model.set_all(False))
        top = QHBoxLayout()
        top.addWidget(mode_label)
        top.addWidget(self.mode_box)
        top.addStretch(1)
        top.addWidget(tick_all)
        top.addWidget(tick_none)

        self.view = QTableView()
        self.view.setObjectName("namesView")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(COL_TEXT, _RichTextDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TICK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHERE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_WHO, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_REPLACEMENT, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(COL_WHERE, 190)
        self.view.setColumnWidth(COL_WHO, 150)
        self.view.setColumnWidth(COL_REPLACEMENT, 150)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.count_label = QLabel()
        self.count_label.setObjectName("namesCount")
        self.model.dataChanged.connect(self._update_count)

        self.buttons = QDialogButtonBox()
        self.replace_button = QPushButton(self.tr("Replace ticked names"))
        self.replace_button.setObjectName("namesReplace")
        self.replace_button.setDefault(True)
        self.skip_button = QPushButton(self.tr("Continue without replacing"))
        self.skip_button.setObjectName("namesSkip")
        self.buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.replace_button.clicked.connect(self.accept)
        self.skip_button.clicked.connect(self._skip)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self.resize(980, 560)
        self._update_count()

    @Slot(int)
    def _on_mode(self, _index: int) -> None:
        self.model.set_mode(self.mode_box.currentData())

    @Slot()
    def _update_count(self) -> None:
        ticked = self.model.ticked_count()
        self.count_label.setText(
            plural("NamesInTextDialog", QT_TRANSLATE_NOOP("NamesInTextDialog", "{n} name found, "),
                   QT_TRANSLATE_NOOP("NamesInTextDialog", "{n} names found, "), len(self.model.hits))
            + plural("NamesInTextDialog", QT_TRANSLATE_NOOP("NamesInTextDialog", "{n} ticked to be replaced."),
                     QT_TRANSLATE_NOOP("NamesInTextDialog", "{n} ticked to be replaced."), ticked))
        self.replace_button.setEnabled(ticked > 0)

    @Slot()
    def _skip(self) -> None:
        self.skipped = True
        self.accept()

    def replacements(self) -> list[NameReplacement]:
        return [] if self.skipped else self.model.replacements()


class ReplaceNamesCommand(ServiceCommand):
    """Replace names in free texts; undo puts back exactly the texts as they were."""

    changes = Changes.RESULTS | Changes.FOLLOW_UP | Changes.TOPICS | Changes.TABLES | Changes.AGENDA

    def __init__(self, controller: EventController, replacements: list[NameReplacement]) -> None:
        super().__init__(controller, plural(
            "EditCommands", QT_TRANSLATE_NOOP("EditCommands", "Replace {n} name in texts"),
            QT_TRANSLATE_NOOP("EditCommands", "Replace {n} names in texts"), len(replacements)))
        self.replacements = replacements
        self.text_changes: tuple[TextChange, ...] | None = None

    @property
    def replaced(self) -> int:
        return sum(c.hits for c in self.text_changes or ())

    def do(self) -> None:
        if self.text_changes is None:
            self.text_changes = self.call(names_svc.replace_names, self.replacements)
        else:
            self.call(names_svc.apply_text_changes, self.text_changes, forward=True)

    def revert(self) -> None:
        assert self.text_changes is not None
        self.call(names_svc.apply_text_changes, self.text_changes, forward=False)


def names_replaced_on_stack(controller: EventController) -> int:
    """Names replaced by commands on the undo stack that are done (not undone)."""
    stack = controller.undo_stack
    return sum(cmd.replaced for cmd in (stack.command(i) for i in range(stack.index()))
               if isinstance(cmd, ReplaceNamesCommand))


def review_names(parent: QWidget, controller: EventController) -> bool:
    """Show the names in the texts (if any) and replace the ticked ones; False on Cancel."""
    hits = controller.read(names_svc.find_names)
    if not hits:
        return True
    dialog = NamesInTextDialog(hits, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    replacements = dialog.replacements()
    dialog.deleteLater()
    if not accepted:
        return False
    if replacements:
        return controller.push(ReplaceNamesCommand(controller, replacements))
    return True


def names_left(controller: EventController) -> int:
    """Names still found in the texts (the ones the user left unticked)."""
    return len(controller.read(names_svc.find_names))
