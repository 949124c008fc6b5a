"""Every QSettings key the app uses, declared once with its type and default.

QSettings returns strings for bools and ints from INI files on some platforms; each key
converts its own value, so callers always get the declared type. Event data never goes
here: it lives in the event file.

Qt's INI format keeps keys without a group in ``[General]`` and escapes a group of that
name as ``[%General]``, which another process reads back as ``General/...``: a group
called "general" loses its values across restarts. :class:`Key` refuses that name; keys
that once lived there name their ``old_names`` and are moved on first read.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from gdb_facilitator import APP_ID, ORG_NAME

log = logging.getLogger(__name__)

T = TypeVar("T")

SETTINGS_ORG_ENV = "GDB_FACILITATOR_SETTINGS_ORG"
MAX_RECENT = 8


# Every key declared anywhere in the app, so that one test can round-trip them all.
ALL_KEYS: dict[str, "Key[Any]"] = {}


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T
    # Where earlier versions stored the value; read once, then moved to ``name``.
    old_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        group, _, leaf = self.name.rpartition("/")
        if not group or not leaf or group.split("/")[0].casefold() == "general":
            raise ValueError(f"setting {self.name!r}: give it a group other than 'general'")
        ALL_KEYS[self.name] = self

    def convert(self, value: Any) -> T:
        default = self.default
        if value is None:
            return default
        try:
            if isinstance(default, bool):
                if isinstance(value, str):
                    return value.strip().lower() in ("1", "true", "yes", "on")  # type: ignore[return-value]
                return bool(value)  # type: ignore[return-value]
            if isinstance(default, int):
                return int(value)  # type: ignore[return-value]
            if isinstance(default, list):
                if isinstance(value, str):
                    return [value] if value else []  # type: ignore[return-value]
                return [str(v) for v in value]  # type: ignore[return-value]
            if isinstance(default, QByteArray):
                return QByteArray(value)  # type: ignore[return-value]
            return str(value)  # type: ignore[return-value]
        except (TypeError, ValueError):
            log.warning("setting %s has an unreadable value %r; using the default", self.name, value)
            return default


# User preferences
LANGUAGE = Key[str]("preferences/language", "",  # "" = follow the system
                    old_names=("General/language", "general/language"))
OPEN_LAST_EVENT = Key[bool]("preferences/open_last_event", False,
                            old_names=("General/open_last_event", "general/open_last_event"))
# Remembered UI state
RECENT_FILES = Key[list]("state/recent_files", [])
LAST_IMPORT_FOLDER = Key[str]("state/last_import_folder", "")
LAST_EVENT_FOLDER = Key[str]("state/last_event_folder", "")
WINDOW_GEOMETRY = Key[QByteArray]("window/geometry", QByteArray())
WINDOW_STATE = Key[QByteArray]("window/state", QByteArray())


def settings_org() -> str:
    return os.environ.get(SETTINGS_ORG_ENV) or ORG_NAME


class AppSettings:
    """Typed access to the app's QSettings (INI format, also readable by people)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                        settings_org(), APP_ID)

    def get(self, key: Key[T]) -> T:
        if key.old_names and not self.q.contains(key.name):
            self._move_old(key)
        return key.convert(self.q.value(key.name))

    def _move_old(self, key: Key[Any]) -> None:
        for old in key.old_names:
            if self.q.contains(old):
                value = self.q.value(old)
                self.q.setValue(key.name, value)
                log.info("setting %s moved to %s", old, key.name)
                break
        for old in key.old_names:
            self.q.remove(old)

    def set(self, key: Key[T], value: T) -> None:
        self.q.setValue(key.name, value)

    def add_recent(self, path: str) -> list[str]:
        recent = [p for p in self.get(RECENT_FILES) if p != path]
        recent.insert(0, path)
        recent = recent[:MAX_RECENT]
        self.set(RECENT_FILES, recent)
        return recent

    def remove_recent(self, path: str) -> list[str]:
        recent = [p for p in self.get(RECENT_FILES) if p != path]
        self.set(RECENT_FILES, recent)
        return recent

    def sync(self) -> None:
        self.q.sync()

    @property
    def file_name(self) -> str:
        return self.q.fileName()
