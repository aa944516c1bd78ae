"""The detail pane: one paper's metadata, reading state, tags, note and annotations.

A clear hierarchy, as in Zotero 7: the title, the authors, venue and year, the links as
buttons, the reading state; then sections (Info, Abstract, Notes, Annotations, Files,
Related) that fold on a click and are not drawn when they have nothing to show. A field a
command or key wants (the note, the annotation form) unfolds its section first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.models import Paper, ReadingStatus
from papershelf.gui import icons
from papershelf.gui.markup import escape
from papershelf.gui.pyside_workarounds import viewport
from papershelf.gui.widgets.files_section import FilesSection
from papershelf.gui.widgets.info_section import InfoSection
from papershelf.gui.widgets.note_editor import NoteEditor
from papershelf.gui.widgets.safe_browser import SafeTextBrowser
from papershelf.gui.widgets.section import Section

if TYPE_CHECKING:
    from papershelf.core.results import Snippet

STATUS_ORDER = list(ReadingStatus)
# Legible on light and dark palettes alike: a translucent amber under the text's own colour.
MARK = "background-color: rgba(255, 179, 0, 0.45);"
PENDING_NOTE = "Metadata pending — will be looked up when online"


class _Revealing:
    """A field whose `setFocus` first shows and unfolds its section (`reveal`)."""

    reveal: Callable[[], None] | None = None

    def setFocus(self, *args: Any) -> None:
        if self.reveal is not None:
            self.reveal()
        super().setFocus(*args)  # type: ignore[misc]


class _List(_Revealing, QListWidget):
    deleted: Callable[[], None] | None = None
    """Called on Del or Backspace (the list then takes the key), as the Delete button."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.deleted is not None
            and self.currentItem() is not None
        ):
            self.deleted()
            return
        super().keyPressEvent(event)


