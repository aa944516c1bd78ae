"""Composition root: `papershelf` and `papershelf-gui` start here.

With a subcommand the command line runs; without one the desktop window will open once the
GUI exists (issue: the main window). Until then both print the command-line help.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from papershelf import cli


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
