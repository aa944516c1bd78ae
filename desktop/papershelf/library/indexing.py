"""Keeping the search index in step with SQLite: catch-up and rebuild.

The index follows SQLite's change sequence. `catch_up` replays what the index has not seen;
`background_indexer.BackgroundIndexer` does the same on its own thread (with its own SQLite
connection), so an edit returns as soon as SQLite has committed and becomes searchable a
moment later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from papershelf.core.errors import StorageError
from papershelf.core.models import Paper
from papershelf.search.documents import document_for
from papershelf.search.index import Changes, IndexBusyError, SearchIndex
from papershelf.storage.attachments import AttachmentStore
from papershelf.storage.db import read_snapshot
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
