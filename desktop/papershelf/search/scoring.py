"""Ranked search over whole posting lists, with Whoosh's own scores and order.

Whoosh finds the best hits by stepping a tree of matchers one posting at a time in Python
(several method calls, a block decode and a BM25F evaluation per posting), which was most of
a search's time. Here the same matcher tree Whoosh builds for a query is read instead of
stepped: each term's ids and weights are read block by block in bulk, matches are combined
with set operations, each term's BM25F score comes from a table over (weight, length byte),
and the sums follow the tree's own pairing, so every float is the one Whoosh computes. The
hits are then the `limit` best by (score, lowest document number first), as Whoosh's
collector keeps them.

Phrases are matched on word co-occurrence first and their positions read only for the
candidates the page needs, best score first. A matcher this module does not know (a phrase
with slop, other span queries) raises `UnsupportedQueryError`, and the caller runs Whoosh's
own search instead.

A segment reader's posting arrays and term scores are kept while the reader lives (a commit
replaces it), within `CACHE_BYTES` per reader.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import operator
import threading
import time
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.matching import (
    AndNotMatcher,
    ArrayUnionMatcher,
    FilterMatcher,
    IntersectionMatcher,
    ListMatcher,
    NullMatcherClass,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.query import Query
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25FScorer, WeightScorer, bm25
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree
from whoosh.util.numeric import byte_to_length

CACHE_BYTES = 48 * 1024 * 1024
"""Posting arrays and scores kept per segment reader (ids 4 B, weight 4 B, score 8 B each)."""

EAGER_PHRASE_DOCS = 1024
"""A phrase whose words share at most this many documents has its positions checked for
all of them at once; beyond, candidates are checked best first, as far as the page needs."""

Term = tuple[str, bytes]


class UnsupportedQueryError(Exception):
    """A part of the query this module does not evaluate; Whoosh's own search runs it."""


@dataclass(frozen=True)
class Ranked:
    """The best hits of a search, as Whoosh's collector would give them."""

    hits: list[tuple[int, float, list[Term] | None]]
    """(global document number, score, matched terms or None when not asked)."""
    total: int
    total_exact: bool
    timed_out: bool = False


# --------------------------------------------------------------------- posting cache
@dataclass
class _Postings:
    ids: array[int]
    weights: array[float]
    blocks: list[tuple[int, int]]
    """(last id, file offset) of each block, to read one block's positions again."""
    scores: dict[tuple[Any, ...], array[float]] = field(default_factory=dict)

    def nbytes(self) -> int:
        return 8 * len(self.ids) + sum(8 * len(s) for s in self.scores.values()) + 64


class _ReaderCache:
    """Least recently used posting arrays of one segment reader, within `CACHE_BYTES`."""

    def __init__(self) -> None:
        self.entries: OrderedDict[Term, _Postings] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, term: Term) -> _Postings | None:
        with self.lock:
            found = self.entries.get(term)
            if found is not None:
                self.entries.move_to_end(term)
            return found

    def put(self, term: Term, postings: _Postings) -> None:
        with self.lock:
            old = self.entries.pop(term, None)
            if old is not None:
                self.size -= old.nbytes()
            self.entries[term] = postings
            self.size += postings.nbytes()
            self._trim()

    def grew(self, term: Term, added: int) -> None:
        with self.lock:
            if term in self.entries:
                self.size += added
                self._trim()

    def _trim(self) -> None:
        while self.size > CACHE_BYTES and len(self.entries) > 1:
            _, dropped = self.entries.popitem(last=False)
            self.size -= dropped.nbytes()


