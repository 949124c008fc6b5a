"""A complete demo event, to try every screen without real personal data.

The content (people, seats, results) comes from a fixed seed, so every demo file tells the
same story and tests can count on it; only the follow-up codes (``secrets``) and the
``created_at``/``updated_at`` stamps (the clock) differ between files.
"""

from __future__ import annotations

import logging
import os
import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from gdb_facilitator.core import demo_data as data
from gdb_facilitator.core import demo_plan
from gdb_facilitator.core.clock import SYSTEM_CLOCK, Clock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    Attendee,
    Event,
    EventTable,
    Idea,
    Organisation,
    Role,
    Round,
    SeatAssignment,
    Sector,
    TableResult,
    TeamCode,
    Topic,
    TopicChoice,
)
from gdb_facilitator.core.services.codes import new_code

log = logging.getLogger(__name__)

DEMO_TITLE = data.TITLE


# Berlin is on summer time (UTC+2) on the demo date; a fixed offset avoids depending on a
# time-zone database, which Windows does not ship.
_BERLIN_SUMMER = timezone(timedelta(hours=2))

HOSTS_PER_SECTOR = {"Verwaltung": 8, "Wissenschaft": 4, "Wirtschaft": 2, "Zivilgesellschaft": 4}
ABSENT = 3
NOT_YET_ARRIVED = 12
EXTRA_HOST_VOLUNTEERS = 6
TOPIC_CHOICES = 3


@dataclass
class _Person:
    first: str
    last: str
    org: str
    sector: str
    domain: str
    title: str = ""
    role: Role = Role.PARTICIPANT
    part: str = ""  # agenda key for speakers
    table: int | None = None  # pinned table for hosts
    volunteer: bool = False
    absent: bool = False
    arrived: datetime | None = None
    choices: list[int] = field(default_factory=list)  # table numbers, rank order

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        return f"{_ascii(self.first)}.{_ascii(self.last)}@{self.domain}"


def _ascii(text: str) -> str:
    # German transliteration first, so "Jäger" becomes "jaeger" rather than "jager".
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ø", "o"),
                          ("ı", "i")):
        text = text.replace(umlaut, plain).replace(umlaut.upper(), plain.capitalize())
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", "-")


def _people(rng: random.Random) -> list[_Person]:
    """The 130 attendees in registration order."""
    domains = {name: domain for name, _sector, _count, domain in data.ORGANISATIONS}
    sectors = {name: sector for name, sector, _count, _domain in data.ORGANISATIONS}
    people: list[_Person] = []
    taken = Counter[str]()
    for title, first, last, org, role, part in data.SPEAKERS:
        people.append(_Person(first, last, org, sectors[org], domains[org], title=title,
                              role=Role(role), part=part))
        taken[org] += 1
    used_names = {p.name for p in people}
    for org, sector, count, domain in data.ORGANISATIONS:
        for _ in range(count - taken[org]):
            while True:
                first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
                if f"{first} {last}" not in used_names:
                    break
            used_names.add(f"{first} {last}")
            title = "Dr." if sector == "Wissenschaft" and rng.random() < 0.35 else ""
            people.append(_Person(first, last, org, sector, domain, title=title))
    rng.shuffle(people)
    return people


