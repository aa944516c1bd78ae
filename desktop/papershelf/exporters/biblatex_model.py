"""biblatex's default data model, as biber 2.18 validates it (`biber --validate-datamodel`).

Which fields each entry type takes, which it requires, and which values a field accepts. The
BibLaTeX export (`exporters/biblatex.py`) fits every entry to it, so biber finds nothing to
warn about that the data itself does not force. The field lists follow the data model in
biber's `biber-tool.conf`; date parts (`eventyear`, …) are named by their date field.
"""

from __future__ import annotations

import re


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


COMMON = _names(
    "abstract annotation authortype bookpagination crossref day doi entryset "
    "entrysubtype eprint eprintclass eprinttype execute file gender ids "
    "indexsorttitle indextitle isan ismn iswc keywords label langid langidopts "
    "library lista listb listc listd liste listf month namea nameaddon nameatype "
    "nameb namebtype namec namectype options origlocation origpublisher origtitle "
    "pagination presort related relatedoptions relatedstring relatedtype shortauthor "
    "shorteditor shorthand shorthandintro shortjournal shortseries shorttitle "
    "sortkey sortname sortshorthand sorttitle url usera userb userc userd usere "
    "userf verba verbb verbc xdata xref year "
    "date origdate urldate "
)
"""Fields every entry type takes."""

FIELDS: dict[str, frozenset[str]] = {
    "article": _names(
        "addendum annotator author commentator editor editora editoratype editorb "
        "editorbtype editorc editorctype editortype eid issn issue issuesubtitle "
        "issuetitle issuetitleaddon journalsubtitle journaltitle journaltitleaddon "
        "language note number origlanguage pages pubstate series subtitle title "
        "titleaddon translator version volume "
    ),
    "book": _names(
        "addendum afterword annotator author chapter commentator edition editor editora "
        "editoratype editorb editorbtype editorc editorctype editortype eid foreword "
        "introduction isbn language location mainsubtitle maintitle maintitleaddon note "
        "number origlanguage pages pagetotal part publisher pubstate series subtitle "
        "title titleaddon translator volume volumes "
    ),
    "collection": _names(
        "addendum afterword annotator chapter commentator edition editor editora "
        "editoratype editorb editorbtype editorc editorctype editortype eid foreword "
        "introduction isbn language location mainsubtitle maintitle maintitleaddon note "
        "number origlanguage pages pagetotal part publisher pubstate series subtitle "
        "title titleaddon translator volume volumes "
    ),
    "inbook": _names(
        "addendum afterword annotator author bookauthor booksubtitle booktitle "
        "booktitleaddon chapter commentator edition editor editora editoratype editorb "
        "editorbtype editorc editorctype editortype eid foreword introduction isbn "
        "language location mainsubtitle maintitle maintitleaddon note number "
        "origlanguage pages part publisher pubstate series subtitle title titleaddon "
        "translator volume volumes "
    ),
    "incollection": _names(
        "addendum afterword annotator author booksubtitle booktitle booktitleaddon "
        "chapter commentator edition editor editora editoratype editorb editorbtype "
        "editorc editorctype editortype eid foreword introduction isbn language location "
        "mainsubtitle maintitle maintitleaddon note number origlanguage pages part "
        "publisher pubstate series subtitle title titleaddon translator volume volumes "
    ),
    "inproceedings": _names(
        "addendum author booksubtitle booktitle booktitleaddon chapter editor editortype "
        "eid eventtitle eventtitleaddon isbn language location mainsubtitle maintitle "
        "maintitleaddon note number organization pages part publisher pubstate series "
        "subtitle title titleaddon venue volume volumes "
        "eventdate "
    ),
    "proceedings": _names(
        "addendum chapter editor editortype eid eventtitle eventtitleaddon isbn language "
        "location mainsubtitle maintitle maintitleaddon note number organization pages "
        "pagetotal part publisher pubstate series subtitle title titleaddon venue volume "
        "volumes "
        "eventdate "
    ),
    "thesis": _names(
        "addendum author chapter eid institution language location note pages pagetotal "
        "pubstate subtitle title titleaddon type "
    ),
    "report": _names(
        "addendum author chapter eid institution isrn language location note number "
        "pages pagetotal pubstate subtitle title titleaddon type version "
    ),
    "manual": _names(
        "addendum author chapter edition editor editortype eid isbn language location "
        "note number organization pages pagetotal publisher pubstate series subtitle "
        "title titleaddon type version "
    ),
    "booklet": _names(
        "addendum author chapter editor editortype eid howpublished language location "
        "note pages pagetotal pubstate subtitle title titleaddon type "
    ),
    "online": _names(
        "addendum author editor editortype language note organization pubstate subtitle "
        "title titleaddon version "
    ),
    "unpublished": _names(
        "addendum author eventtitle eventtitleaddon howpublished language location note "
        "pubstate subtitle title titleaddon type venue "
        "eventdate "
    ),
    "patent": _names(
        "addendum author holder location note number pubstate subtitle title titleaddon "
        "type version "
    ),
    "dataset": _names(
        "addendum author edition editor editortype language location note number "
        "organization publisher pubstate series subtitle title titleaddon type version "
    ),
    "software": _names(
        "addendum author editor editortype howpublished language location note "
        "organization pubstate subtitle title titleaddon type version "
    ),
    "periodical": _names(
        "addendum editor editora editoratype editorb editorbtype editorc editorctype "
        "editortype issn issue issuesubtitle issuetitle issuetitleaddon language note "
        "number pubstate series subtitle title titleaddon volume "
    ),
    "misc": _names(
        "addendum author editor editortype howpublished language location note "
        "organization pubstate subtitle title titleaddon type version "
    ),
}
"""The fields each entry type takes besides `COMMON`."""

