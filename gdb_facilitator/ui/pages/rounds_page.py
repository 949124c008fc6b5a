"""Runden: the run-sheet, the round timer, the projector and "how did we do".

The page owns the event's :class:`TimerService`. A QTimer asks it every 200 ms for the
state at this instant (``tick()``); the time left is always computed from the stored
anchors and the injected clock, never by counting ticks, so a late or skipped tick only
delays a repaint. The same :class:`ProjectorState` feeds the projector window and the
preview on this page, so the preview is exactly what the room sees.

Keyboard (on this page and in the projector window): Space start/pause, → next,
← previous, + / − one minute (Page Up / Page Down five), R restart, B blackout, F flash,
M message, T table topics, Esc leaves full screen. While a text field has the focus,
these keys type into the field instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent, QScreen, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.ui import event_time
from gdb_facilitator.core.algorithms.timer import Cue, Level, Phase
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services.projector import TopicBoard, table_topics
from gdb_facilitator.core.services.timer import NUDGE_LARGE, NUDGE_SMALL, TimerService, TimerView
from gdb_facilitator.ui.controller import Changes, EventController
from gdb_facilitator.ui.errors import message_for
from gdb_facilitator.ui.models.agenda_model import P_TITLE, PlanActualModel, csv_headers
from gdb_facilitator.ui.settings import AppSettings
from gdb_facilitator.ui.sound import CuePlayer
from gdb_facilitator.ui.widgets.agenda_editor import AgendaEditor
from gdb_facilitator.ui.widgets.none_guard import guard_none_refcount
from gdb_facilitator.ui.widgets.timer_display import Mode, ProjectorState, TimerDisplay, build_state, format_countdown
from gdb_facilitator.ui.windows.projector_window import (
    PROJECTOR_SCREEN,
    ProjectorWindow,
    default_screen,
    screen_by_key,
    screen_key,
)

log = logging.getLogger(__name__)

# The tick and the repaints call Qt many times a second; see none_guard for why this matters.
guard_none_refcount()

TICK_MS = 200
FLASH_SECONDS = 3.0
WINDOW_CHOICE = "window"  # the screen combo's value for "a window on the laptop"

_TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def typing_in_a_field() -> bool:
    """True while the keyboard focus is in a text field (where our keys must type)."""
    widget = QApplication.focusWidget()
    if isinstance(widget, _TEXT_INPUTS):
        return True
    return isinstance(widget, QComboBox) and widget.isEditable()


class PreviewFrame(QWidget):
    """Keeps the preview at the projector's aspect ratio inside whatever space it gets."""

    def __init__(self, display: TimerDisplay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.display = display
        display.setParent(self)
        self.aspect = 16 / 9
        self.setMinimumSize(QSize(320, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_aspect(self, aspect: float) -> None:
        self.aspect = aspect
        self.updateGeometry()
        self._place()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return int(width / self.aspect)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, int(400 / self.aspect))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        w, h = self.width(), self.height()
        if w / max(h, 1) > self.aspect:
            w = int(h * self.aspect)
        else:
            h = int(w / self.aspect)
        self.display.setGeometry((self.width() - w) // 2, 0, w, h)


class RoundsPage(QWidget):
    statusMessage = Signal(str)
    roundStatus = Signal(str)  # "Gruppenarbeit 1 – 12:34 left" for the main window's status bar

    def __init__(self, controller: EventController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundsPage")
        self.controller = controller
        self.settings = AppSettings()
        self.timer: TimerService | None = None
        self.view_state: TimerView | None = None
        self.projector: ProjectorWindow | None = None
        self.player = CuePlayer(self)
        self.player.unavailable.connect(self._on_sound_unavailable)
        self._blackout = False
        self._topics_on = False
        self._topics: TopicBoard | None = None
        self._flash_until = 0.0
        self._status_text = ""
        self._controls_key: tuple | None = None
        self._shortcuts: list[QShortcut] = []

        # -- left: run-sheet and "how did we do" --
        self.editor = AgendaEditor(controller)
        self.select_button = QPushButton(self.tr("Put on the &timer"))
        self.select_button.setObjectName("selectOnTimer")
        self.select_button.setToolTip(self.tr("Make the selected item the timer's current item"))
        self.select_button.clicked.connect(self.select_on_timer)
        self.editor.buttons.insertWidget(0, self.select_button)
        self.editor.currentChanged.connect(lambda _id: self._update_controls())
        self.editor.statusMessage.connect(self.statusMessage)

        self.plan_model = PlanActualModel(self)
        self.plan_view = QTableView()
        self.plan_view.setObjectName("planView")
        self.plan_view.setModel(self.plan_model)
        self.plan_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.plan_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan_view.setAlternatingRowColors(True)
        self.plan_view.setWordWrap(False)
        self.plan_view.verticalHeader().hide()
        header = self.plan_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The titles matter most: they keep a readable width, and the table scrolls sideways
        # before a title is cut to a few letters.
        header.setSectionResizeMode(P_TITLE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(P_TITLE, self.fontMetrics().horizontalAdvance("M") * 22)
        header.setStretchLastSection(True)
        self.plan_view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.plan_summary = QLabel()
        self.plan_summary.setObjectName("planSummary")
        self.export_button = QPushButton(self.tr("Export as CSV…"))
        self.export_button.setObjectName("exportPlan")
        self.export_button.clicked.connect(self.export_plan)
        plan_box = QWidget()
        plan_layout = QVBoxLayout(plan_box)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_summary, 1)
        plan_row.addWidget(self.export_button)
        plan_layout.addLayout(plan_row)
        plan_layout.addWidget(self.plan_view, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("roundsTabs")
        sheet_box = QWidget()
        sheet_layout = QVBoxLayout(sheet_box)
        sheet_layout.addWidget(self.editor)
        self.tabs.addTab(sheet_box, self.tr("Run-sheet"))
        self.tabs.addTab(plan_box, self.tr("How did we do?"))

        # -- right: preview, timer controls, projector --
        self.preview = TimerDisplay(preview=True)
        self.preview_frame = PreviewFrame(self.preview)

        def button(text: str, name: str, slot: Callable[[], None], tip: str = "",
                   checkable: bool = False) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setCheckable(checkable)
            if tip:
                b.setToolTip(tip)
            # Clicking must not leave the focus on the button (Space would click it again).
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _c=False: slot())
            return b

        self.start_button = button(self.tr("Start"), "startPause", self.toggle, self.tr("Start or pause (Space)"))
        font = self.start_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.start_button.setFont(font)
        self.start_button.setMinimumHeight(self.fontMetrics().height() * 3)
        self.prev_button = button(self.tr("◀ Back"), "previous", self.previous, self.tr("Previous item (←)"))
        self.next_button = button(self.tr("Next ▶"), "next", self.next, self.tr("End this item, on to the next (→)"))
        for b in (self.prev_button, self.next_button):
            b.setMinimumHeight(self.fontMetrics().height() * 3)
        self.minus5 = button(self.tr("−5"), "minus5", lambda: self.adjust(-NUDGE_LARGE), self.tr("5 minutes less (Page Down)"))
        self.minus1 = button(self.tr("−1"), "minus1", lambda: self.adjust(-NUDGE_SMALL), self.tr("1 minute less (−)"))
        self.plus1 = button(self.tr("+1"), "plus1", lambda: self.adjust(NUDGE_SMALL), self.tr("1 minute more (+)"))
        self.plus5 = button(self.tr("+5"), "plus5", lambda: self.adjust(NUDGE_LARGE), self.tr("5 minutes more (Page Up)"))
        self.restart_button = button(self.tr("Restart"), "restart", self.restart,
                                     self.tr("Start this item again from its planned duration (R)"))
        self.stop_button = button(self.tr("End"), "stop", self.stop, self.tr("End this item and keep the time shown"))

        # Short texts: without this, the style's minimum button width (80 px) makes the row
        # wider than the panel.
        for b in (self.minus5, self.minus1, self.plus1, self.plus5):
            b.setMinimumWidth(b.fontMetrics().horizontalAdvance(b.text()) + 24)
        controls = QGridLayout()
        controls.setSpacing(6)
        controls.addWidget(self.prev_button, 0, 0, 1, 1)
        controls.addWidget(self.start_button, 0, 1, 1, 4)
        controls.addWidget(self.next_button, 0, 5, 1, 1)
        for col, b in enumerate((self.minus5, self.minus1, self.plus1, self.plus5, self.restart_button,
                                 self.stop_button)):
            controls.addWidget(b, 1, col)

        # Projector
        self.screen_combo = QComboBox()
        self.screen_combo.setObjectName("screenCombo")
        self.screen_combo.setToolTip(self.tr("Where the projector picture goes"))
        self.screen_combo.activated.connect(lambda _i: self._on_screen_chosen())
        self.projector_button = button(self.tr("Open projector"), "projectorButton", self.toggle_projector)
        self.blackout_button = button(self.tr("Blackout"), "blackout", self.toggle_blackout,
                                      self.tr("Darken the projector (B)"), checkable=True)
        self.flash_button = button(self.tr("Flash"), "flash", self.flash, self.tr("Flash the projector for attention (F)"))
        self.topics_button = button(self.tr("Table topics"), "topics", self.toggle_topics,
                                    self.tr("Show the tables and their topics instead of the timer (T)"),
                                    checkable=True)
        self.page_label = QLabel()
        self.page_label.setObjectName("projectorPageLabel")
        self.page_label.setWordWrap(True)
        self.timer_again_button = button(self.tr("Show the timer again"), "timerAgain", self.show_timer_on_projector)
        self.message_edit = QLineEdit()
        self.message_edit.setObjectName("messageEdit")
        self.message_edit.setPlaceholderText(self.tr("5 minutes left – please come to an end"))
        self.message_edit.setMaxLength(500)
        self.message_edit.returnPressed.connect(self._message_entered)
        self.message_button = button(self.tr("Show message"), "messageButton", self.toggle_message,
                                     self.tr("Show or hide the message on the projector (M)"), checkable=True)
        self.auto_check = QCheckBox(self.tr("Start the next item when time is up"))
        self.auto_check.setObjectName("autoAdvance")
        self.auto_check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.auto_check.clicked.connect(self.set_auto_advance)
        self.mute_check = QCheckBox(self.tr("Mute sounds"))
        self.mute_check.setObjectName("mute")
        self.mute_check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mute_check.clicked.connect(self.set_muted)
        self.sound_label = QLabel()
        self.sound_label.setObjectName("soundLabel")
        self.sound_label.setStyleSheet("color: #8A4B00;")
        self.sound_label.hide()

        projector_box = QGroupBox(self.tr("Projector"))
        pl = QGridLayout(projector_box)
        pl.setSpacing(6)
        pl.addWidget(self.screen_combo, 0, 0, 1, 2)
        pl.addWidget(self.projector_button, 0, 2)
        pl.addWidget(self.blackout_button, 1, 0)
        pl.addWidget(self.flash_button, 1, 1)
        pl.addWidget(self.topics_button, 1, 2)
        pl.addWidget(self.message_edit, 2, 0, 1, 2)
        pl.addWidget(self.message_button, 2, 2)
        pl.addWidget(self.page_label, 3, 0, 1, 2)
        pl.addWidget(self.timer_again_button, 3, 2)
        options = QHBoxLayout()
        options.addWidget(self.auto_check)
        options.addWidget(self.mute_check)
        options.addStretch(1)

        self.feedback = QLabel()
        self.feedback.setObjectName("timerFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setStyleSheet("color: #8A4B00; font-weight: bold;")
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(6000)
        self._feedback_timer.timeout.connect(self.feedback.clear)

        right = QWidget()
        right.setObjectName("timerPanel")
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.preview_frame)
        rl.addLayout(controls)
        rl.addLayout(options)
        rl.addWidget(self.sound_label)
        rl.addWidget(projector_box)
        rl.addWidget(self.feedback)
        rl.addStretch(1)
        right.setFixedWidth(480)

        layout = QHBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(right)

        self._install_keys(self)
        self._fill_screens()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(lambda _s: self._fill_screens())
            app.screenRemoved.connect(lambda _s: self._fill_screens())

        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.tick)
        controller.changed.connect(self._on_changed)
        controller.eventClosed.connect(self._on_closed)
        self._update_controls()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # The keys work while the focus is on this page; the navigation list would keep it.
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.editor.view.setFocus()

    # -- keys ------------------------------------------------------------------------------
    def _install_keys(self, widget: QWidget) -> None:
        keys: list[tuple[tuple[str, ...], Callable[[], None]]] = [
            (("Space",), self.toggle),
            (("Right",), self.next),
            (("Left",), self.previous),
            # "+" needs Shift on a US keyboard and none on a German one, so Shift must
            # not change its meaning: five minutes are on Page Up / Page Down.
            (("+", "Shift++", "=", "Num++"), lambda: self.adjust(NUDGE_SMALL)),
            (("PgUp", "*"), lambda: self.adjust(NUDGE_LARGE)),
            (("-", "Num+-"), lambda: self.adjust(-NUDGE_SMALL)),
            (("PgDown", "_", "Shift+_"), lambda: self.adjust(-NUDGE_LARGE)),
            (("R",), self.restart),
            (("B",), self.toggle_blackout),
            (("F",), self.flash),
            (("M",), self.toggle_message),
            (("T",), self.toggle_topics),
        ]
        for sequences, slot in keys:
            for sequence in sequences:
                shortcut = QShortcut(QKeySequence(sequence), widget)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                # Keyboard layouts differ in what Shift gives; an ambiguous key still acts.
                shortcut.activated.connect(lambda s=slot: self._key(s))
                shortcut.activatedAmbiguously.connect(lambda s=slot: self._key(s))
                self._shortcuts.append(shortcut)

    def _key(self, slot: Callable[[], None]) -> None:
        if typing_in_a_field() or not self.controller.is_open:
            return
        slot()

    # -- event lifecycle -------------------------------------------------------------------
    @Slot(int)
    def _on_changed(self, flags: int) -> None:
        if not self.controller.is_open:
            return
        if self.timer is None:
            self._start_timer()
            return
        if flags & Changes.AGENDA or flags & Changes.TIMER and flags & Changes.REMOTE:
            # Another laptop of the team started, paused or moved the timer: follow it.
            try:
                self._apply(self.timer.load())
            except DomainError as exc:
                self.show_feedback(message_for(exc))
        if flags & (Changes.AGENDA | Changes.TIMER):
            self._reload_plan()
        if flags & (Changes.TABLES | Changes.TOPICS | Changes.RESULTS | Changes.ROUNDS) and self._topics_on:
            self._load_topics()

    def _start_timer(self) -> None:
        try:
            self.timer = TimerService(self.controller.event_file, self.controller.clock)
        except DomainError as exc:
            log.warning("timer unavailable: %s", exc)
            self.show_feedback(message_for(exc))
            return
        self.editor.reload()
        self._reload_plan()
        view = self.timer.snapshot()
        self._apply(view)
        if view.item is not None:
            self.editor.select_item(view.item.id)
        self.tick_timer.start()
        # Load sound after the window is up: QtMultimedia takes a moment to import.
        QTimer.singleShot(0, self.player.prepare)
        log.info("round timer ready: item %s, %s", view.item.title if view.item else None,
                 view.timer.phase.value)

    def _on_closed(self) -> None:
        self.tick_timer.stop()
        self.timer = None
        self.view_state = None
        self._controls_key = None
        self._blackout = False
        self._topics_on = False
        self.topics_button.setChecked(False)
        self.blackout_button.setChecked(False)
        self.plan_model.set_rows([])
        self.close_projector()
        self._set_status("")
        self._render()

    # -- the tick ----------------------------------------------------------------------------
    @Slot()
    def tick(self) -> None:
        """What the QTimer calls: ask the service for now, sound a cue, repaint."""
        if self.timer is None:
            return
        try:
            result = self.timer.tick()
        except DomainError as exc:
            log.warning("timer tick failed: %s", exc)
            self.show_feedback(message_for(exc))
            return
        if result.cues and any(c.cue in (Cue.WRAP_UP, Cue.DANGER) for c in result.cues):
            self._flash_until = self.controller.clock.monotonic() + FLASH_SECONDS
        sound = result.sound
        if sound is not None:
            self.player.play(sound)
        self._apply(result.view)
        if result.advanced:
            self.controller.changed.emit(int(Changes.TIMER))

    def _apply(self, view: TimerView) -> None:
        self.view_state = view
        snap = view.timer
        self.editor.set_current(snap.item_id, snap.level, snap.phase)
        self._render()
        # The buttons only change with these; a tick that only moves the seconds leaves them.
        key = (snap.item_id, snap.phase, view.index, view.count, view.auto_advance, view.muted,
               view.message, view.next_item is not None)
        if key != self._controls_key:
            self._controls_key = key
            self._update_controls()
        if view.item is None:
            self._set_status("")
            return
        title = view.item.title
        time = format_countdown(snap.remaining_seconds)
        if snap.phase is Phase.RUNNING and snap.level is Level.OVERTIME:
            text = self.tr("{title} – {time} over").format(title=title, time=time.lstrip("+"))
        elif snap.phase is Phase.RUNNING:
            text = self.tr("{title} – {time} left").format(title=title, time=time)
        elif snap.phase is Phase.PAUSED:
            text = self.tr("{title} – paused, {time} left").format(title=title, time=time)
        elif snap.phase is Phase.STOPPED:
            text = self.tr("{title} – ended").format(title=title)
        else:
            text = self.tr("{title} – not started").format(title=title)
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        if text != self._status_text:
            self._status_text = text
            self.roundStatus.emit(text)

    def current_state(self) -> ProjectorState:
        """The frame both the projector and the preview show now."""
        clock = self.controller.clock
        mono = clock.monotonic()
        # Bright for the first half second, then dark and bright in turn until it ends.
        since = mono - (self._flash_until - FLASH_SECONDS)
        flash = 0 <= since < FLASH_SECONDS and int(since * 2) % 2 == 0
        projector = self.projector
        if projector is not None and projector.has_page():
            mode, text, title = Mode.PAGE, projector.page_text, projector.page_title
        elif self._topics_on:
            mode, text, title = Mode.TOPICS, "", ""
        else:
            mode, text, title = Mode.TIMER, "", ""
        return build_state(self.view_state, event_time.local(clock.now_utc()), mode=mode,
                           blackout=self._blackout, flash=flash,
                           topics=self._topics if mode is Mode.TOPICS else None,
                           page_text=text, page_title=title)

    def _render(self) -> None:
        state = self.current_state()
        self.preview.set_state(state)
        if self.projector is not None:
            self.projector.set_state(state)

    # -- controls ----------------------------------------------------------------------------
    def _update_controls(self) -> None:
        view = self.view_state
        has_timer = self.timer is not None and view is not None and view.item is not None
        phase = view.timer.phase if view is not None else Phase.IDLE
        running = phase is Phase.RUNNING
        active = phase in (Phase.RUNNING, Phase.PAUSED)
        self.start_button.setText(self.tr("Pause") if running else
                                  self.tr("Resume") if phase is Phase.PAUSED else self.tr("Start"))
        self.start_button.setEnabled(has_timer)
        for b in (self.minus5, self.minus1, self.plus1, self.plus5, self.stop_button):
            b.setEnabled(has_timer and active)
        self.restart_button.setEnabled(has_timer)
        self.prev_button.setEnabled(has_timer and bool(view and view.index))
        self.next_button.setEnabled(has_timer and bool(view and view.next_item is not None))
        selected = self.editor.selected_item()
        self.select_button.setEnabled(self.timer is not None and selected is not None
                                      and (view is None or selected.id != view.timer.item_id))
        if view is not None:
            self.auto_check.setChecked(view.auto_advance)
            self.mute_check.setChecked(view.muted)
            self.message_button.setChecked(bool(view.message))
            self.message_button.setText(self.tr("Hide message") if view.message else self.tr("Show message"))
        is_open = self.controller.is_open
        for w in (self.auto_check, self.mute_check, self.message_button, self.blackout_button,
                  self.flash_button, self.topics_button, self.export_button):
            w.setEnabled(is_open and self.timer is not None)
        open_projector = self.projector is not None and self.projector.isVisible()
        self.projector_button.setText(self.tr("Close projector") if open_projector else self.tr("Open projector"))
        has_page = self.projector is not None and self.projector.has_page()
        self.page_label.setVisible(has_page)
        self.timer_again_button.setVisible(has_page)
        if has_page and self.projector is not None:
            self.page_label.setText(self.tr("The projector shows: {title}").format(
                title=self.projector.page_title or self.tr("a page")))

    def show_feedback(self, text: str) -> None:
        self.feedback.setText(text)
        if text:
            self._feedback_timer.start()
            self.statusMessage.emit(text)

    def _command(self, name: str, *args: object) -> TimerView | None:
        if self.timer is None:
            return None
        try:
            view = getattr(self.timer, name)(*args)
        except DomainError as exc:
            # Shown on the page, not in a box: a key pressed at the wrong moment must not
            # put a dialog in front of the facilitator mid-session.
            self.show_feedback(message_for(exc))
            return None
        self._apply(view)
        self.controller.changed.emit(int(Changes.TIMER))
        return view

    def toggle(self) -> None:
        self._command("toggle")

    def next(self) -> None:
        view = self._command("next")
        if view is not None and view.item is not None:
            self.editor.select_item(view.item.id)

    def previous(self) -> None:
        view = self._command("previous")
        if view is not None and view.item is not None:
            self.editor.select_item(view.item.id)

    def adjust(self, seconds: int) -> None:
        self._command("adjust", seconds)

    def restart(self) -> None:
        self._command("restart")

    def stop(self) -> None:
        self._command("stop")

    def select_on_timer(self) -> None:
        item = self.editor.selected_item()
        if item is not None:
            self._command("select", item.id)

    def set_auto_advance(self, on: bool) -> None:
        self._command("set_auto_advance", bool(on))

    def set_muted(self, muted: bool) -> None:
        self._command("set_muted", bool(muted))

    def toggle_message(self) -> None:
        if self.view_state is not None and self.view_state.message:
            self._command("set_message", "")
            return
        text = self.message_edit.text().strip() or self.message_edit.placeholderText()
        self._command("set_message", text)

    def _message_entered(self) -> None:
        text = self.message_edit.text().strip()
        if text:
            self._command("set_message", text)

    def toggle_blackout(self) -> None:
        self._blackout = not self._blackout
        self.blackout_button.setChecked(self._blackout)
        log.info("projector blackout %s", "on" if self._blackout else "off")
        self._render()

    def flash(self) -> None:
        self._flash_until = self.controller.clock.monotonic() + FLASH_SECONDS
        self._render()

    def toggle_topics(self) -> None:
        self._topics_on = not self._topics_on
        self.topics_button.setChecked(self._topics_on)
        if self._topics_on:
            self._load_topics()
        self._render()

    def _load_topics(self) -> None:
        round_id = self.view_state.item.round_id if self.view_state and self.view_state.item else None
        try:
            self._topics = self.controller.read(table_topics, round_id)
        except DomainError as exc:
            self.show_feedback(message_for(exc))

    # -- the projector window ------------------------------------------------------------
    def projector_window(self) -> ProjectorWindow:
        """The projector window (made on first use, not shown). Other pages put their own
        content on the projector with ``projector_window().show_page(widget_or_text, title)``
        and give it back with ``show_timer()``."""
        if self.projector is None:
            projector = ProjectorWindow(self)
            projector.closed.connect(self._update_controls)
            projector.pageChanged.connect(self._on_projector_page)
            self._install_keys(projector)
            self.projector = projector
            self._render()
        return self.projector

    def _on_projector_page(self) -> None:
        self._render()
        self._update_controls()

    def show_timer_on_projector(self) -> None:
        if self.projector is not None:
            self.projector.show_timer()

    def _fill_screens(self) -> None:
        chosen = self.settings.get(PROJECTOR_SCREEN)
        self.screen_combo.clear()
        primary = QGuiApplication.primaryScreen()
        for n, screen in enumerate(QGuiApplication.screens(), 1):
            size = screen.geometry().size()
            kind = self.tr("laptop") if screen is primary else self.tr("projector?")
            self.screen_combo.addItem(self.tr("Screen {n} ({kind}, {w}×{h}): full screen").format(
                n=n, kind=kind, w=size.width(), h=size.height()), screen_key(screen))
        self.screen_combo.addItem(self.tr("A window on this screen"), WINDOW_CHOICE)
        if chosen == "auto" or self.screen_combo.findData(chosen) < 0:
            fallback = default_screen()
            chosen = screen_key(fallback) if fallback is not None else WINDOW_CHOICE
        self.screen_combo.setCurrentIndex(max(0, self.screen_combo.findData(chosen)))

    def chosen_screen(self) -> QScreen | None:
        key = self.screen_combo.currentData()
        return screen_by_key(key) if key and key != WINDOW_CHOICE else None

    def _on_screen_chosen(self) -> None:
        self.settings.set(PROJECTOR_SCREEN, str(self.screen_combo.currentData() or WINDOW_CHOICE))
        if self.projector is not None and self.projector.isVisible():
            self.projector.show_on(self.chosen_screen())
            self._update_aspect()

    def open_projector(self) -> ProjectorWindow:
        projector = self.projector_window()
        projector.show_on(self.chosen_screen())
        self._update_aspect()
        self._render()
        self._update_controls()
        return projector

    def close_projector(self) -> None:
        if self.projector is not None and self.projector.isVisible():
            self.projector.close()
        self._update_controls()

    def toggle_projector(self) -> None:
        if self.projector is not None and self.projector.isVisible():
            self.close_projector()
        else:
            self.open_projector()

    def _update_aspect(self) -> None:
        screen = self.chosen_screen()
        size = screen.geometry().size() if screen is not None else None
        self.preview_frame.set_aspect(size.width() / size.height() if size and size.height() else 16 / 9)

    # -- how did we do -------------------------------------------------------------------
    def _reload_plan(self) -> None:
        if self.timer is None:
            return
        rows = self.timer.plan_vs_actual()
        self.plan_model.set_rows(rows)
        done = [r for r in rows if r.delta_seconds is not None]
        if not done:
            self.plan_summary.setText(self.tr("No item has ended yet."))
            return
        longer = round(sum(r.delta_seconds or 0 for r in done) / 60)
        if longer > 0:
            text = self.tr("{count} items ended, together {minutes} min longer than planned.")
        elif longer < 0:
            text = self.tr("{count} items ended, together {minutes} min shorter than planned.")
        else:
            text = self.tr("{count} items ended, on time overall.")
        self.plan_summary.setText(text.format(count=len(done), minutes=abs(longer)))

    def export_plan(self, path: str | None = None) -> Path | None:
        if self.timer is None:
            return None
        if path is None:
            folder = self.controller.path.parent if self.controller.path else Path.home()
            suggested = str(folder / self.tr("how-did-we-do.csv"))
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export plan and actual times"), suggested,
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return None
        try:
            written = self.timer.export_plan_vs_actual_csv(path, headers=csv_headers())
        except DomainError as exc:
            self.controller.report(exc)
            return None
        self.show_feedback(self.tr("Saved {path}").format(path=str(written)))
        return written

    # -- sound ---------------------------------------------------------------------------
    def _on_sound_unavailable(self, reason: str) -> None:
        log.info("sound unavailable: %s", reason)
        text = self.tr("No sound device: the timer runs silently")
        self.sound_label.setText(text)
        self.sound_label.show()
        self.statusMessage.emit(text)
