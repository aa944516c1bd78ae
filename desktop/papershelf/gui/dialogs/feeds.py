"""The Feeds dialog: subscribe to Daily Papers, an arXiv category or any RSS/Atom URL."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.errors import PapershelfError
from papershelf.core.inbox import Feed, FeedKind
from papershelf.library import Library
from papershelf.library.inbox import list_feeds

KINDS = (
    ("Hugging Face Daily Papers", "daily-papers", ""),
    ("arXiv category", "arxiv:", "e.g. cs.LG, cs.CV, stat.ML"),
    ("RSS or Atom feed", "", "https://…"),
)
HEADERS = ("Name", "Source", "Filters", "Last fetch", "New", "Last error")


def feed_spec(kind: int, text: str) -> str:
    """The `feeds add` spec for the form's choice: daily-papers, arxiv:CAT or the URL."""
    _label, prefix, _hint = KINDS[kind]
    if prefix == "daily-papers":
        return prefix
    return f"{prefix}{text.strip()}"


def _source(feed: Feed) -> str:
    if feed.kind is FeedKind.DAILY_PAPERS:
        return "daily-papers"
    return f"arxiv:{feed.arg}" if feed.kind is FeedKind.ARXIV else feed.arg


def _filters(feed: Feed) -> str:
    parts = []
    if feed.include:
        parts.append(f"include: {feed.include}")
    if feed.exclude:
        parts.append(f"exclude: {feed.exclude}")
    return "; ".join(parts)


class FeedsDialog(QDialog):
    sig_fetch = Signal()
    """Fetch every feed now."""

    sig_changed = Signal()
    """A feed was added or removed (removing takes its new items out of the Inbox)."""

    def __init__(self, lib: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lib = lib
        self.setWindowTitle("Feeds")
        self.resize(860, 440)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Feeds")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch
        )

        self.kind = QComboBox(self)
        self.kind.addItems([k[0] for k in KINDS])
        self.kind.setAccessibleName("Kind of feed")
        self.arg = QLineEdit(self)
        self.arg.setAccessibleName("Category or URL")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("optional")
        self.include = QLineEdit(self)
        self.include.setPlaceholderText('optional query, e.g. diffusion OR "flow matching"')
        self.exclude = QLineEdit(self)
        self.exclude.setPlaceholderText("optional query, e.g. survey")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        add = QPushButton("Add feed", self)
        add.clicked.connect(self.add)
        for edit in (self.arg, self.name, self.include, self.exclude):
            edit.returnPressed.connect(self.add)
        self.kind.currentIndexChanged.connect(self._on_kind)
        form = QFormLayout()
        form.addRow("Source", self.kind)
        form.addRow("Category or URL", self.arg)
        form.addRow("Name", self.name)
        form.addRow("Include", self.include)
        form.addRow("Exclude", self.exclude)

        remove = QPushButton("Remove selected", self)
        remove.clicked.connect(self.remove_selected)
        fetch = QPushButton("Fetch all now", self)
        fetch.clicked.connect(self.sig_fetch.emit)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(remove)
        buttons.addWidget(fetch)
        buttons.addStretch(1)
        buttons.addWidget(add)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._on_kind(0)
        self.reload()

    def _on_kind(self, index: int) -> None:
        hint = KINDS[index][2]
        self.arg.setEnabled(bool(hint))
        self.arg.setPlaceholderText(hint or "(nothing to fill in)")

    def reload(self) -> None:
        """Show every feed with its last fetch and last error."""
        feeds = list_feeds(self._lib)
        self.table.setRowCount(len(feeds))
        for row, feed in enumerate(feeds):
            values = (
                feed.name,
                _source(feed),
                _filters(feed),
                (feed.last_fetch_at or "never")[:16].replace("T", " "),
                "" if feed.last_new is None else str(feed.last_new),
                feed.last_error or "",
            )
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if col == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, feed.id)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()

    def feed_errors(self) -> dict[str, str]:
        """Feed name → last error, as the table shows them."""
        out = {}
        for row in range(self.table.rowCount()):
            name, error = self.table.item(row, 0), self.table.item(row, len(HEADERS) - 1)
            if name is not None and error is not None and error.text():
                out[name.text()] = error.text()
        return out

    def add(self) -> None:
        from papershelf.library import ops

        spec = feed_spec(self.kind.currentIndex(), self.arg.text())
        try:
            feed = (
                ops.AddFeed(
                    spec,
                    name=self.name.text().strip() or None,
                    include=self.include.text().strip() or None,
                    exclude=self.exclude.text().strip() or None,
                )
                .apply(self._lib)
                .value
            )
        except PapershelfError as exc:
            self._show_error(str(exc))
            return
        self.error.clear()
        for edit in (self.arg, self.name, self.include, self.exclude):
            edit.clear()
        self.reload()
        self.sig_changed.emit()
        self.error.setText(f"Subscribed to {html.escape(feed.name)}; fetching it now.")
        self.sig_fetch.emit()

    def remove_selected(self) -> None:
        from papershelf.library import ops

        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        cells = [self.table.item(r, 0) for r in rows]
        ids = [int(c.data(Qt.ItemDataRole.UserRole)) for c in cells if c is not None]
        try:
            for feed_id in ids:
                ops.RemoveFeed(feed_id).apply(self._lib)
        except PapershelfError as exc:
            self._show_error(str(exc))
        self.reload()
        if ids:
            self.sig_changed.emit()

    def _show_error(self, text: str) -> None:
        self.error.setText(f'<span style="color:#c62828">{html.escape(text)}</span>')
