"""The sidebar: the Inbox, reading-status views with live counts, statistics, and tags."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from papershelf.core.models import ReadingStatus
from papershelf.core.query import SortKey

ROLE_VIEW = Qt.ItemDataRole.UserRole
ROLE_TAG = Qt.ItemDataRole.UserRole + 1
ROLE_SEARCH = Qt.ItemDataRole.UserRole + 2
ROLE_PAGE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class View:
    """What the list shows: a status (or all), a default order, or the trash."""

    key: str
    label: str
    status: ReadingStatus | None
    sort: SortKey
    trash: bool = False


VIEWS: tuple[View, ...] = (
    View("library", "Library", None, SortKey.ADDED),
    View("to-read", "To read", ReadingStatus.TO_READ, SortKey.PRIORITY),
    View("reading", "Reading", ReadingStatus.READING, SortKey.UPDATED),
    View("read", "Read", ReadingStatus.READ, SortKey.UPDATED),
    View("dropped", "Dropped", ReadingStatus.DROPPED, SortKey.UPDATED),
    View("trash", "Trash", None, SortKey.UPDATED, trash=True),
)


class Sidebar(QTreeWidget):
    sig_changed = Signal(object, list)
    """(View, [tag names]): the selection changed."""

    sig_tag_action = Signal(str, str)
    """(action, tag): "rename" or "delete" chosen from a tag's context menu."""

    sig_saved_search = Signal(str, str)
    """(action, name): "run", "rename" or "delete" a saved search."""

    sig_page = Signal(str)
    """"inbox", "duplicates" or "stats": a page other than the paper list was chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Sidebar")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._view_items: dict[str, QTreeWidgetItem] = {}
        self._page_items = {
            "inbox": QTreeWidgetItem(["Inbox"]),
            "duplicates": QTreeWidgetItem(["Duplicates"]),
            "stats": QTreeWidgetItem(["Statistics"]),
        }
        for key, item in self._page_items.items():
            item.setData(0, ROLE_PAGE, key)
        self.addTopLevelItem(self._page_items["inbox"])
        for view in VIEWS:
            item = QTreeWidgetItem([view.label])
            item.setData(0, ROLE_VIEW, view.key)
            self.addTopLevelItem(item)
            self._view_items[view.key] = item
        self.addTopLevelItem(self._page_items["duplicates"])
        self.addTopLevelItem(self._page_items["stats"])
        self._tags_root = QTreeWidgetItem(["Tags"])
        self._tags_root.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.addTopLevelItem(self._tags_root)
        self._tags_root.setExpanded(True)
        self._searches_root = QTreeWidgetItem(["Saved searches"])
        self._searches_root.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.addTopLevelItem(self._searches_root)
        self._searches_root.setExpanded(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.itemClicked.connect(self._on_clicked)
        self._view = VIEWS[0]
        self._view_items["library"].setSelected(True)
        self.itemSelectionChanged.connect(self._on_selection)

    def current_view(self) -> View:
        return self._view

    def selected_tags(self) -> list[str]:
        return [
            str(item.data(0, ROLE_TAG))
            for item in self.selectedItems()
            if item.data(0, ROLE_TAG) is not None
        ]

    def select_view(self, key: str) -> None:
        self.clearSelection()
        self._view_items[key].setSelected(True)
        self.setCurrentItem(self._view_items[key])

    def tags_root(self) -> QTreeWidgetItem:
        return self._tags_root

    def select_page(self, key: str) -> None:
        """Highlight "inbox", "duplicates" or "stats" without re-running the list's view."""
        self.blockSignals(True)
        self.clearSelection()
        self._page_items[key].setSelected(True)
        self.setCurrentItem(self._page_items[key])
        self.blockSignals(False)
        self.viewport().update()

    def set_inbox_count(self, n: int) -> None:
        self._page_items["inbox"].setText(0, f"Inbox  ({n:,})" if n else "Inbox")

    def set_counts(self, counts: dict[str, int], tags: list[tuple[str, int]]) -> None:
        """Live counts; the tag list is rebuilt, keeping the selection."""
        for view in VIEWS:
            n = counts.get(view.key, 0)
            self._view_items[view.key].setText(0, f"{view.label}  ({n:,})")
        selected = set(self.selected_tags())
        self.blockSignals(True)
        self._tags_root.takeChildren()
        for name, n in tags:
            child = QTreeWidgetItem([f"{name}  ({n:,})"])
            child.setData(0, ROLE_TAG, name)
            self._tags_root.addChild(child)
            child.setSelected(name in selected)
        self.blockSignals(False)

    def set_saved_searches(self, searches: list[tuple[str, str]]) -> None:
        self._searches_root.takeChildren()
        for name, query in searches:
            child = QTreeWidgetItem([name])
            child.setToolTip(0, query)
            child.setData(0, ROLE_SEARCH, name)
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self._searches_root.addChild(child)

    def _on_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        name = item.data(0, ROLE_SEARCH)
        if name is not None:
            self.sig_saved_search.emit("run", str(name))

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        tag = item.data(0, ROLE_TAG)
        search = item.data(0, ROLE_SEARCH)
        if tag is not None:
            menu.addAction(
                "Rename or merge tag…", lambda: self.sig_tag_action.emit("rename", str(tag))
            )
            menu.addAction("Delete tag", lambda: self.sig_tag_action.emit("delete", str(tag)))
        elif search is not None:
            menu.addAction("Rename…", lambda: self.sig_saved_search.emit("rename", str(search)))
            menu.addAction("Delete", lambda: self.sig_saved_search.emit("delete", str(search)))
        else:
            return
        menu.exec(self.viewport().mapToGlobal(pos))

    def _on_selection(self) -> None:
        items = self.selectedItems()
        pages = [i.data(0, ROLE_PAGE) for i in items if i.data(0, ROLE_PAGE) is not None]
        if pages and len(items) == 1:
            self.sig_page.emit(str(pages[0]))
            return
        if pages:  # a page does not combine with views or tags
            self.blockSignals(True)
            for item in items:
                if item.data(0, ROLE_PAGE) is not None:
                    item.setSelected(False)
            self.blockSignals(False)
            items = self.selectedItems()
        views = [i.data(0, ROLE_VIEW) for i in items if i.data(0, ROLE_VIEW) is not None]
        # Tags alone filter the whole library; Ctrl+click combines a view with tags.
        key = views[-1] if views else "library"
        self._view = next(v for v in VIEWS if v.key == key)
        self.sig_changed.emit(self._view, self.selected_tags())
