"""The query language of docs/search.md, translated to Whoosh queries.

Two entry points: `parse_query` for a full search (fields, phrases, operators, fuzzy),
and `typing_query` for the search-as-you-type path, which only looks at title, authors and
tags through the edge-n-gram field so every keystroke is a handful of term lookups.
"""

from __future__ import annotations

import fnmatch
import re
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)
from whoosh.reading import IndexReader

from papershelf.core.biblio import ENTRY_TYPES
from papershelf.core.errors import QueryError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.search.schema import (
    STEMMED_FIELDS,
    TEXT_FIELDS,
    TYPING_MAX,
    TYPING_MIN,
    build_schema,
    plain_analyzer,
    stemming_analyzer,
)

# What users may type before a colon, and the index field each one means.
FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "ti": "title",
    "author": "authors",
    "authors": "authors",
    "au": "authors",
    "tag": "tags",
    "tags": "tags",
    # The abstract is indexed only inside `body` (see schema.TEXT_FIELDS).
    "abstract": "body",
    "abs": "body",
    "note": "notes",
    "notes": "notes",
    "annotation": "annotations",
    "annotations": "annotations",
    "quote": "annotations",
    "status": "status",
    "year": "year",
    "arxiv": "arxiv",
    "doi": "doi",
    "has": "has",
    "venue": "venue",
    "journal": "venue",
    "booktitle": "venue",
    "type": "type",
}
HAS_VALUES = ("notes", "annotations", "tags", "abstract", "pdf")
STATUS_VALUES = ("to-read", "reading", "read", "dropped")
# A prefix expands to at most this many terms per field, most frequent first: `d*` over a
# 100k-paper vocabulary would otherwise score tens of thousands of terms.
MAX_PREFIX_TERMS = 32
MAX_FUZZY_EDITS = 2
# A wildcard with fewer letters before its first * or ? walks the whole vocabulary of every
# field searched (`**` took minutes at 10k papers), so it is refused with a message.
MIN_WILDCARD_PREFIX = 2
# Longer words are refused before parsing: no indexed word is that long, and spelling
# suggestions compare every word typed with the vocabulary (10,000 letters took 6 s).
MAX_WORD_CHARS = 100
# Wildcard, prefix and fuzzy words each expand to many terms; more than this many in one
# query is refused rather than searched slowly.
MAX_EXPANDING_WORDS = 16
_FIELD_RE = re.compile(r"(?<![\w:])([A-Za-z_]+):")
_YEAR_RANGE_RE = re.compile(r"\byear:(\d{0,4})\.\.(\d{0,4})(?=\s|\)|$)")


@dataclass(frozen=True)
class ParsedQuery:
    """A Whoosh query plus the plain words in it (for "did you mean")."""

    query: wq.Query
    words: tuple[str, ...]


_READER_CACHES: weakref.WeakKeyDictionary[IndexReader, dict[Any, Any]] = weakref.WeakKeyDictionary()
_READER_CACHES_LOCK = threading.Lock()
READER_CACHE_MAX = 4096
"""Expansions remembered per index reader before its cache starts over."""


def reader_cache(ixreader: IndexReader) -> dict[Any, Any]:
    """Expansions of prefixes, wildcards and fuzzy words, remembered per index reader.

    A reader's vocabulary never changes, and the long-lived searcher keeps its readers until
    a commit replaces them (the cache goes with them). Expanding `trans*` walks every term
    it starts (thousands of lookups in the term table), and typing repeats the same
    prefixes and words search after search.
    """
    with _READER_CACHES_LOCK:
        cache = _READER_CACHES.get(ixreader)
        if cache is None or len(cache) >= READER_CACHE_MAX:
            cache = _READER_CACHES[ixreader] = {}
        return cache


