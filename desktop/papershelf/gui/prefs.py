"""The window's part of the user's settings: theme, font size, last library, layout, keys.

Apart from the dialogs that edit them (`dialogs/preferences.py`, `dialogs/shortcuts.py`):
the window reads these at every start, and the dialogs' widgets are not needed for that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray

from papershelf.config.user_settings import (
    THEMES,
    UI_ENV_OVERRIDES,
    UserSettings,
    load_user_settings,
    update_user_settings,
)
from papershelf.gui.keymap import Overrides

log = logging.getLogger(__name__)

ShortcutChanges = dict[str, dict[str, list[str]]]
"""The user's keys per mode and command, as stored (only what the user changed)."""


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

    def save_layout(
        self,
        geometry: QByteArray,
        splitter: QByteArray,
        columns: QByteArray,
        place: tuple[str, int | None, set[str]] | None = None,
    ) -> None:
        """Save the layout, and with `place` where the user was, in one write.

        `place`: the library, its selected paper and the hidden panes.
        """

        def change(s: UserSettings) -> None:
            s.ui.window_geometry = _to_text(geometry)
            s.ui.splitter_state = _to_text(splitter)
            s.ui.column_state = _to_text(columns)
            if place is not None:
                library, paper, hidden = place
                s.ui.last_paper, s.ui.last_paper_library = paper or 0, library
                s.ui.hidden_panes = sorted(hidden)

        self._change(change)

    def place(self, library: str) -> tuple[int | None, set[str]]:
        """The paper selected in `library` when the window last closed, and the hidden panes."""
        ui = self._settings.ui
        paper = ui.last_paper if ui.last_paper and ui.last_paper_library == library else None
        return paper, set(ui.hidden_panes)


def _to_text(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _from_text(text: str) -> QByteArray:
    return QByteArray.fromBase64(QByteArray(text.encode("ascii", errors="ignore")))


def load_overrides() -> ShortcutChanges:
    """The user's keys per mode and command (only what the user changed)."""
    return load_user_settings().shortcuts


def save_overrides(overrides: Overrides) -> None:
    """Store `overrides` as the user's shortcuts (`UserSettings.shortcuts`), replacing them."""
    changes: ShortcutChanges = {
        mode: {command_id: list(keys) for command_id, keys in commands.items()}
        for mode, commands in overrides.items()
        if commands
    }
    try:
        update_user_settings(lambda settings: setattr(settings, "shortcuts", changes))
    except OSError as exc:  # a read-only config folder: the keys still apply for this session
        log.error("the shortcuts could not be saved: %s", exc)
