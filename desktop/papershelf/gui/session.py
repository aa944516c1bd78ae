"""The window's session with its library: the undo history and one `changed` signal.

Every edit goes through here and is announced as a `ChangeSet`; the list, the sidebar and
the detail pane refresh from that signal, so no edit needs to know which panes exist.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from papershelf.core.changes import ChangeSet
from papershelf.core.errors import PapershelfError
from papershelf.gui.tasks import TaskRunner
from papershelf.gui.undo import EditCommand
from papershelf.library import Library

log = logging.getLogger(__name__)


class Session(QObject):
    sig_changed = Signal(object)
    """A ChangeSet: what an edit, an import, an undo or another process changed."""

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
        self.undo_stack = QUndoStack(self)
        self.last_error: BaseException | None = None

    def changed(self, changes: ChangeSet) -> None:
        """Tell every pane what changed (after an edit, or another process's)."""
        if changes:
            self.sig_changed.emit(changes)

    def message(self, text: str, msecs: int = 5000) -> None:
        self.sig_message.emit(text, msecs)

    def status(self, rich_text: str) -> None:
        self.sig_status.emit(rich_text)

    def error(self, exc: BaseException) -> None:
        self.last_error = exc
        self.sig_error.emit(exc)

    def push(
        self,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        changes: ChangeSet,
        **kw: Any,
    ) -> bool:
        """Carry out an edit; only an edit that was saved becomes an undo step.

        Returns False (with the reason in the status bar) when the library refused it.
        """
        try:
            do()
        except PapershelfError as exc:
            self.message(f"Not saved: {exc}", 15_000)
            return False

        def wrap(fn: Callable[[], object]) -> Callable[[], None]:
            def run() -> None:
                try:
                    fn()
                except PapershelfError as exc:
                    self.message(f"Not saved: {exc}", 15_000)
                self.changed(changes)

            return run

        self.undo_stack.push(EditCommand(text, wrap(do), wrap(undo), done=True, **kw))
        self.changed(changes)
        return True

    def record(
        self, text: str, redo: Callable[[], object], undo: Callable[[], object], changes: ChangeSet
    ) -> None:
        """An undo step for a change a background job already made."""

        def wrap(fn: Callable[[], object]) -> Callable[[], None]:
            def run() -> None:
                try:
                    fn()
                except PapershelfError as exc:
                    self.message(f"Not saved: {exc}", 15_000)
                self.changed(changes)

            return run

        self.undo_stack.push(EditCommand(text, wrap(redo), wrap(undo), done=True))

    def error_html(self, exc: BaseException) -> str:
        return (
            f'<span style="color:#c62828">{html.escape(str(exc))}</span>'
            ' — <a href="error">details</a>'
        )

    def close(self) -> None:
        self.tasks.wait()
        self.tasks.close()
