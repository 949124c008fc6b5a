"""The venue server's pages and checks, through Starlette's test client (no socket)."""

import re

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from gdb_facilitator.core.db.models import TeamCode
from gdb_facilitator.core.services import results
from gdb_facilitator.core.services import venue as venue_svc
from gdb_facilitator.venue.server import VenueApp
from tests.venue.conftest import csrf_of

PHONE_DE = {"accept-language": "de-DE,de;q=0.9,en;q=0.8", "user-agent": "Mozilla/5.0 (Linux; Android 9) Phone"}


@pytest.fixture(params=["file", "postgres"])
def demo_event(request, demo_event):
    """Every request test runs on an event file and on the same event in team mode (PostgreSQL)."""
    if request.param == "file":
        return demo_event
    return request.getfixturevalue("demo_team_event")


@pytest.fixture
def app(demo_event):
    changes = []
    app = VenueApp(demo_event, pin="4711", on_change=changes.append)
    app.changes = changes
    return app


@pytest.fixture
def client(app):
    with TestClient(app.asgi, base_url="http://venue.test", follow_redirects=False) as c:
        yield c


def team_code(ef, table_number=1):
    with ef.session() as s:
        codes = s.execute(select(TeamCode.code, TeamCode.table_id)).all()
    rows = results.overview(ef, 1)
    table_id = next(r.table_id for r in rows if r.number == table_number)
    return next(c for c, t in codes if t == table_id), table_id


def login(client):
    page = client.get("/")
    token = csrf_of(page.text)
    answer = client.post("/pin", data={"csrf": token, "pin": "4711"}, follow_redirects=True)
    assert "Wo sitze ich?" in answer.text or "Where do I sit?" in answer.text
    return token


def test_pin_is_asked_first_and_german_phones_get_german(client):
    page = client.get("/", headers=PHONE_DE)
    assert page.status_code == 200
    assert "Event-PIN eingeben" in page.text
    assert page.headers["content-type"].startswith("text/html; charset=utf-8")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert client.get("/seat?q=anna").status_code in (200, 303)
    assert "Wo sitze ich" not in client.get("/seat?q=anna", headers=PHONE_DE).text


def test_wrong_pins_are_limited_to_ten_a_minute(client):
    token = csrf_of(client.get("/").text)
    for _ in range(10):
        assert client.post("/pin", data={"csrf": token, "pin": "0000"}).status_code == 403
    blocked = client.post("/pin", data={"csrf": token, "pin": "4711"})
    assert blocked.status_code == 429


def test_forms_without_the_device_token_are_refused(client):
    client.get("/")
    assert client.post("/pin", data={"pin": "4711"}).status_code == 400
    assert client.post("/pin", data={"csrf": "0" * 40, "pin": "4711"}).status_code == 400


def test_a_changed_pin_locks_phones_out(client, app):
    login(client)
    assert "seat" in client.get("/").text
    app.set_pin("123456")
    assert "pin" in client.get("/").text.lower() and 'action="/seat"' not in client.get("/").text


def test_where_do_i_sit_shows_only_a_few_matches(client, demo_event):
    login(client)
    with demo_event.session() as s:
        from gdb_facilitator.core.db.models import Attendee
        person = s.scalars(select(Attendee).where(Attendee.absent.is_(False)).order_by(Attendee.id)).first()
        name = f"{person.first_name} {person.last_name}"
    page = client.get("/seat", params={"q": name})
    assert page.status_code == 200
    assert name in page.text
    assert "Table " in page.text or "Tisch " in page.text
    search = venue_svc.find_seats(demo_event, name)
    assert search.found and search.found[0].seats and search.found[0].seats[0].host
    # Two letters: no search; a common letter pair: too many, nobody listed.
    assert "at least 3 letters" in client.get("/seat", params={"q": "an"}).text
    broad = client.get("/seat", params={"q": "e"})
    assert "person" not in re.sub(r"<style.*?</style>", "", broad.text).split("<main>")[1].split('class="hosts"')[0] \
        or "at least 3" in broad.text
    assert venue_svc.find_seats(demo_event, "ann").too_many or len(venue_svc.find_seats(demo_event, "ann").found) <= 5


