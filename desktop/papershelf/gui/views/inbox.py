"""The Inbox page: new candidates from the feeds, triaged with single keys."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.inbox import FeedKind, InboxItem, ItemState
from papershelf.core.results import Hit
from papershelf.gui.models.paper_table import ROW_HEIGHT
from papershelf.gui.session import Session
from papershelf.gui.tasks import TaskRunner
from papershelf.gui.views.inbox_count import left_today
from papershelf.gui.views.inbox_model import COLUMNS, InboxModel, source_label
from papershelf.gui.widgets.safe_browser import SafeTextBrowser
from papershelf.gui.widgets.title_delegate import WordElideDelegate

if TYPE_CHECKING:
    from papershelf.library.inbox import (
        TriageAction,
    )
    from papershelf.library.ops import OpResult

COLLAPSED_CHARS = 320
SETTLE_MS = 150  # the selection rests this long before related papers are looked up


def item_url(item: InboxItem) -> str | None:
    """The page `o` opens: the HF paper page for Daily Papers items, else arXiv, link, DOI."""
    d = item.draft
    if d.arxiv_id:
        if any(s.kind is FeedKind.DAILY_PAPERS for s in item.sources):
            return f"https://huggingface.co/papers/{d.arxiv_id}"
        return f"https://arxiv.org/abs/{d.arxiv_id}"
    # A feed is someone else's data: only web links are opened (never file:, smb:, or a
    # Windows share, which would leak credentials or run something).
    if d.url and d.url.lower().startswith(("https://", "http://")):
        return d.url
    if d.doi:
        return f"https://doi.org/{d.doi}"
    return None


class TagCompleter(QCompleter):
    """Completes the tag after the last comma, keeping the ones typed before it."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__([], edit)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        edit.setCompleter(self)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        head = self._edit.text().rsplit(",", 1)
        done = f"{head[0]}, " if len(head) > 1 else ""
        return f"{done}{index.data()}"

    def set_names(self, names: Sequence[str]) -> None:
        self.model().setStringList(list(names))  # type: ignore[attr-defined]


