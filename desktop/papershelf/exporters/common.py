"""Name parsing, ASCII folding and paper classification shared by every export format."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from papershelf.core.biblio import ENTRY_TYPES, bibtex_entry_type
from papershelf.core.errors import InvalidInputError
from papershelf.core.models import Paper

# Letters NFKD does not decompose into an ASCII base letter plus combining marks.
_FOLD_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "ŀ": "l",
        "Ŀ": "L",
    }
)

# Lower-case words before the last one that belong to the family name ("van der Berg").
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "dos", "das", "la", "le"}
    | {"ter", "ten", "zu", "af", "av"}
)

# Generational suffixes the importers store after the family name ("John Doe Jr.", from BibTeX's
# `Doe, Jr., John`, RIS's `Doe, John, Jr.` or CSL's `suffix`).
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})

_CONFERENCE_RE = re.compile(
    r"\b(?:neurips|nips|iclr|icml|cvpr|iccv|eccv|acl|emnlp|naacl|eacl|coling|aaai|ijcai|kdd"
    r"|sigir|aistats|uai|colt|conference|proceedings|workshop|symposium)\b",
    re.IGNORECASE,
)

# Characters that break a .bib entry. `/` and `:` are fine there (DBLP keys use them); file
# names are made safe separately (markdown_filename).
_BAD_KEY_RE = re.compile(r"[\s,{}()\"'#%~=\\]")


def fold_ascii(text: str) -> str:
    """Transliterate to ASCII: decompose accents and drop the marks, spell out ß, ø, æ, ł…."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_SPECIAL))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return kept.encode("ascii", "ignore").decode("ascii")


@dataclass(frozen=True)
class PersonName:
    """An author split for citation formats; `literal` names have one word and no family."""

    given: str
    family: str
    particle: str = ""
    literal: str = ""
    suffix: str = ""

    @property
    def full_family(self) -> str:
        """The family name with its particle, as BibTeX and RIS want it ("van der Berg")."""
        return f"{self.particle} {self.family}".strip()

    def family_given(self) -> str:
        """The name as `Family, Given` when it has two or more words, else as written.

        A suffix comes last, as RIS writes it: `Doe, John, Jr.`.
        """
        if self.literal:
            return self.literal
        out = f"{self.full_family}, {self.given}" if self.given else self.full_family
        return f"{out}, {self.suffix}" if self.suffix else out

    def bibtex(self) -> str:
        """The name as BibTeX reads it: `von Last, Jr, First` (`Doe, Jr., John`)."""
        if self.suffix and self.given:
            return f"{self.full_family}, {self.suffix}, {self.given}"
        return self.family_given()


def literal_authors(paper: Paper) -> frozenset[str]:
    """Authors an import marked as one whole name (organisations): never split these."""
    names = paper.extra.get("literal_authors")
    return (
        frozenset(n for n in names if isinstance(n, str))
        if isinstance(names, list)
        else (frozenset())
    )


def parse_name(name: str, *, literal: bool = False) -> PersonName:
    """Split "Given [particles] Family" or "Family, Given" into its parts."""
    name = " ".join(name.split())
    if literal:
        return PersonName(given="", family="", literal=name)
    if "," in name:
        family_part, _, given = name.partition(",")
        given = given.strip()
        words = family_part.split()
        if not words:
            return PersonName(given="", family="", literal=given)
        particle_words = [w for w in words[:-1] if w.lower() == w]
        if len(particle_words) == len(words) - 1:
            return PersonName(given, words[-1], " ".join(particle_words))
        return PersonName(given, " ".join(words))
    words = name.split()
    if len(words) <= 1:
        return PersonName(given="", family="", literal=name)
    suffix = words.pop() if len(words) >= 3 and words[-1] in _SUFFIXES else ""
    family = words[-1]
    rest = words[:-1]
    split = len(rest)
    while split > 1 and rest[split - 1].lower() in _PARTICLES and rest[split - 1].islower():
        split -= 1
    return PersonName(" ".join(rest[:split]), family, " ".join(rest[split:]), suffix=suffix)


