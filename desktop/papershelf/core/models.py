"""The paper record, its reading state, and the draft importers produce."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from papershelf.core.biblio import BIBLIO_NAMES
from papershelf.core.errors import InvalidInputError


class ReadingStatus(StrEnum):
    """Where a paper stands in the reading queue."""

    TO_READ = "to-read"
    READING = "reading"
    READ = "read"
    DROPPED = "dropped"

    @classmethod
    def parse(cls, text: str) -> ReadingStatus:
        """Accept the canonical names and a few forgiving spellings ("toread", "done")."""
        key = text.strip().lower().replace("_", "-").replace(" ", "-")
        aliases = {"toread": "to-read", "todo": "to-read", "done": "read", "finished": "read"}
        key = aliases.get(key, key)
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise InvalidInputError(f"unknown status {text!r} (expected one of: {names})") from None


MIN_PRIORITY = 0
MAX_PRIORITY = 3


@dataclass(kw_only=True)
class Biblio:
    """The bibliographic fields of a draft and of a paper (`core/biblio.py` lists them).

    Keyword-only, so both classes keep their own positional fields first.
    """

    entry_type: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    month: int | None = None
    day: int | None = None
    publisher: str | None = None
    place: str | None = None
    editors: list[str] = field(default_factory=list)
    edition: str | None = None
    series: str | None = None
    issn: str | None = None
    isbn: str | None = None
    language: str | None = None
    access_date: str | None = None
    citation_key: str | None = None

    def biblio(self) -> dict[str, Any]:
        """The bibliographic fields by name (`BIBLIO_NAMES`), editors as a new list."""
        return {name: _copy(getattr(self, name)) for name in BIBLIO_NAMES}


@dataclass
class PaperDraft(Biblio):
    """A paper as an importer read it, before it has an id in the library.

    `line` is where the entry started in its source, so errors and skips can point at it.
    """

    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    abstract: str | None = None
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    doi: str | None = None
    url: str | None = None
    source: str | None = None
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


Rect = tuple[float, float, float, float]
"""(x1, y1, x2, y2) in PDF points, origin bottom-left, as Zotero stores a highlight's rects."""

ANNOTATION_KINDS = ("quote", "highlight", "underline", "strikeout", "note", "text")
"""A typed quote (no place on the page), the markup kinds, a sticky note, a text box."""


@dataclass(frozen=True)
class Annotation:
    """A quote or a highlight of the paper, with an optional page and comment.

    A typed quote has `kind` "quote" and at most a printed `page`. A highlight made in the
    reader, anchored from the CLI or read from the PDF has its place: the attachment, the
    0-based `page_index`, the page's label and `rects`. `external` marks one read from the
    file (made in another reader).
    """

    id: int
    paper_id: int
    quote: str
    page: int | None
    comment: str | None
    created_at: str
    kind: str = "quote"
    color: str | None = None
    page_index: int | None = None
    page_label: str | None = None
    rects: tuple[Rect, ...] = ()
    sort_index: str = ""
    attachment_id: int | None = None
    external: bool = False
    updated_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The annotation as `papershelf show --json` prints it (a documented interface)."""
        return {
            "id": self.id,
            "type": self.kind,
            "text": self.quote,
            "quote": self.quote,
            "page": self.page,
            "comment": self.comment,
            "color": self.color,
            "page_index": self.page_index,
            "page_label": self.page_label,
            "rects": [list(r) for r in self.rects],
            "attachment_id": self.attachment_id,
            "external": self.external,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class ReadingPosition:
    """Where the reader was in a paper, and how far it ever got.

    `offset` is how far down `page_index` the view's top was (0..1); `zoom` None means fit
    width. `furthest_page` (0-based) only grows, so progress is furthest_page + 1 of
    `page_count`.
    """

    attachment_id: int | None
    page_index: int
    offset: float
    zoom: float | None
    furthest_page: int
    page_count: int


@dataclass
class Paper(Biblio):
    """A paper in the library with everything the user added to it."""

    id: int
    title: str
    authors: list[str]
    year: int | None
    venue: str | None
    abstract: str | None
    arxiv_id: str | None
    arxiv_version: int | None
    doi: str | None
    url: str | None
    source: str | None
    added_at: str
    updated_at: str
    status: ReadingStatus
    priority: int
    rev: int = 0
    trashed_at: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    note_updated_at: str | None = None
    annotations: list[Annotation] = field(default_factory=list)
    # What an importer kept that we do not model (unknown fields), so an export can give
    # it back.
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON object the CLI prints; its keys are a documented interface."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "venue": self.venue,
            "abstract": self.abstract,
            "arxiv_id": self.arxiv_id,
            "arxiv_version": self.arxiv_version,
            "doi": self.doi,
            "url": self.url,
            "source": self.source,
            "tags": list(self.tags),
            "status": self.status.value,
            "priority": self.priority,
            "note": self.note,
            "annotations": [a.to_json() for a in self.annotations],
            "added_at": self.added_at,
            "updated_at": self.updated_at,
            "trashed_at": self.trashed_at,
            **self.biblio(),
        }


@dataclass(frozen=True)
class Attachment:
    """One attached file; `file_name` is relative to the library's files/ folder."""

    id: int
    paper_id: int
    file_name: str
    original_name: str
    size: int
    sha256: str
    pages: int | None
    pages_indexed: int
    added_at: str
    text_status: str
    text_error: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "paper_id": self.paper_id,
            "file": f"files/{self.file_name}",
            "original_name": self.original_name,
            "size": self.size,
            "sha256": self.sha256,
            "pages": self.pages,
            "pages_indexed": self.pages_indexed,
            "added_at": self.added_at,
            "text_status": self.text_status,
            "text_error": self.text_error,
        }


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
