"""The main window's Inbox, feeds, statistics and related-papers commands.

`MainWindow` inherits these so that the command registry finds them by name like its own;
they live here to keep mainwindow.py about layout and the paper list.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget

from papershelf.core.errors import PapershelfError
from papershelf.gui.actions import ACTIONS
from papershelf.gui.change_watch import ChangeWatcher
from papershelf.gui.dialogs.feeds import FeedsDialog
from papershelf.gui.views.inbox import InboxView
from papershelf.gui.views.stats import StatsView
from papershelf.library import Library
from papershelf.library.inbox import (
    FetchReport,
    TriageAction,
    add_feed,
    fetch_all,
    inbox_signature,
    list_feeds,
)
from papershelf.search.index import Hit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QStatusBar, QTableView

    from papershelf.gui.tasks import TaskRunner
    from papershelf.gui.widgets.details_pane import DetailsPane
    from papershelf.gui.widgets.sidebar import Sidebar

START_FETCH_MS = 1500  # after the window shows: the first paint never waits for the network
RELATED_SETTLE_MS = 250
RELATED_LIMIT = 5
_MAX_TIMER_MS = 2**31 - 1


def fetch_job(path: Any) -> FetchReport:
    with Library.open(path, indexing="none") as lib:
        return fetch_all(lib)


def fetch_summary(report: FetchReport) -> tuple[str, str]:
    """(rich text for the Inbox header, plain text for the status bar)."""
    failed = [f for f in report.feeds if f.error]
    new = f"{report.new} new" if report.new else "nothing new"
    if not failed:
        return html.escape(f"Fetched: {new}"), f"Feeds fetched: {new}"
    names = "; ".join(f"{f.name}: {f.error}" for f in failed)
    n = len(failed)
    link = (
        f'<a href="feeds"><span style="color:#c62828">{n} feed{"s" if n != 1 else ""} '
        f"failed</span></a>"
    )
    return f"{html.escape(new)} · {link}", f"Feeds fetched ({new}); failed: {names}"


class DiscoverCommands:
    """Mixin for MainWindow: the pages besides the paper list, and what drives them."""

    if TYPE_CHECKING:
        lib: Library
        undo_stack: QUndoStack
        tasks: TaskRunner
        sidebar: Sidebar
        stack: QStackedWidget
        details: DetailsPane
        table: QTableView

        def statusBar(self) -> QStatusBar: ...
        def refresh_counts(self) -> None: ...
        def refresh_list(self, keep: Sequence[int] | None = None) -> None: ...
        def _select(self, ids: Sequence[int]) -> None: ...

    # ------------------------------------------------------------------ setup
    def build_pages(self) -> QStackedWidget:
        """The central pages: the paper list (with its welcome view), Inbox, statistics."""
        parent: Any = self
        self.inbox_view = InboxView(self.lib, self.undo_stack, parent)
        self.stats_view = StatsView(self.lib.path, parent)
        self.pages = QStackedWidget(parent)
        self.pages.addWidget(self.stack)
        self.pages.addWidget(self.inbox_view)
        self.pages.addWidget(self.stats_view)
        self._feeds_dialog: FeedsDialog | None = None
        self._fetching = False
        self._fetch_again = False
        self._discover_closed = False
        self._details_hidden = False
        self._related_for: int | None = None
        self._related_request = 0
        self._start_fetch = QTimer(parent)
        self._start_fetch.setSingleShot(True)
        self._start_fetch.setInterval(START_FETCH_MS)
        self._periodic_fetch = QTimer(parent)
        hours = self.lib.settings.feeds_refresh_hours
        self._periodic_fetch.setInterval(int(min(_MAX_TIMER_MS, max(60_000, hours * 3_600_000))))
        self._related_timer = QTimer(parent)
        self._related_timer.setSingleShot(True)
        self._related_timer.setInterval(RELATED_SETTLE_MS)
        return self.pages

    def wire_pages(self) -> None:
        """Signals and timers, once the registry and the rest of the window exist."""
        view = self.inbox_view
        view.sig_count.connect(self.sidebar.set_inbox_count)
        view.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        view.sig_library_changed.connect(self._after_inbox_change)
        view.sig_open_paper.connect(self.show_paper_in_library)
        view.sig_fetch.connect(self.fetch_feeds)
        view.sig_feeds.connect(self.show_feeds)
        view.sig_subscribe.connect(self.subscribe_daily_papers)
        # Inbox changes by anyone (a CLI `feeds fetch` or `triage`, the window's own lane):
        # re-read the list and the counts; items triaged here but not yet written stay out.
        self.inbox_watch = ChangeWatcher(lambda: inbox_signature(self.lib), self.inbox_view)
        self.inbox_watch.sig_changed.connect(self._on_inbox_changed)
        self.stats_view.sig_escape.connect(lambda: self.show_page("library"))
        self.stats_view.sig_go.connect(self._go_from_stats)
        self.sidebar.sig_page.connect(self.show_page)
        self.details.sig_related.connect(self.show_paper_in_library)
        view.update_counter()
        self._start_fetch.timeout.connect(self.fetch_in_background)
        self._start_fetch.start()
        self._periodic_fetch.timeout.connect(self.fetch_in_background)
        self._periodic_fetch.start()
        self._related_timer.timeout.connect(self._find_related)

    def shutdown_pages(self) -> None:
        self._start_fetch.stop()
        self.inbox_watch.stop()
        self._periodic_fetch.stop()
        self._related_timer.stop()
        self.inbox_view.close_lane()
        self.stats_view.close_view()
        self._discover_closed = True
        if self._feeds_dialog is not None:
            self._feeds_dialog.close()

    # ------------------------------------------------------------------ pages
    def show_page(self, key: str) -> None:
        """Show "library", "inbox" or "stats" in the central area."""
        page = {"library": self.stack, "inbox": self.inbox_view, "stats": self.stats_view}[key]
        if self.pages.currentWidget() is self.stack and page is not self.stack:
            self._details_hidden = self.details.isHidden()
        self.pages.setCurrentWidget(page)
        if page is self.stack:
            self.details.setVisible(
                not self._details_hidden and self.stack.currentWidget() is self.table
            )
            return
        self.details.hide()
        self.sidebar.select_page(key)
        if key == "inbox":
            self.inbox_view.reload()
            self.inbox_view.table.setFocus()
        else:
            self.stats_view.refresh()
            self.stats_view.setFocus()

    def on_library_page(self) -> bool:
        return self.pages.currentWidget() is self.stack

    def on_library_view(self) -> None:
        """The sidebar chose a view of the paper list (or tags): show the list."""
        if not self.on_library_page():
            self.show_page("library")
        self.refresh_list()

    def go_inbox(self) -> None:
        self.show_page("inbox")

    def go_stats(self) -> None:
        self.show_page("stats")

    def show_paper_in_library(self, paper_id: int) -> None:
        self.sidebar.select_view("library")
        self.show_page("library")
        self._select([paper_id])
        self.table.setFocus()

    def _after_inbox_change(self) -> None:
        self.lib.notify_changed()
        self.refresh_counts()
        self.refresh_list()

    # ------------------------------------------------------------------ triage keys
    def _inbox_active(self) -> bool:
        """Triage commands act on the Inbox on screen; from elsewhere they only open it."""
        if self.pages.currentWidget() is self.inbox_view:
            return True
        self.show_page("inbox")
        return False

    def inbox_next(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.step(1)

    def inbox_previous(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.step(-1)

    def inbox_expand(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.toggle_abstract()

    def inbox_add(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.triage_current(TriageAction.ADD)

    def inbox_add_reading(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.triage_current(TriageAction.READ)

    def inbox_add_tagged(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.set_tag_names([name for name, _ in self.lib.store.tags()])
        self.inbox_view.begin_tags()

    def inbox_dismiss(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.triage_current(TriageAction.DISMISS)

    def inbox_later(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.triage_current(TriageAction.LATER)

    def inbox_open(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.open_current()

    def inbox_add_selected(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.triage_selection(TriageAction.ADD)

    def inbox_dismiss_selected(self) -> None:
        if not self._inbox_active():
            return
        self.inbox_view.triage_selection(TriageAction.DISMISS)

    # ------------------------------------------------------------------ feeds
    def show_feeds(self) -> None:
        if self._feeds_dialog is None:
            parent: Any = self
            dialog = FeedsDialog(self.lib, parent)
            dialog.sig_fetch.connect(self.fetch_feeds)
            dialog.sig_changed.connect(lambda: self.inbox_view.reload())
            self._feeds_dialog = dialog
        self._feeds_dialog.reload()
        self._feeds_dialog.show()
        self._feeds_dialog.raise_()

    def _go_from_stats(self, keys: str) -> None:
        """`g l`, `g i`, `g t` … on the statistics page do what they do in the list."""
        for spec in ACTIONS:
            if keys in spec.list_keys and spec.callback.startswith(("go_", "show_library")):
                getattr(self, spec.callback)()
                return

    def _on_inbox_changed(self) -> None:
        if not self._discover_closed:
            self.inbox_view.reload()

    def subscribe_daily_papers(self) -> None:
        """One click from an empty Inbox to today's papers."""
        try:
            add_feed(self.lib, "daily-papers")
        except PapershelfError as exc:
            self.statusBar().showMessage(f"Not subscribed: {exc}", 8000)
            return
        self.inbox_view.reload()
        self.fetch_feeds()

    def fetch_feeds(self) -> None:
        """Fetch every feed now (the command; the timer calls `fetch_in_background`)."""
        if not list_feeds(self.lib):
            self.statusBar().showMessage("No feeds yet: add one in File → Feeds…", 8000)
            return
        self._fetch()

    def fetch_in_background(self) -> None:
        if not self._discover_closed and list_feeds(self.lib):
            self._fetch()

    def _fetch(self) -> None:
        if self._fetching:
            # A feed added meanwhile is not in the running fetch's list: go again after it.
            self._fetch_again = True
            return
        self._fetching = True
        self._fetch_again = False
        self.inbox_view.set_fetch_status("fetching feeds…")
        path = self.lib.path
        # Detached: a feed server that never answers must not hold the window's close.
        self.tasks.run_detached(lambda: fetch_job(path), self._on_fetched, self._on_fetch_failed)

    def _on_fetched(self, report: FetchReport) -> None:
        self._fetching = False
        if self._discover_closed:
            return
        if self._fetch_again:
            QTimer.singleShot(0, self._fetch)
        rich, plain = fetch_summary(report)
        self.inbox_view.set_fetch_status(rich)
        # Never a modal for a background fetch: the header and the status bar say it.
        self.statusBar().showMessage(plain, 15_000)
        self.inbox_view.reload()
        if self._feeds_dialog is not None:
            self._feeds_dialog.reload()

    def _on_fetch_failed(self, exc: BaseException) -> None:
        self._fetching = False
        if self._discover_closed:
            return
        text = f"Fetching feeds failed: {exc}"
        self.inbox_view.set_fetch_status(f'<span style="color:#c62828">{html.escape(text)}</span>')
        self.statusBar().showMessage(text, 15_000)

    # ------------------------------------------------------------------ related papers
    def schedule_related(self, paper_id: int | None) -> None:
        """The library's selection moved: look up related papers once it rests."""
        if paper_id != self._related_for:
            self._related_for = paper_id
            self.details.show_related(None)
        if paper_id is not None:
            self._related_timer.start()

    def _find_related(self) -> None:
        pid = self._related_for
        if pid is None or self._discover_closed or not self.lib.store.exists(pid):
            return
        paper = self.lib.get(pid)
        text = f"{paper.title}\n{paper.abstract or ''}\n{' '.join(paper.tags)}"
        self._related_request += 1
        request = self._related_request
        lib = self.lib

        def job() -> list[Hit]:
            # The GUI library's index is searched from worker threads (as the search does).
            return lib.index().more_like(pid, text, limit=RELATED_LIMIT)

        self.tasks.run(
            job,
            lambda hits: self._show_related(request, pid, hits),
            lambda _exc: self._show_related(request, pid, []),
        )

    def _show_related(self, request: int, pid: int, hits: list[Hit]) -> None:
        if self._discover_closed or request != self._related_request or pid != self._related_for:
            return
        try:
            papers = {p.id: p for p in self.lib.store.get_many([h.paper_id for h in hits])}
        except PapershelfError:
            papers = {}
        self.details.show_related(
            [(h.paper_id, papers[h.paper_id].title) for h in hits if h.paper_id in papers]
        )
