"""SearchIndex: the on-disk Whoosh index, its change-sequence bookmark, and ranked search.

The index is a cache of SQLite. It remembers the last change sequence it applied in
`state.json` (written after each Whoosh commit), so a crash between the two only means the
next catch-up re-applies a few idempotent updates. Anything unreadable is rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import logging
import os
import re
import shutil
import struct
import threading
import time
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papershelf.core.errors import PapershelfError
from papershelf.core.results import Hit, SearchResults, Snippet
from papershelf.search.schema import INDEX_VERSION, WORD_PATTERN

if TYPE_CHECKING:
    # Whoosh is imported where it is used: opening a library and showing its first page
    # (the CLI's `list`, the window's first paint) never needs it (docs/performance.md).
    from whoosh import index as windex
    from whoosh.analysis import Analyzer
    from whoosh.fields import Schema
    from whoosh.filedb.filestore import FileStorage
    from whoosh.searching import Searcher

    from papershelf.search.query import ParsedQuery
    from papershelf.search.scoring import Ranked

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
INDEX_NAME = "papers"


@functools.cache
def corruption_errors() -> tuple[type[BaseException], ...]:
    """Errors Whoosh raises on a damaged or half-written index; all of them mean "rebuild"."""
    import pickle

    from whoosh import index as windex

    return (
        windex.IndexError,
        OSError,
        EOFError,
        ValueError,
        KeyError,
        struct.error,
        pickle.UnpicklingError,
        zlib.error,
        AttributeError,
    )


# Which text a snippet may be cut from, best first, and the index fields whose matched terms
# are highlighted in it (`body` holds every text, so its terms apply to all of them).
SNIPPET_SOURCES: tuple[tuple[str, frozenset[str]], ...] = (
    ("abstract", frozenset({"body"})),
    ("notes", frozenset({"notes", "body"})),
    ("annotations", frozenset({"annotations", "body"})),
    # Attached PDFs' text: pages joined by PAGE_BREAK; the snippet names its page.
    ("pdf", frozenset({"fulltext"})),
    ("title", frozenset({"title", "body", "typing"})),
)
PAGE_BREAK = "\f"
PAGE_LABEL_END = "\x1e"
"""Ends a page's label ("p. 4", "b.pdf p. 2") at the start of its text; unlabelled pages are
numbered in order."""
# Pages of a PDF tried for a snippet (those containing the most matched words).
SNIPPET_PAGES = 3
SNIPPET_FIELDS = frozenset().union(*(fields for _, fields in SNIPPET_SOURCES))
SEARCH_DEADLINE = 5.0
"""Seconds a ranked search may run before it stops with the hits found so far."""

Progress = Callable[[int, int], None]
TextSource = Callable[[list[int]], Mapping[int, Mapping[str, str]]]


class IndexBusyError(PapershelfError):
    """Another process holds the index writer lock."""


class IndexWriteError(PapershelfError):
    """The index could not be written (a full disk, a read-only folder).

    SQLite is intact, and the next catch-up or rebuild brings the index back in step.
    """


@dataclass(frozen=True)
class IndexState:
    """What `state.json` records: the format, the last sequence applied, whose library."""

    version: int
    seq: int
    library_id: str | None


@dataclass(frozen=True)
class Changes:
    """What to write to the index: new document versions, deletions, the sequence reached."""

    docs: list[dict[str, Any]]
    deletes: list[int]
    seq: int


@functools.cache
def _mark_formatter() -> Any:
    """A Whoosh formatter that marks matched tokens with control characters.

    `_to_snippet` turns the marks into spans. The class is made on first use, so importing
    this module does not import Whoosh.
    """
    from whoosh import highlight

    class MarkFormatter(highlight.Formatter):
        between = " … "

        def format_token(self, text: str, token: Any, replace: bool = False) -> str:
            return "\x02" + str(highlight.get_text(text, token, replace)) + "\x03"

    return MarkFormatter()


def _to_snippet(fieldname: str, marked: str) -> Snippet:
    text, spans, start = [], [], 0
    pos = 0
    for ch in marked:
        if ch == "\x02":
            start = pos
        elif ch == "\x03":
            spans.append((start, pos))
        else:
            text.append(ch)
            pos += 1
    return Snippet(fieldname, " ".join("".join(text).split("\n")), tuple(spans))


_WORD_RE = re.compile(WORD_PATTERN, re.UNICODE)
_ANALYZED_MAX = 200_000
"""Words whose analysis `_Highlighter` remembers (the vocabulary of 100k papers is ~90k)."""


class _Highlighter:
    """Whoosh's `highlight.highlight` with the analysis of each distinct word remembered.

    Whoosh runs every word of every snippet's text through the whole analyzer chain
    (tokenizer, lowercase, accent folding, stop words, stemmer: five generators per word),
    which was most of the time a snippet took. The chain treats each word on its own, so a
    word's analysed text and stop flag are computed once and reused; the tokens, fragments,
    scores and marks are then exactly Whoosh's (the same fragmenter, scorer and formatter).
    """

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._analyzed: dict[str, tuple[str, bool]] = {}

    def _analyse(self, word: str) -> tuple[str, bool] | None:
        found = self._analyzed.get(word)
        if found is None:
            tokens = [
                (t.text, bool(t.stopped))
                for t in self._analyzer(word, mode="query", removestops=False)
            ]
            if len(tokens) != 1:
                return None  # not one word on its own: Whoosh's own path decides
            if len(self._analyzed) >= _ANALYZED_MAX:
                self._analyzed.clear()
            found = self._analyzed[word] = tokens[0]
        return found

    def _tokens(self, text: str, terms: frozenset[str]) -> Iterator[Any] | None:
        from whoosh.analysis import Token

        analysed = []
        for m in _WORD_RE.finditer(text):
            found = self._analyse(m.group(0))
            if found is None:
                return None
            analysed.append((m.start(), m.end(), found))

        def tokens() -> Iterator[Any]:
            # One token object, changed in place, as Whoosh's tokenizer does (the fragmenter
            # copies the matched ones).
            t = Token(positions=False, chars=True, removestops=False, mode="query")
            for start, end, (word, stopped) in analysed:
                t.text = word
                t.boost = 1.0
                t.stopped = stopped
                t.startchar = start
                t.endchar = end
                t.matched = word in terms
                yield t

        return tokens()

    def __call__(self, text: str, terms: frozenset[str], fragmenter: Any, top: int) -> str:
        from whoosh import highlight

        tokens = self._tokens(text, terms)
        if tokens is None:
            return str(
                highlight.highlight(
                    text, terms, self._analyzer, fragmenter, _mark_formatter(), top=top
                )
            )
        fragments = fragmenter.fragment_tokens(text, tokens)
        best = highlight.top_fragments(
            fragments, top, highlight.BasicFragmentScorer(), highlight.FIRST, 1
        )
        return str(_mark_formatter()(text, best))


def highlight_words(text: str, query: str) -> Snippet | None:
    """All of `text` with the query's words marked (stemmed and accent-folded as in search).

    Used for a whole abstract in the detail pane, where a snippet would be too short.
    """
    words = [
        w
        for w in re.findall(r"(?<![:\w])[^\W\d_][\w-]*", query)
        if w not in ("AND", "OR", "NOT")
        and not re.match(rf"{re.escape(w)}:", query[query.find(w) :])
    ]
    from whoosh import highlight

    from papershelf.search.schema import stemming_analyzer

    analyzer = stemming_analyzer()
    terms = frozenset(t.text for w in words for t in analyzer(w.rstrip("*~")))
    if not text or not terms:
        return None
    marked = highlight.highlight(
        text, terms, analyzer, highlight.WholeFragmenter(), _mark_formatter(), top=1
    )
    return _to_snippet("abstract", marked) if marked else None


class SearchIndex:
    """One library's Whoosh index. Reads may come from any thread; writes are serialised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._schema: Schema | None = None
        self._ix: windex.Index | None = None
        self._searcher: Searcher | None = None
        self._write_lock = threading.Lock()
        # Held for a whole search: refreshing the searcher closes the old one's files.
        self._read_lock = threading.RLock()
        self._stale = False
        self._seq = 0
        self.library_id: str | None = None
        """The library this index was built from (None: an index from before identities)."""
        self._stemmer: Analyzer | None = None
        self._highlighter: _Highlighter | None = None

    @property
    def schema(self) -> Schema:
        if self._schema is None:
            from papershelf.search.schema import build_schema

            self._schema = build_schema()
        return self._schema

    @property
    def _analyzer(self) -> Analyzer:
        if self._stemmer is None:
            from papershelf.search.schema import stemming_analyzer

            self._stemmer = stemming_analyzer()
        return self._stemmer

    @property
    def _highlight(self) -> _Highlighter:
        if self._highlighter is None:
            self._highlighter = _Highlighter(self._analyzer)
        return self._highlighter

    # ----------------------------------------------------------------- open / state
    @property
    def seq(self) -> int:
        """The last change sequence this index has applied."""
        return self._seq

    def open(self) -> bool:
        """Open the index; returns False when it is missing or damaged and must be rebuilt."""
        state = self._read_state()
        if state is None or state.get("version") != INDEX_VERSION:
            return False
        # Whoosh leaves a damaged index's files open; they are closed (by the collector)
        # without a ResourceWarning, which the test suite would turn into an error.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            ix = self._try_open()
            if ix is None:
                gc.collect()
        if ix is None:
            return False
        self._ix = ix
        self._seq = int(state.get("seq", 0))
        library_id = state.get("library")
        self.library_id = library_id if isinstance(library_id, str) else None
        return True

    def _try_open(self) -> windex.Index | None:
        try:
            ix = _storage(self.path).open_index(INDEX_NAME, schema=self.schema)
            # Touch the segments now so damage shows here, not in the middle of a search.
            with ix.reader() as reader:
                reader.doc_count()
        except corruption_errors() as exc:
            log.warning("search index at %s is damaged (%s); rebuilding", self.path, str(exc))
            return None
        return ix

    def _read_state(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.path / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def state(self) -> IndexState | None:
        """The state on disk now (another process may have moved it), or None if unreadable."""
        data = self._read_state()
        if data is None:
            return None
        try:
            seq = int(data.get("seq", 0))
            version = int(data.get("version", 0))
        except (TypeError, ValueError):
            return None
        library_id = data.get("library")
        return IndexState(version, seq, library_id if isinstance(library_id, str) else None)

    def _write_state(self, directory: Path, seq: int) -> None:
        tmp = directory / (STATE_FILE + ".tmp")
        data: dict[str, Any] = {"version": INDEX_VERSION, "seq": seq}
        if self.library_id is not None:
            data["library"] = self.library_id
        tmp.write_text(json.dumps(data), "utf-8")
        os.replace(tmp, directory / STATE_FILE)

    def reload_state(self) -> None:
        """Notice commits another process made to this index since we last looked."""
        state = self._read_state()
        if state is not None and int(state.get("seq", 0)) > self._seq:
            self._seq = int(state["seq"])
            self._refresh()

    @property
    def is_open(self) -> bool:
        return self._ix is not None

    def close(self) -> None:
        with self._read_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def _index(self) -> windex.Index:
        if self._ix is None:
            raise PapershelfError("the search index is not open")
        return self._ix

    # ------------------------------------------------------------------------ writes
    def apply(
        self,
        docs: Iterable[dict[str, Any]],
        deletes: Iterable[int],
        seq: int,
        *,
        timeout: float = 10.0,
    ) -> None:
        """Apply these documents and deletions and record `seq` (tests and repairs)."""
        batch = Changes(list(docs), list(deletes), seq)
        self.apply_changes(lambda _applied: batch, timeout=timeout)

    def apply_changes(
        self,
        compute: Callable[[int], Changes | None],
        *,
        timeout: float = 10.0,
        bulk_threshold: int = 2000,
    ) -> Changes | None:
        """Hold the writer lock, then ask `compute(applied_seq)` what to write, and write it.

        Computing under the lock matters when two processes share the index: whoever writes
        second sees the first one's progress, so an older copy of a paper never overwrites a
        newer one and the recorded sequence never goes backwards.

        Raises:
            IndexBusyError: another process kept the writer lock for `timeout` seconds.
        """
        ix = self._index()
        with self._write_lock:
            try:
                batch = self._apply_locked(ix, compute, timeout, bulk_threshold)
            except OSError as exc:
                raise self._write_error(exc) from exc
        if batch is not None:
            self._refresh()
        return batch

    def _apply_locked(
        self,
        ix: windex.Index,
        compute: Callable[[int], Changes | None],
        timeout: float,
        bulk_threshold: int,
    ) -> Changes | None:
        bulk = False
        computed: tuple[int, Changes] | None = None
        while True:
            writer = self._writer(ix, timeout, bulk)
            state = self._read_state() or {}
            applied = max(self._seq, int(state.get("seq", 0)))
            try:
                if computed is not None and computed[0] == applied:
                    # Nobody wrote to the index between the two writers: what was computed
                    # for the first still holds (its documents are 0.3 s per 10k papers).
                    batch: Changes | None = computed[1]
                else:
                    batch = compute(applied)
                if batch is None:
                    writer.cancel()
                    self._seq = applied
                    return None
                if not bulk and len(batch.docs) > bulk_threshold:
                    writer.cancel()
                    bulk = True  # many documents: the multi-process writer
                    computed = (applied, batch)
                    continue
                for pid in batch.deletes:
                    writer.delete_by_term("id", str(pid))
                for doc in batch.docs:
                    writer.update_document(**doc)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            self._seq = max(applied, batch.seq)
            self._write_state(self.path, self._seq)
            return batch

    def _writer(self, ix: windex.Index, timeout: float, bulk: bool) -> Any:
        from whoosh.writing import LockError

        try:
            if bulk:
                return _bulk_writer(ix, timeout=timeout)
            return ix.writer(timeout=timeout)
        except LockError as exc:
            raise IndexBusyError(
                "the search index is busy (another Papershelf is writing); it will catch up later"
            ) from exc

    @contextlib.contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """Held while an index is built, so two processes never build into one folder."""
        from whoosh.util.filelock import FileLock

        lock = FileLock(str(self.path.with_name(self.path.name + ".rebuild.lock")))
        lock.acquire(blocking=True)
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def _live_writer_lock(self, timeout: float) -> Iterator[None]:
        """Whoosh's writer lock on the index in place: nobody commits to it while held.

        A folder that is not an index (missing, or a plain file) has no writers to stop.
        """
        if not self.path.is_dir():
            yield
            return
        from whoosh.util.filelock import FileLock

        lock = FileLock(str(self.path / f"{INDEX_NAME}_WRITELOCK"))
        deadline = time.monotonic() + timeout
        while not lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise IndexBusyError(
                    f"the search index at {self.path} stayed busy for {timeout:g} s; "
                    "the rebuilt index was not swapped in (run `papershelf reindex` again)"
                )
            time.sleep(0.05)
        try:
            yield
        finally:
            lock.release()

    def rebuild(
        self,
        docs: Iterable[dict[str, Any]],
        seq: int,
        *,
        total: int = 0,
        progress: Progress | None = None,
        replay: Callable[[], Changes | None] | None = None,
        swap_timeout: float = 60.0,
    ) -> None:
        """Build a fresh index beside the old one and swap it in when complete.

        The old index stays searchable, and other processes go on committing to it, while
        the new one is built from the snapshot at `seq`. For the swap this takes the old
        index's writer lock, so nobody commits to it any more, and writes what `replay()`
        says changed since the snapshot into the new index first: an edit made during a
        rebuild is never lost from search, and the new index never records an older
        sequence than the one it replaces. A crash mid-build leaves the old index (or none);
        either way the next open rebuilds.

        Raises:
            IndexWriteError: the new index could not be written (the old one is kept).
            IndexBusyError: the old index's writer lock was held for `swap_timeout` s.
        """
        tmp = self.path.with_name(self.path.name + ".building")
        try:
            _remove_path(tmp)
            tmp.mkdir(parents=True)
            ix = _storage(tmp).create_index(self.schema, indexname=INDEX_NAME)
        except OSError as exc:
            _remove_path(tmp)
            raise self._write_error(exc) from exc
        big = total > 2000
        # Handing documents to the writer is about half the work; the commit (sorting and
        # writing postings) is the other half, so progress counts both.
        units = 2 * max(total, 1)
        done = 0
        try:
            if big:
                writer = _bulk_writer(ix)
            else:
                from papershelf.search.fast_postings import FastCodec
                from papershelf.search.fast_writer import FastSegmentWriter

                writer = FastSegmentWriter(ix, limitmb=512, codec=FastCodec())
            try:
                for doc in docs:
                    writer.add_document(**doc)
                    done += 1
                    if progress and done % 500 == 0:
                        progress(done, units)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            with self._write_lock, self._live_writer_lock(swap_timeout):
                final = seq
                batch = replay() if replay is not None else None
                if batch is not None:
                    if batch.docs or batch.deletes:
                        with ix.writer(limitmb=256) as catch_up_writer:
                            for pid in batch.deletes:
                                catch_up_writer.delete_by_term("id", str(pid))
                            for doc in batch.docs:
                                catch_up_writer.update_document(**doc)
                    final = max(seq, batch.seq)
                ix.close()
                self._write_state(tmp, final)
                self.close()
                old = self.path.with_name(self.path.name + ".old")
                _remove_path(old)
                if self.path.exists() or self.path.is_symlink():
                    os.replace(self.path, old)
                os.replace(tmp, self.path)
                _remove_path(old)
        except OSError as exc:
            ix.close()
            _remove_path(tmp)
            raise self._write_error(exc) from exc
        except BaseException:
            ix.close()
            _remove_path(tmp)
            raise
        if progress:
            progress(units, units)
        if not self.open():
            raise PapershelfError(f"the rebuilt search index at {self.path} does not open")

    def _write_error(self, exc: OSError) -> IndexWriteError:
        return IndexWriteError(
            f"the search index at {self.path} could not be written ({exc.strerror or exc}); "
            "the library itself is safe, and search catches up once this is fixed"
        )

    # ------------------------------------------------------------------------- reads
    def _refresh(self) -> None:
        # Lazily, on the next search: the writer thread must not wait for a running search.
        self._stale = True

    @contextlib.contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """The long-lived searcher, reopened only when a commit changed the index."""
        ix = self._index()
        with self._read_lock:
            if self._searcher is None:
                self._searcher = ix.searcher()
            elif self._stale:
                # A new searcher rather than Searcher.refresh(): refreshing the searcher of an
                # empty index raises inside Whoosh, and without mmap opening costs ~1 ms.
                self._stale = False
                self._searcher.close()
                self._searcher = ix.searcher()
            yield self._searcher

    def doc_count(self) -> int:
        with self.searcher() as s:
            return int(s.doc_count())

    def stored_revs(self) -> dict[int, int]:
        """Every indexed paper id with the revision it was indexed at."""
        with self.searcher() as s:
            return {int(f["id"]): int(f.get("rev", 0)) for f in s.reader().all_stored_fields()}

    def search(
        self,
        parsed: ParsedQuery,
        *,
        limit: int = 20,
        texts: TextSource | None = None,
        snippets: int = 20,
        exact_total: bool = False,
        deadline: float | None = SEARCH_DEADLINE,
        fast: bool = True,
    ) -> SearchResults:
        """Ranked search (BM25F). Snippets are computed for the first `snippets` hits only.

        The total is exact when all matches fit in `limit` or `exact_total` is set; otherwise
        it is Whoosh's estimate, because an exact count runs the whole query a second time.
        A search still running after `deadline` seconds stops with the best hits so far
        (`timed_out`), so no query can hang the window or a script.

        The hits are scored over whole posting lists (`search/scoring.py`); a query it does
        not cover, or `fast=False` (tests compare the two), runs Whoosh's own collector.
        """
        from papershelf.search.query import LimitedPrefix
        from papershelf.search.scoring import UnsupportedQueryError, ranked

        terms = texts is not None
        with self.searcher() as s:
            out = SearchResults()
            found = None
            if fast:
                with contextlib.suppress(UnsupportedQueryError):
                    found = ranked(
                        s,
                        parsed.query,
                        limit,
                        terms=terms,
                        exact_total=exact_total,
                        deadline=deadline,
                    )
            if found is None:
                found = _whoosh_ranked(s, parsed, limit, terms, exact_total, deadline)
            out.timed_out = found.timed_out
            out.total = found.total
            out.total_exact = found.total_exact
            ids = [int(s.stored_fields(docnum)["id"]) for docnum, _, _ in found.hits]
            texts_by_id = texts(ids[:snippets]) if texts is not None else {}
            # Prefix matches are sets of documents without term information, so their
            # expansions are offered to the highlighter for every hit.
            expanded = [
                (leaf.fieldname, btext)
                for leaf in parsed.query.leaves()
                if isinstance(leaf, LimitedPrefix)
                for btext in leaf._btexts(s.reader())
            ]
            for rank, (pid, (_, score, matched)) in enumerate(zip(ids, found.hits, strict=True)):
                snippet = None
                if rank < snippets and pid in texts_by_id:
                    snippet = self._snippet([*(matched or ()), *expanded], texts_by_id[pid])
                out.hits.append(Hit(pid, score, snippet))
            if out.total == 0 and parsed.words:
                out.suggestion = self._suggest(s, parsed)
            return out

    def _snippet(
        self, matched: Iterable[tuple[str, bytes]], text: Mapping[str, str]
    ) -> Snippet | None:
        by_field: dict[str, set[str]] = {}
        for fieldname, btext in matched:
            if fieldname not in SNIPPET_FIELDS:
                continue  # numeric and id fields hold encoded bytes, and are not shown
            term = btext.decode("utf-8", "replace")
            by_field.setdefault(fieldname, set()).add(term)
        for shown, fields in SNIPPET_SOURCES:
            terms = set().union(*(by_field.get(f, set()) for f in fields))
            body = text.get(shown)
            if not terms or not body:
                continue
            if shown == "pdf":
                page_snippet = self._page_snippet(body, frozenset(terms))
                if page_snippet is not None:
                    return page_snippet
                continue
            from whoosh import highlight

            marked = self._highlight(
                body, frozenset(terms), highlight.ContextFragmenter(maxchars=240, surround=60), 2
            )
            if marked:
                return _to_snippet(shown, marked)
        return None

    def _page_snippet(self, pages_text: str, terms: frozenset[str]) -> Snippet | None:
        """A snippet from the PDF page that best matches, as "p. 4: …".

        Highlighting a hundred pages per hit would be slow, so pages are first ranked by a
        cheap substring count of the (stemmed) terms, and only the best few are analysed.
        """
        from whoosh import highlight
        from whoosh.support.charset import accent_map

        labels: list[str] = []
        pages: list[str] = []
        for n, page in enumerate(pages_text.split(PAGE_BREAK), 1):
            label, sep, text = page.partition(PAGE_LABEL_END)
            labels.append(label if sep else f"p. {n}")
            pages.append(text if sep else page)
        folded = [p.casefold().translate(accent_map) for p in pages]
        # A stem is not always a prefix of its words ("studi" for "study"): drop its last letter.
        probes = {t[: max(3, len(t) - 1)] for t in terms}
        ranked = sorted(
            (i for i in range(len(pages)) if any(t in folded[i] for t in probes)),
            key=lambda i: (-sum(t in folded[i] for t in probes), i),
        )
        for i in ranked[:SNIPPET_PAGES]:
            marked = self._highlight(
                pages[i], terms, highlight.ContextFragmenter(maxchars=240, surround=60), 1
            )
            if marked:
                found = _to_snippet("pdf", marked)
                prefix = f"{labels[i]}: "
                spans = tuple((a + len(prefix), b + len(prefix)) for a, b in found.spans)
                return Snippet("pdf", prefix + found.text, spans)
        return None

    def _suggest(self, s: Searcher, parsed: ParsedQuery) -> str | None:
        """A respelling of the query's unknown words, from the titles' vocabulary."""
        reader = s.reader()
        corrector = reader.corrector("title")
        changed, words = False, []
        for word in parsed.words:
            stems = [t.text for t in self._analyzer(word)]
            known = stems and any(reader.doc_frequency(f, stems[0]) for f in ("title", "body"))
            if known:
                words.append(word)
                continue
            fixes = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
            if fixes and fixes[0] != word:
                words.append(fixes[0])
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else None

    def more_like(self, paper_id: int, text: str, *, limit: int = 10) -> list[Hit]:
        """Papers whose title and abstract share the most distinctive words with `text`."""
        from whoosh import query as wq

        with self.searcher() as s:
            terms = s.key_terms_from_text("body", text, numterms=12)
            if not terms:
                return []
            q = wq.Or([wq.Term(f, t, boost=w) for t, w in terms for f in ("title", "body")])
            results = s.search(q, limit=limit + 1)
            return [
                Hit(int(h["id"]), float(h.score or 0.0))
                for h in results
                if int(h["id"]) != paper_id
            ][:limit]


def _whoosh_ranked(
    s: Searcher,
    parsed: ParsedQuery,
    limit: int,
    terms: bool,
    exact_total: bool,
    deadline: float | None,
) -> Ranked:
    """The best hits through Whoosh's own collector (what `scoring.ranked` reproduces)."""
    from whoosh.collectors import TimeLimit, TimeLimitCollector

    from papershelf.search.scoring import Ranked

    collector = s.collector(limit=limit, terms=terms)
    if deadline is not None:
        collector = TimeLimitCollector(collector, timelimit=deadline, use_alarm=False)
    timed_out = False
    try:
        s.search_with_collector(parsed.query, collector)
    except TimeLimit:
        timed_out = True
    results = collector.results()
    # Not list(results): list() asks len(), which recounts every match.
    hits = [results[i] for i in range(results.scored_length())]
    found = [
        (h.docnum, float(h.score or 0.0), list(h.matched_terms()) if terms else None) for h in hits
    ]
    if timed_out:
        return Ranked(found, len(hits), False, timed_out=True)
    if exact_total or len(hits) < limit:
        return Ranked(found, len(hits) if len(hits) < limit else len(results), True)
    return Ranked(found, max(len(hits), int(results.estimated_length())), False)


@functools.cache
def _keep_lengths_in_memory() -> None:
    """Have Whoosh read each segment's document-length columns into memory, once.

    Without mmap, Whoosh reads a document's field length from the file (a seek and a
    one-byte read) for every match BM25F scores, and for every posting a commit writes
    (for its block statistics): about a quarter of a search's time and of a commit's. The
    columns are one byte per document and field (100 KB per field at 100k papers). Any
    column of another shape keeps Whoosh's own reader.
    """
    from whoosh.codec import whoosh3

    original = whoosh3.W3PerDocReader._cached_reader

    def cached_reader(self: Any, fieldname: str, column: Any) -> Any:
        reader = original(self, fieldname, column)
        if column is not whoosh3.LENGTHS_COLUMN or reader is None or isinstance(reader, bytes):
            return reader
        needed = ("_dbfile", "_basepos", "_count", "_fixedlen")
        if not all(hasattr(reader, a) for a in needed) or reader._fixedlen != 1:
            return reader
        data = bytes(reader._dbfile.get(reader._basepos, reader._count))
        # Documents past the column's end have the column's default length, 0.
        data += bytes(max(0, self._doccount - len(data)))
        self._readers[fieldname] = data
        return data

    whoosh3.W3PerDocReader._cached_reader = cached_reader


def _storage(path: Path) -> FileStorage:
    # No mmap: with it, Whoosh copies each part of a compound segment into a BytesIO, which
    # is 300 MB of RAM at 100k papers (plus the mapped pages) and 0.14 s per searcher open.
    # Plain reads keep the window at about 100 MB; queries were ~20% slower in a probe, well
    # inside the latency targets (docs/performance.md).
    from whoosh.filedb.filestore import FileStorage

    _keep_lengths_in_memory()
    return FileStorage(str(path), supports_mmap=False)


def _procs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _bulk_writer(ix: windex.Index, *, timeout: float = 0.0) -> Any:
    """Whoosh's multi-process writer, whose forked workers die with this process.

    `lifeline` makes each worker close the lock files it inherits and ask for SIGKILL when
    its parent dies, so a killed reindex or import never leaves workers holding the index.
    Each worker writes one segment, grouping postings by term as they come
    (`fast_writer`), with FastCodec: the same segment files as Whoosh's own writer.
    """
    from papershelf.core import lifeline
    from papershelf.search.fast_postings import FastCodec
    from papershelf.search.fast_writer import FastMpWriter

    lifeline.install()
    return FastMpWriter(ix, procs=_procs(), timeout=timeout, limitmb=512, codec=FastCodec())


def _remove_path(path: Path) -> None:
    """Remove a file or a folder tree if present (a user may have put either there)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            path.unlink()


def matching_documents(
    docs: Iterable[dict[str, Any]], queries: Iterable[ParsedQuery]
) -> list[set[str]]:
    """For each query, the ids of `docs` it matches, through a throwaway in-memory index.

    Feeds filter their candidates with the library's own query language; indexing a fetch's
    few hundred candidates with the real schema is milliseconds and matches exactly as a
    search of the library would.
    """
    from whoosh.filedb.filestore import RamStorage

    from papershelf.search.schema import build_schema

    _keep_lengths_in_memory()

    ix = RamStorage().create_index(build_schema(), indexname=INDEX_NAME)
    with ix.writer() as writer:
        for doc in docs:
            writer.add_document(**doc)
    with ix.searcher() as s:
        return [{str(h["id"]) for h in s.search(q.query, limit=None)} for q in queries]
