"""The reader's commands: open a PDF, move, find, select with keys, highlight.

A selection becomes a highlight through an undoable op run by the session. The reader
remembers each paper's place (`Library.save_reading_position`), moves a to-read paper to
reading when it is opened (setting `ui.reader_sets_reading`), and offers to mark a paper
read when it is closed on its last page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QFileDialog, QInputDialog, QListWidgetItem, QMenu, QWidget

from papershelf.config.user_settings import load_user_settings
from papershelf.core.annotation_colors import DEFAULT_COLOR, PALETTE
from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.errors import PapershelfError
from papershelf.core.models import Annotation, ReadingStatus
from papershelf.gui import icons
from papershelf.gui.actions import CommandRegistry
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.controllers.pages import PagesController
from papershelf.gui.reader import layout, selection
from papershelf.gui.reader.document import ReaderDocument
from papershelf.gui.reader.page import ReaderPage
from papershelf.gui.reader.positions import PositionStore
from papershelf.gui.reader.view import ZOOM_STEP, Mark, Position
from papershelf.gui.shell import Shell
from papershelf.library import Library, ops
from papershelf.library.attachments import attachment_path, attachments
from papershelf.library.pdf_annotations import export_annotated_pdf

SAVE_DELAY_MS = 3000

TOOLBAR_BEFORE = (("reader.back", "arrow-left", "List"),)
TOOLBAR_AFTER = (
    ("reader.zoom_out", "magnifying-glass-minus", "−"),
    ("reader.zoom_in", "magnifying-glass-plus", "+"),
    ("reader.fit_width", "arrows-out-line-horizontal", "Width"),
    ("reader.fit_page", "corners-out", "Page"),
    ("reader.continuous", "rows", "Single/Scroll"),
    ("reader.outline", "tree-structure", "Outline"),
    ("reader.highlight", "highlighter-circle", "Highlight"),
)
"""The toolbar's buttons: a command, its Phosphor glyph, and a label where the font is
missing (the tooltip names the command and its key)."""


def color_icon(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class ReaderController(QObject):
    def __init__(
        self,
        shell: Shell,
        page: ReaderPage,
        lists: ListController,
        pages: PagesController,
        registry: CommandRegistry,
    ) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self.session = shell.session
        self.lib = shell.session.lib
        self.page = page
        self.view = page.view
        self.lists = lists
        self.pages = pages
        self.registry = registry
        self.positions = PositionStore(self.lib)
        self.paper_id: int | None = None
        self.attachment_id: int | None = None
        self.doc: ReaderDocument | None = None
        self.color = DEFAULT_COLOR
        self.target: int | None = None
        """The highlight a context menu was opened on (its commands act on it)."""
        self._annotations: dict[int, Annotation] = {}
        self._comment_for: int | None = None
        """The highlight the comment prompt is for (None: the selection)."""
        page.build_toolbar(
            [self._button(*spec) for spec in TOOLBAR_BEFORE],
            [self._button(*spec) for spec in TOOLBAR_AFTER],
        )
        page.sig_find.connect(self.find)
        self.view.search.sig_done.connect(self._show_hit_count)
        page.prompt.sig_done.connect(self._on_comment)
        page.prompt.sig_cancelled.connect(page.focus_pages)
        page.offer.sig_answer.connect(self._on_offer)
        # The place is kept a few seconds after the page changes too, not only on leaving,
        # so a crash or a killed session loses little.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_position)
        self.view.sig_page.connect(lambda _page: self._save_timer.start())
        self.view.sig_context.connect(self._context_menu)
        self.view.sig_selection.connect(self._on_selection)
        shell.pages.currentChanged.connect(self._on_page_shown)
        self.session.sig_changed.connect(self._on_changed)
        notes = shell.details.annotations
        notes.itemActivated.connect(self._on_annotation_item)
        notes.itemClicked.connect(self._on_annotation_item)
        notes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        notes.customContextMenuRequested.connect(self._list_context_menu)
        for i, (name, color) in enumerate(PALETTE, start=1):
            registry.qaction(f"reader.color_{i}").setIcon(color_icon(color))
            registry.qaction(f"reader.color_{i}").setToolTip(f"{name} highlights")

    def _button(self, command_id: str, glyph: str, text: str) -> QAction:
        """A toolbar button that runs the command (so its enabled state and handler apply)."""
        command = self.registry.commands[command_id]
        action = QAction(text, self.page)
        if icons.available():
            action.setIcon(icons.glyph(glyph))
        action.setObjectName(command_id)
        keys = self.registry.keys("reader", command_id)
        hint = f" ({keys[0]})" if keys else ""
        action.setToolTip(f"{command.spec.plain_title}{hint}")
        action.triggered.connect(command.trigger)
        return action

    def commands(self) -> dict[str, Callable[[], object]]:
        v = self.view
        out: dict[str, Callable[[], object]] = {
            "reader.open": self.open_selected,
            "reader.back": self.back,
            "reader.down": lambda: self._line_or_scroll(1),
            "reader.up": lambda: self._line_or_scroll(-1),
            "reader.screen_down": lambda: v.scroll_screen(1),
            "reader.screen_up": lambda: v.scroll_screen(-1),
            "reader.start": v.to_start,
            "reader.end": v.to_end,
            "reader.next_page": lambda: v.step_page(1),
            "reader.prev_page": lambda: v.step_page(-1),
            "reader.zoom_in": lambda: v.zoom_by(ZOOM_STEP),
            "reader.zoom_out": lambda: v.zoom_by(1 / ZOOM_STEP),
            "reader.fit_width": lambda: v.set_fit("width"),
            "reader.fit_page": lambda: v.set_fit("page"),
            "reader.continuous": lambda: v.set_continuous(not v.continuous),
            "reader.outline": self.page.toggle_side,
            "reader.goto_page": self.page.focus_page_field,
            "reader.find": self.page.focus_find,
            "reader.next_hit": lambda: self.step_hit(1),
            "reader.prev_hit": lambda: self.step_hit(-1),
            "reader.visual": self.start_visual,
            "reader.word_forward": lambda: self.extend(selection.word_forward),
            "reader.word_back": lambda: self.extend(selection.word_back),
            "reader.line_end": lambda: self.extend(selection.line_end),
            "reader.line_start": lambda: self.extend(selection.line_start),
            "reader.highlight": self.highlight,
            "reader.comment": self.comment,
            "reader.copy_quote": self.copy_quote,
            "reader.delete_highlight": self.delete_highlight,
            "reader.export_pdf": self.export_pdf,
        }
        for i, (_, color) in enumerate(PALETTE, start=1):
            out[f"reader.color_{i}"] = self._color_picker(color)
        return out

    def _color_picker(self, color: str) -> Callable[[], None]:
        return lambda: self.pick_color(color)

    # ------------------------------------------------------------------ opening, leaving
    def open_selected(self) -> None:
        """Enter or `o` in the list: read the paper's PDF here (else open its link outside)."""
        ids = self.lists.selected_ids()
        if ids:
            self.open_paper(ids[0])

    def pdf_of(self, paper_id: int) -> tuple[int, Path] | None:
        try:
            found = attachments(self.lib, paper_id)
        except PapershelfError:
            return None
        for attachment in found:
            path = attachment_path(self.lib, attachment)
            if path.is_file():
                return attachment.id, path
        return None

    def open_paper(self, paper_id: int, page: int | None = None) -> bool:
        """Show the paper's PDF in the reader, where it was left (or at `page`)."""
        if paper_id == self.paper_id and self.doc is not None:
            self._show()
            if page is not None:
                self.view.go_to(Position(page, 0.0))
            return True
        pdf = self.pdf_of(paper_id)
        if pdf is None:
            self.session.message("No PDF attached: opening the paper's link instead", 4000)
            self.registry.trigger("paper.open")
            return False
        attachment_id, path = pdf
        doc = ReaderDocument(str(path), self)
        if not doc.ok:
            doc.deleteLater()
            self.session.message(f"Could not open {path.name}", 6000)
            return False
        self.save_position()
        self._close_document()
        paper = self.lib.get(paper_id)
        self.paper_id, self.attachment_id, self.doc = paper_id, attachment_id, doc
        saved = self.positions.load(paper_id)
        at = Position(0, 0.0)
        zoom = None
        if saved is not None and saved.page_index < doc.page_count:
            at, zoom = Position(saved.page_index, saved.offset), saved.zoom
        if page is not None:
            at = Position(page, 0.0)
        self.page.set_document(doc, paper.title)
        self.view.set_document(doc, at, zoom)
        self._load_marks()
        self._show()
        if paper.status is ReadingStatus.TO_READ and load_user_settings().ui.reader_sets_reading:
            result = self.session.run(ops.SetStatus((paper_id,), ReadingStatus.READING))
            if result is not None:
                self.session.message("Marked as Reading (u undoes)", 4000)
        return True

    def _show(self) -> None:
        self.shell.pages.setCurrentWidget(self.page)
        self.view.setFocus()

    def _close_document(self) -> None:
        self.view.set_document(None)
        self.page.set_document(None, "")
        if self.doc is not None:
            self.doc.close()
            self.doc.deleteLater()
        self.doc = None
        self.paper_id = None

    def shutdown(self) -> None:
        """The window closes: keep the place, stop the render thread."""
        self.save_position()
        self.page.shutdown()

    def save_position(self) -> None:
        self._save_timer.stop()
        if self.paper_id is None or self.doc is None:
            return
        at = self.view.position()
        current = self.view.current_page()
        page = at.page
        # Progress counts the page being read, which may be below the top edge's page.
        self.positions.save(
            self.paper_id,
            self.attachment_id,
            page,
            at.offset,
            None if self.view.fit == "width" else self.view.zoom,
            self.doc.page_count,
            furthest=current,
        )

    def back(self) -> None:
        """Esc: drop the selection, then the matches, then leave for the list."""
        if self.view.selection is not None or self.view.visual:
            self.view.clear_selection()
            return
        if self.view.search.query:
            self.view.search.clear()
            self.view.current_hit = None
            self.page.hits_label.clear()
            self.page.find_field.clear()
            self.page.find_bar.hide()
            return
        if (
            self.paper_id is not None
            and self.view.at_end()
            and self._status()
            not in (
                ReadingStatus.READ,
                ReadingStatus.DROPPED,
            )
        ):
            self.page.offer.offer(
                "You are on the last page. Mark the paper as read?", "Mark as Read"
            )
            return
        self.leave()

    def leave(self) -> None:
        self.save_position()
        paper_id = self.paper_id
        self.pages.show_page("library")
        if paper_id is not None:
            self.shell.model.refresh([paper_id])  # its progress
            self.lists.select([paper_id])
        self.shell.table.setFocus()

    def _status(self) -> ReadingStatus | None:
        if self.paper_id is None:
            return None
        try:
            return self.lib.get(self.paper_id).status
        except PapershelfError:
            return None

    def _on_offer(self, yes: bool) -> None:
        if yes and self.paper_id is not None:
            self.session.run(ops.SetStatus((self.paper_id,), ReadingStatus.READ))
            self.session.message("Marked as Read (u undoes)", 4000)
        self.leave()

    def _on_page_shown(self, _index: int) -> None:
        if self.shell.pages.currentWidget() is not self.page:
            self.page.offer.hide()
            self.save_position()

    # ------------------------------------------------------------------ finding
    def find(self, text: str) -> None:
        if self.doc is None:
            return
        self.view.search.start(self.doc, text, self.view.current_page())
        self.view.current_hit = None
        self.page.focus_pages()
        if not self.view.search.hits and not self.view.search.done:
            # The first pages searched had none: look again once every page has been.
            self.view.search.sig_done.connect(
                self._after_search, Qt.ConnectionType.SingleShotConnection
            )
            self.page.hits_label.setText(" searching…")
            return
        self._after_search()

    def _after_search(self) -> None:
        if not self.view.search.hits:
            self.page.hits_label.setText(" no matches")
            return
        self.step_hit(1)

    def step_hit(self, step: int) -> None:
        """`n` / `N`: the next or previous match after the one shown (or the view's top)."""
        search, view = self.view.search, self.view
        if not search.hits:
            if search.query:
                self.page.hits_label.setText(" no matches")
            return
        hit = view.current_hit
        page, index = (hit.page, hit.start) if hit else (view.current_page(), -1)
        if hit is None and step < 0:
            index = 1 << 30
        i = search.next_after(page, index, step)
        if i is None:
            return
        view.current_hit = search.hits[i]
        view.reveal(view.current_hit.page, search.boxes(view.current_hit))
        view.viewport().update()
        self._show_hit_count()

    def _show_hit_count(self) -> None:
        search, hit = self.view.search, self.view.current_hit
        if hit is None or hit not in search.hits:
            return
        more = "" if search.done else "+"
        self.page.hits_label.setText(f" {search.hits.index(hit) + 1} of {len(search.hits)}{more}")

    # ------------------------------------------------------------------ selecting with keys
    def start_visual(self) -> None:
        """`v`: select the match shown (or the first word in view) and let keys extend it."""
        view, doc = self.view, self.doc
        if doc is None:
            return
        if view.visual:
            view.clear_selection()
            return
        hit = view.current_hit
        if hit is not None:
            sel = selection.TextSelection(hit.page, hit.start, hit.end)
        elif view.selection is not None:
            sel = view.selection
        else:
            page = view.current_page()
            text = doc.text(page)
            start = selection.word_back(text, selection.word_forward(text, 0))
            sel = selection.TextSelection(page, start, selection.word_forward(text, start))
        view.visual = True
        view.set_selection(sel)
        self.session.message(
            "Selecting: w/b word, j/k line, $/^ line end/start, h highlights", 5000
        )

    def extend(self, move: Callable[[str, int], int]) -> None:
        view, doc = self.view, self.doc
        sel = view.selection
        if doc is None or sel is None:
            self.session.message("Start a selection first: v (at a match), or drag", 3000)
            return
        view.visual = True
        view.set_selection(sel.moved(move(doc.text(sel.page), sel.caret)))
        if view.selection_span is not None:
            view.reveal(sel.page, view.selection_span.boxes[-1:])

    def _line_or_scroll(self, direction: int) -> None:
        if self.view.visual and self.view.selection is not None:
            self.extend(selection.line_down if direction > 0 else selection.line_up)
        else:
            self.view.scroll_lines(direction)

    def _on_selection(self) -> None:
        span = self.view.selection_span
        if span is not None and span.text:
            words = len(span.text.split())
            self.session.message(
                f"{words} word{'s' if words != 1 else ''} selected (h highlights)", 3000
            )

    # ------------------------------------------------------------------ highlights
    def highlight(self, comment: str | None = None) -> int | None:
        """`h`: the selection becomes a highlight in the current colour (one undo step)."""
        span = self.view.selection_span
        if span is None or self.paper_id is None or self.doc is None:
            self.session.message("Select text first: drag over it, or v at a match", 4000)
            return None
        height = self.doc.sizes[span.page].height()
        op = ops.AddHighlight(
            paper_id=self.paper_id,
            attachment_id=self.attachment_id,
            text=selection.quote_text(span.text),
            page_index=span.page,
            page_label=self.doc.label(span.page),
            rects=tuple(layout.to_pdf_rect(box, height) for box in span.boxes),
            color=self.color,
            comment=comment or None,
        )
        result = self.session.run(op)
        if result is None:
            return None
        self.view.clear_selection()
        return int(result.value) if isinstance(result.value, int) else None

    def comment(self) -> None:
        """`c`: a comment for the selection (it becomes a highlight) or the chosen highlight."""
        target = self._target()
        if target is not None:
            self._comment_on(target)
            return
        if self.view.selection_span is None:
            self.session.message("Select text first: drag over it, or v at a match", 4000)
            return
        self._comment_for = None
        self.page.prompt.ask("Comment (Enter highlights the selection with it):")

    def _comment_on(self, annotation_id: int) -> None:
        """Ask for an annotation's comment under its page (a typed quote: in a dialog)."""
        try:
            a = self.lib.annotation(annotation_id)
        except PapershelfError:
            return
        shown = self.shell.pages.currentWidget() is self.page and a.paper_id == self.paper_id
        if not shown and (a.page_index is None or not self.open_paper(a.paper_id, a.page_index)):
            text, ok = QInputDialog.getText(
                self.shell.window, "Comment", "Comment on the annotation:", text=a.comment or ""
            )
            if ok:
                self.session.run(ops.EditAnnotation(annotation_id, comment=text.strip() or None))
            return
        self._comment_for = annotation_id
        self.page.prompt.ask("Comment on the highlight:", a.comment or "")

    def _on_comment(self, text: str) -> None:
        target, self._comment_for = self._comment_for, None
        if target is not None:
            self.session.run(ops.EditAnnotation(target, comment=text.strip() or None))
        else:
            self.highlight(text.strip() or None)
        self.target = None
        self.page.focus_pages()

    def pick_color(self, color: str) -> None:
        """Keys 1–8: the colour of the next highlight.

        It also recolours the chosen highlight, or highlights the selection at once.
        """
        self.color = color
        name = next(n for n, c in PALETTE if c == color)
        target = self._target()
        if target is not None:
            self.session.run(ops.EditAnnotation(target, color=color))
            self.target = None
        elif self.view.selection_span is not None:
            self.highlight()
        else:
            self.session.message(f"Highlight colour: {name}", 2500)

    def delete_highlight(self) -> None:
        target = self._target()
        if target is None:
            self.session.message("No highlight chosen (right-click one, or select over it)", 4000)
            return
        self.session.run(ops.DeleteAnnotation(target))
        self.target = None

    def _target(self) -> int | None:
        """The highlight a command acts on: a menu's, else one the selection overlaps."""
        if self.target is not None:
            return self.target
        span = self.view.selection_span
        if span is None:
            return None
        for mark in self.view.marks:
            if mark.page == span.page and any(
                a.intersects(b) for a in mark.boxes for b in span.boxes
            ):
                return mark.annotation_id
        return None

    def copy_quote(self) -> None:
        """`y`: the selection (or chosen highlight) as a quote with its page and key."""
        if self.paper_id is None or self.doc is None:
            return
        target = self._target()
        if self.view.selection_span is not None:
            span = self.view.selection_span
            quote, label = selection.quote_text(span.text), self.doc.label(span.page)
        elif target is not None and target in self._annotations:
            a = self._annotations[target]
            quote, label = a.quote, a.page_label or str(a.page or "")
        else:
            self.session.message("Select text first: drag over it, or v at a match", 4000)
            return
        key = self.lib.citation_keys([self.paper_id]).get(self.paper_id, "")
        cite = f"[@{key}, p. {label}]" if key else f"(p. {label})"
        text = f"“{quote}” {cite}"
        QGuiApplication.clipboard().setText(text)
        self.session.message(f"Copied {text[:80]}", 4000)

    def export_pdf(self) -> None:
        """A copy of the paper's PDF with its highlights as standard annotations.

        The worker subprocess writes it, on the write lane (after any edit queued before).
        """
        reading = self.shell.pages.currentWidget() is self.page and self.paper_id is not None
        ids = [self.paper_id] if reading else self.lists.selected_ids()
        paper_id = ids[0] if ids else None
        pdf = self.pdf_of(paper_id) if paper_id is not None else None
        if paper_id is None or pdf is None:
            self.session.message("This paper has no PDF attached", 4000)
            return
        attachment_id, source = pdf
        suggested = f"{source.stem}-annotated.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self.shell.window,
            "Export PDF with Annotations",
            str(Path.home() / suggested),
            "PDF (*.pdf)",
        )
        if not path:
            return

        def job(lib: Library) -> str:
            copy = export_annotated_pdf(lib, paper_id, path, attachment_id=attachment_id)
            n = copy.written
            return f"Exported {n} highlight{'s' if n != 1 else ''} into {copy.target.name}"

        self.session.status(f"Exporting {html.escape(Path(path).name)}…")
        self.session.writes.run(
            job, lambda msg: self.session.status(html.escape(msg)), self.session.error
        )

    def _load_marks(self) -> None:
        if self.paper_id is None or self.doc is None:
            self.view.marks = []
            return
        try:
            paper = self.lib.get(self.paper_id)
        except PapershelfError:
            return
        self._annotations = {a.id: a for a in paper.annotations}
        marks = []
        for a in paper.annotations:
            if a.page_index is None or not a.rects or a.page_index >= self.doc.page_count:
                continue
            if a.attachment_id not in (None, self.attachment_id):
                continue
            height = self.doc.sizes[a.page_index].height()
            boxes = tuple(layout.from_pdf_rect(r, height) for r in a.rects)
            marks.append(Mark(a.id, a.page_index, boxes, a.color or DEFAULT_COLOR))
        self.view.marks = marks
        self.view.viewport().update()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.paper_id is None:
            return
        if changes.every_paper or (
            self.paper_id in changes.papers and PaperField.ANNOTATIONS in changes.fields
        ):
            self._load_marks()

    # ------------------------------------------------------------------ menus, the list
    def _context_menu(self, at: QPoint, annotation_id: object) -> None:
        self.target = annotation_id if isinstance(annotation_id, int) else None
        self._menu(self.view, at, self.view.selection_span is not None)

    def _menu(self, parent: QWidget, at: QPoint, with_selection: bool) -> None:
        menu = QMenu(parent)
        q = self.registry.qaction
        if with_selection and self.target is None:
            menu.addAction(q("reader.highlight"))
        if with_selection or self.target is not None:
            menu.addAction(q("reader.comment"))
            menu.addAction(q("reader.copy_quote"))
        if self.target is not None:
            menu.addAction(q("reader.delete_highlight"))
        colors = menu.addMenu("Colour")
        for i in range(1, len(PALETTE) + 1):
            colors.addAction(q(f"reader.color_{i}"))
        menu.exec(at)
        self.target = None

    def _list_context_menu(self, pos: QPoint) -> None:
        notes = self.shell.details.annotations
        item = notes.itemAt(pos)
        if item is None:
            return
        self.target = int(item.data(Qt.ItemDataRole.UserRole))
        self._annotations.setdefault(self.target, self.lib.annotation(self.target))
        self._menu(notes, notes.viewport().mapToGlobal(pos), False)

    def _on_annotation_item(self, item: QListWidgetItem) -> None:
        """A highlight in the detail pane's list: show it on its page."""
        try:
            a = self.lib.annotation(int(item.data(Qt.ItemDataRole.UserRole)))
        except PapershelfError:
            return
        if a.page_index is None:
            return
        if not self.open_paper(a.paper_id, a.page_index) or self.doc is None:
            return
        height = self.doc.sizes[a.page_index].height()
        self.view.reveal(a.page_index, tuple(layout.from_pdf_rect(r, height) for r in a.rects))
