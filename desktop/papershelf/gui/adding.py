"""Adding papers by identifier or PDF, attaching files, and filling pending metadata.

The window's side of issue 6. Lookups and PDF extraction run in workers, each with its own
Library connection (as imports do); the window's library only reads, trashes on undo and
brings the search index up to date afterwards. Offline, additions become "metadata
pending" placeholders that a timer fills in once the services answer again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.errors import ImportFormatError, PapershelfError
from papershelf.core.models import Attachment
from papershelf.gui.markup import escape
from papershelf.library.attachments import (
    attachment_path,
    attachments,
)

if TYPE_CHECKING:
    from papershelf.gui.controllers.list_view import ListController
    from papershelf.gui.shell import Shell
    from papershelf.library import ops
    from papershelf.library.lookup import AddReport, RefreshReport

# The dialog, the importers, the ops and the lookups (the HTTP client) are imported when
# first used: none of them is needed to show the window.

log = logging.getLogger(__name__)

FIRST_FILL_MS = 3_000
"""After the window shows: the first attempt to fill pending papers."""
FILL_INTERVAL_MS = 10 * 60 * 1000
"""Then every 10 minutes, while pending papers exist."""


def looks_like_identifiers(text: str) -> bool:
    """Whether text is a list of ids/URLs (looked up online) rather than a bibliography."""
    from papershelf.importers.registry import choose_importer

    try:
        return choose_importer(text).name == "ids"
    except ImportFormatError:
        return False


class AddingController(QObject):
    """Runs additions, attachments and refreshes for the window and shows their results."""

    def __init__(self, shell: Shell, lists: ListController) -> None:
        super().__init__(shell.window)
        self._shell = shell
        self._session = shell.session
        self._lists = lists
        self._lib = shell.session.lib
        shell.welcome.sig_add.connect(self.add_by_identifier)
        self.last_report: AddReport | None = None
        self._filling = False
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(FIRST_FILL_MS)
        self._first.timeout.connect(self.fill_pending)
        self._timer = QTimer(self)
        self._timer.setInterval(FILL_INTERVAL_MS)
        self._timer.timeout.connect(self.fill_pending)
        shell.details.files.set_loader(self._files)
        shell.details.files.sig_attach.connect(self.attach)
        shell.details.files.show_paper(shell.details.paper_id())  # shown before we existed

    def start(self) -> None:
        """Begin filling pending papers: soon after start, then every 10 minutes."""
        self._first.start()
        self._timer.start()

    def stop(self) -> None:
        self._first.stop()
        self._timer.stop()

    # ------------------------------------------------------------------ add
    def add_text(self, text: str, label: str) -> bool:
        """Add pasted or dropped identifiers; False when the text is something else."""
        if not looks_like_identifiers(text):
            return False
        from papershelf.gui.dialogs.add_identifiers import split_inputs

        self.add(split_inputs(text), label)
        return True

    def add(self, inputs: Sequence[str], label: str) -> None:
        """Look `inputs` (ids, URLs, PDF paths) up and add them, in a worker."""
        if not inputs:
            return
        from papershelf.library import ops

        op = ops.AddInputs(tuple(inputs), label)

        self._session.status(f"Adding {escape(label)}…")
        # The network lane: a lookup waiting on a slow server never holds the window's close.
        self._session.network.run(
            op.apply, lambda outcome: self._on_added(outcome, label), self._session.error
        )

    def _on_added(self, result: ops.OpResult, label: str) -> None:
        from papershelf.gui.dialogs.add_identifiers import result_line, summary_html

        report: AddReport = result.value
        self.last_report = report
        self._session.record(result)
        self._session.status(summary_html(report))
        self._shell.status_label.setToolTip("\n".join(result_line(i) for i in report.items))
        shown = [i.paper_id for i in report.items if i.paper_id is not None]
        self._lists.refresh(keep=shown)

    def show_details(self) -> None:
        """Every input's line, for the status area's "details" link."""
        report = self.last_report
        if report is None:
            return
        from PySide6.QtWidgets import QMessageBox

        from papershelf.gui.dialogs.add_identifiers import result_line

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Add by identifier",
            "\n".join(result_line(i) for i in report.items),
            parent=self._shell.window,
        )
        box.setModal(False)
        box.show()

    # ------------------------------------------------------------------ attach
    def attach(self, paper_id: int, paths: list[str]) -> None:
        """Copy PDFs into the library and attach them to `paper_id`, in a worker."""
        if not paths:
            return
        from papershelf.library import ops

        op = ops.AttachFiles(paper_id, tuple(paths))

        names = ", ".join(Path(p).name for p in paths)
        self._session.status(f"Attaching {escape(names)}…")
        self._session.writes.run(op.apply, self._on_attached, self._session.error)

    def _on_attached(self, result: ops.OpResult) -> None:
        outcome: ops.AttachOutcome = result.value
        self._session.record(result)
        lines = [r.summary() for r in outcome.reports] + outcome.errors
        text = escape("; ".join(lines))
        if outcome.errors:
            text = f'<span style="color:#c62828">{text}</span>'
        self._session.status(text)
        self._shell.status_label.setToolTip("\n".join(lines))
        # A paper's files show in the detail pane even when nothing new was attached.
        self._session.changed(ChangeSet.of_papers([outcome.paper_id], PaperField.FILES))

    def _files(self, paper_id: int) -> list[tuple[Attachment, Path]]:
        lib = self._lib
        try:
            return [(a, attachment_path(lib, a)) for a in attachments(lib, paper_id)]
        except PapershelfError:  # the paper is gone, or a stored name is unsafe
            return []

    # ------------------------------------------------------------------ pending metadata
    def refresh(self, ids: Sequence[int]) -> None:
        """Ask the services again about these papers (the "Refresh Metadata" command)."""
        ids = list(ids)
        if not ids:
            return
        n = f"{len(ids)} papers" if len(ids) > 1 else "the paper"
        self._session.status(f"Looking up {n} online…")
        from papershelf.library.lookup import refresh

        self._session.network.run(
            lambda worker: refresh(worker, ids=ids), self._on_refreshed, self._session.error
        )

    def _on_refreshed(self, report: RefreshReport) -> None:
        self._after_refresh(report)
        parts = [f"Checked {report.checked}"]
        if report.completed:
            parts.append(f"{len(report.completed)} filled in")
        parts += [
            f"arXiv:{a} has v{new} (you have v{old})" for _, a, old, new in report.newer_versions
        ]
        parts += [f"#{pid} published as doi:{doi}" for pid, doi in report.published]
        parts += [f"#{drop} merged into #{keep}" for drop, keep, _ in report.merged]
        if report.pending:
            parts.append(f"{len(report.pending)} still pending: {report.pending[0][1]}")
        parts += [f"#{pid} failed: {reason}" for pid, reason in report.failed]
        if report.checked == 0:
            parts = ["Nothing to look up: no arXiv id, or a DOI only on a complete paper"]
        self._session.status(escape("; ".join(parts)))

    def fill_pending(self) -> None:
        """Fill the placeholders in a worker, if there are any; quiet when offline."""
        from papershelf.library.lookup import fill_pending, pending_ids

        if self._filling or not pending_ids(self._lib):
            return
        self._filling = True
        self._session.network.run(fill_pending, self._on_filled, self._on_fill_error)

    def _on_filled(self, report: RefreshReport) -> None:
        self._filling = False
        self._after_refresh(report)
        if report.completed:
            n = len(report.completed)
            self._session.message(
                f"Filled in the metadata of {n} paper{'s' if n != 1 else ''}", 8000
            )
        elif report.pending:
            self._session.message(
                f"{len(report.pending)} papers wait for their metadata (offline?)", 5000
            )

    def _on_fill_error(self, exc: BaseException) -> None:
        self._filling = False
        log.warning("filling pending metadata failed: %s", exc)
        self._session.message(f"Metadata lookup failed: {exc}", 5000)

    def _after_refresh(self, report: RefreshReport) -> None:
        changed = [*report.completed, *(v[0] for v in report.newer_versions)]
        changed += [pid for pid, _ in report.published]
        if not changed and not report.merged:
            return
        self._lib.notify_changed()
        merged = ChangeSet(membership=True) if report.merged else ChangeSet()
        self._session.changed(ChangeSet.of_papers(changed, PaperField.METADATA) | merged)

    # ------------------------------------------------------------------ commands
    def commands(self) -> dict[str, Callable[[], object]]:
        return {
            "file.add_ids": self.add_by_identifier,
            "paper.attach": self.attach_pdf,
            "paper.refresh": lambda: self.refresh(self._lists.selected_ids()),
        }

    def add_by_identifier(self) -> None:
        from PySide6.QtWidgets import QDialog

        from papershelf.gui.dialogs.add_identifiers import AddIdentifiersDialog

        dialog = AddIdentifiersDialog(self._shell.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            inputs = dialog.inputs()
            self.add(inputs, inputs[0] if len(inputs) == 1 else f"{len(inputs)} papers")

    def attach_pdf(self) -> None:
        ids = self._lists.selected_ids()
        if len(ids) != 1:
            self._session.message("Select one paper to attach a PDF to", 5000)
            return
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(
            self._shell.window, "Attach PDF", str(Path.home()), "PDF files (*.pdf);;All files (*)"
        )
        self.attach(ids[0], paths)
