"""The Duplicates page: groups of papers that may be one work, compared field by field.

The user picks the paper to keep (the master, keys 1–9 or a click on its column) and, per
field, whose value the kept paper gets (←/→ and Space, or a click on the value); the
controller then merges with `MergeDuplicates` or records "not a duplicate" with
`NotDuplicates`. This widget only shows the groups and keeps the choices.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.duplicates import DuplicateGroup
from papershelf.core.fields import EDITABLE_FIELDS, LIST_FIELDS
from papershelf.core.models import Paper
from papershelf.gui.widgets.info_section import INFO_FIELDS, display_text, field_label
from papershelf.library import Library

COMPARED: tuple[str, ...] = tuple(
    name for name in (*(f.name for f in INFO_FIELDS), "abstract") if name in EDITABLE_FIELDS
)
"""The fields shown (and chosen) per group, in the Info section's order."""

DIFFER = QColor(255, 179, 0, 60)  # translucent amber: legible on light and dark palettes
CHOSEN = QColor(76, 175, 80, 90)
ABSTRACT_CHARS = 240
HINT = (
    "j/k group · 1–9 keep that paper · ←/→ and Space (or a click) pick a field's value · "
    "m merge · n not duplicates · u undo"
)


def _value(paper: Paper, name: str) -> Any:
    value = getattr(paper, name)
    return list(value) if name in LIST_FIELDS else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _cell_text(paper: Paper, name: str) -> str:
    text = display_text(paper, name).replace("\n", "; ")
    if name == "abstract" and len(text) > ABSTRACT_CHARS:
        return text[: ABSTRACT_CHARS - 1].rstrip() + "…"
    return text


