"""A PostgreSQL server of our own, started from the installed PostgreSQL programs.

"Host for the team" runs one on the facilitator's laptop: its own data folder, a free
port, the address the user picked, a generated superuser and team role with passwords,
scram authentication only (no trust rules). The tests start one the same way.

PostgreSQL refuses to run as root; when we are root (a CI machine, a container), the
server runs as the ``postgres`` user through ``runuser`` on a folder that user owns.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import string
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from gdb_facilitator.core.errors import EventFileError

log = logging.getLogger(__name__)

SUPERUSER = "gdb_admin"


def _candidate_bin_dirs() -> list[Path]:
    found: list[Path] = []
    env = os.environ.get("GDB_FACILITATOR_PG_BIN")
    if env:
        found.append(Path(env))
    on_path = shutil.which("initdb")
    if on_path:
        found.append(Path(on_path).resolve().parent)
    patterns: list[tuple[Path, str]] = []
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles", r"C:\Program Files"),):
            patterns.append((Path(base) / "PostgreSQL", "*/bin"))
    elif sys.platform == "darwin":
        patterns += [(Path("/Applications/Postgres.app/Contents/Versions"), "*/bin"),
                     (Path("/opt/homebrew/opt"), "postgresql*/bin"),
                     (Path("/usr/local/opt"), "postgresql*/bin")]
    patterns += [(Path("/usr/lib/postgresql"), "*/bin"), (Path("/usr/pgsql"), "bin")]
    for base, pattern in patterns:
        if base.is_dir():
            # Newest major version first.
            found += sorted(base.glob(pattern), key=lambda p: _version_key(p), reverse=True)
    return found


def _version_key(path: Path) -> tuple[int, ...]:
    digits = "".join(ch if ch.isdigit() else " " for ch in str(path))
    return tuple(int(part) for part in digits.split()[:3]) or (0,)


def find_postgres_bin() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl`` of an installed PostgreSQL, or None."""
    exe = ".exe" if sys.platform == "win32" else ""
    for folder in _candidate_bin_dirs():
        if (folder / f"initdb{exe}").exists() and (folder / f"pg_ctl{exe}").exists():
            return folder
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def new_password(length: int = 20) -> str:
    # Letters and digits only: the password goes into a URL and is read out or typed.
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def database_url(user: str, password: str, host: str, port: int, database: str) -> str:
    host_part = f"[{host}]" if ":" in host else host
    return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@{host_part}:{port}/{quote(database, safe='')}"


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class ServerSettings:
    data_dir: Path
    port: int
    listen: str = "127.0.0.1"
    superuser_password: str = ""
    # Test clusters trade durability for speed; a hosted event never does.
    durable: bool = True


class LocalServer:
    """One PostgreSQL cluster in ``data_dir``: created once, started and stopped by us."""

    def __init__(self, settings: ServerSettings, bin_dir: Path | None = None) -> None:
        self.settings = settings
        found = bin_dir or find_postgres_bin()
        if found is None:
            raise EventFileError("postgres_not_installed")
        self.bin_dir = found
        self._run_as: list[str] = []
        if _as_root():
            runuser = shutil.which("runuser")
            if runuser is None:
                raise EventFileError("postgres_as_root")
            self._run_as = [runuser, "-u", "postgres", "--"]

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def _tool(self, name: str) -> str:
        return str(self.bin_dir / (name + (".exe" if sys.platform == "win32" else "")))

    def _run(self, args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        cmd = self._run_as + args
        log.info("running %s", " ".join(args))
        return subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]

    def is_initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def init(self) -> None:
        """Create the cluster: scram-sha-256 everywhere, UTF-8, our superuser with a password."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        with tempfile.NamedTemporaryFile("w", delete=False, prefix="gdb-pw-", dir=self.data_dir.parent) as fh:
            fh.write(self.settings.superuser_password + "\n")
            pwfile = Path(fh.name)
        try:
            if self._run_as:
                shutil.chown(self.data_dir, user="postgres")
                shutil.chown(pwfile, user="postgres")
            result = self._run([self._tool("initdb"), "-D", str(self.data_dir), "-U", SUPERUSER,
                                "-A", "scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8",
                                "--locale=C", "--no-instructions"])
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise EventFileError("postgres_failed", step="initdb", reason=_last_line(result.stderr))
        # Phones and laptops on the venue network reach us through our own subnet only.
        with open(self.data_dir / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write("\n# GD:B Facilitator: team laptops on the same network\n"
                      "host    all    all    samenet    scram-sha-256\n")

    def start(self) -> None:
        options = [f"-p {self.settings.port}", f"-c listen_addresses='{self.settings.listen}'",
                   "-c password_encryption=scram-sha-256"]
        if sys.platform != "win32":
            options.append(f"-k {self.data_dir}")
        if not self.settings.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        result = self._run([self._tool("pg_ctl"), "-D", str(self.data_dir), "-o", " ".join(options),
                            "-l", str(self.data_dir / "server.log"), "-w", "-t", "60", "start"])
        if result.returncode != 0:
            reason = _last_line(result.stderr) or self._log_tail()
            raise EventFileError("postgres_failed", step="start", reason=reason)

    def is_running(self) -> bool:
        result = self._run([self._tool("pg_ctl"), "-D", str(self.data_dir), "status"])
        return result.returncode == 0

    def stop(self) -> None:
        if not self.is_initialised():
            return
        result = self._run([self._tool("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])
        if result.returncode != 0 and self.is_running():
            raise EventFileError("postgres_failed", step="stop", reason=_last_line(result.stderr))

    def _log_tail(self) -> str:
        try:
            lines = (self.data_dir / "server.log").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return lines[-1] if lines else ""

    def admin_url(self, database: str = "postgres") -> str:
        return database_url(SUPERUSER, self.settings.superuser_password, "127.0.0.1", self.settings.port, database)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def world_readable_parent(prefix: str) -> Path:
    """A fresh folder the ``postgres`` user can pass through (only needed when we are root)."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(base, 0o755)
    return base