class _LimitedExpansion:
    """A pattern query over its most frequent matching terms, matched as one set of documents.

    Whoosh ORs the expanded terms together, and stepping a union of dozens of posting lists
    in Python is what made `trans*` take seconds at 100k papers. Reading each list's ids in
    bulk into one sorted list is an order of magnitude faster. Like Whoosh's own prefix
    queries, the match has a constant score: ranking comes from the other words.
    """

    fieldname: str
    text: str
    boost: float

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:
        cache = reader_cache(ixreader)
        key = (type(self).__name__, self.fieldname, self.text)
        found: list[bytes] | None = cache.get(key)
        if found is None:
            found = cache[key] = self._expand(ixreader)
        return found

    def _expand(self, ixreader: IndexReader) -> list[bytes]:
        fieldname = self.fieldname
        if fieldname not in ixreader.schema:
            return []
        field = ixreader.schema[fieldname]
        prefix, pattern = self._literal_prefix()
        wanted = re.compile(pattern) if pattern else None
        found: list[tuple[int, bytes]] = []
        for btext, info in ixreader.iter_prefix(fieldname, field.to_bytes(prefix)):
            if wanted is None or wanted.match(field.from_bytes(btext)):
                found.append((info.doc_frequency(), btext))
        if len(found) > MAX_PREFIX_TERMS:
            found.sort(reverse=True)
            found = found[:MAX_PREFIX_TERMS]
        return [b for _, b in found]

    def _literal_prefix(self) -> tuple[str, str | None]:
        """The literal start every match has, and the pattern matches must fit (None: any)."""
        raise NotImplementedError

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        btexts = self._btexts(reader)
        if len(btexts) <= 1:
            return super().matcher(searcher, context)  # type: ignore[misc]
        from papershelf.search.postings import term_ids

        ids: set[int] = set()
        for btext in btexts:
            found = term_ids(reader, self.fieldname, btext)
            ids.update(
                found if found is not None else reader.postings(self.fieldname, btext).all_ids()
            )
        return ListMatcher(sorted(ids), all_weights=self.boost)


class LimitedPrefix(_LimitedExpansion, wq.Prefix):
    """`word*` over the `MAX_PREFIX_TERMS` most frequent words it starts."""

    def _literal_prefix(self) -> tuple[str, str | None]:
        return self.text, None


class LimitedWildcard(_LimitedExpansion, wq.Wildcard):
    """`wo?d*s` over the `MAX_PREFIX_TERMS` most frequent words it matches.

    Only words starting with the literal part before the first `*` or `?` are looked at,
    and `parse` refuses wildcards with fewer than `MIN_WILDCARD_PREFIX` letters there.
    """

    def _literal_prefix(self) -> tuple[str, str | None]:
        return self._find_prefix(self.text), fnmatch.translate(self.text)


_STEM = stemming_analyzer()


def _stem(word: str) -> str:
    tokens = [t.text for t in _STEM(word)]
    return tokens[0] if tokens else word


class SpelledFuzzy(wq.FuzzyTerm):
    """`word~` on a stemmed field: respell the word, then stem the candidates.

    Comparing a misspelt word's stem with indexed stems fails when the typo stops the
    stemmer ("representaion" keeps its suffix, "representation" becomes "represent"), so
    candidates come from the unstemmed title vocabulary (Whoosh's spelling field for titles),
    and are stemmed for the field searched.
    Expansions are cached per reader (`reader_cache`): Whoosh asks for them several times
    per search, and the fields searched for one word share its respellings.
    """

    def __init__(
        self,
        fieldname: str,
        word: str,
        maxdist: int,
        prefixlength: int,
        boost: float = 1.0,
    ) -> None:
        super().__init__(
            fieldname, _stem(word), boost=boost, maxdist=maxdist, prefixlength=prefixlength
        )
        self.word = word

    def _respelled(self, ixreader: IndexReader) -> set[str]:
        """Stems of title words near `word`, shared by the fields searched for one word."""
        cache = reader_cache(ixreader)
        key = ("respelled", self.word, self.maxdist, self.prefixlength)
        found: set[str] | None = cache.get(key)
        if found is None:
            title = ixreader.schema["title"]
            words = ixreader.terms_within(
                title.spelling_fieldname("title"),
                self.word,
                self.maxdist,
                prefix=self.prefixlength,
            )
            found = cache[key] = {_stem(w) for w in words}
        return found

    def _btexts(self, ixreader: IndexReader) -> list[bytes]:
        cache = reader_cache(ixreader)
        key = ("fuzzy", self.fieldname, self.text, self.word, self.maxdist, self.prefixlength)
        found: list[bytes] | None = cache.get(key)
        if found is None:
            found = cache[key] = self._expand(ixreader)
        return found

    def _expand(self, ixreader: IndexReader) -> list[bytes]:
        fieldname = self.fieldname
        if fieldname not in ixreader.schema:
            return []
        field = ixreader.schema[fieldname]
        respelled = self._respelled(ixreader)
        stems = {self.text} | respelled
        if not respelled:
            # Not near any title word: fall back to the field's own stems. That walk over the
            # whole vocabulary is what makes fuzzy slow (0.3 s at 100k papers), so it is the
            # exception, and it needs the first two letters right.
            stems.update(
                ixreader.terms_within(
                    fieldname,
                    self.text,
                    self.maxdist,
                    prefix=min(len(self.text), max(2, self.prefixlength)),
                )
            )
        out = []
        for stem in sorted(stems):
            btext = field.to_bytes(stem)
            if (fieldname, btext) in ixreader:
                out.append(btext)
        return out


