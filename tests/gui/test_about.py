"""Help → About, the app icon, crash reports and "Open with Papershelf" in a real window."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf import __version__
from papershelf.config import logs
from papershelf.gui.app import APP_ID, ICON_SIZES, GuiSession, app_icon, install_excepthook
from papershelf.gui.dialogs.about import AboutDialog
from papershelf.gui.mainwindow import MainWindow
from papershelf.library.sample import find_resource
from PySide6.QtCore import QSize, qVersion
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

BIB = """@article{ho2020ddpm,
  title = {Denoising Diffusion Probabilistic Models},
  author = {Ho, Jonathan and Jain, Ajay and Abbeel, Pieter},
  year = {2020},
  eprint = {2006.11239},
  archivePrefix = {arXiv},
}
@inproceedings{he2016resnet,
  title = {Deep Residual Learning for Image Recognition},
  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  year = {2016},
  booktitle = {CVPR},
}
"""


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(folder))
    # pdf/extract.py silences logging process-wide (meant for its worker process).
    disabled = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    yield folder
    logging.disable(disabled)


def _about(qtbot: QtBot, window: MainWindow) -> AboutDialog:
    window.registry.qaction("help.about").trigger()
    qtbot.waitUntil(lambda: len(window.findChildren(AboutDialog)) == 1)
    return window.findChildren(AboutDialog)[0]


def test_about_shows_what_a_bug_report_needs(
    qtbot: QtBot, window: MainWindow, log_dir: Path
) -> None:
    dialog = _about(qtbot, window)
    assert dialog.isVisible()
    text = dialog.text.toPlainText()
    for expected in (
        f"Papershelf: {__version__}",
        str(window.lib.path),
        str(log_dir / "papershelf.log"),
        "Licence:    MIT",
        qVersion(),
        sqlite3.sqlite_version,
        "whoosh-reloaded",
        ".".join(map(str, sys.version_info[:3])),
    ):
        assert expected in text
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    assert dialog.status.text() == "Copied to the clipboard."
    dialog.close()


def test_about_is_in_the_help_menu(window: MainWindow) -> None:
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    help_menu = menus["Help"]
    assert isinstance(help_menu, QMenu)  # QAction.menu() is typed as returning a QObject
    titles = [a.text().replace("&", "") for a in help_menu.actions()]
    assert titles == ["About Papershelf"]


def test_the_icon_exists_in_every_size_and_the_svg_is_the_source() -> None:
    hicolor = find_resource("icons/hicolor")
    assert hicolor is not None
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        image = QImage(str(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert image.size() == QSize(size, size), size
        # Drawn, not blank: the corners are transparent, the middle is not.
        assert image.pixelColor(0, 0).alpha() == 0
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
    sizes = app_icon().availableSizes()
    assert {s.width() for s in sizes} == set(ICON_SIZES)


def test_an_uncaught_exception_is_logged_and_shown(
    qtbot: QtBot, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = logs.setup_logging()
    try:
        install_excepthook(lambda: True)
        try:
            raise ValueError("the shelf collapsed")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        assert len(boxes) == 1
        box = boxes[0]
        assert "ValueError: the shelf collapsed" in box.detailedText()
        assert str(path) in box.text()
        box.close()
    finally:
        logs.stop_logging()
    assert path is not None
    logged = path.read_text("utf-8")
    assert "Uncaught exception" in logged
    assert "ValueError: the shelf collapsed" in logged


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no window stack
def test_files_passed_to_the_app_are_imported_into_the_open_library(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, lib_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, "utf-8")
    session = GuiSession(qapp)
    try:
        assert session.open_library(str(lib_path))
        window = session.window
        assert window is not None
        qtbot.addWidget(window)
        session.import_files([str(bib)])
        # Rows may show (change watcher) before the import is over: wait for its undo step.
        qtbot.waitUntil(
            lambda: (window.session.history.undo_label() or "") == f"Import {bib}", timeout=5000
        )
        qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
        assert "Added 2" in window.status_label.text()
    finally:
        session.close()
