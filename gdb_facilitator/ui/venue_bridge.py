"""The venue server inside the app: started and stopped by one switch, and its writes
brought to the GUI thread.

The server (gdb_facilitator/venue, no Qt) runs in its own thread and writes through the
app's open EventFile. After a write it calls back from a worker thread; the bridge
re-emits that as a Qt signal, which Qt delivers queued on the GUI thread, where it
becomes the controller's usual ``changed`` announcement, so every page refreshes the way
it does after the laptop's own edits. Edits on the laptop reach the phones the other way:
``changed`` → :meth:`VenueServer.notify`.

Nothing listens until :meth:`VenueBridge.start` is called.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from gdb_facilitator.ui.controller import Changes, EventController

log = logging.getLogger(__name__)

_KINDS = {"results": Changes.RESULTS, "topics": Changes.TOPICS | Changes.ATTENDEES,
          "follow_up": Changes.FOLLOW_UP | Changes.RESULTS}


class VenueBridge(QObject):
    runningChanged = Signal(bool)
    _fromServer = Signal(int)  # emitted in a server thread, delivered on the GUI thread
    deviceWrote = Signal()

    def __init__(self, controller: EventController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.server = None  # a VenueServer while running
        self._fromServer.connect(self._collect)
        # Phones may save many times a second; the pages refresh at most every 150 ms.
        self._pending_flags = 0
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(150)
        self._coalesce.timeout.connect(self._flush)
        controller.changed.connect(self._on_gui_change)
        controller.aboutToClose.connect(self.stop)

    @property
    def running(self) -> bool:
        return self.server is not None

    @property
    def pin(self) -> str:
        """The event PIN, kept in the event: the same after a restart of the app."""
        if self.server is not None:
            return self.server.pin
        if not self.controller.is_open:
            return ""
        from gdb_facilitator.core.services import venue as venue_svc

        return self.controller.read(venue_svc.venue_access).pin

    def set_pin(self, pin: str) -> None:
        """Change the PIN (raises ValidationError unless 4 to 6 digits); phones must type the new one."""
        if self.server is not None:
            self.server.app.set_pin(pin)
        else:
            from gdb_facilitator.core.services import venue as venue_svc

            self.controller.write(Changes.NONE, venue_svc.set_event_pin, pin)

    def start(self, bind: str, port: int) -> None:
        """Serve the open event on ``bind``:``port``; raises OSError when that fails."""
        from gdb_facilitator.venue.server import VenueServer

        self.stop()
        # The PIN and the phones' cookie key come from the event (see core/services/venue.py).
        # On a team event the server hears the other laptops' changes from the database
        # itself, not after this window's refresh (see _on_gui_change).
        server = VenueServer(self.controller.event_file, bind=bind, port=port,
                             on_change=self._on_server_change, watch_team=True)
        problem = server.check_address()
        if problem:
            raise OSError(problem)
        server.start()
        self.server = server
        log.info("venue server listening on %s:%d", bind, port)
        self.runningChanged.emit(True)

    @Slot()
    def stop(self) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        server.stop()
        log.info("venue server stopped")
        self.runningChanged.emit(False)

    def url(self) -> str:
        return self.server.url() if self.server is not None else ""

    # -- changes both ways ---------------------------------------------------------------
    def _on_server_change(self, kinds: frozenset[str]) -> None:
        # A server thread: only emit; Qt queues the call to the GUI thread.
        flags = Changes.NONE
        for kind in kinds:
            flags |= _KINDS.get(kind, Changes.RESULTS)
        self._fromServer.emit(int(flags))

    @Slot(int)
    def _collect(self, flags: int) -> None:
        if not self._coalesce.isActive():
            # The first change of a quiet moment shows at once and opens a 150 ms window.
            self._apply(flags)
            self._coalesce.start()
        else:
            self._pending_flags |= flags

    @Slot()
    def _flush(self) -> None:
        flags, self._pending_flags = self._pending_flags, 0
        if flags:
            self._apply(flags)
            self._coalesce.start()

    def _apply(self, flags: int) -> None:
        if self.controller.is_open:
            self._echo = True
            try:
                self.controller.changed.emit(flags)
            finally:
                self._echo = False
        self.deviceWrote.emit()

    _echo = False

    @Slot(int)
    def _on_gui_change(self, flags: int) -> None:
        if self.server is None or self._echo:
            return
        if flags & Changes.REMOTE and self.server.app.watch_team:
            return  # another laptop's change: the server heard of it already
        self.server.notify()
