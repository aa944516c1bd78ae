"""PaperTableModel: the paper list as ids, with rows read from SQLite a batch at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from papershelf.core.models import Paper, ReadingStatus
from papershelf.core.query import SortKey
from papershelf.gui import icons
from papershelf.library import Library

if TYPE_CHECKING:
    from papershelf.core.results import Snippet

BATCH = 100
# Papers kept in memory: the rows around what is on screen, not every row ever shown.
CACHE_ROWS = 20 * BATCH
STATUS_LABELS = {
    ReadingStatus.TO_READ: "To read",
    ReadingStatus.READING: "Reading",
    ReadingStatus.READ: "Read",
    ReadingStatus.DROPPED: "Dropped",
}
ROW_HEIGHT = 30
"""A row of the list: room to breathe around one line of text."""
SNIPPET_ROW_HEIGHT = 46
"""A row during a search: the title and the "why it matched" line under it."""


class Roles(IntEnum):
    PAPER_ID = Qt.ItemDataRole.UserRole
    SNIPPET = Qt.ItemDataRole.UserRole + 1
    PROGRESS = Qt.ItemDataRole.UserRole + 2
    """(furthest page read, page count) of a paper opened in the reader, else None."""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort: SortKey | None
    width: int
    icon_only: bool = False
    """The header shows an icon (the title is its tooltip): a narrow column of icons."""
    sample: str = ""
    """The widest value the column shows, for a width that follows the text size."""


# The title takes what the others leave; together they fit the list pane of a 1280 px
# window without a horizontal scrollbar (tests/gui/test_look.py).
COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", SortKey.TITLE, 300),
    Column("authors", "Authors", None, 116),
    Column("year", "Year", SortKey.YEAR, 46, sample="8888"),
    Column("status", "Status", SortKey.STATUS, 34, icon_only=True),
    Column("priority", "Priority", SortKey.PRIORITY, 50, icon_only=True),
    Column("tags", "Tags", None, 104),
    Column("added", "Added", SortKey.ADDED, 84, sample="8888-88-88"),
)


def short_authors(authors: list[str]) -> str:
    """Author names short enough for a column: "Vaswani et al.", "Ho & Salimans"."""
    names = [a.split()[-1] if a.split() else a for a in authors]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return f"{names[0]} et al."


class PaperTableModel(QAbstractTableModel):
    """Rows are paper ids; a paper is read from the database the first time it is shown."""

    sig_sort_requested = Signal(object, bool)
    """(SortKey, descending): the user clicked a sortable column header."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._lib = library
        self._ids: list[int] = []
        """The listed ids: all rows, or the first page while `_rest` is pending."""
        self._count = 0
        """The rows shown (`rowCount`), known before the ids after the first page are."""
        self._rest: Callable[[], list[int]] | None = None
        self._rows: OrderedDict[int, Paper] = OrderedDict()
        self._snippets: dict[int, Snippet] = {}
        self._progress: dict[int, tuple[int, int]] = {}
        self.batches_fetched = 0

    # ------------------------------------------------------------------ contents
    def set_ids(
        self,
        ids: list[int],
        snippets: dict[int, Snippet] | None = None,
        *,
        total: int | None = None,
        rest: Callable[[], list[int]] | None = None,
    ) -> None:
        """Show `ids` in this order (sorting and filtering are done by the caller's query).

        With `total` and `rest`, `ids` are only the first of `total` rows and `rest()` lists
        them all, once a row after them is asked for or `complete()` runs: the window's first
        paint shows its first page without listing every id of a large library.
        """
        self.beginResetModel()
        self._ids = list(ids)
        partial = rest is not None and total is not None and total > len(self._ids)
        self._rest = rest if partial else None
        self._count = total if partial and total is not None else len(self._ids)
        self._rows.clear()
        self._progress.clear()
        self._snippets = dict(snippets or {})
        self.batches_fetched = 0  # database reads since the list was set (a diagnostic)
        self.endResetModel()

    def complete(self) -> None:
        """List every row now if only the first page is (the window's first paint is over)."""
        if self._rest is not None:
            self._take_rest(reset_now=True)

    def loaded_rows(self) -> int:
        """How many rows' ids are listed (fewer than `rowCount()` until `complete()`)."""
        return len(self._ids)

    def _full(self) -> list[int]:
        if self._rest is not None:
            # Inside a paint or a view's query: a reset must wait for the event loop.
            self._take_rest(reset_now=False)
        return self._ids

    def _take_rest(self, *, reset_now: bool) -> None:
        rest, self._rest = self._rest, None
        if rest is None:
            return
        ids = rest()
        head = len(self._ids)
        unchanged = len(ids) == self._count and ids[:head] == self._ids
        self._ids = ids
        if unchanged:
            return
        # Another process changed the library between the first page and the rest.
        if reset_now:
            self._resync()
        else:
            QTimer.singleShot(0, self._resync)

    def _resync(self) -> None:
        if self._rest is not None or self._count == len(self._ids):
            return  # listed again since (a new view or search), or already in step
        self.beginResetModel()
        self._count = len(self._ids)
        self._rows.clear()
        self._progress.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._full())

    def snippet(self, row: int) -> Snippet | None:
        """Why the paper in `row` matched the search (None outside a search)."""
        if row >= len(self._ids):
            self._full()
        if not 0 <= row < len(self._ids):
            return None
        return self._snippets.get(self._ids[row])

    def paper_id(self, row: int) -> int:
        if row >= len(self._ids):
            self._full()
        return self._ids[row]

    def row_of(self, paper_id: int) -> int | None:
        try:
            return self._ids.index(paper_id)
        except ValueError:
            if self._rest is None:
                return None
        try:
            return self._full().index(paper_id)
        except ValueError:
            return None

    def refresh(self, paper_ids: list[int]) -> None:
        """Reload changed papers and repaint their rows, without a reset.

        One pass over the list and one signal for the span of changed rows: an import that
        touches ten thousand papers must not cost ten thousand searches of the list.
        """
        wanted = set(paper_ids)
        for pid in wanted:
            self._rows.pop(pid, None)
            self._progress.pop(pid, None)
        rows = [row for row, pid in enumerate(self._full()) if pid in wanted]
        if rows:
            left = self.index(min(rows), 0)
            right = self.index(max(rows), len(COLUMNS) - 1)
            self.dataChanged.emit(left, right)

    def paper(self, row: int) -> Paper:
        if row >= len(self._ids):
            self._full()
        pid = self._ids[row]
        paper = self._rows.get(pid)
        if paper is None:
            start = row - row % BATCH
            batch = self._ids[start : start + BATCH]
            missing = [i for i in batch if i not in self._rows]
            self._progress.update(self._lib.reading_progress(missing))
            for p in self._lib.get_many(missing):
                self._rows[p.id] = p
            self.batches_fetched += 1
            while len(self._rows) > CACHE_ROWS:
                self._rows.popitem(last=False)
            paper = self._rows.get(pid)
            if paper is None:  # deleted by another process since the list was made
                raise LookupError(pid)
        return paper

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if column.icon_only and icons.available() else column.title
        if role == Qt.ItemDataRole.DecorationRole and column.icon_only:
            return icons.icon(column.key, icons.Tone.MUTED)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.title
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if index.row() >= len(self._ids):
            self._full()  # scrolled past the first page before the rest was listed
        if not 0 <= index.row() < len(self._ids):
            return None
        if role == Roles.PAPER_ID:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
            Roles.SNIPPET,
            Roles.PROGRESS,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        try:
            paper = self.paper(index.row())
        except LookupError:
            return None
        key = COLUMNS[index.column()].key
        progress = self._progress.get(paper.id) if key == "status" else None
        if role == Roles.PROGRESS:
            return self._progress.get(paper.id)
        if progress is not None and role == Qt.ItemDataRole.ToolTipRole:
            return f"{STATUS_LABELS[paper.status]} · read to page {progress[0]} of {progress[1]}"
        if role == Roles.SNIPPET:
            return self._snippets.get(paper.id) if key == "title" else None
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.status_icon(paper.status) if key == "status" else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key in ("year", "priority", "status"):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(paper, key)
        if progress is not None:
            return f"{_display(paper, key)} {progress[0]}/{progress[1]}"
        return _display(paper, key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the window re-runs its query in the database's order."""
        sort = COLUMNS[column].sort
        if sort is not None:
            self.sig_sort_requested.emit(sort, order == Qt.SortOrder.DescendingOrder)


def _tooltip(paper: Paper, key: str) -> str | None:
    if key == "title":
        return paper.title
    if key == "authors":
        return ", ".join(paper.authors)
    if key == "status":
        return STATUS_LABELS[paper.status]
    if key == "priority":
        return f"Priority {paper.priority} of 3" if paper.priority else "No priority"
    if key == "tags":
        return ", ".join(paper.tags) or None
    return None


def _display(paper: Paper, key: str) -> str:
    if key == "title":
        return paper.title
    if key == "authors":
        return short_authors(paper.authors)
    if key == "year":
        return str(paper.year) if paper.year else ""
    if key == "status":
        return STATUS_LABELS[paper.status]
    if key == "priority":
        return "★" * paper.priority
    if key == "tags":
        return ", ".join(paper.tags)
    if key == "added":
        return paper.added_at[:10]
    return ""
