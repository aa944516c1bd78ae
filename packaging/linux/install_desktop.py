"""Install (or remove) Papershelf's launcher, icons and file types for the current user.

    make install-desktop                       # the checkout's .venv/bin/papershelf-gui
    make install-desktop EXEC=$PWD/dist/Papershelf/Papershelf   # the bundle
    make uninstall-desktop

Writes below $XDG_DATA_HOME (default ~/.local/share): applications/<id>.desktop with Exec set
to the absolute path of the program, icons/hicolor/<size>/apps/<id>.png (and the SVG),
mime/packages/<id>.xml and metainfo/<id>.metainfo.xml, then refreshes the desktop, MIME and
icon caches with whichever of update-desktop-database, update-mime-database and
gtk-update-icon-cache are installed. Needs only the standard library.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

APP_ID = "io.github.papershelf.Papershelf"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HICOLOR = ROOT / "resources" / "icons" / "hicolor"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def targets(base: Path) -> dict[Path, Path]:
    """Every installed file (destination → source), apart from the rewritten .desktop file."""
    files = {
        base / "mime" / "packages" / f"{APP_ID}.xml": HERE / f"{APP_ID}.mime.xml",
        base / "metainfo" / f"{APP_ID}.metainfo.xml": HERE / f"{APP_ID}.metainfo.xml",
    }
    for icon in sorted(HICOLOR.glob(f"*/apps/{APP_ID}.*")):
        files[base / "icons" / "hicolor" / icon.relative_to(HICOLOR)] = icon
    return files


def desktop_entry(exec_path: Path) -> str:
    """The .desktop file with Exec/TryExec pointing at `exec_path` (quoted per the spec)."""
    quoted = str(exec_path)
    if any(c in quoted for c in " \t\"'\\><~|&;$*?#()`"):
        quoted = '"' + quoted.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'
    lines = []
    for line in (HERE / f"{APP_ID}.desktop").read_text("utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={quoted} %F"
        elif line.startswith("TryExec="):
            line = f"TryExec={exec_path}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh(base: Path) -> None:
    for tool, args in (
        ("update-desktop-database", [str(base / "applications")]),
        ("update-mime-database", [str(base / "mime")]),
        ("gtk-update-icon-cache", ["--force", "--ignore-theme-index", str(base / "icons/hicolor")]),
    ):
        if shutil.which(tool):
            subprocess.run([tool, *args], check=False, capture_output=True)


def install(exec_path: Path, base: Path) -> list[Path]:
    """Copy every file into `base`; returns the installed paths."""
    if not exec_path.is_file() or not os.access(exec_path, os.X_OK):
        raise SystemExit(f"install-desktop: {exec_path} is not an executable program")
    if not any(HICOLOR.glob(f"*/apps/{APP_ID}.png")):
        raise SystemExit(f"install-desktop: no icons in {HICOLOR}")
    done = []
    desktop = base / "applications" / f"{APP_ID}.desktop"
    desktop.parent.mkdir(parents=True, exist_ok=True)
    tmp = desktop.with_suffix(".tmp")
    tmp.write_text(desktop_entry(exec_path), "utf-8")
    tmp.replace(desktop)
    done.append(desktop)
    for dest, src in targets(base).items():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        done.append(dest)
    _refresh(base)
    return done


def uninstall(base: Path) -> list[Path]:
    """Remove what `install` put into `base`; returns the removed paths."""
    removed = []
    for path in [base / "applications" / f"{APP_ID}.desktop", *targets(base)]:
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh(base)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("install", "uninstall"))
    parser.add_argument(
        "--exec",
        dest="exec_path",
        default=str(Path(sys.prefix) / "bin" / "papershelf-gui"),
        help="the program the launcher runs (default: this Python's papershelf-gui)",
    )
    args = parser.parse_args(argv)
    base = data_home()
    if args.action == "install":
        paths = install(Path(args.exec_path).absolute(), base)
        sys.stdout.write(f"installed {len(paths)} files for Papershelf under {base}\n")
    else:
        paths = uninstall(base)
        sys.stdout.write(f"removed {len(paths)} Papershelf files from {base}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
