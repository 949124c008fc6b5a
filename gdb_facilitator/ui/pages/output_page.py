"""Ausgabe: print what the tables need on the day and what every team takes home.

Choose what to print, the round and the paper; the preview on the right is the PDF that
will be printed or saved, rebuilt on a worker thread whenever the choice or the event
changes. Printing rasterises each page at up to 300 dpi for the printer (the PDF itself stays
vector when saved). The sheets speak the app's language (:mod:`ui.sheet_labels`).

The worker reads the event through its own read-only connection, so the GUI keeps its
connection and closing the event never pulls a session from under a running job. Team
codes are therefore created first, on the GUI thread, as an ordinary write.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, QUrl, Qt, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QPageLayout, QPageSize, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.db.store import open_event
from gdb_facilitator.core.errors import DomainError, EventFileError
from gdb_facilitator.core.services import codes as code_service
from gdb_facilitator.core.services import event as event_service
from gdb_facilitator.core.services import results as result_service
from gdb_facilitator.core.services import tables as table_service
from gdb_facilitator.core.sheets import SheetLabels
from gdb_facilitator.ui.controller import Changes, EventController, ServiceCommand
from gdb_facilitator.ui.errors import message_for, show_domain_error
from gdb_facilitator.ui.settings import AppSettings, Key
from gdb_facilitator.ui.sheet_labels import sheet_labels
from gdb_facilitator.ui.widgets.pdf_preview import PdfPreview, PrinterError, pdf_reader_available, print_pdf
from gdb_facilitator.ui.workers import JobRunner, Worker

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's marker name)
    return text


# Settings of this page (rule 9: declared once, with type and default).
PAPER = Key[str]("output/paper", "A4")
KIND = Key[str]("output/kind", "results")
LAST_PDF_FOLDER = Key[str]("state/last_pdf_folder", "")
BADGE_LAYOUT = Key[str]("output/badge_layout", "2x5")
# in tenths of a millimetre; -1: the label stock's own margin
BADGE_LEFT = Key[int]("output/badge_left_tenths", -1)
BADGE_TOP = Key[int]("output/badge_top_tenths", -1)
# The scanned worksheets after each team's result sheet, and in the documentation report.
INCLUDE_SCANS = Key[bool]("output/include_scans", False)

PAPERS = ("A4", "Letter")
# kind -> (choice, what it prints, the file name's part)
KIND_CHOICES: dict[str, tuple[str, str, str]] = {
    "results": (QT_TRANSLATE_NOOP("OutputPage", "Result sheets"), QT_TRANSLATE_NOOP(
        "OutputPage", "One sheet per team with its topic, results and ideas, and the QR code that is the "
                      "team's key to the 100-day check-in. Hand them out at the end."),
                QT_TRANSLATE_NOOP("OutputPage", "Result sheets")),
    "blank": (QT_TRANSLATE_NOOP("OutputPage", "Blank worksheets"), QT_TRANSLATE_NOOP(
        "OutputPage", "One per table and round, with the team's QR code, for writing the results by hand."),
              QT_TRANSLATE_NOOP("OutputPage", "Worksheets")),
    "tents": (QT_TRANSLATE_NOOP("OutputPage", "Table tents"), QT_TRANSLATE_NOOP(
        "OutputPage", "A folded sign for each table with its number and topic, readable from both sides."),
              QT_TRANSLATE_NOOP("OutputPage", "Table tents")),
    "lists": (QT_TRANSLATE_NOOP("OutputPage", "Lists for the desk"), QT_TRANSLATE_NOOP(
        "OutputPage", "Seating plan for each round, who sits where, the check-in list as a paper fallback, "
                      "and the agenda."),
              QT_TRANSLATE_NOOP("OutputPage", "Lists")),
    "agenda": (QT_TRANSLATE_NOOP("OutputPage", "Agenda"), QT_TRANSLATE_NOOP(
        "OutputPage", "The run-sheet of the day with times and durations."),
               QT_TRANSLATE_NOOP("OutputPage", "Agenda")),
    "all": (QT_TRANSLATE_NOOP("OutputPage", "Everything"), QT_TRANSLATE_NOOP(
        "OutputPage", "All of the above in one file, in the order they are needed on the day: tents, lists, "
                      "worksheets, result sheets."),
            QT_TRANSLATE_NOOP("OutputPage", "Print pack")),
    "badges": (QT_TRANSLATE_NOOP("OutputPage", "Name badges"), QT_TRANSLATE_NOOP(
        "OutputPage", "A badge for everybody expected: the name large, organisation, sector colour and the "
                      "table in each round. On A4 label sheets; choose the labels below."),
               QT_TRANSLATE_NOOP("OutputPage", "Name badges")),
}
BADGE_LAYOUT_CHOICES: tuple[tuple[str, str], ...] = (
    ("2x5", QT_TRANSLATE_NOOP("OutputPage", "10 labels 80 × 50 mm (2 × 5)")),
    ("2x4", QT_TRANSLATE_NOOP("OutputPage", "8 inserts 90 × 54 mm to cut out (2 × 4)")),
    ("2x5-card", QT_TRANSLATE_NOOP("OutputPage", "10 card inserts 85 × 54 mm to cut out (2 × 5)")),
)
# Which kinds can be limited to one round; tents and the agenda are the same in every round.
KINDS_WITH_ROUNDS = ("results", "blank", "lists", "all")
KINDS_WITH_CODES = ("results", "blank", "all")
NAME_CHOICES: tuple[tuple[str, str], ...] = (
    ("full", QT_TRANSLATE_NOOP("OutputPage", "Full names and organisations")),
    ("first", QT_TRANSLATE_NOOP("OutputPage", "First names only")),
    ("none", QT_TRANSLATE_NOOP("OutputPage", "No names, only how many people")),
)
REFRESH_ON = (Changes.EVENT | Changes.ATTENDEES | Changes.SECTORS | Changes.TABLES | Changes.ROUNDS
              | Changes.SEATS | Changes.TOPICS | Changes.RESULTS | Changes.AGENDA)
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _t(text: str) -> str:
    return QCoreApplication.translate("OutputPage", text)


# -- jobs (worker thread: no widgets, no Qt objects but the printer) -----------------------
@dataclass(frozen=True)
class SheetJob:
    event_path: Path | str  # a file, or a team server's address
    kind: str
    round_number: int | None
    labels: SheetLabels
    paper: str
    venue_url: str = ""  # the venue server's address while it runs: tents and worksheets show table pages
    table_number: int | None = None  # one table's sheets only
    # name badges only
    badge_layout: str = "2x5"
    badge_left: float | None = None  # mm; None: the stock's own margin
    badge_top: float | None = None
    first_label: int = 1
    people: tuple[int, ...] | None = None  # None: everybody expected
    include_scans: bool = False  # each team's scanned worksheets after its result sheet


@dataclass(frozen=True)
class Preview:
    job: SheetJob
    path: Path
    empty: bool  # nothing of the kind exists yet; the PDF is a placeholder page
    teams: int


def _badge_layout(job: SheetJob):  # noqa: ANN202 (a LabelLayout, imported late with reportlab)
    from gdb_facilitator.core.sheets.badges import DEFAULT_LAYOUT, LAYOUTS

    return LAYOUTS.get(job.badge_layout, LAYOUTS[DEFAULT_LAYOUT]).with_margins(job.badge_left, job.badge_top)


def build_preview(job: SheetJob, out_path: Path) -> Preview:
    from gdb_facilitator.core.sheets import build_sheet_data, render_pdf

    if job.kind == "badges":
        from gdb_facilitator.core.sheets.badges import build_badges, render_badges

        with open_event(job.event_path, readonly=True) as ef:
            badges = build_badges(ef, job.people)
        render_badges(badges, job.labels, out_path, layout=_badge_layout(job), first_label=job.first_label)
        return Preview(job, out_path, not badges.badges, 0)
    with open_event(job.event_path, readonly=True) as ef:
        data = build_sheet_data(ef, kind=job.kind, round_number=job.round_number, venue_url=job.venue_url,
                                table_number=job.table_number, include_scans=job.include_scans)
    render_pdf(data, job.labels, out_path, pagesize=job.paper)
    empty = not (data.teams or data.worksheets or data.tents or data.seating or data.roster
                 or data.checkin or data.agenda)
    return Preview(job, out_path, empty, len(data.teams) or len(data.worksheets))


def save_sheets(job: SheetJob, target: Path) -> Path:
    from gdb_facilitator.core.sheets import write_sheets

    if target.is_dir():
        raise EventFileError("export_target_is_folder", path=str(target))
    if target.exists() and isinstance(job.event_path, Path) and target.resolve() == job.event_path.resolve():
        raise EventFileError("sheets_over_event", path=str(target))
    with open_event(job.event_path, readonly=True) as ef:
        try:
            if job.kind == "badges":
                from gdb_facilitator.core.sheets.badges import write_badges

                return write_badges(ef, target, labels=job.labels, layout=_badge_layout(job),
                                    attendee_ids=job.people, first_label=job.first_label)
            return write_sheets(ef, target, kind=job.kind, round_number=job.round_number,
                                labels=job.labels, pagesize=job.paper, venue_url=job.venue_url,
                                table_number=job.table_number, include_scans=job.include_scans)
        except OSError as exc:
            raise EventFileError("export_not_writable", path=str(target),
                                 reason=exc.strerror or str(exc)) from exc


class SheetNamesCommand(ServiceCommand):
    """How much of each team member's name the result sheets show (undoable)."""

    changes = Changes.EVENT

    def __init__(self, controller: EventController, old: str, new: str, text: str) -> None:
        super().__init__(controller, text)
        self.old, self.new = old, new

    def do(self) -> None:
        self.call(event_service.update_event, sheet_names=self.new)

    def revert(self) -> None:
        self.call(event_service.update_event, sheet_names=self.old)


