"""`papershelf set ID FIELD=VALUE…`: edit a paper's metadata, as the Info section does."""

from __future__ import annotations

import argparse

from papershelf.cli.output import emit_json, print_paper, resolve_id
from papershelf.cli.registry import AddCommand
from papershelf.core.errors import InvalidInputError
from papershelf.core.fields import EDITABLE_FIELDS
from papershelf.library import Library, ops


def cmd_set(lib: Library, args: argparse.Namespace) -> int:
    pid = resolve_id(lib, args.id)
    values: dict[str, str] = {}
    for item in args.values:
        name, sep, value = item.partition("=")
        if not sep:
            raise InvalidInputError(f"expected FIELD=VALUE, not {item!r}")
        values[name.strip().replace("-", "_")] = value
    result = ops.run(lib, ops.SetPaperFields.of(pid, values))
    paper = lib.get(pid)
    if args.json:
        emit_json(paper.to_json())
    else:
        print_paper(paper)
        if not result.changes:
            print("nothing changed")
    return 0


def register(add: AddCommand) -> None:
    p = add(
        "set",
        cmd_set,
        "edit metadata fields: set ID volume=9 pages=263-264 month=sep (empty value clears)",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "values",
        nargs="+",
        metavar="FIELD=VALUE",
        help=f"fields: {', '.join(EDITABLE_FIELDS)}; authors and editors separated by ';'",
    )
