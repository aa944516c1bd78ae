"""The sidebar: sections of views with live counts (Library, Reading, Feeds, Tags, searches).

Each row is an icon, a name cut at a word boundary (the whole name is its tooltip) and a
muted count on the right (`SidebarDelegate`); section headers are small capitals that a
click folds.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from papershelf.core.models import ReadingStatus
from papershelf.core.query import SortKey
from papershelf.gui import icons
from papershelf.gui.pyside_workarounds import viewport
from papershelf.gui.widgets.elide import elide_words

ROLE_VIEW = Qt.ItemDataRole.UserRole
ROLE_TAG = Qt.ItemDataRole.UserRole + 1
ROLE_SEARCH = Qt.ItemDataRole.UserRole + 2
ROLE_PAGE = Qt.ItemDataRole.UserRole + 3
ROLE_COUNT = Qt.ItemDataRole.UserRole + 4
"""The number shown right-aligned (None: no number)."""
ROLE_HEADER = Qt.ItemDataRole.UserRole + 5
"""True on a section header."""
ROLE_ICON = Qt.ItemDataRole.UserRole + 6
"""The `icons` key of the row's icon."""

SECTIONS = (
    ("library", "Library"),
    ("reading", "Reading"),
    ("feeds", "Feeds"),
    ("tags", "Tags"),
    ("searches", "Saved searches"),
)
ROW = 26
HEADER = 30


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

    sig_leave = Signal()
    """Esc or Enter: the keys go to the page shown (the list, the Inbox…)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Sidebar")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)  # the delegate cuts at words
        viewport(self).setBackgroundRole(QPalette.ColorRole.Window)
        self.setItemDelegate(SidebarDelegate(self))
        self._sections = {key: _header(self, title) for key, title in SECTIONS}
        self._view_items: dict[str, QTreeWidgetItem] = {}
        self._page_items = {
            "inbox": _row(self._sections["feeds"], "Inbox", "inbox"),
            "duplicates": QTreeWidgetItem(["Duplicates"]),
            "stats": QTreeWidgetItem(["Statistics"]),
        }
        for key, item in self._page_items.items():
            item.setData(0, ROLE_PAGE, key)
        for view in VIEWS:
            section = "library" if view.status is None else "reading"
            if view.key == "trash":  # below the pages of the library
                continue
            self._view_items[view.key] = _row(self._sections[section], view.label, view.key)
            self._view_items[view.key].setData(0, ROLE_VIEW, view.key)
        library = self._sections["library"]
        for key, icon in (("duplicates", "duplicates"), ("stats", "stats")):
            item = self._page_items[key]
            item.setData(0, ROLE_ICON, icon)
            library.addChild(item)
        trash = _row(library, "Trash", "trash")
        trash.setData(0, ROLE_VIEW, "trash")
        self._view_items["trash"] = trash
        self._tags_root = self._sections["tags"]
        self._searches_root = self._sections["searches"]
        for header in self._sections.values():
            header.setExpanded(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.itemClicked.connect(self._on_clicked)
        self._view = VIEWS[0]
        self._moving_by_keys = False
        self._view_items["library"].setSelected(True)
        self.itemSelectionChanged.connect(self._on_selection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            name = item.data(0, ROLE_SEARCH) if item is not None else None
            if key != Qt.Key.Key_Escape and name is not None:
                self.sig_saved_search.emit("run", str(name))  # as a click on it
            self.sig_leave.emit()
            return
        self._moving_by_keys = True
        try:
            super().keyPressEvent(event)
        finally:
            self._moving_by_keys = False

    def moving_by_keys(self) -> bool:
        """Whether the arrow keys are choosing the view (the focus stays in the sidebar)."""
        return self._moving_by_keys

    def current_view(self) -> View:
        return self._view

    def selected_tags(self) -> list[str]:
        return [
            str(item.data(0, ROLE_TAG))
            for item in self.selectedItems()
            if item.data(0, ROLE_TAG) is not None
        ]

    def select_view(self, key: str) -> None:
        """Highlight one view and announce it once.

        The selection flag is explicit: with no flag Qt reads the keyboard modifiers, and
        the Ctrl of Ctrl+L toggled the view off, leaving none highlighted (issue 19).
        """
        self.blockSignals(True)  # clearing first must not announce an interim "library"
        self.setCurrentItem(
            self._view_items[key], 0, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.blockSignals(False)
        self._on_selection()

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
        self._page_items["inbox"].setData(0, ROLE_COUNT, n or None)

    def set_counts(self, counts: dict[str, int], tags: list[tuple[str, int]]) -> None:
        """Live counts; the tag list is rebuilt, keeping the selection."""
        for view in VIEWS:
            n = counts.get(view.key, 0)
            self._view_items[view.key].setData(0, ROLE_COUNT, n or None)
        selected = set(self.selected_tags())
        self.blockSignals(True)
        self._tags_root.takeChildren()
        for name, n in tags:
            child = _row(self._tags_root, name, "tag", n)
            child.setToolTip(0, f"{name} — {n:,} paper{'' if n == 1 else 's'}")
            child.setData(0, ROLE_TAG, name)
            child.setSelected(name in selected)
        self.blockSignals(False)
        self._tags_root.setHidden(not tags)

    def set_saved_searches(self, searches: list[tuple[str, str]]) -> None:
        self._searches_root.takeChildren()
        for name, query in searches:
            child = _row(self._searches_root, name, "saved-search")
            child.setToolTip(0, query)
            child.setData(0, ROLE_SEARCH, name)
            child.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self._searches_root.setHidden(not searches)

    def count_of(self, key: str) -> int | None:
        """The number shown beside a view ("library", "to-read", …), a page ("inbox") or a tag."""
        item = self._view_items.get(key) or self._page_items.get(key)
        if item is None:
            tags = (self._tags_root.child(i) for i in range(self._tags_root.childCount()))
            item = next((t for t in tags if t is not None and t.data(0, ROLE_TAG) == key), None)
        value = item.data(0, ROLE_COUNT) if item is not None else None
        return int(value) if value is not None else None

    def section_titles(self) -> list[str]:
        """The headers on screen, in order (sections without rows are hidden)."""
        return [str(h.text(0)) for h in self._sections.values() if not h.isHidden()]

    def _on_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, ROLE_HEADER):
            item.setExpanded(not item.isExpanded())
            return
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


def _header(tree: QTreeWidget, title: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([title])
    item.setData(0, ROLE_HEADER, True)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setSizeHint(0, QSize(0, HEADER))
    tree.addTopLevelItem(item)
    return item


def _row(
    parent: QTreeWidgetItem, label: str, icon: str, count: int | None = None
) -> QTreeWidgetItem:
    item = QTreeWidgetItem([label])
    item.setData(0, ROLE_ICON, icon)
    item.setData(0, ROLE_COUNT, count or None)
    parent.addChild(item)
    return item


class SidebarDelegate(QStyledItemDelegate):
    """A row: icon, name cut at a word boundary, muted count on the right; or a header."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        header = bool(index.data(ROLE_HEADER))
        return QSize(120, HEADER if header else ROW)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        palette = opt.palette
        rect = opt.rect
        text = opt.text
        if index.data(ROLE_HEADER):
            font = QFont(opt.font)
            font.setPointSizeF(opt.font.pointSizeF() * 0.82)
            font.setBold(True)
            font.setCapitalization(QFont.Capitalization.AllUppercase)
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
            painter.save()
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            box = rect.adjusted(12, 8, -8, 0)
            painter.drawText(
                box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
            )
            painter.restore()
            return
        opt.text = ""
        opt.icon = QIcon()
        widget: QWidget | None = opt.widget  # None when painted outside a view
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        mode = QIcon.Mode.Selected if selected else QIcon.Mode.Normal
        key = index.data(ROLE_ICON)
        left = rect.left() + 12
        if key:
            tone = icons.Tone.MUTED if key in ("tag", "saved-search") else icons.Tone.TEXT
            box = QRect(left, rect.center().y() - 8 + 1, 16, 16)
            icons.icon(str(key), tone).paint(painter, box, Qt.AlignmentFlag.AlignCenter, mode)
            left += 24
        count = index.data(ROLE_COUNT)
        number = f"{int(count):,}" if count is not None else ""
        metrics = opt.fontMetrics
        number_width = metrics.horizontalAdvance(number) if number else 0
        right = rect.right() - 10
        label_room = right - left - (number_width + 10 if number else 0)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(palette.color(role))
        label_box = QRect(left, rect.top(), max(0, label_room), rect.height())
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(label_box, align, elide_words(text, metrics, label_room))
        if number:
            muted = palette.color(role if selected else QPalette.ColorRole.PlaceholderText)
            painter.setPen(muted)
            number_box = QRect(right - number_width, rect.top(), number_width, rect.height())
            painter.drawText(
                number_box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), number
            )
        painter.restore()
