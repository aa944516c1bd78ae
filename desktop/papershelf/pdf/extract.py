"""What the extraction worker reads from a PDF: page text, metadata, first-page layout.

This module runs inside the worker subprocess (see `run.py`), where PDFium and pypdf may take
as long or as much memory as a hostile file makes them: the worker and the parent enforce the
limits. Its output is
plain JSON so nothing but data crosses the process boundary.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from papershelf.pdf.annotations import PdfAnnotation

MAX_PAGE_CHARS = 100_000
"""Text kept per page; a page with more is a table dump or garbage, not prose."""
MAX_FRAGMENTS = 4000
"""First-page text fragments (with their font sizes) handed on for title guessing."""
MAX_META_CHARS = 2000
"""Longest metadata value kept (Info or XMP)."""
MAX_XMP_CHARS = 65_536
"""Raw XMP packet text kept for identifier search."""

# Control characters other than tab and newline; \f separates pages downstream.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class Extraction:
    """Everything read from one PDF; `pages` holds at most the requested number of pages."""

    page_count: int
    pages: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    xmp: dict[str, Any] = field(default_factory=dict)
    first_page_fragments: list[tuple[float, str]] = field(default_factory=list)
    page_errors: int = 0
    annotations: list[PdfAnnotation] = field(default_factory=list)
    """Highlights and notes the file carries (made in another reader)."""

    @property
    def capped(self) -> bool:
        """Whether pages beyond the limit were left out."""
        return len(self.pages) < self.page_count

    def to_json(self) -> dict[str, Any]:
        return {
            "page_count": self.page_count,
            "pages": self.pages,
            "info": self.info,
            "xmp": self.xmp,
            "first_page_fragments": [[s, t] for s, t in self.first_page_fragments],
            "page_errors": self.page_errors,
            "annotations": [a.to_json() for a in self.annotations],
        }

    @classmethod
    def from_json(cls, data: Any) -> Extraction:
        """Rebuild from the worker's JSON.

        Raises:
            ValueError: the data does not have the expected shape.
        """
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        pages = data.get("pages")
        if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
            raise ValueError("'pages' is not a list of strings")
        count = data.get("page_count")
        if not isinstance(count, int) or count < len(pages):
            raise ValueError("'page_count' is missing or too small")
        info = data.get("info") or {}
        xmp = data.get("xmp") or {}
        if not isinstance(info, dict) or not isinstance(xmp, dict):
            raise ValueError("'info'/'xmp' are not objects")
        from papershelf.pdf.annotations import PdfAnnotation

        annotations = data.get("annotations") or []
        if not isinstance(annotations, list):
            raise ValueError("'annotations' is not a list")
        fragments = [
            (float(s), str(t))
            for s, t in data.get("first_page_fragments") or []
            if isinstance(s, int | float) and isinstance(t, str)
        ]
        return cls(
            page_count=count,
            pages=pages,
            info={str(k): str(v) for k, v in info.items()},
            xmp=xmp,
            first_page_fragments=fragments,
            page_errors=int(data.get("page_errors") or 0),
            annotations=[PdfAnnotation.from_json(a) for a in annotations],
        )


def clean_text(text: str, limit: int = MAX_PAGE_CHARS) -> str:
    """Page text without control characters (NUL breaks SQLite tools; form feeds separate pages)."""
    return _CONTROL_RE.sub(" ", text[:limit])


def extract(path: Path, max_pages: int) -> Extraction:
    """Read `path`: text of the first `max_pages` pages (PDFium) plus metadata (pypdf).

    Also the annotations the file carries (`annotations.py`). PDFium (pypdfium2) reads text
    about 14 times faster than pypdf and keeps the spaces between words where pypdf loses
    them (benchmarks/pdf_text.py, docs/performance.md). pypdf still reads the Info
    dictionary (every key, not only the standard ones), XMP and the annotation
    dictionaries, which PDFium does not expose as well; that is cheap, as it parses no
    page. A page whose text cannot be extracted counts in `page_errors` and is kept empty,
    so one broken page does not lose the others.

    Raises:
        Exception: whatever PDFium raises on a file it cannot open at all (the worker
            reports it; the file is untrusted, so the set of exception types is open-ended).
    """
    import pypdfium2 as pdfium  # imported here: only the worker process needs PDFium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ValueError("the PDF is password-protected") from None
        raise ValueError(_pdfium_reason(exc)) from None
    try:
        count = len(doc)
        out = Extraction(page_count=count)
        for number in range(min(count, max_pages)):
            try:
                text = _page_text(doc, number, out if number == 0 else None)
            except MemoryError:
                raise  # the whole file is too big for the limit: not one bad page
            except Exception:  # noqa: BLE001 - any failure inside one page loses only that page
                out.page_errors += 1
                text = ""
            out.pages.append(clean_text(text))
        reader = _pypdf_reader(path)
        out.info = (_info(reader) if reader is not None else {}) or _pdfium_info(doc)
        out.xmp = _xmp(reader) if reader is not None else {}
        if reader is not None:
            from papershelf.pdf.annotations import read_annotations

            try:
                out.annotations = read_annotations(reader, doc)
            except MemoryError:
                raise
            except Exception:  # noqa: BLE001 - the text stands without the annotations
                out.annotations = []
    finally:
        doc.close()
    return out


def find_text(path: Path, text: str, page_label: str | None) -> dict[str, Any] | None:
    """Where `text` is in the file (`annotations.locate`), or None.

    Raises:
        Exception: as `extract` does.
    """
    import pypdfium2 as pdfium

    from papershelf.pdf.annotations import locate

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ValueError("the PDF is password-protected") from None
        raise ValueError(_pdfium_reason(exc)) from None
    try:
        return locate(doc, text, page_label)
    finally:
        doc.close()


def _page_text(doc: Any, number: int, fragments_for: Extraction | None) -> str:
    page = doc[number]
    try:
        textpage = page.get_textpage()
        try:
            text = pdfium_text(textpage.get_text_range())
            if fragments_for is not None:
                fragments_for.first_page_fragments = _fragments(textpage)
            return text
        finally:
            textpage.close()
    finally:
        page.close()


def pdfium_text(raw: str) -> str:
    """PDFium's page text as plain text: newline line ends, end-of-line hyphens joined.

    PDFium marks a hyphen it judged to split a word at a line end as U+FFFE; the word is
    joined again so search finds it. In a compound that has another hyphen ("proof-" /
    "of-work", "peer-to-" / "peer") the hyphen is kept: TeX breaks such a word only at its
    own hyphens, so that one is part of the word.
    """
    return join_soft_breaks(raw, "\ufffe").replace("\r\n", "\n").replace("\r", "\n")


def join_soft_breaks(text: str, mark: str) -> str:
    """`text` with each `mark` (and the white space after it) joining the word it splits.

    The hyphen stays when the word has another one. Linear in the text's length: a page
    can be one long run without spaces, where a regular expression would backtrack.
    """
    if mark not in text:
        return text
    return join_broken_words(text.split(mark), soft=True)


def join_broken_words(parts: list[str], *, soft: bool) -> str:
    """Join `parts`, split at line-end hyphens: the hyphen kept in a compound that has another.

    `soft`: the hyphen was PDFium's mark, and the white space after it goes too. Else it is a
    hard "-" + line break, joined only between two word characters (else kept as it was).
    Used by the text index and by the reader's selection, so both read a word alike.
    """
    out = [parts[0]]
    for before, part in pairwise(parts):
        after = part.lstrip() if soft else part
        if not soft and not (before[-1:].isalnum() and after[:1].isalnum()):
            out.append("-\n" + after)
            continue
        keep = "-" in _last_word(before) or "-" in _first_word(after)
        out.append("-" + after if keep else after)
    return "".join(out)


def _last_word(text: str) -> str:
    i = len(text)
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:]


def _first_word(text: str) -> str:
    i = 0
    while i < len(text) and not text[i].isspace():
        i += 1
    return text[:i]


def _fragments(textpage: Any) -> list[tuple[float, str]]:
    """Runs of first-page text in one font size: what title guessing ranks by size.

    Characters PDFium generated (spaces, line ends) have no size and stay in the run.
    """
    import pypdfium2.raw as pdfium_c

    runs: list[list[Any]] = []  # [start, end, size]
    for index in range(textpage.count_chars()):
        size = round(float(pdfium_c.FPDFText_GetFontSize(textpage.raw, index)), 1)
        if runs and (size <= 0 or not math.isfinite(size) or size == runs[-1][2]):
            runs[-1][1] = index + 1
        elif size > 0 and math.isfinite(size):
            runs.append([index, index + 1, size])
    out: list[tuple[float, str]] = []
    for start, end, size in runs:
        text = " ".join(pdfium_text(textpage.get_text_range(start, end - start)).split())
        if text:
            out.append((size, clean_text(text, MAX_META_CHARS)))
        if len(out) >= MAX_FRAGMENTS:
            break
    return out


_PDFIUM_LOAD_ERRORS = {
    3: "the file is damaged or not a PDF",  # FPDF_ERR_FORMAT
    5: "its encryption is not supported",  # FPDF_ERR_SECURITY
}
"""What PDFium's load error codes mean to a user (its own text: "Failed to load document
(PDFium: Data format error).")."""


