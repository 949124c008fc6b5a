"""Slow core calls on a pool thread, with progress, cancelling and the outcome as signals.

The function runs on a worker thread and must not touch widgets; it gets a plain
``progress(done, total)`` callback (rule 13) when asked for one. Every signal is emitted
from the worker thread and delivered queued to receivers on the GUI thread. Calling
:meth:`Worker.cancel` makes the next ``progress`` call raise :class:`Cancelled`, so a
job stops between two steps, never in the middle of writing one.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside the job by ``progress`` once the user asked to stop."""


class WorkerSignals(QObject):
    progress = Signal(int, int)  # done, total (total 0: unknown)
    succeeded = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception; its __traceback__ is kept for the error dialog
    cancelled = Signal()
    finished = Signal()  # always last, after one of the three above


class Worker(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False,
                 **kwargs: Any) -> None:
        super().__init__()
        # Python owns the runnable: the caller keeps it referenced until ``finished``.
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.with_progress = with_progress
        self.signals = WorkerSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(int(done), int(total))

    def run(self) -> None:
        kwargs = dict(self.kwargs)
        if self.with_progress:
            kwargs["progress"] = self._progress
        try:
            if self._cancel.is_set():
                raise Cancelled()
            result = self.fn(*self.args, **kwargs)
        except Cancelled:
            log.info("job %s cancelled", getattr(self.fn, "__name__", self.fn))
            self.signals.cancelled.emit()
        except BaseException as exc:  # reported on the GUI thread, never lost in the pool
            if not isinstance(exc, Exception):
                log.error("job %s stopped: %r", getattr(self.fn, "__name__", self.fn), exc)
            else:
                log.debug("job failed: %s", "".join(traceback.format_exception(exc)))
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


class JobRunner(QObject):
    """One queue of jobs for a page: at most one runs at a time, in the order started.

    Serial on purpose: the jobs share a PDF renderer that is not thread-safe, and a
    facilitator's "print" must not overtake the preview it was based on.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._active: dict[QObject, Worker] = {}

    def start(self, worker: Worker) -> Worker:
        self._active[worker.signals] = worker
        worker.signals.finished.connect(self._forget)
        self.pool.start(worker)
        return worker

    @Slot()
    def _forget(self) -> None:
        self._active.pop(self.sender(), None)

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def cancel_all(self) -> None:
        for worker in list(self._active.values()):
            worker.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has returned (at quit, so no thread outlives the app)."""
        return self.pool.waitForDone(msecs)
