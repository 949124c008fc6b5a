"""Attendees' names in free texts: found accent-blind like the search, replaced in one step,
undone exactly; counted by the purge (which a server refuses)."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.models import Attendee, IdeaUpdate, IdeaStatus, Role, TableResult
from gdb_facilitator.core.db.store import create_event_store
from gdb_facilitator.core.errors import DomainError
from gdb_facilitator.core.services import names_in_text as names
from gdb_facilitator.core.services import privacy, proposals, results, tables, topics
from gdb_facilitator.core.services.names_in_text import NameReplacement

NOW = datetime(2026, 9, 20, 17, 0, tzinfo=timezone.utc)

PEOPLE = [
    ("Anna", "Müller", Role.HOST),
    ("Jürgen", "Weiß-Łukasiewicz", Role.PARTICIPANT),
    ("Tom", "Koch", Role.PARTICIPANT),  # an everyday word ("der Koch")
    ("Mei", "Li", Role.SPEAKER),  # a short family name
    ("Rose", "Schmidt", Role.PARTICIPANT),  # a first name that is an everyday word
]


@pytest.fixture
def ef(event_location):
    with create_event_store(event_location, title="Konferenz", clock=FakeClock(NOW)) as ef:
        with ef.session() as s:
            for n, (first, last, role) in enumerate(PEOPLE):
                s.add(Attendee(registration_id=f"R{n}", first_name=first, last_name=last, role=role,
                               created_at=NOW, updated_at=NOW))
        yield ef


def _texts(ef):
    table = tables.add_table(ef, name="Tisch Frau Mueller")
    results.set_result_fields(
        ef, table.id, 1,
        problem_statement="Wie kommen Daten in die Verwaltung? Herr Li fragt nach.",
        results="Frau müller übernimmt die Koordination; Juergen Weiss-Lukasiewicz schreibt das Protokoll. "
                "Der Koch kocht, eine Rose blüht, Li-Ionen-Akkus. Müller, Anna lädt ein.")
    idea = results.add_idea(ef, table.id, 1, title="Datenlabor mit Schmidt", description="Koch hilft.",
                            next_step="Termin mit MÜLLER")
    with ef.session() as s:
        s.add(IdeaUpdate(idea_id=idea.id, reported_on=NOW.date(), status=IdeaStatus.IN_PROGRESS,
                         what_happened="Rose Schmidt hat angefangen", created_at=NOW))
    topics.add_topic(ef, "Offene Daten", "Vorschlag von Anna Müller")
    proposals.propose(ef, "Kiezlabor", "Idee von Frau Koch")
    return table, idea


def _found(hits):
    return sorted((h.field, h.found, h.kind, h.likely) for h in hits)


def test_names_are_found_accent_blind_with_word_boundaries(ef):
    _texts(ef)
    hits = names.find_names(ef)
    assert _found(hits) == sorted([
        ("table_name", "Mueller", "surname", True),
        ("result_problem", "Li", "surname", True),  # short, but after "Herr"
        ("result_results", "müller", "surname", True),  # lower case, after "Frau"
        ("result_results", "Juergen Weiss-Lukasiewicz", "full", True),
        ("result_results", "Koch", "surname", False),  # "Der Koch kocht": an everyday word
        ("result_results", "Müller, Anna", "full", True),
        ("idea_title", "Schmidt", "surname", True),
        ("idea_description", "Koch", "surname", False),
        ("idea_next_step", "MÜLLER", "surname", True),
        ("update_what_happened", "Rose Schmidt", "full", True),
        ("topic_problem", "Anna Müller", "full", True),
        ("proposal_problem", "Koch", "surname", True),  # "Frau Koch"
    ])
    # not found: "eine Rose blüht" (a first name alone), "Li-Ionen-Akkus" ("Li" too short
    # without a form of address), "kocht" (no whole word)
    full = next(h for h in hits if h.found == "Juergen Weiss-Lukasiewicz")
    assert full.names == ("Jürgen Weiß-Łukasiewicz",) and full.roles == ("participant",)
    assert full.initials == "J. W.-L."
    assert full.before.endswith("die Koordination; ") and full.after.startswith(" schreibt")
    assert full.table_number == 1 and full.round_number == 1
    assert next(h for h in hits if h.found == "müller").address == "Frau "
    assert full.address == ""
    note = next(h for h in hits if h.field == "idea_next_step")
    assert note.item == "Datenlabor mit Schmidt" and note.initials == "M."


def test_replace_in_one_step_then_undo_restores_exactly_and_redo_again(ef):
    table, idea = _texts(ef)
    with ef.session() as s:
        original = {r.id: (r.problem_statement, r.results, r.results_version) for r in s.scalars(select(TableResult))}
    hits = [h for h in names.find_names(ef) if h.likely]
    # a role takes the form of address with it ("Frau müller" -> "die Gastgeberin")
    reps = [NameReplacement(h, "die Gastgeberin", with_address=True) if h.found == "müller"
            else NameReplacement(h, h.initials) for h in hits]
    changes = names.replace_names(ef, reps)
    assert sum(c.hits for c in changes) == len(hits) == 10
    stored = results.get_result(ef, table.id, 1)
    assert stored.results.startswith("die Gastgeberin übernimmt die Koordination; J. W.-L. schreibt")
    assert "M. A. lädt ein" in stored.results and "Der Koch kocht" in stored.results
    assert stored.results_version == original[stored.result_id][2] + 1  # phones see the change as newer
    assert results.get_result(ef, table.id, 1).problem_statement.endswith("Herr L. fragt nach.")
    assert [h.found for h in names.find_names(ef)] == ["Koch", "Koch"]  # the unticked everyday words

    names.apply_text_changes(ef, changes, forward=False)
    with ef.session() as s:
        back = {r.id: (r.problem_statement, r.results) for r in s.scalars(select(TableResult))}
    assert back == {k: v[:2] for k, v in original.items()}
    assert _found(names.find_names(ef)) == _found(hits + [h for h in names.find_names(ef) if not h.likely])

    names.apply_text_changes(ef, changes, forward=True)
    assert results.get_result(ef, table.id, 1).results == stored.results


def test_a_text_edited_meanwhile_is_not_overwritten(ef):
    table, _idea = _texts(ef)
    hits = names.find_names(ef)
    results.set_result_fields(ef, table.id, 1, results="Neu geschrieben von der Gruppe")
    with pytest.raises(DomainError) as err:
        names.replace_names(ef, [NameReplacement(h, h.initials) for h in hits])
    assert err.value.code == "names_text_changed"
    assert results.get_result(ef, table.id, 1).results == "Neu geschrieben von der Gruppe"
    assert tables.list_tables(ef)[0].name == "Tisch Frau Mueller", "all or nothing"

    changes = names.replace_names(ef, [NameReplacement(h, h.initials) for h in names.find_names(ef)])
    tables.update_table(ef, table.id, name="Tisch 1, neu benannt")
    with pytest.raises(DomainError):
        names.apply_text_changes(ef, changes, forward=False)
    assert tables.list_tables(ef)[0].name == "Tisch 1, neu benannt"


def test_the_purge_counts_names_replaced_and_left_and_is_refused_on_a_server(ef):
    _texts(ef)
    hits = names.find_names(ef)
    likely = [h for h in hits if h.likely]
    changes = names.replace_names(ef, names.initials_replacements(hits))
    replaced = sum(c.hits for c in changes)
    if not ef.is_file:
        with pytest.raises(DomainError) as err:
            privacy.purge_personal_data(ef, names_replaced=replaced)
        assert err.value.code == "purge_on_server"
        return
    report = privacy.purge_personal_data(ef, names_replaced=replaced)
    assert (report.names_replaced, report.names_left, report.names_found) == (len(likely), 2, len(hits))
