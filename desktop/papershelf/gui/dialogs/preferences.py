"""Preferences: library folder, online lookups, theme, font size, what the reader does.

Nothing is stored here: theme, font size, the last library and the window's layout are the
user's settings (`config/user_settings.py`); "Look up metadata online" is the `online`
setting of the open library (`config/settings.py`), the one `papershelf config online`
changes and every request checks (`online/http.py`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from papershelf.config.settings import load_settings, save_setting
from papershelf.config.user_settings import (
    THEMES,
)
from papershelf.core.errors import PapershelfError
from papershelf.gui.prefs import Preferences

log = logging.getLogger(__name__)

__all__ = ["THEMES", "Preferences", "PreferencesDialog"]  # Preferences: from gui/prefs.py


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, library: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._library_dir = library
        self.library = QLineEdit(str(library), self)
        self.library.setAccessibleName("Library folder")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.library, 1)
        row.addWidget(browse)
        self.online = QCheckBox("Look up metadata online (arXiv, Hugging Face, Crossref)", self)
        self.online.setToolTip(
            "For this library. Off: nothing leaves this computer — no lookups, refreshes, "
            "feed fetches or PDF downloads; added papers wait with their metadata pending. "
            "The same switch as `papershelf config online true|false`."
        )
        self._online_was: bool | None = None
        try:
            self._online_was = load_settings(library).online
        except PapershelfError as exc:  # an unreadable settings.json: say why, change nothing
            self.online.setEnabled(False)
            self.online.setToolTip(str(exc))
        else:
            self.online.setChecked(self._online_was)
        self.theme = QComboBox(self)
        self.theme.addItems(["Follow the system", "Light", "Dark"])
        self.theme.setCurrentIndex(THEMES.index(prefs.theme))
        if prefs.theme_variable is not None:
            self.theme.setEnabled(False)
            self.theme.setToolTip(f"Set by ${prefs.theme_variable}, which wins over this choice")
        self.font_size = QSpinBox(self)
        self.font_size.setRange(0, 32)
        self.font_size.setSpecialValueText("System default")
        self.font_size.setValue(prefs.font_size)
        self.reader_sets_reading = QCheckBox(
            "Opening a to-read paper in the reader marks it as reading", self
        )
        self.reader_sets_reading.setChecked(prefs.reader_sets_reading)
        form = QFormLayout(self)
        form.addRow("Library folder", row)
        form.addRow("", self.online)
        form.addRow("Theme", self.theme)
        form.addRow("Font size", self.font_size)
        form.addRow("Reader", self.reader_sets_reading)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Library folder", self.library.text())
        if folder:
            self.library.setText(folder)

    def apply_to(self, prefs: Preferences) -> None:
        """Store what the dialog shows: the online switch in the library, the rest per user."""
        online = self.online.isChecked()
        if self._online_was is not None and online != self._online_was:
            try:
                save_setting(self._library_dir, "online", online)
            except (PapershelfError, OSError) as exc:
                log.error("the online setting could not be saved: %s", exc)
                QMessageBox.warning(
                    self, "Papershelf", f"“Look up metadata online” was not changed:\n\n{exc}"
                )
        if self.theme.isEnabled():
            prefs.theme = THEMES[self.theme.currentIndex()]
        if self.font_size.value() != prefs.font_size:
            prefs.font_size = self.font_size.value()
        if self.reader_sets_reading.isChecked() != prefs.reader_sets_reading:
            prefs.reader_sets_reading = self.reader_sets_reading.isChecked()
