"""Highlights in the reader: made, recoloured, commented, deleted, copied, exported.

They are made from the selection, drawn over the pages, and exported into a copy of the
PDF. Every change is an op run through the session, so it is one undo step and every pane
hears of it (`sig_changed`); the page view redraws its highlights from the paper's
annotations when they change.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QFileDialog, QInputDialog, QListWidgetItem, QMenu, QWidget

from papershelf.core.annotation_colors import DEFAULT_COLOR, PALETTE
from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.errors import PapershelfError
from papershelf.core.models import Annotation
from papershelf.gui.reader import layout, selection
from papershelf.gui.reader.view import Mark
from papershelf.library import Library

if TYPE_CHECKING:
    from papershelf.gui.controllers.reader import ReaderController


def color_icon(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class HighlightController(QObject):
    """The highlight commands of the reader (`ReaderController` owns and binds them)."""

    def __init__(self, reader: ReaderController) -> None:
        super().__init__(reader)
        self.reader = reader
        self.shell = reader.shell
        self.session = reader.session
        self.lib = reader.lib
        self.page = reader.page
        self.view = reader.view
        self.registry = reader.registry
        self.color = DEFAULT_COLOR
        self.target: int | None = None
        """The highlight a context menu was opened on (its commands act on it)."""
        self._annotations: dict[int, Annotation] = {}
        self._comment_for: int | None = None
        """The highlight the comment prompt is for (None: the selection)."""
        self.page.prompt.sig_done.connect(self._on_comment)
        self.view.sig_context.connect(self._context_menu)
        self.session.sig_changed.connect(self._on_changed)
        notes = self.shell.details.annotations
        notes.itemActivated.connect(self._on_annotation_item)
        notes.itemClicked.connect(self._on_annotation_item)
        notes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        notes.customContextMenuRequested.connect(self._list_context_menu)
        for i, (name, color) in enumerate(PALETTE, start=1):
            self.registry.qaction(f"reader.color_{i}").setIcon(color_icon(color))
            self.registry.qaction(f"reader.color_{i}").setToolTip(f"{name} highlights")

    def commands(self) -> dict[str, Callable[[], object]]:
        out: dict[str, Callable[[], object]] = {
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

    # ------------------------------------------------------------------ making, editing
    def highlight(self, comment: str | None = None) -> int | None:
        """`h`: the selection becomes a highlight in the current colour (one undo step)."""
        from papershelf.library import ops

        span = self.view.selection_span
        if span is None or self.reader.paper_id is None or self.reader.doc is None:
            self.session.message("Select text first: drag over it, or v at a match", 4000)
            return None
        doc = self.reader.doc
        box, height = doc.page_box(span.page), doc.sizes[span.page].height()
        if not box.known:  # a guess would put the highlight elsewhere on a cropped page
            self.session.message(
                f"Could not read page {doc.label(span.page)} of the PDF again (was the file "
                "moved?): no highlight made",
                8000,
            )
            return None
        op = ops.AddHighlight(
            paper_id=self.reader.paper_id,
            attachment_id=self.reader.attachment_id,
            text=selection.quote_text(span.text),
            page_index=span.page,
            page_label=self.reader.doc.label(span.page),
            rects=tuple(layout.to_user_rect(b, box, height) for b in span.boxes),
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
        from papershelf.library import ops

        try:
            a = self.lib.annotation(annotation_id)
        except PapershelfError:
            return
        reader = self.reader
        shown = self.shell.pages.currentWidget() is self.page and a.paper_id == reader.paper_id
        if not shown and (
            a.page_index is None or not reader.open_paper(a.paper_id, a.page_index, a.attachment_id)
        ):
            text, ok = QInputDialog.getText(
                self.shell.window, "Comment", "Comment on the annotation:", text=a.comment or ""
            )
            if ok:
                self.session.run(ops.EditAnnotation(annotation_id, comment=text.strip() or None))
            return
        self._comment_for = annotation_id
        self.page.prompt.ask("Comment on the highlight:", a.comment or "")

    def _on_comment(self, text: str) -> None:
        from papershelf.library import ops

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
        from papershelf.library import ops

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
        from papershelf.library import ops

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
        if self.reader.paper_id is None or self.reader.doc is None:
            return
        target = self._target()
        if self.view.selection_span is not None:
            span = self.view.selection_span
            quote, label = selection.quote_text(span.text), self.reader.doc.label(span.page)
        elif target is not None and target in self._annotations:
            a = self._annotations[target]
            quote, label = a.quote, a.page_label or str(a.page or "")
        else:
            self.session.message("Select text first: drag over it, or v at a match", 4000)
            return
        key = self.lib.citation_keys([self.reader.paper_id]).get(self.reader.paper_id, "")
        cite = f"[@{key}, p. {label}]" if key else f"(p. {label})"
        text = f"“{quote}” {cite}"
        QGuiApplication.clipboard().setText(text)
        self.session.message(f"Copied {text[:80]}", 4000)

    def export_pdf(self) -> None:
        """A copy of the paper's PDF with its highlights as standard annotations.

        The worker subprocess writes it, on the write lane (after any edit queued before).
        """
        from papershelf.library.pdf_annotations import export_annotated_pdf

        reader = self.reader
        reading = self.shell.pages.currentWidget() is self.page and reader.paper_id is not None
        ids = [reader.paper_id] if reading else reader.lists.selected_ids()
        paper_id = ids[0] if ids else None
        shown = reader.attachment_id if reading else None  # the PDF being read, of several
        pdf = self.reader.pdf_of(paper_id, shown) if paper_id is not None else None
        if paper_id is None or pdf is None:
            missing = self.reader.missing_file(paper_id, shown) if paper_id is not None else None
            if missing is not None:
                self.session.message(
                    f"Cannot export: {missing}: the attached file is missing from the library "
                    "folder",
                    10_000,
                )
            else:
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

    def load_marks(self) -> None:
        if self.reader.paper_id is None or self.reader.doc is None:
            self.view.marks = []
            return
        try:
            paper = self.lib.get(self.reader.paper_id)
        except PapershelfError:
            return
        self._annotations = {a.id: a for a in paper.annotations}
        marks = []
        for a in paper.annotations:
            if a.page_index is None or not a.rects or a.page_index >= self.reader.doc.page_count:
                continue
            if a.attachment_id not in (None, self.reader.attachment_id):
                continue
            boxes = self._shown_boxes(a)
            color = a.color or DEFAULT_COLOR
            marks.append(Mark(a.id, a.page_index, boxes, color, in_file=a.external))
        self.view.marks = marks
        self.view.viewport().update()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.reader.paper_id is None:
            return
        if changes.every_paper or (
            self.reader.paper_id in changes.papers and PaperField.ANNOTATIONS in changes.fields
        ):
            self.load_marks()

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
        opened = self.reader.open_paper(a.paper_id, a.page_index, a.attachment_id)
        if not opened or self.reader.doc is None or a.page_index >= self.reader.doc.page_count:
            return
        self.view.reveal(a.page_index, self._shown_boxes(a))

    def _shown_boxes(self, a: Annotation) -> tuple[QRectF, ...]:
        """The annotation's rectangles (user space) as boxes of its page as shown."""
        doc = self.reader.doc
        assert doc is not None
        assert a.page_index is not None
        box, height = doc.page_box(a.page_index), doc.sizes[a.page_index].height()
        return tuple(layout.from_user_rect(r, box, height) for r in a.rects)
