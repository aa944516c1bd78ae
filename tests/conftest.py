"""Shared fixtures: real libraries in temporary folders, never the user's own."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

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


def make_draft(n: int, **overrides: object) -> PaperDraft:
    """A distinct, plausible paper number `n`."""
    fields: dict[str, object] = {
        "title": f"Paper number {n}: a study of topic {n}",
        "authors": [f"Author{n} Alpha", "Beta Gamma"],
        "year": 2000 + n % 25,
        "abstract": f"An abstract about subject {n} and general machine learning ideas.",
    }
    fields.update(overrides)
    return PaperDraft(**fields)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def sample_listing_text() -> str:
    if not SAMPLE_LISTING.exists():
        pytest.skip("../shared/samples/daily-papers-listing.txt not present (fresh clone)")
    return SAMPLE_LISTING.read_text("utf-8")


def copy_library(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
