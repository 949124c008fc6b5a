"""Fetching a row a user action refers to, or saying clearly that it is gone."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from gdb_facilitator.core.errors import DomainError

M = TypeVar("M")


def get_or_missing(s: Session, model: type[M], ident: int, code: str) -> M:
    """The ``model`` row with primary key ``ident``; DomainError(``code``) when there is none
    (e.g. deleted meanwhile by an undo in another page)."""
    row = s.get(model, ident)
    if row is None:
        raise DomainError(code, id=ident)
    return row
