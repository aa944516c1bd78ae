"""Library: one folder with the database, the search index and attachments, kept consistent.

SQLite is the source of truth. Every write records a change sequence; `sync_index` replays
the changes the index has not seen, so a crash anywhere only delays the index, and a missing
or damaged index is rebuilt from SQLite.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from papershelf.config.paths import DB_FILE, FILES_DIR, INDEX_DIR
from papershelf.core.annotation_colors import DEFAULT_COLOR
from papershelf.core.errors import (
    InvalidInputError,
    NotFoundError,
    PapershelfError,
    StorageError,
)
from papershelf.core.models import Annotation, Paper, PaperDraft, ReadingPosition, ReadingStatus
from papershelf.core.query import SortKey, ViewQuery
from papershelf.library.backups import (
    BULK_IMPORT_BACKUP_MIN,
    auto_backup,
    check_readable,
    daily_backup_due,
    damaged_error,
    is_damage,
)
from papershelf.storage import staging
from papershelf.storage.annotations import AnnotationStore, NewAnnotation
from papershelf.storage.db import connect, read_snapshot, transaction, utcnow, writer_waiting
from papershelf.storage.migrations import migrate
from papershelf.storage.open_lock import (
    ImportClaim,
    OpenLock,
    import_is_alive,
    staged_imports_supported,
)
from papershelf.storage.papers import PaperStore, _clean_tag, _tag_key
from papershelf.storage.readcheck import (
    UnreadableError,
    is_unreadable,
    read_papers,
    unreadable_papers,
)

# A cold start (open, then the first sorted page) reads SQLite only: what searching,
# indexing, importing, exporting, duplicates, highlights and settings need is imported in
# the method that needs it (tests/search/test_lazy_imports.py holds this).
if TYPE_CHECKING:
    from papershelf.config.settings import Settings
    from papershelf.core.duplicates import DuplicateGroup, MergeSnapshot
    from papershelf.core.results import Hit, SearchResults, Snippet
    from papershelf.importers.base import Skipped
    from papershelf.library.background_indexer import BackgroundIndexer
    from papershelf.library.reading_stats import ReadingStats
    from papershelf.search.index import SearchIndex
    from papershelf.search.query import QueryParser

log = logging.getLogger(__name__)

STAGED_BATCH = 100
"""Drafts in a bulk import's first transaction (and the size from which an import is bulk)."""
STEP_SECONDS = 0.015
"""What one transaction of a bulk import aims to take: what an edit may have to wait for.
Each step is sized from how long the previous one took, so a loaded machine takes smaller
steps."""


class _Steps:
    """Step sizes that keep each transaction near `STEP_SECONDS`."""

    def __init__(self, first: int, smallest: int = 10, largest: int = 1000) -> None:
        self.size = first
        self._bounds = (smallest, largest)
        self._started = 0.0
        self._done = first

    def __enter__(self) -> int:
        self._started = time.perf_counter()
        self._done = self.size
        return self.size

    def took(self, done: int) -> None:
        """The step ended early (an edit was waiting) after `done` items."""
        self._done = done

    def __exit__(self, *exc: object) -> None:
        took = max(time.perf_counter() - self._started, 1e-4)
        smallest, largest = self._bounds
        wanted = int(max(self._done, 1) * STEP_SECONDS / took)
        # Grow slowly (a fast step may be luck), shrink at once.
        self.size = max(smallest, min(largest, self.size * 2, wanted))


Progress = Callable[[int, int], None]
Indexing = Literal["sync", "background", "on_close", "none"]


@dataclass
class ImportReport:
    """What an import did, for the summary line and the exit code."""

    source: str
    format: str
    imported: int = 0
    merged: int = 0
    restored: int = 0  # merged papers brought back from the trash
    possible: int = 0  # added papers recorded as possible duplicates (to review)
    skipped: list[Skipped] = field(default_factory=list)
    paper_ids: list[int] = field(default_factory=list)
    added_ids: list[int] = field(default_factory=list)  # new papers only (undo removes them)
    unknown_macros: dict[str, int] = field(default_factory=dict)
    """TeX macros the importer did not know (kept as words), with how many entries used each."""

    @property
    def total(self) -> int:
        return self.imported + self.merged + len(self.skipped)

    def summary(self) -> str:
        restored = f"; {self.restored} restored from the trash" if self.restored else ""
        return (
            f"{self.imported} imported, {self.merged} merged (same DOI/arXiv id or entry"
            f"{restored}), {self.possible} possible duplicates to review, "
            f"{len(self.skipped)} skipped"
        ) + self.macros_note()

    def macros_note(self) -> str:
        """The summary's note on TeX macros the importer kept as words, or "" when none."""
        if not self.unknown_macros:
            return ""
        top = sorted(self.unknown_macros.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        names = ", ".join(f"\\{name}" + (f" ×{n}" if n > 1 else "") for name, n in top)
        more = ", …" if len(self.unknown_macros) > len(top) else ""
        entries = sum(self.unknown_macros.values())
        return f"; {entries} uses of unknown TeX macros, kept as words: {names}{more}"

    @property
    def exit_code(self) -> int:
        """0: everything in; 2: some entries skipped; 1: nothing could be imported."""
        if not self.skipped:
            return 0
        return 2 if self.imported + self.merged else 1

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "imported": self.imported,
            "merged": self.merged,
            "restored": self.restored,
            "possible_duplicates": self.possible,
            "unknown_macros": dict(self.unknown_macros),
            "skipped": [{"line": s.line, "reason": s.reason} for s in self.skipped],
            "paper_ids": self.paper_ids,
        }


