"""Annotations and PDF files: read a file's highlights in, and find where a typed quote is.

Both parse the file in the extraction worker (`pdf/run.py`): a PDF is untrusted input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from papershelf.core.models import Rect
from papershelf.library.annotations import external_annotations
from papershelf.library.attachments import attachment_path, attachments
from papershelf.library.library import Library
from papershelf.pdf.run import extract_pdf, locate_in_pdf
from papershelf.storage.annotations import AnnotationStore


def read_pdf_annotations(lib: Library, paper_id: int) -> list[int]:
    """Read the highlights and notes in the paper's PDFs as external annotations.

    Those read before (by /NM, or by kind, page and place) are not added again. Returns the
    ids of the new ones.

    Raises:
        NotFoundError: no such paper.
        PdfError: a file could not be read; nothing is added.
    """
    found = []
    for attachment in attachments(lib, paper_id):
        path = attachment_path(lib, attachment)
        if not path.exists():
            continue
        ex = extract_pdf(path, max_pages=0, timeout=lib.settings.pdf_timeout)
        found.append((attachment.id, ex.annotations))
    store = AnnotationStore(lib._db)
    keys = store.external_keys(paper_id)
    existing = lib.get(paper_id).annotations
    new = []
    for attachment_id, items in found:
        new += external_annotations(paper_id, attachment_id, items, existing, keys)
    return lib.add_annotations(new) if new else []


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

    Returns None when the paper has no readable PDF or no PDF has the text.

    Raises:
        NotFoundError: no such paper.
        PdfError: a file could not be read.
    """
    label = str(page) if page is not None else None
    for attachment in attachments(lib, paper_id):
        path = attachment_path(lib, attachment)
        if not path.exists():
            continue
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
