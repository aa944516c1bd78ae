"""The user's settings file: typed, atomic, never lost to a bad file, environment applied last."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from papershelf.config import user_settings
from papershelf.config.paths import resolve_library_dir, user_config_dir
from papershelf.config.user_settings import (
    ENV_THEME,
    UiSettings,
    UserSettings,
    load_user_settings,
    save_user_settings,
    update_user_settings,
    user_settings_path,
)


@pytest.fixture(autouse=True)
def no_theme_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_THEME, raising=False)


def stored() -> dict[str, object]:
    data = json.loads(user_settings_path().read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_file_is_in_the_users_config_folder_of_the_test(tmp_path: Path) -> None:
    assert user_settings_path() == tmp_path / "xdg-config" / "papershelf" / "settings.json"
    assert load_user_settings() == UserSettings()
    assert not user_settings_path().exists()  # reading writes nothing


def test_papershelf_config_dir_moves_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSHELF_CONFIG_DIR", str(tmp_path / "portable"))
    assert user_config_dir() == tmp_path / "portable"
    save_user_settings(UserSettings())
    assert (tmp_path / "portable" / "settings.json").is_file()


def test_a_round_trip_keeps_every_value() -> None:
    settings = UserSettings(
        ui=UiSettings(
            theme="dark",
            font_size=13,
            window_geometry="AdnQywAD",
            splitter_state="AAAA/w==",
            column_state="AAAA/wAAAAA=",
            last_library="/data/papers",
        ),
        shortcuts={"window": {"paper.read": ["Ctrl+Alt+R"], "paper.open": []}, "list": {}},
    )
    save_user_settings(settings)
    loaded = load_user_settings()
    assert loaded.ui == settings.ui
    # An empty list stays "no keys"; an empty mode says nothing and is dropped.
    assert loaded.shortcuts == {"window": {"paper.read": ["Ctrl+Alt+R"], "paper.open": []}}
    assert stored()["version"] == 1
    assert [p.name for p in user_settings_path().parent.iterdir()] == ["settings.json"]


def test_update_keeps_what_another_window_saved_meanwhile() -> None:
    mine = load_user_settings()
    update_user_settings(lambda s: setattr(s.ui, "font_size", 15))  # another window
    mine.ui.theme = "light"
    update_user_settings(lambda s: setattr(s.ui, "theme", mine.ui.theme))
    loaded = load_user_settings()
    assert (loaded.ui.theme, loaded.ui.font_size) == ("light", 15)


def test_a_failed_write_leaves_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    save_user_settings(UserSettings(ui=UiSettings(theme="dark")))

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("papershelf.config.jsonfile.json.dump", broken)
        with pytest.raises(OSError, match="No space"):
            save_user_settings(UserSettings(ui=UiSettings(theme="light")))
    assert load_user_settings().ui.theme == "dark"
    assert [p.name for p in user_settings_path().parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\udcff"])
def test_an_unreadable_file_is_kept_aside_and_logged(
    content: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = user_settings_path()
    path.parent.mkdir(parents=True)
    raw = content.encode("utf-8", "surrogateescape")
    path.write_bytes(raw)
    with caplog.at_level(logging.ERROR, logger="papershelf.config.user_settings"):
        settings = load_user_settings()
    assert settings == UserSettings()
    kept = path.with_name("settings.json.bad")
    assert kept.read_bytes() == raw
    assert "kept as settings.json.bad" in caplog.text
    save_user_settings(settings)
    assert kept.read_bytes() == raw  # the next save did not destroy it
    assert stored()["ui"] is not None


def test_a_second_bad_file_does_not_replace_the_first() -> None:
    path = user_settings_path()
    path.parent.mkdir(parents=True)
    for n, text in enumerate(["{first", "{second"]):
        path.write_text(text, "utf-8")
        load_user_settings()
        assert path.with_name("settings.json.bad" + (f".{n}" if n else "")).read_text() == text
    assert path.with_name("settings.json.bad").read_text() == "{first"


def test_save_never_overwrites_a_bad_file_it_cannot_move(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = user_settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{bad", "utf-8")

    def cannot(path: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(user_settings, "set_aside", cannot)
    with caplog.at_level(logging.ERROR, logger="papershelf.config.user_settings"):
        save_user_settings(UserSettings(ui=UiSettings(theme="dark")))
    assert path.read_text("utf-8") == "{bad"
    assert "were not saved" in caplog.text


def test_wrong_values_fall_back_one_by_one_and_unknown_keys_survive(
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = user_settings_path()
    path.parent.mkdir(parents=True)
    data = {
        "version": 1,
        "ui": {"theme": "purple", "font_size": "big", "last_library": "/x", "ribbon": True},
        "shortcuts": {"window": {"a.b": "Ctrl+B", "c.d": ["X"]}, "list": ["J"]},
        "from_a_newer_version": {"keep": 1},
    }
    path.write_text(json.dumps(data), "utf-8")
    with caplog.at_level(logging.WARNING, logger="papershelf.config.user_settings"):
        settings = load_user_settings()
    assert (settings.ui.theme, settings.ui.font_size, settings.ui.last_library) == (
        "system",
        0,
        "/x",
    )
    assert settings.shortcuts == {"window": {"c.d": ["X"]}}
    assert "ui.theme = 'purple' is not valid" in caplog.text
    save_user_settings(settings)
    again = stored()
    assert again["from_a_newer_version"] == {"keep": 1}
    assert isinstance(again["ui"], dict)
    assert again["ui"]["ribbon"] is True


def test_papershelf_theme_wins_and_is_never_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    save_user_settings(UserSettings(ui=UiSettings(theme="system", font_size=12)))
    monkeypatch.setenv(ENV_THEME, "Dark")
    settings = load_user_settings()
    assert settings.ui.theme == "dark"
    settings.ui.font_size = 14
    save_user_settings(settings)
    ui = stored()["ui"]
    assert isinstance(ui, dict)
    assert (ui["theme"], ui["font_size"]) == ("system", 14)
    update_user_settings(lambda s: setattr(s.ui, "theme", "light"))  # chosen on purpose
    assert load_user_settings().ui.theme == "dark"  # the variable still wins …
    monkeypatch.delenv(ENV_THEME)
    assert load_user_settings().ui.theme == "light"  # … and the choice was kept


def test_a_bad_theme_variable_is_ignored(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(ENV_THEME, "neon")
    with caplog.at_level(logging.WARNING, logger="papershelf.config.user_settings"):
        assert load_user_settings().ui.theme == "system"
    assert "PAPERSHELF_THEME" in caplog.text


def test_library_folder_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSHELF_LIBRARY", str(tmp_path / "env"))
    assert resolve_library_dir("cli", "last") == Path("cli")
    assert resolve_library_dir(None, "last") == tmp_path / "env"
    monkeypatch.delenv("PAPERSHELF_LIBRARY")
    assert resolve_library_dir(None, "last") == Path("last")
    assert resolve_library_dir(None, "").name == "library"
