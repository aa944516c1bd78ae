"""The paper list: which papers it shows (a view or a search), their order, the selection.

One `ViewQuery` describes the list with or without a search, and the database orders it,
so a header click gives the same order in both. Search runs on its own thread
(`SearchService`); only the newest answer is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from papershelf.core.changes import ChangeSet
from papershelf.core.errors import PapershelfError
from papershelf.core.query import SortKey, ViewQuery
from papershelf.gui.controllers.pages import PagesController
from papershelf.gui.models.paper_table import BATCH, COLUMNS, ROW_HEIGHT, SNIPPET_ROW_HEIGHT
from papershelf.gui.search_service import SearchOutcome, SearchService
from papershelf.gui.shell import Shell

if TYPE_CHECKING:
    from papershelf.core.results import Snippet

SEARCH_LIMIT = 500
COLUMN_PADDING = 16
ROW_PADDING = 12
"""Room above and below a row's text (its lines, at a text size that outgrows ROW_HEIGHT)."""
"""Room around a cell's or a column title's text (the style's margins, the sort arrow's gap)."""
FIRST_PAGE = 3 * BATCH
"""Rows the window's first paint lists (a 4K screen shows ~70); the rest come after it."""


class ListController(QObject):
    sig_current = Signal(object)
    """The paper shown in the detail pane changed (an id, or None)."""

    sig_selection = Signal(bool)
    """Whether any paper is selected (commands that need one follow it)."""

    def __init__(self, shell: Shell, pages: PagesController) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self.pages = pages
        self.lib = shell.session.lib
        self.search_service = SearchService(self.lib)
        self.search_service.sig_results.connect(self._on_search_results)
        self.query_text = ""
        self._sort: tuple[SortKey, bool] | None = None
        self._snippets: dict[int, Snippet] = {}
        self._shown_text = ""
        """The search whose hits the list shows ("" for a view)."""
        self._shown_full = ""
        """… when those are the full (ranked) search's hits, not the typing search's."""
        self._best: int | None = None
        """The best hit, selected for the user; it follows the ranking until they move."""
        self._to_top = False
        """The next list shown starts at its top (a view was chosen)."""
        self._prefer: list[int] = []
        self._closed = False
        self._placed_focus = False
        """Select the topmost of these in the next list shown (the papers just imported)."""
        self._counts: dict[str, int] = {}
        """The sidebar's last counts (papers per view)."""
        s = shell
        s.search_bar.sig_search.connect(self._on_search)
        s.search_bar.sig_escape.connect(self.escape_to_list)
        # Also an Esc that no field of the detail pane wanted (DetailsPane.keyPressEvent).
        s.details.sig_done.connect(self.return_to_list)
        s.sidebar.sig_changed.connect(lambda *_: self.on_library_view())
        s.model.sig_sort_requested.connect(self._on_sort)
        s.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        s.table.selectionModel().selectionChanged.connect(self._on_selection)
        s.session.sig_changed.connect(self.on_changed)
        self.fit_text_size()  # before the window restores the widths the user chose

    def commands(self) -> dict[str, Callable[[], object]]:
        return {
            "edit.find": self.focus_search,
            "view.library": self.show_library,
            "go.list": self.escape_to_list,
            "go.next": lambda: self._step(1),
            "go.previous": lambda: self._step(-1),
            "go.first": lambda: self._step_to(0),
            "go.last": lambda: self._step_to(self.shell.model.rowCount() - 1),
            "paper.toggle": self.toggle_selection,
            "go.to_read": lambda: self.go("to-read"),
            "go.reading": lambda: self.go("reading"),
            "go.read": lambda: self.go("read"),
        }

    def fit_text_size(self) -> None:
        """Rows as tall, and columns as wide, as the text size needs.

        COLUMNS' widths suit the system's size: at 14 pt the year showed as "1…" and the
        date added as "2026…". A column is never made narrower (the user's widths stay).
        The application's font, not the widgets': a new text size reaches them one turn of
        the event loop later.
        """
        table = self.shell.table
        table.verticalHeader().setDefaultSectionSize(
            self._row_height(bool(self._snippets or self.query_text))
        )
        cells = QFontMetrics(QApplication.font(table))
        titles = QFontMetrics(QApplication.font(table.horizontalHeader()))
        for i, col in enumerate(COLUMNS):
            if col.key == "title" or col.icon_only:
                continue  # the title takes what is left; icons do not grow with the text
            need = COLUMN_PADDING + max(
                cells.horizontalAdvance(col.sample), titles.horizontalAdvance(col.title)
            )
            if table.columnWidth(i) < need:
                table.setColumnWidth(i, need)

    def _row_height(self, searching: bool) -> int:
        """A row of the list (of a search: a title and a snippet) at the text size.

        At least ROW_HEIGHT and SNIPPET_ROW_HEIGHT (made for the system's size): at 20 pt
        and more the text was taller than those and its rows were cut at the top and bottom.
        """
        line = QFontMetrics(QApplication.font(self.shell.table)).height()
        if searching:
            return max(SNIPPET_ROW_HEIGHT, 2 * line + ROW_PADDING)
        return max(ROW_HEIGHT, line + ROW_PADDING)

    # ------------------------------------------------------------------ the query
    def view_query(self) -> ViewQuery:
        view = self.shell.sidebar.current_view()
        sort, desc = self._current_sort() or (None, None)
        return ViewQuery(
            text=self.query_text,
            status=view.status,
            tags=tuple(self.shell.sidebar.selected_tags()),
            trashed=view.trash,
            sort=sort,
            descending=desc,
            default_sort=view.sort,
        )

    def refresh(self, keep: Sequence[int] | None = None, *, first_page: bool = False) -> None:
        """Re-run the current view (or search) in the database and keep the selection.

        Args:
            keep: the papers to keep selected (by default the selected ones).
            first_page: list only the view's first rows and count the others; the model
                lists them all when a row after them is asked for, or on `model.complete()`
                (the window's first paint: all ids of 100k papers took ~30 ms of a start).
        """
        keep = list(keep) if keep is not None else self.selected_ids()
        query = self.view_query()
        if first_page and not query.text:
            head = self.lib.view_ids(query, limit=FIRST_PAGE)
            if len(head) == FIRST_PAGE:
                rest = partial(self.lib.view_ids, query)
                self.show_ids(head, {}, keep, total=self._view_total(query), rest=rest)
                return
            self.show_ids(head, {}, keep)
            return
        if query.text and query.trashed:
            self.show_ids(self.lib.view_ids(query, self.lib.search_trash(query.text)), {}, keep)
            return
        if query.text:
            self.search_service.submit(query.text, "full", limit=SEARCH_LIMIT)
            return
        self.show_ids(self.lib.view_ids(query), {}, keep)

    def _view_total(self, query: ViewQuery) -> int:
        """Papers in the view: the sidebar's count when it has it (just read), else counted."""
        key = "library" if query.status is None else query.status.value
        if not query.tags and not query.trashed and key in self._counts:
            return self._counts[key]
        return self.lib.view_count(query)

    def show_ids(
        self,
        ids: list[int],
        snippets: dict[int, Snippet],
        keep: list[int],
        *,
        total: int | None = None,
        rest: Callable[[], list[int]] | None = None,
    ) -> None:
        """Show `ids` (or, with `total` and `rest`, the first of `total`; see `refresh`)."""
        s = self.shell
        self._snippets = snippets
        place = s.table.currentIndex().row()  # before the model is reset
        s.model.set_ids(ids, snippets, total=total, rest=rest)
        # Rows keep the search's height while the user types: the fast pass has no
        # snippets, the full one does, and the rows grew and shrank with every keystroke.
        s.table.verticalHeader().setDefaultSectionSize(
            self._row_height(bool(snippets or self.query_text))
        )
        empty = not ids and not self.query_text and self.lib.count() == 0
        was = s.stack.currentWidget()
        s.stack.setCurrentWidget(s.welcome if empty else s.table)
        self._move_focus_off(was)
        s.details.setVisible(
            not empty and self.pages.on_library_page() and self.pages.details_wanted()
        )
        shown = set(ids)
        current = s.details.paper_id()
        if s.details.note.edit.hasFocus() and current is not None and current not in shown:
            # The paper being annotated left the list: never type into another paper's note.
            s.details.note.flush()
            s.table.setFocus()
        # One set, not one per id: at 100k papers the per-id set took 13 ms of every refresh.
        wanted, self._prefer = set(self._prefer), []
        prefer = [i for i in ids if i in wanted] if wanted else []
        kept = prefer[:1] or [i for i in keep if i in shown]
        if self._to_top:
            # A view was chosen: show its top, and keep the paper only if it is there.
            self._to_top = False
            s.table.scrollToTop()
            kept = [i for i in kept if self._on_first_screen(i)]
        elif keep and not kept and place >= 0 and s.model.rowCount():
            # The selected paper left the list (`3` in To Read marks it read): select the
            # one that took its place. The list's first paper sent the user back to the
            # top after every paper they dealt with.
            kept = [s.model.paper_id(min(place, s.model.rowCount() - 1))]
        # Keep the selection if it is still listed; else select the first (best) row.
        self.select(kept or ids[:1])

    def _on_first_screen(self, pid: int) -> bool:
        table = self.shell.table
        row = self.shell.model.row_of(pid)
        if row is None:
            return False
        bottom = table.rowViewportPosition(row) + table.rowHeight(row)
        return bottom <= table.viewport().height()

    def _move_focus_off(self, was: object) -> None:
        """Focus where single keys work: the list, or the welcome view of an empty library.

        The window opens there, and the list takes over once the first papers arrive.
        """
        s = self.shell
        now = s.stack.currentWidget()
        first, self._placed_focus = not self._placed_focus, True
        if now is was and not first:
            return
        focus = QApplication.focusWidget()
        typing = isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit)
        if now is s.welcome and not typing:
            s.welcome.setFocus()
        elif now is s.table and (
            focus is None or focus is s.welcome or s.welcome.isAncestorOf(focus)
        ):
            s.table.setFocus()

    def refresh_to_first_of(self, ids: Sequence[int]) -> None:
        """Re-run the list and select the topmost of `ids` (after an import)."""
        self._prefer = list(ids)
        self.refresh(keep=[])

    def select(self, ids: Sequence[int]) -> None:
        s = self.shell
        sel = s.table.selectionModel()
        sel.clearSelection()
        first = True
        for pid in ids:
            row = s.model.row_of(pid)
            if row is None:
                continue
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            if first:
                s.table.setCurrentIndex(s.model.index(row, 0))
                s.table.scrollTo(s.model.index(row, 0))
                first = False
            sel.select(s.model.index(row, 0), flags)
        if first:
            # Nothing listed is selected. A new list (a search with no hits) drops the old
            # selection without a selectionChanged: say it here, or the Related lookup of
            # the paper shown before filled "No paper selected" with its papers.
            self.sig_selection.emit(False)
            self.show_details(None)

    def selected_ids(self) -> list[int]:
        model = self.shell.model
        rows = sorted({i.row() for i in self.shell.table.selectionModel().selectedRows()})
        return [model.paper_id(r) for r in rows if r < model.rowCount()]

    def refresh_counts(self) -> None:
        tags = self.lib.tags()
        self._counts = self.lib.counts()
        self.shell.sidebar.set_counts(self._counts, tags)
        self.shell.sidebar.set_saved_searches(self.lib.saved_searches())
        self.shell.details.set_tag_names([name for name, _ in tags])

    def on_changed(self, changes: ChangeSet) -> None:
        """Refresh what the change touched: rows in place, counts, the view, the details."""
        s = self.shell
        ids = sorted(changes.papers)
        self.refresh_counts()
        if changes.membership or changes.every_paper or (ids and self.view_query().filtered):
            self.refresh(keep=self.selected_ids())  # re-runs the query: every row is re-read
        elif ids:
            s.model.refresh(ids)
        current = s.details.paper_id()
        if current is not None and (current in changes.papers or changes.membership):
            self.show_details(current)

    def _on_selection(self, *_: Any) -> None:
        ids = self.selected_ids()
        self.sig_selection.emit(bool(ids))
        self.show_details(ids[0] if ids else None)

    def show_details(self, pid: int | None) -> None:
        self.sig_current.emit(pid)
        details = self.shell.details
        if pid is None or not self.lib.exists(pid):
            details.show_paper(None)
            return
        paper = self.lib.get(pid)
        text = self.query_text
        marks = self.lib.highlight_words(paper.abstract or "", text) if text else None
        details.show_paper(paper, marks)

    # ------------------------------------------------------------------ order
    def _current_sort(self) -> tuple[SortKey, bool] | None:
        """The list's order: the last header click, else the header's restored indicator.

        The window restores the header of the last session (its column widths and the
        sort arrow) without a click: the arrow said "Year, descending" over the view's own
        order until the user clicked again.
        """
        if self._sort is None:
            header = self.shell.table.horizontalHeader()
            section = header.sortIndicatorSection()
            if 0 <= section < len(COLUMNS) and (key := COLUMNS[section].sort) is not None:
                descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                self._sort = (key, descending)
            elif section >= 0:  # an arrow on a column that does not sort (an older session)
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        return self._sort

    def _on_header_clicked(self, column: int) -> None:
        header = self.shell.table.horizontalHeader()
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            # Authors and Tags do not sort: the arrow Qt moved there goes back to the
            # column that orders the list (it claimed an order the list did not have).
            self._show_sort_arrow()
            return
        self.shell.model.sort(column, header.sortIndicatorOrder())

    def _show_sort_arrow(self) -> None:
        sort = self._current_sort()
        header = self.shell.table.horizontalHeader()
        if sort is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            return
        column = next(i for i, c in enumerate(COLUMNS) if c.sort == sort[0])
        order = Qt.SortOrder.DescendingOrder if sort[1] else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, order)

    def _on_sort(self, sort: SortKey, descending: bool) -> None:
        self._sort = (sort, descending)
        if self.query_text:
            # The hits on screen, put in the list's own order by the database.
            ids = self.lib.view_ids(self.view_query(), self.shell.model.ids())
            self.show_ids(ids, self._snippets, self.selected_ids())
        else:
            self.refresh()

    # ------------------------------------------------------------------ search
    def _on_search(self, text: str, mode: str) -> None:
        self.query_text = text
        if text and not self.pages.on_library_page():
            self.shell.sidebar.select_view(self.shell.sidebar.current_view().key)
        if not text:
            self.search_service.cancel()
            self._shown_text, self._shown_full, self._best = "", "", None
            self.refresh()
            return
        query = self.view_query()
        if query.trashed:
            # Trashed papers are not in the search index: match titles and authors in SQLite.
            ids = self.lib.view_ids(query, self.lib.search_trash(text))
            self.show_ids(ids, {}, self.selected_ids())
            return
        self.search_service.submit(
            text,
            "typing" if mode == "typing" else "full",
            limit=SEARCH_LIMIT,
            snippets=0 if mode == "typing" else 40,
        )

    def _on_search_results(self, outcome: SearchOutcome) -> None:
        if outcome.text != self.query_text or self._closed:
            return  # a stale answer, or one queued before the window closed its library
        if outcome.results is None:
            if outcome.query_error:
                self.shell.search_bar.show_error(outcome.error or "invalid query")
            else:
                self.shell.message(outcome.error or "search failed", 8000)
            return
        results = outcome.results
        query = self.view_query()
        hits = [h.paper_id for h in results.hits]
        # The view's filters and the chosen order, applied by the database to the hits.
        ids = self.lib.view_ids(query, hits)
        total, exact = results.total, results.total_exact
        if query.filtered:
            total, exact = len(ids), results.total <= len(results.hits)
        snippets = {h.paper_id: h.snippet for h in results.hits if h.snippet is not None}
        if outcome.mode == "typing":
            snippets = {}
        keep = self.selected_ids()
        if outcome.text != self._shown_text or (self._best is not None and keep == [self._best]):
            # A new search, or the user has not moved since: select the best hit.
            keep = []
        self._shown_text = outcome.text
        self._shown_full = outcome.text if outcome.mode == "full" else ""
        self.show_ids(ids, snippets, keep)
        self._best = (ids[0] if ids else None) if not keep else self._best
        self.shell.search_bar.show_count(total, exact, results.suggestion)
        if results.timed_out:
            self.shell.message("The search took too long and shows the best matches so far")

    # ------------------------------------------------------------------ navigation
    def focus_search(self) -> None:
        self.shell.search_bar.edit.setFocus()
        self.shell.search_bar.edit.selectAll()

    def show_library(self) -> None:
        self.go("library")

    def go(self, key: str) -> None:
        self.shell.search_bar.edit.clear()
        self.shell.sidebar.select_view(key)
        self.shell.table.setFocus()

    def on_library_view(self) -> None:
        """The sidebar chose a view of the paper list (or tags): show the list from its top."""
        if not self.pages.on_library_page():
            self.pages.show_page("library")
        self._to_top = True
        self.refresh()

    def show_paper(self, paper_id: int) -> None:
        """Show one paper in the library view (from the palette, Related, the Inbox)."""
        self.shell.search_bar.edit.clear()
        self.shell.sidebar.select_view("library")
        self.pages.show_page("library")
        self.select([paper_id])
        self.shell.table.setFocus()

    def escape_to_list(self) -> None:
        """Esc: to the list with the best hit selected; in the list, clear the search."""
        s = self.shell
        if s.table.hasFocus():
            if s.search_bar.text():
                s.search_bar.edit.clear()
            return
        s.table.setFocus()
        self._finish_search()
        if s.model.rowCount() and (self.query_text or not self.selected_ids()):
            # After a search: the best hit, shown; it follows the full ranking when that
            # arrives (`_on_search_results`), as long as the user has not moved.
            best = s.model.paper_id(0)
            self.select([best])
            self._best = best if self.query_text else None

    def _finish_search(self) -> None:
        """Esc ends the typing: show the full ranking now, not when the thread answers.

        A key typed right after Esc (`/ gpipe Esc 3`) then acts on the best hit, not on an
        earlier guess still on screen.
        """
        text = self.query_text
        if not text or text == self._shown_full or self.view_query().trashed:
            return
        self.search_service.cancel()  # the same search, in flight: its answer is not needed
        try:
            results = self.lib.search(text, mode="full", limit=SEARCH_LIMIT, snippets=40)
        except PapershelfError:
            self.refresh()  # the search thread reports the error as usual
            return
        self._on_search_results(SearchOutcome(0, text, "full", results))

    def return_to_list(self) -> None:
        """After an edit in the detail pane: back to the list, where single keys work."""
        self.shell.table.setFocus()

    def _step(self, delta: int) -> None:
        current = self.shell.table.currentIndex().row()
        self._step_to((current if current >= 0 else -1) + delta)

    def _step_to(self, row: int) -> None:
        """Select the paper at `row` (clamped), with the cursor and the detail pane."""
        s = self.shell
        rows = s.model.rowCount()
        if not rows:
            return
        self.select([s.model.paper_id(max(0, min(rows - 1, row)))])

    def toggle_selection(self) -> None:
        table = self.shell.table
        index = table.currentIndex()
        if index.isValid():
            table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.Toggle | QItemSelectionModel.SelectionFlag.Rows,
            )

    def find_papers(self, text: str) -> list[tuple[int, str]]:
        """Papers whose title starts like `text` (the palette's second half)."""
        try:
            hits = self.lib.search(text, mode="typing", limit=8, snippets=0).hits
        except PapershelfError:
            return []
        papers = self.lib.get_many([h.paper_id for h in hits], details=False)
        return [(p.id, p.title) for p in papers]

    def shutdown(self) -> None:
        self._closed = True
        self.search_service.shutdown()
