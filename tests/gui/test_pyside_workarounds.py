"""A long session of Qt calls must not exhaust None's reference count (PySide6 6.12 on 3.11)."""

from __future__ import annotations

import os
import subprocess
import sys

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
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", _SESSION],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert "survived" in proc.stdout
