"""The phone pages in real headless Chromium at 390×844, against the real server on 127.0.0.1."""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from gdb_facilitator.core.db.models import Attendee, SeatAssignment
from gdb_facilitator.core.services import results
from gdb_facilitator.venue.server import VenueServer
from tests.venue.browser import close_browser, free_port, phone_browser, require_browser, shoot
from tests.venue.test_server import team_code

pytestmark = pytest.mark.slow


@pytest.fixture
def server(demo_event):
    require_browser()
    server = VenueServer(demo_event, bind="127.0.0.1", port=free_port(), pin="4711")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def phone():
    """One Chromium for the module (starting one takes 1-2 s); each test gets it fresh."""
    driver = phone_browser("de")
    yield driver
    close_browser(driver)


@pytest.fixture
def browser(phone):
    # Leave the last test's page (its scripts stop polling) and forget its PIN session:
    # cookies ignore the port, so they would reach the next test's server.
    phone.get("about:blank")
    phone.execute_cdp_cmd("Network.clearBrowserCookies", {})
    yield phone
    phone.get("about:blank")


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_participant_proposes_and_ranks_topics_and_finds_the_seat(server, browser, demo_event):
    from selenium.webdriver.support.ui import Select

    from gdb_facilitator.core.services import proposals

    proposals.propose(demo_event, "Offene Daten im Bezirk", "Wer darf welche Daten nutzen?", device="other")
    proposals.propose(demo_event, "Digitale Schule", "", device="other")
    with demo_event.session() as s:
        seated = list(s.scalars(select(Attendee).join(SeatAssignment, SeatAssignment.attendee_id == Attendee.id)
                                .where(Attendee.absent.is_(False)).order_by(Attendee.id)))
    # Someone whose full name is unique (so the choice can count for the seat).
    person = next(p for p in seated if proposals.find_attendee(demo_event, f"{p.first_name} {p.last_name}") == p.id)
    name = f"{person.first_name} {person.last_name}"
    browser.get(server.url())
    assert "Event-PIN eingeben" in browser.page_source
    shoot(browser, "pin")
    browser.find_element(By.ID, "pin").send_keys("4711")
    browser.find_element(By.CSS_SELECTOR, "form[action='/pin'] button").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "q"))
    # Topics: propose one, then rank three.
    browser.find_element(By.CSS_SELECTOR, "a[href='/topics']").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "title"))
    browser.find_element(By.ID, "title").send_keys("Smart City für alle")
    browser.find_element(By.ID, "statement").send_keys("Wie kommen Sensordaten in die Nachbarschaft?")
    browser.find_element(By.CSS_SELECTOR, "form[action='/topics/propose'] button").click()
    WebDriverWait(browser, 10).until(lambda d: "Danke!" in d.page_source)
    ids = {r.title: r.id for r in proposals.list_proposals(demo_event)}
    assert "Smart City für alle" in ids
    Select(browser.find_element(By.ID, "rank1")).select_by_value(str(ids["Smart City für alle"]))
    Select(browser.find_element(By.ID, "rank2")).select_by_value(str(ids["Offene Daten im Bezirk"]))
    Select(browser.find_element(By.ID, "rank3")).select_by_value(str(ids["Digitale Schule"]))
    browser.find_element(By.ID, "name").send_keys(f"{person.first_name} {person.last_name}")
    browser.find_element(By.CSS_SELECTOR, "form[action='/topics/choose'] button").click()
    WebDriverWait(browser, 10).until(lambda d: "zählt für Ihren Platz" in d.page_source)
    shoot(browser, "topics")
    counts = {r.title: (r.firsts, r.seconds, r.thirds) for r in proposals.list_proposals(demo_event)}
    assert counts == {"Smart City für alle": (1, 0, 0), "Offene Daten im Bezirk": (0, 1, 0),
                      "Digitale Schule": (0, 0, 1)}
    browser.find_element(By.CSS_SELECTOR, "a.back").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "q"))
    browser.find_element(By.ID, "q").send_keys(person.last_name)
    browser.find_element(By.CSS_SELECTOR, "form.search button").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "found"))
    found = browser.find_element(By.ID, "found").text
    assert name in found and "Tisch" in found and "Runde 1" in found
    shoot(browser, "seat")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"


