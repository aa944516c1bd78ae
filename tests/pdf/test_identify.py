"""Which paper a PDF is: ids and titles from real PDFs (shared fixtures) and edge cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from papershelf.pdf.extract import Extraction
from papershelf.pdf.identify import Identity, identify
from papershelf.pdf.run import extract_pdf

from tests.conftest import shared_file


def identify_file(name: str) -> Identity:
    path: Path = shared_file(f"fixtures/pdfs/{name}")
    return identify(extract_pdf(path, max_pages=1, timeout=60))


@pytest.mark.parametrize(
    ("name", "arxiv", "version", "doi"),
    [
        # A page that holds nothing but a DOI.
        ("zotero_recognizePDF_test_DOI.pdf", None, None, "10.1371/journal.pntd.0003350"),
        # arXiv's margin stamp, rotated in the left margin.
        ("zotero_recognizePDF_test_arXiv_1412.6206.pdf", "1412.6206", 1, None),
        ("arxivpy_1111.2011v2.pdf", "1111.2011", 2, None),
        # DOI in XMP / custom Info keys (not the journal's WPS-JOURNALDOI) / on page 1.
        ("Keim2024_ICSE_10.1145-3597503.3639130.pdf", None, None, "10.1145/3597503.3639130"),
        ("Fritzsch2022_SPE_10.1002-spe.3169.pdf", None, None, "10.1002/spe.3169"),
        ("Bogner2019_PeerJCS_10.7717-peerj-cs.213.pdf", None, None, "10.7717/peerj-cs.213"),
    ],
)
def test_real_pdfs_resolve_to_their_ids(
    name: str, arxiv: str | None, version: int | None, doi: str | None
) -> None:
    ident = identify_file(name)
    assert (ident.arxiv_id, ident.arxiv_version, ident.doi) == (arxiv, version, doi)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        # No id anywhere: the first page's largest text.
        ("zotero_recognizePDF_test_title.pdf", "Bitcoin: A Peer-to-Peer Electronic Cash System"),
        # Its Info title is a gnuplot figure's file name; the stamp is skipped too.
        (
            "zotero_recognizePDF_test_arXiv_1412.6206.pdf",
            "Scaling study of an improved fermion action on quenched lattices",
        ),
        ("pypdf-sample_xmp-metadata.pdf", "Sample PDF with XMP Metadata"),
    ],
)
def test_titles_from_metadata_or_first_page(name: str, title: str) -> None:
    assert identify_file(name).title == title


def test_the_arxiv_stamp_gives_the_identifier_to_look_up() -> None:
    assert identify_file("arxivpy_1111.2011v2.pdf").identifier == "1111.2011v2"


def extraction(first_page: str = "", **kwargs: Any) -> Extraction:
    return Extraction(page_count=1, pages=[first_page], **kwargs)


def test_an_arxiv_doi_names_the_arxiv_paper() -> None:
    ident = identify(extraction("See https://doi.org/10.48550/arXiv.2401.12345 for details"))
    assert ident.arxiv_id == "2401.12345"


def test_several_loose_arxiv_mentions_are_citations_not_the_paper() -> None:
    ident = identify(extraction("Prior work [arXiv:2101.00001] and [arXiv:2102.00002] ..."))
    assert ident.arxiv_id is None


def test_a_doi_keeps_its_parentheses_but_not_surrounding_punctuation() -> None:
    ident = identify(extraction("(DOI: 10.1016/S0140-6736(20)30183-5)."))
    assert ident.doi == "10.1016/s0140-6736(20)30183-5"


def test_junk_metadata_title_falls_back_to_the_largest_text() -> None:
    ident = identify(
        extraction(
            info={"Title": "Microsoft Word - draft7.docx", "Author": "jdoe"},
            first_page_fragments=[(9.0, "Some affiliation"), (17.0, "A Real Title Here")],
        )
    )
    assert ident.title == "A Real Title Here"
    assert ident.authors == ()  # the junk title's author is not trusted either


def test_metadata_authors_split_only_when_they_are_names() -> None:
    ident = identify(
        extraction(info={"Title": "A Good Title", "Author": "Ada Lovelace; Alan Turing"})
    )
    assert ident.authors == ("Ada Lovelace", "Alan Turing")
