"""The command line as a user types it: exit codes, messages, and what lands in the file."""

import csv
import json
import subprocess
import sys

import pytest

from gdb_facilitator.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "en")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def info(capsys, path):
    code, out, err = run(capsys, "info", str(path), "--json")
    assert code == 0, err
    return json.loads(out)


def test_new_then_info(capsys, event_path):
    code, out, err = run(capsys, "new", str(event_path), "--title", "Jahreskonferenz",
                         "--date", "2023-09-14", "--tables", "18")
    assert (code, err) == (0, "")
    data = info(capsys, event_path)
    assert data["tables"] == 18
    assert data["attendees"] == 0
    assert set(data["sectors"]) >= {"Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft"}


def test_user_errors_exit_1_with_one_line_and_no_traceback(capsys, event_path, tmp_path):
    assert run(capsys, "new", str(event_path), "--title", "T")[0] == 0
    code, out, err = run(capsys, "new", str(event_path), "--title", "T")
    assert code == 1 and "already exists" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "info", str(tmp_path / "missing.gdbevent"))
    assert code == 1 and "missing.gdbevent" in err and len(err.strip().splitlines()) == 1
    not_event = tmp_path / "x.gdbevent"
    not_event.write_text("hello")
    code, out, err = run(capsys, "import", str(not_event), str(not_event))
    assert code == 1 and "not an event file" in err