class _Line(_Revealing, QLineEdit):
    escaped: Callable[[], None] | None = None
    """Called on Esc (which the line then takes) instead of the line's own handling."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Not an event filter: PySide builds every QEvent subclass (~3 ms) before the first
        # bare QEvent it hands to Python, and a filter sees all of the line's events (issue 21).
        if event.key() == Qt.Key.Key_Escape and self.escaped is not None:
            self.escaped()
            return
        super().keyPressEvent(event)


class _Browser(_Revealing, SafeTextBrowser):
    pass


def _fit_height(view: QAbstractScrollArea, most: int) -> None:
    """Size a text or list view to its contents, up to `most` pixels (then it scrolls)."""
    if isinstance(view, QListWidget):
        rows = view.count()
        height = sum(view.sizeHintForRow(i) for i in range(rows)) if rows else 0
    else:
        doc = view.document()  # type: ignore[attr-defined]
        doc.setTextWidth(viewport(view).width())
        height = round(doc.size().height())
    view.setFixedHeight(max(24, min(most, height + 2 * view.frameWidth() + 4)))


def _marked_html(snippet: Snippet | None, text: str) -> str:
    if snippet is None or not snippet.spans:
        return escape(text)
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
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setOpenExternalLinks(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.meta.setAccessibleName("Authors")
        self.venue = QLabel(self)
        self.venue.setWordWrap(True)
        self.venue.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.venue.setAccessibleName("Venue and year")
        self.links = QWidget(self)
        self._links = QHBoxLayout(self.links)
        self._links.setContentsMargins(0, 2, 0, 2)
        self._links.setSpacing(4)
        self._link_buttons: list[QToolButton] = []
        self.files = FilesSection(self)  # attached PDFs; the window gives it a loader

        self.status = QComboBox(self)
        for status, label in zip(
            STATUS_ORDER, ["To read", "Reading", "Read", "Dropped"], strict=True
        ):
            self.status.addItem(icons.status_icon(status), label)
        self.status.setAccessibleName("Reading status")
        self.priority = QSpinBox(self)
        self.priority.setRange(0, 3)
        self.priority.setAccessibleName("Priority")
        self.tags = _Line(self)
        self.tags.setPlaceholderText("tags, comma separated")
        self.tags.setAccessibleName("Tags")
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(self._completer)
        self.priority.setSpecialValueText("none")
        self.priority.setPrefix("★ ")
        state = QHBoxLayout()
        state.addWidget(self.status)
        state.addSpacing(8)
        state.addWidget(QLabel("Priority", self))
        state.addWidget(self.priority)
        state.addStretch(1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("Status", state)
        form.addRow("Tags", self.tags)

        self.abstract = _Browser(self)  # imported text: no remote images
        self.abstract.setAccessibleName("Abstract")
        self.abstract.setOpenLinks(False)
        self.abstract.setFrameShape(QFrame.Shape.NoFrame)
        viewport(self.abstract).setAutoFillBackground(False)
        self.note = NoteEditor(self)

        self.annotations = _List(self)
        self.annotations.setAccessibleName("Annotations")
        self.annotations.setWordWrap(True)
        self.annotations.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.quote = _Line(self)
        self.quote.setPlaceholderText("Quote")
        self.page = QSpinBox(self)
        self.page.setRange(0, 100_000)
        self.page.setSpecialValueText("page")
        self.comment = _Line(self)
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
        alayout.addWidget(self.annotations)
        alayout.addWidget(self.quote)
        alayout.addLayout(adder)

        self.info = InfoSection(self)  # editable metadata; the window gives it a saver
        self.info.sig_done.connect(self.sig_done.emit)
        related = self._build_related()
        self.sections: dict[str, Section] = {}
        body = QWidget(self)
        body.setObjectName("details-body")
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 14, 14, 16)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.meta)
        column.addWidget(self.venue)
        column.addWidget(self.links)
        column.addSpacing(4)
        column.addLayout(form)
        for key, title, widget in (
            ("info", "Info", self.info),
            ("abstract", "Abstract", self.abstract),
            ("notes", "Notes", self.note),
            ("annotations", "Annotations", annotations),
            ("files", "Files", self.files),
            ("related", "Related", related),
        ):
            section = Section(title, widget, body)
            self.sections[key] = section
            column.addWidget(section)
        column.addStretch(1)
        self.abstract.reveal = self.sections["abstract"].reveal
        self.annotations.reveal = self.sections["annotations"].reveal
        self.quote.reveal = self.sections["annotations"].reveal
        self.related.reveal = self.sections["related"].reveal
        self.note.reveal = self.sections["notes"].reveal
        self.body_scroll = QScrollArea(self)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.setWidget(body)
        self.body_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body_scroll, 1)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

        self.status.activated.connect(self._on_status)
        self.priority.valueChanged.connect(self._on_priority)
        self.tags.editingFinished.connect(self._on_tags)
        self.tags.returnPressed.connect(self.sig_done.emit)
        self.note.sig_escape.connect(self.sig_done.emit)
        for w in (self.quote, self.comment):
            w.escaped = self.sig_done.emit
        self.tags.escaped = self._cancel_tags
        add.clicked.connect(self._on_add_annotation)
        self.quote.returnPressed.connect(self._on_add_annotation)
        # Return anywhere in the annotation form adds it (issue 19); a spin box's Return
        # reaches its line edit's returnPressed.
        self.comment.returnPressed.connect(self._on_add_annotation)
        self.page.lineEdit().returnPressed.connect(self._on_add_annotation)
        delete.clicked.connect(self._on_delete_annotation)
        self.annotations.deleted = self._on_delete_annotation
        self.show_paper(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # An Esc that no field of the pane wanted (key events a child ignores travel up to
        # the pane) returns to the list too.
        if event.key() == Qt.Key.Key_Escape:
            self.sig_done.emit()
            return
        super().keyPressEvent(event)

    def minimumSizeHint(self) -> QSize:
        # As wide as the body's narrowest layout: the pane has no horizontal scrollbar, and
        # a splitter that made it narrower (at 20 pt the status row alone needs ~420 px)
        # cut the title, the status and every value on the right.
        hint = super().minimumSizeHint()
        body = self.body_scroll.widget()
        if body is None:
            return hint
        bar = self.body_scroll.verticalScrollBar().sizeHint().width()
        width = body.minimumSizeHint().width() + bar + 2 * self.body_scroll.frameWidth()
        return QSize(max(hint.width(), width), hint.height())

    def _build_related(self) -> QWidget:
        """Up to five nearest papers (more like this), filled by the window from a worker."""
        box = QWidget(self)
        blayout = QVBoxLayout(box)
        blayout.setContentsMargins(0, 0, 0, 0)
        self.related_label = QLabel("", box)
        self.related_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.related_label.hide()
        self.related = _List(box)
        self.related.setAccessibleName("Related papers")
        self.related.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.related.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.related.setFrameShape(QFrame.Shape.NoFrame)
        viewport(self.related).setAutoFillBackground(False)
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
        self.related_label.setText("" if papers is None or papers else "Nothing close yet")
        section = self.sections["related"]
        section.set_count(len(papers) if papers else None)
        section.set_empty(not papers)
        _fit_height(self.related, 6 * 24)

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
        for key, section in self.sections.items():
            if key != "related":  # shown by `show_related`, once there are related papers
                section.set_empty(paper is None)
        self.links.setVisible(paper is not None)
        if paper is None:
            self.title.setText("No paper selected")
            self.meta.clear()
            self.venue.clear()
            self.files.show_paper(None)
            self.abstract.clear()
            self.annotations.clear()
            self.note.load(None, "")
            self.show_related([])
            return
        if not same:
            # A quote half typed for the paper shown before is not this paper's: Return
            # would have added it here.
            self.quote.clear()
            self.comment.clear()
            self.page.setValue(0)
        self.title.setText(paper.title)
        self.meta.setText(_meta_html(paper))
        where = " · ".join(x for x in (paper.venue or "", str(paper.year or "")) if x)
        self.venue.setText(where)
        self.venue.setVisible(bool(where))
        self._show_links(paper)
        self.files.show_paper(paper.id)
        self.sections["files"].set_count(len(self.files.file_names()) or None)
        self.status.setCurrentIndex(STATUS_ORDER.index(paper.status))
        self.priority.blockSignals(True)
        self.priority.setValue(paper.priority)
        self.priority.blockSignals(False)
        if not self.tags.hasFocus():
            self.tags.setText(", ".join(paper.tags))
            # From the first tag: setText leaves the cursor at the end, and tags wider than
            # the field showed their tail ("assics, networking"). Editing (`t`) goes to the end.
            self.tags.setCursorPosition(0)
        text = paper.abstract or ""
        self.abstract.setHtml(f"<p>{_marked_html(abstract_marks, text)}</p>" if text else "")
        self.sections["abstract"].set_empty(not text)
        if text:
            _fit_height(self.abstract, 320)
        self.annotations.clear()
        for a in paper.annotations:
            page = f"p. {a.page} — " if a.page else ""
            comment = f"  ({a.comment})" if a.comment else ""
            item = QListWidgetItem(f"{page}“{a.quote}”{comment}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.annotations.addItem(item)
        self.annotations.setVisible(bool(paper.annotations))
        self.sections["annotations"].set_count(len(paper.annotations) or None)
        note = paper.note or ""
        # The same paper after a save: leave the editor (and its cursor) alone unless the
        # note changed elsewhere and nothing is being typed.
        if not same or (not self.note.is_dirty() and self.note.edit.toPlainText() != note):
            self.note.load(paper.id, note)

    def _show_links(self, paper: Paper) -> None:
        """The paper's pages as small icon buttons (the address is the tooltip)."""
        while self._links.count():
            item = self._links.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater leaves it drawn under the new ones
                widget.deleteLater()
        self._link_buttons = []
        for label, icon, url in _links(paper):
            button = QToolButton(self.links)
            button.setText(label)
            button.setIcon(icons.icon(icon, icons.Tone.ACCENT))
            button.setIconSize(QSize(15, 15))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setToolTip(url)
            button.setAccessibleName(f"Open {label}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, u=url: QDesktopServices.openUrl(QUrl(u)))
            self._links.addWidget(button)
            self._link_buttons.append(button)
        self._links.addStretch(1)

    def link_labels(self) -> list[str]:
        """The link buttons shown ("arXiv", "PDF", "DOI", …)."""
        return [b.text() for b in self._link_buttons]

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A field that takes focus is scrolled into view (Tab, a command, a key)."""
        body = self.body_scroll.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.body_scroll.ensureWidgetVisible(new, 10, 40)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._paper is not None and self._paper.abstract:
            _fit_height(self.abstract, 320)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._paper is not None and self._paper.abstract:
            _fit_height(self.abstract, 320)

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

    def _cancel_tags(self) -> None:
        """Esc in the Tags field: back to the paper's tags, and to the list (as in Info)."""
        if self._paper is not None:
            self.tags.setText(", ".join(self._paper.tags))
            self.tags.setCursorPosition(0)
        self.sig_done.emit()

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
    """The authors (all of them: the list column shortens them), and a pending lookup."""
    parts = [escape(", ".join(paper.authors)) or "<i>unknown authors</i>"]
    if paper.extra.get("metadata_pending"):
        parts.append(f"<i>{PENDING_NOTE}</i>")
    return "<br>".join(parts)


def _links(paper: Paper) -> list[tuple[str, str, str]]:
    """(label, icon, address) of the paper's pages: arXiv, its PDF, Hugging Face, DOI, URL."""
    out = []
    if paper.arxiv_id:
        out.append(("arXiv", "arxiv", f"https://arxiv.org/abs/{paper.arxiv_id}"))
        out.append(("PDF", "pdf", f"https://arxiv.org/pdf/{paper.arxiv_id}"))
        out.append(("Hugging Face", "hf", f"https://huggingface.co/papers/{paper.arxiv_id}"))
    if paper.doi:
        out.append(("DOI", "doi", f"https://doi.org/{paper.doi}"))
    if paper.url and not paper.arxiv_id:
        out.append(("Link", "link", paper.url))
    return out
