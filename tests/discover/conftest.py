"""A library whose online services point at a local threaded HTTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.config.settings import save_setting
from papershelf.library import Library
from pytest_httpserver import HTTPServer

from tests.conftest import shared_file

DAILY = "fixtures/huggingface/daily_papers_2024-10-25.json"
ARXIV_QUERY = "fixtures/arxiv-atom/current-2025/rsxiv_query.xml"


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    # Threaded: a handler that sleeps past the client's timeout must not hold up the others.
    srv = HTTPServer(threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        srv.stop()


@pytest.fixture
def online_lib(
    tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Library]:
    base = server.url_for("").rstrip("/")
    monkeypatch.setenv("PAPERSHELF_HF_API", base)
    monkeypatch.setenv("PAPERSHELF_ARXIV_API", base)
    path = tmp_path / "lib"
    path.mkdir()
    save_setting(path, "http_timeout", 0.5)
    save_setting(path, "http_retries", 0)
    save_setting(path, "arxiv_interval", 0)
    lib = Library.open(path)
    try:
        yield lib
    finally:
        lib.close()


@pytest.fixture
def daily_json() -> bytes:
    return shared_file(DAILY).read_bytes()


@pytest.fixture
def arxiv_xml() -> bytes:
    return shared_file(ARXIV_QUERY).read_bytes()
