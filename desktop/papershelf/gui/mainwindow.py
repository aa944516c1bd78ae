"""The main window: sidebar, paper list, detail pane and search bar, wired to the library."""

from __future__ import annotations

import html
import logging
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelectionModel,
    QPoint,
    QSettings,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.errors import PapershelfError
from papershelf.core.models import Paper, ReadingStatus
from papershelf.exporters.bibtex import to_bibtex
from papershelf.exporters.markdown import write_markdown_vault
from papershelf.exporters.registry import EXPORT_FORMATS, export_text
from papershelf.gui.actions import ActionRegistry
from papershelf.gui.adding import AddingController
from papershelf.gui.change_watch import ChangeWatcher
from papershelf.gui.dialogs.add_identifiers import AddIdentifiersDialog
from papershelf.gui.dialogs.cheatsheet import CheatSheet
from papershelf.gui.dialogs.palette import CommandPalette
from papershelf.gui.dialogs.preferences import Preferences, PreferencesDialog
from papershelf.gui.dialogs.shortcuts import ShortcutsDialog, load_overrides, save_overrides
from papershelf.gui.models.paper_table import COLUMNS, PaperTableModel
from papershelf.gui.search_service import SearchOutcome, SearchService
from papershelf.gui.tasks import TaskRunner
from papershelf.gui.theme import apply_font_size, apply_theme
from papershelf.gui.undo import EditCommand
from papershelf.gui.views.commands import DiscoverCommands
from papershelf.gui.widgets.details_pane import DetailsPane
from papershelf.gui.widgets.search_bar import SearchBar
from papershelf.gui.widgets.sidebar import Sidebar
from papershelf.gui.widgets.title_delegate import TitleDelegate
from papershelf.gui.widgets.welcome import WelcomeView
from papershelf.library import ImportReport, Library
from papershelf.library.attachments import attachment_path, attachments
from papershelf.library.sample import load_sample
from papershelf.search.index import Snippet, highlight_words
from papershelf.storage.papers import SortKey

log = logging.getLogger(__name__)

SEARCH_LIMIT = 500
NOTE_MERGE_ID = 1


