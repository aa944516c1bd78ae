"""Benchmark the core library: search latency, open time, edits, import, rebuild, FTS5 baseline.

    python benchmarks/search.py --papers N [--json] [--lib DIR] [--repeat R] [--rebuild]

Generates (or reuses) the library of `generate.py`, then measures, each kind warmed up once:

- typing: every prefix (2+ chars) of ~15 queries from the library's own titles, authors and
  tags, through `lib.search(q, mode="typing", limit=20, snippets=0)`;
- full / fuzzy: words, phrases, fields, `word~` through `mode="full", limit=20, snippets=20`;
- open_s: a fresh process (interpreter + imports) opening the library and loading the first
  sorted page (`list_ids(limit=50)` + `get_many` of them; the window lists every id, which
  `benchmarks/gui.py` times), median of 5, beside its floor (open_floor_s:
  the same interpreter, sqlite3 reading 50 rows) and `papershelf list --limit 50`
  (cli_list_s); bytecode is cached (outside the tree) as an installed app's is;
- edits: commit time of a tag change, and time until `tag:x` finds it (sync in between);
- import_s: 10k generated papers into an empty library through `lib.import_drafts`;
- rebuild_s: `lib.reindex()` (only with --rebuild or N <= 10000);
- an SQLite FTS5 baseline over the same data, same run; the FTS5 build that is the import's
  floor (fts5_build_s) runs right before the import (fts5_build_first_s: the first build,
  minutes earlier, whose table the queries use).

Ratios to the floors of the same run (typing_ratio, full_ratio: p95 over FTS5's p95;
open_ratio, cli_list_ratio: over open_floor_s; import_ratio: over the FTS5 build) are what
compares across machines and loads; `bench_check.py` holds them against baseline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import generate
import whoosh
import wordlists
from papershelf import __version__
from papershelf.core.errors import QueryError
from papershelf.core.query import SortKey
from papershelf.library import Library

IMPORT_PAPERS = 10_000
RATIO_KEYS = ("typing_ratio", "full_ratio", "open_ratio", "cli_list_ratio", "import_ratio")
"""Each a measure over its floor in the same run (FTS5, a bare sqlite3 process)."""
FTS5_FILE = "fts5-baseline.sqlite"
Query = tuple[str, str | None, tuple[int, int] | None]  # (papershelf, FTS5 MATCH, year range)

FULL_FIXED: list[Query] = [
    ("diffusion", '"diffusion"', None),
    ("rectified flow", '"rectified" "flow"', None),
    ("knowledge distillation transformer", '"knowledge" "distillation" "transformer"', None),
    ('"diffusion models"', '"diffusion models"', None),
    ("title:transformer", 'title : "transformer"', None),
    ("author:müller", 'authors : "müller"', None),
    ("author:stutzle", 'authors : "stutzle"', None),
    ("year:2020..2023 diffusion", '"diffusion"', (2020, 2023)),
    ("distill* student", '"distill"* "student"', None),
    ("trans* model", '"trans"* "model"', None),  # a short prefix of very common words
    ("diffusion -image", '"diffusion" NOT "image"', None),
    ("flow OR diffusion", '"flow" OR "diffusion"', None),
    ("tag:survey", 'tags : "survey"', None),
    ("difusion modles", '"difusion" "modles"', None),  # no hits: exercises "did you mean"
]
TYPING_FIXED = [
    "diffusion mod",
    "transformer",
    "rectified flow",
    "knowledge distillation",
    "stutzle",
    "Müller",
]
WORD_PLUS_PREFIX = ["diffusion sa", "model dis", "neural ope"]
FUZZY_FIXED = [
    "difusion~",
    "transfomer~",
    "distilation~",
    "rectifed~",
    "tranformr~2",
    "difusion~ modles~",
    "author:muler~",
]


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentile(values: Sequence[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100)."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_queries(run: Callable[[str], int], queries: Sequence[str], repeat: int) -> dict[str, Any]:
    """Warm up once, then time every query `repeat` times; returns stats and worst queries."""
    run(queries[0])
    samples: list[float] = []
    per_query: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for _ in range(repeat):
        for q in queries:
            t0 = time.perf_counter()
            hits[q] = run(q)
            ms = (time.perf_counter() - t0) * 1000
            samples.append(ms)
            per_query.setdefault(q, []).append(ms)
    return _stats(samples, per_query, hits)


def _stats(
    samples: list[float], per_query: dict[str, list[float]], hits: dict[str, int]
) -> dict[str, Any]:
    medians = sorted(((statistics.median(v), q) for q, v in per_query.items()), reverse=True)
    return {
        "queries": len(per_query),
        "samples": len(samples),
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "worst": [{"query": q, "ms": round(ms, 2), "hits": hits[q]} for ms, q in medians[:6]],
    }


def time_beside(
    ours: Callable[[str], int],
    floor: Callable[[str], int],
    queries: Sequence[str],
    floor_queries: set[str],
    repeat: int,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`time_queries` of ours and of the floor, each query timed right after the other's.

    Both are warmed up once; the floor runs the queries it can express (`floor_queries`).
    """
    ours(queries[0])
    floor(next(q for q in queries if q in floor_queries))
    sides: list[tuple[list[float], dict[str, list[float]], dict[str, int]]] = [
        ([], {}, {}),
        ([], {}, {}),
    ]
    for _ in range(repeat):
        for q in queries:
            for side, run in zip(sides, (ours, floor), strict=True):
                if run is floor and q not in floor_queries:
                    continue
                t0 = time.perf_counter()
                side[2][q] = run(q)
                ms = (time.perf_counter() - t0) * 1000
                side[0].append(ms)
                side[1].setdefault(q, []).append(ms)
    return _stats(*sides[0]), _stats(*sides[1])


