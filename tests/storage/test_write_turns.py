"""The in-process write path: an edit the user waits for goes before a bulk job's next step."""

from __future__ import annotations

import threading
from pathlib import Path

from papershelf.core.foreground import foreground
from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.storage.db import connect, transaction, writer_waiting

WAIT = 10.0  # seconds; a generous bound for events that happen at once on a quiet machine


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    db = connect(path)
    db.execute("CREATE TABLE t (x INTEGER)")
    db.conn.close()
    return path


def test_a_bulk_job_sees_an_edit_waiting_for_its_transaction(tmp_path: Path) -> None:
    path = _db(tmp_path)
    bulk = connect(path)
    edit_done = threading.Event()

    def make_edit() -> None:
        edit = connect(path)  # a connection belongs to its thread
        with transaction(edit):
            edit.execute("INSERT INTO t VALUES (2)")
        edit_done.set()

    with transaction(bulk):
        assert not writer_waiting(bulk)
        thread = threading.Thread(target=make_edit)
        thread.start()
        # The edit queues behind this transaction; the bulk job can see it and stop early.
        seen = threading.Event()
        for _ in range(int(WAIT / 0.001)):
            if writer_waiting(bulk):
                seen.set()
                break
            seen.wait(0.001)
        assert seen.is_set()
        assert not edit_done.is_set()
        bulk.execute("INSERT INTO t VALUES (1)")
    thread.join(WAIT)
    assert edit_done.is_set()
    assert [r[0] for r in bulk.execute("SELECT x FROM t ORDER BY rowid")] == [1, 2]


def test_other_threads_start_no_write_while_an_edit_runs_in_the_foreground(
    tmp_path: Path,
) -> None:
    path = _db(tmp_path)
    order: list[str] = []
    asked = threading.Event()
    wrote = threading.Event()

    def background() -> None:
        db = connect(path)
        asked.set()
        with transaction(db):
            db.execute("INSERT INTO t VALUES (1)")
            order.append("background")
        wrote.set()

    edit = connect(path)
    with foreground():
        thread = threading.Thread(target=background)
        thread.start()
        assert asked.wait(WAIT)
        # The background write would have happened by now if nothing held it back.
        assert not wrote.wait(0.1)
        with transaction(edit):
            edit.execute("INSERT INTO t VALUES (2)")
            order.append("edit")
    thread.join(WAIT)
    assert order == ["edit", "background"]


def test_a_staged_import_lets_an_edit_in_and_still_imports_everything(tmp_path: Path) -> None:
    """An edit made while a bulk import runs is kept, and so is every imported paper."""
    lib = Library.open(tmp_path / "lib", indexing="none")
    lib.import_drafts([PaperDraft(title="seed paper")], source="seed")
    seed = lib.list_ids()[0]
    drafts = [PaperDraft(title=f"bulk paper number {i}") for i in range(3000)]
    errors: list[BaseException] = []

    def run_import() -> None:
        try:
            with Library.open(tmp_path / "lib", indexing="none") as other:
                other.import_drafts(drafts, source="bulk")
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    thread = threading.Thread(target=run_import)
    thread.start()
    edits = 0
    while thread.is_alive():
        with foreground():
            lib.set_priority(seed, edits % 4)
        edits += 1
    thread.join()
    assert not errors
    assert lib.count() == 3001
    assert lib.get(seed).priority == (edits - 1) % 4
    lib.close()
