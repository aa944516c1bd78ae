"""Look a DOI up on Crossref: `GET {crossref_api}/works/{doi}`.

The DOI is percent-encoded as one path (its `/` kept), so DOIs with `<`, `>`, `;`, `#` or `?`
(common in old Wiley and Elsevier DOIs) reach Crossref intact. With a contact e-mail set,
requests carry `mailto=`, which puts them in Crossref's faster "polite pool".
"""

from __future__ import annotations

from urllib.parse import quote

from papershelf.core.models import PaperDraft
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient, LookupFailure
from papershelf.online.record import fetch_record, first_draft

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
    email = client.settings.contact_email
    return fetch_record(
        client,
        cache,
        service=SERVICE,
        cache_name=CACHE_NAME,
        key=doi,
        url=work_url(client, doi),
        params={"mailto": email} if email else None,
        parse=_parse,
        not_found=f"{SERVICE} has no record of doi:{doi}",
        use_cache=use_cache,
    )


def _parse(text: str) -> PaperDraft | str:
    from papershelf.importers.crossref_json import CrossrefJsonImporter

    return first_draft(
        CrossrefJsonImporter(),
        text,
        service=SERVICE,
        what="a readable Crossref record",
        item="work",
    )
