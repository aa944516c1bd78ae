"""When two records are the same work, and which fields win when they merge: no I/O.

These are the rules alone, as plain functions over values. Storage fetches what they need and
applies their answers in SQL (`storage/dedupe.py`), so a change to what counts as "the same
work" or to how two records combine is made here, in one place.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
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

    `title_key` is `draft_title_key`'s (empty: the record cannot match by title). `keys` are
    the (source file, citation key) pairs the record was imported under. The other fields
    are compared only after a title match, to tell "Calendar" of one issue from another's.
    """

    arxiv_id: str | None = None
    doi: str | None = None
    title_key: str = ""
    year: int | None = None
    keys: frozenset[tuple[str, str]] = frozenset()
    first_author: str = ""
    venue: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    entry_type: str = ""

    @classmethod
    def of(cls, draft: PaperDraft, origin: str | None = None) -> Identity:
        """The identity of `draft` (normalize it first), imported from the file `origin`."""
        return cls.build(
            arxiv_id=draft.arxiv_id,
            doi=draft.doi,
            title_key=draft_title_key(draft),
            year=draft.year,
            keys=source_keys(origin, draft.citation_key),
            authors=draft.authors,
            venue=draft.venue,
            volume=draft.volume,
            issue=draft.issue,
            pages=draft.pages,
            entry_type=draft.entry_type,
        )

    @classmethod
    def build(
        cls,
        *,
        arxiv_id: str | None,
        doi: str | None,
        title_key: str,
        year: int | None,
        keys: Iterable[tuple[str, str]] = (),
        authors: Sequence[str] = (),
        venue: str | None = None,
        volume: str | None = None,
        issue: str | None = None,
        pages: str | None = None,
        entry_type: str | None = None,
    ) -> Identity:
        """An identity from stored or drafted values (spacing is ignored)."""
        return cls(
            arxiv_id=arxiv_id,
            doi=doi,
            title_key=title_key,
            year=year,
            keys=frozenset(keys),
            first_author=family_name(authors[0]) if authors else "",
            venue=" ".join((venue or "").split()),
            volume=" ".join((volume or "").split()),
            issue=" ".join((issue or "").split()),
            pages=" ".join((pages or "").split()),
            entry_type=(entry_type or "").strip().lower(),
        )


def source_keys(origin: str | None, citation_key: str | None) -> frozenset[tuple[str, str]]:
    """The (file, key) pair a record is recognised by when its file is imported again.

    Standard input and other unnamed sources ("<stdin>") have no file to recognise.
    """
    if not origin or origin.startswith("<") or not citation_key:
        return frozenset()
    return frozenset({(origin, citation_key)})


def family_name(author: str) -> str:
    """An author's family name as a key: "Vaswani, Ashish" and "Ashish Vaswani" agree."""
    name = author.split(",", 1)[0] if "," in author else (author.split() or [""])[-1]
    return title_key(name)


class Match(IntEnum):
    """Why a paper is the same work as a draft; a lower value is the stronger reason."""

    ARXIV_ID = 1
    DOI = 2
    CITATION_KEY = 3
    TITLE = 4


MATCH_REASONS = {
    Match.ARXIV_ID: "same arXiv id",
    Match.DOI: "same DOI",
    Match.CITATION_KEY: "same citation key in the same file",
    Match.TITLE: "same title and year",
}


@dataclass(frozen=True)
class Verdict:
    """How two records relate: one work (`match`), maybe one (`possible`), or two (neither)."""

    match: Match | None = None
    possible: str = ""
    """Why they may be one work although something distinguishing differs (for the user)."""


DISTINCT = Verdict()
DIFFERENCE_LABELS = (
    "year",
    "first author",
    "venue",
    "volume",
    "issue",
    "pages",
    "type",
    "keys",
    "both in one import",
)
ONE_IMPORT = DIFFERENCE_LABELS[-1]
"""What a possible duplicate's reason names as differing, in this order."""
YEARS_APART = 1
"""A title match more years apart than this is two works (a preprint and its journal version
are often a year apart)."""


