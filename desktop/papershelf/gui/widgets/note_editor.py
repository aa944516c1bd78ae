"""The Markdown note editor: edit, preview or both; autosave that never loses a keystroke.

One editor, three views the user picks from a small switch: Edit (the Markdown), Preview
(the rendered note, the view a note opens in), Split (both, side by side). Focusing the
editor (a click, Edit Note, a key) switches from Preview to Edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from papershelf.gui import icons
from papershelf.gui.pyside_workarounds import viewport
from papershelf.gui.widgets.safe_browser import SafeTextBrowser

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

# The text formats and cursors (QTextFormat alone has 116 enum values, built with the class)
# are imported to restyle a note's headings: a paper without a note needs none of them.

AUTOSAVE_MS = 700
RETRY_MS = 3000
"""How often notes the library refused (read-only folder, full disk, busy) are retried."""
_UNSAVED = "\x00unsaved"
MODES = (("edit", "Edit", "edit"), ("preview", "Preview", "preview"), ("split", "Split", "split"))
"""(mode, label, icon) of the editor's views."""
HEIGHT = 260
PREVIEW_MAX = 520


class _Edit(QPlainTextEdit):
    sig_focus_out = Signal()
    sig_escape = Signal()

    before_focus: Callable[[], None] | None = None

    def setFocus(self, *args: Any) -> None:
        # A command focuses the editor while the preview shows: switch to editing first.
        if self.before_focus is not None:
            self.before_focus()
        super().setFocus(*args)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.sig_escape.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.sig_focus_out.emit()
        super().focusOutEvent(event)


class _Preview(SafeTextBrowser):
    sig_edit = Signal()
    """A double click on the rendered note: edit it."""

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.sig_edit.emit()
        super().mouseDoubleClickEvent(event)


