"""Missing system libraries: one clear line from the app, a named skip (or a CI failure) in tests.

A fresh Debian lacks the X libraries Qt's xcb plugin needs. Qt then prints ten lines naming
only xcb-cursor and aborts. The app says which packages to install in one line instead, and
the tests that need a display skip with the reason, except on CI, which installs them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from papershelf.gui.app import (
    XCB_LIBRARIES,
    check_system_libraries,
    missing_libraries_message,
    missing_xcb_packages,
    uses_xcb,
)

from tests.conftest import REPO, describe_xcb_failure, in_ci, require, xcb_display_problem

LINUX_ONLY = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the xcb libraries are a Linux matter"
)


def fake_loader(missing: set[str]) -> Callable[[str], bool]:
    return lambda soname: soname not in missing


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, "linux", False),
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "darwin", False),
        ({"DISPLAY": ":0"}, "win32", False),
    ],
)
def test_the_check_runs_only_when_qt_will_use_xcb(
    env: dict[str, str], platform: str, expected: bool
) -> None:
    assert uses_xcb(env, platform) is expected


def test_missing_libraries_are_named_by_their_debian_packages() -> None:
    loader = fake_loader({"libxcb-icccm.so.4", "libxcb-cursor.so.0", "libxcb-shape.so.0"})
    assert missing_xcb_packages(loader) == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-shape0"]
    assert missing_xcb_packages(fake_loader(set())) == []


def test_the_message_is_one_line_with_the_install_command() -> None:
    message = missing_libraries_message(["libxcb-cursor0", "libxcb-icccm4"])
    assert message == (
        "papershelf: the window needs the system libraries libxcb-cursor0, libxcb-icccm4 "
        "(Debian/Ubuntu: sudo apt install libxcb-cursor0 libxcb-icccm4)"
    )
    assert "\n" not in message
    assert "system library libxcb-cursor0 (" in missing_libraries_message(["libxcb-cursor0"])


def test_check_system_libraries_complains_only_when_xcb_is_used_and_something_is_missing() -> None:
    gone = fake_loader({"libxcb-cursor.so.0"})
    x11 = {"DISPLAY": ":0"}
    assert check_system_libraries(x11, "linux", gone) == missing_libraries_message(
        ["libxcb-cursor0"]
    )
    assert check_system_libraries(x11, "linux", fake_loader(set())) is None
    assert check_system_libraries({"QT_QPA_PLATFORM": "offscreen"}, "linux", gone) is None


@LINUX_ONLY
def test_these_are_the_libraries_this_qt_needs_here() -> None:
    # Where the plugin starts (the test suite's own probe says so), every library listed
    # must load: a wrong name would make the app refuse to start on a working desktop.
    require(xcb_display_problem())
    assert missing_xcb_packages() == []
    assert set(XCB_LIBRARIES) >= {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def _broken_libraries(folder: Path, *names: str) -> str:
    """A folder that shadows `names` with empty files: loading them fails, as when absent."""
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(b"")
    return str(folder)


@LINUX_ONLY
def test_the_app_says_what_to_install_in_one_line_instead_of_aborting(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")
    }
    env["DISPLAY"] = ":97"  # X would be used; it is never reached
    env["LD_LIBRARY_PATH"] = _broken_libraries(
        tmp_path / "libs", "libxcb-cursor.so.0", "libxcb-icccm.so.4"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "papershelf", "--library", str(tmp_path / "lib")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    # One line (Qt's own message is ten); more packages follow on a machine lacking more.
    (line,) = proc.stderr.splitlines()
    assert line.startswith(
        "papershelf: the window needs the system libraries libxcb-cursor0, libxcb-icccm4"
    )
    assert "(Debian/Ubuntu: sudo apt install libxcb-cursor0 libxcb-icccm4" in line
    assert not (tmp_path / "lib").exists(), "nothing was opened or created"


# ------------------------------------------------------------------ the test suite's side
def test_require_skips_on_a_developer_machine_and_fails_on_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require(None)  # nothing missing: the test runs
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="xvfb-run is not installed"):
        require("xvfb-run is not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"xvfb-run is not installed .*CI=true"):
        require("xvfb-run is not installed")


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("1", True), ("", False)])
def test_ci_is_recognised(value: str, expected: bool) -> None:
    assert in_ci({"CI": value}) is expected


def test_qt_s_abort_message_becomes_one_line_naming_the_library() -> None:
    output = (
        'qt.core.library: "/v/PySide6/Qt/plugins/platforms/libqxcb.so" cannot load: Cannot load '
        "library /v/PySide6/Qt/plugins/platforms/libqxcb.so: (libxcb-icccm.so.4: cannot open "
        "shared object file: No such file or directory)\n"
        "qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt "
        "xcb platform plugin.\n"
        "This application failed to start because no Qt platform plugin could be initialized.\n"
    )
    assert describe_xcb_failure(output, 134) == (
        "Qt's xcb platform plugin cannot load libxcb-icccm.so.4: cannot open shared object "
        "file: No such file or directory (apt install libxcb-icccm4)"
    )
    qt_only = "qt.qpa.xcb: could not connect to display :97\nAborted\n"
    assert describe_xcb_failure(qt_only, 134) == "qt.qpa.xcb: could not connect to display :97"
    assert describe_xcb_failure("", 1) == "exit status 1"


@LINUX_ONLY
def test_the_display_probe_names_a_missing_xcb_library(tmp_path: Path) -> None:
    require(None if xcb_display_problem() is None else "no working Xvfb to break")
    broken = _broken_libraries(tmp_path / "libs", "libxcb-cursor.so.0")
    problem = xcb_display_problem(broken)
    assert problem is not None
    assert "libxcb-cursor.so.0" in problem
    assert "apt install libxcb-cursor0" in problem
