import re
from pathlib import Path

import pytest

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.demo import write_demo_event
from gdb_facilitator.core.services.codes import ensure_team_codes

DEMO_CACHE: dict[str, bytes] = {}


@pytest.fixture
def demo_event(tmp_path: Path):
    """An open copy of the demo event (written once per session, copied per test)."""
    path = tmp_path / "demo.gdbevent"
    if "demo" not in DEMO_CACHE:
        write_demo_event(tmp_path / "source.gdbevent")
        with EventFile.open(tmp_path / "source.gdbevent") as ef:
            ensure_team_codes(ef)
        DEMO_CACHE["demo"] = (tmp_path / "source.gdbevent").read_bytes()
    path.write_bytes(DEMO_CACHE["demo"])
    path.chmod(0o600)
    with EventFile.open(path) as ef:
        yield ef


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([0-9a-f]+)"', html).group(1)


@pytest.fixture
def demo_team_event(demo_event, postgres):
    """The demo event published to a fresh PostgreSQL database and opened there (team mode)."""
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.db.transfer import file_to_database

    url = postgres.new_database("venue")
    file_to_database(demo_event, url)
    db = open_event(url, device="Venue laptop")
    try:
        yield db
    finally:
        db.close()
