"""``pairs`` on the command line: list, add, remove by name or number; refusals in one line;
``assign`` follows the pairs and names both people when it cannot."""

import sqlite3

import pytest

from cli_support import run

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("english")]


def table(path, registration, round_number):
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "select t.number from seat_assignments s join rounds r on r.id = s.round_id "
            "join tables t on t.id = s.table_id join attendees a on a.id = s.attendee_id "
            "where a.registration_id = ? and r.number = ?", (registration, round_number)).fetchone()[0]
    finally:
        con.close()


def test_add_list_remove(capsys, demo):
    assert run(capsys, "pairs", demo) == (0, "No pairs yet.\n", "")
    code, out, err = run(capsys, "pairs", demo, "add", "Anke Simon", "GDB-0002", "--together")
    assert (code, err) == (0, "")
    assert out.startswith("Added: Anke Simon and Maja Busch sit together in every round.\n")
    # the demo's round 1 seats them apart: the command says the plan does not follow yet
    assert "does not follow this pair in round 1; plan the seating again (assign)" in out
    code, out, err = run(capsys, "pairs", demo, "add", "gdb-0004", "zoe wolf", "--apart")
    assert (code, err) == (0, "")
    assert out.startswith("Added: Lars Sauer and Zoe Wolf never sit at one table.")
    code, out, _ = run(capsys, "pairs", demo, "list")
    assert out == ("together: Anke Simon (GDB-0001) + Maja Busch (GDB-0002)\n"
                   "apart: Lars Sauer (GDB-0004) / Zoe Wolf (GDB-0006)\n")
    assert run(capsys, "pairs", demo, "remove", "Zoe Wolf", "Lars Sauer") == (
        0, "Removed the pair Lars Sauer and Zoe Wolf.\n", "")
    code, out, _ = run(capsys, "pairs", demo)
    assert out == "together: Anke Simon (GDB-0001) + Maja Busch (GDB-0002)\n"


def test_refusals_are_one_line_and_change_nothing(capsys, demo):
    run(capsys, "pairs", demo, "add", "GDB-0001", "GDB-0002", "--together")
    run(capsys, "pairs", demo, "add", "GDB-0002", "GDB-0003", "--together")
    code, out, err = run(capsys, "pairs", demo, "add", "GDB-0001", "GDB-0003", "--apart")
    assert (code, out) == (1, "")
    assert err == ("gdb-facilitator: Anke Simon and Quentin Herrmann are to be kept apart, but "
                   "keep-together pairs would put them at one table (Anke Simon, Maja Busch, "
                   "Quentin Herrmann). Remove one of these pairs first.\n")
    code, _, err = run(capsys, "pairs", demo, "add", "Nobody Here", "GDB-0001", "--apart")
    assert code == 1 and 'Nobody matches "Nobody Here"' in err
    code, _, err = run(capsys, "pairs", demo, "add", "GDB-0001", "GDB-0002", "--apart")
    assert code == 1 and "Anke Simon and Maja Busch are already a pair" in err
    code, _, err = run(capsys, "pairs", demo, "remove", "GDB-0001", "GDB-0005")
    assert code == 1 and "no longer exists" in err
    code, _, err = run(capsys, "pairs", demo, "add", "GDB-0001", "GDB-0001", "--apart")
    assert code == 1 and "two different people" in err
    assert run(capsys, "pairs", demo, "add", "GDB-0001", "GDB-0009")[0] == 2  # no kind
    assert run(capsys, "pairs", demo, "add", "GDB-0001", "--apart")[0] == 2
    assert run(capsys, "pairs", demo, "list", "GDB-0001")[0] == 2
    assert run(capsys, "pairs", demo, "add", "A", "B", "--apart", "--together")[0] == 2  # argparse
    code, out, _ = run(capsys, "pairs", demo)
    assert out.count("\n") == 2


def test_assign_follows_the_pairs(capsys, demo):
    run(capsys, "pairs", demo, "add", "GDB-0010", "GDB-0011", "--together")
    run(capsys, "pairs", demo, "add", "GDB-0010", "GDB-0012", "--together")
    run(capsys, "pairs", demo, "add", "GDB-0020", "GDB-0021", "--apart")
    code, _out, err = run(capsys, "assign", demo, "--rounds", "3", "--seed", "2", "--time-limit", "1")
    assert (code, err) == (0, "")
    for r in (2, 3):
        assert table(demo, "GDB-0010", r) == table(demo, "GDB-0011", r) == table(demo, "GDB-0012", r)
        assert table(demo, "GDB-0020", r) != table(demo, "GDB-0021", r)


def test_assign_names_both_people_when_a_pair_cannot_be_kept(capsys, demo):
    con = sqlite3.connect(demo)
    hosts = con.execute("select a.registration_id, a.first_name || ' ' || a.last_name, t.number "
                        "from attendees a join tables t on t.id = a.pinned_table_id "
                        "order by t.number").fetchall()
    con.close()
    (h1, n1, t1), (h2, n2, t2) = hosts[0], hosts[1]
    assert run(capsys, "pairs", demo, "add", h1, h2, "--together")[0] == 0
    code, out, err = run(capsys, "assign", demo, "--seed", "1", "--time-limit", "0.5")
    assert (code, out) == (1, "")
    first, second = sorted([n1, n2])
    assert n1 in err and n2 in err and f"({t1}, {t2}: a host's table" in err
    assert "are to sit together, but they have fixed seats at different tables" in err


def test_import_with_a_partner_column(capsys, tmp_path):
    event = str(tmp_path / "e.gdbevent")
    assert run(capsys, "new", event, "--title", "T", "--tables", "3")[0] == 0
    good = tmp_path / "list.csv"
    good.write_text("Nr;Vorname;Nachname;Begleitung;Nicht mit\nA1;Ana;Alt;A2;\nA2;Ben;Berg;;\n"
                    "A3;Cem;Cin;;A1\n", encoding="utf-8")
    code, out, err = run(capsys, "import", event, str(good), "--dry-run")
    assert (code, err) == (0, "")
    assert "together_with    ← Begleitung" in out and "apart_from       ← Nicht mit" in out
    assert "Pair to add (row 2): Ana Alt and Ben Berg sit together" in out
    assert "Pair to add (row 4): Ana Alt and Cem Cin sit apart" in out
    code, out, err = run(capsys, "import", event, str(good))
    assert (code, err) == (0, "") and "Pairs added (together / apart): 2" in out
    code, out, _ = run(capsys, "import", event, str(good))
    assert "Pairs added" not in out
    assert run(capsys, "pairs", event)[1].count("\n") == 2
    bad = tmp_path / "more.csv"
    bad.write_text("Nr;Vorname;Nachname;Partner\nB1;Dora;Dorn;A9\n", encoding="utf-8")
    for extra in ((), ("--dry-run",), ("--accept-good-rows",)):
        code, out, err = run(capsys, "import", event, str(bad), *extra)
        assert code == 1
        assert (f"{bad} was not imported; the event is unchanged. row 2, column 'Partner': the "
                "partner's registration number \"A9\" is neither in this file nor in the event.") in err
    assert "Attendees         3" in run(capsys, "info", event)[1]
