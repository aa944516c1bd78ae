"""`FastText`: Whoosh's TEXT field, whose indexing computes the analyzer's terms in one pass.

Whoosh's `TEXT.index` runs the analyzer chain token by token: a `Token` object and a
generator per filter for every word, which was half the CPU of building the index (the
other half is sorting and writing postings). The chains of `schema.py` treat each word on
its own (tokenise, lower-case, fold accents, drop stop words, stem, or cut edge n-grams), so
each distinct word is analysed once, through the analyzer's own filters, and remembered; a
document then costs one regular-expression pass and a dictionary lookup per word. Positions
(with the stop filter's renumbering), frequencies, weights and the encoded values are what
Whoosh's `Positions` and `Frequency` formats make (`tests/search/test_fast_text.py` compares
them byte for byte).

Queries, highlighting and spelling keep the field's Whoosh analyzer. A chain or format this
module does not know (or any keyword argument to `index`) takes Whoosh's own path.

The class is pickled into each index's table of contents by reference: keep its module and
name, or old indexes stop opening.
"""

from __future__ import annotations

import pickle
import re
import struct
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from operator import methodcaller
from typing import Any

from whoosh import formats
from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import TEXT
from whoosh.support.charset import accent_map

CACHE_MAX = 100_000
"""Distinct words remembered per kind of chain before its memory starts over (the
vocabulary of 10k generated papers is ~30k words)."""

_pack_uint = struct.Struct("!I").pack
_Terms = tuple[bytes, ...]
_Postings = list[tuple[bytes, int, float, bytes]]


@dataclass(frozen=True)
class _Stop:
    stops: frozenset[str]
    minsize: int
    maxsize: int | None
    renumber: bool


@dataclass(frozen=True)
class _Plan:
    """What a known analyzer chain does to one word, and the memory of words seen."""

    pattern: re.Pattern[str]
    maps: tuple[Callable[[str], str], ...]
    stop: _Stop | None
    stem: Callable[[str], str] | None
    stem_ignore: frozenset[str]
    ngram: tuple[int, int] | None
    cache: dict[str, _Terms]

    def words(self, value: str) -> list[str]:
        if self.pattern.groups:
            return [m.group(0) for m in self.pattern.finditer(value)]
        return self.pattern.findall(value)

    def terms(self, word: str) -> _Terms:
        """The terms one word becomes (none: a stop word), as the Whoosh chain makes them."""
        found = self.cache.get(word)
        if found is None:
            found = self._analyse(word)
            if len(self.cache) >= CACHE_MAX:
                self.cache.clear()
            self.cache[word] = found
        return found

    def _analyse(self, word: str) -> _Terms:
        text = word
        for change in self.maps:
            text = change(text)
        stop = self.stop
        if stop is not None and (
            len(text) < stop.minsize
            or (stop.maxsize is not None and len(text) > stop.maxsize)
            or text in stop.stops
        ):
            return ()
        if self.stem is not None and text not in self.stem_ignore:
            text = self.stem(text)
        if self.ngram is not None:
            low, high = self.ngram
            if len(text) < low:
                return ()
            return tuple(
                text[:size].encode("utf-8") for size in range(low, min(high, len(text)) + 1)
            )
        return (text.encode("utf-8"),)


# One word memory per kind of chain, shared by the fields (and schema copies) using it.
_CACHES: dict[tuple[Any, ...], dict[str, _Terms]] = {}
_CACHES_LOCK = threading.Lock()


