"""The keyboard cheat sheet (`?`), generated from the command registry."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from papershelf.gui.actions import ACTIONS, _portable, plain_title


def cheatsheet_html() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(plain_title(s))}</td><td><b>{html.escape(_portable(s.keys))}"
        f"</b></td><td><b>{html.escape(_portable(s.list_keys))}</b></td>"
        f"<td><b>{html.escape(_portable(s.inbox_keys))}</b></td></tr>"
        for s in ACTIONS
    )
    return (
        "<h3>Keyboard</h3><p>Single keys work while the paper list has focus; Ctrl+K opens "
        "the command palette.</p><table cellpadding='3'><tr><th align='left'>Command</th>"
        "<th align='left'>Keys</th><th align='left'>In the list</th>"
        f"<th align='left'>In the Inbox</th></tr>{rows}</table>"
    )


class CheatSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard cheat sheet")
        self.resize(560, 640)
        self.text = QTextBrowser(self)
        self.text.setHtml(cheatsheet_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
