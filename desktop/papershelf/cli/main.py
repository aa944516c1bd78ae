"""Parse the command line and run one command against the library."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from papershelf import __version__
from papershelf.cli.backup_commands import restore_hint
from papershelf.cli.registry import CommandArguments, LibraryCommand, PathCommand
from papershelf.cli.terminal import (
    StandardOutputError,
    flush_stdout,
    raw_stdout,
    terminal_streams,
)
from papershelf.config.paths import DB_FILE, resolve_library_dir
from papershelf.core.errors import LibraryDamagedError, PapershelfError
from papershelf.library import Library
from papershelf.library.backups import damaged_error, is_damage

PROG = "papershelf"

COMMAND_MODULES = (
    "papershelf.cli.library_commands",
    "papershelf.cli.duplicate_commands",
    "papershelf.cli.field_commands",
    "papershelf.cli.attachment_commands",
    "papershelf.cli.annotation_commands",
    "papershelf.cli.online_commands",
    "papershelf.cli.resolve_commands",
    "papershelf.cli.backup_commands",
    "papershelf.cli.feed_commands",
)
"""Modules with a `register(add)` function, in the order `papershelf --help` lists them."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or with `command` that one alone.

    A parser of one command is what running it needs (its options, the global ones), built
    in a fraction of the time: argparse spends ~0.3 ms on each of the 36 commands' parsers
    (a gettext lookup on disk per label). An unknown `command` gets the whole parser, so
    the error lists every command.
    """
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a value given before the subcommand is not reset by the subparser's default.
    common.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="library folder (default: $PAPERSHELF_LIBRARY or the user data folder)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Papershelf: a keyboard-driven reading list for research papers.",
        epilog="Run `papershelf COMMAND --help` for a command's options. "
        "Query syntax: see docs/search.md.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(
        name: str,
        fn: LibraryCommand | PathCommand,
        help_: str,
        *,
        opens_library: bool = True,
    ) -> CommandArguments:
        if command is not None and name != command:
            return _NOT_RUN
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=fn, opens_library=opens_library)
        return p

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(add)
    if command is not None and command not in sub.choices:
        return build_parser()
    return parser


def command_names() -> list[str]:
    """Every command's name, without building a parser (`app.py` tells commands from files)."""
    names: list[str] = []

    def add(
        name: str,
        fn: LibraryCommand | PathCommand,
        help_: str,
        *,
        opens_library: bool = True,
    ) -> CommandArguments:
        names.append(name)
        return _NOT_RUN

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(add)
    return names


class _NotRun:
    """Takes the options of a command this call does not run, and forgets them."""

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> None:
        pass

    def add_mutually_exclusive_group(self, *, required: bool = False) -> _NotRun:
        return self


_NOT_RUN = _NotRun()


def _command_in(argv: Sequence[str]) -> str | None:
    """The command `argv` runs, when only `--library DIR` and `--json` come before it.

    None for anything else (`--help`, `--version`, no command): that needs the whole parser.
    """
    words = iter(argv)
    for word in words:
        option = word.split("=", 1)[0]
        if len(option) > 2 and "--library".startswith(option):  # argparse takes --lib too
            if "=" not in word:
                next(words, None)
            continue
        if len(word) > 2 and "--json".startswith(word):
            continue
        return None if word.startswith("-") else word
    return None


def _pull_common_from_remainder(args: argparse.Namespace) -> None:
    """`tag ID -old --json`: options after a REMAINDER land in it; take ours back out."""
    ops = getattr(args, "ops", None)
    if not ops:
        return
    kept: list[str] = []
    it = iter(ops)
    for op in it:
        if op == "--json":
            args.json = True
        elif op == "--library":
            args.library = next(it, None)
        elif op.startswith("--library="):
            args.library = op.split("=", 1)[1]
        else:
            kept.append(op)
    args.ops = kept


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every expected failure ends in one `papershelf: error:` line.

    Returns:
        The exit code: 0, 1 for an error, 2 for a partial result, 130 when interrupted.
    """
    with terminal_streams():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser(_command_in(sys.argv[1:] if argv is None else argv))
    if argv is not None and any("\x00" in arg for arg in argv):
        # No shell can pass one (argv entries are C strings); a script calling main() can.
        parser.error("an argument contains a NUL character")
    args = parser.parse_args(argv)
    _pull_common_from_remainder(args)
    args.json = getattr(args, "json", False)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    path: Path | None = None
    try:
        path = resolve_library_dir(getattr(args, "library", None))
        if not args.opens_library:
            code: int = args.func(path, args)
            flush_stdout()
            return code
        # The command prints its result first; the index catches up as the library closes.
        with Library.open(path, indexing="on_close") as lib:
            lib.notice = lambda message: print(f"{PROG}: {message}", file=sys.stderr)
            code = args.func(lib, args)
            flush_stdout()
            return code
    except LibraryDamagedError as exc:
        assert path is not None
        print(f"{PROG}: error: {exc}\n{restore_hint(exc, path)}", file=sys.stderr)
        return 1
    except PapershelfError as exc:
        if isinstance(exc, StandardOutputError):
            _discard_stdout()  # what could not be written is still buffered
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # found mid-command, past the open's checks
        assert path is not None
        if not is_damage(exc):
            print(f"{PROG}: error: {path / DB_FILE}: {exc}", file=sys.stderr)
            return 1
        damaged = damaged_error(path / DB_FILE, str(exc))
        print(f"{PROG}: error: {damaged}\n{restore_hint(damaged, path)}", file=sys.stderr)
        return 1
    except UnicodeEncodeError as exc:
        # Bytes of an argument that are not UTF-8 reach Python as lone surrogates, which
        # SQLite and the index cannot store.
        bad = exc.object[exc.start : exc.end]
        print(
            f"{PROG}: error: {bad!a} is not valid text (an argument with bytes that are "
            "not UTF-8?)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `papershelf list | head`: the reader went away; not an error worth a traceback.
        _discard_stdout()
        sys.stderr.close()
        return 0
    except OSError as exc:  # a full disk, a vanished folder: what the machine did, not a bug
        print(f"{PROG}: error: {_os_error_text(exc)}", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"{PROG}: error: out of memory (the input is too large to process)", file=sys.stderr)
        return 1
    except RecursionError:
        print(f"{PROG}: error: the input is nested too deeply to process", file=sys.stderr)
        return 1


def _os_error_text(exc: OSError) -> str:
    """`path: reason` for an OSError; a failed standard output is named as such."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        where = os.fsdecode(exc.filename)
        if exc.filename2 is not None:
            where += f" -> {os.fsdecode(exc.filename2)}"
        return f"{where}: {reason}"
    try:
        sys.stdout.flush()
    except OSError:
        # What could not be written is still buffered; drop it so the exit is quiet.
        _discard_stdout()
        return f"cannot write to standard output: {reason}"
    return reason


def _discard_stdout() -> None:
    """Point standard output at the null device, so the flush at exit cannot fail again."""
    if raw_stdout() is not sys.__stdout__ or sys.__stdout__ is None:
        return  # replaced by a caller (tests, an embedding app): not ours to redirect
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
