"""Look papers up on the arXiv API by id, many ids per request.

arXiv answers `GET {arxiv_api}/api/query?id_list=a,b,c` with one Atom feed holding an entry per
known id (at its latest version when the id is given without one). Its terms ask for 3 s
between calls, which the shared `HttpClient` keeps across every batch of a run. An id arXiv
rejects makes the whole request fail with HTTP 400 and an error feed naming it: that id is
reported and the rest of its batch asked again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from papershelf.core.errors import ImportFormatError
from papershelf.core.models import PaperDraft
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient, LookupFailure, ServiceError

SERVICE = "arXiv"
CACHE_NAME = "arxiv"
BATCH_SIZE = 50
"""Ids per request: arXiv serves at most a few thousand, but small batches fail smaller."""

_ATOM_ENTRY = "{http://www.w3.org/2005/Atom}entry"
_API_ERROR = "arXiv API error: "

ArxivResult = PaperDraft | LookupFailure


def query_url(client: HttpClient) -> str:
    return f"{client.settings.arxiv_api}/api/query"


def fetch_arxiv(
    ids: Iterable[str],
    client: HttpClient,
    cache: ResponseCache | None = None,
    *,
    use_cache: bool = True,
    batch_size: int = BATCH_SIZE,
) -> dict[str, ArxivResult]:
    """The latest metadata for each arXiv id (without version), or why there is none.

    Args:
        ids: canonical arXiv ids without a version (`2401.12345`, `hep-th/9901001`).
        client: the run's HTTP client (it keeps arXiv's interval between batches).
        cache: answers to reuse and to store each entry in.
        use_cache: False to ask arXiv even for cached ids (a refresh); answers still stored.
        batch_size: ids per request.
    """
    settings = client.settings
    client.set_interval(settings.arxiv_api, settings.arxiv_interval)
    results: dict[str, ArxivResult] = {}
    todo: list[str] = []
    for arxiv_id in dict.fromkeys(ids):
        cached = cache.get(CACHE_NAME, arxiv_id) if cache is not None and use_cache else None
        draft = _draft_from_entry(cached) if cached is not None else None
        if draft is not None and draft.arxiv_id == arxiv_id:
            results[arxiv_id] = draft
        else:
            todo.append(arxiv_id)
    for start in range(0, len(todo), max(1, batch_size)):
        results.update(_fetch_batch(todo[start : start + batch_size], client, cache))
    return results


def _fetch_batch(
    batch: Sequence[str], client: HttpClient, cache: ResponseCache | None
) -> dict[str, ArxivResult]:
    results: dict[str, ArxivResult] = {}
    remaining = list(batch)
    while remaining:
        try:
            response = client.get(
                SERVICE,
                query_url(client),
                params={
                    "id_list": ",".join(remaining),
                    "start": 0,
                    "max_results": len(remaining),
                },
                ok_statuses=frozenset({200, 400}),
            )
        except ServiceError as exc:
            failure = LookupFailure.from_error(exc)
            return {**results, **dict.fromkeys(remaining, failure)}
        try:
            entries = _split_entries(response.text)
        except ImportFormatError as exc:
            failure = LookupFailure(
                f"{SERVICE}: the answer is not a readable Atom feed ({exc.reason})",
                transient=True,
            )
            return {**results, **dict.fromkeys(remaining, failure)}
        drafts, errors = _read_entries(entries)
        if errors or response.status_code != 200:
            message = "; ".join(errors) or f"HTTP {response.status_code}"
            named = [i for i in remaining if _names(message, i)]
            reason = f"{SERVICE} refused the id: {message}"
            if not named:
                failure = LookupFailure(f"{SERVICE}: {message}", transient=False)
                return {**results, **dict.fromkeys(remaining, failure)}
            for arxiv_id in named:
                results[arxiv_id] = LookupFailure(reason, transient=False)
            remaining = [i for i in remaining if i not in named]
            continue
        for draft, text in drafts:
            if draft.arxiv_id in remaining and draft.arxiv_id not in results:
                results[draft.arxiv_id] = draft
                if cache is not None:
                    cache.put(CACHE_NAME, draft.arxiv_id, text)
        for arxiv_id in remaining:
            results.setdefault(
                arxiv_id, LookupFailure(f"{SERVICE} has no paper with this id", transient=False)
            )
        break
    return results


def _names(message: str, arxiv_id: str) -> bool:
    """Whether an API error message is about this id ("incorrect id format for 1234.5")."""
    words = message.replace(",", " ").split()
    return arxiv_id in words


def _split_entries(text: str) -> list[str]:
    """Each `<entry>` of a feed as a standalone XML text (what the cache keeps per id)."""
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree

    try:
        root: ET.Element = defusedxml.ElementTree.fromstring(text.removeprefix("\ufeff"))
    except ET.ParseError as exc:
        raise ImportFormatError(str(exc), path=SERVICE, line=exc.position[0]) from exc
    except defusedxml.DefusedXmlException as exc:
        raise ImportFormatError(f"refused for safety ({exc})", path=SERVICE) from exc
    if root.tag == _ATOM_ENTRY:
        return [ET.tostring(root, encoding="unicode")]
    if root.tag != "{http://www.w3.org/2005/Atom}feed":
        raise ImportFormatError(f"the document is a <{root.tag}>, not a feed", path=SERVICE)
    out = []
    for entry in root.findall(_ATOM_ENTRY):
        entry.tail = None
        out.append(ET.tostring(entry, encoding="unicode"))
    return out


def _read_entries(entries: Sequence[str]) -> tuple[list[tuple[PaperDraft, str]], list[str]]:
    """Drafts (with the entry text they came from) and the API's error messages."""
    drafts: list[tuple[PaperDraft, str]] = []
    errors: list[str] = []
    from papershelf.importers.arxiv_atom import ArxivAtomImporter

    importer = ArxivAtomImporter()
    for text in entries:
        parsed = importer.parse(text, source=SERVICE)
        drafts.extend((draft, text) for draft in parsed.drafts if draft.arxiv_id)
        errors.extend(
            s.reason.removeprefix(_API_ERROR)
            for s in parsed.skipped
            if s.reason.startswith(_API_ERROR)
        )
    return drafts, errors


def _draft_from_entry(text: str) -> PaperDraft | None:
    from papershelf.importers.arxiv_atom import ArxivAtomImporter

    try:
        parsed = ArxivAtomImporter().parse(text, source="cache")
    except ImportFormatError:
        return None
    return parsed.drafts[0] if parsed.drafts else None