def test_host_saves_texts_and_the_laptop_hears_of_it(client, app, demo_event):
    code, table_id = team_code(demo_event)
    page = client.get(f"/t/{code}")
    assert page.status_code == 200
    token = csrf_of(page.text)
    before = results.get_result(demo_event, table_id, 1)
    answer = client.post(f"/t/{code}/save", headers={"accept": "application/json"},
                         data={"csrf": token, "f:results": "From the phone <script>alert(1)</script>",
                               "v:results": str(before.results_version)})
    assert answer.status_code == 200, answer.text
    assert answer.json()["saved"]["results"] == before.results_version + 1
    assert results.get_result(demo_event, table_id, 1).results.startswith("From the phone <script>")
    assert app.changes and "results" in app.changes[-1]
    shown = client.get(f"/t/{code}").text
    assert "<script>alert(1)</script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    app.flush_log()  # saves are logged in a batch within a second
    log = venue_svc.device_writes(demo_event)
    assert log[0].action == "save" and "results" in log[0].target and log[0].device


def test_a_stale_phone_gets_both_versions_and_its_text_is_logged(client, demo_event):
    code, table_id = team_code(demo_event)
    token = csrf_of(client.get(f"/t/{code}").text)
    version = results.get_result(demo_event, table_id, 1).results_version
    results.set_result_fields(demo_event, table_id, 1, results="typed on the laptop")
    answer = client.post(f"/t/{code}/save", headers={"accept": "application/json"},
                         data={"csrf": token, "f:results": "typed on the phone", "v:results": str(version)})
    assert answer.status_code == 409
    conflict = answer.json()["conflicts"]["results"]
    assert conflict["theirs"] == "typed on the laptop" and conflict["mine"] == "typed on the phone"
    assert results.get_result(demo_event, table_id, 1).results == "typed on the laptop"
    assert venue_svc.device_writes(demo_event)[0].detail == "typed on the phone"
    # Without script: the page comes back with both texts.
    page = client.post(f"/t/{code}/save", data={"csrf": token, "f:results": "typed on the phone",
                                                 "v:results": str(version)})
    assert page.status_code == 409
    assert "typed on the laptop" in page.text and "typed on the phone" in page.text
    resolved = client.post(f"/t/{code}/save", headers={"accept": "application/json"},
                           data={"csrf": token, "f:results": "both", "v:results": str(conflict["version"])})
    assert resolved.status_code == 200
    assert results.get_result(demo_event, table_id, 1).results == "both"


def test_ideas_add_move_edit_and_done(client, demo_event):
    code, table_id = team_code(demo_event, 2)
    token = csrf_of(client.get(f"/t/{code}").text)
    before = len(results.get_result(demo_event, table_id, 1).ideas)
    assert client.post(f"/t/{code}/idea", data={"csrf": token, "title": "Open a data café"}).status_code == 303
    ideas = results.get_result(demo_event, table_id, 1).ideas
    assert len(ideas) == before + 1 and ideas[-1].title == "Open a data café"
    new = ideas[-1]
    client.post(f"/t/{code}/move", data={"csrf": token, "idea": str(new.id), "dir": "up"})
    assert results.get_result(demo_event, table_id, 1).ideas[-2].id == new.id
    saved = client.post(f"/t/{code}/save", headers={"accept": "application/json"},
                        data={"csrf": token, f"f:idea:{new.id}:owner": "Anna", f"v:idea:{new.id}:owner": "0"})
    assert saved.status_code == 200
    client.post(f"/t/{code}/done", data={"csrf": token, "done": "1"})
    dto = results.get_result(demo_event, table_id, 1)
    assert dto.done_at is not None and any(i.owner == "Anna" for i in dto.ideas)
    state = client.get(f"/t/{code}/state").json()
    assert state["done"] and f"idea:{new.id}:owner" in state["fields"]


def test_ideas_of_other_tables_cannot_be_written(client, demo_event):
    code, _table = team_code(demo_event, 1)
    _other_code, other_table = team_code(demo_event, 2)
    other_idea = results.get_result(demo_event, other_table, 1).ideas[0]
    token = csrf_of(client.get(f"/t/{code}").text)
    answer = client.post(f"/t/{code}/save", headers={"accept": "application/json"},
                         data={"csrf": token, f"f:idea:{other_idea.id}:title": "hijack"})
    assert answer.json()["saved"] == {}
    assert results.get_result(demo_event, other_table, 1).ideas[0].title == other_idea.title


