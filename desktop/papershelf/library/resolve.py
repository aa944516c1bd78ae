"""Give title-only papers their real records: search by title, accept only a confident match.

A pasted listing, a bare import or a PDF without ids gives papers a title and nothing else.
`resolve` searches each one's title (`online/title_search.py`: Hugging Face, then arXiv, then
Crossref), accepts a candidate only when `core/title_match.py` is sure, and then fills only
what the paper lacks (authors, year, arXiv id, DOI, venue, upvotes): the user's edits are
never overwritten. A paper whose arXiv id turns out to be another paper's is merged into it,
keeping everything the user added. The usual arXiv lookup then completes what the id gives
(versions, links, categories). Papers with no confident match keep their candidates for the
user (`choose`); a service that failed is tried again later, and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from papershelf.core.daemon_map import daemon_map
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.merge_policy import normalize_draft
from papershelf.core.models import Paper, PaperDraft
from papershelf.core.title_match import Candidate
from papershelf.library.library import Library
from papershelf.library.lookup import lookup_cache
from papershelf.online.arxiv import fetch_arxiv
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient
from papershelf.online.title_search import TitleResolution, resolve_title
from papershelf.storage import resolution
from papershelf.storage.db import transaction, utcnow

NOT_FOUND_AGAIN = timedelta(days=30)
"""A title no service knew is searched again after this long (it may have appeared)."""
FIRST_RETRY = timedelta(minutes=30)
LAST_RETRY = timedelta(days=1)
"""After a failed try, wait 30 min, then twice as long each time, at most a day."""

SEARCHES_AT_ONCE = 4
"""Title searches in flight at once (each waits on a server, not on this machine)."""

Progress = Callable[[int, int], None]


@dataclass
class ResolveReport:
    """What one run found, for the status bar, the CLI and the exit code."""

    resolved: list[tuple[int, str]] = field(default_factory=list)
    """(paper id, what it was matched to: "arXiv:2401.00001 (Hugging Face)")."""
    merged: list[tuple[int, int]] = field(default_factory=list)
    """(paper id, the paper it turned out to be and was merged into)."""
    ambiguous: list[tuple[int, str]] = field(default_factory=list)
    not_found: list[int] = field(default_factory=list)
    retry: list[tuple[int, str]] = field(default_factory=list)
    offline: bool = False
    """Online lookups are turned off: nothing was asked, the papers wait."""

    @property
    def tried(self) -> int:
        return (
            len(self.resolved)
            + len(self.merged)
            + len(self.ambiguous)
            + len(self.not_found)
            + len(self.retry)
        )

    def summary(self) -> str:
        if self.offline:
            return "online lookups are turned off: papers stay unresolved"
        parts = [f"{len(self.resolved) + len(self.merged)} of {self.tried} resolved"]
        if self.ambiguous:
            parts.append(f"{len(self.ambiguous)} to choose (papershelf resolve --choose)")
        if self.not_found:
            parts.append(f"{len(self.not_found)} not found")
        if self.retry:
            parts.append(f"{len(self.retry)} to retry when the services answer")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "resolved": [{"id": pid, "match": what} for pid, what in self.resolved],
            "merged": [{"id": pid, "into": into} for pid, into in self.merged],
            "ambiguous": [{"id": pid, "reason": why} for pid, why in self.ambiguous],
            "not_found": self.not_found,
            "retry": [{"id": pid, "reason": why} for pid, why in self.retry],
            "offline": self.offline,
        }


def due(lib: Library, limit: int | None = None) -> list[int]:
    """Unresolved papers to try now (never tried, or their retry time has come)."""
    return resolution.due_ids(lib._db, utcnow(), limit)


def unresolved(lib: Library) -> list[int]:
    """Every paper that has a title but no identifier (except those the user settled)."""
    return resolution.unresolved_ids(lib._db)


def candidates(lib: Library, paper_id: int) -> list[dict[str, Any]]:
    """The candidates kept from the last try (title, authors, year, ids, service, score)."""
    found = resolution.attempt(lib._db, paper_id)
    return found.candidates if found is not None else []


def resolve(
    lib: Library,
    ids: Sequence[int] | None = None,
    client: HttpClient | None = None,
    progress: Progress | None = None,
) -> ResolveReport:
    """Search the titles of `ids` (default: the papers due) and fill in confident matches."""
    report = ResolveReport()
    if not lib.settings.online:
        report.offline = True  # nothing leaves the machine, and no try is counted
        return report
    targets = list(ids) if ids is not None else due(lib)
    papers = [p for p in lib._store.get_many(targets, details=False) if _needs_record(p)]
    if not papers:
        return report
    own = client is None
    http = client or HttpClient(lib.settings)
    cache = lookup_cache(lib)
    found_arxiv: list[str] = []
    try:
        # Searches wait on the network, so a few run at once (arXiv's pacing still holds:
        # the client keeps it across threads); their outcomes are applied here, in order,
        # on this thread's connection. Daemon threads: quitting never waits for a server.
        outcomes = daemon_map(
            lambda p: resolve_title(_wanted(p), http, cache), papers, SEARCHES_AT_ONCE, "resolve"
        )
        for n, (paper, outcome) in enumerate(zip(papers, outcomes, strict=True), start=1):
            _record(lib, paper, outcome, report, found_arxiv)
            if progress is not None:
                progress(n, len(papers))
        if found_arxiv:
            _complete_from_arxiv(lib, found_arxiv, http, cache)
    finally:
        if own:
            http.close()
    return report


def _wanted(paper: Paper) -> PaperDraft:
    return PaperDraft(title=paper.title, authors=paper.authors, year=paper.year)


def _record(
    lib: Library,
    paper: Paper,
    outcome: TitleResolution,
    report: ResolveReport,
    found_arxiv: list[str],
) -> None:
    """Apply one search's outcome: fill the paper in, or remember what to do next."""
    verdict = outcome.verdict
    if verdict.accepted is not None:
        kept = _accept(lib, paper, verdict.accepted.draft, report)
        report.resolved.append((kept, _describe(verdict.accepted)))
        if verdict.accepted.draft.arxiv_id:
            found_arxiv.append(verdict.accepted.draft.arxiv_id)
    elif outcome.retry:
        reason = "; ".join(f.reason for f in outcome.failures)
        wait = min(LAST_RETRY, FIRST_RETRY * 2 ** _attempts(lib, paper.id))
        resolution.record(lib._db, paper.id, "retry", reason, next_try=_after(wait))
        report.retry.append((paper.id, reason))
    elif verdict.candidates:
        kept_candidates = [_candidate_json(c) for c in verdict.candidates]
        resolution.record(lib._db, paper.id, "ambiguous", verdict.reason, kept_candidates)
        report.ambiguous.append((paper.id, verdict.reason))
    else:
        later = _after(NOT_FOUND_AGAIN)
        resolution.record(lib._db, paper.id, "not-found", verdict.reason, next_try=later)
        report.not_found.append(paper.id)


