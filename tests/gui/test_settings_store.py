"""One settings store for the window: the old QSettings move once, the theme variable wins,
and the Preferences' online switch is the library's `online` setting."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

GEOMETRY = b"\x01\xd9\xd0\xcb\x00\x03geometry"
SPLITTER = b"\x00\x00\x00\xffsplitter"
COLUMNS = b"\x00\x00\x00\xff\x00columns"


@pytest.fixture(autouse=True)
def no_theme_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERSHELF_THEME", raising=False)


@pytest.fixture
def old_qsettings(tmp_path: Path) -> QSettings:
    """A real QSettings file as the previous version left it."""
    old = QSettings(str(tmp_path / "old" / "papershelf.conf"), QSettings.Format.IniFormat)
    old.setValue("ui/theme", "dark")
    old.setValue("ui/font_size", 13)
    old.setValue("online/enabled", False)
    old.setValue("library/path", str(tmp_path / "last-library"))
    old.setValue("window/geometry", QByteArray(GEOMETRY))
    old.setValue("window/splitter", QByteArray(SPLITTER))
    old.setValue("window/columns", QByteArray(COLUMNS))
    old.setValue("shortcuts/paper.read", ["Ctrl+Alt+R"])
    old.setValue("shortcuts/paper.open", [])  # "Clear": no keys at all
    old.setValue("shortcuts/edit.find", ["Ctrl+Shift+F", "F3"])
    old.setValue("shortcuts/inbox/inbox.add", ["Shift+A"])  # a version with key modes
    old.sync()
    assert old.status() == QSettings.Status.NoError
    return QSettings(old.fileName(), QSettings.Format.IniFormat)  # read back from the file


@pytest.fixture
def restore_look(qapp: QApplication) -> Iterator[None]:
    """GuiSession applies the theme to the whole application: put it back afterwards."""
    style, palette, font = qapp.style().name(), qapp.palette(), qapp.font()
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


def test_migration_moves_every_old_value_once(old_qsettings: QSettings, tmp_path: Path) -> None:
    from papershelf.config.settings import load_settings
    from papershelf.config.user_settings import load_user_settings, save_user_settings
    from papershelf.gui.settings_migration import migrate_qsettings

    asked: list[str] = []

    def library_for(user: object) -> Path:
        folder = load_user_settings().ui.last_library  # already saved when asked
        asked.append(folder)
        return Path(folder)

    migrate_qsettings(library_for, old_qsettings)
    user = load_user_settings()
    assert (user.ui.theme, user.ui.font_size) == ("dark", 13)
    assert user.ui.last_library == str(tmp_path / "last-library")
    assert base64.b64decode(user.ui.window_geometry) == GEOMETRY
    assert base64.b64decode(user.ui.splitter_state) == SPLITTER
    assert base64.b64decode(user.ui.column_state) == COLUMNS
    assert user.shortcuts == {
        "window": {
            "paper.read": ["Ctrl+Alt+R"],
            "paper.open": [],
            "edit.find": ["Ctrl+Shift+F", "F3"],
        },
        "inbox": {"inbox.add": ["Shift+A"]},
    }
    # "Look up metadata online" was off: the library the window opens stays offline.
    assert asked == [str(tmp_path / "last-library")]
    assert load_settings(tmp_path / "last-library").online is False
    # Once only: later changes are not undone by the old values, which stay for old versions.
    user.ui.theme = "light"
    save_user_settings(user)
    migrate_qsettings(library_for, QSettings(old_qsettings.fileName(), QSettings.Format.IniFormat))
    assert load_user_settings().ui.theme == "light"
    assert asked == [str(tmp_path / "last-library")]
    assert old_qsettings.value("ui/theme") == "dark"


def test_migration_reads_the_default_qsettings_location(tmp_path: Path) -> None:
    # tests/gui/conftest.py points QSettings' user scope at tmp_path / "qt-settings".
    from papershelf.config.settings import load_settings
    from papershelf.config.user_settings import load_user_settings
    from papershelf.gui.settings_migration import migrate_qsettings, old_settings

    old = old_settings()
    assert Path(old.fileName()).is_relative_to(tmp_path)
    old.setValue("ui/font_size", 16)
    old.setValue("shortcuts/paper.read", "Ctrl+Alt+R")
    old.sync()
    migrate_qsettings(lambda user: tmp_path / "lib")
    user = load_user_settings()
    assert user.ui.font_size == 16
    assert user.shortcuts == {"window": {"paper.read": ["Ctrl+Alt+R"]}}
    assert load_settings(tmp_path / "lib").online is True  # online was never switched off
    assert not (tmp_path / "lib").exists()


def test_nothing_to_migrate_writes_nothing(tmp_path: Path) -> None:
    from papershelf.config.user_settings import user_settings_path
    from papershelf.gui.settings_migration import migrate_qsettings, old_settings

    migrate_qsettings(lambda user: tmp_path / "lib")
    assert not user_settings_path().exists()
    assert not Path(old_settings().fileName()).exists()


def test_a_start_on_the_last_library_leaves_the_settings_file_alone(tmp_path: Path) -> None:
    """Each start sets the last library; the same one is not written (and flushed) again."""
    from papershelf.config.user_settings import load_user_settings, user_settings_path
    from papershelf.gui.prefs import Preferences

    Preferences().library = str(tmp_path / "lib")
    path = user_settings_path()
    before = path.stat()
    Preferences().library = str(tmp_path / "lib")  # the next start, on the same library
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    Preferences().library = str(tmp_path / "other")
    assert path.stat().st_ino != before.st_ino
    assert load_user_settings().ui.last_library == str(tmp_path / "other")


def test_papershelf_theme_wins_over_the_stored_preference(
    qapp: QApplication, restore_look: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papershelf.gui.app import GuiSession
    from papershelf.gui.theme import dark_palette

    config = tmp_path / "xdg-config" / "papershelf"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"ui": {"theme": "system"}}), "utf-8")
    monkeypatch.setenv("PAPERSHELF_THEME", "dark")
    GuiSession(qapp)
    window = QPalette.ColorRole.Window
    assert qapp.palette().color(window) == dark_palette().color(window)


def test_preferences_online_box_is_the_library_setting(qtbot: QtBot, tmp_path: Path) -> None:
    from papershelf.gui.dialogs.preferences import Preferences, PreferencesDialog

    library = tmp_path / "lib"
    library.mkdir()
    settings_file = library / "settings.json"
    settings_file.write_text(json.dumps({"online": False, "cache_days": 3}), "utf-8")
    prefs = Preferences()
    dialog = PreferencesDialog(prefs, library)
    qtbot.addWidget(dialog)
    assert not dialog.online.isChecked()
    dialog.online.setChecked(True)
    dialog.apply_to(prefs)
    assert json.loads(settings_file.read_text("utf-8")) == {"online": True, "cache_days": 3}
    dialog = PreferencesDialog(Preferences(), library)
    qtbot.addWidget(dialog)
    assert dialog.online.isChecked()
    dialog.online.setChecked(False)
    dialog.apply_to(prefs)
    assert json.loads(settings_file.read_text("utf-8"))["online"] is False


def test_preferences_are_kept_in_the_user_settings(qtbot: QtBot, tmp_path: Path) -> None:
    from papershelf.config.user_settings import load_user_settings
    from papershelf.gui.dialogs.preferences import Preferences, PreferencesDialog

    prefs = Preferences()
    dialog = PreferencesDialog(prefs, tmp_path / "lib")
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(2)
    dialog.font_size.setValue(14)
    dialog.apply_to(prefs)
    assert (prefs.theme, prefs.font_size) == ("dark", 14)
    assert (load_user_settings().ui.theme, load_user_settings().ui.font_size) == ("dark", 14)
    assert not Path(QSettings().fileName()).exists()


def test_the_theme_box_says_when_the_variable_decides(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papershelf.gui.dialogs.preferences import Preferences, PreferencesDialog

    monkeypatch.setenv("PAPERSHELF_THEME", "light")
    dialog = PreferencesDialog(Preferences(), tmp_path / "lib")
    qtbot.addWidget(dialog)
    assert dialog.theme.currentText() == "Light"
    assert not dialog.theme.isEnabled()
    assert "PAPERSHELF_THEME" in dialog.theme.toolTip()


def test_the_window_keeps_its_layout_in_the_user_settings(qtbot: QtBot, lib_path: Path) -> None:
    from papershelf.config.user_settings import load_user_settings

    from tests.gui.conftest import close_window, open_window

    window = open_window(qtbot, lib_path)
    window.resize(700, 500)
    window.splitter.setSizes([150, 500, 250])
    qtbot.waitUntil(lambda: window.size().width() == 700)
    size, sizes = window.size(), window.splitter.sizes()
    assert size != QSize(1440, 860)  # not the default size, which a failed restore gives
    close_window(window)
    ui = load_user_settings().ui
    assert ui.window_geometry
    assert ui.splitter_state
    assert ui.column_state
    assert not Path(QSettings().fileName()).exists()  # nothing went to QSettings
    again = open_window(qtbot, lib_path)
    try:
        assert again.size() == size
        assert again.splitter.sizes() == sizes
    finally:
        close_window(again)


def test_shortcut_overrides_are_the_user_settings_shortcuts(qtbot: QtBot) -> None:
    from papershelf.config.user_settings import load_user_settings
    from papershelf.gui.dialogs.shortcuts import load_overrides, save_overrides

    save_overrides({"window": {"paper.read": ("Ctrl+Alt+R",), "paper.open": ()}, "list": {}})
    assert load_user_settings().shortcuts == {
        "window": {"paper.read": ["Ctrl+Alt+R"], "paper.open": []}
    }
    assert load_overrides() == {"window": {"paper.read": ["Ctrl+Alt+R"], "paper.open": []}}
    assert not Path(QSettings().fileName()).exists()
