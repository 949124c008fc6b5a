"""Keep shiboken6 6.12.0 from crashing the app on Python 3.11.

Measured here: with PySide6/shiboken6 6.12.0 on Python 3.11, every call of a wrapped
C++ method that returns nothing (``label.setText``, ``painter.fillRect``...) takes one
reference from ``None`` without having given one (6.11.2 does not; Python 3.12 made
``None`` immortal, which hides it there). ``None`` starts with ~50,000 references, so a
projector repainting every second and a 200 ms timer tick (about 28 such calls a tick)
bring it to zero in minutes, and Python aborts ("none_dealloc: deallocating None").

The remedy is what Python 3.12 does: give ``None`` a reference count it can never use
up. Applied once, only for the affected release on an affected Python; the real fix
is a PySide6 release without the bug.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

AFFECTED = {"6.12.0"}
_applied = False


def guard_none_refcount() -> bool:
    """Make ``None`` practically immortal where the affected shiboken6 runs; True if applied."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _applied
    try:
        import shiboken6
    except ImportError:
        return False
    if shiboken6.__version__ not in AFFECTED:
        return False
    import ctypes  # only where it is needed: not part of every start

    # ob_refcnt is the first field of every CPython object; 2**40 decrements never happen.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    _applied = True
    log.warning("shiboken6 %s loses references to None on Python %s; guarded",
                shiboken6.__version__, sys.version.split()[0])
    return True