KNOWN = _names(
    "abstract addendum afterword annotation annotator author authortype bookauthor "
    "bookpagination booksubtitle booktitle booktitleaddon chapter commentator "
    "crossref date day doi edition editor editora editoratype editorb editorbtype "
    "editorc editorctype editortype eid entryset entrysubtype eprint eprintclass "
    "eprinttype eventdate eventtitle eventtitleaddon execute file foreword gender "
    "holder howpublished ids indexsorttitle indextitle institution introduction isan "
    "isbn ismn isrn issn issue issuesubtitle issuetitle issuetitleaddon iswc "
    "journalsubtitle journaltitle journaltitleaddon keywords label langid langidopts "
    "language library lista listb listc listd liste listf location mainsubtitle "
    "maintitle maintitleaddon month namea nameaddon nameatype nameb namebtype namec "
    "namectype note number options organization origdate origlanguage origlocation "
    "origpublisher origtitle pages pagetotal pagination part presort publisher "
    "pubstate related relatedoptions relatedstring relatedtype reprinttitle series "
    "shortauthor shorteditor shorthand shorthandintro shortjournal shortseries "
    "shorttitle sortkey sortname sortshorthand sorttitle subtitle title titleaddon "
    "translator type url urldate usera userb userc userd usere userf venue verba "
    "verbb verbc version volume volumes xdata xref year "
)
"""Every field of the data model; biber ignores any other field (with a warning)."""

FIELD_ALIASES = {
    "address": "location",
    "school": "institution",
    "annote": "annotation",
    "archiveprefix": "eprinttype",
    "journal": "journaltitle",
    "primaryclass": "eprintclass",
    "key": "sortkey",
    "pdf": "file",
}
"""BibTeX field names biber reads as their biblatex field."""

TYPE_ALIASES = {
    "phdthesis": ("thesis", "phdthesis"),
    "mastersthesis": ("thesis", "mathesis"),
    "techreport": ("report", "techreport"),
    "conference": ("inproceedings", None),
    "electronic": ("online", None),
    "www": ("online", None),
}
"""BibTeX entry types biber reads as a biblatex type, with the `type` field it sets."""

MANDATORY: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("journaltitle",), ("title",)),
    "book": (("author",), ("title",)),
    "collection": (("editor",), ("title",)),
    "inbook": (("author",), ("title",), ("booktitle",)),
    "incollection": (("author",), ("editor",), ("title",), ("booktitle",)),
    "inproceedings": (("author",), ("title",), ("booktitle",)),
    "proceedings": (("title",),),
    "thesis": (("author",), ("title",), ("type",), ("institution",)),
    "report": (("author",), ("title",), ("type",), ("institution",)),
    "manual": (("title",),),
    "booklet": (("author", "editor"), ("title",)),
    "online": (("title",), ("url", "doi", "eprint")),
    "unpublished": (("author",), ("title",)),
    "patent": (("author",), ("title",), ("number",)),
    "dataset": (("title",),),
    "software": (("title",),),
    "periodical": (("editor",), ("title",)),
    "misc": (("title",),),
}
"""Each entry type's mandatory fields; an inner tuple is satisfied by any one of its fields."""

UNDATED_TYPES = frozenset({"dataset", "software"})
"""The types that need neither `date` nor `year` (every other one needs one of them)."""


def allows(entry_type: str, field: str) -> bool:
    """Whether biber accepts `field` (a biblatex name) in an entry of `entry_type`."""
    return field in COMMON or field in FIELDS.get(entry_type, frozenset())


def missing_mandatory(entry_type: str, present: set[str]) -> list[str]:
    """The mandatory fields (or alternatives, joined by "/") an entry lacks."""
    out = [
        "/".join(one_of) for one_of in MANDATORY.get(entry_type, ()) if not present & set(one_of)
    ]
    if entry_type not in UNDATED_TYPES and not present & {"date", "year"}:
        out.append("date")
    return out


_INTEGER_RE = re.compile(r"\d+")


def valid_integer(text: str) -> bool:
    """Whether biber takes `text` as an integer (`volume`, `volumes`): arabic digits only."""
    return _INTEGER_RE.fullmatch(text.strip()) is not None


def valid_isbn(text: str) -> bool:
    """A well-formed ISBN-10 or ISBN-13 with a correct check digit (hyphens and spaces allowed)."""
    digits = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", digits):
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def valid_issn(text: str) -> bool:
    """A well-formed ISSN (`1234-567X`) with a correct check digit."""
    digits = re.sub(r"[\s-]", "", text).upper()
    if not re.fullmatch(r"\d{7}[\dX]", digits):
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))
