"""A QTextBrowser that never fetches anything from the network for what it shows.

Notes and abstracts come from imported files and other people's feeds. Qt's rich text runs
no scripts, but `loadResource` would read any URL an `<img src>` names; here only local
files and Qt resources are read, and every other URL is refused (and remembered, so a
test can see it was asked for).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

LOCAL_SCHEMES = frozenset({"", "file", "qrc"})


class SafeTextBrowser(QTextBrowser):
    """Links are not followed by the widget, and remote resources are never loaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme().lower() not in LOCAL_SCHEMES:
            self.refused.append(url.toString())
            return None
        return super().loadResource(type, url)
