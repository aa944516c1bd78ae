"""What a fresh install must hold: one Whoosh, a Qt-free core, working entry points."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest


def test_only_whoosh_reloaded_provides_the_whoosh_module() -> None:
    assert metadata.version("whoosh-reloaded").startswith("2.7.")
    for other in ("whoosh", "whoosh3"):
        with pytest.raises(metadata.PackageNotFoundError):
            metadata.distribution(other)


def test_the_command_line_never_loads_qt() -> None:
    code = (
        "import sys, papershelf.cli, papershelf.library; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_console_script_reports_its_version() -> None:
    from papershelf import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "papershelf", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert __version__ in proc.stdout
