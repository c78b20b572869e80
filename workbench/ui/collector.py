"""The cyclic garbage collector and the GUI thread's responsiveness.

A full collection walks every object the process holds while it holds the interpreter lock:
in the open app (Qt wrappers, pydantic models, matplotlib, the catalog: ~130,000 objects)
that took 60 ms on a quiet machine and 150-200 ms on a busy one, and when it ran on a worker
(the PDF export, a chart drawing) the GUI thread could not run for that long. Objects that
live as long as the process are moved out of the collector's way once (``gc.freeze``); they
are still freed by reference counting, only cycles among them are never collected, so it is
done once per kind of long-lived state, not at every open or export.
"""

from __future__ import annotations

import gc

_frozen: set[str] = set()


def freeze_once(state: str) -> None:
    """Move every object alive now out of the collector's reach, the first time ``state``
    (e.g. "application": the window and its first design; "pdf": the PDF libraries) is
    complete in this process."""
    if state not in _frozen:
        _frozen.add(state)
        gc.freeze()
