"""Turn what a user typed (ids, DOIs, paper URLs) into paper drafts, asking as little as we can.

Each input is classified first (an unknown one fails at once, naming itself). Then all arXiv
ids, including those behind Hugging Face links, go to arXiv in batches; Hugging Face links
also get the Hugging Face record (upvotes, code, project page); DOIs go to Crossref one by
one. Every input ends as exactly one `Resolution`: complete, pending (the service could not be
reached or answered badly: a placeholder draft keeps what the user typed), or failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.online.arxiv import fetch_arxiv
from papershelf.online.cache import ResponseCache
from papershelf.online.crossref import fetch_crossref
from papershelf.online.http import HttpClient, LookupFailure
from papershelf.online.huggingface import EXTRA_KEYS, fetch_hf_paper

HF_PAPER_URL = "https://huggingface.co/papers/{}"
ARXIV_DOI_PREFIX = "10.48550/arxiv."
"""arXiv's own DOIs (registered with DataCite, unknown to Crossref) name an arXiv id."""

_HF_RE = re.compile(r"(?:^|//|www\.)(?:huggingface\.co|hf\.co)/papers/", re.IGNORECASE)
UNKNOWN_INPUT = (
    "not an arXiv id, DOI, or arXiv / Hugging Face / ACL Anthology / doi.org URL "
    "(examples: 2401.12345, hep-th/9901001v2, https://huggingface.co/papers/2401.12345, "
    "10.1038/nature14539)"
)
# ACL Anthology pages (aclanthology.org/2020.acl-main.1/, …/P19-1001.pdf): the papers since
# 2016 carry the DOI 10.18653/v1/<anthology id>, which Crossref knows.
_ACL_RE = re.compile(
    r"^(?:https?://)?(?:www\.)?aclanthology\.org/"
    r"(?P<id>\d{4}\.[a-z0-9-]+\.\d+|[A-Z]\d{2}-\d{4})(?:\.pdf)?/?$",
    re.IGNORECASE,
)
ACL_DOI_PREFIX = "10.18653/v1/"


class Kind(StrEnum):
    ARXIV = "arxiv"
    HF = "hf"
    DOI = "doi"


class Status(StrEnum):
    COMPLETE = "complete"
    PENDING = "pending"
    FAILED = "failed"


@dataclass(frozen=True)
class Identifier:
    """One input, understood: an arXiv id (maybe via a Hugging Face link) or a DOI."""

    text: str
    kind: Kind
    arxiv_id: str | None = None
    version: int | None = None
    doi: str | None = None

    @property
    def label(self) -> str:
        if self.kind is Kind.DOI:
            return f"doi:{self.doi}"
        version = f"v{self.version}" if self.version else ""
        return f"arXiv:{self.arxiv_id}{version}"


@dataclass
class Resolution:
    """What became of one input: a complete draft, a placeholder, or a failure."""

    text: str
    status: Status
    identifier: Identifier | None = None
    draft: PaperDraft | None = None
    reason: str | None = None
    offline: bool = False


def classify(text: str) -> Identifier | None:
    """Read one input; None when it is none of the identifiers we can look up."""
    cleaned = text.strip()
    if cleaned.startswith("<") and cleaned.endswith(">"):
        cleaned = cleaned[1:-1].strip()
    acl = _ACL_RE.match(cleaned)
    if acl is not None:
        return Identifier(text, Kind.DOI, doi=f"{ACL_DOI_PREFIX}{acl['id']}".lower())
    arxiv = parse_arxiv_id(cleaned)
    if arxiv is not None:
        kind = Kind.HF if _HF_RE.search(cleaned) else Kind.ARXIV
        return Identifier(text, kind, arxiv_id=arxiv[0], version=arxiv[1])
    doi = normalize_doi(cleaned)
    if doi is None:
        return None
    if doi.startswith(ARXIV_DOI_PREFIX):
        arxiv = parse_arxiv_id(doi.removeprefix(ARXIV_DOI_PREFIX))
        if arxiv is not None:
            return Identifier(text, Kind.ARXIV, arxiv_id=arxiv[0], version=arxiv[1])
    return Identifier(text, Kind.DOI, doi=doi)