@dataclass
class CheckReport:
    """Differences between SQLite and the index; empty lists mean they agree."""

    papers: int = 0
    indexed: int = 0
    caught_up: int = 0
    pending: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    integrity: str = "ok"
    writable: str = "ok"
    """"ok", or why SQLite refuses writes (a damaged header, a read-only file)."""
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    """Papers whose stored values cannot be decoded (export and list skip them)."""
    rebuilt_because: str | None = None
    """Why the index was rebuilt on open (missing, damaged, another library's, ahead)."""

    @property
    def ok(self) -> bool:
        return (
            not (self.pending or self.missing or self.stale or self.extra or self.unreadable)
            and self.integrity == "ok"
            and self.writable == "ok"
        )

    def problems(self) -> list[str]:
        """The library's own problems (not index drift), one line each, for people."""
        lines = []
        if self.integrity != "ok":
            lines.append(f"SQLite integrity check: {self.integrity}")
        if self.writable != "ok":
            lines.append(f"the library cannot be written: {self.writable}")
        for pid, reason in self.unreadable[:20]:
            lines.append(f"paper {pid} cannot be read: {reason}")
        if len(self.unreadable) > 20:
            lines.append(f"… and {len(self.unreadable) - 20} more unreadable papers")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "papers": self.papers,
            "indexed": self.indexed,
            "caught_up_on_open": self.caught_up,
            "pending_changes": self.pending,
            "missing_from_index": self.missing,
            "stale_in_index": self.stale,
            "extra_in_index": self.extra,
            "sqlite_integrity": self.integrity,
            "sqlite_writable": self.writable,
            "unreadable_papers": [{"id": i, "reason": r} for i, r in self.unreadable],
            "index_rebuilt_because": self.rebuilt_because,
        }


