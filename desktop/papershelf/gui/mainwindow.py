"""The main window: layout and wiring. Each area's rules live in its controller."""

from __future__ import annotations

import gc
from functools import partial

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
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
from papershelf.gui.controllers.discover import DiscoverController
from papershelf.gui.controllers.duplicates import DuplicatesController
from papershelf.gui.controllers.editing import EditController
from papershelf.gui.controllers.importing import ImportController
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.controllers.pages import PagesController
from papershelf.gui.controllers.reader import ReaderController
from papershelf.gui.controllers.resolving import ResolveController
from papershelf.gui.controllers.status import StatusController
from papershelf.gui.dialogs.preferences import Preferences
from papershelf.gui.dialogs.shortcuts import load_overrides
from papershelf.gui.models.paper_table import COLUMNS, ROW_HEIGHT, PaperTableModel
from papershelf.gui.reader.page import ReaderPage
from papershelf.gui.session import Session
from papershelf.gui.shell import Shell
from papershelf.gui.views.duplicates import DuplicatesView
from papershelf.gui.views.inbox import InboxView
from papershelf.gui.views.stats import StatsView
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

_DELEGATES = {"title": TitleDelegate, "status": StatusDelegate, "priority": PriorityDelegate}


class MainWindow(QMainWindow):
    sig_switch_library = Signal(str)
    """The user chose another library folder: the app reopens the window on it."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._heap_frozen = False
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
            inbox_view=self.inbox_view,
            stats_view=self.stats_view,
            duplicates_view=self.duplicates_view,
            status_label=self.status_label,
        )
        self.registry = CommandRegistry(
            self,
            {
                "list": self.table,
                "inbox": self.inbox_view.table,
                "stats": self.stats_view,
                "duplicates": self.duplicates_view.table,
                "reader": self.reader_page.view,
            },
            load_overrides(),
        )
        dress_toolbar(self.registry)
        self.welcome.show_keys(partial(command_keys, self.registry))
        self.pages_ctl = PagesController(self.shell)
        self.lists = ListController(self.shell, self.pages_ctl)
        self.editing = EditController(self.shell, self.lists)
        self.adding = AddingController(self.shell, self.lists)
        self.importing = ImportController(self.shell, self.lists, self.adding)
        self.resolving = ResolveController(self.shell, self.lists)
        self.importing.resolving = self.resolving
        self.discover = DiscoverController(self.shell, self.pages_ctl, self.lists)
        self.app_commands = AppCommands(self.shell, self.lists, self.registry)
        self.status_ctl = StatusController(self.shell)  # results clear after a while
        self.duplicates = DuplicatesController(self.shell, self.pages_ctl)
        self.reader = ReaderController(
            self.shell, self.reader_page, self.lists, self.pages_ctl, self.registry
        )
        for controller in (
            self.pages_ctl,
            self.duplicates,
            self.lists,
            self.editing,
            self.adding,
            self.importing,
            self.resolving,
            self.discover,
            self.app_commands,
            self.reader,
        ):
            self.registry.bind_all(controller.commands())
        self.app_commands.sig_switch_library.connect(self.sig_switch_library)
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
        self._restore_layout()
        self.lists.refresh_counts()
        self.lists.refresh()
        self._update_undo_titles()
        # The CLI or a script may write to this library while the window is open.
        self.watcher = ChangeWatcher(self.lib.change_seq, self)
        self.watcher.sig_changed.connect(self._on_external_change)
        self.session.sig_changed.connect(lambda _changes: self.watcher.acknowledge())
        self.adding.start()
        self.resolving.start()

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
        self.inbox_view = InboxView(self.session, self)
        self.stats_view = StatsView(self.lib.path, self)
        self.duplicates_view = DuplicatesView(self.lib, self)
        self.reader_page = ReaderPage(self)
        self.pages = QStackedWidget(self)
        for page in (
            self.stack,
            self.inbox_view,
            self.stats_view,
            self.duplicates_view,
            self.reader_page,
        ):
            self.pages.addWidget(page)
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
    def _restore_layout(self) -> None:
        geometry, splitter, columns = Preferences().layout()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1440, 860)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        if not columns.isEmpty():
            self.table.horizontalHeader().restoreState(columns)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._heap_frozen:
            self._heap_frozen = True
            # What start-up built lives as long as the window. Out of the collector's
            # reach, a full collection on an import thread no longer holds the GIL for
            # 50-85 ms while the user edits (benchmarks/write_path.py).
            gc.freeze()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.details.note.flush()  # never lose the last keystrokes
        if self.details.note.unsaved_notes() and not self._close_losing_notes():
            event.ignore()
            return
        self.watcher.stop()
        self.adding.stop()
        self.resolving.stop()
        self.discover.shutdown()
        self.reader.shutdown()
        Preferences().save_layout(
            self.saveGeometry(),
            self.splitter.saveState(),
            self.table.horizontalHeader().saveState(),
        )
        self.lists.shutdown()
        self.session.close()
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