def placeholder(identifier: Identifier) -> PaperDraft:
    """The "metadata pending" draft an identifier list import would make for this input."""
    from papershelf.importers.identifiers import IdentifierListImporter

    line = HF_PAPER_URL.format(identifier.arxiv_id) if identifier.kind is Kind.HF else None
    parsed = IdentifierListImporter().parse(line or identifier.label)
    draft = parsed.drafts[0]
    draft.extra = {**draft.extra, "added_as": identifier.text.strip()}
    return draft


def resolve(
    inputs: Sequence[str],
    client: HttpClient,
    cache: ResponseCache | None = None,
    *,
    use_cache: bool = True,
) -> list[Resolution]:
    """One resolution per input, in input order."""
    identifiers = [classify(text) for text in inputs]
    known = [i for i in identifiers if i is not None]
    resolved = iter(resolve_identifiers(known, client, cache, use_cache=use_cache))
    out: list[Resolution] = []
    for text, identifier in zip(inputs, identifiers, strict=True):
        if identifier is None:
            out.append(Resolution(text, Status.FAILED, reason=UNKNOWN_INPUT))
        else:
            out.append(next(resolved))
    return out


def resolve_identifiers(
    identifiers: Sequence[Identifier],
    client: HttpClient,
    cache: ResponseCache | None = None,
    *,
    use_cache: bool = True,
) -> list[Resolution]:
    """Look every identifier up (arXiv batched); one resolution each, in order."""
    arxiv_ids = [i.arxiv_id for i in identifiers if i.arxiv_id is not None]
    arxiv = fetch_arxiv(arxiv_ids, client, cache, use_cache=use_cache) if arxiv_ids else {}
    hf: dict[str, PaperDraft | LookupFailure] = {}
    for arxiv_id in _unique(i.arxiv_id for i in identifiers if i.kind is Kind.HF):
        hf[arxiv_id] = fetch_hf_paper(arxiv_id, client, cache, use_cache=use_cache)
    crossref: dict[str, PaperDraft | LookupFailure] = {}
    for doi in _unique(i.doi for i in identifiers if i.kind is Kind.DOI):
        crossref[doi] = fetch_crossref(doi, client, cache, use_cache=use_cache)
    out: list[Resolution] = []
    for identifier in identifiers:
        if identifier.kind is Kind.DOI:
            assert identifier.doi is not None
            results = [crossref[identifier.doi]]
        else:
            assert identifier.arxiv_id is not None
            results = [arxiv[identifier.arxiv_id]]
            if identifier.kind is Kind.HF:
                results.append(hf[identifier.arxiv_id])
        out.append(_combine(identifier, results))
    return out


def _combine(identifier: Identifier, results: Sequence[PaperDraft | LookupFailure]) -> Resolution:
    drafts = [r for r in results if isinstance(r, PaperDraft)]
    failures = [r for r in results if isinstance(r, LookupFailure)]
    if drafts:
        draft = replace(drafts[0], extra=dict(drafts[0].extra), line=None)
        if identifier.kind is Kind.HF:
            for extra in drafts[1:]:
                draft.extra.update({k: v for k, v in extra.extra.items() if k in EXTRA_KEYS})
            draft.url = HF_PAPER_URL.format(identifier.arxiv_id)
        return Resolution(identifier.text, Status.COMPLETE, identifier, draft)
    reason = "; ".join(dict.fromkeys(f.reason for f in failures))
    if any(f.transient for f in failures):
        return Resolution(
            identifier.text,
            Status.PENDING,
            identifier,
            placeholder(identifier),
            reason,
            offline=all(f.offline for f in failures if f.transient),
        )
    return Resolution(identifier.text, Status.FAILED, identifier, reason=reason)


def _unique(values: Iterable[str | None]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v is not None]
