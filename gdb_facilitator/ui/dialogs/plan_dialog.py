"""Planning the seating: the options dialog and the runner that keeps the window alive.

The solver runs in a Python thread (it is pure and touches no database); the event file's
single connection stays with the GUI thread, which reads the input before and writes the
plan after. Progress and the result come back as queued signals.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import seating as svc
from gdb_facilitator.core.services.seating import MAX_ROUNDS, MAX_SEED, PlanInput, PlanResult
from gdb_facilitator.ui.controller import EventController
from gdb_facilitator.ui.models.seating_commands import ApplyPlanCommand

log = logging.getLogger(__name__)


class PlanDialog(QDialog):
    """Rounds, seed, time limit and who takes part; says what the plan will replace."""

    def __init__(self, rounds: int, started: list[int], seats_by_round: dict[int, int],
                 parent: QWidget | None = None, *, people: int = 0, checked_in: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.setWindowTitle(self.tr("Plan seating"))
        self._started = set(started)
        self._seats = seats_by_round
        self._people = people  # taking part (not marked absent)
        self._checked_in = checked_in
        self.rounds_spin = QSpinBox()
        self.rounds_spin.setObjectName("roundsSpin")
        self.rounds_spin.setRange(1, MAX_ROUNDS)
        self.rounds_spin.setValue(max(rounds, 1))
        self.rounds_spin.valueChanged.connect(self._update_warning)
        self.seed_edit = QLineEdit()
        self.seed_edit.setObjectName("seedEdit")
        self.seed_edit.setValidator(QIntValidator(0, MAX_SEED, self))
        self.seed_edit.setPlaceholderText(self.tr("random"))
        self.seed_edit.setToolTip(self.tr("The same seed with the same people gives the same plan."))
        self.time_spin = QSpinBox()
        self.time_spin.setObjectName("timeSpin")
        self.time_spin.setRange(1, 120)
        self.time_spin.setValue(5)
        self.time_spin.setSuffix(self.tr(" s"))
        self.time_spin.setToolTip(self.tr("The search stops earlier when the plan cannot get better."))
        self.only_present = QCheckBox(self.tr("Only people who have checked in"))
        self.only_present.setObjectName("onlyPresent")
        # Once check-in has begun, a plan is for the people in the room.
        self.only_present.setChecked(checked_in > 0)
        self.only_present.toggled.connect(self._update_warning)
        self.people_label = QLabel()
        self.people_label.setObjectName("planPeople")
        self.people_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Rounds:"), self.rounds_spin)
        form.addRow(self.tr("Seed:"), self.seed_edit)
        form.addRow(self.tr("Time limit:"), self.time_spin)
        form.addRow("", self.only_present)
        form.addRow("", self.people_label)

        self.warning = QLabel()
        self.warning.setObjectName("planWarning")
        self.warning.setWordWrap(True)
        self.warning.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.plan_button = buttons.addButton(self.tr("Plan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.plan_button.setObjectName("planButton")
        self.plan_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        self._update_warning()

    def seed(self) -> int | None:
        text = self.seed_edit.text().strip()
        return int(text) if text else None

    def _update_people(self) -> None:
        left_out = self._people - self._checked_in
        if self.only_present.isChecked():
            text = self.tr("Seats the {present} people checked in.").format(present=self._checked_in)
            if left_out > 0:
                text += " " + self.tr("{count} registered people who have not checked in are left out; "
                                      "“Seat latecomers” gives them a seat when they come.").format(count=left_out)
        elif self._checked_in and left_out > 0:
            text = self.tr("Seats all {people} registered people, also the {count} who have not checked "
                           "in yet.").format(people=self._people, count=left_out)
        else:
            text = self.tr("Seats all {people} registered people.").format(people=self._people)
        self.people_label.setText(text)
        self.people_label.setVisible(self._people > 0)

    def _update_warning(self, *_args: object) -> None:
        self._update_people()
        rounds = self.rounds_spin.value()
        first = max((r for r in self._started if r <= rounds), default=0) + 1
        if first > rounds:
            self.warning.setText(self.tr(
                "All these rounds have started; started rounds keep their seats. Choose more rounds."))
            self.plan_button.setEnabled(False)
            return
        self.plan_button.setEnabled(True)
        span = str(first) if first == rounds else f"{first}–{rounds}"
        replaced = sum(n for r, n in self._seats.items() if first <= r <= rounds)
        parts = []
        if replaced:
            parts.append(self.tr("Replaces the {count} seats of round {rounds}. Locked seats and table hosts "
                                 "stay where they are.").format(count=replaced, rounds=span))
        else:
            parts.append(self.tr("Seats everybody in round {rounds}; table hosts stay at their tables.").format(
                rounds=span))
        if first > 1:
            parts.append(self.tr("Rounds that have started do not change."))
        if self.only_present.isChecked():
            parts.append(self.tr("People who have not checked in lose their seats in these rounds."))
        self.warning.setText(" ".join(parts))
        self.warning.setStyleSheet("color: #8A4B00;" if replaced else "")


class PlanRunner(QObject):
    """Runs one planning job: solve in a thread, then write and push an undoable command."""

    progressed = Signal(int, int)
    solved = Signal(object, float)  # SeatingPlan, seconds
    failed = Signal(object)  # DomainError
    finished = Signal(object)  # PlanResult, or None when cancelled or failed

    def __init__(self, controller: EventController, inp: PlanInput, seed: int, time_limit: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.inp = inp
        self.seed = seed
        self.time_limit = time_limit
        self.result: PlanResult | None = None
        self.error: DomainError | None = None
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.solved.connect(self._write, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._fail, Qt.ConnectionType.QueuedConnection)

    def start(self, show_progress: bool = True) -> None:
        if show_progress and isinstance(self.parent(), QWidget):
            dialog = QProgressDialog(self.parent())
            dialog.setObjectName("planProgress")
            dialog.setWindowTitle(self.tr("Plan seating"))
            dialog.setLabelText(self.tr(
                "Looking for tables that mix the sectors and keep colleagues apart…\n"
                "At most {seconds} s; it stops sooner when the plan cannot get better.").format(
                    seconds=int(self.time_limit)))
            dialog.setCancelButtonText(self.tr("Cancel"))
            dialog.setRange(0, 1000)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.canceled.connect(self.cancel)
            self.progressed.connect(lambda done, total: dialog.setValue(int(1000 * done / max(total, 1))))
            self.progress_dialog = dialog
        self._thread = threading.Thread(target=self._run, name="seating-solver", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _run(self) -> None:
        class Cancelled(Exception):
            pass

        def progress(done: int, total: int) -> None:
            if self._cancel.is_set():
                raise Cancelled
            self.progressed.emit(done, total)

        started = time.monotonic()
        try:
            plan = svc.compute_plan(self.inp, seed=self.seed, time_limit=self.time_limit,
                                    progress=progress)
        except Cancelled:
            log.info("planning cancelled")
            self.failed.emit(None)
            return
        except DomainError as exc:
            self.failed.emit(exc)
            return
        self.solved.emit(plan, time.monotonic() - started)

    @Slot(object, float)
    def _write(self, plan: object, seconds: float) -> None:
        self._close_progress()
        if self._cancel.is_set():
            self.finished.emit(None)
            return
        try:
            self.result = self.controller.read(svc.apply_plan, self.inp, plan, seconds=seconds)
        except DomainError as exc:
            self._fail(exc)
            return
        self.controller.push(ApplyPlanCommand(self.controller, self.result))
        self.finished.emit(self.result)

    @Slot(object)
    def _fail(self, error: object) -> None:
        self._close_progress()
        if isinstance(error, DomainError):
            self.error = error
            self.controller.report(error)
        self.finished.emit(None)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.reset()
            self.progress_dialog.hide()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
