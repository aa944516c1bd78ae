"""Where a search's time goes: parsing, scoring, stored fields, texts, highlighting, the count.

    python benchmarks/search_breakdown.py --papers N [--json] [--repeat R]

Runs the query sets of `search.py` (typing, full, fuzzy) through `Library.search` with each
phase wrapped in a timer, and prints each phase's share of the total. CPU time of the
calling thread (`time.thread_time`) is used, so other processes on a busy machine count
less than they do in wall time. The phases:

- parse: `QueryParser.parse` / `.typing` (the query language to a Whoosh query);
- score: matching and BM25F scoring of every match (`scoring.ranked`, or Whoosh's
  `search_with_collector` for a query it does not cover);
- stored: reading the hits' stored fields (the paper id of each hit);
- texts: reading the shown hits' texts from SQLite for their snippets;
- highlight: cutting and marking the snippets;
- count: the total (Whoosh's estimate, or an exact recount when asked);
- suggest: "did you mean" when nothing matched;
- other: the rest of `Library.search` (the searcher, building results).

Each query set is searched once untimed first, so the posting cache of `search/scoring.py`
holds the queries' terms (as after a few searches of a session); `--cold` empties it before
every search, `--whoosh` scores with Whoosh's own collector as before that module.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import generate
import search as search_bench
from papershelf.core.errors import QueryError
from papershelf.library import Library

PHASES = ("parse", "score", "stored", "texts", "highlight", "count", "suggest")


class Timers:
    """Accumulated CPU seconds per phase; nested phases are not double counted."""

    def __init__(self) -> None:
        self.total: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self._depth = 0

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        if self._depth:
            yield
            return
        self._depth += 1
        t0 = time.thread_time()
        try:
            yield
        finally:
            self.total[name] += time.thread_time() - t0
            self._depth -= 1

    def wrap(self, owner: Any, attr: str, name: str) -> None:
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.phase(name):
                return original(*args, **kwargs)

        setattr(owner, attr, timed)


def instrument(lib: Library, timers: Timers) -> None:
    from papershelf.search import scoring
    from papershelf.search.index import SearchIndex
    from whoosh import reading, searching

    timers.wrap(type(lib.parser), "parse", "parse")
    timers.wrap(type(lib.parser), "typing", "parse")
    timers.wrap(scoring, "ranked", "score")
    timers.wrap(searching.Searcher, "search_with_collector", "score")
    # The searcher copies its reader's methods when it opens (after this).
    timers.wrap(reading.SegmentReader, "stored_fields", "stored")
    timers.wrap(reading.MultiReader, "stored_fields", "stored")
    timers.wrap(searching.Hit, "fields", "stored")
    timers.wrap(searching.Results, "estimated_length", "count")
    timers.wrap(searching.Results, "__len__", "count")
    timers.wrap(SearchIndex, "_snippet", "highlight")
    timers.wrap(SearchIndex, "_suggest", "suggest")
    timers.wrap(lib, "_texts", "texts")


def variant(whoosh: bool, cold: bool) -> None:
    """Search through Whoosh's collector, or with an empty posting cache each time."""
    from papershelf.search import postings
    from papershelf.search.index import SearchIndex

    original = SearchIndex.search

    def search(self: SearchIndex, *args: Any, **kwargs: Any) -> Any:
        if cold:
            postings.clear_caches()
        return original(self, *args, **{**kwargs, "fast": not whoosh})

    SearchIndex.search = search  # type: ignore[method-assign]


def breakdown(
    lib: Library, timers: Timers, queries: list[str], repeat: int, **kwargs: Any
) -> dict[str, Any]:
    search: Callable[..., Any] = lib.search
    for q in queries:  # warm-up: searcher, caches
        with suppress(QueryError):
            search(q, limit=20, **kwargs)
    timers.total = dict.fromkeys(PHASES, 0.0)
    total = 0.0
    for _ in range(repeat):
        for q in queries:
            t0 = time.thread_time()
            with suppress(QueryError):
                search(q, limit=20, **kwargs)
            total += time.thread_time() - t0
    out = {k: round(v * 1000 / (repeat * len(queries)), 2) for k, v in timers.total.items()}
    out["other"] = round(total * 1000 / (repeat * len(queries)) - sum(out.values()), 2)
    out["total"] = round(total * 1000 / (repeat * len(queries)), 2)
    return {"ms_per_query": out, "share": {k: round(v / out["total"], 3) for k, v in out.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--whoosh",
        action="store_true",
        help="score with Whoosh's own collector (the path before search/scoring.py)",
    )
    ap.add_argument(
        "--cold",
        action="store_true",
        help="empty the posting cache before every search (a term's first search after a commit)",
    )
    args = ap.parse_args(argv)
    lib_dir = generate.default_dir(args.papers)
    generate.ensure_library(args.papers, lib_dir, 0)
    with Library.open(lib_dir, indexing="none") as lib:
        lib.index()
        queries = search_bench.build_queries(lib, 0)
        timers = Timers()
        instrument(lib, timers)
        if args.whoosh or args.cold:
            variant(args.whoosh, args.cold)
        out = {
            "papers": args.papers,
            "typing": breakdown(
                lib, timers, queries["typing"], args.repeat, mode="typing", snippets=0
            ),
            "full": breakdown(
                lib, timers, [q for q, _, _ in queries["full"]], args.repeat, snippets=20
            ),
            "fuzzy": breakdown(lib, timers, queries["fuzzy"], args.repeat, snippets=20),
        }
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"CPU ms per query at {args.papers} papers (share of the total):")
    for kind in ("typing", "full", "fuzzy"):
        row = out[kind]
        cells = ", ".join(
            f"{k} {v:g} ({row['share'][k]:.0%})" for k, v in row["ms_per_query"].items() if v
        )
        print(f"  {kind:7} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
