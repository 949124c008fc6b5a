"""The venue server: the event's pages for participants' phones, served by the laptop.

A Starlette app run by uvicorn in a thread beside Qt (or in the foreground for the
``venue`` command). It shares the app's open event (a file, or a team event on PostgreSQL):
every read and write goes through the core services, on a file through the one connection
the process writes with. On a team event it LISTENs for the other laptops' changes too.
After a write, ``on_change`` (called in a worker thread) tells the app what changed; the
Qt layer turns that into its usual refresh on the GUI thread. Phones hear about changes
(their own and the laptop's, via :meth:`VenueServer.notify`) through Server-Sent Events.

Nothing listens unless started: the server binds only the address it is given.
Everything from a phone is checked (see security.py); pages are Jinja2 templates with
autoescaping, so typed text is shown as text everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gdb_facilitator import paths
from gdb_facilitator.core.db.store import EventStore
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import proposals as proposals_svc
from gdb_facilitator.core.services import results as results_svc
from gdb_facilitator.core.services import venue as venue_svc
from gdb_facilitator.core.services.codes import code_from_input, format_code
from gdb_facilitator.core.services.follow_up import CHECK_IN_STATUSES
from gdb_facilitator.core.services.texts import IDEA_TEXTS, TextConflict
from gdb_facilitator.venue import i18n
from gdb_facilitator.venue.security import DEVICE_RE, RateLimiter, Tokens, new_device_id, valid_pin

log = logging.getLogger(__name__)

DEFAULT_PORT = 8765
MAX_BODY = 256 * 1024
MAX_FIELD = 20000
DEVICE_COOKIE = "gdb_device"
PIN_COOKIE = "gdb_pin"
EVENTS_PING_SECONDS = 20.0

OnChange = Callable[[frozenset[str]], None]
CHECK_IN_CHOICES = tuple(status.value for status in CHECK_IN_STATUSES)

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Table pages carry their code in the address: never hand it on to another site.
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class _Headers:
    """Pure ASGI middleware: the security headers on every response (streams included)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _v in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Broadcast:
    """Revision numbers that phones wait on, one for everything and one per table; bumped
    from any thread. A phone's stream only speaks when its table (or everything) changed,
    so a save at one table does not make 150 phones reload."""

    def __init__(self) -> None:
        self.revision = 0  # everything (the laptop changed something)
        self.tables: dict[int, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None

    def attach(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()

    def seen(self, table_id: int | None) -> tuple[int, int]:
        return self.revision, self.tables.get(table_id, 0) if table_id is not None else 0

    def _bump(self, table_id: int | None) -> None:
        if table_id is None:
            self.revision += 1
        else:
            self.tables[table_id] = self.tables.get(table_id, 0) + 1
        if self._event is not None:
            self._event.set()
            self._event = asyncio.Event()

    def bump(self, table_id: int | None = None) -> None:
        loop = self._loop
        if loop is None:
            self._bump(table_id)
            return
        try:
            loop.call_soon_threadsafe(self._bump, table_id)
        except RuntimeError:  # the loop has closed: the server is stopping
            pass

    async def wait(self, table_id: int | None, seen: tuple[int, int], timeout: float) -> tuple[int, int]:
        """The revision pair once it differs from ``seen``, or ``seen`` after ``timeout``."""
        if self._event is None:
            self.attach()
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            current = self.seen(table_id)
            if current != seen:
                return current
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return current
            event = self._event
            assert event is not None
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                return self.seen(table_id)


@dataclass
class _Client:
    device: str
    new_device: bool
    address: str
    agent: str
    lang: str


class VenueApp:
    """The ASGI application over one open event."""

    def __init__(self, ef: EventStore, pin: str | None = None, on_change: OnChange | None = None,
                 secret: bytes | None = None, watch_team: bool = False) -> None:
        self.ef = ef
        # A team event (PostgreSQL): other laptops change it too. Without the app's own
        # listener (the ``venue`` command), the server listens itself, so phones see them.
        self.watch_team = watch_team and not getattr(ef, "is_file", True)
        # The PIN and the cookie key live in the event: a restart (or another server of the
        # same team event) keeps the PIN on the projector and the phones signed in.
        access = venue_svc.venue_access(ef)
        if pin and valid_pin(pin) and pin != access.pin:
            venue_svc.set_event_pin(ef, pin)
        self._pin = pin if pin and valid_pin(pin) else access.pin
        self.on_change = on_change
        self.tokens = Tokens(secret or access.secret)
        self.limiter = RateLimiter()
        self.broadcast = Broadcast()
        self._pin_revision = self.broadcast.revision
        self.stopping = False
        self._write_lock = threading.Lock()
        self._codes: dict[str, tuple[int, tuple[int, int], dict[str, Any]]] = {}  # code -> table, revision, state
        self._state_lock = threading.Lock()
        self._state_locks: dict[str, threading.Lock] = {}
        self._refs: dict[str, tuple[str, int, int, int]] = {}
        self._refs_revision = 0
        self._log_queue: list[dict[str, Any]] = []
        self._log_lock = threading.Lock()
        self.templates = Environment(
            loader=FileSystemLoader(str(paths.resource("venue", "templates"))),
            autoescape=select_autoescape(default=True, default_for_string=True))
        self.templates.filters["code_groups"] = format_code
        self.asgi = _Headers(Starlette(routes=[
            Route("/", self.home),
            Route("/pin", self.enter_pin, methods=["POST"]),
            Route("/seat", self.seat),
            Route("/topics", self.topics),
            Route("/topics/propose", self.topics_propose, methods=["POST"]),
            Route("/topics/choose", self.topics_choose, methods=["POST"]),
            Route("/c", self.open_check_in),
            Route("/c/{code}", self.check_in),
            Route("/c/{code}/save", self.check_in_save, methods=["POST"]),
            Route("/t", self.open_code),
            Route("/t/{code}", self.table_page),
            Route("/t/{code}/state", self.table_state),
            Route("/t/{code}/events", self.table_events),
            Route("/t/{code}/save", self.table_save, methods=["POST"]),
            Route("/t/{code}/idea", self.table_add_idea, methods=["POST"]),
            Route("/t/{code}/move", self.table_move_idea, methods=["POST"]),
            Route("/t/{code}/done", self.table_done, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(paths.resource("venue", "static"))), name="static"),
        ], lifespan=self._lifespan))

    # -- plumbing --------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def _lifespan(self, _app: Any) -> Any:
        self.broadcast.attach()

        async def flush_every_second() -> None:
            while True:
                await asyncio.sleep(1.0)
                await run_in_threadpool(self.flush_log)

        flusher = asyncio.create_task(flush_every_second())
        stop_watching = threading.Event()
        if self.watch_team:
            threading.Thread(target=self._watch_team, args=(stop_watching,), name="venue-team-listener",
                             daemon=True).start()
        try:
            yield
        finally:
            stop_watching.set()
            flusher.cancel()
            await run_in_threadpool(self.flush_log)

    def _watch_team(self, stop: threading.Event) -> None:
        from gdb_facilitator.core.db.team import LOG_TABLES, watch_changes

        own = getattr(self.ef, "origin", "")

        def on_notice(data: dict[str, Any]) -> None:
            if own and data.get("origin") == own:
                return  # this server's own write: its phones heard of it already
            if data and set(data.get("tables", ())) <= LOG_TABLES:
                return
            self.notify()

        def on_connection(reachable: bool) -> None:
            if reachable:
                self.notify()  # whatever changed while the server was away

        watch_changes(self.ef.source, stop, on_notice, on_connection)

    @property
    def pin(self) -> str:
        """The event PIN; read again after the laptop (or another laptop of the team) changed
        something, since the PIN may have been changed there."""
        if self._pin_revision != self.broadcast.revision:
            self._pin_revision = self.broadcast.revision
            try:
                self._pin = venue_svc.event_pin(self.ef) or self._pin
            except DomainError:
                log.warning("could not read the event PIN; keeping the one known")
        return self._pin

    def set_pin(self, pin: str) -> None:
        """Change the PIN (from the laptop only): stored in the event at once."""
        self._pin = venue_svc.set_event_pin(self.ef, pin)

    def notify(self) -> None:
        """Something changed (from the laptop): phones with a page open refresh it."""
        self.broadcast.bump()

    def _client(self, request: Request) -> _Client:
        device = request.cookies.get(DEVICE_COOKIE, "")
        new = not DEVICE_RE.match(device)
        if new:
            device = new_device_id()
        return _Client(device, new, request.client.host if request.client else "",
                       request.headers.get("user-agent", "")[:200],
                       i18n.language(request.headers.get("accept-language")))

    def _finish(self, response: Response, client: _Client) -> Response:
        if client.new_device:
            response.set_cookie(DEVICE_COOKIE, client.device, max_age=400 * 86400, httponly=True, samesite="strict")
        return response

    def _render(self, client: _Client, name: str, status: int = 200, **context: Any) -> Response:
        template = self.templates.get_template(name)
        html = template.render(t=i18n.translator(client.lang), lang=client.lang,
                               csrf=self.tokens.csrf(client.device), **context)
        return self._finish(HTMLResponse(html, status_code=status), client)

    def _has_pin(self, request: Request, client: _Client) -> bool:
        return self.tokens.pin_cookie_ok(client.device, self.pin, request.cookies.get(PIN_COOKIE))

    async def _form(self, request: Request, client: _Client) -> Any | None:
        """The posted form when it is small enough and carries this device's CSRF token."""
        length = request.headers.get("content-length")
        if length is None or not length.isdigit() or int(length) > MAX_BODY:
            return None
        form = await request.form(max_files=0, max_fields=400, max_part_size=MAX_BODY)
        token = form.get("csrf") or request.headers.get("x-csrf-token")
        if not self.tokens.csrf_ok(client.device, token if isinstance(token, str) else None):
            return None
        return form

    def _too_many(self, client: _Client) -> Response:
        return self._render(client, "message.html", status=429, message=i18n.translator(client.lang)("too_many_tries"))

    def _changed(self, *kinds: str, table_id: int | None = None) -> None:
        self.broadcast.bump(table_id)
        if self.on_change is not None:
            try:
                self.on_change(frozenset(kinds))
            except Exception:  # the app's refresh must never break a phone's save
                log.exception("venue change callback failed")

    def _log(self, client: _Client, action: str, target: str = "", detail: str = "") -> None:
        """Log at once (and whatever waits in the queue): conflicts and rare actions."""
        self._log_later(client, action, target, detail)
        self.flush_log()

    def _log_later(self, client: _Client, action: str, target: str = "", detail: str = "") -> None:
        """Log with the next flush (within a second): a burst of typing costs one disk sync."""
        with self._log_lock:
            self._log_queue.append({"at": self.ef.clock.now_utc(), "device": client.device,
                                    "address": client.address, "agent": client.agent, "action": action,
                                    "target": target, "detail": detail})

    def flush_log(self) -> None:
        with self._log_lock:
            rows, self._log_queue = self._log_queue, []
        if rows:
            venue_svc.log_device_writes(self.ef, rows)

    # -- participants: PIN and "where do I sit" ------------------------------------------------
    async def home(self, request: Request) -> Response:
        client = self._client(request)
        if not self._has_pin(request, client):
            return self._render(client, "pin.html")
        return self._render(client, "home.html", search=None, query="")

    async def enter_pin(self, request: Request) -> Response:
        client = self._client(request)
        if self.limiter.blocked(client.address):
            return self._too_many(client)
        form = await self._form(request, client)
        if form is None:
            return self._render(client, "pin.html", status=400, error="bad_form")
        pin = str(form.get("pin") or "").strip()[:12]
        if not (valid_pin(pin) and hmac.compare_digest(pin, self.pin)):
            self.limiter.fail(client.address)
            return self._render(client, "pin.html", status=403, error="pin_wrong")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(PIN_COOKIE, self.tokens.pin_cookie(client.device, pin), httponly=True,
                            samesite="strict")
        return self._finish(response, client)

    async def seat(self, request: Request) -> Response:
        client = self._client(request)
        if not self._has_pin(request, client):
            return self._finish(RedirectResponse("/", status_code=303), client)
        if self.limiter.blocked(client.address):
            return self._too_many(client)
        query = request.query_params.get("q", "")[:venue_svc.MAX_QUERY]
        search = await run_in_threadpool(venue_svc.find_seats, self.ef, query)
        if search.query_ok and (search.too_many or not search.found):
            # Searching letter by letter for lists of people counts like a wrong PIN.
            self.limiter.fail(client.address)
        return self._render(client, "home.html", search=search, query=query)

    # -- participants: topics proposed and chosen together -------------------------------------
    async def topics(self, request: Request, client: _Client | None = None, notice: str = "",
                     status: int = 200) -> Response:
        client = client or self._client(request)
        if not self._has_pin(request, client):
            return self._finish(RedirectResponse("/", status_code=303), client)
        rows = await run_in_threadpool(proposals_svc.list_proposals, self.ef, include_hidden=False)
        mine = await run_in_threadpool(proposals_svc.my_choices, self.ef, client.device)
        if not notice and request.query_params.get("ok") in ("proposed", "chosen", "chosen_named", "chosen_unnamed"):
            notice = request.query_params["ok"]
        return self._render(client, "topics.html", status=status, proposals=rows, mine=mine, notice=notice,
                            max_title=proposals_svc.MAX_TITLE, max_statement=proposals_svc.MAX_STATEMENT)

    async def topics_propose(self, request: Request) -> Response:
        client = self._client(request)
        if not self._has_pin(request, client):
            return self._finish(RedirectResponse("/", status_code=303), client)
        form = await self._form(request, client)
        if form is None:
            return await self.topics(request, client, notice="bad_form", status=400)
        title, statement = str(form.get("title") or ""), str(form.get("statement") or "")
        try:
            row = await run_in_threadpool(self._write, proposals_svc.propose, self.ef, title, statement,
                                          device=client.device)
        except DomainError as exc:
            return await self.topics(request, client, notice=exc.code if exc.code in ("too_many_proposals",) else "invalid",
                                     status=400)
        await run_in_threadpool(self._log, client, "propose", f"proposal {row.id}", f"{title}\n{statement}"[:2000])
        self._changed("topics")
        return self._finish(RedirectResponse("/topics?ok=proposed", status_code=303), client)

    async def topics_choose(self, request: Request) -> Response:
        client = self._client(request)
        if not self._has_pin(request, client):
            return self._finish(RedirectResponse("/", status_code=303), client)
        form = await self._form(request, client)
        if form is None:
            return await self.topics(request, client, notice="bad_form", status=400)
        ranks: dict[int, int | None] = {}
        for rank in proposals_svc.RANKS:
            raw = str(form.get(f"rank{rank}") or "")
            ranks[rank] = int(raw) if raw.isdigit() and len(raw) < 10 else None
        name = str(form.get("name") or "")[:60]
        attendee_id = await run_in_threadpool(proposals_svc.find_attendee, self.ef, name) if name.strip() else None
        try:
            await run_in_threadpool(self._write, proposals_svc.choose, self.ef, client.device, ranks,
                                    attendee_id=attendee_id)
        except DomainError:
            return await self.topics(request, client, notice="invalid", status=400)
        await run_in_threadpool(self._log, client, "choose", "topics",
                                " / ".join(str(ranks[r] or "-") for r in proposals_svc.RANKS)
                                + (f" (attendee {attendee_id})" if attendee_id else ""))
        self._changed("topics")
        notice = "chosen_named" if attendee_id else ("chosen_unnamed" if name.strip() else "chosen")
        # Redirect after the post: reloading the page does not send the choice again.
        return self._finish(RedirectResponse(f"/topics?ok={notice}#choose", status_code=303), client)

    # -- the 100-day check-in (team code) -----------------------------------------------------
    async def open_check_in(self, request: Request) -> Response:
        """``/c?code=…``: the follow-up address printed with a query instead of a path."""
        client = self._client(request)
        code = code_from_input(request.query_params.get("code", "")[:200])
        if code is None:
            self.limiter.fail(client.address)
            return self._render(client, "message.html", status=404, message=i18n.translator(client.lang)("code_unknown"))
        return self._finish(RedirectResponse(f"/c/{code}", status_code=303), client)

    async def check_in(self, request: Request, client: _Client | None = None, notice: str = "",
                       status: int = 200, conflict: dict[str, Any] | None = None) -> Response:
        client = client or self._client(request)
        if self.limiter.blocked(client.address):
            return self._too_many(client)
        typed = request.path_params["code"][:200]
        page = await run_in_threadpool(venue_svc.check_in_page, self.ef, typed)
        if page is None:
            self.limiter.fail(client.address)
            return self._render(client, "message.html", status=404, message=i18n.translator(client.lang)("code_unknown"))
        if page.team.code != typed:
            return self._finish(RedirectResponse(f"/c/{page.team.code}", status_code=303), client)
        return self._render(client, "check_in.html", status=status, page=page, team=page.team, notice=notice,
                            conflict=conflict or {}, statuses=CHECK_IN_CHOICES)

    async def check_in_save(self, request: Request) -> Response:
        client = self._client(request)
        if self.limiter.blocked(client.address):
            return self._too_many(client)
        form = await self._form(request, client)
        if form is None:
            return await self.check_in(request, client, notice="bad_form", status=400)
        typed = request.path_params["code"][:200]
        raw_idea = str(form.get("idea") or "")
        raw_version = str(form.get("version") or "")
        what = str(form.get("what_happened") or "").replace("\r\n", "\n")
        if not raw_idea.isdigit() or len(what) > MAX_FIELD:
            return await self.check_in(request, client, notice="invalid", status=400)
        try:
            await run_in_threadpool(
                self._write, venue_svc.save_check_in, self.ef, typed, int(raw_idea),
                status=str(form.get("status") or "")[:30], progress=str(form.get("progress") or "")[:5],
                what_happened=what, reported_by=str(form.get("reported_by") or "")[:300],
                expected_version=int(raw_version) if raw_version.isdigit() and len(raw_version) < 10 else None)
        except TextConflict as exc:
            await run_in_threadpool(self._log, client, "conflict", f"check-in idea {raw_idea}", what)
            return await self.check_in(request, client, status=409, conflict={
                "idea": int(raw_idea), "theirs": exc.theirs, "mine": exc.mine, "version": exc.version})
        except DomainError as exc:
            if exc.code == "team_code_unknown":
                self.limiter.fail(client.address)
            return await self.check_in(request, client, notice="invalid", status=400)
        await run_in_threadpool(self._log, client, "check_in", f"idea {raw_idea}", what[:500])
        self._changed("follow_up")
        return self._finish(RedirectResponse(f"/c/{typed}#idea-{raw_idea}", status_code=303), client)

    # -- table hosts ------------------------------------------------------------------------
    async def open_code(self, request: Request) -> Response:
        client = self._client(request)
        if self.limiter.blocked(client.address):
            return self._too_many(client)
        typed = request.query_params.get("code", "")[:200]
        found = await run_in_threadpool(venue_svc.team_for_code, self.ef, typed)
        if found is None:
            self.limiter.fail(client.address)
            if self._has_pin(request, client):
                return self._render(client, "home.html", status=404, search=None, query="", code_error=True)
            return self._render(client, "pin.html", status=404, code_error=True)
        return self._finish(RedirectResponse(f"/t/{found[0]}", status_code=303), client)

    async def _team(self, request: Request, client: _Client) -> venue_svc.TeamPage | None:
        page = await run_in_threadpool(venue_svc.team_page, self.ef, request.path_params["code"][:200])
        if page is None:
            self.limiter.fail(client.address)
        return page

    async def table_page(self, request: Request, conflicts: dict[str, Any] | None = None,
                         client: _Client | None = None, status: int = 200) -> Response:
        client = client or self._client(request)
        if self.limiter.blocked(client.address):
            return self._too_many(client)
        page = await self._team(request, client)
        if page is None:
            return self._render(client, "message.html", status=404, message=i18n.translator(client.lang)("code_unknown"))
        if page.code != request.path_params["code"]:
            return self._finish(RedirectResponse(f"/t/{page.code}", status_code=303), client)
        return self._render(client, "table.html", status=status, page=page, r=page.result,
                            conflicts=conflicts or {}, idea_fields=IDEA_TEXTS, max_text=MAX_FIELD)

    def _cached_state(self, code: str) -> tuple[int, dict[str, Any]] | None:
        """The table's state when nothing changed at the table since it was read, else None."""
        cached = self._codes.get(code)
        if cached is not None and cached[1] == self.broadcast.seen(cached[0]):
            return cached[0], cached[2]
        return None

    def _state(self, code: str) -> tuple[int, dict[str, Any]] | None:
        """A table's state for the page script, computed once per change of the table: after
        a save, every phone at that table asks for it at once."""
        cached = self._cached_state(code)
        if cached is not None:
            return cached
        ref = self._ref(code)
        if ref is None:
            return None
        code = ref[0]
        with self._state_lock:
            # The phones of a table hear of a save at the same moment: one of them reads the
            # table, the others wait for it and take the result (on a team server, eight
            # reads at once would also hold every pooled connection the writes need).
            lock = self._state_locks.setdefault(code, threading.Lock())
        with lock:
            return self._cached_state(code) or self._compute_state(code, ref[1])

    def _compute_state(self, code: str, table_id: int) -> tuple[int, dict[str, Any]] | None:
        # The revision before the read: a save during the read makes the next ask read again.
        revision = self.broadcast.seen(table_id)
        page = venue_svc.team_page(self.ef, code)
        if page is None:
            return None
        state = state_of(page)
        if len(self._codes) > 5000:
            self._codes.clear()
        self._codes[code] = (page.table_id, revision, state)
        return page.table_id, state

    async def table_state(self, request: Request) -> Response:
        client = self._client(request)
        if self.limiter.blocked(client.address):
            return self._finish(JSONResponse({"error": "too_many"}, status_code=429), client)
        found = await run_in_threadpool(self._state, request.path_params["code"][:200])
        if found is None:
            self.limiter.fail(client.address)
            return self._finish(JSONResponse({"error": "unknown"}, status_code=404), client)
        # The token comes along: after a restart of the server (a new secret) the page's
        # script takes the new one instead of failing every save.
        return self._finish(JSONResponse({**found[1], "csrf": self.tokens.csrf(client.device)}), client)

    async def table_events(self, request: Request) -> Response:
        client = self._client(request)
        if self.limiter.blocked(client.address):
            return self._finish(Response(status_code=429), client)
        page = await self._team(request, client)
        if page is None:
            return self._finish(Response(status_code=404), client)

        table_id, code, csrf = page.table_id, page.code, self.tokens.csrf(client.device)

        async def state_event() -> str:
            # The table's state rides on the event: no phone has to ask for it afterwards.
            # Known since the last change: no trip through the thread pool, where 150
            # streams at once (after a change on the laptop) would queue ahead of the saves.
            found = self._cached_state(code) or await run_in_threadpool(self._state, code)
            state = {**found[1], "csrf": csrf} if found is not None else {"gone": True}
            return f"data: {json.dumps(state, ensure_ascii=False)}\n\n"

        async def stream() -> Any:
            seen = self.broadcast.seen(table_id)
            yield "retry: 3000\n" + await state_event()
            while not self.stopping:
                revision = await self.broadcast.wait(table_id, seen, EVENTS_PING_SECONDS)
                if self.stopping or await request.is_disconnected():
                    break
                if revision == seen:
                    yield ": ping\n\n"
                else:
                    seen = revision
                    yield await state_event()

        return self._finish(StreamingResponse(stream(), media_type="text/event-stream",
                                              headers={"x-accel-buffering": "no"}), client)

    def _write(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self._write_lock:
            return fn(*args, **kwargs)

    def _ref(self, typed: str) -> tuple[str, int, int, int] | None:
        """(code, table id, round number, table number), cached: a code never changes its table;
        the laptop's changes (a deleted table) clear the cache."""
        if self._refs_revision != self.broadcast.revision:
            self._refs.clear()
            self._refs_revision = self.broadcast.revision
        found = self._refs.get(typed)
        if found is None:
            found = venue_svc.team_for_code(self.ef, typed)
            if found is not None and len(self._refs) < 5000:
                self._refs[typed] = found
        return found

    async def table_save(self, request: Request) -> Response:
        """Save texts: form fields ``f:KEY`` with ``v:KEY`` (the version the text rests on).

        KEY is ``problem_statement``, ``results``, ``topic_id`` or ``idea:ID:FIELD``. Answers
        JSON to the page's script (saved versions and conflicts), else the page again."""
        client = self._client(request)
        wants_json = "application/json" in request.headers.get("accept", "")
        if self.limiter.blocked(client.address):
            return self._too_many(client) if not wants_json else JSONResponse({"error": "too_many"}, status_code=429)
        form = await self._form(request, client)
        if form is None:
            if wants_json:
                return self._finish(JSONResponse({"error": "bad_form"}, status_code=400), client)
            return self._render(client, "message.html", status=400, message=i18n.translator(client.lang)("bad_form"))
        ref = await run_in_threadpool(self._ref, request.path_params["code"][:200])
        if ref is None:
            self.limiter.fail(client.address)
            return self._finish(JSONResponse({"error": "unknown"}, status_code=404), client)
        saved, conflicts, errors = await run_in_threadpool(self._save_fields, ref, form, client)
        if saved:
            self._changed("results", table_id=ref[1])
        if wants_json:
            return self._finish(JSONResponse({"saved": saved, "conflicts": conflicts, "errors": errors},
                                             status_code=409 if conflicts else 200), client)
        if conflicts or errors:
            return await self.table_page(request, conflicts={**conflicts, **errors}, client=client,
                                         status=409 if conflicts else 400)
        return self._finish(RedirectResponse(f"/t/{ref[0]}", status_code=303), client)

    def _save_fields(self, ref: tuple[str, int, int, int], form: Any, client: _Client
                     ) -> tuple[dict[str, int], dict[str, Any], dict[str, Any]]:
        saved: dict[str, int] = {}
        conflicts: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        code, table_id, round_number, table_number = ref
        where = f"table {table_number} r{round_number}"
        full: list[venue_svc.TeamPage | None] = []

        def page() -> venue_svc.TeamPage | None:
            # Ideas and topics are read only when the form names one.
            if not full:
                full.append(venue_svc.team_page(self.ef, code))
            return full[0]

        for name, value in form.multi_items():
            if not name.startswith("f:") or not isinstance(value, str):
                continue
            key = name[2:]
            text = value.replace("\r\n", "\n")
            raw_version = str(form.get("v:" + key) or "")
            version = int(raw_version) if raw_version.isdigit() and len(raw_version) < 10 else None
            if len(text) > MAX_FIELD:
                errors[key] = {"error": "too_long", "max": MAX_FIELD}
                continue
            try:
                if key in ("problem_statement", "results"):
                    dto = self._write(results_svc.set_result_fields, self.ef, table_id, round_number,
                                      expected={key: version}, **{key: text})
                    saved[key] = dto.version_of(key)
                elif key == "topic_id":
                    topic_id = int(text) if text.isdigit() else None
                    current = page()
                    if current is None or (topic_id is not None and topic_id not in {i for i, _t in current.topics}):
                        continue
                    if topic_id != current.result.topic_id:
                        self._write(results_svc.set_result_fields, self.ef, table_id, round_number,
                                    topic_id=topic_id)
                        saved[key] = 0
                elif key.startswith("idea:"):
                    _, idea_raw, field = (key.split(":") + ["", ""])[:3]
                    current = page()
                    ideas = {i.id for i in current.result.ideas} if current is not None else set()
                    if not idea_raw.isdigit() or int(idea_raw) not in ideas or field not in IDEA_TEXTS:
                        continue
                    if field in ("title", "owner") and len(text) > results_svc.MAX_SHORT:
                        errors[key] = {"error": "too_long", "max": results_svc.MAX_SHORT}
                        continue
                    idea = self._write(results_svc.update_idea, self.ef, int(idea_raw),
                                       expected={field: version}, **{field: text})
                    saved[key] = idea.version
                else:
                    continue
            except TextConflict as exc:
                conflicts[key] = {"theirs": exc.theirs, "version": exc.version, "mine": exc.mine}
                # The refused text is kept in the log: nothing typed on a phone is lost.
                self._log(client, "conflict", f"{where} {key}", text)
                continue
            except DomainError as exc:
                errors[key] = {"error": exc.code}
                continue
            self._log_later(client, "save", f"{where} {key}", text[:500])
        return saved, conflicts, errors

    async def _simple_write(self, request: Request, action: Callable[[venue_svc.TeamPage, Any], str | None]
                            ) -> Response:
        client = self._client(request)
        if self.limiter.blocked(client.address):
            return self._too_many(client)
        form = await self._form(request, client)
        if form is None:
            return self._render(client, "message.html", status=400, message=i18n.translator(client.lang)("bad_form"))
        page = await self._team(request, client)
        if page is None:
            return self._render(client, "message.html", status=404, message=i18n.translator(client.lang)("code_unknown"))
        try:
            logged = await run_in_threadpool(action, page, form)
        except DomainError:
            logged = None
        if logged:
            await run_in_threadpool(self._log, client, logged, f"table {page.table_number} r{page.round_number}")
            self._changed("results", table_id=page.table_id)
        anchor = str(form.get("anchor") or "")
        anchor = anchor if anchor.replace("-", "").isalnum() and len(anchor) < 30 else ""
        if "application/json" in request.headers.get("accept", ""):
            return self._finish(JSONResponse({"ok": bool(logged)}), client)
        return self._finish(RedirectResponse(f"/t/{page.code}" + (f"#{anchor}" if anchor else ""), status_code=303),
                            client)

    async def table_add_idea(self, request: Request) -> Response:
        def add(page: venue_svc.TeamPage, form: Any) -> str | None:
            if len(page.result.ideas) >= 50:
                return None
            title = str(form.get("title") or "")[:results_svc.MAX_SHORT]
            self._write(results_svc.add_idea, self.ef, page.table_id, page.round_number, title=title)
            return "add_idea"
        return await self._simple_write(request, add)

    async def table_move_idea(self, request: Request) -> Response:
        def move(page: venue_svc.TeamPage, form: Any) -> str | None:
            raw = str(form.get("idea") or "")
            step = -1 if form.get("dir") == "up" else 1
            ideas = {i.id: i for i in page.result.ideas}
            if not raw.isdigit() or int(raw) not in ideas:
                return None
            self._write(results_svc.move_idea, self.ef, int(raw), ideas[int(raw)].position + step)
            return "move_idea"
        return await self._simple_write(request, move)

    async def table_done(self, request: Request) -> Response:
        def done(page: venue_svc.TeamPage, form: Any) -> str | None:
            flag = form.get("done") == "1"
            self._write(results_svc.set_done, self.ef, page.table_id, page.round_number, flag)
            return "done" if flag else "not_done"
        return await self._simple_write(request, done)


def state_of(page: venue_svc.TeamPage) -> dict[str, Any]:
    """What a table's page script needs to bring its fields up to date."""
    r = page.result
    fields: dict[str, Any] = {
        "problem_statement": {"text": r.problem_statement, "version": r.problem_version},
        "results": {"text": r.results, "version": r.results_version},
    }
    for idea in r.ideas:
        for field in IDEA_TEXTS:
            fields[f"idea:{idea.id}:{field}"] = {"text": getattr(idea, field), "version": idea.version}
    return {"fields": fields, "ideas": [i.id for i in r.ideas], "topic_id": r.topic_id,
            "done": r.done_at is not None}


class VenueServer:
    """uvicorn serving a :class:`VenueApp` in a background thread (the app) or in the
    foreground (the ``venue`` command)."""

    def __init__(self, ef: EventStore, *, bind: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 pin: str | None = None, on_change: OnChange | None = None, secret: bytes | None = None,
                 behind_proxy: bool = False, watch_team: bool = False) -> None:
        self.app = VenueApp(ef, pin=pin, on_change=on_change, secret=secret, watch_team=watch_team)
        self.bind = bind
        # Behind a reverse proxy on the same machine, the phone's address comes from the
        # proxy's X-Forwarded-For (trusted from 127.0.0.1 only); the rate limit needs it.
        self.behind_proxy = behind_proxy
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    @property
    def pin(self) -> str:
        return self.app.pin

    def url(self, host: str | None = None) -> str:
        host = host or self.bind
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def check_address(self) -> str | None:
        """None when the address and port can be listened on now, else the reason."""
        import socket

        family = socket.AF_INET6 if ":" in self.bind else socket.AF_INET
        probe = socket.socket(family, socket.SOCK_STREAM)
        try:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((self.bind, self.port))
        except OSError as exc:
            return exc.strerror or str(exc)
        finally:
            probe.close()
        return None

    def _config(self) -> Any:
        import uvicorn

        return uvicorn.Config(self.app.asgi, host=self.bind, port=self.port, log_level="warning",
                              lifespan="on", access_log=False, timeout_graceful_shutdown=2,
                              proxy_headers=self.behind_proxy, forwarded_allow_ips="127.0.0.1",
                              server_header=False, date_header=False)

    def start(self, timeout: float = 10.0) -> None:
        """Start listening in a thread; raises OSError when the address cannot be bound."""
        import uvicorn

        self._server = uvicorn.Server(self._config())
        self._thread = threading.Thread(target=self._run, name="venue-server", daemon=True)
        self._thread.start()
        deadline = timeout
        while not self._server.started and self._thread.is_alive() and deadline > 0:
            threading.Event().wait(0.02)
            deadline -= 0.02
        if not self._server.started:
            self.stop()
            raise OSError(f"cannot listen on {self.bind}:{self.port}") from self.error

    def _run(self) -> None:
        try:
            self._server.run()
        except BaseException as exc:  # noqa: BLE001 - reported by start()
            self.error = exc
        if not self._server.started and self.error is None:
            self.error = OSError("the server did not start")

    def run_forever(self) -> None:
        """Serve in this thread until interrupted (Ctrl+C)."""
        import uvicorn

        self._server = uvicorn.Server(self._config())
        self._server.run()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and bool(self._server and self._server.started)

    def stop(self) -> None:
        self.app.stopping = True
        self.app.notify()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def notify(self) -> None:
        self.app.notify()

