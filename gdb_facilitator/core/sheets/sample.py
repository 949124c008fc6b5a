"""A made-up, seeded event for the sheet tests, the speed benchmark and screenshots.

Writes rows with the models directly (not through the services), so that the sheets can
be measured on an event of any size without depending on other features being present.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import (
    AgendaItem,
    AgendaKind,
    Attendee,
    Event,
    EventTable,
    Idea,
    Organisation,
    Round,
    SeatAssignment,
    Sector,
    TableResult,
    Topic,
)

FIRST = ("Anna", "Łukasz", "Aylin", "Thanh", "Jonas", "Mira", "Kemal", "Olena", "Paul", "Fatma",
         "Sophie", "Mehmet", "Lena", "Dmytro", "Emma", "Noah", "Leila", "Tobias", "Yuki", "Jörg")
LAST = ("Müller", "Kowalski", "Şahin", "Nguyễn", "Schmidt", "Yılmaz", "Weber", "Shevchenko",
        "Becker", "Öztürk", "Hoffmann", "Wagner", "Krüger", "Zimmermann", "Hartmann", "Lange")
ORGS = ("Bezirksamt Pankow", "Senatskanzlei", "TU Berlin", "Stadtbibliothek Neukölln",
        "CityLAB Berlin", "Nachbarschaftshaus Urbanstraße e. V.", "Berliner Wasserbetriebe",
        "IHK Berlin", "Freie Universität Berlin", "Digitale Nachbarschaft gGmbH")
TOPICS = (
    ("Digitale Teilhabe im Alter", "Viele ältere Menschen erreichen digitale Angebote der "
     "Verwaltung nicht. Wie kommen Hilfe und Geräte zu ihnen?"),
    ("Offene Daten im Bezirk", "Daten liegen in Fachverfahren, die niemand öffnen darf."),
    ("Schul-WLAN", "Schulen warten Jahre auf Netz und Wartung."),
    ("Ehrenamt digital organisieren", "Vereine verwalten Freiwillige mit Zetteln und Tabellen."),
    ("Barrierefreie Formulare", "Online-Anträge sind für viele nicht zu bedienen."),
    ("Kiezplattformen", "Nachbarschaftsinitiativen finden einander nicht."),
)
RESULT = ("Wir haben drei Ursachen gefunden: fehlende Ansprechpersonen, zu komplizierte Sprache "
          "und kein Ort zum Üben. Wichtig war allen, dass Angebote dort stattfinden, wo die Menschen "
          "ohnehin sind – in Bibliotheken, Stadtteilzentren und Seniorentreffs.")


def populate(ef: EventFile, *, tables: int = 18, people: int = 144, rounds: int = 1,
             ideas_per_table: int = 3, seed: int = 1, result_paragraphs: int = 2) -> None:
    """Fill ``ef`` with tables, topics, people seated round-robin in each round, results,
    ideas and an agenda."""
    rng = random.Random(seed)
    now = ef.clock.now_utc()
    with ef.session() as s:
        event = s.scalars(select(Event)).one()
        if event.event_date is None:
            event.event_date = date(2026, 6, 12)
        sector_ids = list(s.scalars(select(Sector.id).order_by(Sector.position)))
        orgs = [Organisation(name=o, name_key=o.casefold()) for o in ORGS]
        s.add_all(orgs)
        topics = [Topic(title=t, problem_statement=p, position=i, created_at=now)
                  for i, (t, p) in enumerate(TOPICS)]
        s.add_all(topics)
        s.flush()
        table_rows = [EventTable(number=n, name=f"Tisch am Fenster {n}" if n % 3 == 0 else "",
                                 topic_id=topics[(n - 1) % len(topics)].id, capacity=12)
                      for n in range(1, tables + 1)]
        s.add_all(table_rows)
        round_rows = [Round(number=n, title="" if n > 1 else "Problem verstehen") for n in range(1, rounds + 1)]
        s.add_all(round_rows)
        s.flush()
        attendees = []
        for i in range(people):
            attendees.append(dict(
                registration_id=f"R-{i:05d}", first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
                organisation_id=rng.choice(orgs).id, sector_id=sector_ids[i % len(sector_ids)],
                created_at=now, updated_at=now))
        s.execute(Attendee.__table__.insert(), attendees)
        attendee_ids = list(s.scalars(select(Attendee.id).order_by(Attendee.id)))
        seats = []
        for r_index, rnd in enumerate(round_rows):
            order = attendee_ids[:]
            rng.shuffle(order)
            for k, aid in enumerate(order):
                seats.append(dict(round_id=rnd.id, attendee_id=aid,
                                  table_id=table_rows[(k + r_index) % tables].id, locked=False))
        if seats:
            s.execute(SeatAssignment.__table__.insert(), seats)
        for rnd in round_rows:
            for table in table_rows:
                result = TableResult(table_id=table.id, round_id=rnd.id, topic_id=table.topic_id,
                                     problem_statement="", results="\n\n".join([RESULT] * result_paragraphs),
                                     updated_at=now)
                s.add(result)
                s.flush()
                s.add_all(Idea(result_id=result.id, position=k, title=f"Sprechstunde im Kiez {k + 1}",
                               description="Einmal im Monat beraten Freiwillige in der Bibliothek.",
                               owner=rng.choice(FIRST) + " (" + rng.choice(ORGS) + ")",
                               next_step="Termin mit der Bibliotheksleitung vereinbaren.",
                               updated_at=now) for k in range(ideas_per_table))
        for k, (start, minutes, title, kind) in enumerate((
                ("09:30", 30, "Ankommen und Kaffee", AgendaKind.BREAK),
                ("10:00", 20, "Begrüßung", AgendaKind.PLENARY),
                ("10:20", 15, "Impuls: Gemeinsam Digital", AgendaKind.INPUT),
                ("10:35", 60, "Runde 1 an den Thementischen", AgendaKind.GROUP_WORK),
                ("11:35", 25, "Ergebnisse im Plenum", AgendaKind.PLENARY))):
            s.add(AgendaItem(position=k, title=title, kind=kind, planned_start=start,
                             duration_seconds=minutes * 60))
