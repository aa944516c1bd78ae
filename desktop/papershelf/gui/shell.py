"""The window's parts, handed to the controllers that act on them.

`MainWindow` builds the widgets and lays them out; controllers get this record instead of
the window, so no controller reaches into another's internals or into the window's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QTableView

if TYPE_CHECKING:  # annotations only: importing a controller must not import every page
    from papershelf.gui.models.paper_table import PaperTableModel
    from papershelf.gui.session import Session
    from papershelf.gui.views.duplicates import DuplicatesView
    from papershelf.gui.views.inbox import InboxView
    from papershelf.gui.views.stats import StatsView
    from papershelf.gui.widgets.details_pane import DetailsPane
    from papershelf.gui.widgets.search_bar import SearchBar
    from papershelf.gui.widgets.sidebar import Sidebar
    from papershelf.gui.widgets.welcome import WelcomeView


@dataclass
class Shell:
    window: QMainWindow
    session: Session
    table: QTableView
    model: PaperTableModel
    sidebar: Sidebar
    details: DetailsPane
    search_bar: SearchBar
    stack: QStackedWidget
    """The list page: the paper table, or the welcome view of an empty library."""
    welcome: WelcomeView
    pages: QStackedWidget
    """The central area: the list page, the Inbox, the statistics or the duplicates."""
    status_label: QLabel
    """The permanent status area (rich text: imports, additions, exports)."""

    # The window builds these pages after its first paint; asking for one builds them.
    @property
    def inbox_view(self) -> InboxView:
        page: InboxView = getattr(self.window, "inbox_view")  # noqa: B009 (a QMainWindow)
        return page

    @property
    def stats_view(self) -> StatsView:
        page: StatsView = getattr(self.window, "stats_view")  # noqa: B009 (a QMainWindow)
        return page

    @property
    def duplicates_view(self) -> DuplicatesView:
        page: DuplicatesView = getattr(self.window, "duplicates_view")  # noqa: B009 (a QMainWindow)
        return page

    def message(self, text: str, msecs: int = 5000) -> None:
        """A transient status-bar message."""
        self.window.statusBar().showMessage(text, msecs)
