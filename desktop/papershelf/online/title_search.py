"""Find the record of a paper that has only a title: Hugging Face, then arXiv, then Crossref.

Requests (docs/online.md lists them):
- `GET {hf_api}/api/papers/search?q=<title>`: Hugging Face's paper search; a JSON list of
  daily-papers items whose `paper.id` is the arXiv id.
- `GET {arxiv_api}/api/query?search_query=ti:"<title words>"&max_results=5`: the arXiv API's
  title search, the Atom the id lookup reads; paced like every arXiv request (3 s).
- `GET {crossref_api}/works?query.bibliographic=<title>&rows=5`: Crossref's search, asked
  only when neither of the others knows the title (a paper not on arXiv).

Each service's answer is cached by normalised title. A service that fails falls through to
the next; the paper stays unresolved (and is tried again later) only when a service that
could have known it did not answer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from papershelf.core.errors import ImportFormatError
from papershelf.core.models import PaperDraft
from papershelf.core.title_match import Candidate, Verdict, judge, normalized_title, rate
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient, LookupFailure, ServiceError

if TYPE_CHECKING:
    from papershelf.importers.base import Importer

# The answers' parsers (importers/) are imported when an answer is read.

RESULTS = 5
"""Records asked for per search: the right one is near the top or not there."""


@dataclass(frozen=True)
class Service:
    """One title search: its name, cache, URL and query, and the importer of its answer."""

    name: str
    cache_name: str
    url: Callable[[HttpClient], str]
    params: Callable[[HttpClient, str], Mapping[str, str | int]]
    importer: Callable[[], Importer]


def _arxiv_query(title: str) -> str:
    # arXiv's query syntax treats quotes, colons and AND/OR/ANDNOT specially: words only.
    words = [w for w in normalized_title(title).split() if w not in ("and", "or", "andnot")]
    return f'ti:"{" ".join(words)}"'


def _crossref_params(client: HttpClient, title: str) -> Mapping[str, str | int]:
    params: dict[str, str | int] = {"query.bibliographic": title, "rows": RESULTS}
    if client.settings.contact_email:
        params["mailto"] = client.settings.contact_email
    return params


def _importer(module: str, name: str) -> Importer:
    """A new `papershelf.importers.<module>.<name>`, imported when an answer is read."""
    importer: Importer = getattr(importlib.import_module(f"papershelf.importers.{module}"), name)()
    return importer


HUGGING_FACE = Service(
    "Hugging Face",
    "hf-search",
    lambda c: f"{c.settings.hf_api}/api/papers/search",
    lambda c, title: {"q": title},
    lambda: _importer("hf_json", "HuggingFaceJsonImporter"),
)
ARXIV = Service(
    "arXiv",
    "arxiv-search",
    lambda c: f"{c.settings.arxiv_api}/api/query",
    lambda c, title: {"search_query": _arxiv_query(title), "start": 0, "max_results": RESULTS},
    lambda: _importer("arxiv_atom", "ArxivAtomImporter"),
)
CROSSREF = Service(
    "Crossref",
    "crossref-search",
    lambda c: f"{c.settings.crossref_api}/works",
    _crossref_params,
    lambda: _importer("crossref_json", "CrossrefJsonImporter"),
)
SERVICES = (HUGGING_FACE, ARXIV, CROSSREF)


@dataclass(frozen=True)
class TitleResolution:
    """What searching one paper's title found, and whether to try again later."""

    verdict: Verdict
    failures: tuple[LookupFailure, ...] = field(default_factory=tuple)

    @property
    def retry(self) -> bool:
        """Nothing accepted and a service failed transiently: ask again later."""
        return self.verdict.accepted is None and any(f.transient for f in self.failures)


def search(
    service: Service,
    title: str,
    client: HttpClient,
    cache: ResponseCache | None = None,
) -> list[PaperDraft] | LookupFailure:
    """The records `service` finds for `title` (possibly none), or why it did not answer."""
    key = normalized_title(title)
    if service is ARXIV:
        client.set_interval(client.settings.arxiv_api, client.settings.arxiv_interval)
    cached = cache.get(service.cache_name, key) if cache is not None else None
    if cached is not None:
        drafts = _parse(service, cached)
        if not isinstance(drafts, str):
            return drafts
    try:
        response = client.get(
            service.name, service.url(client), params=service.params(client, title)
        )
    except ServiceError as exc:
        if exc.status == 404:  # "no such paper" from a search is an empty result
            return []
        return LookupFailure.from_error(exc)
    drafts = _parse(service, response.text)
    if isinstance(drafts, str):
        return LookupFailure(f"{service.name}: {drafts}", transient=True)
    if cache is not None:
        cache.put(service.cache_name, key, response.text)
    return drafts


def _parse(service: Service, text: str) -> list[PaperDraft] | str:
    stripped = text.strip()
    if stripped in ("[]", ""):
        return []
    try:
        parsed = service.importer().parse(text, source=service.name)
    except ImportFormatError as exc:
        return f"the answer is not a readable search result ({exc.reason})"
    return parsed.drafts


def resolve_title(
    wanted: PaperDraft,
    client: HttpClient,
    cache: ResponseCache | None = None,
    services: tuple[Service, ...] = SERVICES,
) -> TitleResolution:
    """Search the services in order until one gives a confident match for `wanted`.

    Crossref is asked only when no earlier service found a plausible record: a paper on
    arXiv is resolved to its arXiv record (the usual id lookup then adds the rest).
    """
    found: list[Candidate] = []
    failures: list[LookupFailure] = []
    for service in services:
        if service is CROSSREF and any(c.score >= 0.9 for c in found):
            break
        answer = search(service, wanted.title, client, cache)
        if isinstance(answer, LookupFailure):
            failures.append(answer)
            continue
        found.extend(rate(wanted, draft, service.name) for draft in answer)
        verdict = judge(found)
        if verdict.accepted is not None:
            return TitleResolution(verdict, tuple(failures))
    return TitleResolution(judge(found), tuple(failures))