def _cast_roles(people: list[_Person], rng: random.Random) -> None:
    """Pick the hosts (one per table, mixed sectors, distinct organisations), the absent
    and the not-yet-arrived, and everybody's topic wishes."""
    participants = [p for p in people if p.role is Role.PARTICIPANT]
    hosts: list[_Person] = []
    host_orgs: set[str] = set()
    for sector, wanted in HOSTS_PER_SECTOR.items():
        pool = [p for p in participants if p.sector == sector]
        rng.shuffle(pool)
        for person in pool:
            if len([h for h in hosts if h.sector == sector]) == wanted:
                break
            if person.org not in host_orgs:
                hosts.append(person)
                host_orgs.add(person.org)
    rng.shuffle(hosts)
    for number, host in enumerate(hosts, start=1):
        host.role, host.table, host.volunteer = Role.HOST, number, True

    others = [p for p in participants if p.role is Role.PARTICIPANT]
    rng.shuffle(others)
    for person in others[:ABSENT]:
        person.absent = True
    for person in others[ABSENT + NOT_YET_ARRIVED:ABSENT + NOT_YET_ARRIVED + EXTRA_HOST_VOLUNTEERS]:
        person.volunteer = True

    day = data.EVENT_DATE
    early = datetime.combine(day, time(8, 30), _BERLIN_SUMMER)
    doors = datetime.combine(day, time(9, 15), _BERLIN_SUMMER)
    not_yet = {id(p) for p in others[ABSENT:ABSENT + NOT_YET_ARRIVED]}
    for person in people:
        if person.absent or id(person) in not_yet:
            continue
        # People on the programme come before the doors open.
        start, span = (early, 40) if person.role is not Role.PARTICIPANT else (doors, 50)
        person.arrived = (start + timedelta(minutes=rng.randrange(span),
                                            seconds=rng.randrange(60))).astimezone(timezone.utc)

    numbers = [t[0] for t in data.TABLES]
    for person in people:
        if person.role is Role.HOST:
            person.choices = [person.table] if person.table else []
        elif person.role is not Role.FACILITATOR:
            person.choices = rng.sample(numbers, TOPIC_CHOICES)


def _seat_round_one(people: list[_Person]) -> dict[int, list[_Person]]:
    """Round one as the app's own planner seats it (``demo_plan.SEATS``, made by
    :func:`plan_round_one`): hosts at their table, everybody else where the plan puts them."""
    seated: dict[int, list[_Person]] = {number: [] for number, *_rest in data.TABLES}
    for index, person in enumerate(people, start=1):
        if person.absent:
            continue
        number = person.table if person.table is not None else demo_plan.SEATS.get(index)
        if number is None:
            raise RuntimeError(f"the stored demo plan has no seat for person {index}; "
                               "run scripts/make_demo_plan.py")
        seated[number].append(person)
    return seated


def plan_round_one(folder: str | os.PathLike[str]) -> dict[int, int]:
    """Plan round one of the demo with the app's planner, as the Tables page would (same
    seed, a fixed number of search steps, so the result does not depend on the machine).

    Returns the table of every seated person who is not a host, by their number in the demo
    (``GDB-0001`` is 1). The demo file reads this from ``demo_plan.py``, so that writing a demo
    (every test, every start on the demo) does not run the search; a test checks the two agree.
    """
    from gdb_facilitator.core.services import seating

    path = _write(Path(folder) / "unseated-demo.gdbevent", SYSTEM_CLOCK, seated=False)
    with EventFile.open(path) as ef:
        inp = seating.build_plan_input(ef, rounds=1)
        plan = seating.compute_plan(inp, seed=data.SEED, time_limit=600,
                                    max_iterations=demo_plan.ITERATIONS)
        with ef.session() as s:
            number_of = {a.id: int(a.registration_id.removeprefix("GDB-"))
                         for a in s.scalars(select(Attendee))}
            hosts = {a.id for a in s.scalars(select(Attendee).where(Attendee.pinned_table_id.is_not(None)))}
    return {number_of[int(pid)]: table for (pid, r), table in sorted(plan.seats.items())
            if r == 1 and int(pid) not in hosts}


def write_demo_event(path: str | os.PathLike[str], *, clock: Clock = SYSTEM_CLOCK) -> Path:
    """Write the demo event to a new file at ``path`` and return the path (file closed).

    Fails like :meth:`EventFile.create` when the file exists or cannot be written.
    """
    return _write(Path(path), clock, seated=True)


