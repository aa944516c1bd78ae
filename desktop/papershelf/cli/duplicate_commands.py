"""`papershelf duplicates`, `merge` and `not-duplicates`: the Duplicates view in a terminal."""

from __future__ import annotations

import argparse

from papershelf.cli.output import emit_json, paper_line, resolve_id, resolve_ids
from papershelf.cli.registry import AddCommand
from papershelf.core.errors import InvalidInputError
from papershelf.library import Library, ops


def cmd_duplicates(lib: Library, args: argparse.Namespace) -> int:
    groups = lib.duplicate_groups()
    if args.json:
        emit_json([{"paper_ids": list(g.paper_ids), "reason": g.reason} for g in groups])
        return 0
    if not groups:
        print("no possible duplicates")
    for group in groups:
        print(f"{group.reason}:")
        for paper in lib.get_many(group.paper_ids, details=False):
            print(f"  {paper_line(paper)}")
    return 0


def cmd_merge(lib: Library, args: argparse.Namespace) -> int:
    keep = resolve_id(lib, args.keep)
    others = tuple(resolve_ids(lib, args.others))
    ops.run(lib, ops.MergeDuplicates(keep, others))
    if args.json:
        emit_json(lib.get(keep).to_json() | {"merged_ids": list(others)})
    else:
        print(f"merged {', '.join(f'#{o}' for o in others)} into #{keep}")
    return 0


def cmd_not_duplicates(lib: Library, args: argparse.Namespace) -> int:
    ids = tuple(dict.fromkeys(resolve_ids(lib, args.ids)))
    if len(ids) < 2:
        raise InvalidInputError("name at least two different papers")
    ops.run(lib, ops.NotDuplicates(ids))
    if args.json:
        emit_json({"not_duplicates": list(ids)})
    else:
        print(f"{', '.join(f'#{i}' for i in ids)}: not duplicates (remembered)")
    return 0


def register(add: AddCommand) -> None:
    add("duplicates", cmd_duplicates, "list possible duplicates, each group with the reason")
    p = add("merge", cmd_merge, "merge papers into KEEP, keeping their tags, notes and files")
    p.add_argument("keep", metavar="KEEP")
    p.add_argument("others", nargs="+", metavar="OTHER")
    p = add("not-duplicates", cmd_not_duplicates, "remember that these papers are different")
    p.add_argument("ids", nargs="+", metavar="ID")
