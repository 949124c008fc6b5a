"""``assign`` on the command line: exit codes, the printed quality report, what lands in the file."""

import sqlite3

import pytest

from gdb_facilitator.cli import main

from cli_support import run

# english, demo (a copy of the demo event): tests/conftest.py
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.usefixtures("english")]


def seats(path, round_number):
    con = sqlite3.connect(path)
    try:
        return dict(con.execute(
            "select s.attendee_id, t.number from seat_assignments s join rounds r on r.id = s.round_id "
            "join tables t on t.id = s.table_id where r.number = ?", (round_number,)).fetchall())
    finally:
        con.close()


def test_assign_plans_the_rounds_not_started_and_prints_the_report(capsys, demo):
    round_one = seats(demo, 1)
    code, out, err = run(capsys, "assign", str(demo), "--seed", "5", "--time-limit", "0.5")
    assert (code, err) == (0, "")
    assert "Seating planned (round 2, 127 people): 127 seats added, 0 moved, 0 removed." in out
    assert "Rounds before round 2 have started and keep their seats." in out
    assert "Seed 5 (the same seed gives the same plan)" in out
    assert "Round 1  (started, unchanged)" in out and "\nRound 2\n" in out
    assert "Colleague pairs at one table" in out and "Topic choices met" in out
    assert seats(demo, 1) == round_one
    assert len(seats(demo, 2)) == 127


def test_keep_existing_seats_latecomers_and_moves_nobody(capsys, demo):
    assert run(capsys, "assign", str(demo), "--seed", "1", "--time-limit", "0.2", "--only-present")[0] == 0
    before = {r: seats(demo, r) for r in (1, 2)}
    con = sqlite3.connect(demo)
    con.execute("update attendees set arrived_at = '2023-09-29T09:30:00.000000+00:00' where arrived_at is null and not absent")
    con.commit()
    con.close()
    code, out, err = run(capsys, "assign", str(demo), "--keep-existing", "--only-present", "--time-limit", "0.2")
    assert code == 0, err
    # The demo's round 1 had seated everybody expected; only round 2 was planned for those here.
    assert "Latecomers seated (round 1–2): 12 new seats; nobody already seated was moved." in out
    for r in (1, 2):
        after = seats(demo, r)
        assert all(after[a] == t for a, t in before[r].items())
    assert len(seats(demo, 1)) == len(before[1]) == 127
    assert len(seats(demo, 2)) == len(before[2]) + 12 == 127


def test_german_output(capsys, demo, monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "de")
    code, out, err = run(capsys, "assign", str(demo), "--seed", "2", "--time-limit", "0.2")
    assert code == 0, err
    assert "Sitzplan erstellt" in out and "Runde 2" in out and "Kolleg*innenpaare" in out


def test_errors_exit_1_with_one_line(capsys, tmp_path, demo):
    event = tmp_path / "empty.gdbevent"
    assert run(capsys, "new", str(event), "--title", "T")[0] == 0
    code, out, err = run(capsys, "assign", str(event))
    assert code == 1 and "has no tables yet" in err and len(err.strip().splitlines()) == 1
    small = tmp_path / "small.gdbevent"
    assert run(capsys, "new", str(small), "--title", "T", "--tables", "2")[0] == 0
    con = sqlite3.connect(small)
    for i in range(20):
        con.execute("insert into attendees (registration_id, first_name, last_name, email, title, role, "
                    "host_volunteer, absent, walk_in, comment, created_at, updated_at) values "
                    "(?, 'A', ?, '', '', 'participant', 0, 0, 0, '', '2026-01-01', '2026-01-01')",
                    (f"R{i}", f"P{i}"))
    con.commit()
    con.close()
    code, out, err = run(capsys, "assign", str(small), "--time-limit", "0.1")
    assert code == 1 and "Round 1: 20 people but only 16 seats" in err and "Traceback" not in err
    code, out, err = run(capsys, "assign", str(small), "--only-present")
    assert code == 1 and "nobody has checked in yet" in err
    code, out, err = run(capsys, "assign", str(demo), "--rounds", "0")
    assert code == 1 and "Number of rounds must be between 1 and 20" in err


def test_wrong_usage_exits_2(capsys, demo):
    for argv in (["assign"], ["assign", str(demo), "--rounds", "x"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    assert run(capsys, "assign", str(demo), "--time-limit", "-1")[0] == 2
    assert run(capsys, "assign", str(demo), "--seed", "-3")[0] == 2
