"""Shared fixtures: real libraries in temporary folders, never the user's own."""

from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from papershelf.core.models import PaperDraft
from papershelf.library import Library

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No per-example deadline: these 2-core machines are often busy. On CI the examples are
# derandomised, so a red run can be reproduced exactly.
settings.register_profile("papershelf", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("papershelf")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_LISTING = SHARED / "samples" / "daily-papers-listing.txt"


def shared_file(relative: str) -> Path:
    """A file from ../shared/, or skip: a user's fresh clone has no ../shared/."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} not present (fresh clone without shared fixtures)")
    return path


def in_ci(env: Mapping[str, str] | None = None) -> bool:
    """Whether this is a CI run (`CI=true`), where `.ci/run` has installed every tool."""
    value = (os.environ if env is None else env).get("CI", "")
    return value.strip().lower() in {"1", "true", "yes"}


def require(problem: str | None) -> None:
    """Skip a test whose display or system tool is missing here; on CI, fail instead.

    A developer's machine may lack Xvfb or desktop-file-utils, and the test says so and
    skips. On CI `.ci/run` installs them all, so a missing one is a broken setup that must
    show up red, not as a quiet skip.
    """
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"{problem} [CI=true: .ci/run installs this, so the test fails, not skips]")
    pytest.skip(problem)


def require_tool(name: str, package: str) -> str:
    """The path of command `name`, or skip (fail on CI) naming the apt `package` to install."""
    path = shutil.which(name)
    require(None if path else f"{name} is not installed (apt install {package})")
    assert path is not None
    return path


# "Cannot load library …/libqxcb.so: (libxcb-icccm.so.4: cannot open shared object file: …)"
_CANNOT_LOAD = re.compile(r"Cannot load library \S+: \(?(?P<lib>[^\s:()]+): (?P<why>[^)\"\n]+)")


def describe_xcb_failure(output: str, returncode: int) -> str:
    """One line out of what a Qt program printed when its xcb platform would not start."""
    found = _CANNOT_LOAD.search(output)
    if found:
        lib = Path(found["lib"]).name
        from papershelf.gui.app import XCB_LIBRARIES

        package = XCB_LIBRARIES.get(lib)
        hint = f" (apt install {package})" if package else ""
        return f"Qt's xcb platform plugin cannot load {lib}: {found['why'].strip()}{hint}"
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    qt = [line for line in lines if line.startswith("qt.qpa")]
    return (qt or lines or [f"exit status {returncode}"])[0]


@functools.cache
def xcb_display_problem(library_path: str | None = None) -> str | None:
    """Why a Qt window cannot open under Xvfb with the xcb platform here; None when it can.

    Probed in a subprocess, as the tests that need a display run their app: a missing X
    library makes Qt abort the whole process. `library_path` (LD_LIBRARY_PATH) is for
    testing this probe.
    """
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        return "xvfb-run is not installed (apt install xvfb xauth)"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(QT_QPA_PLATFORM="xcb", QT_DEBUG_PLUGINS="1")  # names the missing library
    if library_path is not None:
        env["LD_LIBRARY_PATH"] = library_path
    code = "from PySide6.QtWidgets import QApplication; QApplication([])"
    try:
        proc = subprocess.run(
            [xvfb, "-a", sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "a Qt window under xvfb-run did not start within 120 s"
    if proc.returncode == 0:
        return None
    return "no X display for Qt: " + describe_xcb_failure(
        proc.stderr + proc.stdout, proc.returncode
    )


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every default location at the test's own folder."""
    monkeypatch.setenv("PAPERSHELF_LIBRARY", str(tmp_path / "default-library"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("PAPERSHELF_LOG_DIR", str(tmp_path / "log"))
    # Tests never reach the internet: every online service points at a closed local port
    # unless a test points it at its own local server.
    offline = _closed_port_url()
    for var in ("PAPERSHELF_ARXIV_API", "PAPERSHELF_HF_API", "PAPERSHELF_CROSSREF_API"):
        monkeypatch.setenv(var, offline)


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    return tmp_path / "lib"


@pytest.fixture
def library(lib_path: Path) -> Iterator[Library]:
    lib = Library.open(lib_path)
    try:
        yield lib
    finally:
        lib.close()


def make_draft(n: int, **overrides: Any) -> PaperDraft:
    """A distinct, plausible paper number `n`."""
    fields: dict[str, Any] = {
        "title": f"Paper number {n}: a study of topic {n}",
        "authors": [f"Author{n} Alpha", "Beta Gamma"],
        "year": 2000 + n % 25,
        "abstract": f"An abstract about subject {n} and general machine learning ideas.",
    }
    fields.update(overrides)
    return PaperDraft(**fields)


@pytest.fixture(scope="session")
def sample_listing_text() -> str:
    if not SAMPLE_LISTING.exists():
        pytest.skip("../shared/samples/daily-papers-listing.txt not present (fresh clone)")
    return SAMPLE_LISTING.read_text("utf-8")


def copy_library(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
