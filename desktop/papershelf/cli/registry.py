"""How command modules declare their subcommands, so each lives in its own module.

A command module defines `register(add)` and calls `add(name, fn, help)` for each command;
`papershelf.cli.main.COMMAND_MODULES` lists the modules in the order `--help` shows them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, overload

from papershelf.library import Library

LibraryCommand = Callable[[Library, argparse.Namespace], int]
"""A command run on an open library (the usual kind)."""

PathCommand = Callable[[Path, argparse.Namespace], int]
"""A command that must not open the library first (backup restore, damage repair)."""


class ArgumentGroup(Protocol):
    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> object: ...


class CommandArguments(ArgumentGroup, Protocol):
    """What `register` may do with a command's parser: add its options.

    For a command the call does not run, `add` gives a stand-in that ignores them.
    """

    def add_mutually_exclusive_group(self, *, required: bool = False) -> ArgumentGroup: ...


class AddCommand(Protocol):
    def __call__(
        self,
        name: str,
        fn: LibraryCommand | PathCommand,
        help_: str,
        *,
        opens_library: bool = True,
    ) -> CommandArguments: ...


class LazyChoices(Sequence[str]):
    """An option's choices, listed when first looked at.

    argparse looks at them only when that command is parsed or its help shown, so building
    the parser for `papershelf list` does not import every importer and exporter to name
    the formats of `import --format` and `export --format`. Give the option a `metavar`:
    without one argparse lists the choices as it adds the option.
    """

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load
        self._names: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = tuple(self._load())
        return self._names

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __contains__(self, value: object) -> bool:
        return value in self._all()
