"""Imports (files, pasted text, the sample library, drops) and exports, in background jobs."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from papershelf.gui.adding import AddingController
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.controllers.resolving import ResolveController
from papershelf.gui.markup import escape
from papershelf.gui.shell import Shell
from papershelf.library import ImportReport, Library

if TYPE_CHECKING:
    from papershelf.library import ops

    pass


class ImportController(QObject):
    def __init__(self, shell: Shell, lists: ListController, adding: AddingController) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self.session = shell.session
        self.lib = shell.session.lib
        self.lists = lists
        self.adding = adding
        self.resolving: ResolveController | None = None
        """Set by the window: resolves what an import brought without identifiers."""
        self.last_report: ImportReport | None = None
        w = shell.welcome
        w.sig_import.connect(self.import_file)
        w.sig_paste.connect(self.paste_papers)
        w.sig_sample.connect(self.load_sample)
        shell.search_bar.sig_paste_lines.connect(self.offer_import)
        shell.status_label.linkActivated.connect(self.show_details)

    def commands(self) -> dict[str, Callable[[], object]]:
        return {
            "file.import": self.import_file,
            "file.paste": self.paste_papers,
            "file.sample": self.load_sample,
            "file.export_selected": lambda: self._export(
                self.lists.selected_ids(), "selected papers"
            ),
            "file.export_all": lambda: self._export(None, "the library"),
        }

    # ------------------------------------------------------------------ imports
    def import_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self.shell.window,
            "Import papers",
            str(Path.home()),
            "Bibliographies, listings and saved pages "
            "(*.bib *.ris *.json *.xml *.txt *.md *.html *.htm);;All files (*)",
        )
        if path:
            self.import_paths([path])

    def import_paths(self, paths: Sequence[str]) -> None:
        from papershelf.library import ops

        for path in paths:
            self._run_import(ops.ImportFile(path), Path(path).name)

    def import_text(self, text: str, source: str = "pasted text") -> None:
        from papershelf.library import ops

        self._run_import(ops.ImportText(text, source=source), source)

    def paste_papers(self) -> None:
        from papershelf.importers.html_page import HtmlPageImporter

        mime = QGuiApplication.clipboard().mimeData()
        page = mime.html() if mime.hasHtml() else ""
        if page and HtmlPageImporter().sniff(page) >= 0.5:
            # A browser copy of a page: its links name the papers, no search needed.
            self.import_text(page, source="pasted page")
            return
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.session.message("The clipboard holds no text to import", 5000)
            return
        if not self.adding.add_text(text, "pasted identifiers"):  # ids are looked up online
            self.import_text(text)

    def offer_import(self, text: str) -> None:
        """Lines pasted into the search bar: import them as papers, or search for them?

        A listing pasted into the search bar by mistake once became a 30 KB query; a silent
        import would surprise as much, so the user chooses.
        """
        from PySide6.QtWidgets import QMessageBox

        lines = len(text.strip().splitlines())
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Paste into the search bar",
            f"The clipboard holds {lines} lines. Import them as papers, or search for the text?",
            parent=self.shell.window,
        )
        do_import = box.addButton("&Import as Papers", QMessageBox.ButtonRole.AcceptRole)
        search = box.addButton("&Search for the Text", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(do_import)
        box.exec()
        if box.clickedButton() is do_import:
            self.paste_papers()
        elif box.clickedButton() is search:
            self.shell.search_bar.paste_as_search(text)

    def load_sample(self) -> None:
        from papershelf.library import ops

        self._run_import(ops.LoadSample(), "the sample library")

    def _run_import(self, op: ops.Op, label: str) -> None:
        """Run an import op on the write lane (its own connection), then record it."""
        self.session.status(f"Importing {escape(label)}…")
        self.session.writes.run(op.apply, self._on_import_done, self.session.error)

    def _on_import_done(self, result: ops.OpResult) -> None:
        report: ImportReport = result.value
        self.last_report = report
        self.session.record(result)
        added = list(report.added_ids)
        parts = [f"Added {report.imported}"]
        if report.merged:
            parts.append(f"merged {report.merged} (same DOI, arXiv id or entry)")
        if report.possible:
            parts.append(
                f'<a href="duplicates">{report.possible} possible duplicates</a> to review'
            )
        if report.skipped:
            parts.append(f'{len(report.skipped)} skipped — <a href="details">details</a>')
        self.session.status(", ".join(parts) + escape(report.macros_note()))
        self.lists.refresh_to_first_of(added)  # the first new paper in the list's order
        if self.resolving is not None:
            self.resolving.after_import(report.paper_ids)

    def show_details(self, link: str) -> None:
        """The status area's links: an error's traceback, an import's skips, its duplicates."""
        from PySide6.QtWidgets import QMessageBox

        window = self.shell.window
        if link == "duplicates":
            self.shell.sidebar.sig_page.emit("duplicates")
            return
        if link == "resolve" and self.resolving is not None:
            self.resolving.choose_next()
            return
        if link == "add-details":
            self.adding.show_details()
            return
        if link == "error" and self.session.last_error is not None:
            exc = self.session.last_error
            box = QMessageBox(QMessageBox.Icon.Warning, "Papershelf", str(exc), parent=window)
            box.setDetailedText(
                "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            )
            box.setModal(False)
            box.show()
            return
        report = self.last_report
        if report is None:
            return
        lines = [f"line {s.line}: {s.reason}" if s.line else s.reason for s in report.skipped]
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Import details",
            f"{report.source}: {report.summary()}",
            parent=window,
        )
        box.setDetailedText("\n".join(lines))
        box.setModal(False)
        box.show()

    # ------------------------------------------------------------------ drops
    def drop(self, files: list[str], links: list[str], text: str | None, onto: int | None) -> None:
        """Files, links or text dropped on the window (`onto`: the detail pane's paper)."""
        pdfs = [f for f in files if f.lower().endswith(".pdf")]
        if pdfs and onto is not None:  # onto the shown paper: attach, not a new paper
            self.adding.attach(onto, pdfs)
        elif pdfs:
            self.adding.add(pdfs, Path(pdfs[0]).name if len(pdfs) == 1 else "dropped PDFs")
        if others := [f for f in files if f not in pdfs]:
            self.import_paths(others)
        elif links and not files:
            self.adding.add(links, "dropped links")
        elif text and not files and not self.adding.add_text(text, "dropped ids"):
            self.import_text(text, "dropped text")

    # ------------------------------------------------------------------ export
    def _export(self, ids: list[int] | None, what: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        from papershelf.exporters.files import write_export
        from papershelf.exporters.markdown import export_vault
        from papershelf.exporters.registry import EXPORT_FORMATS, export_text

        filters = {
            f"{title} (*{suffix})" if suffix else f"{title} (folder)": fmt
            for fmt, (title, suffix) in EXPORT_FORMATS.items()
        }
        path, chosen = QFileDialog.getSaveFileName(
            self.shell.window,
            f"Export {what}",
            str(Path.home() / "papers.bib"),
            ";;".join(filters),
        )
        if not path:
            return
        fmt = filters.get(chosen, "bibtex")
        suffix = EXPORT_FORMATS[fmt][1]
        if fmt == "markdown" and path.endswith(".bib"):
            path = path[: -len(".bib")] or path
        elif suffix and not path.endswith(suffix):
            path = str(Path(path).with_suffix(suffix))

        def job(worker: Library) -> str:
            # On the write lane: after any import queued before this export.
            papers = worker.get_many(ids if ids is not None else worker.list_ids())
            keys = worker.citation_keys([p.id for p in papers])
            if fmt == "markdown":
                vault = export_vault(papers, Path(path), keys)
                beside = (
                    f"; {len(vault.beside)} written beside files of yours" if vault.beside else ""
                )
                return f"Exported {len(vault.written)} Markdown files to {path}{beside}"
            # Atomic: a full disk or a failed write leaves the old file whole.
            write_export(Path(path), export_text(papers, fmt, keys))
            return f"Exported {len(papers)} papers to {path}"

        self.session.status(f"Exporting {escape(what)}…")
        self.session.writes.run(
            job, lambda msg: self.session.status(escape(msg)), self.session.error
        )
