"""Help → About Papershelf: the versions and paths a bug report needs, one click to copy."""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from papershelf import __version__
from papershelf.config.logs import log_file

LICENCE = "MIT"
WHOOSH_DISTRIBUTION = "whoosh-reloaded"


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def about_details(library: Path, log: Path | None = None) -> list[tuple[str, str]]:
    """The facts the About dialog shows (and copies), as (label, value) pairs.

    Args:
        library: the open library's folder.
        log: the log file; by default the one this process writes.
    """
    frozen = " (bundled app)" if getattr(sys, "frozen", False) else ""
    return [
        ("Papershelf", f"{__version__}{frozen}"),
        ("Library", str(library)),
        ("Log file", str(log or log_file())),
        ("Licence", LICENCE),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLite", sqlite3.sqlite_version),
        ("Whoosh", f"{_version_of(WHOOSH_DISTRIBUTION)} ({WHOOSH_DISTRIBUTION})"),
        ("System", f"{platform.system()} {platform.release()} {platform.machine()}"),
    ]


def details_text(details: list[tuple[str, str]]) -> str:
    """Plain text for a bug report, one `label: value` line each."""
    width = max(len(label) for label, _ in details)
    return "\n".join(f"{label + ':':<{width + 1}} {value}" for label, value in details) + "\n"


class AboutDialog(QDialog):
    """Version, licence, paths and library versions, with copy and open-log-folder buttons."""

    def __init__(self, library: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Papershelf")
        self.details = about_details(library)
        self.log_path = Path(dict(self.details)["Log file"])

        icon = QLabel(self)
        icon.setPixmap(QGuiApplication.windowIcon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(
            f"<h2>Papershelf {__version__}</h2>"
            "<p>A keyboard-driven reading list for research papers.</p>"
            f"<p>Released under the {LICENCE} licence. Qt and PySide6 are used under the "
            "GNU LGPL v3.</p>",
            self,
        )
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(heading, 1)

        self.text = QPlainTextEdit(details_text(self.details), self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Details")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = self.text.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.text.setFont(font)
        self.text.setMinimumSize(560, 180)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy Details", self)
        self.copy_button.setToolTip("Copy these lines to the clipboard, e.g. for a bug report")
        self.log_button = QPushButton("Open &Log Folder", self)
        self.log_button.setToolTip(str(self.log_path.parent))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.log_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        self.log_button.clicked.connect(self.open_log_folder)
        self.status = QLabel(self)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(details_text(self.details))
        self.status.setText("Copied to the clipboard.")

    def open_log_folder(self) -> bool:
        """Show the log folder in the file manager (created first if nothing was logged yet)."""
        folder = self.log_path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.status.setText(f"Cannot create the log folder {folder}: {exc}")
            return False
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            self.status.setText(f"No file manager could open {folder}")
        return opened
