"""Read a plain list of paper identifiers: arXiv ids, DOIs and paper URLs, one per line.

People collect papers as bare ids or pasted links long before they want the metadata. Each
identifier becomes a placeholder draft titled after its id (so it is visible and searchable at
once) and marked `metadata_pending`, for a later lookup to fill in. Lines that are not
identifiers are reported with their line number rather than silently dropped.
"""

from __future__ import annotations

import re

from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped

SOURCE = "ids"
ARXIV_ABS_URL = "https://arxiv.org/abs/{}"
HF_PAPER_URL = "https://huggingface.co/papers/{}"
DOI_URL = "https://doi.org/{}"

_SNIFF_LINES = 200
_SNIFF_CHARS = 64 * 1024
_PREVIEW_CHARS = 80
# A trailing comment after whitespace: "2401.12345  # read first".
_TRAILING_COMMENT_RE = re.compile(r"\s+#.*$")
_HF_HOST_RE = re.compile(r"(?:^|//|www\.)(?:huggingface\.co|hf\.co)/", re.IGNORECASE)


class IdentifierListImporter:
    """Importer for a list of arXiv ids, DOIs and arXiv/HF/doi.org URLs, one per line."""

    name = "ids"

    def sniff(self, text: str) -> float:
        """Score how likely `text` is a list of identifiers (0..1).

        High when at least 80% of the first non-empty, non-comment lines are identifiers.
        """
        head = text.removeprefix("\ufeff")
        if len(head) > _SNIFF_CHARS:  # the whole lines within the head are enough
            head = head[:_SNIFF_CHARS].rpartition("\n")[0]
        lines = [cleaned for _, cleaned in _content_lines(head) if cleaned is not None][
            :_SNIFF_LINES
        ]
        if not lines:
            return 0.0
        found = sum(_read_identifier(line) is not None for line in lines)
        return 0.95 if 5 * found >= 4 * len(lines) else 0.05

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Turn every identifier line into a placeholder draft.

        Args:
            text: the list; blank lines and lines starting with `#` are ignored.
            source: the input's display name; unused, since skips carry line numbers.

        Returns:
            One draft per identifier, in order, with `line` set. Skipped: lines that are not
            an arXiv id, a DOI or a paper URL.
        """
        del source
        result = ParseResult()
        for number, cleaned in _content_lines(text.removeprefix("\ufeff")):
            if cleaned is None:
                continue
            draft = _read_identifier(cleaned)
            if draft is None:
                preview = cleaned
                if len(preview) > _PREVIEW_CHARS:
                    preview = preview[:_PREVIEW_CHARS].rstrip() + "…"
                reason = f"not an arXiv id, DOI or paper URL: {preview!r}"
                result.skipped.append(Skipped(number, reason))
                continue
            draft.line = number
            result.drafts.append(draft)
        return result


def _content_lines(text: str) -> list[tuple[int, str | None]]:
    """(1-based line number, the identifier text or None for a blank or comment line)."""
    out: list[tuple[int, str | None]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            out.append((number, None))
            continue
        line = _TRAILING_COMMENT_RE.sub("", line)
        if line.startswith("<") and line.endswith(">"):
            line = line[1:-1].strip()
        out.append((number, line))
    return out


def _read_identifier(text: str) -> PaperDraft | None:
    arxiv = parse_arxiv_id(text)
    if arxiv is not None:
        arxiv_id, version = arxiv
        if _HF_HOST_RE.search(text):
            url = HF_PAPER_URL.format(arxiv_id)
        else:
            url = ARXIV_ABS_URL.format(arxiv_id + (f"v{version}" if version is not None else ""))
        return PaperDraft(
            title=f"arXiv:{arxiv_id}",
            arxiv_id=arxiv_id,
            arxiv_version=version,
            url=url,
            source=SOURCE,
            extra={"metadata_pending": True},
        )
    doi = normalize_doi(text)
    if doi is not None:
        return PaperDraft(
            title=f"doi:{doi}",
            doi=doi,
            url=DOI_URL.format(doi),
            source=SOURCE,
            extra={"metadata_pending": True},
        )
    return None