class Library:
    """A library folder opened for use by one thread (the GUI gives each lane its own)."""

    def __init__(self, path: Path, *, indexing: Indexing = "sync") -> None:
        self.path = path
        self.db_path = path / DB_FILE
        self.index_path = path / INDEX_DIR
        self.files_path = path / FILES_DIR
        self._db = connect(self.db_path)
        self._store = PaperStore(self._db)
        self._annotations = AnnotationStore(self._db)
        self._index: SearchIndex | None = None
        self._parser: QueryParser | None = None
        self.indexing = indexing
        self._edited = False
        self._owner_thread = threading.get_ident()
        self._thread_local = threading.local()
        self._indexer: BackgroundIndexer | None = None
        self._settings: Settings | None = None
        self._had_papers = False
        self._open_lock: OpenLock | None = None
        self.notice: Callable[[str], None] = log.warning
        """Tells the user about slow repairs (the CLI prints it to stderr)."""

    @classmethod
    def open(
        cls, path: Path | str, *, indexing: Indexing = "sync", index_later: bool = False
    ) -> Library:
        """Open the library at `path`, creating the folder and migrating the schema.

        Args:
            path: the library folder.
            indexing: when edits reach the search index.
                "sync": before the editing call returns (scripts, tests);
                "background": on an indexer thread of this library's own, which also opens
                the index, so neither opening nor editing waits for Whoosh (the GUI);
                "on_close": when the library is closed (the CLI prints its result first);
                "none": never from this object; another one (the GUI's indexer, or the next
                open) catches up from SQLite's change sequence (worker threads).
            index_later: with "background", the indexer opens the index only at
                `start_indexing()` or at the first search, wait or edit (the window starts
                it after its first paint).

        Raises:
            StorageError: the folder cannot be created or the database cannot be read.
        """
        path = Path(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            (path / FILES_DIR).mkdir(exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the library folder {path}: {exc}") from exc
        db_path = path / DB_FILE
        check_readable(db_path)
        try:
            lib = cls(path, indexing=indexing)
        except StorageError as exc:
            if exc.__cause__ is not None and is_damage(exc.__cause__):
                raise damaged_error(db_path, str(exc.__cause__)) from exc
            raise
        try:
            migrate(lib._db, before=lambda v: auto_backup(path, f"before-upgrade-from-v{v}"))
        except sqlite3.DatabaseError as exc:
            lib.close()
            if is_damage(exc):
                raise damaged_error(db_path, str(exc)) from exc
            raise StorageError(f"{db_path}: the library cannot be opened: {exc}") from exc
        except Exception:
            lib.close()
            raise
        lib._open_lock = OpenLock(path)
        try:
            lib._discard_unfinished_imports()
        except (PapershelfError, sqlite3.Error) as exc:  # read-only or busy: try next time
            log.info("unfinished imports not discarded: %s", exc)
        lib._had_papers = lib._store.has_papers()
        if daily_backup_due(path):
            auto_backup(path, "daily")
        if indexing == "background":
            from papershelf.library.background_indexer import BackgroundIndexer
            from papershelf.search.index import SearchIndex

            lib._index = SearchIndex(lib.index_path)
            lib._indexer = BackgroundIndexer(
                lib.db_path, lib._index, out_of_process=True, held=index_later
            )
        return lib

    def close(self) -> None:
        """Close the library; with "on_close" indexing, bring the index up to date first.

        A failure to index is logged, never raised: SQLite has the change, and the next open
        catches the index up.
        """
        # A new library gets its index now; an existing one whose index is gone is rebuilt (with
        # a notice) on its next open rather than at the end of an unrelated command.
        if self._edited and (self.index_path.exists() or not self._had_papers):
            try:
                self.index()
            except PapershelfError as exc:
                log.warning("index not updated on close (next open catches up): %s", exc)
        if self._indexer is not None:
            self._indexer.close()
            self._indexer = None
        if self._index is not None:
            self._index.close()
            self._index = None
        self._db.conn.close()
        if self._open_lock is not None:
            self._open_lock.release()
            self._open_lock = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def settings(self) -> Settings:
        """The library's settings (settings.json, environment overrides), read once."""
        if self._settings is None:
            from papershelf.config.settings import load_settings

            self._settings = load_settings(self.path)
        return self._settings

    def reload_settings(self) -> Settings:
        self._settings = None
        return self.settings

    # ----------------------------------------------------------------- search index
    @property
    def parser(self) -> QueryParser:
        if self._parser is None:
            from papershelf.search.query import QueryParser

            self._parser = QueryParser()
        return self._parser

    def index(self, progress: Progress | None = None) -> SearchIndex:
        """The search index, opened (or rebuilt) and caught up with SQLite.

        Raises:
            PapershelfError: the background indexer failed (its error is the cause).
        """
        if self._indexer is not None:
            self._indexer.wait_ready()
            if self._indexer.error is not None:
                raise PapershelfError(
                    f"the search index could not be opened: {self._indexer.error}"
                ) from self._indexer.error
            self._indexer.index.reload_state()
            return self._indexer.index
        if self._index is None:
            self._index, _ = self._open_index(progress)
        self._catch_up(self._index)
        return self._index

    def _catch_up(self, index: SearchIndex) -> int:
        """Apply SQLite's changes to the index; a failed index write is only a notice.

        SQLite has every change, and the next catch-up applies them.
        """
        from papershelf.library.indexing import catch_up
        from papershelf.search.index import IndexWriteError

        try:
            return catch_up(self._store, index)
        except IndexWriteError as exc:
            self.notice(str(exc))
            return 0

    def _open_index(
        self, progress: Progress | None, told: Callable[[str], None] | None = None
    ) -> tuple[SearchIndex, bool]:
        """Open the index, rebuilding (with a notice) when missing, damaged or not ours.

        `told(problem)` hears why, before a rebuild starts.
        """
        from papershelf.library.indexing import open_or_rebuild
        from papershelf.search.index import SearchIndex

        index = SearchIndex(self.index_path)
        announce = self._had_papers or self.index_path.exists()  # not a new library's first

        def notice(problem: str) -> None:
            if told is not None:
                told(problem)
            if announce:
                self.notice(
                    f"the search index at {self.index_path} {problem}; "
                    f"rebuilding it from the library ({self._store.count()} papers)…"
                )

        return index, open_or_rebuild(self._store, index, progress, notice)

    def start_indexing(self) -> None:
        """Let a held background indexer open the index now (`open(index_later=True)`)."""
        if self._indexer is not None:
            self._indexer.start()

    def sync_index(self, progress: Progress | None = None) -> int:
        """Bring an open index up to date now; returns how many papers were updated."""
        if self._indexer is not None:
            self._indexer.notify()
            self._indexer.wait_idle()
            return 0
        if self._index is None:
            return 0
        return self._catch_up(self._index)

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Wait until every edit so far is searchable (background mode; else immediate)."""
        if self._indexer is None:
            return True
        return self._indexer.wait_idle(timeout)

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the index from SQLite; returns the number of papers indexed."""
        from papershelf.library.indexing import rebuild
        from papershelf.search.index import SearchIndex

        auto_backup(self.path, "before-reindex")
        index = self.index() if self._indexer is not None else None
        if index is None:
            index = self._index or SearchIndex(self.index_path)
            self._index = index
        with index.rebuild_lock():
            rebuild(self._store, index, progress)
        return index.doc_count()

    def check(self, *, sync: bool = True) -> CheckReport:
        """Check the library file, every paper's stored values, and the index against them.

        SQLite's full `integrity_check`, a trial write (rolled back), every paper read
        through the decoding the exporters use, then every paper's revision compared with
        the index's copy. An index that is missing, damaged, another library's or ahead of
        SQLite is rebuilt on the way, and the report says why.
        """
        report = CheckReport()
        rows = self._db.execute("PRAGMA integrity_check").fetchall()
        report.integrity = "; ".join(str(r[0]) for r in rows[:10]) or "ok"
        report.writable = self._write_probe()
        report.unreadable = unreadable_papers(self._db)
        if self._index is None:
            reasons: list[str] = []
            self._index, rebuilt = self._open_index(None, reasons.append)
            if rebuilt:
                report.caught_up = self._store.count()
                report.rebuilt_because = reasons[0] if reasons else "is missing"
        index = self._index
        if sync:
            report.caught_up += self._catch_up(index) if self._indexer is None else 0
            self.wait_for_index()
        with read_snapshot(self._db):
            report.pending = len(self._store.changed_since(index.seq)[1])
            rows = self._db.execute(
                "SELECT id, rev FROM papers WHERE trashed_at IS NULL"
            ).fetchall()
        expected = {int(i): int(r) for i, r in rows}
        indexed = index.stored_revs()
        report.papers, report.indexed = len(expected), len(indexed)
        report.missing = sorted(set(expected) - set(indexed))
        report.extra = sorted(set(indexed) - set(expected))
        report.stale = sorted(i for i, r in expected.items() if i in indexed and indexed[i] != r)
        return report

    def _write_probe(self) -> str:
        """Whether SQLite accepts a write here (made, then rolled back): "ok" or why not."""
        conn = self._db.conn
        if conn.in_transaction:
            return "ok"
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("UPDATE meta SET value = value WHERE key = 'library_id'")
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back itself
                conn.execute("ROLLBACK")
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY:
                return "ok"  # another process is writing: it can, so can we
            return str(exc)
        return "ok"

    # ------------------------------------------------------------------------ search
    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        mode: Literal["full", "typing"] = "full",
        snippets: int = 20,
        exact_total: bool = False,
    ) -> SearchResults:
        """Search the library.

        `typing` mode matches word starts in titles, authors and tags (search as you type);
        `full` mode runs the whole query language with ranking, snippets and "did you mean".

        Raises:
            QueryError: malformed query (one-line message).
        """
        if self._indexer is not None:
            # Edits notified so far are applied first (milliseconds, usually nothing), so a
            # search right after an edit or import finds it.
            self._indexer.wait_idle(timeout=2.0)
        parsed = self.parser.typing(text) if mode == "typing" else None
        if parsed is None:
            parsed = self.parser.parse(text)
        texts = self._texts if snippets else None
        return self.index().search(
            parsed, limit=limit, texts=texts, snippets=snippets, exact_total=exact_total
        )

    def _reader_store(self) -> PaperStore:
        """A PaperStore for the calling thread.

        sqlite3 connections refuse use from another thread, so a search running on a worker
        thread reads snippet texts through a read connection of its own.
        """
        if threading.get_ident() == self._owner_thread:
            return self._store
        store: PaperStore | None = getattr(self._thread_local, "store", None)
        if store is None:
            store = PaperStore(connect(self.db_path))
            self._thread_local.store = store
        return store

    def _texts(self, ids: list[int]) -> Mapping[int, Mapping[str, str]]:
        from papershelf.search.index import PAGE_BREAK, PAGE_LABEL_END
        from papershelf.storage.attachments import AttachmentStore

        out: dict[int, dict[str, str]] = {}
        store = self._reader_store()
        pdf = AttachmentStore(store.db).labelled_pages(ids)
        for p in store.get_many(ids):
            out[p.id] = {
                "pdf": PAGE_BREAK.join(
                    f"{label}{PAGE_LABEL_END}{text}" for label, text in pdf.get(p.id, ())
                ),
                "title": p.title,
                "abstract": p.abstract or "",
                "notes": p.note or "",
                "annotations": "\n".join(
                    " ".join(x for x in (a.quote, a.comment or "") if x) for a in p.annotations
                ),
            }
        return out

    def more_like(self, paper_id: int, *, limit: int = 10) -> list[Hit]:
        paper = self._store.get(paper_id)
        text = f"{paper.title}\n{paper.abstract or ''}"
        return self.index().more_like(paper_id, text, limit=limit)

    # ----------------------------------------------------------------------- imports
    def import_file(
        self, path: str, *, fmt: str = "auto", progress: Progress | None = None
    ) -> ImportReport:
        """Read, detect and import a file (or "-" for stdin) in one transaction.

        Raises:
            ImportFormatError: the file is unreadable, binary, empty or of an unknown format.
        """
        from papershelf.importers.textio import read_input

        text, name = read_input(path)
        return self.import_text(text, fmt=fmt, source=name, progress=progress)

    def import_text(
        self,
        text: str,
        *,
        fmt: str = "auto",
        source: str = "<input>",
        progress: Progress | None = None,
    ) -> ImportReport:
        from papershelf.importers.base import Skipped
        from papershelf.importers.registry import choose_importer

        importer = choose_importer(text, fmt, path=source)
        parsed = importer.parse(text, source=source)
        report = self.import_drafts(
            parsed.drafts,
            source=source,
            fmt=importer.name,
            skipped=parsed.skipped,
            progress=progress,
        )
        report.unknown_macros = dict(parsed.unknown_macros)
        if report.total == 0:
            report.skipped.append(Skipped(None, f"no papers found in this {importer.name} input"))
        return report

    def import_drafts(
        self,
        drafts: Sequence[PaperDraft],
        *,
        source: str = "<input>",
        fmt: str = "drafts",
        skipped: Sequence[Skipped] = (),
        progress: Progress | None = None,
        within: Callable[[ImportReport], None] | None = None,
    ) -> ImportReport:
        """Add or merge all drafts, all or nothing: a crash leaves none of them.

        A small import is one transaction. A bulk one (more than `STAGED_BATCH` drafts) is
        written in short transactions whose new papers stay hidden until the last one
        publishes them (`storage/staging.py`), so an edit made meanwhile waits for one batch,
        not for the whole import. `within(report)` runs inside the (single) transaction after
        the drafts are in, so a caller's own writes (the Inbox's triage) commit or roll back
        together with the import.
        """
        report = ImportReport(source=source, format=fmt, skipped=list(skipped))
        if len(drafts) >= BULK_IMPORT_BACKUP_MIN:
            auto_backup(self.path, "before-import")
        now = utcnow()
        if within is None and len(drafts) > STAGED_BATCH and staged_imports_supported():
            self._import_staged(drafts, report, now, progress)
        else:
            with transaction(self._db):
                self._add_drafts(drafts, report, now, progress)
                if within is not None:
                    within(report)
        report.skipped.sort(key=lambda s: (s.line is None, s.line or 0))
        if (report.imported or report.merged) and self.indexing != "none":
            if self._indexer is not None:
                self._indexer.notify()
            else:
                # Also for "on_close": the import's summary should mean "searchable now".
                self.index()
        return report

    def _add_drafts(
        self,
        drafts: Sequence[PaperDraft],
        report: ImportReport,
        now: str,
        progress: Progress | None,
        *,
        staged: str | None = None,
        done: int = 0,
        total: int = 0,
    ) -> int:
        """Add or merge `drafts` in order; returns how many were taken.

        A staged step stops early when an edit is waiting for the write lock.
        """
        from papershelf.importers.base import Skipped

        seen = set(report.paper_ids)
        added = set(report.added_ids)  # a title match among these is only a possible duplicate
        taken = 0
        for n, draft in enumerate(drafts, done + 1):
            if staged is not None and taken and writer_waiting(self._db):
                break
            taken += 1
            try:
                outcome = self._store.add_or_merge(
                    draft, now=now, staged=staged, origin=report.source, siblings=added
                )
            except InvalidInputError as exc:
                report.skipped.append(Skipped(draft.line, str(exc)))
                continue
            if outcome.deferred and staged is not None:
                staging.defer(self._db, staged, n, draft)  # merged after the commit point
                continue
            if outcome.merged:
                report.merged += 1
                report.restored += outcome.restored
            else:
                report.imported += 1
                report.possible += outcome.possible > 0
                report.added_ids.append(outcome.paper_id)
                added.add(outcome.paper_id)
            if outcome.paper_id not in seen:
                seen.add(outcome.paper_id)
                report.paper_ids.append(outcome.paper_id)
            if progress and n % 200 == 0:
                progress(n, total or len(drafts))
        return taken

    def _import_staged(
        self,
        drafts: Sequence[PaperDraft],
        report: ImportReport,
        now: str,
        progress: Progress | None,
    ) -> None:
        """A bulk import in short transactions, all or nothing (`storage/staging.py`)."""
        import uuid

        import_id = uuid.uuid4().hex
        with ImportClaim(self.path, import_id), self._checkpoints_between_steps():
            try:
                steps, start = _Steps(STAGED_BATCH), 0
                while start < len(drafts):
                    with steps as size, transaction(self._db):
                        taken = self._add_drafts(
                            drafts[start : start + size],
                            report,
                            now,
                            progress,
                            staged=import_id,
                            done=start,
                            total=len(drafts),
                        )
                        steps.took(taken)
                    start += taken
                    self._checkpoint()
                with transaction(self._db):
                    staging.commit(self._db, import_id, now)
            except BaseException:
                with contextlib.suppress(PapershelfError, sqlite3.Error), transaction(self._db):
                    staging.discard(self._db, import_id)
                raise
            # Past the commit point: a crash from here on is finished by the next open.
            self._publish(import_id, now, report)

    @contextlib.contextmanager
    def _checkpoints_between_steps(self) -> Iterator[None]:
        """No automatic WAL checkpoint inside a step: `_checkpoint` runs between steps.

        SQLite checkpoints in the COMMIT of whichever connection finds the WAL big, so an
        edit made after a few batches would pay for copying them all into the file.
        """
        self._db.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("PRAGMA wal_autocheckpoint = 1000")
                self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy what the WAL holds into the file, without waiting for readers or writers."""
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _publish(self, import_id: str, now: str, report: ImportReport | None) -> None:
        """Publish an import's hidden papers, then merge its kept drafts, step by step."""
        steps = _Steps(staging.PUBLISH_STEP)
        while True:
            with steps as size, transaction(self._db):
                if not staging.publish(self._db, import_id, now, size):
                    break
            self._checkpoint()
        scratch = report or ImportReport(source="", format="")
        while True:
            with transaction(self._db):
                kept = staging.take_deferred(self._db, import_id)
                if not kept:
                    staging.finish(self._db, import_id)
                    break
                self._add_drafts(kept, scratch, now, None)

    def _discard_unfinished_imports(self) -> None:
        """Finish imports past their commit point; drop those whose process died before it."""
        now = utcnow()
        for import_id in staging.publishing(self._db):
            if import_is_alive(self.path, import_id):
                continue  # its own process is publishing it
            self._publish(import_id, now, None)
            log.warning("finished publishing an interrupted import (%s)", import_id)
        for import_id in staging.unfinished(self._db):
            if import_is_alive(self.path, import_id):
                continue
            with transaction(self._db):
                n = staging.discard(self._db, import_id)
            log.warning("discarded %d papers of an import that did not finish", n)

    # --------------------------------------------------------------- reads for views
    def count(self) -> int:
        """Papers in the library (not in the trash)."""
        return self._store.count()

    def counts(self) -> dict[str, int]:
        """Papers per sidebar view: "library", each status, and "trash"."""
        return self._store.counts()

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with its paper count."""
        return self._store.tags()

    def saved_searches(self) -> list[tuple[str, str]]:
        """(name, query) of every saved search."""
        return self._store.saved_searches()

    def get_many(self, paper_ids: Sequence[int], *, details: bool = True) -> list[Paper]:
        return self._store.get_many(paper_ids, details=details)

    def exists(self, paper_id: int) -> bool:
        return self._store.exists(paper_id)

    def change_seq(self) -> int:
        """The library's change sequence: it moves whenever anyone changes a paper."""
        return self._store.max_seq()

    def view_ids(
        self, query: ViewQuery, among: Sequence[int] | None = None, *, limit: int | None = None
    ) -> list[int]:
        """The papers a view shows, in its order; the database filters and sorts.

        With `among` (ranked search hits) only those papers are kept: in rank order when the
        view has no sort of its own, else in the very order the list uses without a search.
        With `limit`, only the view's first papers (the window's first page: listing every
        id of 100k papers took ~30 ms of each start).
        """
        sort = query.sort or query.default_sort
        ids = self._store.ids(
            status=query.status,
            tags=query.tags,
            sort=sort,
            descending=query.descending if query.sort is not None else None,
            trashed=query.trashed,
            among=among,
            limit=limit if among is None else None,
        )
        if among is None or query.sort is not None:
            return ids if limit is None else ids[:limit]
        kept = set(ids)
        return [i for i in among if i in kept][:limit]

    def inbox_counts(self) -> dict[str, int]:
        """What the Inbox has left to triage: "open", "unseen" and "later" items.

        Here, not only in `library.inbox`: the window's sidebar shows the count at its first
        paint, before the Inbox's feeds and triage (~5 ms of imports) are needed.
        """
        from papershelf.storage.inbox_counts import inbox_counts

        return inbox_counts(self._db)

    def view_count(self, query: ViewQuery) -> int:
        """How many papers `view_ids(query)` lists (a count, not the list)."""
        return self._store.count_ids(status=query.status, tags=query.tags, trashed=query.trashed)

    def search_trash(self, text: str) -> list[int]:
        """Trashed papers whose title or authors hold every word (the trash is not indexed)."""
        words = text.casefold().split()
        papers = self._store.get_many(self._store.ids(trashed=True), details=False)
        return [
            p.id
            for p in papers
            if all(w in f"{p.title} {' '.join(p.authors)}".casefold() for w in words)
        ]

    @staticmethod
    def highlight_words(text: str, query: str) -> Snippet | None:
        """All of `text` with the query's words marked, as search matches them."""
        from papershelf.search.index import highlight_words

        return highlight_words(text, query)

    def read_papers(
        self, paper_ids: Sequence[int], *, details: bool = True
    ) -> tuple[list[Paper], list[tuple[int, str]]]:
        """The papers that can be read, in the order given, and (id, reason) for the rest.

        One damaged row (bad UTF-8 written by another tool) must not hide the others, so
        `list` and `export` give what they can and name what they left out.

        Raises:
            sqlite3.Error: SQLite itself failed (locked, damaged file), not one paper's values.
        """
        return read_papers(self._store, paper_ids, details=details)

    def readable_citation_keys(self, paper_ids: Sequence[int]) -> dict[int, str]:
        """`citation_keys(paper_ids)`, still given when some other paper cannot be read.

        Keys are decided over the whole library; an unreadable paper then takes no part (so a
        readable paper whose key it shared may get the bare key this once).
        """
        try:
            return self.citation_keys(paper_ids)
        except UnreadableError as exc:
            if not is_unreadable(exc):
                raise
        from papershelf.exporters.keys import assign_keys

        every = self._store.ids() + self._store.ids(trashed=True)
        readable, _ = read_papers(self._store, every, details=False)
        keys = assign_keys(readable)
        return {pid: keys[pid] for pid in paper_ids if pid in keys}

    def reading_stats(
        self, *, weeks: int | None = None, now: datetime | None = None
    ) -> ReadingStats:
        """Reading statistics from the status history (`library.reading_stats`).

        `weeks`: how many ISO weeks back, the current one included (None: its default).
        """
        from papershelf.library.reading_stats import DEFAULT_WEEKS, reading_stats

        return reading_stats(self._db, weeks=DEFAULT_WEEKS if weeks is None else weeks, now=now)

    # ------------------------------------------------------------------------- edits
    def get(self, paper_id: int) -> Paper:
        return self._store.get(paper_id)

    def resolve(self, ref: str) -> int:
        return self._store.resolve(ref)

    def list_ids(
        self,
        *,
        status: ReadingStatus | None = None,
        tags: Sequence[str] = (),
        sort: SortKey = SortKey.ADDED,
        descending: bool | None = None,
        trashed: bool = False,
        limit: int | None = None,
    ) -> list[int]:
        """The papers of a list, in its order; with `limit`, its first `limit` only.

        A first page asks for its rows alone: listing every id of 100k papers takes ~50 ms.
        """
        return self._store.ids(
            status=status, tags=tags, sort=sort, descending=descending, trashed=trashed, limit=limit
        )

    def notify_changed(self) -> None:
        """Another connection (a worker thread) changed SQLite: index it as for an edit."""
        self._after_edit()

    def _after_edit(self) -> None:
        if self.indexing == "none":
            return
        if self.indexing == "on_close":
            self._edited = True
        elif self._indexer is not None:
            self._indexer.notify()
        elif self._index is not None:
            self._catch_up(self._index)
        elif self.index_path.exists():
            self.index()

    def set_status(self, paper_id: int, status: ReadingStatus) -> bool:
        changed = self._store.set_status(paper_id, status)
        self._after_edit()
        return changed

    def set_statuses(self, statuses: Mapping[int, ReadingStatus]) -> int:
        """Several papers' statuses in one transaction (all or none); returns how many changed."""
        with transaction(self._db):
            n = sum(self._store.set_status(pid, st) for pid, st in statuses.items())
        self._after_edit()
        return n

    def set_priorities(self, priorities: Mapping[int, int]) -> None:
        with transaction(self._db):
            for pid, value in priorities.items():
                self._store.set_priority(pid, value)
        self._after_edit()

    def citation_keys(self, paper_ids: Sequence[int] | None = None) -> dict[int, str]:
        """Citation keys as a whole-library export would give them.

        Collision suffixes are decided over every paper, so a paper's key does not depend on
        which papers are exported or copied.
        """
        from papershelf.exporters.keys import assign_keys

        every = self._store.ids() + self._store.ids(trashed=True)
        keys = assign_keys(self._store.get_many(every, details=False))
        wanted = every if paper_ids is None else paper_ids
        return {pid: keys[pid] for pid in wanted if pid in keys}

    def citation_key(self, paper_id: int) -> str:
        """The key exports use for this paper (kept, set by the user, or generated)."""
        return self.citation_keys([paper_id])[paper_id]

    def set_citation_key(self, paper_id: int, key: str | None) -> None:
        """Fix a paper's citation key for every later export; None goes back to generated.

        Raises:
            InvalidInputError: the key would break a .bib entry or a file name, or another
                paper already has it.
        """
        if key is not None:
            from papershelf.exporters.common import check_key
            from papershelf.exporters.keys import citation_key

            check_key(key)
            for other in self._store.get_many(self._store.ids(), details=False):
                if other.id != paper_id and citation_key(other) == key:
                    raise InvalidInputError(f"paper {other.id} already has the key {key!r}")
        self._store.set_fields(paper_id, {"citation_key": key})
        self._after_edit()

    def set_fields(self, paper_id: int, values: Mapping[str, Any]) -> dict[str, Any]:
        """Edit a paper's metadata (`core/fields.py` `EDITABLE_FIELDS`); returns the old values.

        Raises:
            InvalidInputError: an unknown field or a value it cannot hold; nothing is saved.
            NotFoundError: no such paper.
        """
        key = values.get("citation_key")
        if key:
            self._check_key_free(paper_id, str(key))
        before = self._store.set_fields(paper_id, values)
        self._after_edit()
        return before

    def _check_key_free(self, paper_id: int, key: str) -> None:
        from papershelf.exporters.common import check_key
        from papershelf.exporters.keys import citation_key

        check_key(key)
        for other in self._store.get_many(self._store.ids(), details=False):
            if other.id != paper_id and citation_key(other) == key:
                raise InvalidInputError(f"paper {other.id} already has the key {key!r}")

    def ids_with_tag(self, name: str) -> list[int]:
        """Every paper carrying the tag, trashed ones included (for an exact undo)."""
        return self._store.ids_with_tag(name)

    def set_priority(self, paper_id: int, priority: int) -> bool:
        changed = self._store.set_priority(paper_id, priority)
        self._after_edit()
        return changed

    def change_tags(
        self, paper_ids: Sequence[int], add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> bool:
        changed = self._store.change_tags(paper_ids, add, remove)
        self._after_edit()
        return changed

    def rename_tag(self, old: str, new: str) -> int:
        n = self._store.rename_tag(old, new)
        self._after_edit()
        return n

    def delete_tag(self, name: str) -> list[int]:
        """Remove a tag everywhere; returns the papers that had it."""
        ids = self._store.delete_tag(name)
        self._after_edit()
        return ids

    def set_note(self, paper_id: int, body: str) -> bool:
        changed = self._store.set_note(paper_id, body)
        self._after_edit()
        return changed

    def append_note(self, paper_id: int, text: str) -> bool:
        changed = self._store.append_note(paper_id, text)
        self._after_edit()
        return changed

    def annotate(
        self, paper_id: int, quote: str, page: int | None = None, comment: str | None = None
    ) -> int:
        aid = self._store.add_annotation(paper_id, quote, page, comment)
        self._after_edit()
        return aid

    def trash(self, paper_ids: Sequence[int]) -> int:
        n = self._store.set_trashed(paper_ids, True)
        self._after_edit()
        return n

    def restore(self, paper_ids: Sequence[int]) -> int:
        n = self._store.set_trashed(paper_ids, False)
        self._after_edit()
        return n

    def stats(self) -> dict[str, Any]:
        return self._store.stats()

    def replace_metadata(self, paper_id: int, draft: PaperDraft) -> None:
        """Fill a paper (a "metadata pending" placeholder) with looked-up metadata."""
        self._store.replace_metadata(paper_id, draft)
        self._after_edit()

    def merge_papers(self, keep_id: int, drop_id: int) -> None:
        """Fold paper `drop_id` (a duplicate) into `keep_id`, keeping all the user added."""
        self._store.merge_papers(keep_id, drop_id)
        self._after_edit()

    # ---- possible duplicates (library/duplicates.py)
    def duplicate_groups(self) -> list[DuplicateGroup]:
        """Live papers that may be one work, with the reason, not marked as different."""
        from papershelf.library import duplicates

        return duplicates.duplicate_groups(self._store)

    def merge_duplicates(
        self, keep_id: int, other_ids: Sequence[int], values: Mapping[str, Any] | None = None
    ) -> MergeSnapshot:
        """Merge papers into `keep_id` and give it `values`; returns what an undo needs."""
        from papershelf.library import duplicates

        snapshot = duplicates.merge_duplicates(
            self._db, self._store, keep_id, other_ids, values or {}, self._check_key_free
        )
        self._after_edit()
        return snapshot

    def unmerge_duplicates(self, snapshot: MergeSnapshot) -> None:
        """Put back every paper of a merge as it was, with its id."""
        self._store.restore_merge(snapshot)
        self._after_edit()

    def duplicate_pair_states(self, paper_ids: Sequence[int]) -> list[tuple[int, int, str, str]]:
        """The recorded (a, b, state, reason) pairs among `paper_ids`."""
        return self._store.pair_states(paper_ids)

    def set_duplicate_pair_states(
        self, paper_ids: Sequence[int], states: Sequence[tuple[int, int, str, str]]
    ) -> None:
        """Make the recorded pairs among `paper_ids` exactly `states`."""
        self._store.set_pair_states(paper_ids, states)

    # ---- used by ops
    # What the undoable operations (library/ops/) need beyond the edits above: the exact
    # state an undo puts back. Each write is one transaction.
    def merged_into(self, paper_id: int) -> int | None:
        """The paper a duplicate was merged into (`merge_papers`), if it was."""
        return self._store.merged_into(paper_id)

    def tag_name(self, name: str) -> str | None:
        """The stored spelling of the tag `name` refers to; None if there is no such tag.

        Names match as tags are stored: spacing, case and a leading "#" do not count.
        """
        try:
            key = _tag_key(_clean_tag(name))
        except InvalidInputError:
            return None
        row = self._db.execute("SELECT name FROM tags WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def set_tags(self, tags: Mapping[int, Sequence[str]]) -> list[int]:
        """Give each paper exactly these tags, all papers in one transaction.

        A name matching an existing tag keeps that tag's spelling; a tag no paper carries
        any more disappears.

        Returns:
            The papers whose tags changed.

        Raises:
            NotFoundError: no such paper.
            InvalidInputError: an empty or overlong tag name.
        """
        changed = []
        with transaction(self._db):
            for paper_id, names in tags.items():
                wanted = {_tag_key(_clean_tag(n)) for n in names}
                current = self._store.get(paper_id).tags
                remove = [t for t in current if _tag_key(t) not in wanted]
                if self._store.change_tags([paper_id], add=names, remove=remove):
                    changed.append(paper_id)
        self._after_edit()
        return changed

    def status_marks(self, paper_ids: Sequence[int]) -> dict[int, tuple[ReadingStatus, int]]:
        """Each paper's status and the id of its newest status-history row (0: none).

        What `restore_statuses` needs to take later status changes back exactly.
        """
        marks = {}
        for paper in self._store.get_many(paper_ids, details=False):
            row = self._db.execute(
                "SELECT COALESCE(MAX(id), 0) FROM status_history WHERE paper_id = ?", [paper.id]
            ).fetchone()
            marks[paper.id] = (paper.status, int(row[0]))
        return marks

    def restore_statuses(self, marks: Mapping[int, tuple[ReadingStatus, int]]) -> int:
        """Take status changes back to `status_marks`: the status, and the history with it.

        History rows written since the mark go, so reading statistics forget an undone
        "Mark as Read". Returns how many statuses changed.

        Raises:
            NotFoundError: no such paper.
        """
        n = 0
        with transaction(self._db):
            for paper_id, (status, last) in marks.items():
                n += self._store.set_status(paper_id, status)
                self._db.execute(
                    "DELETE FROM status_history WHERE paper_id = ? AND id > ?", [paper_id, last]
                )
        self._after_edit()
        return n

    def retrash(self, since: Mapping[int, str | None]) -> list[int]:
        """Move papers to the trash as if trashed at `since[id]` (None: now).

        Undoing a restore puts papers back with the moment they were first trashed.

        Returns:
            The papers that moved (those already in the trash are left as they are).

        Raises:
            NotFoundError: no such paper.
        """
        moved = []
        with transaction(self._db):
            for paper_id, stamp in since.items():
                if not self._store.set_trashed([paper_id], True):
                    continue
                moved.append(paper_id)
                if stamp is not None:
                    self._db.execute(
                        "UPDATE papers SET trashed_at = ? WHERE id = ?", [stamp, paper_id]
                    )
        self._after_edit()
        return moved

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete an annotation; returns it as it was, for `restore_annotation`.

        Raises:
            NotFoundError: no such annotation.
        """
        with transaction(self._db):
            row = self._db.execute(
                "SELECT paper_id FROM annotations WHERE id = ?", [annotation_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no annotation with id {annotation_id}")
            paper = self._store.get(int(row[0]))
            gone = next(a for a in paper.annotations if a.id == annotation_id)
            self._store.delete_annotation(annotation_id)
        self._after_edit()
        return gone

    def restore_annotation(self, annotation: Annotation) -> int:
        """Put a deleted annotation back as it was (every field) and, if still free, its id.

        The id keeps its place among the paper's annotations. Returns the id it got.

        Raises:
            NotFoundError: the paper is gone.
        """
        aid = self._annotations.put_back(annotation)
        self._after_edit()
        return aid

    # ---- highlights and the reading position (library/annotations.py)
    def annotation(self, annotation_id: int) -> Annotation:
        """Raises: NotFoundError."""
        return self._annotations.get_annotation(annotation_id)

    def add_highlight(
        self,
        paper_id: int,
        attachment_id: int | None,
        text: str,
        page_index: int,
        page_label: str | None,
        rects: Sequence[Sequence[float]],
        *,
        color: str | None = DEFAULT_COLOR,
        comment: str | None = None,
        kind: str = "highlight",
        char_offset: int = 0,
        page_height: float | None = None,
    ) -> int:
        """Store a highlight (or underline, note, ...) at its place in the PDF; returns its id.

        Raises:
            InvalidInputError: a bad kind, colour, page or rectangle.
            NotFoundError: no such paper.
        """
        from papershelf.library import annotations as highlights

        new = highlights.new_highlight(
            paper_id,
            attachment_id,
            text,
            page_index,
            page_label,
            rects,
            color=color,
            comment=comment,
            kind=kind,
            char_offset=char_offset,
            page_height=page_height,
        )
        aid = self._annotations.add(new)
        self._after_edit()
        return aid

    def add_annotations(self, items: Sequence[NewAnnotation]) -> list[int]:
        """Store prepared annotations (`annotations.new_highlight`) in one transaction."""
        ids = self._annotations.add_many(items)
        self._after_edit()
        return ids

    def edit_annotation(
        self, annotation_id: int, comment: str | None, color: str | None
    ) -> Annotation:
        """Set an annotation's comment and colour; returns it as it was (for an undo)."""
        from papershelf.library import annotations as highlights

        old = highlights.edit(self._annotations, annotation_id, comment, color)
        self._after_edit()
        return old

    def delete_annotations(self, annotation_ids: Sequence[int]) -> list[Annotation]:
        """Delete several annotations at once; returns them as they were.

        Raises:
            NotFoundError: one of them does not exist; nothing is deleted.
        """
        gone = self._annotations.take(annotation_ids)
        self._after_edit()
        return gone

    def restore_annotations(self, gone: Sequence[Annotation]) -> list[int]:
        """Put deleted annotations back, every field as it was; returns the ids they got."""
        with transaction(self._db):
            ids = [self._annotations.put_back(a) for a in gone]
        self._after_edit()
        return ids

    def external_annotation_keys(self, paper_id: int) -> set[str]:
        """What recognises the annotations already read from the paper's PDF files."""
        return self._annotations.external_keys(paper_id)

    def reading_position(self, paper_id: int) -> ReadingPosition | None:
        """Where the reader left the paper, if it was ever opened there."""
        return self._annotations.reading_position(paper_id)

    def save_reading_position(self, paper_id: int, position: ReadingPosition) -> None:
        """Remember where the reader is (no undo, no change record: a setting, not an edit).

        Raises:
            InvalidInputError: a negative page or an offset outside 0..1.
            NotFoundError: no such paper.
        """
        self._annotations.save_reading_position(paper_id, position)

    def reading_progress(self, paper_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """(furthest page + 1, page count) of the papers the reader has opened."""
        return self._annotations.reading_progress(paper_ids)

    # Saved searches are no paper's fields: nothing for the index to catch up with.
    def saved_search(self, name: str) -> tuple[str, str] | None:
        """(stored name, query) of the saved search `name` means (spacing, case ignored)."""
        key = " ".join(name.split()).casefold()
        return next(((n, q) for n, q in self._store.saved_searches() if n.casefold() == key), None)

    def save_search(self, name: str, query: str) -> None:
        """Save a search; a name already saved (case ignored) gets the new name and query.

        Raises:
            InvalidInputError: an empty name.
        """
        self._store.save_search(name, query)

    def rename_search(self, old: str, new: str) -> None:
        """Raises: NotFoundError (no such search), InvalidInputError (name empty or taken)."""
        self._store.rename_search(old, new)

    def delete_search(self, name: str) -> None:
        """Raises: NotFoundError."""
        self._store.delete_search(name)
