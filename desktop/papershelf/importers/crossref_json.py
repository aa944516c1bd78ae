"""Read Crossref REST API JSON: a `/works/{doi}` response, a `/works?query=` list, or a work.

Crossref answers a DOI lookup with the publisher's deposited metadata. A saved response (or
the live one `online/crossref.py` fetches) therefore becomes a complete paper: the title, the
authors as given and family names, the year it was issued, the journal or proceedings, and the
abstract with its JATS markup (`<jats:p>`, `<jats:title>Abstract</jats:title>`) stripped.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from papershelf.core.biblio import normalize_pages
from papershelf.core.errors import ImportFormatError
from papershelf.core.identifiers import normalize_doi
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped

SOURCE = "crossref"
DOI_URL = "https://doi.org/{}"

_JSON_START_RE = re.compile(r"\s*\{")
# The heading JATS abstracts start with ("Abstract", "Summary"): a label, not content.
_JATS_TITLE_RE = re.compile(r"<jats:title[^>]*>.*?</jats:title>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_END_RE = re.compile(r"</(?:jats:)?(?:p|sec|title)>", re.IGNORECASE)
# Crossref work types in the stored vocabulary (`core/biblio.py`); others are `misc`. Crossref
# writes them in its CSL-JSON too (`importers/csljson.py`).
ENTRY_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book-section": "incollection",
    "book-part": "incollection",
    "reference-entry": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings": "proceedings",
    "report": "techreport",
    "report-series": "techreport",
    "dissertation": "thesis",
    "dataset": "dataset",
    "standard": "manual",
    "journal-issue": "periodical",
    "journal": "periodical",
    "posted-content": "misc",
}
_TEXT_KEYS = (
    ("volume", "volume"),
    ("issue", "issue"),
    ("publisher", "publisher"),
    ("publisher-location", "place"),
    ("edition-number", "edition"),
    ("language", "language"),
)
_DATE_KEYS = ("issued", "published-print", "published-online", "published", "created")


class CrossrefJsonImporter:
    """Importer for Crossref `work` and `work-list` API responses."""

    name = "crossref-json"

    def sniff(self, text: str) -> float:
        """Score how likely `text` is a Crossref API response (0..1)."""
        text = text.removeprefix("\ufeff")
        if not _JSON_START_RE.match(text):
            return 0.0
        head = text[:4096]
        if '"message-type"' in head and re.search(r'"message-type"\s*:\s*"work(?:-list)?"', head):
            return 0.95
        return 0.0

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Read every work in a Crossref response.

        Args:
            text: the JSON text: `{"message-type": "work", "message": {...}}`, a `work-list`
                with `message.items`, or a bare work object.
            source: the input's display name, used in errors.

        Returns:
            Drafts in document order; works without a title are skipped (item number given).

        Raises:
            ImportFormatError: the text is not JSON, or not a Crossref work or work list.
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
        works = _works(data)
        if works is None:
            raise ImportFormatError(
                "not a Crossref response: expected a work or a work list", path=source, line=1
            )
        result = ParseResult()
        for index, work in enumerate(works, start=1):
            outcome = read_work(work, index)
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
            else:
                result.drafts.append(outcome)
        return result


def _works(data: Any) -> list[Any] | None:
    if not isinstance(data, dict):
        return None
    kind = data.get("message-type")
    message = data.get("message")
    if kind == "work" and isinstance(message, dict):
        return [message]
    if kind == "work-list" and isinstance(message, dict):
        items = message.get("items")
        return items if isinstance(items, list) else []
    if "DOI" in data and "title" in data:
        return [data]
    return None


def read_work(work: Any, index: int = 1) -> PaperDraft | Skipped:
    """One Crossref work object as a draft (or why it cannot be one)."""
    if not isinstance(work, dict):
        return Skipped(None, f"item {index} is not a work object")
    title = _first(work.get("title"))
    if not title:
        return Skipped(None, f"item {index}: work without a title ({work.get('DOI', 'no DOI')})")
    subtitle = _first(work.get("subtitle"))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    doi = normalize_doi(work["DOI"]) if isinstance(work.get("DOI"), str) else None
    authors, literal = _authors(work.get("author"))
    extra: dict[str, Any] = {}
    kind = work.get("type")
    if isinstance(kind, str):
        extra["crossref_type"] = kind
    if literal:
        extra["literal_authors"] = literal
    draft = PaperDraft(
        title=title,
        authors=authors,
        year=_year(work),
        venue=_first(work.get("container-title")),
        abstract=jats_text(work.get("abstract")),
        doi=doi,
        url=DOI_URL.format(doi) if doi else None,
        source=SOURCE,
        extra=extra,
    )
    _biblio(draft, work)
    return draft


def _biblio(draft: PaperDraft, work: dict[str, Any]) -> None:
    """Fill the draft's bibliographic fields (`core/biblio.py`) from a work."""
    kind = work.get("type")
    if isinstance(kind, str):
        draft.entry_type = ENTRY_TYPES.get(kind, "misc")
    for key, attr in _TEXT_KEYS:
        value = work.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            setattr(draft, attr, " ".join(value.split()))
    page = work.get("page")
    if isinstance(page, str) and page.strip():
        draft.pages = normalize_pages(page)
    draft.issn = _first(work.get("ISSN"))
    draft.isbn = _first(work.get("ISBN"))
    draft.series = _first(work.get("container-title")) if kind == "book-series" else None
    editors, _ = _authors(work.get("editor"))
    draft.editors = editors
    parts = _date_parts(work)
    if len(parts) >= 2 and parts[0] == draft.year and 1 <= parts[1] <= 12:
        draft.month = parts[1]
        draft.day = parts[2] if len(parts) >= 3 and 1 <= parts[2] <= 31 else None


