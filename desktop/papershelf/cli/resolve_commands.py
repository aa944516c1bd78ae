"""`papershelf resolve`: find the records of papers that have only a title (docs/online.md)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from papershelf.cli.output import emit_json, paper_line, resolve_id, resolve_ids
from papershelf.cli.registry import AddCommand
from papershelf.core.errors import InvalidInputError
from papershelf.library import Library, ops

if TYPE_CHECKING:
    from papershelf.library.resolve import ResolveReport

# library.resolve (the online title search) is imported by the command.


def cmd_resolve(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.resolve import unresolved

    if args.choose is not None:
        return _choose(lib, args)
    if args.list:
        return _list(lib, args)
    ids = tuple(resolve_ids(lib, args.ids)) if args.ids else None
    if ids is None and args.all:
        ids = tuple(unresolved(lib))
    report: ResolveReport = ops.run(lib, ops.ResolveTitles(ids)).value
    if args.json:
        emit_json(report.to_json())
        return exit_code(report)
    for pid, what in report.resolved:
        print(f"resolved  {paper_line(lib.get(pid))} = {what}")
    for drop, keep in report.merged:
        print(f"merged    #{drop} into {paper_line(lib.get(keep))} (the same paper)")
    for pid, why in report.ambiguous:
        print(f"choose    {paper_line(lib.get(pid))}: {why} (papershelf resolve --choose {pid})")
    for pid in report.not_found:
        print(f"not found {paper_line(lib.get(pid))}")
    for pid, why in report.retry:
        print(f"retry     {paper_line(lib.get(pid))}: {why}")
    print(report.summary())
    return exit_code(report)


def exit_code(report: ResolveReport) -> int:
    """0: every paper tried was resolved (or none was due); 2: some were not."""
    if report.offline:
        return 2
    return 2 if report.ambiguous or report.not_found or report.retry else 0


def _list(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.resolve import candidates, unresolved

    ids = unresolved(lib)
    if args.json:
        emit_json([{"id": pid, "candidates": candidates(lib, pid)} for pid in ids])
        return 0
    for paper in lib.get_many(ids, details=False):
        found = candidates(lib, paper.id)
        note = f" — {len(found)} candidates (--choose {paper.id})" if found else ""
        print(f"{paper_line(paper)}{note}")
    return 0


def _choose(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.resolve import candidates

    pid = resolve_id(lib, args.choose)
    found = candidates(lib, pid)
    if args.pick is None:
        if not found:
            raise InvalidInputError(f"paper {pid} has no candidates; run papershelf resolve {pid}")
        if args.json:
            emit_json(found)
            return 0
        for n, cand in enumerate(found, start=1):
            ident = f"arXiv:{cand['arxiv_id']}" if cand.get("arxiv_id") else f"doi:{cand['doi']}"
            authors = ", ".join(cand.get("authors") or [])[:60]
            print(f"{n}. {cand['title']} ({cand.get('year')}) {ident} — {authors}")
        print(f"pick one: papershelf resolve --choose {pid} --pick N (0: none of these)")
        return 0
    index = None if args.pick == 0 else args.pick - 1
    kept = ops.run(lib, ops.ChooseRecord(pid, index)).value
    if args.json:
        emit_json(lib.get(kept).to_json())
    else:
        print(
            "none of these: the paper stays as it is"
            if index is None
            else paper_line(lib.get(kept))
        )
    return 0


def register(add: AddCommand) -> None:
    p = add(
        "resolve",
        cmd_resolve,
        "find the records of papers that have only a title (authors, year, arXiv id, DOI)",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="only these papers (default: those due)")
    p.add_argument("--all", action="store_true", help="every unresolved paper, even if tried")
    p.add_argument("--list", action="store_true", help="list unresolved papers and candidates")
    p.add_argument("--choose", metavar="ID", help="show a paper's candidates (with --pick N)")
    p.add_argument("--pick", type=int, metavar="N", help="candidate N of --choose (0: none)")
