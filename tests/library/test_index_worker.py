"""The window hands a big index catch-up to a process of its own, which leaves it done."""

from __future__ import annotations

from pathlib import Path

from papershelf.library import Library
from papershelf.library.index_worker import catch_up_elsewhere
from papershelf.library.indexing import BULK_THRESHOLD

from tests.conftest import make_draft


def test_a_big_catch_up_runs_in_another_process(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(3)])
    with Library.open(lib_path, indexing="none") as lib:  # SQLite only, as a worker writes
        lib.import_drafts([make_draft(i) for i in range(100, 100 + BULK_THRESHOLD + 50)])
    assert catch_up_elsewhere(lib_path)
    with Library.open(lib_path, indexing="none") as lib:
        report = lib.check(sync=False)  # nothing caught up here: the worker did it all
        assert report.ok, report.to_json()
        assert report.indexed == 3 + BULK_THRESHOLD + 50


def test_the_window_indexer_uses_it_and_stays_in_step(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(3)])
    window = Library.open(lib_path, indexing="background")
    try:
        assert window.wait_for_index(60)
        with Library.open(lib_path, indexing="none") as worker:
            worker.import_drafts([make_draft(i) for i in range(100, 100 + BULK_THRESHOLD + 50)])
        window.notify_changed()
        assert window.wait_for_index(300)
        hits = window.search(f"topic {100 + BULK_THRESHOLD + 49}", mode="typing").hits
        assert hits
        assert window.check().ok
    finally:
        window.close()


def test_a_library_that_cannot_be_opened_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "library.sqlite").write_bytes(b"not a database" * 100)
    assert not catch_up_elsewhere(tmp_path / "lib")
