"""Schema 8 moves bibliographic fields out of `extra` into columns: how to read the old `extra`.

Before schema 8 an importer kept what it did not model under `extra["fields"]`, in its own
format's names (BibTeX field names, RIS tags, CSL-JSON keys), with the citation key and entry
type beside them. This reads those into the new columns and takes them out of `extra`, so an
exporter does not write them twice. Values are taken as stored: BibTeX braces are dropped,
other TeX markup is kept as it was.
"""

from __future__ import annotations

import re
from typing import Any

from papershelf.core.biblio import (
    CSL_TO_ENTRY,
    RIS_TO_ENTRY,
    bibtex_entry_type,
    normalize_pages,
    parse_month,
)

_BIBTEX = {
    "volume": "volume",
    "number": "issue",
    "issue": "issue",
    "pages": "pages",
    "publisher": "publisher",
    "address": "place",
    "location": "place",
    "issn": "issn",
    "isbn": "isbn",
    "edition": "edition",
    "series": "series",
    "language": "language",
    "urldate": "access_date",
    "month": "month",
    "editor": "editors",
}
_RIS = {
    "VL": "volume",
    "IS": "issue",
    "PB": "publisher",
    "CY": "place",
    "SN": "issn",
    "ET": "edition",
    "T3": "series",
    "LA": "language",
    "Y2": "access_date",
    "ED": "editors",
    "A2": "editors",
}
_CSL = {
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "publisher": "publisher",
    "publisher-place": "place",
    "ISSN": "issn",
    "ISBN": "isbn",
    "edition": "edition",
    "collection-title": "series",
    "language": "language",
    "editor": "editors",
}


def _plain(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    text = re.sub(r"[{}]", "", str(value))
    return " ".join(text.split())


def _names(value: Any, *, bibtex: bool) -> list[str]:
    if isinstance(value, list) and value and isinstance(value[0], dict):  # CSL names
        out = []
        for name in value:
            literal = name.get("literal")
            given, family = name.get("given", ""), name.get("family", "")
            out.append(str(literal) if literal else " ".join(p for p in (given, family) if p))
        return [n for n in out if n]
    items = value if isinstance(value, list) else re.split(r"\s+and\s+", str(value))
    out = []
    for raw in items:
        name = _plain(raw)
        if bibtex and "," in name:  # "Family, Given" -> "Given Family"
            family, _, given = name.partition(",")
            name = f"{given.strip()} {family.strip()}".strip()
        if name:
            out.append(name)
    return out


def split_legacy(extra: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(column → value, the `extra` that remains) for one paper's stored `extra`."""
    extra = dict(extra)
    raw = extra.get("fields")
    fields: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
    out: dict[str, Any] = {}
    if "citation_key" in extra and isinstance(extra["citation_key"], str):
        out["citation_key"] = extra.pop("citation_key")
    if isinstance(extra.get("entry_type"), str):
        out["entry_type"] = bibtex_entry_type(extra.pop("entry_type"))
        mapping, bibtex = _BIBTEX, True
    elif "ris_type" in extra:
        kind = extra.pop("ris_type")
        if isinstance(kind, str):
            out["entry_type"] = RIS_TO_ENTRY.get(kind.upper(), "misc")
        mapping, bibtex = _RIS, False
        start, end = fields.pop("SP", None), fields.pop("EP", None)
        first, last = _plain(start or ""), _plain(end or "")
        if first:
            out["pages"] = f"{first}-{last}" if last and last != first else first
    elif "csl_type" in extra:
        kind = extra.get("csl_type")
        if isinstance(kind, str):
            out["entry_type"] = CSL_TO_ENTRY.get(kind, "misc")
        mapping, bibtex = _CSL, False
    else:
        return out, extra
    for name, column in mapping.items():
        if name not in fields or column in out:
            continue
        value = fields.pop(name)
        if column == "editors":
            out[column] = _names(value, bibtex=bibtex)
        elif column == "month":
            out[column] = parse_month(_plain(value))
        elif column == "pages":
            out[column] = normalize_pages(_plain(value))
        else:
            out[column] = _plain(value) or None
    if raw is not None:
        extra["fields"] = fields
    return {k: v for k, v in out.items() if v not in (None, "", [])}, extra
