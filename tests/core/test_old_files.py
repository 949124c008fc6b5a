"""Files made by earlier releases open in this one (the 100-day check-in comes months later)."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import IdeaStatus, IdeaUpdate, TimerPhase, TimerState
from gdb_facilitator.core.exchange.exporters import event_document
from gdb_facilitator.core.services.info import event_info

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OLD_FILES = sorted(FIXTURES.glob("event_schema*.gdbevent"))


def test_there_is_a_file_of_the_first_release():
    assert any(p.name.startswith("event_schema1_") for p in OLD_FILES)


@pytest.mark.parametrize("original", OLD_FILES, ids=lambda p: p.name)
def test_old_file_opens_reads_and_accepts_edits(original, tmp_path):
    path = tmp_path / original.name
    shutil.copy(original, path)
    with EventFile.open(path) as ef:
        info = event_info(ef)
        assert info["attendees"] == 130
        assert info["tables"] == 18 and info["hosts"] == 18
        assert info["ideas"] >= 36
        with ef.session() as s:
            update = s.scalars(select(IdeaUpdate)).one()
            assert update.status is IdeaStatus.IN_PROGRESS and update.progress == 40
            assert s.get(TimerState, 1).phase is TimerPhase.PAUSED
            update.what_happened += " (ergänzt)"
        document = event_document(ef)
        assert len(document["attendees"]) == 130
    with EventFile.open(path, readonly=True) as ef, ef.session() as s:
        assert s.scalars(select(IdeaUpdate)).one().what_happened.endswith("(ergänzt)")