def test_host_types_loses_the_connection_and_the_text_arrives(server, browser, demo_event):
    code, table_id = team_code(demo_event, 3)
    browser.get(server.url() + f"t/{code}")
    assert "Tisch 3" in browser.find_element(By.TAG_NAME, "h1").text
    shoot(browser, "host-page")
    before = len(results.get_result(demo_event, table_id, 1).ideas)
    browser.find_element(By.ID, "new-idea").send_keys("Datencafé im Kiez")
    browser.find_element(By.CSS_SELECTOR, "#add-idea button").click()
    wait_for(lambda: len(results.get_result(demo_event, table_id, 1).ideas) == before + 1)
    idea = results.get_result(demo_event, table_id, 1).ideas[-1]
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, f"idea-{idea.id}-owner"))
    field = browser.find_element(By.ID, "results")
    field.clear()
    field.send_keys("Wir kartieren offene Daten")
    wait_for(lambda: results.get_result(demo_event, table_id, 1).results == "Wir kartieren offene Daten")
    shoot(browser, "host-saved")

    # The Wi-Fi drops: the server is gone while the host keeps typing.
    port = server.port
    server.stop()
    field.send_keys(" und laden alle ein.")
    owner = browser.find_element(By.ID, f"idea-{idea.id}-owner")
    owner.send_keys("Kiezladen")
    WebDriverWait(browser, 10).until(lambda d: "Keine Verbindung" in d.find_element(By.ID, "status").text)
    shoot(browser, "host-offline")
    assert results.get_result(demo_event, table_id, 1).results == "Wir kartieren offene Daten"

    # The Wi-Fi is back: everything typed meanwhile arrives.
    again = VenueServer(demo_event, bind="127.0.0.1", port=port, pin="4711")
    again.start()
    try:
        wait_for(lambda: results.get_result(demo_event, table_id, 1).results
                 == "Wir kartieren offene Daten und laden alle ein.", timeout=20)
        wait_for(lambda: results.get_result(demo_event, table_id, 1).ideas[-1].owner == "Kiezladen", timeout=20)
        WebDriverWait(browser, 10).until(lambda d: "Gespeichert" in d.find_element(By.ID, "status").text)
        shoot(browser, "host-back")
        # The laptop's edit reaches the phone live.
        results.set_result_fields(demo_event, table_id, 1, problem_statement="Vom Laptop geändert")
        again.notify()
        WebDriverWait(browser, 10).until(
            lambda d: d.find_element(By.ID, "problem_statement").get_attribute("value") == "Vom Laptop geändert")
    finally:
        again.stop()


def test_team_reports_on_its_idea_at_the_100_day_check_in(server, browser, demo_event):
    from selenium.webdriver.support.ui import Select

    from gdb_facilitator.core.services import follow_up

    code, _table_id = team_code(demo_event, 5)
    browser.get(server.url() + f"c?code={code.lower()}")
    WebDriverWait(browser, 10).until(lambda d: "100-Tage-Check-in" in d.page_source)
    idea = follow_up.open_team(demo_event, code).ideas[0]
    Select(browser.find_element(By.ID, f"status-{idea.id}")).select_by_value("in_progress")
    progress = browser.find_element(By.ID, f"progress-{idea.id}")
    progress.clear()
    progress.send_keys("60")
    browser.find_element(By.ID, f"what-{idea.id}").send_keys("Zwei Bezirke machen mit.")
    browser.find_element(By.ID, f"by-{idea.id}").send_keys("Kiezladen")
    shoot(browser, "check-in")
    browser.find_element(By.CSS_SELECTOR, f"#idea-{idea.id} button").click()
    wait_for(lambda: follow_up.get_idea(demo_event, idea.id).progress == 60)
    after = follow_up.get_idea(demo_event, idea.id)
    assert after.status.value == "in_progress" and after.notes == "Zwei Bezirke machen mit."
    assert after.updates[-1].reported_by == "Kiezladen"
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390


def test_two_devices_on_one_field_see_both_versions(server, browser, demo_event):
    code, table_id = team_code(demo_event, 6)
    browser.get(server.url() + f"t/{code}")
    field = browser.find_element(By.ID, "results")
    # The host is in the field (a live update never replaces the text of the focused field)...
    browser.execute_script("var f = arguments[0]; f.focus(); f.setSelectionRange(f.value.length, f.value.length);",
                           field)
    WebDriverWait(browser, 10).until(lambda d: d.switch_to.active_element == field)
    # ...when another device saves (written straight into the event).
    results.set_result_fields(demo_event, table_id, 1, results="Vom anderen Telefon")
    field.send_keys(" und von mir")
    box = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "[data-conflict-box='results']"))[0]
    assert "Vom anderen Telefon" in box.find_element(By.CSS_SELECTOR, "pre.theirs").text
    assert field.get_attribute("value").endswith(" und von mir")  # mine stays in the field
    assert results.get_result(demo_event, table_id, 1).results == "Vom anderen Telefon"
    shoot(browser, "host-conflict")
    box.find_elements(By.TAG_NAME, "button")[1].click()  # keep my text
    wait_for(lambda: results.get_result(demo_event, table_id, 1).results.endswith(" und von mir"))
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-conflict-box='results']")


def test_team_event_a_phone_and_another_laptop_work_on_one_table(demo_team_event, browser):
    """The event in team mode (PostgreSQL): the venue server listens for the team's changes,
    so another laptop's edit reaches the host's open page, and the host's typing reaches it."""
    from gdb_facilitator.core.db.store import open_event

    require_browser()
    server = VenueServer(demo_team_event, bind="127.0.0.1", port=free_port(), pin="4711", watch_team=True)
    server.start()
    desk = open_event(demo_team_event.source, device="Desk 2")
    try:
        code, table_id = team_code(desk, 2)
        browser.get(server.url() + f"t/{code}")
        field = browser.find_element(By.ID, "results")
        field.send_keys(" Vom Telefon")
        wait_for(lambda: results.get_result(desk, table_id, 1).results.endswith(" Vom Telefon"))
        results.set_result_fields(desk, table_id, 1, problem_statement="Von Tisch-Laptop 2")
        WebDriverWait(browser, 10).until(
            lambda d: d.find_element(By.ID, "problem_statement").get_attribute("value") == "Von Tisch-Laptop 2")
        shoot(browser, "team-event-host")
    finally:
        desk.close()
        server.stop()
