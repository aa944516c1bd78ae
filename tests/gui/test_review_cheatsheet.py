"""The cheat sheet never breaks a key in two ("Ctrl+Shift+" over "E")."""

from __future__ import annotations

from papershelf.gui.dialogs.cheatsheet import CheatSheet
from papershelf.gui.keymap import DEFAULT_KEYS
from PySide6.QtGui import QTextTable
from pytestqt.qtbot import QtBot


def _cell_lines(sheet: CheatSheet) -> dict[str, list[str]]:
    """The text of each key cell, line by line as laid out."""
    doc = sheet.text.document()
    table = next(frame for frame in doc.rootFrame().childFrames() if isinstance(frame, QTextTable))
    out: dict[str, list[str]] = {}
    for row in range(1, table.rows()):
        for column in range(1, table.columns()):
            block = table.cellAt(row, column).firstCursorPosition().block()
            layout, text = block.layout(), block.text()
            lines = [
                text[line.textStart() : line.textStart() + line.textLength()]
                for line in (layout.lineAt(i) for i in range(layout.lineCount()))
            ]
            if text:
                out[f"{row},{column}:{text}"] = lines
    return out


def test_keys_in_the_cheat_sheet_are_never_broken_inside(qtbot: QtBot) -> None:
    sheet = CheatSheet()
    qtbot.addWidget(sheet)
    sheet.show()
    qtbot.waitExposed(sheet)
    cells = _cell_lines(sheet)
    assert any("Ctrl+Shift+E" in key for key in cells)  # the table was read
    assert len(cells) >= sum(len(keys) for _, keys in DEFAULT_KEYS.items()) // 2
    broken = {
        cell: lines
        for cell, lines in cells.items()
        if any(not line.rstrip().endswith(",") for line in lines[:-1])
    }
    # Before: "Ctrl+Shift+N", "Ctrl+Shift+E", "Ctrl+Shift+Z, Ctrl+Y" broke after a "+".
    assert broken == {}