_CACHES: weakref.WeakKeyDictionary[Any, _ReaderCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _reader_cache(reader: Any) -> _ReaderCache:
    with _CACHES_LOCK:
        cache = _CACHES.get(reader)
        if cache is None:
            cache = _CACHES[reader] = _ReaderCache()
        return cache


def _read_all(m: W3LeafMatcher) -> _Postings:
    """Every id and weight of a freshly opened on-disk posting list, block by block."""
    ids: array[int] = array("I")
    weights: array[float] = array("f")
    blocks: list[tuple[int, int]] = []
    # Building the tree moved intersections and phrases past their first blocks.
    m.reset()
    offset = m._baseoffset
    while True:
        m._read_ids()
        m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        blocks.append((m._maxid, offset))
        if m._lastblock:
            break
        offset = m._nextoffset
        m._goto(offset)
    return _Postings(ids, weights, blocks)


def term_ids(reader: Any, fieldname: str, btext: bytes) -> Iterable[int] | None:
    """The live documents of one term in a segment reader, from the posting cache.

    None when `reader` is not a plain segment reader (the caller steps Whoosh's matcher).
    """
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(reader, "deleted_docs_set"):
        return None
    m = terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    if type(m) is ListMatcher:
        ids: Iterable[int] = m._ids
    elif type(m) is W3LeafMatcher:
        cache = _reader_cache(reader)
        postings = cache.get((fieldname, btext))
        if postings is None:
            postings = _read_all(m)
            cache.put((fieldname, btext), postings)
        ids = postings.ids
    else:
        return None
    deleted = reader.deleted_docs_set
    return set(ids).difference(deleted) if deleted else ids


# ------------------------------------------------------------------------------ nodes
class _Node:
    """One matcher of Whoosh's tree, evaluated over sets of document numbers."""

    def ids(self) -> set[int]:
        """Documents matched (phrases: documents holding all their words)."""
        raise NotImplementedError

    def scores(self, docs: list[int]) -> list[float]:
        """The score of each of `docs` (0.0 where unmatched), as `ids` assumes."""
        raise NotImplementedError

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        """The exact score of document `d` (None: no match), adding its matched terms."""
        raise NotImplementedError

    def needs_check(self) -> bool:
        """Whether `ids` and `scores` may claim documents that `doc` would reject."""
        return False


class _Empty(_Node):
    def ids(self) -> set[int]:
        return set()

    def scores(self, docs: list[int]) -> list[float]:
        return [0.0] * len(docs)

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        return None


class _Leaf(_Node):
    """One term's postings, scored as its Whoosh scorer would."""

    def __init__(
        self,
        term: Term | None,
        postings: _Postings,
        table: Any,
        params: tuple[Any, ...],
        lengths: bytes | None,
        cache: _ReaderCache | None,
        matcher: Any,
        fmt: Any,
    ) -> None:
        self.term = term
        self.postings = postings
        self._table = table
        self._params = params
        self._lengths = lengths
        self._cache = cache
        self._matcher = matcher
        self._format = fmt
        self._ids: set[int] | None = None
        self._by_doc: dict[int, float] | None = None
        self._blocks: dict[int, dict[int, Any]] = {}
        self._lasts: list[int] | None = None

    def ids(self) -> set[int]:
        if self._ids is None:
            self._ids = set(self.postings.ids)
        return self._ids

    def _scores_by_doc(self) -> dict[int, float]:
        if self._by_doc is None:
            p = self.postings
            scores = p.scores.get(self._params)
            if scores is None:
                scores = array("d", self._compute())
                p.scores[self._params] = scores
                if self._cache is not None and self.term is not None:
                    self._cache.grew(self.term, 8 * len(scores))
            self._by_doc = dict(zip(p.ids, scores, strict=True))
        return self._by_doc

    def _compute(self) -> list[float]:
        p = self.postings
        if self._lengths is None:
            return [self._table(w) for w in p.weights]
        tables: dict[float, list[float | None]] = {}
        lengths = self._lengths
        out = []
        for d, w in zip(p.ids, p.weights, strict=True):
            row = tables.get(w)
            if row is None:
                row = tables[w] = self._table(w)
            s = row[lengths[d]]
            if s is None:
                raise UnsupportedQueryError("a matched document without a field length")
            out.append(s)
        return out

    def scores(self, docs: list[int]) -> list[float]:
        return list(map(self._scores_by_doc().get, docs, itertools.repeat(0.0)))

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        s = self._scores_by_doc().get(d)
        if s is not None and terms is not None and self.term is not None:
            terms.append(self.term)
        return s

    def positions(self, d: int) -> list[int]:
        """The word positions of document `d` in this term's field."""
        m = self._matcher
        if isinstance(m, ListMatcher):
            i = list(m._ids).index(d)
            return self._decode(m._values[i])
        blocks = self.postings.blocks
        if self._lasts is None:
            self._lasts = [last for last, _ in blocks]
        b = bisect_left(self._lasts, d)
        values = self._blocks.get(b)
        if values is None:
            m._goto(blocks[b][1])
            m._read_ids()
            m._read_values()
            values = self._blocks[b] = dict(zip(m._ids, m._values, strict=True))
        return self._decode(values[d])

    def _decode(self, value: bytes) -> list[int]:
        if type(self._format) is not Positions:
            return list(self._format.decode_positions(value))
        # Positions.decode_positions without its Python loop: pickled gaps, summed.
        return list(
            itertools.accumulate(loads(value[4:] if value.endswith(b".") else value[4:] + b"."))
        )


class _Boost(_Node):
    def __init__(self, child: _Node, boost: float) -> None:
        self.child = child
        self.boost = boost

    def ids(self) -> set[int]:
        return self.child.ids()

    def scores(self, docs: list[int]) -> list[float]:
        return list(map(operator.mul, self.child.scores(docs), itertools.repeat(self.boost)))

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        s = self.child.doc(d, terms)
        return None if s is None else s * self.boost

    def needs_check(self) -> bool:
        return self.child.needs_check()


class _Filter(_Node):
    """Whoosh's FilterMatcher: deleted documents left out (or only some kept)."""

    def __init__(self, child: _Node, ids: Any, exclude: bool, boost: float) -> None:
        self.child = child
        self._filter = ids
        self.exclude = exclude
        self.boost = boost

    def ids(self) -> set[int]:
        if self.exclude:
            return self.child.ids().difference(self._filter)
        return self.child.ids().intersection(self._filter)

    def scores(self, docs: list[int]) -> list[float]:
        return list(map(operator.mul, self.child.scores(docs), itertools.repeat(self.boost)))

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        if (d in self._filter) == self.exclude:
            return None
        s = self.child.doc(d, terms)
        return None if s is None else s * self.boost

    def needs_check(self) -> bool:
        return self.child.needs_check()


class _Union(_Node):
    def __init__(self, a: _Node, b: _Node) -> None:
        self.a, self.b = a, b

    def ids(self) -> set[int]:
        return self.a.ids() | self.b.ids()

    def scores(self, docs: list[int]) -> list[float]:
        # Whoosh gives a.score() + b.score() where both match, else the one that does;
        # adding 0.0 changes no float.
        return list(map(operator.add, self.a.scores(docs), self.b.scores(docs)))

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        sa = self.a.doc(d, terms)
        sb = self.b.doc(d, terms)
        if sa is None:
            return sb
        if sb is None:
            return sa
        return sa + sb

    def needs_check(self) -> bool:
        return self.a.needs_check() or self.b.needs_check()


def _union(a: _Node, b: _Node) -> _Node:
    return _Union(a, b)


class _Intersection(_Union):
    def ids(self) -> set[int]:
        return self.a.ids() & self.b.ids()

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        mine: list[Term] | None = [] if terms is not None else None
        sa = self.a.doc(d, mine)
        if sa is None:
            return None
        sb = self.b.doc(d, mine)
        if sb is None:
            return None
        if terms is not None and mine is not None:
            terms.extend(mine)
        return sa + sb


class _AndNot(_Node):
    def __init__(self, a: _Node, b: _Node) -> None:
        if b.needs_check():
            b = _Checked(b)
        self.a, self.b = a, b

    def ids(self) -> set[int]:
        return self.a.ids() - self.b.ids()

    def scores(self, docs: list[int]) -> list[float]:
        return self.a.scores(docs)

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        if self.b.doc(d, None) is not None:
            return None
        return self.a.doc(d, terms)

    def needs_check(self) -> bool:
        return self.a.needs_check()


class _Unscored(_Node):
    """Whoosh's preloaded union without scores (the side of a NOT): every match scores 1."""

    def __init__(self, parts: list[_Node]) -> None:
        self.parts = parts

    def ids(self) -> set[int]:
        return set().union(*(p.ids() for p in self.parts))

    def scores(self, docs: list[int]) -> list[float]:
        ids = self.ids()
        return [1.0 if d in ids else 0.0 for d in docs]

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        found = [p.doc(d, terms) for p in self.parts]
        return 1.0 if any(s is not None for s in found) else None

    def needs_check(self) -> bool:
        return any(p.needs_check() for p in self.parts)


class _Checked(_Node):
    """A node whose matches are all checked up front (a phrase after NOT)."""

    def __init__(self, child: _Node) -> None:
        self.child = child
        self._ids: set[int] | None = None

    def ids(self) -> set[int]:
        if self._ids is None:
            self._ids = {d for d in self.child.ids() if self.child.doc(d, None) is not None}
        return self._ids

    def scores(self, docs: list[int]) -> list[float]:
        raise UnsupportedQueryError("scores of a negated part")

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        return self.child.doc(d, terms) if d in self.ids() else None


class _Phrase(_Node):
    """Whoosh's SpanNear2 matcher with slop 1: the words at consecutive positions."""

    def __init__(self, words: list[_Node]) -> None:
        self.words = words
        self.leaves = [_leaf_of(w) for w in words]
        # Scored as Whoosh's binary tree of intersections of the words.
        self.isect: _Node = make_binary_tree(_Intersection, words)
        self._checked: set[int] | None = None
        self._by_doc: dict[int, float] | None = None

    def ids(self) -> set[int]:
        if self._checked is None:
            found = self.isect.ids()
            if len(found) > EAGER_PHRASE_DOCS:
                return found  # checked later, best candidates first
            self._checked = {d for d in found if self._adjacent(d)}
        return self._checked

    def scores(self, docs: list[int]) -> list[float]:
        if self.ids() is not self._checked:
            return self.isect.scores(docs)  # an upper bound, checked later
        if self._by_doc is None:
            found = sorted(self._checked)
            self._by_doc = dict(zip(found, self.isect.scores(found), strict=True))
        return list(map(self._by_doc.get, docs, itertools.repeat(0.0)))

    def needs_check(self) -> bool:
        return self.ids() is not self._checked

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        mine: list[Term] | None = [] if terms is not None else None
        s = self.isect.doc(d, mine)
        if self._checked is not None:
            adjacent = d in self._checked
        else:
            adjacent = s is not None and self._adjacent(d)
        if s is None or not adjacent:
            return None
        if terms is not None and mine is not None:
            terms.extend(mine)
        return s

    def _adjacent(self, d: int) -> bool:
        first = self.leaves[0].positions(d)
        starts = set(first)
        for i, leaf in enumerate(self.leaves[1:], 1):
            starts &= {p - i for p in leaf.positions(d)}
            if not starts:
                return False
        return True


def _leaf_of(node: _Node) -> _Leaf:
    while isinstance(node, _Filter | _Boost):
        node = node.child
    if not isinstance(node, _Leaf):
        raise UnsupportedQueryError("a phrase word that is not a term")
    return node


# -------------------------------------------------------------------------- compiling
class _Compiler:
    """Turns one segment's Whoosh matcher tree into nodes."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.cache = _reader_cache(reader)

    def node(self, m: Any) -> _Node:
        kind = type(m)
        if isinstance(m, NullMatcherClass):
            return _Empty()
        if kind is UnionMatcher:
            return _Union(self.node(m.a), self.node(m.b))
        if kind is IntersectionMatcher:
            return _Intersection(self.node(m.a), self.node(m.b))
        if kind is AndNotMatcher:
            return _AndNot(self.node(m.a), self.node(m.b))
        if kind is WrappingMatcher:
            return _Boost(self.node(m.child), m.boost)
        if kind is FilterMatcher:
            return _Filter(self.node(m.child), m._ids, m._exclude, m.boost)
        if kind is SpanNear2.SpanNear2Matcher:
            if m.slop != 1 or not m.ordered or m.mindist != 1:
                raise UnsupportedQueryError("a phrase with slop")
            return _Phrase([self.node(w) for w in m.ms])
        if kind is ArrayUnionMatcher:
            # Whoosh's preloaded union: each match adds score * boost into an array, in the
            # order of the parts.
            if not m._scored:
                return _Unscored([self.node(sub) for sub in m._submatchers])
            parts: list[_Node] = [_Boost(self.node(sub), m._boost) for sub in m._submatchers]
            return functools.reduce(_union, parts) if parts else _Empty()
        if kind is W3LeafMatcher:
            return self._leaf(m, m._term, lambda: _read_all(m), m.scorer)
        if kind is ListMatcher:
            return self._list(m)
        raise UnsupportedQueryError(kind.__name__)

    def _list(self, m: ListMatcher) -> _Node:
        # Doubles: Whoosh hands these weights (a constant score's boost) on unrounded.
        ids = array("I", m._ids)
        if m._all_weights:
            weights = array("d", [m._all_weights]) * len(ids)
        elif m._weights:
            weights = array("d", m._weights)
        else:
            weights = array("d", [1.0]) * len(ids)
        postings = _Postings(ids, weights, [])
        return self._leaf(m, m._term, lambda: postings, m._scorer, cached=False)

    def _leaf(self, m: Any, term: Any, read: Any, scorer: Any, cached: bool = True) -> _Node:
        # Not m.is_active(): building the tree may have read a matcher to its end already.
        key = term if cached and isinstance(term, tuple) else None
        postings = self.cache.get(key) if key is not None else None
        if postings is None:
            postings = read()
            if key is not None:
                self.cache.put(key, postings)
        fmt = getattr(m, "format", None) or getattr(m, "_format", None)
        if scorer is None or type(scorer) is WeightScorer:
            return _Leaf(
                term, postings, lambda w: w, ("weight",), None, None, m, fmt
            )  # score = weight
        if type(scorer) is not BM25FScorer:
            raise UnsupportedQueryError(type(scorer).__name__)
        fieldname = term[0] if isinstance(term, tuple) else None
        if fieldname is None:
            raise UnsupportedQueryError("a scored posting list without a term")
        lengths = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if not isinstance(lengths, bytes):
            raise UnsupportedQueryError("field lengths not in memory")
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1

        def table(w: float) -> list[float | None]:
            # Whoosh's BM25FScorer: bm25(idf, weight, doc_field_length(...)), where a length
            # byte of 0 gives None (no length).
            return [None] + [bm25(idf, w, byte_to_length(lb), avgfl, b, k1) for lb in range(1, 256)]

        return _Leaf(
            term,
            postings,
            table,
            ("bm25", idf, avgfl, b, k1),
            lengths,
            self.cache,
            m,
            fmt,
        )


# ---------------------------------------------------------------------------- search
def ranked(
    searcher: Searcher,
    q: Query,
    limit: int,
    *,
    terms: bool,
    exact_total: bool = False,
    deadline: float | None = None,
) -> Ranked:
    """The `limit` best hits of `q`, with the total Whoosh's collector would report.

    Raises:
        UnsupportedQueryError: the query has a matcher this module does not evaluate.
    """
    start = time.monotonic()
    context = searcher.context(needs_current=terms)
    segments: list[tuple[int, _Node]] = []
    block_quality = False
    for sub, offset in searcher.leaf_searchers():
        # Not m.replace(0), as Whoosh's collector does first: it drops a NOT whose preloaded
        # union looks finished, and Whoosh then lists papers with the excluded word.
        m = q.matcher(sub, context)
        # Whoosh's collector counts every match unless its last segment's matcher can skip
        # blocks by quality; then the total is the query's estimate.
        block_quality = limit < searcher.doc_count() and m.supports_block_quality()
        segments.append((offset, _Compiler(sub.reader()).node(m)))

    candidates: list[tuple[float, int]] = []  # (score, -global document number)
    check = False
    for offset, node in segments:
        docs = sorted(node.ids())
        if not docs:
            continue
        check = check or node.needs_check()
        scores = node.scores(docs)
        candidates.extend(zip(scores, map(operator.neg, map(offset.__add__, docs)), strict=True))

    by_doc = dict(segments)
    offsets = sorted(by_doc)

    def local(gdoc: int) -> tuple[_Node, int]:
        offset = offsets[bisect_right(offsets, gdoc) - 1]
        return by_doc[offset], gdoc - offset

    def matched(gdoc: int) -> list[Term] | None:
        if not terms:
            return None
        node, d = local(gdoc)
        found: list[Term] = []
        node.doc(d, found)
        return found

    if not check:
        # Whoosh's order: higher score first, then the lower document number.
        best = heapq.nlargest(limit, candidates)
        hits = [(-neg, score, matched(-neg)) for score, neg in best]
        if len(hits) < limit or exact_total:
            return Ranked(hits, len(candidates), True)
        if not block_quality:
            return Ranked(hits, len(candidates), False)
        return Ranked(hits, max(len(hits), int(q.estimate_size(searcher.reader()))), False)

    # Phrases: take candidates best first (an upper bound of their score), check each, and
    # stop once no later candidate can beat the page's last hit, unless every match counts.
    count_all = exact_total or not block_quality
    heap = [(-score, -neg) for score, neg in candidates]
    heapq.heapify(heap)
    found: list[tuple[float, int]] = []  # a min-heap of (score, -gdoc)
    matches = 0
    timed_out = False
    checked = 0
    while heap:
        neg_bound, gdoc = heapq.heappop(heap)
        if not count_all and len(found) >= limit and (-neg_bound, -gdoc) < found[0]:
            break
        checked += 1
        if deadline is not None and checked % 256 == 0 and time.monotonic() - start > deadline:
            timed_out = True
            break
        node, d = local(gdoc)
        score = node.doc(d, None)
        if score is None:
            continue
        matches += 1
        key = (score, -gdoc)
        if len(found) < limit:
            heapq.heappush(found, key)
        elif key > found[0]:
            heapq.heapreplace(found, key)
    best2 = sorted(found, reverse=True)
    hits = [(-neg, score, matched(-neg)) for score, neg in best2]
    if timed_out:
        return Ranked(hits, len(hits), False, timed_out=True)
    if len(hits) < limit or exact_total:
        return Ranked(hits, len(hits) if len(hits) < limit else matches, True)
    if count_all:
        return Ranked(hits, matches, False)
    total = max(len(hits), int(q.estimate_size(searcher.reader())))
    return Ranked(hits, total, False)
