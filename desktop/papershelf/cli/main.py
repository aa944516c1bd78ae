"""Parse the command line and run one command against the library."""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence

from papershelf import __version__
from papershelf.cli.backup_commands import restore_hint
from papershelf.cli.registry import LibraryCommand, PathCommand
from papershelf.config.paths import DB_FILE, resolve_library_dir
from papershelf.core.errors import LibraryDamagedError, PapershelfError
from papershelf.library import Library
from papershelf.library.backups import damaged_error, is_damage

PROG = "papershelf"

COMMAND_MODULES = (
    "papershelf.cli.library_commands",
    "papershelf.cli.attachment_commands",
    "papershelf.cli.online_commands",
    "papershelf.cli.backup_commands",
    "papershelf.cli.feed_commands",
)
"""Modules with a `register(add)` function, in the order `papershelf --help` lists them."""


def build_parser() -> argparse.ArgumentParser:
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
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(func=fn, opens_library=opens_library)
        return p

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(add)
    return parser


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
    parser = build_parser()
    args = parser.parse_args(argv)
    _pull_common_from_remainder(args)
    args.json = getattr(args, "json", False)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        path = resolve_library_dir(getattr(args, "library", None))
        if not args.opens_library:
            code: int = args.func(path, args)
            sys.stdout.flush()
            return code
        # The command prints its result first; the index catches up as the library closes.
        with Library.open(path, indexing="on_close") as lib:
            lib.notice = lambda message: print(f"{PROG}: {message}", file=sys.stderr)
            code = args.func(lib, args)
            sys.stdout.flush()
            return code
    except LibraryDamagedError as exc:
        print(f"{PROG}: error: {exc}\n{restore_hint(exc, path)}", file=sys.stderr)
        return 1
    except PapershelfError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # found mid-command, past the open's checks
        if not is_damage(exc):
            print(f"{PROG}: error: {path / DB_FILE}: {exc}", file=sys.stderr)
            return 1
        damaged = damaged_error(path / DB_FILE, str(exc))
        print(f"{PROG}: error: {damaged}\n{restore_hint(damaged, path)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `papershelf list | head`: the reader went away; not an error worth a traceback.
        sys.stderr.close()
        return 0
