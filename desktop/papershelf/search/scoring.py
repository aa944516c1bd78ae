"""Ranked search over whole posting lists, with Whoosh's own scores and order.

Whoosh finds the best hits by stepping a tree of matchers one posting at a time in Python
(several method calls, a block decode and a BM25F evaluation per posting), which was most of
a search's time. Here the same matcher tree Whoosh builds for a query is read instead of
stepped: each term's ids and weights are read block by block in bulk, matches are combined
as masks, each term's BM25F score comes from a table over (weight, length byte),
and the sums follow the tree's own pairing, so every float is the one Whoosh computes. The
hits are then the `limit` best by (score, lowest document number first), as Whoosh's
collector keeps them.

Phrases are matched on word co-occurrence first and their positions read only for the
candidates the page needs, best score first. A matcher this module does not know (a phrase
with slop, other span queries) raises `UnsupportedQueryError`, and the caller runs Whoosh's
own search instead.

Sets of documents are masks (one byte per document of a segment in an int), so unions,
intersections and NOT are single int operations. Posting lists come from
`search/postings.py`, which keeps them, and the scores and masks derived here, while their
segment reader lives.
"""

from __future__ import annotations

import collections
import functools
import heapq
import itertools
import operator
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
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

from papershelf.search.postings import (
    VALUE_BYTES,
    Postings,
    ReaderCache,
    Source,
    Term,
    read_all,
    read_some,
    reader_cache,
)

EAGER_PHRASE_DOCS = 1024
"""A phrase whose words share at most this many documents has its positions checked for
all of them at once; beyond, candidates are checked best first, as far as the page needs."""


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


VECTOR_POSTINGS = 512
"""Postings per distinct weight above which a term's scores come from one flat table (256
BM25F values per weight, looked up in C) rather than posting by posting."""
PARTIAL_SHARE = 512
"""A term not yet read, in more than PARTIAL_SHARE times as many documents as the other
side of an intersection leaves possible (a block holds 128 postings, so a quarter of its
blocks at most), has only the blocks that may hold those read, not kept."""
# ------------------------------------------------------------------------------ nodes
# A set of documents of one segment is a mask: an int whose byte d (little-endian) is 1
# when document d is in the set, so unions, intersections and differences are single
# C-level operations on ints, and `itertools.compress` picks the scores of the members.
DENSE_SHARE = 16
"""A term in at least 1/DENSE_SHARE of a segment's documents keeps its mask and a score
per document (0.0 where absent) in the cache; rarer terms keep their postings only."""


def _mask_of(ids: Iterable[int], n: int) -> int:
    marks = bytearray(n)
    collections.deque(map(marks.__setitem__, ids, itertools.repeat(1)), maxlen=0)
    return int.from_bytes(marks, "little")


class _Node:
    """One matcher of Whoosh's tree, evaluated over masks of one segment's documents."""

    def mask(self) -> int:
        """Documents matched (phrases: documents holding all their words)."""
        raise NotImplementedError

    def mask_within(self, within: int) -> int:
        """`mask() & within`, reading no more postings than that needs."""
        return self.mask() & within

    def size(self) -> int:
        """About how many documents match (to intersect the smaller side first)."""
        return 0

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        """The score of each of `docs` (0.0 where unmatched), as `mask` assumes.

        `docs` are the documents whose byte in `sel` is 1, in order.
        """
        raise NotImplementedError

    def scaled(self, sel: bytes, docs: list[int], factor: float) -> list[float]:
        """`scores` each times `factor` (Whoosh's boost, applied after the score)."""
        if factor == 1.0:
            return self.scores(sel, docs)
        return list(map(operator.mul, self.scores(sel, docs), itertools.repeat(factor)))

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        """The exact score of document `d` (None: no match), adding its matched terms."""
        raise NotImplementedError

    def needs_check(self) -> bool:
        """Whether `mask` and `scores` may claim documents that `doc` would reject."""
        return False


class _Empty(_Node):
    def mask(self) -> int:
        return 0

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        return [0.0] * len(docs)

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        return None


