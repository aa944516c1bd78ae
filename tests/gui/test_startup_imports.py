"""The window's first paint needs only the list: the rest is imported and built after it.

A start used to import every page, dialog and lookup (the HTTP client, the importers,
the exporters, the PDF reader, Whoosh) before the first paint: 0.5 s of imports for a
window that shows a list (docs/performance.md, issue 21).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.test_inbox import inbox_path, server  # noqa: F401 (fixtures)
from tests.library.test_search import PAPERS

NOT_BEFORE_THE_FIRST_PAINT = (
    "httpx",
    "whoosh",
    "defusedxml",
    "bibtexparser",
    "PySide6.QtPdf",
    "papershelf.importers.registry",
    "papershelf.exporters.registry",
    "papershelf.library.ops",
    "papershelf.library.inbox",
    "papershelf.library.sample",
    "papershelf.library.annotations",
    "papershelf.pdf.identify",
    "papershelf.pdf.run",
    "papershelf.gui.views.inbox",
    "papershelf.gui.views.stats",
    "papershelf.gui.reader.view",
    "papershelf.gui.dialogs.add_identifiers",
    # The Preferences and Shortcuts dialogs (the window reads its settings and keys through
    # gui/prefs.py), the damaged-library dialog and the Inbox's model.
    "papershelf.gui.dialogs.preferences",
    "papershelf.gui.dialogs.shortcuts",
    "papershelf.gui.dialogs.damaged_library",
    "papershelf.gui.views.inbox_model",
    # The sidebar's Inbox count needs one query (storage/inbox_counts.py), not the Inbox's
    # store; hashlib (OpenSSL) only when a file is attached.
    "papershelf.storage.inbox",
    "hashlib",
    # The single-instance socket is Python's on Unix (QtNetwork only for Windows' pipes),
    # made with `_socket` (socket.py is loaded when a later launch connects).
    *(() if sys.platform == "win32" else ("PySide6.QtNetwork", "socket")),
)

# The app's own start (GuiSession: settings, theme, library, window, show), watched through
# the window's own first-paint signal (an application-wide Python event filter would make
# PySide wrap every widget Qt makes, building classes the start does not): what is imported
# and built when the window paints for the first time.
FIRST_PAINT = """
import json, sys, time
from papershelf.gui.app import GuiSession, make_application
from papershelf.gui.widgets.sidebar import ROLE_COUNT
from PySide6.QtCore import Qt

app = make_application()
session = GuiSession(app)
seen = {}

def first_paint():
    window = session.window
    inbox = window.sidebar.findItems("Inbox", Qt.MatchFlag.MatchRecursive)[0]
    seen.update(modules=sorted(sys.modules), inbox_count=inbox.data(0, ROLE_COUNT),
                rest_built=getattr(window, "rest_built", None),
                widget_classes=sorted(vars(sys.modules["PySide6.QtWidgets"])),
                gui_classes=sorted(vars(sys.modules["PySide6.QtGui"])))

assert session.open_library(sys.argv[1])
assert "painted" not in session.timeline  # shown, painted by the event loop below
session.window.sig_first_paint.connect(first_paint)
deadline = time.monotonic() + 60
while not (seen and getattr(session.window, "rest_built", True)) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.002)
seen["painted_by_paint_event"] = session.window.first_paint_was_painted
seen["rest_built_after"] = getattr(session.window, "rest_built", None)
seen["inbox_page_count"] = session.window.inbox_view.last_left
session.close()
print(json.dumps(seen))
"""


def _start(code: str, library: Path, tmp_path: Path) -> str:
    """Run `code` (a start of the window on `library`) in a fresh process; its stdout."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    env["PAPERSHELF_CONFIG_DIR"] = str(tmp_path / "config")
    proc = subprocess.run(
        [sys.executable, "-c", code, str(library)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


NOT_BUILT_BEFORE_THE_FIRST_PAINT = (
    *("QMessageBox", "QFileDialog", "QInputDialog", "QDialog"),
    # A note's headings are restyled with these; the first paper shown has no note.
    *("QTextFormat", "QTextCharFormat", "QTextCursor", "QImage"),
    # The events Qt sends no Python handler of the start as a bare QEvent (an eventFilter
    # or changeEvent written in Python, which makes PySide build every QEvent subclass).
    *("QTabletEvent", "QTouchEvent", "QGraphicsSceneMouseEvent", "QNativeGestureEvent"),
)
"""PySide builds a Qt class (and each of its enums) when Python first touches it: the
dialogs are imported where they open, and no widget Qt made reaches Python as a plain
QWidget before the paint (that builds every QtWidgets class, `pyside_workarounds.viewport`)."""


def test_the_first_paint_imports_no_page_lookup_importer_or_index(
    inbox_path: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    seen = json.loads(_start(FIRST_PAINT, inbox_path, tmp_path).strip().splitlines()[-1])
    loaded = set(seen["modules"])
    assert [m for m in NOT_BEFORE_THE_FIRST_PAINT if m in loaded] == []
    built = set(seen["widget_classes"]) | set(seen["gui_classes"])
    assert "QTableView" in built  # (the probe sees the classes PySide built)
    assert [c for c in NOT_BUILT_BEFORE_THE_FIRST_PAINT if c in built] == []
    assert seen["painted_by_paint_event"] is True
    assert seen["inbox_count"] == 29  # the sidebar's count is there from the first paint
    assert seen["rest_built"] is False
    assert seen["rest_built_after"] is True  # … and the other pages right after it
    assert seen["inbox_page_count"] == 29


def is_built(window: MainWindow) -> bool:
    return window.rest_built


def test_every_command_works_before_the_rest_of_the_window_is_built(
    qtbot: QtBot, lib_path: Path
) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS)
    window = MainWindow(Library.open(lib_path, indexing="background"))
    qtbot.addWidget(window)  # never shown: nothing is built after a paint
    try:
        assert not window.rest_built
        assert window.registry.unbound() == []  # every menu item and key has its handler
        window.registry.qaction("go.inbox").trigger()
        assert is_built(window)  # (a call: mypy keeps the narrowing of the property above)
        assert window.pages.currentWidget() is window.inbox_view
        registry = window.registry
        for mode in ("inbox", "stats", "duplicates", "reader"):
            assert registry.bindings[mode]
            assert set(registry.mode_actions[mode]) == set(registry.bindings[mode]), mode
    finally:
        close_window(window)


# What `papershelf --library DIR` runs (and benchmarks/gui.py times): the collector is off
# from the start until the first paint, and on again after it.
GC_DURING_START = """
import gc, sys
from papershelf.gui.app import make_application, start_gui

app = make_application()
session = start_gui(sys.argv[1])
shown = session.window.isVisible(), gc.isenabled()
while "painted" not in session.timeline:
    app.processEvents()
painted = gc.isenabled()
session.close()
print(*shown, painted)
"""


def test_no_garbage_collection_until_the_first_paint(lib_path: Path, tmp_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS)
    assert _start(GC_DURING_START, lib_path, tmp_path).split() == ["True", "False", "True"]