class NoteEditor(QWidget):
    """Saves `AUTOSAVE_MS` after typing stops, on focus loss, and when asked (`flush`).

    A save the library refuses is never dropped: the text stays in memory (also after
    moving to another paper, which then shows it again), a red "Not saved" line says so,
    and every `RETRY_MS` the editor tries again until the library takes it.
    """

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
        self.preview = _Preview(self)
        self.preview.setOpenExternalLinks(False)
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName("Note preview")
        self.preview.sig_edit.connect(lambda: self.edit.setFocus())
        split = QSplitter(self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.edit)
        split.addWidget(self.preview)
        split.setFixedHeight(HEIGHT)
        self._split = split
        self.reveal: Callable[[], None] | None = None
        """Shows the section the editor sits in (the detail pane sets it)."""
        self.edit.before_focus = self._before_focus
        self._mode = "edit"
        self._chosen: str | None = None  # a view the user picked with the switch
        self.mode_buttons: dict[str, QToolButton] = {}
        switch = QHBoxLayout()
        switch.setSpacing(0)
        group = QButtonGroup(self)
        for mode, label, icon in MODES:
            button = QToolButton(self)
            button.setText(label)
            button.setIcon(icons.icon(icon, icons.Tone.TEXT))
            button.setIconSize(QSize(14, 14))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{label} the note" if mode != "split" else "Edit and preview")
            button.clicked.connect(lambda _=False, m=mode: self.choose_mode(m))
            group.addButton(button)
            switch.addWidget(button)
            self.mode_buttons[mode] = button
        switch.addStretch(1)
        self.unsaved_label = QLabel(self)
        self.unsaved_label.setStyleSheet("color: #c0392b; font-weight: bold")
        self.unsaved_label.setAccessibleName("Note not saved")
        self.unsaved_label.setWordWrap(True)
        self.unsaved_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(switch)
        layout.addWidget(self.unsaved_label)
        layout.addWidget(split)
        self._show_mode("edit")
        self._paper_id: int | None = None
        self._saved_text = ""
        self._pending: dict[int, str] = {}  # refused saves, by paper id, until one succeeds
        self._failed = False
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry)
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
        if paper_id is not None and paper_id in self._pending:
            text, self._saved_text = self._pending[paper_id], _UNSAVED  # still to be saved
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)
        self.edit.setEnabled(paper_id is not None)
        self._render()
        # A note opens rendered; an empty one opens ready to type. A picked view stays.
        self._show_mode(self._chosen or ("preview" if text.strip() else "edit"))

    def mode(self) -> str:
        """What the editor shows: "edit", "preview" or "split"."""
        return self._mode

    def choose_mode(self, mode: str) -> None:
        """The user picked a view: it stays for the next notes too (Split, say)."""
        self._chosen = mode if mode == "split" else None
        self._show_mode(mode)
        if mode != "preview":
            self.edit.setFocus()

    def _show_mode(self, mode: str) -> None:
        self._mode = mode
        self.edit.setVisible(mode in ("edit", "split"))
        self.preview.setVisible(mode in ("preview", "split"))
        self.mode_buttons[mode].setChecked(True)
        self._fit()

    def _fit(self) -> None:
        """Preview: as tall as the note, up to `PREVIEW_MAX`; editing: a steady `HEIGHT`."""
        if self._mode != "preview":
            self._split.setFixedHeight(HEIGHT)
            return
        doc = self.preview.document()
        doc.setTextWidth(max(200, viewport(self.preview).width()))
        height = round(doc.size().height()) + 2 * self.preview.frameWidth() + 6
        self._split.setFixedHeight(max(80, min(PREVIEW_MAX, height)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _before_focus(self) -> None:
        if self.reveal is not None:
            self.reveal()
        if self._mode == "preview":
            self._show_mode("edit")

    def is_dirty(self) -> bool:
        return self._paper_id is not None and self.edit.toPlainText() != self._saved_text

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self._timer.stop()
        if self.is_dirty() and self._paper_id is not None:
            pid, text = self._paper_id, self.edit.toPlainText()
            # Marked saved before the signal: saving refreshes the pane, which flushes again.
            self._saved_text = text
            if self._save(pid, text):
                self._pending.pop(pid, None)
            else:
                self._pending[pid] = text
        self._show_state()

    def retry(self) -> None:
        """Try every refused save again: the current note and those of papers left behind."""
        self.flush()
        for pid, text in list(self._pending.items()):
            if pid != self._paper_id and self._save(pid, text):
                del self._pending[pid]
        self._show_state()

    def unsaved_notes(self) -> dict[int, str]:
        """Notes the library has refused so far, by paper id (the window asks before closing)."""
        return dict(self._pending)

    def mark_unsaved(self, text: str) -> None:
        """The save failed: keep the text, say so, and retry (called by the save's handler)."""
        self._failed = True
        if self._saved_text == text:
            self._saved_text = _UNSAVED

    def _save(self, paper_id: int, text: str) -> bool:
        self._failed = False
        self.sig_save.emit(paper_id, text)
        return not self._failed

    def _show_state(self) -> None:
        n = len(self._pending)
        if n:
            what = "This note is" if n == 1 else f"{n} notes are"
            self.unsaved_label.setText(
                f"{what} NOT SAVED: the library refused the change. Kept here; "
                f"retrying every {RETRY_MS // 1000} s."
            )
            if not self._retry.isActive():
                self._retry.start()
        else:
            self._retry.stop()
        self.unsaved_label.setVisible(bool(n))

    def _on_escape(self) -> None:
        self.flush()
        if self._mode == "edit" and self._chosen is None and self.edit.toPlainText().strip():
            self._show_mode("preview")  # done typing: show the note as it reads
        self.sig_escape.emit()

    def _on_changed(self) -> None:
        self._render()
        self._timer.start()

    def _render(self) -> None:
        # QTextDocument's Markdown: no remote resources are loaded and nothing runs.
        text = self.edit.toPlainText()
        self.preview.setMarkdown(text)
        if text.strip():  # (an empty note has no headings)
            _calm_headings(self.preview.document(), self.preview.font().pointSizeF())
        if self._mode == "preview":
            self._fit()


HEADING_SCALE = {1: 1.3, 2: 1.15, 3: 1.05}
"""A note's headings in a narrow pane: a step above the text, not Qt's poster sizes."""


def _calm_headings(doc: QTextDocument, base: float) -> None:
    from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextFormat

    block = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            cursor = QTextCursor(block)
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            fmt = QTextCharFormat()
            fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, 0)
            fmt.setFontPointSize(base * HEADING_SCALE.get(level, 1.0))
            fmt.setFontWeight(QFont.Weight.Bold)
            cursor.mergeCharFormat(fmt)
        block = block.next()
