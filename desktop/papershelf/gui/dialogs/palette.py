"""The command palette: every command by fuzzy name, and papers by title."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from papershelf.gui.commands import COMMANDS, CommandSpec

MAX_PAPERS = 8


@dataclass(frozen=True)
class Choice:
    kind: str  # "command" or "paper"
    key: str | int  # action id or paper id
    label: str
    hint: str


def fuzzy_score(query: str, text: str) -> int | None:
    """Higher is better; None if the query's letters do not appear in order in `text`.

    Word starts and consecutive letters score more, as in editors' "go to anything".
    """
    q, t = query.casefold(), text.casefold()
    if not q:
        return 0
    score, pos, prev = 0, 0, -2
    for ch in q:
        if ch == " ":
            continue
        found = t.find(ch, pos)
        if found < 0:
            return None
        if found == 0 or not t[found - 1].isalnum():
            score += 8
        if found == prev + 1:
            score += 5
        score -= min(found - pos, 4)
        prev, pos = found, found + 1
    return score - len(t) // 8  # among equal matches, the shorter title


EXACT = 1000
WHOLE_WORDS = 500
RECENT = 100
"""Tiers: an exact name, then names holding every typed word whole, then the rest; being
recent lifts a command within its tier only (RECENT < WHOLE_WORDS), so "mark as read"
runs Mark as Read even right after Mark as Reading."""


def match_tier(query: str, text: str) -> int:
    """How closely `text` names what was typed: EXACT, about WHOLE_WORDS, or 0.

    Among names holding every typed word whole, the one with fewer other words is closer.
    """
    q, t = _words(query), _words(text)
    if not q:
        return 0
    if q == t:
        return EXACT
    if not set(q) <= set(t):
        return 0
    return WHOLE_WORDS - min(len(t) - len(set(q)), RECENT // 2)


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text.casefold()).split()


class CommandPalette(QDialog):
    """Type to filter; Enter runs the command or jumps to the paper; Esc closes."""

    def __init__(
        self,
        recent: Sequence[str],
        find_papers: Callable[[str], list[tuple[int, str]]],
        enabled: Callable[[CommandSpec], bool],
        parent: QWidget | None = None,
        hint: Callable[[str], str] = lambda _id: "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setMinimumWidth(560)
        self._recent = list(recent)
        self._find_papers = find_papers
        self._enabled = enabled
        self._hint = hint
        self.chosen: Choice | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type a command, or a paper's title…")
        self.edit.setAccessibleName("Command or paper")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Matches")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.textChanged.connect(self._refresh)
        self.edit.returnPressed.connect(self._accept_current)
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self.edit.installEventFilter(self)
        self._refresh("")

    def choices(self) -> list[Choice]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _refresh(self, text: str) -> None:
        text = text.strip()
        scored: list[tuple[int, int, CommandSpec]] = []
        for order, spec in enumerate(COMMANDS):
            if not self._enabled(spec):
                continue
            score = fuzzy_score(text, spec.plain_title)
            if score is None:
                continue
            score += match_tier(text, spec.plain_title)
            if spec.id in self._recent:  # recent commands first, within their tier
                score += max(1, RECENT - self._recent.index(spec.id))
            scored.append((score, -order, spec))
        scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
        items = [Choice("command", s.id, s.plain_title, self._hint(s.id)) for _, _, s in scored]
        if len(text) >= 2:
            items += [
                Choice("paper", pid, title, "paper")
                for pid, title in self._find_papers(text)[:MAX_PAPERS]
            ]
        self.list.clear()
        for choice in items:
            item = QListWidgetItem(f"{choice.label}    {choice.hint}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, choice)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.accept()

    def eventFilter(self, watched: object, event: object) -> bool:
        # Up/Down move in the list while typing continues in the line edit.
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return True
        return False
