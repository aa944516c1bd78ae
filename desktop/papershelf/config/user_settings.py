"""The user's own settings, the same for every library: the window's look and layout, and keys.

They live in one JSON file in the per-user config folder (`user_settings_path()`, e.g.
~/.config/papershelf/settings.json). What belongs to a library (going online at all, the
services, backups, feeds) is in that library's own settings.json (`config/settings.py`).

Reading never fails. A value of the wrong type falls back to its default (logged). A file
that is not readable JSON is renamed `settings.json.bad` (logged) and the defaults are used,
so the next save cannot destroy it. Keys this version does not know (a newer version wrote
them) are written back unchanged. Environment overrides (`PAPERSHELF_THEME`) are applied
last, over the file, and are never written into it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from papershelf.config.jsonfile import set_aside, write_json_atomic
from papershelf.config.paths import user_config_dir

log = logging.getLogger(__name__)

USER_SETTINGS_FILE = "settings.json"
USER_SETTINGS_VERSION = 1
THEMES = ("system", "light", "dark")
MAX_FONT_SIZE = 72
ENV_THEME = "PAPERSHELF_THEME"
UI_ENV_OVERRIDES = {"theme": ENV_THEME}
"""`ui` setting → the environment variable that overrides it."""

Shortcuts = dict[str, dict[str, list[str]]]
"""Key mode → command id → key sequences."""


@dataclass
class UiSettings:
    """The window: how it looks, and its layout as it was last closed."""

    theme: str = "system"
    """"system" (follow the desktop), "light" or "dark"; `$PAPERSHELF_THEME` wins over it."""
    font_size: int = 0
    """Points; 0 keeps the system's size."""
    window_geometry: str = ""
    """`QWidget.saveGeometry()` as base64; empty: the default size."""
    splitter_state: str = ""
    """`QSplitter.saveState()` of sidebar | pages | details, as base64."""
    column_state: str = ""
    """`QHeaderView.saveState()` of the paper list (widths, order, hidden columns), as base64."""
    last_library: str = ""
    """The library folder the window had open last; opened when no other is asked for."""
    hidden_panes: list[str] = field(default_factory=list)
    """The panes ("sidebar", "details") the user had hidden when the window closed: they
    stay hidden at the next start (the splitter's saved state does not keep that)."""
    last_paper: int = 0
    """The paper selected when the window closed (0: none), a paper of `last_paper_library`:
    selected again when the window opens that library."""
    last_paper_library: str = ""
    reader_sets_reading: bool = True
    """Opening a to-read paper in the reader marks it as reading (an undoable step)."""
    unknown: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Keys of this section that this version does not know, written back unchanged."""


@dataclass
class UserSettings:
    """Every per-user setting: `load_user_settings()`, change it, `save_user_settings()`."""

    ui: UiSettings = field(default_factory=UiSettings)
    shortcuts: Shortcuts = field(default_factory=dict)
    """Key mode ("window", "list", …) → command id → its key sequences, each in
    QKeySequence's portable text ("Ctrl+Shift+O", "G, T"). A command absent from a mode
    keeps its default keys there; an empty list means no keys."""
    version: int = USER_SETTINGS_VERSION
    unknown: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Top-level keys that this version does not know, written back unchanged."""
    from_environment: dict[str, tuple[Any, Any]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """Dotted name ("ui.theme") → (value in the file, value from the environment) of each
    override applied, so that saving keeps the file's own value."""


def user_settings_path() -> Path:
    """The file: `settings.json` in the user's config folder (`PAPERSHELF_CONFIG_DIR`)."""
    return user_config_dir() / USER_SETTINGS_FILE


def load_user_settings() -> UserSettings:
    """The user's settings: the file's values over the defaults, the environment over both.

    Never raises: a missing file gives the defaults, an unreadable one is set aside (see the
    module's docstring).
    """
    path = user_settings_path()
    raw = _read(path)
    settings = _from_json(raw or {}, path)
    _apply_environment(settings, os.environ)
    return settings


def save_user_settings(settings: UserSettings) -> None:
    """Write `settings` to the user's file atomically (temp file, then `os.replace`).

    Nothing is written when the file already holds these settings.

    Values that come from the environment are not written: the file keeps its own. A file
    already there that cannot be read is set aside first; if even that fails, nothing is
    written (and the reason is logged), so it is never overwritten silently.

    Raises:
        OSError: the folder cannot be created or written.
    """
    path = user_settings_path()
    stored = _read(path)
    if stored is None and path.exists():
        log.error("the settings were not saved: %s is unreadable and stays as it is", path)
        return
    data = _to_json(settings)
    if data == stored:
        # Already what the file says: every start sets the last library, usually to the
        # same one, and a write is flushed to disk (fsync) before the window can paint.
        return
    write_json_atomic(path, data)


def update_user_settings(change: Callable[[UserSettings], None]) -> UserSettings:
    """Load the settings, let `change` edit them, save them; returns the saved settings.

    Reading just before writing keeps what another window or process saved meanwhile.

    Raises:
        OSError: the folder cannot be created or written.
    """
    settings = load_user_settings()
    change(settings)
    save_user_settings(settings)
    return settings


# ----------------------------------------------------------------------------- reading
def _read(path: Path) -> dict[str, Any] | None:
    """The file's JSON object; None when there is none (an unreadable one is set aside)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        _keep_aside(path, str(exc))
        return None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        _keep_aside(path, f"not JSON: {exc}")
        return None
    if not isinstance(raw, dict):
        _keep_aside(path, "not a JSON object")
        return None
    return raw


def _keep_aside(path: Path, why: str) -> None:
    try:
        kept = set_aside(path)
    except OSError as exc:
        log.error(
            "%s is not a readable settings file (%s); moving it aside failed: %s", path, why, exc
        )
        return
    log.error(
        "%s was not a readable settings file (%s); it is kept as %s and the defaults are used",
        path,
        why,
        kept.name,
    )


def _ui_value(name: str, value: Any) -> Any:
    """`value` if it fits the `ui` setting `name`, else None."""
    if name == "theme":
        return value.lower() if isinstance(value, str) and value.lower() in THEMES else None
    if name == "reader_sets_reading":
        return value if isinstance(value, bool) else None
    if name == "font_size":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if ok and 0 <= value <= MAX_FONT_SIZE else None
    if name == "last_paper":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if ok and value >= 0 else None
    if name == "hidden_panes":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return list(value) if ok else None
    return value if isinstance(value, str) else None


def _from_json(raw: Mapping[str, Any], path: Path) -> UserSettings:
    settings = UserSettings()
    for key, value in raw.items():
        if key == "ui":
            settings.ui = _read_ui(value, path)
        elif key == "shortcuts":
            settings.shortcuts = _read_shortcuts(value, path)
        elif key == "version":
            if isinstance(value, int) and not isinstance(value, bool):
                settings.version = max(value, USER_SETTINGS_VERSION)
        else:
            settings.unknown[key] = value
    if settings.version > USER_SETTINGS_VERSION:
        log.info("%s was written by a newer Papershelf; unknown keys are kept", path)
    return settings


_UI_NAMES = tuple(f.name for f in fields(UiSettings) if f.name != "unknown")


def _read_ui(raw: Any, path: Path) -> UiSettings:
    ui = UiSettings()
    if not isinstance(raw, dict):
        log.warning("%s: `ui` is not an object; using the defaults", path)
        return ui
    for key, value in raw.items():
        if key not in _UI_NAMES:
            ui.unknown[key] = value
            continue
        checked = _ui_value(key, value)
        if checked is None:
            log.warning("%s: ui.%s = %r is not valid; using %r", path, key, value, getattr(ui, key))
        else:
            setattr(ui, key, checked)
    return ui


def _read_shortcuts(raw: Any, path: Path) -> Shortcuts:
    out: Shortcuts = {}
    if not isinstance(raw, dict):
        log.warning("%s: `shortcuts` is not an object; using the default keys", path)
        return out
    for mode, commands in raw.items():
        if not isinstance(commands, dict):
            log.warning("%s: shortcuts.%s is not an object; default keys there", path, mode)
            continue
        for command_id, keys in commands.items():
            if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
                out.setdefault(mode, {})[command_id] = [k for k in keys if k.strip()]
            else:
                log.warning(
                    "%s: shortcuts.%s.%s is not a list of key sequences; default keys",
                    path,
                    mode,
                    command_id,
                )
    return out


def _apply_environment(settings: UserSettings, environ: Mapping[str, str]) -> None:
    for name, var in UI_ENV_OVERRIDES.items():
        text = environ.get(var, "").strip()
        if not text:
            continue
        value = _ui_value(name, text)
        if value is None:
            log.warning("$%s=%r is not a valid ui.%s; ignored", var, text, name)
            continue
        settings.from_environment[f"ui.{name}"] = (getattr(settings.ui, name), value)
        setattr(settings.ui, name, value)


# ----------------------------------------------------------------------------- writing
def _to_json(settings: UserSettings) -> dict[str, Any]:
    ui: dict[str, Any] = {**settings.ui.unknown}
    for name in _UI_NAMES:
        ui[name] = getattr(settings.ui, name)
    for dotted, (stored, from_env) in settings.from_environment.items():
        section, _, name = dotted.partition(".")
        if section == "ui" and ui.get(name) == from_env:
            ui[name] = stored  # unchanged since it was loaded: keep the file's own value
    return {
        **settings.unknown,
        "version": settings.version,
        "ui": ui,
        "shortcuts": {
            mode: {command_id: list(keys) for command_id, keys in commands.items()}
            for mode, commands in settings.shortcuts.items()
        },
    }
