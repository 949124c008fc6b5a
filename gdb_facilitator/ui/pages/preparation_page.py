"""Vorbereitung: the event's details, its tables, topics, sectors and run-sheet.

One tab per subject. Every edit is committed as it is made (text after a short pause in
typing or on leaving the field, everything else at once) and is one undo step; a value
the service refuses is explained right under the form, next to the field it concerns.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.errors import DomainError, ValidationError
from gdb_facilitator.core.services import event as event_svc
from gdb_facilitator.core.services import sectors as sector_svc
from gdb_facilitator.core.services import tables as table_svc
from gdb_facilitator.core.services import topics as topic_svc
from gdb_facilitator.core.services.event import EventDetails
from gdb_facilitator.core.services.texts import TextConflict
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.dialogs.conflict_dialog import ConflictDialog
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.preparation_commands import (
    AddSectorCommand,
    AddTablesCommand,
    AddTopicCommand,
    AssignTopicCommand,
    DeleteSectorCommand,
    DeleteTableCommand,
    DeleteTopicCommand,
    ImportTablePlanCommand,
    MoveCommand,
)
from gdb_facilitator.ui.models.results_commands import EditFieldsCommand
from gdb_facilitator.ui.models.results_text import DebouncedText
from gdb_facilitator.ui.models.sectors_model import SectorsModel
from gdb_facilitator.ui.models.tables_model import RowRole, TablesModel
from gdb_facilitator.ui.models.topics_model import TopicsModel
from gdb_facilitator.ui.widgets.compact_combo import CompactComboBox

log = logging.getLogger(__name__)

NO_DATE = QDate(2000, 1, 1)  # the minimum of a date field, shown as its "not set" text
ERROR_STYLE = "color: #B00020; font-weight: bold;"
FIELD_ERROR_STYLE = "border: 2px solid #B00020;"


def _to_date(value: QDate) -> date | None:
    return None if value == NO_DATE or not value.isValid() else date(value.year(), value.month(), value.day())


def _to_qdate(value: date | None) -> QDate:
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)


def _swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    return label


def _table_view(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 12)
    return view


def _fit_columns(view: QTableView, samples: dict[int, str], stretch: int) -> None:
    """Columns wide enough for their usual content and their translated heading."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    fm = view.fontMetrics()
    for col, sample in samples.items():
        heading = str(view.model().headerData(col, Qt.Orientation.Horizontal))
        header.resizeSection(col, max(fm.horizontalAdvance(sample), fm.horizontalAdvance(heading)) + 32)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class _Section(QWidget):
    """Shared: an inline error line that also marks the field it is about."""

    def __init__(self, page: "PreparationPage") -> None:
        super().__init__()
        self.page = page
        self.controller = page.controller
        self.error_label = _error_label()
        self.fields: dict[str, QWidget] = {}
        self._marked: QWidget | None = None

    def push(self, command: Any) -> bool:
        try:
            command.first_redo()
        except TextConflict as exc:
            return self.text_conflict(exc)
        except DomainError as exc:
            self.show_error(exc)
            return False
        self.clear_error()
        self.controller.undo_stack.push(command)
        return True

    def text_conflict(self, conflict: TextConflict) -> bool:
        """A text edited on another laptop meanwhile; sections with versioned texts show both."""
        self.show_error(conflict)
        return False

    def show_error(self, exc: DomainError) -> None:
        log.info("refused on the preparation page: %s", exc)
        self.error_label.setText(message_for(exc))
        self.error_label.show()
        field = exc.params.get("field") if isinstance(exc, ValidationError) else None
        widget = self.fields.get(str(field)) if field else None
        if widget is not None:
            widget.setStyleSheet(FIELD_ERROR_STYLE)
            self._marked = widget

    def clear_error(self) -> None:
        self.error_label.hide()
        if self._marked is not None:
            self._marked.setStyleSheet("")
            self._marked = None


