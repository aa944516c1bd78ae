"""The Inbox list model: item ids in order, items fetched by id in batches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from papershelf.core.inbox import InboxItem, ItemState
from papershelf.library import Library

BATCH = 100


class Roles(IntEnum):
    ITEM_ID = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


COLUMNS = (
    Column("title", "Title", 400),  # stretches; "★ " marks an item saved for later
    Column("authors", "Authors", 150),
    Column("sources", "Sources", 90),
    Column("upvotes", "▲", 40, Qt.AlignmentFlag.AlignRight),
    Column("published", "Published", 86),
)
LATER_MARK = "★ "


def short_authors(authors: Sequence[str]) -> str:
    """Surnames, e.g. "Ho, Jain et al.": enough to recognise a group."""
    surnames = [a.split(",")[0].strip() if "," in a else a.split()[-1] for a in authors if a]
    if len(surnames) <= 2:
        return ", ".join(surnames)
    return f"{surnames[0]}, {surnames[1]} et al."


def source_label(item: InboxItem) -> str:
    """E.g. "HF Daily · arXiv cs.LG": short names, in the order the sources offered it."""
    names = []
    for s in item.sources:
        name = "HF Daily" if s.kind.value == "daily-papers" else s.name
        if name not in names:
            names.append(name)
    return " · ".join(names)


class InboxModel(QAbstractTableModel):
    """Ids of open items; rows are read on demand (`get_many`) and cached until a reset."""

    def __init__(self, lib: Library) -> None:
        super().__init__()
        self._lib = lib
        self._ids: list[int] = []
        self._cache: dict[int, InboxItem] = {}
        self._seen: set[int] = set()  # marked seen here, before the writer lane confirms it

    # ------------------------------------------------------------------ contents
    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def item_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, item_id: int) -> int | None:
        try:
            return self._ids.index(item_id)
        except ValueError:
            return None

    def item(self, row: int) -> InboxItem | None:
        from papershelf.library.inbox import inbox_items

        if not 0 <= row < len(self._ids):
            return None
        item_id = self._ids[row]
        if item_id not in self._cache:
            start = row - row % BATCH
            for it in inbox_items(self._lib, self._ids[start : start + BATCH]):
                self._cache[it.id] = it
        return self._cache.get(item_id)

    def remove(self, item_ids: Sequence[int]) -> None:
        """Take items out of the list at once (a triage is on its way to the database)."""
        gone = set(item_ids)
        for row in reversed(range(len(self._ids))):
            if self._ids[row] in gone:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                self.endRemoveRows()

    def refresh(self, item_ids: Sequence[int]) -> None:
        """Re-read these items (their state or seen flag changed) and repaint their rows."""
        for item_id in item_ids:
            self._cache.pop(item_id, None)
            row = self.row_of(item_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def mark_seen(self, item_id: int) -> None:
        self._seen.add(item_id)
        self.refresh([item_id])

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section].key == "upvotes":
                return "Hugging Face upvotes"
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Roles.ITEM_ID:
            return self._ids[index.row()]
        item = self.item(index.row())
        if item is None:
            return None
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, key)
        if role == Qt.ItemDataRole.FontRole and not self.is_seen(item):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return COLUMNS[index.column()].align | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "title" and item.state is ItemState.LATER:
                return f"{item.draft.title} (saved for later)"
            if key == "authors":
                return ", ".join(item.draft.authors)
            return self._display(item, key) or None
        return None

    def is_seen(self, item: InboxItem) -> bool:
        return item.seen or item.id in self._seen

    @staticmethod
    def _display(item: InboxItem, key: str) -> str:
        if key == "title":
            mark = LATER_MARK if item.state is ItemState.LATER else ""
            return f"{mark}{item.draft.title}"
        if key == "authors":
            return short_authors(item.draft.authors)
        if key == "sources":
            return source_label(item)
        if key == "upvotes":
            return "" if item.hf_upvotes is None else str(item.hf_upvotes)
        if key == "published":
            return (item.published or "")[:10]
        return ""
