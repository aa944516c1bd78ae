"""What a fresh install must hold: one Whoosh, a Qt-free core, working entry points, the
sample and icons inside the wheel, a valid launcher, and an app that passes its smoke test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from papershelf.app import _gui_arguments, _take_verbose

from tests.conftest import in_ci, require, require_tool

REPO = Path(__file__).resolve().parents[1]
LINUX = REPO / "packaging" / "linux"
APP_ID = "io.github.papershelf.Papershelf"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def test_only_whoosh_reloaded_provides_the_whoosh_module() -> None:
    assert metadata.version("whoosh-reloaded").startswith("2.7.")
    for other in ("whoosh", "whoosh3"):
        with pytest.raises(metadata.PackageNotFoundError):
            metadata.distribution(other)


def test_the_command_line_never_loads_qt() -> None:
    code = (
        "import sys, papershelf.cli, papershelf.library; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_console_script_reports_its_version() -> None:
    from papershelf import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "papershelf", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def _run(
    args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=120,
    )


# ------------------------------------------------------------------ the wheel
@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pipx install .` would build, from a copy of the checkout (no network)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(REPO / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("desktop", "resources"):
        shutil.copytree(REPO / name, src / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    proc = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(src),
        ]
    )
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("papershelf-*.whl")
    return found


def test_the_wheel_ships_the_sample_library_icons_and_licence(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "papershelf/resources/sample-library.json" in names
    assert "papershelf/py.typed" in names
    for size in ICON_SIZES:
        assert f"papershelf/resources/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in names
    assert f"papershelf/resources/icons/hicolor/scalable/apps/{APP_ID}.svg" in names
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA")))
    assert b"License-Expression: MIT" in meta
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("/entry_points.txt")))
        .decode()
    )
    assert "papershelf = papershelf.app:run" in entry_points
    assert "papershelf-gui = papershelf.app:run" in entry_points


def test_an_installed_wheel_finds_its_sample_without_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    proc = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ]
    )
    assert proc.returncode == 0, proc.stderr
    code = (
        "import papershelf; from papershelf.library.sample import find_sample, find_resource; "
        "print(papershelf.__file__); print(find_sample()); print(find_resource('icons/hicolor'))"
    )
    out = _run([sys.executable, "-c", code], {"PYTHONPATH": str(target)}, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    module, sample, icons = out.stdout.split()
    assert module.startswith(str(target))
    assert sample == str(target / "papershelf" / "resources" / "sample-library.json")
    assert icons == str(target / "papershelf" / "resources" / "icons" / "hicolor")


# ------------------------------------------------------------------ command line or window
def test_files_on_the_command_line_open_the_window_and_commands_stay_the_cli(
    tmp_path: Path,
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={A}}\n", "utf-8")
    gui = _gui_arguments([str(bib)])
    assert gui is not None
    assert gui.files == [str(bib)]
    with_library = _gui_arguments(["--library", str(tmp_path / "lib"), str(bib)])
    assert with_library is not None
    assert with_library.library == str(tmp_path / "lib")
    assert _gui_arguments([]) is not None  # no arguments: the window
    assert _gui_arguments(["import", str(bib)]) is None
    assert _gui_arguments([str(tmp_path / "missing.bib")]) is None  # the CLI names the error
    assert _gui_arguments(["--json", str(bib)]) is None
    # A file that happens to be named like a command is still the command.
    (tmp_path / "list").write_text("", "utf-8")
    assert _gui_arguments([str(tmp_path / "list")]) is not None
    assert _gui_arguments(["list"]) is None


def test_verbose_is_a_global_option_only() -> None:
    assert _take_verbose(["--verbose", "list"]) == (["list"], True)
    assert _take_verbose(["note", "3", "--append", "-v"]) == (
        ["note", "3", "--append", "-v"],
        False,
    )


def test_the_command_line_logs_only_when_asked(tmp_path: Path) -> None:
    env = {"PAPERSHELF_LOG_DIR": str(tmp_path / "log"), "PAPERSHELF_LIBRARY": str(tmp_path / "l")}
    quiet = _run([sys.executable, "-m", "papershelf", "stats"], env)
    assert quiet.returncode == 0, quiet.stderr
    assert not (tmp_path / "log").exists()
    asked = _run([sys.executable, "-m", "papershelf", "stats"], {**env, "PAPERSHELF_LOG": "1"})
    assert asked.returncode == 0, asked.stderr
    assert "Papershelf " in (tmp_path / "log" / "papershelf.log").read_text("utf-8")


def test_smoke_test_passes_and_touches_nothing_of_the_user(tmp_path: Path) -> None:
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PAPERSHELF_LIBRARY": str(tmp_path / "user-library"),
        "PAPERSHELF_LOG_DIR": str(tmp_path / "user-log"),
        "XDG_CONFIG_HOME": str(tmp_path / "user-config"),
    }
    proc = _run([sys.executable, "-m", "papershelf", "--smoke-test"], env)
    assert proc.returncode == 0, proc.stderr
    assert "smoke test passed" in proc.stdout
    assert "hits for 'attention'" in proc.stdout
    assert list(tmp_path.iterdir()) == []


def test_gui_entry_reports_its_version() -> None:
    from papershelf import __version__

    gui_script = Path(sys.executable).parent / "papershelf-gui"
    require(None if gui_script.exists() else "papershelf-gui is not installed in this venv")
    proc = _run([str(gui_script), "--version"])
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"papershelf {__version__}"


# ------------------------------------------------------------------ Linux desktop integration
def test_the_desktop_file_validates() -> None:
    validate = require_tool("desktop-file-validate", "desktop-file-utils")
    proc = _run([validate, str(LINUX / f"{APP_ID}.desktop")])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (LINUX / f"{APP_ID}.desktop").read_text("utf-8")
    assert "Version=1.4\n" in text
    assert f"Icon={APP_ID}\n" in text
    assert "text/x-bibtex;application/x-research-info-systems;" in text


def test_the_appstream_metainfo_validates() -> None:
    proc = _run(
        [
            require_tool("appstreamcli", "appstream"),
            "validate",
            "--no-net",
            str(LINUX / f"{APP_ID}.metainfo.xml"),
        ]
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_install_desktop_puts_launcher_icons_and_types_in_place_and_removes_them(
    tmp_path: Path,
) -> None:
    program = tmp_path / "my apps" / "papershelf-gui"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", "utf-8")
    program.chmod(0o755)
    env = {"XDG_DATA_HOME": str(tmp_path / "share")}
    script = str(LINUX / "install_desktop.py")
    proc = _run([sys.executable, script, "install", "--exec", str(program)], env)
    assert proc.returncode == 0, proc.stderr
    share = tmp_path / "share"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{program}" %F' in desktop.read_text("utf-8")
    for size in ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    # Without these tools the files are still installed; on CI (which has them) they must run.
    if shutil.which("desktop-file-validate") or in_ci():
        check = _run([require_tool("desktop-file-validate", "desktop-file-utils"), str(desktop)])
        assert check.returncode == 0, check.stdout
    if shutil.which("update-mime-database") or in_ci():
        require_tool("update-mime-database", "shared-mime-info")
        # The user's MIME database now knows .ris files.
        globs = (share / "mime" / "globs2").read_text("utf-8")
        assert "application/x-research-info-systems:*.ris" in globs

    proc = _run([sys.executable, script, "uninstall"], env)
    assert proc.returncode == 0, proc.stderr
    assert not desktop.exists()
    assert not list((share / "icons").rglob(f"{APP_ID}.*"))
    assert not (share / "mime" / "packages" / f"{APP_ID}.xml").exists()


def test_install_desktop_refuses_a_missing_program(tmp_path: Path) -> None:
    proc = _run(
        [
            sys.executable,
            str(LINUX / "install_desktop.py"),
            "install",
            "--exec",
            str(tmp_path / "nope"),
        ],
        {"XDG_DATA_HOME": str(tmp_path / "share")},
    )
    assert proc.returncode != 0
    assert "is not an executable program" in proc.stderr
    assert not (tmp_path / "share").exists()


# ------------------------------------------------------------------ the log file
def test_the_log_rotates_at_about_a_megabyte_and_keeps_three_old_files(tmp_path: Path) -> None:
    import logging

    from papershelf.config import logs

    # Start from no file handler (an earlier in-process GUI start may have left one) and with
    # logging enabled and at INFO.
    logs.stop_logging()
    disabled = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    path = logs.setup_logging(directory=tmp_path / "log")
    try:
        assert path == tmp_path / "log" / "papershelf.log"
        assert logs.log_file() == path
        line = "x" * 1000
        for _ in range(5000):  # ~5 MB
            logging.getLogger("papershelf.test").info(line)
    finally:
        logs.stop_logging()
        logging.disable(disabled)
    files = sorted(p.name for p in (tmp_path / "log").iterdir())
    assert files == ["papershelf.log", "papershelf.log.1", "papershelf.log.2", "papershelf.log.3"]
    assert all(p.stat().st_size <= logs.MAX_BYTES for p in (tmp_path / "log").iterdir())


def test_an_unwritable_log_folder_is_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from papershelf.config import logs

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    assert logs.setup_logging(directory=blocker) is None
    assert f"cannot write the log file {blocker / 'papershelf.log'}" in capsys.readouterr().err
