"""How command modules declare their subcommands, so each lives in its own module.

A command module defines `register(add)` and calls `add(name, fn, help)` for each command;
`papershelf.cli.main.COMMAND_MODULES` lists the modules in the order `--help` shows them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from papershelf.library import Library

LibraryCommand = Callable[[Library, argparse.Namespace], int]
"""A command run on an open library (the usual kind)."""

PathCommand = Callable[[Path, argparse.Namespace], int]
"""A command that must not open the library first (backup restore, damage repair)."""


class AddCommand(Protocol):
    def __call__(
        self,
        name: str,
        fn: LibraryCommand | PathCommand,
        help_: str,
        *,
        opens_library: bool = True,
    ) -> argparse.ArgumentParser: ...
