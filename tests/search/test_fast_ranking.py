"""The fast ranking (`search/scoring.py`) gives Whoosh's own ranking, hit for hit.

The reference is Whoosh scoring every match (`Searcher.search(limit=None)`), cut to the
page: the same hits in the same order, the same float scores, the same matched terms (which
decide the snippets). Whoosh's top-N collector is not the reference: when it prunes with
its quality bounds after a prefix or a year range, it drops a part of some scores and
ranks papers out of order (`test_prefix_and_word_rank_as_scored_in_full` fails on it).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from papershelf.core.errors import QueryError
from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.search import scoring
from papershelf.search.scoring import UnsupportedQueryError, ranked
from whoosh import query as wq

WORDS = (
    *("diffusion", "model", "transformer", "flow", "rectified", "knowledge", "distillation"),
    *("student", "teacher", "graph", "neural", "network", "attention", "sparse", "dense"),
    *("retrieval", "language", "vision", "image", "video", "policy", "reward", "agent"),
    *("memory", "kernel", "operator", "spectral", "quantum", "causal", "robust"),
)
SURNAMES = ("Müller", "Stützle", "Chen", "Garcia", "Okafor", "Tanaka", "Novak", "Silva")


def _drafts(rng: random.Random, n: int, start: int) -> list[PaperDraft]:
    out = []
    for i in range(start, start + n):
        title = " ".join(rng.choices(WORDS[:12], k=rng.randint(2, 7)))
        abstract = " ".join(rng.choices(WORDS, k=rng.randint(5, 60)))
        authors = [f"{rng.choice('ABCDEFG')}. {rng.choice(SURNAMES)}" for _ in range(2)]
        out.append(
            PaperDraft(
                title=f"{title} {i}",
                authors=authors,
                year=rng.randint(2015, 2025),
                abstract=abstract,
            )
        )
    return out


def _query(rng: random.Random) -> str:
    def word() -> str:
        return rng.choice(WORDS)

    shapes = [
        lambda: word(),
        lambda: f"{word()} {word()}",
        lambda: f"{word()} {word()} {word()}",
        lambda: f'"{word()} {word()}"',
        lambda: f'"{word()} {word()} {word()}" {word()}',
        lambda: f"{word()} -{word()}",
        lambda: f'{word()} -"{word()} {word()}"',
        lambda: f"{word()} OR {word()}",
        lambda: f"({word()} OR {word()}) {word()}",
        lambda: f"{word()[:4]}* {word()}",
        lambda: f"{word()[:3]}*",
        lambda: f"title:{word()} {word()}",
        lambda: f"author:{rng.choice(SURNAMES).lower()} {word()}",
        lambda: f"year:{rng.randint(2015, 2020)}..{rng.randint(2020, 2025)} {word()}",
        lambda: f"{word()[:-1]}~ {word()}",
        # A number is in one title: the other words' postings are read only around it.
        lambda: f"{rng.randrange(450)} {word()} {word()}",
        lambda: f'"{word()} {word()}" {rng.randrange(450)}',
        lambda: f"{rng.randrange(450)} -{word()}",
    ]
    return rng.choice(shapes)()


def _build(path: Path) -> Library:
    """A library whose index has several segments and deleted documents."""
    rng = random.Random(7)
    lib = Library.open(path)
    for batch in range(3):
        lib.import_drafts(_drafts(rng, 150, batch * 150))
        lib.sync_index()
    lib.trash(rng.sample(lib.list_ids(), 20))
    lib.sync_index()
    return lib


def _negated(q: wq.Query) -> list[wq.Query]:
    """The parts of `q` after a NOT."""
    found, stack = [], [q]
    while stack:
        n = stack.pop()
        if isinstance(n, wq.AndNot):
            found.append(n.b)
        if not n.is_leaf():
            stack.extend(n.children())
    return found


def _excluded_only(q: wq.Query) -> set[tuple[str, bytes]]:
    """Terms that appear only after a NOT."""
    negated = {t for n in _negated(q) for t in n.iter_all_terms()}
    positive = set(q.iter_all_terms()) - negated
    return {(f, t.encode() if isinstance(t, str) else t) for f, t in negated - positive}


def _compare(lib: Library, text: str, limit: int, terms: bool) -> bool:
    """Asserts the fast ranking equals Whoosh's full ranking; False if not covered."""
    parsed = lib.parser.parse(text)
    with lib.index().searcher() as s:
        try:
            fast = ranked(s, parsed.query, limit, terms=terms)
        except UnsupportedQueryError:
            return False
        # Whoosh's preloaded union after NOT skips its first match at times, so a paper
        # with the excluded word stays in Whoosh's list (`network -video`); left out here.
        excluded = {d for n in _negated(parsed.query) for d in s.docs_for_query(n)}
        every = [
            h for h in s.search(parsed.query, limit=None, terms=terms) if h.docnum not in excluded
        ]
        expected = [
            (h.docnum, h.score, set(h.matched_terms()) if terms else None) for h in every[:limit]
        ]
        got = [(d, score, set(t) if t is not None else None) for d, score, t in fast.hits]
        if terms:
            # Whoosh may also list a word of an excluded phrase (`-"policy memory"`) for a
            # paper that has the word but not the phrase; the fast path does not.
            negated = _excluded_only(parsed.query)
            expected = [(d, score, t - negated) for d, score, t in expected]  # type: ignore[operator]
            got = [(d, score, t - negated) for d, score, t in got]  # type: ignore[operator]
        assert got == expected, text
        if len(every) < limit or fast.total_exact:
            assert fast.total == len(every), text
        else:
            estimate = max(limit, int(parsed.query.estimate_size(s.reader())))
            assert fast.total in (len(every), estimate), text
    return True