# -- the event's details -----------------------------------------------------------------
class EventSection(_Section):
    def __init__(self, page: "PreparationPage") -> None:
        super().__init__(page)
        self.setObjectName("eventSection")
        self.details: EventDetails | None = None
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        self.venue_edit = QLineEdit()
        self.venue_edit.setObjectName("venueEdit")
        self.venue_edit.setPlaceholderText(self.tr("e.g. Rotes Rathaus, Berlin"))
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText("https://")
        self.text_bindings: dict[str, DebouncedText] = {}
        for key, edit in (("title", self.title_edit), ("venue", self.venue_edit),
                          ("follow_up_url", self.url_edit)):
            self.text_bindings[key] = DebouncedText(
                edit, lambda text, final, k=key: self._commit_text(k, text, final),
                undo=self.controller.undo, redo=self.controller.redo)
        self.date_edit = self._date_field("dateEdit", self.tr("not set"))
        self.follow_up_edit = self._date_field("followUpEdit", self.tr("event date + 100 days"))
        self.follow_up_hint = _hint("")
        self.follow_up_hint.setObjectName("followUpHint")
        self.follow_up_reset = QPushButton(self.tr("Use the default"))
        self.follow_up_reset.setObjectName("followUpReset")
        self.follow_up_reset.clicked.connect(lambda: self._commit("follow_up_date", None))
        self.colour_button = QPushButton()
        self.colour_button.setObjectName("colourButton")
        self.colour_button.clicked.connect(self.choose_colour)
        self.names_combo = QComboBox()
        self.names_combo.setObjectName("namesCombo")
        for value, text in (("full", self.tr("Full names")), ("first", self.tr("First names only")),
                            ("none", self.tr("No names"))):
            self.names_combo.addItem(text, value)
        self.names_combo.activated.connect(lambda _i: self._commit("sheet_names", self.names_combo.currentData()))
        # A searchable list of IANA zones: type "berl" and pick Europe/Berlin.
        from gdb_facilitator.core.timezones import all_zone_names

        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("zoneCombo")
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(all_zone_names())
        self.zone_combo.setMinimumContentsLength(24)
        completer = self.zone_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.zone_combo.activated.connect(lambda _i: self._commit_zone())
        self.zone_combo.lineEdit().editingFinished.connect(self._commit_zone)
        self.fields = {"title": self.title_edit, "venue": self.venue_edit, "follow_up_url": self.url_edit,
                       "event_date": self.date_edit, "follow_up_date": self.follow_up_edit,
                       "colour": self.colour_button, "sheet_names": self.names_combo,
                       "timezone": self.zone_combo}

        follow_edit_row = QHBoxLayout()
        follow_edit_row.addWidget(self.follow_up_edit)
        follow_edit_row.addWidget(self.follow_up_reset)
        follow_edit_row.addStretch(1)
        # The hint gets its own line: next to the field it would wrap into a narrow column.
        follow_row = QVBoxLayout()
        follow_row.setSpacing(2)
        follow_row.addLayout(follow_edit_row)
        follow_row.addWidget(self.follow_up_hint)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_button)
        colour_row.addSpacing(8)
        colour_row.addWidget(_hint(self.tr("Used for the table signs and result sheets.")), 1)
        url_box = QVBoxLayout()
        url_box.setSpacing(2)
        url_box.addWidget(self.url_edit)
        # One line, no wrapping: a wrapped label inside a form row overlaps the next row.
        url_hint = _hint(self.tr("The QR code on each result sheet leads here, with the team's code added. Optional."))
        url_hint.setWordWrap(False)
        url_box.addWidget(url_hint)
        zone_box = QVBoxLayout()
        zone_box.setSpacing(2)
        zone_box.addLayout(self._left(self.zone_combo))
        zone_hint = _hint(self.tr("Every time on screen, on paper and in exports is the event's time here, "
                                  "whatever zone this computer is set to."))
        zone_hint.setWordWrap(False)
        zone_box.addWidget(zone_hint)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(10)
        for text, buddy, field in (
                (self.tr("&Title"), self.title_edit, self.title_edit),
                (self.tr("&Date"), self.date_edit, self._left(self.date_edit)),
                (self.tr("&Venue"), self.venue_edit, self.venue_edit),
                (self.tr("Time &zone"), self.zone_combo, zone_box),
                (self.tr("&Follow-up check-in"), self.follow_up_edit, follow_row),
                (self.tr("Follow-up &web address"), self.url_edit, url_box),
                (self.tr("&Colour"), self.colour_button, colour_row),
                (self.tr("&Names on result sheets"), self.names_combo, self._left(self.names_combo))):
            # An explicit buddy: rows holding a layout would otherwise show the "&" literally.
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)
        for edit in (self.title_edit, self.venue_edit, self.url_edit):
            # Long lines are hard to scan; the form itself may grow for long translated labels.
            edit.setMaximumWidth(640)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addLayout(form)
        box_layout.addWidget(self.error_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(box)
        layout.addWidget(_hint(self.tr("Every change is saved as you make it; Ctrl+Z undoes it.")))
        layout.addStretch(1)

    @staticmethod
    def _left(widget: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widget)
        row.addStretch(1)
        return row

    def _date_field(self, name: str, special: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(special)
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(special) + 60)
        key = "event_date" if name == "dateEdit" else "follow_up_date"
        # Typing a date changes it digit by digit: commit after a pause or on leaving it.
        timer = QTimer(edit)
        timer.setSingleShot(True)
        timer.setInterval(600)
        timer.timeout.connect(lambda: self._commit_date(key, edit))
        edit.dateChanged.connect(lambda _d: timer.start())
        edit.editingFinished.connect(lambda: (timer.stop(), self._commit_date(key, edit)))
        edit.setProperty("loading", False)
        return edit

    def load(self, details: EventDetails, reset: bool = False) -> None:
        self.details = details
        for key, binding in self.text_bindings.items():
            value = getattr(details, key)
            binding.reset(value) if reset else binding.set_text(value)
        for edit, value in ((self.date_edit, details.event_date), (self.follow_up_edit, details.follow_up_date)):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(value))
            edit.blockSignals(False)
        if details.follow_up_effective is not None:
            text = self.tr("Check-in on {date}").format(date=details.follow_up_effective.strftime("%d.%m.%Y"))
            if details.follow_up_date is None:
                text += " " + self.tr("(event date + 100 days)")
        else:
            text = self.tr("Set the event date; the check-in is 100 days later.")
        self.follow_up_hint.setText(text)
        self.follow_up_reset.setEnabled(details.follow_up_date is not None)
        self.colour_button.setIcon(_swatch(details.colour, 18))
        self.colour_button.setText(" " + details.colour.upper())
        self.names_combo.setCurrentIndex(max(self.names_combo.findData(details.sheet_names), 0))
        self.zone_combo.blockSignals(True)
        self.zone_combo.setCurrentText(details.timezone)
        self.zone_combo.blockSignals(False)

    def _commit(self, key: str, value: Any, typing: bool = False, final: bool = True) -> bool:
        if self.details is None or value == getattr(self.details, key):
            return True
        label = {"title": self.tr("Edit the event title"), "venue": self.tr("Edit the venue"),
                 "follow_up_url": self.tr("Edit the follow-up web address"),
                 "event_date": self.tr("Change the event date"),
                 "follow_up_date": self.tr("Change the follow-up date"),
                 "colour": self.tr("Change the event colour"),
                 "sheet_names": self.tr("Change the names on result sheets"),
                 "timezone": self.tr("Change the time zone")}[key]
        command = EditFieldsCommand(self.controller, label, Changes.EVENT, event_svc.update_event, (),
                                    ("event", key), {key: getattr(self.details, key)}, {key: value},
                                    typing=typing, final=final)
        return self.push(command)

    def _commit_zone(self) -> None:
        from gdb_facilitator.core.timezones import is_valid

        if self.details is None:
            return
        text = self.zone_combo.currentText().strip()
        if text == self.details.timezone:
            return
        if not is_valid(text):
            # Half typed or unknown: show the stored zone again rather than guessing one.
            self.zone_combo.blockSignals(True)
            self.zone_combo.setCurrentText(self.details.timezone)
            self.zone_combo.blockSignals(False)
            return
        self._commit("timezone", text)

    def _commit_text(self, key: str, text: str, final: bool) -> None:
        self._commit(key, text, typing=True, final=final)

    def _commit_date(self, key: str, edit: QDateEdit) -> None:
        if not self._commit(key, _to_date(edit.date())) and self.details is not None:
            # Refused (e.g. before the event): the field shows what is stored again.
            edit.blockSignals(True)
            edit.setDate(_to_qdate(getattr(self.details, key)))
            edit.blockSignals(False)

    def choose_colour(self) -> None:
        if self.details is None:
            return
        colour = QColorDialog.getColor(QColor(self.details.colour), self, self.tr("Colour of the event"))
        if colour.isValid():
            self._commit("colour", colour.name().upper())

    def flush(self) -> None:
        for binding in self.text_bindings.values():
            binding.flush()


