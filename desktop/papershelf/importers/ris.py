"""Read RIS files (EndNote, Zotero, Mendeley, Scopus, JabRef exports) into paper drafts.

RIS is the lingua franca of reference managers, so a user's existing library usually arrives
this way. Field syntax is left to `rispy`; this module splits the text into records itself so
that every record keeps the line of its `TY  -` and one broken record (no `TY`, no `ER`, odd
values) is reported as skipped instead of taking the whole file, or the next record, with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import rispy

from papershelf.core.biblio import ENTRY_TO_RIS, RIS_TO_ENTRY, normalize_pages, parse_month
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped, iso_date, keep_untitled
from papershelf.importers.names import spaced_initials

SOURCE = "ris"

_SNIFF_CHARS = 256 * 1024
# A tag line as rispy reads it: two characters (a capital letter first), two spaces, a dash.
_TAG_LINE_RE = re.compile(r"(?P<tag>[A-Z][A-Z0-9])  -(?: |$)")
_TY_LINE_RE = re.compile(r"^TY  -(?: |$)", re.MULTILINE)
_ER_LINE_RE = re.compile(r"^ER  -", re.MULTILINE)

_TITLE_TAGS = ("TI", "T1", "CT", "ST")  # ST, the short title, only as a last resort
_PRIMARY_AUTHOR_TAGS = ("AU", "A1")
_OTHER_AUTHOR_TAGS = ("A2", "A3", "A4")
# DA is the current spec's date; Y1 is the deprecated one (Zotero prefers DA too).
_YEAR_TAGS = ("PY", "DA", "Y1")
# Where the venue lives depends on the reference type: EndNote's RIS export (the de facto
# spec) labels C3 "Proceedings Title" and T2 "Conference Name" for CONF, and J2 "Periodical
# Title" with T2 "Series Title" for WEB and "Title of WebLog" for BLOG. J2 (an abbreviated
# journal name elsewhere) is the last resort.
_VENUE_TAGS = ("T2", "JF", "JO", "BT", "J2")
_VENUE_TAGS_BY_TYPE = {
    "CONF": ("C3", "T2", "BT", "J2"),
    "CPAPER": ("C3", "T2", "BT", "J2"),
    "WEB": ("J2", "T2", "JF", "JO", "BT"),
    "ELEC": ("J2", "T2", "JF", "JO", "BT"),
    "BLOG": ("J2", "T2", "JF", "JO", "BT"),
}
_ABSTRACT_TAGS = ("AB", "N2")
# Tags read into the bibliographic fields as they are (`core/biblio.py`).
_TEXT_TAGS = (
    ("VL", "volume"),
    ("IS", "issue"),
    ("PB", "publisher"),
    ("CY", "place"),
    ("ET", "edition"),
    ("T3", "series"),
    ("LA", "language"),
)
# Record types whose A2 ("secondary author") is an editor, as Zotero reads them; elsewhere A2
# is a series editor, director, recipient… and stays among the kept tags.
_A2_EDITOR_TYPES = frozenset(
    [
        "ANCIENT",
        "BOOK",
        "CHAP",
        "CONF",
        "CPAPER",
        "DICT",
        "EBOOK",
        "ECHAP",
        "EDBOOK",
        "ENCYC",
        "EQUA",
        "GEN",
        "JFULL",
        "JOUR",
        "MGZN",
        "NEWS",
        "SER",
        "UNPB",
    ]
)
# EndNote types the stored vocabulary has no RIS name for, read as Zotero reads them
# (`RIS_TO_ENTRY` first). GEN, UNPB, PAMP and STAND keep `RIS_TO_ENTRY`'s reading.
_MORE_TYPES = {
    "ABST": "article",
    "INPR": "unpublished",
    "CTLG": "article",
    "CLSWK": "book",
    "SER": "book",
    "DICT": "incollection",
    "ENCYC": "incollection",
    "GOVDOC": "techreport",
    "DBASE": "dataset",
    "AGGR": "dataset",
    "UNBILL": "unpublished",
    "EDBOOK": "book",
}
# The RIS spec's periodical-name tags (full, alternate, abbreviated, user abbreviations): a
# generic (GEN) record that names a periodical is an article in it, as Zotero reads GEN.
_PERIODICAL_TAGS = ("JO", "JF", "JA", "J1", "J2")
# ProCite's RIS export writes what RIS has no tag for as labelled notes (`N1  - Volume ID: 3`)
# and opens each record with a `Record ID`/`Record Number` note; Zotero's RIS translator reads
# the labels back into fields. Label (casefolded) → the RIS tag it stands for.
_PROCITE_MARK_RE = re.compile(r"Record (?:ID|Number)\s*:", re.IGNORECASE)
_PROCITE_NOTE_RE = re.compile(r"(?P<label>[A-Za-z][A-Za-z ,/()]*?)\s*:\s*(?P<value>.*)", re.DOTALL)
_PROCITE_TAGS = {
    "volume id": "VL",
    "issue id": "IS",
    "issue identification": "IS",
    "publisher name": "PB",
    "place of publication": "CY",
    "edition": "ET",
    "isbn": "SN",
    "language": "LA",
    "series title": "T3",
    "proceedings title": "C3",
    "page(s)": "SP",
    "editor": "ED",
}
# Record types whose issue number EndNote writes as M1 ("Number", "Issue") when IS is absent.
_M1_ISSUE_TYPES = frozenset({"JOUR", "EJOUR", "GEN", "UNPB", "MGZN", "NEWS", "JFULL"})
# `1988/09/12/other`, `1988-09-12`, `1988///`: year, month and day (RIS spec, DA and PY).
_RIS_DATE_RE = re.compile(r"\s*(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?")
_ISSN_RE = re.compile(r"\d{4}-?\d{3}[\dXx]")
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_YEAR_ONLY_RE = re.compile(r"\s*\d{4}(?:[/-]0*){0,2}[/\s]*")  # `2017`, `2017///`, `2017/00/00/`
# A ";" inside a DOI is part of it (Wiley's SICI DOIs: `…3.0.CO;2-0`) unless a space, another
# URL or another DOI follows it.
_DOI_IN_TEXT_RE = re.compile(
    r"(?:https?://(?:dx\.|www\.)?doi\.org/|doi\s*:\s*)?10\.\d{4,9}(?:\.\d+)*/"
    r"(?:[^\s;,]|;(?![\s;,]|[A-Za-z][\w+.-]*:|10\.))+",
    re.IGNORECASE,
)
_ARXIV_IN_TEXT_RE = re.compile(
    r"arxiv\s*:\s*[\w.-]+/\d{7}(?:v\d+)?|arxiv\s*:\s*\d{4}\.\d{4,5}(?:v\d+)?"
    r"|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/[^\s;,]+",
    re.IGNORECASE,
)
_ARXIV_DOI_RE = re.compile(r"10\.48550/arxiv\.(?P<id>\S+)", re.IGNORECASE)

# Every RIS tag rispy knows keeps its own name (TI stays TI), so fields are keyed by tag; tags
# rispy does not know land in `_UNKNOWN`, also keyed by tag. The bucket is not rispy's "UK",
# which would clash with a real `UK` tag line.
_UNKNOWN = "\x00unknown"
_MAPPING = {tag: tag for tag in rispy.TAG_KEY_MAPPING} | {_UNKNOWN: _UNKNOWN}


class _Parser(rispy.RisParser):  # type: ignore[misc]  # rispy ships no type hints
    UNKNOWN_TAG = _UNKNOWN
    # rispy splits `UR` at every ";", which cuts URLs that contain one (a Wiley SICI DOI link,
    # `…3.0.CO;2-0`, or `;jsessionid=`); `_split_urls` splits only where a new URL starts.
    DEFAULT_DELIMITER_MAPPING: ClassVar[dict[str, str]] = {}


# A ";" that separates URLs in one `UR` line (the RIS spec allows such lists): one followed by
# the start of another URL.
_URL_LIST_SEPARATOR_RE = re.compile(r"\s*;\s*(?=[A-Za-z][A-Za-z0-9+.-]*://|www\.)")


def _split_urls(value: FieldValue) -> FieldValue:
    items = value if isinstance(value, list) else [value]
    urls = [url.strip() for item in items for url in _URL_LIST_SEPARATOR_RE.split(item)]
    return urls if isinstance(value, list) or len(urls) > 1 else value


FieldValue = str | list[str]


@dataclass
class _Block:
    """The lines of one record: from its `TY` (or first tag) up to, not including, its `ER`."""

    line: int
    lines: list[str] = field(default_factory=list)
    has_type: bool = True


class RisImporter:
    """Importer for RIS (`TY  - JOUR` … `ER  -`) reference files."""

    name = "ris"

    def sniff(self, text: str) -> float:
        """Score how likely `text` is RIS: near-certain when records start with `TY  - `."""
        sample = _clean(text[:_SNIFF_CHARS])
        if _TY_LINE_RE.search(sample):
            # A record is a TY line plus an ER or some other tags: one "TY - …" line in
            # prose is not RIS.
            tags = len(re.findall(r"^[A-Z][A-Z0-9]  - ", sample, re.MULTILINE))
            return 0.95 if _ER_LINE_RE.search(sample) or tags >= 3 else 0.05
        if _ER_LINE_RE.search(sample):
            return 0.05  # tag lines and an `ER`, but no record type: a damaged RIS file
        return 0.0

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Read every record of a RIS file.

        Args:
            text: the decoded file (a BOM anywhere at its start is ignored).
            source: the input's display name; unused, since skips carry line numbers.

        Returns:
            Drafts in file order. Skipped: records with nothing but a type (`TY` lines one
            after another), records without a title or anything else, tag lines outside any
            `TY` record, and records whose fields cannot be read.
        """
        del source
        result = ParseResult()
        for block in _blocks(_clean(text)):
            if not block.has_type:
                reason = "record has no type (TY) line; its tags were ignored"
                result.skipped.append(Skipped(block.line, reason))
                continue
            try:
                fields = _read_fields(block.lines)
            except (TypeError, KeyError, AttributeError, ValueError) as exc:  # rispy, odd input
                result.skipped.append(Skipped(block.line, f"record could not be read: {exc}"))
                continue
            draft = _draft(fields, block.line)
            if draft is None:
                reason = (
                    "record has nothing but its type (TY)"
                    if not any(_values(fields, tag) for tag in fields if tag != "TY")
                    else "record has no title (TI/T1) and nothing else"
                )
                result.skipped.append(Skipped(block.line, reason))
            else:
                result.drafts.append(draft)
        return result


