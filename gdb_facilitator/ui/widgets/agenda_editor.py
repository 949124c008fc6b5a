"""The run-sheet editor: the agenda as a table to add, edit, reorder and delete items.

A reusable widget (the rounds page and the preparation page both embed it). Every edit
is one undo command whose redo and undo call the agenda service, so the event file stays
the truth; a validation error is shown in the editor (or in the item dialog) and nothing
goes on the undo stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.models import AgendaKind
from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import agenda as svc
from gdb_facilitator.core.services.agenda import AgendaItemDTO
from gdb_facilitator.ui.widgets.flow import flow_widget
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.agenda_model import (
    COL_ACTUAL_END,
    COL_ACTUAL_START,
    COL_DURATION,
    COL_KIND,
    COL_START,
    COL_TITLE,
    AgendaTableModel,
    kind_label,
    minutes_text,
)

log = logging.getLogger(__name__)

DEFAULT_MINUTES = 15
MAX_MINUTES = 24 * 60


# -- undo commands -----------------------------------------------------------------------

class _AgendaCommand(ServiceCommand):
    changes = Changes.AGENDA


class AddAgendaItemCommand(_AgendaCommand):
    def __init__(self, controller: EventController, values: dict[str, Any], position: int | None) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Add agenda item {title}").format(title=values.get("title", "")))
        self.values = dict(values)
        self.position = position
        self.result: AgendaItemDTO | None = None

    def do(self) -> None:
        if self.result is None:
            self.result = self.call(svc.add_item, position=self.position, **self.values)
        else:
            # Redo puts back the very item (same id), so later steps on the stack still find it.
            self.result = self.call(svc.restore_item, self.result)

    def revert(self) -> None:
        assert self.result is not None
        self.result = svc.get_item(self.controller.event_file, self.result.id)
        self.call(svc.delete_item, self.result.id)


class EditAgendaItemCommand(_AgendaCommand):
    def __init__(self, controller: EventController, item: AgendaItemDTO, fields: dict[str, Any]) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Edit agenda item {title}").format(title=item.title))
        self.item_id = item.id
        self.new = dict(fields)
        self.old = {key: getattr(item, key) for key in fields}
        self.result: AgendaItemDTO | None = None

    def do(self) -> None:
        self.result = self.call(svc.update_item, self.item_id, **self.new)

    def revert(self) -> None:
        self.call(svc.update_item, self.item_id, **self.old)


class MoveAgendaItemCommand(_AgendaCommand):
    def __init__(self, controller: EventController, item: AgendaItemDTO, new_position: int) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Move agenda item {title}").format(title=item.title))
        self.item_id = item.id
        self.old_position = item.position
        self.new_position = new_position

    def do(self) -> None:
        self.call(svc.move_item, self.item_id, self.new_position)

    def revert(self) -> None:
        self.call(svc.move_item, self.item_id, self.old_position)


class DeleteAgendaItemCommand(_AgendaCommand):
    def __init__(self, controller: EventController, item: AgendaItemDTO) -> None:
        super().__init__(controller, QCoreApplication.translate("Undo", "Delete agenda item {title}").format(title=item.title))
        self.item_id = item.id
        self.snapshot: AgendaItemDTO | None = None

    def do(self) -> None:
        # The snapshot is taken now, with the actual times the item has at this moment.
        self.snapshot = svc.get_item(self.controller.event_file, self.item_id)
        self.call(svc.delete_item, self.item_id)

    def revert(self) -> None:
        assert self.snapshot is not None
        self.item_id = self.call(svc.restore_item, self.snapshot).id


# -- the item dialog ---------------------------------------------------------------------

class _DefaultSpin(QSpinBox):
    """A spin box whose lowest value means "the default" (shown as a word, stored as None)."""

    def __init__(self, maximum: int, suffix: str, default_text: str, value: int | None) -> None:
        super().__init__()
        self.setRange(-1, maximum)
        self.setSuffix(suffix)
        self.setSpecialValueText(default_text)
        self.setValue(-1 if value is None else value)

    def value_or_none(self) -> int | None:
        return None if self.value() < 0 else self.value()


class AgendaItemDialog(QDialog):
    """Add or edit one item with all its fields; errors stay in the dialog."""

    def __init__(self, item: AgendaItemDTO | None, save: Callable[[dict[str, Any]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaItemDialog")
        self.setWindowTitle(self.tr("Edit agenda item") if item else self.tr("New agenda item"))
        self.item = item
        self._save = save
        self.title_edit = QLineEdit(item.title if item else "")
        self.title_edit.setMaxLength(svc.MAX_TITLE)
        self.kind_combo = QComboBox()
        for kind in AgendaKind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(
            (item.kind if item else AgendaKind.PLENARY).value)))
        self.start_edit = QLineEdit(item.planned_start or "" if item else "")
        self.start_edit.setPlaceholderText(self.tr("e.g. 09:30"))
        self.start_edit.setMaxLength(8)
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(0, MAX_MINUTES)
        self.duration_spin.setSuffix(self.tr(" min"))
        self.duration_spin.setValue(item.duration_seconds // 60 if item else DEFAULT_MINUTES)
        default = self.tr("default")
        self.wrap_up_spin = _DefaultSpin(MAX_MINUTES * 60, self.tr(" s"), default,
                                         item.wrap_up_seconds if item else None)
        self.wrap_up_percent_spin = _DefaultSpin(100, " %", default, item.wrap_up_percent if item else None)
        self.danger_spin = _DefaultSpin(MAX_MINUTES * 60, self.tr(" s"), default,
                                        item.danger_seconds if item else None)
        self.sound_check = QCheckBox(self.tr("Sound at the wrap-up warning and at the end"))
        self.sound_check.setChecked(item.sound if item else True)
        self.notes_edit = QPlainTextEdit(item.notes if item else "")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.fields: dict[str, QWidget] = {
            "title": self.title_edit, "kind": self.kind_combo, "planned_start": self.start_edit,
            "duration_seconds": self.duration_spin, "wrap_up_seconds": self.wrap_up_spin,
            "wrap_up_percent": self.wrap_up_percent_spin, "danger_seconds": self.danger_spin,
        }

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Kind:"), self.kind_combo)
        form.addRow(self.tr("Planned &start:"), self.start_edit)
        form.addRow(self.tr("&Duration:"), self.duration_spin)
        form.addRow(self.tr("Wrap-up warning at:"), self.wrap_up_spin)
        form.addRow(self.tr("…or at percent left:"), self.wrap_up_percent_spin)
        form.addRow(self.tr("Final warning at:"), self.danger_spin)
        form.addRow("", self.sound_check)
        form.addRow(self.tr("&Notes:"), self.notes_edit)
        hint = QLabel(self.tr("Default warnings: yellow at 2 minutes or 20 % left, whichever comes "
                              "first; red at 1 minute left."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #B00020; font-weight: bold;")
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def values(self) -> dict[str, Any]:
        """Every field for a new item; only the changed ones for an existing item."""
        values: dict[str, Any] = {
            "title": self.title_edit.text(),
            "kind": AgendaKind(self.kind_combo.currentData()),
            "planned_start": self.start_edit.text().strip() or None,
            "wrap_up_seconds": self.wrap_up_spin.value_or_none(),
            "wrap_up_percent": self.wrap_up_percent_spin.value_or_none(),
            "danger_seconds": self.danger_spin.value_or_none(),
            "sound": self.sound_check.isChecked(),
            "notes": self.notes_edit.toPlainText(),
        }
        minutes = self.duration_spin.value()
        item = self.item
        # Seconds the run-sheet had (e.g. 2:30 min) survive when the minutes are left alone.
        if item is not None and minutes == item.duration_seconds // 60:
            values["duration_seconds"] = item.duration_seconds
        else:
            values["duration_seconds"] = minutes * 60
        if item is None:
            return values
        return {k: v for k, v in values.items() if getattr(item, k) != v}

    def accept(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        try:
            self._save(self.values())
        except DomainError as exc:
            self.error_label.setText(message_for(exc))
            self.error_label.show()
            field = exc.params.get("field") if isinstance(exc, ValidationError) else None
            widget = self.fields.get(str(field)) if field else None
            if widget is not None:
                widget.setStyleSheet("border: 2px solid #B00020;")
                widget.setFocus()
            return
        super().accept()


# -- in-cell editing -------------------------------------------------------------------

class AgendaDelegate(QStyledItemDelegate):
    """Minutes in a spin box, the kind from a list; text cells use the plain line edit."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        if index.column() == COL_DURATION:
            spin = QSpinBox(parent)
            spin.setRange(0, MAX_MINUTES)
            spin.setSuffix(QCoreApplication.translate("AgendaItemDialog", " min"))
            return spin
        if index.column() == COL_KIND:
            combo = QComboBox(parent)
            for kind in AgendaKind:
                combo.addItem(kind_label(kind), kind.value)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