def _check_balanced(text: str) -> None:
    if text.count('"') % 2:
        col = text.rfind('"') + 1
        raise QueryError(f'unclosed quote (") at column {col}')
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(f"unmatched ')' at column {i + 1}")
    if depth > 0:
        raise QueryError(f"unclosed '(' at column {text.rfind('(') + 1}")


def _outside_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are not inside double quotes."""
    spans, start, inside = [], 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            if not inside:
                spans.append((start, i))
            else:
                start = i + 1
            inside = not inside
    if not inside:
        spans.append((start, len(text)))
    return spans


def _check_fields(text: str) -> None:
    for lo, hi in _outside_quotes(text):
        for m in _FIELD_RE.finditer(text, lo, hi):
            name = m.group(1).lower()
            if name in ("http", "https"):
                continue
            if name not in FIELD_ALIASES:
                known = ", ".join(sorted({k for k in FIELD_ALIASES if len(k) > 3} | {"doi"}))
                raise QueryError(
                    f"unknown field '{m.group(1)}:' at column {m.start() + 1} "
                    f"(known fields: {known})"
                )
            value_start = m.end()
            if value_start >= len(text) or text[value_start].isspace():
                raise QueryError(f"'{m.group(0)}' needs a value at column {m.start() + 1}")
            value = re.match(r'"[^"]*"|\S+', text[value_start:])
            raw = value.group(0) if value else ""
            raw = raw.rstrip(")")
            field = FIELD_ALIASES[name]
            if field == "year" and not re.fullmatch(
                r"\d{1,4}|\d{0,4}\.\.\d{0,4}|[<>]=?\d{1,4}|\[.*", raw
            ):
                raise QueryError(
                    f"year must be a number or a range like year:2020..2023, not '{raw}'"
                )
            if field == "has" and raw.lower() not in HAS_VALUES:
                raise QueryError(f"has: takes one of {', '.join(HAS_VALUES)}, not '{raw}'")
            if field == "status" and raw.lower().strip('"') not in STATUS_VALUES:
                raise QueryError(f"status: takes one of {', '.join(STATUS_VALUES)}, not '{raw}'")
            if field == "type" and raw.lower().strip('"') not in ENTRY_TYPES:
                raise QueryError(f"type: takes one of {', '.join(ENTRY_TYPES)}, not '{raw}'")


def _rewrite(text: str) -> str:
    """Our sugar to Whoosh syntax: year ranges, canonical arXiv ids and DOIs."""

    def year_range(m: re.Match[str]) -> str:
        # Explicit bounds: Whoosh's open-ended numeric ranges misbehave on unsigned fields.
        return f"year:[{m.group(1) or 0} TO {m.group(2) or 9999}]"

    def year_compare(m: re.Match[str]) -> str:
        op, year = m.group(1), int(m.group(2))
        lo, hi = {">": (year + 1, 9999), ">=": (year, 9999), "<": (0, year - 1), "<=": (0, year)}[
            op
        ]
        return f"year:[{lo} TO {hi}]"

    text = re.sub(r"\byear:(>=|<=|>|<)(\d{1,4})\b", year_compare, text)
    text = _YEAR_RANGE_RE.sub(year_range, text)

    def ident(m: re.Match[str]) -> str:
        field, value = m.group(1).lower(), m.group(2)
        if field == "arxiv":
            parsed = parse_arxiv_id(value)
            return f"arxiv:{parsed[0].lower() if parsed else value.lower()}"
        doi = normalize_doi(value)
        return f"doi:'{doi or value.lower()}'"

    text = re.sub(r"\b(arxiv|doi):(\S+)", ident, text, flags=re.IGNORECASE)
    # Quoted as one term, so the hyphen in `status:to-read` is not read as NOT.
    return re.sub(
        r"\b(status|type):([\w-]+)",
        lambda m: f"{m.group(1).lower()}:'{m.group(2).lower()}'",
        text,
        flags=re.I,
    )


class QueryParser:
    """Parses user queries against the schema; one instance can be reused across threads."""

    def __init__(self) -> None:
        self.schema = build_schema()
        self._stem = stemming_analyzer()
        self._plain = plain_analyzer()
        parser = MultifieldParser(
            list(TEXT_FIELDS), self.schema, fieldboosts=TEXT_FIELDS, group=AndGroup
        )
        parser.add_plugin(FuzzyTermPlugin())
        # `-word` excludes, but only at the start of a word: "micro-batches" is one term.
        parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
        aliases: dict[str, list[str]] = {}
        for alias, field in FIELD_ALIASES.items():
            if alias != field:
                aliases.setdefault(field, []).append(alias)
        parser.add_plugin(FieldAliasPlugin(aliases))
        self._parser = parser

    def parse(self, text: str) -> ParsedQuery:
        """Parse a full query.

        Raises:
            QueryError: the query is malformed; the message is one line.
        """
        text = text.strip()
        if not text:
            raise QueryError("empty query")
        _check_word_lengths(text)
        _check_balanced(text)
        _check_fields(text)
        try:
            q = self._parser.parse(_rewrite(text))
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            raise QueryError(f"cannot parse query: {exc}") from exc
        _raise_errors(q)
        _check_expansions(q)
        q = _fix_prefixes(q)
        q = _fix_fuzzy(q, _fuzzy_words(text))
        if q is wq.NullQuery:
            raise QueryError("the query has no words to search for")
        return ParsedQuery(q, _plain_words(text))

    def typing(self, text: str) -> ParsedQuery | None:
        """The query for a search box while the user types.

        Every word must match the start of a word in the title, authors or tags, so the last
        word may be incomplete.

        Returns None when `text` uses query syntax (fields, quotes, operators), which then
        needs the full parser.
        """
        if re.search(r'[":()*~\[\]]|\b(?:AND|OR|NOT)\b|(?:^|\s)[-+]\S', text):
            return None
        terms: list[wq.Query] = []
        words: list[str] = []
        for token in self._plain(text):
            word = token.text
            if len(word) < TYPING_MIN:
                continue
            if len(word) <= MAX_WORD_CHARS:  # longer ones are not respelled (that is slow)
                words.append(word)
            terms.append(wq.Term("typing", word[:TYPING_MAX]))
        if not terms:
            return None
        q: wq.Query = terms[0] if len(terms) == 1 else wq.And(terms)
        return ParsedQuery(q, tuple(words))


_WORD_RE = re.compile(r"\w+")


def _check_word_lengths(text: str) -> None:
    for m in _WORD_RE.finditer(text):
        if len(m[0]) > MAX_WORD_CHARS:
            raise QueryError(
                f"the word at column {m.start() + 1} is too long to search for "
                f"({len(m[0]):,} characters; at most {MAX_WORD_CHARS})"
            )


def _check_expansions(q: wq.Query) -> None:
    """Refuse wildcards that would walk the whole vocabulary, and too many expanding words."""
    expanding: set[str] = set()
    for node in q.leaves():
        if isinstance(node, wq.Every):
            raise QueryError(
                f"'*' alone matches every word: give at least {MIN_WILDCARD_PREFIX} letters "
                "before * or ? (for example diffus*), or use has: (has:tags)"
            )
        if type(node) is wq.Wildcard:
            literal = node._find_prefix(node.text)
            if sum(ch.isalnum() for ch in literal) < MIN_WILDCARD_PREFIX:
                raise QueryError(
                    f"'{node.text}': a wildcard needs at least {MIN_WILDCARD_PREFIX} letters "
                    "before its first * or ? (for example diffus*); searching every word "
                    "would take too long"
                )
        if isinstance(node, wq.PatternQuery | wq.FuzzyTerm):
            expanding.add(node.text)
    if len(expanding) > MAX_EXPANDING_WORDS:
        raise QueryError(
            f"too many wildcard or fuzzy words ({len(expanding)}; at most "
            f"{MAX_EXPANDING_WORDS} in one search)"
        )


def _raise_errors(q: wq.Query) -> None:
    for node in [q, *q.leaves()]:
        message = getattr(node, "error", None)
        if message:
            raise QueryError(str(message))


_DEFAULT_FIELDS = frozenset({"title", "body"})


def _typing_term(text: str, boost: float = 1.0) -> wq.Query:
    if len(text) >= TYPING_MIN:
        return wq.Term("typing", text[:TYPING_MAX], boost=boost)
    # One letter: the two-letter grams starting with it (a few dozen terms at most).
    return LimitedPrefix("typing", text, boost=boost)


def _fix_prefixes(q: wq.Query) -> wq.Query:
    """Make `word*` useful on stemmed fields and fast on short prefixes.

    A prefix searched in title, authors and tags at once (the default fields) becomes one
    lookup in the edge-n-gram field that holds all three. On stemmed fields a prefix like
    `diffusi*` matches no indexed stem ("diffus"), so the stems the prefix starts with are
    added as terms; one-letter prefixes are left to the n-gram field.
    """

    def fix(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Or):
            plain = [
                c
                for c in node.subqueries
                if type(c) is wq.Prefix and c.fieldname in _DEFAULT_FIELDS
            ]
            if {c.fieldname for c in plain} == _DEFAULT_FIELDS and len(
                {c.text for c in plain}
            ) == 1:
                # A bare `word*`: title, authors and tags through the n-gram field, the rest
                # through the body's (limited) prefix expansion.
                text, boost = plain[0].text, max(c.boost for c in plain)
                rest = [fix(c) for c in node.subqueries if not any(c is p for p in plain)]
                body = fix(wq.Prefix("body", text))
                return wq.Or([_typing_term(text, boost), body, *rest])
        if type(node) is wq.Prefix:
            field, text = node.fieldname, node.text
            if field in STEMMED_FIELDS:
                if len(text) < 3:
                    return wq.NullQuery
                # Stems the prefix runs past, as long as they keep most of it.
                shortest = max(4, len(text) - 3)
                stems = [wq.Term(field, text[:k]) for k in range(len(text) - 1, shortest - 1, -1)]
                return wq.Or([LimitedPrefix(field, text, boost=node.boost), *stems])
            return LimitedPrefix(field, text, boost=node.boost)
        if type(node) is wq.Wildcard:
            return LimitedWildcard(node.fieldname, node.text, boost=node.boost)
        if node.is_leaf():
            return node
        return node.apply(fix)

    return fix(q).normalize()


def _fuzzy_words(text: str) -> dict[str, str]:
    """The words written with `~`, keyed by their stem (how the parser hands them on)."""
    words: dict[str, str] = {}
    if "~" not in text:
        return words  # the search below is quadratic in the length of a long word
    for m in re.finditer(r"([^\s:~()\"']+)~\d?", text):
        for token in plain_analyzer()(m.group(1)):
            words[_stem(token.text)] = token.text
            words[token.text] = token.text
    return words


def _fix_fuzzy(q: wq.Query, raw: dict[str, str]) -> wq.Query:
    """Respell fuzzy words on stemmed fields; require the first letter everywhere.

    A correct first letter cuts the vocabulary scanned by the edit-distance automaton by an
    order of magnitude, and typos in the first letter are rare.
    """

    def fix(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm) and not isinstance(node, SpelledFuzzy):
            # At most two edits (the cost triples with each one: ~9 took 24 s), and the
            # first letter must be right (never more letters than the word has).
            maxdist = min(node.maxdist, MAX_FUZZY_EDITS)
            prefix = min(max(1, node.prefixlength), len(node.text))
            if node.fieldname in STEMMED_FIELDS:
                word = raw.get(node.text, node.text)
                return SpelledFuzzy(node.fieldname, word, maxdist, prefix, node.boost)
            return wq.FuzzyTerm(
                node.fieldname, node.text, boost=node.boost, maxdist=maxdist, prefixlength=prefix
            )
        if node.is_leaf():
            return node
        return node.apply(fix)

    return fix(q)


def _plain_words(text: str) -> tuple[str, ...]:
    """Words typed without syntax, the candidates for spelling correction."""
    words = []
    for lo, hi in _outside_quotes(text):
        for raw in text[lo:hi].split():
            if re.fullmatch(r"[A-Za-zÀ-ÿ]{3,}", raw) and raw not in ("AND", "OR", "NOT"):
                words.append(raw.lower())
    return tuple(words)
