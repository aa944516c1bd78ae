"""core.merge_policy: plain values in, decisions out (no database)."""

from __future__ import annotations

from typing import Any

import pytest
from papershelf.core.errors import InvalidInputError
from papershelf.core.merge_policy import (
    Identity,
    Match,
    StoredFields,
    Verdict,
    compare,
    draft_title_key,
    fill_gaps,
    merged_ids,
    normalize_draft,
    pick_duplicate,
    plan_merge,
    replace_fields,
    same_work,
)
from papershelf.core.models import Paper, PaperDraft, ReadingStatus

TITLE = "Attention Is All You Need"


def ident(**fields: Any) -> Identity:
    """The identity of a normalized draft titled TITLE unless told otherwise."""
    fields.setdefault("title", TITLE)
    return Identity.of(normalize_draft(PaperDraft(**fields)))


def paper(pid: int, **fields: Any) -> Paper:
    values: dict[str, Any] = {
        "id": pid,
        "title": TITLE,
        "authors": [],
        "year": None,
        "venue": None,
        "abstract": None,
        "arxiv_id": None,
        "arxiv_version": None,
        "doi": None,
        "url": None,
        "source": None,
        "added_at": "2024-01-01T00:00:00",
        "updated_at": "2024-01-01T00:00:00",
        "status": ReadingStatus.TO_READ,
        "priority": 0,
    }
    values.update(fields)
    return Paper(**values)


# ------------------------------------------------------------------------ normalize_draft
def test_normalize_splits_the_arxiv_version_and_canonicalizes_the_doi() -> None:
    draft = normalize_draft(
        PaperDraft(
            title="  Attention   Is All\nYou Need ",
            authors=["Ashish  Vaswani", "  "],
            arxiv_id="arXiv:1706.03762v5",
            doi="https://doi.org/10.48550/ARXIV.1706.03762",
            venue=" NeurIPS ",
            abstract="   ",
        )
    )
    assert draft.title == "Attention Is All You Need"
    assert draft.authors == ["Ashish Vaswani"]
    assert (draft.arxiv_id, draft.arxiv_version) == ("1706.03762", 5)
    assert draft.doi == "10.48550/arxiv.1706.03762"
    assert draft.venue == "NeurIPS"
    assert draft.abstract is None


def test_normalize_keeps_the_drafts_version_when_the_id_has_none() -> None:
    draft = normalize_draft(PaperDraft(title="t", arxiv_id="1706.03762", arxiv_version=3))
    assert (draft.arxiv_id, draft.arxiv_version) == ("1706.03762", 3)


@pytest.mark.parametrize(
    "draft", [PaperDraft(title="   "), PaperDraft(title="t", arxiv_id="not an id")]
)
def test_normalize_rejects_an_empty_title_or_a_bad_arxiv_id(draft: PaperDraft) -> None:
    with pytest.raises(InvalidInputError):
        normalize_draft(draft)


def test_an_untitled_record_has_no_title_key() -> None:
    assert draft_title_key(PaperDraft(title="[untitled]", extra={"untitled": True})) == ""
    assert draft_title_key(PaperDraft(title="Flow: Straight!")) == "flow straight"


# ------------------------------------------------------------------------------ same_work
@pytest.mark.parametrize(
    ("draft", "existing", "expected"),
    [
        # The same arXiv id in any version is the same work, whatever else differs.
        (
            ident(arxiv_id="1706.03762v1", year=2017),
            ident(arxiv_id="arXiv:1706.03762v7", title="Other", year=2023, doi="10.1000/x"),
            Match.ARXIV_ID,
        ),
        # The same DOI (any spelling) is the same work, whatever else differs.
        (
            ident(doi="10.1145/ABC"),
            ident(doi="https://doi.org/10.1145/abc", title="Other", year=1999),
            Match.DOI,
        ),
        # Title (spelled differently), same year: the same work.
        (ident(year=2017), ident(title="attention is all you need!", year=2017), Match.TITLE),
        # A year known on one side only is no agreement: a possible duplicate (issue 17).
        (ident(year=2017), ident(), None),
        (ident(), ident(year=2017), None),
        # An identifier known on one side only does not conflict.
        (ident(doi="10.1000/x"), ident(arxiv_id="1706.03762"), Match.TITLE),
        # Title with a different known year: two works.
        (ident(year=2017), ident(year=2018), None),
        # Title-only match with a conflicting DOI or arXiv id: keep both.
        (ident(doi="10.1000/a"), ident(doi="10.1000/b"), None),
        (ident(arxiv_id="1706.03762"), ident(arxiv_id="1811.06965"), None),
        # Different titles and no shared identifier.
        (ident(), ident(title="GPipe"), None),
        # Untitled records never match by title.
        (
            ident(title="[untitled]", extra={"untitled": True}),
            ident(title="[untitled]", extra={"untitled": True}),
            None,
        ),
    ],
)
def test_same_work(draft: Identity, existing: Identity, expected: Match | None) -> None:
    assert same_work(draft, existing) == expected


