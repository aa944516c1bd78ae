"""Starting the desktop app: QApplication, the library, the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from papershelf import __version__
from papershelf.config.paths import resolve_library_dir
from papershelf.core.errors import PapershelfError
from papershelf.gui.theme import apply_theme
from papershelf.library import Library

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("papershelf")
    QCoreApplication.setApplicationName("papershelf")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationDisplayName("Papershelf")
    apply_theme(app)
    return app


def run_gui(library: str | None = None, *, smoke_test: bool = False) -> int:
    """Open the window on `library` (or the default library) and run until it closes."""
    from papershelf.gui.mainwindow import MainWindow

    app = make_application()
    path = resolve_library_dir(library)
    try:
        lib = Library.open(path, indexing="background")
    except PapershelfError as exc:
        QMessageBox.critical(None, "Papershelf", f"The library cannot be opened:\n\n{exc}")
        return 1
    window = MainWindow(lib)
    window.show()
    if smoke_test:
        QTimer.singleShot(500, window.close)
    try:
        return app.exec()
    finally:
        lib.close()