def test_unknown_codes_count_as_failures(client):
    for _ in range(10):
        assert client.get("/t/ABCDEFGHJKMNPQRSTVWXYZ012345").status_code == 404
    assert client.get("/t/ABCDEFGHJKMNPQRSTVWXYZ012345").status_code == 429


def test_long_texts_are_refused(client, demo_event):
    code, table_id = team_code(demo_event)
    token = csrf_of(client.get(f"/t/{code}").text)
    answer = client.post(f"/t/{code}/save", headers={"accept": "application/json"},
                         data={"csrf": token, "f:results": "x" * 20001})
    assert answer.json()["errors"]["results"]["error"] == "too_long"
    huge = client.post(f"/t/{code}/save", data={"csrf": token, "f:results": "x" * 300_000})
    assert huge.status_code == 400


def test_participants_propose_and_rank_topics(client, app, demo_event):
    from gdb_facilitator.core.services import proposals

    token = login(client)
    page = client.get("/topics")
    assert page.status_code == 200
    answer = client.post("/topics/propose", data={"csrf": token, "title": "Offene <b>Daten</b>",
                                                  "statement": "Wer darf was?"})
    assert answer.status_code == 303 and "topics" in app.changes[-1]
    client.post("/topics/propose", data={"csrf": token, "title": "Smart City", "statement": ""})
    rows = {r.title: r.id for r in proposals.list_proposals(demo_event)}
    shown = client.get("/topics").text
    assert "Offene &lt;b&gt;Daten&lt;/b&gt;" in shown and "<b>Daten" not in shown
    chosen = client.post("/topics/choose", data={"csrf": token, "rank1": str(rows["Smart City"]),
                                                 "rank2": str(rows["Offene <b>Daten</b>"]), "rank3": ""})
    assert chosen.status_code == 303 and chosen.headers["location"].startswith("/topics?ok=chosen")
    counts = {r.title: (r.firsts, r.seconds) for r in proposals.list_proposals(demo_event)}
    assert counts["Smart City"] == (1, 0) and counts["Offene <b>Daten</b>"] == (0, 1)
    app.flush_log()
    assert venue_svc.device_writes(demo_event)[0].action == "choose"
    # Without the PIN, nothing of it is visible.
    other = TestClient(app.asgi, base_url="http://venue.test", follow_redirects=False)
    assert other.get("/topics").status_code == 303


def test_team_fills_in_its_100_day_page(client, app, demo_event):
    from gdb_facilitator.core.services import follow_up

    code, table_id = team_code(demo_event, 4)
    assert client.get(f"/c?code={code.lower()}").headers["location"] == f"/c/{code}"
    page = client.get(f"/c/{code}")
    assert page.status_code == 200
    team = follow_up.open_team(demo_event, code)
    idea = team.ideas[0]
    for name in team.members:
        assert name not in page.text.split("<main>")[1]  # no names on the team's page
    token = csrf_of(page.text)
    saved = client.post(f"/c/{code}/save", data={"csrf": token, "idea": str(idea.id), "status": "in_progress",
                                                   "progress": "40", "what_happened": "Pilot <i>läuft</i>",
                                                   "reported_by": "Kiezladen", "version": ""})
    assert saved.status_code == 303, saved.text
    assert "follow_up" in app.changes[-1]
    after = follow_up.get_idea(demo_event, idea.id)
    assert after.status.value == "in_progress" and after.progress == 40 and after.notes == "Pilot <i>läuft</i>"
    shown = client.get(f"/c/{code}").text
    assert "Pilot &lt;i&gt;läuft&lt;/i&gt;" in shown
    # The same day, a second phone based on the old text meets the first one's report.
    report = after.updates[-1]
    follow_up.edit_update(demo_event, report.id, what_happened="Pilot läuft, 3 Bezirke")
    stale = client.post(f"/c/{code}/save", data={"csrf": token, "idea": str(idea.id), "status": "in_progress",
                                                  "progress": "50", "what_happened": "Pilot in 2 Bezirken",
                                                  "reported_by": "", "version": str(report.version)})
    assert stale.status_code == 409
    assert "Pilot läuft, 3 Bezirke" in stale.text and "Pilot in 2 Bezirken" in stale.text
    assert len(follow_up.get_idea(demo_event, idea.id).updates) == 1
    # Another team's idea cannot be written with this code.
    other_code, other_table = team_code(demo_event, 5)
    other_idea = follow_up.open_team(demo_event, other_code).ideas[0]
    refused = client.post(f"/c/{code}/save", data={"csrf": token, "idea": str(other_idea.id), "status": "done",
                                                    "progress": "100", "what_happened": "x", "version": ""})
    assert refused.status_code == 400
    assert follow_up.get_idea(demo_event, other_idea.id).updates == ()


