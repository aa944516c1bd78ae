"""The reader's commands: open a PDF, move, find, select with keys.

What a selection becomes (highlights, comments, quotes) is `HighlightController`'s. The reader
remembers each paper's place (`Library.save_reading_position`), moves a to-read paper to
reading when it is opened (setting `ui.reader_sets_reading`), and offers to mark a paper
read when it is closed on its last page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction

from papershelf.config.user_settings import load_user_settings
from papershelf.core.errors import PapershelfError
from papershelf.core.models import ReadingStatus
from papershelf.gui import icons
from papershelf.gui.actions import CommandRegistry
from papershelf.gui.controllers.highlights import HighlightController
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.controllers.pages import PagesController
from papershelf.gui.reader import selection
from papershelf.gui.reader.document import ReaderDocument
from papershelf.gui.reader.page import ReaderPage
from papershelf.gui.reader.positions import PositionStore
from papershelf.gui.reader.view import ZOOM_STEP, Position
from papershelf.gui.shell import Shell
from papershelf.library.attachments import attachment_path, attachments

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
        page.build_toolbar(
            [self._button(*spec) for spec in TOOLBAR_BEFORE],
            [self._button(*spec) for spec in TOOLBAR_AFTER],
        )
        page.sig_find.connect(self.find)
        self.view.search.sig_done.connect(self._show_hit_count)
        page.prompt.sig_cancelled.connect(page.focus_pages)
        page.offer.sig_answer.connect(self._on_offer)
        # The place is kept a few seconds after the page changes too, not only on leaving,
        # so a crash or a killed session loses little.
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_position)
        self.view.sig_page.connect(lambda _page: self._save_timer.start())
        self.view.sig_selection.connect(self._on_selection)
        shell.pages.currentChanged.connect(self._on_page_shown)
        shell.details.sig_done.connect(self._after_details)
        self.highlights = HighlightController(self)

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
        }
        return {**out, **self.highlights.commands()}

    # ------------------------------------------------------------------ opening, leaving
    def open_selected(self) -> None:
        """Enter or `o` in the list: read the paper's PDF here (else open its link outside)."""
        ids = self.lists.selected_ids()
        if not ids:
            return
        if self.pdf_of(ids[0]) is None:
            missing = self._missing_pdf(ids[0])
            if missing is not None:
                self.session.message(missing, 10_000)
                return
            self.session.message("No PDF attached: opening the paper's link instead", 4000)
            self.registry.trigger("paper.open")
            return
        self.open_paper(ids[0])

    def pdf_of(self, paper_id: int, attachment_id: int | None = None) -> tuple[int, Path] | None:
        """The paper's first PDF whose file is there (or that attachment's, if it is there)."""
        try:
            found = attachments(self.lib, paper_id)
        except PapershelfError:
            return None
        for attachment in found:
            if attachment_id is not None and attachment.id != attachment_id:
                continue
            path = attachment_path(self.lib, attachment)
            if path.is_file():
                return attachment.id, path
        return None

    def missing_file(self, paper_id: int, attachment_id: int | None = None) -> Path | None:
        """Where the file of the paper's first attached PDF that is gone should be.

        With `attachment_id`, that attachment's; None when its file is there, or no such.
        """
        try:
            for attachment in attachments(self.lib, paper_id):
                if attachment_id is not None and attachment.id != attachment_id:
                    continue
                path = attachment_path(self.lib, attachment)
                if not path.is_file():
                    return path
        except PapershelfError:
            return None
        return None

    def _missing_pdf(self, paper_id: int, attachment_id: int | None = None) -> str | None:
        """What to say when the paper has a PDF attached whose file is gone, else None."""
        path = self.missing_file(paper_id, attachment_id)
        if path is None:
            return None
        return (
            f"Could not open {path.name}: the file is missing ({path}); "
            "Paper → Attach PDF… attaches it again"
        )

    def open_paper(
        self, paper_id: int, page: int | None = None, attachment_id: int | None = None
    ) -> bool:
        """Show the paper's PDF in the reader, where it was left (or at `page`).

        A paper with several PDFs opens `attachment_id` if given (a highlight's own file),
        else the one last read, else the first.
        """
        saved = self.positions.load(paper_id)
        wanted = attachment_id
        if wanted is None and saved is not None:
            wanted = saved.attachment_id
        open_here = attachment_id is None or attachment_id == self.attachment_id
        if paper_id == self.paper_id and self.doc is not None and open_here:
            self._show()
            if page is not None:
                self.view.go_to(Position(page, 0.0))
            return True
        pdf = self.pdf_of(paper_id, wanted) if wanted is not None else None
        if pdf is None and attachment_id is None:
            pdf = self.pdf_of(paper_id)
        if pdf is None:
            missing = self._missing_pdf(paper_id, attachment_id)
            self.session.message(
                missing or "This paper has no PDF attached", 10_000 if missing else 4000
            )
            return False
        path = pdf[1]
        doc = ReaderDocument(str(path), self)
        if not doc.ok:
            problem = doc.problem
            doc.deleteLater()
            self.session.message(f"Could not open {path.name}: {problem}", 10_000)
            return False
        self.save_position()
        self._close_document()
        paper = self.lib.get(paper_id)
        self.paper_id, self.attachment_id, self.doc = paper_id, pdf[0], doc
        at = Position(0, 0.0)
        zoom = None
        if (
            saved is not None
            and saved.attachment_id in (None, pdf[0])
            and saved.page_index < doc.page_count
        ):
            at, zoom = Position(saved.page_index, saved.offset), saved.zoom
        if page is not None:
            at = Position(page, 0.0)
        self.page.set_document(doc, paper.title)
        self.view.set_document(doc, at, zoom)
        self.highlights.load_marks()
        self._show()
        if paper.status is ReadingStatus.TO_READ and load_user_settings().ui.reader_sets_reading:
            # Once the first page is on screen: the edit (and its index update) never
            # delays the page.
            self.view.sig_drawn.connect(
                partial(self._mark_reading, paper_id), Qt.ConnectionType.SingleShotConnection
            )
        return True

    def _mark_reading(self, paper_id: int, _page: int) -> None:
        from papershelf.library import ops

        if paper_id != self.paper_id or self._status() is not ReadingStatus.TO_READ:
            return
        if self.session.run(ops.SetStatus((paper_id,), ReadingStatus.READING)) is not None:
            self.session.message("Marked as Reading (u undoes)", 4000)

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
        from papershelf.library import ops

        if yes and self.paper_id is not None:
            self.session.run(ops.SetStatus((self.paper_id,), ReadingStatus.READ))
            self.session.message("Marked as Read (u undoes)", 4000)
        self.leave()

    def _after_details(self) -> None:
        """Esc or Enter in the detail pane while reading: the keys go back to the page.

        The list's handler (connected first) focused the list, which is hidden here, so no
        key did anything until a click on the page.
        """
        if self.shell.pages.currentWidget() is self.page:
            self.view.setFocus()

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
