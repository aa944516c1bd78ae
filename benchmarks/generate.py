"""Generate a realistic benchmark library of N papers.

    python benchmarks/generate.py N [--out DIR] [--seed S] [--force]

Titles, abstracts and names are drawn from Zipf-like distributions over a research
vocabulary (`wordlists.py`) plus a long tail of made-up but plausible technical terms, so the
index sees a realistic number of distinct words. Output is deterministic for a seed.

The library is written through the store in batches (one transaction per batch), then the
search index is rebuilt once; both phases are timed and recorded in `bench-meta.json`, whose
presence marks the library as complete.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

import wordlists
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.library import Library
from papershelf.storage.db import transaction

GENERATOR_VERSION = 1
REPO = Path(__file__).resolve().parents[1]
BENCH_DATA = REPO / "bench-data"
META_FILE = "bench-meta.json"
# Files a generated library folder may contain; anything else means "not ours, don't delete".
LIBRARY_FILES = {
    "library.sqlite",
    "library.sqlite-wal",
    "library.sqlite-shm",
    "index",
    "index.building",
    "index.old",
    "files",
    META_FILE,
}
SYNTHETIC_TERMS = 80_000
TITLE_VOCAB = 6_000
STATUS_WEIGHTS = {
    ReadingStatus.TO_READ: 70,
    ReadingStatus.READING: 10,
    ReadingStatus.READ: 15,
    ReadingStatus.DROPPED: 5,
}


@dataclass
class UserState:
    """What a user added to a paper: tags, reading state, a note, annotations."""

    tags: list[str] = field(default_factory=list)
    status: ReadingStatus = ReadingStatus.TO_READ
    priority: int = 0
    note: str | None = None
    annotations: list[tuple[str, int | None, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Weighted:
    """A population with cumulative Zipf weights, for `random.choices`."""

    items: list[str]
    cum: list[float]

    def pick(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


def zipf(items: Sequence[str], s: float = 1.3, q: float = 8.0) -> Weighted:
    """Zipf-Mandelbrot weights: rank r gets 1 / (r + q) ** s."""
    return Weighted(list(items), list(accumulate(1.0 / (r + q) ** s for r in range(len(items)))))


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "sh", "ch")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


@dataclass(frozen=True)
class Vocabulary:
    content: Weighted
    title: Weighted
    first: Weighted
    last: Weighted
    tags: Weighted
    venues: Weighted
    functions: list[str]
    syllables: list[str]
    roots: list[str]


@functools.cache
def vocabulary() -> Vocabulary:
    """The corpus vocabulary; fixed (independent of the seed) so every library shares it."""
    rng = random.Random(20240601)
    head = list(dict.fromkeys(wordlists.HEAD.split()))
    nouns = wordlists.NOUNS.split()
    real = list(
        dict.fromkeys(
            [*wordlists.FAMILIES.split(), *nouns, *map(_plural, nouns), *wordlists.OTHER.split()]
        )
    )
    real = [w for w in real if w not in head]
    known = {*head, *real}
    prefixes, roots = wordlists.PREFIXES.split(), wordlists.ROOTS.split()
    suffixes = wordlists.SUFFIXES.split()
    synthetic: list[str] = []
    seen = set(known)
    while len(synthetic) < SYNTHETIC_TERMS:
        word = (rng.choice(prefixes) if rng.random() < 0.7 else "") + rng.choice(roots)
        word += rng.choice(suffixes) if rng.random() < 0.85 else ""
        if len(word) >= 5 and word not in seen:
            seen.add(word)
            synthetic.append(word)
    # Real words spread over the first ranks, mixed with some synthetic ones; the tail is
    # synthetic, as in a real corpus where most distinct words are rare technical terms.
    rest = [(rng.random() * 0.1, w) for w in real] + [(rng.random(), w) for w in synthetic]
    ranked = head + [w for _, w in sorted(rest)]
    tags = wordlists.TAG_TOPICS.split() + wordlists.TAG_PROJECTS.split()
    rng.shuffle(tags)
    return Vocabulary(
        content=zipf(ranked),
        title=zipf([w for w in ranked if w in known][:TITLE_VOCAB], s=0.95),
        first=zipf(wordlists.FIRST_NAMES.split(), s=0.6),
        last=zipf(wordlists.LAST_NAMES.split(), s=0.7),
        tags=zipf(tags, s=0.9),
        venues=zipf(wordlists.VENUES, s=0.8),
        functions=wordlists.FUNCTION_WORDS.split(),
        syllables=wordlists.SYLLABLES.split(),
        roots=roots,
    )


def _method_name(rng: random.Random, v: Vocabulary) -> str:
    style = rng.random()
    if style < 0.4:
        return "".join(s.capitalize() for s in rng.choices(v.syllables, k=rng.randint(2, 3)))
    if style < 0.7:
        return "".join(rng.choices(v.syllables, k=2)).upper()[: rng.randint(3, 5)]
    return rng.choice(v.roots).capitalize() + rng.choice(["Net", "Former", "Diff", "Flow", "GPT"])


def _sentence(rng: random.Random, v: Vocabulary, length: int) -> str:
    content = v.content.pick(rng, length)
    out = [rng.choice(v.functions) if rng.random() < 0.42 else w for w in content]
    for i in range(3, length - 2, 9):
        if rng.random() < 0.3:
            out[i] += ","
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def _title(rng: random.Random, v: Vocabulary) -> str:
    target = rng.randint(6, 14)
    words: list[str] = []
    if rng.random() < 0.25:
        words.append(_method_name(rng, v) + ":")
    if rng.random() < 0.15:
        words.extend(rng.choice(wordlists.TITLE_OPENERS).split())
    while len(words) < target:
        for _ in range(rng.randint(1, 3)):
            # Mostly common words; now and then a rare technical term from the long tail.
            pool = v.content if rng.random() < 0.12 else v.title
            words.append(pool.pick(rng)[0].capitalize())
        words.append(rng.choice(wordlists.CONNECTORS))
    words = words[:target]
    if words[-1] in wordlists.CONNECTORS:
        words[-1] = v.title.pick(rng)[0].capitalize()
    return " ".join(words)


def _abstract(rng: random.Random, v: Vocabulary, method: str | None) -> str:
    target = max(80, int(rng.gauss(200, 35)))
    sentences: list[str] = []
    if method:
        sentences.append(f"We propose {method}, " + _sentence(rng, v, rng.randint(10, 20)).lower())
    count = sum(len(s.split()) for s in sentences)
    while count < target:
        length = rng.randint(12, 30)
        sentences.append(_sentence(rng, v, length))
        count += length
    return " ".join(sentences)


def _authors(rng: random.Random, v: Vocabulary) -> list[str]:
    names: dict[str, None] = {}
    for _ in range(rng.randint(3, 8)):
        first, last = v.first.pick(rng)[0], v.last.pick(rng)[0]
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.12 else ""
        names[f"{first}{middle} {last}"] = None
    return list(names)


_YEARS = list(range(1995, 2027))
_YEAR_CUM = list(accumulate(1.12 ** (y - 1995) for y in _YEARS))


def _arxiv_id(rng: random.Random, year: int, used: set[str]) -> str:
    while True:
        if year >= 2008:
            month = rng.randint(1, 12)
            num = rng.randint(1, 9999) if year < 2015 else rng.randint(1, 29999)
            width = 4 if year < 2015 else 5
            ident = f"{year % 100:02d}{month:02d}.{num:0{width}d}"
        else:
            archive = rng.choice(wordlists.OLD_ARXIV_ARCHIVES)
            ident = f"{archive}/{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 999):03d}"
        if ident not in used:
            used.add(ident)
            return ident


def _user_state(rng: random.Random, v: Vocabulary, abstract: str) -> UserState:
    state = UserState()
    if rng.random() < 0.6:
        wanted = rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]
        while len(state.tags) < wanted:
            tag = v.tags.pick(rng)[0]
            if tag not in state.tags:
                state.tags.append(tag)
    state.status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    state.priority = rng.choices([0, 1, 2, 3], weights=[60, 20, 12, 8])[0]
    if rng.random() < 0.10:
        body = [_sentence(rng, v, rng.randint(8, 20)) for _ in range(rng.randint(1, 4))]
        bullets = [f"- {_sentence(rng, v, rng.randint(4, 10))}" for _ in range(rng.randint(0, 3))]
        state.note = "\n\n".join(["## Summary", " ".join(body), "\n".join(bullets)]).strip()
    if rng.random() < 0.05:
        words = abstract.split()
        for _ in range(rng.randint(1, 3)):
            start = rng.randrange(max(1, len(words) - 20))
            quote = " ".join(words[start : start + rng.randint(8, 20)])
            page = rng.randint(1, 30) if rng.random() < 0.8 else None
            comment = _sentence(rng, v, rng.randint(5, 14)) if rng.random() < 0.5 else None
            state.annotations.append((quote, page, comment))
    return state


def generate_papers(n: int, seed: int = 0) -> Iterator[tuple[PaperDraft, UserState]]:
    """N (draft, user state) pairs; drafts depend only on `seed`, not on the user states."""
    v = vocabulary()
    rng, user_rng = random.Random(seed), random.Random(seed * 1_000_003 + 7)
    titles: set[str] = set()
    arxiv_used: set[str] = set()
    for i in range(n):
        title = _title(rng, v)
        while title.lower() in titles:
            title = _title(rng, v)
        titles.add(title.lower())
        method = title.split(":")[0] if ":" in title else None
        year = rng.choices(_YEARS, cum_weights=_YEAR_CUM)[0]
        arxiv = version = doi = url = None
        if rng.random() < 0.7:
            arxiv = _arxiv_id(rng, year, arxiv_used)
            version = rng.choices([1, 2, 3, 4, 5], weights=[60, 25, 9, 4, 2])[0]
            url = f"https://arxiv.org/abs/{arxiv}v{version}"
        if rng.random() < 0.3:
            prefix = rng.choice(wordlists.DOI_PREFIXES)
            doi = f"{prefix}/{rng.choice(['j', 'conf', 'art', 'p'])}.{year}.{i + 1:07d}"
            url = url or f"https://doi.org/{doi}"
        venue = v.venues.pick(rng)[0] if rng.random() < 0.75 else None
        abstract = _abstract(rng, v, method)
        draft = PaperDraft(
            title=title,
            authors=_authors(rng, v),
            year=year,
            venue=venue,
            abstract=abstract,
            arxiv_id=arxiv,
            arxiv_version=version,
            doi=doi,
            url=url,
            source="benchmark",
            line=i + 1,
        )
        yield draft, _user_state(user_rng, v, abstract)


def generate_drafts(n: int, seed: int = 0) -> Iterator[PaperDraft]:
    """N paper drafts, deterministic for `seed`."""
    for draft, _state in generate_papers(n, seed):
        yield draft


def _say(message: str) -> None:
    print(f"[generate] {message}", file=sys.stderr, flush=True)


def build_library(n: int, out: Path, seed: int = 0, batch: int = 5000) -> dict[str, Any]:
    """Write N papers with user state into a new library at `out`, then build its index."""
    out.mkdir(parents=True, exist_ok=True)
    gen_s = sqlite_s = 0.0
    merged = 0
    distinct: set[str] = set()
    papers = generate_papers(n, seed)
    lib = Library.open(out)
    try:
        done = 0
        while done < n:
            t0 = time.perf_counter()
            items = list(islice(papers, batch))
            for draft, _ in items:
                distinct.update(re.findall(r"\w+", f"{draft.title} {draft.abstract}".lower()))
            t1 = time.perf_counter()
            by_tag: dict[str, list[int]] = defaultdict(list)
            with transaction(lib._db):
                for draft, state in items:
                    outcome = lib._store.add_or_merge(draft)
                    merged += outcome.merged
                    pid = outcome.paper_id
                    for tag in state.tags:
                        by_tag[tag].append(pid)
                    if state.status is not ReadingStatus.TO_READ:
                        lib._store.set_status(pid, state.status)
                    if state.priority:
                        lib._store.set_priority(pid, state.priority)
                    if state.note:
                        lib._store.set_note(pid, state.note)
                    for quote, page, comment in state.annotations:
                        lib._store.add_annotation(pid, quote, page, comment)
                # One call per tag: change_tags scans paper_tags once per call.
                for tag, pids in by_tag.items():
                    lib._store.change_tags(pids, add=[tag])
            t2 = time.perf_counter()
            gen_s, sqlite_s, done = gen_s + t1 - t0, sqlite_s + t2 - t1, done + len(items)
            _say(f"{done}/{n} papers in SQLite (generate {gen_s:.1f}s, sqlite {sqlite_s:.1f}s)")

        step = max(500, n // 10 // 500 * 500)

        def progress(d: int, total: int) -> None:
            if d % step == 0 or d == total:
                _say(f"index {d}/{total} ({time.perf_counter() - t_index:.1f}s)")

        t_index = time.perf_counter()
        indexed = lib.reindex(progress)
        index_s = time.perf_counter() - t_index
        count = lib.count()
    finally:
        lib.close()
    meta = {
        "complete": True,
        "generator_version": GENERATOR_VERSION,
        "papers": n,
        "seed": seed,
        "stored": count,
        "indexed": indexed,
        "merged": merged,
        "distinct_words": len(distinct),
        "generate_s": round(gen_s, 3),
        "sqlite_s": round(sqlite_s, 3),
        "index_s": round(index_s, 3),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    _say(f"done: {json.dumps(meta)}")
    return meta


def default_dir(n: int) -> Path:
    return BENCH_DATA / f"lib-{n}"


def read_meta(out: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((out / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def ensure_library(n: int, out: Path, seed: int = 0, *, force: bool = False) -> dict[str, Any]:
    """Reuse a complete library for (n, seed) at `out`, or (re)generate it."""
    meta = read_meta(out)
    wanted = {"complete": True, "generator_version": GENERATOR_VERSION, "papers": n, "seed": seed}
    if not force and meta and all(meta.get(k) == v for k, v in wanted.items()):
        _say(f"reusing {out} ({n} papers, seed {seed})")
        return {**meta, "reused": True}
    if out.exists() and any(out.iterdir()):
        foreign = {p.name for p in out.iterdir()} - LIBRARY_FILES
        if foreign:
            raise SystemExit(f"{out} holds files that are not a benchmark library: {foreign}")
        _say(f"removing incomplete or outdated library at {out}")
        shutil.rmtree(out)
    return {**build_library(n, out, seed), "reused": False}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("papers", type=int, help="number of papers")
    ap.add_argument("--out", type=Path, help="library folder (default bench-data/lib-N)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--force", action="store_true", help="regenerate even if complete")
    args = ap.parse_args(argv)
    if args.papers < 1:
        ap.error("papers must be at least 1")
    start = time.perf_counter()
    meta = ensure_library(
        args.papers, args.out or default_dir(args.papers), args.seed, force=args.force
    )
    _say(f"total {time.perf_counter() - start:.1f}s")
    print(json.dumps(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