def prefixes(phrases: Sequence[str]) -> list[str]:
    """Every prefix of 2+ characters of each phrase, as typed (no trailing space)."""
    out = [p[:k] for p in phrases for k in range(2, len(p) + 1) if not p[:k].endswith(" ")]
    return list(dict.fromkeys(out))


def _misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 2)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1 :]
    if op == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def build_queries(lib: Library, seed: int) -> dict[str, Any]:
    """The query sets: fixed ones plus phrases drawn from the library's own records."""
    rng = random.Random(seed + 99)
    ids = sorted(lib.list_ids(sort=SortKey.ADDED))
    sample = lib.get_many(rng.sample(ids, min(60, len(ids))), details=False)
    skip = {*wordlists.CONNECTORS, "towards", "the", "learning"}

    def title_words(title: str) -> list[str]:
        found = re.findall(r"[^\W\d_]{3,}", title.lower())
        return [w for w in found if w not in skip]

    typing = list(TYPING_FIXED)
    with_words = [p for p in sample if len(title_words(p.title)) >= 4]
    for paper in with_words[:4]:
        words = title_words(paper.title)
        i = rng.randrange(len(words) - 1)
        typing.append(f"{words[i]} {words[i + 1]}")
    surnames = [a.split()[-1] for p in sample for a in p.authors]
    typing += [surnames[3].lower(), surnames[17]]
    typing.append(sample[5].authors[0].lower())
    tags = [name for name, _ in lib.tags()]
    typing.append(tags[rng.randrange(len(tags))].lower() if tags else "survey")
    w1, w2 = title_words(with_words[5].title)[0], title_words(with_words[6].title)[0]
    word_plus_prefix = [*WORD_PLUS_PREFIX, f"{w1} {w2[:3]}"]

    full: list[Query] = list(FULL_FIXED)
    for j, n_words in enumerate((1, 1, 2, 2, 3, 3)):
        paper = sample[20 + j]
        words = list(dict.fromkeys(re.findall(r"[a-z]{6,}", (paper.abstract or "").lower())))
        picked = rng.sample(words, n_words)
        full.append((" ".join(picked), " ".join(f'"{w}"' for w in picked), None))

    fuzzy = list(FUZZY_FIXED)
    for paper in with_words[8:12]:
        word = max(title_words(paper.title), key=len)
        fuzzy.append(_misspell(rng, word) + "~")
    return {
        "typing_phrases": typing + word_plus_prefix,
        "typing": prefixes(typing) + word_plus_prefix,
        "full": full,
        "fuzzy": fuzzy,
    }