def _plan(analyzer: Any) -> _Plan | None:
    """The one-pass equivalent of `analyzer`, or None when its chain is not one we know."""
    items = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
    tokenizer = items[0]
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps:
        return None
    maps: list[Callable[[str], str]] = []
    key: list[Any] = [tokenizer.expression.pattern, tokenizer.expression.flags]
    stop: _Stop | None = None
    stem: Callable[[str], str] | None = None
    ignore: frozenset[str] = frozenset()
    ngram: tuple[int, int] | None = None
    stage = 0  # maps (0), then the stop filter (1), the stemmer (2), n-grams (3), in order
    for item in items[1:]:
        kind = type(item)
        if kind is LowercaseFilter and stage == 0:
            maps.append(str.lower)
            key.append("lower")
        elif kind is CharsetFilter and stage == 0:
            charmap = item.charmap
            maps.append(methodcaller("translate", charmap))
            # A copy of the accent map (an unpickled schema's) shares the memory of words.
            key.append(("charset", "accents" if charmap == accent_map else id(charmap)))
        elif kind is StopFilter and stage < 1:
            stop = _Stop(item.stops, item.min, item.max, item.renumber)
            key.append(("stop", stop))
            stage = 1
        elif kind is StemFilter and stage < 2:
            stem, ignore = item._stem, item.ignore
            key.append(("stem", item.stemfn, item.lang, ignore))
            stage = 2
        elif kind is NgramFilter and stage < 3 and item.at == -1:
            ngram = (item.min, item.max)
            key.append(("ngram", ngram))
            stage = 3
        else:
            return None
    with _CACHES_LOCK:
        cache = _CACHES.setdefault(tuple(key), {})
    return _Plan(tokenizer.expression, tuple(maps), stop, stem, ignore, ngram, cache)


_ONE_POSITION: dict[int, bytes] = {}
_FREQUENCY: dict[int, bytes] = {}


def _positions_value(positions: list[int]) -> bytes:
    """`formats.Positions.encode`: the count, then the pickled position deltas."""
    if len(positions) == 1:
        pos = positions[0]
        found = _ONE_POSITION.get(pos)
        if found is None:
            found = _pack_uint(1) + pickle.dumps(positions, 2)
            if pos < 65536:
                _ONE_POSITION[pos] = found
        return found
    deltas = [positions[0]]
    deltas.extend(b - a for a, b in pairwise(positions))
    return _pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


def _encode_positions(positions: list[int]) -> bytes:
    if len(positions) == 1:
        found = _ONE_POSITION.get(positions[0])
        if found is not None:
            return found
    return _positions_value(positions)


_MANY = 256
_WEIGHTS = [float(n) for n in range(_MANY)]
"""A posting's weight for a term seen n times (boost 1), shared by every posting."""

_Posted = tuple[int, bytes | None, int]


def _frequency_value(freq: int) -> bytes:
    found = _FREQUENCY.get(freq)
    if found is None:
        found = _FREQUENCY[freq] = _pack_uint(freq)
    return found


