"""Helpers for the keyboard tests: a window with many papers, focus, keys, modal dialogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import open_window

DialogT = TypeVar("DialogT", bound=QWidget)
CTRL = Qt.KeyboardModifier.ControlModifier
NO_MOD = Qt.KeyboardModifier.NoModifier


def seed_many(path: Path, n: int = 60) -> None:
    """`n` papers, enough that the list scrolls; every fifth mentions diffusion."""
    drafts = [
        make_draft(i, title=f"Paper number {i}: notes on diffusion")
        if i % 5 == 0
        else make_draft(i)
        for i in range(n)
    ]
    drafts.append(make_draft(n, title="Diffusion diffusion: denoising diffusion models"))
    with Library.open(path) as lib:
        lib.import_drafts(drafts)
        assert lib.wait_for_index(30)


def active_window(qtbot: QtBot, path: Path) -> MainWindow:
    """The real window, active, so its shortcuts fire."""
    window = open_window(qtbot, path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def focused() -> QWidget | None:
    return QApplication.focusWidget()


DIALOG_POLLS = 400
"""How many 50 ms turns `in_dialog` waits for its dialog (20 s unloaded) before failing."""


def in_dialog(dialog_type: type[DialogT], actions: list[Callable[[DialogT], object]]) -> None:
    """Run `actions` against the modal dialog of `dialog_type` once it is open and active.

    Keys sent before the dialog is the active window go to the shortcuts of the window
    still active: under load the dialog's activation can come after this poll, and the
    list's Return (open in the reader) ate the palette's Return, leaving the palette open
    and the test waiting forever. A dialog that never comes, or never becomes active, is
    rejected and the test fails (pytest-qt reports the error raised here) instead of hanging.
    """
    polls = 0

    def drive() -> None:
        nonlocal polls
        polls += 1
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_type) and dialog.isActiveWindow():
            for act in actions:
                act(dialog)
            return
        if polls >= DIALOG_POLLS:
            if isinstance(dialog, QDialog):
                dialog.reject()  # end its exec(), so the test goes on to fail
            raise AssertionError(
                f"no active {dialog_type.__name__} after {polls} polls "
                f"(modal: {dialog!r}, active: {QApplication.activeWindow()!r})"
            )
        if isinstance(dialog, dialog_type):
            dialog.activateWindow()  # as a window manager does with a new dialog
        QTimer.singleShot(50, drive)

    QTimer.singleShot(50, drive)
