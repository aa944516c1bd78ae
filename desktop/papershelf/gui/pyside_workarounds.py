"""Workarounds for defects in the Qt binding: ones that would crash the app, or slow its start."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget

VIEWPORT_NAME = "qt_scrollarea_viewport"
"""The object name Qt gives every scroll area's viewport (QAbstractScrollArea)."""


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


def viewport(view: QAbstractScrollArea) -> QWidget:
    """`view.viewport()`, without making PySide build every QtWidgets class first.

    A widget Qt made and Python has not seen yet, returned as a QWidget (`viewport()`,
    `widget()`...), makes PySide 6.12 find its type by building every QtWidgets class it
    has not built yet: ~10 ms, at the first such call (the sidebar's, before the window's
    first paint). Returned as a QObject (`findChild`), it is typed from its class name,
    and once Python has it, `view.viewport()` returns it as it is. A viewport set with
    `setViewport` has no such name: then `viewport()` it is.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    found = view.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else view.viewport()
