"""The reader page: a toolbar (page field, zoom, find), the page view, and two inline bars.

The bars are not dialogs, so reading never stops for them: one takes a comment for the
selection (`c`), the other offers to mark the paper read when it is closed on its last page.
Both are reached and answered with keys (Enter, Esc).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtPdf import QPdfBookmarkModel
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from papershelf.gui.reader.document import ReaderDocument
from papershelf.gui.reader.thumbnails import Thumbnails
from papershelf.gui.reader.view import PageView, Position


class _Line(QLineEdit):
    """A line edit that reports Esc (to give the keys back to the pages)."""

    sig_escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.sig_escape.emit()
            return
        super().keyPressEvent(event)


class PromptBar(QFrame):
    """One line of input under the pages: Enter answers, Esc cancels."""

    sig_done = Signal(str)
    sig_cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader-prompt")
        self.label = QLabel(self)
        self.edit = _Line(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.edit, 1)
        self.edit.returnPressed.connect(lambda: self._finish(True))
        self.edit.sig_escape.connect(lambda: self._finish(False))
        self.hide()

    def ask(self, label: str, text: str = "") -> None:
        self.label.setText(label)
        self.edit.setText(text)
        self.edit.setAccessibleName(label.rstrip(":"))
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def _finish(self, ok: bool) -> None:
        self.hide()
        if ok:
            self.sig_done.emit(self.edit.text())
        else:
            self.sig_cancelled.emit()


class OfferBar(QFrame):
    """A question with two buttons under the pages (Enter: yes, Esc: no)."""

    sig_answer = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader-offer")
        self.label = QLabel(self)
        self.yes = QPushButton(self)
        self.no = QPushButton("Not Now", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        self.yes.setDefault(True)
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))
        self.hide()

    def offer(self, text: str, yes: str) -> None:
        self.label.setText(text)
        self.yes.setText(yes)
        self.show()
        self.yes.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._answer(False)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._answer(self.focusWidget() is not self.no)
        else:
            super().keyPressEvent(event)

    def _answer(self, yes: bool) -> None:
        self.hide()
        self.sig_answer.emit(yes)


class ReaderPage(QWidget):
    """Everything the reader shows; the controller decides what it does."""

    sig_find = Signal(str)
    """The user asked to find this text (Enter in the find field)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.view = PageView(self)
        self.doc: ReaderDocument | None = None
        self.toolbar = QWidget(self)
        self.toolbar.setObjectName("reader-toolbar")
        self.toolbar_row = QHBoxLayout(self.toolbar)
        self.toolbar_row.setContentsMargins(4, 2, 4, 2)
        self.title = QLabel(self)
        self.title.setObjectName("reader-title")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.page_field = _Line(self)
        self.page_field.setAccessibleName("Page")
        self.page_field.setFixedWidth(64)
        self.page_field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_total = QLabel(self)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(48)
        self.find_field = _Line(self)
        self.find_field.setAccessibleName("Find in the PDF")
        self.find_field.setPlaceholderText("Find in the PDF ( / )")
        self.find_field.setClearButtonEnabled(True)
        self.hits_label = QLabel(self)
        self.find_bar = QWidget(self)
        self.find_bar.setObjectName("reader-find")
        find_row = QHBoxLayout(self.find_bar)
        find_row.setContentsMargins(8, 2, 8, 2)
        find_row.addWidget(QLabel("Find:", self))
        find_row.addWidget(self.find_field, 1)
        find_row.addWidget(self.hits_label)
        self.find_bar.hide()
        self.outline = QTreeView(self)
        self.outline.setAccessibleName("Outline")
        self.outline.setHeaderHidden(True)
        self.thumbnails = Thumbnails(self)
        self.side = QTabWidget(self)
        self.side.setObjectName("reader-side")
        self.side.setDocumentMode(True)
        self.side.addTab(self.thumbnails, "Pages")
        self.side.addTab(self.outline, "Outline")
        self.side.hide()
        self.prompt = PromptBar(self)
        self.offer = OfferBar(self)
        split = QSplitter(self)
        split.addWidget(self.side)
        split.addWidget(self.view)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.find_bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.offer)
        self.page_field.returnPressed.connect(self._on_page_typed)
        self.page_field.sig_escape.connect(self._on_page_cancelled)
        self.find_field.returnPressed.connect(lambda: self.sig_find.emit(self.find_field.text()))
        self.find_field.sig_escape.connect(self.close_find)
        self.view.sig_page.connect(self._show_page)
        self.view.sig_zoom.connect(lambda z: self.zoom_label.setText(f"{round(z * 100)} %"))
        self.outline.activated.connect(self._on_outline)
        self.outline.clicked.connect(self._on_outline)
        self.thumbnails.sig_page.connect(self._go_to_page)
        self.outline.installEventFilter(self)
        self.thumbnails.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the page thumbnails or the outline gives the keys back to the pages.

        The reader's keys are the page view's, so without this a user who opened the side
        panel with `o` had no key that left it (Esc did nothing; `o` went to the list's
        type-ahead search).
        """
        if (
            watched in (self.outline, self.thumbnails)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.focus_pages()
            return True
        return super().eventFilter(watched, event)

    def build_toolbar(self, before: list[QAction], after: list[QAction]) -> None:
        """Lay the toolbar out around the fields.

        The buttons are the commands' own actions, so a button and its key run the same
        command. A row of buttons, not a QToolBar: a narrow window squeezes the title
        instead of hiding the page field in an overflow menu.
        """
        row = self.toolbar_row
        for action in before:
            row.addWidget(self._tool_button(action))
        row.addWidget(self.title, 1)
        row.addWidget(self.page_field)
        row.addWidget(self.page_total)
        row.addSpacing(12)
        for action in after:
            row.addWidget(self._tool_button(action))
            if action.objectName() == "reader.zoom_out":
                row.addWidget(self.zoom_label)

    def _tool_button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def set_document(self, doc: ReaderDocument | None, title: str) -> None:
        self.doc = doc
        self.title.setText(title)
        self.title.setToolTip(title)
        self.page_total.setText(f" of {doc.page_count}" if doc else "")
        self.hits_label.clear()
        self.find_field.clear()
        self.find_bar.hide()
        self.prompt.hide()
        self.offer.hide()
        model = doc.outline() if doc else None
        self.outline.setModel(model)
        if model is not None:
            self.outline.expandToDepth(0)
        self.side.setTabEnabled(1, self.has_outline())
        self.thumbnails.set_document(doc)
        if self.side.isVisible():
            self.thumbnails.render_from(0)

    def has_outline(self) -> bool:
        return self.doc is not None and self.outline.model().rowCount() > 0

    def toggle_side(self) -> None:
        """Show the page thumbnails and the outline (its tab first when the PDF has one)."""
        if self.side.isVisible():
            self.side.hide()
            self.focus_pages()
            return
        self.side.show()
        self.side.setCurrentIndex(1 if self.has_outline() else 0)
        self.thumbnails.show_page(self.view.current_page())
        self.side.currentWidget().setFocus()

    def focus_pages(self) -> None:
        self.view.setFocus()

    def focus_find(self) -> None:
        self.find_bar.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_find(self) -> None:
        """Esc in the find field: the bar goes, the matches stay until Esc on the pages."""
        if not self.find_field.text():
            self.find_bar.hide()
        self.focus_pages()

    def focus_page_field(self) -> None:
        self.page_field.setFocus()
        self.page_field.selectAll()

    def _show_page(self, page: int) -> None:
        if self.doc is not None and not self.page_field.hasFocus():
            self.page_field.setText(self.doc.label(page))
        if self.side.isVisible():
            self.thumbnails.show_page(page)

    def _on_page_typed(self) -> None:
        if self.doc is None:
            return
        page = self.doc.page_of_label(self.page_field.text())
        if page is not None:
            self.view.go_to(Position(page, 0.0))
        self._show_page(self.view.current_page())
        self.focus_pages()

    def _on_page_cancelled(self) -> None:
        """Esc in the page field: back to the pages, the field naming the page shown again."""
        self.focus_pages()
        self._show_page(self.view.current_page())

    def _on_outline(self, index: QModelIndex) -> None:
        page = index.data(int(QPdfBookmarkModel.Role.Page))
        if isinstance(page, int) and page >= 0:
            self._go_to_page(page)

    def _go_to_page(self, page: int) -> None:
        self.view.go_to(Position(page, 0.0))
        self.focus_pages()

    def shutdown(self) -> None:
        """Stop both render threads (the window closes)."""
        self.thumbnails.shutdown()
        self.view.shutdown()
