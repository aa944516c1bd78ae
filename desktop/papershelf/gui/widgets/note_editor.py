"""The Markdown note editor: live preview, and autosave that never loses a keystroke."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QTextBrowser, QVBoxLayout, QWidget

AUTOSAVE_MS = 700


class _Edit(QPlainTextEdit):
    sig_focus_out = Signal()
    sig_escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.sig_escape.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.sig_focus_out.emit()
        super().focusOutEvent(event)


class NoteEditor(QWidget):
    """Saves `AUTOSAVE_MS` after typing stops, on focus loss, and when asked (`flush`)."""

    sig_save = Signal(int, str)
    """(paper id, note text): the note must be stored now."""

    sig_escape = Signal()
    """Esc in the editor (the note is saved first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _Edit(self)
        self.edit.setPlaceholderText("Notes (Markdown)…")
        self.edit.setAccessibleName("Note")
        self.edit.setTabChangesFocus(True)
        self.preview = QTextBrowser(self)
        self.preview.setOpenExternalLinks(False)
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName("Note preview")
        split = QSplitter(self)
        split.addWidget(self.edit)
        split.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._paper_id: int | None = None
        self._saved_text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self.edit.textChanged.connect(self._on_changed)
        self.edit.sig_focus_out.connect(self.flush)
        self.edit.sig_escape.connect(self._on_escape)

    def load(self, paper_id: int | None, text: str) -> None:
        """Show another paper's note, saving the current one first."""
        self.flush()
        self._paper_id = paper_id
        self._saved_text = text
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)
        self.edit.setEnabled(paper_id is not None)
        self._render()

    def is_dirty(self) -> bool:
        return self._paper_id is not None and self.edit.toPlainText() != self._saved_text

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self._timer.stop()
        if self.is_dirty() and self._paper_id is not None:
            text = self.edit.toPlainText()
            # Marked saved before the signal: saving refreshes the pane, which flushes again.
            self._saved_text = text
            self.sig_save.emit(self._paper_id, text)

    def mark_unsaved(self, text: str) -> None:
        """The save failed: keep the text and try again on the next change or flush."""
        if self._saved_text == text:
            self._saved_text = "\x00unsaved"

    def _on_escape(self) -> None:
        self.flush()
        self.sig_escape.emit()

    def _on_changed(self) -> None:
        self._render()
        self._timer.start()

    def _render(self) -> None:
        # QTextDocument's Markdown: no remote resources are loaded and nothing runs.
        self.preview.setMarkdown(self.edit.toPlainText())