def test_a_shared_doi_does_not_merge_different_arxiv_ids() -> None:
    # Issue 17: two arXiv papers sharing a (wrong or series) DOI are two works.
    draft = ident(arxiv_id="1706.03762", doi="10.1000/x")
    assert compare(draft, ident(arxiv_id="1811.06965", doi="10.1000/x")) == Verdict()


def test_empty_identifiers_never_match() -> None:
    draft = Identity(arxiv_id="", doi="", title_key="a", year=None)
    assert same_work(draft, Identity(arxiv_id="", doi="", title_key="b")) is None


# ------------------------------------------------------------------------- pick_duplicate
def test_pick_prefers_arxiv_then_doi_then_title_then_the_oldest_paper() -> None:
    draft = ident(arxiv_id="1706.03762", doi="10.1000/x")
    by_title = (1, ident())
    by_doi = (2, ident(title="Other", doi="10.1000/x"))
    by_arxiv = (5, ident(title="Other", arxiv_id="1706.03762v2"))
    also_by_arxiv = (4, ident(title="Another", arxiv_id="1706.03762"))
    assert pick_duplicate(draft, [by_title, by_doi, by_arxiv, also_by_arxiv]) == 4
    assert pick_duplicate(draft, [by_title, by_doi]) == 2
    assert pick_duplicate(draft, [(3, ident()), by_title]) == 1


def test_pick_returns_none_to_keep_both() -> None:
    draft = ident(doi="10.1000/a")
    assert pick_duplicate(draft, []) is None
    assert pick_duplicate(draft, [(1, ident(doi="10.1000/b")), (2, ident(title="GPipe"))]) is None


# ------------------------------------------------------------------------------ fill_gaps
def test_fill_gaps_fills_only_empty_fields_and_never_the_title() -> None:
    stored = StoredFields(authors=("A",), year=2017, venue="", abstract=None, url="http://old")
    draft = normalize_draft(
        PaperDraft(
            title="Something else",
            authors=["B"],
            year=2018,
            venue="NeurIPS",
            abstract="Abstract.",
            doi="10.1000/x",
            url="http://new",
        )
    )
    assert fill_gaps(stored, draft) == {
        "venue": "NeurIPS",
        "abstract": "Abstract.",
        "doi": "10.1000/x",
    }


def test_fill_gaps_fills_authors_only_when_there_are_none() -> None:
    draft = PaperDraft(title="t", authors=["A B"])
    assert fill_gaps(StoredFields(authors=()), draft) == {"authors": ["A B"]}
    assert fill_gaps(StoredFields(authors=None), draft) == {}, "unreadable authors are kept"


@pytest.mark.parametrize(
    ("stored", "draft_version", "expected"),
    [
        (StoredFields(arxiv_id="1706.03762", arxiv_version=2), 5, {"arxiv_version": 5}),
        (StoredFields(arxiv_id="1706.03762", arxiv_version=5), 2, {}),
        (StoredFields(arxiv_id="1706.03762", arxiv_version=None), 1, {"arxiv_version": 1}),
        (StoredFields(arxiv_id="1811.06965", arxiv_version=1), 5, {}),
        (
            StoredFields(arxiv_id=None),
            5,
            {"arxiv_id": "1706.03762", "arxiv_version": 5},
        ),
    ],
)
def test_fill_gaps_raises_the_arxiv_version_of_the_same_id_only(
    stored: StoredFields, draft_version: int, expected: dict[str, Any]
) -> None:
    draft = PaperDraft(title="t", arxiv_id="1706.03762", arxiv_version=draft_version)
    assert fill_gaps(stored, draft) == expected


def test_fill_gaps_adds_extra_keys_but_keeps_the_papers_and_drops_draft_flags() -> None:
    stored = StoredFields(extra={"key": "paper's", "kept": 1})
    draft = PaperDraft(
        title="t",
        extra={"key": "draft's", "new": 2, "metadata_pending": True, "untitled": True},
    )
    assert fill_gaps(stored, draft) == {"extra": {"key": "paper's", "kept": 1, "new": 2}}
    assert fill_gaps(stored, PaperDraft(title="t", extra={"metadata_pending": True})) == {}
    assert fill_gaps(stored, PaperDraft(title="t", extra={"kept": 5})) == {}


def test_fill_gaps_refuses_to_merge_extra_into_an_unreadable_one() -> None:
    unreadable = StoredFields(extra=None)
    with pytest.raises(ValueError, match="extra"):
        fill_gaps(unreadable, PaperDraft(title="t", extra={"new": 1}))
    assert fill_gaps(unreadable, PaperDraft(title="t", extra={"untitled": True})) == {}


