"""Annotations and PDF files: read highlights in, anchor typed quotes, export a marked copy.

All three parse the file in the extraction worker (`pdf/run.py`): a PDF is untrusted input.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papershelf.core.annotation_colors import DEFAULT_COLOR, to_rgb
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import Annotation, Attachment, Rect
from papershelf.library.annotations import external_annotations
from papershelf.library.attachments import attachment_path, attachments
from papershelf.library.library import Library
from papershelf.pdf.annotated import Mark
from papershelf.pdf.run import READING, PdfError, extract_pdf, locate_in_pdf, write_annotated_pdf


def read_pdf_annotations(lib: Library, paper_id: int) -> list[int]:
    """Read the highlights and notes in the paper's PDFs as external annotations.

    Those read before (by /NM, or by kind, page and place) are not added again. Returns the
    ids of the new ones.

    Raises:
        NotFoundError: no such paper.
        PdfError: a file could not be read, or every attached file is missing; nothing is
            added.
    """
    found = []
    for attachment, path in _present(lib, paper_id):
        ex = extract_pdf(path, max_pages=0, timeout=lib.settings.pdf_timeout, task=READING)
        found.append((attachment.id, ex.annotations))
    keys = lib.external_annotation_keys(paper_id)
    existing = lib.get(paper_id).annotations
    new = []
    for attachment_id, items in found:
        new += external_annotations(paper_id, attachment_id, items, existing, keys)
    return lib.add_annotations(new) if new else []


def _present(
    lib: Library, paper_id: int, among: list[Attachment] | None = None
) -> list[tuple[Attachment, Path]]:
    """The paper's attachments (or those `among` them) whose file is in the library folder.

    Raises:
        NotFoundError: no such paper.
        PdfError: there are attachments but every file is missing (a file deleted or moved
            by hand, or a library copied without its files/ folder): said, not taken for a
            PDF without highlights or text.
    """
    attached = attachments(lib, paper_id) if among is None else among
    present = [(a, attachment_path(lib, a)) for a in attached]
    present = [(a, path) for a, path in present if path.is_file()]
    if attached and not present:
        path = attachment_path(lib, attached[0])
        raise PdfError(path, "the attached file is missing from the library folder")
    return present


@dataclass(frozen=True)
class Anchor:
    """Where a quote is in one of the paper's PDFs."""

    attachment_id: int
    page_index: int
    page_label: str | None
    text: str
    """The quote as the page has it (line breaks and hyphens resolved)."""
    rects: tuple[Rect, ...]


def anchor_quote(lib: Library, paper_id: int, quote: str, page: int | None = None) -> Anchor | None:
    """Find `quote` in the paper's PDFs: on printed page `page` first, else anywhere.

    Returns None when the paper has no PDF or no PDF has the text.

    Raises:
        NotFoundError: no such paper.
        PdfError: a file could not be read, or every attached file is missing.
    """
    label = str(page) if page is not None else None
    for attachment, path in _present(lib, paper_id):
        found = locate_in_pdf(path, quote, page_label=label, timeout=lib.settings.pdf_timeout)
        if found is not None:
            return _anchor(attachment.id, found)
    return None


def _anchor(attachment_id: int, found: dict[str, Any]) -> Anchor | None:
    try:
        rects = tuple(
            (float(r[0]), float(r[1]), float(r[2]), float(r[3])) for r in found.get("rects") or []
        )
        index = int(found["page_index"])
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    label = found.get("page_label")
    text = found.get("text")
    if not rects or not isinstance(text, str) or not text:
        return None
    return Anchor(attachment_id, index, label if isinstance(label, str) else None, text, rects)


@dataclass(frozen=True)
class AnnotatedCopy:
    """What `export_annotated_pdf` wrote."""

    target: Path
    attachment_id: int
    written: int


def export_annotated_pdf(
    lib: Library,
    paper_id: int,
    target: Path | str,
    *,
    attachment_id: int | None = None,
    overwrite: bool = True,
) -> AnnotatedCopy:
    """Write a copy of the paper's PDF with its highlights as standard PDF annotations.

    The highlights made in Papershelf (or anchored from the command line) on that file are
    written; those read from the file are in it already. The attached file is never
    modified. With several PDFs, the one with the most highlights is used unless
    `attachment_id` says which.

    Raises:
        NotFoundError: no such paper, or it has no PDF (or not that one).
        InvalidInputError: `target` is the attached file itself, a folder, in a folder that
            does not exist, not a usable file name, or (without `overwrite`) exists.
        PdfError: the file could not be read, or the copy written, or it is missing.
    """
    paper = lib.get(paper_id)
    attached = attachments(lib, paper_id)
    if attachment_id is not None:
        attached = [a for a in attached if a.id == attachment_id]
    if not attached:
        raise NotFoundError(f"paper {paper_id} has no PDF to export")
    files = [a for a, _path in _present(lib, paper_id, attached)]
    marked = [a for a in paper.annotations if a.page_index is not None and a.rects]
    marked = [a for a in marked if not a.external and a.kind != "quote"]

    def count(file_id: int) -> int:
        return sum(a.attachment_id in (file_id, None) for a in marked)

    chosen = max(files, key=lambda a: (count(a.id), -a.id))
    source = attachment_path(lib, chosen)
    out = _writable_target(Path(target), source, overwrite)
    marks = [_mark(a) for a in marked if a.attachment_id in (chosen.id, None)]
    written = write_annotated_pdf(source, out, marks, timeout=lib.settings.pdf_timeout)
    return AnnotatedCopy(out, chosen.id, written)


def _writable_target(target: Path, source: Path, overwrite: bool) -> Path:
    """Where the copy goes (links resolved), checked before any work is done."""
    try:
        real = Path(os.path.realpath(target))
        exists = real.exists()
        is_dir = real.is_dir()
        parent_ok = real.parent.is_dir()
        same = exists and os.path.samefile(real, source)
    except (OSError, ValueError) as exc:  # a NUL, an unencodable name, a symlink loop
        raise InvalidInputError(f"{str(target)!r}: not a usable file name ({exc})") from exc
    if same:
        raise InvalidInputError(f"{target} is the attached file itself; choose another name")
    if is_dir:
        raise InvalidInputError(f"{target} is a folder; give a file name")
    if not parent_ok:
        raise InvalidInputError(f"{target}: the folder {real.parent} does not exist")
    if exists and not overwrite:
        raise InvalidInputError(f"{target} exists (use --force to replace it)")
    return real


def _mark(a: Annotation) -> Mark:
    assert a.page_index is not None  # filtered by the caller
    return Mark(
        id=a.id,
        kind=a.kind,
        page_index=a.page_index,
        rects=a.rects,
        color=to_rgb(a.color or DEFAULT_COLOR),
        comment=a.comment,
        text=a.quote,
    )
