"""Every fixed text printed on the sheets, handed in by the caller (the UI translates them).

The core writes no prose of its own: :class:`SheetLabels` holds the words, and its German
defaults exist so that tests and the command line print something sensible. Templates use
``str.format`` fields; a broken translation (an unknown or missing field) prints the
template as it is instead of failing a print run.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **values: object) -> str:
    """``template.format(**values)`` that never raises."""
    try:
        return template.format_map(_Keep(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        return template


MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")


class DateLabels:
    """Dates as a label set writes them; the set declares ``date_format`` (fields day, month,
    year, month_name) and ``month_names`` (January first)."""

    date_format: str
    month_names: tuple[str, ...]

    def format_date(self, value: date | None) -> str:
        if value is None:
            return ""
        names = self.month_names
        month_name = names[value.month - 1] if len(names) == 12 else str(value.month)
        return fill(self.date_format, day=value.day, month=value.month, year=value.year,
                    month_name=month_name)


@dataclass(frozen=True)
class SheetLabels(DateLabels):
    # document parts
    results_title: str = "Ergebnisbogen"
    worksheet_title: str = "Arbeitsblatt"
    tents_title: str = "Tischaufsteller"
    seating_title: str = "Sitzplan"
    seating_round: str = "Sitzplan – Runde {number}"
    people_count: str = "{count} Personen"
    roster_title: str = "Wer sitzt wo?"
    roster_hint: str = "Alphabetisch nach Nachname. Die Zahlen sind die Tischnummern."
    checkin_title: str = "Check-in-Liste"
    checkin_hint: str = "Ersatz für den Check-in am Laptop: Haken setzen, wer angekommen ist."
    agenda_title: str = "Ablauf"
    # team sheets
    table_number: str = "Tisch {number}"
    round_number: str = "Runde {number}"
    round_short: str = "R{number}"
    table_column: str = "Tisch"
    topic: str = "Thema"
    problem_statement: str = "Problemstellung"
    team: str = "Team"
    team_count: str = "{count} Personen haben an diesem Tisch mitgearbeitet."
    results: str = "Ergebnisse"
    no_results: str = "Für diesen Tisch wurden keine Ergebnisse erfasst."
    ideas: str = "Ideen für die nächsten 100 Tage"
    idea_number: str = "Idee {number}"
    owner: str = "Wer übernimmt"
    next_step: str = "Nächster Schritt"
    follow_up_key: str = "100-Tage-Check-in"
    follow_up_on: str = "am {date}"
    team_code: str = "Team-Code"
    keep_sheet: str = ("Bewahren Sie dieses Blatt auf: Mit dem QR-Code oder dem Team-Code finden Sie "
                       "Ihre Ergebnisse beim Check-in nach 100 Tagen wieder.")
    continued: str = "Fortsetzung"
    page_of: str = "Seite {page} von {pages}"
    # worksheet
    worksheet_hint: str = "Bitte gut lesbar ausfüllen und am Ende der Runde dem Moderationsteam geben."
    worksheet_problem: str = "Welches Problem wollen wir lösen?"
    worksheet_results: str = "Was haben wir herausgefunden?"
    scan_caption: str = "Eingescanntes Arbeitsblatt {page} von {pages}"
    # lists
    name: str = "Name"
    organisation: str = "Organisation"
    sector: str = "Sektor"
    present: str = "Da"
    not_seated: str = "–"
    no_entries: str = "Keine Einträge."
    time: str = "Uhrzeit"
    duration: str = "Dauer"
    minutes: str = "{minutes} Min."
    agenda_item: str = "Programmpunkt"
    agenda_kind: str = "Art"
    kind_plenary: str = "Plenum"
    kind_input: str = "Input"
    kind_group_work: str = "Gruppenarbeit"
    kind_break: str = "Pause"
    fold_here: str = "hier falten"
    table_page: str = "Ergebnisse am Telefon eintippen"
    table_page_typed: str = ("Ohne Scannen: die Adresse von der Projektion öffnen, "
                             "„Tisch-Moderation“ wählen und diesen Code eintippen:")
    # name badges
    badges_title: str = "Namensschilder"
    badge_host: str = "Tischgastgeber:in"
    # dates: fields day, month, year, month_name (from month_names, January first)
    date_format: str = "{day:02d}.{month:02d}.{year}"
    month_names: tuple[str, ...] = MONTHS_DE

    def agenda_kind_name(self, kind: str) -> str:
        return {"plenary": self.kind_plenary, "input": self.kind_input,
                "group_work": self.kind_group_work, "break": self.kind_break}.get(kind, "")

    @classmethod
    def german(cls) -> "SheetLabels":
        return cls()

    @classmethod
    def english(cls) -> "SheetLabels":
        return cls(
            results_title="Result sheet", worksheet_title="Worksheet", tents_title="Table tents",
            seating_title="Seating plan", seating_round="Seating plan – round {number}",
            people_count="{count} people",
            roster_title="Who sits where?",
            roster_hint="Alphabetical by last name. The numbers are table numbers.",
            checkin_title="Check-in list",
            checkin_hint="Fallback for the laptop check-in: tick everyone who has arrived.",
            agenda_title="Agenda", table_number="Table {number}", round_number="Round {number}",
            round_short="R{number}", table_column="Table", topic="Topic",
            problem_statement="Problem statement", team="Team",
            team_count="{count} people worked at this table.", results="Results",
            no_results="No results were recorded for this table.",
            ideas="Ideas for the next 100 days", idea_number="Idea {number}",
            owner="Who takes it on", next_step="Next step", follow_up_key="100-day check-in",
            follow_up_on="on {date}", team_code="Team code",
            scan_caption="Scanned worksheet {page} of {pages}",
            keep_sheet=("Keep this sheet: with the QR code or the team code you will find your "
                        "results again at the check-in after 100 days."),
            continued="continued", page_of="Page {page} of {pages}",
            worksheet_hint="Please write legibly and hand this sheet to the facilitators at the end of the round.",
            worksheet_problem="Which problem do we want to solve?",
            worksheet_results="What did we find out?",
            name="Name", organisation="Organisation", sector="Sector", present="Here",
            no_entries="No entries.", time="Time", duration="Duration", minutes="{minutes} min",
            agenda_item="Item", agenda_kind="Kind", kind_plenary="Plenary", kind_input="Input",
            kind_group_work="Group work", kind_break="Break", fold_here="fold here",
            table_page="Type the results on a phone",
            table_page_typed="Without scanning: open the address shown on the projector, "
                             "choose \u201cTable hosts\u201d and type this code:",
            badges_title="Name badges", badge_host="Table host",
            date_format="{day} {month_name} {year}",
            month_names=MONTHS_EN,
        )

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
