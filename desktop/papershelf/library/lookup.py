"""Adding papers by identifier, and refreshing what online services know about them.

`add_identifiers` looks every input up (arXiv batched, Hugging Face, Crossref) and adds the
complete papers; an input whose lookup cannot finish now (offline, a timeout, a server error)
is still added, as a "metadata pending" placeholder, so nothing the user typed is lost.
`refresh` fills those placeholders, notices newer arXiv versions and preprints that have
since been published under a DOI, merging with a paper already holding that DOI.
`fill_pending` is the quiet form the GUI runs when it is online.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from papershelf.core.errors import NotFoundError
from papershelf.core.models import Paper, PaperDraft
from papershelf.library.library import Library
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient
from papershelf.online.resolver import (
    HF_PAPER_URL,
    Identifier,
    Kind,
    Resolution,
    Status,
    resolve,
    resolve_identifiers,
)

PENDING = "metadata_pending"


@dataclass
class AddItem:
    """What `add` did with one input: added, merged (already there), pending or failed."""

    input: str
    status: str
    paper_id: int | None = None
    title: str | None = None
    message: str | None = None
    created: bool = False
    """Whether this input put the paper into the library (new, or back from the trash): what
    undoing the addition takes out again. A merge into an existing paper is not."""

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "status": self.status,
            "paper_id": self.paper_id,
            "title": self.title,
            "message": self.message,
            "created": self.created,
        }


@dataclass
class AddReport:
    items: list[AddItem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0: every input complete; 2: some pending or failed; 1: nothing added at all."""
        statuses = {item.status for item in self.items}
        if statuses <= {"added", "merged"} and statuses:
            return 0
        return 2 if statuses & {"added", "merged", "pending"} else 1

    def to_json(self) -> dict[str, Any]:
        return {"results": [i.to_json() for i in self.items], "exit_code": self.exit_code}


@dataclass
class RefreshReport:
    """What a refresh found; every list names papers by id."""

    checked: int = 0
    completed: list[int] = field(default_factory=list)
    newer_versions: list[tuple[int, str, int, int]] = field(default_factory=list)
    """(paper id, arXiv id, version we had, latest version)."""
    published: list[tuple[int, str]] = field(default_factory=list)
    """(paper id, DOI) for preprints that gained a DOI."""
    merged: list[tuple[int, int, str]] = field(default_factory=list)
    """(preprint id, id of the paper it was merged into, DOI they share)."""
    pending: list[tuple[int, str]] = field(default_factory=list)
    """Placeholders still waiting, with why."""
    failed: list[tuple[int, str]] = field(default_factory=list)
    """Lookups that failed for good (the paper itself is kept), with why."""

    @property
    def exit_code(self) -> int:
        return 2 if self.pending or self.failed else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "completed": self.completed,
            "newer_versions": [
                {"paper_id": p, "arxiv_id": a, "from": old, "to": new}
                for p, a, old, new in self.newer_versions
            ],
            "published": [{"paper_id": p, "doi": d} for p, d in self.published],
            "merged": [{"paper_id": p, "into": q, "doi": d} for p, q, d in self.merged],
            "pending": [{"paper_id": p, "reason": r} for p, r in self.pending],
            "failed": [{"paper_id": p, "reason": r} for p, r in self.failed],
            "exit_code": self.exit_code,
        }


def lookup_cache(lib: Library) -> ResponseCache:
    return ResponseCache.for_library(lib.path, lib.settings.cache_days)


def add_identifiers(
    lib: Library, inputs: Sequence[str], client: HttpClient | None = None
) -> AddReport:
    """Look up and add every input; one `AddItem` per input, in order.

    Args:
        lib: the library to add to.
        inputs: arXiv ids or URLs, Hugging Face paper URLs, DOIs or doi.org URLs.
        client: an HTTP client to use (tests pass one); by default one for this call.
    """
    own = client is None
    http = client or HttpClient(lib.settings)
    try:
        resolutions = resolve(inputs, http, lookup_cache(lib))
    finally:
        if own:
            http.close()
    items: list[AddItem | None] = [None] * len(resolutions)
    to_import: list[tuple[int, PaperDraft]] = []
    restored: set[int] = set()
    for n, res in enumerate(resolutions):
        if res.status is Status.FAILED or res.draft is None:
            items[n] = AddItem(res.text, "failed", message=res.reason)
            continue
        existing = lib._store.find_duplicate(res.draft)
        current = lib.get(existing) if existing is not None else None
        if current is not None and current.trashed_at is not None:
            lib.restore([current.id])  # adding a paper again means wanting it back
            restored.add(current.id)
        if current is None:
            to_import.append((n, res.draft))
        elif res.status is Status.COMPLETE and current.extra.get(PENDING):
            lib.replace_metadata(current.id, res.draft)
            items[n] = AddItem(res.text, "added", current.id, res.draft.title, _note(res))
        elif res.status is Status.COMPLETE:
            to_import.append((n, res.draft))
        else:  # a lookup that failed for a paper we already have: leave the paper as it is
            status = "pending" if current.extra.get(PENDING) else "merged"
            items[n] = AddItem(res.text, status, current.id, current.title, res.reason)
    added: set[int] = set()
    if to_import:
        imported = lib.import_drafts([d for _, d in to_import], source="add", fmt="lookup")
        added = set(imported.added_ids)
    for n, draft in to_import:
        res = resolutions[n]
        paper_id = lib._store.find_duplicate(draft)
        if paper_id is None:
            items[n] = AddItem(res.text, "failed", message="the paper could not be stored")
            continue
        paper = lib.get(paper_id)
        if res.status is Status.PENDING:
            items[n] = AddItem(res.text, "pending", paper_id, paper.title, res.reason)
        else:
            status = "added" if paper_id in added else "merged"
            items[n] = AddItem(res.text, status, paper_id, paper.title, _note(res))
    done = [item for item in items if item is not None]
    for item in done:
        item.created = item.paper_id is not None and (
            item.paper_id in added or item.paper_id in restored
        )
    return AddReport(done)


