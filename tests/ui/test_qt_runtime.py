"""The installed Qt binding survives a long day of repaints.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every wrapped call that
returns nothing; a projector and a 200 ms timer make such calls all day, and the
interpreter aborts once None's count reaches zero. pyproject.toml excludes that release;
this test proves the binding in use does not leak, in a child process because the
failure is an abort, not an exception.
"""

import os
import subprocess
import sys

CHILD = """
import sys
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
image = QImage(8, 8, QImage.Format.Format_RGB32)
painter = QPainter(image)
before = sys.getrefcount(None)
for _ in range(60_000):
    label.setText("12:34")
    painter.fillRect(0, 0, 1, 1, 0)
painter.end()
print(before - sys.getrefcount(None))
"""


def test_wrapped_void_calls_do_not_use_up_references_to_none():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert int(result.stdout.strip()) < 1000
