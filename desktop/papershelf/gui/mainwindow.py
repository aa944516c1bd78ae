"""The main window: layout and wiring. Each area's rules live in its controller.

The window is built in two steps. The first builds what its first paint shows: the
search bar, the sidebar, the paper list with its first rows, the detail pane, the menus,
the toolbar and every command's keys. The rest (the Inbox, statistics, duplicates and
reader pages and their controllers) is built just after that paint, or as soon as
something asks for it (a command, a page, an attribute), whichever comes first: a start
shows the list without paying for pages the user may not open.
"""

from __future__ import annotations

import gc
import logging
import time
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.changes import ChangeSet
from papershelf.gui.actions import CommandRegistry
from papershelf.gui.adding import AddingController
from papershelf.gui.change_watch import ChangeWatcher
from papershelf.gui.controllers.app_commands import AppCommands
from papershelf.gui.controllers.editing import EditController
from papershelf.gui.controllers.importing import ImportController
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.controllers.pages import PagesController
from papershelf.gui.controllers.resolving import ResolveController
from papershelf.gui.controllers.status import StatusController
from papershelf.gui.models.paper_table import COLUMNS, ROW_HEIGHT, PaperTableModel
from papershelf.gui.prefs import Preferences, load_overrides
from papershelf.gui.session import Session
from papershelf.gui.shell import Shell
from papershelf.gui.views.inbox_count import left_today
from papershelf.gui.widgets.details_pane import DetailsPane
from papershelf.gui.widgets.search_bar import SearchBar
from papershelf.gui.widgets.sidebar import Sidebar
from papershelf.gui.widgets.title_delegate import (
    PriorityDelegate,
    StatusDelegate,
    TitleDelegate,
    WordElideDelegate,
)
from papershelf.gui.widgets.toolbar import command_keys, dress_toolbar
from papershelf.gui.widgets.welcome import WelcomeView
from papershelf.library import Library

if TYPE_CHECKING:
    from papershelf.gui.controllers.discover import DiscoverController
    from papershelf.gui.controllers.duplicates import DuplicatesController
    from papershelf.gui.controllers.reader import ReaderController
    from papershelf.gui.reader.page import ReaderPage
    from papershelf.gui.views.duplicates import DuplicatesView
    from papershelf.gui.views.inbox import InboxView
    from papershelf.gui.views.stats import StatsView

_DELEGATES = {"title": TitleDelegate, "status": StatusDelegate, "priority": PriorityDelegate}

log = logging.getLogger(__name__)

LATER_PARTS = frozenset(
    (
        "inbox_view",
        "stats_view",
        "duplicates_view",
        "reader_page",
        "discover",
        "duplicates",
        "reader",
    )
)
"""The window's attributes built after its first paint (asking for one builds them)."""
UNPAINTED_MS = 1000
"""A window never painted (minimised, on no screen) builds the rest after this anyway."""


