"""The Inbox's writes: a one-thread lane that runs them in order, and their undo steps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool

from papershelf.core.errors import PapershelfError
from papershelf.gui.tasks import TaskRunner
from papershelf.gui.undo import EditCommand
from papershelf.library import Library
from papershelf.library.inbox import TriageAction, TriageUndo, mark_seen, triage, undo_triage

LABELS = {
    TriageAction.ADD: "Add {n} to To read",
    TriageAction.READ: "Add {n} as Reading",
    TriageAction.DISMISS: "Dismiss {n}",
    TriageAction.LATER: "Save {n} for later",
}


def describe(action: TriageAction, n: int, tags: Sequence[str] = ()) -> str:
    what = f"{n} inbox items" if n != 1 else "inbox item"
    text = LABELS[action].format(n=what)
    return f"{text} tagged {', '.join(tags)}" if tags else text


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
) -> Callable[[], TriageUndo]:
    ids, labels = list(item_ids), list(tags)

    def job() -> TriageUndo:
        with Library.open(path, indexing="none") as lib:
            return triage(lib, ids, action, labels)

    return job


def seen_job(path: Path, item_ids: Sequence[int]) -> Callable[[], list[int]]:
    ids = list(item_ids)

    def job() -> list[int]:
        with Library.open(path, indexing="none") as lib:
            return mark_seen(lib, ids)

    return job


def triage_command(
    lib: Library,
    record: TriageUndo,
    item_ids: Sequence[int],
    tags: Sequence[str],
    after: Callable[[list[int]], None],
    report: Callable[[str], None],
) -> EditCommand:
    """An undo step for a triage that already happened on the lane.

    Undo and redo run on the GUI thread's connection: a single item's change, quick. `after`
    gets the items to select (the undone ones come back selected).
    """
    state = {"record": record}
    ids = list(item_ids)

    def do() -> None:
        try:
            state["record"] = triage(lib, ids, record.action, tags)
        except PapershelfError as exc:
            report(f"Not redone: {exc}")
        after([])

    def undo() -> None:
        try:
            undo_triage(lib, state["record"])
        except PapershelfError as exc:
            report(f"Not undone: {exc}")
        after(ids)

    return EditCommand(describe(record.action, len(ids), tags), do, undo, done=True)
