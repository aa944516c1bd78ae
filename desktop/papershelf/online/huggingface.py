"""Look a paper up on Hugging Face: `GET {hf_api}/api/papers/{arxiv_id}`.

Hugging Face's paper pages are keyed by arXiv id. Its API answers with the paper object
(title, authors, abstract, date) plus what arXiv does not know: the community's upvotes and,
when the authors linked them, the GitHub repository and project page. There is no batch
endpoint, so it is one request per paper, asked only for Hugging Face links the user gave.
"""

from __future__ import annotations

from urllib.parse import quote

from papershelf.core.models import PaperDraft
from papershelf.online.cache import ResponseCache
from papershelf.online.http import HttpClient, LookupFailure
from papershelf.online.record import fetch_record, first_draft

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
    return fetch_record(
        client,
        cache,
        service=SERVICE,
        cache_name=CACHE_NAME,
        key=arxiv_id,
        url=paper_url(client, arxiv_id),
        parse=_parse,
        not_found=f"{SERVICE} has no page for arXiv:{arxiv_id}",
        use_cache=use_cache,
    )


def _parse(text: str) -> PaperDraft | str:
    """The one paper of an answer, or what is wrong with the answer."""
    from papershelf.importers.hf_json import HuggingFaceJsonImporter

    return first_draft(
        HuggingFaceJsonImporter(), text, service=SERVICE, what="readable paper JSON", item="paper"
    )
