"""Keyboard-first: one registry without conflicts, and a whole sitting with keys only."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.models import ReadingStatus
from papershelf.gui.commands import COMMANDS
from papershelf.gui.dialogs.cheatsheet import CheatSheet
from papershelf.gui.dialogs.palette import CommandPalette, fuzzy_score
from papershelf.gui.keyboard_doc import keyboard_markdown
from papershelf.gui.keymap import conflicts, effective
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.gui.conftest import close_window, open_window
from tests.gui.keys_helpers import in_dialog

SMALL_LISTING = REPO / "tests" / "data" / "listing-small.txt"


def test_no_key_triggers_two_commands_in_any_mode(window: MainWindow) -> None:
    assert conflicts(effective(None)) == {}
    # Every command has a handler, bound by the controller that owns it.
    assert window.registry.unbound() == []


def test_keyboard_doc_is_generated_from_the_registry() -> None:
    doc = (REPO / "docs" / "keyboard.md").read_text("utf-8")
    assert doc == keyboard_markdown(), "run: python -m papershelf.gui.keyboard_doc"


def test_fuzzy_matching_prefers_word_starts() -> None:
    assert fuzzy_score("mr", "Mark as Read") is not None
    assert fuzzy_score("xyz", "Mark as Read") is None
    read = fuzzy_score("read", "Mark as Read")
    reading_dropped = fuzzy_score("read", "Mark as Reading Dropped")
    assert read is not None
    assert reading_dropped is not None
    assert read > reading_dropped


def _keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    for ch in text:
        qtbot.keyClick(widget, ch)


def test_a_whole_sitting_with_keys_only(qtbot: QtBot, lib_path: Path) -> None:
    window = open_window(qtbot, lib_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    table = window.table
    table.setFocus()

    # Palette → "paste papers" with the listing on the clipboard.
    QGuiApplication.clipboard().setText(SMALL_LISTING.read_text("utf-8"))
    window.stack.setCurrentWidget(window.table)
    table.setFocus()
    in_dialog(
        CommandPalette,
        [
            lambda d: qtbot.keyClicks(d.edit, "paste pap"),
            lambda d: qtbot.keyClick(d.edit, Qt.Key.Key_Return),
        ],
    )
    qtbot.keyClick(table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    # The paste's import is over (its summary is shown), not only its rows stored.
    qtbot.waitUntil(lambda: "Added" in window.status_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: window.lib.count() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)

    # "/" search, Esc back to the list with the best hit, "j"/"k" move, "1" marks it.
    # The offscreen platform does not hand activation back after a dialog; a desktop does.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    table.setFocus()
    qtbot.keyClick(table, "/")
    assert window.search_bar.edit.hasFocus()
    qtbot.keyClicks(window.search_bar.edit, "gpipe")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    qtbot.keyClick(window.search_bar.edit, Qt.Key.Key_Escape)
    assert table.hasFocus()
    gpipe = window.lists.selected_ids()[0]
    assert window.lib.get(gpipe).title.startswith("GPipe")
    qtbot.keyClick(table, "2")
    assert window.lib.get(gpipe).status is ReadingStatus.READING
    qtbot.keyClick(table, "+")
    assert window.lib.get(gpipe).priority == 1

    # "t" tags (Enter returns to the list), "n" note (Esc saves and returns).
    qtbot.keyClick(table, "t")
    assert window.details.tags.hasFocus()
    qtbot.keyClicks(window.details.tags, "pipelines")
    qtbot.keyClick(window.details.tags, Qt.Key.Key_Return)
    assert table.hasFocus()
    assert window.lib.get(gpipe).tags == ["pipelines"]
    qtbot.keyClick(table, "n")
    assert window.details.note.edit.hasFocus()
    qtbot.keyClicks(window.details.note.edit, "Micro-batches hide the bubble.")
    qtbot.keyClick(window.details.note.edit, Qt.Key.Key_Escape)
    assert table.hasFocus()
    assert window.lib.get(gpipe).note == "Micro-batches hide the bubble."

    # Esc in the list clears the search; "g" "t" goes to To read; "j" moves down.
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
    qtbot.keyClick(table, "g")
    qtbot.keyClick(table, "t")
    assert window.sidebar.current_view().key == "to-read"
    assert window.model.rowCount() == 3
    first = window.lists.selected_ids()
    qtbot.keyClick(table, "j")
    assert window.lists.selected_ids() != first
    qtbot.keyClick(table, "k")
    assert window.lists.selected_ids() == first

    # "?" cheat sheet, generated from the registry.
    qtbot.keyClick(table, "?")
    sheet = window.app_commands.cheatsheet
    assert isinstance(sheet, CheatSheet)
    assert "Mark as Read" in sheet.text.toPlainText()
    sheet.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)

    # "u" undoes the note; Ctrl+Shift+Z redoes it.
    table.setFocus()
    qtbot.keyClick(table, "u")
    assert window.lib.get(gpipe).note is None
    qtbot.keyClick(
        table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.lib.get(gpipe).note == "Micro-batches hide the bubble."

    # Quit with Ctrl+Q, reopen: everything is still there.
    qtbot.keyClick(table, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    close_window(window)
    with Library.open(lib_path) as lib:
        paper = lib.get(gpipe)
        assert (paper.status, paper.priority, paper.tags, paper.note) == (
            ReadingStatus.READING,
            1,
            ["pipelines"],
            "Micro-batches hide the bubble.",
        )


def test_shortcuts_are_customisable_with_conflicts_shown(qtbot: QtBot, lib_path: Path) -> None:
    from papershelf.gui.dialogs.shortcuts import ShortcutsDialog, load_overrides, save_overrides
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = ShortcutsDialog({})
    qtbot.addWidget(dialog)
    # Give "Mark as Read" the key of "Find" (Ctrl+F): a conflict, and OK is disabled.
    dialog.select("window", "paper.read")
    dialog.editor.setKeySequence(QKeySequence("Ctrl+F"))
    dialog._assign(replace=True)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert "Ctrl+F" in dialog.warning.text()
    dialog.editor.setKeySequence(QKeySequence("Ctrl+Alt+R"))
    dialog._assign(replace=True)
    assert ok.isEnabled()
    assert dialog.overrides() == {"window": {"paper.read": ["Ctrl+Alt+R"]}}
    # A window key must not take a key the list already uses either (window keys fire there).
    dialog.select("window", "paper.tags")
    dialog.editor.setKeySequence(QKeySequence("J"))
    dialog._assign(replace=True)
    assert not ok.isEnabled()
    assert "Next Paper" in dialog.warning.text()
    dialog._set_current(())
    save_overrides(dialog.overrides())
    assert load_overrides() == {"window": {"paper.read": ["Ctrl+Alt+R"]}}

    window = open_window(qtbot, lib_path)
    try:
        assert window.registry.qaction("paper.read").shortcut().toString() == "Ctrl+Alt+R"
        dialog._reset()
        assert dialog.overrides() == {}
    finally:
        close_window(window)


def test_a_key_for_a_list_only_command_survives_a_restart_and_works(
    qtbot: QtBot, lib_path: Path
) -> None:
    """Raise Priority has list keys only; a window key the user gives it used to be dropped."""
    from papershelf.gui.dialogs.shortcuts import ShortcutsDialog, save_overrides

    with Library.open(lib_path) as lib:
        lib.import_text(SMALL_LISTING.read_text("utf-8"), source="small")
    dialog = ShortcutsDialog({})
    qtbot.addWidget(dialog)
    dialog.select("window", "paper.priority_up")
    dialog.editor.setKeySequence(QKeySequence("Ctrl+Alt+P"))
    dialog._assign(replace=True)
    dialog.select("list", "paper.priority_down")
    dialog.editor.setKeySequence(QKeySequence("Shift+D"))
    dialog._assign(replace=False)
    save_overrides(dialog.overrides())

    window = open_window(qtbot, lib_path)  # a new window reads the saved keys: a restart
    try:
        action = window.registry.qaction("paper.priority_up")
        assert action.shortcut().toString() == "Ctrl+Alt+P"
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        pid = window.lists.selected_ids()[0]
        before = window.lib.get(pid).priority
        window.table.setFocus()
        qtbot.keyClick(
            window.table,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
        qtbot.waitUntil(lambda: window.lib.get(pid).priority == min(3, before + 1))
        qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: window.lib.get(pid).priority == before)
        # The default list key still works beside the added one.
        qtbot.keyClick(window.table, Qt.Key.Key_Minus)
        qtbot.waitUntil(lambda: window.lib.get(pid).priority == max(0, before - 1))
    finally:
        close_window(window)


def test_panes_toggle_and_the_list_menu_comes_from_the_registry(window: MainWindow) -> None:
    window.registry.qaction("view.sidebar").trigger()
    assert window.sidebar.isHidden()
    window.registry.qaction("view.sidebar").trigger()
    assert not window.sidebar.isHidden()
    menu = window.registry.context_menu(window)
    titles = [a.text().split("\t")[0].replace("&", "") for a in menu.actions()]
    assert "Mark as Read" in titles
    assert "Move to Trash" in titles
    toolbar = [a.objectName() for a in window.registry.toolbar.actions()]
    assert toolbar == [s.id for s in COMMANDS if s.toolbar]
    assert "file.import" in toolbar


def test_copy_citation_key_bibtex_and_export(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    window.lists.select([1])
    window.table.setFocus()
    window.registry.mode_action("list", "paper.copy_key").trigger()
    assert QGuiApplication.clipboard().text() == "liu2022flow"
    window.registry.mode_action("list", "paper.copy_bibtex").trigger()
    assert QGuiApplication.clipboard().text().startswith("@misc{liu2022flow,")
    out = tmp_path / "all.bib"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "BibTeX (*.bib)")
    )
    window.registry.qaction("file.export_all").trigger()
    qtbot.waitUntil(lambda: "Exported 4 papers" in window.status_label.text(), timeout=5000)
    assert out.read_text("utf-8").count("\n@") == 3  # four entries
