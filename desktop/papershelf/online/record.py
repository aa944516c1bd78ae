"""Fetch one record by key (a DOI, an arXiv id) through the cache: shared by Crossref and HF.

The flow is the same for every one-record-per-request service: a cached answer if it still
parses, else one GET; a 404 is a permanent "no record", other failures are transient, and
only an answer that parses is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from papershelf.core.errors import ImportFormatError
from papershelf.core.models import PaperDraft
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient, LookupFailure, ServiceError

if TYPE_CHECKING:
    from papershelf.importers.base import Importer

Parse = Callable[[str], PaperDraft | str]
"""An answer's one paper, or what is wrong with the answer."""


def first_draft(
    importer: Importer, text: str, *, service: str, what: str, item: str
) -> PaperDraft | str:
    """The first paper `importer` reads from an answer, or why there is none.

    `what` names the answer ("a Crossref record"), `item` what it should hold ("work").
    """
    try:
        parsed = importer.parse(text, source=service)
    except ImportFormatError as exc:
        return f"the answer is not {what} ({exc.reason})"
    if not parsed.drafts:
        reasons = "; ".join(s.reason for s in parsed.skipped) or f"no {item} in it"
        return f"the answer has no {item} ({reasons})"
    return parsed.drafts[0]


def fetch_record(
    client: HttpClient,
    cache: ResponseCache | None,
    *,
    service: str,
    cache_name: str,
    key: str,
    url: str,
    parse: Parse,
    not_found: str,
    params: Mapping[str, str | int] | None = None,
    use_cache: bool = True,
) -> PaperDraft | LookupFailure:
    """The record behind `url`, from the cache when it has a readable one."""
    if cache is not None and use_cache:
        cached = cache.get(cache_name, key)
        draft = parse(cached) if cached is not None else None
        if isinstance(draft, PaperDraft):
            return draft
    try:
        response = client.get(service, url, params=params)
    except ServiceError as exc:
        if exc.status == 404:
            return LookupFailure(not_found, transient=False)
        return LookupFailure.from_error(exc)
    outcome = parse(response.text)
    if isinstance(outcome, PaperDraft):
        if cache is not None:
            cache.put(cache_name, key, response.text)
        return outcome
    return LookupFailure(f"{service}: {outcome}", transient=True)