def _write(path: Path, clock: Clock, *, seated: bool) -> Path:
    # seated=False: round one not planned or started yet (no seats, results or team codes),
    # what plan_round_one starts from
    rng = random.Random(data.SEED)
    people = _people(rng)
    _cast_roles(people, rng)
    seating = _seat_round_one(people) if seated else {}

    with EventFile.create(path, title=data.TITLE, event_date=data.EVENT_DATE, clock=clock,
                          timezone="Europe/Berlin") as ef:
        with ef.session() as s:
            now = clock.now_utc()
            event = s.scalars(select(Event)).one()
            event.venue = data.VENUE
            event.follow_up_url = data.FOLLOW_UP_URL
            sectors = {sector.name: sector for sector in s.scalars(select(Sector))}

            orgs = {name: Organisation(name=name, name_key=" ".join(name.casefold().split()))
                    for name, _sector, _count, _domain in data.ORGANISATIONS}
            topics: dict[int, Topic] = {}
            tables: dict[int, EventTable] = {}
            for position, (number, name, seats, title, problem) in enumerate(data.TABLES):
                topics[number] = Topic(title=title, problem_statement=problem,
                                       position=position, created_at=now)
                tables[number] = EventTable(number=number, name=name, capacity=seats,
                                            topic=topics[number])
            s.add_all([*orgs.values(), *tables.values()])
            s.flush()

            attendees: dict[int, Attendee] = {}
            for index, person in enumerate(people, start=1):
                attendee = Attendee(
                    registration_id=f"GDB-{index:04d}", first_name=person.first,
                    last_name=person.last, title=person.title, email=person.email,
                    organisation=orgs[person.org], sector=sectors[person.sector],
                    role=person.role, host_volunteer=person.volunteer,
                    pinned_table=tables[person.table] if person.table else None,
                    arrived_at=person.arrived, absent=person.absent,
                    created_at=now, updated_at=now)
                attendee.topic_choices = [TopicChoice(rank=rank, topic=topics[number])
                                          for rank, number in enumerate(person.choices, start=1)]
                attendees[id(person)] = attendee
            s.add_all(attendees.values())

            day = data.EVENT_DATE
            rounds = {number: Round(number=number, title=title) for number, title in data.ROUNDS}
            first = rounds[1]
            if seated:
                first.plan_seed, first.plan_strategy = data.SEED, demo_plan.STRATEGY
                first.planned_at = datetime.combine(day, time(10, 50), _BERLIN_SUMMER).astimezone(timezone.utc)
                first.started_at = datetime.combine(day, time(11, 5), _BERLIN_SUMMER).astimezone(timezone.utc)
            s.add_all(rounds.values())

            for number, members in seating.items():
                for person in members:
                    s.add(SeatAssignment(round=first, attendee=attendees[id(person)],
                                         table=tables[number]))

            for number, (text, ideas) in (data.RESULTS.items() if seated else ()):
                result = TableResult(table=tables[number], round=first, topic=topics[number],
                                     problem_statement=topics[number].problem_statement,
                                     results=text, updated_at=now)
                owners = [m for m in seating[number] if m.role is not Role.HOST]
                for position, (title, description, next_step, support) in enumerate(ideas):
                    owner = rng.choice(owners)
                    result.ideas.append(Idea(position=position, title=title,
                                             description=description, owner=owner.name,
                                             next_step=next_step, support_needed=support,
                                             updated_at=now))
                s.add(result)
                s.add(TeamCode(code=new_code(), table=tables[number], round=first,
                               created_at=now))

            speakers = defaultdict(list)
            for person in people:
                if person.part:
                    speakers[person.part].append(
                        f"{person.title} {person.name}".strip() + f" ({person.org})")
            hours, minutes = map(int, data.DAY_START.split(":"))
            clock_minutes = hours * 60 + minutes
            for position, (title, kind, length, round_number, part) in enumerate(data.AGENDA):
                s.add(AgendaItem(
                    position=position, title=title, kind=kind,
                    planned_start=f"{clock_minutes // 60:02d}:{clock_minutes % 60:02d}",
                    duration_seconds=length * 60,
                    round=rounds[round_number] if round_number else None,
                    notes="; ".join(speakers.get(part, []))))
                clock_minutes += length
    log.info("wrote demo event %s", path)
    return path