class MainWindow(QMainWindow):
    sig_switch_library = Signal(str)
    """The user chose another library folder: the app reopens the window on it."""

    sig_first_paint = Signal()
    """The window has painted once: what the first page does not need can start."""

    # Built by `_build_rest` (see LATER_PARTS).
    inbox_view: InboxView
    stats_view: StatsView
    duplicates_view: DuplicatesView
    reader_page: ReaderPage
    discover: DiscoverController
    duplicates: DuplicatesController
    reader: ReaderController

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._heap_frozen = False
        self._painted = False
        self.first_paint_was_painted = False
        self._rest_built = False
        self._building_rest = False
        self._closed = False
        self.lib = library
        self.setWindowTitle(f"Papershelf — {library.path.name}")
        self.setAcceptDrops(True)
        self.session = Session(library, self)
        self.tasks = self.session.tasks
        self._build_widgets()
        self.shell = Shell(
            window=self,
            session=self.session,
            table=self.table,
            model=self.model,
            sidebar=self.sidebar,
            details=self.details,
            search_bar=self.search_bar,
            stack=self.stack,
            welcome=self.welcome,
            pages=self.pages,
            status_label=self.status_label,
        )
        # The other pages' keys are added with their pages (`_build_rest`).
        self.registry = CommandRegistry(self, {"list": self.table}, load_overrides())
        dress_toolbar(self.registry)
        self.welcome.show_keys(partial(command_keys, self.registry))
        self.pages_ctl = PagesController(self.shell)
        self.lists = ListController(self.shell, self.pages_ctl)
        self.editing = EditController(self.shell, self.lists)
        self.adding = AddingController(self.shell, self.lists)
        self.importing = ImportController(self.shell, self.lists, self.adding)
        self.resolving = ResolveController(self.shell, self.lists)
        self.importing.resolving = self.resolving
        self.app_commands = AppCommands(self.shell, self.lists, self.registry)
        self.status_ctl = StatusController(self.shell)  # results clear after a while
        for controller in (
            self.pages_ctl,
            self.lists,
            self.editing,
            self.adding,
            self.importing,
            self.resolving,
            self.app_commands,
        ):
            self.registry.bind_all(controller.commands())
        # Until the rest is built, its commands build it first (menus and keys work at once).
        for command_id in self.registry.unbound():
            self.registry.bind(command_id, partial(self._run_later_command, command_id))
        self.app_commands.sig_switch_library.connect(self.sig_switch_library)
        # A first-paint widget whose handler is built later: asking for it builds it.
        self.welcome.sig_feeds.connect(lambda: self.discover.subscribe_from_welcome())
        self.lists.sig_selection.connect(self.registry.set_selection)
        self.session.sig_message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.session.sig_status.connect(self.status_label.setText)
        self.session.sig_error.connect(
            lambda exc: self.status_label.setText(self.session.error_html(exc))
        )
        self.session.sig_history.connect(self._update_undo_titles)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self.registry.context_menu(self).exec(
                self.table.viewport().mapToGlobal(pos)
            )
        )
        self._add_column_toggles()
        last_paper, hidden = self._restore_layout()
        if "sidebar" in hidden:
            self.sidebar.hide()
        if "details" in hidden:
            self.pages_ctl.hide_details()
        self.lists.refresh_counts()
        self._count_inbox()
        # The first page of the list; its other ids are listed one turn after the paint.
        # Where the user was: the paper selected when the window closed, if it is listed
        # on the first page (else the first paper, as before).
        self.lists.refresh(keep=[last_paper] if last_paper else None, first_page=True)
        self.sig_first_paint.connect(self.model.complete, Qt.ConnectionType.QueuedConnection)
        self._update_undo_titles()
        # The CLI or a script may write to this library while the window is open.
        self.watcher = ChangeWatcher(self.lib.change_seq, self)
        self.watcher.sig_changed.connect(self._on_external_change)
        self.session.sig_changed.connect(lambda _changes: self.watcher.acknowledge())
        self.adding.start()
        self.resolving.start()
        self.sig_first_paint.connect(self._build_rest, Qt.ConnectionType.QueuedConnection)
        self._unpainted = QTimer(self)
        self._unpainted.setSingleShot(True)
        self._unpainted.setInterval(UNPAINTED_MS)
        self._unpainted.timeout.connect(self._first_painted)

    @property
    def rest_built(self) -> bool:
        """Whether the parts built after the first paint exist (see the module docstring)."""
        return self._rest_built

    def _count_inbox(self) -> None:
        """The sidebar's Inbox count, before the Inbox page exists (it keeps it after)."""
        self.sidebar.set_inbox_count(left_today(self.lib.inbox_counts()))

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not set yet: a part built after the first paint is built now.
        if name in LATER_PARTS and self.__dict__.get("_rest_built") is False:
            self._build_rest()
            if name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(name)

    def _run_later_command(self, command_id: str) -> None:
        self._build_rest()
        if not self._rest_built:  # closing: the command's page is not coming
            return
        command = self.registry.commands[command_id]
        if command.handler is not None and command.enabled:
            command.handler()

    def _build_rest(self) -> None:
        """The pages the first paint does not show, and their controllers (once)."""
        if self._rest_built or self._building_rest or self._closed:
            return
        self._building_rest = True
        try:
            t0 = time.perf_counter()
            from papershelf.gui.controllers.discover import DiscoverController
            from papershelf.gui.controllers.duplicates import DuplicatesController
            from papershelf.gui.controllers.reader import ReaderController
            from papershelf.gui.reader.page import ReaderPage
            from papershelf.gui.views.duplicates import DuplicatesView
            from papershelf.gui.views.inbox import InboxView
            from papershelf.gui.views.stats import StatsView

            self.inbox_view = InboxView(self.session, self)
            self.stats_view = StatsView(self.lib.path, self)
            self.duplicates_view = DuplicatesView(self.lib, self)
            self.reader_page = ReaderPage(self)
            for page in (self.inbox_view, self.stats_view, self.duplicates_view, self.reader_page):
                self.pages.addWidget(page)
            self.registry.add_widgets(
                {
                    "inbox": self.inbox_view.table,
                    "stats": self.stats_view,
                    "duplicates": self.duplicates_view.table,
                    "reader": self.reader_page.view,
                }
            )
            self.discover = DiscoverController(self.shell, self.pages_ctl, self.lists)
            self.duplicates = DuplicatesController(self.shell, self.pages_ctl)
            self.reader = ReaderController(
                self.shell, self.reader_page, self.lists, self.pages_ctl, self.registry
            )
            for controller in (self.duplicates, self.discover, self.reader):
                self.registry.bind_all(controller.commands())
            self._rest_built = True
        finally:
            self._building_rest = False
        log.debug("the rest of the window built in %.3f s", time.perf_counter() - t0)

    def _build_widgets(self) -> None:
        self.search_bar = SearchBar(self)
        self.sidebar = Sidebar(self)
        self.model = PaperTableModel(self.lib)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Papers")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(False)
        self.table.setItemDelegate(WordElideDelegate(self.table))
        for i, col in enumerate(COLUMNS):
            if col.key in _DELEGATES:
                self.table.setItemDelegateForColumn(i, _DELEGATES[col.key](self.table))
        self.table.setShowGrid(False)
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
        # The title takes the room the other columns leave, so they fit without scrolling.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(28)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.details = DetailsPane(self)
        self.welcome = WelcomeView(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.welcome)
        self.pages = QStackedWidget(self)  # the other pages join it after the first paint
        self.pages.addWidget(self.stack)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.details)
        self.splitter.setSizes([200, 840, 400])
        self.splitter.setStretchFactor(1, 1)  # a wider or narrower window changes the list
        for pane in (0, 2):
            self.splitter.setStretchFactor(pane, 0)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.statusBar().addPermanentWidget(self.status_label)

    def _add_column_toggles(self) -> None:
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS[1:], start=1):
            action = QAction(col.title, header)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, i=i: self.table.setColumnHidden(i, not on))
            header.addAction(action)

    def _update_undo_titles(self) -> None:
        history = self.session.history
        for command_id, title, label, possible in (
            ("edit.undo", "&Undo", history.undo_label, history.can_undo),
            ("edit.redo", "&Redo", history.redo_label, history.can_redo),
        ):
            self.registry.commands[command_id].set_enabled(possible())
            self.registry.qaction(command_id).setText(f"{title} {label() or ''}".rstrip())

    def _on_external_change(self) -> None:
        """Another process changed the library: show it (a note being typed is kept)."""
        self.lib.notify_changed()  # in case that process could not update the index
        self.session.changed(ChangeSet.everything())

    # ------------------------------------------------------------------ used by the app
    def import_paths(self, paths: list[str]) -> None:
        self.importing.import_paths(paths)

    def load_sample(self) -> None:
        self.importing.load_sample()

    # ------------------------------------------------------------------ drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        links = [u.toString() for u in mime.urls() if not u.isLocalFile()]
        text = mime.text() if mime.hasText() else None
        self.importing.drop(files, links, text, self._paper_under(event.position().toPoint()))
        event.acceptProposedAction()

    def _paper_under(self, pos: QPoint) -> int | None:
        """The paper shown in the detail pane, if `pos` (window coordinates) is over it."""
        pane = self.details
        if not pane.isVisible() or not pane.rect().contains(pane.mapFrom(self, pos)):
            return None
        return pane.paper_id()

    # ------------------------------------------------------------------ lifecycle
    def _restore_layout(self) -> tuple[int | None, set[str]]:
        """Restore the window's layout; returns the paper it last showed and the hidden panes."""
        prefs = Preferences()
        geometry, splitter, columns = prefs.layout()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1440, 860)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        if not columns.isEmpty():
            self.table.horizontalHeader().restoreState(columns)
        return prefs.place(str(self.lib.path))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted:
            self._unpainted.start()
        if not self._heap_frozen:
            self._heap_frozen = True
            # What start-up built lives as long as the window. Out of the collector's
            # reach, a full collection on an import thread no longer holds the GIL for
            # 50-85 ms while the user edits (benchmarks/write_path.py).
            gc.freeze()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # The window paints its children in the same pass: once this returns, the first
            # page is on screen. What waits for it runs at the next turn of the event loop.
            self._first_painted(by_paint_event=True)

    def _first_painted(self, by_paint_event: bool = False) -> None:
        if not self._painted:
            self._painted = True
            self.first_paint_was_painted = by_paint_event  # else UNPAINTED_MS ran out
            self._unpainted.stop()
            self.sig_first_paint.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.details.note.flush()  # never lose the last keystrokes
        if self.details.note.unsaved_notes() and not self._close_losing_notes():
            event.ignore()
            return
        self._closed = True  # nothing is built after this
        self._unpainted.stop()
        self.watcher.stop()
        self.adding.stop()
        self.resolving.stop()
        if self._rest_built:
            self.discover.shutdown()
            self.reader.shutdown()
        hidden = {
            name
            for name, hidden in (
                ("sidebar", self.sidebar.isHidden()),
                ("details", not self.pages_ctl.details_wanted()),
            )
            if hidden
        }
        Preferences().save_layout(
            self.saveGeometry(),
            self.splitter.saveState(),
            self.table.horizontalHeader().saveState(),
            (str(self.lib.path), self.details.paper_id(), hidden),
        )
        self.lists.shutdown()
        self.session.close()
        super().closeEvent(event)

    def _close_losing_notes(self) -> bool:
        """Notes the library refused are still in memory: closing now would lose them."""
        from PySide6.QtWidgets import QMessageBox

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
