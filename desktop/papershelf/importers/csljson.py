"""Read CSL-JSON (Zotero, Better BibTeX, pandoc, Crossref content negotiation) into drafts.

CSL-JSON is what citation processors consume, so most reference managers and Crossref can
produce it; accepting it lets a user bring a library over without a lossy BibTeX round trip.
Fields the draft has no place for are kept in `extra`, so nothing the file said is thrown away.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from papershelf.core.biblio import CSL_TO_ENTRY, normalize_pages
from papershelf.core.errors import ImportFormatError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped, iso_date, keep_untitled
from papershelf.importers.crossref_json import ENTRY_TYPES as CROSSREF_TYPES
from papershelf.importers.crossref_json import jats_text

SOURCE = "csl-json"

# Keys whose values become draft fields; everything else goes to `extra["fields"]`.
_USED_KEYS = frozenset(
    {"id", "type", "title", "author", "issued", "container-title", "abstract", "DOI", "URL"}
)
# Variables read into the bibliographic fields as they are (`core/biblio.py`).
_TEXT_KEYS = (
    ("volume", "volume"),
    ("issue", "issue"),
    ("publisher", "publisher"),
    ("publisher-place", "place"),
    ("ISSN", "issn"),
    ("ISBN", "isbn"),
    ("edition", "edition"),
    ("collection-title", "series"),
    ("language", "language"),
)
# An item id that is a citation key (`knuth1984`, `Vaswani:2017`), not a URI or a number.
_KEY_LIKE_RE = re.compile(r"[A-Za-z][\w:.+/-]*")
# Keys that mark a JSON object as a CSL item (besides a string "type").
_CSL_KEYS = ("title", "author", "issued", "container-title", "DOI", "editor")
_CSL_TYPE_RE = re.compile(r'"type"\s*:\s*"')
_CSL_KEY_RE = re.compile(r'"(?:title|author|issued|container-title|DOI|editor)"\s*:')
# CSL types whose `number` is the item's own (exporters/csljson.py writes the stored issue so).
_OWN_NUMBER_TYPES = frozenset({"report", "patent", "standard"})
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ARXIV_DOI_RE = re.compile(r"10\.48550/arxiv\.(?P<id>\S+)", re.IGNORECASE)
_ARXIV_IN_TEXT_RE = re.compile(r"arxiv\s*:\s*\S+", re.IGNORECASE)


class CslJsonImporter:
    """Importer for CSL-JSON: a list of items, one item, or an object mapping keys to items."""

    name = "csl-json"

    def sniff(self, text: str) -> float:
        """Score how likely `text` is CSL-JSON: ≥0.9 for JSON whose objects look like CSL items."""
        head = text.lstrip("\ufeff \t\r\n")
        if not head or head[0] not in "[{":
            return 0.0
        try:
            data = json.loads(head)
        except RecursionError:
            return 0.0
        except ValueError:
            # Broken JSON that names CSL variables (a hand edit's trailing comma): claim it, so
            # the import reports the JSON error and its line, not "unrecognised format".
            return 0.4 if _CSL_TYPE_RE.search(head) and _CSL_KEY_RE.search(head) else 0.0
        items = _items(data)
        if not items:
            # An empty export ("[]") is CSL-JSON with no papers, not an unknown format.
            return 0.5 if data in ([], {}) else 0.05
        if any(isinstance(item.get("paper"), dict) for item in items):
            return 0.05  # Hugging Face daily_papers and similar wrappers
        csl = sum(_looks_like_item(item) for item in items)
        return 0.95 if 5 * csl >= 4 * len(items) else 0.05

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Read every CSL item that has a title.

        Args:
            text: the decoded file.
            source: the input's display name, used in error messages.

        Returns:
            Drafts in file order (`line` is None; `extra["index"]` is the 1-based item number).
            Skipped: entries that are not objects and items without a title.

        Raises:
            ImportFormatError: the text is not JSON, or is JSON but not CSL items.
        """
        try:
            data = json.loads(text.lstrip("\ufeff"))
        except RecursionError as exc:  # [[[[… nested past Python's stack (issue 8 fuzzing)
            raise ImportFormatError("JSON nested too deeply to read", path=source) from exc
        except json.JSONDecodeError as exc:
            raise ImportFormatError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", path=source, line=exc.lineno
            ) from None
        entries: list[object]
        if isinstance(data, list):
            entries = list(data)
        elif isinstance(data, dict) and _looks_like_item(data):
            entries = [data]
        elif isinstance(data, dict) and data and all(_is_item_map_value(v) for v in data.values()):
            entries = list(data.values())
        else:
            raise ImportFormatError(
                "not CSL-JSON: expected an item or a list of items", path=source
            )
        result = ParseResult()
        for index, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                result.skipped.append(Skipped(None, f"item {index} is not a JSON object"))
                continue
            draft = _draft(entry, index)
            if draft is None:
                item_id = entry.get("id", "")
                reason = f"item {index} ('{item_id}') has no title and nothing else"
                result.skipped.append(Skipped(None, reason))
            else:
                result.drafts.append(draft)
        return result


