"""Workarounds for defects in the Qt binding that would otherwise crash the app."""

from __future__ import annotations

import ctypes
import sys


def keep_none_alive() -> None:
    """Make `None` immortal on Python < 3.12, as Python 3.12+ does by itself (PEP 683).

    PySide6 6.12's stable-ABI wheels return `None` from every void C++ call (`update()`,
    `setText()`, `processEvents()`, an empty `QModelIndex.data()`…) without taking a
    reference, which is right on 3.12+ where None is immortal but loses one reference per
    call on 3.11. After ~40,000 such calls the interpreter aborts with "Fatal Python error:
    none_dealloc" (found by benchmarks/gui.py; reproduced with a bare QLabel: one reference
    lost per `setText`). Raising None's count far out of reach is exactly what immortality
    means in 3.12.
    """
    if sys.version_info >= (3, 12):
        return
    # True and False lose references the same way (a GUI test editing while the CLI writes
    # drifted them by ~1,000 and aborted with "bool_dealloc" at exit; issue 8).
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython's (non-debug) layout.
        refcnt = ctypes.c_ssize_t.from_address(id(singleton))
        if refcnt.value < 1 << 40:
            refcnt.value += 1 << 40
