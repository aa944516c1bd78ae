"""The undo history: a stack of undo ops and one of redo ops, without Qt.

`run(lib, op, history)` applies an op and records the op that takes it back; `undo(lib)`
applies that, and what *it* returns as its own undo becomes the redo. The GUI's adapter
listens through `on_change` to retitle its Undo/Redo actions; the CLI needs no history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from papershelf.core.errors import PapershelfError, StorageError

if TYPE_CHECKING:  # ops imports this module for `run`
    from papershelf.library.library import Library
    from papershelf.library.ops.base import Op, OpResult

DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class _Step:
    label: str
    op: Op
    merge_key: object = None


class UndoHistory:
    """Undo and redo steps for one library, newest last, at most `limit` undo steps.

    A result whose `merge_key` equals that of the step recorded just before (no undo or
    redo in between) joins that step: it keeps the first undo, so undoing goes back to
    before the first save of a note, and redo then brings the latest text.
    """

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = max(1, limit)
        self.on_change: list[Callable[[], None]] = []
        """Called after every record, undo, redo and clear (e.g. to retitle menu items)."""
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._mergeable = False

    # ------------------------------------------------------------------------ state
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_label(self) -> str | None:
        """What Undo would take back ("Mark 3 papers as Read"), or None."""
        return self._undo[-1].label if self._undo else None

    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def __len__(self) -> int:
        """How many undo steps there are."""
        return len(self._undo)

    # ---------------------------------------------------------------------- changes
    def record(self, result: OpResult) -> bool:
        """Remember how to undo a change just made; False if it cannot be undone.

        A result without an undo (nothing changed, or the change cannot be taken back)
        leaves the history as it is.
        """
        if result.undo is None:
            return False
        top = self._undo[-1] if self._undo else None
        merge = (
            self._mergeable
            and top is not None
            and result.merge_key is not None
            and top.merge_key == result.merge_key
        )
        if not merge:
            self._undo.append(_Step(result.label, result.undo, result.merge_key))
            del self._undo[: -self.limit]
        self._redo.clear()
        self._mergeable = True
        self._notify()
        return True

    def undo(self, lib: Library) -> OpResult | None:
        """Take the newest step back; None when there is nothing to undo.

        Returns:
            What the undo did, labelled as the step it took back.

        Raises:
            StorageError: the library is busy or cannot be written; the step stays, to
                be tried again.
            PapershelfError: the step no longer applies (its paper is gone, …); it is
                dropped, so older steps can still be undone.
        """
        return self._move(lib, self._undo, self._redo)

    def redo(self, lib: Library) -> OpResult | None:
        """Make the newest undone step again (raises as `undo` does)."""
        return self._move(lib, self._redo, self._undo)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._mergeable = False
        self._notify()

    def _move(self, lib: Library, source: list[_Step], target: list[_Step]) -> OpResult | None:
        if not source:
            return None
        step = source[-1]
        try:
            result = step.op.apply(lib)
        except StorageError:
            raise
        except PapershelfError:
            source.pop()
            self._mergeable = False
            self._notify()
            raise
        source.pop()
        if result.undo is not None:
            target.append(_Step(step.label, result.undo, step.merge_key))
            del target[: -self.limit]
        self._mergeable = False
        self._notify()
        return dataclasses.replace(result, label=step.label)

    def _notify(self) -> None:
        for callback in list(self.on_change):
            callback()


def run(lib: Library, op: Op, history: UndoHistory | None = None) -> OpResult:
    """Apply `op` to `lib` and, with a history, record how to undo it.

    Raises:
        PapershelfError: the library refused the change; nothing was changed or recorded.
    """
    result = op.apply(lib)
    if history is not None:
        history.record(result)
    return result
