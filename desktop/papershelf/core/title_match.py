"""When a record found by searching a title is the paper the user has: rules only, no I/O.

A false match is worse than none: it would give the user's paper someone else's authors and
arXiv id. So a candidate is accepted only when its title is the same after normalisation (or
differs by a typo or two), the years agree within one when both are known (a preprint and
its journal version), an author's family name is shared when both lists are known, and no
other distinct candidate is nearly as good. Anything less leaves the paper unresolved with
its candidates, for the user to choose.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from papershelf.core.models import PaperDraft

NEAR_TITLE = 0.96
"""Smallest similarity of two normalised titles that counts as "the same title"."""
TIE_MARGIN = 0.02
"""A second distinct candidate within this of the best makes the choice ambiguous."""
YEAR_SLACK = 1
"""Years may differ by this much (submitted in December, published in January)."""


def normalized_title(title: str) -> str:
    """Lower-case letters and digits only, accents folded, words single-spaced."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() else " " for ch in text.casefold())
    return " ".join(text.split())


def title_similarity(a: str, b: str) -> float:
    """1.0 for the same normalised title; lower as characters differ (0..1)."""
    left, right = normalized_title(a), normalized_title(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


def family_names(authors: Sequence[str]) -> set[str]:
    """The last word of each "Given Family" name, normalised (for overlap tests)."""
    out = set()
    for name in authors:
        words = normalized_title(name).split()
        if words:
            out.add(words[-1])
    return out


@dataclass(frozen=True)
class Candidate:
    """A record a service returned for a title search, with how well it fits."""

    draft: PaperDraft
    service: str
    score: float
    """Title similarity, 0..1."""
    problem: str | None = None
    """Why it cannot be accepted even though the title fits (year, authors), or None."""

    @property
    def identity(self) -> str:
        """What makes two candidates the same record (arXiv id, else DOI, else title)."""
        draft = self.draft
        if draft.arxiv_id:
            return f"arxiv:{draft.arxiv_id}"
        if draft.doi:
            return f"doi:{draft.doi.lower()}"
        return f"title:{normalized_title(draft.title)}"


@dataclass(frozen=True)
class Verdict:
    """The outcome for one paper: the accepted candidate, or why none was."""

    accepted: Candidate | None
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    """Every plausible candidate, best first (kept for the user to choose from)."""
    reason: str = ""


def rate(wanted: PaperDraft, found: PaperDraft, service: str) -> Candidate:
    """How well `found` (a search result) fits `wanted` (the user's paper)."""
    score = title_similarity(wanted.title, found.title)
    problem = None
    years_known = wanted.year is not None and found.year is not None
    if years_known and abs((wanted.year or 0) - (found.year or 0)) > YEAR_SLACK:
        problem = f"year {found.year}, not {wanted.year}"
    elif _authors_disagree(wanted.authors, found.authors):
        problem = "no author in common"
    return Candidate(found, service, score, problem)


def _authors_disagree(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """Both author lists known and not one family name shared."""
    return bool(mine and theirs and not family_names(mine) & family_names(theirs))


def judge(candidates: Sequence[Candidate]) -> Verdict:
    """Accept the one confident candidate among `candidates`, or say why there is none.

    Candidates that are the same record (the same arXiv id from two services) count once,
    the best-scoring copy kept.
    """
    best_of: dict[str, Candidate] = {}
    for cand in candidates:
        kept = best_of.get(cand.identity)
        if kept is None or cand.score > kept.score:
            best_of[cand.identity] = cand
    ranked = sorted(best_of.values(), key=lambda c: (c.problem is not None, -c.score))
    plausible = tuple(c for c in ranked if c.score >= 0.6)
    if not ranked:
        return Verdict(None, (), "no service knows this title")
    top = ranked[0]
    if top.score < NEAR_TITLE:
        return Verdict(None, plausible, f"closest title differs ({top.score:.0%} alike)")
    if top.problem is not None:
        return Verdict(None, plausible, f"same title, but {top.problem}")
    rivals = [c for c in ranked[1:] if c.problem is None and c.score >= top.score - TIE_MARGIN]
    if rivals:
        return Verdict(None, plausible, f"{len(rivals) + 1} records fit equally well")
    return Verdict(top, plausible, f"same title on {top.service}")