def _items(data: object) -> list[dict[str, Any]]:
    """The objects `data` holds as items, whatever shape of container it is."""
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    if isinstance(data, dict):
        if _looks_like_item(data):
            return [data]
        if data and all(_is_item_map_value(value) for value in data.values()):
            return list(data.values())
    return []


def _looks_like_item(item: Mapping[str, object]) -> bool:
    return isinstance(item.get("type"), str) and any(key in item for key in _CSL_KEYS)


def _is_item_map_value(value: object) -> bool:
    return isinstance(value, dict) and _looks_like_item(value)


def _draft(item: dict[str, Any], index: int) -> PaperDraft | None:
    title = _text(item.get("title"))
    draft = PaperDraft(title=" ".join(title.split()) if title else "", source=SOURCE)
    names = item.get("author")
    literal: list[str] = []
    if isinstance(names, list):
        for name in names:
            author = _display_name(name)
            if author and author not in draft.authors:
                draft.authors.append(author)
                if _is_whole_name(name) and " " in author:
                    literal.append(author)
    draft.year = _year(item.get("issued"))
    venue = _text(item.get("container-title"))
    draft.venue = " ".join(venue.split()) if venue else None
    abstract = _text(item.get("abstract"))
    # Crossref's CSL-JSON (a DOI asked for `application/vnd.citationstyles.csl+json`) keeps
    # the deposited JATS markup: `<jats:p>…</jats:p>`.
    draft.abstract = jats_text(abstract) if abstract and "<jats:" in abstract else abstract
    doi = _text(item.get("DOI"))
    draft.doi = normalize_doi(doi) if doi else None
    draft.url = _text(item.get("URL"))
    arxiv = _arxiv(item, draft.doi)
    if arxiv is not None:
        draft.arxiv_id, draft.arxiv_version = arxiv
    used = _biblio(draft, item)
    draft.extra = {
        "index": index,
        "fields": {key: value for key, value in item.items() if key not in used},
    }
    if literal:
        # Organisations: every export writes them whole ("World Health Organization", not
        # "Organization, World Health"), as it does for BibTeX's braced names.
        draft.extra["literal_authors"] = literal
    kind = item.get("type")
    if isinstance(kind, str) and kind not in CSL_TO_ENTRY:
        draft.extra["fields"]["type"] = kind  # a CSL type the stored vocabulary has no name for
    if item.get("id") is not None and draft.citation_key != str(item.get("id")):
        draft.extra["csl_id"] = item.get("id")
    return draft if draft.title else keep_untitled(draft)


def _text(value: object) -> str | None:
    """A non-empty string value; Crossref writes some strings as one-element lists."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _display_name(name: object) -> str:
    """A CSL name object as "Given [particles] Family [Suffix]", or its `literal`."""
    if not isinstance(name, dict):
        return ""
    literal = name.get("literal")
    if isinstance(literal, str) and literal.strip():
        return " ".join(literal.split())
    keys = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    parts = [name[key] for key in keys if isinstance(name.get(key), str)]
    return " ".join(" ".join(parts).split())


def _is_whole_name(name: object) -> bool:
    """A `literal` name, or a family name alone (CSL's form for an organisation too)."""
    if not isinstance(name, dict):
        return False
    literal = name.get("literal")
    if isinstance(literal, str) and literal.strip():
        return True
    parts = ("given", "dropping-particle", "non-dropping-particle", "suffix")
    return isinstance(name.get("family"), str) and not any(name.get(key) for key in parts)


def _year(issued: object) -> int | None:
    """The year of a CSL date: `date-parts` (numbers or strings), `raw`, `literal` or a string."""
    if isinstance(issued, str):
        match = _YEAR_RE.search(issued)
        return int(match.group(1)) if match else None
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0][0]
        if isinstance(first, int) and not isinstance(first, bool) and first > 0:
            return first
        if isinstance(first, str) and first.strip().isdigit():
            return int(first.strip())
    for key in ("raw", "literal"):
        value = issued.get(key)
        if isinstance(value, str) and (match := _YEAR_RE.search(value)) is not None:
            return int(match.group(1))
    return None


