"""When two records are the same work, and which fields win when they merge: no I/O.

These are the rules alone, as plain functions over values. Storage fetches what they need and
applies their answers in SQL (`storage/dedupe.py`), so a change to what counts as "the same
work" or to how two records combine is made here, in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from papershelf.core.biblio import normalize_pages
from papershelf.core.errors import InvalidInputError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id, title_key
from papershelf.core.models import Paper, PaperDraft, ReadingStatus

# A placeholder's or an untitled record's flags describe the draft, not the paper it merges
# into (which has its own metadata).
DRAFT_ONLY_FLAGS = frozenset({"metadata_pending", "untitled"})


def normalize_draft(draft: PaperDraft) -> PaperDraft:
    """Canonical identifiers and trimmed text, so duplicates are found whatever the spelling.

    Args:
        draft: a paper as an importer or the user gave it.

    Returns:
        A new draft: arXiv id without version or prefix (the version moved to
        `arxiv_version`), lower-case bare DOI, whitespace collapsed in title and authors.

    Raises:
        InvalidInputError: the title is empty or the arXiv id is not one.
    """
    title = " ".join(draft.title.split())
    if not title:
        raise InvalidInputError("a paper needs a title")
    arxiv_id, version = draft.arxiv_id, draft.arxiv_version
    if arxiv_id:
        parsed = parse_arxiv_id(arxiv_id)
        if parsed is None:
            raise InvalidInputError(f"not an arXiv id: {arxiv_id!r}")
        arxiv_id, version = parsed[0], parsed[1] or version
    doi = normalize_doi(draft.doi) if draft.doi else None
    abstract = draft.abstract.strip() if draft.abstract else None
    return PaperDraft(
        title=title,
        authors=[" ".join(a.split()) for a in draft.authors if a.strip()],
        year=draft.year,
        venue=draft.venue.strip() if draft.venue else None,
        abstract=abstract or None,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        url=draft.url,
        source=draft.source,
        line=draft.line,
        extra=draft.extra,
        **{
            **draft.biblio(),
            "editors": [" ".join(e.split()) for e in draft.editors if e.strip()],
            "pages": normalize_pages(draft.pages),
        },
    )


def draft_title_key(draft: PaperDraft) -> str:
    """The key duplicates are found by; none for an untitled record (all share "[untitled]")."""
    return "" if draft.extra.get("untitled") else title_key(draft.title)


# ------------------------------------------------------------------- the same work?
@dataclass(frozen=True)
class Identity:
    """What a record is recognised by: the fields that decide whether two are one work.

    `title_key` is `draft_title_key`'s (empty: the record cannot match by title).
    """

    arxiv_id: str | None = None
    doi: str | None = None
    title_key: str = ""
    year: int | None = None

    @classmethod
    def of(cls, draft: PaperDraft) -> Identity:
        """The identity of `draft` (normalize it first for canonical identifiers)."""
        return cls(draft.arxiv_id, draft.doi, draft_title_key(draft), draft.year)


class Match(IntEnum):
    """Why a paper is the same work as a draft; a lower value is the stronger reason."""

    ARXIV_ID = 1
    DOI = 2
    TITLE = 3


def same_work(draft: Identity, paper: Identity) -> Match | None:
    """Whether `paper` (in the library) is the work `draft` describes, and why.

    The same arXiv id (any version) or the same DOI is the same work, whatever else differs.
    Otherwise the same title key is, unless a year, an arXiv id or a DOI known on both sides
    differs.

    Returns:
        The reason they are one work, or None when they are two (keep both).
    """
    if draft.arxiv_id and paper.arxiv_id == draft.arxiv_id:
        return Match.ARXIV_ID
    if draft.doi and paper.doi == draft.doi:
        return Match.DOI
    if not draft.title_key or paper.title_key != draft.title_key:
        return None
    if draft.year is not None and paper.year is not None and paper.year != draft.year:
        return None
    # Two different arXiv ids (or DOIs) with the same title are two papers.
    if draft.arxiv_id and paper.arxiv_id and paper.arxiv_id != draft.arxiv_id:
        return None
    if draft.doi and paper.doi and paper.doi != draft.doi:
        return None
    return Match.TITLE


def pick_duplicate(draft: Identity, candidates: Iterable[tuple[int, Identity]]) -> int | None:
    """The paper `draft` duplicates, among `candidates` as (paper id, identity).

    The strongest reason wins (arXiv id, then DOI, then title), then the oldest paper (lowest
    id). Candidates must include every paper sharing the draft's arXiv id, DOI or title key,
    trashed ones too.

    Returns:
        The id of the paper to merge into, or None to add the draft as a new paper.
    """
    best: tuple[Match, int] | None = None
    for paper_id, identity in candidates:
        reason = same_work(draft, identity)
        if reason is not None and (best is None or (reason, paper_id) < best):
            best = (reason, paper_id)
    return None if best is None else best[1]


# ------------------------------------------------------------------- which fields win
@dataclass(frozen=True)
class StoredFields:
    """A paper's bibliographic fields as stored, for the rules that combine them.

    `authors` and `extra` are None when their stored text is unreadable (not the JSON the app
    writes). Fields a rule does not read may be left at their defaults.
    """

    authors: tuple[str, ...] | None = ()
    year: int | None = None
    venue: str | None = None
    abstract: str | None = None
    arxiv_id: str | None = None
    arxiv_version: int | None = None
    doi: str | None = None
    url: str | None = None
    extra: Mapping[str, Any] | None = field(default_factory=dict)
    biblio: Mapping[str, Any] = field(default_factory=dict)
    """The bibliographic fields (`core/biblio.py`) by name; missing ones count as empty."""


def fill_gaps(paper: StoredFields, draft: PaperDraft) -> dict[str, Any]:
    """The fields a duplicate `draft` sets on the paper it is merged into.

    The paper keeps what it has: only its empty fields are filled (authors, year, venue,
    abstract, arXiv id, DOI, URL), its arXiv version is raised to a newer one of the same id,
    and the draft's `extra` keys it lacks are added (but not `DRAFT_ONLY_FLAGS`). The title is
    never changed.

    Args:
        paper: the paper's stored fields (all of them are read).
        draft: the normalized duplicate.

    Returns:
        Column → new value (authors a list, extra a dict); empty when nothing changes.

    Raises:
        ValueError: the draft brings `extra` keys and the paper's stored `extra` is unreadable.
    """
    updates: dict[str, Any] = {}
    if paper.authors == () and draft.authors:
        updates["authors"] = list(draft.authors)
    for column, old, new in (
        ("year", paper.year, draft.year),
        ("venue", paper.venue, draft.venue),
        ("abstract", paper.abstract, draft.abstract),
        ("arxiv_id", paper.arxiv_id, draft.arxiv_id),
        ("doi", paper.doi, draft.doi),
        ("url", paper.url, draft.url),
    ):
        if (old is None or old == "") and new not in (None, ""):
            updates[column] = new
    for name, new_value in draft.biblio().items():
        if not paper.biblio.get(name) and new_value not in (None, "", []):
            updates[name] = new_value
    newer = draft.arxiv_version and (paper.arxiv_version or 0) < draft.arxiv_version
    if newer and paper.arxiv_id in (None, draft.arxiv_id):
        updates["arxiv_version"] = draft.arxiv_version
    carried = {k: v for k, v in draft.extra.items() if k not in DRAFT_ONLY_FLAGS}
    if carried:
        if paper.extra is None:
            raise ValueError("the paper's stored extra fields are not a JSON object")
        old_extra = dict(paper.extra)
        new_extra = {**carried, **old_extra}
        if new_extra != old_extra:
            updates["extra"] = new_extra
    return updates


def replace_fields(paper: StoredFields, draft: PaperDraft) -> dict[str, Any]:
    """The fields a looked-up record sets on a placeholder it fills.

    Title, authors, year, venue, abstract and the arXiv version are the draft's; identifiers
    and the URL only where the draft has them. `extra` gains the draft's keys and loses
    `metadata_pending`.

    Args:
        paper: the placeholder's stored arXiv id and version, DOI, URL and extra (None: {}).
        draft: the normalized looked-up record.

    Returns:
        Column → new value for every bibliographic column (authors a list, extra a dict).
    """
    extra = {**(paper.extra or {}), **draft.extra}
    extra.pop("metadata_pending", None)
    found = {k: v for k, v in draft.biblio().items() if v not in (None, "", [])}
    return {
        **found,
        "title": draft.title,
        "title_key": title_key(draft.title),
        "authors": list(draft.authors),
        "year": draft.year,
        "venue": draft.venue,
        "abstract": draft.abstract,
        "arxiv_id": draft.arxiv_id or paper.arxiv_id,
        "arxiv_version": draft.arxiv_version if draft.arxiv_id else paper.arxiv_version,
        "doi": draft.doi or paper.doi,
        "url": draft.url or paper.url,
        "extra": extra,
    }


# ------------------------------------------------------------------- merging two papers
@dataclass(frozen=True)
class MergePlan:
    """How a duplicate is folded into the paper that is kept.

    Attributes:
        fields: the duplicate's metadata, offered to the kept paper.
        replace: the kept paper is a placeholder: `fields` replace its metadata (with
            `replace_fields`) instead of filling its gaps (with `fill_gaps`).
        note: the kept paper's new note; None leaves it as it is.
        status: the kept paper's new status; None leaves it.
        priority: the kept paper's new priority; None leaves it.
        restore: take the kept paper out of the trash.
    """

    fields: PaperDraft
    replace: bool
    note: str | None
    status: ReadingStatus | None
    priority: int | None
    restore: bool


def plan_merge(keep: Paper, drop: Paper) -> MergePlan:
    """How the user's two records of one work become one, losing nothing the user added.

    The kept paper's empty fields are filled from the duplicate (all of them when the kept one
    is a pending placeholder and the duplicate is not); identifiers that conflict with the
    kept paper's are not offered. Notes are joined (the kept one first), a status beyond
    to-read and the higher priority win, and if either paper was out of the trash the result
    is. Tags, annotations, status history and files are united by the caller.

    Args:
        keep: the paper that stays, with its details.
        drop: the duplicate that goes, with its details.
    """
    fields = PaperDraft(
        title=drop.title,
        authors=drop.authors,
        year=drop.year,
        venue=drop.venue,
        abstract=drop.abstract,
        arxiv_id=drop.arxiv_id if keep.arxiv_id in (None, drop.arxiv_id) else None,
        arxiv_version=drop.arxiv_version,
        doi=drop.doi if keep.doi is None else None,
        url=drop.url,
        extra={k: v for k, v in drop.extra.items() if k != "metadata_pending"},
        **drop.biblio(),
    )
    note = None
    if drop.note and drop.note.strip():
        note = f"{keep.note.rstrip()}\n\n{drop.note}" if keep.note else drop.note
    upgrade = keep.status is ReadingStatus.TO_READ and drop.status is not ReadingStatus.TO_READ
    return MergePlan(
        fields=fields,
        replace=bool(keep.extra.get("metadata_pending") and not drop.extra.get("metadata_pending")),
        note=note,
        status=drop.status if upgrade else None,
        priority=drop.priority if drop.priority > keep.priority else None,
        restore=drop.trashed_at is None,
    )


def merged_ids(extra: Mapping[str, Any], drop_id: int) -> list[int]:
    """The kept paper's record of the duplicates folded into it, now including `drop_id`."""
    return sorted({*extra.get("merged_ids", []), drop_id})
