"""Resolve…: pick the record of a title-only paper among the candidates a search kept.

Shown when no candidate was confident enough to be taken on its own (docs/online.md). Keys:
1–9 pick a candidate, 0 says none of these is the paper, Esc leaves the choice for later.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def candidate_text(n: int, cand: dict[str, Any]) -> str:
    ident = f"arXiv:{cand['arxiv_id']}" if cand.get("arxiv_id") else f"doi:{cand.get('doi')}"
    authors = ", ".join(cand.get("authors") or [])
    if len(authors) > 80:
        authors = authors[:79] + "…"
    year = f" ({cand['year']})" if cand.get("year") else ""
    note = f" — {cand['problem']}" if cand.get("problem") else ""
    return (
        f"{n}. {cand.get('title', '')}{year}\n    {ident} · {authors} · {cand.get('service')}{note}"
    )


class ResolveDialog(QDialog):
    """The candidates of one paper; `choice` is the picked index, None for "none of these"."""

    def __init__(self, title: str, candidates: list[dict[str, Any]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Resolve Paper")
        self.choice: int | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Which record is <b>{html.escape(title)}</b>? Press 1–{min(9, len(candidates))} "
            "to pick one, 0 if none of them is it, Esc to decide later."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        for n, cand in enumerate(candidates, start=1):
            QListWidgetItem(candidate_text(n, cand), self.list)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._pick(self.list.currentRow()))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(self)
        use = QPushButton("Use This Record", self)
        none = QPushButton("None of These", self)
        buttons.addButton(use, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(none, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        use.clicked.connect(lambda: self._pick(self.list.currentRow()))
        none.clicked.connect(lambda: self._pick(None))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            n = int(text)
            if n == 0:
                self._pick(None)
                return
            if n <= self.list.count():
                self._pick(n - 1)
                return
        super().keyPressEvent(event)

    def _pick(self, index: int | None) -> None:
        self.choice = index
        self.done(QDialog.DialogCode.Accepted.value)
