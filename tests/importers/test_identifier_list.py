"""The identifier-list importer: arXiv ids, DOIs and paper URLs, one per line."""

from __future__ import annotations

from papershelf.importers.base import Importer, Skipped
from papershelf.importers.identifiers import IdentifierListImporter

LIST = """# papers to read
2401.12345v2
hep-th/9901001

https://arxiv.org/pdf/2401.12345v3.pdf
https://huggingface.co/papers/2401.12345
10.1000/XYZ123
https://doi.org/10.1000/xyz123
this is not a paper
arXiv:math.GT/0309136  # trailing comment
<https://arxiv.org/abs/1706.03762>
"""


def test_is_an_importer() -> None:
    importer: Importer = IdentifierListImporter()
    assert importer.name == "ids"


def test_every_kind_of_identifier() -> None:
    result = IdentifierListImporter().parse(LIST)
    rows = [(d.line, d.title, d.arxiv_id, d.arxiv_version, d.doi, d.url) for d in result.drafts]
    assert rows == [
        (2, "arXiv:2401.12345", "2401.12345", 2, None, "https://arxiv.org/abs/2401.12345v2"),
        (
            3,
            "arXiv:hep-th/9901001",
            "hep-th/9901001",
            None,
            None,
            "https://arxiv.org/abs/hep-th/9901001",
        ),
        (5, "arXiv:2401.12345", "2401.12345", 3, None, "https://arxiv.org/abs/2401.12345v3"),
        (
            6,
            "arXiv:2401.12345",
            "2401.12345",
            None,
            None,
            "https://huggingface.co/papers/2401.12345",
        ),
        (7, "doi:10.1000/xyz123", None, None, "10.1000/xyz123", "https://doi.org/10.1000/xyz123"),
        (8, "doi:10.1000/xyz123", None, None, "10.1000/xyz123", "https://doi.org/10.1000/xyz123"),
        (
            10,
            "arXiv:math/0309136",
            "math/0309136",
            None,
            None,
            "https://arxiv.org/abs/math/0309136",
        ),
        (11, "arXiv:1706.03762", "1706.03762", None, None, "https://arxiv.org/abs/1706.03762"),
    ]
    for draft in result.drafts:
        assert draft.source == "ids"
        assert draft.extra == {"metadata_pending": True}
        assert draft.authors == []
    assert result.skipped == [
        Skipped(9, "not an arXiv id, DOI or paper URL: 'this is not a paper'")
    ]


def test_long_junk_line_is_shortened() -> None:
    result = IdentifierListImporter().parse("2401.12345\n" + "x" * 500 + "\n")
    (skip,) = result.skipped
    assert skip.line == 2
    assert len(skip.reason) < 150


def test_crlf_and_bom() -> None:
    result = IdentifierListImporter().parse("\ufeff2401.12345\r\n10.1000/abc\r\n")
    assert [d.line for d in result.drafts] == [1, 2]
    assert result.skipped == []


def test_empty_input() -> None:
    result = IdentifierListImporter().parse("\n# only a comment\n\n")
    assert result.drafts == []
    assert result.skipped == []


def test_sniff() -> None:
    importer = IdentifierListImporter()
    assert importer.sniff(LIST) >= 0.9  # 8 of 9 identifier lines
    assert importer.sniff("10.1000/xyz123\n") >= 0.9
    assert importer.sniff("2401.12345\nnot one\n") <= 0.05
    assert importer.sniff("") <= 0.05
    assert importer.sniff("# just comments\n") <= 0.05
    assert importer.sniff("@article{x,\n  doi = {10.1000/xyz}\n}\n") <= 0.05
    assert importer.sniff('[{"paper": {"id": "2401.12345"}}]') <= 0.05
    assert importer.sniff("Title of a paper\n\nAn abstract that goes on.\n") <= 0.05
