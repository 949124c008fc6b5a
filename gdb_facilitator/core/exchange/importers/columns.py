"""Which column holds which field: the header names we know and how a header row is found.

A new importable field (a column alias, a new field) lands in ATTENDEE_HEADERS / TABLE_HEADERS
here; reading the value out of a row happens in ``attendees`` or ``table_plan``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from gdb_facilitator.core.exchange.importers.previews import HEADER_SCAN_ROWS, MAX_LISTED_COLUMNS, _reject
from gdb_facilitator.core.exchange.importers.values import clean, header_key

# -- header names -----------------------------------------------------------------------


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(header_key(n) for n in names)


# Field -> header names in order of preference (German, English, pretix, Eventbrite).
ATTENDEE_HEADERS: dict[str, tuple[str, ...]] = {
    "first_name": _keys("Vorname", "Vornamen", "Rufname", "First Name", "Firstname", "Given name",
                        "Forename", "Attendee name: Given name", "Teilnehmername: Vorname",
                        "Name: Vorname"),
    "last_name": _keys("Nachname", "Familienname", "Zuname", "Last Name", "Lastname", "Surname",
                       "Family name", "Attendee name: Family name", "Teilnehmername: Nachname",
                       "Name: Nachname"),
    "full_name": _keys("Name", "Vollständiger Name", "Vor- und Nachname", "Vor- und Zuname",
                       "Full name", "Attendee name", "Teilnehmer", "Teilnehmerin",
                       "Teilnehmer:in", "Teilnehmende", "Teilnehmername", "Teilnehmendenname",
                       "Name des Teilnehmers", "Participant", "Participant name", "Person"),
    "name_last_first": _keys("Nachname, Vorname", "Name, Vorname", "Familienname, Vorname",
                             "Last name, first name", "Surname, first name"),
    "title": _keys("Anrede", "Titel", "Akad. Titel", "Akademischer Titel", "Title", "Salutation",
                   "Prefix", "Attendee name: Title", "Teilnehmername: Titel"),
    "email": _keys("Attendee email", "Attendee e-mail", "Teilnehmer E-Mail", "E-Mail Teilnehmer:in",
                   "E-Mail (Teilnehmer)", "E-Mail des Teilnehmers", "Teilnehmer-E-Mail",
                   "E-Mail", "Email", "E-Mail-Adresse", "Mail", "Email address", "E-mail address"),
    "order_email": _keys("Order email", "Buyer email", "Bestellende E-Mail", "Besteller E-Mail",
                         "Email", "E-Mail"),
    "organisation": _keys("Organisation", "Organization", "Company", "Firma", "Institution",
                          "Einrichtung", "Unternehmen", "Arbeitgeber", "Employer", "Behörde",
                          "Dienststelle", "Organisation / Institution", "Organisation/Firma",
                          "Attendee company", "Institution / Organisation"),
    "sector": _keys("Sektor", "Sector", "Bereich", "Branche", "Sektor / Bereich",
                    "In welchem Bereich sind Sie tätig?", "Stakeholdergruppe", "Stakeholder group"),
    "role": _keys("Rolle", "Role", "Teilnahmerolle", "Art der Teilnahme", "Teilnahme als"),
    "host_volunteer": _keys("Möchten Sie einen Thementisch moderieren?", "Thementisch moderieren",
                            "Gastgeber:in (freiwillig)", "Host volunteer",
                            "Would you like to host a table?"),
    "table": _keys("Tisch", "Tischnummer", "Tisch-Nr.", "Tisch Nr.", "Table", "Table number",
                   "Table no.", "Thementisch"),
    "comment": _keys("Kommentar", "Kommentare", "Anmerkung", "Anmerkungen", "Bemerkung",
                     "Bemerkungen", "Hinweis", "Notiz", "Comment", "Comments", "Notes", "Note"),
    "registration_id": _keys("Attendee #", "Attendee ID", "Ticket ID", "Ticketnummer", "Ticket-Nr.",
                             "Registration ID", "Anmelde-ID", "Anmeldenummer", "Nr.", "Nr", "ID",
                             "Nummer", "Lfd. Nr.", "Teilnehmer-Nr."),
    "order_code": _keys("Order code", "Bestellnummer", "Bestellcode"),
    "position_id": _keys("Position ID", "Positions-ID"),
    "status": _keys("Status", "Attendee Status", "Order status", "Bestellstatus", "Teilnahmestatus"),
    # A partner's registration number: the two sit at one table in every round (a couple, an
    # interpreter and a guest) or never at one table (a manager and the team).
    "together_with": _keys("Partner", "Partner-ID", "Partner-Nr.", "Partnerin", "Partner:in",
                           "Begleitung", "Begleitperson", "Begleitung von", "Zusammen mit",
                           "Sitzt zusammen mit", "Am Tisch mit", "Sit with", "Seat with",
                           "Keep together with", "Together with", "Companion", "Partner ID"),
    "apart_from": _keys("Nicht mit", "Nicht zusammen mit", "Nicht am Tisch mit", "Getrennt von",
                        "Nicht an einem Tisch mit", "Keep apart from", "Apart from", "Not with",
                        "Not together with", "Not at a table with"),
}
# Question columns are free text; these fragments catch the common phrasings.
ATTENDEE_HEADER_FRAGMENTS: dict[str, tuple[str, ...]] = {
    "sector": ("bereich", "sektor", "sector", "branche"),
    "host_volunteer": ("moderieren", "gastgeb", "hosten", "hostatable", "tablehost"),
}
_TOPIC_HEADER = re.compile(
    r"^(?:themenwunsch|wunschthema|thema|themenwahl|topic|topicchoice|topicpreference|choice"
    r"|wahl|präferenz|praeferenz)(\d{1,2})?$")
# The fields an override may name, besides topic_<n>.
OVERRIDE_FIELDS = tuple(ATTENDEE_HEADERS)

TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "number": _keys("Tisch", "Tischnummer", "Tisch-Nr.", "Nr.", "Nr", "Nummer", "Table",
                    "Table number", "Number", "No."),
    "name": _keys("Name", "Bezeichnung", "Tischname", "Table name", "Label"),
    "topic": _keys("Thema", "Topic", "Thementisch", "Fragestellung", "Problemstellung", "Titel",
                   "Title"),
    "capacity": _keys("Plätze", "Sitzplätze", "Kapazität", "Personen", "Max. Personen", "Seats",
                      "Capacity", "Places"),
}


TABLE_FIELDS = tuple(TABLE_HEADERS)



# -- header detection -------------------------------------------------------------------
def _field_for_key(key: str, table: dict[str, tuple[str, ...]],
                   fragments: dict[str, tuple[str, ...]]) -> bool:
    if not key:
        return False
    for aliases in table.values():
        if key in aliases:
            return True
    if table is ATTENDEE_HEADERS and _TOPIC_HEADER.match(key):
        return True
    return any(f in key for frs in fragments.values() for f in frs)


def _find_header(records: Sequence[Sequence[str]], table: dict[str, tuple[str, ...]],
                 extra: dict[str, str]) -> tuple[int | None, int]:
    """(index of the header record or None, its score): the first record matching most names."""
    fragments = ATTENDEE_HEADER_FRAGMENTS if table is ATTENDEE_HEADERS else {}
    extra_keys = {header_key(h) for h in extra.values() if h}
    best_index, best_score = None, 0
    for index, record in enumerate(records[:HEADER_SCAN_ROWS]):
        score = 0
        for cell in record:
            key = header_key(cell)
            if key in extra_keys or _field_for_key(key, table, fragments):
                score += 1
        if score > best_score:
            best_index, best_score = index, score
    return best_index, best_score


def _map_headers(path: Path, headers: list[str], table: dict[str, tuple[str, ...]],
                 overrides: dict[str, str] | None, allowed_fields: Iterable[str],
                 topic_fields: bool) -> dict[str, int]:
    """field -> column index, overrides first, then the names in order of preference."""
    keys = [header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    allowed = set(allowed_fields)
    disabled: set[str] = set()
    for fld, header in (overrides or {}).items():
        fld = fld.strip()
        is_topic = topic_fields and re.fullmatch(r"topic_[1-9]\d?", fld) is not None
        if fld not in allowed and not is_topic:
            raise _reject(path, "override_unknown_field", field=fld,
                          fields=", ".join(sorted(allowed) + (["topic_1 …"] if topic_fields else [])))
        header = clean(header or "")
        if not header:
            disabled.add(fld)
            continue
        index = _find_column(headers, keys, header)
        if index is None:
            raise _reject(path, "override_unknown_header", field=fld, header=header,
                          available=_list_columns(headers))
        mapping[fld] = index
        used.add(index)
    fragments = ATTENDEE_HEADER_FRAGMENTS if table is ATTENDEE_HEADERS else {}
    # Exact names first for every field, so that a fragment ("Bereich" inside a long
    # question) never steals a column another field names exactly.
    for fld, aliases in table.items():
        if fld in mapping or fld in disabled:
            continue
        for alias in aliases:
            index = next((i for i, k in enumerate(keys) if k == alias and i not in used), None)
            if index is not None:
                mapping[fld] = index
                used.add(index)
                break
    for fld, frs in fragments.items():
        if fld in mapping or fld in disabled:
            continue
        index = next((i for i, k in enumerate(keys)
                      if i not in used and k and any(f in k for f in frs)), None)
        if index is not None:
            mapping[fld] = index
            used.add(index)
    if topic_fields:
        numbered: list[tuple[int, int]] = []
        for i, k in enumerate(keys):
            if i in used:
                continue
            m = _TOPIC_HEADER.match(k)
            if m:
                numbered.append((int(m.group(1) or 1), i))
        for rank, index in sorted(numbered):
            fld = f"topic_{rank}"
            if fld not in mapping and fld not in disabled:
                mapping[fld] = index
                used.add(index)
    return mapping


def _find_column(headers: list[str], keys: list[str], wanted: str) -> int | None:
    for i, h in enumerate(headers):
        if clean(h) == wanted:
            return i
    folded = wanted.casefold()
    for i, h in enumerate(headers):
        if clean(h).casefold() == folded:
            return i
    wkey = header_key(wanted)
    for i, k in enumerate(keys):
        if wkey and k == wkey:
            return i
    return None


def _list_columns(headers: Iterable[str]) -> str:
    names = [h if len(h) <= 40 else h[:39] + "…" for h in (clean(x) for x in headers) if h]
    if len(names) > MAX_LISTED_COLUMNS:
        names = names[:MAX_LISTED_COLUMNS] + ["…"]
    return ", ".join(names)


class _Row:
    """Cells of one record, looked up by field."""

    __slots__ = ("cells", "mapping")

    def __init__(self, cells: list[str], mapping: dict[str, int]) -> None:
        self.cells = cells
        self.mapping = mapping

    def get(self, fld: str) -> str:
        index = self.mapping.get(fld)
        if index is None or index >= len(self.cells):
            return ""
        return clean(self.cells[index])
