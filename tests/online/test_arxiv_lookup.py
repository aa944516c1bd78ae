"""arXiv lookups against the real recorded answers: id forms, batching, errors, rate limit."""

from __future__ import annotations

import threading
from pathlib import Path

from papershelf.config.settings import Settings
from papershelf.library import Library
from papershelf.library.lookup import add_identifiers
from papershelf.online.arxiv import fetch_arxiv
from papershelf.online.http import HttpClient, LookupFailure
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.online.conftest import ATOM, arxiv_feed, arxiv_query, write_settings


def serve(server: HTTPServer, ids: tuple[str, ...], name: str, status: int = 200) -> None:
    server.expect_request("/api/query", query_string=arxiv_query(*ids)).respond_with_data(
        arxiv_feed(name), status=status, content_type=ATOM
    )


def test_old_style_id_is_found(lib: Library, services: HTTPServer) -> None:
    serve(services, ("astro-ph/0601001",), "current-2025/arxivpy_id_astro-ph_0601001_s0_m100.xml")
    report = add_identifiers(lib, ["arXiv:astro-ph/0601001"])
    assert report.exit_code == 0
    paper = lib.get(report.items[0].paper_id or 0)
    assert paper.arxiv_id == "astro-ph/0601001"
    assert paper.arxiv_version == 1
    assert paper.title.startswith("Frequency of Hot Jupiters")
    assert paper.authors[:2] == ["Andrew Gould", "Susan Dorsher"]


def test_legacy_format_answer_with_a_doi_and_journal(lib: Library, services: HTTPServer) -> None:
    serve(services, ("1111.2011",), "legacy-2016/arxivpy_id_list_1111.2011v2.xml")
    report = add_identifiers(lib, ["https://arxiv.org/pdf/1111.2011v1.pdf"])
    item = report.items[0]
    assert item.status == "added"
    # The user gave v1; arXiv's latest is v2, which is kept, and the user is told.
    assert item.message == "v2 is the latest version (you gave v1)"
    paper = lib.get(item.paper_id or 0)
    assert paper.arxiv_version == 2
    assert paper.doi == "10.1103/physrevb.85.115117"
    assert paper.venue == "Phys. Rev. B 85, 115117 (2012)"
    assert paper.title == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )


def test_versioned_id_asks_for_the_paper_and_records_its_version(
    lib: Library, services: HTTPServer
) -> None:
    serve(services, ("quant-ph/0201082",), "current-2025/arxivpy_id_quant-ph_0201082v1_s0_m100.xml")
    report = add_identifiers(lib, ["quant-ph/0201082v1"])
    paper = lib.get(report.items[0].paper_id or 0)
    assert (paper.arxiv_id, paper.arxiv_version) == ("quant-ph/0201082", 1)
    assert paper.title.startswith("Quantum Computers and Quantum Computer Languages")
    assert report.items[0].message is None


def test_empty_result_is_a_clear_failure_and_adds_nothing(
    lib: Library, services: HTTPServer
) -> None:
    serve(services, ("0808.05394",), "current-2025/arxivpy_id_0808.05394_s0_m100.xml")
    report = add_identifiers(lib, ["0808.05394"])
    assert report.exit_code == 1
    assert report.items[0].status == "failed"
    assert report.items[0].message == "arXiv has no paper with this id"
    assert lib.count() == 0


def test_http_400_error_feed_is_reported_without_retrying(
    lib_path: Path, services: HTTPServer
) -> None:
    write_settings(lib_path, http_retries=2)
    serve(services, ("2401.00001",), "current-2025/arxivpy_id_abc_s0_m100.http400.xml", 400)
    with Library.open(lib_path) as lib:
        report = add_identifiers(lib, ["2401.00001"])
        assert report.items[0].status == "failed"
        assert "incorrect id format for abc" in (report.items[0].message or "")
        assert lib.count() == 0
    assert len(services.log) == 1


