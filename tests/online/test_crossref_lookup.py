"""DOIs: Crossref answers read as papers, and DOIs with special characters sent intact."""

from __future__ import annotations

from pathlib import Path

from papershelf.importers.crossref_json import CrossrefJsonImporter
from papershelf.importers.registry import choose_importer
from papershelf.library import Library
from papershelf.library.lookup import add_identifiers
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.online.conftest import crossref_work, fixture_text, write_settings

SICI_DOI = "10.1002/(SICI)1097-4547(19960215)43:4<439::AID-JNR5>3.0.CO;2-G"


def test_doi_with_special_characters_reaches_crossref_intact(
    lib: Library, services: HTTPServer
) -> None:
    seen: list[tuple[str, str]] = []

    def record(request: Request) -> Response:
        seen.append((request.path, request.environ["RAW_URI"]))
        return Response("Resource not found.", status=404)

    services.expect_request(f"/works/{SICI_DOI.lower()}").respond_with_handler(record)
    report = add_identifiers(lib, [f"https://doi.org/{SICI_DOI.replace('<', '%3C')}"])
    # The decoded path is exactly the DOI; on the wire ( ) : ; < > were percent-encoded.
    assert seen == [
        (
            f"/works/{SICI_DOI.lower()}",
            "/works/10.1002/%28sici%291097-4547%2819960215%2943%3A4%3C439%3A%3Aaid-jnr5"
            "%3E3.0.co%3B2-g",
        )
    ]
    item = report.items[0]
    assert item.status == "failed"
    assert report.exit_code == 1
    assert item.message == f"Crossref has no record of doi:{SICI_DOI.lower()}"


def test_doi_with_underscore_becomes_a_complete_paper(lib: Library, services: HTTPServer) -> None:
    services.expect_request("/works/10.3892/ijo_00000353").respond_with_data(
        crossref_work("10.3892_ijo_00000353"), content_type="application/json"
    )
    report = add_identifiers(lib, ["doi:10.3892/IJO_00000353"])
    paper = lib.get(report.items[0].paper_id or 0)
    assert paper.doi == "10.3892/ijo_00000353"
    assert paper.title.startswith("Human bladder cancer cells undergo cisplatin-induced")
    assert paper.authors == ["Stravopodis"]
    assert (paper.year, paper.venue) == (2009, "International Journal of Oncology")


def test_contact_email_is_sent_as_mailto(lib_path: Path, services: HTTPServer) -> None:
    write_settings(lib_path, contact_email="me@example.org")
    services.expect_request(
        "/works/10.3892/ijo_00000353", query_string={"mailto": "me@example.org"}
    ).respond_with_data(crossref_work("10.3892_ijo_00000353"), content_type="application/json")
    with Library.open(lib_path) as lib:
        assert add_identifiers(lib, ["10.3892/ijo_00000353"]).exit_code == 0
    request = services.log[0][0]
    assert "mailto:me@example.org" in request.headers["User-Agent"]


def test_jats_abstract_is_plain_text() -> None:
    parsed = CrossrefJsonImporter().parse(crossref_work("10.1038_srep16696"))
    (draft,) = parsed.drafts
    assert draft.abstract is not None
    assert draft.abstract.startswith("Oligomers of alpha-synuclein are toxic")
    assert "<" not in draft.abstract
    assert "Abstract" not in draft.abstract[:20]
    assert draft.authors[:2] == ["Laura Tosatto", "Mathew H. Horrocks"]
    assert draft.entry_type == "article"


def test_saved_crossref_responses_import_with_auto_detection() -> None:
    text = fixture_text("fixtures/crossref/work_10.1109_icdcsw.2003.1203662.json")
    importer = choose_importer(text)
    assert importer.name == "crossref-json"
    (draft,) = importer.parse(text).drafts
    assert draft.entry_type == "inproceedings"
    listing = fixture_text("fixtures/crossref/works-list_query_ecology_rows_2.json")
    assert len(choose_importer(listing).parse(listing).drafts) == 2


def test_crossref_csl_transform_is_still_csl_json() -> None:
    text = fixture_text("fixtures/crossref/transform-csljson_10.1126_science.169.3946.635.json")
    assert choose_importer(text).name == "csl-json"


def test_acl_anthology_links_are_looked_up_by_their_doi(lib: Library, services: HTTPServer) -> None:
    from papershelf.library.adding import add_inputs

    services.expect_request("/works/10.18653/v1/2020.acl-main.1").respond_with_data(
        crossref_work("10.3892_ijo_00000353"), content_type="application/json"
    )
    services.expect_request("/works/10.18653/v1/p19-1001").respond_with_data(
        "Resource not found.", status=404
    )
    report = add_inputs(
        lib, ["https://aclanthology.org/2020.acl-main.1/", "aclanthology.org/P19-1001.pdf"]
    )
    first, second = report.items
    assert first.status == "added"  # the answer served here is another paper's record
    assert second.status == "failed"
    assert second.message == "Crossref has no record of doi:10.18653/v1/p19-1001"
