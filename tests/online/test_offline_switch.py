"""`online = false`: nothing leaves the machine, whoever asks (add, refresh, feeds, a PDF).

Every service points at a real local server (the `services` fixture), which must see no
request at all while the switch is off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.config.settings import Settings, load_settings
from papershelf.library import Library
from papershelf.library.lookup import PENDING, pending_ids
from papershelf.online.http import HttpClient, OfflineError
from pytest_httpserver import HTTPServer

from tests.conftest import make_draft
from tests.online.conftest import Cli

ARXIV_ID = "2104.12255"
DOI = "10.1038/srep16696"
OFF = "online lookups are turned off (papershelf config online true)"


def switch_off(cli: Cli, lib_path: Path) -> None:
    code, out, err = cli("config", "online", "false")
    assert code == 0, err
    assert out.strip() == "online = false"
    assert load_settings(lib_path).online is False


def test_the_client_refuses_before_connecting(services: HTTPServer) -> None:
    base = services.url_for("/").rstrip("/")
    settings = Settings(online=False, arxiv_api=base, http_retries=3, arxiv_interval=3.0)
    slept: list[float] = []
    with HttpClient(settings, sleep=slept.append) as client:
        with pytest.raises(OfflineError, match="online lookups are turned off") as caught:
            client.get("arXiv", f"{base}/api/query", params={"id_list": ARXIV_ID})
        assert client.requests_made == 0
    assert str(caught.value) == f"arXiv: {OFF}"
    assert slept == []  # refused at once: no retries, no backoff, no rate-limit wait
    assert services.log == []


def test_add_keeps_pending_papers_and_asks_nobody(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    switch_off(cli, lib_path)
    code, out, _ = cli("add", ARXIV_ID, f"https://huggingface.co/papers/{ARXIV_ID}", DOI)
    assert code == 2
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["pending", "pending", "pending"]
    assert all(OFF in line for line in lines)
    with Library.open(lib_path) as lib:
        ids = pending_ids(lib)
        assert len(ids) == 2  # the arXiv id and its Hugging Face link are one paper
        assert {lib.get(i).title for i in ids} == {f"arXiv:{ARXIV_ID}", f"doi:{DOI}"}
        assert all(lib.get(i).extra.get(PENDING) for i in ids)
    assert services.log == []


def test_add_with_the_pdf_download_on_still_asks_nobody(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    assert cli("config", "download_arxiv_pdf", "true")[0] == 0
    switch_off(cli, lib_path)
    assert cli("add", ARXIV_ID)[0] == 2
    assert services.log == []


def test_refresh_leaves_papers_waiting_and_asks_nobody(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    switch_off(cli, lib_path)
    assert cli("add", ARXIV_ID)[0] == 2
    with Library.open(lib_path) as lib:  # and a complete paper refresh would ask about
        lib.import_drafts([make_draft(1, arxiv_id="1111.2011", arxiv_version=1)])
    code, out, _ = cli("refresh")
    assert code == 2
    assert f"pending   #1 arXiv:{ARXIV_ID}: arXiv: {OFF}" in out
    with Library.open(lib_path) as lib:
        assert pending_ids(lib) == [1]
    assert services.log == []


def test_feeds_fetch_says_it_is_off_and_asks_nobody(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    for spec in ("daily-papers", "arxiv:cs.LG", services.url_for("/feed.xml")):
        assert cli("feeds", "add", spec)[0] == 0
    switch_off(cli, lib_path)
    code, out, _ = cli("feeds", "fetch")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 3
    assert all(line.endswith(OFF) for line in errors)
    assert services.log == []


def test_switching_back_on_goes_online_again(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    switch_off(cli, lib_path)
    assert cli("add", ARXIV_ID)[0] == 2
    assert services.log == []
    services.expect_request("/api/query").respond_with_data("busy", status=503)
    assert cli("config", "online", "true")[0] == 0
    code, out, _ = cli("refresh")
    assert code == 2  # the server is busy: still pending, but it was asked
    assert "HTTP 503" in out
    assert len(services.log) == 1
