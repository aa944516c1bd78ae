"""The index schema and analyzers: what is searchable, and how words are folded."""

from __future__ import annotations

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

# Bump when the schema or analyzers change: an index with another version is rebuilt.
INDEX_VERSION = 1

# Prefixes typed in the search bar are looked up as whole terms of this edge-n-gram field,
# so "diffu" is one posting-list read instead of an expansion over the vocabulary.
TYPING_MIN = 2
TYPING_MAX = 15

# Fields free words search, with their weights (title matters most).
TEXT_FIELDS: dict[str, float] = {
    "title": 4.0,
    "authors": 2.5,
    "tags": 2.5,
    "abstract": 1.0,
    "notes": 1.5,
    "annotations": 1.2,
}
STEMMED_FIELDS = ("title", "abstract", "notes", "annotations")


def _folding() -> Analyzer:
    # Accent folding before stemming: "Stützle" and "Stutzle" index the same term.
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def stemming_analyzer() -> Analyzer:
    return _folding() | StopFilter() | StemFilter(cachesize=50_000)


def plain_analyzer() -> Analyzer:
    return _folding()


def typing_analyzer() -> Analyzer:
    return _folding() | NgramFilter(TYPING_MIN, TYPING_MAX, at="start")


def build_schema() -> Schema:
    stem = stemming_analyzer()
    plain = plain_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        rev=STORED(),
        title=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["title"], spelling=True),
        authors=TEXT(analyzer=plain, field_boost=TEXT_FIELDS["authors"]),
        tags=TEXT(analyzer=plain, field_boost=TEXT_FIELDS["tags"]),
        abstract=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["abstract"]),
        notes=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["notes"]),
        annotations=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["annotations"]),
        typing=TEXT(analyzer=typing_analyzer(), phrase=False),
        status=ID(),
        year=NUMERIC(int, bits=32),  # signed: unsigned ranges are broken in Whoosh 2.7
        arxiv=ID(),
        doi=ID(),
        has=KEYWORD(lowercase=True),
    )
