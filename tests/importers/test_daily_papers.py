"""The Daily Papers importer on copied pages: titles, abstracts, links, chrome and gaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from papershelf.core.query import SortKey
from papershelf.importers.base import Importer, ParseResult, Skipped
from papershelf.importers.daily_papers import DailyPapersImporter
from papershelf.library import Library

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
SAMPLE = "samples/daily-papers-listing.txt"
INTERCODE = "fixtures/huggingface/hf-papers-page_q-Intercode-Bash_2026-07-28.excerpt.txt"
API_JSON = "fixtures/huggingface/daily_papers_2024-10-25.json"
INTERCODE_IDS = [
    "2410.05434",
    "2306.14898",
    "2502.06858",
    "1802.08979",
    "2104.13100",
    "1808.01400",
    "2409.02326",
    "2203.03850",
    "2510.21057",
]
CHROME = ["Subscribe", "Mar 11", "byAK", "Get trending papers", "Submitted by", "authors]("]

ABSTRACT_A = (
    "We study how to sort a reading list. We propose a queue that learns from what the reader "
    "finishes, and we show on three libraries that it halves the time to the next good paper."
)
ABSTRACT_B = (
    "Copying a web page loses its structure. This note shows that titles and abstracts can be "
    "recovered from the paragraphs alone, with page chrome told apart by its shape."
)
ABSTRACT_C = (
    "Duplicate detection for bibliographies is harder than it looks: titles differ in case, "
    "punctuation and accents. We normalise them and evaluate the result on real exports."
)

LISTING = f"""new

Get trending papers in your email inbox!

Subscribe

byAK and the research community

Mar 11

Learning to Sort a Reading List

{ABSTRACT_A}

Recovering Structure from Copied Web Pages

{ABSTRACT_B}

Duplicate Detection: Titles, Accents, and Case

