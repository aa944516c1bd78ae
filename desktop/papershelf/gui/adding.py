"""Adding papers by identifier or PDF, attaching files, and filling pending metadata.

The window's side of issue 6. Lookups and PDF extraction run in workers, each with its own
Library connection (as imports do); the window's library only reads, trashes on undo and
brings the search index up to date afterwards. Offline, additions become "metadata
pending" placeholders that a timer fills in once the services answer again.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from papershelf.core.errors import ImportFormatError, PapershelfError
from papershelf.gui.dialogs.add_identifiers import result_line, split_inputs, summary_html
from papershelf.gui.undo import EditCommand
from papershelf.importers.registry import choose_importer
from papershelf.library import Library
from papershelf.library.adding import add_inputs
from papershelf.library.attachments import (
    AttachReport,
    Detached,
    attach,
    attachment_path,
    attachments,
    detach,
    reattach,
)
from papershelf.library.lookup import AddReport, RefreshReport, fill_pending, pending_ids, refresh
from papershelf.storage.attachments import Attachment

if TYPE_CHECKING:
    from papershelf.gui.mainwindow import MainWindow

log = logging.getLogger(__name__)

FIRST_FILL_MS = 3_000
"""After the window shows: the first attempt to fill pending papers."""
FILL_INTERVAL_MS = 10 * 60 * 1000
"""Then every 10 minutes, while pending papers exist."""


def looks_like_identifiers(text: str) -> bool:
    """Whether text is a list of ids/URLs (looked up online) rather than a bibliography."""
    try:
        return choose_importer(text).name == "ids"
    except ImportFormatError:
        return False


@dataclass
class AddOutcome:
    report: AddReport
    live: list[int] = field(default_factory=list)
    """Papers this addition created or brought back from the trash: undo trashes them."""


@dataclass
class AttachOutcome:
    paper_id: int
    reports: list[AttachReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class AddingController(QObject):
    """Runs additions, attachments and refreshes for the window and shows their results."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.last_report: AddReport | None = None
        self._filling = False
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(FIRST_FILL_MS)
        self._first.timeout.connect(self.fill_pending)
        self._timer = QTimer(self)
        self._timer.setInterval(FILL_INTERVAL_MS)
        self._timer.timeout.connect(self.fill_pending)
        window.details.files.set_loader(self._files)
        window.details.files.sig_attach.connect(self.attach)
        window.details.files.show_paper(window.details.paper_id())  # shown before we existed

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
        self.add(split_inputs(text), label)
        return True

    def add(self, inputs: Sequence[str], label: str) -> None:
        """Look `inputs` (ids, URLs, PDF paths) up and add them, in a worker."""
        inputs = list(inputs)
        if not inputs:
            return
        lib_path = self._window.lib.path

        def job() -> AddOutcome:
            with Library.open(lib_path, indexing="none") as worker:
                report = add_inputs(worker, inputs)
            # Only what this addition put in: other jobs may add papers meanwhile.
            created = {i.paper_id for i in report.items if i.created and i.paper_id}
            return AddOutcome(report, sorted(created))

        self._window.status_label.setText(f"Adding {html.escape(label)}…")
        self._window.tasks.run(
            job, lambda outcome: self._on_added(outcome, label), self._window._on_import_error
        )

    def _on_added(self, outcome: AddOutcome, label: str) -> None:
        w, report = self._window, outcome.report
        self.last_report = report
        w.lib.notify_changed()
        ids = outcome.live
        if ids:
            lib = w.lib

            def redo() -> None:
                lib.restore(ids)
                w.refresh_counts()

            def undo() -> None:
                lib.trash(ids)
                w.refresh_counts()

            w.undo_stack.push(EditCommand(f"Add {label}", redo, undo, done=True))
        w.status_label.setText(summary_html(report))
        w.status_label.setToolTip("\n".join(result_line(i) for i in report.items))
        w.refresh_counts()
        shown = [i.paper_id for i in report.items if i.paper_id is not None]
        w.refresh_list(keep=shown)
        self._refresh_details(shown)

    def show_details(self) -> None:
        """Every input's line, for the status area's "details" link."""
        report = self.last_report
        if report is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Add by identifier",
            "\n".join(result_line(i) for i in report.items),
            parent=self._window,
        )
        box.setModal(False)
        box.show()

    # ------------------------------------------------------------------ attach
    def attach(self, paper_id: int, paths: list[str]) -> None:
        """Copy PDFs into the library and attach them to `paper_id`, in a worker."""
        if not paths:
            return
        lib_path = self._window.lib.path

        def job() -> AttachOutcome:
            outcome = AttachOutcome(paper_id)
            with Library.open(lib_path, indexing="none") as worker:
                for path in paths:
                    try:
                        outcome.reports.append(attach(worker, paper_id, path))
                    except PapershelfError as exc:
                        outcome.errors.append(f"{Path(path).name}: {exc}")
            return outcome

        names = ", ".join(Path(p).name for p in paths)
        self._window.status_label.setText(f"Attaching {html.escape(names)}…")
        self._window.tasks.run(job, self._on_attached, self._window._on_import_error)

    def _on_attached(self, outcome: AttachOutcome) -> None:
        w = self._window
        w.lib.notify_changed()
        lines = [r.summary() for r in outcome.reports] + outcome.errors
        text = html.escape("; ".join(lines))
        if outcome.errors:
            text = f'<span style="color:#c62828">{text}</span>'
        w.status_label.setText(text)
        w.status_label.setToolTip("\n".join(lines))
        w.model.refresh([outcome.paper_id])
        self._refresh_details([outcome.paper_id])
        added = [r.attachment.id for r in outcome.reports if not r.already_attached]
        if added:
            self._push_attach_undo(outcome.paper_id, added)

    def _push_attach_undo(self, paper_id: int, attachment_ids: list[int]) -> None:
        """Undo takes the files off again (parked, not deleted); redo puts them back."""
        w = self._window
        lib = w.lib
        parked: list[Detached] = []
        current = list(attachment_ids)

        def undo() -> None:
            parked[:] = [detach(lib, aid) for aid in current]

        def redo() -> None:
            current[:] = [reattach(lib, d).id for d in parked]
            parked.clear()

        def after(fn: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                try:
                    fn()
                except PapershelfError as exc:
                    w.statusBar().showMessage(f"Not saved: {exc}", 15_000)
                w.model.refresh([paper_id])
                self._refresh_details([paper_id])

            return run

        n = len(attachment_ids)
        text = "Attach PDF" if n == 1 else f"Attach {n} PDFs"
        w.undo_stack.push(EditCommand(text, after(redo), after(undo), done=True))

    def _files(self, paper_id: int) -> list[tuple[Attachment, Path]]:
        lib = self._window.lib
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
        lib_path = self._window.lib.path

        def job() -> RefreshReport:
            with Library.open(lib_path, indexing="none") as worker:
                return refresh(worker, ids=ids)

        n = f"{len(ids)} papers" if len(ids) > 1 else "the paper"
        self._window.status_label.setText(f"Looking up {n} online…")
        self._window.tasks.run(job, self._on_refreshed, self._window._on_import_error)

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
        self._window.status_label.setText(html.escape("; ".join(parts)))

    def fill_pending(self) -> None:
        """Fill the placeholders in a worker, if there are any; quiet when offline."""
        w = self._window
        if self._filling or not pending_ids(w.lib):
            return
        self._filling = True
        lib_path = w.lib.path

        def job() -> RefreshReport:
            with Library.open(lib_path, indexing="none") as worker:
                return fill_pending(worker)

        w.tasks.run(job, self._on_filled, self._on_fill_error)

    def _on_filled(self, report: RefreshReport) -> None:
        self._filling = False
        self._after_refresh(report)
        bar = self._window.statusBar()
        if report.completed:
            n = len(report.completed)
            bar.showMessage(f"Filled in the metadata of {n} paper{'s' if n != 1 else ''}", 8000)
        elif report.pending:
            bar.showMessage(
                f"{len(report.pending)} papers wait for their metadata (offline?)", 5000
            )

    def _on_fill_error(self, exc: BaseException) -> None:
        self._filling = False
        log.warning("filling pending metadata failed: %s", exc)
        self._window.statusBar().showMessage(f"Metadata lookup failed: {exc}", 5000)

    def _after_refresh(self, report: RefreshReport) -> None:
        w = self._window
        changed = [*report.completed, *(v[0] for v in report.newer_versions)]
        changed += [pid for pid, _ in report.published]
        if not changed and not report.merged:
            return
        w.lib.notify_changed()
        w.refresh_counts()
        w.refresh_list()
        w.model.refresh(changed)
        self._refresh_details(changed)

    def _refresh_details(self, ids: Sequence[int]) -> None:
        w = self._window
        current = w.details.paper_id()
        if current is not None and current in ids and w.lib.store.exists(current):
            w.show_details_of(current)
