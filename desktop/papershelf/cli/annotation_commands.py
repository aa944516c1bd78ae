"""Annotation commands: `annotate`, `read-annotations` and `export-pdf`.

`annotate` anchors a typed quote in the paper's PDF when it can, so the reader shows it as a
highlight; `read-annotations` takes in the highlights another reader left in the file;
`export-pdf` writes a copy of the PDF with the highlights in it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from papershelf.cli.output import emit_json, resolve_id
from papershelf.cli.registry import AddCommand
from papershelf.core.annotation_colors import DEFAULT_COLOR
from papershelf.core.errors import InvalidInputError
from papershelf.library import Library, ops

# The PDF tools are imported by the commands that use them.

MAX_PAGE = 1_000_000
"""The highest page number an annotation may cite (SQLite holds more; no document has more)."""


def cmd_annotate(lib: Library, args: argparse.Namespace) -> int:
    if args.page is not None and not 1 <= args.page <= MAX_PAGE:
        raise InvalidInputError(f"page {args.page} is out of range (1 to {MAX_PAGE:,})")
    pid = resolve_id(lib, args.id)
    if not args.quote.strip():
        raise InvalidInputError("an annotation needs a quote")
    for name in ("quote", "comment"):
        _check_text(name, getattr(args, name))
    from papershelf.library.attachments import attachments
    from papershelf.library.pdf_annotations import anchor_quote
    from papershelf.pdf.run import PdfError

    searched = bool(attachments(lib, pid)) and not args.no_anchor
    anchor = None
    if searched:
        try:
            anchor = anchor_quote(lib, pid, args.quote, args.page)
        except PdfError as exc:
            print(f"#{pid}: the PDF could not be searched: {exc.reason}", file=sys.stderr)
            searched = False
    if anchor is not None:
        op: ops.Op = ops.AddHighlight(
            pid,
            anchor.attachment_id,
            anchor.text,
            anchor.page_index,
            anchor.page_label,
            anchor.rects,
            color=args.color or DEFAULT_COLOR,
            comment=args.comment,
        )
    else:
        op = ops.AddAnnotation(pid, args.quote, args.page, args.comment)
    aid = ops.run(lib, op).value
    if args.json:
        emit_json(lib.get(pid).to_json())
    elif anchor is not None:
        page = anchor.page_label or str(anchor.page_index + 1)
        print(f"#{pid}: annotation {aid} added, highlighted on page {page} of the PDF")
    else:
        print(f"#{pid}: annotation {aid} added")
        if searched:
            where = f"on page {args.page} or elsewhere " if args.page else ""
            print(
                f"#{pid}: the quote was not found {where}in the PDF; it is kept as a quote "
                "without a place on the page",
                file=sys.stderr,
            )
    return 0


def _check_text(name: str, value: str | None) -> None:
    """Text from the terminal that is not valid Unicode (undecodable bytes) is refused."""
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"the {name} is not valid text in the terminal's encoding"
        ) from None


def cmd_read_annotations(lib: Library, args: argparse.Namespace) -> int:
    pid = resolve_id(lib, args.id)
    ids: list[int] = ops.run(lib, ops.ReadPdfAnnotations(pid)).value
    if args.json:
        paper = lib.get(pid)
        emit_json([a.to_json() for a in paper.annotations if a.id in set(ids)])
    elif ids:
        print(f"#{pid}: read {len(ids)} annotation{'' if len(ids) == 1 else 's'} from the PDF")
    else:
        print(f"#{pid}: no new annotations in the PDF")
    return 0


def cmd_export_pdf(lib: Library, args: argparse.Namespace) -> int:
    from papershelf.library.pdf_annotations import export_annotated_pdf

    pid = resolve_id(lib, args.id)
    copy = export_annotated_pdf(
        lib, pid, Path(args.output), attachment_id=args.file, overwrite=args.force
    )
    if args.json:
        emit_json(
            {"path": str(copy.target), "attachment_id": copy.attachment_id, "written": copy.written}
        )
    else:
        n = copy.written
        print(f"#{pid}: wrote {args.output} with {n} highlight{'' if n == 1 else 's'}")
    return 0


def register(add: AddCommand) -> None:
    p = add(
        "annotate",
        cmd_annotate,
        "add a quote with page and comment; found in the paper's PDF, it becomes a highlight",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("--quote", required=True)
    p.add_argument("--page", type=int, help="the printed page; looked at first in the PDF")
    p.add_argument("--comment")
    p.add_argument("--color", help="highlight colour: a palette name (Yellow, Red, …) or #rrggbb")
    p.add_argument(
        "--no-anchor", action="store_true", help="keep it a quote: do not look for it in the PDF"
    )

    p = add(
        "read-annotations",
        cmd_read_annotations,
        "take in the highlights and notes another reader left in the paper's PDF",
    )
    p.add_argument("id", metavar="ID", help="paper id, arXiv id or DOI")

    p = add(
        "export-pdf",
        cmd_export_pdf,
        "write a copy of the paper's PDF with its highlights as standard PDF annotations",
    )
    p.add_argument("id", metavar="ID", help="paper id, arXiv id or DOI")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the copy to write")
    p.add_argument("--file", type=int, metavar="ATTACHMENT", help="which PDF (see `files ID`)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
