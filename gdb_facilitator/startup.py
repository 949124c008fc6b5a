"""What the app does differently until its first screen is up.

Start-up creates hundreds of thousands of objects that live as long as the program (modules,
classes, the ORM's mappings, the window's widgets) and almost no garbage. Python's cyclic
garbage collector would scan them again and again while they are made (about 200 runs,
0.1 to 0.2 s of a start-up of 0.9 s); held until the event is on screen and then told
that everything made so far stays (:func:`gc.freeze`), it scans only what is made later.
Reference counting frees everything else as usual meanwhile; only the reference cycles
that start-up itself left behind are never collected (about 650 objects with the demo event,
once; collecting them would cost a full scan of the 87,000 start-up objects).
"""

from __future__ import annotations

import gc

_held = False


def hold_garbage_collection() -> None:
    """Pause the cyclic garbage collector until :func:`release_garbage_collection`."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_garbage_collection() -> None:
    """Start-up is over: keep what was made so far out of later scans, collect again."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def holding_garbage_collection() -> bool:
    return _held