class _Leaf(_Node):
    """One term's postings, scored as its Whoosh scorer would."""

    def __init__(
        self,
        term: Term | None,
        source: Source,
        table: Any,
        params: tuple[Any, ...],
        lengths: bytes | None,
        cache: ReaderCache | None,
        matcher: Any,
        fmt: Any,
        n: int,
    ) -> None:
        self.term = term
        self._source = source
        self._loaded: Postings | None = None
        self._partial = False
        self._table = table
        self._params = params
        self._lengths = lengths
        self._cache = cache
        self._matcher = matcher
        self._format = fmt
        self._n = n
        self._mask: int | None = None
        self._by_doc: dict[int, float] | None = None
        self._lasts: list[int] | None = None

    @property
    def postings(self) -> Postings:
        if self._loaded is None:
            self._loaded = self._source.full()
        return self._loaded

    @property
    def _dense(self) -> bool:
        """Whether the mask and a score per document are kept with the cached postings."""
        if self._partial or self._source.key is None:
            return False
        return len(self.postings.ids) * DENSE_SHARE >= self._n

    def size(self) -> int:
        return len(self._loaded.ids) if self._loaded is not None else self._source.size

    def mask_within(self, within: int) -> int:
        source = self._source
        if (
            self._loaded is None
            and within >= 0  # -1: every document
            and source.matcher is not None
            and within.bit_count() * PARTIAL_SHARE < source.size
            and source.cached() is None
        ):
            directory = source.cache.directory(source.key, source.matcher)
            self._loaded = read_some(source.matcher, _members(within, self._n), directory)
            self._partial = True
        return self.mask() & within

    def _grew(self, added: int) -> None:
        if self._cache is not None and self.term is not None and not self._partial:
            self._cache.grew(self.term, added)

    def mask(self) -> int:
        if self._mask is None:
            p = self.postings
            if p.mask is not None and not self._partial:
                self._mask = p.mask
            else:
                self._mask = _mask_of(p.ids, self._n)
                if self._dense:
                    p.mask = self._mask
                    self._grew(self._n)
        return self._mask

    def _scores(self) -> array[float]:
        """Each posting's score, in posting order (kept with the postings)."""
        p = self.postings
        scores = p.scores.get(self._params)
        if scores is None:
            scores = p.scores[self._params] = array("d", self._compute())
            self._grew(8 * len(scores))
        return scores

    def _dense_scores(self, factor: float = 1.0) -> array[float]:
        """A score per document of the segment (0.0 where absent), times `factor`."""
        p = self.postings
        key = ("dense", factor, *self._params)
        dense = p.scores.get(key)
        if dense is None:
            if factor == 1.0:
                dense = array("d", bytes(8 * self._n))
                collections.deque(map(dense.__setitem__, p.ids, self._scores()), maxlen=0)
            else:
                base = self._dense_scores()
                dense = array("d", map(operator.mul, base, itertools.repeat(factor)))
            p.scores[key] = dense
            self._grew(8 * self._n)
        return dense

    def scaled(self, sel: bytes, docs: list[int], factor: float) -> list[float]:
        if self._dense:
            return list(itertools.compress(self._dense_scores(factor), sel))
        return super().scaled(sel, docs, factor)

    def _scores_by_doc(self) -> dict[int, float]:
        if self._by_doc is None:
            self._by_doc = dict(zip(self.postings.ids, self._scores(), strict=True))
        return self._by_doc

    def _compute(self) -> list[float]:
        p = self.postings
        if self._lengths is None:
            return list(p.weights)  # scored by weight
        lengths = self._lengths
        distinct = set(p.weights)
        if len(p.ids) >= VECTOR_POSTINGS * len(distinct):
            # One flat table over (weight, length byte), indexed in C: weight's row * 256 +
            # the document's length byte.
            rows = {w: 256 * i for i, w in enumerate(distinct)}
            flat: list[float | None] = []
            for w in distinct:
                flat.extend(self._table(w))
            found = list(
                map(
                    flat.__getitem__,
                    map(
                        operator.add,
                        map(rows.__getitem__, p.weights),
                        map(lengths.__getitem__, p.ids),
                    ),
                )
            )
            if None in found:
                raise UnsupportedQueryError("a matched document without a field length")
            return found  # type: ignore[return-value]
        tables: dict[float, list[float | None]] = {}
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

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        if self._dense:
            return list(itertools.compress(self._dense_scores(), sel))
        return list(map(self._scores_by_doc().get, docs, itertools.repeat(0.0)))

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        if self._dense:
            s: float | None = self._dense_scores()[d] if (self.mask() >> (8 * d)) & 1 else None
        else:
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
        kept = self.postings.values
        values = kept.get(b)
        if values is None:
            m._goto(blocks[b][1])
            m._read_values()
            values = dict(zip(itertools.accumulate(m._data[0]), m._values, strict=True))
            kept[b] = values
            self._grew(VALUE_BYTES * len(values))
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

    def mask(self) -> int:
        return self.child.mask()

    def mask_within(self, within: int) -> int:
        return self.child.mask_within(within)

    def size(self) -> int:
        return self.child.size()

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        return self.child.scaled(sel, docs, self.boost)

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        s = self.child.doc(d, terms)
        return None if s is None else s * self.boost

    def needs_check(self) -> bool:
        return self.child.needs_check()


