"""The Inbox's writes: a one-thread lane that runs triage ops in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool

from papershelf.gui.tasks import TaskRunner
from papershelf.library import Library
from papershelf.library.inbox import TriageAction, mark_seen
from papershelf.library.ops import OpResult, Triage


class WriterLane(TaskRunner):
    """One thread for Inbox writes, in the order they were asked for.

    A triage imports through the library (one transaction, then the index catches up), which
    can take a moment; queueing them on one thread keeps their order, and so the undo order,
    the user's. Each job opens its own connection: sqlite3 refuses a connection from
    another thread.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)


def triage_job(
    path: Path, item_ids: Sequence[int], action: TriageAction, tags: Sequence[str]
) -> Callable[[], OpResult]:
    op = Triage(tuple(item_ids), action, tuple(tags))

    def job() -> OpResult:
        with Library.open(path, indexing="none") as lib:
            return op.apply(lib)

    return job


def seen_job(path: Path, item_ids: Sequence[int]) -> Callable[[], list[int]]:
    ids = list(item_ids)

    def job() -> list[int]:
        with Library.open(path, indexing="none") as lib:
            return mark_seen(lib, ids)

    return job
