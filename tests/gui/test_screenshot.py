"""The real app under Xvfb: a screenshot of the main window with a query, for a person to see."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from papershelf.library import Library
from papershelf.library.sample import load_sample
from PySide6.QtGui import QImage

from tests.conftest import REPO, require, xcb_display_problem


def test_screenshot_of_the_main_window_with_a_query(tmp_path: Path) -> None:
    # Skips where no Qt window can open under Xvfb (say, a fresh machine without the xcb
    # libraries), naming what is missing; on CI, where .ci/run installs them, it fails.
    require(xcb_display_problem())
    lib_path = tmp_path / "lib"
    with Library.open(lib_path) as lib:
        load_sample(lib)
    out = tmp_path / "main-window-diffusion.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    proc = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            sys.executable,
            "-m",
            "tests.gui.screenshot_app",
            str(lib_path),
            "diffusion",
            str(out),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1440, 860)
    # Not a blank window: many distinct colours (text, selection, highlights).
    colours = {image.pixel(x, y) for x in range(0, 1440, 7) for y in range(0, 860, 7)}
    assert len(colours) > 50
    print(f"screenshot saved to {out}")
