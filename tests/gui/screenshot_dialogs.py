"""Screenshots of the command palette and the cheat sheet for docs/keyboard.md.

Usage: python -m tests.gui.screenshot_dialogs LIBRARY OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from papershelf.gui.app import make_application
from papershelf.gui.dialogs.cheatsheet import CheatSheet
from papershelf.gui.dialogs.palette import CommandPalette
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import QTimer


def main() -> int:
    library, out_dir = sys.argv[1], Path(sys.argv[2])
    app = make_application()
    lib = Library.open(library, indexing="background")
    window = MainWindow(lib)
    window.resize(1200, 760)
    window.show()

    def find(text: str) -> list[tuple[int, str]]:
        hits = lib.search(text, mode="typing", limit=8, snippets=0).hits
        return [(p.id, p.title) for p in lib.get_many([h.paper_id for h in hits])]

    palette = CommandPalette(["paper.read"], find, lambda _s: True, window)
    palette.show()
    palette.edit.setText("read")
    sheet = CheatSheet(parent=window)

    def shoot() -> None:
        palette.grab().save(str(out_dir / "command-palette.png"))
        palette.close()
        sheet.show()
        QTimer.singleShot(300, shoot_sheet)

    def shoot_sheet() -> None:
        sheet.grab().save(str(out_dir / "cheat-sheet.png"))
        sheet.close()
        window.close()

    QTimer.singleShot(800, shoot)
    QTimer.singleShot(15_000, app.quit)
    app.exec()
    lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