# -- sectors ---------------------------------------------------------------------------------
class SectorsSection(_Section):
    def __init__(self, page: "PreparationPage") -> None:
        super().__init__(page)
        self.setObjectName("sectorsSection")
        self.model = SectorsModel(self._edit_cell, self)
        self.view = _table_view("sectorView")
        self.view.setModel(self.model)
        _fit_columns(self.view, {1: "#CC79A7  ", 2: "8888"}, stretch=0)
        self.view.doubleClicked.connect(self._on_double_click)
        self.new_edit = QLineEdit()
        self.new_edit.setObjectName("newSectorEdit")
        self.new_edit.setPlaceholderText(self.tr("Name of a new sector, e.g. Politik"))
        self.new_edit.returnPressed.connect(self.add)
        self.add_button = QPushButton(self.tr("&Add sector"))
        self.add_button.setObjectName("addSector")
        self.add_button.clicked.connect(self.add)
        self.colour_button = QPushButton(self.tr("C&olour…"))
        self.colour_button.setObjectName("sectorColour")
        self.colour_button.clicked.connect(self.choose_colour)
        self.up_button = QPushButton(self.tr("Move &up"))
        self.up_button.setObjectName("sectorUp")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.down_button.setObjectName("sectorDown")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.delete_button = QPushButton(self.tr("&Delete sector"))
        self.delete_button.setObjectName("deleteSector")
        self.delete_button.clicked.connect(self.delete)
        self.fields = {"name": self.new_edit, "colour": self.view}
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_edit, 1)
        add_row.addWidget(self.add_button)
        buttons = QHBoxLayout()
        for button in (self.colour_button, self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.setMaximumWidth(900)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(_hint(self.tr(
            "The sectors whose mix the seating balances at every table. Double-click a name to "
            "rename it. Their order is the order on lists and sheets.")))
        layout.addLayout(add_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)

    def load(self) -> None:
        selected = self.selected()
        self.model.set_rows(self.controller.read(sector_svc.list_sectors))
        if selected is not None:
            self.select(selected.id)

    def selected(self) -> sector_svc.SectorDTO | None:
        index = self.view.currentIndex()
        return index.data(RowRole) if index.isValid() else None

    def select(self, sector_id: int) -> None:
        row = self.model.row_for_id(sector_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _edit_cell(self, row: sector_svc.SectorDTO, key: str, value: Any) -> bool:
        command = EditFieldsCommand(self.controller, self.tr("Rename sector {name}").format(name=row.name),
                                    Changes.SECTORS | Changes.ATTENDEES, sector_svc.update_sector, (row.id,),
                                    ("sector", row.id, key), {key: getattr(row, key)}, {key: value})
        return self.push(command)

    def _on_double_click(self, index: QModelIndex) -> None:
        if self.model.COLUMNS[index.column()].key == "colour":
            self.choose_colour()

    def add(self) -> None:
        command = AddSectorCommand(self.controller, self.new_edit.text())
        if self.push(command):
            self.new_edit.clear()
            if command.result is not None:
                self.select(command.result.id)

    def choose_colour(self) -> None:
        row = self.selected()
        if row is None:
            return
        colour = QColorDialog.getColor(QColor(row.colour), self, self.tr("Colour of {name}").format(name=row.name))
        if colour.isValid():
            self.set_colour(row, colour.name())

    def set_colour(self, row: sector_svc.SectorDTO, colour: str) -> bool:
        command = EditFieldsCommand(self.controller, self.tr("Recolour sector {name}").format(name=row.name),
                                    Changes.SECTORS | Changes.ATTENDEES, sector_svc.update_sector, (row.id,),
                                    ("sector", row.id, "colour"), {"colour": row.colour},
                                    {"colour": colour.upper()})
        return self.push(command)

    def move(self, step: int) -> None:
        row = self.selected()
        if row is None:
            return
        rows = self.model.rows()
        old = [r.id for r in rows].index(row.id)
        new = old + step
        if 0 <= new < len(rows):
            self.push(MoveCommand(self.controller, self.tr("Move sector {name}").format(name=row.name),
                                  Changes.SECTORS | Changes.ATTENDEES, sector_svc.move_sector, row.id, old, new))
            self.select(row.id)

    def delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        force = False
        if row.people:
            answer = QMessageBox.question(
                self, self.tr("Delete sector"),
                self.tr("{count} people belong to the sector “{name}”. Delete it anyway? "
                        "They keep everything but the sector; undo gives it back to them.").format(
                            count=row.people, name=row.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self.show_error(DomainError("sector_in_use", name=row.name, count=row.people))
                return
            force = True
        if self.push(DeleteSectorCommand(self.controller, row, force)):
            self.page.statusMessage.emit(self.tr("Sector {name} deleted. Undo brings it back.").format(name=row.name))


# -- tables ----------------------------------------------------------------------------------
class TopicDelegate(QStyledItemDelegate):
    """A combo box of the topics for the Topic column; the other columns edit as usual."""

    def __init__(self, section: "TablesSection") -> None:
        super().__init__(section.view)
        self.section = section

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        key = self.section.model.COLUMNS[index.column()].key
        if key == "topic_id":
            combo = QComboBox(parent)
            combo.addItem(self.tr("(chosen on the day)"), None)
            for topic in self.section.topics:
                combo.addItem(topic.title, topic.id)
            return combo
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QSpinBox):
            editor.setRange(1, table_svc.MAX_CAPACITY if key == "capacity" else table_svc.MAX_NUMBER)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class TablesSection(_Section):
    def __init__(self, page: "PreparationPage") -> None:
        super().__init__(page)
        self.setObjectName("tablesSection")
        self.topics: list[topic_svc.TopicDTO] = []
        self.model = TablesModel(self._edit_cell, self)
        self.view = _table_view("tableView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(TopicDelegate(self))
        _fit_columns(self.view, {0: "8888", 1: "Fensterplatz am Eingang", 3: "888",
                                 4: "88 Plätze geplant, 8 Ergebnisse"}, stretch=2)
        self.summary = QLabel()
        self.summary.setObjectName("tablesSummary")
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.add_button = QPushButton(self.tr("&Add table"))
        self.add_button.setObjectName("addTable")
        self.add_button.clicked.connect(self.add_one)
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("bulkCount")
        self.count_spin.setRange(1, table_svc.MAX_BULK)
        self.count_spin.setValue(10)
        self.seats_spin = QSpinBox()
        self.seats_spin.setObjectName("bulkSeats")
        self.seats_spin.setRange(1, table_svc.MAX_CAPACITY)
        self.seats_spin.setValue(table_svc.DEFAULT_CAPACITY)
        self.seats_spin.setSuffix(self.tr(" seats each"))
        self.bulk_button = QPushButton(self.tr("Add &several"))
        self.bulk_button.setObjectName("addTables")
        self.bulk_button.clicked.connect(self.add_many)
        self.delete_button = QPushButton(self.tr("&Delete table"))
        self.delete_button.setObjectName("deleteTable")
        self.delete_button.clicked.connect(self.delete)
        self.import_button = QPushButton(self.tr("&Import table plan…"))
        self.import_button.setObjectName("importTablePlan")
        self.import_button.clicked.connect(self.import_plan)
        self.fields = {"number": self.view, "capacity": self.view, "name": self.view, "tables": self.count_spin}
        self.empty_hint = _hint(self.tr(
            "No tables yet. Add as many as the room has (“Add several”), or import the "
            "organisers' table plan (CSV or Excel with table number, name, topic and seats)."))
        self.empty_hint.setObjectName("tablesEmptyHint")

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.import_button)
        bulk = QHBoxLayout()
        bulk.addWidget(self.add_button)
        bulk.addSpacing(16)
        bulk.addWidget(self.count_spin)
        bulk.addWidget(self.seats_spin)
        bulk.addWidget(self.bulk_button)
        bulk.addStretch(1)
        bulk.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(top)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(bulk)
        layout.addWidget(_hint(self.tr("Double-click or start typing in a cell to change it; the topic "
                                       "column offers the topics of the Topics tab.")))
        layout.addWidget(self.error_label)

    def load(self) -> None:
        selected = self.selected()
        rows = self.controller.read(table_svc.list_tables)
        self.topics = self.controller.read(topic_svc.list_topics)
        self.model.set_rows(rows)
        self.summary.setText(self.tr("%n table(s)", "", len(rows)) + ", " +
                             self.tr("%n seat(s)", "", sum(r.capacity for r in rows)))
        self.empty_hint.setVisible(not rows)
        self.delete_button.setEnabled(bool(rows))
        if selected is not None:
            self.select(selected.id)

    def selected(self) -> table_svc.TableDTO | None:
        index = self.view.currentIndex()
        return index.data(RowRole) if index.isValid() else None

    def select(self, table_id: int, column: int = 0) -> None:
        row = self.model.row_for_id(table_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, column))
            self.view.scrollTo(self.model.index(row, column))

    def _edit_cell(self, row: table_svc.TableDTO, key: str, value: Any) -> bool:
        if key == "topic_id":
            return self.push(AssignTopicCommand(self.controller, row, value))
        if key == "name":
            value = str(value)
        command = EditFieldsCommand(self.controller, self.tr("Edit table {number}").format(number=row.number),
                                    Changes.TABLES, table_svc.update_table, (row.id,), ("table", row.id, key),
                                    {key: getattr(row, key)}, {key: value})
        return self.push(command)

    def add_one(self) -> None:
        command = AddTablesCommand(self.controller, None, self.seats_spin.value())
        if self.push(command) and command.created:
            self.select(command.created[0].id, self.model.column_of("name"))
            self.view.setFocus()

    def add_many(self) -> None:
        command = AddTablesCommand(self.controller, self.count_spin.value(), self.seats_spin.value())
        if self.push(command) and command.created:
            self.select(command.created[-1].id)
            self.page.statusMessage.emit(self.tr("%n table(s) added.", "", len(command.created)))

    def delete(self) -> None:
        row = self.selected()
        if row is None:
            self.show_error(DomainError("table_missing", id=0))
            return
        if row.seats_taken or row.results:
            answer = QMessageBox.question(
                self, self.tr("Delete table"),
                self.tr("Table {number} has {seats} planned seats and {results} recorded results. "
                        "Delete it with all of them? Undo brings everything back.").format(
                            number=row.number, seats=row.seats_taken, results=row.results),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.push(DeleteTableCommand(self.controller, row)):
            self.page.statusMessage.emit(self.tr("Table {number} deleted. Undo brings it back.").format(
                number=row.number))

    def import_plan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import table plan"), str(self.page.last_folder or Path.home()),
            self.tr("Table plans (*.csv *.txt *.tsv *.xlsx);;All files (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        from gdb_facilitator.ui.dialogs.table_plan_dialog import TablePlanDialog

        self.page.last_folder = str(Path(path).parent)
        dialog = TablePlanDialog(path, self)
        accepted = dialog.exec()
        preview, good_only = dialog.preview, dialog.good_rows_only
        dialog.deleteLater()
        if not accepted or preview is None:
            return
        command = ImportTablePlanCommand(self.controller, preview, good_only)
        if self.push(command) and command.summary is not None:
            s = command.summary
            self.page.statusMessage.emit(self.tr(
                "Table plan imported: {created} new, {updated} changed, {unchanged} unchanged tables; "
                "{topics} new topics.").format(created=s.created, updated=s.updated, unchanged=s.unchanged,
                                               topics=s.topics_added))


# -- topics ----------------------------------------------------------------------------------
class TopicsSection(_Section):
    def __init__(self, page: "PreparationPage") -> None:
        super().__init__(page)
        self.setObjectName("topicsSection")
        self.model = TopicsModel(self._edit_cell, self)
        self.view = _table_view("topicView")
        self.view.setModel(self.model)
        _fit_columns(self.view, {1: "88, 88", 2: "888"}, stretch=0)
        self.view.setMinimumWidth(360)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.new_edit = QLineEdit()
        self.new_edit.setObjectName("newTopicEdit")
        self.new_edit.setPlaceholderText(self.tr("Title of a topic collected in the room"))
        self.new_edit.returnPressed.connect(self.add)
        self.add_button = QPushButton(self.tr("&Add topic"))
        self.add_button.setObjectName("addTopic")
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton(self.tr("&Delete topic"))
        self.delete_button.setObjectName("deleteTopic")
        self.delete_button.clicked.connect(self.delete)
        self.up_button = QPushButton(self.tr("Move &up"))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.down_button.clicked.connect(lambda: self.move(1))

        # the selected topic
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("topicTitleEdit")
        self.statement_edit = QPlainTextEdit()
        self.statement_edit.setObjectName("statementEdit")
        self.statement_edit.setTabChangesFocus(True)
        self.statement_edit.setPlaceholderText(self.tr(
            "The problem statement as the room phrased it, e.g. “How can residents find out "
            "what the district does with their data?”"))
        self.bindings = {
            "title": DebouncedText(self.title_edit, lambda t, f: self._commit_text("title", t, f),
                                   undo=self.controller.undo, redo=self.controller.redo),
            "problem_statement": DebouncedText(
                self.statement_edit, lambda t, f: self._commit_text("problem_statement", t, f),
                undo=self.controller.undo, redo=self.controller.redo),
        }
        # Closed it names the table; its list also says which topic each table has now.
        self.table_combo = CompactComboBox()
        self.table_combo.setObjectName("assignCombo")
        self.assign_button = QPushButton(self.tr("A&ssign to this table"))
        self.assign_button.setObjectName("assignTopic")
        self.assign_button.clicked.connect(self.assign)
        self.tables_label = QLabel()
        self.tables_label.setObjectName("topicTables")
        self.tables_label.setWordWrap(True)
        self.fields = {"title": self.title_edit, "problem_statement": self.statement_edit}
        self._current: topic_svc.TopicDTO | None = None
        self.conflict_dialog: ConflictDialog | None = None

        editor = QFrame()
        editor.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout(editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("&Title"), self.title_edit)
        form.addRow(self.tr("&Problem statement"), self.statement_edit)
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.table_combo)
        assign_row.addWidget(self.assign_button)
        assign_row.addStretch(1)
        # A label beside a layout (not a widget) gets no buddy: without one it shows its "&".
        table_label = QLabel(self.tr("Ta&ble"))
        table_label.setBuddy(self.table_combo)
        form.addRow(table_label, assign_row)
        form.addRow("", self.tables_label)
        self.editor = editor
        self.no_topic_hint = _hint(self.tr(
            "No topics yet. Collect the topics and problem statements in the room and type each "
            "title above, then press Enter. Assign each topic to a table here or on the Tables tab."))
        self.no_topic_hint.setObjectName("topicsEmptyHint")
        self.no_topic_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(editor)
        right_layout.addWidget(self.no_topic_hint)
        right_layout.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([520, 640])
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_edit, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(add_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        self._show(None)

    def load(self) -> None:
        current = self._current
        rows = self.controller.read(topic_svc.list_topics)
        self.model.set_rows(rows)
        tables = self.controller.read(table_svc.list_tables)
        chosen = self.table_combo.currentData()
        self.table_combo.clear()
        for table in tables:
            short = self.tr("Table {number}").format(number=table.number)
            if table.name:
                short += f" · {table.name}"
            text = short
            if table.topic_title:
                text += " (" + self.tr("now: {topic}").format(topic=table.topic_title) + ")"
            self.table_combo.add_item(text, short, table.id)
        self.table_combo.setCurrentIndex(max(self.table_combo.findData(chosen), 0))
        self.assign_button.setEnabled(bool(tables))
        if current is not None and self.model.row_for_id(current.id) is not None:
            self.select(current.id)
            self._show(self.model.row_at(self.model.row_for_id(current.id) or 0), reset=False)
        elif rows:
            self.select(rows[0].id)
        else:
            self._show(None)

    def select(self, topic_id: int) -> None:
        row = self.model.row_for_id(topic_id)
        if row is not None and self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.model.index(row, 0))

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.flush()
        self._show(current.data(RowRole) if current.isValid() else None)

    def _show(self, topic: topic_svc.TopicDTO | None, reset: bool = True) -> None:
        switched = topic is None or self._current is None or topic.id != self._current.id
        self._current = topic
        self.editor.setVisible(topic is not None)
        self.no_topic_hint.setVisible(topic is None)
        self.delete_button.setEnabled(topic is not None)
        if topic is None:
            return
        for key, binding in self.bindings.items():
            value = getattr(topic, key)
            binding.reset(value, topic.version) if reset or switched else binding.set_text(value, topic.version)
        self.tables_label.setText(
            self.tr("On tables: {numbers}").format(numbers=", ".join(map(str, topic.tables)))
            if topic.tables else self.tr("Not on any table yet."))

    def _edit_cell(self, row: topic_svc.TopicDTO, key: str, value: Any) -> bool:
        return self._commit(row, key, str(value), typing=False, final=True, version=row.version)

    def _commit(self, row: topic_svc.TopicDTO, key: str, value: str, typing: bool, final: bool,
                version: int | None) -> bool:
        if value == getattr(row, key):
            return True
        command = EditFieldsCommand(self.controller, self.tr("Edit topic {title}").format(title=row.title),
                                    Changes.TOPICS | Changes.TABLES, topic_svc.update_topic, (row.id,),
                                    ("topic", row.id, key), {key: getattr(row, key)}, {key: value},
                                    typing=typing, final=final, expected={key: version})
        return self.push(command)

    def _commit_text(self, key: str, text: str, final: bool) -> bool:
        if self._current is None:
            return True
        return self._commit(self._current, key, text, typing=True, final=final,
                            version=self.bindings[key].version)

    # -- another laptop edited the same topic (team mode) --------------------------------
    def text_conflict(self, conflict: TextConflict) -> bool:
        self.conflict_dialog = ConflictDialog.replace(self.conflict_dialog, conflict, self,
                                                      self._resolve_conflict)
        # Not False: the conflict dialog owns the text now, so the field must not retry it.
        return None  # type: ignore[return-value]

    @Slot(object, str)
    def _resolve_conflict(self, conflict: TextConflict, text: str) -> None:
        """Save the text the user chose or merged, resting on the other laptop's version."""
        self.conflict_dialog = None
        ref = conflict.ref
        if text != conflict.theirs:
            self.push(EditFieldsCommand(
                self.controller, self.tr("Resolve a conflicting edit"), Changes.TOPICS | Changes.TABLES,
                topic_svc.update_topic, (ref.id,), ("topic", ref.id, ref.field), {ref.field: conflict.theirs},
                {ref.field: text}, expected={ref.field: conflict.version}))
        self.load()

    def flush(self) -> None:
        for binding in self.bindings.values():
            binding.flush()

    def add(self) -> None:
        command = AddTopicCommand(self.controller, self.new_edit.text())
        self.fields["title"] = self.new_edit
        ok = self.push(command)
        self.fields["title"] = self.title_edit
        if ok and command.result is not None:
            self.new_edit.clear()
            self.select(command.result.id)

    def delete(self) -> None:
        topic = self._current
        if topic is None:
            return
        if self.push(DeleteTopicCommand(self.controller, topic)):
            self.page.statusMessage.emit(self.tr("Topic “{title}” deleted. Undo brings it back.").format(
                title=topic.title))

    def move(self, step: int) -> None:
        topic = self._current
        if topic is None:
            return
        ids = [r.id for r in self.model.rows()]
        old = ids.index(topic.id)
        if 0 <= old + step < len(ids):
            self.push(MoveCommand(self.controller, self.tr("Move topic"), Changes.TOPICS,
                                  topic_svc.move_topic, topic.id, old, old + step))

    def assign(self) -> None:
        topic = self._current
        table_id = self.table_combo.currentData()
        if topic is None or table_id is None:
            return
        table = next((t for t in self.controller.read(table_svc.list_tables) if t.id == table_id), None)
        if table is None or table.topic_id == topic.id:
            return
        if self.push(AssignTopicCommand(self.controller, table, topic.id)):
            self.page.statusMessage.emit(self.tr("“{topic}” is now the topic of table {number}.").format(
                topic=topic.title, number=table.number))


# -- the page ----------------------------------------------------------------------------------
class PreparationPage(QWidget):
    statusMessage = Signal(str)

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preparationPage")
        self.controller = controller
        self.last_folder: str | None = None
        self.event_section = EventSection(self)
        self.tables_section = TablesSection(self)
        self.topics_section = TopicsSection(self)
        self.sectors_section = SectorsSection(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preparationTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.event_section, self.tr("&Event"))
        self.tabs.addTab(self.tables_section, self.tr("&Tables"))
        self.tabs.addTab(self.topics_section, self.tr("To&pics"))
        self.tabs.addTab(self.sectors_section, self.tr("&Sectors"))
        self.agenda_editor = self._agenda_editor()
        if self.agenda_editor is not None:
            self.tabs.addTab(self.agenda_editor, self.tr("&Agenda"))
        self.tabs.currentChanged.connect(lambda _i: self.flush())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        controller.add_pending_commit(self.flush)
        controller.changed.connect(self._on_changed)

    def _agenda_editor(self) -> QWidget | None:
        # Built by the Rounds work; embedded here when this version has it.
        try:
            from gdb_facilitator.ui.widgets.agenda_editor import AgendaEditor
        except ImportError:
            log.info("no agenda editor in this version; the agenda stays on the Rounds page")
            return None
        editor = AgendaEditor(self.controller)
        if hasattr(editor, "statusMessage"):
            editor.statusMessage.connect(self.statusMessage)
        box = QWidget()
        box.setObjectName("agendaSection")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(editor)
        return box

    def flush(self) -> None:
        self.event_section.flush()
        self.topics_section.flush()

    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not self.controller.is_open:
            return
        if flags & Changes.EVENT:
            try:
                self.event_section.load(self.controller.read(event_svc.get_event), reset=flags == int(Changes.ALL))
            except DomainError as exc:
                log.info("event details not readable: %s", exc)
        if flags & (Changes.TABLES | Changes.TOPICS | Changes.SEATS | Changes.RESULTS):
            self.tables_section.load()
        if flags & (Changes.TOPICS | Changes.TABLES):
            self.topics_section.load()
        if flags & (Changes.SECTORS | Changes.ATTENDEES):
            self.sectors_section.load()

