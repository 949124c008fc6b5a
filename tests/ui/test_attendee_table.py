"""The table model and its filter, without any view."""

import time
from dataclasses import replace
from datetime import datetime, timezone

from PySide6.QtCore import Qt

from gdb_facilitator.core.db.models import Role
from gdb_facilitator.core.services.attendees import AttendeeRow
from gdb_facilitator.ui.models.attendee_table import (
    COL_NAME,
    COL_SECTOR,
    COL_STATUS,
    NO_SECTOR,
    STATUS_ARRIVED,
    AttendeeFilterProxy,
    AttendeeTableModel,
)
from gdb_facilitator.ui.text import fold


def row(i, first, last, org="", sector="", role=Role.PARTICIPANT, arrived=False, absent=False):
    return AttendeeRow(
        id=i, registration_id=f"R{i}", first_name=first, last_name=last, title="", email="",
        organisation=org, sector=sector, sector_colour="#0072B2" if sector else "", role=role,
        host_volunteer=False, pinned_table=None,
        arrived_at=datetime(2026, 6, 12, 8, 30, tzinfo=timezone.utc) if arrived else None,
        absent=absent, walk_in=False, comment="")


ROWS = [
    row(1, "Anna", "Müller", "BA Pankow", "Verwaltung"),
    row(2, "Lars", "Sørensen", "Datenbrücke", "Wirtschaft", arrived=True),
    row(3, "Zoë", "Łukasik", "HU Berlin", "Wissenschaft", role=Role.HOST),
    row(4, "Jens", "Groß", "Kiezladen", ""),
    row(5, "Maria", "Schmidt", "BA Pankow", "Verwaltung", absent=True),
]


def proxy_with(rows):
    model = AttendeeTableModel()
    model.set_rows(rows)
    proxy = AttendeeFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    return model, proxy


def names(proxy):
    return [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())]


def test_fold_ignores_accents_case_and_special_letters():
    assert fold("Müller") == "muller"
    assert fold("SØRENSEN") == "sorensen"
    assert fold("Groß") == "gross"
    assert fold("Łukasik") == "lukasik"


def test_rows_columns_and_display():
    model, _ = proxy_with(ROWS)
    assert model.rowCount() == 5 and model.columnCount() == 7
    assert model.index(0, COL_NAME).data() == "Müller, Anna"
    assert model.index(1, COL_STATUS).data() == "Checked in"
    assert model.index(4, COL_STATUS).data() == "Absent"
    assert model.index(0, COL_SECTOR).data(Qt.ItemDataRole.DecorationRole).name().upper() == "#0072B2"
    assert model.headerData(COL_NAME, Qt.Orientation.Horizontal) == "Name"


def test_search_as_you_type_ignores_accents_and_case():
    _, proxy = proxy_with(ROWS)
    proxy.set_search("muller")
    assert names(proxy) == ["Müller, Anna"]
    proxy.set_search("MUELLER")
    assert names(proxy) == ["Müller, Anna"]
    proxy.set_search("sorensen")
    assert names(proxy) == ["Sørensen, Lars"]
    proxy.set_search("gross")
    assert names(proxy) == ["Groß, Jens"]
    proxy.set_search("lukasik zoe")
    assert names(proxy) == ["Łukasik, Zoë"]
    proxy.set_search("pankow")
    assert names(proxy) == ["Müller, Anna", "Schmidt, Maria"]
    proxy.set_search("")
    assert proxy.rowCount() == 5


def test_filters_by_sector_role_and_status():
    _, proxy = proxy_with(ROWS)
    proxy.set_sector("Verwaltung")
    assert names(proxy) == ["Müller, Anna", "Schmidt, Maria"]
    proxy.set_sector(NO_SECTOR)
    assert names(proxy) == ["Groß, Jens"]
    proxy.set_sector(None)
    proxy.set_role(Role.HOST)
    assert names(proxy) == ["Łukasik, Zoë"]
    proxy.set_role(None)
    proxy.set_status(STATUS_ARRIVED)
    assert names(proxy) == ["Sørensen, Lars"]


def test_sorting_follows_folded_names():
    _, proxy = proxy_with(ROWS)
    assert names(proxy) == ["Groß, Jens", "Łukasik, Zoë", "Müller, Anna", "Schmidt, Maria", "Sørensen, Lars"]
    proxy.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)
    assert names(proxy)[0] == "Sørensen, Lars"


def test_refresh_with_same_people_updates_rows_in_place():
    model, proxy = proxy_with(ROWS)
    resets, changes = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b: changes.append(a.row()))
    rows = list(ROWS)
    rows[0] = replace(rows[0], arrived_at=datetime(2026, 6, 12, 9, 0, tzinfo=timezone.utc))
    model.set_rows(rows)
    assert resets == [] and changes == [0]
    assert model.index(0, COL_STATUS).data() == "Checked in"


def test_two_thousand_rows_fill_and_filter_fast():
    rows = [row(i, f"Vorname{i}", f"Nachname{i}", f"Organisation {i % 300}", "Verwaltung") for i in range(2000)]
    rows[1234] = row(1234, "Anna", "Müller", "BA", "Verwaltung")
    start = time.perf_counter()
    model, proxy = proxy_with(rows)
    for text in ("m", "mu", "mul", "mull", "mulle", "muller"):
        proxy.set_search(text)
    elapsed = time.perf_counter() - start
    assert names(proxy) == ["Müller, Anna"]
    assert elapsed < 1.5, elapsed