# --------------------------------------------------------------------------- measurements
OPEN_CODE = """
import json, sys, time
t0 = time.perf_counter()
from papershelf.library import Library
from papershelf.core.query import SortKey
t1 = time.perf_counter()
lib = Library.open(sys.argv[1])
t2 = time.perf_counter()
ids = lib.list_ids(sort=SortKey.ADDED, limit=50)
page = lib.get_many(ids)
t3 = time.perf_counter()
lib.close()
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1, "first_page_s": t3 - t2,
                  "listed": len(ids), "page": len(page)}))
"""


FLOOR_CODE = """
import json, sqlite3, sys, time
t0 = time.perf_counter()
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT * FROM papers WHERE trashed_at IS NULL ORDER BY added_at DESC, id DESC LIMIT 50"
).fetchall()
conn.close()
print(json.dumps({"page_s": time.perf_counter() - t0, "page": len(rows)}))
"""
"""The floor of a cold start: the same interpreter reading the first 50 rows with sqlite3."""


def bytecode_env(cache: Path) -> dict[str, str]:
    """The environment of a timed fresh process: compiled bytecode is cached and reused.

    An installed Papershelf (pip, the bundle) starts from compiled `.pyc` files; a shell
    with PYTHONDONTWRITEBYTECODE set would instead compile every module on every start and
    time the compiler. The cache lives in `cache`, outside the source tree.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def _timed_process(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, check=True, capture_output=True, text=True, env=env)
    return time.perf_counter() - t0, proc.stdout


def measure_open(path: Path, runs: int = 5) -> dict[str, Any]:
    """Fresh processes, interleaved: the floor, the library API, the CLI's `list --limit 50`.

    Each kind runs once untimed first (page cache, bytecode cache), then `runs` times; the
    medians are compared, so a busy machine slows the floor and the measure alike.
    """
    env = bytecode_env(path.parent / "pycache")
    kinds: dict[str, list[str]] = {
        "floor": [sys.executable, "-c", FLOOR_CODE, str(path / "library.sqlite")],
        "api": [sys.executable, "-c", OPEN_CODE, str(path)],
        "cli": [
            sys.executable,
            "-m",
            "papershelf",
            "--library",
            str(path),
            "list",
            "--limit",
            "50",
        ],
    }
    samples: dict[str, list[float]] = {k: [] for k in kinds}
    api_runs: list[dict[str, Any]] = []
    for argv in kinds.values():
        _timed_process(argv, env)  # warm-up: compiles and caches bytecode
    for _ in range(runs):
        for k, argv in kinds.items():
            wall, stdout = _timed_process(argv, env)
            samples[k].append(wall)
            if k == "api":
                parts = json.loads(stdout)
                api_runs.append(
                    {
                        "wall_s": round(wall, 4),
                        **{n: round(v, 4) if isinstance(v, float) else v for n, v in parts.items()},
                    }
                )
            elif k == "cli" and len(stdout.splitlines()) != 50:
                raise RuntimeError(f"papershelf list printed {len(stdout.splitlines())} lines")
    median = {k: round(statistics.median(v), 3) for k, v in samples.items()}
    median_run = sorted(api_runs, key=lambda r: r["wall_s"])[len(api_runs) // 2]
    return {
        "open_s": median["api"],
        "open_floor_s": median["floor"],
        "cli_list_s": median["cli"],
        "median_run": median_run,
        "runs": api_runs,
        "samples_s": {k: [round(x, 4) for x in v] for k, v in samples.items()},
        "bytecode_cache": env["PYTHONPYCACHEPREFIX"],
    }


def measure_edits(lib: Library, seed: int, rounds: int = 10) -> dict[str, Any]:
    """Tag change commit time and time until `tag:<new>` finds the paper; reverted after."""
    rng = random.Random(seed + 7)
    ids = lib.list_ids()
    commit_ms, searchable_s, sync_ms = [], [], []
    for i in range(rounds):
        pid, tag = rng.choice(ids), f"benchedit{i}x{rng.randrange(10**6)}"
        t0 = time.perf_counter()
        lib._store.change_tags([pid], add=[tag])
        t1 = time.perf_counter()
        lib.sync_index()
        t2 = time.perf_counter()
        while not any(h.paper_id == pid for h in lib.search("tag:" + tag, snippets=0).hits):
            if time.perf_counter() - t0 > 10:
                raise RuntimeError(f"tag {tag} on paper {pid} not searchable after 10 s")
        t3 = time.perf_counter()
        commit_ms.append((t1 - t0) * 1000)
        sync_ms.append((t2 - t1) * 1000)
        searchable_s.append(t3 - t0)
        lib._store.change_tags([pid], remove=[tag])
    other: dict[str, float] = {}
    pid = rng.choice(ids)
    before = lib.get(pid)
    for name, edit in (
        ("set_status", lambda: lib._store.set_status(pid, next_status(before.status))),
        ("set_priority", lambda: lib._store.set_priority(pid, (before.priority + 1) % 4)),
        ("set_note", lambda: lib._store.set_note(pid, "benchmark note " + str(seed))),
    ):
        t0 = time.perf_counter()
        edit()
        other[name + "_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    lib._store.set_status(pid, before.status)
    lib._store.set_priority(pid, before.priority)
    lib._store.set_note(pid, before.note or "")
    lib.sync_index()
    return {
        "edit_commit_ms": round(statistics.median(commit_ms), 2),
        "edit_commit_max_ms": round(max(commit_ms), 2),
        "edit_sync_ms": round(statistics.median(sync_ms), 2),
        "edit_searchable_s": round(statistics.median(searchable_s), 4),
        "edit_searchable_max_s": round(max(searchable_s), 4),
        "rounds": rounds,
        "other_commits": other,
    }


def next_status(status: Any) -> Any:
    order = list(type(status))
    return order[(order.index(status) + 1) % len(order)]


def measure_import(work: Path, papers: int, seed: int) -> dict[str, Any]:
    """Import generated drafts into an empty library, then 2,500 more into the indexed one."""
    drafts = list(generate.generate_drafts(papers, seed + 1))
    more = list(generate.generate_drafts(2500, seed + 2))
    shutil.rmtree(work, ignore_errors=True)
    lib = Library.open(work)
    index_s = 0.0
    original_index = lib.index

    def timed_index(*args: Any, **kwargs: Any) -> Any:
        nonlocal index_s
        t = time.perf_counter()
        result = original_index(*args, **kwargs)
        index_s += time.perf_counter() - t
        return result

    lib.index = timed_index  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        report = lib.import_drafts(drafts)
        total = time.perf_counter() - t0
        first_index_s, index_s = index_s, 0.0
        t0 = time.perf_counter()
        report_more = lib.import_drafts(more)
        more_total = time.perf_counter() - t0
        indexed = lib.check(sync=False)
    finally:
        lib.close()
        shutil.rmtree(work, ignore_errors=True)
    return {
        "import_s": round(total, 2),
        "import_papers": papers,
        "imported": report.imported,
        "import_sqlite_s": round(total - first_index_s, 2),
        "import_index_s": round(first_index_s, 2),
        "import_more_s": round(more_total, 2),
        "import_more_papers": len(more),
        "import_more_imported": report_more.imported,
        "import_more_merged": report_more.merged,
        "import_more_index_s": round(index_s, 2),
        "check_after_import_ok": indexed.ok,
    }


# ------------------------------------------------------------------------------- FTS5
def build_fts5(lib_dir: Path, path: Path) -> tuple[sqlite3.Connection, float]:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    t0 = time.perf_counter()
    conn.execute("ATTACH DATABASE ? AS lib", [str(lib_dir / "library.sqlite")])
    conn.execute("BEGIN")
    conn.execute(
        "CREATE VIRTUAL TABLE papers_fts USING fts5(title, authors, abstract, notes, tags, "
        "year UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "INSERT INTO papers_fts (rowid, title, authors, abstract, notes, tags, year) "
        "SELECT p.id, p.title, (SELECT group_concat(value, ' ') FROM json_each(p.authors)), "
        "coalesce(p.abstract, ''), coalesce(n.body, ''), coalesce((SELECT group_concat("
        "t.name, ' ') FROM lib.paper_tags pt JOIN lib.tags t ON t.id = pt.tag_id "
        "WHERE pt.paper_id = p.id), ''), p.year "
        "FROM lib.papers p LEFT JOIN lib.notes n ON n.paper_id = p.id "
        "WHERE p.trashed_at IS NULL"
    )
    # The same field weights as the Whoosh schema (title 4, authors 2.5, tags 2.5, notes 1.5).
    conn.execute(
        "INSERT INTO papers_fts (papers_fts, rank) VALUES ('rank', 'bm25(4, 2.5, 1, 1.5, 2.5, 0)')"
    )
    conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('optimize')")
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.execute("DETACH DATABASE lib")
    return conn, elapsed


def fts5_typing_match(text: str) -> str | None:
    """Search-as-you-type in FTS5: title/authors/tags, the last word as a prefix."""
    words = [w for w in re.findall(r"\w+", text.lower()) if len(w) >= 2]
    if not words:
        return None
    parts = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return "{title authors tags} : (" + " AND ".join(parts) + ")"


def fts5_full(conn: sqlite3.Connection, match: str, years: tuple[int, int] | None) -> int:
    sql = (
        "SELECT rowid, snippet(papers_fts, -1, char(2), char(3), ' … ', 32), "
        "highlight(papers_fts, 0, char(2), char(3)) FROM papers_fts WHERE papers_fts MATCH ?"
    )
    params: list[Any] = [match]
    if years:
        sql += " AND year BETWEEN ? AND ?"
        params += list(years)
    return len(conn.execute(sql + " ORDER BY rank LIMIT 20", params).fetchall())


# ------------------------------------------------------------------------------ driver
def run(args: argparse.Namespace) -> dict[str, Any]:
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    lib_dir: Path = args.lib or generate.default_dir(args.papers)
    meta = generate.ensure_library(args.papers, lib_dir, args.seed)
    out: dict[str, Any] = {"papers": args.papers, "library": str(lib_dir), "generator": meta}

    say("open: fresh process, first sorted page")
    opened = measure_open(lib_dir)
    out["open_s"], out["open"] = opened["open_s"], opened
    out["open_floor_s"] = opened["open_floor_s"]
    out["open_ratio"] = round(opened["open_s"] / opened["open_floor_s"], 2)
    out["cli_list_s"] = opened["cli_list_s"]
    out["cli_list_ratio"] = round(opened["cli_list_s"] / opened["open_floor_s"], 2)

    lib = Library.open(lib_dir)
    try:
        t0 = time.perf_counter()
        lib.index()
        out["index_open_s"] = round(time.perf_counter() - t0, 3)
        queries = build_queries(lib, args.seed)
        kinds: dict[str, Any] = {}

        def count(text: str, **kw: Any) -> int:
            try:
                return len(lib.search(text, limit=20, **kw).hits)
            except QueryError:
                return -1

        say("FTS5 baseline: build")
        conn, fts5_build = build_fts5(lib_dir, lib_dir.parent / f"{lib_dir.name}-{FTS5_FILE}")
        out["fts5_build_s"] = round(fts5_build, 2)
        typing_matches = {q: fts5_typing_match(q) for q in queries["typing"]}
        sql = "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT 20"
        full_by_text = {q: (m, y) for q, m, y in queries["full"] if m}

        # Each of our queries is timed next to FTS5's same query, so a change of load
        # during the run moves both sides of a ratio alike.
        say(f"typing: {len(queries['typing'])} queries x {args.repeat}, beside FTS5")
        kinds["typing"], kinds["fts5_typing"] = time_beside(
            lambda q: count(q, mode="typing", snippets=0),
            lambda q: len(conn.execute(sql, [typing_matches[q]]).fetchall()),
            queries["typing"],
            {q for q, m in typing_matches.items() if m},
            args.repeat,
        )
        say(f"full: {len(queries['full'])} queries x {args.repeat}, beside FTS5")
        kinds["full"], kinds["fts5_full"] = time_beside(
            lambda q: count(q, mode="full", snippets=20),
            lambda q: fts5_full(conn, *full_by_text[q]),
            [q for q, _, _ in queries["full"]],
            set(full_by_text),
            args.repeat,
        )
        say(f"fuzzy: {len(queries['fuzzy'])} queries x {args.repeat}")
        kinds["fuzzy"] = time_queries(
            lambda q: count(q, mode="full", snippets=20), queries["fuzzy"], args.repeat
        )

        say("edits")
        out.update(measure_edits(lib, args.seed))
        conn.close()

        if args.rebuild or args.papers <= 10_000:
            say("rebuild")
            t0 = time.perf_counter()
            lib.reindex()
            out["rebuild_s"] = round(time.perf_counter() - t0, 2)
        else:
            out["rebuild_s"] = None
    finally:
        lib.close()

    # The import's floor is built right before it, as each query is timed beside FTS5's: the
    # first build ran minutes earlier, and the load or the disk's writeback may have changed.
    say("FTS5 baseline: build again, beside the import")
    out["fts5_build_first_s"] = out["fts5_build_s"]
    beside = lib_dir.parent / f"{lib_dir.name}-beside-{FTS5_FILE}"
    conn, fts5_build = build_fts5(lib_dir, beside)
    conn.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(beside) + suffix).unlink(missing_ok=True)
    out["fts5_build_s"] = round(fts5_build, 2)
    say(f"import: {min(args.papers, IMPORT_PAPERS)} papers into an empty library")
    out.update(
        measure_import(
            lib_dir.parent / f"import-tmp-{os.getpid()}", min(args.papers, IMPORT_PAPERS), args.seed
        )
    )

    for kind in ("typing", "full", "fuzzy"):
        out[f"{kind}_p50_ms"] = kinds[kind]["p50_ms"]
        out[f"{kind}_p95_ms"] = kinds[kind]["p95_ms"]
    out["fts5_typing_p50_ms"] = kinds["fts5_typing"]["p50_ms"]
    out["fts5_typing_p95_ms"] = kinds["fts5_typing"]["p95_ms"]
    out["fts5_full_p50_ms"] = kinds["fts5_full"]["p50_ms"]
    out["fts5_full_p95_ms"] = kinds["fts5_full"]["p95_ms"]
    out["fts5_fuzzy_p95_ms"] = None  # FTS5 has no fuzzy matching
    out["typing_ratio"] = round(out["typing_p95_ms"] / max(out["fts5_typing_p95_ms"], 1e-3), 2)
    out["full_ratio"] = round(out["full_p95_ms"] / max(out["fts5_full_p95_ms"], 1e-3), 2)
    out["fuzzy_ratio"] = None
    out["import_ratio"] = round(out["import_s"] / max(out["fts5_build_s"], 1e-3), 2)
    out["ratios"] = {k: out[k] for k in RATIO_KEYS}
    out["kinds"] = kinds
    out["queries"] = {
        "typing_phrases": queries["typing_phrases"],
        "full": [q for q, _, _ in queries["full"]],
        "fuzzy": queries["fuzzy"],
    }
    out["machine"] = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "whoosh": whoosh.versionstring(),
        "papershelf": __version__,
        "loadavg_at_start": load_at_start,
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }
    out["command"] = shlex.join([Path(sys.executable).name, *sys.argv])
    out["repeat"] = args.repeat
    return out


def targets(papers: int) -> list[tuple[str, str, float | None, str]]:
    """(key, label, limit, unit) from the issues; ratios are to a floor of the same run."""
    return [
        ("typing_p95_ms", "typing p95", 20.0 if papers <= 10_000 else 50.0, "ms"),
        ("typing_p50_ms", "typing p50", None, "ms"),
        ("full_p95_ms", "full (ranked + 20 highlights) p95", 250.0, "ms"),
        ("full_p50_ms", "full p50", None, "ms"),
        ("fuzzy_p95_ms", "fuzzy p95", 300.0, "ms"),
        ("fuzzy_p50_ms", "fuzzy p50", None, "ms"),
        ("open_s", "open to first sorted page (new process)", 0.5, "s"),
        ("open_floor_s", "floor: bare python + sqlite3, 50 rows", None, "s"),
        ("cli_list_s", "`papershelf list --limit 50` (new process)", None, "s"),
        ("index_open_s", "open search index + catch up", None, "s"),
        ("edit_commit_ms", "tag change commit (median)", 20.0, "ms"),
        ("edit_searchable_s", "tag change findable (median)", 1.0, "s"),
        ("import_s", "import papers into empty library", 60.0, "s"),
        ("import_more_s", "import 2,500 more (index present)", None, "s"),
        ("rebuild_s", "rebuild index", 300.0 if papers >= 100_000 else None, "s"),
        ("fts5_build_s", "FTS5 baseline build", None, "s"),
        ("fts5_typing_p95_ms", "FTS5 typing p95", None, "ms"),
        ("fts5_full_p95_ms", "FTS5 full (snippet+highlight) p95", None, "ms"),
        ("typing_ratio", "typing p95 / FTS5", 1.5 if papers <= 10_000 else 1.2, "x"),
        ("full_ratio", "full p95 / FTS5", 4.0 if papers <= 10_000 else 1.5, "x"),
        ("open_ratio", "open / floor", 3.0, "x"),
        ("cli_list_ratio", "CLI list / floor", 3.0, "x"),
        ("import_ratio", "import / FTS5 build", 4.0, "x"),
    ]


def print_table(out: dict[str, Any]) -> None:
    print(
        f"papershelf benchmark: {out['papers']} papers ({out['library']}), "
        f"{out['machine']['cpu_count']} CPUs, Python {out['machine']['python']}"
    )
    print(f"command: {out['command']}")
    print(
        f"load average at start/end: {out['machine']['loadavg_at_start']} / "
        f"{out['machine']['loadavg_at_end']}\n"
    )
    print(f"{'metric':44} {'value':>10}  {'target':>10}  ok")
    for key, label, limit, unit in targets(out["papers"]):
        value = out.get(key)
        shown = "n/a" if value is None else f"{value:g} {unit}"
        target = "" if limit is None else f"<= {limit:g} {unit}"
        ok = "" if limit is None or value is None else ("yes" if value <= limit else "NO")
        print(f"{label:44} {shown:>10}  {target:>10}  {ok}")
    print(
        f"\nimport: {out['import_papers']} papers (SQLite {out['import_sqlite_s']} s, "
        f"index {out['import_index_s']} s); then {out['import_more_papers']} more into the "
        f"indexed library: {out['import_more_s']} s"
    )
    print(
        f"edits: commit median {out['edit_commit_ms']} ms (max {out['edit_commit_max_ms']}), "
        f"sync_index median {out['edit_sync_ms']} ms, findable max "
        f"{out['edit_searchable_max_s']} s; other commits {out['other_commits']}"
    )
    print(f"open runs: {out['open']['runs']}")
    print(f"generator: {out['generator']}")
    for kind, stats in out["kinds"].items():
        print(
            f"\n{kind}: {stats['queries']} queries, {stats['samples']} samples, "
            f"p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} ms, max {stats['max_ms']} ms"
        )
        for w in stats["worst"]:
            print(f"  {w['ms']:9.2f} ms  {w['hits']:3d} hits  {w['query']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark papershelf search and storage.")
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--lib", type=Path, help="library folder (default bench-data/lib-N)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over each query set")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rebuild", action="store_true", help="also time a full rebuild")
    args = ap.parse_args(argv)
    out = run(args)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_table(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
