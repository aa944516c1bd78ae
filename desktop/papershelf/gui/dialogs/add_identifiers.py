"""Add by Identifier…: a box for arXiv ids, paper URLs and DOIs, and how results are worded.

The dialog only collects the inputs; the window looks them up in a worker (`gui/adding.py`)
and reports one line per input in its import-report area, worded here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from papershelf.library.lookup import AddItem, AddReport

PROMPT = "arXiv ids, arXiv/Hugging Face/doi.org URLs or DOIs, one per line"
EXAMPLES = (
    "2104.12255\nhttps://huggingface.co/papers/2410.17243\n10.1038/srep16696\n"
    "https://arxiv.org/abs/1706.03762v5"
)
# A trailing comment after whitespace, as identifier lists allow: "2401.12345  # read first".
_TRAILING_COMMENT_RE = re.compile(r"\s+#.*$")


def split_inputs(text: str) -> list[str]:
    """The inputs in typed or pasted text: one per line or per whitespace-separated word.

    Blank lines and `#` comments are dropped; a line naming an existing file (a PDF path
    with spaces) is kept whole.
    """
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if Path(line).expanduser().is_file():
            out.append(line)
            continue
        out.extend(_TRAILING_COMMENT_RE.sub("", line).split())
    return out


def result_line(item: AddItem) -> str:
    """What happened to one input, as the user reads it."""
    paper = f"#{item.paper_id} {item.title}" if item.paper_id is not None else item.input
    note = f" ({item.message})" if item.message else ""
    if item.status == "added":
        return f"added: {paper}{note}"
    if item.status == "merged":
        return f"already in the library: {paper}"
    if item.status == "pending":
        return f"pending — will be filled in when online: {item.input}{note}"
    return f"failed: {item.input}: {item.message or 'unknown error'}"


def summary(report: AddReport) -> str:
    """One line for the status area: counts, or the single input's own line."""
    if len(report.items) == 1:
        return result_line(report.items[0])
    n = {s: sum(i.status == s for i in report.items) for s in _WORDS}
    parts = [_WORDS[s].format(n[s]) for s in _WORDS if n[s]]
    text = ", ".join(parts) or "Nothing to add"
    return text[0].upper() + text[1:]


_WORDS = {
    "added": "added {}",
    "merged": "{} already in the library",
    "pending": "{} pending (filled in when online)",
    "failed": "{} failed",
}


def summary_html(report: AddReport) -> str:
    """The status-area text with a link to every input's line."""
    bad = any(i.status == "failed" for i in report.items)
    text = html.escape(summary(report))
    if bad:
        text = f'<span style="color:#c62828">{text}</span>'
    return f'{text} — <a href="add-details">details</a>'


class AddIdentifiersDialog(QDialog):
    """Collects identifiers; Ctrl+Return (or the Add button) accepts."""

    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Add by Identifier")
        self.resize(560, 300)
        label = QLabel(PROMPT, self)
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setAccessibleName("Identifiers")
        self.edit.setPlaceholderText(EXAMPLES)
        self.edit.setTabChangesFocus(True)
        self.edit.setPlainText(text)
        label.setBuddy(self.edit)
        hint = QLabel(
            "Each is looked up on arXiv, Hugging Face or Crossref. Offline, the paper is "
            "added anyway and filled in later.",
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)  # the palette's dimmed text colour
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = QPushButton("Add", self)
        self.add_button.setDefault(True)
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._update)
        self._update()
        self.edit.setFocus()

    def inputs(self) -> list[str]:
        return split_inputs(self.edit.toPlainText())

    def accept(self) -> None:
        if self.inputs():  # Ctrl+Return on an empty box does nothing
            super().accept()

    def _update(self) -> None:
        n = len(self.inputs())
        self.add_button.setEnabled(n > 0)
        self.add_button.setText(f"Add {n}" if n > 1 else "Add")
