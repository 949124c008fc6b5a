"""How long the app takes from launch until its window shows an event.

Runs fresh interpreter processes (offscreen Qt) that build the real main window, open an
event file and paint once, then exit; prints the median of several runs for the welcome
screen and for the demo event (130 attendees).

    .venv/bin/python benchmarks/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from gdb_facilitator.ui.app import create_application, Session
from gdb_facilitator.ui.settings import AppSettings
app = create_application(sys.argv[:1])
settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
session = Session(app, settings, None)
session.window.resize(1366, 768)
session.window.show()
if sys.argv[1] != "-":
    assert session.window.open_path(sys.argv[1])
app.processEvents()
session.window.grab()
session.close()
"""


def one_run(event: str, settings: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GDB_FACILITATOR_LOG_DIR": str(settings.parent)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHILD, event, str(settings)], check=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from gdb_facilitator.core.demo import write_demo_event

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.gdbevent"
        write_demo_event(demo)
        settings = Path(tmp) / "settings.ini"
        for label, event in (("welcome screen", "-"), ("demo event (130 attendees)", str(demo))):
            one_run(event, settings)  # warm the OS file cache, as a second start would be
            times = [one_run(event, settings) for _ in range(args.runs)]
            print(f"start-up to {label}: median {statistics.median(times):.2f} s "
                  f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs)")


if __name__ == "__main__":
    main()
