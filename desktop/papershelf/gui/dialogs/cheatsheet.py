"""The keyboard cheat sheet (`?`), generated from the commands and the keys in force."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from papershelf.gui.commands import COMMANDS
from papershelf.gui.keymap import DEFAULT_KEYS, MODES, Bindings, native


def cheatsheet_html(bindings: Bindings = DEFAULT_KEYS) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(s.plain_title)}</td>"
        + "".join(
            # Never broken inside a key: a narrow column read "Ctrl+Shift+" over "E".
            "<td style='white-space:nowrap'>"
            f"<b>{html.escape(native(tuple(bindings.get(mode, {}).get(s.id, ()))))}</b></td>"
            for mode, _ in MODES
        )
        + "</tr>"
        for s in COMMANDS
    )
    heads = "".join(f"<th align='left'>{html.escape(name)}</th>" for _, name in MODES)
    return (
        "<h3>Keyboard</h3><p>Single keys work while their page has focus (a letter is "
        "the letter as typed: <b>t</b>, not Shift+T); Ctrl+K opens the command palette.</p>"
        "<table cellpadding='3'><tr><th align='left'>Command</th>"
        f"{heads}</tr>{rows}</table>"
    )


class CheatSheet(QDialog):
    def __init__(self, bindings: Bindings = DEFAULT_KEYS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard cheat sheet")
        self.resize(960, 680)  # seven columns: at 640 px most names and keys wrapped
        self.text = QTextBrowser(self)
        self.text.setHtml(cheatsheet_html(bindings))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