{ABSTRACT_C}
"""


def shared_text(relative: str) -> str:
    path = SHARED / relative
    if not SHARED.exists() or not path.exists():
        pytest.skip(f"../shared/ not present (fresh clone): {relative}")
    return path.read_text(encoding="utf-8")


def line_of(text: str, line: str) -> int:
    """The 1-based number of the first line of `text` that is exactly `line`."""
    return text.split("\n").index(line) + 1


def parse(text: str) -> ParseResult:
    return DailyPapersImporter().parse(text, source="test.txt")


def titles(result: ParseResult) -> list[str]:
    return [draft.title for draft in result.drafts]


def assert_no_chrome(result: ParseResult) -> None:
    for draft in result.drafts:
        for chrome in CHROME:
            assert chrome not in draft.title
            assert chrome not in (draft.abstract or "")


# --------------------------------------------------------------------------- inline listings


def test_importer_satisfies_the_protocol() -> None:
    importer: Importer = DailyPapersImporter()
    assert importer.name == "daily-papers"


def test_listing_gives_titles_and_abstracts_exactly() -> None:
    result = parse(LISTING)
    assert titles(result) == [
        "Learning to Sort a Reading List",
        "Recovering Structure from Copied Web Pages",
        "Duplicate Detection: Titles, Accents, and Case",
    ]
    assert [draft.abstract for draft in result.drafts] == [ABSTRACT_A, ABSTRACT_B, ABSTRACT_C]
    assert [draft.line for draft in result.drafts] == [11, 15, 19]
    assert all(draft.source == "hf-daily-papers" for draft in result.drafts)
    assert all(draft.arxiv_id is None and draft.url is None for draft in result.drafts)
    assert result.skipped == []
    assert_no_chrome(result)


def test_crlf_input_gives_the_same_result() -> None:
    assert parse(LISTING.replace("\n", "\r\n")) == parse(LISTING)


def test_hard_wrapped_paragraphs_are_joined_with_one_space() -> None:
    text = (
        "   Recovering Structure from\n      Copied Web Pages   \n\n"
        "Copying a web page loses its structure.   This note shows that\n"
        "   titles and abstracts can be recovered from the paragraphs alone, with page\n"
        "chrome told apart by its shape.\n"
    )
    [draft] = parse(text).drafts
    assert draft.title == "Recovering Structure from Copied Web Pages"
    assert draft.abstract == (
        "Copying a web page loses its structure.   This note shows that titles and abstracts "
        "can be recovered from the paragraphs alone, with page chrome told apart by its shape."
    )
    assert draft.line == 1


def test_title_spacing_and_punctuation_are_kept() -> None:
    [draft] = parse(f"DiffRate : Differentiable Compression Rate\n\n{ABSTRACT_A}\n").drafts
    assert draft.title == "DiffRate : Differentiable Compression Rate"


def test_title_without_abstract_is_skipped_with_its_line() -> None:
    text = LISTING.replace(f"{ABSTRACT_B}\n\n", "")
    result = parse(text)
    assert titles(result) == [
        "Learning to Sort a Reading List",
        "Duplicate Detection: Titles, Accents, and Case",
    ]
    # The orphan's neighbour keeps its own abstract; nothing borrowed the next title.
    assert [draft.abstract for draft in result.drafts] == [ABSTRACT_A, ABSTRACT_C]
    assert result.skipped == [
        Skipped(15, "title without an abstract: 'Recovering Structure from Copied Web Pages'")
    ]


def test_last_title_without_abstract_is_skipped() -> None:
    text = LISTING + "\nA Paper Whose Abstract Was Not Copied\n"
    result = parse(text)
    assert len(result.drafts) == 3
    line = line_of(text, "A Paper Whose Abstract Was Not Copied")
    assert line == 23
    assert result.skipped == [
        Skipped(line, "title without an abstract: 'A Paper Whose Abstract Was Not Copied'")
    ]


def test_title_without_abstract_but_with_link_is_imported() -> None:
    text = (
        "Learning to Sort a Reading List\n\n"
        "https://huggingface.co/papers/2401.00001\n\n"
        "Recovering Structure from Copied Web Pages\n\n"
        "https://huggingface.co/papers/2401.00002\n\n"
        f"{ABSTRACT_B}\n"
    )
    result = parse(text)
    assert result.skipped == []
    first, second = result.drafts
    assert (first.title, first.abstract, first.arxiv_id) == (
        "Learning to Sort a Reading List",
        None,
        "2401.00001",
    )
    assert first.url == "https://huggingface.co/papers/2401.00001"
    assert (second.abstract, second.arxiv_id) == (ABSTRACT_B, "2401.00002")


def test_links_give_arxiv_id_url_and_source() -> None:
    text = (
        "Learning to Sort a Reading List\n\n"
        "https://huggingface.co/papers/2410.05434\n\n"
        f"{ABSTRACT_A}\n\n"
        "Recovering Structure from Copied Web Pages\n\n"
        f"{ABSTRACT_B}\n\n"
        "https://arxiv.org/abs/2306.14898v2\n\n"
        "Duplicate Detection: Titles, Accents, and Case\n\n"
        f"{ABSTRACT_C}\n"
    )
    a, b, c = parse(text).drafts
    assert (a.arxiv_id, a.arxiv_version, a.url, a.source) == (
        "2410.05434",
        None,
        "https://huggingface.co/papers/2410.05434",
        "hf-daily-papers",
    )
    # A link right after an abstract, before the next title, belongs to that paper.
    assert (b.arxiv_id, b.arxiv_version, b.url) == (
        "2306.14898",
        2,
        "https://huggingface.co/papers/2306.14898",
    )
    assert (c.arxiv_id, c.url) == (None, None)


def test_a_link_owned_by_the_next_paper_is_not_taken() -> None:
    # Thumbnail links come before a title; the title is followed by its own link as well.
    text = (
        "Learning to Sort a Reading List\n\n"
        f"{ABSTRACT_A}\n\n"
        "https://huggingface.co/papers/2410.05434\n\n"
        "Recovering Structure from Copied Web Pages\n\n"
        "https://huggingface.co/papers/2410.05434\n\n"
        f"{ABSTRACT_B}\n"
    )
    a, b = parse(text).drafts
    assert a.arxiv_id is None
    assert b.arxiv_id == "2410.05434"


def test_markdown_link_title() -> None:
    text = f"[Learning to Sort a Reading List](https://huggingface.co/papers/2410.05434)\n\n{ABSTRACT_A}"
    [draft] = parse(text).drafts
    assert (draft.title, draft.arxiv_id, draft.abstract) == (
        "Learning to Sort a Reading List",
        "2410.05434",
        ABSTRACT_A,
    )


def test_page_chrome_is_never_a_paper_or_a_skip() -> None:
    text = f"""---
title: "Daily Papers - Hugging Face"
url: https://huggingface.co/papers
---

# Daily Papers - Hugging Face
Daily Papers - Hugging Face

Log In

Sign Up

Daily

Weekly

Monthly

Oct 7, 2024

Submitted by
akhaliq
64
Learning to Sort a Reading List
·
9 authors
3

{ABSTRACT_A}

Submitted by

ClownRat

 [-] 12

