"""The library's settings: the `online` switch, written atomically like every other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.config.settings import Settings, load_settings, save_setting
from papershelf.core.errors import InvalidInputError


def test_online_is_on_by_default_and_can_be_switched(tmp_path: Path) -> None:
    assert Settings().online is True
    assert load_settings(tmp_path).online is True
    assert save_setting(tmp_path, "online", "false").online is False
    assert json.loads((tmp_path / "settings.json").read_text("utf-8")) == {"online": False}
    assert save_setting(tmp_path, "online", "on").online is True
    with pytest.raises(InvalidInputError, match="online"):
        save_setting(tmp_path, "online", "sometimes")
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_other_keys_in_the_file_are_kept(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"cache_days": 2, "from_the_future": 1}', "utf-8")
    save_setting(tmp_path, "online", False)
    data = json.loads((tmp_path / "settings.json").read_text("utf-8"))
    assert data == {"cache_days": 2, "from_the_future": 1, "online": False}
