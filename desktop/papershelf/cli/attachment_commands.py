"""Attachment commands: `attach ID FILE` and `files ID`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from papershelf.cli.output import emit_json, resolve_id
from papershelf.cli.registry import AddCommand
from papershelf.library import Library, ops

if TYPE_CHECKING:
    from papershelf.core.models import Attachment
    from papershelf.library.attachments import AttachReport

# library.attachments (the PDF tools) is imported by the commands that use it.


def cmd_attach(lib: Library, args: argparse.Namespace) -> int:
    op = ops.AttachFile(resolve_id(lib, args.id), args.file, name=args.name)
    report: AttachReport = ops.run(lib, op).value
    if args.json:
        emit_json(report.to_json())
    elif report.error:
        print(report.summary(), file=sys.stderr)
    else:
        print(report.summary())
    return report.exit_code


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def _attachment_line(lib: Library, a: Attachment) -> str:
    from papershelf.library.attachments import attachment_path

    if a.text_status == "failed":
        text = f"text not extracted: {a.text_error}"
    elif a.text_status == "pending":
        text = "text not extracted yet"
    elif a.pages is not None and a.pages_indexed < a.pages:
        text = f"{_pages(a.pages)}, first {a.pages_indexed} indexed (pdf_max_pages)"
    else:
        text = f"{_pages(a.pages)}, all indexed"
    missing = "" if attachment_path(lib, a).exists() else "  MISSING FILE"
    return f"  [{a.id}] files/{a.file_name}  {_size(a.size)}  {text}{missing}"


def _pages(n: int | None) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"


def cmd_files(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.attachments import attachment_path, attachments

    paper_id = resolve_id(lib, args.id)
    found = attachments(lib, paper_id)
    if args.json:
        emit_json(
            [
                a.to_json()
                | {"path": str(attachment_path(lib, a)), "exists": attachment_path(lib, a).exists()}
                for a in found
            ]
        )
        return 0
    print(f"#{paper_id}  {lib.get(paper_id).title}")
    if not found:
        print("  no attached files (papershelf attach ID FILE adds one)")
    for a in found:
        print(_attachment_line(lib, a))
    return 0


def register(add: AddCommand) -> None:
    p = add(
        "attach",
        cmd_attach,
        "copy a PDF into the library, attach it to a paper and index its text",
    )
    p.add_argument("id", metavar="ID", help="paper id, arXiv id or DOI")
    p.add_argument("file", metavar="FILE", help="the PDF")
    p.add_argument("--name", help="store the copy under this name (default: the file's)")

    p = add("files", cmd_files, "list a paper's attached files and how much of each is indexed")
    p.add_argument("id", metavar="ID", help="paper id, arXiv id or DOI")
