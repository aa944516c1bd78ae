"""Edits the user is waiting for go first; bulk work in other threads steps aside.

On two cores a bulk import in a background thread competes with the window's thread for the
GIL: each time an edit's SQLite or Qt call gives up the GIL, getting it back costs up to a
switch interval, and an edit makes a hundred such calls. So while an edit runs under
`foreground()`, every other thread of this process waits at the start of its next write
transaction (`step_aside`, called by the storage layer's turnstile) until the edit is over.
Work already inside a transaction finishes it first, so nothing waits on a lock held by a
thread that is waiting here.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

LONGEST_PAUSE_S = 0.25
"""Background work never waits longer than this for the foreground (no starvation)."""

FOREGROUND_SWITCH_INTERVAL = 0.00002
"""While an edit runs, other threads give the GIL back after 20 µs instead of the default."""

_cond = threading.Condition()
_saved = [0.005]
_periods = [0]  # foreground periods ended so far
_owners: dict[int, int] = {}  # thread id -> nesting depth of foreground()


@contextmanager
def foreground() -> Iterator[None]:
    """Mark the calling thread's work as what the user is waiting for."""
    me = threading.get_ident()
    with _cond:
        if not _owners:
            _saved[0] = sys.getswitchinterval()
            sys.setswitchinterval(FOREGROUND_SWITCH_INTERVAL)
        _owners[me] = _owners.get(me, 0) + 1
    try:
        yield
    finally:
        with _cond:
            depth = _owners.pop(me) - 1
            if depth:
                _owners[me] = depth
            if not _owners:
                sys.setswitchinterval(_saved[0])
                _periods[0] += 1
                _cond.notify_all()


def step_aside(timeout: float = LONGEST_PAUSE_S) -> None:
    """Wait (a bounded time) until the foreground work of other threads running now ends.

    Only the current period: an edit that starts after it does not hold this thread back
    again, so edits in a row cannot starve a bulk job.
    """
    me = threading.get_ident()
    with _cond:
        if not _owners or me in _owners:
            return
        period = _periods[0]
        _cond.wait_for(lambda: _periods[0] != period, timeout=timeout)