class _Filter(_Node):
    """Whoosh's FilterMatcher: deleted documents left out (or only some kept)."""

    def __init__(self, child: _Node, ids: Any, exclude: bool, boost: float, n: int) -> None:
        self.child = child
        self._filter = ids
        self.exclude = exclude
        self.boost = boost
        self._n = n

    def mask(self) -> int:
        return self.mask_within(-1)

    def mask_within(self, within: int) -> int:
        listed = _mask_of(self._filter, self._n)
        return self.child.mask_within(within) & (~listed if self.exclude else listed)

    def size(self) -> int:
        return self.child.size()

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        return self.child.scaled(sel, docs, self.boost)

    def scaled(self, sel: bytes, docs: list[int], factor: float) -> list[float]:
        if self.boost == 1.0:  # (x * 1.0) * factor is x * factor
            return self.child.scaled(sel, docs, factor)
        return super().scaled(sel, docs, factor)

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

    def mask(self) -> int:
        return self.a.mask() | self.b.mask()

    def mask_within(self, within: int) -> int:
        return self.a.mask_within(within) | self.b.mask_within(within)

    def size(self) -> int:
        return self.a.size() + self.b.size()

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        # Whoosh gives a.score() + b.score() where both match, else the one that does;
        # adding 0.0 changes no float.
        return list(map(operator.add, self.a.scores(sel, docs), self.b.scores(sel, docs)))

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
    def mask(self) -> int:
        return self.mask_within(-1)

    def mask_within(self, within: int) -> int:
        small, big = (self.a, self.b) if self.a.size() <= self.b.size() else (self.b, self.a)
        found = small.mask_within(within)
        return big.mask_within(found) if found else 0

    def size(self) -> int:
        return min(self.a.size(), self.b.size())

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
    def __init__(self, a: _Node, b: _Node, n: int) -> None:
        if b.needs_check():
            b = _Checked(b, n)
        self.a, self.b = a, b

    def mask(self) -> int:
        return self.mask_within(-1)

    def mask_within(self, within: int) -> int:
        found = self.a.mask_within(within)
        return found & ~self.b.mask_within(found) if found else 0

    def size(self) -> int:
        return self.a.size()

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        return self.a.scores(sel, docs)

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        if self.b.doc(d, None) is not None:
            return None
        return self.a.doc(d, terms)

    def needs_check(self) -> bool:
        return self.a.needs_check()


class _Unscored(_Node):
    """Whoosh's preloaded union without scores (the side of a NOT): every match scores 1."""

    def __init__(self, parts: list[_Node], n: int) -> None:
        self.parts = parts
        self._n = n

    def mask(self) -> int:
        return functools.reduce(operator.or_, (p.mask() for p in self.parts), 0)

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        mine = self.mask().to_bytes(self._n, "little")
        return [float(mine[d]) for d in docs]

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        found = [p.doc(d, terms) for p in self.parts]
        return 1.0 if any(s is not None for s in found) else None

    def needs_check(self) -> bool:
        return any(p.needs_check() for p in self.parts)


