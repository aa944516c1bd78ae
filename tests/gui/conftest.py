"""GUI fixtures: a real window over a real library, and no thread left behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import QSettings, QThreadPool
from pytestqt.qtbot import QtBot

from tests.library.test_search import PAPERS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def qt_settings(tmp_path: Path) -> None:
    """Window layout goes to the test's folder, never to ~/.config."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qt-settings"))


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    lib = Library.open(path, indexing="background")
    window = MainWindow(lib)
    qtbot.addWidget(window)
    window.show()
    return window


def close_window(window: MainWindow) -> None:
    window.close()
    window.lib.close()
    assert QThreadPool.globalInstance().waitForDone(5000), "a worker thread was left running"


@pytest.fixture
def window(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS)
    win = open_window(qtbot, lib_path)
    yield win
    close_window(win)


@pytest.fixture
def empty_window(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    win = open_window(qtbot, lib_path)
    yield win
    close_window(win)
