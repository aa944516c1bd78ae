"""Run the real app on a library under a real X server, type a query, save a screenshot.

Usage: python -m tests.gui.screenshot_app LIBRARY QUERY OUT.png [light|dark]
"""

from __future__ import annotations

import sys

from papershelf.gui.app import make_application
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.theme import apply_theme
from papershelf.library import Library
from PySide6.QtCore import QTimer


def main() -> int:
    library, query, out = sys.argv[1:4]
    scheme = sys.argv[4] if len(sys.argv) > 4 else "light"
    app = make_application()
    apply_theme(app, scheme)
    lib = Library.open(library, indexing="background")
    window = MainWindow(lib)
    window.resize(1440, 860)
    window.show()
    window.activateWindow()
    window.search_bar.edit.setFocus()
    window.search_bar.edit.setText(query)
    saved: list[bool] = []

    def shoot() -> None:
        if "result" not in window.search_bar.status.text():
            QTimer.singleShot(100, shoot)
            return
        saved.append(window.grab().save(out))
        window.close()

    QTimer.singleShot(800, shoot)
    QTimer.singleShot(20_000, app.quit)  # never hang a test run
    app.exec()
    lib.close()
    return 0 if saved and saved[0] else 1


if __name__ == "__main__":
    sys.exit(main())
