import os
import sys
from pathlib import Path

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GDB_FACILITATOR_SETTINGS_ORG", "gdb-facilitator-tests")
# Logs of the tests go to a throwaway folder, never into the user's log.
import tempfile  # noqa: E402

os.environ.setdefault("GDB_FACILITATOR_LOG_DIR", tempfile.mkdtemp(prefix="gdb-test-logs-"))

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    return SHARED_DATA


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    return tmp_path / "event.gdbevent"
