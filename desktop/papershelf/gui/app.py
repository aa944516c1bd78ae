"""Starting the desktop app: QApplication, the library, the main window."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from papershelf import __version__
from papershelf.config.paths import ENV_LIBRARY, resolve_library_dir
from papershelf.core.errors import PapershelfError
from papershelf.gui.theme import apply_font_size, apply_theme
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
    """Open the window on `library` (or the last or default library) and run until it closes."""
    from papershelf.gui.dialogs.preferences import Preferences
    from papershelf.gui.mainwindow import MainWindow

    app = make_application()
    prefs = Preferences()
    apply_theme(app, prefs.theme)
    apply_font_size(app, prefs.font_size)
    state: dict[str, object] = {}

    def open_window(folder: str | None) -> bool:
        path = resolve_library_dir(folder)
        try:
            lib = Library.open(path, indexing="background")
        except PapershelfError as exc:
            QMessageBox.critical(None, "Papershelf", f"The library cannot be opened:\n\n{exc}")
            return False
        old = state.get("window")
        window = MainWindow(lib)
        window.sig_switch_library.connect(switch)
        state["window"] = window
        prefs.library = str(path)
        window.show()
        if isinstance(old, MainWindow):
            old.close()
            old.lib.close()
        return True

    def switch(folder: str) -> None:
        open_window(folder)

    # `--library`, then $PAPERSHELF_LIBRARY, then the folder chosen last time, then the default.
    remembered = None if os.environ.get(ENV_LIBRARY) else prefs.library
    if not open_window(library or remembered):
        return 1
    if smoke_test:
        QTimer.singleShot(500, app.quit)
    code = app.exec()
    window = state.get("window")
    if isinstance(window, MainWindow):
        window.close()
        window.lib.close()
    return code
