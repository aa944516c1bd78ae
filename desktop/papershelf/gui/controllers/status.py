"""The status area's messages come and go: a result is shown for a while, then cleared.

The permanent status area (`Shell.status_label`) shows what background work did ("Added
12", "Exported 40 papers"). Work in progress ("Importing…") stays until its result
replaces it; a result clears after `CLEAR_AFTER_MS`, or `LINK_CLEAR_AFTER_MS` when it
offers a link to click (details, duplicates to review, an error's traceback).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from papershelf.gui.shell import Shell

CLEAR_AFTER_MS = 8000
LINK_CLEAR_AFTER_MS = 30_000
IN_PROGRESS = "…"


class StatusController(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._clear)
        shell.session.sig_status.connect(self._on_status)
        shell.session.sig_error.connect(lambda _exc: self._schedule(LINK_CLEAR_AFTER_MS))

    def _on_status(self, rich_text: str) -> None:
        if rich_text.rstrip().endswith(IN_PROGRESS):
            self._timer.stop()  # in progress: its result will replace it
        else:
            self._schedule(LINK_CLEAR_AFTER_MS if "<a " in rich_text else CLEAR_AFTER_MS)

    def _schedule(self, msecs: int) -> None:
        self._timer.start(msecs)

    def _clear(self) -> None:
        self.shell.status_label.clear()
        self.shell.status_label.setToolTip("")