# Older writers use one space (`TY - JOUR`) or none (`TY-JOUR`) around the dash.
_LOOSE_TAG_RE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])[ \t]*-(?:[ \t]+|$)", re.MULTILINE)


def _clean(text: str) -> str:
    """Drop byte order marks, unify line endings and spell every tag line `XX  - `."""
    text = text.replace("\ufeff", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _LOOSE_TAG_RE.sub(lambda m: f"{m.group('tag')}  - ", text)


def _blocks(text: str) -> Iterator[_Block]:
    """Split `text` into records by their `TY` and `ER` lines; text between records is ignored.

    Every `TY` line starts a record: one inside a record without an `ER` (a lost `ER`), and
    one right after another `TY`, whose record then holds nothing but its type and is
    reported as skipped instead of vanishing into the next. Tag lines outside a record form
    a block without a type, so the caller can report it.
    """
    current: _Block | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TAG_LINE_RE.match(line)
        tag = match["tag"] if match is not None else None
        if tag == "TY":
            if current is not None:
                yield current
            current = _Block(number, [line])
        elif tag == "ER":
            if current is not None:
                yield current
            current = None
        elif current is not None:
            current.lines.append(line)
        elif tag is not None:
            current = _Block(number, [line], has_type=False)
    if current is not None:
        yield current


def _read_fields(lines: list[str]) -> dict[str, FieldValue]:
    """Parse one record's lines with rispy into `{tag: value or values}`."""
    text = "\n".join([*lines, "ER  - "])
    try:
        # A repeated single tag (two DO lines) keeps both values...
        records = rispy.loads(
            text, implementation=_Parser, mapping=_MAPPING, enforce_list_tags=False
        )
    except TypeError:
        # ...unless one of them continues on a second line, which rispy cannot join to a list.
        records = rispy.loads(text, implementation=_Parser, mapping=_MAPPING)
    fields: dict[str, FieldValue] = {}
    if not records:
        return fields
    for key, value in records[0].items():
        if key == _UNKNOWN and isinstance(value, Mapping):
            for tag, values in value.items():
                fields[str(tag)] = _value(values)
        else:
            fields[str(key)] = _value(value)
    if "UR" in fields:
        fields["UR"] = _split_urls(fields["UR"])
    return fields


def _value(value: object) -> FieldValue:
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)