def test_tents_and_worksheets_carry_the_table_page_while_the_server_runs(demo_event, tmp_path):
    from gdb_facilitator.core.sheets import build_sheet_data

    data = build_sheet_data(demo_event, kind="tents", round_number=1, venue_url="http://192.168.1.20:8765/")
    assert all(t.table_page_url == f"http://192.168.1.20:8765/t/{t.code}" for t in data.tents)
    assert venue_svc.team_for_code(demo_event, data.tents[0].code)[3] == data.tents[0].table_number
    blank = build_sheet_data(demo_event, kind="blank", round_number=1, venue_url="http://192.168.1.20:8765/")
    assert all(w.table_page_url.endswith(f"/t/{w.code}") for w in blank.worksheets)
    plain = build_sheet_data(demo_event, kind="tents", round_number=1)
    assert all(t.table_page_url == "" for t in plain.tents)


def test_the_pin_and_the_phones_cookies_outlive_the_server(demo_event):
    """A new server on the same event (the app restarted) keeps the PIN, and a phone that
    typed it stays signed in; on a team event another laptop's new PIN counts at once."""
    first = VenueApp(demo_event)
    pin = first.pin
    assert venue_svc.valid_pin(pin) and venue_svc.event_pin(demo_event) == pin
    with TestClient(first.asgi, base_url="http://venue.test", follow_redirects=False) as phone:
        token = csrf_of(phone.get("/").text)
        assert phone.post("/pin", data={"csrf": token, "pin": pin}).status_code == 303
        cookies = dict(phone.cookies)
    again = VenueApp(demo_event)
    assert again.pin == pin
    with TestClient(again.asgi, base_url="http://venue.test", follow_redirects=False, cookies=cookies) as phone:
        assert 'action="/seat"' in phone.get("/").text
        venue_svc.set_event_pin(demo_event, "909090")  # changed on a laptop
        again.notify()  # as the laptop's change is announced
        assert 'action="/seat"' not in phone.get("/").text
        assert again.pin == "909090"
    with pytest.raises(Exception) as refused:
        venue_svc.set_event_pin(demo_event, "12ab")
    assert getattr(refused.value, "code", "") == "invalid" and venue_svc.event_pin(demo_event) == "909090"


def test_the_phones_of_a_table_read_it_once_per_change(app, demo_event, monkeypatch):
    """After a save, every phone at the table asks for its state at the same moment: one
    read answers them all (on a team server, parallel reads would hold the connections
    the saves need)."""
    import threading
    import time

    from gdb_facilitator.venue import server as server_module

    code, table_id = team_code(demo_event, 3)
    real = server_module.venue_svc.team_page
    reads = []

    def slow_page(ef, typed):
        reads.append(typed)
        time.sleep(0.2)
        return real(ef, typed)

    monkeypatch.setattr(server_module.venue_svc, "team_page", slow_page)
    answers = []
    phones = [threading.Thread(target=lambda: answers.append(app._state(code))) for _ in range(8)]
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.join(10)
    assert len(reads) == 1 and len(answers) == 8 and all(a == answers[0] for a in answers)
    app.broadcast.bump(table_id)  # a save at the table: read again, once
    assert app._cached_state(code) is None
    assert app._state(code)[0] == table_id and len(reads) == 2
    assert app._state(code) is not None and len(reads) == 2
