"""Workarounds for defects in the Qt binding: ones that would crash the app, or slow its start."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from types import ModuleType


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


def read_source_faster() -> bool:
    """Make PySide's check of every newly imported module read the file, not `inspect` it.

    Once PySide6 is loaded, each module imported after it is searched for the text
    "PySide6" (`shibokensupport.feature._mod_uses_pyside`, PYSIDE-2029, for its
    `__feature__` switching) through `inspect.getsource`, which resolves, stats, caches
    and splits the whole file into lines: 17-20 ms of a start that imports ~175 modules
    after PySide (docs/performance.md, issue 21). Reading the file's bytes gives the same
    answer (a module from a `.py` file contains the text or not) in a tenth of the time;
    anything else (built-in, compiled, frozen, unreadable) keeps PySide's own check.

    Returns:
        Whether the check was replaced (False if this PySide has no such function).
    """
    import PySide6  # noqa: F401 - loads shiboken6 and with it shibokensupport

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, "_by_bytes", False):
        return False
    check: Callable[[ModuleType], bool] = original

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return check(module)

    mod_uses_pyside._by_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    return True
