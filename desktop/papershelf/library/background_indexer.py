"""The one thread that writes a library's search index while a window (or server) runs.

It lives apart from `indexing` so that opening a library for the window imports only this:
the index, the documents and what catching up needs load on the thread, when it starts
(after the window's first paint), not on the way to the first page.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from papershelf.core.errors import PapershelfError
from papershelf.core.foreground import step_aside
from papershelf.storage import staging
from papershelf.storage.db import connect, read_snapshot
from papershelf.storage.open_lock import import_is_alive
from papershelf.storage.papers import PaperStore

if TYPE_CHECKING:
    from papershelf.library.indexing import Progress
    from papershelf.search.index import SearchIndex

log = logging.getLogger(__name__)


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
        from papershelf.library.index_worker import catch_up_elsewhere
        from papershelf.library.indexing import BULK_THRESHOLD

        self.index.reload_state()
        with read_snapshot(store.db):
            pending = len(store.changed_since(self.index.seq)[1])
        if pending > BULK_THRESHOLD:
            catch_up_elsewhere(self._db_path.parent)
            self.index.reload_state()

    def _run(self) -> None:
        self._go.wait()
        from papershelf.library.indexing import catch_up, open_or_rebuild

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
