"""The operations layer runs without Qt: importing it loads no PySide6."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

CODE = """
import sys
import papershelf.core.changes, papershelf.library.ops, papershelf.library.undo
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(qt)
sys.exit(1 if qt else 0)
"""


def test_ops_and_undo_import_no_pyside() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=REPO / "desktop",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "[]"
