"""The index schema and analyzers: what is searchable, and how words are folded."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Whoosh is imported by the builders below, when an index is used
    from whoosh.analysis import Analyzer
    from whoosh.fields import Schema

# Bump when the schema or analyzers change: an index with another version is rebuilt.
# 4: Markdown markup (`**bold**`, `_em_`, `*em*`) no longer sticks to the words it wraps.
# 5: `venue` (text) and `type` (the entry type) for `venue:` and `type:`.
# 6: text fields are `fast_text.FastText` in the schema pickled into the index (the same
#    terms): an older Papershelf rebuilds such an index instead of failing to unpickle it.
INDEX_VERSION = 6

# Prefixes typed in the search bar are looked up as whole terms of this edge-n-gram field,
# so "diffu" is one posting-list read instead of an expansion over the vocabulary.
TYPING_MIN = 2
TYPING_MAX = 15

# Fields free words search, with their weights. `body` holds everything searchable about a
# paper (title, authors, tags, abstract, notes, annotations) in one posting list per word:
# a word then costs one or two posting lists instead of a six-field union, which is what
# makes multi-word queries fast in pure-Python Whoosh. The title is searched again on its
# own field so that title matches rank first. The text of attached PDFs has a field of its
# own (`fulltext`, not stored): a hundred pages would drown the abstract's words in `body`,
# and a match there should rank below one in what the user reads first.
TEXT_FIELDS: dict[str, float] = {"title": 3.0, "body": 1.0, "fulltext": 0.5}
STEMMED_FIELDS = ("title", "body", "notes", "annotations", "fulltext")
BODY_PARTS = ("title", "authors", "tags", "abstract", "notes", "annotations")


# A word: letters and digits, joined by single dots ("2104.12255v1", "10.5") or inner
# underscores ("snake_case"). Whoosh-reloaded's default, `[\w\*]+(\.?[\w\*]+)*`, keeps `*`
# and `_` in words, so "**ablation**" and "_warmup_" in a Markdown note were indexed
# as such and never found by `ablation` or `warmup`. Everything else (hyphens, quotes,
# backticks, brackets) separates words, as before. Query words go through the same
# analyzer; wildcards (`diffu*`) are parsed by the query parser, not here.
WORD_PATTERN = r"[^\W_]+(?:(?:\.|_+)[^\W_]+)*"


def _folding() -> Analyzer:
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
    from whoosh.support.charset import accent_map

    # Accent folding before stemming: "Stützle" and "Stutzle" index the same term.
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def stemming_analyzer() -> Analyzer:
    from whoosh.analysis import StemFilter, StopFilter

    return _folding() | StopFilter() | StemFilter(cachesize=50_000)


def plain_analyzer() -> Analyzer:
    return _folding()


def typing_analyzer() -> Analyzer:
    from whoosh.analysis import NgramFilter

    return _folding() | NgramFilter(TYPING_MIN, TYPING_MAX, at="start")


def build_schema() -> Schema:
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, Schema

    # Text fields index through FastText: Whoosh's terms, without its per-token chain.
    from papershelf.search.fast_text import FastText

    stem = stemming_analyzer()
    plain = plain_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        rev=STORED(),
        title=FastText(analyzer=stem, spelling=True),
        body=FastText(analyzer=stem),
        authors=FastText(analyzer=plain),
        tags=FastText(analyzer=plain),
        notes=FastText(analyzer=stem),
        annotations=FastText(analyzer=stem),
        fulltext=FastText(analyzer=stem),
        typing=FastText(analyzer=typing_analyzer(), phrase=False),
        status=ID(),
        year=NUMERIC(int, bits=32),  # signed: unsigned ranges are broken in Whoosh 2.7
        arxiv=ID(),
        doi=ID(),
        has=KEYWORD(lowercase=True),
        venue=FastText(analyzer=plain),
        type=ID(),
    )