class OutputPage(QWidget):
    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The venue server's address while it runs (set by the main window); tents and
        # worksheets then carry each table's page as a QR code.
        self.venue_url: Callable[[], str] = lambda: ""
        self.setObjectName("outputPage")
        self.controller = controller
        self.settings = AppSettings()
        self.jobs = JobRunner(self)
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._serial = 0
        self._preview: Preview | None = None
        self._building: Worker | None = None
        self._printing: Worker | None = None
        self._printer: QPrinter | None = None
        self._stale = True
        self._after_build: str | None = None  # "print" once the preview is current
        self._sheet_names = "full"
        self._updating = False

        # -- what to print --
        self.kind_buttons = QButtonGroup(self)
        self._kind_button: dict[str, QRadioButton] = {}
        kinds = QGroupBox(self.tr("What to print"))
        kinds_layout = QVBoxLayout(kinds)
        kinds_layout.setSpacing(2)
        for kind, (label, _hint, _file) in KIND_CHOICES.items():
            button = QRadioButton(_t(label))
            button.setObjectName(f"kind_{kind}")
            button.setProperty("kind", kind)
            self.kind_buttons.addButton(button)
            self._kind_button[kind] = button
            kinds_layout.addWidget(button)
        self.kind_hint = QLabel()
        self.kind_hint.setObjectName("kindHint")
        self.kind_hint.setWordWrap(True)
        self.kind_hint.setStyleSheet("color: palette(placeholder-text); padding: 2px 0 0 22px;")
        self.kind_hint.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        kinds_layout.addWidget(self.kind_hint)
        saved_kind = self.settings.get(KIND)
        self._button_for(saved_kind if saved_kind in KIND_CHOICES else "results").setChecked(True)
        self.kind_buttons.buttonToggled.connect(self._on_kind_toggled)

        self.round_combo = QComboBox()
        self.round_combo.setObjectName("roundCombo")
        _shrinkable(self.round_combo)
        self.round_combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.paper_buttons = QButtonGroup(self)
        paper_row = QHBoxLayout()
        saved_paper = self.settings.get(PAPER)
        for paper in PAPERS:
            button = QRadioButton(self.tr("A4") if paper == "A4" else self.tr("Letter (US)"))
            button.setObjectName(f"paper_{paper}")
            button.setProperty("paper", paper)
            button.setChecked(paper == (saved_paper if saved_paper in PAPERS else "A4"))
            self.paper_buttons.addButton(button)
            paper_row.addWidget(button)
        paper_row.addStretch(1)
        self.paper_buttons.buttonToggled.connect(self._on_paper_toggled)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Round:"), self.round_combo)
        self.table_combo = QComboBox()
        self.table_combo.setObjectName("tableCombo")
        _shrinkable(self.table_combo)
        self.table_combo.addItem(self.tr("All tables"), None)
        self.table_combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        form.addRow(self.tr("Table:"), self.table_combo)
        form.addRow(self.tr("Paper:"), paper_row)
        kinds_layout.addSpacing(6)
        kinds_layout.addLayout(form)
        self.scans_box = QCheckBox(self.tr("Include the scanned worksheets"))
        self.scans_box.setObjectName("includeScans")
        self.scans_box.setToolTip(self.tr(
            "Each team's scanned worksheets are printed after its result sheet, and each table's after it "
            "in the documentation report (Follow-up page)."))
        self.scans_box.setChecked(bool(self.settings.get(INCLUDE_SCANS)))
        self.scans_box.toggled.connect(self._on_scans_toggled)
        self.scans_box.setEnabled(self.kind() in ("results", "all"))
        kinds_layout.addWidget(self.scans_box)

        # -- name badges: the label stock, margins for the printer, one person --
        self.badge_box = QGroupBox(self.tr("Label sheet for the badges"))
        self.badge_box.setObjectName("badgeOptions")
        self._badge_people: tuple[int, ...] | None = None
        self.badge_layout_combo = QComboBox()
        self.badge_layout_combo.setObjectName("badgeLayout")
        _shrinkable(self.badge_layout_combo)
        for value, label in BADGE_LAYOUT_CHOICES:
            self.badge_layout_combo.addItem(_t(label), value)
        saved_layout = self.settings.get(BADGE_LAYOUT)
        self.badge_layout_combo.setCurrentIndex(max(0, self.badge_layout_combo.findData(saved_layout)))
        self.badge_left = QDoubleSpinBox()
        self.badge_left.setObjectName("badgeLeft")
        self.badge_top = QDoubleSpinBox()
        self.badge_top.setObjectName("badgeTop")
        for spin in (self.badge_left, self.badge_top):
            spin.setRange(0, 60)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setSuffix(" mm")
        self.first_label = QSpinBox()
        self.first_label.setObjectName("firstLabel")
        self.first_label.setToolTip(self.tr("Start on a partly used sheet: 1 is the top left label, counted row by row"))
        self.badge_person = QLabel()
        self.badge_person.setObjectName("badgePerson")
        self.badge_person.setWordWrap(True)
        self.badge_person.setTextFormat(Qt.TextFormat.RichText)
        self.badge_person.linkActivated.connect(lambda _l: self.show_badges_for(None))
        self.badge_person.hide()
        badge_form = QFormLayout(self.badge_box)
        badge_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        badge_form.addRow(self.tr("Labels:"), self.badge_layout_combo)
        badge_form.addRow(self.tr("Left margin:"), self.badge_left)
        badge_form.addRow(self.tr("Top margin:"), self.badge_top)
        badge_form.addRow(self.tr("Start at label:"), self.first_label)
        badge_form.addRow(self.badge_person)
        self._load_badge_margins()
        self.badge_layout_combo.currentIndexChanged.connect(self._on_badge_layout)
        self.badge_left.valueChanged.connect(lambda v: self._on_badge_margin(BADGE_LEFT, v))
        self.badge_top.valueChanged.connect(lambda v: self._on_badge_margin(BADGE_TOP, v))
        self.first_label.valueChanged.connect(lambda _v: self._options_changed())

        # -- privacy --
        privacy = QGroupBox(self.tr("Names on the result sheets"))
        privacy_layout = QVBoxLayout(privacy)
        self.names_combo = QComboBox()
        self.names_combo.setObjectName("namesCombo")
        _shrinkable(self.names_combo)
        for value, label in NAME_CHOICES:
            self.names_combo.addItem(_t(label), value)
        self.names_combo.currentIndexChanged.connect(self._on_names_chosen)
        names_hint = QLabel(self.tr("Every team member gets the sheet, and teams pass sheets on. "
                                    "Print fewer details when people have not agreed to more."))
        names_hint.setWordWrap(True)
        names_hint.setStyleSheet("color: palette(placeholder-text);")
        privacy_layout.addWidget(self.names_combo)
        privacy_layout.addWidget(names_hint)

        # -- follow-up --
        follow = QGroupBox(self.tr("100-day check-in"))
        follow_layout = QVBoxLayout(follow)
        self.follow_date_label = QLabel()
        self.follow_date_label.setObjectName("followUpDate")
        self.follow_date_label.setWordWrap(True)
        self.follow_url_label = QLabel()
        self.follow_url_label.setObjectName("followUpUrl")
        self.follow_url_label.setWordWrap(True)
        self.follow_url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preparation_link = QLabel()
        self.preparation_link.setObjectName("preparationLink")
        self.preparation_link.setText('<a href="preparation">{}</a>'.format(
            _html(self.tr("Change on the Preparation page"))))
        self.preparation_link.setWordWrap(True)
        self.preparation_link.linkActivated.connect(self._go_to_preparation)
        follow_layout.addWidget(self.follow_date_label)
        follow_layout.addWidget(self.follow_url_label)
        follow_layout.addWidget(self.preparation_link)

        # -- actions --
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.on_print)
        self.print_button.setToolTip(self.tr("Print the sheets shown in the preview (Ctrl+P)"))
        # Only while this page is on screen: hidden pages of the stack take no shortcuts.
        print_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_shortcut.activated.connect(self.on_print)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.on_save)
        # Stacked rather than side by side: long translations never push them off the column.
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        for button in (self.print_button, self.save_button):
            button.setMinimumHeight(self.fontMetrics().height() + 16)

        self.progress = QProgressBar()
        self.progress.setObjectName("progressBar")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.jobs.cancel_all)
        self.cancel_button.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        # What the last save or print did; kept apart from the page count, which a rebuilt
        # preview rewrites, so the confirmation does not vanish under it.
        self.notice_label = QLabel()
        self.notice_label.setObjectName("noticeLabel")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("font-weight: bold;")
        self.notice_label.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))

        side = QWidget()
        side.setObjectName("outputOptions")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 8, 0)
        side_layout.setSpacing(4)
        side_layout.addWidget(kinds)
        side_layout.addWidget(self.badge_box)
        side_layout.addWidget(privacy)
        side_layout.addWidget(follow)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scroll, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.progress)
        left_layout.addLayout(status_row)
        left_layout.addWidget(self.notice_label)
        # As wide as the options need in this language (titles of group boxes cannot wrap),
        # within limits that keep the preview the larger part.
        need = side.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4
        left.setMinimumWidth(min(max(300, need), 560))
        left.setMaximumWidth(560)

        self.preview = PdfPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([max(360, left.minimumWidth()), 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(150)
        self._build_timer.timeout.connect(self.refresh_preview)

        controller.changed.connect(self._on_changed)
        controller.eventClosed.connect(self._on_closed)
        app = QApplication.instance()
        if app is not None:
            # No job thread may outlive the app (or the event file it reads).
            app.aboutToQuit.connect(self._wait_for_jobs)
        self._show_kind_hint()
        self._show_badge_options()
        self._update_buttons()

    @Slot()
    def _wait_for_jobs(self) -> None:
        self.jobs.cancel_all()
        self.jobs.wait(30000)
        self.preview.clear()  # closes the PDF before the interpreter goes

    # -- choices --------------------------------------------------------------------------
    def _button_for(self, kind: str) -> QRadioButton:
        return self._kind_button[kind]

    def kind(self) -> str:
        button = self.kind_buttons.checkedButton()
        return str(button.property("kind")) if button else "results"

    def set_kind(self, kind: str) -> None:
        self._button_for(kind).setChecked(True)

    def paper(self) -> str:
        button = self.paper_buttons.checkedButton()
        return str(button.property("paper")) if button else "A4"

    def round_number(self) -> int | None:
        if not self.round_combo.isEnabled():
            return None
        value = self.round_combo.currentData()
        return int(value) if value is not None else None

    def _round_id(self) -> int | None:
        number = self.round_number()
        if number is None:
            return None
        for info in self.controller.read(result_service.list_rounds):
            if info.number == number:
                return info.id
        return None

    def table_number(self) -> int | None:
        value = self.table_combo.currentData() if self.table_combo.isEnabled() else None
        return int(value) if value is not None else None

    def show_table_sheet(self, round_number: int, table_number: int) -> None:
        """The result sheet of one table (Results page: "Print its sheet" once it is done)."""
        self._fill_tables()
        self.set_kind("results")
        index = self.round_combo.findData(round_number)
        if index >= 0:
            self.round_combo.setCurrentIndex(index)
        index = self.table_combo.findData(table_number)
        if index >= 0:
            self.table_combo.setCurrentIndex(index)
        self._options_changed()

    def _fill_tables(self) -> None:
        current = self.table_combo.currentData()
        self.table_combo.blockSignals(True)
        self.table_combo.clear()
        self.table_combo.addItem(self.tr("All tables"), None)
        for row in self.controller.read(table_service.list_tables):
            text = self.tr("Table {n}").format(n=row.number)
            self.table_combo.addItem(f"{text} · {row.name}" if row.name else text, row.number)
        self.table_combo.setCurrentIndex(max(0, self.table_combo.findData(current)))
        self.table_combo.blockSignals(False)

    def job(self) -> SheetJob:
        per_table = self.kind() in ("results", "blank", "tents")
        badges = self.kind() == "badges"
        return SheetJob(event_path=self.controller.event_file.source, kind=self.kind(),
                        round_number=self.round_number() if self.kind() in KINDS_WITH_ROUNDS else None,
                        labels=sheet_labels(), paper="A4" if badges else self.paper(), venue_url=self.venue_url(),
                        table_number=self.table_number() if per_table else None,
                        badge_layout=str(self.badge_layout_combo.currentData()),
                        badge_left=self.badge_left.value(), badge_top=self.badge_top.value(),
                        first_label=self.first_label.value(),
                        people=self._badge_people if badges else None,
                        include_scans=self.scans_box.isChecked() and self.kind() in ("results", "all"))

    # -- name badges --------------------------------------------------------------------------
    def _stock(self):  # noqa: ANN202 (a LabelLayout)
        from gdb_facilitator.core.sheets.badges import DEFAULT_LAYOUT, LAYOUTS

        return LAYOUTS.get(str(self.badge_layout_combo.currentData()), LAYOUTS[DEFAULT_LAYOUT])

    def _load_badge_margins(self) -> None:
        stock = self._stock()
        left, top = self.settings.get(BADGE_LEFT), self.settings.get(BADGE_TOP)
        for spin, saved, default in ((self.badge_left, left, stock.left), (self.badge_top, top, stock.top)):
            spin.blockSignals(True)
            spin.setValue(saved / 10 if saved >= 0 else default)
            spin.blockSignals(False)
        self.first_label.blockSignals(True)
        self.first_label.setRange(1, stock.per_page)
        self.first_label.blockSignals(False)

    def _on_badge_layout(self, _index: int) -> None:
        # Another stock has its own margins: start from them again.
        self.settings.set(BADGE_LAYOUT, str(self.badge_layout_combo.currentData()))
        self.settings.set(BADGE_LEFT, -1)
        self.settings.set(BADGE_TOP, -1)
        self._load_badge_margins()
        self._options_changed()

    def _on_badge_margin(self, key: Key[int], value: float) -> None:
        self.settings.set(key, round(value * 10))
        self._options_changed()

    def _show_badge_options(self) -> None:
        badges = self.kind() == "badges"
        self.badge_box.setVisible(badges)
        for button in self.paper_buttons.buttons():
            button.setEnabled(not badges)  # label sheets are A4

    def show_badges_for(self, attendee_id: int | None, name: str = "") -> None:
        """Badges of one person (a walk-in at the desk), or of everybody again (None)."""
        self._badge_people = (attendee_id,) if attendee_id is not None else None
        if attendee_id is not None:
            self.badge_person.setText(self.tr("Only the badge of {name}. <a href=\"all\">Show everybody's</a>").format(
                name=_html(name)))
        else:
            self.badge_person.setText("")
        self.badge_person.setVisible(attendee_id is not None)
        if self.kind() != "badges":
            self.set_kind("badges")
        else:
            self._options_changed()
        self.print_button.setFocus()

    def _on_kind_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        self.settings.set(KIND, self.kind())
        self._show_kind_hint()
        self._show_badge_options()
        self.round_combo.setEnabled(self.kind() in KINDS_WITH_ROUNDS and self.round_combo.count() > 1)
        self.table_combo.setEnabled(self.kind() in ("results", "blank", "tents"))
        self.scans_box.setEnabled(self.kind() in ("results", "all"))
        self._options_changed()

    @Slot(bool)
    def _on_scans_toggled(self, checked: bool) -> None:
        self.settings.set(INCLUDE_SCANS, checked)
        self._options_changed()

    def _show_kind_hint(self) -> None:
        self.kind_hint.setText(_t(KIND_CHOICES[self.kind()][1]))

    def _on_paper_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.settings.set(PAPER, self.paper())
            self._options_changed()

    def _options_changed(self) -> None:
        if self._updating:
            return
        self._stale = True
        self._update_buttons()
        if self.isVisible():
            self._build_timer.start()

    @Slot(int)
    def _on_names_chosen(self, index: int) -> None:
        if self._updating or not self.controller.is_open:
            return
        new = self.names_combo.itemData(index)
        if new == self._sheet_names:
            return
        text = self.tr("Names on the result sheets: {choice}").format(choice=self.names_combo.itemText(index))
        if not self.controller.push(SheetNamesCommand(self.controller, self._sheet_names, new, text)):
            self._show_event_details()

    @Slot(str)
    def _go_to_preparation(self, _link: str) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            window.show_page("preparation")

    # -- the event --------------------------------------------------------------------------
    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not self.controller.is_open:
            return
        if flags & Changes.EVENT:
            self._show_event_details()
        if flags & Changes.ROUNDS:
            self._fill_rounds()
        if flags & (Changes.TABLES | Changes.EVENT):
            self._fill_tables()
        if flags & REFRESH_ON:
            self._options_changed()

    def _fill_rounds(self) -> None:
        current = self.round_combo.currentData()
        rounds = self.controller.read(result_service.list_rounds)
        self._updating = True
        try:
            self.round_combo.clear()
            self.round_combo.addItem(self.tr("All rounds") if rounds else self.tr("No rounds yet"), None)
            for info in rounds:
                label = self.tr("Round {number}").format(number=info.number)
                if info.title:
                    label = f"{label} – {info.title}"
                self.round_combo.addItem(label, info.number)
            self.round_combo.setCurrentIndex(max(self.round_combo.findData(current), 0))
            self.round_combo.setEnabled(self.kind() in KINDS_WITH_ROUNDS and bool(rounds))
        finally:
            self._updating = False

    def _show_event_details(self) -> None:
        details = self.controller.read(event_service.get_event)
        self._sheet_names = details.sheet_names if details.sheet_names in dict(NAME_CHOICES) else "full"
        self._updating = True
        try:
            self.names_combo.setCurrentIndex(max(self.names_combo.findData(self._sheet_names), 0))
        finally:
            self._updating = False
        if details.follow_up_effective is not None:
            when = sheet_labels().format_date(details.follow_up_effective)
            self.follow_date_label.setText(self.tr("On {date}. The date is printed on every result sheet.").format(
                date=when))
        else:
            self.follow_date_label.setText(self.tr(
                "No date yet: it is 100 days after the event date, or a date of its own."))
        url = details.follow_up_url.strip()
        self.follow_url_label.setToolTip(url)
        if url:
            # An address has no spaces to wrap at and would widen the whole column: allow
            # breaks after its separators (zero-width spaces), and shorten a monster.
            shown = re.sub(r"([/.?&=-])", "\\1\u200b", url if len(url) <= 160 else url[:100] + "…" + url[-40:])
            self.follow_url_label.setText(self.tr("The QR code opens {url} with the team code.").format(url=shown))
        else:
            self.follow_url_label.setText(self.tr(
                "The QR code holds the team code only: no web address for the check-in is set."))
        from gdb_facilitator.ui.pages import REAL_PAGES

        self.preparation_link.setVisible("preparation" in REAL_PAGES)

    @Slot()
    def _on_closed(self) -> None:
        self._serial += 1  # results of running jobs belong to the closed event
        self.jobs.cancel_all()
        self._build_timer.stop()
        self._preview = None
        self._after_build = None
        self._stale = True
        self._badge_people = None  # a person of the closed event
        self.badge_person.hide()
        self.preview.clear()
        self._set_busy("")
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.controller.is_open and (self._stale or self._preview is None):
            if self.round_combo.count() == 0:
                self._fill_rounds()
                self._show_event_details()
            self._build_timer.start(0)

    # -- the preview ------------------------------------------------------------------------------
    def _scratch_dir(self) -> Path:
        if self._scratch is None:
            # The PDFs hold names: a private folder that goes away with the page.
            self._scratch = tempfile.TemporaryDirectory(prefix="gdb-output-", ignore_cleanup_errors=True)
        return Path(self._scratch.name)

    def _ensure_codes(self, job: SheetJob) -> bool:
        """Create missing team codes now (the job's read-only connection cannot)."""
        if job.kind not in KINDS_WITH_CODES and not (job.venue_url and job.kind in ("tents", "all")):
            return True
        try:
            self.controller.write(Changes.FOLLOW_UP, code_service.ensure_team_codes, self._round_id())
        except DomainError as exc:
            show_domain_error(self, exc)
            return False
        return True

    @Slot()
    def refresh_preview(self) -> None:
        """Rebuild the preview for the current choices (one build at a time)."""
        if not self.controller.is_open:
            return
        if self._building is not None:
            self._stale = True  # built again when the running build returns
            return
        if not pdf_reader_available():
            self.preview.clear(message_for(DomainError("pdf_reader_missing")))
            self._stale = False
            self._preview = None
            self._update_buttons()
            return
        if self.round_combo.count() == 0:
            self._fill_rounds()
        job = self.job()
        if not self._ensure_codes(job):
            return
        self._serial += 1
        serial = self._serial
        self._stale = False
        out = self._scratch_dir() / f"preview-{serial}.pdf"
        worker = Worker(build_preview, job, out)
        worker.signals.setProperty("serial", serial)
        # Bound methods, not lambdas: Qt drops them when the page goes, a lambda would
        # still run on a deleted page when a job outlives it.
        worker.signals.succeeded.connect(self._on_built)
        worker.signals.failed.connect(self._on_build_failed)
        worker.signals.finished.connect(self._on_build_finished)
        self._building = worker
        self._set_busy(self.tr("Preparing the sheets…"))
        self._update_buttons()
        self.jobs.start(worker)

    def _sender_serial(self) -> int:
        sender = self.sender()
        return int(sender.property("serial")) if sender is not None else -1

    @Slot(object)
    def _on_built(self, result: Preview) -> None:
        if self._sender_serial() != self._serial or self._stale:
            result.path.unlink(missing_ok=True)
            return
        old = self._preview
        self._preview = result
        if result.empty:
            self.preview.clear(self._empty_text(result.job.kind))
        else:
            try:
                self.preview.load(result.path)
            except Exception as exc:  # pdfium refused our own file: a bug, shown in the error dialog
                self._preview = None
                sys.excepthook(type(exc), exc, exc.__traceback__)
                return
        if old is not None and old.path != result.path:
            old.path.unlink(missing_ok=True)

    @Slot(object)
    def _on_build_failed(self, exc: BaseException) -> None:
        if self._sender_serial() != self._serial:
            return
        self._preview = None
        self._after_build = None
        if isinstance(exc, DomainError):
            self.preview.clear(message_for(exc))
        else:
            self.preview.clear(self.tr("The preview could not be made."))
            sys.excepthook(type(exc), exc, exc.__traceback__)

    @Slot()
    def _on_build_finished(self) -> None:
        serial = self._sender_serial()
        self._building = None
        self._set_busy("")
        if not self.controller.is_open:
            return
        if self._stale:
            self._build_timer.start(0)
        elif self._after_build == "print" and serial == self._serial:
            self._after_build = None
            if self._preview is not None and not self._preview.empty:
                self.on_print()
        self._update_buttons()
        self._show_summary()

    def _empty_text(self, kind: str) -> str:
        if kind == "results":
            return self.tr("No result sheets yet: nobody is seated at a table and no results are recorded "
                           "for this round. Seat people on the Tables page or type in results on the "
                           "Results page.")
        if kind in ("blank", "tents"):
            return self.tr("This event has no tables yet. Add them on the Preparation page.")
        if kind == "agenda":
            return self.tr("The agenda is empty. Add its items on the Preparation page.")
        if kind == "badges":
            return self.tr("Nobody to make a badge for: the event has no attendees yet.")
        return self.tr("Nothing to print yet: the event has no attendees, tables or agenda.")

    def _show_summary(self) -> None:
        if self._building is not None or self._printing is not None:
            return
        preview = self._preview
        if preview is None or preview.empty:
            self.status_label.setText("")
            return
        pages = self.preview.page_count()
        text = self.tr("%n page(s)", "", pages)
        if preview.job.kind in ("results", "blank") and preview.teams:
            text = self.tr("%n team(s)", "", preview.teams) + " · " + text
        self.status_label.setText(text)

    def _set_busy(self, text: str, *, total: int = 0, cancellable: bool = False) -> None:
        if text:
            self.progress.setRange(0, total)
            self.progress.setValue(0)
            self.progress.show()
            self.status_label.setText(text)
        else:
            self.progress.hide()
            self.status_label.setText("")
        self.cancel_button.setVisible(bool(text) and cancellable)

    def _update_buttons(self) -> None:
        ready = self.controller.is_open and self._printing is None
        has_pages = self._preview is not None and not self._preview.empty
        waiting = self._building is not None or self._stale
        # Print waits for a current preview; Save builds its own PDF but not for nothing.
        self.print_button.setEnabled(ready and pdf_reader_available() and (has_pages or waiting))
        self.save_button.setEnabled(ready and (has_pages or waiting))

    # -- saving -------------------------------------------------------------------------------------
    def _default_file_name(self, job: SheetJob) -> str:
        title = self.controller.read(event_service.get_event).title
        parts = [title, _t(KIND_CHOICES[job.kind][2])]
        if job.round_number is not None:
            parts.append(self.tr("Round {number}").format(number=job.round_number))
        name = " ".join(_UNSAFE_FILE_CHARS.sub(" ", " – ".join(p for p in parts if p)).split()).strip(" .")
        return (name or "sheets")[:120] + ".pdf"

    @Slot()
    def on_save(self) -> None:
        if not self.controller.is_open:
            return
        job = self.job()
        folder = self.settings.get(LAST_PDF_FOLDER) or str(self.controller.path.parent if self.controller.path else Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the sheets as PDF"), str(Path(folder) / self._default_file_name(job)),
            self.tr("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self.settings.set(LAST_PDF_FOLDER, str(target.parent))
        if not self._ensure_codes(job):
            return
        worker = Worker(save_sheets, job, target)
        worker.signals.succeeded.connect(self._on_saved)
        worker.signals.failed.connect(self._on_job_failed)
        worker.signals.finished.connect(self._on_job_finished)
        self.notice_label.setText("")
        self._set_busy(self.tr("Saving {file}…").format(file=target.name))
        self.jobs.start(worker)

    @Slot(object)
    def _on_saved(self, path: Path) -> None:
        self._set_busy("")
        self._show_summary()
        link = QUrl.fromLocalFile(str(path.parent)).toString()
        self.notice_label.setText(self.tr("Saved {file}.").format(file=_html(path.name))
                                  + f' <a href="{link}">' + _html(self.tr("Show folder")) + "</a>")
        self.notice_label.setToolTip(str(path))
        log.info("sheets saved to %s", path)

    @Slot(object)
    def _on_job_failed(self, exc: BaseException) -> None:
        self._set_busy("")
        self._show_summary()
        if isinstance(exc, DomainError):
            show_domain_error(self, exc)
        elif isinstance(exc, PrinterError):
            show_domain_error(self, DomainError("print_failed", printer=exc.printer))
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    @Slot()
    def _on_job_finished(self) -> None:
        self._update_buttons()

    # -- printing ------------------------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        letter = self.paper() == "Letter" and self.kind() != "badges"
        size = QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4
        printer.setPageSize(QPageSize(size))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        # The PDF has its own margins; the page is drawn onto the whole sheet of paper.
        printer.setFullPage(True)
        return printer

    @Slot()
    def on_print(self) -> None:
        if not self.controller.is_open or self._printing is not None:
            return
        if self._stale or self._building is not None or self._preview is None:
            self._after_build = "print"
            if self._building is None:
                self._build_timer.start(0)
            return
        preview = self._preview
        if preview.empty:
            return
        printer = self.make_printer()
        kind_name = _t(KIND_CHOICES[preview.job.kind][2])
        printer.setDocName(self._default_file_name(preview.job).removesuffix(".pdf") or kind_name)
        pages = self.preview.page_count()
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        dialog.setWindowTitle(self.tr("Print {what}").format(what=kind_name))
        dialog.setMinMax(1, pages)
        dialog.setFromTo(1, pages)
        option = QAbstractPrintDialog.PrintDialogOption
        # No "selection": the preview has none. Copies and collation stay with the dialog.
        dialog.setOptions(option.PrintToFile | option.PrintPageRange | option.PrintCurrentPage
                          | option.PrintShowPageSize | option.PrintCollateCopies)
        accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Print the current preview on ``printer`` as its dialog left it (range, copies)."""
        preview = self._preview
        if preview is None or preview.empty:
            return
        pages = self.preview.page_count()
        selection: list[int] | None = None
        print_range = printer.printRange()
        if print_range == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            selection = list(range(printer.fromPage() - 1, min(printer.toPage(), pages)))
        elif print_range == QPrinter.PrintRange.CurrentPage:
            selection = [max(self.preview.current_page(), 1) - 1]
        # Qt's own engines make copies themselves only where the printer can.
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        count = (len(selection) if selection is not None else pages) * copies
        worker = Worker(print_pdf, preview.path, printer, pages=selection, copies=copies, with_progress=True)
        worker.signals.progress.connect(self._on_print_progress)
        worker.signals.succeeded.connect(self._on_printed)
        worker.signals.failed.connect(self._on_job_failed)
        worker.signals.cancelled.connect(self._on_print_cancelled)
        worker.signals.finished.connect(self._on_print_finished)
        self._printing = worker
        self._printer = printer  # Qt must not delete it while the job paints on it
        self.notice_label.setText("")
        self._set_busy(self.tr("Printing page {page} of {pages}…").format(page=1, pages=count),
                       total=count, cancellable=True)
        self._update_buttons()
        self.jobs.start(worker)

    @Slot(int, int)
    def _on_print_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if done < total:
            self.status_label.setText(self.tr("Printing page {page} of {pages}…").format(page=done + 1, pages=total))

    @Slot()
    def _on_print_cancelled(self) -> None:
        self.notice_label.setText(self.tr("Printing cancelled."))

    @Slot(object)
    def _on_printed(self, count: int) -> None:
        self.notice_label.setText(self.tr("Sent %n page(s) to the printer.", "", count))
        self.notice_label.setToolTip("")

    @Slot()
    def _on_print_finished(self) -> None:
        self._printing = None
        self._printer = None
        self._set_busy("")
        self._show_summary()
        self._update_buttons()

    # -- for tests and the window ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.jobs.busy or self._build_timer.isActive()

    def current_preview(self) -> Preview | None:
        return self._preview


def _shrinkable(combo: QComboBox) -> None:
    # Round titles and translations can be long; the combo shows the start and the list
    # opens wide enough, instead of the options column growing off the screen.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
