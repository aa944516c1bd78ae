"""Look a paper up on Hugging Face: `GET {hf_api}/api/papers/{arxiv_id}`.

Hugging Face's paper pages are keyed by arXiv id. Its API answers with the paper object
(title, authors, abstract, date) plus what arXiv does not know: the community's upvotes and,
when the authors linked them, the GitHub repository and project page. There is no batch
endpoint, so it is one request per paper, asked only for Hugging Face links the user gave.
"""

from __future__ import annotations

from urllib.parse import quote

from papershelf.core.errors import ImportFormatError
from papershelf.core.models import PaperDraft
from papershelf.importers.hf_json import HuggingFaceJsonImporter
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient, LookupFailure, ServiceError

SERVICE = "Hugging Face"
CACHE_NAME = "huggingface"
EXTRA_KEYS = ("upvotes", "github_repo", "project_page", "discussion_id")
"""What a Hugging Face answer adds to an arXiv paper (keys of `PaperDraft.extra`)."""


def paper_url(client: HttpClient, arxiv_id: str) -> str:
    return f"{client.settings.hf_api}/api/papers/{quote(arxiv_id, safe='')}"


def fetch_hf_paper(
    arxiv_id: str,
    client: HttpClient,
    cache: ResponseCache | None = None,
    *,
    use_cache: bool = True,
) -> PaperDraft | LookupFailure:
    """The Hugging Face paper for an arXiv id, or why there is none."""
    if cache is not None and use_cache:
        cached = cache.get(CACHE_NAME, arxiv_id)
        draft = _parse(cached) if cached is not None else None
        if isinstance(draft, PaperDraft):
            return draft
    try:
        response = client.get(SERVICE, paper_url(client, arxiv_id))
    except ServiceError as exc:
        if exc.status == 404:
            return LookupFailure(f"{SERVICE} has no page for arXiv:{arxiv_id}", transient=False)
        return LookupFailure.from_error(exc)
    outcome = _parse(response.text)
    if isinstance(outcome, PaperDraft):
        if cache is not None:
            cache.put(CACHE_NAME, arxiv_id, response.text)
        return outcome
    return LookupFailure(f"{SERVICE}: {outcome}", transient=True)


def _parse(text: str) -> PaperDraft | str:
    """The one paper of an answer, or what is wrong with the answer."""
    try:
        parsed = HuggingFaceJsonImporter().parse(text, source=SERVICE)
    except ImportFormatError as exc:
        return f"the answer is not readable paper JSON ({exc.reason})"
    if not parsed.drafts:
        reasons = "; ".join(s.reason for s in parsed.skipped) or "no paper in it"
        return f"the answer has no paper ({reasons})"
    return parsed.drafts[0]
