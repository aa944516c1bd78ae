"""Undoable edits: each user edit is a command whose redo and undo call the library."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand


class EditCommand(QUndoCommand):
    """An edit as a pair of functions.

    `QUndoStack.push` runs `redo` at once; with `done=True` that first run is skipped, for an
    edit that was already carried out (and succeeded) before it was pushed.
    """

    def __init__(
        self,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        *,
        merge_id: int = -1,
        key: object = None,
        done: bool = False,
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._merge_id = merge_id
        self._skip_next_redo = done
        self.key = key

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._do()

    def undo(self) -> None:
        self._undo()

    def id(self) -> int:
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Successive autosaves of one note are one undo step: keep the first undo, the
        # latest redo.
        if not isinstance(other, EditCommand) or other.key != self.key:
            return False
        self._do = other._do
        return True