class InboxView(QWidget):
    sig_library_changed = Signal()
    """Papers were added (or an add undone): the window refreshes its list and counts."""

    sig_count = Signal(int)
    """How many items are left to decide (the sidebar's "Inbox (N)")."""

    sig_message = Signal(str)
    """A short note for the status bar."""

    sig_open_paper = Signal(int)
    """A related library paper was chosen: show it in the library."""

    sig_fetch = Signal()
    sig_feeds = Signal()
    sig_subscribe = Signal()
    """The empty Inbox's one-click "Subscribe to Hugging Face Daily Papers"."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        lib = session.lib
        self._lib = lib
        self._session = session
        session.sig_undone.connect(self._on_undone)
        session.sig_redone.connect(self._on_redone)
        self.lane = session.writes  # the window's one write lane: triage in the user's order
        self._tasks = TaskRunner(self)
        self._pending: set[int] = set()  # triaged here, not yet written by the lane
        self._expanded = False
        self._tag_targets: list[int] = []
        self._related_request = 0
        self._closed = False
        self._shown: InboxItem | None = None
        self.last_left = 0

        self.model = InboxModel(lib)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Inbox")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)  # as the paper list
        self.table.setShowGrid(False)
        self.table.setItemDelegate(WordElideDelegate(self.table))  # "…" at a word boundary
        for i, col in enumerate(COLUMNS):
            self.table.setColumnWidth(i, col.width)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        title = QLabel("Inbox", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.counter = QLabel(self)
        self.counter.setAccessibleName("Left today")
        self.fetch_status = QLabel(self)
        self.fetch_status.setAccessibleName("Feed status")
        self.fetch_status.setTextFormat(Qt.TextFormat.RichText)
        self.fetch_status.linkActivated.connect(lambda _link: self.sig_feeds.emit())
        fetch = QPushButton("Fetch now", self)
        fetch.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        fetch.clicked.connect(self.sig_fetch.emit)
        feeds = QPushButton("Feeds…", self)
        feeds.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        feeds.clicked.connect(self.sig_feeds.emit)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.counter)
        header.addStretch(1)
        header.addWidget(self.fetch_status)
        header.addWidget(fetch)
        header.addWidget(feeds)

        self.tag_editor = QLineEdit(self)
        self.tag_editor.setPlaceholderText("tags, comma separated — Enter adds, Esc cancels")
        self.tag_editor.setAccessibleName("Tags for the added papers")
        self.tag_completer = TagCompleter(self.tag_editor)
        self.tag_editor.returnPressed.connect(self._confirm_tags)
        self.tag_editor.installEventFilter(self)
        self._tag_row = QWidget(self)
        tag_layout = QHBoxLayout(self._tag_row)
        tag_layout.setContentsMargins(0, 0, 0, 0)
        tag_layout.addWidget(QLabel("Add with tags:", self))
        tag_layout.addWidget(self.tag_editor, 1)
        self._tag_row.hide()

        self.item_title = QLabel(self)
        self.item_title.setWordWrap(True)
        self.item_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tfont = self.item_title.font()
        tfont.setPointSizeF(tfont.pointSizeF() * 1.2)
        tfont.setBold(True)
        self.item_title.setFont(tfont)
        self.item_meta = QLabel(self)
        self.item_meta.setWordWrap(True)
        self.item_meta.setTextFormat(Qt.TextFormat.RichText)
        self.item_meta.setOpenExternalLinks(True)
        self.abstract = SafeTextBrowser(self)  # feed text: no remote images
        self.abstract.setAccessibleName("Abstract")
        self.abstract.setOpenLinks(False)
        self.related_label = QLabel("Closest in your library:", self)
        self.related = QListWidget(self)
        self.related.setAccessibleName("Closest in your library")
        self.related.setMaximumHeight(130)
        self.related.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.related.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.related.itemActivated.connect(self._on_related_chosen)
        self.related.itemClicked.connect(self._on_related_chosen)
        detail = QWidget(self)
        dlayout = QVBoxLayout(detail)
        dlayout.setContentsMargins(6, 0, 0, 0)
        dlayout.addWidget(self.item_title)
        dlayout.addWidget(self.item_meta)
        self.subscribe = QPushButton("Subscribe to Hugging Face Daily Papers", self)
        self.subscribe.clicked.connect(self.sig_subscribe.emit)
        self.subscribe.hide()
        dlayout.addWidget(self.subscribe, 0, Qt.AlignmentFlag.AlignLeft)
        dlayout.addWidget(self.abstract, 1)
        dlayout.addWidget(self.related_label)
        dlayout.addWidget(self.related)

        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setSizes([820, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(header)
        layout.addWidget(self._tag_row)
        layout.addWidget(self.splitter, 1)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.show_item(None)

    # ------------------------------------------------------------------ contents
    def reload(self, keep: Sequence[int] | None = None) -> None:
        """Re-read the Inbox from the database, keeping the current item if it is still there."""
        from papershelf.library.inbox import inbox_ids

        if self._closed:
            return
        keep = list(keep) if keep else self.selected_ids()
        ids = [i for i in inbox_ids(self._lib) if i not in self._pending]
        self.model.set_ids(ids)
        shown = set(ids)
        self.select([i for i in keep if i in shown] or ids[:1])
        self.update_counter()

    def update_counter(self) -> None:
        from papershelf.library.inbox import inbox_counts

        counts = inbox_counts(self._lib)
        self.last_left = left_today(counts)
        text = f"{self.last_left} left today"
        if counts["later"]:
            text += f" · {counts['later']} saved for later"
        self.counter.setText(text)
        self.sig_count.emit(self.last_left)

    def set_tag_names(self, names: Sequence[str]) -> None:
        self.tag_completer.set_names(names)

    def set_fetch_status(self, text: str) -> None:
        self.fetch_status.setText(text)

    def close_lane(self) -> None:
        """The window is closing: late results are ignored (the session ends the lane)."""
        self._closed = True

    # ------------------------------------------------------------------ selection
    def select(self, ids: Sequence[int]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        first = True
        for item_id in ids:
            row = self.model.row_of(item_id)
            if row is None:
                continue
            index = self.model.index(row, 0)
            if first:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                first = False
            sel.select(
                index,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        if first:
            self.show_item(None)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.item_id(r) for r in rows if r < self.model.rowCount()]

    def current_id(self) -> int | None:
        row = self.table.currentIndex().row()
        return self.model.item_id(row) if 0 <= row < self.model.rowCount() else None

    def step(self, delta: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        row = max(0, min(rows - 1, (current if current >= 0 else -1) + delta))
        self.select([self.model.item_id(row)])

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_item(self.model.item(current.row()) if current.isValid() else None)
        self._settle.start()

    def _on_settled(self) -> None:
        from papershelf.library.ops import MarkSeen

        item_id = self.current_id()
        if item_id is None or self._closed:
            return
        item = self.model.item(self.model.row_of(item_id) or 0)
        if item is not None and not self.model.is_seen(item):
            self.model.mark_seen(item_id)  # bold goes at once; the lane writes it
            self.lane.run(MarkSeen((item_id,)).apply, self._on_seen, self._on_error)
        if item is not None:
            self._find_related(item)

    def _on_seen(self, _result: OpResult) -> None:
        if not self._closed:
            self.update_counter()

    # ------------------------------------------------------------------ detail
    def show_item(self, item: InboxItem | None) -> None:
        from papershelf.library.inbox import list_feeds

        self._shown = item
        self.related.clear()
        empty = not self.model.rowCount()
        no_feeds = empty and item is None and not list_feeds(self._lib)
        self.subscribe.setVisible(no_feeds)
        if item is None:
            self.item_title.setText("Nothing to triage" if empty else "")
            self.item_meta.setText(
                "No feeds yet: subscribe to today's Hugging Face Daily Papers, or add an "
                "arXiv category or any RSS/Atom feed with Feeds…"
                if no_feeds
                else "Nothing new in your feeds; Fetch now asks them again."
                if empty
                else ""
            )
            self.abstract.clear()
            self.related_label.hide()
            self.related.hide()
            return
        self.related_label.show()
        self.related.show()
        self.related_label.setText("Closest in your library: …")
        self.item_title.setText(item.draft.title)
        self.item_meta.setText(_meta_html(item))
        self._render_abstract()

    def toggle_abstract(self) -> None:
        self._expanded = not self._expanded
        self._render_abstract()

    def abstract_expanded(self) -> bool:
        return self._expanded

    def _render_abstract(self) -> None:
        item = self._shown
        if item is None:
            return
        text = item.draft.abstract or "(no abstract)"
        if not self._expanded and len(text) > COLLAPSED_CHARS:
            cut = text[:COLLAPSED_CHARS].rsplit(" ", 1)[0]
            body = f"{html.escape(cut)} … <i>(Space shows all)</i>"
        else:
            body = html.escape(text)
        self.abstract.setHtml(f"<p>{body}</p>")

    def _find_related(self, item: InboxItem) -> None:
        from papershelf.library.inbox import related

        self._related_request += 1
        request = self._related_request
        lib = self._lib

        def job() -> list[Hit]:
            return related(lib, item)  # the GUI library's index is safe to search from here

        self._tasks.run(
            job,
            lambda hits: self._show_related(request, item.id, hits),
            lambda exc: self._show_related(request, item.id, []),
        )

    def _show_related(self, request: int, item_id: int, hits: list[Hit]) -> None:
        if self._closed or request != self._related_request or self.current_id() != item_id:
            return
        papers = {p.id: p for p in self._lib.get_many([h.paper_id for h in hits])}
        self.related.clear()
        for hit in hits:
            paper = papers.get(hit.paper_id)
            if paper is None:
                continue
            year = f" ({paper.year})" if paper.year else ""
            entry = QListWidgetItem(f"{paper.title}{year}")
            entry.setData(Qt.ItemDataRole.UserRole, paper.id)
            entry.setToolTip(", ".join(paper.authors))
            self.related.addItem(entry)
        self.related_label.setText(
            "Closest in your library:" if self.related.count() else "Closest in your library: —"
        )

    def related_titles(self) -> list[str]:
        return [self.related.item(i).text() for i in range(self.related.count())]

    def _on_related_chosen(self, entry: QListWidgetItem) -> None:
        self.sig_open_paper.emit(int(entry.data(Qt.ItemDataRole.UserRole)))

    # ------------------------------------------------------------------ triage
    def triage(
        self, action: TriageAction, item_ids: Sequence[int], tags: Sequence[str] = ()
    ) -> None:
        """Decide about items: they leave the list at once, the lane writes the decision."""
        from papershelf.library.inbox import TriageAction
        from papershelf.library.ops import Triage

        ids = [i for i in item_ids if i not in self._pending]
        if not ids:
            return
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        after = max(rows) + 1 if rows else 0
        following = self.model.item_id(after) if after < self.model.rowCount() else None
        if action is TriageAction.LATER:
            keep = [following] if following is not None else ids[-1:]
        else:
            self._pending.update(ids)
            previous = min(rows) - 1 if rows else -1
            self.model.remove(ids)
            fallback = (
                self.model.item_id(previous) if 0 <= previous < self.model.rowCount() else None
            )
            keep = [x for x in (following, fallback) if x is not None][:1]
        self.select(keep)
        self.table.setFocus()
        tag_list = list(tags)
        self.lane.run(
            Triage(tuple(ids), action, tuple(tag_list)).apply,
            lambda record: self._on_triaged(record, ids, tag_list),
            lambda exc: self._on_triage_failed(exc, ids),
        )

    def _on_triaged(self, result: OpResult, ids: list[int], tags: list[str]) -> None:
        from papershelf.library.inbox import TriageAction
        from papershelf.library.ops import UndoTriage

        self._pending.difference_update(ids)
        if self._closed:
            return
        self._session.record(result)
        action = result.undo.record.action if isinstance(result.undo, UndoTriage) else None
        if action is TriageAction.LATER:
            self.model.refresh(ids)
        self.update_counter()
        if action in (TriageAction.ADD, TriageAction.READ):
            self.sig_library_changed.emit()
            n = len(ids)
            where = "Reading" if action is TriageAction.READ else "To read"
            self.sig_message.emit(f"Added {n} paper{'s' if n != 1 else ''} to {where}")

    def _on_triage_failed(self, exc: BaseException, ids: list[int]) -> None:
        self._pending.difference_update(ids)
        if self._closed:
            return
        self.sig_message.emit(f"Not saved: {exc}")
        self.reload(keep=ids)

    def _on_error(self, exc: BaseException) -> None:
        if not self._closed:
            self.sig_message.emit(f"Inbox: {exc}")

    def _on_undone(self, result: OpResult) -> None:
        """A triage was undone: its items come back, selected."""
        from papershelf.library.ops import Triage

        if isinstance(result.undo, Triage) and not self._closed:
            self.reload(keep=list(result.undo.item_ids))
            self.sig_library_changed.emit()

    def _on_redone(self, result: OpResult) -> None:
        from papershelf.library.ops import UndoTriage

        if isinstance(result.undo, UndoTriage) and not self._closed:
            self.reload()
            self.sig_library_changed.emit()

    def triage_current(self, action: TriageAction) -> None:
        current = self.current_id()
        if current is not None:
            self.triage(action, [current])

    def triage_selection(self, action: TriageAction) -> None:
        self.triage(action, self.selected_ids())

    def begin_tags(self) -> None:
        """`t`: ask for tags inline; Enter adds the current item with them."""
        current = self.current_id()
        if current is None:
            return
        self._tag_targets = [current]
        self.tag_editor.clear()
        self._tag_row.show()
        self.tag_editor.setFocus()

    def _confirm_tags(self) -> None:
        from papershelf.library.inbox import TriageAction

        tags = [t.strip() for t in self.tag_editor.text().split(",") if t.strip()]
        targets, self._tag_targets = self._tag_targets, []
        self._tag_row.hide()
        self.table.setFocus()
        if targets:
            self.triage(TriageAction.ADD, targets, tags)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tag_editor
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self._tag_targets = []
            self._tag_row.hide()
            self.table.setFocus()
            return True
        return super().eventFilter(watched, event)

    def open_current(self) -> None:
        current = self.current_id()
        item = self.model.item(self.model.row_of(current) or 0) if current is not None else None
        url = item_url(item) if item is not None else None
        if url is None:
            self.sig_message.emit("This item has no page to open")
            return
        QDesktopServices.openUrl(QUrl(url))


def _meta_html(item: InboxItem) -> str:
    d = item.draft
    parts = [html.escape(", ".join(d.authors)) or "<i>unknown authors</i>"]
    facts = [source_label(item)]
    if item.hf_upvotes is not None:
        facts.append(f"▲ {item.hf_upvotes}")
    if item.published:
        facts.append(item.published[:10])
    if item.state is ItemState.LATER:
        facts.append("★ saved for later")
    parts.append(html.escape(" · ".join(f for f in facts if f)))
    url = item_url(item)
    links = []
    if d.arxiv_id:
        links.append(f'<a href="https://arxiv.org/abs/{d.arxiv_id}">arXiv:{d.arxiv_id}</a>')
    if url and "huggingface.co" in url:
        links.append(f'<a href="{html.escape(url)}">HF</a>')
    elif url and not d.arxiv_id:
        links.append(f'<a href="{html.escape(url)}">Link</a>')
    if links:
        parts.append(" · ".join(links))
    return "<br>".join(parts)