class PaperKind(StrEnum):
    """What sort of publication a paper is, which decides each format's entry type."""

    PREPRINT = "preprint"  # an arXiv id and no venue
    CONFERENCE = "conference"
    JOURNAL = "journal"
    OTHER = "other"  # no venue and no arXiv id


def is_conference(venue: str) -> bool:
    return _CONFERENCE_RE.search(venue) is not None


_KIND_BY_ENTRY_TYPE = {
    "inproceedings": "CONFERENCE",
    "conference": "CONFERENCE",
    "incollection": "CONFERENCE",
    "article": "JOURNAL",
    "CONF": "CONFERENCE",
    "CPAPER": "CONFERENCE",
    "JOUR": "JOURNAL",
}


def stored_entry_type(paper: Paper) -> str | None:
    """The paper's entry type (`core/biblio.py` vocabulary), or None when it has none.

    The column decides; an `extra["entry_type"]` written by an older BibTeX importer is read
    only when the column is empty.
    """
    if paper.entry_type in ENTRY_TYPES:
        return paper.entry_type
    kept = paper.extra.get("entry_type")
    return bibtex_entry_type(kept) if isinstance(kept, str) and kept else None


_PAGE_RANGE_RE = re.compile(r"\d\s*[-\u2013]+\s*\d")


def is_book_part(paper: Paper) -> bool:
    """Whether a paper stored as a book is a part of one (bbt-873's `@book` chapters).

    It has authors, names the book it is in, and has a page range in it or editors of that
    book besides its authors. Every format writes such a paper as a chapter, whose container
    and pages it can print.
    """
    if stored_entry_type(paper) != "book" or not paper.authors or not (paper.venue or "").strip():
        return False
    return _PAGE_RANGE_RE.search(paper.pages or "") is not None or bool(paper.editors)


_KIND_BY_STORED_TYPE = {
    "article": PaperKind.JOURNAL,
    "periodical": PaperKind.JOURNAL,
    "inproceedings": PaperKind.CONFERENCE,
    "proceedings": PaperKind.CONFERENCE,
}


def paper_kind(paper: Paper) -> PaperKind:
    """The paper's kind: from its entry type when that says, else from its venue's name."""
    stored = stored_entry_type(paper)
    if stored in _KIND_BY_STORED_TYPE:
        return _KIND_BY_STORED_TYPE[stored]
    kept = paper.extra.get("entry_type") or paper.extra.get("ris_type")
    if isinstance(kept, str):
        kind = _KIND_BY_ENTRY_TYPE.get(kept.lower()) or _KIND_BY_ENTRY_TYPE.get(kept.upper())
        if kind is not None:
            return PaperKind[kind]
    venue = (paper.venue or "").strip()
    if venue:
        return PaperKind.CONFERENCE if is_conference(venue) else PaperKind.JOURNAL
    return PaperKind.PREPRINT if paper.arxiv_id else PaperKind.OTHER


def paper_url(paper: Paper) -> str | None:
    """The paper's own URL, or its arXiv abstract page when it has none."""
    if paper.url:
        return paper.url
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    return None


def one_line(text: str) -> str:
    """Collapse every run of whitespace, newlines included, to one space."""
    return " ".join(text.split())


def check_key(key: str) -> str:
    """Reject citation keys that would break an entry or a file name.

    Raises:
        InvalidInputError: the key is empty or has spaces, braces, commas or quotes.
    """
    if not key or _BAD_KEY_RE.search(key) or key.startswith("."):
        raise InvalidInputError(f"invalid citation key {key!r}")
    return key


_ISO_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_parts(text: str | None) -> list[int]:
    """[year, month, day] (as far as known) of an ISO date such as an access date; [] if none."""
    match = _ISO_DATE_RE.match((text or "").strip())
    if match is None:
        return []
    return [int(part) for part in match.groups() if part is not None]


def issued_parts(paper: Paper) -> list[int]:
    """[year, month, day] of the publication, as far as known; [] without a year.

    A day without a month (or a month without a year) says nothing a format can carry.
    """
    if paper.year is None:
        return []
    parts = [paper.year]
    if paper.month is not None and 1 <= paper.month <= 12:
        parts.append(paper.month)
        if paper.day is not None and 1 <= paper.day <= 31:
            parts.append(paper.day)
    return parts
