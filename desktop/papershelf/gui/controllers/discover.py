"""The Inbox's triage commands, feeds (fetching in the background) and related papers."""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from papershelf.core.changes import ChangeSet
from papershelf.core.errors import PapershelfError
from papershelf.core.results import Hit
from papershelf.gui.change_watch import ChangeWatcher
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.controllers.pages import PagesController
from papershelf.gui.shell import Shell

if TYPE_CHECKING:
    from papershelf.gui.dialogs.feeds import FeedsDialog
    from papershelf.library.inbox import (
        FetchReport,
    )

    pass

START_FETCH_MS = 1500  # after the window shows: the first paint never waits for the network
RELATED_SETTLE_MS = 250
RELATED_LIMIT = 5
_MAX_TIMER_MS = 2**31 - 1


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


class DiscoverController(QObject):
    def __init__(self, shell: Shell, pages: PagesController, lists: ListController) -> None:
        from papershelf.library.inbox import inbox_signature

        super().__init__(shell.window)
        self.shell = shell
        self.session = shell.session
        self.lib = shell.session.lib
        self.pages = pages
        self.lists = lists
        self.feeds_dialog: FeedsDialog | None = None
        self._fetching = False
        self._fetch_again = False
        self._closed = False
        self._related_for: int | None = None
        self._related_request = 0
        parent = shell.window
        self._start_fetch = QTimer(parent)
        self._start_fetch.setSingleShot(True)
        self._start_fetch.setInterval(START_FETCH_MS)
        self._periodic_fetch = QTimer(parent)
        hours = self.lib.settings.feeds_refresh_hours
        self._periodic_fetch.setInterval(int(min(_MAX_TIMER_MS, max(60_000, hours * 3_600_000))))
        self._related_timer = QTimer(parent)
        self._related_timer.setSingleShot(True)
        self._related_timer.setInterval(RELATED_SETTLE_MS)
        view = shell.inbox_view
        view.sig_count.connect(shell.sidebar.set_inbox_count)
        view.sig_message.connect(lambda text: shell.message(text, 8000))
        view.sig_library_changed.connect(self._after_inbox_change)
        view.sig_open_paper.connect(lists.show_paper)
        view.sig_fetch.connect(self.fetch_feeds)
        view.sig_feeds.connect(self.show_feeds)
        view.sig_subscribe.connect(self.subscribe_daily_papers)
        # Inbox changes by anyone (a CLI `feeds fetch` or `triage`, the window's own lane):
        # re-read the list and the counts; items triaged here but not yet written stay out.
        self.inbox_watch = ChangeWatcher(lambda: inbox_signature(self.lib), view)
        self.inbox_watch.sig_changed.connect(self._on_inbox_changed)
        shell.details.sig_related.connect(lists.show_paper)
        lists.sig_current.connect(self.schedule_related)
        self.schedule_related(shell.details.paper_id())  # selected before we existed
        view.update_counter()
        self._start_fetch.timeout.connect(self.fetch_in_background)
        self._start_fetch.start()
        self._periodic_fetch.timeout.connect(self.fetch_in_background)
        self._periodic_fetch.start()
        self._related_timer.timeout.connect(self._find_related)

    def commands(self) -> dict[str, Callable[[], object]]:
        from papershelf.library.inbox import TriageAction

        view = self.shell.inbox_view

        def on_inbox(fn: Callable[[], object]) -> Callable[[], None]:
            """Triage commands act on the Inbox on screen; from elsewhere they only open it."""

            def run() -> None:
                if self.shell.pages.currentWidget() is view:
                    fn()
                else:
                    self.pages.show_page("inbox")

            return run

        return {
            "inbox.next": on_inbox(lambda: view.step(1)),
            "inbox.previous": on_inbox(lambda: view.step(-1)),
            "inbox.expand": on_inbox(view.toggle_abstract),
            "inbox.add": on_inbox(lambda: view.triage_current(TriageAction.ADD)),
            "inbox.reading": on_inbox(lambda: view.triage_current(TriageAction.READ)),
            "inbox.tags": on_inbox(self._add_tagged),
            "inbox.dismiss": on_inbox(lambda: view.triage_current(TriageAction.DISMISS)),
            "inbox.later": on_inbox(lambda: view.triage_current(TriageAction.LATER)),
            "inbox.open": on_inbox(view.open_current),
            "inbox.add_selected": on_inbox(lambda: view.triage_selection(TriageAction.ADD)),
            "inbox.dismiss_selected": on_inbox(lambda: view.triage_selection(TriageAction.DISMISS)),
            "inbox.fetch": self.fetch_feeds,
            "inbox.feeds": self.show_feeds,
        }

    def shutdown(self) -> None:
        self._start_fetch.stop()
        self.inbox_watch.stop()
        self._periodic_fetch.stop()
        self._related_timer.stop()
        self.shell.inbox_view.close_lane()
        self.shell.stats_view.close_view()
        self._closed = True
        if self.feeds_dialog is not None:
            self.feeds_dialog.close()

    def _add_tagged(self) -> None:
        view = self.shell.inbox_view
        view.set_tag_names([name for name, _ in self.lib.tags()])
        view.begin_tags()

    def _after_inbox_change(self) -> None:
        self.lib.notify_changed()
        self.session.changed(ChangeSet(membership=True, tags=True, inbox=True))

    def _on_inbox_changed(self) -> None:
        if not self._closed:
            self.shell.inbox_view.reload()

    # ------------------------------------------------------------------ feeds
    def show_feeds(self) -> None:
        from papershelf.gui.dialogs.feeds import FeedsDialog

        if self.feeds_dialog is None:
            dialog = FeedsDialog(self.lib, self.shell.window)
            dialog.sig_fetch.connect(self.fetch_feeds)
            dialog.sig_changed.connect(lambda: self.shell.inbox_view.reload())
            self.feeds_dialog = dialog
        self.feeds_dialog.reload()
        self.feeds_dialog.show()
        self.feeds_dialog.raise_()

    def subscribe_from_welcome(self) -> None:
        self.pages.show_page("inbox")
        self.subscribe_daily_papers()

    def subscribe_daily_papers(self) -> None:
        """One click from an empty Inbox to today's papers."""
        from papershelf.library import ops

        try:
            ops.AddFeed("daily-papers").apply(self.lib)
        except PapershelfError as exc:
            self.shell.message(f"Not subscribed: {exc}", 8000)
            return
        self.shell.inbox_view.reload()
        self.fetch_feeds()

    def fetch_feeds(self) -> None:
        """Fetch every feed now (the command; the timer calls `fetch_in_background`)."""
        from papershelf.library.inbox import list_feeds

        if not list_feeds(self.lib):
            self.shell.message("No feeds yet: add one in File → Feeds…", 8000)
            return
        self._fetch()

    def fetch_in_background(self) -> None:
        """The timer's fetch: quiet, and never after the window (or its library) closed."""
        from papershelf.library.inbox import list_feeds

        if self._closed:
            return
        try:
            feeds = list_feeds(self.lib)
        except (PapershelfError, sqlite3.Error):
            return
        if feeds:
            self._fetch()

    def _fetch(self) -> None:
        from papershelf.library import ops

        if self._fetching:
            # A feed added meanwhile is not in the running fetch's list: go again after it.
            self._fetch_again = True
            return
        self._fetching = True
        self._fetch_again = False
        self.shell.inbox_view.set_fetch_status("fetching feeds…")
        # The network lane: a feed server that never answers must not hold the window's close.
        self.session.network.run(
            lambda lib: ops.FetchFeeds().apply(lib).value, self._on_fetched, self._on_fetch_failed
        )

    def _on_fetched(self, report: FetchReport) -> None:
        self._fetching = False
        if self._closed:
            return
        if self._fetch_again:
            QTimer.singleShot(0, self._fetch)
        rich, plain = fetch_summary(report)
        self.shell.inbox_view.set_fetch_status(rich)
        # Never a modal for a background fetch: the header and the status bar say it.
        self.shell.message(plain, 15_000)
        self.shell.inbox_view.reload()
        if self.feeds_dialog is not None:
            self.feeds_dialog.reload()

    def _on_fetch_failed(self, exc: BaseException) -> None:
        self._fetching = False
        if self._closed:
            return
        text = f"Fetching feeds failed: {exc}"
        self.shell.inbox_view.set_fetch_status(
            f'<span style="color:#c62828">{html.escape(text)}</span>'
        )
        self.shell.message(text, 15_000)

    # ------------------------------------------------------------------ related papers
    def schedule_related(self, paper_id: int | None) -> None:
        """The library's selection moved: look up related papers once it rests."""
        if paper_id != self._related_for:
            self._related_for = paper_id
            self.shell.details.show_related(None)
        if paper_id is not None:
            self._related_timer.start()

    def _find_related(self) -> None:
        pid = self._related_for
        if pid is None or self._closed or not self.lib.exists(pid):
            return
        paper = self.lib.get(pid)
        text = f"{paper.title}\n{paper.abstract or ''}\n{' '.join(paper.tags)}"
        self._related_request += 1
        request = self._related_request
        lib = self.lib

        def job() -> list[Hit]:
            # The GUI library's index is searched from worker threads (as the search does).
            return lib.index().more_like(pid, text, limit=RELATED_LIMIT)

        self.session.tasks.run(
            job,
            lambda hits: self._show_related(request, pid, hits),
            lambda _exc: self._show_related(request, pid, []),
        )

    def _show_related(self, request: int, pid: int, hits: list[Hit]) -> None:
        if self._closed or request != self._related_request or pid != self._related_for:
            return
        try:
            papers = {p.id: p for p in self.lib.get_many([h.paper_id for h in hits])}
        except PapershelfError:
            papers = {}
        self.shell.details.show_related(
            [(h.paper_id, papers[h.paper_id].title) for h in hits if h.paper_id in papers]
        )
