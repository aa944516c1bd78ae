"""Many changes switch the index to the multi-process writer without losing anyone's write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from papershelf.search.index import Changes, SearchIndex

from tests.search.test_fast_postings import documents


def _index(path: Path) -> SearchIndex:
    index = SearchIndex(path)
    index.rebuild(iter([]), 0)
    return index


def test_a_big_batch_is_computed_once_and_written_by_the_bulk_writer(tmp_path: Path) -> None:
    index = _index(tmp_path / "index")
    docs = documents(60, seed=4)
    asked: list[int] = []

    def compute(applied: int) -> Changes:
        asked.append(applied)
        return Changes(docs, [], 7)

    index.apply_changes(compute, bulk_threshold=10)
    assert asked == [0]
    assert index.seq == 7
    assert index.doc_count() == 60
    assert set(index.stored_revs()) == {int(d["id"]) for d in docs}
    index.close()


def test_a_write_between_the_two_writers_makes_the_batch_computed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process commits to the index after the small writer gave up and before the
    # bulk writer holds the lock: the batch is computed again from where that one left.
    index = _index(tmp_path / "index")
    other = SearchIndex(tmp_path / "index")
    assert other.open()
    docs = documents(60, seed=8)
    late = documents(61, seed=8)[-1]
    late["id"] = "999"
    writer = index._writer
    calls: list[bool] = []

    def writer_after_another_commit(ix: Any, timeout: float, bulk: bool) -> Any:
        calls.append(bulk)
        if bulk:
            other.apply([late], [], seq=5)
        return writer(ix, timeout, bulk)

    monkeypatch.setattr(index, "_writer", writer_after_another_commit)
    asked: list[int] = []

    def compute(applied: int) -> Changes:
        asked.append(applied)
        return Changes(docs, [], 9)

    index.apply_changes(compute, bulk_threshold=10)
    assert calls == [False, True]
    assert asked == [0, 5]
    assert index.seq == 9
    assert set(index.stored_revs()) == {int(d["id"]) for d in docs} | {999}
    other.close()
    index.close()
