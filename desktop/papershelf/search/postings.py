"""Posting lists of a Whoosh segment read in bulk, and kept while their reader lives.

Whoosh reads a posting list one block at a time as its matcher steps along it. Here a
term's ids and weights are read block by block into arrays (`read_all`), or only the blocks
that may hold some given documents (`read_some`, from the block directory), and kept per
segment reader within `CACHE_BYTES`, with what `search/scoring.py` derives from them
(scores, masks, word positions a phrase needed). A reader's cache dies with the reader, so a
commit, which opens new readers, leaves nothing stale.
"""

from __future__ import annotations

import itertools
import re
import threading
import weakref
import zlib
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher

CACHE_BYTES = 48 * 1024 * 1024
"""Posting arrays and scores kept per segment reader (ids 4 B, weight 4 B, score 8 B each)."""

Term = tuple[str, bytes]


@dataclass
class Postings:
    ids: array[int]
    weights: array[float]
    blocks: list[tuple[int, int]]
    """(last id, file offset) of each block, to read one block's positions again."""
    scores: dict[tuple[Any, ...], array[float]] = field(default_factory=dict)
    mask: int | None = None
    values: dict[int, dict[int, bytes]] = field(default_factory=dict)
    """Blocks whose word positions a phrase read: document -> the encoded positions."""

    def nbytes(self) -> int:
        kept = 8 * len(self.ids) + sum(8 * len(s) for s in self.scores.values()) + 64
        kept += VALUE_BYTES * sum(len(v) for v in self.values.values())
        return kept + (self.mask.bit_length() // 8 if self.mask is not None else 0)


class ReaderCache:
    """Least recently used posting arrays of one segment reader, within `CACHE_BYTES`."""

    def __init__(self) -> None:
        self.entries: OrderedDict[Term, Postings] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self._directories: dict[Term | None, list[tuple[int, int]]] = {}

    def directory(self, term: Term | None, m: W3LeafMatcher) -> list[tuple[int, int]]:
        """The blocks of a term's posting list, kept for reading some of them again."""
        with self.lock:
            found = self._directories.get(term)
        if found is None:
            found = block_directory(m)
            with self.lock:
                if len(self._directories) >= DIRECTORIES_MAX:
                    self._directories.clear()
                self._directories[term] = found
        return found

    def get(self, term: Term) -> Postings | None:
        with self.lock:
            found = self.entries.get(term)
            if found is not None:
                self.entries.move_to_end(term)
            return found

    def put(self, term: Term, postings: Postings) -> None:
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


_CACHES: weakref.WeakKeyDictionary[Any, ReaderCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def reader_cache(reader: Any) -> ReaderCache:
    with _CACHES_LOCK:
        cache = _CACHES.get(reader)
        if cache is None:
            cache = _CACHES[reader] = ReaderCache()
        return cache


_ONE = array("f", [1.0])


def read_all(m: W3LeafMatcher) -> Postings:
    """Every id and weight of a freshly opened on-disk posting list, block by block."""
    ids: array[int] = array("I")
    weights: array[float] = array("f")
    blocks: list[tuple[int, int]] = []
    # Building the tree moved intersections and phrases past their first blocks.
    m.reset()
    offset = m._baseoffset
    while True:
        read_block(m, ids, weights)
        blocks.append((m._maxid, offset))
        if m._lastblock:
            break
        offset = m._nextoffset
        m._goto(offset)
    return Postings(ids, weights, blocks)


def block_directory(m: W3LeafMatcher) -> list[tuple[int, int]]:
    """(last id, file offset) of every block of a posting list, from the block headers."""
    found = []
    m.reset()
    offset = m._baseoffset
    while True:
        found.append((m._maxid, offset))
        if m._lastblock:
            return found
        offset = m._nextoffset
        m._goto(offset)


def read_some(m: W3LeafMatcher, wanted: list[int], directory: list[tuple[int, int]]) -> Postings:
    """The blocks of a posting list that may hold one of `wanted` (sorted), read in bulk."""
    ids: array[int] = array("I")
    weights: array[float] = array("f")
    blocks: list[tuple[int, int]] = []
    low, j = 0, 0
    for last, offset in directory:
        j = bisect_left(wanted, low, j)
        if j >= len(wanted):
            break
        if wanted[j] <= last:
            m._goto(offset)
            read_block(m, ids, weights)
            blocks.append((last, offset))
        low = last + 1
    return Postings(ids, weights, blocks)


# A block is the pickle (protocol 2) of (ids, weights, values): ids a tuple of ints,
# weights None, one float or a tuple of floats, values (word positions) a tuple of bytes.
# The values are most of its objects; a copy of the pickle cut after the weights loads the
# ids and weights alone. Any other shape is loaded whole.
_INT = rb"(?:K.|M..|J....)"
_FLOAT = rb"G.{8}"
_MEMO = rb"(?:q.|r....)?"


def _tuple_of(item: bytes) -> bytes:
    return rb"(?:\((?:%s)*t|(?:%s){1,3}[\x85\x86\x87]|\))%s" % (item, item, _MEMO)


_IDS_WEIGHTS = re.compile(
    # The tuple first: its first float alone would match too.
    rb"\x80\x02" + _tuple_of(_INT) + rb"(?:" + _tuple_of(_FLOAT) + rb"|N|" + _FLOAT + rb")",
    re.DOTALL,
)


def block_data(m: W3LeafMatcher) -> tuple[Any, ...]:
    """(ids, weights, ...) of the matcher's current block, as W3LeafMatcher._read_data."""
    raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
    if m._compression:
        raw = zlib.decompress(raw)
    found = _IDS_WEIGHTS.match(raw)
    if found is not None:
        data: tuple[Any, ...] = loads(raw[: found.end()] + b"N\x87.")
        return data
    data = loads(raw)
    return data


def read_block(m: W3LeafMatcher, ids: array[int], weights: array[float]) -> None:
    """W3LeafMatcher._read_ids and _read_weights, without their per-posting generators."""
    block_ids, block_weights = block_data(m)[:2]
    n = m._blocklength
    ids.extend(block_ids if m._byteids else itertools.accumulate(block_ids))
    if block_weights is None:
        weights.extend(_ONE * n)
    elif isinstance(block_weights, float):
        weights.extend(array("f", [block_weights]) * n)
    elif isinstance(block_weights, array) and block_weights.typecode == "f":
        weights.extend(block_weights)
    else:
        weights.extend(array("f", block_weights))


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
        cache = reader_cache(reader)
        postings = cache.get((fieldname, btext))
        if postings is None:
            postings = read_all(m)
            cache.put((fieldname, btext), postings)
        ids = postings.ids
    else:
        return None
    deleted = reader.deleted_docs_set
    return set(ids).difference(deleted) if deleted else ids


@dataclass
class Source:
    """Where a leaf's postings come from: the reader's cache, or the index file."""

    key: Term | None
    cache: ReaderCache
    read: Callable[[], Postings]
    matcher: W3LeafMatcher | None
    """For reading only some blocks; None: the postings are at hand."""
    size: int
    """The term's document frequency in the segment."""

    def cached(self) -> Postings | None:
        return self.cache.get(self.key) if self.key is not None else None

    def full(self) -> Postings:
        found = self.cached()
        if found is None:
            found = self.read()
            if self.key is not None:
                self.cache.put(self.key, found)
        return found


VALUE_BYTES = 120
"""What one document's encoded positions cost in memory, about (a dict entry, an int and a
short bytes object)."""
DIRECTORIES_MAX = 4096
"""Block directories kept per reader (for terms read in part; ~16 B per block)."""


def clear_caches() -> None:
    """Forget every reader's postings (benchmarks time a term's first search this way)."""
    with _CACHES_LOCK:
        _CACHES.clear()
