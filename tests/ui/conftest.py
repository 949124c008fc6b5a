from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, Organisation, Sector
from gdb_facilitator.core.services.event import create_event


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Every UI test gets its own settings and log folder, never the user's."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    # Demo copies and other app data go to Qt's test locations, not the user's.
    QStandardPaths.setTestModeEnabled(True)
    monkeypatch.setenv("GDB_FACILITATOR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("GDB_PSEUDO_TRANSLATE", raising=False)
    return folder


@pytest.fixture
def app_settings():
    from gdb_facilitator.ui import settings as keys
    from gdb_facilitator.ui.settings import AppSettings

    s = AppSettings()
    s.set(keys.LANGUAGE, "en")
    return s


PEOPLE = [
    ("Anna", "Müller", "Bezirksamt Pankow", "Verwaltung"),
    ("Lars", "Sørensen", "Datenbrücke GmbH", "Wirtschaft"),
    ("Zoë", "Łukasik", "Humboldt-Universität", "Wissenschaft"),
    ("Jens", "Groß", "Kiezladen e.V.", "Zivilgesellschaft"),
    ("Maria", "Schmidt", "Bezirksamt Pankow", "Verwaltung"),
    ("Otto", "Ohne", "", None),
]


def fill(ef, people=PEOPLE):
    with ef.session() as s:
        now = ef.clock.now_utc()
        sectors = dict(s.execute(select(Sector.name, Sector.id)).all())
        orgs = {}
        for i, (first, last, org, sector) in enumerate(people, 1):
            org_id = None
            if org:
                if org not in orgs:
                    o = Organisation(name=org, name_key=org.casefold())
                    s.add(o)
                    s.flush()
                    orgs[org] = o.id
                org_id = orgs[org]
            s.add(Attendee(registration_id=f"R{i:04d}", first_name=first, last_name=last,
                           organisation_id=org_id, sector_id=sectors.get(sector),
                           created_at=now, updated_at=now))


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def event_file_path(tmp_path, clock) -> Path:
    path = tmp_path / "event.gdbevent"
    with create_event(path, title="Jahreskonferenz", tables=4, clock=clock) as ef:
        fill(ef)
    return path


@pytest.fixture
def session(qtbot, qapp, app_settings):
    from gdb_facilitator.ui.app import start_session

    s = start_session(qapp, app_settings)
    qtbot.addWidget(s.window)
    s.window.show()
    yield s
    s.window.close()
    s.close()


@pytest.fixture
def window(session, event_file_path, clock):
    session.controller.clock = clock
    assert session.window.open_path(str(event_file_path))
    return session.window


def _when_modal(callback, seen=None):
    """Run ``callback(widget)`` on the next modal dialog, once it is shown."""
    seen = seen if seen is not None else []

    def check():
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            QTimer.singleShot(10, check)
            return
        seen.append(widget)
        callback(widget)

    QTimer.singleShot(0, check)
    return seen


@pytest.fixture
def when_modal():
    return _when_modal


@pytest.fixture
def tables_page(session, demo):
    """The Tables page of a window on a fresh copy of the demo event."""
    window = session.window
    assert window.open_path(str(demo))
    window.show_page("tables")
    page = window.page_widgets["tables"]
    assert page.view_data is not None
    return page
