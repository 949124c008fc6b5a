"""`gdb-facilitator venue EVENT`: serves the event on the given address until Ctrl+C."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from gdb_facilitator.core.demo import write_demo_event


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_venue_command_serves_and_stops(tmp_path):
    event = tmp_path / "demo.gdbevent"
    write_demo_event(event)
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
        write_demo_event(tmp_path / "other.gdbevent")
        second = subprocess.run([sys.executable, "-m", "gdb_facilitator.cli", "venue", str(tmp_path / "other.gdbevent"),
                                 "--port", str(port)], capture_output=True, text=True, env=env, timeout=30)
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert f"Cannot listen on 127.0.0.1 port {port}" in second.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
    assert proc.returncode in (0, 130)


def test_venue_command_refuses_a_host_name(tmp_path):
    event = tmp_path / "demo.gdbevent"
    write_demo_event(event)
    done = subprocess.run([sys.executable, "-m", "gdb_facilitator.cli", "venue", str(event), "--bind", "example.org"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and re.search("IP address", done.stderr)


def test_the_server_listens_only_on_the_chosen_address(tmp_path):
    from gdb_facilitator.core.db.engine import EventFile
    from gdb_facilitator.venue.server import VenueServer

    event = tmp_path / "demo.gdbevent"
    write_demo_event(event)
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
