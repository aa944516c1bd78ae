"""Preferences: library folder, online lookups, theme and font size (stored in QSettings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

THEMES = ("system", "light", "dark")


class Preferences:
    """Typed access to the GUI's stored preferences."""

    def __init__(self) -> None:
        self._s = QSettings()

    @property
    def theme(self) -> str:
        value = str(self._s.value("ui/theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._s.setValue("ui/theme", value)

    @property
    def font_size(self) -> int:
        value = str(self._s.value("ui/font_size", 0))
        return int(value) if value.isdigit() else 0

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._s.setValue("ui/font_size", value)

    @property
    def online_lookups(self) -> bool:
        return str(self._s.value("online/enabled", "true")).lower() in ("true", "1")

    @online_lookups.setter
    def online_lookups(self, value: bool) -> None:
        self._s.setValue("online/enabled", value)

    @property
    def library(self) -> str | None:
        value = self._s.value("library/path")
        return str(value) if value else None

    @library.setter
    def library(self, value: str) -> None:
        self._s.setValue("library/path", value)


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, library: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.library = QLineEdit(str(library), self)
        self.library.setAccessibleName("Library folder")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.library, 1)
        row.addWidget(browse)
        self.online = QCheckBox("Look up metadata online (arXiv, Hugging Face, Crossref)", self)
        self.online.setChecked(prefs.online_lookups)
        self.theme = QComboBox(self)
        self.theme.addItems(["Follow the system", "Light", "Dark"])
        self.theme.setCurrentIndex(THEMES.index(prefs.theme))
        self.font_size = QSpinBox(self)
        self.font_size.setRange(0, 32)
        self.font_size.setSpecialValueText("System default")
        self.font_size.setValue(prefs.font_size)
        form = QFormLayout(self)
        form.addRow("Library folder", row)
        form.addRow("", self.online)
        form.addRow("Theme", self.theme)
        form.addRow("Font size", self.font_size)
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
        prefs.online_lookups = self.online.isChecked()
        prefs.theme = THEMES[self.theme.currentIndex()]
        prefs.font_size = self.font_size.value()
