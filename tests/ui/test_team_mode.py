"""Team mode in the window: other laptops' changes arrive live; a lost server is survived."""

import itertools
import shutil
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from gdb_facilitator.core.db.pgserver import LocalServer, ServerSettings, free_port, world_readable_parent
from gdb_facilitator.core.db.store import open_event
from gdb_facilitator.core.db.transfer import file_to_database
from gdb_facilitator.core.services import attendees as attendee_svc
from gdb_facilitator.core.services import results as result_svc
from gdb_facilitator.core.services import tables as table_svc
from gdb_facilitator.ui import team
from gdb_facilitator.ui.controller import Changes


@pytest.fixture(autouse=True)
def laptop_name(app_settings):
    """Asked once on a real laptop; a test that wants the question clears it."""
    app_settings.set(team.DEVICE_NAME, "Laptop")


@pytest.fixture
def team_url(postgres, event_file_path):
    url = postgres.new_database()
    file_to_database(event_file_path, url)
    return url


@pytest.fixture
def team_window(session, team_url, app_settings):
    app_settings.set(team.DEVICE_NAME, "Moderation")
    session.window.team.controller.device_name = "Moderation"
    assert session.window.open_path(team_url)
    assert session.controller.is_team
    listener = session.window.team.listener
    assert listener is not None
    return session.window


def test_another_laptops_check_in_shows_within_two_seconds(team_window, team_url, qtbot):
    window = team_window
    seen = []
    window.controller.changed.connect(lambda flags: seen.append((time.monotonic(), flags)))
    time.sleep(0.5)  # the listener is connected
    with open_event(team_url, device="Desk 2") as desk:
        person = next(r for r in attendee_svc.list_attendees(desk) if not r.arrived)
        committed = time.monotonic()
        attendee_svc.set_arrived(desk, person.id, True)
    qtbot.waitUntil(lambda: any(f & Changes.ATTENDEES and f & Changes.REMOTE for _t, f in seen), timeout=2000)
    arrived_at = next(t for t, f in seen if f & Changes.ATTENDEES and f & Changes.REMOTE)
    assert arrived_at - committed < 2.0
    assert "1 / 6" in window.checked_in_label.text()
    model = window.attendees_page.model if hasattr(window.attendees_page, "model") else None
    assert window.controller.read(attendee_svc.get_attendee, person.id).checked_in_by == "Desk 2"
    assert model is None or model.rowCount() == 6
    # The status bar says which laptop this is.
    assert window.team.status_label.text().startswith("Moderation")


def test_own_changes_do_not_come_back_as_remote(team_window, qtbot):
    window = team_window
    seen = []
    window.controller.changed.connect(lambda flags: seen.append(flags))
    person = window.controller.read(attendee_svc.list_attendees)[0]
    window.controller.write(Changes.ATTENDEES, attendee_svc.set_arrived, person.id, True)
    qtbot.wait(1500)
    assert not any(f & Changes.REMOTE for f in seen)