def _note(res: Resolution) -> str | None:
    """Tell the user when they gave an older version than arXiv's latest."""
    draft, ident = res.draft, res.identifier
    if draft is None or ident is None or ident.version is None or draft.arxiv_version is None:
        return None
    if draft.arxiv_version > ident.version:
        return f"v{draft.arxiv_version} is the latest version (you gave v{ident.version})"
    return None


def refresh(
    lib: Library,
    query: str | None = None,
    client: HttpClient | None = None,
    *,
    pending_only: bool = False,
    use_cache: bool = False,
    ids: Sequence[int] | None = None,
) -> RefreshReport:
    """Ask the services again about the library's papers (or those matching `query`).

    Pending placeholders are looked up and filled; every paper with an arXiv id is checked
    for a newer version and for a DOI (a preprint since published). Papers known only by a
    DOI are asked about only while pending. `ids` (the GUI's selection) replaces `query`.

    Raises:
        QueryError: `query` is malformed.
    """
    report = RefreshReport()
    candidates = list(ids) if ids is not None else refresh_candidates(lib, query)
    papers = lib._store.get_many(candidates, details=False)
    targets: list[tuple[Paper, Identifier]] = []
    for paper in papers:
        pending = bool(paper.extra.get(PENDING))
        ident = _identifier_for(paper, pending)
        if ident is not None and (pending or not pending_only):
            targets.append((paper, ident))
    if not targets:
        return report
    own = client is None
    http = client or HttpClient(lib.settings)
    try:
        resolutions = resolve_identifiers(
            [i for _, i in targets], http, lookup_cache(lib), use_cache=use_cache
        )
    finally:
        if own:
            http.close()
    for (paper, _), res in zip(targets, resolutions, strict=True):
        report.checked += 1
        pending = bool(paper.extra.get(PENDING))
        if res.status is Status.COMPLETE and res.draft is not None:
            _apply(lib, paper, res.draft, report)
        elif res.status is Status.PENDING and pending:
            report.pending.append((paper.id, res.reason or "lookup failed"))
        else:
            report.failed.append((paper.id, res.reason or "lookup failed"))
    return report


def fill_pending(lib: Library, client: HttpClient | None = None) -> RefreshReport:
    """Complete the "metadata pending" placeholders (the GUI calls this when online)."""
    return refresh(lib, client=client, pending_only=True, use_cache=True)


def pending_ids(lib: Library) -> list[int]:
    """Papers (not in the trash) still waiting for their metadata; cheap, for a timer."""
    rows = lib._db.execute(
        "SELECT id FROM papers WHERE trashed_at IS NULL "
        f"AND json_extract(extra, '$.{PENDING}') ORDER BY id"
    )
    return [int(r[0]) for r in rows]


def refresh_candidates(lib: Library, query: str | None) -> list[int]:
    """The papers `refresh` asks about: those matching `query`, or all (not the trash).

    Raises:
        QueryError: `query` is malformed.
    """
    if query is None or not query.strip():
        return lib._store.ids()
    total = max(1, lib._store.count())
    return [hit.paper_id for hit in lib.search(query, limit=total, snippets=0).hits]


def _identifier_for(paper: Paper, pending: bool) -> Identifier | None:
    label = paper.extra.get("added_as")
    text = label if isinstance(label, str) else ""
    if paper.arxiv_id:
        hf = bool(paper.url and paper.url.startswith(HF_PAPER_URL.format("")))
        kind = Kind.HF if hf else Kind.ARXIV
        return Identifier(
            text or paper.arxiv_id, kind, arxiv_id=paper.arxiv_id, version=paper.arxiv_version
        )
    if paper.doi and pending:
        return Identifier(text or paper.doi, Kind.DOI, doi=paper.doi)
    return None


def _other_with_doi(lib: Library, doi: str, paper: Paper) -> Paper | None:
    """Another paper already carrying `doi` (a published version of this preprint?)."""
    try:
        other = lib._store.resolve(doi)
    except NotFoundError:
        return None
    return None if other == paper.id else lib.get(other)


def _apply(lib: Library, paper: Paper, draft: PaperDraft, report: RefreshReport) -> None:
    pending = bool(paper.extra.get(PENDING))
    other = _other_with_doi(lib, draft.doi, paper) if draft.doi and draft.doi != paper.doi else None
    # The DOI is another paper's: never give it to this one too. Merge the two when the other
    # is not a different arXiv paper (then they are one work: preprint and publication).
    own_draft = replace(draft, doi=None) if other is not None else draft
    merge_into = other.id if other and other.arxiv_id in (None, paper.arxiv_id) else None
    if pending:
        lib.replace_metadata(paper.id, own_draft)
        report.completed.append(paper.id)
    else:
        lib.import_drafts([own_draft], source="refresh", fmt="lookup")
        old, new = paper.arxiv_version, draft.arxiv_version
        if draft.arxiv_id and old is not None and new is not None and new > old:
            report.newer_versions.append((paper.id, draft.arxiv_id, old, new))
        if other is None and draft.doi and not paper.doi:
            report.published.append((paper.id, draft.doi))
    if merge_into is not None and draft.doi:
        lib.merge_papers(merge_into, paper.id)
        lib.import_drafts([draft], source="refresh", fmt="lookup")
        report.merged.append((paper.id, merge_into, draft.doi))