class MainWindow(DiscoverCommands, QMainWindow):
    sig_switch_library = Signal(str)
    """The user chose another library folder: the app reopens the window on it."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.lib = library
        self.setWindowTitle(f"Papershelf — {library.path.name}")
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self)
        self.search_service = SearchService(library)
        self.search_service.sig_results.connect(self._on_search_results)
        self._query = ""
        self._sort: tuple[SortKey, bool] | None = None
        self._snippets: dict[int, Snippet] = {}

        self.search_bar = SearchBar(self)
        self.sidebar = Sidebar(self)
        self.model = PaperTableModel(library)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Papers")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(False)
        self.table.setItemDelegateForColumn(0, TitleDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the view's own order
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for i, col in enumerate(COLUMNS):
            self.table.setColumnWidth(i, col.width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.sectionClicked.connect(self._on_header_clicked)
        self.details = DetailsPane(self)
        self.welcome = WelcomeView(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.welcome)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.build_pages())  # list | Inbox | statistics
        self.splitter.addWidget(self.details)
        self.splitter.setSizes([200, 760, 480])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.linkActivated.connect(self._show_import_details)
        self.statusBar().addPermanentWidget(self.status_label)
        self._last_report: ImportReport | None = None
        self._last_error: BaseException | None = None
        self._recent_commands: list[str] = []
        self._cheatsheet: CheatSheet | None = None

        self.registry = ActionRegistry(
            self, self.table, load_overrides(), inbox_widget=self.inbox_view.table
        )
        self._add_column_toggles()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self.registry.context_menu(self).exec(
                self.table.viewport().mapToGlobal(pos)
            )
        )

        self.search_bar.sig_search.connect(self._on_search)
        self.search_bar.sig_escape.connect(self.escape_to_list)
        self.details.sig_done.connect(self.return_to_list)
        self.sidebar.sig_changed.connect(lambda *_: self.on_library_view())
        self.sidebar.sig_tag_action.connect(self._on_tag_action)
        self.sidebar.sig_saved_search.connect(self._on_saved_search)
        self.model.sig_sort_requested.connect(self._on_sort)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.details.sig_status.connect(lambda pid, st: self.set_status([pid], st))
        self.details.sig_priority.connect(self.set_priority)
        self.details.sig_tags.connect(self.set_tags)
        self.details.note.sig_save.connect(self.save_note)
        self.details.sig_annotate.connect(self.add_annotation)
        self.details.sig_delete_annotation.connect(self.delete_annotation)
        self.welcome.sig_import.connect(self.import_file)
        self.welcome.sig_paste.connect(self.paste_papers)
        self.welcome.sig_sample.connect(self.load_sample)
        self.welcome.sig_add.connect(self.add_by_identifier)
        self.welcome.sig_feeds.connect(self.subscribe_from_welcome)
        self.undo_stack.indexChanged.connect(self._update_undo_titles)

        self._restore_layout()
        self.refresh_counts()
        self.refresh_list()
        self._update_undo_titles()
        self.wire_pages()
        # The CLI or a script may write to this library while the window is open.
        self.watcher = ChangeWatcher(self.lib.store.max_seq, self)
        self.watcher.sig_changed.connect(self._on_external_change)
        # Add by identifier, PDFs, attachments; fills "metadata pending" papers when online.
        self.adding = AddingController(self)
        self.adding.start()

    # ------------------------------------------------------------------ list
    def refresh_list(self, keep: Sequence[int] | None = None) -> None:
        """Re-run the current view (or search) in the database and keep the selection."""
        keep = list(keep) if keep is not None else self.selected_ids()
        view = self.sidebar.current_view()
        if self._query and view.trash:
            self._show_ids(self._search_trash(self._query), {}, keep)
            return
        if self._query:
            self.search_service.submit(self._query, "full", limit=SEARCH_LIMIT)
            return
        sort, desc = self._sort or (view.sort, None)
        ids = self.lib.list_ids(
            status=view.status,
            tags=self.sidebar.selected_tags(),
            sort=sort,
            descending=desc,
            trashed=view.trash,
        )
        self._show_ids(ids, {}, keep)

    def _show_ids(self, ids: list[int], snippets: dict[int, Snippet], keep: list[int]) -> None:
        self._snippets = snippets
        self.model.set_ids(ids, snippets)
        self.table.verticalHeader().setDefaultSectionSize(44 if snippets else 24)
        empty = not ids and not self._query and self.lib.store.count() == 0
        self.stack.setCurrentWidget(self.welcome if empty else self.table)
        self.details.setVisible(not empty and self.on_library_page())
        shown = set(ids)
        current = self.details.paper_id()
        if self.details.note.edit.hasFocus() and current is not None and current not in shown:
            # The paper being annotated left the list: never type into another paper's note.
            self.details.note.flush()
            self.table.setFocus()
        # Keep the selection if it is still listed; else select the first (best) row.
        self._select([i for i in keep if i in shown] or ids[:1])

    def _select(self, ids: Sequence[int]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        first = True
        for pid in ids:
            row = self.model.row_of(pid)
            if row is None:
                continue
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            if first:
                self.table.setCurrentIndex(self.model.index(row, 0))
                self.table.scrollTo(self.model.index(row, 0))
                first = False
            sel.select(self.model.index(row, 0), flags)
        if first:
            self.details.show_paper(None)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.paper_id(r) for r in rows if r < self.model.rowCount()]

    def refresh_counts(self) -> None:
        tags = self.lib.store.tags()
        self.sidebar.set_counts(self.lib.store.counts(), tags)
        self.sidebar.set_saved_searches(self.lib.store.saved_searches())
        self.details.set_tag_names([name for name, _ in tags])

    def _on_selection(self, *_: Any) -> None:
        ids = self.selected_ids()
        self.registry.set_selection(bool(ids))
        self._show_details(ids[0] if len(ids) == 1 else (ids[0] if ids else None))

    def _show_details(self, pid: int | None) -> None:
        self.schedule_related(pid)
        if pid is None or not self.lib.store.exists(pid):
            self.details.show_paper(None)
            return
        paper = self.lib.get(pid)
        marks = highlight_words(paper.abstract or "", self._query) if self._query else None
        self.details.show_paper(paper, marks)

    def _on_header_clicked(self, column: int) -> None:
        order = self.table.horizontalHeader().sortIndicatorOrder()
        self.model.sort(column, order)

    def _on_sort(self, sort: SortKey, descending: bool) -> None:
        self._sort = (sort, descending)
        if self._query:
            self._sort_hits(sort, descending)
        else:
            self.refresh_list()

    def _sort_hits(self, sort: SortKey, descending: bool) -> None:
        # Search hits are few (≤ SEARCH_LIMIT): order them by the same keys in Python.
        papers = self.lib.store.get_many(self.model.ids(), details=False)
        key: Callable[[Paper], Any] = {
            SortKey.TITLE: lambda p: p.title.casefold(),
            SortKey.YEAR: lambda p: p.year or 0,
            SortKey.PRIORITY: lambda p: p.priority,
            SortKey.ADDED: lambda p: p.added_at,
            SortKey.UPDATED: lambda p: p.updated_at,
            SortKey.STATUS: lambda p: p.status.value,
        }[sort]
        papers.sort(key=key, reverse=descending)
        self._show_ids([p.id for p in papers], self._snippets, self.selected_ids())

    def _add_column_toggles(self) -> None:
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS[1:], start=1):
            action = QAction(col.title, header)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, i=i: self.table.setColumnHidden(i, not on))
            header.addAction(action)

    # ------------------------------------------------------------------ search
    def _on_search(self, text: str, mode: str) -> None:
        self._query = text
        if text and not self.on_library_page():
            self.sidebar.select_view(self.sidebar.current_view().key)
        if not text:
            self.search_service.cancel()
            self.refresh_list()
            return
        if self.sidebar.current_view().trash:
            # Trashed papers are not in the search index: match titles and authors in SQLite.
            self._show_ids(self._search_trash(text), {}, self.selected_ids())
            return
        self.search_service.submit(
            text,
            "typing" if mode == "typing" else "full",
            limit=SEARCH_LIMIT,
            snippets=0 if mode == "typing" else 40,
        )

    def _on_search_results(self, outcome: SearchOutcome) -> None:
        if outcome.text != self._query:
            return
        if outcome.results is None:
            if outcome.query_error:
                self.search_bar.show_error(outcome.error or "invalid query")
            else:
                self.statusBar().showMessage(outcome.error or "search failed", 8000)
            return
        results = outcome.results
        view = self.sidebar.current_view()
        tags = self.sidebar.selected_tags()
        ids = [h.paper_id for h in results.hits]
        total, exact = results.total, results.total_exact
        if view.status is not None or tags or view.trash:
            allowed = set(self.lib.list_ids(status=view.status, tags=tags, trashed=view.trash))
            ids = [i for i in ids if i in allowed]
            total, exact = len(ids), results.total <= len(results.hits)
        snippets = {h.paper_id: h.snippet for h in results.hits if h.snippet is not None}
        if outcome.mode == "typing":
            snippets = {}
        self._show_ids(ids, snippets, self.selected_ids())
        if self._sort is not None:
            self._sort_hits(*self._sort)
        self.search_bar.show_count(total, exact, results.suggestion)

    def _search_trash(self, text: str) -> list[int]:
        words = text.casefold().split()
        papers = self.lib.store.get_many(self.lib.list_ids(trashed=True), details=False)
        return [
            p.id
            for p in papers
            if all(w in f"{p.title} {' '.join(p.authors)}".casefold() for w in words)
        ]

    def focus_search(self) -> None:
        self.search_bar.edit.setFocus()
        self.search_bar.edit.selectAll()

    def show_library(self) -> None:
        self.search_bar.edit.clear()
        self.sidebar.select_view("library")
        self.table.setFocus()

    # ------------------------------------------------------------------ edits (undoable)
    def _push(
        self,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        ids: Sequence[int],
        **kw: Any,
    ) -> bool:
        """Carry out an edit; only an edit that was saved becomes an undo step.

        Returns False (with the reason in the status bar) when the library refused it.
        """
        try:
            do()
        except PapershelfError as exc:
            self.statusBar().showMessage(f"Not saved: {exc}", 15_000)
            return False

        def wrap(fn: Callable[[], object]) -> Callable[[], None]:
            def run() -> None:
                try:
                    fn()
                except PapershelfError as exc:
                    self.statusBar().showMessage(f"Not saved: {exc}", 15_000)
                self._after_edit(ids)

            return run

        self.undo_stack.push(EditCommand(text, wrap(do), wrap(undo), done=True, **kw))
        self._after_edit(ids)
        return True

    def _on_external_change(self) -> None:
        """Another process changed the library: show it (a note being typed is kept)."""
        self.lib.notify_changed()  # in case that process could not update the index
        self.refresh_counts()
        self.refresh_list(keep=self.selected_ids())
        current = self.details.paper_id()
        if current is not None:
            self._show_details(current)

    def _after_edit(self, ids: Sequence[int]) -> None:
        self.watcher.acknowledge()
        self.model.refresh(list(ids))
        self.refresh_counts()
        view = self.sidebar.current_view()
        if view.status is not None or view.trash or self.sidebar.selected_tags():
            self.refresh_list(keep=self.selected_ids())
        current = self.details.paper_id()
        if current is not None and current in ids:
            self._show_details(current)

    def set_status(self, ids: Sequence[int], status: ReadingStatus) -> None:
        ids = list(ids)
        if not ids:
            return
        old = {p.id: p.status for p in self.lib.store.get_many(ids, details=False)}

        def do() -> None:
            self.lib.set_statuses(dict.fromkeys(ids, status))

        def undo() -> None:
            self.lib.set_statuses(old)

        label = {"to-read": "To read", "reading": "Reading", "read": "Read", "dropped": "Dropped"}
        n = f"{len(ids)} papers" if len(ids) > 1 else "paper"
        self._push(f"Mark {n} as {label[status.value]}", do, undo, ids)
        self.statusBar().showMessage(f"Marked {n} as {label[status.value]}", 3000)

    def mark_to_read(self) -> None:
        self.set_status(self.selected_ids(), ReadingStatus.TO_READ)

    def mark_reading(self) -> None:
        self.set_status(self.selected_ids(), ReadingStatus.READING)

    def mark_read(self) -> None:
        self.set_status(self.selected_ids(), ReadingStatus.READ)

    def mark_dropped(self) -> None:
        self.set_status(self.selected_ids(), ReadingStatus.DROPPED)

    def set_priority(self, pid: int, value: int) -> None:
        old = self.lib.get(pid).priority
        self._push(
            f"Set priority {value}",
            lambda: self.lib.set_priority(pid, value),
            lambda: self.lib.set_priority(pid, old),
            [pid],
        )

    def set_tags(self, pid: int, names: list[str]) -> None:
        old = self.lib.get(pid).tags

        def apply(target: list[str]) -> Callable[[], None]:
            def run() -> None:
                current = self.lib.get(pid).tags
                keep = {t.casefold() for t in target}
                self.lib.change_tags(
                    [pid], add=target, remove=[t for t in current if t.casefold() not in keep]
                )

            return run

        self._push("Edit tags", apply(names), apply(old), [pid])

    def save_note(self, pid: int, text: str) -> None:
        if not self.lib.store.exists(pid):
            # Merged away meanwhile (a refresh found the preprint's journal version): the
            # text typed since the last save goes to the paper it became, never lost.
            keeper = self.lib.store.merged_into(pid)
            if keeper is None:
                return
            current = self.lib.get(keeper).note or ""
            if text.strip() and text.strip() not in current:
                joined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
                self.save_note(keeper, joined)
                self.statusBar().showMessage(
                    f"The paper was merged into #{keeper}; your note was saved there", 8000
                )
            return
        # Successive saves of one note merge into one undo step (EditCommand.mergeWith),
        # which keeps the first save's `old`.
        old = self.lib.get(pid).note or ""
        saved = self._push(
            "Edit note",
            lambda: self.lib.set_note(pid, text),
            lambda: self.lib.set_note(pid, old),
            [pid],
            merge_id=NOTE_MERGE_ID,
            key=("note", pid),
        )
        if not saved:
            # Keep the text in the editor, marked unsaved: the next change or flush retries.
            self.details.note.mark_unsaved(text)

    def add_annotation(self, pid: int, quote: str, page: int | None, comment: str) -> None:
        created: list[int] = []

        def do() -> None:
            created.append(self.lib.annotate(pid, quote, page, comment or None))

        def undo() -> None:
            if created:
                self.lib.store.delete_annotation(created.pop())
                self.lib.notify_changed()

        self._push("Add annotation", do, undo, [pid])

    def delete_annotation(self, pid: int, annotation_id: int) -> None:
        paper = self.lib.get(pid)
        ann = next((a for a in paper.annotations if a.id == annotation_id), None)
        if ann is None:
            return
        ids = [annotation_id]

        def do() -> None:
            self.lib.store.delete_annotation(ids[-1])
            self.lib.notify_changed()

        def undo() -> None:
            ids.append(self.lib.annotate(pid, ann.quote, ann.page, ann.comment))

        self._push("Delete annotation", do, undo, [pid])

    def trash_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if self.sidebar.current_view().trash:
            return
        self._push(
            f"Move {len(ids)} to Trash",
            lambda: self.lib.trash(ids),
            lambda: self.lib.restore(ids),
            ids,
        )
        self.refresh_list(keep=[])
        self.statusBar().showMessage(
            f"Moved {len(ids)} paper{'s' if len(ids) != 1 else ''} to the trash (Ctrl+Z undoes)",
            5000,
        )

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._push(
                f"Restore {len(ids)}",
                lambda: self.lib.restore(ids),
                lambda: self.lib.trash(ids),
                ids,
            )
            self.refresh_list(keep=[])

    def undo(self) -> None:
        self.details.note.flush()
        self.undo_stack.undo()
        self.refresh_list()

    def redo(self) -> None:
        self.undo_stack.redo()
        self.refresh_list()

    def _update_undo_titles(self, *_: Any) -> None:
        undo, redo = self.registry.qaction("edit.undo"), self.registry.qaction("edit.redo")
        undo.setEnabled(self.undo_stack.canUndo())
        redo.setEnabled(self.undo_stack.canRedo())
        undo.setText(f"&Undo {self.undo_stack.undoText()}".rstrip())
        redo.setText(f"&Redo {self.undo_stack.redoText()}".rstrip())

    # ------------------------------------------------------------------ keyboard
    def show_palette(self) -> None:
        def find_papers(text: str) -> list[tuple[int, str]]:
            try:
                hits = self.lib.search(text, mode="typing", limit=8, snippets=0).hits
            except PapershelfError:
                return []
            papers = self.lib.store.get_many([h.paper_id for h in hits], details=False)
            return [(p.id, p.title) for p in papers]

        has_selection = bool(self.selected_ids())
        palette = CommandPalette(
            self._recent_commands,
            find_papers,
            lambda spec: has_selection or not spec.needs_selection,
            self,
        )
        if palette.exec() != QDialog.DialogCode.Accepted or palette.chosen is None:
            return
        choice = palette.chosen
        if choice.kind == "paper":
            self.search_bar.edit.clear()
            self.sidebar.select_view("library")
            self._select([int(choice.key)])
            self.table.setFocus()
            return
        action_id = str(choice.key)
        if action_id in self._recent_commands:
            self._recent_commands.remove(action_id)
        self._recent_commands.insert(0, action_id)
        self.registry.qaction(action_id).trigger()

    def show_cheatsheet(self) -> None:
        sheet = CheatSheet(self)
        sheet.setModal(False)
        sheet.show()
        self._cheatsheet = sheet

    def escape_to_list(self) -> None:
        """Esc: to the list with the best hit selected; in the list, clear the search."""
        if self.table.hasFocus():
            if self.search_bar.text():
                self.search_bar.edit.clear()
            return
        self.table.setFocus()
        if self.model.rowCount() and not self.selected_ids():
            self._select([self.model.paper_id(0)])

    def _step(self, delta: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        row = max(0, min(rows - 1, (current if current >= 0 else -1) + delta))
        self._select([self.model.paper_id(row)])

    def next_paper(self) -> None:
        self._step(1)

    def previous_paper(self) -> None:
        self._step(-1)

    def toggle_selection(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.Toggle | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _change_priority(self, delta: int) -> None:
        ids = self.selected_ids()
        old = {p.id: p.priority for p in self.lib.store.get_many(ids, details=False)}
        new = {pid: max(0, min(3, value + delta)) for pid, value in old.items()}
        if new != old:
            self._push(
                "Raise priority" if delta > 0 else "Lower priority",
                lambda: self.lib.set_priorities(new),
                lambda: self.lib.set_priorities(old),
                ids,
            )

    def priority_up(self) -> None:
        self._change_priority(1)

    def priority_down(self) -> None:
        self._change_priority(-1)

    def focus_tags(self) -> None:
        self.details.tags.setFocus()
        self.details.tags.end(False)

    def focus_note(self) -> None:
        self.details.note.edit.setFocus()

    def focus_annotation(self) -> None:
        self.details.quote.setFocus()

    def open_link(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        paper = self.lib.get(ids[0])
        # The PDF in the library first (it works offline and carries the user's copy).
        for attachment in attachments(self.lib, paper.id):
            path = attachment_path(self.lib, attachment)
            if path.is_file():
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
                return
        url = (
            f"https://arxiv.org/pdf/{paper.arxiv_id}"
            if paper.arxiv_id
            else f"https://doi.org/{paper.doi}"
            if paper.doi
            else paper.url
        )
        if not url:
            self.statusBar().showMessage("This paper has no PDF or link", 5000)
            return
        QDesktopServices.openUrl(QUrl(url))

    def _go(self, key: str) -> None:
        self.search_bar.edit.clear()
        self.sidebar.select_view(key)
        self.table.setFocus()

    def go_to_read(self) -> None:
        self._go("to-read")

    def go_reading(self) -> None:
        self._go("reading")

    def go_read(self) -> None:
        self._go("read")

    def toggle_sidebar(self) -> None:
        self.sidebar.setVisible(not self.sidebar.isVisible())

    def toggle_details(self) -> None:
        self.details.setVisible(not self.details.isVisible())

    def return_to_list(self) -> None:
        """After an edit in the detail pane: back to the list, where single keys work."""
        self.table.setFocus()

    # ------------------------------------------------------------------ preferences
    def show_preferences(self) -> None:
        prefs = Preferences()
        dialog = PreferencesDialog(prefs, self.lib.path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dialog.apply_to(prefs)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, prefs.theme)
            apply_font_size(app, prefs.font_size)
        folder = dialog.library.text().strip()
        if folder and Path(folder).expanduser() != self.lib.path:
            self.sig_switch_library.emit(folder)

    def show_about(self) -> None:
        from papershelf.gui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.lib.path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(load_overrides(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            save_overrides(dialog.overrides())
            self.registry.apply(dialog.overrides())

    def switch_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Open or create a library folder", str(self.lib.path.parent)
        )
        if folder:
            self.sig_switch_library.emit(folder)

    # ------------------------------------------------------------------ tags, saved searches
    def _ask(self, title: str, label: str, text: str) -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    def _on_tag_action(self, action: str, tag: str) -> None:
        if action == "rename":
            new = self._ask("Rename tag", f"New name for “{tag}” (an existing tag merges):", tag)
            if new is not None and new != tag:
                self.rename_tag(tag, new)
        elif action == "delete":
            self.delete_tag(tag)

    def rename_tag(self, old: str, new: str) -> None:
        had_old = self.lib.ids_with_tag(old)  # trashed papers too: undo must be exact
        same_tag = old.casefold() == new.casefold()
        had_new = set() if same_tag else set(self.lib.ids_with_tag(new))

        def undo() -> None:
            if not had_new:  # a plain rename (or a change of case): rename back
                self.lib.rename_tag(new, old)
                return
            self.lib.change_tags(had_old, add=[old])
            self.lib.change_tags([p for p in had_old if p not in had_new], remove=[new])

        self._push(
            f"Rename tag {old} to {new}", lambda: self.lib.rename_tag(old, new), undo, had_old
        )

    def delete_tag(self, tag: str) -> None:
        had = self.lib.ids_with_tag(tag)
        if self._push(
            f"Delete tag {tag}",
            lambda: self.lib.delete_tag(tag),
            lambda: self.lib.change_tags(had, add=[tag]),
            had,
        ):
            self.statusBar().showMessage(
                f"Removed tag “{tag}” from {len(had)} papers (Ctrl+Z undoes)", 8000
            )

    def save_search(self) -> None:
        query = self.search_bar.text()
        if not query:
            self.statusBar().showMessage("Type a search first, then save it", 5000)
            return
        name = self._ask("Save search", "Name for this search:", query)
        if name is not None:
            self.lib.store.save_search(name, query)
            self.refresh_counts()

    def _on_saved_search(self, action: str, name: str) -> None:
        searches = dict(self.lib.store.saved_searches())
        if name not in searches:
            return
        try:
            if action == "run":
                self.search_bar.set_text(searches[name])
            elif action == "rename":
                new = self._ask("Rename saved search", "New name:", name)
                if new is not None:
                    self.lib.store.rename_search(name, new)
            elif action == "delete":
                query = searches[name]
                self._push(
                    f"Delete saved search {name}",
                    lambda: self.lib.store.delete_search(name),
                    lambda: self.lib.store.save_search(name, query),
                    [],
                )
        except PapershelfError as exc:
            self.statusBar().showMessage(str(exc), 8000)
        self.refresh_counts()

    # ------------------------------------------------------------------ export, copy
    def copy_citation_key(self) -> None:
        papers = self.lib.store.get_many(self.selected_ids())
        if papers:
            keys = self.lib.citation_keys([p.id for p in papers])
            QGuiApplication.clipboard().setText(", ".join(keys[p.id] for p in papers))
            self.statusBar().showMessage(f"Copied {', '.join(keys[p.id] for p in papers)}", 4000)

    def copy_bibtex(self) -> None:
        papers = self.lib.store.get_many(self.selected_ids())
        if papers:
            keys = self.lib.citation_keys([p.id for p in papers])
            QGuiApplication.clipboard().setText(to_bibtex(papers, keys))
            self.statusBar().showMessage(f"Copied BibTeX of {len(papers)} paper(s)", 4000)

    def export_selected(self) -> None:
        self._export(self.selected_ids(), "selected papers")

    def export_all(self) -> None:
        self._export(None, "the library")

    def _export(self, ids: list[int] | None, what: str) -> None:
        filters = {
            f"{title} (*{suffix})" if suffix else f"{title} (folder)": fmt
            for fmt, (title, suffix) in EXPORT_FORMATS.items()
        }
        path, chosen = QFileDialog.getSaveFileName(
            self, f"Export {what}", str(Path.home() / "papers.bib"), ";;".join(filters)
        )
        if not path:
            return
        fmt = filters.get(chosen, "bibtex")
        suffix = EXPORT_FORMATS[fmt][1]
        if fmt == "markdown" and path.endswith(".bib"):
            path = path[: -len(".bib")] or path
        elif suffix and not path.endswith(suffix):
            path = str(Path(path).with_suffix(suffix))
        lib_path = self.lib.path

        def job() -> str:
            with Library.open(lib_path, indexing="none") as worker:
                papers = worker.store.get_many(ids if ids is not None else worker.list_ids())
                keys = worker.citation_keys([p.id for p in papers])
                if fmt == "markdown":
                    files = write_markdown_vault(papers, Path(path), keys)
                    return f"Exported {len(files)} Markdown files to {path}"
                Path(path).write_text(export_text(papers, fmt, keys), "utf-8")
                return f"Exported {len(papers)} papers to {path}"

        self.status_label.setText(f"Exporting {html.escape(what)}…")
        self.tasks.run(
            job, lambda msg: self.status_label.setText(html.escape(msg)), self._on_import_error
        )

    # ------------------------------------------------------------------ imports
    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import papers",
            str(Path.home()),
            "Bibliographies and listings (*.bib *.ris *.json *.xml *.txt *.md);;All files (*)",
        )
        if path:
            self.import_paths([path])

    def import_paths(self, paths: Sequence[str]) -> None:
        lib_path = self.lib.path
        for path in paths:

            def job(path: str = path) -> ImportReport:
                with Library.open(lib_path, indexing="none") as worker:
                    return worker.import_file(path)

            self._run_import(job, Path(path).name)

    def import_text(self, text: str, source: str = "pasted text") -> None:
        lib_path = self.lib.path

        def job() -> ImportReport:
            with Library.open(lib_path, indexing="none") as worker:
                return worker.import_text(text, source=source)

        self._run_import(job, source)

    def paste_papers(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.statusBar().showMessage("The clipboard holds no text to import", 5000)
            return
        if not self.adding.add_text(text, "pasted identifiers"):  # ids are looked up online
            self.import_text(text)

    def load_sample(self) -> None:
        lib_path = self.lib.path

        def job() -> ImportReport:
            with Library.open(lib_path, indexing="none") as worker:
                return load_sample(worker)

        self._run_import(job, "the sample library")

    def _run_import(self, job: Callable[[], ImportReport], label: str) -> None:
        self.status_label.setText(f"Importing {html.escape(label)}…")
        self.tasks.run(job, self._on_import_done, self._on_import_error)

    def _on_import_done(self, report: ImportReport) -> None:
        self._last_report = report
        self.lib.notify_changed()
        added = list(report.added_ids)
        if added:
            self.undo_stack.push(_DoneCommand(f"Import {report.source}", self.lib, added, self))
        skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
        details = ' — <a href="details">details</a>' if report.skipped else ""
        self.status_label.setText(
            f"Added {report.imported}, merged {report.merged} duplicates{skipped}{details}"
        )
        self.refresh_counts()
        self.refresh_list(keep=added[:1])

    def _on_import_error(self, exc: BaseException) -> None:
        self._last_error = exc
        self.status_label.setText(
            f'<span style="color:#c62828">{html.escape(str(exc))}</span>'
            ' — <a href="error">details</a>'
        )

    def _show_import_details(self, link: str) -> None:
        if link == "add-details":
            self.adding.show_details()
            return
        if link == "error" and self._last_error is not None:
            exc = self._last_error
            box = QMessageBox(QMessageBox.Icon.Warning, "Papershelf", str(exc), parent=self)
            box.setDetailedText(
                "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            )
            box.setModal(False)
            box.show()
            return
        report = self._last_report
        if report is None:
            return
        lines = [f"line {s.line}: {s.reason}" if s.line else s.reason for s in report.skipped]
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Import details",
            f"{report.source}: {report.summary()}",
            parent=self,
        )
        box.setDetailedText("\n".join(lines))
        box.setModal(False)
        box.show()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        links = [u.toString() for u in mime.urls() if not u.isLocalFile()]
        pdfs = [f for f in files if f.lower().endswith(".pdf")]
        onto = self._paper_under(event.position().toPoint())
        if pdfs and onto is not None:  # onto the shown paper: attach, not a new paper
            self.adding.attach(onto, pdfs)
        elif pdfs:
            self.adding.add(pdfs, Path(pdfs[0]).name if len(pdfs) == 1 else "dropped PDFs")
        if others := [f for f in files if f not in pdfs]:
            self.import_paths(others)
        elif links and not files:
            self.adding.add(links, "dropped links")
        elif mime.hasText() and not files and not self.adding.add_text(mime.text(), "dropped ids"):
            self.import_text(mime.text(), "dropped text")
        event.acceptProposedAction()

    # ------------------------------------------------------------------ lifecycle
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 860)
        for key, restore in (
            ("window/splitter", self.splitter.restoreState),
            ("window/columns", self.table.horizontalHeader().restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.details.note.flush()  # never lose the last keystrokes
        if self.details.note.unsaved_notes() and not self._close_losing_notes():
            event.ignore()
            return
        self.watcher.stop()
        self.adding.stop()
        self.shutdown_pages()
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/columns", self.table.horizontalHeader().saveState())
        self.search_service.shutdown()
        self.tasks.wait()
        self.tasks.close()
        super().closeEvent(event)

    def _close_losing_notes(self) -> bool:
        """Notes the library refused are still in memory: closing now would lose them."""
        n = len(self.details.note.unsaved_notes())
        answer = QMessageBox.warning(
            self,
            "Papershelf — notes not saved",
            f"{n} note{'s' if n != 1 else ''} could not be saved: the library refused the "
            "change (read-only folder, full disk or busy). Keep the window open to let it "
            "retry, or close and lose the unsaved text?",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def subscribe_from_welcome(self) -> None:
        self.go_inbox()
        self.subscribe_daily_papers()

    # ------------------------------------------------------------------ add by identifier, PDFs
    def add_by_identifier(self) -> None:
        dialog = AddIdentifiersDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            inputs = dialog.inputs()
            self.adding.add(inputs, inputs[0] if len(inputs) == 1 else f"{len(inputs)} papers")

    def attach_pdf(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.statusBar().showMessage("Select one paper to attach a PDF to", 5000)
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Attach PDF", str(Path.home()), "PDF files (*.pdf);;All files (*)"
        )
        self.adding.attach(ids[0], paths)

    def refresh_metadata(self) -> None:
        self.adding.refresh(self.selected_ids())

    def show_details_of(self, paper_id: int) -> None:
        self._show_details(paper_id)

    def _paper_under(self, pos: QPoint) -> int | None:
        """The paper shown in the detail pane, if `pos` (window coordinates) is over it."""
        pane = self.details
        if not pane.isVisible() or not pane.rect().contains(pane.mapFrom(self, pos)):
            return None
        return pane.paper_id()


class _DoneCommand(EditCommand):
    """An import that already happened: undo moves what it added to the trash."""

    def __init__(self, text: str, lib: Library, ids: list[int], window: MainWindow) -> None:
        self._first = True

        def redo() -> None:
            if self._first:
                self._first = False
                return
            lib.restore(ids)
            window.refresh_counts()

        def undo() -> None:
            lib.trash(ids)
            window.refresh_counts()

        super().__init__(text, redo, undo)
