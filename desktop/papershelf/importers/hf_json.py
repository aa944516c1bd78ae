"""Read Hugging Face paper JSON: `/api/daily_papers` responses and `/api/papers` objects.

Hugging Face serves the papers it lists as JSON with an arXiv id, title, abstract, authors and
date per paper. A saved response therefore imports as complete papers, linked to their Hugging
Face page, without scraping the HTML page (which `daily_papers.py` does for copied text).
Daily papers wrap each paper in an item (`{"paper": {...}, "title": ..., ...}`); the papers API
gives the paper objects themselves, alone or in a list. Both read the same way.
"""

from __future__ import annotations

import json
import re
from typing import Any

from papershelf.core.errors import ImportFormatError
from papershelf.core.identifiers import parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped

SOURCE = "hf"
HF_PAPER_URL = "https://huggingface.co/papers/{}"

_JSON_START_RE = re.compile(r"\s*[\[{]")
_YEAR_RE = re.compile(r"\s*(\d{4})-")
# Above this size `sniff` looks for the shape in the text instead of parsing it all.
_SNIFF_PARSE_CHARS = 16 * 1024 * 1024
_SNIFF_ITEMS = 200
_BIG_TEXT_RE = re.compile(r'"paper"\s*:\s*\{\s*"')
# (JSON key in the paper object, key in PaperDraft.extra)
_EXTRA_KEYS = (
    ("upvotes", "upvotes"),
    ("discussionId", "discussion_id"),
    ("githubRepo", "github_repo"),
    ("projectPage", "project_page"),
)
_CSL_KEYS = frozenset({"type", "issued", "container-title"})


class HuggingFaceJsonImporter:
    """Importer for Hugging Face `daily_papers` and `papers` API JSON."""

    name = "hf-json"

    def sniff(self, text: str) -> float:
        """Score how likely `text` is Hugging Face papers JSON (0..1)."""
        text = text.removeprefix("\ufeff")
        if not _JSON_START_RE.match(text):
            return 0.0
        if len(text) > _SNIFF_PARSE_CHARS:
            head = text[: 64 * 1024]
            return 0.9 if _BIG_TEXT_RE.search(head) and '"summary"' in head else 0.05
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return 0.0
        items = data if isinstance(data, list) else [data]
        dicts = [item for item in items[:_SNIFF_ITEMS] if isinstance(item, dict)]
        if not dicts:
            return 0.05
        papers = sum(_is_hf_item(item) for item in dicts)
        if 5 * papers >= 4 * len(dicts):
            return 0.95
        return 0.05

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Read every paper in a Hugging Face papers JSON document.

        Args:
            text: the JSON text.
            source: the input's display name, used in errors.

        Returns:
            Drafts in document order, each with the line its item starts on. Skipped: items that
            are not objects, have no paper, or whose paper has no title.

        Raises:
            ImportFormatError: the text is not valid JSON, or its top level is neither an object
                nor a list.
        """
        text = text.removeprefix("\ufeff")
        try:
            data = json.loads(text)
        except RecursionError as exc:  # [[[[… nested past Python's stack (issue 8 fuzzing)
            raise ImportFormatError("JSON nested too deeply to read", path=source) from exc
        except json.JSONDecodeError as exc:
            raise ImportFormatError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", path=source, line=exc.lineno
            ) from exc
        if isinstance(data, list):
            items: list[tuple[Any, int | None]] = list(zip(data, _item_lines(text), strict=True))
        elif isinstance(data, dict):
            items = [(data, _line_at(text, len(text) - len(text.lstrip())))]
        else:
            raise ImportFormatError(
                "not Hugging Face papers JSON: expected an object or a list of objects",
                path=source,
                line=1,
            )
        result = ParseResult()
        for index, (item, line) in enumerate(items, start=1):
            outcome = _read_item(item, index, line)
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
            else:
                result.drafts.append(outcome)
        return result


def _is_hf_item(item: dict[str, Any]) -> bool:
    if _CSL_KEYS & item.keys():
        return False
    paper = item.get("paper")
    if isinstance(paper, dict):
        return "id" in paper and "title" in paper
    return (
        "id" in item
        and "title" in item
        and "summary" in item
        and ("upvotes" in item or "publishedAt" in item)
    )


def _item_lines(text: str) -> list[int | None]:
    """The line each element of the top-level JSON array starts on (the text is valid JSON)."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    lines: list[int | None] = []
    line, counted = 1, 0
    while True:
        position = _skip_blank(text, position)
        if text[position] == "]":
            return lines
        line += text.count("\n", counted, position)
        counted = position
        lines.append(line)
        _, position = decoder.raw_decode(text, position)
        position = _skip_blank(text, position)
        if text[position] == ",":
            position += 1


def _skip_blank(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _read_item(item: Any, index: int, line: int | None) -> PaperDraft | Skipped:
    if not isinstance(item, dict):
        return Skipped(line, f"item {index} is not a paper object")
    wrapper: dict[str, Any] = {}
    paper: Any = item
    if "paper" in item:
        wrapper, paper = item, item["paper"]
        if not isinstance(paper, dict):
            return Skipped(line, f"item {index}: 'paper' is not an object")
    title = _collapse(paper.get("title")) or _collapse(wrapper.get("title"))
    if not title:
        return Skipped(line, f"item {index}: paper without a title")
    if "$" in title:
        # arXiv's titles, TeX math and all (`$\pi_0$: …`): stored as text, as arXiv's are.
        from papershelf.importers.bibtex import math_to_text  # the TeX decoder: only when needed

        title = math_to_text(title) or title
    paper_id = paper.get("id")
    paper_id = paper_id.strip() if isinstance(paper_id, str) else None
    arxiv = parse_arxiv_id(paper_id) if paper_id else None
    authors = paper.get("authors")
    extra = {
        extra_key: paper[key] for key, extra_key in _EXTRA_KEYS if paper.get(key) not in (None, "")
    }
    return PaperDraft(
        title=title,
        authors=[
            name
            for author in (authors if isinstance(authors, list) else [])
            if isinstance(author, dict) and (name := _collapse(author.get("name")))
        ],
        year=_year(paper.get("publishedAt")) or _year(wrapper.get("publishedAt")),
        abstract=_collapse(paper.get("summary")),
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        url=HF_PAPER_URL.format(arxiv[0] if arxiv else paper_id) if paper_id else None,
        source=SOURCE,
        line=line,
        extra=extra,
    )


def _collapse(value: Any) -> str | None:
    """A string with whitespace (hard line breaks) collapsed; None for empty or non-strings."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _year(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    match = _YEAR_RE.match(value)
    return int(match.group(1)) if match else None