def _members(mask: int, n: int) -> list[int]:
    return list(itertools.compress(range(n), mask.to_bytes(n, "little")))


class _Checked(_Node):
    """A node whose matches are all checked up front (a phrase after NOT)."""

    def __init__(self, child: _Node, n: int) -> None:
        self.child = child
        self._n = n
        self._mask: int | None = None

    def mask(self) -> int:
        if self._mask is None:
            found = [d for d in _members(self.child.mask(), self._n) if self.child.doc(d, None)]
            self._mask = _mask_of(found, self._n)
        return self._mask

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        raise UnsupportedQueryError("scores of a negated part")

    def doc(self, d: int, terms: list[Term] | None) -> float | None:
        return self.child.doc(d, terms) if (self.mask() >> (8 * d)) & 1 else None


class _Phrase(_Node):
    """Whoosh's SpanNear2 matcher with slop 1: the words at consecutive positions."""

    def __init__(self, words: list[_Node], n: int) -> None:
        self.words = words
        self.leaves = [_leaf_of(w) for w in words]
        # Scored as Whoosh's binary tree of intersections of the words.
        self.isect: _Node = make_binary_tree(_Intersection, words)
        self._n = n
        self._found: int | None = None
        self._checked: set[int] | None = None

    def _isect_mask(self) -> int:
        if self._found is None:
            self._found = self.isect.mask()
        return self._found

    def size(self) -> int:
        return self.isect.size()

    def mask(self) -> int:
        found = self._isect_mask()
        if self._checked is None:
            if found.bit_count() > EAGER_PHRASE_DOCS:
                return found  # checked later, best candidates first
            self._checked = {d for d in _members(found, self._n) if self._adjacent(d)}
        return _mask_of(self._checked, self._n)

    def scores(self, sel: bytes, docs: list[int]) -> list[float]:
        bound = self.isect.scores(sel, docs)
        self.mask()
        checked = self._checked
        if checked is None:
            return bound  # an upper bound, checked later
        return [s if d in checked else 0.0 for s, d in zip(bound, docs, strict=True)]

    def needs_check(self) -> bool:
        self.mask()
        return self._checked is None

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
        self.cache = reader_cache(reader)
        self.n = reader.doc_count_all()

    def node(self, m: Any) -> _Node:
        kind = type(m)
        if isinstance(m, NullMatcherClass):
            return _Empty()
        if kind is UnionMatcher:
            # A side without postings adds nothing (x + 0.0 is x).
            a, b = self.node(m.a), self.node(m.b)
            return b if isinstance(a, _Empty) else a if isinstance(b, _Empty) else _Union(a, b)
        if kind is IntersectionMatcher:
            a, b = self.node(m.a), self.node(m.b)
            if isinstance(a, _Empty) or isinstance(b, _Empty):
                return _Empty()
            return _Intersection(a, b)
        if kind is AndNotMatcher:
            return _AndNot(self.node(m.a), self.node(m.b), self.n)
        if kind is WrappingMatcher:
            child = self.node(m.child)
            return child if isinstance(child, _Empty) else _Boost(child, m.boost)
        if kind is FilterMatcher:
            return _Filter(self.node(m.child), m._ids, m._exclude, m.boost, self.n)
        if kind is SpanNear2.SpanNear2Matcher:
            if m.slop != 1 or not m.ordered or m.mindist != 1:
                raise UnsupportedQueryError("a phrase with slop")
            return _Phrase([self.node(w) for w in m.ms], self.n)
        if kind is ArrayUnionMatcher:
            # Whoosh's preloaded union: each match adds score * boost into an array, in the
            # order of the parts.
            if not m._scored:
                return _Unscored([self.node(sub) for sub in m._submatchers], self.n)
            parts: list[_Node] = [_Boost(self.node(sub), m._boost) for sub in m._submatchers]
            return functools.reduce(_union, parts) if parts else _Empty()
        if kind is W3LeafMatcher:
            return self._leaf(m, m._term, lambda: read_all(m), m.scorer)
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
        postings = Postings(ids, weights, [])
        return self._leaf(m, m._term, lambda: postings, m._scorer, cached=False)

    def _leaf(self, m: Any, term: Any, read: Any, scorer: Any, cached: bool = True) -> _Node:
        # Not m.is_active(): building the tree may have read a matcher to its end already.
        key = term if cached and isinstance(term, tuple) else None
        if key is not None:
            found = self.cache.get(key)
            size = len(found.ids) if found is not None else self.reader.doc_frequency(*key)
            partial = m if type(m) is W3LeafMatcher else None
            postings = Source(key, self.cache, read, partial, size)
        else:
            given = read()
            postings = Source(None, self.cache, lambda: given, None, len(given.ids))
        fmt = getattr(m, "format", None) or getattr(m, "_format", None)
        if scorer is None or type(scorer) is WeightScorer:
            # Scored by its weight.
            return _Leaf(term, postings, lambda w: w, ("weight",), None, self.cache, m, fmt, self.n)
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
            self.n,
        )


