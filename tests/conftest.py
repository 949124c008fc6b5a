import os
import sys
from pathlib import Path

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GDB_FACILITATOR_SETTINGS_ORG", "gdb-facilitator-tests")
# Logs of the tests go to a throwaway folder, never into the user's log.
import tempfile  # noqa: E402

os.environ.setdefault("GDB_FACILITATOR_LOG_DIR", tempfile.mkdtemp(prefix="gdb-test-logs-"))

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# -- Parallel runs (pytest-xdist; pyproject: addopts = "-n auto --dist loadfile") -------------
MAX_WORKERS = 4  # each worker starts its own PostgreSQL and Qt; more buys little for ~1,100 tests


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """How many workers ``-n auto`` starts: one per core (at most MAX_WORKERS) when a run
    covers a folder (the whole suite, tests/core, ...); none, so no start-up cost, when it
    names single files or tests, or on one core. PYTEST_XDIST_AUTO_NUM_WORKERS still wins."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    targets = [Path(str(arg).split("::")[0]) for arg in config.args]
    if targets and not any(target.is_dir() for target in targets):
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_WORKERS) if cores > 1 else 0


def pytest_configure(config):
    if hasattr(config, "workerinput"):
        return
    # The .qm catalogues are built from the .ts on first use (they are not in git); build them
    # here, once, before any worker starts: two workers would write the same file at once.
    from gdb_facilitator.catalogs import ensure_qm, ts_path

    for ts in sorted(ts_path("de").parent.glob("*.ts")):
        ensure_qm(ts.stem.rsplit("_", 1)[-1])


SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    return SHARED_DATA


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    return tmp_path / "event.gdbevent"


# -- The demo event -------------------------------------------------------------------------
# Written once per run (it is the same event every time) and copied for each test that
# changes it; a module that needs another variant (a fixed clock, more rounds) defines its own.
@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from gdb_facilitator.core.demo import write_demo_event

    path = tmp_path_factory.mktemp("demo-template") / "demo.gdbevent"
    write_demo_event(path)
    return path


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh copy of the demo event file for one test."""
    path = tmp_path / "demo.gdbevent"
    path.write_bytes(demo_template.read_bytes())
    path.chmod(0o600)
    return path


@pytest.fixture
def english(monkeypatch):
    """Command-line messages in English (CLI test modules use it for every test)."""
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "en")


# -- PostgreSQL (team mode) ---------------------------------------------------------------
# One throwaway server for the whole run, started the way "Host for the team" starts one;
# every test that needs a database gets a fresh, empty one. A missing PostgreSQL fails the
# tests that need it (scripts/test.sh installs it); it never skips them silently.
import itertools  # noqa: E402
import shutil  # noqa: E402


class PostgresForTests:
    def __init__(self, server) -> None:
        self.server = server
        self._names = itertools.count(1)
        self.created: list[str] = []

    def new_database(self, prefix: str = "t") -> str:
        """A URL of a fresh, empty database owned by the test role (dropped after the test)."""
        import psycopg

        from gdb_facilitator.core.db.pgserver import database_url

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.server.admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" OWNER gdb_team')
        self.created.append(name)
        return database_url("gdb_team", "team-secret", "127.0.0.1", self.server.settings.port, name)

    def drop_databases_after(self, mark: int) -> None:
        """Drop the databases made since ``len(self.created) == mark`` (connections still open are cut)."""
        import psycopg

        names, self.created[mark:] = self.created[mark:], []
        if not names:
            return
        with psycopg.connect(self.server.admin_url(), autocommit=True) as conn:
            for name in reversed(names):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def admin_url(self, database: str = "postgres") -> str:
        return self.server.admin_url(database)


# The session's test server once some test has started it.
_RUNNING_POSTGRES: list[PostgresForTests] = []


@pytest.fixture(autouse=True)
def _drop_test_databases():
    """Each test's databases go when the test ends: some 200 of them (8 MB each) would
    otherwise pile up on disk in a full run and the server's folder took minutes to delete
    at the end on a busy machine. A module- or session-scoped fixture that makes a database
    must be set up before this fixture (request ``postgres`` in it, not through
    ``getfixturevalue`` in a test)."""
    mark = len(_RUNNING_POSTGRES[0].created) if _RUNNING_POSTGRES else 0
    yield
    if _RUNNING_POSTGRES:
        _RUNNING_POSTGRES[0].drop_databases_after(mark)


@pytest.fixture(scope="session")
def postgres():
    from gdb_facilitator.core.db.pgserver import (
        LocalServer,
        ServerSettings,
        find_postgres_bin,
        free_port,
        world_readable_parent,
    )

    if find_postgres_bin() is None:
        pytest.fail("PostgreSQL is not installed (Debian: apt-get install postgresql); "
                    "scripts/test.sh installs it", pytrace=False)
    base = world_readable_parent("gdb-test-pg-")
    server = LocalServer(ServerSettings(data_dir=base / "data", port=free_port(), superuser_password="admin-secret",
                                        durable=False))
    server.init()
    server.start()
    try:
        import psycopg

        with psycopg.connect(server.admin_url(), autocommit=True) as conn:
            conn.execute("CREATE ROLE gdb_team LOGIN PASSWORD 'team-secret' CREATEDB")
        _RUNNING_POSTGRES.append(PostgresForTests(server))
        yield _RUNNING_POSTGRES[0]
    finally:
        _RUNNING_POSTGRES.clear()
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["file", "postgres"])
def event_location(request, tmp_path):
    """Where a test's event lives: a file, or a fresh database on the test server."""
    if request.param == "file":
        return tmp_path / "event.gdbevent"
    return request.getfixturevalue("postgres").new_database()
