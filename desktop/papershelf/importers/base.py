"""What every importer returns: drafts plus an exact account of what was skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from papershelf.core.models import PaperDraft


@dataclass(frozen=True)
class Skipped:
    """An entry that could not be imported, and where it was."""

    line: int | None
    reason: str


@dataclass
class ParseResult:
    """Drafts read from one input, in input order, and the entries left out."""

    drafts: list[PaperDraft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unknown_macros: dict[str, int] = field(default_factory=dict)
    r"""TeX macros the importer did not know, each with the number of entries using it.

    Each was kept as a word (`\FooBar` → FooBar); the import summary can say so.
    """


class Importer(Protocol):
    """A reader for one format. `sniff` scores how likely `text` is this format (0..1)."""

    name: str

    def sniff(self, text: str) -> float: ...

    def parse(self, text: str, *, source: str | None = None) -> ParseResult: ...


UNTITLED = "[untitled]"
"""The title shown for a record that has none (exports leave the title out again)."""


def keep_untitled(draft: PaperDraft) -> PaperDraft | None:
    """A record without a title, kept when it says anything else, or None when it is empty.

    Zotero and JabRef keep such records, and a reading list must not lose what the user had:
    the paper is stored as "[untitled]" with `extra["untitled"]`, so the user can fill it in
    and exporters do not write a made-up title.
    """
    if not (
        draft.authors
        or draft.year
        or draft.venue
        or draft.abstract
        or draft.doi
        or draft.arxiv_id
        or draft.url
    ):
        return None
    draft.title = UNTITLED
    draft.extra["untitled"] = True
    return draft


_LOOSE_DATE_RE = re.compile(r"\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?[/\s]*")


def iso_date(text: str) -> str:
    """An access date in one shape whatever the format wrote: `2021/1/2` → `2021-01-02`.

    `2021-01` when there is no day; text that is no such date comes back stripped.
    """
    match = _LOOSE_DATE_RE.fullmatch(text)
    if match is None:
        return text.strip()
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year if month is None else text.strip()
    if day is None:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}" if 1 <= int(day) <= 31 else text.strip()
