"""Preferences: library folder, online lookups, theme, font size, what the reader does.

Nothing is stored here: theme, font size, the last library and the window's layout are the
user's settings (`config/user_settings.py`); "Look up metadata online" is the `online`
setting of the open library (`config/settings.py`), the one `papershelf config online`
changes and every request checks (`online/http.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray
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
    UI_ENV_OVERRIDES,
    UserSettings,
    load_user_settings,
    update_user_settings,
)
from papershelf.core.errors import PapershelfError

log = logging.getLogger(__name__)

__all__ = ["THEMES", "Preferences", "PreferencesDialog"]


class Preferences:
    """Typed access to the window's part of the user's settings.

    Read once when made; each change is written at once (read, change, write, so what
    another window saved meanwhile is kept).
    """

    def __init__(self) -> None:
        self._settings = load_user_settings()

    @property
    def settings(self) -> UserSettings:
        return self._settings

    def _change(self, change: Callable[[UserSettings], None]) -> None:
        change(self._settings)
        try:
            self._settings = update_user_settings(change)
        except OSError as exc:  # a read-only config folder must not break the window
            log.error("the settings could not be saved: %s", exc)

    @property
    def theme(self) -> str:
        """The theme in effect: `$PAPERSHELF_THEME` if set, else the stored one."""
        return self._settings.ui.theme

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"not a theme: {value!r}")
        self._change(lambda s: setattr(s.ui, "theme", value))

    @property
    def theme_variable(self) -> str | None:
        """The environment variable that sets the theme now, if one does."""
        return UI_ENV_OVERRIDES["theme"] if "ui.theme" in self._settings.from_environment else None

    @property
    def font_size(self) -> int:
        return self._settings.ui.font_size

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._change(lambda s: setattr(s.ui, "font_size", value))

    @property
    def reader_sets_reading(self) -> bool:
        """Whether opening a to-read paper in the reader marks it as reading."""
        return self._settings.ui.reader_sets_reading

    @reader_sets_reading.setter
    def reader_sets_reading(self, value: bool) -> None:
        self._change(lambda s: setattr(s.ui, "reader_sets_reading", value))

    @property
    def library(self) -> str | None:
        """The library folder the window had open last."""
        return self._settings.ui.last_library or None

    @library.setter
    def library(self, value: str) -> None:
        self._change(lambda s: setattr(s.ui, "last_library", value))

    def layout(self) -> tuple[QByteArray, QByteArray, QByteArray]:
        """The window's geometry, its splitter's and its list header's states (may be empty)."""
        ui = self._settings.ui
        return (
            _from_text(ui.window_geometry),
            _from_text(ui.splitter_state),
            _from_text(ui.column_state),
        )

    def save_layout(self, geometry: QByteArray, splitter: QByteArray, columns: QByteArray) -> None:
        def change(s: UserSettings) -> None:
            s.ui.window_geometry = _to_text(geometry)
            s.ui.splitter_state = _to_text(splitter)
            s.ui.column_state = _to_text(columns)

        self._change(change)


def _to_text(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _from_text(text: str) -> QByteArray:
    return QByteArray.fromBase64(QByteArray(text.encode("ascii", errors="ignore")))


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
