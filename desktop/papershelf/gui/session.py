"""The window's session with its library: runs ops, keeps the undo history, announces changes.

Every edit is an op (`library/ops`, Qt-free) run through `run`, or run by a background job
and handed to `record`; either way it lands in one `UndoHistory` and is announced as a
`ChangeSet` on `sig_changed`. The list, the sidebar, the detail pane and the Inbox refresh
from that signal, so no edit needs to know which panes exist.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance

from papershelf.core.changes import ChangeSet
from papershelf.core.errors import PapershelfError
from papershelf.core.foreground import foreground
from papershelf.gui.lanes import Lane
from papershelf.gui.markup import escape
from papershelf.gui.tasks import TaskRunner
from papershelf.library import Library
from papershelf.library.undo import UndoHistory  # not via ops: that imports every op module

if TYPE_CHECKING:
    from papershelf.library.ops import Op, OpResult

log = logging.getLogger(__name__)


class Session(QObject):
    sig_changed = Signal(object)
    """A ChangeSet: what an edit, an import, an undo or another process changed."""

    sig_history = Signal()
    """The undo history changed (the Edit menu's titles follow)."""

    sig_undone = Signal(object)
    """An OpResult: a step was undone (views may select what came back)."""

    sig_redone = Signal(object)
    """An OpResult: a step was made again."""

    sig_message = Signal(str, int)
    """A transient status-bar message (text, milliseconds)."""

    sig_status = Signal(str)
    """Rich text for the permanent status area (imports, additions, exports)."""

    sig_error = Signal(object)
    """A background job failed: the status area shows it, with details on request."""

    def __init__(self, lib: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self.tasks = TaskRunner(self)
        self.writes = Lane(lib.path, "papershelf-writes", self)
        """Imports, attachments, exports and triage: in order, on one connection."""
        self.network = Lane(lib.path, "papershelf-network", self)
        """Lookups and feed fetches: never waited for when the window closes."""
        self.history = UndoHistory()
        self.history.on_change.append(self.sig_history.emit)
        self.last_error: BaseException | None = None

    # ------------------------------------------------------------------ edits
    def run(self, op: Op) -> OpResult | None:
        """Apply `op` to the library; only a change that was saved becomes an undo step.

        Returns None (with the reason in the status bar) when the library refused it.
        """
        with foreground():
            try:
                result = op.apply(self.lib)
            except PapershelfError as exc:
                self.message(f"Not saved: {exc}", 15_000)
                return None
            self.history.record(result)
            self.changed(result.changes)
        return result

    def record(self, result: OpResult) -> None:
        """A change a background job made through its own connection.

        It is indexed, its undo step kept and the change announced, as for `run`.
        """
        self.lib.notify_changed()
        self.history.record(result)
        self.changed(result.changes)

    def undo(self) -> None:
        self._step(self.history.undo, "undone", self.sig_undone)

    def redo(self) -> None:
        self._step(self.history.redo, "redone", self.sig_redone)

    def _step(
        self,
        move: Callable[[Library], OpResult | None],
        what: str,
        done: SignalInstance,
    ) -> None:
        with foreground():
            try:
                result = move(self.lib)
            except PapershelfError as exc:
                self.message(f"Not {what}: {exc}", 15_000)
                return
            if result is None:
                return
            self.changed(result.changes)
        done.emit(result)
        self.message(f"{what.capitalize()}: {result.label}", 3000)

    def changed(self, changes: ChangeSet) -> None:
        """Tell every pane what changed (after an edit, or another process's)."""
        if changes:
            self.sig_changed.emit(changes)

    # ------------------------------------------------------------------ messages
    def message(self, text: str, msecs: int = 5000) -> None:
        self.sig_message.emit(text, msecs)

    def status(self, rich_text: str) -> None:
        self.sig_status.emit(rich_text)

    def error(self, exc: BaseException) -> None:
        self.last_error = exc
        self.sig_error.emit(exc)

    @staticmethod
    def error_html(exc: BaseException) -> str:
        return (
            f'<span style="color:#c62828">{escape(str(exc))}</span> — <a href="error">details</a>'
        )

    def busy(self) -> bool:
        """Whether any background job is queued, running or not yet delivered."""
        return self.tasks.busy() or self.writes.busy() or self.network.busy()

    def close(self) -> None:
        """The window closes: let writes end (as a write in progress must), drop the rest."""
        if not self.writes.close(wait=60):
            log.warning("a background write was still running when the window closed")
        self.network.close(wait=None)
        self.tasks.wait()
        self.tasks.close()
