"""Settings survive a restart: every key is written in one process and read in another.

Qt's INI format turns a group named "general" into ``[%General]``, which a new process
reads back as ``General/...``; within one process the value seemed to stick, so only a
second process shows the loss.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

from gdb_facilitator.ui import settings as keys
from gdb_facilitator.ui.settings import ALL_KEYS, AppSettings, Key

ROOT = Path(__file__).resolve().parents[2]

# Import every module that declares a key, so that ALL_KEYS is complete (in both processes).
KEY_MODULES = (
    "gdb_facilitator.ui.settings",
    "gdb_facilitator.ui.backup_scheduler",
    "gdb_facilitator.ui.windows.projector_window",
    "gdb_facilitator.ui.pages.follow_up_page",
    "gdb_facilitator.ui.pages.output_page",
    "gdb_facilitator.ui.dialogs.decidim_dialog",
    "gdb_facilitator.ui.team",
)

CHILD = r"""
import importlib, json, sys
from PySide6.QtCore import QByteArray, QSettings
folder, mode, modules = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
for m in modules:
    importlib.import_module(m)
from gdb_facilitator.ui.settings import ALL_KEYS, AppSettings
s = AppSettings()
if mode == "write":
    values = json.loads(sys.stdin.read())
    for name, value in values.items():
        key = ALL_KEYS[name]
        if isinstance(key.default, QByteArray):
            value = QByteArray(value.encode("latin-1"))
        s.set(key, value)
    s.sync()
elif mode == "legacy":
    # what versions before the fix wrote
    q = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, s.q.organizationName(),
                  s.q.applicationName())
    q.setValue("general/language", "en")
    q.setValue("general/open_last_event", True)
    q.setValue("general/backup_folder", "/media/stick/backups")
    q.sync()
else:
    out = {}
    for name, key in ALL_KEYS.items():
        value = s.get(key)
        if isinstance(value, QByteArray):
            value = bytes(value.data()).decode("latin-1")
        out[name] = value
    s.sync()
    print(json.dumps(out))
"""


def _run(folder: Path, mode: str, stdin: str = "") -> str:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), mode, json.dumps(KEY_MODULES)],
        input=stdin, capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def _sample(key: Key) -> object:
    """A value different from the key's default, of its type."""
    d = key.default
    if isinstance(d, bool):
        return not d
    if isinstance(d, int):
        return d + 7
    if isinstance(d, list):
        return ["/home/anna/Jahreskonferenz.gdbevent", "/home/anna/Österreich-Tag.gdbevent"]
    if isinstance(d, QByteArray):
        return "\x01\x02geometry\xff"
    return f"{d}-geändert" if d else "en"


def _all_keys() -> dict[str, Key]:
    import importlib

    for module in KEY_MODULES:
        importlib.import_module(module)
    return dict(ALL_KEYS)


def test_every_setting_survives_a_restart(tmp_path):
    all_keys = _all_keys()
    assert {"preferences/language", "preferences/open_last_event", "state/recent_files",
            "window/geometry", "backups/folder", "projector/screen"} <= set(all_keys)
    values = {name: _sample(key) for name, key in all_keys.items()}
    _run(tmp_path, "write", json.dumps(values))
    read = json.loads(_run(tmp_path, "read"))
    assert read == values


def test_language_english_sticks_across_processes(tmp_path):
    _run(tmp_path, "write", json.dumps({"preferences/language": "en"}))
    assert json.loads(_run(tmp_path, "read"))["preferences/language"] == "en"


def test_choices_stored_under_the_old_general_group_are_kept(tmp_path):
    _run(tmp_path, "legacy")
    ini = next(tmp_path.rglob("*.ini")).read_text()
    assert "[%General]" in ini  # the format that lost the values
    read = json.loads(_run(tmp_path, "read"))
    assert read["preferences/language"] == "en"
    assert read["preferences/open_last_event"] is True
    assert read["backups/folder"] == "/media/stick/backups"
    # moved once: the old group is gone, the values now live under their new names
    ini = next(tmp_path.rglob("*.ini")).read_text()
    assert "%General" not in ini
    assert "[preferences]" in ini
    assert json.loads(_run(tmp_path, "read"))["preferences/language"] == "en"


def test_a_key_in_the_general_group_is_refused():
    with pytest.raises(ValueError):
        Key[str]("general/anything", "")
    with pytest.raises(ValueError):
        Key[str]("General/anything", "")
    with pytest.raises(ValueError):
        Key[str]("no_group", "")


def test_language_menu_marks_the_language_and_switches_without_a_notice(qtbot, session):
    window = session.window
    de, en = window.actions_by_id["language_de"], window.actions_by_id["language_en"]
    assert window.running_language == "en"
    assert en.isChecked() and not de.isChecked()
    de.trigger()  # no "from the next start" box: the window switches at once
    assert window.running_language == "de" and window.nav.item(1).text() == "Ankunft"
    assert de.isChecked() and not en.isChecked()
    assert AppSettings().get(keys.LANGUAGE) == "de"


def test_language_menu_marks_the_system_language_when_none_was_chosen(qtbot, qapp):
    from gdb_facilitator.ui import i18n
    from gdb_facilitator.ui.app import start_session

    settings = AppSettings()
    settings.set(keys.LANGUAGE, "")
    s = start_session(qapp, settings)
    qtbot.addWidget(s.window)
    try:
        system = i18n.system_language()
        assert s.window.actions_by_id[f"language_{system}"].isChecked()
    finally:
        s.window.close()
        s.close()


def test_settings_file_has_no_general_group(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    s = AppSettings()
    s.set(keys.LANGUAGE, "en")
    s.set(keys.OPEN_LAST_EVENT, True)
    s.sync()
    assert "General" not in Path(s.file_name).read_text()
