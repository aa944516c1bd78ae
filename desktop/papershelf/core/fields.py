"""Which metadata fields a user may edit, and how a typed value is checked and normalized.

The detail pane's Info section, the CLI and the duplicates merge all set fields through
`check_fields`, so a value is stored the same way whichever way it was typed, and the same
way an importer would have stored it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from papershelf.core.biblio import (
    BIBLIO_NAMES,
    ENTRY_TYPES,
    INT_FIELDS,
    NAMES_FIELDS,
    normalize_pages,
    parse_month,
)
from papershelf.core.errors import InvalidInputError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id

CORE_EDITABLE: tuple[str, ...] = ("title", "authors", "year", "venue", "abstract", "doi", "url")
EDITABLE_FIELDS: tuple[str, ...] = CORE_EDITABLE + BIBLIO_NAMES
LIST_FIELDS = frozenset({"authors", *NAMES_FIELDS})

_KEY_RE = re.compile(r"^[^\s{}(),\\#%~\"'=]+$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` checked and normalized for storage (empty text → None, lists of names).

    Raises:
        InvalidInputError: an unknown field, or a value that field cannot hold (naming both).
    """
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            raise InvalidInputError(f"{name!r} is not a field that can be edited")
        out[name] = _check(name, value)
    return out


def _check(name: str, value: Any) -> Any:
    if name in LIST_FIELDS:
        items = value.split(";") if isinstance(value, str) else list(value or [])
        return [" ".join(str(v).split()) for v in items if str(v).strip()]
    text = " ".join(str(value).split()) if value is not None else ""
    if name == "abstract" and value is not None:
        text = str(value).strip()
    if not text:
        if name == "title":
            raise InvalidInputError("a paper needs a title")
        return None
    if name == "year" or name == "day":
        if not text.lstrip("-").isdigit():
            raise InvalidInputError(f"{name} must be a number, not {text!r}")
        number = int(text)
        if name == "day" and not 1 <= number <= 31:
            raise InvalidInputError(f"day must be 1–31, not {number}")
        return number
    if name == "month":
        month = parse_month(text)
        if month is None:
            raise InvalidInputError(f"month must be 1–12 or a month's name, not {text!r}")
        return month
    if name in INT_FIELDS:
        return int(text)
    if name == "entry_type":
        kind = text.lower()
        if kind not in ENTRY_TYPES:
            raise InvalidInputError(
                f"unknown item type {text!r} (one of: {', '.join(ENTRY_TYPES)})"
            )
        return kind
    if name == "pages":
        return normalize_pages(text)
    if name == "doi":
        doi = normalize_doi(text)
        if not doi:
            raise InvalidInputError(f"not a DOI: {text!r}")
        return doi
    if name == "arxiv_id":
        parsed = parse_arxiv_id(text)
        if parsed is None:
            raise InvalidInputError(f"not an arXiv id: {text!r}")
        return parsed[0]
    if name == "citation_key" and not _KEY_RE.match(text):
        raise InvalidInputError(
            f"a citation key cannot contain spaces or {{}}(),\\#%~\"'=: {text!r}"
        )
    if name == "access_date" and not _DATE_RE.match(text):
        raise InvalidInputError(f"accessed must be a date like 2024-05-31, not {text!r}")
    return text
