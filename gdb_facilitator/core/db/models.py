"""The whole event day as typed SQLAlchemy models, one SQLite file per event.

Later features add behaviour, not tables: registration, check-in, seating over rounds,
topics and problem statements, results and 100-day ideas, follow-up codes, the agenda
and the running timer all have their place here.
"""

# No `from __future__ import annotations` here: with it, SQLAlchemy has to evaluate each of
# the 200 `Mapped[...]` annotations from its text when the models load (10 ms of every start);
# classes named before they are defined stay in quotes ("Attendee").
import enum
from datetime import date, datetime, timedelta
from typing import Any, Optional

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gdb_facilitator.core.db.base import Base, UTCDateTime

FOLLOW_UP_DAYS = 100

# The four sectors of Gemeinsam Digital: Berlin, with colours that stay apart for
# the colour-blind (Okabe-Ito palette).
DEFAULT_SECTORS: tuple[tuple[str, str], ...] = (
    ("Verwaltung", "#0072B2"),
    ("Wissenschaft", "#009E73"),
    ("Wirtschaft", "#E69F00"),
    ("Zivilgesellschaft", "#CC79A7"),
)


def follow_up_day(event_date: Optional[date], follow_up_date: Optional[date]) -> Optional[date]:
    """The 100-day check-in: the day set for it, else the event date + 100 days."""
    if follow_up_date is not None:
        return follow_up_date
    if event_date is not None:
        return event_date + timedelta(days=FOLLOW_UP_DAYS)
    return None


def plain(model: type[Base]) -> Any:
    """The columns of ``model``'s table, for reads that need no ORM (see core/services/attendees.py)."""
    return model.__table__.c


def _enum(cls: type[enum.Enum]) -> Enum:
    # Store the value (readable in any SQLite tool); no CHECK so that a later release may
    # add members without rebuilding the table.
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False,
                create_constraint=False, length=30, validate_strings=True)


class Role(enum.Enum):
    PARTICIPANT = "participant"
    HOST = "host"
    SPEAKER = "speaker"
    FACILITATOR = "facilitator"


class IdeaStatus(enum.Enum):
    OPEN = "open"  # recorded on the day, no check-in yet
    DONE = "done"  # umgesetzt
    IN_PROGRESS = "in_progress"  # in Arbeit
    NOT_STARTED = "not_started"  # nicht begonnen
    DROPPED = "dropped"  # verworfen


class PairKind(enum.Enum):
    KEEP_APART = "apart"
    KEEP_TOGETHER = "together"


class AgendaKind(enum.Enum):
    PLENARY = "plenary"
    INPUT = "input"
    GROUP_WORK = "group_work"
    BREAK = "break"


