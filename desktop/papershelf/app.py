"""Composition root: `papershelf` and `papershelf-gui` start here.

With a subcommand the command line runs; without one (only `--library DIR` at most) the
desktop window opens. The GUI is imported only then, so the command line never loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from papershelf import cli


def _gui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's arguments when `argv` asks for the GUI, else None (a CLI call)."""
    parser = argparse.ArgumentParser(prog="papershelf", add_help=False)
    parser.add_argument("--library", metavar="DIR")
    parser.add_argument("--smoke-test", action="store_true")
    try:
        args, rest = parser.parse_known_args(list(argv))
    except SystemExit:
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui_args = _gui_arguments(argv)
    if gui_args is not None:
        from papershelf.gui.app import run_gui

        return run_gui(gui_args.library, smoke_test=gui_args.smoke_test)
    return cli.main(argv)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
