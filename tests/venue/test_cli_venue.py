"""`gdb-facilitator venue EVENT`: serves the event on the given address until Ctrl+C."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from cli_support import run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_venue_command_serves_and_stops(tmp_path, demo, demo_template):
    event = demo
    port = free_port()
    env = {**os.environ, "GDB_FACILITATOR_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "gdb_facilitator.cli", "venue", str(event), "--port", str(port),
                             "--pin", "2468"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first
        assert "2468" in proc.stdout.readline()
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    body = answer.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert "PIN" in body
        # A second server on the same port gets a clear one-line message.
        shutil.copy(demo_template, tmp_path / "other.gdbevent")
        second = subprocess.run([sys.executable, "-m", "gdb_facilitator.cli", "venue", str(tmp_path / "other.gdbevent"),
                                 "--port", str(port)], capture_output=True, text=True, env=env, timeout=30)
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert f"Cannot listen on 127.0.0.1 port {port}" in second.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
    assert proc.returncode in (0, 130)


def test_venue_command_refuses_a_host_name(demo, capsys, english):
    # In this process (the test above starts the real one): the address is checked before anything listens.
    code, _out, err = run(capsys, "venue", demo, "--bind", "example.org")
    assert code == 2 and re.search("IP address", err) and "Traceback" not in err


def test_the_server_listens_only_on_the_chosen_address(demo):
    from gdb_facilitator.core.db.engine import EventFile
    from gdb_facilitator.venue.server import VenueServer

    event = demo
    port = free_port()
    with EventFile.open(event) as ef:
        server = VenueServer(ef, bind="127.0.0.1", port=port)
        server.start()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                pass
            # 127.0.0.2 is this machine too, but not the address chosen.
            with socket.socket() as other:
                other.settimeout(2)
                assert other.connect_ex(("127.0.0.2", port)) != 0
        finally:
            server.stop()
        with socket.socket() as after:
            assert after.connect_ex(("127.0.0.1", port)) != 0


def _wait_for(url: str, seconds: float = 15) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_venue_command_serves_a_team_event_and_phones_hear_other_laptops(demo, postgres):
    """`venue postgresql://…`: the event in team mode; a phone's save reaches the server, and
    what another laptop changes reaches the phone's open page at once (LISTEN/NOTIFY)."""
    import http.client
    import json

    from sqlalchemy import select

    from gdb_facilitator.core.db.engine import EventFile
    from gdb_facilitator.core.db.models import TeamCode
    from gdb_facilitator.core.db.store import open_event
    from gdb_facilitator.core.db.transfer import file_to_database
    from gdb_facilitator.core.services import results
    from gdb_facilitator.core.services.codes import ensure_team_codes
    from tests.venue.conftest import csrf_of

    event = demo
    with EventFile.open(event) as ef:
        ensure_team_codes(ef)
    url = postgres.new_database("cli_venue")
    file_to_database(event, url)
    laptop = open_event(url, device="Desk 2")
    with laptop.session() as s:
        code, table_id = s.execute(select(TeamCode.code, TeamCode.table_id).order_by(TeamCode.id)).first()
    port = free_port()
    env = {**os.environ, "GDB_FACILITATOR_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "gdb_facilitator.cli", "venue", url, "--port", str(port),
                             "--pin", "2468"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    stream = None
    try:
        first = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first and "team-secret" not in first, first
        _wait_for(f"http://127.0.0.1:{port}/")
        phone = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        phone.request("GET", f"/t/{code}")
        page = phone.getresponse()
        html = page.read().decode()
        assert page.status == 200
        cookie = page.getheader("set-cookie").split(";")[0]
        version = results.get_result(laptop, table_id, 1).results_version
        phone.request("POST", f"/t/{code}/save", headers={
            "cookie": cookie, "accept": "application/json", "content-type": "application/x-www-form-urlencoded"},
            body=urllib.parse.urlencode({"csrf": csrf_of(html), "f:results": "typed on a phone",
                                         "v:results": str(version)}))
        saved = phone.getresponse()
        assert saved.status == 200, saved.read()
        saved.read()
        assert results.get_result(laptop, table_id, 1).results == "typed on a phone"

        stream = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        stream.request("GET", f"/t/{code}/events", headers={"cookie": cookie})
        events = stream.getresponse()
        assert events.status == 200

        def next_state() -> dict:
            while True:
                line = events.fp.readline().decode()
                assert line, "the stream ended"
                if line.startswith("data: "):
                    return json.loads(line[6:])

        assert next_state()["fields"]["results"]["text"] == "typed on a phone"
        started = time.monotonic()
        results.set_result_fields(laptop, table_id, 1, results="typed on another laptop")
        state = next_state()
        assert state["fields"]["results"]["text"] == "typed on another laptop"
        assert time.monotonic() - started < 5
        laptop.close()
    finally:
        if stream is not None:
            stream.close()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
    assert proc.returncode in (0, 130), proc.stderr.read()
