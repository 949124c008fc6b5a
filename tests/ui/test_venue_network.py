"""The venue switch in the app: a phone's save reaches the Results page on the GUI thread."""

import http.cookiejar
import re
import socket
import urllib.parse
import urllib.request

from gdb_facilitator.core.services import results as svc
from gdb_facilitator.core.services import tables as table_svc
from gdb_facilitator.core.services.codes import ensure_team_codes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def phone():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def test_switch_serves_and_a_phone_save_shows_on_the_results_page(window, qtbot):
    controller = window.controller
    ef = controller.event_file
    codes = ensure_team_codes(ef)
    first = table_svc.list_tables(ef)[0]
    code = next(c for (table_id, _r), c in codes.items() if table_id == first.id)
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    window.on_venue_network()
    dialog = window.venue_dialog
    assert not window.venue.running
    dialog.address_combo.setCurrentIndex(dialog.address_combo.findData("127.0.0.1"))
    port = free_port()
    dialog.port_spin.setValue(port)
    dialog.switch.setChecked(True)
    assert window.venue.running, dialog.state_label.text()
    assert f"http://127.0.0.1:{port}/" in dialog.state_label.text()
    assert dialog.qr_label.pixmap() is not None and not dialog.qr_label.pixmap().isNull()
    try:
        opener = phone()
        html = opener.open(f"http://127.0.0.1:{port}/t/{code}", timeout=5).read().decode()
        token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html).group(1)
        body = urllib.parse.urlencode({"csrf": token, "f:results": "typed on a phone", "v:results": "0"}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/t/{code}/save", data=body,
                                         headers={"Accept": "application/json"})
        answer = opener.open(request, timeout=5).read().decode()
        assert '"results":1' in answer.replace(" ", "")
        qtbot.waitUntil(lambda: page.results_edit.toPlainText() == "typed on a phone", timeout=3000)
        assert svc.get_result(ef, first.id, 1).results == "typed on a phone"
        qtbot.waitUntil(lambda: dialog.log_table.rowCount() >= 1, timeout=3000)
        assert dialog.log_table.item(0, 2).text() == "saved a text"
    finally:
        dialog.switch.setChecked(False)
    assert not window.venue.running
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_moderator_sees_proposals_live_merges_and_picks(window, qtbot):
    from gdb_facilitator.core.services import proposals
    from gdb_facilitator.core.services.topics import list_topics

    controller = window.controller
    ef = controller.event_file
    window.on_topic_proposals()
    dialog = window.proposals_dialog
    assert dialog.table.rowCount() == 0
    a = proposals.propose(ef, "Open data", "Who may use what?", device="p1")
    b = proposals.propose(ef, "Offene Daten", "", device="p2")
    proposals.choose(ef, "p1", {1: a.id})
    proposals.choose(ef, "p2", {1: b.id, 2: a.id})
    # As a phone's write arrives through the bridge:
    window.venue._on_server_change(frozenset({"topics"}))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=2000)
    dialog.table.selectAll()
    dialog.merge_selected()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Open data (Offene Daten)"
    assert dialog.table.item(0, 2).text() == "2"
    # Undo (the button, as Ctrl+Z in this window) makes them two proposals again, votes and all.
    assert dialog.undo_button.isEnabled() and "Open data" in dialog.undo_button.toolTip()
    dialog.undo_button.click()
    assert dialog.table.rowCount() == 2
    counts = {r.title: (r.firsts, r.seconds) for r in proposals.list_proposals(ef)}
    assert counts == {"Open data": (1, 1), "Offene Daten": (1, 0)}
    controller.redo()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "2"
    dialog.table.selectRow(0)
    dialog.pick_selected()
    assert [t.title for t in list_topics(ef)] == ["Open data"]
    assert dialog.table.item(0, 6).text() == "✓"
    dialog.show_projector()
    assert dialog.projector.table.item(0, 0).text().startswith("Open data")
    dialog.close()


def test_a_done_table_offers_its_sheet_alone(window, qtbot):
    from gdb_facilitator.core.services import results as svc
    from gdb_facilitator.core.services import tables as table_svc

    ef = window.controller.event_file
    first = table_svc.list_tables(ef)[1]
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    page.select_table(first.id)
    assert not page.sheet_button.isVisibleTo(page)
    svc.set_done(ef, first.id, 1, True)
    window.venue._on_server_change(frozenset({"results"}))
    qtbot.waitUntil(lambda: page.sheet_button.isVisibleTo(page), timeout=2000)
    assert "done" in page.model.data(page.model.index(1))
    page.sheet_button.click()
    output = window.pages.currentWidget()
    assert output.objectName() == "outputPage"
    job = output.job()
    assert (job.kind, job.table_number) == ("results", first.number)
    assert job.round_number in (None, 1)  # with a single round the combo stays off: that round


