"""Reliability tests: Qt ones get the gui marker and keep QSettings in the test's folder."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in str(item.fspath).replace("\\", "/") and "qtbot" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def qt_settings(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qt-settings"))
