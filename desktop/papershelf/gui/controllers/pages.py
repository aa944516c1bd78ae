"""The central area's pages: the list (or its welcome view), Inbox, statistics, duplicates."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from papershelf.gui.shell import Shell


class PagesController(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self._details_hidden = False
        shell.sidebar.sig_page.connect(self.show_page)
        shell.sidebar.sig_leave.connect(self.focus_page)

    def commands(self) -> dict[str, Callable[[], object]]:
        return {
            "go.inbox": lambda: self.show_page("inbox"),
            "go.stats": lambda: self.show_page("stats"),
            "view.details": self.toggle_details,
        }

    def show_page(self, key: str) -> None:
        """Show "library", "inbox", "stats" or "duplicates" in the central area."""
        s = self.shell
        page = {
            "library": s.stack,
            "inbox": s.inbox_view,
            "stats": s.stats_view,
            "duplicates": s.duplicates_view,
        }[key]
        if s.pages.currentWidget() is s.stack and page is not s.stack:
            self._details_hidden = s.details.isHidden()
        s.pages.setCurrentWidget(page)
        if page is s.stack:
            s.details.setVisible(not self._details_hidden and s.stack.currentWidget() is s.table)
            return
        s.details.hide()
        s.sidebar.select_page(key)
        if key == "inbox":
            s.inbox_view.reload()
        elif key == "duplicates":
            s.duplicates_view.reload()
        else:
            s.stats_view.refresh()
        # Arrow keys passing over a page in the sidebar keep the focus there: the next
        # arrow went to the page's table (Enter or Esc goes to the page; `focus_page`).
        if not s.sidebar.moving_by_keys():
            self.focus_page()

    def focus_page(self) -> None:
        """Give the keys to the page shown: the list (or the welcome view), the Inbox, etc."""
        s = self.shell
        page = s.pages.currentWidget()
        shown = s.stack.currentWidget()
        if page is s.stack and shown is not None:
            shown.setFocus()
        elif page is s.stack:
            s.table.setFocus()
        elif page is s.inbox_view:
            s.inbox_view.table.setFocus()
        elif page is s.duplicates_view:
            s.duplicates_view.focus()
        elif page is not None:
            page.setFocus()

    def on_library_page(self) -> bool:
        return self.shell.pages.currentWidget() is self.shell.stack

    def details_wanted(self) -> bool:
        """Whether the detail pane belongs on screen with the list (not hidden by the user)."""
        return not self._details_hidden

    def hide_details(self) -> None:
        """Hide the detail pane until the user shows it again (as hidden when last closed)."""
        self._details_hidden = True
        self.shell.details.hide()

    def toggle_details(self) -> None:
        details = self.shell.details
        details.setVisible(not details.isVisible())
        if self.on_library_page():
            self._details_hidden = details.isHidden()
