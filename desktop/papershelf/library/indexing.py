"""Keeping the search index in step with SQLite: catch-up, rebuild, and a background writer.

The index follows SQLite's change sequence. `catch_up` replays what the index has not seen;
`BackgroundIndexer` does the same on its own thread (with its own SQLite connection), so an
edit returns as soon as SQLite has committed and becomes searchable a moment later.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from papershelf.core.errors import PapershelfError, StorageError
from papershelf.core.foreground import step_aside
from papershelf.core.models import Paper
from papershelf.library.index_worker import catch_up_elsewhere
from papershelf.search.documents import document_for
from papershelf.search.index import Changes, IndexBusyError, SearchIndex
from papershelf.storage import staging
from papershelf.storage.attachments import AttachmentStore
from papershelf.storage.db import connect, read_snapshot
from papershelf.storage.open_lock import import_is_alive
from papershelf.storage.papers import PaperStore

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# Batches larger than this go through the multi-process bulk writer.
BULK_THRESHOLD = 2000


def catch_up(store: PaperStore, index: SearchIndex) -> int:
    """Apply the changes the index has not seen; returns how many papers were updated.

    If another process holds the index lock the changes stay queued for the next call.
    """
    index.reload_state()
    if store.max_seq() <= index.seq:
        # Nothing new. Asking under the writer lock (below) would take Whoosh's lock file and
        # start a segment: ~5 ms, paid by every search of a library opened with sync indexing.
        return 0

    def compute(applied: int) -> Changes | None:
        with read_snapshot(store.db):
            target, ids = store.changed_since(applied)
        if not ids:
            return None
        papers = {p.id: p for p in store.get_many(ids)}
        live = [p for p in papers.values() if p.trashed_at is None]
        deletes = [i for i in ids if i not in papers or papers[i].trashed_at is not None]
        return Changes(_documents_of(store, live), deletes, target)

    try:
        batch = index.apply_changes(compute, bulk_threshold=BULK_THRESHOLD)
    except IndexBusyError as exc:
        log.info("%s", exc)
        return 0
    # An IndexWriteError (a full disk) goes to the caller, who tells the user: SQLite has
    # every change, and the next catch-up applies them.
    if batch is None:
        return 0
    try:
        store.prune_changes(batch.seq)
    except StorageError as exc:  # only housekeeping: the next prune covers these too
        log.info("change log not pruned: %s", exc)
    return len(batch.docs) + len(batch.deletes)


def _documents(store: PaperStore, ids: list[int]) -> list[dict[str, Any]]:
    return _documents_of(store, store.get_many(ids))


def _documents_of(store: PaperStore, papers: Sequence[Paper]) -> list[dict[str, Any]]:
    pdf = AttachmentStore(store.db).page_texts([p.id for p in papers])
    return [document_for(p, pdf.get(p.id)) for p in papers]


def rebuild(store: PaperStore, index: SearchIndex, progress: Progress | None = None) -> None:
    """Build the index afresh from every live paper in SQLite.

    Other processes may edit meanwhile (and apply their edits to the old index). Before the
    new index is swapped in, every paper whose revision moved since the snapshot is written
    into it, so nothing edited during the rebuild is missing from search afterwards.
    """
    with read_snapshot(store.db):
        seq = store.max_seq()
        before = store.live_revs()
        ids = store.ids()  # newest first: equal scores rank the newer paper first
        index.library_id = store.library_id()

    def docs() -> Iterator[dict[str, Any]]:
        for start in range(0, len(ids), 500):
            yield from _documents(store, ids[start : start + 500])

    def replay() -> Changes:
        # Runs under the old index's writer lock: no one commits to it from here on.
        with read_snapshot(store.db):
            target = store.max_seq()
            after = store.live_revs()
        changed = sorted(i for i, rev in after.items() if before.get(i) != rev)
        deletes = [i for i in before if i not in after]
        return Changes(_documents(store, changed), deletes, target)

    index.rebuild(docs(), seq, total=len(ids), progress=progress, replay=replay)
    store.prune_changes(index.seq)


def mismatch(store: PaperStore, index: SearchIndex) -> str | None:
    """Why an open index cannot be trusted for this library, or None when it can.

    An index whose sequence is ahead of SQLite describes changes the library no longer has
    (an older copy of the file put back, a lost WAL): its ids may now mean other papers.
    """
    library_id = store.library_id()
    if None not in (index.library_id, library_id) and index.library_id != library_id:
        return "belongs to another library"
    top = store.max_seq()
    if index.seq > top:
        return (
            f"is ahead of the library (change {index.seq}, the library is at {top}: the "
            "library file was replaced by an older copy or lost its latest changes)"
        )
    if index.library_id is None:
        index.library_id = library_id  # an index from before identities: adopt it
    return None


def _open_problem(store: PaperStore, index: SearchIndex) -> str | None:
    if not index.open():
        return "is missing or damaged"
    problem = mismatch(store, index)
    if problem is not None:
        index.close()
    return problem


def open_or_rebuild(
    store: PaperStore,
    index: SearchIndex,
    progress: Progress | None,
    notice: Callable[[str], None] | None = None,
) -> bool:
    """Open the index, rebuilding it when missing, damaged or not this library's.

    Returns True if it was rebuilt. `notice(reason)` is told why before a rebuild starts.
    """
    problem = _open_problem(store, index)
    if problem is None:
        return False
    with index.rebuild_lock():
        problem = _open_problem(store, index)  # another process may have built it meanwhile
        if problem is None:
            return False
        log.info("search index %s %s; rebuilding", index.path, problem)  # notice() tells users
        if notice is not None:
            notice(problem)
        rebuild(store, index, progress)
    return True


class BackgroundIndexer:
    """The one thread that writes the index.

    It opens (or rebuilds) the index, then applies SQLite's changes whenever `notify()` is
    called, coalescing a burst of edits into one Whoosh commit.

    With `held`, it waits before opening the index until `start()`, or until someone needs
    the index (a wait, an edit's `notify()`): the window starts it after its first paint, so
    importing and opening Whoosh never competes with showing the first page.
    """

    def __init__(
        self,
        db_path: Path,
        index: SearchIndex,
        progress: Progress | None = None,
        *,
        out_of_process: bool = False,
        held: bool = False,
    ) -> None:
        self.index = index
        self.error: BaseException | None = None
        self._db_path = db_path
        self._progress = progress
        self._cond = threading.Condition()
        self._requested = 1  # the first round opens the index and catches up
        self._done = 0
        self._stop = False
        self._ready = threading.Event()
        self._go = threading.Event()
        if not held:
            self._go.set()
        self.out_of_process = out_of_process
        self._thread = threading.Thread(target=self._run, name="papershelf-indexer", daemon=True)
        self._thread.start()

    def start(self) -> None:
        """Open the index now (a held indexer waits for this or for the first use)."""
        self._go.set()

    @property
    def started(self) -> bool:
        return self._go.is_set()

    def notify(self) -> None:
        """SQLite changed: bring the index up to date soon."""
        self._go.set()
        with self._cond:
            self._requested += 1
            self._cond.notify_all()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the index is open (possibly after a rebuild)."""
        self._go.set()
        return self._ready.wait(timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every change notified so far is searchable."""
        self._go.set()
        with self._cond:
            goal = self._requested
            return self._cond.wait_for(
                lambda: self._done >= goal or self._stop or self.error is not None, timeout
            )

    def close(self, timeout: float = 30.0) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._go.set()
        self._thread.join(timeout)

    def _import_running(self, store: PaperStore) -> bool:
        """Whether a bulk import is being written or published right now.

        Its papers become searchable at its last step, when its process says so; indexing
        meanwhile would only compete with it (and with the window) for the CPU.
        """
        if not self.out_of_process:
            return False
        running = [*staging.publishing(store.db), *staging.unfinished(store.db)]
        library = self._db_path.parent
        return any(import_is_alive(library, import_id) for import_id in running)

    def _catch_up_big_elsewhere(self, store: PaperStore) -> None:
        """Leave a big catch-up to a process of its own (`index_worker`), then reload.

        Building thousands of documents here would hold the interpreter lock that the
        window's thread needs for every event it handles.
        """
        if not self.out_of_process:
            return
        self.index.reload_state()
        with read_snapshot(store.db):
            pending = len(store.changed_since(self.index.seq)[1])
        if pending > BULK_THRESHOLD:
            catch_up_elsewhere(self._db_path.parent)
            self.index.reload_state()

    def _run(self) -> None:
        self._go.wait()
        with self._cond:
            stopped = self._stop
        if stopped:  # closed before anyone needed the index
            self._ready.set()
            return
        # The connection belongs to this thread: sqlite3 refuses cross-thread use.
        db = connect(self._db_path)
        store = PaperStore(db)
        try:
            open_or_rebuild(store, self.index, self._progress)
            self._ready.set()
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._stop or self._requested > self._done)
                    if self._stop:
                        return
                    goal = self._requested
                step_aside()  # after the edit the user waits for, not during it
                try:
                    if not self._import_running(store):
                        self._catch_up_big_elsewhere(store)
                        catch_up(store, self.index)
                except PapershelfError as exc:
                    # E.g. another process held SQLite's write lock past the busy timeout:
                    # SQLite still has every change, so the next notify retries.
                    log.warning("index not updated yet (will retry): %s", exc)
                with self._cond:
                    self._done = goal
                    self._cond.notify_all()
        except Exception as exc:  # the thread's boundary: report, never die silently
            log.exception("background indexing failed")
            with self._cond:
                self.error = exc
                self._cond.notify_all()
        finally:
            self._ready.set()
            db.conn.close()
