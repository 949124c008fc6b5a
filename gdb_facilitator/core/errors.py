"""Typed errors raised by the core.

The core emits no prose: every error carries a stable ``code`` and the parameters a
message needs. ``gdb_facilitator.messages`` turns them into German or English text for
the command line and the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class DomainError(Exception):
    """An expected problem caused by the user's input or environment."""

    code: str = "domain_error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code}: {params}")


class EventFileError(DomainError):
    """The event file cannot be created, opened or written."""

    code = "event_file"


class EventLockedError(EventFileError):
    """Another app instance already has the event open."""

    code = "event_locked"


@dataclass(frozen=True)
class ImportProblem:
    """One reason an import cannot go ahead as it is.

    ``row`` is 1-based as a spreadsheet shows it (the header is row 1); ``None`` when the
    problem concerns the whole file. ``column`` is the header text where one applies.
    """

    code: str
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


class ImportRejected(DomainError):
    """The import file is refused as a whole; the event file was not touched."""

    code = "import_rejected"

    def __init__(self, path: str, problems: list[ImportProblem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self.code, path=path, count=len(problems))


class ValidationError(DomainError):
    """A value a user typed does not fit (empty title, capacity < 1, ...)."""

    code = "invalid"