def test_http_500_is_retried_with_backoff_then_kept_pending(
    lib_path: Path, services: HTTPServer
) -> None:
    write_settings(lib_path, http_retries=2)
    services.expect_request("/api/query").respond_with_data("Internal Server Error", status=500)
    sleeps: list[float] = []
    with Library.open(lib_path) as lib:
        client = HttpClient(lib.settings, sleep=sleeps.append)
        report = add_identifiers(lib, ["2104.12255"], client=client)
        client.close()
        item = report.items[0]
        assert item.status == "pending"
        assert report.exit_code == 2
        assert "HTTP 500" in (item.message or "")
        paper = lib.get(item.paper_id or 0)
        assert paper.title == "arXiv:2104.12255"
        assert paper.extra["metadata_pending"] is True
        assert paper.extra["added_as"] == "2104.12255"
    assert len(services.log) == 3
    assert sleeps == [0.5, 1.0]


def test_timeout_keeps_the_paper_pending(lib_path: Path, services: HTTPServer) -> None:
    write_settings(lib_path, http_timeout=0.3)
    release = threading.Event()
    answered = threading.Event()
    released_by_test: list[bool] = []

    def held(_request: Request) -> Response:
        # The answer is held until the test has the lookup's result: a client that waited
        # for it instead of timing out would only get it after the 60 s safety limit.
        released_by_test.append(release.wait(timeout=60))
        answered.set()
        return Response("too late", status=200)

    services.expect_request("/api/query").respond_with_handler(held)
    with Library.open(lib_path) as lib:
        try:
            report = add_identifiers(lib, ["2104.12255"])
            # Ordering, not wall time: the lookup gave up while the server still held it.
            assert not answered.is_set()
        finally:
            release.set()
        assert answered.wait(timeout=60)
        assert released_by_test == [True]
        assert report.items[0].status == "pending"
        assert "no answer within 0.3 s" in (report.items[0].message or "")


def test_malformed_xml_keeps_the_paper_pending_with_the_reason(
    lib: Library, services: HTTPServer
) -> None:
    text = arxiv_feed("current-2025/arxivpy_id_2104.12255v1_s0_m100.xml")
    services.expect_request("/api/query").respond_with_data(
        text[: len(text) // 2],
        content_type=ATOM,  # a connection cut half-way
    )
    report = add_identifiers(lib, ["2104.12255"])
    item = report.items[0]
    assert item.status == "pending"
    assert "not a readable Atom feed" in (item.message or "")
    assert lib.get(item.paper_id or 0).extra["metadata_pending"] is True
    # Nothing broken was cached: the next lookup asks again.
    assert not (lib.path / "cache" / "arxiv").exists()


def test_many_ids_go_in_one_request(lib: Library, services: HTTPServer) -> None:
    ids = ("2201.13455", "2201.13452", "2201.13453", "2201.13454")
    serve(services, ids, "current-2025/rsxiv_query_missing_id.xml")
    report = add_identifiers(lib, list(ids))
    assert len(services.log) == 1
    assert [i.status for i in report.items] == ["failed", "added", "failed", "failed"]
    assert report.exit_code == 2
    assert lib.get(report.items[1].paper_id or 0).title.startswith("Asymptotic Analysis")


def test_rate_limit_holds_between_batches(services: HTTPServer) -> None:
    serve(services, ("2201.13455", "2201.13452"), "current-2025/rsxiv_query_missing_id.xml")
    serve(services, ("2201.13453", "2201.13454"), "current-2025/arxivpy_id_0000.0000_s0_m100.xml")
    base = services.url_for("/").rstrip("/")
    settings = Settings(arxiv_api=base, arxiv_interval=3.0, http_retries=0)
    # A clock that moves only when the client sleeps: however long the first request takes
    # on a busy machine, the wait before the second is exactly the interval.
    now = [1000.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    with HttpClient(settings, sleep=sleep, clock=lambda: now[0]) as client:
        ids = ["2201.13455", "2201.13452", "2201.13453", "2201.13454"]
        results = fetch_arxiv(ids, client, batch_size=2)
    assert len(services.log) == 2
    assert sleeps == [3.0]
    assert not isinstance(results["2201.13452"], LookupFailure)
    assert isinstance(results["2201.13454"], LookupFailure)
