"""A local stand-in for arXiv, Hugging Face and Crossref serving their real recorded answers."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from papershelf.cli import main
from papershelf.library import Library
from pytest_httpserver import HTTPServer

from tests.conftest import shared_file

ARXIV = "fixtures/arxiv-atom"
ATOM = "application/atom+xml; charset=utf-8"
HF_DAILY = "fixtures/huggingface/daily_papers_2024-10-25.json"
HF_ID = "2410.17243"  # the first paper of that day
ENV_VARS = ("PAPERSHELF_ARXIV_API", "PAPERSHELF_HF_API", "PAPERSHELF_CROSSREF_API")
FAST = {"arxiv_interval": 0, "http_retries": 0, "http_timeout": 5}


def fixture_text(relative: str) -> str:
    return shared_file(relative).read_text("utf-8")


def arxiv_feed(name: str) -> str:
    return fixture_text(f"{ARXIV}/{name}")


def hf_paper_json(arxiv_id: str = HF_ID) -> str:
    """What `/api/papers/{id}` returns: the `paper` object of a daily_papers entry."""
    daily = json.loads(fixture_text(HF_DAILY))
    paper = next(item["paper"] for item in daily if item["paper"]["id"] == arxiv_id)
    return json.dumps(paper)


def crossref_work(doi_file: str) -> str:
    return fixture_text(f"fixtures/crossref/work_{doi_file}.json")


def arxiv_query(*ids: str) -> dict[str, str]:
    return {"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))}


def write_settings(lib: Path, **values: object) -> None:
    lib.mkdir(parents=True, exist_ok=True)
    (lib / "settings.json").write_text(json.dumps({**FAST, **values}), "utf-8")


def closed_port_url() -> str:
    """A local URL nothing listens on: connecting is refused at once (we are "offline")."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def services(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    """Every service base URL pointed at the local server (through the env overrides)."""
    base = httpserver.url_for("/").rstrip("/")
    for var in ENV_VARS:
        monkeypatch.setenv(var, base)
    yield httpserver
    httpserver.check_assertions()


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    url = closed_port_url()
    for var in ENV_VARS:
        monkeypatch.setenv(var, url)


@pytest.fixture
def lib(lib_path: Path, services: HTTPServer) -> Iterator[Library]:
    """A library whose settings ask the local server, with no waits and no retries."""
    write_settings(lib_path)
    library = Library.open(lib_path)
    yield library
    library.close()


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], lib_path: Path) -> Cli:
    write_settings(lib_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--library", str(lib_path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def requests_to(server: HTTPServer, path_prefix: str) -> int:
    return sum(1 for request, _ in server.log if request.path.startswith(path_prefix))
