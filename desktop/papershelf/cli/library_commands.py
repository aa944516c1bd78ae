"""The library commands: import, list, search, tag, note, export, check and the rest."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from papershelf.cli.output import (
    Progress,
    bold,
    emit_json,
    paper_line,
    positive,
    print_paper,
    report_unreadable,
    resolve_id,
    resolve_ids,
)
from papershelf.cli.registry import AddCommand, LazyChoices
from papershelf.cli.terminal import write_stdout
from papershelf.core.errors import InvalidInputError
from papershelf.core.models import ReadingStatus
from papershelf.core.query import SortKey, natural_descending
from papershelf.library import ImportReport, Library, ops

# The importers and exporters are imported by the commands that use them (and their names
# by `import --help`, `export --help`): `papershelf list` needs neither.


def _import_formats() -> list[str]:
    from papershelf.importers.registry import format_names

    return format_names()


def _export_formats() -> list[str]:
    from papershelf.exporters.registry import EXPORT_FORMATS

    return sorted(EXPORT_FORMATS)


def cmd_import(lib: Library, args: argparse.Namespace) -> int:
    op = ops.ImportFile(args.file, fmt=args.format, progress=Progress("importing"))
    report: ImportReport = ops.run(lib, op).value
    resolved = None
    if args.resolve and report.paper_ids:
        resolved = ops.run(lib, ops.ResolveTitles(tuple(report.paper_ids))).value
    if args.json:
        extra = {"resolve": resolved.to_json()} if resolved is not None else {}
        emit_json(report.to_json() | {"summary": report.summary()} | extra)
    else:
        print(f"{report.source}: {report.summary()}")
        if resolved is not None and resolved.tried + resolved.offline:
            print(f"{report.source}: {resolved.summary()}")
    for s in report.skipped:
        where = f"{report.source}:{s.line}" if s.line else report.source
        print(f"{where}: skipped: {s.reason}", file=sys.stderr)
    return report.exit_code


def cmd_list(lib: Library, args: argparse.Namespace) -> int:
    status = ReadingStatus.parse(args.status) if args.status else None
    ids = lib.list_ids(
        status=status,
        tags=args.tag or (),
        sort=SortKey(args.sort),
        descending=(not natural_descending(SortKey(args.sort))) if args.reverse else None,
        trashed=args.trash,
        limit=args.limit,
    )
    papers, unreadable = lib.read_papers(ids)
    if args.json:
        emit_json([p.to_json() for p in papers])
    else:
        for p in papers:
            print(paper_line(p))
    return report_unreadable(unreadable)


def cmd_show(lib: Library, args: argparse.Namespace) -> int:
    paper = lib.get(resolve_id(lib, args.id))
    if args.json:
        emit_json(paper.to_json())
    else:
        print_paper(paper)
    return 0


def cmd_search(lib: Library, args: argparse.Namespace) -> int:
    text = " ".join(args.query)
    results = lib.search(
        text,
        limit=args.limit,
        mode="typing" if args.typing else "full",
        snippets=args.limit,
        exact_total=args.count,
    )
    papers = {p.id: p for p in lib.get_many([h.paper_id for h in results.hits])}
    hits = [h for h in results.hits if h.paper_id in papers]  # gone since it was indexed
    if args.json:
        rows = []
        for h in hits:
            obj = papers[h.paper_id].to_json()
            obj["score"] = round(h.score, 4)
            obj["snippet"] = h.snippet.render("**", "**") if h.snippet else None
            obj["snippet_field"] = h.snippet.field if h.snippet else None
            rows.append(obj)
        emit_json(
            {
                "query": text,
                "total": results.total,
                "total_exact": results.total_exact,
                "suggestion": results.suggestion,
                "timed_out": results.timed_out,
                "results": rows,
            }
        )
        return 0
    on, off = bold()
    for h in hits:
        print(paper_line(papers[h.paper_id]))
        if h.snippet:
            label = "" if h.snippet.field == "abstract" else f"{h.snippet.field}: "
            print(f"{'':8}{label}{h.snippet.render(on, off)}")
    shown = len(results.hits)
    about = "" if results.total_exact else "about "
    print(
        f"{about}{results.total} result{'s' if results.total != 1 else ''}"
        + (
            f" (showing {shown}; --count for an exact total)"
            if not results.total_exact
            else f" (showing {shown})"
            if shown < results.total
            else ""
        ),
        file=sys.stderr,
    )
    if results.suggestion:
        print(f"did you mean: {results.suggestion}", file=sys.stderr)
    if results.timed_out:
        print(
            "the search was stopped at its time limit: these are the best matches found so "
            "far (a narrower query finds the rest)",
            file=sys.stderr,
        )
    return 0


def cmd_related(lib: Library, args: argparse.Namespace) -> int:
    pid = resolve_id(lib, args.id)
    hits = lib.more_like(pid, limit=args.limit)
    papers = {p.id: p for p in lib.get_many([h.paper_id for h in hits])}
    if args.json:
        emit_json([papers[h.paper_id].to_json() | {"score": round(h.score, 4)} for h in hits])
    else:
        for h in hits:
            print(paper_line(papers[h.paper_id]))
    return 0


def cmd_status(lib: Library, args: argparse.Namespace) -> int:
    status = ReadingStatus.parse(args.status)
    ids = resolve_ids(lib, args.ids)
    before = {p.id: p.status for p in lib.get_many(ids, details=False)}
    ops.run(lib, ops.SetStatus(tuple(ids), status))  # all papers or none
    if args.json:
        emit_json([p.to_json() for p in lib.get_many(ids)])
    else:
        for pid in ids:
            same = before.get(pid) is status
            print(f"#{pid}: {status.value}" + (" (unchanged)" if same else ""))
    return 0


def cmd_priority(lib: Library, args: argparse.Namespace) -> int:
    try:
        value = int(args.priority)
    except ValueError:
        raise InvalidInputError(f"priority must be 0–3, not {args.priority!r}") from None
    pid = resolve_id(lib, args.id)
    ops.run(lib, ops.SetPriority((pid,), value))
    if args.json:
        emit_json(lib.get(pid).to_json())
    else:
        print(f"#{pid}: priority {value}")
    return 0


def cmd_tag(lib: Library, args: argparse.Namespace) -> int:
    add, remove = [], []
    for op in args.ops:
        if op.startswith("+"):
            add.append(op[1:])
        elif op.startswith("-"):
            remove.append(op[1:])
        else:
            add.append(op)
    pid = resolve_id(lib, args.id)
    if add or remove:
        ops.run(lib, ops.ChangeTags((pid,), tuple(add), tuple(remove)))
    paper = lib.get(pid)
    if args.json:
        emit_json(paper.to_json())
    else:
        print(f"#{pid}: {', '.join(paper.tags) or '(no tags)'}")
    return 0


def cmd_tags(lib: Library, args: argparse.Namespace) -> int:
    if args.rename:
        old, new = args.rename
        stored = lib.tag_name(old)
        n = len(lib.ids_with_tag(stored)) if stored is not None else 0  # trashed ones too
        ops.run(lib, ops.RenameTag(old, new))
        if args.json:
            emit_json({"renamed": old, "to": new, "papers": n})
        else:
            print(f"renamed {old!r} to {new!r} on {n} paper{'s' if n != 1 else ''}")
        return 0
    tags = lib.tags()
    if args.json:
        emit_json([{"name": n, "count": c} for n, c in tags])
    else:
        for name, count in tags:
            print(f"{count:>6}  {name}")
    return 0


def cmd_note(lib: Library, args: argparse.Namespace) -> int:
    pid = resolve_id(lib, args.id)
    if args.set is not None:
        ops.run(lib, ops.SetNote(pid, args.set))
    elif args.append is not None:
        ops.run(lib, ops.AppendNote(pid, args.append))
    elif args.edit:
        body = _edit_in_editor(lib.get(pid).note or "")
        if body is None:
            print("note unchanged", file=sys.stderr)
        else:
            ops.run(lib, ops.SetNote(pid, body))
    paper = lib.get(pid)
    if args.json:
        emit_json({"id": pid, "note": paper.note, "updated_at": paper.note_updated_at})
    elif args.set is None and args.append is None and not args.edit:
        print(paper.note or "(no note)")
    else:
        print(f"#{pid}: note saved ({len(paper.note or '')} characters)")
    return 0


def _edit_in_editor(current: str) -> str | None:
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise InvalidInputError("set $EDITOR (or $VISUAL) to edit notes, or use --set/--append")
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write(current)
        tmp = f.name
    try:
        result = subprocess.run([*shlex.split(editor), tmp], check=False)
        if result.returncode != 0:
            raise InvalidInputError(
                f"{editor} exited with status {result.returncode}; "
                f"note left unchanged (your text is in {tmp})"
            )
        with open(tmp, encoding="utf-8") as f:
            body = f.read()
    except OSError as exc:
        raise InvalidInputError(f"cannot run {editor!r}: {exc}") from exc
    os.unlink(tmp)
    return None if body == current else body


def cmd_rm(lib: Library, args: argparse.Namespace) -> int:
    ids = resolve_ids(lib, args.ids)
    n = len(ops.run(lib, ops.TrashPapers(tuple(ids))).changes.papers)
    if args.json:
        emit_json({"trashed": n, "ids": ids})
    else:
        print(
            f"moved {n} paper{'s' if n != 1 else ''} to the trash "
            f"(papershelf restore {' '.join(map(str, ids))} brings them back)"
        )
    return 0


def cmd_restore(lib: Library, args: argparse.Namespace) -> int:
    ids = resolve_ids(lib, args.ids)
    n = len(ops.run(lib, ops.RestorePapers(tuple(ids))).changes.papers)
    if args.json:
        emit_json({"restored": n, "ids": ids})
    else:
        print(f"restored {n} paper{'s' if n != 1 else ''} from the trash")
    return 0


def cmd_export(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.exporters.files import write_export
    from papershelf.exporters.markdown import export_vault
    from papershelf.exporters.registry import export_text

    if args.query:
        hits = lib.search(" ".join(args.query), limit=1_000_000, snippets=0).hits
        ids = [h.paper_id for h in hits]
    else:
        ids = lib.list_ids()
    if args.format == "markdown" and not args.output:
        raise InvalidInputError("--format markdown writes a folder: give it with -o DIR")
    papers, unreadable = lib.read_papers(ids)
    code = report_unreadable(unreadable)
    keys = lib.readable_citation_keys([p.id for p in papers])
    if args.format == "markdown":
        vault = export_vault(papers, Path(args.output), keys)
        for theirs, note in vault.beside:
            print(
                f"papershelf: {theirs} was not written by an export (or was edited since): "
                f"left as it is; the note went to {note.name}",
                file=sys.stderr,
            )
        print(f"wrote {len(vault.written)} Markdown files to {args.output}", file=sys.stderr)
        return code
    text = export_text(papers, args.format, keys)
    if args.output:
        write_export(Path(args.output), text)
        print(f"exported {len(papers)} papers to {args.output}", file=sys.stderr)
    else:
        write_stdout(text, exact=True)
    return code


def cmd_key(lib: Library, args: argparse.Namespace) -> int:
    pid = resolve_id(lib, args.id)
    if args.reset:
        ops.run(lib, ops.SetCitationKey(pid, None))
    elif args.key is not None:
        ops.run(lib, ops.SetCitationKey(pid, args.key))
    key = lib.citation_key(pid)
    if args.json:
        emit_json({"id": pid, "citation_key": key})
    else:
        print(key)
    return 0


def cmd_stats(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.reading_stats import reading_summary

    stats = lib.stats()
    reading = lib.reading_stats()
    if args.json:
        emit_json(stats | {"reading": reading.to_json()})
        return 0
    print(f"{stats['papers']} papers ({stats['trashed']} in the trash)")
    for status, n in stats["by_status"].items():
        print(f"  {status:<8} {n}")
    print(f"{stats['tags']} tags, {stats['notes']} notes, {stats['annotations']} annotations")
    print(
        f"added in the last 7 days: {stats['added_last_7_days']}; "
        f"finished in the last 30 days: {stats['finished_last_30_days']}"
    )
    print(reading_summary(reading))
    return 0


def cmd_check(lib: Library, args: argparse.Namespace) -> int:
    report = lib.check(sync=not args.no_sync)
    if args.json:
        emit_json(report.to_json())
    else:
        if report.rebuilt_because:
            print(f"the search index {report.rebuilt_because}: rebuilt it from the library")
        elif report.caught_up:
            n = report.caught_up
            print(f"index caught up with {n} changed paper{'' if n == 1 else 's'} on open")
        print(
            f"SQLite: {report.papers} papers, integrity {report.integrity}; "
            f"index: {report.indexed} documents"
        )
        for line in report.problems():
            print(f"  {line}")
        for label, ids in (
            ("missing from the index", report.missing),
            ("out of date in the index", report.stale),
            ("in the index but not in the library", report.extra),
        ):
            if ids:
                shown = ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
                print(f"  {len(ids)} {label}: {shown}")
        if report.pending:
            print(f"  {report.pending} change(s) not yet applied to the index")
        if report.ok:
            print("OK: the library is readable and writable, and the index agrees with it")
        elif report.problems():
            print(
                "DAMAGED: see above; `papershelf backups` lists the backups and "
                "`papershelf restore-backup` puts the newest good one back"
            )
        else:
            print("DRIFT: run `papershelf reindex` to rebuild the index")
    return 0 if report.ok else 1


def cmd_reindex(lib: Library, args: argparse.Namespace) -> int:
    start = time.perf_counter()
    n = lib.reindex(progress=Progress("indexing"))
    elapsed = time.perf_counter() - start
    if args.json:
        emit_json({"indexed": n, "seconds": round(elapsed, 2)})
    else:
        print(f"indexed {n} papers in {elapsed:.1f} s")
    return 0


def register(add: AddCommand) -> None:
    p = add("import", cmd_import, "import papers from a file or - for stdin")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument(
        "--format",
        default="auto",
        choices=LazyChoices(_import_formats),
        metavar="FORMAT",
        help="%(choices)s (default: %(default)s, detected from the text)",
    )
    p.add_argument(
        "--resolve",
        action="store_true",
        help="then find the records of papers that came with only a title (online)",
    )

    p = add("list", cmd_list, "list papers")
    p.add_argument("--status", help="to-read, reading, read or dropped")
    p.add_argument("--tag", action="append", help="only papers with this tag (repeatable)")
    p.add_argument("--sort", default="added", choices=[k.value for k in SortKey])
    p.add_argument("--reverse", action="store_true", help="reverse the sort order")
    p.add_argument("--trash", action="store_true", help="list the trash instead")
    p.add_argument("--limit", type=positive)

    p = add("show", cmd_show, "show one paper")
    p.add_argument("id", metavar="ID", help="paper id, arXiv id or DOI")

    p = add("search", cmd_search, "search the library (relevance order)")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=positive, default=20)
    p.add_argument("--count", action="store_true", help="count every match exactly (slower)")
    p.add_argument(
        "--typing",
        action="store_true",
        help="search-as-you-type mode: word starts in titles, authors and tags",
    )

    p = add("related", cmd_related, "papers most like this one (more like this)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--limit", type=positive, default=10)

    p = add("status", cmd_status, "set the reading status")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("status", metavar="STATUS", help="to-read, reading, read or dropped")

    p = add("priority", cmd_priority, "set the priority (0–3)")
    p.add_argument("id", metavar="ID")
    p.add_argument("priority", metavar="0-3")

    p = add("tag", cmd_tag, "add (+name) and remove (-name) tags")
    p.add_argument("id", metavar="ID")
    p.add_argument("ops", nargs=argparse.REMAINDER, metavar="+TAG|-TAG")

    p = add("tags", cmd_tags, "list tags with counts, or rename one")
    p.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"))

    p = add("note", cmd_note, "show or change a paper's Markdown note")
    p.add_argument("id", metavar="ID")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--set", metavar="TEXT")
    g.add_argument("--append", metavar="TEXT")
    g.add_argument("--edit", action="store_true", help="edit in $EDITOR")

    p = add("rm", cmd_rm, "move papers to the trash")
    p.add_argument("ids", nargs="+", metavar="ID")
    p = add("restore", cmd_restore, "bring papers back from the trash")
    p.add_argument("ids", nargs="+", metavar="ID")

    p = add("export", cmd_export, "export papers (all, or those matching QUERY)")
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument(
        "--format",
        default="bibtex",
        choices=LazyChoices(_export_formats),
        metavar="FORMAT",
        help="%(choices)s (default: %(default)s)",
    )
    p.add_argument("-o", "--output", metavar="FILE|DIR", help="default: standard output")

    p = add("key", cmd_key, "show or set a paper's citation key (kept for every export)")
    p.add_argument("id", metavar="ID")
    p.add_argument("key", nargs="?", metavar="NEWKEY")
    p.add_argument("--reset", action="store_true", help="go back to the generated key")

    add("stats", cmd_stats, "counts by status, tags, notes")
    p = add("check", cmd_check, "verify the search index agrees with the library")
    p.add_argument(
        "--no-sync",
        action="store_true",
        help="report pending changes instead of applying them first",
    )
    add("reindex", cmd_reindex, "rebuild the search index from the library")
