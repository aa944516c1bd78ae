"""Resolving title-only papers in the window: after an import, on a timer, and on request.

The searches run on the network lane (never delaying the window's close); progress reaches
the status bar ("Resolving 50 papers… 32 done") and the rows are re-read as answers land.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.markup import escape
from papershelf.gui.shell import Shell

if TYPE_CHECKING:
    from papershelf.library import ops
    from papershelf.library.resolve import ResolveReport

log = logging.getLogger(__name__)

FIRST_TRY_MS = 4_000
"""After the window shows: the first look for papers due (after the pending fill)."""
BATCH = 100
"""Papers one automatic run searches (a 10,000-title paste goes in batches, newest first)."""
NEXT_BATCH_MS = 2_000
PROGRESS_MS = 250
"""How often the status bar shows a running resolution's progress."""
TRY_INTERVAL_MS = 15 * 60_000
"""Then every 15 minutes: failed tries come due again (30 min, doubling, at most a day)."""


class _Progress:
    """Where a worker leaves its progress, polled by the window.

    Plain Python: no Qt object is touched from the worker thread, where the window may be
    gone by the time a slow answer arrives.
    """

    def __init__(self) -> None:
        self.value: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        self.value = (done, total)


class ResolveController(QObject):
    """Runs title resolution for the window and shows its progress and outcome."""

    def __init__(self, shell: Shell, lists: ListController) -> None:
        super().__init__(shell.window)
        self._shell = shell
        self._session = shell.session
        self._lib = shell.session.lib
        self._lists = lists
        self._running: list[int] | None = None
        self._quiet = False
        self._progress = _Progress()
        self._shown: tuple[int, int] | None = None
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(NEXT_BATCH_MS)
        self._next.timeout.connect(self.resolve_due)
        self._poll = QTimer(self)
        self._poll.setInterval(PROGRESS_MS)
        self._poll.timeout.connect(self._on_progress)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(FIRST_TRY_MS)
        self._first.timeout.connect(self.resolve_due)
        self._timer = QTimer(self)
        self._timer.setInterval(TRY_INTERVAL_MS)
        self._timer.timeout.connect(self.resolve_due)

    def start(self) -> None:
        self._first.start()
        self._timer.start()

    def stop(self) -> None:
        self._first.stop()
        self._timer.stop()
        self._next.stop()
        self._poll.stop()

    def commands(self) -> dict[str, Callable[[], object]]:
        return {"paper.resolve": self.resolve_selected}

    # ------------------------------------------------------------------ runs
    def after_import(self, paper_ids: Sequence[int]) -> None:
        """Resolve what an import brought without an identifier (if the settings allow)."""
        settings = self._lib.settings
        if settings.resolve_titles and settings.online and paper_ids:
            self.resolve(list(paper_ids)[-BATCH:], quiet_if_none=True)  # newest first

    def resolve_due(self) -> None:
        from papershelf.library.resolve import due

        settings = self._lib.settings
        if settings.resolve_titles and settings.online and self._running is None:
            ids = due(self._lib, limit=BATCH)
            if ids:
                self.resolve(ids, quiet_if_none=True)

    def resolve(self, ids: list[int], *, quiet_if_none: bool = False) -> None:
        from papershelf.library import ops

        if self._running is not None:
            return
        self._running = ids
        self._progress = _Progress()
        self._shown = None
        op = ops.ResolveTitles(tuple(ids), progress=self._progress)
        self._quiet = quiet_if_none
        self._session.network.run(op.apply, self._on_done, self._on_error)
        self._poll.start()

    def _on_progress(self) -> None:
        value = self._progress.value
        if value is None or value == self._shown:
            return
        self._shown = value
        done, total = value
        text = f"Resolving {total} papers… {done} done"
        # An automatic run leaves the import's summary (and its links) where it is.
        if self._quiet:
            self._session.message(text, 10_000)
        else:
            self._session.status(text)
        if self._running:  # rows fill in as the answers land
            self._session.changed(ChangeSet.of_papers(self._running, PaperField.METADATA))

    def _on_done(self, result: ops.OpResult) -> None:
        self._poll.stop()
        self._running = None
        report: ResolveReport = result.value
        self._session.record(result)
        if report.tried == 0 and not report.offline:
            if not self._quiet:
                self._session.message("Nothing to resolve: the paper has an identifier", 5000)
            return
        if report.offline and self._quiet:
            return
        self._lists.refresh_counts()
        if report.resolved or report.merged or report.ambiguous or report.not_found:
            # The services answer: go on with the next batch soon (a big paste resolves in
            # batches, each one request per title, arXiv's paced).
            self._next.start()
        if self._quiet:
            hint = " (Paper → Resolve by Title… to choose)" if report.ambiguous else ""
            self._session.message(f"Resolving: {report.summary()}{hint}", 15_000)
            return
        text = escape(f"Resolving: {report.summary()}")
        if report.ambiguous:
            text += ' — <a href="resolve">choose</a>'
        self._session.status(text)

    def _on_error(self, exc: BaseException) -> None:
        self._poll.stop()
        self._running = None
        log.warning("resolving titles failed: %s", exc)
        self._session.error(exc)

    # ------------------------------------------------------------------ the user's pick
    def resolve_selected(self) -> None:
        """Resolve…: choose among a paper's kept candidates, or search its title now."""
        from papershelf.library.resolve import candidates

        ids = self._lists.selected_ids()
        if not ids:
            return
        found = candidates(self._lib, ids[0])
        if len(ids) == 1 and found:
            self.choose(ids[0], found)
        else:
            self.resolve(ids)

    def choose(self, paper_id: int, found: list[dict[str, object]]) -> None:
        from PySide6.QtWidgets import QDialog

        from papershelf.gui.dialogs.resolve import ResolveDialog
        from papershelf.library import ops

        paper = self._lib.get(paper_id)
        dialog = ResolveDialog(paper.title, found, self._shell.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        result = self._session.run(ops.ChooseRecord(paper_id, dialog.choice))
        if result is not None:
            self._lists.refresh(keep=[int(result.value)])

    def choose_next(self) -> None:
        """The status bar's "choose" link: the first paper waiting for the user's pick."""
        from papershelf.library.resolve import candidates, unresolved

        for pid in self._lists.selected_ids() + unresolved(self._lib):
            found = candidates(self._lib, pid)
            if found:
                self.choose(pid, found)
                return
