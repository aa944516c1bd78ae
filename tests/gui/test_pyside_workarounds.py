"""A long session of Qt calls must not exhaust None's reference count (PySide6 6.12 on 3.11)."""

from __future__ import annotations

import os
import py_compile
import subprocess
import sys
from pathlib import Path


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    """`code` in a fresh offscreen interpreter; its output (it must exit cleanly)."""
    env = {**(os.environ if env is None else env), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-1500:]
    return proc.stdout


_SESSION = """
import papershelf.gui  # applies the workaround
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("x")
for i in range(100_000):  # each void call used to drop a reference to None
    label.setText(str(i % 7))
    app.processEvents()
print("survived")
"""


def test_a_long_session_of_void_qt_calls_does_not_abort() -> None:
    assert "survived" in _run(_SESSION)


_FEATURE_CHECK = """
import sys
sys.path.insert(0, sys.argv[1])
import papershelf.gui  # replaces PySide's check
feature = sys.modules["shibokensupport.feature"]
import uses_qt, plain, compiled_only
print(getattr(feature._mod_uses_pyside, "_by_bytes", False))
print(*(feature.pyside_feature_dict[m] for m in ("uses_qt", "plain", "compiled_only")))
"""


def test_modules_imported_after_pyside_are_classified_as_pyside_would(tmp_path: Path) -> None:
    # PySide marks a module that mentions PySide6 for its __feature__ switching (0) and
    # ignores the others (-1); read by bytes, the verdicts stay the same.
    (tmp_path / "uses_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain.py").write_text("import json\n")
    source = tmp_path / "compiled_only.py"
    source.write_text("VALUE = 'PySide6'\n")
    py_compile.compile(str(source), cfile=str(tmp_path / "compiled_only.pyc"))
    source.unlink()  # no source to read: PySide's own check answers
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    assert _run(_FEATURE_CHECK, str(tmp_path), env=env).split() == ["True", "0", "-1", "-1"]


_VIEWPORTS = """
import sys
import papershelf.gui
from papershelf.gui.pyside_workarounds import viewport
from PySide6.QtWidgets import (
    QApplication, QListWidget, QScrollArea, QTextBrowser, QTreeWidget, QWidget,
)
app = QApplication([])
widgets = vars(sys.modules["PySide6.QtWidgets"])
views = [QTreeWidget(), QTextBrowser(), QListWidget(), QScrollArea()]
inner = QScrollArea()
views[3].setWidget(inner)  # a scroll area inside: its own viewport is not the outer one's
mine = QWidget()
replaced = QTreeWidget()
replaced.setViewport(mine)
found = [viewport(v) for v in views] + [viewport(inner), viewport(replaced)]
built_before = "QMessageBox" in widgets
print(all(f is v.viewport() for f, v in zip(found, [*views, inner, replaced])),
      found[-1] is mine, built_before)
"""


def test_viewport_is_the_views_own_and_builds_no_other_widget_class() -> None:
    """`viewport()` is what the view paints in; asked for it, PySide builds no other class."""
    assert _run(_VIEWPORTS).split() == ["True", "True", "False"]