def _complete_from_arxiv(
    lib: Library, arxiv_ids: Sequence[str], http: HttpClient, cache: ResponseCache
) -> None:
    """The usual arXiv lookup for the ids found (one request per 50): versions, categories.

    Each answer is imported like a lookup, so it merges into the paper with that id and
    fills only its gaps; a failure leaves the paper as the search found it.
    """
    drafts = [d for d in fetch_arxiv(arxiv_ids, http, cache).values() if isinstance(d, PaperDraft)]
    if drafts:
        lib.import_drafts(drafts, source="resolve", fmt="lookup")


def choose(lib: Library, paper_id: int, index: int | None) -> int:
    """The user picked candidate `index` of the last try, or None: "none of these".

    Returns:
        The paper's id afterwards (another one when the choice merged it into a paper the
        library already had).

    Raises:
        InvalidInputError: no such candidate.
        NotFoundError: no such paper.
    """
    paper = lib.get(paper_id)
    if index is None:
        resolution.record(lib._db, paper_id, "dismissed", "none of the candidates")
        lib.notify_changed()
        return paper_id
    found = candidates(lib, paper_id)
    if not 0 <= index < len(found):
        raise InvalidInputError(f"paper {paper_id} has no candidate {index + 1}")
    data = found[index]
    draft = PaperDraft(
        title=str(data.get("title") or paper.title),
        authors=[str(a) for a in data.get("authors") or []],
        year=data.get("year"),
        venue=data.get("venue"),
        arxiv_id=data.get("arxiv_id"),
        doi=data.get("doi"),
        url=data.get("url"),
    )
    kept = _accept(lib, paper, draft, ResolveReport())
    if draft.arxiv_id:
        http = HttpClient(lib.settings)
        try:
            _complete_from_arxiv(lib, [draft.arxiv_id], http, lookup_cache(lib))
        finally:
            http.close()
    return kept


def _needs_record(paper: Paper) -> bool:
    return not (paper.arxiv_id or paper.doi or paper.trashed_at) and not paper.extra.get("untitled")


def _accept(lib: Library, paper: Paper, found: PaperDraft, report: ResolveReport) -> int:
    """Fill the paper's empty fields from `found`, or merge it into the paper with its id."""
    draft = normalize_draft(found)
    other = _holder(lib, draft, paper.id)
    if other is not None:
        lib.merge_papers(other, paper.id)
        report.merged.append((paper.id, other))
        return other
    with transaction(lib._db):
        lib._store._fill_gaps(paper.id, draft, utcnow())
        resolution.forget(lib._db, paper.id)
    lib.notify_changed()
    return paper.id


def _holder(lib: Library, draft: PaperDraft, own_id: int) -> int | None:
    """Another paper that already has the arXiv id or DOI the match gives."""
    for ident in (draft.arxiv_id, draft.doi):
        if not ident:
            continue
        try:
            other = lib._store.resolve(ident)
        except (NotFoundError, InvalidInputError):
            continue
        if other != own_id:
            return other
    return None


def _attempts(lib: Library, paper_id: int) -> int:
    found = resolution.attempt(lib._db, paper_id)
    return found.attempts if found is not None else 0


def _after(wait: timedelta) -> str:
    return (datetime.now(UTC) + wait).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _describe(candidate: Candidate) -> str:
    draft = candidate.draft
    ident = f"arXiv:{draft.arxiv_id}" if draft.arxiv_id else f"doi:{draft.doi}"
    return f"{ident} ({candidate.service})"


def _candidate_json(candidate: Candidate) -> dict[str, Any]:
    draft = candidate.draft
    return {
        "title": draft.title,
        "authors": draft.authors,
        "year": draft.year,
        "venue": draft.venue,
        "arxiv_id": draft.arxiv_id,
        "doi": draft.doi,
        "url": draft.url,
        "service": candidate.service,
        "score": round(candidate.score, 3),
        "problem": candidate.problem,
    }
