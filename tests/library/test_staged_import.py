"""A bulk import writes in short transactions and stays all or nothing.

An edit made during a 5,000-paper import must not wait for the whole import, the import's
papers must appear together, and a crash (an exception here; kills in
tests/reliability/test_kill.py) must leave none of them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.library import Library
from papershelf.library.library import STAGED_BATCH
from papershelf.storage.dedupe import MergeOutcome

from tests.conftest import make_draft

GUARD = 120.0


def _pending(db_path: Path) -> int:
    conn = sqlite3.connect(str(db_path), timeout=10)
    try:
        row = conn.execute("SELECT COUNT(*) FROM papers WHERE trashed_at LIKE 'pending:%'")
        return int(row.fetchone()[0])
    finally:
        conn.close()


def _drafts(n: int, start: int = 1000) -> list[PaperDraft]:
    return [make_draft(i) for i in range(start, start + n)]


def test_an_edit_during_a_bulk_import_does_not_wait_for_it(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(5)])
    errors: list[BaseException] = []

    def run_import() -> None:
        try:
            with Library.open(lib_path, indexing="none") as worker:
                worker.import_drafts(_drafts(10_000))
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    window = Library.open(lib_path, indexing="none")  # the window, open all along
    try:
        thread = threading.Thread(target=run_import)
        thread.start()
        give_up = time.monotonic() + GUARD
        while not _pending(lib_path / "library.sqlite"):
            assert thread.is_alive(), errors
            assert time.monotonic() < give_up, "the import never wrote a batch"
        # The import's papers are hidden: not listed, not counted, not in the trash.
        assert window.count() == 5
        assert window.counts()["trash"] == 0
        window.set_status(1, ReadingStatus.READ)
    finally:
        window.close()
    thread.join(GUARD)
    assert not errors, errors
    with Library.open(lib_path) as lib:
        assert lib.count() == 10_005
        edited = lib.get(1)
        assert edited.status is ReadingStatus.READ
        # The edit's change was recorded before the import had published all its papers: it
        # did not wait for the whole import (one transaction would put it after all of them).
        imported = [p for p in lib.get_many(lib.list_ids(), details=False) if p.id > 5]
        assert any(edited.rev < p.rev for p in imported)
        assert _pending(lib_path / "library.sqlite") == 0
        assert lib.check().ok
        assert lib.search("topic 10999", mode="typing").hits


def test_a_bulk_import_merges_duplicates_within_it_and_with_the_library(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(1000, abstract=None)])  # in the library already
        lib.trash([1])
    drafts = _drafts(STAGED_BATCH * 2)
    # The same paper (by DOI) twice in the file (once in each batch), and twice one the
    # library had (first and last): those merge when the import commits, and bring it back
    # from the trash. Within one file only a strong identity merges (issue 17).
    drafts[1] = make_draft(1001, doi="10.1000/copy")
    drafts.append(make_draft(1001, abstract="A second copy.", doi="10.1000/copy"))
    drafts.append(make_draft(1000))
    with Library.open(lib_path) as lib:
        report = lib.import_drafts(drafts)
        assert report.imported == STAGED_BATCH * 2 - 1
        assert report.merged == 3
        assert report.restored == 1
        assert lib.count() == STAGED_BATCH * 2
        assert lib.get(1).abstract, "the library's paper got the abstract it lacked"
        assert lib.check().ok


def test_a_bulk_import_that_fails_half_way_leaves_nothing(
    lib_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(3)])
        store = lib._store
        original = store.add_or_merge
        calls = 0

        def failing(
            draft: PaperDraft,
            *,
            now: str | None = None,
            staged: str | None = None,
            **more: Any,
        ) -> MergeOutcome:
            nonlocal calls
            calls += 1
            if calls == STAGED_BATCH * 3 + 7:  # the fourth batch
                raise KeyboardInterrupt
            return original(draft, now=now, staged=staged, **more)

        monkeypatch.setattr(store, "add_or_merge", failing)
        with pytest.raises(KeyboardInterrupt):
            lib.import_drafts(_drafts(STAGED_BATCH * 5))
        monkeypatch.undo()
        assert lib.count() == 3
        assert _pending(lib_path / "library.sqlite") == 0
        assert lib.check().ok


def test_an_import_past_its_commit_point_is_finished_on_open(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(3)])
        lib.trash([1])
    conn = sqlite3.connect(str(lib_path / "library.sqlite"))
    try:  # what a crash after the commit point leaves: hidden papers, a kept draft, a journal
        conn.execute(
            "INSERT INTO papers (title, title_key, authors, added_at, updated_at, trashed_at) "
            "VALUES ('Half published', 'half published', '[]', 'x', 'x', 'pending:cafe')"
        )
        conn.execute(
            "INSERT INTO import_deferred (import_id, n, draft) VALUES ('cafe', 1, ?)",
            [
                '{"title": "Paper number 0: a study of topic 0", "year": 2000, '
                '"abstract": "Filled in by the import."}'
            ],
        )
        conn.execute("INSERT INTO import_journal VALUES ('cafe', 'publishing', 'x')")
        conn.commit()
    finally:
        conn.close()
    with Library.open(lib_path) as lib:
        assert _pending(lib_path / "library.sqlite") == 0
        assert lib.count() == 4, "the hidden paper was published, the trashed one restored"
        assert "Half published" in [p.title for p in lib.get_many(lib.list_ids())]
        assert lib.check().ok


def test_hidden_papers_of_a_dead_import_are_discarded_on_open(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(3)])
    conn = sqlite3.connect(str(lib_path / "library.sqlite"))
    try:  # what a killed import leaves: hidden papers, and no live claim
        conn.execute(
            "INSERT INTO papers (title, title_key, authors, added_at, updated_at, trashed_at) "
            "VALUES ('Half imported', 'half imported', '[]', 'x', 'x', 'pending:deadbeef')"
        )
        conn.commit()
    finally:
        conn.close()
    with Library.open(lib_path) as lib:
        assert _pending(lib_path / "library.sqlite") == 0
        assert lib.count() == 3
        assert lib.check().ok
