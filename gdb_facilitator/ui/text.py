"""Text helpers for the UI: accent- and case-blind search keys (the core's fold)."""

from __future__ import annotations

from gdb_facilitator.core.text import fold

__all__ = ["fold"]
