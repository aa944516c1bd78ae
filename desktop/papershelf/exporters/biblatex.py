"""Fit a BibLaTeX entry to biblatex's data model, so biber has nothing to warn about.

A field the entry type does not take goes where biblatex expects such data (a book's
container is its `maintitle`, a misc's venue its `howpublished`, a publisher of a web page
its `organization`); what has no such place, and a value its field refuses (a volume that is
not a number, an ISBN with a wrong check digit), is written into `addendum`, the data
model's field for "miscellaneous bibliographic data", so it is still printed. An entry that
lacks a mandatory field of its type gets the nearest type whose mandatory fields it has.
docs/formats.md lists what this means for a round trip.
"""

from __future__ import annotations

import re

from papershelf.exporters.biblatex_model import (
    FIELD_ALIASES,
    KNOWN,
    TYPE_ALIASES,
    allows,
    missing_mandatory,
    valid_integer,
    valid_isbn,
    valid_issn,
)

Field = tuple[str, str]

# The type to try next when an entry lacks a mandatory field of its type.
_FALLBACK = {
    "incollection": "inbook",
    "book": "collection",
}

# Where a field goes when its entry type does not take it: the first target the type takes
# and the entry does not have yet.
_MOVES = {
    "journaltitle": ("maintitle", "howpublished", "organization"),
    "booktitle": ("maintitle", "howpublished", "organization"),
    "publisher": ("organization", "howpublished"),
    "institution": ("organization", "publisher"),
    "isbn": ("issn",),
}

# How a value reads inside `addendum`.
_LABELS = {
    "volume": "vol. {}",
    "volumes": "{} vols.",
    "number": "no. {}",
    "edition": "edition {}",
    "isbn": "ISBN {}",
    "issn": "ISSN {}",
    "author": "by {}",
    "editor": "edited by {}",
    "chapter": "chapter {}",
    "urldate": "accessed {}",
}
_PUBSTATES = {"in press": "inpress", "inpress": "inpress", "forthcoming": "forthcoming"}
_RANGE_RE = re.compile(r"\d\s*-")
_ISO_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _inner(value: str) -> str:
    """A braced value's text (`{{Title}}` → `{Title}`, `{x}` → `x`)."""
    return value[1:-1] if value.startswith("{") and value.endswith("}") else value


def _label(name: str, value: str) -> str:
    text = _inner(value).strip()
    if name == "pages":
        return f"{'pp.' if _RANGE_RE.search(text) else 'p.'} {text}"
    return _LABELS.get(name, "{}").format(text)


def _fits(name: str, value: str) -> bool:
    """Whether biber accepts this value in its field."""
    text = _inner(value)
    if name in ("volume", "volumes"):
        return valid_integer(text)
    if name == "isbn":
        return valid_isbn(text)
    if name == "issn":
        return valid_issn(text)
    if name == "urldate":
        return _ISO_DATE_RE.fullmatch(text.strip()) is not None
    return True


def _entry_type(entry_type: str, present: set[str]) -> tuple[str, str | None]:
    """The type to write for the fields present, and a `type` field to add (or None).

    A thesis or report needs a `type` (an alias such as `@phdthesis` sets it); one written
    as `@misc` keeps what it was in `type`.
    """
    base, implied = TYPE_ALIASES.get(entry_type, (entry_type, None))
    have = present | ({"type"} if implied else set())
    chosen = base
    while chosen != "misc":
        needs = [n for n in missing_mandatory(chosen, have) if n not in ("date", "type")]
        if not needs:
            break
        chosen = _FALLBACK.get(chosen, "misc")
        if chosen == "collection" and "editor" not in have:
            chosen = "misc"
    type_value = None
    if "type" not in present and base in ("thesis", "report"):
        if chosen == "misc":
            type_value = implied or base.capitalize()
        elif implied is None:
            type_value = base.capitalize()
    return (entry_type if chosen == base else chosen), type_value


def fit_entry(entry_type: str, fields: list[Field]) -> tuple[str, list[Field]]:
    """The entry type and fields to write so that biber validates the entry.

    Args:
        entry_type: the BibLaTeX (or BibTeX alias) type chosen for the paper.
        fields: (name, braced value) pairs as the exporter would write them.

    Returns:
        The type to write and the fields, with moved values and an `addendum` if needed.
        Fields outside the data model (a source's `owner`, `timestamp`) are kept as they
        are: biber ignores them.
    """
    present = {FIELD_ALIASES.get(name.lower(), name.lower()) for name, _ in fields}
    written, type_value = _entry_type(entry_type, present)
    base = TYPE_ALIASES.get(written, (written, None))[0]
    out: list[Field] = []
    taken = set(present)
    addendum: list[str] = []
    for name, value in fields:
        field = FIELD_ALIASES.get(name.lower(), name.lower())
        if field not in KNOWN or (allows(base, field) and _fits(field, value)):
            out.append((name, value))
            continue
        taken.discard(field)
        state = _PUBSTATES.get(_inner(value).strip().lower()) if field == "volume" else None
        if state is not None and "pubstate" not in taken:
            out.append(("pubstate", f"{{{state}}}"))
            taken.add("pubstate")
            continue
        target = next(
            (
                t
                for t in _MOVES.get(field, ())
                if allows(base, t) and t not in taken and _fits(t, value)
            ),
            None,
        )
        if target is not None:
            out.append((target, value))
            taken.add(target)
        else:
            addendum.append(_label(field, value))
    if type_value is not None:
        out.append(("type", f"{{{type_value}}}"))
        taken.add("type")
    if addendum:
        out = _with_addendum(out, ", ".join(addendum))
    if "date" in missing_mandatory(base, taken):
        # EDTF's "unspecified year": the date is unknown, which is what we know.
        out.append(("date", "{XXXX}"))
    return written, out


def _with_addendum(fields: list[Field], text: str) -> list[Field]:
    """`fields` with `text` added to their addendum (appended to one the source had)."""
    for n, (name, value) in enumerate(fields):
        if name.lower() == "addendum":
            merged = f"{{{_inner(value)}; {text}}}"
            return [*fields[:n], (name, merged), *fields[n + 1 :]]
    return [*fields, ("addendum", f"{{{text}}}")]