# ------------------------------------------------------------------------- replace_fields
def test_replace_fields_takes_the_lookup_but_keeps_identifiers_it_lacks() -> None:
    stored = StoredFields(
        arxiv_id="1706.03762",
        arxiv_version=2,
        doi="10.1000/x",
        url="http://old",
        extra={"metadata_pending": True, "citekey": "v17"},
    )
    draft = PaperDraft(title="Attention: All You Need", authors=["A"], year=2017, extra={"n": 1})
    assert replace_fields(stored, draft) == {
        "title": "Attention: All You Need",
        "title_key": "attention all you need",
        "authors": ["A"],
        "year": 2017,
        "venue": None,
        "abstract": None,
        "arxiv_id": "1706.03762",
        "arxiv_version": 2,
        "doi": "10.1000/x",
        "url": "http://old",
        "extra": {"citekey": "v17", "n": 1},
    }


def test_replace_fields_takes_the_drafts_arxiv_version_with_its_id() -> None:
    stored = StoredFields(arxiv_id="1706.03762", arxiv_version=2, extra=None)
    draft = PaperDraft(title="t", arxiv_id="1811.06965", arxiv_version=None, doi="10.1000/y")
    fields = replace_fields(stored, draft)
    assert (fields["arxiv_id"], fields["arxiv_version"]) == ("1811.06965", None)
    assert fields["doi"] == "10.1000/y"
    assert fields["extra"] == {}


# ----------------------------------------------------------------------------- plan_merge
def test_plan_offers_the_duplicates_fields_but_not_conflicting_identifiers() -> None:
    keep = paper(1, arxiv_id="1706.03762", doi="10.1000/keep")
    drop = paper(
        2,
        title="Dropped title",
        arxiv_id="1811.06965",
        arxiv_version=3,
        doi="10.1000/drop",
        venue="NeurIPS",
        extra={"metadata_pending": True, "citekey": "d"},
    )
    fields = plan_merge(keep, drop).fields
    assert fields.title == "Dropped title"
    assert fields.venue == "NeurIPS"
    assert fields.arxiv_id is None
    assert fields.arxiv_version == 3
    assert fields.doi is None
    assert fields.extra == {"citekey": "d"}


def test_plan_offers_identifiers_the_kept_paper_lacks_or_shares() -> None:
    fields = plan_merge(
        paper(1, arxiv_id="1706.03762"), paper(2, arxiv_id="1706.03762", doi="10.1000/x")
    ).fields
    assert (fields.arxiv_id, fields.doi) == ("1706.03762", "10.1000/x")


@pytest.mark.parametrize(
    ("keep_pending", "drop_pending", "replace"),
    [(True, False, True), (True, True, False), (False, False, False), (False, True, False)],
)
def test_plan_replaces_a_placeholders_metadata_only_with_a_real_record(
    keep_pending: bool, drop_pending: bool, replace: bool
) -> None:
    keep = paper(1, extra={"metadata_pending": True} if keep_pending else {})
    drop = paper(2, extra={"metadata_pending": True} if drop_pending else {})
    assert plan_merge(keep, drop).replace is replace


@pytest.mark.parametrize(
    ("keep_note", "drop_note", "expected"),
    [
        ("mine\n\n", "theirs", "mine\n\ntheirs"),
        (None, "theirs", "theirs"),
        ("mine", "   ", None),
        ("mine", None, None),
    ],
)
def test_plan_joins_notes_kept_one_first(
    keep_note: str | None, drop_note: str | None, expected: str | None
) -> None:
    assert plan_merge(paper(1, note=keep_note), paper(2, note=drop_note)).note == expected


@pytest.mark.parametrize(
    ("keep_status", "drop_status", "expected"),
    [
        (ReadingStatus.TO_READ, ReadingStatus.READING, ReadingStatus.READING),
        (ReadingStatus.TO_READ, ReadingStatus.DROPPED, ReadingStatus.DROPPED),
        (ReadingStatus.TO_READ, ReadingStatus.TO_READ, None),
        (ReadingStatus.READING, ReadingStatus.READ, None),
    ],
)
def test_plan_status_beyond_to_read_wins(
    keep_status: ReadingStatus, drop_status: ReadingStatus, expected: ReadingStatus | None
) -> None:
    plan = plan_merge(paper(1, status=keep_status), paper(2, status=drop_status))
    assert plan.status == expected


def test_plan_higher_priority_wins_and_a_live_duplicate_restores_the_kept_paper() -> None:
    plan = plan_merge(paper(1, priority=1, trashed_at="t"), paper(2, priority=3))
    assert (plan.priority, plan.restore) == (3, True)
    plan = plan_merge(paper(1, priority=3), paper(2, priority=1, trashed_at="t"))
    assert (plan.priority, plan.restore) == (None, False)


def test_merged_ids_accumulate() -> None:
    assert merged_ids({}, 7) == [7]
    assert merged_ids({"merged_ids": [9, 3]}, 7) == [3, 7, 9]
    assert merged_ids({"merged_ids": [7]}, 7) == [7]
