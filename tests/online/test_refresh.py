"""`refresh`: newer arXiv versions, preprints gaining a DOI (merged, never duplicated)."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.library import Library
from papershelf.library.attachments import attach, attachment_path, attachments
from papershelf.library.lookup import add_identifiers, fill_pending, refresh
from pytest_httpserver import HTTPServer

from tests.online.conftest import ATOM, Cli, arxiv_feed, crossref_work
from tests.pdf.make_pdf import make_pdf

PRB_DOI = "10.1103/physrevb.85.115117"


@pytest.fixture(autouse=True)
def arxiv_knows_1111_2011(services: HTTPServer) -> None:
    services.expect_request("/api/query").respond_with_data(
        arxiv_feed("legacy-2016/arxivpy_id_list_1111.2011v2.xml"), content_type=ATOM
    )


def preprint(lib: Library) -> int:
    report = lib.import_drafts(
        [
            PaperDraft(
                title="Quantum criticality for extended nodes on a Bethe lattice",
                authors=["James M. Murray"],
                year=2011,
                arxiv_id="1111.2011",
                arxiv_version=1,
            )
        ]
    )
    return report.paper_ids[0]


def test_newer_version_and_new_doi_are_reported_and_recorded(
    lib: Library, services: HTTPServer
) -> None:
    pid = preprint(lib)
    report = refresh(lib)
    assert report.newer_versions == [(pid, "1111.2011", 1, 2)]
    assert report.published == [(pid, PRB_DOI)]
    paper = lib.get(pid)
    assert (paper.arxiv_version, paper.doi) == (2, PRB_DOI)
    # A refresh fills gaps on a complete paper; it does not rewrite the user's title.
    assert paper.title == "Quantum criticality for extended nodes on a Bethe lattice"
    assert report.exit_code == 0
    assert lib.check().ok


def test_preprint_merges_into_the_published_paper_with_its_doi(
    lib: Library, services: HTTPServer, tmp_path: Path
) -> None:
    pid = preprint(lib)
    pdf = tmp_path / "preprint.pdf"
    pdf.write_bytes(make_pdf(["Bethe lattice notes", "the quokka appendix"]))
    attach(lib, pid, pdf)
    lib.change_tags([pid], add=["to-cite"])
    lib.set_note(pid, "Read the large-N section.")
    lib.annotate(pid, "self-consistent effective action", page=2)
    lib.set_status(pid, ReadingStatus.READING)
    published = lib.import_drafts(
        [
            PaperDraft(
                title="Quantum criticality of nodes on a Bethe lattice (journal version)",
                year=2012,
                venue="Phys. Rev. B",
                doi=PRB_DOI,
            )
        ]
    ).paper_ids[0]
    lib.change_tags([published], add=["condensed-matter"])
    lib.set_note(published, "Journal copy.")

    report = refresh(lib)
    assert report.merged == [(pid, published, PRB_DOI)]
    assert lib.list_ids() == [published]
    paper = lib.get(published)
    assert (paper.arxiv_id, paper.arxiv_version, paper.doi) == ("1111.2011", 2, PRB_DOI)
    assert paper.tags == ["condensed-matter", "to-cite"]
    assert paper.note == "Journal copy.\n\nRead the large-N section."
    assert [a.quote for a in paper.annotations] == ["self-consistent effective action"]
    assert paper.status is ReadingStatus.READING
    assert paper.venue == "Phys. Rev. B"  # the published paper's own fields are kept
    assert lib.check().ok
    assert [h.paper_id for h in lib.search("Bethe").hits] == [published]
    # The preprint's PDF followed it: still listed, still on disk, still searchable.
    (kept,) = attachments(lib, published)
    assert attachment_path(lib, kept).read_bytes() == pdf.read_bytes()
    assert [h.paper_id for h in lib.search("quokka").hits] == [published]
    assert lib.merged_into(pid) == published
    # A second refresh finds nothing new.
    again = refresh(lib)
    assert (again.merged, again.published, again.newer_versions) == ([], [], [])


def test_refresh_query_limits_what_is_asked(lib: Library, services: HTTPServer) -> None:
    preprint(lib)
    lib.import_drafts([PaperDraft(title="Something else entirely", arxiv_id="2104.12255")])
    report = refresh(lib, "Bethe")
    assert report.checked == 1
    ((request, _),) = services.log
    assert request.args["id_list"] == "1111.2011"


def test_refresh_cli_prints_versions(lib_path: Path, services: HTTPServer, cli: Cli) -> None:
    with Library.open(lib_path) as lib:
        preprint(lib)
    code, out, err = cli("refresh")
    assert code == 0, err
    assert "arXiv:1111.2011: v1 → v2" in out
    assert f"published #1 doi:{PRB_DOI}" in out


def test_fill_pending_completes_placeholders_only(lib: Library, services: HTTPServer) -> None:
    preprint(lib)  # complete: fill_pending must not ask arXiv about it
    services.expect_request("/works/10.3892/ijo_00000353").respond_with_data(
        crossref_work("10.3892_ijo_00000353"), content_type="application/json"
    )
    placeholder = lib.import_text("10.3892/ijo_00000353\n", fmt="ids").paper_ids[0]
    assert lib.get(placeholder).extra["metadata_pending"] is True
    report = fill_pending(lib)
    assert report.completed == [placeholder]
    assert [r.path for r, _ in services.log] == ["/works/10.3892/ijo_00000353"]
    paper = lib.get(placeholder)
    assert "metadata_pending" not in paper.extra
    assert paper.title.startswith("Human bladder cancer cells")


def test_add_says_which_papers_it_created_so_undo_takes_out_only_those(
    lib: Library, services: HTTPServer
) -> None:
    theirs = lib.import_drafts([PaperDraft(title="Journal version", doi=PRB_DOI)]).paper_ids[0]
    (merged,) = add_identifiers(lib, ["1111.2011"]).items
    assert (merged.status, merged.paper_id, merged.created) == ("merged", theirs, False)
    lib.trash([theirs])
    (back,) = add_identifiers(lib, ["1111.2011"]).items
    assert (back.paper_id, back.created) == (theirs, True)  # back from the trash: undo re-trashes