def _pdfium_reason(exc: Exception) -> str:
    text = str(exc).strip()
    meaning = _PDFIUM_LOAD_ERRORS.get(getattr(exc, "err_code", None) or 0)
    if meaning is not None:
        return meaning
    return text or "PDFium cannot open the file"


def _pdfium_info(doc: Any) -> dict[str, str]:
    try:
        meta = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - broken metadata just means none
        return {}
    return {str(k): clean_text(str(v).strip(), MAX_META_CHARS) for k, v in meta.items()}


def _pypdf_reader(path: Path) -> Any:
    """The file opened with pypdf (for metadata and annotations), or None if it cannot."""
    # pypdf logs every oddity it meets; quiet only its own loggers, so a caller running this
    # in-process keeps its logging.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        # Many PDFs are "encrypted" with an empty user password just to set permissions.
        if reader.is_encrypted and not reader.decrypt(""):
            return None
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - PDFium read the file; pypdf's failure costs metadata only
        return None
    return reader


def _info(reader: Any) -> dict[str, str]:
    try:
        meta = reader.metadata or {}
        items = list(meta.items())
    except Exception:  # noqa: BLE001 - a broken Info dictionary just means no metadata
        return {}
    info: dict[str, str] = {}
    for key, value in items[:100]:
        try:
            text = str(value)
        except Exception:  # noqa: BLE001 - an undecodable value is skipped
            continue
        if isinstance(key, str) and text.strip():
            info[key.lstrip("/")] = clean_text(text.strip(), MAX_META_CHARS)
    return info


def _xmp(reader: Any) -> dict[str, Any]:
    try:
        xmp = reader.xmp_metadata
        if xmp is None:
            return {}
        raw = xmp.stream.get_data()[: MAX_XMP_CHARS * 4].decode("utf-8", "replace")
        titles = xmp.dc_title or {}
        creators = xmp.dc_creator or []
        identifier = xmp.dc_identifier
    except Exception:  # noqa: BLE001 - damaged XMP is ignored, the Info dictionary remains
        return {}
    title = titles.get("x-default") or next(iter(titles.values()), None)
    return {
        "title": clean_text(str(title), MAX_META_CHARS) if title else None,
        "creators": [clean_text(str(c), MAX_META_CHARS) for c in creators[:50]],
        "identifier": clean_text(str(identifier), MAX_META_CHARS) if identifier else None,
        "raw": clean_text(raw, MAX_XMP_CHARS),
    }
