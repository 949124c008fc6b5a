"""The timer's cue sounds through QtMultimedia, or silence when that cannot work.

QtMultimedia is an optional part of the stack (the PySide6-Addons wheel, and libpulse0 on
Linux), and a laptop at a venue may have no usable audio output at all. Neither may stop
the timer: :class:`CuePlayer` imports QtMultimedia only when it is first needed, and if
the import, the device or a sound file fails, it goes silent and emits
:attr:`CuePlayer.unavailable` exactly once so the window can say so.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

from gdb_facilitator.core.algorithms.timer import Cue
from gdb_facilitator.core.services.timer import SOUND_FOR_CUE
from gdb_facilitator.ui.resources import resource_path

log = logging.getLogger(__name__)


class CuePlayer(QObject):
    """Plays the bundled sound for a cue; silent (and says so once) without audio."""

    unavailable = Signal(str)  # a reason for the log; the UI shows its own sentence

    def __init__(self, parent: QObject | None = None, sounds_dir: Path | None = None,
                 multimedia: object | None = None) -> None:
        super().__init__(parent)
        self._dir = sounds_dir or resource_path("sounds")
        # Tests hand in a stand-in module; None means "import PySide6.QtMultimedia on demand".
        self._multimedia = multimedia
        self._effects: dict[str, object] = {}
        self._ready = False
        self._failed: str | None = None
        self.played: list[Cue] = []  # what was sent to the device, for the log and tests

    @property
    def available(self) -> bool | None:
        """True once sound works, False after it failed, None before the first try."""
        if self._failed is not None:
            return False
        return True if self._ready else None

    def prepare(self) -> bool:
        """Load QtMultimedia and the sound files now (call it when the rounds page opens)."""
        if self._failed is not None:
            return False
        if self._ready:
            return True
        try:
            qm = self._multimedia
            if qm is None:
                from PySide6 import QtMultimedia as qm  # noqa: N813 (a module, lazily)
                self._multimedia = qm
            devices = qm.QMediaDevices.audioOutputs()  # type: ignore[attr-defined]
            if not devices:
                self._fail("no audio output device")
                return False
            for name in filter(None, set(SOUND_FOR_CUE.values())):
                path = self._dir / name
                if not path.is_file():
                    log.warning("sound file missing: %s", path)
                    continue
                effect = qm.QSoundEffect(self)  # type: ignore[attr-defined]
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(1.0)
                effect.statusChanged.connect(lambda e=effect, n=name: self._on_status(e, n))
                self._effects[name] = effect
        except ImportError as exc:
            self._fail(f"QtMultimedia cannot be imported: {exc}")
            return False
        except Exception as exc:  # noqa: BLE001 (any backend failure means: run silently)
            log.exception("sound setup failed")
            self._fail(f"sound setup failed: {exc}")
            return False
        self._ready = True
        return True

    def play(self, cue: Cue) -> bool:
        """Play the cue's sound; False when there is none or sound is unavailable."""
        name = SOUND_FOR_CUE.get(cue)
        if not name or not self.prepare():
            return False
        effect = self._effects.get(name)
        if effect is None:
            return False
        try:
            effect.play()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self._fail(f"playing {name} failed: {exc}")
            return False
        self.played.append(cue)
        log.info("sound %s for cue %s", name, cue.value)
        return True

    def _on_status(self, effect: object, name: str) -> None:
        qm = self._multimedia
        error = getattr(getattr(qm, "QSoundEffect", None), "Status", None)
        if error is not None and effect.status() == error.Error:  # type: ignore[attr-defined]
            self._fail(f"cannot play {name}")

    def _fail(self, reason: str) -> None:
        if self._failed is not None:
            return
        self._failed = reason
        self._ready = False
        log.warning("timer sound unavailable: %s", reason)
        self.unavailable.emit(reason)
