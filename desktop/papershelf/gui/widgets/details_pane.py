"""The detail pane: one paper's metadata, reading state, tags, note and annotations."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.models import Paper, ReadingStatus
from papershelf.core.results import Snippet
from papershelf.gui.widgets.files_section import FilesSection
from papershelf.gui.widgets.info_section import InfoSection
from papershelf.gui.widgets.note_editor import NoteEditor
from papershelf.gui.widgets.safe_browser import SafeTextBrowser

STATUS_ORDER = list(ReadingStatus)
# Legible on light and dark palettes alike: a translucent amber under the text's own colour.
MARK = "background-color: rgba(255, 179, 0, 0.45);"
PENDING_NOTE = "Metadata pending — will be looked up when online"


def _marked_html(snippet: Snippet | None, text: str) -> str:
    if snippet is None or not snippet.spans:
        return html.escape(text)
    return snippet.to_html(f'<span style="{MARK}">', "</span>")


class DetailsPane(QWidget):
    sig_status = Signal(int, object)
    sig_priority = Signal(int, int)
    sig_tags = Signal(int, list)
    sig_annotate = Signal(int, str, object, str)
    sig_delete_annotation = Signal(int, int)
    sig_done = Signal()
    """An edit was committed with Enter or left with Esc: focus goes back to the list."""

    sig_related = Signal(int)
    """A related paper was clicked: select it in the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paper: Paper | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName("Title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setOpenExternalLinks(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.meta.setAccessibleName("Authors, venue and links")
        self.files = FilesSection(self)  # attached PDFs; the window gives it a loader

        self.status = QComboBox(self)
        self.status.addItems(["To read", "Reading", "Read", "Dropped"])
        self.status.setAccessibleName("Reading status")
        self.priority = QSpinBox(self)
        self.priority.setRange(0, 3)
        self.priority.setAccessibleName("Priority")
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("tags, comma separated")
        self.tags.setAccessibleName("Tags")
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(self._completer)
        state = QHBoxLayout()
        state.addWidget(self.status)
        state.addWidget(QLabel("Priority", self))
        state.addWidget(self.priority)
        state.addStretch(1)
        form = QFormLayout()
        form.addRow("Status", state)
        form.addRow("Tags", self.tags)

        self.abstract = SafeTextBrowser(self)  # imported text: no remote images
        self.abstract.setAccessibleName("Abstract")
        self.abstract.setOpenLinks(False)
        self.note = NoteEditor(self)

        self.annotations = QListWidget(self)
        self.annotations.setAccessibleName("Annotations")
        self.quote = QLineEdit(self)
        self.quote.setPlaceholderText("Quote")
        self.page = QSpinBox(self)
        self.page.setRange(0, 100_000)
        self.page.setSpecialValueText("page")
        self.comment = QLineEdit(self)
        self.comment.setPlaceholderText("Comment")
        add = QPushButton("Add", self)
        delete = QPushButton("Delete", self)
        self.page.setAccessibleName("Page")
        self.quote.setAccessibleName("Quote")
        self.comment.setAccessibleName("Comment")
        adder = QHBoxLayout()
        adder.addWidget(self.page)
        adder.addWidget(self.comment, 1)
        adder.addWidget(add)
        adder.addWidget(delete)
        annotations = QWidget(self)
        alayout = QVBoxLayout(annotations)
        alayout.setContentsMargins(0, 0, 0, 0)
        alayout.addWidget(QLabel("Annotations", self))
        alayout.addWidget(self.annotations)
        alayout.addWidget(self.quote)
        alayout.addLayout(adder)

        self.info = InfoSection(self)  # editable metadata; the window gives it a saver
        self.info.sig_done.connect(self.sig_done.emit)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.info)
        split.addWidget(self.abstract)
        split.addWidget(self._build_related())
        split.addWidget(self.note)
        split.addWidget(annotations)
        for box in (self.abstract, self.related, self.annotations):
            box.setMinimumHeight(44)  # small floors, so the Info section gets the room
        split.setSizes([520, 90, 70, 140, 110])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.files)
        layout.addLayout(form)
        layout.addWidget(split, 1)

        self.status.activated.connect(self._on_status)
        self.priority.valueChanged.connect(self._on_priority)
        self.tags.editingFinished.connect(self._on_tags)
        self.tags.returnPressed.connect(self.sig_done.emit)
        self.note.sig_escape.connect(self.sig_done.emit)
        for w in (self.tags, self.quote, self.comment):
            w.installEventFilter(self)
        add.clicked.connect(self._on_add_annotation)
        self.quote.returnPressed.connect(self._on_add_annotation)
        delete.clicked.connect(self._on_delete_annotation)
        self.show_paper(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.sig_done.emit()
            return True
        return super().eventFilter(watched, event)

    def _build_related(self) -> QWidget:
        """Up to five nearest papers (more like this), filled by the window from a worker."""
        box = QWidget(self)
        blayout = QVBoxLayout(box)
        blayout.setContentsMargins(0, 0, 0, 0)
        self.related_label = QLabel("Related", box)
        self.related = QListWidget(box)
        self.related.setAccessibleName("Related papers")
        self.related.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.related.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.related.itemClicked.connect(
            lambda it: self.sig_related.emit(int(it.data(Qt.ItemDataRole.UserRole)))
        )
        self.related.itemActivated.connect(
            lambda it: self.sig_related.emit(int(it.data(Qt.ItemDataRole.UserRole)))
        )
        blayout.addWidget(self.related_label)
        blayout.addWidget(self.related)
        return box

    def show_related(self, papers: list[tuple[int, str]] | None) -> None:
        """(id, title) of the nearest papers; None while they are being looked up."""
        self.related.clear()
        for pid, title in papers or []:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setToolTip(title)
            self.related.addItem(item)
        self.related_label.setText(
            "Related" if papers is None or papers else "Related: nothing close yet"
        )

    def related_titles(self) -> list[str]:
        return [self.related.item(i).text() for i in range(self.related.count())]

    def paper_id(self) -> int | None:
        return self._paper.id if self._paper else None

    def set_tag_names(self, names: list[str]) -> None:
        self._completer.model().setStringList(names)  # type: ignore[attr-defined]

    def show_paper(self, paper: Paper | None, abstract_marks: Snippet | None = None) -> None:
        """Show `paper` (None: nothing selected); the current note is saved first."""
        self.note.flush()
        same = paper is not None and self._paper is not None and paper.id == self._paper.id
        self._paper = paper
        self.info.show_paper(paper)
        enabled = paper is not None
        for w in (self.status, self.priority, self.tags, self.quote, self.page, self.comment):
            w.setEnabled(enabled)
        if paper is None:
            self.title.setText("No paper selected")
            self.meta.clear()
            self.files.show_paper(None)
            self.abstract.clear()
            self.annotations.clear()
            self.note.load(None, "")
            return
        self.title.setText(paper.title)
        self.meta.setText(_meta_html(paper))
        self.files.show_paper(paper.id)
        self.status.setCurrentIndex(STATUS_ORDER.index(paper.status))
        self.priority.blockSignals(True)
        self.priority.setValue(paper.priority)
        self.priority.blockSignals(False)
        if not self.tags.hasFocus():
            self.tags.setText(", ".join(paper.tags))
        text = paper.abstract or "(no abstract)"
        self.abstract.setHtml(f"<p>{_marked_html(abstract_marks, text)}</p>")
        self.annotations.clear()
        for a in paper.annotations:
            page = f"p. {a.page} — " if a.page else ""
            comment = f"  ({a.comment})" if a.comment else ""
            item = QListWidgetItem(f"{page}“{a.quote}”{comment}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.annotations.addItem(item)
        note = paper.note or ""
        # The same paper after a save: leave the editor (and its cursor) alone unless the
        # note changed elsewhere and nothing is being typed.
        if not same or (not self.note.is_dirty() and self.note.edit.toPlainText() != note):
            self.note.load(paper.id, note)

    # ------------------------------------------------------------------ edits
    def _on_status(self, index: int) -> None:
        if self._paper is not None and STATUS_ORDER[index] != self._paper.status:
            self.sig_status.emit(self._paper.id, STATUS_ORDER[index])

    def _on_priority(self, value: int) -> None:
        if self._paper is not None and value != self._paper.priority:
            self.sig_priority.emit(self._paper.id, value)

    def _on_tags(self) -> None:
        if self._paper is None:
            return
        names = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        if [n.casefold() for n in names] != [t.casefold() for t in self._paper.tags]:
            self.sig_tags.emit(self._paper.id, names)

    def _on_add_annotation(self) -> None:
        if self._paper is None or not self.quote.text().strip():
            return
        page = self.page.value() or None
        self.sig_annotate.emit(
            self._paper.id, self.quote.text().strip(), page, self.comment.text().strip()
        )
        self.quote.clear()
        self.comment.clear()
        self.page.setValue(0)

    def _on_delete_annotation(self) -> None:
        item = self.annotations.currentItem()
        if self._paper is not None and item is not None:
            self.sig_delete_annotation.emit(
                self._paper.id, int(item.data(Qt.ItemDataRole.UserRole))
            )


def _meta_html(paper: Paper) -> str:
    parts = [html.escape(", ".join(paper.authors)) or "<i>unknown authors</i>"]
    where = " · ".join(x for x in (paper.venue or "", str(paper.year or "")) if x)
    if where:
        parts.append(html.escape(where))
    links = []
    if paper.arxiv_id:
        links.append(f'<a href="https://arxiv.org/abs/{paper.arxiv_id}">arXiv:{paper.arxiv_id}</a>')
        links.append(f'<a href="https://arxiv.org/pdf/{paper.arxiv_id}">PDF</a>')
        links.append(f'<a href="https://huggingface.co/papers/{paper.arxiv_id}">HF</a>')
    if paper.doi:
        links.append(f'<a href="https://doi.org/{html.escape(paper.doi)}">DOI</a>')
    if paper.url and not paper.arxiv_id:
        links.append(f'<a href="{html.escape(paper.url)}">Link</a>')
    if links:
        parts.append(" · ".join(links))
    if paper.extra.get("metadata_pending"):
        parts.append(f"<i>{PENDING_NOTE}</i>")
    return "<br>".join(parts)