https://huggingface.co/login?next=%2Fpapers%2F2410.05434

Recovering Structure from Copied Web Pages

https://huggingface.co/papers/2410.05434

{ABSTRACT_B}

[

2 authors](https://huggingface.co/papers/2410.05434)

·

Published on Oct 23, 2025

1.2k
"""
    result = parse(text)
    assert titles(result) == [
        "Learning to Sort a Reading List",
        "Recovering Structure from Copied Web Pages",
    ]
    assert [draft.line for draft in result.drafts] == [
        line_of(text, "Learning to Sort a Reading List"),
        line_of(text, "Recovering Structure from Copied Web Pages"),
    ]
    assert [draft.abstract for draft in result.drafts] == [ABSTRACT_A, ABSTRACT_B]
    assert result.drafts[1].arxiv_id == "2410.05434"
    assert result.skipped == []
    assert_no_chrome(result)


def test_linked_page_does_not_report_org_names_or_the_search_query() -> None:
    text = (
        "Intercode Bash\n\nDaily\n\nWeekly\n\n"
        "Learning to Sort a Reading List\n\nhttps://huggingface.co/papers/2401.00001\n\n"
        f"{ABSTRACT_A}\n\n"
        "Recovering Structure from Copied Web Pages\n\nhttps://huggingface.co/papers/2401.00002\n\n"
        f"{ABSTRACT_B}\n\n"
        " Google\n\nhttps://huggingface.co/google\n\n·\n\nOct 23, 2025\n\n"
        "https://huggingface.co/papers/2401.00002#community\n"
    )
    result = parse(text)
    assert [draft.arxiv_id for draft in result.drafts] == ["2401.00001", "2401.00002"]
    assert result.skipped == []


def test_label_next_to_a_papers_own_link_is_not_a_paper() -> None:
    text = (
        "Learning to Sort a Reading List\n\nhttps://huggingface.co/papers/2401.00001\n\n"
        f"{ABSTRACT_A}\n\n"
        "Google\n\nhttps://huggingface.co/papers/2401.00001#community\n"
    )
    result = parse(text)
    assert titles(result) == ["Learning to Sort a Reading List"]
    assert result.skipped == []


def test_abstract_without_title_is_reported() -> None:
    result = parse(f"{ABSTRACT_A}\n\nRecovering Structure from Copied Web Pages\n\n{ABSTRACT_B}\n")
    assert titles(result) == ["Recovering Structure from Copied Web Pages"]
    [skip] = result.skipped
    assert skip.line == 1
    assert skip.reason.startswith("abstract without a title: 'We study how to sort")


def test_same_arxiv_id_merges_and_a_title_repeat_is_listed_for_review(tmp_path: Path) -> None:
    text = (
        LISTING
        + "\nlearning to sort a reading-list\n\n"
        + ABSTRACT_A
        + "\n\nAnother Title for the Same arXiv Paper\n\n"
        + "https://huggingface.co/papers/2401.00003\n\n"
        + ABSTRACT_B
        + "\n\nYet Another Title\n\nhttps://huggingface.co/papers/2401.00003\n\n"
        + ABSTRACT_C
        + "\n"
    )
    result = parse(text)
    assert result.skipped == []
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_drafts(result.drafts)
        titles_in_library = [p.title for p in lib.get_many(lib.list_ids(sort=SortKey.TITLE))]
    # The same arXiv id merges; a card repeated by title only is kept and listed for review
    # (issue 17: a title alone never merges two records of one import).
    assert (report.imported, report.merged, report.possible, report.skipped) == (5, 1, 1, [])
    assert titles_in_library == [
        "Another Title for the Same arXiv Paper",
        "Duplicate Detection: Titles, Accents, and Case",
        "Learning to Sort a Reading List",
        "learning to sort a reading-list",
        "Recovering Structure from Copied Web Pages",
    ]


@pytest.mark.parametrize(
    "text", ["", "\n\n", "Just one line of text", "new\n\nSubscribe\n\nMar 11\n"]
)
def test_text_without_papers_gives_no_drafts(text: str) -> None:
    assert parse(text).drafts == []


def test_sniff_scores_listings_high_and_other_formats_low() -> None:
    importer = DailyPapersImporter()
    assert importer.sniff(LISTING) >= 0.8
    assert importer.sniff(LISTING.replace("\n", "\r\n")) >= 0.8
    others = [
        "@article{vaswani2017,\n  title = {Attention Is All You Need},\n  year = {2017}\n}\n",
        "% comment\n\n@inproceedings{x, title={T}, abstract={" + ABSTRACT_A + "}}\n",
        "TY  - JOUR\nTI  - Attention Is All You Need\nAB  - " + ABSTRACT_A + "\nER  - \n",
        '[{"title": "Attention Is All You Need", "summary": "' + ABSTRACT_A + '"}]',
        '{"paper": {"id": "2410.17243", "title": "T"}}',
        "2401.12345\n2306.14898v2\narXiv:1802.08979\nhttps://arxiv.org/abs/2104.13100\n",
        "",
        "   \n",
    ]
    for text in others:
        assert importer.sniff(text) <= 0.2, text


# --------------------------------------------------------------------------- shared fixtures


def test_sample_listing_gives_its_20_papers() -> None:
    text = shared_text(SAMPLE)
    result = parse(text)
    lines = text.split("\n")
    assert len(result.drafts) == 20
    assert len(set(titles(result))) == 20
    assert result.skipped == []
    assert result.drafts[0].title == (
        "GS2Pose: Two-stage 6D Object Pose Estimation Guided by Gaussian Splatting"
    )
    assert result.drafts[-1].title == (
        "Better Training of GFlowNets with Local Credit and Incomplete Trajectories"
    )
    by_title = {draft.title: draft for draft in result.drafts}
    gpipe = by_title[
        "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism"
    ]
    flow = by_title[
        "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow"
    ]
    assert (gpipe.abstract or "").startswith("Scaling up deep neural network capacity has been")
    assert (flow.abstract or "").startswith("We present rectified flow, a surprisingly simple")
    for draft in result.drafts:
        assert draft.line is not None
        assert lines[draft.line - 1] == draft.title
        assert lines[draft.line + 1] == draft.abstract
    assert_no_chrome(result)


def test_sample_listing_with_one_abstract_deleted() -> None:
    lines = shared_text(SAMPLE).split("\n")
    title_index = lines.index(
        "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism"
    )
    del lines[title_index + 1 : title_index + 3]  # the blank line and the abstract
    result = parse("\n".join(lines))
    assert len(result.drafts) == 19
    assert "GPipe" not in " ".join(titles(result))
    assert result.skipped == [
        Skipped(
            title_index + 1,
            "title without an abstract: "
            "'GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism'",
        )
    ]
    for draft in result.drafts:
        assert not (draft.abstract or "").startswith("DeepMesh")


def test_sample_listing_with_crlf() -> None:
    text = shared_text(SAMPLE)
    assert parse(text.replace("\n", "\r\n")) == parse(text)


def test_intercode_page_gives_its_9_linked_papers() -> None:
    result = parse(shared_text(INTERCODE))
    assert [draft.arxiv_id for draft in result.drafts] == INTERCODE_IDS
    assert [draft.url for draft in result.drafts] == [
        f"https://huggingface.co/papers/{arxiv_id}" for arxiv_id in INTERCODE_IDS
    ]
    assert result.skipped == []
    assert result.drafts[0].title == (
        "Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback"
    )
    assert result.drafts[0].line == 93
    assert result.drafts[-1].title == "Soft Instruction De-escalation Defense"
    for draft in result.drafts:
        assert draft.abstract is not None
        assert len(draft.abstract) > 300
        assert "huggingface.co" not in draft.title
    assert_no_chrome(result)


def test_sniff_on_shared_files() -> None:
    importer = DailyPapersImporter()
    assert importer.sniff(shared_text(SAMPLE)) >= 0.8
    assert importer.sniff(shared_text(INTERCODE)) >= 0.8
    assert importer.sniff(shared_text(API_JSON)) <= 0.2


_paragraphs = st.one_of(
    st.sampled_from(
        [
            "new",
            "Subscribe",
            "Mar 11",
            "[-] 1",
            "·",
            "64",
            "https://huggingface.co/papers/2401.00001",
        ]
    ),
    st.sampled_from([ABSTRACT_A, ABSTRACT_B, ABSTRACT_C, "A Short Title", "Another Title"]),
    st.text(max_size=120),
)


@settings(max_examples=200, database=None, deadline=None)
@given(st.lists(_paragraphs, max_size=12), st.sampled_from(["\n\n", "\r\n\r\n", "\n \n"]))
def test_parse_never_fails_and_never_pairs_a_title_with_a_title(
    paragraphs: list[str], separator: str
) -> None:
    result = parse(separator.join(paragraphs))
    for draft in result.drafts:
        assert draft.title.strip() == draft.title
        assert draft.title
        assert draft.abstract not in ("A Short Title", "Another Title")
