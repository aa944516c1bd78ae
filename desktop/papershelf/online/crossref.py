"""Look a DOI up on Crossref: `GET {crossref_api}/works/{doi}`.

The DOI is percent-encoded as one path (its `/` kept), so DOIs with `<`, `>`, `;`, `#` or `?`
(common in old Wiley and Elsevier DOIs) reach Crossref intact. With a contact e-mail set,
requests carry `mailto=`, which puts them in Crossref's faster "polite pool".
"""

from __future__ import annotations

from urllib.parse import quote

from papershelf.core.errors import ImportFormatError
from papershelf.core.models import PaperDraft
from papershelf.importers.crossref_json import CrossrefJsonImporter
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient, LookupFailure, ServiceError

SERVICE = "Crossref"
CACHE_NAME = "crossref"


def work_url(client: HttpClient, doi: str) -> str:
    return f"{client.settings.crossref_api}/works/{quote(doi, safe='/')}"


def fetch_crossref(
    doi: str,
    client: HttpClient,
    cache: ResponseCache | None = None,
    *,
    use_cache: bool = True,
) -> PaperDraft | LookupFailure:
    """Crossref's record for a (normalised) DOI, or why there is none."""
    if cache is not None and use_cache:
        cached = cache.get(CACHE_NAME, doi)
        draft = _parse(cached) if cached is not None else None
        if isinstance(draft, PaperDraft):
            return draft
    email = client.settings.contact_email
    try:
        response = client.get(
            SERVICE, work_url(client, doi), params={"mailto": email} if email else None
        )
    except ServiceError as exc:
        if exc.status == 404:
            return LookupFailure(f"{SERVICE} has no record of doi:{doi}", transient=False)
        return LookupFailure.from_error(exc)
    outcome = _parse(response.text)
    if isinstance(outcome, PaperDraft):
        if cache is not None:
            cache.put(CACHE_NAME, doi, response.text)
        return outcome
    return LookupFailure(f"{SERVICE}: {outcome}", transient=True)


def _parse(text: str) -> PaperDraft | str:
    try:
        parsed = CrossrefJsonImporter().parse(text, source=SERVICE)
    except ImportFormatError as exc:
        return f"the answer is not a readable Crossref record ({exc.reason})"
    if not parsed.drafts:
        reasons = "; ".join(s.reason for s in parsed.skipped) or "no work in it"
        return f"the answer has no work ({reasons})"
    return parsed.drafts[0]
