"""A section of the detail pane: a header that folds its body, hidden when it has nothing.

Zotero 7's item pane works this way: Info, Abstract, Notes, Attachments, Related, each a
header with a caret and a count, each folding on a click, none drawn when empty.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from papershelf.gui import icons


class Section(QWidget):
    """`body` under a header: "▾ Notes   3"."""

    sig_toggled = Signal(bool)
    """The user folded (False) or unfolded (True) the section."""

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.body = body
        self.header = QToolButton(self)
        self.header.setText(title)
        self.header.setAutoRaise(True)  # flat: a title that folds, not a button in a box
        self._expanded = True
        self.header.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys reach the fields, not this
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setIconSize(QSize(12, 12))
        self.header.setAccessibleName(f"{title} (fold or unfold)")
        font = QFont(self.header.font())
        font.setBold(True)
        self.header.setFont(font)
        self.count = QLabel(self)
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.header)
        row.addWidget(self.count)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 2)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(body)
        body.setSizePolicy(QSizePolicy.Policy.Preferred, body.sizePolicy().verticalPolicy())
        self.header.clicked.connect(lambda: self.set_expanded(not self._expanded))
        self._show_caret()

    def is_expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        if expanded != self._expanded:
            self._expanded = expanded
            self._on_toggled(expanded)

    def set_count(self, n: int | None) -> None:
        """A muted number beside the title (None: none)."""
        self.count.setText(f"{n:,}" if n else "")

    def set_empty(self, empty: bool) -> None:
        """Nothing to show: the whole section, header included, is hidden."""
        self.setVisible(not empty)

    def reveal(self) -> None:
        """Show and unfold the section (a command or a key wants one of its fields)."""
        self.setVisible(True)
        self.set_expanded(True)

    def _on_toggled(self, on: bool) -> None:
        self.body.setVisible(on)
        self._show_caret()
        self.sig_toggled.emit(on)

    def _show_caret(self) -> None:
        key = "expanded" if self._expanded else "collapsed"
        self.header.setIcon(icons.icon(key, icons.Tone.MUTED))