def _arxiv(item: Mapping[str, object], doi: str | None) -> tuple[str, int | None] | None:
    """An arXiv id from an arXiv DOI, `number` ("arXiv:…"), the URL or the item id."""
    if doi is not None and (match := _ARXIV_DOI_RE.fullmatch(doi)) is not None:
        found = parse_arxiv_id(match["id"])
        if found is not None:
            return found
    number = _text(item.get("number"))
    if number is not None:
        bare = any(
            "arxiv" in (_text(item.get(key)) or "").lower()
            for key in ("archive", "publisher", "container-title")
        )
        if bare or number.lower().startswith("arxiv"):
            found = parse_arxiv_id(number)
            if found is not None:
                return found
    for key in ("URL", "id"):
        value = item.get(key)
        if isinstance(value, str):
            found = parse_arxiv_id(value)
            if found is None and (match := _ARXIV_IN_TEXT_RE.search(value)) is not None:
                found = parse_arxiv_id(match.group(0))
            if found is not None and ("arxiv" in value.lower() or key == "URL"):
                return found
    return None


def _biblio(draft: PaperDraft, item: Mapping[str, Any]) -> set[str]:
    """Fill the draft's bibliographic fields (`core/biblio.py`); the keys now stored."""
    used = set(_USED_KEYS)
    kind = item.get("type")
    if isinstance(kind, str):
        # Crossref's CSL-JSON keeps Crossref's own types (`journal-article`, `book-chapter`).
        draft.entry_type = CSL_TO_ENTRY.get(kind) or CROSSREF_TYPES.get(kind, "misc")
    for key, attr in _TEXT_KEYS:
        value = _scalar(item.get(key))
        if value is not None:
            setattr(draft, attr, value)
            used.add(key)
    number = _scalar(item.get("number"))
    if (
        draft.issue is None
        and kind in _OWN_NUMBER_TYPES
        and number is not None
        and not _ARXIV_IN_TEXT_RE.search(number)
    ):
        draft.issue = number  # a report's or patent's number: BibTeX's `number`, RIS `IS`
        used.add("number")
    pages = _scalar(item.get("page"))
    if pages is not None:
        draft.pages = normalize_pages(pages)
        used.add("page")
    editors = item.get("editor")
    if isinstance(editors, list):
        draft.editors = [n for n in (_display_name(name) for name in editors) if n]
        used.add("editor")
    parts = _date_parts(item.get("issued"))
    if len(parts) >= 2 and parts[0] == draft.year and 1 <= parts[1] <= 12:
        draft.month = parts[1]
        draft.day = parts[2] if len(parts) >= 3 and 1 <= parts[2] <= 31 else None
    accessed = _date_parts(item.get("accessed"))
    if accessed:
        draft.access_date = iso_date("-".join(str(p) for p in accessed))
        used.add("accessed")
    elif isinstance(item.get("accessed"), dict | str):
        raw = item["accessed"]
        text = raw if isinstance(raw, str) else raw.get("raw") or raw.get("literal")
        if isinstance(text, str) and text.strip():
            draft.access_date = iso_date(text)
            used.add("accessed")
    citation_key = _scalar(item.get("citation-key"))
    item_id = item.get("id")
    if citation_key is not None:
        draft.citation_key = citation_key
        used.add("citation-key")
    elif isinstance(item_id, str) and _KEY_LIKE_RE.fullmatch(item_id) and "//" not in item_id:
        draft.citation_key = item_id
    return used


def _scalar(value: object) -> str | None:
    """A string or number as text (`"volume": 9`); the first of a list (Crossref's ISSN)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int) and str(v).strip()), None)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        text = " ".join(str(value).split())
        return text or None
    return None


def _date_parts(date: object) -> list[int]:
    """[year, month, day] as far as a CSL date gives them as numbers; [] otherwise."""
    if not isinstance(date, dict):
        return []
    parts = date.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
        return []
    out: list[int] = []
    for part in parts[0][:3]:
        if isinstance(part, bool):
            break
        if isinstance(part, int):
            out.append(part)
        elif isinstance(part, str) and part.strip().isdigit():
            out.append(int(part.strip()))
        else:
            break
    return out