class FastText(TEXT):
    """A TEXT field whose `index` gives Whoosh's own terms without running its token chain."""

    def _fast_plan(self) -> _Plan | None:
        plan: _Plan | bool | None = self.__dict__.get("_fast", False)
        if plan is False:
            known = type(self.format) in (formats.Positions, formats.Frequency)
            plan = self.__dict__["_fast"] = _plan(self.analyzer) if known else None
        return plan  # type: ignore[return-value]

    def __getstate__(self) -> dict[str, Any]:
        # The plan holds functions and a shared memory: it is made again after unpickling.
        return {k: v for k, v in self.__dict__.items() if k != "_fast"}

    def index(self, value: Any, **kwargs: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
        plan = self._fast_plan()
        if plan is None or kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)  # type: ignore[no-any-return]
        words = plan.words(value)
        if type(self.format) is formats.Frequency:
            return self._frequencies(plan, words)
        return self._positions(plan, words)

    def post(self, value: Any, docnum: int, terms: dict[bytes, list[Any]]) -> _Posted | None:
        """Add `value`'s postings to `terms` (term -> flat `docnum, weight, value` list).

        What `index` gives, posted straight into a `fast_writer.TermPool` field without a
        tuple per posting. Returns the field's length, the last posting's value and how many
        postings were made; None when this field takes Whoosh's path (nothing is posted).
        """
        plan = self._fast_plan()
        if plan is None or not isinstance(value, str) or self.format.field_boost != 1.0:
            return None
        words = plan.words(value)
        get = terms.get
        length = 0
        encoded: bytes | None = None
        if type(self.format) is formats.Frequency:
            counts = self._frequency_counts(plan, words)
            for term, count in counts.items():
                length += count
                encoded = _frequency_value(count)
                weight = _WEIGHTS[count] if count < _MANY else float(count)
                flat = get(term)
                if flat is None:
                    terms[term] = [docnum, weight, encoded]
                else:
                    flat += (docnum, weight, encoded)
            return length, encoded, len(counts)
        poses = self._position_lists(plan, words)
        one = _ONE_POSITION.get
        for term, positions in poses.items():
            count = len(positions)
            length += count
            if count == 1:
                encoded = one(positions[0]) or _positions_value(positions)
                weight = 1.0
            else:
                encoded = _positions_value(positions)
                weight = _WEIGHTS[count] if count < _MANY else float(count)
            flat = get(term)
            if flat is None:
                terms[term] = [docnum, weight, encoded]
            else:
                flat += (docnum, weight, encoded)
        return length, encoded, len(poses)

    @staticmethod
    def _frequency_counts(plan: _Plan, words: Sequence[str]) -> dict[bytes, int]:
        """Each term's count, in first-seen order (Whoosh's order of postings)."""
        analysed = list(map(plan.cache.get, words))
        if None in analysed:  # words not seen yet
            terms = plan.terms
            analysed = [
                a if a is not None else terms(w) for a, w in zip(analysed, words, strict=True)
            ]
        # Counting in C: the edge n-grams are ~110 terms per paper.
        return Counter(chain.from_iterable(analysed))  # type: ignore[arg-type]

    def _frequencies(self, plan: _Plan, words: Sequence[str]) -> _Postings:
        boost = self.format.field_boost
        freqs = self._frequency_counts(plan, words)
        return [(t, f, float(f) * boost, _frequency_value(f)) for t, f in freqs.items()]

    @staticmethod
    def _position_lists(plan: _Plan, words: Sequence[str]) -> dict[bytes, list[int]]:
        """Each term's positions, in first-seen order (Whoosh's order of postings)."""
        cached = plan.cache.get
        analysed = [cached(w) for w in words]
        if None in analysed:  # words not seen yet
            terms = plan.terms
            analysed = [
                a if a is not None else terms(w) for a, w in zip(analysed, words, strict=True)
            ]
        stop = plan.stop
        renumber = stop is not None and stop.renumber
        poses: dict[bytes, list[int]] = {}
        get = poses.get
        if plan.ngram is None:  # one term per word, none for a stop word
            if renumber:
                # Whoosh's StopFilter keeps the first kept word's position and numbers the
                # following kept words on from it.
                kept = [found[0] for found in analysed if found]
                first = next((i for i, found in enumerate(analysed) if found), 0)
                numbered: Iterable[tuple[int, bytes]] = enumerate(kept, first)
            else:
                numbered = ((i, found[0]) for i, found in enumerate(analysed) if found)
            for pos, term in numbered:
                positions = get(term)
                if positions is None:
                    poses[term] = [pos]
                else:
                    positions.append(pos)
        else:
            pos = -1
            for i, found in enumerate(analysed):
                if not found:
                    continue  # a stop word: no posting, and (renumbered) no position
                pos = i if not renumber or pos < 0 else pos + 1
                for term in found:
                    positions = get(term)
                    if positions is None:
                        poses[term] = [pos]
                    else:
                        positions.append(pos)
        return poses

    def _positions(self, plan: _Plan, words: Sequence[str]) -> _Postings:
        boost = self.format.field_boost
        return [
            (term, len(positions), float(len(positions)) * boost, _encode_positions(positions))
            for term, positions in self._position_lists(plan, words).items()
        ]

    def spellable_words(self, value: Any) -> Iterable[str]:
        """The unstemmed words for the spelling field, as Whoosh's `no_morph` chain gives."""
        plan = self._fast_plan()
        if plan is None or plan.ngram is not None or not isinstance(value, str):
            return super().spellable_words(value)  # type: ignore[no-any-return]
        words: set[str] = set()
        stop = plan.stop
        for word in set(plan.words(value)):
            text = word
            for change in plan.maps:
                text = change(text)
            if stop is not None and (
                len(text) < stop.minsize
                or (stop.maxsize is not None and len(text) > stop.maxsize)
                or text in stop.stops
            ):
                continue
            words.add(text)
        return iter(sorted(words))
