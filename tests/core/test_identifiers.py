"""arXiv ids, DOIs and title keys as people and pages write them."""

from __future__ import annotations

import pytest
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id, title_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2401.12345", ("2401.12345", None)),
        ("2401.12345v2", ("2401.12345", 2)),
        ("2401.12345V3", ("2401.12345", 3)),
        ("0704.0001", ("0704.0001", None)),
        ("1412.6206v1", ("1412.6206", 1)),
        ("  2410.05434 \n", ("2410.05434", None)),
        ("arXiv:2401.12345", ("2401.12345", None)),
        ("arXiv:2401.12345v10", ("2401.12345", 10)),
        ("ARXIV: 1802.08979", ("1802.08979", None)),
        ("hep-th/9901001", ("hep-th/9901001", None)),
        ("hep-th/9901001v3", ("hep-th/9901001", 3)),
        ("arXiv:hep-th/9901001v3", ("hep-th/9901001", 3)),
        ("math.GT/0309136", ("math/0309136", None)),
        ("cond-mat.stat-mech/0102536v1", ("cond-mat/0102536", 1)),
        ("https://arxiv.org/abs/2401.12345v2", ("2401.12345", 2)),
        ("https://arxiv.org/abs/2401.12345", ("2401.12345", None)),
        ("http://arxiv.org/abs/hep-th/9901001v3", ("hep-th/9901001", 3)),
        ("https://arxiv.org/pdf/2401.12345v2.pdf", ("2401.12345", 2)),
        ("https://arxiv.org/pdf/2401.12345v2", ("2401.12345", 2)),
        ("https://arxiv.org/pdf/2401.12345", ("2401.12345", None)),
        ("https://www.arxiv.org/abs/2401.12345/", ("2401.12345", None)),
        ("http://export.arxiv.org/abs/2401.12345v1", ("2401.12345", 1)),
        ("https://export.arxiv.org/abs/math.GT/0309136", ("math/0309136", None)),
        ("arxiv.org/abs/1808.01400", ("1808.01400", None)),
        ("https://arxiv.org/abs/2401.12345?context=cs", ("2401.12345", None)),
        ("https://huggingface.co/papers/2401.12345", ("2401.12345", None)),
        ("https://huggingface.co/papers/2409.02326#community", ("2409.02326", None)),
        ("huggingface.co/papers/2510.21057", ("2510.21057", None)),
    ],
)
def test_parse_arxiv_id_accepts(text: str, expected: tuple[str, int | None]) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "2401.123",  # too few digits
        "2401.123456",  # too many digits
        "2413.12345",  # month 13
        "0612.1234",  # before new-style ids existed
        "2401.12345v0",
        "2401.12345 and more",
        "see 2401.12345",
        "notanarchive/9901001",
        "hep-th/990100",
        "10.1145/3597503.3639130",
        "https://huggingface.co/login?next=%2Fpapers%2F2410.05434",
        "https://huggingface.co/papers/trending",
        "https://huggingface.co/papers/date/2026-03-24",
        "https://example.org/abs/2401.12345",
        "https://arxiv.org/list/cs.LG/recent",
    ],
)
def test_parse_arxiv_id_rejects(text: str) -> None:
    assert parse_arxiv_id(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1145/3597503.3639130", "10.1145/3597503.3639130"),
        ("10.1371/journal.pntd.0003350", "10.1371/journal.pntd.0003350"),
        ("10.1002/SPE.3169", "10.1002/spe.3169"),
        ("doi:10.1002/SPE.3169", "10.1002/spe.3169"),
        ("DOI: 10.1002/spe.3169", "10.1002/spe.3169"),
        ("https://doi.org/10.7717/peerj-cs.213", "10.7717/peerj-cs.213"),
        ("http://dx.doi.org/10.1145/3646548.3672587", "10.1145/3646548.3672587"),
        ("https://dx.doi.org/10.1000/A%2FB", "10.1000/a/b"),
        ("doi.org/10.1000/xyz", "10.1000/xyz"),
        ("  10.1000/xyz\n", "10.1000/xyz"),
        (
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
            "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0",
        ),
    ],
)
def test_normalize_doi_accepts(text: str, expected: str) -> None:
    assert normalize_doi(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "doi:",
        "10.abc/x",
        "10.12/x",
        "11.1000/x",
        "2401.12345",
        "https://example.org/10.1000/x",
        "10.1000/x y",
        "https://doi.org/",
    ],
)
def test_normalize_doi_rejects(text: str) -> None:
    assert normalize_doi(text) is None


def test_normalize_doi_is_case_insensitive() -> None:
    assert normalize_doi("10.1002/SPE.3169") == normalize_doi("https://doi.org/10.1002/spe.3169")


def test_title_key_ignores_case_punctuation_and_spacing() -> None:
    a = title_key(
        "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow"
    )
    b = title_key(
        "flow straight and fast  learning to generate and transfer data with rectified flow"
    )
    assert (
        a
        == b
        == ("flow straight and fast learning to generate and transfer data with rectified flow")
    )
    assert title_key("Flow Straight and Fast: Learning…") == title_key(
        "flow straight and fast learning…"
    )


def test_title_key_strips_accents_and_latex() -> None:
    assert title_key("Rückert") == title_key('R\\"uckert') == "ruckert"
    assert title_key("Café  Naïve") == "cafe naive"
    assert title_key("{BERT}: Pre-training of Deep {B}idirectional Transformers") == (
        "bert pre training of deep bidirectional transformers"
    )
    assert title_key("\\emph{Attention} Is All You Need") == "attention is all you need"
    assert title_key("Don’t Stop Pretraining") == title_key("Don't stop pretraining")
    assert title_key("Straße") == title_key("STRASSE")


def test_title_key_keeps_words_apart() -> None:
    assert title_key("DiffRate : Differentiable Compression Rate") == (
        "diffrate differentiable compression rate"
    )
    assert title_key("GS2Pose: Two-stage 6D Object Pose") == "gs2pose two stage 6d object pose"
    assert title_key("Deep Learning") != title_key("Deep Learning 2")
    assert title_key("...") == ""
