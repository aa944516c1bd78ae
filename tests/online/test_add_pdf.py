"""`papershelf add FILE.pdf`: the PDF's arXiv stamp is looked up, and its text is searchable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.library import Library
from pytest_httpserver import HTTPServer

from tests.conftest import shared_file
from tests.online.conftest import ATOM, ENV_VARS, Cli, arxiv_feed, closed_port_url

PDF = "fixtures/pdfs/arxivpy_1111.2011v2.pdf"
TITLE = "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"


def test_pdf_with_an_arxiv_stamp_becomes_a_complete_searchable_paper(
    cli: Cli, services: HTTPServer, lib_path: Path
) -> None:
    pdf = shared_file(PDF)
    services.expect_request("/api/query").respond_with_data(
        arxiv_feed("legacy-2016/arxivpy_id_list_1111.2011v2.xml"), content_type=ATOM
    )
    code, out, _ = cli("--json", "add", str(pdf), "1111.2011")
    assert code == 0
    first, second = json.loads(out)["results"]
    assert (first["status"], first["title"]) == ("added", TITLE)
    assert second["status"] == "merged"  # the id typed beside it is the same paper
    assert second["paper_id"] == first["paper_id"]
    with Library.open(lib_path) as lib:
        paper = lib.get(first["paper_id"])
        assert paper.arxiv_id == "1111.2011"
        assert "metadata_pending" not in paper.extra
        hits = lib.search("has:pdf Bethe lattice").hits
        assert [h.paper_id for h in hits] == [paper.id]


def test_offline_the_pdf_is_pending_and_refresh_completes_it(
    cli: Cli, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, lib_path: Path
) -> None:
    pdf = shared_file(PDF)
    dead = closed_port_url()
    for var in ENV_VARS:
        monkeypatch.setenv(var, dead)
    code, out, err = cli("add", str(pdf))
    assert code == 2, out + err
    assert out.startswith("pending")
    with Library.open(lib_path) as lib:
        (pid,) = lib.list_ids()
        assert lib.get(pid).extra.get("metadata_pending")
        assert lib.get(pid).arxiv_id == "1111.2011"

    base = httpserver.url_for("/").rstrip("/")
    for var in ENV_VARS:
        monkeypatch.setenv(var, base)
    httpserver.expect_request("/api/query").respond_with_data(
        arxiv_feed("legacy-2016/arxivpy_id_list_1111.2011v2.xml"), content_type=ATOM
    )
    code, out, _ = cli("refresh")
    assert code == 0
    with Library.open(lib_path) as lib:
        assert lib.get(pid).title == TITLE
        assert lib.search("has:pdf").total == 1


def test_a_file_that_is_not_a_pdf_is_refused_by_name(cli: Cli, tmp_path: Path) -> None:
    fake = tmp_path / "notes.pdf"
    fake.write_text("just some notes", "utf-8")
    code, out, _ = cli("add", str(fake))
    assert code == 1
    assert out.startswith("failed")
    assert "notes.pdf" in out


def test_a_damaged_pdf_is_kept_and_says_its_text_could_not_be_read(
    cli: Cli, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    code, out, _ = cli("add", str(broken))
    assert code == 0  # the paper and its file are kept; the line says what went wrong
    assert out.startswith("added"), out
    assert "could not be extracted" in out