def _date_parts(work: dict[str, Any]) -> list[int]:
    """[year, month, day] of the first date `_year` would use, as far as it is given."""
    for key in _DATE_KEYS:
        date = work.get(key)
        parts = date.get("date-parts") if isinstance(date, dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            out = []
            for part in parts[0][:3]:
                if isinstance(part, int) and not isinstance(part, bool):
                    out.append(part)
                elif isinstance(part, str) and part.isdigit():
                    out.append(int(part))
                else:
                    break
            if out:
                return out
    return []


def _first(value: Any) -> str | None:
    """The first string of a Crossref list field, markup stripped and whitespace collapsed."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    return " ".join(html.unescape(_TAG_RE.sub("", value)).split()) or None


def _authors(value: Any) -> tuple[list[str], list[str]]:
    """Names as "Given Family"; organisations (a `name` only) are also listed as literal."""
    names: list[str] = []
    literal: list[str] = []
    for person in value if isinstance(value, list) else []:
        if not isinstance(person, dict):
            continue
        given = person.get("given") if isinstance(person.get("given"), str) else ""
        family = person.get("family") if isinstance(person.get("family"), str) else ""
        name = " ".join(f"{given} {family}".split())
        if not name and isinstance(person.get("name"), str):
            name = " ".join(person["name"].split())
            if name:
                literal.append(name)
        if name:
            names.append(name)
    return names, literal


def _year(work: dict[str, Any]) -> int | None:
    for key in _DATE_KEYS:
        date = work.get(key)
        parts = date.get("date-parts") if isinstance(date, dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool):
                return year
            if isinstance(year, str) and year.isdigit():
                return int(year)
    return None


def jats_text(value: Any) -> str | None:
    """An abstract as plain text, its JATS markup and heading ("Abstract") removed."""
    if not isinstance(value, str):
        return None
    text = _JATS_TITLE_RE.sub(" ", value)
    text = _BLOCK_END_RE.sub(" ", text)
    text = html.unescape(_TAG_RE.sub("", text))
    return " ".join(text.split()) or None