def test_wrong_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["new"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["export", "x.gdbevent", "--format", "pdf", "--out", "y"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["import", "e", "f", "--map", "nonsense"])
    assert exc.value.code == 2


def test_import_shared_excel_list_and_export_csv(capsys, event_path, tmp_path, shared_data):
    run(capsys, "new", str(event_path), "--title", "T")
    code, out, err = run(capsys, "import", str(event_path), str(shared_data / "anmeldeliste_excel.csv"))
    assert code == 0, err
    data = info(capsys, event_path)
    assert data["attendees"] == 130
    assert data["hosts"] == 18
    assert data["sectors"]["Verwaltung"] == 59
    code, out, err = run(capsys, "export", str(event_path), "--format", "csv", "--out", str(tmp_path / "out"))
    assert code == 0, err
    with open(tmp_path / "out" / "attendees.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert len(rows) == 131
    for name in ("tables.csv", "assignments.csv", "results.csv", "ideas.csv"):
        assert (tmp_path / "out" / name).exists()


def test_dry_run_changes_nothing(capsys, event_path, shared_data):
    run(capsys, "new", str(event_path), "--title", "T")
    before = event_path.read_bytes()
    code, out, err = run(capsys, "import", str(event_path), str(shared_data / "pretix_positions_semicolon.csv"),
                         "--dry-run")
    assert code == 0, err
    assert "130" in out
    assert info(capsys, event_path)["attendees"] == 0
    assert event_path.read_bytes() == before


def test_bad_rows_refused_then_accepted(capsys, event_path, shared_data):
    run(capsys, "new", str(event_path), "--title", "T")
    source = shared_data / "kaputt_gemischte_spalten.csv"
    code, out, err = run(capsys, "import", str(event_path), str(source))
    assert code == 1
    assert "kaputt_gemischte_spalten.csv" in err and "row 6" in err and "row 13" in err and "row 21" in err
    assert "Traceback" not in err
    assert info(capsys, event_path)["attendees"] == 0
    code, out, err = run(capsys, "import", str(event_path), str(source), "--accept-good-rows")
    assert code == 0, err
    assert info(capsys, event_path)["attendees"] == 21


def test_dry_run_of_a_refused_file_fails_like_the_import(capsys, event_path, tmp_path):
    run(capsys, "new", str(event_path), "--title", "T")
    before = event_path.read_bytes()
    source = tmp_path / "kaputt.csv"
    source.write_text("Vorname;Nachname\nAnna;Abel\nBen;Berg\n" + "X" * 500 + ";Cruz\n", encoding="utf-8")
    source = str(source)
    real = run(capsys, "import", str(event_path), source)
    dry = run(capsys, "import", str(event_path), source, "--dry-run")
    assert real[0] == dry[0] == 1 and dry[2] == real[2] and "row 4" in dry[2]
    assert "would be refused" in dry[1] and "Readable attendee rows" in dry[1]
    assert event_path.read_bytes() == before
    code, out, err = run(capsys, "import", str(event_path), source, "--dry-run", "--accept-good-rows")
    assert (code, err) == (0, "")


def test_header_without_rows_is_refused_with_the_event_unchanged(capsys, event_path, tmp_path):
    run(capsys, "new", str(event_path), "--title", "T")
    before = info(capsys, event_path)
    source = tmp_path / "leer.csv"
    source.write_text("Vorname;Nachname;E-Mail\r\n", encoding="utf-8")
    for extra in ((), ("--dry-run",)):
        code, out, err = run(capsys, "import", str(event_path), str(source), *extra)
        assert code == 1 and "leer.csv" in err and "no rows" in err and "unchanged" in err, err
        assert "added" not in out
    plan = tmp_path / "plan.csv"
    plan.write_text("Tisch;Name;Plätze\n", encoding="utf-8")
    code, out, err = run(capsys, "import-tables", str(event_path), str(plan))
    assert code == 1 and "no rows" in err
    assert info(capsys, event_path) == before


def test_unclosed_quote_refused_at_row_9(capsys, event_path, shared_data):
    run(capsys, "new", str(event_path), "--title", "T")
    code, out, err = run(capsys, "import", str(event_path), str(shared_data / "kaputt_offenes_anfuehrungszeichen.csv"))
    assert code == 1 and "row 9" in err and "quote not closed" in err
    assert info(capsys, event_path)["attendees"] == 0


def test_map_override(capsys, event_path, tmp_path):
    run(capsys, "new", str(event_path), "--title", "T")
    source = tmp_path / "list.csv"
    source.write_text("Wer;Bei\nAda Lovelace;Analytical Engines\nAlan Turing;Bletchley\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(event_path), str(source), "--map", "full_name=Wer",
                         "--map", "organisation=Bei")
    assert code == 0, err
    assert info(capsys, event_path)["organisations"] == 2


def test_import_tables(capsys, event_path, shared_data):
    run(capsys, "new", str(event_path), "--title", "T")
    code, out, err = run(capsys, "import-tables", str(event_path), str(shared_data / "tischplan.csv"))
    assert code == 0, err
    data = info(capsys, event_path)
    assert data["tables"] == 18 and data["seats"] == 134


def test_demo_info_and_every_export_format(capsys, tmp_path):
    demo = tmp_path / "demo.gdbevent"
    assert run(capsys, "demo", str(demo))[0] == 0
    data = info(capsys, demo)
    assert data["attendees"] == 130 and data["tables"] == 18 and data["hosts"] == 18
    for fmt, target in (("xlsx", tmp_path / "e.xlsx"), ("json", tmp_path / "e.json"),
                        ("sqlite", tmp_path / "copy.gdbevent")):
        code, out, err = run(capsys, "export", str(demo), "--format", fmt, "--out", str(target))
        assert code == 0, err
        assert target.stat().st_size > 0
    assert info(capsys, tmp_path / "copy.gdbevent")["attendees"] == 130
    assignments = tmp_path / "csv"
    assert run(capsys, "export", str(demo), "--format", "csv", "--out", str(assignments))[0] == 0
    with open(assignments / "assignments.csv", encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh, delimiter=";"))
    assert header == ["attendee_id", "name", "round", "table"]


def test_installed_entry_point_runs_as_a_process(tmp_path):
    event = tmp_path / "p.gdbevent"
    result = subprocess.run([sys.executable, "-m", "gdb_facilitator", "new", str(event), "--title", "X"],
                            capture_output=True, text=True, env={**__import__("os").environ,
                                                                 "GDB_FACILITATOR_LANG": "en"})
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "gdb_facilitator", "info", str(tmp_path / "nope")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("name, phrases", [
    ("kaputt_offenes_anfuehrungszeichen.csv", ["Zeile 9", "Anführungszeichen"]),
    ("kaputt_leer.csv", ["leer"]),
    ("kaputt_keine_namensspalte.csv", ["keine Namensspalte", "gefundene Spalten: E-Mail, Telefon"]),
    ("kaputt_kein_excel.xlsx", ["keine gültige Excel-Datei"]),
    ("kaputt_gemischte_spalten.csv", ["Zeile 6, 13, 21", "mehr Felder als Spalten"]),
])
def test_refusals_in_german_name_the_file_and_the_problem(capsys, monkeypatch, event_path, shared_data,
                                                          name, phrases):
    run(capsys, "new", str(event_path), "--title", "T")
    monkeypatch.setenv("GDB_FACILITATOR_LANG", "de")
    code, out, err = run(capsys, "import", str(event_path), str(shared_data / name))
    assert code == 1
    assert name in err and "Traceback" not in err
    for phrase in phrases:
        assert phrase in err
    assert info(capsys, event_path)["attendees"] == 0