@pytest.fixture(scope="module")
def own_cluster():
    """A server these tests may stop and start (not the session's): set up once per module."""
    base = world_readable_parent("gdb-test-own-pg-")
    server = LocalServer(ServerSettings(data_dir=base / "data", port=free_port(),
                                        superuser_password="admin-secret", durable=False))
    server.init()
    server.start()
    import psycopg

    with psycopg.connect(server.admin_url(), autocommit=True) as conn:
        conn.execute("CREATE ROLE gdb_team LOGIN PASSWORD 'team-secret'")
    yield server, itertools.count(1)
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def own_server(own_cluster, event_file_path):
    """The event on its own database of that server, which is running when the test starts."""
    import psycopg

    server, numbers = own_cluster
    name = f"ev{next(numbers)}"
    with psycopg.connect(server.admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER gdb_team')
    url = f"postgresql://gdb_team:team-secret@127.0.0.1:{server.settings.port}/{name}"
    file_to_database(event_file_path, url)
    yield server, url
    # The window may still be connected here (it closes later); the database goes with the cluster.
    if not server.is_running():  # a test that failed while its server was away
        server.start()


def test_server_lost_and_back_text_typed_meanwhile_is_saved(session, own_server, qtbot):
    server, url = own_server
    window = session.window
    assert window.open_path(url)
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    assert page.objectName() == "resultsPage"
    qtbot.waitUntil(lambda: window.team.listener is not None and window.team.listener.isRunning())
    time.sleep(0.3)
    server.stop()
    qtbot.waitUntil(lambda: window.team.banner.isVisible(), timeout=8000)
    assert "not reachable" in window.team.banner.text()
    page.results_edit.setFocus()
    qtbot.keyClicks(page.results_edit, "Typed while the server was away")
    qtbot.wait(900)  # the debounce fired; the write failed
    binding = page.bindings["results"]
    assert binding.pending
    assert page.results_edit.toPlainText() == "Typed while the server was away"
    server.start()
    qtbot.waitUntil(lambda: not window.team.banner.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: not binding.pending, timeout=5000)
    with open_event(url) as other:
        table = table_svc.list_tables(other)[0]
        assert result_svc.get_result(other, table.id, 1).results == "Typed while the server was away"


def test_check_in_while_the_server_is_away_says_it_was_not_saved(session, own_server, qtbot):
    from gdb_facilitator.core.errors import DomainError
    from gdb_facilitator.ui.errors import message_for

    server, url = own_server
    window = session.window
    assert window.open_path(url)
    person = window.controller.read(attendee_svc.list_attendees)[0]
    server.stop()
    with pytest.raises(DomainError) as err:
        window.controller.write(Changes.ATTENDEES, attendee_svc.set_arrived, person.id, True)
    assert "not saved" in message_for(err.value)
    server.start()
    qtbot.waitUntil(lambda: not window.team.banner.isVisible(), timeout=10000)
    assert not window.controller.read(attendee_svc.get_attendee, person.id).arrived


def test_hosting_from_the_window_and_closing_writes_the_file_back(session, event_file_path, qtbot,
                                                                  when_modal, app_settings, monkeypatch):
    import json

    from gdb_facilitator.core.db.engine import EventFile
    from gdb_facilitator.core.db.hosting import settings_path

    window = session.window
    assert window.open_path(str(event_file_path))
    app_settings.set(team.DEVICE_NAME, "Host")
    monkeypatch.setattr(team.HostDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    shown = []
    monkeypatch.setattr(team.JoinTextDialog, "exec", lambda self: shown.append(self.text.toPlainText()) or 0)
    window.team.host_action.trigger()
    try:
        assert window.controller.is_team and window.team.hosted is not None
        assert shown and "postgresql://" in shown[0]
        person = window.controller.read(attendee_svc.list_attendees)[0]
        window.controller.write(Changes.ATTENDEES, attendee_svc.set_arrived, person.id, True)
        window.controller.close_event()
        assert window.team.hosted is None
        with EventFile.open(event_file_path) as ef:
            row = attendee_svc.get_attendee(ef, person.id)
            assert row.arrived and row.checked_in_by == "Host"
    finally:
        if window.team.hosted is not None:
            window.team.hosted.stop(write_back=False)
        data = json.loads(settings_path(event_file_path).read_text())["data_dir"]
        shutil.rmtree(data, ignore_errors=True)


def test_table_names_map_to_pages():
    assert team.changes_for(["attendees"]) == Changes.ATTENDEES
    assert team.changes_for(["timer_state", "agenda_items"]) == Changes.TIMER | Changes.AGENDA
    assert team.changes_for(["something_new"]) == Changes.ALL
    assert team.changes_for(["change_log"]) == Changes.NONE
    # The venue server logs phone writes every second: no laptop refreshes for that.
    assert team.changes_for(["device_writes", "change_log"]) == Changes.NONE
    assert team.changes_for(["topic_proposals", "proposal_votes"]) == Changes.TOPICS


def test_venue_switch_on_a_team_event_phones_hear_other_laptops(team_window, team_url, qtbot):
    """The app serves a server event to phones: a phone's save shows on this laptop and on the
    others; another laptop's change reaches the phone's open page."""
    import json
    import re
    import socket
    import threading
    import urllib.parse
    from http.client import HTTPConnection

    from gdb_facilitator.core.services.codes import ensure_team_codes

    window = team_window
    controller = window.controller
    codes = ensure_team_codes(controller.event_file)
    first = controller.read(table_svc.list_tables)[0]
    code = next(c for (table_id, _r), c in codes.items() if table_id == first.id)
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window.venue.start("127.0.0.1", port)
    states: list[dict] = []
    stream = HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        phone = HTTPConnection("127.0.0.1", port, timeout=10)
        phone.request("GET", f"/t/{code}")
        answer = phone.getresponse()
        html = answer.read().decode()
        cookie = answer.getheader("set-cookie").split(";")[0]
        token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html).group(1)
        phone.request("POST", f"/t/{code}/save", body=urllib.parse.urlencode(
            {"csrf": token, "f:results": "typed on a phone", "v:results": "0"}),
            headers={"cookie": cookie, "accept": "application/json",
                     "content-type": "application/x-www-form-urlencoded"})
        saved = phone.getresponse()
        assert saved.status == 200, saved.read()
        saved.read()
        qtbot.waitUntil(lambda: page.results_edit.toPlainText() == "typed on a phone", timeout=3000)
        with open_event(team_url, device="Desk 2") as desk:
            assert result_svc.get_result(desk, first.id, 1).results == "typed on a phone"

        stream.request("GET", f"/t/{code}/events", headers={"cookie": cookie})
        events = stream.getresponse()

        def read() -> None:
            try:
                for raw in events.fp:
                    line = raw.decode()
                    if line.startswith("data: "):
                        states.append(json.loads(line[6:]))
            except (OSError, ValueError):
                pass

        threading.Thread(target=read, daemon=True).start()
        qtbot.waitUntil(lambda: len(states) >= 1, timeout=3000)
        version = states[-1]["fields"]["results"]["version"]
        with open_event(team_url, device="Desk 2") as desk:
            result_svc.set_result_fields(desk, first.id, 1, results="typed at desk 2",
                                         expected={"results": version})
        qtbot.waitUntil(lambda: states[-1]["fields"]["results"]["text"] == "typed at desk 2", timeout=3000)
        qtbot.waitUntil(lambda: page.results_edit.toPlainText() == "typed at desk 2", timeout=3000)
    finally:
        if stream.sock is not None:
            stream.sock.shutdown(socket.SHUT_RDWR)  # ends the reading thread first
        stream.close()
        window.venue.stop()


__all__ = ["QApplication", "QInputDialog"]


def test_others_see_who_is_planning_and_cannot_plan_meanwhile(team_window, team_url, qtbot):
    from gdb_facilitator.core.services import seating

    window = team_window
    window.actions_by_id["go_tables"].trigger()
    page = window.pages.currentWidget()
    time.sleep(0.3)
    with open_event(team_url, device="Desk 2") as desk:
        lock = seating.take_planning_lock(desk)
        qtbot.waitUntil(lambda: page.planning_label.isVisible(), timeout=3000)
        assert page.planning_label.text() == "Desk 2 is planning seats…"
        assert not page.plan_button.isEnabled()
        lock.release()
        qtbot.waitUntil(lambda: not page.planning_label.isVisible(), timeout=3000)


def test_a_check_in_another_desk_just_made_says_by_whom_and_leaves_nothing_to_undo(team_window, team_url, qtbot):
    """No events are processed between the two desks, so this page still shows the person as expected."""
    window = team_window
    page = window.attendees_page
    person = next(r for r in window.controller.read(attendee_svc.list_attendees) if not r.arrived)
    assert page.select_attendee(person.id)
    with open_event(team_url, device="Desk 2") as desk:
        attendee_svc.set_arrived(desk, person.id, True)
    steps = window.controller.undo_stack.count()
    assert page.selected_row().arrived_at is None
    page.check_in_selected()
    assert "by Desk 2" in page.seat_banner.text() or "von Desk 2" in page.seat_banner.text()
    assert window.controller.undo_stack.count() == steps  # undo would take back Desk 2's check-in
    row = window.controller.read(attendee_svc.get_attendee, person.id)
    assert row.checked_in_by == "Desk 2"
    # This desk's own check-in of somebody else is one undo step, recorded as "Moderation".
    other = next(r for r in window.controller.read(attendee_svc.list_attendees) if not r.arrived)
    assert page.select_attendee(other.id)
    page.check_in_selected()
    assert window.controller.undo_stack.count() == steps + 1
    assert window.controller.read(attendee_svc.get_attendee, other.id).checked_in_by == "Moderation"
    qtbot.waitUntil(lambda: "Desk 2" in (page.model.index(page.model.row_for_id(person.id), 5).data() or ""),
                    timeout=3000)


def test_two_laptops_typing_into_one_text_see_both_and_nothing_is_dropped(team_window, team_url, qtbot):
    window = team_window
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    assert page.objectName() == "resultsPage"
    page.results_edit.setFocus()
    qtbot.keyClicks(page.results_edit, "Moderation")
    page.flush()
    table_id = page._table_id
    dto = window.controller.read(result_svc.get_result, table_id, 1)
    # Desk 2 saves on top of the same version while this laptop's form still rests on it...
    with open_event(team_url, device="Desk 2") as desk:
        result_svc.set_result_fields(desk, table_id, 1, expected={"results": dto.results_version},
                                     results="Desk 2 text")
    # ...and this laptop types on before the change arrives.
    qtbot.keyClicks(page.results_edit, " more")
    page.flush()
    dialog = page.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.theirs_edit.toPlainText() == "Desk 2 text"
    assert dialog.mine_edit.toPlainText() == "Moderation more"
    assert window.controller.read(result_svc.get_result, table_id, 1).results == "Desk 2 text"
    dialog.mine_edit.setPlainText("Desk 2 text; Moderation more")
    dialog.save_mine_button.click()
    with open_event(team_url, readonly=True) as other:
        assert result_svc.get_result(other, table_id, 1).results == "Desk 2 text; Moderation more"


def test_two_laptops_editing_one_topic_see_both_texts(team_window, team_url, qtbot):
    from gdb_facilitator.core.services import topics as topic_svc

    window = team_window
    window.show_page("preparation")
    page = window.pages.currentWidget()
    page.tabs.setCurrentWidget(page.topics_section)
    section = page.topics_section
    qtbot.keyClicks(section.new_edit, "Open data")
    qtbot.keyClick(section.new_edit, Qt.Key.Key_Return)
    topic = next(t for t in window.controller.read(topic_svc.list_topics) if t.title == "Open data")
    assert section.title_edit.text() == "Open data"
    section.statement_edit.setFocus()
    qtbot.keyClicks(section.statement_edit, "Moderation")
    section.flush()
    with open_event(team_url, device="Desk 2") as desk:
        stored = topic_svc.get_topic(desk, topic.id)
        topic_svc.update_topic(desk, topic.id, expected={"problem_statement": stored.version},
                               problem_statement="Desk 2 text")
    qtbot.keyClicks(section.statement_edit, " more")
    section.flush()
    dialog = section.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert (dialog.theirs_edit.toPlainText(), dialog.mine_edit.toPlainText()) == ("Desk 2 text", "Moderation more")
    dialog.mine_edit.setPlainText("Desk 2 text; Moderation more")
    dialog.save_mine_button.click()
    with open_event(team_url, readonly=True) as other:
        assert topic_svc.get_topic(other, topic.id).problem_statement == "Desk 2 text; Moderation more"
    assert section.statement_edit.toPlainText() == "Desk 2 text; Moderation more"


def test_the_timer_another_laptop_starts_is_followed_to_the_second(team_window, team_url, qtbot, clock):
    """Moderation drives the timer; this laptop (and its projector) follows the stored start
    and deadline, so both show the same time left."""
    from gdb_facilitator.core.algorithms.timer import Phase
    from gdb_facilitator.core.services import agenda as agenda_svc
    from gdb_facilitator.core.services.timer import TimerService

    window = team_window
    with open_event(team_url, device="Moderation laptop", clock=clock) as other:
        agenda_svc.add_item(other, title="Gruppenarbeit Runde 1", duration_seconds=45 * 60, kind="group_work")
    window.show_page("rounds")
    page = window.pages.currentWidget()
    qtbot.waitUntil(lambda: page.timer is not None, timeout=3000)
    with open_event(team_url, device="Moderation laptop", clock=clock) as other:
        driver = TimerService(other, clock)
        driver.load()
        started = driver.start()
        clock.advance(seconds=125)
        there = driver.snapshot().timer
    assert started.timer.phase is Phase.RUNNING
    qtbot.waitUntil(lambda: page.timer.snapshot().timer.phase is Phase.RUNNING, timeout=2000)
    here = page.timer.snapshot().timer
    # Both compute the time left from the same stored start and deadline (each laptop with
    # its own clock: here the page's timer was made before the test clock was set).
    assert (here.item_id, here.started_at, here.deadline) == (there.item_id, there.started_at, there.deadline)
    assert round(there.remaining_seconds) == 45 * 60 - 125
