"""T6: a process running the timer is SIGKILLed; the next one finds the right time left."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gdb_facilitator.core.algorithms.timer import Phase
from gdb_facilitator.core.clock import SYSTEM_CLOCK
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.services import agenda
from gdb_facilitator.core.services.timer import TimerService

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys, time
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.services.timer import TimerService
ef = EventFile.open(sys.argv[1])
svc = TimerService(ef)
svc.start()
if sys.argv[2] == "pause":
    time.sleep(0.3)
    svc.pause()
print("ready", svc.snapshot().timer.remaining_seconds, flush=True)
while True:  # the UI's tick loop, until the kill
    svc.tick()
    time.sleep(0.05)
"""


def _run_and_kill(path: Path, mode: str) -> tuple[float, float]:
    """The remaining seconds the child reported and when (wall time) the parent read them."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), mode], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        read_at = time.time()
        assert line.startswith("ready"), line + child.stderr.read()
        time.sleep(0.5)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return float(line.split()[1]), read_at


@pytest.mark.parametrize("mode", ["run", "pause"])
def test_timer_survives_sigkill(event_path, mode):
    with EventFile.create(event_path, title="Kill test") as ef:
        agenda.add_item(ef, title="Short round", duration_seconds=30)
    reported, read_at = _run_and_kill(event_path, mode)
    with EventFile.open(event_path, clock=SYSTEM_CLOCK) as ef:
        view = TimerService(ef).snapshot()
        since = time.time() - read_at
        if mode == "run":
            assert view.timer.phase is Phase.RUNNING
            assert view.timer.remaining_seconds == pytest.approx(reported - since, abs=1)
            assert since > 0.5
        else:
            assert view.timer.phase is Phase.PAUSED
            assert view.timer.remaining_seconds == pytest.approx(reported, abs=1)
            time.sleep(0.3)
            assert TimerService(ef).snapshot().timer.remaining_seconds == view.timer.remaining_seconds
