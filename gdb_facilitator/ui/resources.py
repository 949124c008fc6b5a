"""Where the top-level ``resources/`` folder is: beside the package in a checkout,
inside ``sys._MEIPASS`` in a PyInstaller build."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from gdb_facilitator import paths


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def resources_dir() -> Path:
    # One resolver for CLI and app (gdb_facilitator.paths), so both find the same files.
    return paths.resources_dir()


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def i18n_dir() -> Path:
    return resource_path("i18n")


@lru_cache(maxsize=None)
def icon(name: str):  # noqa: ANN201 (QIcon; imported lazily so this module stays Qt-free)
    """``resources/icons/<name>.svg`` as a QIcon; an empty icon when there is none."""
    from PySide6.QtGui import QIcon

    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
