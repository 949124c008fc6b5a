"""Scanned worksheets in the event: every page finds its team, or waits for a person.

``scan_in`` reads PDF files, images and folders (see :mod:`core.scans.sources`), one page
at a time, and stores each page in its own transaction: a scan-in that is cancelled or
killed leaves the pages before it complete and no part of the page it was reading. A
page is attached to the team (table and round) whose code its QR holds; an empty back is
skipped; the same page scanned again (the same file twice, or the sheet fed through the
copier twice) is kept once; a page with a code of another event or no readable code is
stored without a table and listed, for a person to assign (:func:`assign_page`) or delete.
Nothing is guessed and nothing is dropped without being counted in the summary.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gdb_facilitator.core.db.models import EventTable, Round, ScannedPage, TeamCode
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.scans import sources
from gdb_facilitator.core.scans.analysis import PageAnalysis, analyse, same_sheet
from gdb_facilitator.core.services.codes import team_keys

log = logging.getLogger(__name__)

NO_CODE = "no_code"
OTHER_EVENT = "other_event"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PageOutcome:
    """What became of one page of the stack."""

    source: str  # file name
    source_page: int  # 1-based page in that file
    status: str  # "attached", "blank", "duplicate", "needs_decision", "failed"
    table_number: int | None = None
    round_number: int | None = None
    page_id: int | None = None
    reason: str = ""  # needs_decision: no_code / other_event; failed: the renderer's message
    duplicate_of: tuple[str, int] | None = None  # (file, page) of the page it repeats


@dataclass(frozen=True)
class TeamPages:
    table_number: int
    round_number: int | None
    count: int


@dataclass(frozen=True)
class ScanSummary:
    pages_read: int
    total: int  # pages in the files given (more than pages_read after a cancel)
    outcomes: tuple[PageOutcome, ...]
    teams_without_pages: tuple[tuple[int, int | None], ...]  # (table number, round number)
    cancelled: bool = False
    attached: tuple[TeamPages, ...] = field(default=())

    def of(self, status: str) -> tuple[PageOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == status)

    @property
    def attached_count(self) -> int:
        return len(self.of("attached"))

    @property
    def blank(self) -> int:
        return len(self.of("blank"))

    @property
    def duplicates(self) -> tuple[PageOutcome, ...]:
        return self.of("duplicate")

    @property
    def needs_decision(self) -> tuple[PageOutcome, ...]:
        return self.of("needs_decision")

    @property
    def failed(self) -> tuple[PageOutcome, ...]:
        return self.of("failed")


@dataclass(frozen=True)
class ScanInfo:
    """A stored page without its image."""

    id: int
    table_id: int | None
    table_number: int | None
    round_id: int | None
    round_number: int | None
    page: int
    reason: str
    payload: str
    source: str
    source_page: int
    width: int
    height: int
    assigned_by_hand: bool

    @property
    def needs_decision(self) -> bool:
        return self.table_id is None


# -- reading a stack ----------------------------------------------------------------------

def collect(paths: Iterable[str | os.PathLike[str]]) -> list[sources.ScanFile]:
    """Check the files first (see :func:`sources.collect`); the UI shows the page count."""
    files = sources.collect(paths)
    if not any(f.pages for f in files):
        raise DomainError("scan_nothing", paths=", ".join(str(p) for p in paths))
    return files


def scan_in(ef: Any, paths: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None,
            should_stop: Callable[[], bool] | None = None) -> ScanSummary:
    """Read every page of ``paths`` into the event (see the module text)."""
    return scan_in_files(ef, collect(list(paths)), progress=progress, should_stop=should_stop)


def scan_in_files(ef: Any, files: list[sources.ScanFile], *, progress: Progress | None = None,
                  should_stop: Callable[[], bool] | None = None) -> ScanSummary:
    if ef.readonly:
        raise DomainError("scan_readonly")
    total = sum(f.pages for f in files)
    outcomes: list[PageOutcome] = []
    cancelled = False
    done = 0
    if progress:
        progress(0, total)
    for ref, image, problem in sources.render_pages(files):
        if should_stop is not None and should_stop():
            cancelled = True
            break
        if image is None:
            outcomes.append(PageOutcome(ref.name, ref.number, "failed", reason=problem))
        else:
            try:
                analysis = analyse(image)
            except Exception as exc:  # a page the image library chokes on is listed, not fatal
                log.exception("page %d of %s could not be read", ref.number, ref.file.path)
                outcomes.append(PageOutcome(ref.name, ref.number, "failed", reason=str(exc)))
            else:
                outcomes.append(_store(ef, ref, analysis))
        done += 1
        if progress:
            progress(done, total)
    summary = _summarise(ef, outcomes, total, cancelled, done)
    log.info("scan-in: %d pages read, %d attached, %d blank, %d duplicates, %d need a decision, %d failed",
             done, summary.attached_count, summary.blank, len(summary.duplicates),
             len(summary.needs_decision), len(summary.failed))
    return summary


def _team_codes(s: Session) -> dict[str, tuple[int, int | None]]:
    return {code: (tid, rid) for code, tid, rid in s.execute(
        select(TeamCode.code, TeamCode.table_id, TeamCode.round_id))}


def _numbers(s: Session, table_id: int | None, round_id: int | None) -> tuple[int | None, int | None]:
    table = s.get(EventTable, table_id) if table_id is not None else None
    rnd = s.get(Round, round_id) if round_id is not None else None
    return (table.number if table else None), (rnd.number if rnd else None)


def _next_page(s: Session, table_id: int, round_id: int | None) -> int:
    query = select(func.max(ScannedPage.page)).where(ScannedPage.table_id == table_id)
    query = query.where(ScannedPage.round_id.is_(None) if round_id is None else ScannedPage.round_id == round_id)
    return int(s.scalar(query) or 0) + 1


def _store(ef: Any, ref: sources.PageRef, a: PageAnalysis) -> PageOutcome:
    """One page in one transaction."""
    if a.blank:
        return PageOutcome(ref.name, ref.number, "blank")
    with ef.session() as s:
        # only the columns needed: the candidates' images stay on disk
        columns = (ScannedPage.id, ScannedPage.table_id, ScannedPage.round_id, ScannedPage.source,
                   ScannedPage.source_page, ScannedPage.fingerprint)
        twin = s.execute(select(*columns).where(ScannedPage.digest == a.digest).limit(1)).first()
        team = _team_codes(s).get(a.code) if a.code else None
        table_id, round_id = team if team else (None, None)
        if twin is None and a.fingerprint:
            # the same sheet through the copier again: only among the pages of its team
            # (or of the same foreign code), whose sheets share the printed form
            query = select(*columns).where(ScannedPage.fingerprint != b"")
            if team is not None:
                query = query.where(ScannedPage.table_id == table_id)
                query = query.where(ScannedPage.round_id.is_(None) if round_id is None
                                    else ScannedPage.round_id == round_id)
            else:
                query = query.where(ScannedPage.table_id.is_(None), ScannedPage.payload == a.payload)
            for candidate in s.execute(query):
                if same_sheet(candidate.fingerprint, a.fingerprint):
                    twin = candidate
                    break
        if twin is not None:
            number, rnumber = _numbers(s, twin.table_id, twin.round_id)
            return PageOutcome(ref.name, ref.number, "duplicate", number, rnumber, twin.id,
                               duplicate_of=(twin.source, twin.source_page))
        row = ScannedPage(
            table_id=table_id, round_id=round_id,
            page=_next_page(s, table_id, round_id) if table_id is not None else 0,
            payload=a.payload, reason="" if team else (OTHER_EVENT if a.code else NO_CODE),
            source=ref.name[:300], source_page=ref.number, digest=a.digest, fingerprint=a.fingerprint,
            turned=round(a.turned, 2), width=a.width, height=a.height, image=a.jpeg,
            created_at=ef.clock.now_utc())
        s.add(row)
        s.flush()
        number, rnumber = _numbers(s, table_id, round_id)
        if team is None:
            return PageOutcome(ref.name, ref.number, "needs_decision", page_id=row.id, reason=row.reason)
        return PageOutcome(ref.name, ref.number, "attached", number, rnumber, row.id)


def _summarise(ef: Any, outcomes: list[PageOutcome], total: int, cancelled: bool, done: int) -> ScanSummary:
    per_team = Counter((o.table_number, o.round_number) for o in outcomes if o.status == "attached")
    attached = tuple(TeamPages(t, r, n) for (t, r), n in sorted(per_team.items(), key=lambda kv: (kv[0][1] or 0, kv[0][0] or 0)))
    return ScanSummary(pages_read=done, total=total, outcomes=tuple(outcomes),
                       teams_without_pages=tuple(teams_without_pages(ef)), cancelled=cancelled, attached=attached)


# -- what is stored -----------------------------------------------------------------------

def _info_query():
    return (select(ScannedPage.id, ScannedPage.table_id, EventTable.number, ScannedPage.round_id, Round.number,
                   ScannedPage.page, ScannedPage.reason, ScannedPage.payload, ScannedPage.source,
                   ScannedPage.source_page, ScannedPage.width, ScannedPage.height, ScannedPage.assigned_by_hand)
            .outerjoin(EventTable, EventTable.id == ScannedPage.table_id)
            .outerjoin(Round, Round.id == ScannedPage.round_id))


def _infos(rows) -> list[ScanInfo]:
    return [ScanInfo(*row) for row in rows]


def teams_without_pages(ef: Any) -> list[tuple[int, int | None]]:
    """(table number, round number) of every team that has no scanned page yet; a page
    scanned without a round (codes printed before the rounds existed) counts for every round."""
    with ef.session() as s:
        keys = team_keys(s)
        numbers = dict(s.execute(select(EventTable.id, EventTable.number)).all())
        rounds = dict(s.execute(select(Round.id, Round.number)).all())
        having = set(s.execute(select(ScannedPage.table_id, ScannedPage.round_id)
                               .where(ScannedPage.table_id.is_not(None)).distinct()).all())
    without_round = {t for t, r in having if r is None}
    return [(numbers[t], rounds.get(r) if r is not None else None) for t, r in keys
            if (t, r) not in having and t not in without_round]


def list_pages(ef: Any, *, table_id: int | None = None, round_number: int | None = None,
               undecided: bool = False) -> list[ScanInfo]:
    """Stored pages in their order: a team's (``table_id`` and ``round_number``: that round's
    pages and those without a round), those waiting for a decision, or all."""
    with ef.session() as s:
        query = _info_query()
        if undecided:
            query = query.where(ScannedPage.table_id.is_(None))
        elif table_id is not None:
            query = query.where(ScannedPage.table_id == table_id)
            if round_number is not None:
                round_id = s.scalar(select(Round.id).where(Round.number == round_number))
                query = query.where((ScannedPage.round_id.is_(None)) | (ScannedPage.round_id == round_id))
        query = query.order_by(Round.number.is_(None), Round.number, EventTable.number.is_(None),
                               EventTable.number, ScannedPage.page, ScannedPage.id)
        return _infos(s.execute(query))


def page_counts(ef: Any, round_number: int | None = None) -> dict[int, int]:
    """Pages per table id in a round (pages without a round count in every round)."""
    with ef.session() as s:
        query = select(ScannedPage.table_id, func.count()).where(ScannedPage.table_id.is_not(None))
        if round_number is not None:
            round_id = s.scalar(select(Round.id).where(Round.number == round_number))
            query = query.where((ScannedPage.round_id.is_(None)) | (ScannedPage.round_id == round_id))
        return {tid: n for tid, n in s.execute(query.group_by(ScannedPage.table_id))}


def count_pages(ef: Any) -> int:
    with ef.session() as s:
        return int(s.scalar(select(func.count()).select_from(ScannedPage)) or 0)


def count_undecided(ef: Any) -> int:
    with ef.session() as s:
        return int(s.scalar(select(func.count()).select_from(ScannedPage)
                            .where(ScannedPage.table_id.is_(None))) or 0)


def page_image(ef: Any, page_id: int) -> bytes:
    """The stored JPEG of a page."""
    with ef.session() as s:
        data = s.scalar(select(ScannedPage.image).where(ScannedPage.id == page_id))
    if data is None:
        raise DomainError("scan_missing", id=page_id)
    return bytes(data)


def assign_page(ef: Any, page_id: int, table_id: int, round_number: int | None = None) -> ScanInfo:
    """A person's decision: this page belongs to that table (in that round). Also moves a
    page that was attached to the wrong team."""
    with ef.session() as s:
        row = s.get(ScannedPage, page_id)
        if row is None:
            raise DomainError("scan_missing", id=page_id)
        if s.get(EventTable, table_id) is None:
            raise DomainError("table_missing")
        round_id = None
        if round_number is not None:
            round_id = s.scalar(select(Round.id).where(Round.number == round_number))
            if round_id is None:
                raise DomainError("round_unknown", number=round_number)
        if (row.table_id, row.round_id) != (table_id, round_id):
            row.page = _next_page(s, table_id, round_id)
        row.table_id, row.round_id = table_id, round_id
        row.reason = ""
        row.assigned_by_hand = True
        s.flush()
        return _infos(s.execute(_info_query().where(ScannedPage.id == page_id)))[0]


def turn_page(ef: Any, page_id: int, quarter_turns: int = 1) -> ScanInfo:
    """Turn a stored page by quarter turns clockwise: for a page without a readable code,
    which the app cannot turn upright by itself."""
    import io

    from PIL import Image

    from gdb_facilitator.core.scans.analysis import JPEG_QUALITY

    turns = quarter_turns % 4
    with ef.session() as s:
        row = s.get(ScannedPage, page_id)
        if row is None:
            raise DomainError("scan_missing", id=page_id)
        if turns:
            with Image.open(io.BytesIO(row.image)) as img:
                turned = img.transpose({1: Image.Transpose.ROTATE_270, 2: Image.Transpose.ROTATE_180,
                                        3: Image.Transpose.ROTATE_90}[turns])
            buffer = io.BytesIO()
            turned.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
            row.image = buffer.getvalue()
            row.width, row.height = turned.size
            row.turned = round((row.turned - 90 * turns) % 360, 2)
        s.flush()
        return _infos(s.execute(_info_query().where(ScannedPage.id == page_id)))[0]


def delete_page(ef: Any, page_id: int) -> None:
    with ef.session() as s:
        if s.execute(delete(ScannedPage).where(ScannedPage.id == page_id)).rowcount == 0:
            raise DomainError("scan_missing", id=page_id)


def delete_all_pages(ef: Any, session: Session | None = None) -> int:
    """Every scanned page deleted (the privacy clean-up's choice); returns how many."""
    if session is not None:
        return int(session.execute(delete(ScannedPage)).rowcount or 0)
    with ef.session() as s:
        return int(s.execute(delete(ScannedPage)).rowcount or 0)


def images_by_team(ef: Any) -> dict[tuple[int, int | None], list[bytes]]:
    """(table number, round number) -> the team's page images in order, for the printed
    sheets and the report; pages without a round are under (table number, None)."""
    out: dict[tuple[int, int | None], list[bytes]] = {}
    with ef.session() as s:
        rows = s.execute(
            select(EventTable.number, Round.number, ScannedPage.image)
            .join(EventTable, EventTable.id == ScannedPage.table_id)
            .outerjoin(Round, Round.id == ScannedPage.round_id)
            .order_by(EventTable.number, Round.number, ScannedPage.page, ScannedPage.id))
        for table_number, round_number, image in rows:
            out.setdefault((table_number, round_number), []).append(bytes(image))
    return out


def scans_document(s: Session) -> list[dict[str, Any]]:
    """The JSON export's ``scans`` list (no images: the SQLite export holds those)."""
    codes: dict[tuple[int, int | None], str] = {}
    for tid, rid, code in s.execute(select(TeamCode.table_id, TeamCode.round_id, TeamCode.code)
                                    .order_by(TeamCode.id)):
        codes.setdefault((tid, rid), code)
    out = []
    for info in _infos(s.execute(_info_query().order_by(
            EventTable.number.is_(None), EventTable.number, Round.number, ScannedPage.page, ScannedPage.id))):
        team = (info.table_id, info.round_id)
        out.append({
            "code": codes.get(team) if info.table_id is not None else None,
            "table": info.table_number,
            "round": info.round_number,
            "page": info.page if info.table_id is not None else None,
            "needs_decision": info.reason or None,
            "assigned_by_hand": info.assigned_by_hand,
            "source": info.source,
            "source_page": info.source_page,
            "width": info.width,
            "height": info.height,
        })
    return out