class TimerPhase(enum.Enum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


class Event(Base):
    """The event itself; a file holds exactly one."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    event_date: Mapped[Optional[date]] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300), default="")
    # None means "event date + 100 days"; see follow_up_effective.
    follow_up_date: Mapped[Optional[date]] = mapped_column(Date)
    # Where a QR code points when the city has a follow-up page; the team code is appended.
    follow_up_url: Mapped[str] = mapped_column(String(500), default="")
    colour: Mapped[str] = mapped_column(String(9), default="#E4003A")
    # Which member names a result sheet shows: "full", "first" or "none".
    sheet_names: Mapped[str] = mapped_column(String(10), default="full")
    language: Mapped[str] = mapped_column(String(5), default="de")
    # The IANA zone of the event ("Europe/Berlin"): every time shown, printed or exported
    # is in it, whatever zone the laptop is set to. Empty only in files older than it.
    timezone: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    personal_data_removed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # The venue network (phones): the event PIN shown on the projector, and the key that
    # signs the phones' cookies. Kept with the event, so that a restart of the app, or the
    # server of a team event, keeps the same PIN and the phones stay signed in. Empty until
    # the venue server first runs.
    venue_pin: Mapped[str] = mapped_column(String(6), default="")
    venue_secret: Mapped[str] = mapped_column(String(64), default="")

    @property
    def follow_up_effective(self) -> Optional[date]:
        return follow_up_day(self.event_date, self.follow_up_date)


class Sector(Base):
    __tablename__ = "sectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    colour: Mapped[str] = mapped_column(String(9), default="#888888")
    position: Mapped[int] = mapped_column(Integer, default=0)

    attendees: Mapped[list["Attendee"]] = relationship(back_populates="sector")


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # casefolded, whitespace-collapsed name: "BA Pankow" and "ba  pankow" are one organisation
    name_key: Mapped[str] = mapped_column(String(300), unique=True)

    attendees: Mapped[list["Attendee"]] = relationship(back_populates="organisation")


class Topic(Base):
    """A topic or problem statement, from the registration or collected in the room."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # of the title and the problem statement; see core/services/texts.py
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Attendee(Base):
    __tablename__ = "attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The id from the registration tool (pretix position, Eventbrite attendee #); walk-ins
    # get one of their own ("W-001"). Merging a newer registration list matches on it.
    registration_id: Mapped[str] = mapped_column(String(100), unique=True)
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"))
    sector_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sectors.id", ondelete="SET NULL"))
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.PARTICIPANT)
    host_volunteer: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned_table_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("tables.id", ondelete="SET NULL"))
    arrived_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # Which laptop checked them in (team mode: "Desk 2"); "" on a single laptop.
    checked_in_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    absent: Mapped[bool] = mapped_column(Boolean, default=False)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    organisation: Mapped[Optional[Organisation]] = relationship(back_populates="attendees")
    sector: Mapped[Optional[Sector]] = relationship(back_populates="attendees")
    pinned_table: Mapped[Optional["EventTable"]] = relationship()
    topic_choices: Mapped[list["TopicChoice"]] = relationship(
        back_populates="attendee", cascade="all, delete-orphan", order_by="TopicChoice.rank")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class TopicChoice(Base):
    """An attendee's ranked topic preference (rank 1 = first choice)."""

    __tablename__ = "topic_choices"
    __table_args__ = (UniqueConstraint("attendee_id", "rank"),
                      CheckConstraint("rank >= 1", name="rank_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    rank: Mapped[int] = mapped_column(Integer)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))

    attendee: Mapped[Attendee] = relationship(back_populates="topic_choices")
    topic: Mapped[Topic] = relationship()


class AttendeePair(Base):
    """Two people to keep apart (e.g. a manager and their team) or together (interpreter)."""

    __tablename__ = "attendee_pairs"
    __table_args__ = (UniqueConstraint("first_id", "second_id"),
                      CheckConstraint("first_id < second_id", name="ordered"))

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    kind: Mapped[PairKind] = mapped_column(_enum(PairKind))


class EventTable(Base):
    """A physical table in the room (a "Thementisch")."""

    __tablename__ = "tables"
    __table_args__ = (CheckConstraint("capacity >= 1", name="capacity_positive"),
                      CheckConstraint("number >= 1", name="number_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    topic_id: Mapped[Optional[int]] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    capacity: Mapped[int] = mapped_column(Integer, default=8)

    topic: Mapped[Optional[Topic]] = relationship()


class Round(Base):
    """A work round; a seating plan assigns everybody present to a table in each round."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    # How the current plan was made, so that it can be reproduced.
    plan_seed: Mapped[Optional[int]] = mapped_column(Integer)
    plan_strategy: Mapped[str] = mapped_column(String(50), default="")
    planned_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    started_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class SeatAssignment(Base):
    __tablename__ = "seat_assignments"
    __table_args__ = (UniqueConstraint("round_id", "attendee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    table_id: Mapped[int] = mapped_column(ForeignKey("tables.id", ondelete="CASCADE"))
    # Set by a manual move; every later planning run keeps this seat.
    locked: Mapped[bool] = mapped_column(Boolean, default=False)

    round: Mapped[Round] = relationship()
    attendee: Mapped[Attendee] = relationship()
    table: Mapped[EventTable] = relationship()


class TableResult(Base):
    """What one table worked out in one round."""

    __tablename__ = "table_results"
    __table_args__ = (UniqueConstraint("table_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("tables.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    topic_id: Mapped[Optional[int]] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    # One version per free text, raised by every write: an edit made on an older version
    # (another phone, another laptop) is refused as a conflict instead of overwriting it.
    problem_version: Mapped[int] = mapped_column(Integer, default=0)
    results_version: Mapped[int] = mapped_column(Integer, default=0)
    # Set when the table's host says the table is done (from a phone or the laptop).
    done_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    table: Mapped[EventTable] = relationship()
    round: Mapped[Round] = relationship()
    topic: Mapped[Optional[Topic]] = relationship()
    ideas: Mapped[list["Idea"]] = relationship(
        back_populates="result", cascade="all, delete-orphan", order_by="Idea.position")


class Idea(Base):
    """An idea a team can carry out in the next 100 days."""

    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("table_results.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(300), default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    support_needed: Mapped[str] = mapped_column(Text, default="")
    # The 100-day fields, filled in at the check-in.
    status: Mapped[IdeaStatus] = mapped_column(_enum(IdeaStatus), default=IdeaStatus.OPEN)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent, 0..100
    notes: Mapped[str] = mapped_column(Text, default="")
    # The version of the idea's texts (title … support_needed); see TableResult.
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    result: Mapped[TableResult] = relationship(back_populates="ideas")
    updates: Mapped[list["IdeaUpdate"]] = relationship(
        back_populates="idea", cascade="all, delete-orphan", order_by="IdeaUpdate.reported_on")


class IdeaUpdate(Base):
    """One report on an idea at (or before) the 100-day check-in."""

    __tablename__ = "idea_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    reported_on: Mapped[date] = mapped_column(Date)
    status: Mapped[IdeaStatus] = mapped_column(_enum(IdeaStatus))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    what_happened: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(300), default="")
    # The version of what_happened; see TableResult.
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    idea: Mapped[Idea] = relationship(back_populates="updates")


class TeamCode(Base):
    """The random follow-up code printed as a QR on a team's result sheet.

    It carries no personal data; it only points at a table (and round) of this event.
    """

    __tablename__ = "team_codes"
    __table_args__ = (UniqueConstraint("table_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("tables.id", ondelete="CASCADE"))
    round_id: Mapped[Optional[int]] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    table: Mapped[EventTable] = relationship()
    round: Mapped[Optional[Round]] = relationship()


class AgendaItem(Base):
    """A line of the run-sheet; the timer runs through these."""

    __tablename__ = "agenda_items"
    __table_args__ = (CheckConstraint("duration_seconds >= 0", name="duration_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[AgendaKind] = mapped_column(_enum(AgendaKind), default=AgendaKind.PLENARY)
    planned_start: Mapped[Optional[str]] = mapped_column(String(5))  # "HH:MM", local time
    duration_seconds: Mapped[int] = mapped_column(Integer, default=0)
    round_id: Mapped[Optional[int]] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    # Warning thresholds; None takes the defaults (2 min or 20 %, then 1 min).
    wrap_up_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    wrap_up_percent: Mapped[Optional[int]] = mapped_column(Integer)
    danger_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    sound: Mapped[bool] = mapped_column(Boolean, default=True)
    actual_start: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    actual_end: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[Optional[Round]] = relationship()


class TimerState(Base):
    """The running timer as wall-clock anchors, so that a restart resumes it correctly.

    Remaining time is always recomputed from these values and the clock, never counted.
    """

    __tablename__ = "timer_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    agenda_item_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"))
    phase: Mapped[TimerPhase] = mapped_column(_enum(TimerPhase), default=TimerPhase.IDLE)
    started_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    deadline: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    paused_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    paused_total_seconds: Mapped[float] = mapped_column(default=0.0)
    auto_advance: Mapped[bool] = mapped_column(Boolean, default=False)
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class ChangeLog(Base):
    """Which laptop changed what, and when (team mode: one row per committed change)."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    device: Mapped[str] = mapped_column(String(100), default="")
    # The tables the change touched, comma-separated: what the other laptops refresh.
    tables: Mapped[str] = mapped_column(String(500), default="")


class DeviceWrite(Base):
    """Which device wrote what over the venue network: the laptop's log of phone edits.

    ``device`` is the random id a phone got with its first page (a cookie), ``address``
    its IP address on the venue network; ``detail`` keeps a refused (conflicting) text,
    so that nothing typed on a phone is ever lost.
    """

    __tablename__ = "device_writes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    device: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    agent: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class TopicProposal(Base):
    """A topic proposed from a phone (or typed in by the moderator) before the tables start.

    The moderator merges duplicates (``merged_into_id``) and picks proposals as topics
    (``topic_id``); ``hidden`` takes a proposal off the phones without deleting it.
    """

    __tablename__ = "topic_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    device: Mapped[str] = mapped_column(String(64), default="")
    merged_into_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("topic_proposals.id", ondelete="SET NULL"))
    topic_id: Mapped[Optional[int]] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProposalVote(Base):
    """A phone's first, second or third choice among the proposals.

    ``attendee_id`` is set when the voter named themselves unambiguously; those votes
    become the attendee's topic wishes for seating once the proposals are topics.
    """

    __tablename__ = "proposal_votes"
    __table_args__ = (UniqueConstraint("device", "rank"),
                      CheckConstraint("rank >= 1 AND rank <= 3", name="rank_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    device: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(Integer)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("topic_proposals.id", ondelete="CASCADE"))
    attendee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("attendees.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ScannedPage(Base):
    """A page of a filled-in worksheet that came back through the copier.

    The image (grey JPEG, upright and cleaned) lives in the event, so one file still holds
    everything. ``table_id`` and ``round_id`` say whose page it is: read from the page's QR
    code, or chosen by hand for a page whose code is unreadable or of another event
    (``reason`` says why it waits for that decision while ``table_id`` is None).
    """

    __tablename__ = "scanned_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tables.id", ondelete="SET NULL"), index=True)
    round_id: Mapped[Optional[int]] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    # Order of the team's pages (1, 2, ...), as they came through the copier.
    page: Mapped[int] = mapped_column(Integer, default=0)
    # The QR text as read ("" when none could be read); cut to its first 2,000 characters.
    payload: Mapped[str] = mapped_column(Text, default="")
    # Why the page waits for a person: "no_code" or "other_event"; "" once it has a table.
    reason: Mapped[str] = mapped_column(String(20), default="")
    assigned_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where it came from: the file's name (no folder) and the page in it.
    source: Mapped[str] = mapped_column(String(300), default="")
    source_page: Mapped[int] = mapped_column(Integer, default=1)
    # sha256 of the page as rendered (the same file scanned in twice) and a small picture of
    # its ink around the QR code (the same sheet fed through the copier twice).
    digest: Mapped[str] = mapped_column(String(64), default="", index=True)
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    turned: Mapped[float] = mapped_column(default=0.0)  # degrees turned to stand upright
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    image: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    table: Mapped[Optional[EventTable]] = relationship()
    round: Mapped[Optional[Round]] = relationship()
