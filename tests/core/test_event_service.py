"""Editing the event's own details: the follow-up default, validation."""

from datetime import date

import pytest

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.errors import ValidationError
from gdb_facilitator.core.services.event import create_event, get_event, update_event


@pytest.fixture
def ef(event_location):
    with create_event(event_location, title="Konferenz", clock=FakeClock()) as ef:
        yield ef


def test_follow_up_defaults_to_event_date_plus_100_days(ef):
    details = update_event(ef, event_date=date(2026, 3, 20))
    assert details.follow_up_date is None and details.follow_up_effective == date(2026, 6, 28)
    details = update_event(ef, follow_up_date=date(2026, 7, 1), venue="  Rotes Rathaus ",
                           follow_up_url="https://berlin.example/100-tage")
    assert details.follow_up_effective == date(2026, 7, 1) and details.venue == "Rotes Rathaus"
    assert get_event(ef) == details
    assert update_event(ef, follow_up_date=None).follow_up_effective == date(2026, 6, 28)


@pytest.mark.parametrize(("fields", "field", "detail"), [
    ({"title": " "}, "title", "required"),
    ({"title": "t" * 301}, "title", "too_long"),
    ({"venue": "v" * 301}, "venue", "too_long"),
    ({"follow_up_url": "berlin.de"}, "follow_up_url", "url_format"),
    ({"colour": "#12345"}, "colour", "colour_format"),
    ({"sheet_names": "all"}, "sheet_names", "choice"),
    ({"event_date": date(2026, 3, 20), "follow_up_date": date(2026, 3, 1)}, "follow_up_date", "before_event"),
])
def test_validation_changes_nothing(ef, fields, field, detail):
    before = get_event(ef)
    with pytest.raises(ValidationError) as info:
        update_event(ef, **fields)
    assert (info.value.params["field"], info.value.params["detail"]) == (field, detail)
    assert get_event(ef) == before
