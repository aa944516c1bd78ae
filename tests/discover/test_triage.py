"""Triage decisions move candidates into the library, and every one of them can be undone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from papershelf.core.errors import InvalidInputError
from papershelf.core.models import ReadingStatus
from papershelf.library import Library
from papershelf.library.inbox import (
    TriageAction,
    add_feed,
    fetch_all,
    inbox_counts,
    inbox_ids,
    inbox_items,
    mark_seen,
    related,
    store,
    triage,
    undo_triage,
)
from papershelf.storage.inbox import ItemState
from pytest_httpserver import HTTPServer

DAY = date(2024, 10, 25)


@pytest.fixture
def inbox(online_lib: Library, server: HTTPServer, daily_json: bytes) -> Library:
    server.expect_request("/api/daily_papers").respond_with_data(
        daily_json, content_type="application/json"
    )
    add_feed(online_lib, "daily-papers")
    assert fetch_all(online_lib, day=DAY).new == 29
    return online_lib


def test_add_puts_the_paper_in_to_read_with_tags_and_undo_takes_it_out(inbox: Library) -> None:
    first, second = inbox_ids(inbox)[:2]
    wanted = {i.draft.arxiv_id for i in inbox_items(inbox, [first, second])}

    undo = triage(inbox, [first, second], TriageAction.ADD, tags=["to-skim", "llm"])

    to_read = inbox.get_many(inbox.list_ids(status=ReadingStatus.TO_READ))
    assert {p.arxiv_id for p in to_read} == wanted
    assert all(p.tags == ["llm", "to-skim"] for p in to_read)
    assert first not in inbox_ids(inbox)
    assert len(inbox_ids(inbox)) == 27
    added = inbox_items(inbox, [first])[0]
    assert added.state is ItemState.ADDED
    assert added.paper_id in {p.id for p in to_read}
    assert [h.paper_id for h in inbox.search(f"arxiv:{added.draft.arxiv_id}").hits] == [
        added.paper_id
    ]

    undo_triage(inbox, undo)

    assert inbox.list_ids(status=ReadingStatus.TO_READ) == []
    assert inbox_ids(inbox)[:2] == [first, second]
    assert inbox_items(inbox, [first])[0].state is ItemState.NEW
    # Adding again after the undo works (the paper comes back from the trash).
    triage(inbox, [first], TriageAction.ADD)
    assert len(inbox.list_ids(status=ReadingStatus.TO_READ)) == 1


def test_read_adds_as_reading(inbox: Library) -> None:
    item = inbox_ids(inbox)[3]
    triage(inbox, [item], TriageAction.READ)
    paper_id = inbox_items(inbox, [item])[0].paper_id
    assert paper_id is not None
    assert inbox.get(paper_id).status is ReadingStatus.READING


def test_dismiss_undo_brings_the_item_back_for_good(inbox: Library) -> None:
    item = inbox_ids(inbox)[0]
    undo = triage(inbox, [item], TriageAction.DISMISS)
    assert item not in inbox_ids(inbox)
    undo_triage(inbox, undo)
    assert inbox_ids(inbox)[0] == item
    # Un-dismissed means not forgotten: purging and refetching may show it again.
    fetch_all(inbox, day=DAY)
    assert item in inbox_ids(inbox)


def test_later_stays_marked_and_outlives_the_age_limit(inbox: Library) -> None:
    ids = inbox_ids(inbox)
    undo = triage(inbox, ids[:1], TriageAction.LATER)
    assert inbox_items(inbox, ids[:1])[0].state is ItemState.LATER
    assert inbox_counts(inbox) == {"open": 29, "unseen": 28, "later": 1}

    store(inbox).purge(30, now=datetime.now(UTC) + timedelta(days=31))
    assert inbox_ids(inbox) == ids[:1]
    undo_triage(inbox, undo)
    assert inbox_items(inbox, ids[:1])[0].state is ItemState.NEW


def test_seen_persists_across_a_restart(inbox: Library) -> None:
    ids = inbox_ids(inbox)[:3]
    assert mark_seen(inbox, ids) == ids
    assert mark_seen(inbox, ids) == []
    path = inbox.path
    inbox.close()
    with Library.open(path) as lib:
        assert [i.seen for i in inbox_items(lib, inbox_ids(lib)[:4])] == [True] * 3 + [False]


def test_bad_triage_changes_nothing(inbox: Library) -> None:
    a, b = inbox_ids(inbox)[:2]
    triage(inbox, [a], TriageAction.ADD)
    with pytest.raises(InvalidInputError, match=f"inbox item {a} was already added"):
        triage(inbox, [b, a], TriageAction.DISMISS)
    assert b in inbox_ids(inbox)
    with pytest.raises(InvalidInputError, match="tags go with add or read"):
        triage(inbox, [b], TriageAction.LATER, tags=["x"])
    assert inbox_items(inbox, [b])[0].state is ItemState.NEW


def test_related_finds_the_nearest_library_paper(inbox: Library) -> None:
    from papershelf.core.models import PaperDraft

    inbox.import_drafts(
        [
            PaperDraft(
                title="Hallucination detection in large language models",
                abstract="We study hallucinations of language models and knowledge editing.",
            ),
            PaperDraft(title="Robotic grasping with tactile sensors", abstract="Robots grasp."),
        ]
    )
    item = next(i for i in inbox_items(inbox, inbox_ids(inbox)) if i.draft.arxiv_id == "2410.16251")
    hits = related(inbox, item, limit=2)
    assert hits
    assert inbox.get(hits[0].paper_id).title.startswith("Hallucination detection")
