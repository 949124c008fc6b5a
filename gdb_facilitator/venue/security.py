"""Checks for everything that arrives from a phone: who it is, whether it may, how often.

- A device id: a random value in a cookie, given with the first page; the log of writes
  names it.
- CSRF: every form and every script request carries a token derived from the device id
  with the server's secret (HMAC); a page from elsewhere cannot forge it.
- The event PIN: a correct PIN sets a cookie derived from the PIN, the device and the
  secret, so changing the PIN on the laptop locks out every phone until it types the new one.
- Wrong PINs and codes: at most :data:`MAX_FAILURES` a minute per client address, then
  a pause until the minute has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from gdb_facilitator.core.services.venue import PIN_RE, new_pin, valid_pin

MAX_FAILURES = 10
WINDOW_SECONDS = 60.0
DEVICE_RE = re.compile(r"^[0-9a-f]{32}$")

__all__ = ["PIN_RE", "new_pin", "valid_pin", "new_device_id", "Tokens", "RateLimiter"]


def new_device_id() -> str:
    return secrets.token_hex(16)


class Tokens:
    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _mac(self, *parts: str) -> str:
        return hmac.new(self._secret, "\x00".join(parts).encode(), hashlib.sha256).hexdigest()[:40]

    def csrf(self, device: str) -> str:
        return self._mac("csrf", device)

    def csrf_ok(self, device: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf(device), str(token))

    def pin_cookie(self, device: str, pin: str) -> str:
        return self._mac("pin", device, pin)

    def pin_cookie_ok(self, device: str, pin: str, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(self.pin_cookie(device, pin), str(value))


class RateLimiter:
    """Failures per client in a sliding minute; thread-safe."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW_SECONDS,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._now = now
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        stamps = self._failures.setdefault(client, deque())
        cutoff = self._now() - self.window
        while stamps and stamps[0] <= cutoff:
            stamps.popleft()
        return stamps

    def blocked(self, client: str) -> bool:
        with self._lock:
            blocked = len(self._recent(client)) >= self.limit
            if not self._failures.get(client):
                self._failures.pop(client, None)
            return blocked

    def fail(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self._now())
            if len(self._failures) > 10_000:  # a flood of addresses must not grow memory
                for key in [k for k, v in self._failures.items() if not v][:5000]:
                    del self._failures[key]
