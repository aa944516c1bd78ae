"""Noticing changes other processes (the CLI, a script, a second window) made to the library.

Every edit moves SQLite's change sequence; polling its maximum twice a second costs one
indexed read, so the window shows another writer's change within a second without a file
watcher (which is unreliable on network folders and across platforms).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from papershelf.core.errors import PapershelfError

log = logging.getLogger(__name__)

POLL_MS = 500


class ChangeWatcher(QObject):
    """Emits `sig_changed` when the change sequence moved past what the window has shown."""

    sig_changed = Signal()
    """Someone else changed the library since the last `acknowledge()`."""

    def __init__(
        self,
        read_seq: Callable[[], object],
        parent: QObject | None = None,
        interval: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._read_seq = read_seq
        self._seen = self._safe_read()
        self._timer = QTimer(self)
        self._timer.setInterval(interval)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _safe_read(self) -> object | None:
        try:
            return self._read_seq()
        except (PapershelfError, sqlite3.Error) as exc:  # busy or unreadable: next tick
            log.debug("change sequence not read: %s", exc)
            return None

    def acknowledge(self) -> None:
        """The window has shown everything up to now (after its own edits)."""
        seq = self._safe_read()
        if seq is not None:
            self._seen = seq

    def poll(self) -> None:
        seq = self._safe_read()
        if seq is not None and seq != self._seen:
            self._seen = seq
            self.sig_changed.emit()

    def stop(self) -> None:
        self._timer.stop()