def _values(fields: Mapping[str, FieldValue], tag: str) -> list[str]:
    """All non-empty values of `tag`, stripped."""
    value = fields.get(tag)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if item.strip()]


def _single(fields: Mapping[str, FieldValue], tag: str) -> bool:
    """Whether `tag` holds one value: read whole, it can leave `extra`."""
    return len(_values(fields, tag)) == 1


def _first(fields: Mapping[str, FieldValue], tags: tuple[str, ...]) -> tuple[str, str] | None:
    """The first non-empty value among `tags`, with the tag it came from."""
    for tag in tags:
        values = _values(fields, tag)
        if values:
            return tag, values[0]
    return None


def _from_procite(fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """A ProCite record's labelled notes as the RIS tags they stand for.

    ProCite writes a book's or chapter's edition in `VL` (and a book's volume in `IS`), so
    those move first; a label fills a tag only when the record has none, and a note read into
    a tag leaves `N1`. Records of other writers come back unchanged.
    """
    notes = _values(fields, "N1")
    if not any(_PROCITE_MARK_RE.match(note) for note in notes):
        return fields
    out = dict(fields)
    kind = (_values(fields, "TY") or [""])[0].upper()
    if kind in ("BOOK", "CHAP") and "VL" in out and "ET" not in out:
        out["ET"] = out.pop("VL")
    if kind == "BOOK" and "IS" in out and "VL" not in out:
        out["VL"] = out.pop("IS")
    kept: list[str] = []
    for note in notes:
        match = _PROCITE_NOTE_RE.fullmatch(note)
        tag = _PROCITE_TAGS.get(match["label"].strip().casefold()) if match else None
        if match is None or tag is None:
            kept.append(note)
        elif tag == "ED":  # editors add up; other labels fill a tag the record lacks
            out["ED"] = [*_values(out, "ED"), match["value"].strip()]
        elif not _values(out, tag) and match["value"].strip():
            out[tag] = match["value"].strip()
        else:
            kept.append(note)
    if kept:
        out["N1"] = kept  # a list, as rispy reads N1
    else:
        out.pop("N1", None)
    return out


def _draft(fields: dict[str, FieldValue], line: int) -> PaperDraft | None:
    fields = _from_procite(fields)
    title = _first(fields, _TITLE_TAGS)
    # A tag is "used" (left out of `extra`) only when all it holds was read: a second title,
    # venue or date line stays in `extra["fields"]` with the first.
    used = {"TY", title[0]} if title and _single(fields, title[0]) else {"TY"}
    draft = PaperDraft(title=" ".join(title[1].split()) if title else "", source=SOURCE, line=line)

    ris_type = _values(fields, "TY")
    kind = ris_type[0].upper() if ris_type else ""
    editor_tags = ("ED", "A2") if kind in _A2_EDITOR_TYPES else ("ED",)
    for tag in editor_tags:
        for name in _values(fields, tag):
            editor = _display_name(name)
            if editor and editor not in draft.editors:
                draft.editors.append(editor)
                used.add(tag)
    # In file order: a record with both A1 and AU lists its authors in the order written.
    author_tags = [tag for tag in fields if tag in _PRIMARY_AUTHOR_TAGS and _values(fields, tag)]
    if not author_tags and not draft.editors:
        # Series authors, directors, inventors… only when there is no author or editor at all.
        author_tags = [tag for tag in _OTHER_AUTHOR_TAGS if _values(fields, tag)]
    for tag in author_tags:
        for name in _values(fields, tag):
            author = _display_name(name)
            if author and author not in draft.authors:
                draft.authors.append(author)
        used.add(tag)

    for tag in _YEAR_TAGS:
        years = [m for v in _values(fields, tag) if (m := _YEAR_RE.search(v)) is not None]
        if years:
            draft.year = int(years[0].group(1))
            if _single(fields, tag) and _YEAR_ONLY_RE.fullmatch(_values(fields, tag)[0]):
                used.add(tag)  # a full date is used once its month and day are read too
            break
    venue_tags = _VENUE_TAGS_BY_TYPE.get(kind, _VENUE_TAGS)
    if (venue := _first(fields, venue_tags)) is not None:
        draft.venue = " ".join(venue[1].split())
        if _single(fields, venue[0]):
            used.add(venue[0])
    if (abstract := _first(fields, _ABSTRACT_TAGS)) is not None:
        draft.abstract = abstract[1]
        if _single(fields, abstract[0]):
            used.add(abstract[0])

    draft.doi = _find_doi(fields)
    if draft.doi is not None and len(_values(fields, "DO")) == 1:
        used.add("DO")
    urls = _values(fields, "UR")
    if urls:
        draft.url = urls[0]
        if len(urls) == 1:
            used.add("UR")
    arxiv = _find_arxiv(fields, draft.doi)
    if arxiv is not None:
        draft.arxiv_id, draft.arxiv_version = arxiv

    used |= _biblio(draft, fields, kind)
    draft.extra = {"fields": {tag: value for tag, value in fields.items() if tag not in used}}
    if ris_type and ENTRY_TO_RIS.get(draft.entry_type or "") != ris_type[0]:
        # A type the stored vocabulary folds into another (`ICOMM`, `CASE`): kept for RIS.
        draft.extra["fields"]["TY"] = ris_type[0]
    return draft if draft.title else keep_untitled(draft)


def _display_name(name: str) -> str:
    """Turn "Family, Given" (also "Family,Given", "Family, Given, Suffix") into "Given Family".

    Initials written as capitals are spaced out (`Smith, JA` → "J. A. Smith"), see
    `spaced_initials`.
    """
    parts = [part.strip() for part in name.split(",")]
    parts = [part for part in parts if part]
    if len(parts) >= 2:
        family, given, *rest = parts
        parts = [spaced_initials(given, family), family, *rest]
    return " ".join(" ".join(parts).split())


def _find_doi(fields: Mapping[str, FieldValue]) -> str | None:
    """The DOI from `DO`, else one written in `M3` or a `UR` link."""
    for tag in ("DO", "M3", "UR"):
        for value in _values(fields, tag):
            doi = normalize_doi(value)
            if doi is None:
                match = _DOI_IN_TEXT_RE.search(value)
                doi = normalize_doi(match.group(0)) if match is not None else None
            if doi is not None:
                return doi
    return None


def _find_arxiv(fields: Mapping[str, FieldValue], doi: str | None) -> tuple[str, int | None] | None:
    """An arXiv id from an arXiv link or DOI, or one written as `arXiv:…` in any field."""
    if doi is not None and (match := _ARXIV_DOI_RE.fullmatch(doi)) is not None:
        found = parse_arxiv_id(match["id"])
        if found is not None:
            return found
    candidates = _values(fields, "UR") + [
        value for tag in fields if tag != "UR" for value in _values(fields, tag)
    ]
    for value in candidates:
        for match in _ARXIV_IN_TEXT_RE.finditer(value):
            found = parse_arxiv_id(match.group(0).rstrip(".)"))
            if found is not None:
                return found
    return None


def _biblio(draft: PaperDraft, fields: Mapping[str, FieldValue], kind: str) -> set[str]:
    """Fill the draft's bibliographic fields (`core/biblio.py`); the tags it used."""
    used = {"TY"}
    draft.entry_type = RIS_TO_ENTRY.get(kind) or _MORE_TYPES.get(kind, "misc") if kind else None
    if kind == "GEN" and any(_values(fields, tag) for tag in _PERIODICAL_TAGS):
        draft.entry_type = "article"
    for tag, attr in _TEXT_TAGS:
        values = _values(fields, tag)
        if values:
            setattr(draft, attr, " ".join(values[0].split()))
            if len(values) == 1:  # a second value stays for the RIS exporter
                used.add(tag)
    m1 = _values(fields, "M1")
    if draft.issue is None and kind in _M1_ISSUE_TYPES and len(m1) == 1:
        draft.issue = " ".join(m1[0].split())
        used.add("M1")
    ids = _values(fields, "ID")
    if len(ids) == 1 and not any(ch.isspace() or ch in ",{}" for ch in ids[0]):
        draft.citation_key = ids[0]  # the reference ID: a citation key when exported by one
        used.add("ID")
    accessed = _values(fields, "Y2")
    if accessed:
        draft.access_date = iso_date(accessed[0])
        used.add("Y2")
    first, last = _values(fields, "SP"), _values(fields, "EP")
    if first:
        start = first[0]
        end = last[0] if last else ""
        draft.pages = normalize_pages(f"{start}-{end}" if end and end != start else start)
        used |= {"SP", "EP"} if len(first) == 1 and len(last) <= 1 else set()
    numbers = _values(fields, "SN")
    for value in numbers:
        # One SN tag holds an ISSN or an ISBN, whichever the record is: tell them by shape.
        if _ISSN_RE.fullmatch(value):
            draft.issn = draft.issn or value.upper()
        else:
            draft.isbn = draft.isbn or value
    if len(numbers) == 1:
        used.add("SN")
    for tag in ("DA", "PY", "Y1"):
        for value in _values(fields, tag):
            match = _RIS_DATE_RE.match(value)
            if match is None or (draft.year is not None and int(match[1]) != draft.year):
                continue
            month = parse_month(match[2]) if match[2] else None
            if month is not None and draft.month is None:
                draft.month = month
                day = int(match[3]) if match[3] else None
                draft.day = day if day is not None and 1 <= day <= 31 else None
                if not value[match.end() :].strip("/ ") and _single(fields, tag):
                    used.add(tag)  # nothing else in it, nor in another line, to keep
        if draft.month is not None:
            break
    return used
