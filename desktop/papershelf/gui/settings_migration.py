"""Once: move what older versions kept in Qt's QSettings into the settings files.

Before the one settings store, the window kept its preferences, layout and shortcut
overrides in QSettings (~/.config/papershelf/papershelf.conf on Linux, the registry on
Windows, a plist on macOS). The first time the window starts with this version, those values
move: theme, font size, layout, last library and shortcut overrides into the user's settings
(`config/user_settings.py`), and "Look up metadata online" being off into the `online`
setting of the library the window opens. The old values are left in place (an older version
still finds them) and a marker key makes sure this happens only once.

This is the only module (with the smoke test's path setup in gui/app.py) that uses QSettings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from papershelf.config.settings import save_setting
from papershelf.config.user_settings import (
    MAX_FONT_SIZE,
    THEMES,
    Shortcuts,
    UserSettings,
    load_user_settings,
    save_user_settings,
    user_settings_path,
)
from papershelf.core.errors import PapershelfError

log = logging.getLogger(__name__)

ORGANIZATION = "papershelf"
APPLICATION = "papershelf"
MARKER = "migrated/to_settings_json"
"""Set in QSettings once its values have moved."""
SHORTCUTS_GROUP = "shortcuts"
SHORTCUTS_MODE = "window"
"""The first versions knew one set of keys: today's "window" mode."""
_LAYOUT = {
    "window/geometry": "window_geometry",
    "window/splitter": "splitter_state",
    "window/columns": "column_state",
}


def old_settings() -> QSettings:
    """The QSettings older versions wrote (organization and application "papershelf")."""
    return QSettings(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def migrate_qsettings(
    library_for: Callable[[UserSettings], Path], source: QSettings | None = None
) -> UserSettings:
    """Move the old QSettings values into the settings files, if not done yet.

    Args:
        library_for: the library folder the window will open, given the user's settings
            (which may name the last library only once migrated); it receives the old
            "Look up metadata online" switch when that was off.
        source: the old settings (tests pass their own); by default `old_settings()`.

    Returns:
        The user's settings, migrated or as they were.
    """
    old = source if source is not None else old_settings()
    if old.value(MARKER) is not None or not [k for k in old.allKeys() if k != MARKER]:
        return load_user_settings()
    settings = load_user_settings()
    _copy_ui(old, settings)
    for mode, keys in _shortcuts(old).items():  # what the new store has already wins
        settings.shortcuts[mode] = {**keys, **settings.shortcuts.get(mode, {})}
    try:
        save_user_settings(settings)
    except OSError as exc:
        log.error("the old settings could not be moved (tried again next start): %s", exc)
        return settings
    if not _as_bool(old.value("online/enabled"), default=True):
        library = library_for(settings)
        try:
            save_setting(library, "online", False)
        except (PapershelfError, OSError) as exc:
            log.error("online lookups were off, but %s could not say so: %s", library, exc)
        else:
            log.info("online lookups stay off: `online` is now false in %s", library)
    old.setValue(MARKER, True)
    old.sync()
    log.info("moved the settings of %s into %s", old.fileName(), user_settings_path())
    return settings


def _copy_ui(old: QSettings, settings: UserSettings) -> None:
    ui = settings.ui
    theme = str(old.value("ui/theme", "")).lower()
    if theme in THEMES:
        stored = settings.from_environment.get("ui.theme")
        if stored is not None:  # $PAPERSHELF_THEME is in effect: it stays so, the file learns
            settings.from_environment["ui.theme"] = (theme, stored[1])
        else:
            ui.theme = theme
    size = str(old.value("ui/font_size", ""))
    if size.isdigit() and 0 <= int(size) <= MAX_FONT_SIZE:
        ui.font_size = int(size)
    library = old.value("library/path")
    if library:
        ui.last_library = str(library)
    for key, name in _LAYOUT.items():
        value = old.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            setattr(ui, name, bytes(value.toBase64().data()).decode("ascii"))


def _shortcuts(old: QSettings) -> Shortcuts:
    """The old overrides: `shortcuts/<mode>/<id>`, and `shortcuts/<id>` for "window".

    `shortcuts/<id>` is from before key modes. A value is a string, a list, or empty for
    "no keys".
    """
    out: Shortcuts = {}
    old.beginGroup(SHORTCUTS_GROUP)
    try:
        for mode in old.childGroups():
            old.beginGroup(mode)
            for command_id in old.childKeys():
                out.setdefault(mode, {})[command_id] = _keys(old.value(command_id))
            old.endGroup()
        for command_id in old.childKeys():
            window = out.setdefault(SHORTCUTS_MODE, {})
            window.setdefault(command_id, _keys(old.value(command_id)))
    finally:
        old.endGroup()
    return out


def _keys(value: object) -> list[str]:
    keys = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(k) for k in keys if str(k)]


def _as_bool(value: object, *, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in ("false", "0", "no", "off", "")