class DuplicatesView(QWidget):
    sig_merge = Signal()
    """The Merge button: merge the shown group as chosen."""

    sig_not_duplicates = Signal()
    """The "Not duplicates" button: remember that the shown group's papers differ."""

    def __init__(self, lib: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lib = lib
        self._groups: list[DuplicateGroup] = []
        self._papers: list[Paper] = []
        self._fields: list[str] = []
        self._master = 0
        self._choice: dict[str, int] = {}
        self.setAccessibleName("Duplicates")

        title = QLabel("Possible duplicates", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.summary = QLabel(self)
        self.groups = QListWidget(self)
        self.groups.setAccessibleName("Duplicate groups")
        self.groups.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys are heard by the table
        self.groups.setWordWrap(True)
        self.groups.currentRowChanged.connect(self._show_group)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(self)
        self.table.setAccessibleName("Papers of the group, field by field")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableWidget::item { padding: 3px 6px; }")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().sectionClicked.connect(self.set_master)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.cellClicked.connect(lambda row, column: self.choose(row, column))
        self.merge_button = QPushButton("Merge", self)
        self.not_button = QPushButton("Not duplicates", self)
        self.merge_button.clicked.connect(self.sig_merge.emit)
        self.not_button.clicked.connect(self.sig_not_duplicates.emit)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")

        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.not_button)
        buttons.addWidget(self.merge_button)
        detail = QWidget(self)
        dlayout = QVBoxLayout(detail)
        dlayout.setContentsMargins(0, 0, 0, 0)
        dlayout.addWidget(self.reason)
        dlayout.addWidget(self.table, 1)
        dlayout.addLayout(buttons)
        split = QSplitter(self)
        split.addWidget(self.groups)
        split.addWidget(detail)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    # ------------------------------------------------------------------ groups
    def reload(self) -> None:
        """Read the groups again, keeping the selected one (or its place) when it is gone."""
        current = self.current_group()
        row = max(self.groups.currentRow(), 0)
        self._groups = self._lib.duplicate_groups()
        titles = {
            p.id: p.title
            for p in self._lib.get_many([g.paper_ids[0] for g in self._groups], details=False)
        }
        self.groups.blockSignals(True)
        self.groups.clear()
        for group in self._groups:
            title = titles.get(group.paper_ids[0], "")
            item = QListWidgetItem(f"{title}\n{len(group.paper_ids)} papers · {group.reason}")
            item.setToolTip(group.reason)
            self.groups.addItem(item)
        self.groups.blockSignals(False)
        if current is not None and current in self._groups:
            row = self._groups.index(current)
        n = len(self._groups)
        self.summary.setText(
            f"{n} group{'s' if n != 1 else ''} to review"
            if n
            else "No possible duplicates: imports list papers that may be one work here."
        )
        if n:
            self.groups.setCurrentRow(min(row, n - 1))
        self._show_group(self.groups.currentRow() if n else -1)

    def group_count(self) -> int:
        return len(self._groups)

    def current_group(self) -> DuplicateGroup | None:
        row = self.groups.currentRow()
        return self._groups[row] if 0 <= row < len(self._groups) else None

    def step(self, delta: int) -> None:
        """Show the next (1) or previous (-1) group."""
        if self._groups:
            row = self.groups.currentRow() + delta
            self.groups.setCurrentRow(max(0, min(row, len(self._groups) - 1)))

    def _show_group(self, row: int) -> None:
        group = self._groups[row] if 0 <= row < len(self._groups) else None
        order = list(group.paper_ids) if group else []
        by_id = {p.id: p for p in self._lib.get_many(order)} if order else {}
        self._papers = [by_id[pid] for pid in order if pid in by_id]
        self._fields = [
            name
            for name in COMPARED
            if any(not _empty(_value(p, name)) for p in self._papers) or name == "title"
        ]
        self.reason.setText(f"Why: {group.reason}" if group else "")
        for w in (self.merge_button, self.not_button):
            w.setEnabled(len(self._papers) > 1)
        self.set_master(0)

    # ------------------------------------------------------------------ choices
    def papers(self) -> list[Paper]:
        """The shown group's papers, one per column."""
        return list(self._papers)

    def master_id(self) -> int | None:
        return self._papers[self._master].id if self._papers else None

    def other_ids(self) -> tuple[int, ...]:
        return tuple(p.id for n, p in enumerate(self._papers) if n != self._master)

    def set_master(self, column: int) -> None:
        """Keep the paper in `column`; each field starts with its value (others fill gaps)."""
        if self._papers and not 0 <= column < len(self._papers):
            return
        self._master = column if self._papers else 0
        self._choice = {}
        for name in self._fields:
            filled = [n for n, p in enumerate(self._papers) if not _empty(_value(p, name))]
            self._choice[name] = self._master if self._master in filled or not filled else filled[0]
        self._render()

    def choose(self, row: int, column: int) -> None:
        """The kept paper gets the value of `column`'s paper for the field in `row`."""
        if 0 <= row < len(self._fields) and 0 <= column < len(self._papers):
            self._choice[self._fields[row]] = column
            self._render()
            self.table.setCurrentCell(row, column)

    def choose_current(self) -> None:
        self.choose(self.table.currentRow(), self.table.currentColumn())

    def chosen(self, name: str) -> int | None:
        """The column whose value `name` gets (None: the field is not shown)."""
        return self._choice.get(name)

    def merge_values(self) -> dict[str, Any]:
        """The fields whose chosen value differs from the kept paper's own."""
        if not self._papers:
            return {}
        master = self._papers[self._master]
        out: dict[str, Any] = {}
        for name, column in self._choice.items():
            value = _value(self._papers[column], name)
            if value != _value(master, name):
                out[name] = value
        return out

    def _render(self) -> None:
        current = (self.table.currentRow(), self.table.currentColumn())
        papers, fields = self._papers, self._fields
        entry_type = papers[self._master].entry_type if papers else None
        self.table.clear()
        self.table.setColumnCount(len(papers))
        self.table.setRowCount(len(fields))
        self.table.setHorizontalHeaderLabels(
            [
                f"Paper {n + 1} · #{p.id}" + (" — kept" if n == self._master else "")
                for n, p in enumerate(papers)
            ]
        )
        self.table.setVerticalHeaderLabels([field_label(f, entry_type) for f in fields])
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, name in enumerate(fields):
            values = [_value(p, name) for p in papers]
            differ = any(v != values[0] for v in values)
            for column, paper in enumerate(papers):
                item = QTableWidgetItem(_cell_text(paper, name))
                item.setToolTip(display_text(paper, name))
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                picked = self._choice.get(name) == column
                if differ:
                    item.setBackground(QBrush(CHOSEN if picked else DIFFER))
                    if picked:
                        item.setFont(bold)
                        item.setText(f"✓ {item.text()}")
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if fields and papers:
            self.table.setCurrentCell(
                max(0, min(current[0], len(fields) - 1)),
                max(0, min(current[1], len(papers) - 1)),
            )

    def focus(self) -> None:
        self.table.setFocus()