# ---------------------------------------------------------------------------- search
def _best_first(bounds: list[float], first: int) -> Iterable[int]:
    """Indexes of `bounds`, highest first (the lower index first among equals).

    Ordered `first` at a time, then four times as many, so a caller that stops early
    sorts only a few.
    """
    done = 0
    while done < len(bounds):
        order = heapq.nlargest(first, range(len(bounds)), key=bounds.__getitem__)
        yield from order[done:]
        done = len(order)
        first *= 4


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
    sizes: list[int] = []
    block_quality = False
    for sub, offset in searcher.leaf_searchers():
        # Not m.replace(0), as Whoosh's collector does first: it drops a NOT whose preloaded
        # union looks finished, and Whoosh then lists papers with the excluded word.
        m = q.matcher(sub, context)
        # Whoosh's collector counts every match unless its last segment's matcher can skip
        # blocks by quality; then the total is the query's estimate.
        block_quality = limit < searcher.doc_count() and m.supports_block_quality()
        compiler = _Compiler(sub.reader())
        segments.append((offset, compiler.node(m)))
        sizes.append(compiler.n)

    # Every match's score (phrases: an upper bound) and global document number, in
    # document order.
    bounds: list[float] = []
    gdocs: list[int] = []
    check = False
    for (offset, node), n in zip(segments, sizes, strict=True):
        sel = node.mask().to_bytes(n, "little")
        docs = list(itertools.compress(range(n), sel))
        if not docs:
            continue
        check = check or node.needs_check()
        bounds.extend(node.scores(sel, docs))
        gdocs.extend(map(offset.__add__, docs))

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
        # Whoosh's order: higher score first, then the lower document number. The page's
        # lowest score comes from the floats alone; then only those at or above it count.
        top = heapq.nlargest(limit, bounds)
        if top:
            keep = list(itertools.compress(range(len(bounds)), map(top[-1].__le__, bounds)))
            best = sorted((-bounds[i], gdocs[i]) for i in keep)[:limit]
        else:
            best = []
        hits = [(gdoc, -neg, matched(gdoc)) for neg, gdoc in best]
        if len(hits) < limit or exact_total:
            return Ranked(hits, len(bounds), True)
        if not block_quality:
            return Ranked(hits, len(bounds), False)
        return Ranked(hits, max(len(hits), int(q.estimate_size(searcher.reader()))), False)

    # Phrases: take candidates best first (an upper bound of their score), check each, and
    # stop once no later candidate can beat the page's last hit, unless every match counts.
    count_all = exact_total or not block_quality
    found: list[tuple[float, int]] = []  # a min-heap of (score, -gdoc)
    matches = 0
    timed_out = False
    checked = 0
    for i in _best_first(bounds, len(bounds) if count_all else 4 * limit):
        bound, gdoc = bounds[i], gdocs[i]
        if not count_all and len(found) >= limit and (bound, -gdoc) < found[0]:
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
