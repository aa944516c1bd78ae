"""The search bar: a line edit with the result count, "did you mean" and inline errors."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

# A full ranked search runs when typing pauses this long (or on Enter).
FULL_SEARCH_DELAY_MS = 350
MIN_CHARS = 2
ERROR_SHARE = 0.4
"""The most of the bar's width a query's error message takes (the field keeps the rest)."""


class _SearchEdit(QLineEdit):
    """The bar's line edit; `on_key` sees each key press first (True: it took the key).

    A key handler rather than an event filter: PySide builds every QEvent subclass (~3 ms)
    before the first bare QEvent it hands to a Python `eventFilter`, and the filter would
    see every event of the edit on the way to the first paint (issue 21).
    """

    def __init__(self, parent: QWidget, on_key: Callable[[QKeyEvent], bool]) -> None:
        super().__init__(parent)
        self._on_key = on_key

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._on_key(event):
            super().keyPressEvent(event)


class _Status(QLabel):
    """The count, "did you mean" or an error beside the field; Tab lands on its link."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            # On the link itself, so Enter takes it (a label's first Tab stop is no link).
            self.focusNextPrevChild(reason == Qt.FocusReason.TabFocusReason)


class SearchBar(QWidget):
    """Emits a fast "typing" search on every keystroke and a full search when typing pauses."""

    sig_search = Signal(str, str)
    """(text, mode): mode is "typing" or "full"; empty text means "show the list"."""

    sig_suggestion_clicked = Signal(str)

    sig_escape = Signal()
    """Esc in the bar: back to the list."""

    sig_paste_lines = Signal(str)
    """Text of several lines was pasted: a listing to import, most likely (the window asks)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _SearchEdit(self, self._on_key)
        self.edit.setPlaceholderText("Search titles, authors, tags, notes…  (see docs/search.md)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Search")
        self.status = _Status(self)
        self.status.setAccessibleName("Search status")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setMinimumWidth(220)
        self.status.linkActivated.connect(self._on_link)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        self._full_timer = QTimer(self)
        self._full_timer.setSingleShot(True)
        self._full_timer.setInterval(FULL_SEARCH_DELAY_MS)
        self._full_timer.timeout.connect(self._run_full)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.returnPressed.connect(self._run_full)

    def _on_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self._run_full()
            self.sig_escape.emit()
            return True
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if len(text.strip().splitlines()) > 1:
                self.sig_paste_lines.emit(text)
                return True
        return False

    def paste_as_search(self, text: str) -> None:
        """Paste `text` as one line (a line edit would keep its line breaks, unseen)."""
        self.edit.insert(" ".join(text.split()))

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self._run_full()

    def _on_text_changed(self, _text: str) -> None:
        text = self.text()
        self._set_error(False)
        if not text:
            self._full_timer.stop()
            self.status.clear()
            self.sig_search.emit("", "full")
            return
        if len(text) < MIN_CHARS:
            # One letter matches nearly everything: show the whole list until the next one.
            self._full_timer.stop()
            self.sig_search.emit("", "full")
            self.status.setText("keep typing…")
            return
        self.sig_search.emit(text, "typing")
        self._full_timer.start()

    def _run_full(self) -> None:
        self._full_timer.stop()
        text = self.text()
        if len(text) >= MIN_CHARS:
            self.sig_search.emit(text, "full")

    # ---------------------------------------------------------------- feedback
    def show_count(self, total: int, exact: bool, suggestion: str | None) -> None:
        about = "" if exact else "about "
        parts = [f"{about}{total:,} result{'s' if total != 1 else ''}"]
        if suggestion:
            parts.append(f'did you mean <a href="{suggestion}">{suggestion}</a>?')
        self._set_error(False)
        self.status.setText(" · ".join(parts))
        if suggestion:
            # "did you mean" by keys too: Tab from the field reaches the link, Enter takes it.
            self.status.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )

    def show_error(self, message: str) -> None:
        """A malformed query: a red hint beside the bar, never a dialog.

        A long message (an unknown field lists every known one) is cut to fit beside the
        bar, whole in its tooltip: at full length it squeezed the search field to a
        fifth of its width while the user was typing in it.
        """
        self._set_error(True)
        most = max(self.status.minimumWidth(), int(self.width() * ERROR_SHARE))
        shown = self.status.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, most)
        self.status.setText(f'<span style="color:#c62828">{_escape(shown)}</span>')
        self.status.setToolTip(message if shown != message else "")

    def _set_error(self, error: bool) -> None:
        self.edit.setStyleSheet("QLineEdit { border: 1px solid #c62828; }" if error else "")
        self.edit.setProperty("invalid", error)
        if not error:
            self.status.setToolTip("")  # the whole of an error message no longer shown
        if self.status.focusPolicy() != Qt.FocusPolicy.NoFocus:  # a suggestion was shown
            self.status.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            self.status.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop without a link

    def _on_link(self, suggestion: str) -> None:
        self.edit.setText(suggestion)
        self.edit.setFocus()  # typing goes on in the field (the link is gone)
        self._run_full()
        self.sig_suggestion_clicked.emit(suggestion)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