def test_random_queries_rank_as_whoosh_scores_every_match(lib_path: Path) -> None:
    with _build(lib_path) as lib:
        with lib.index().searcher() as s:
            assert len(list(s.leaf_searchers())) > 1
        rng = random.Random(11)
        covered = tried = 0
        for _ in range(240):
            text = _query(rng)
            try:
                lib.parser.parse(text)
            except QueryError:
                continue
            for limit, terms in ((20, True), (5, False), (500, True)):
                tried += 1
                covered += _compare(lib, text, limit, terms)
        # Every shape above is one the fast path evaluates itself.
        assert covered == tried


def test_flat_score_tables_and_dense_terms_give_the_same_ranking(
    lib_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The paths a large library takes (every term scored from one flat table, kept with a
    score per document), forced on this small one."""
    monkeypatch.setattr(scoring, "VECTOR_POSTINGS", 1)
    monkeypatch.setattr(scoring, "DENSE_SHARE", 10_000)
    with _build(lib_path) as lib:
        rng = random.Random(5)
        for _ in range(80):
            text = _query(rng)
            try:
                lib.parser.parse(text)
            except QueryError:
                continue
            assert _compare(lib, text, 20, True)


def test_prefix_and_word_rank_as_scored_in_full(lib_path: Path) -> None:
    """What the window shows: `lib.search` gives the best-scored papers, in order."""
    with _build(lib_path) as lib:
        for text in ("trans* model", "dif* student", "year:2018..2022 diffusion", "gra* OR flow"):
            shown = [(h.paper_id, h.score) for h in lib.search(text, limit=20).hits]
            with lib.index().searcher() as s:
                every = s.search(lib.parser.parse(text).query, limit=None, terms=True)
                best = [(int(h["id"]), h.score) for h in list(every)[:20]]
            assert shown == best, text


def test_edits_are_found_by_the_next_search(lib_path: Path) -> None:
    """Cached postings belong to a reader; a commit brings a new one."""
    with _build(lib_path) as lib:
        before = lib.search("zeppelin diffusion").total
        assert before == 0
        pid = lib.import_drafts([PaperDraft(title="Zeppelin diffusion model")]).added_ids[0]
        lib.sync_index()
        assert [h.paper_id for h in lib.search("zeppelin diffusion").hits] == [pid]
        assert [h.paper_id for h in lib.search('"zeppelin diffusion"').hits] == [pid]
        lib.trash([pid])
        lib.sync_index()
        assert lib.search("zeppelin diffusion").hits == []
