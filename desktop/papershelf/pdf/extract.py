"""What the extraction worker reads from a PDF: page text, metadata, first-page layout.

This module runs inside the worker subprocess (see `run.py`), where pypdf may take as long
or as much memory as a hostile file makes it: the parent enforces the limits. Its output is
plain JSON so nothing but data crosses the process boundary.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        )


def clean_text(text: str, limit: int = MAX_PAGE_CHARS) -> str:
    """Page text without control characters (NUL breaks SQLite tools; form feeds separate pages)."""
    return _CONTROL_RE.sub(" ", text[:limit])


def extract(path: Path, max_pages: int) -> Extraction:
    """Read `path` with pypdf: text of the first `max_pages` pages plus metadata.

    A page whose text cannot be extracted counts in `page_errors` and is kept empty, so one
    broken page does not lose the others.

    Raises:
        Exception: whatever pypdf raises on a file it cannot open at all (the worker reports
            it; the file is untrusted, so the set of exception types is open-ended).
    """
    # pypdf logs every font it cannot fully decode; quiet only pypdf's own loggers, so a caller
    # running this in-process keeps its logging.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    from pypdf import PdfReader  # imported here: only the worker process needs pypdf

    reader = PdfReader(str(path))
    # Many PDFs are "encrypted" with an empty user password just to set permissions.
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("the PDF is password-protected")
    count = len(reader.pages)
    out = Extraction(page_count=count)
    for number in range(min(count, max_pages)):
        page = reader.pages[number]
        try:
            if number == 0:
                text = page.extract_text(visitor_text=_fragment_collector(out))
            else:
                text = page.extract_text()
        except MemoryError:
            raise  # the whole file is too big for the limit: not one bad page
        except Exception:  # noqa: BLE001 - any failure inside one page loses only that page
            out.page_errors += 1
            text = ""
        out.pages.append(clean_text(text or ""))
    out.info = _info(reader)
    out.xmp = _xmp(reader)
    return out


def _fragment_collector(out: Extraction) -> Any:
    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if len(out.first_page_fragments) >= MAX_FRAGMENTS or not text.strip():
            return
        try:
            # The rendered size: font size scaled by the text and page matrices' y axis.
            scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
            rendered = round(float(size) * scale, 1)
        except (TypeError, ValueError, IndexError):
            return
        if math.isfinite(rendered) and rendered > 0:
            out.first_page_fragments.append((rendered, clean_text(text, MAX_META_CHARS)))

    return visit


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