def compare(draft: Identity, paper: Identity, *, same_import: bool = False) -> Verdict:
    """Whether `paper` (in the library) is the work `draft` describes.

    One work, merged automatically: the same arXiv id (any version); the same DOI unless the
    arXiv ids differ; the same citation key from the same file imported again (not within
    one import: a .bib may reuse a key for another work). Two keys of one file with the same
    arXiv id or DOI are only a possible duplicate: documents cite both. Two works: a
    different arXiv id or DOI on both sides, or titles that differ. A title match is one work
    only when nothing distinguishing conflicts (a year known on one side only, first author,
    venue, volume, issue, pages, entry type, or another key in the same file); otherwise it
    is a possible duplicate, kept apart for the user to review. So is a title match with a
    paper the same import added (`same_import`): one file listing a title twice means two
    works far more often than one ("Calendar" in every issue), and Zotero keeps both too.
    """
    files = dict(paper.keys)
    other_keys = [
        f"keys {files[file]} vs {key} in one file"
        for file, key in sorted(draft.keys)
        if file in files and files[file] != key
    ]
    if draft.arxiv_id and paper.arxiv_id:
        if draft.arxiv_id != paper.arxiv_id:
            return DISTINCT
        return _unless_cited_apart(Match.ARXIV_ID, other_keys)
    if draft.doi and draft.doi == paper.doi:
        return _unless_cited_apart(Match.DOI, other_keys)
    if draft.keys & paper.keys and not same_import:
        return Verdict(Match.CITATION_KEY)
    if draft.doi and paper.doi:
        return DISTINCT
    if not draft.title_key or paper.title_key != draft.title_key:
        return DISTINCT
    if draft.year and paper.year and abs(draft.year - paper.year) > YEARS_APART:
        return DISTINCT
    differences = [
        f"{label} {_shown(b)} vs {_shown(a)}"  # the library's (older) paper first
        for label, a, b in (
            ("year", draft.year, paper.year),
            ("first author", draft.first_author, paper.first_author),
            ("venue", draft.venue, paper.venue),
            ("volume", draft.volume, paper.volume),
            ("issue", draft.issue, paper.issue),
            ("pages", draft.pages, paper.pages),
            ("type", draft.entry_type, paper.entry_type),
        )
        if a != b and (label == "year" or (a and b and not _same_text(label, a, b)))
    ]
    differences += other_keys
    if same_import:
        differences.append(ONE_IMPORT)
    if not differences:
        return Verdict(Match.TITLE)
    agreed = "same title and year" if draft.year == paper.year else "same title"
    return Verdict(possible=f"{agreed}; {', '.join(differences)}")


def _unless_cited_apart(match: Match, other_keys: list[str]) -> Verdict:
    # Two keys of one file are both cited by the user's documents: merging would break one.
    if other_keys:
        return Verdict(possible=f"{MATCH_REASONS[match]}; {', '.join(other_keys)}")
    return Verdict(match)


def _shown(value: object) -> str:
    return "?" if value in (None, "") else str(value)


def _same_text(label: str, a: object, b: object) -> bool:
    # Venues are compared as titles are (case, punctuation, accents ignored).
    return label == "venue" and title_key(str(a)) == title_key(str(b))


def same_work(draft: Identity, paper: Identity) -> Match | None:
    """Whether `paper` is the work `draft` describes, and why (`compare` without the "maybe").

    Returns:
        The reason they are one work, or None when they are two or may be (keep both).
    """
    return compare(draft, paper).match


def pick_duplicate(draft: Identity, candidates: Iterable[tuple[int, Identity]]) -> int | None:
    """The paper `draft` duplicates, among `candidates` as (paper id, identity).

    The strongest reason wins (arXiv id, DOI, citation key, then title), then the oldest paper
    (lowest id). Candidates must include every paper sharing the draft's arXiv id, DOI, key or
    title key, trashed ones too.

    Returns:
        The id of the paper to merge into, or None to add the draft as a new paper.
    """
    return judge(draft, candidates).merge_into


@dataclass(frozen=True)
class Judgement:
    """What to do with a draft: merge it into `merge_into`, or add it and record `possible`."""

    merge_into: int | None
    possible: tuple[tuple[int, str], ...] = ()
    """(paper id, reason) of papers it may duplicate, when it is added."""


def judge(
    draft: Identity,
    candidates: Iterable[tuple[int, Identity]],
    siblings: Container[int] = (),
) -> Judgement:
    """Merge `draft` into the best same-work candidate, or add it noting possible duplicates.

    `siblings` are the papers the draft's own import added (see `compare`'s `same_import`).
    """
    best: tuple[Match, int] | None = None
    possible: list[tuple[int, str]] = []
    for paper_id, identity in candidates:
        verdict = compare(draft, identity, same_import=paper_id in siblings)
        if verdict.match is not None and (best is None or (verdict.match, paper_id) < best):
            best = (verdict.match, paper_id)
        elif verdict.possible:
            possible.append((paper_id, verdict.possible))
    if best is not None:
        return Judgement(best[1])
    return Judgement(None, tuple(sorted(possible)))


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


def plan_merge(
    keep: Paper, drop: Paper, *, keep_status_at: str = "", drop_status_at: str = ""
) -> MergePlan:
    """How the user's two records of one work become one, losing nothing the user added.

    The kept paper's empty fields are filled from the duplicate (all of them when the kept one
    is a pending placeholder and the duplicate is not); identifiers that conflict with the
    kept paper's are not offered. Notes are joined (the kept one first), a status beyond
    to-read wins (of two, the one set later), the higher priority wins, and if either paper
    was out of the trash the result is. Tags, annotations, status history and files are
    united by the caller.

    Args:
        keep: the paper that stays, with its details.
        drop: the duplicate that goes, with its details.
        keep_status_at: when the kept paper's status was set (ISO time; "" unknown).
        drop_status_at: when the duplicate's status was set.
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
    upgrade = drop.status is not ReadingStatus.TO_READ and (
        keep.status is ReadingStatus.TO_READ
        or (drop.status is not keep.status and drop_status_at > keep_status_at)
    )
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
