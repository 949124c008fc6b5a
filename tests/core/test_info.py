import json
from datetime import date

from gdb_facilitator.core.db.store import create_event_store
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.migrations import SCHEMA_VERSION
from gdb_facilitator.core.demo import DEMO_TITLE, write_demo_event
from gdb_facilitator.core.services.info import NO_SECTOR, event_info


def test_demo_numbers(tmp_path):
    path = write_demo_event(tmp_path / "demo.gdbevent")
    app = EventFile.open(path)  # info reads while the app has the event open
    try:
        info = event_info(path)
    finally:
        app.close()
    json.dumps(info)  # plain values only
    assert info["title"] == DEMO_TITLE
    assert info["date"] == "2023-09-29"
    assert info["follow_up_date"] == "2024-01-07"  # 100 days later
    assert "Rathaus" in info["venue"]
    assert info["attendees"] == 130
    assert info["absent"] == 3
    assert info["present"] == 115
    assert info["walk_ins"] == 0
    assert info["sectors"] == {"Verwaltung": 59, "Wissenschaft": 26, "Wirtschaft": 19,
                               "Zivilgesellschaft": 26, NO_SECTOR: 0}
    assert list(info["sectors"])[:4] == ["Verwaltung", "Wissenschaft", "Wirtschaft",
                                         "Zivilgesellschaft"]
    assert info["organisations"] == 56
    assert (info["tables"], info["seats"], info["hosts"], info["topics"]) == (18, 134, 18, 18)
    assert info["rounds"] == 2 and info["seated"] == {"1": 127, "2": 0}
    assert info["results"] == 18 and info["team_codes"] == 18
    assert info["ideas"] >= 36
    assert info["agenda_items"] >= 8
    assert info["file"] == str(path)
    assert info["schema_version"] == SCHEMA_VERSION
    assert info["personal_data_removed"] is False


def test_empty_event(event_location):
    with create_event_store(event_location, title="Leer", event_date=date(2026, 6, 12)) as ef:
        info = event_info(ef)
    assert info["date"] == "2026-06-12" and info["follow_up_date"] == "2026-09-20"
    assert info["attendees"] == info["present"] == info["absent"] == 0
    assert info["sectors"] == {"Verwaltung": 0, "Wissenschaft": 0, "Wirtschaft": 0,
                               "Zivilgesellschaft": 0, NO_SECTOR: 0}
    assert info["tables"] == info["seats"] == info["rounds"] == info["hosts"] == 0
    assert info["seated"] == {}
