"""A QTextBrowser that never fetches anything from the network for what it shows.

Notes and abstracts come from imported files and other people's feeds. Qt's rich text runs
no scripts, but `loadResource` would read any URL an `<img src>` names; here only Qt
resources and small regular files on this machine are read (not `/dev/zero`, a FIFO, a
huge file, or `file://server/share`, which is a network request on Windows), and every
other URL is refused (and remembered, so a test can see it was asked for).
"""

from __future__ import annotations

import os
import stat
from typing import Any

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

LOCAL_SCHEMES = frozenset({"", "file", "qrc"})
MAX_LOCAL_BYTES = 20 * 1024 * 1024


def readable_locally(url: QUrl) -> bool:
    """Whether showing `url` reads only a small regular file on this machine (or a resource)."""
    scheme = url.scheme().lower()
    if scheme not in LOCAL_SCHEMES:
        return False
    if scheme == "qrc":
        return True
    if url.host():
        return False
    path = url.toLocalFile() or url.path()
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_LOCAL_BYTES


class SafeTextBrowser(QTextBrowser):
    """Links are not followed by the widget, and remote resources are never loaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        url = QUrl(name) if isinstance(name, str) else name
        if not readable_locally(url):
            self.refused.append(url.toString())
            # Not None: QTextDocument would then read a local file itself (its fallback).
            if type == QTextDocument.ResourceType.ImageResource.value:
                from PySide6.QtGui import QImage  # (built, with its enums, for this only)

                blank = QImage(1, 1, QImage.Format.Format_ARGB32)
                blank.fill(0)
                return blank
            return QByteArray()
        return super().loadResource(type, url)
