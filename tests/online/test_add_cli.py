"""`papershelf add` and `refresh` end to end: the CLI against a local server with real answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from papershelf.core.query import SortKey
from papershelf.library import Library
from pytest_httpserver import HTTPServer

from tests.online.conftest import (
    ATOM,
    HF_ID,
    Cli,
    arxiv_feed,
    crossref_work,
    hf_paper_json,
    requests_to,
)

HF_URL = f"https://huggingface.co/papers/{HF_ID}"
ARXIV_ID = "2104.12255"
DOI = "10.1038/srep16696"


def serve_three(server: HTTPServer) -> None:
    # arXiv knows 2104.12255 (its recorded answer); the HF paper comes from Hugging Face.
    server.expect_request("/api/query").respond_with_data(
        arxiv_feed("current-2025/arxivpy_id_2104.12255v1_s0_m100.xml"), content_type=ATOM
    )
    server.expect_request(f"/api/papers/{HF_ID}").respond_with_data(
        hf_paper_json(), content_type="application/json"
    )
    server.expect_request(f"/works/{DOI}").respond_with_data(
        crossref_work("10.1038_srep16696"), content_type="application/json"
    )


def papers(lib_path: Path) -> list[dict[str, Any]]:
    with Library.open(lib_path) as lib:
        return [
            {**p.to_json(), "extra": p.extra}
            for p in lib.get_many(lib.list_ids(sort=SortKey.ADDED))
        ]


def test_add_hf_url_arxiv_id_and_doi_creates_three_complete_papers(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    serve_three(services)
    code, out, err = cli("add", HF_URL, ARXIV_ID, DOI)
    assert code == 0, out + err
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("added") for line in lines)
    assert "Breaking the Memory Barrier" in lines[0]
    by_title = {str(p["title"]): p for p in papers(lib_path)}
    assert len(by_title) == 3
    hf = next(p for t, p in by_title.items() if t.startswith("Breaking the Memory Barrier"))
    assert hf["arxiv_id"] == HF_ID
    assert hf["url"] == HF_URL
    assert hf["abstract"]
    assert hf["authors"]
    assert hf["year"] == 2024
    assert hf["extra"]["upvotes"] == 64
    arxiv = next(p for p in by_title.values() if p["arxiv_id"] == ARXIV_ID)
    assert arxiv["authors"] == ["Quan Thoi Minh Nguyen"]
    assert arxiv["arxiv_version"] == 1
    crossref = next(p for p in by_title.values() if p["doi"] == DOI)
    assert str(crossref["title"]).startswith("Single-molecule FRET studies")
    assert crossref["venue"] == "Scientific Reports"
    assert crossref["year"] == 2015
    assert "<jats" not in str(crossref["abstract"])
    assert not any(p["extra"].get("metadata_pending") for p in by_title.values())
    # One batched arXiv call for both arXiv ids, one Hugging Face call, one Crossref call.
    assert requests_to(services, "/api/query") == 1
    ((request, _),) = [e for e in services.log if e[0].path == "/api/query"]
    assert set(request.args["id_list"].split(",")) == {HF_ID, ARXIV_ID}
    # The new papers are searchable at once.
    code, out, _ = cli("search", "cryptography", "--json")
    assert [hit["arxiv_id"] for hit in json.loads(out)["results"]] == [ARXIV_ID]


def test_offline_add_keeps_three_pending_papers_that_refresh_completes(
    offline: None,
    cli: Cli,
    lib_path: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = cli("add", HF_URL, ARXIV_ID, DOI)
    assert code == 2
    assert [line.split()[0] for line in out.splitlines()] == ["pending"] * 3
    assert "cannot connect" in out
    assert "papershelf refresh" in err
    pending = papers(lib_path)
    assert len(pending) == 3
    assert {p["title"] for p in pending} == {f"arXiv:{HF_ID}", f"arXiv:{ARXIV_ID}", f"doi:{DOI}"}
    assert all(p["extra"]["metadata_pending"] for p in pending)
    # The user works with a pending paper; the refresh must keep that.
    assert cli("tag", f"doi:{DOI}", "+to-cite")[0] == 0
    assert cli("status", ARXIV_ID, "reading")[0] == 0

    base = httpserver.url_for("/").rstrip("/")
    for var in ("PAPERSHELF_ARXIV_API", "PAPERSHELF_HF_API", "PAPERSHELF_CROSSREF_API"):
        monkeypatch.setenv(var, base)
    serve_three(httpserver)
    code, out, err = cli("refresh")
    assert code == 0, out + err
    assert out.count("completed") == 3
    assert "checked 3 papers" in out
    done = {p["id"]: p for p in papers(lib_path)}
    assert len(done) == 3
    assert not any(p["extra"].get("metadata_pending") for p in done.values())
    doi_paper = next(p for p in done.values() if p["doi"] == DOI)
    assert str(doi_paper["title"]).startswith("Single-molecule FRET")
    assert doi_paper["tags"] == ["to-cite"]
    arxiv = next(p for p in done.values() if p["arxiv_id"] == ARXIV_ID)
    assert arxiv["title"] == "0"
    assert arxiv["status"] == "reading"
    hf = next(p for p in done.values() if p["arxiv_id"] == HF_ID)
    assert str(hf["title"]).startswith("Breaking the Memory Barrier")
    code, out, _ = cli("search", "alpha-synuclein", "--json")
    assert [hit["id"] for hit in json.loads(out)["results"]] == [doi_paper["id"]]
    code, out, _ = cli("check")
    assert code == 0, out


def test_second_add_is_answered_from_the_cache(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    services.expect_request("/api/query").respond_with_data(
        arxiv_feed("current-2025/arxivpy_id_2104.12255v1_s0_m100.xml"), content_type=ATOM
    )
    assert cli("add", ARXIV_ID)[0] == 0
    assert len(services.log) == 1
    assert list((lib_path / "cache" / "arxiv").glob("*.json"))
    code, out, _ = cli("add", f"https://arxiv.org/abs/{ARXIV_ID}v1")
    assert code == 0
    assert out.startswith("already")
    assert len(services.log) == 1  # no second request
    assert len(papers(lib_path)) == 1


def test_cache_days_zero_asks_again(services: HTTPServer, cli: Cli, lib_path: Path) -> None:
    services.expect_request("/api/query").respond_with_data(
        arxiv_feed("current-2025/arxivpy_id_2104.12255v1_s0_m100.xml"), content_type=ATOM
    )
    assert cli("config", "cache_days", "0")[0] == 0
    assert cli("add", ARXIV_ID)[0] == 0
    assert cli("add", ARXIV_ID)[0] == 0
    assert len(services.log) == 2


def test_unknown_inputs_fail_with_a_reason_and_add_nothing(
    services: HTTPServer, cli: Cli, lib_path: Path
) -> None:
    code, out, _ = cli("add", "not-an-id", "https://example.org/paper", "--json")
    assert code == 1
    results = json.loads(out)["results"]
    assert [r["status"] for r in results] == ["failed", "failed"]
    assert "not an arXiv id, DOI" in results[0]["message"]
    assert services.log == []
    assert papers(lib_path) == []


def test_config_shows_and_sets_settings(cli: Cli, lib_path: Path) -> None:
    code, out, _ = cli("config")
    assert code == 0
    assert "arxiv_api = " in out
    assert "cache_days = " in out
    assert cli("config", "arxiv_interval", "4.5")[0] == 0
    code, out, _ = cli("config", "arxiv_interval")
    assert out.strip() == "arxiv_interval = 4.5"
    code, _, err = cli("config", "arxiv_interval", "soon")
    assert code == 1
    assert "arxiv_interval" in err
    code, _, err = cli("config", "no_such_setting")
    assert code == 1
    assert "unknown setting" in err


def test_adding_a_trashed_pending_paper_again_brings_it_back(
    offline: None, cli: Cli, lib_path: Path
) -> None:
    assert cli("add", ARXIV_ID)[0] == 2
    assert cli("rm", ARXIV_ID)[0] == 0
    code, out, _ = cli("add", ARXIV_ID)
    assert code == 2
    assert out.startswith("pending")
    (paper,) = papers(lib_path)
    assert paper["trashed_at"] is None