# -- the editor ------------------------------------------------------------------------

class AgendaEditor(QWidget):
    """The agenda as an editable run-sheet. ``currentChanged(item_id)`` follows the selection
    (-1 when nothing is selected); ``itemActivated(item_id)`` is a double click."""

    currentChanged = Signal(int)
    statusMessage = Signal(str)

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaEditor")
        self.controller = controller
        self.model = AgendaTableModel(self)
        self.model.set_edit_handler(self._edit_cell)

        self.view = QTableView()
        self.view.setObjectName("agendaView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(AgendaDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        vh = self.view.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fm = self.fontMetrics()
        # The title takes the width that is left, but never less than a readable title:
        # beside the timer on a 1024 px screen the times scroll rather than the titles
        # shrinking to a word (see _fit_title).
        self._title_min = fm.horizontalAdvance("Gruppenphase 1: Themen und Pro") + 16
        self.view.viewport().installEventFilter(self)
        for col, sample in ((COL_START, "88:88"), (COL_KIND, kind_label(AgendaKind.GROUP_WORK)),
                            (COL_DURATION, minutes_text(11 * 3600 + 59 * 60)), (COL_ACTUAL_START, "88:88"),
                            (COL_ACTUAL_END, "88:88")):
            heading = str(self.model.headerData(col, Qt.Orientation.Horizontal))
            header.resizeSection(col, max(fm.horizontalAdvance(sample),
                                          fm.horizontalAdvance(heading) + 8) + 24)
        header.sectionResized.connect(lambda col, _old, _new: col != COL_TITLE and self._fit_title())
        self.view.doubleClicked.connect(lambda index: self._on_double_click(index))
        # Both: selectRow() moves the current row before it selects it.
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        # Actions: shortcuts work while the run-sheet has the focus.
        self.add_action = self._action(self.tr("&Add…"), "agendaAdd", "Ins", self.add_item)
        self.edit_action = self._action(self.tr("&Edit…"), "agendaEdit", None, self.edit_selected)
        self.up_action = self._action(self.tr("Move &up"), "agendaUp", "Alt+Up", lambda: self.move_selected(-1))
        self.down_action = self._action(self.tr("Move do&wn"), "agendaDown", "Alt+Down",
                                        lambda: self.move_selected(1))
        self.delete_action = self._action(self.tr("&Delete"), "agendaDelete", QKeySequence.StandardKey.Delete,
                                          self.delete_selected)
        # Wraps to a second line beside the timer panel on a 1024 px screen.
        buttons_box, self.buttons = flow_widget("agendaButtons")
        for action in (self.add_action, self.edit_action, self.up_action, self.down_action, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setObjectName("button_" + action.objectName())
            self.buttons.addWidget(button)
        self.total_label = QLabel()
        self.total_label.setObjectName("agendaTotal")

        self.feedback = QLabel()
        self.feedback.setObjectName("agendaFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.hide()
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(8000)
        self._feedback_timer.timeout.connect(self.feedback.hide)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(buttons_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.feedback)

        controller.changed.connect(self._on_changed)
        controller.eventClosed.connect(lambda: self.model.set_items([]))
        self._update_actions()

    def _action(self, text: str, name: str, shortcut: Any, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{action.text().replace('&', '')} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _c=False: slot())
        self.view.addAction(action)
        return action

    # -- refreshing ----------------------------------------------------------------------
    def _on_changed(self, flags: int) -> None:
        if flags & (Changes.AGENDA | Changes.TIMER) and self.controller.is_open:
            self.reload()

    def reload(self) -> None:
        selected = self.selected_item()
        items = self.controller.read(svc.list_items)
        self.model.set_items(items)
        total = sum(i.duration_seconds for i in items)
        self.total_label.setText(self.tr("{count} items, {total} in all").format(
            count=len(items), total=minutes_text(total)) if items else self.tr("No agenda items yet"))
        if selected is not None:
            self.select_item(selected.id)
        self._update_actions()

    def set_current(self, item_id: int | None, level: Any, phase: Any) -> None:
        """Mark the item the timer is on (called by the rounds page on every tick)."""
        self.model.set_current(item_id, level, phase)

    # -- selection -----------------------------------------------------------------------
    def selected_item(self) -> AgendaItemDTO | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        return self.model.item_at(index.row())

    def select_item(self, item_id: int) -> bool:
        row = self.model.row_for_id(item_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, COL_TITLE))
        return True

    def _selection_changed(self) -> None:
        self._update_actions()
        item = self.selected_item()
        self.currentChanged.emit(item.id if item else -1)

    def _update_actions(self) -> None:
        item = self.selected_item()
        has = item is not None
        is_open = self.controller.is_open
        self.add_action.setEnabled(is_open)
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)
        self.up_action.setEnabled(has and item.position > 0)  # type: ignore[union-attr]
        self.down_action.setEnabled(has and item.position < self.model.rowCount() - 1)  # type: ignore[union-attr]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)

    def _fit_title(self) -> None:
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != COL_TITLE and not header.isSectionHidden(c))
        width = max(self._title_min, self.view.viewport().width() - others)
        if header.sectionSize(COL_TITLE) != width:
            header.resizeSection(COL_TITLE, width)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.column() in (COL_ACTUAL_START, COL_ACTUAL_END) or not (
                self.model.flags(index) & Qt.ItemFlag.ItemIsEditable):
            self.edit_selected()
        else:
            self.view.edit(index)

    # -- feedback --------------------------------------------------------------------
    def show_feedback(self, text: str, error: bool = False) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet("color: #B00020; font-weight: bold;" if error else "color: #1B5E20;")
        self.feedback.setVisible(bool(text))
        if text:
            self._feedback_timer.start()
            self.statusMessage.emit(text)

    def _push(self, command: ServiceCommand) -> bool:
        try:
            command.first_redo()
        except DomainError as exc:
            log.info("agenda edit refused: %s", exc)
            self.show_feedback(message_for(exc), error=True)
            return False
        self.controller.undo_stack.push(command)
        return True

    # -- commands ------------------------------------------------------------------------
    def _edit_cell(self, item: AgendaItemDTO, field: str, value: Any) -> bool:
        return self._push(EditAgendaItemCommand(self.controller, item, {field: value}))

    def add_item(self) -> AgendaItemDTO | None:
        """A new item after the selected one (or at the end), from the item dialog."""
        if not self.controller.is_open:
            return None
        selected = self.selected_item()
        position = selected.position + 1 if selected is not None else None
        added: list[AgendaItemDTO] = []

        def save(values: dict[str, Any]) -> None:
            command = AddAgendaItemCommand(self.controller, values, position)
            command.first_redo()
            self.controller.undo_stack.push(command)
            if command.result is not None:
                added.append(command.result)

        dialog = AgendaItemDialog(None, save, self)
        dialog.exec()
        dialog.deleteLater()
        if added:
            self.select_item(added[0].id)
            self.show_feedback(self.tr("Added \"{title}\".").format(title=added[0].title))
            return added[0]
        return None

    def edit_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return

        def save(values: dict[str, Any]) -> None:
            if not values:
                return
            command = EditAgendaItemCommand(self.controller, item, values)
            command.first_redo()
            self.controller.undo_stack.push(command)

        dialog = AgendaItemDialog(item, save, self)
        dialog.exec()
        dialog.deleteLater()

    def move_selected(self, step: int) -> None:
        item = self.selected_item()
        if item is None:
            return
        target = item.position + step
        if not 0 <= target < self.model.rowCount():
            return
        if self._push(MoveAgendaItemCommand(self.controller, item, target)):
            self.select_item(item.id)

    def delete_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        row = item.position
        if self._push(DeleteAgendaItemCommand(self.controller, item)):
            self.show_feedback(self.tr("\"{title}\" was deleted. Undo brings it back.").format(title=item.title))
            if self.model.rowCount():
                self.view.selectRow(min(row, self.model.rowCount() - 1))