def test_the_event_pin_survives_a_restart_and_is_changed_on_the_laptop_only(window, qtbot, event_file_path):
    """The PIN on the projector stays the same when the app (or the event) is opened again,
    and phones that typed it stay signed in; a new PIN typed on the laptop locks them out."""
    from gdb_facilitator.core.services import venue as venue_svc

    controller = window.controller
    window.on_venue_network()
    dialog = window.venue_dialog
    dialog.pin_edit.setText("482913")
    dialog.pin_edit.editingFinished.emit()
    assert window.venue.pin == "482913"
    dialog.address_combo.setCurrentIndex(dialog.address_combo.findData("127.0.0.1"))
    port = free_port()
    dialog.port_spin.setValue(port)
    dialog.switch.setChecked(True)
    assert "482913" in dialog.state_label.text()
    opener = phone()
    html = opener.open(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
    token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html).group(1)
    signed_in = opener.open(f"http://127.0.0.1:{port}/pin", data=urllib.parse.urlencode(
        {"csrf": token, "pin": "482913"}).encode(), timeout=5).read().decode()
    assert 'action="/seat"' in signed_in
    dialog.switch.setChecked(False)
    dialog.close()

    # The app closes and opens the event again (a restart during the day).
    controller.close_event()
    window.venue_dialog = None
    assert window.open_path(str(event_file_path))
    assert window.controller.read(venue_svc.event_pin) == "482913"
    window.on_venue_network()
    dialog = window.venue_dialog
    assert dialog.pin_edit.text() == "482913"
    dialog.address_combo.setCurrentIndex(dialog.address_combo.findData("127.0.0.1"))
    dialog.port_spin.setValue(port)
    dialog.switch.setChecked(True)
    try:
        assert "482913" in dialog.state_label.text()
        # The phone is still signed in: no PIN to type again.
        assert 'action="/seat"' in opener.open(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
        # A PIN that is not 4-6 digits is not taken; a new one locks the phones out.
        dialog.pin_edit.setText("12")
        dialog.pin_edit.editingFinished.emit()
        assert dialog.pin_edit.text() == "482913" and window.venue.pin == "482913"
        dialog.pin_edit.setText("5555")
        dialog.pin_edit.editingFinished.emit()
        assert window.venue.pin == "5555" and "5555" in dialog.state_label.text()
        assert window.controller.read(venue_svc.event_pin) == "5555"
        assert 'action="/seat"' not in opener.open(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
    finally:
        dialog.switch.setChecked(False)


def test_a_phone_save_then_a_stale_laptop_save_shows_both_texts(window, qtbot):
    """A host's phone saves a table's results through the venue server while the laptop's
    Results page still types on the older text: the laptop's save is refused and both
    texts show side by side; closing that keeps both, nothing is lost."""
    controller = window.controller
    ef = controller.event_file
    codes = ensure_team_codes(ef)
    first = table_svc.list_tables(ef)[0]
    code = next(c for (table_id, _r), c in codes.items() if table_id == first.id)
    window.actions_by_id["go_results"].trigger()
    page = window.pages.currentWidget()
    page.select_table(first.id)
    page.results_edit.setFocus()
    qtbot.keyClicks(page.results_edit, "laptop")
    page.flush()
    assert svc.get_result(ef, first.id, 1).results_version == 1
    port = free_port()
    window.venue.start("127.0.0.1", port)
    try:
        qtbot.keyClicks(page.results_edit, " more")  # typed, not yet saved
        opener = phone()
        html = opener.open(f"http://127.0.0.1:{port}/t/{code}", timeout=5).read().decode()
        token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html).group(1)
        body = urllib.parse.urlencode({"csrf": token, "f:results": "phone text", "v:results": "1"}).encode()
        opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/t/{code}/save", data=body,
                                           headers={"Accept": "application/json"}), timeout=5).read()
        assert svc.get_result(ef, first.id, 1).results == "phone text"
        qtbot.waitUntil(lambda: page.conflict_dialog is not None and page.conflict_dialog.isVisible(), timeout=3000)
        dialog = page.conflict_dialog
        assert dialog.theirs_edit.toPlainText() == "phone text"
        assert dialog.mine_edit.toPlainText() == "laptop more"
        assert svc.get_result(ef, first.id, 1).results == "phone text"  # nothing overwritten
        dialog.reject()
        assert svc.get_result(ef, first.id, 1).results == "phone text\n\nlaptop more"
    finally:
        window.venue.stop()
