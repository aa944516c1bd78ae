"""Searches on a worker thread; only the newest request's result reaches the window."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Signal

from papershelf.core.errors import PapershelfError, QueryError
from papershelf.library import Library

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from papershelf.core.results import SearchResults

log = logging.getLogger(__name__)

Mode = Literal["typing", "full"]


@dataclass(frozen=True)
class SearchOutcome:
    request: int
    text: str
    mode: Mode
    results: SearchResults | None
    error: str | None = None
    query_error: bool = False


class SearchService(QObject):
    """One search thread; typing never waits for old work.

    A request that a newer one overtook is dropped before it runs, and its result is ignored
    if it was already running.
    """

    sig_results = Signal(object)
    """A SearchOutcome for the newest request (delivered on the GUI thread)."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self._lib = library
        self._pool: ThreadPoolExecutor | None = None  # made by the first search
        self._latest = 0
        self._lock = threading.Lock()

    def submit(self, text: str, mode: Mode, *, limit: int = 500, snippets: int = 40) -> int:
        with self._lock:
            self._latest += 1
            request = self._latest
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="papershelf-search")
        self._pool.submit(self._run, request, text, mode, limit, snippets)
        return request

    def cancel(self) -> None:
        """Forget every request in flight (e.g. the search was cleared)."""
        with self._lock:
            self._latest += 1

    def _is_current(self, request: int) -> bool:
        with self._lock:
            return request == self._latest

    def _run(self, request: int, text: str, mode: Mode, limit: int, snippets: int) -> None:
        if not self._is_current(request):
            return
        try:
            results = self._lib.search(text, mode=mode, limit=limit, snippets=snippets)
            outcome = SearchOutcome(request, text, mode, results)
        except QueryError as exc:
            outcome = SearchOutcome(request, text, mode, None, str(exc), query_error=True)
        except PapershelfError as exc:
            outcome = SearchOutcome(request, text, mode, None, str(exc))
        except Exception as exc:  # the worker's boundary: report, never kill the thread
            log.exception("search failed: %r", text)
            outcome = SearchOutcome(request, text, mode, None, f"search failed: {exc}")
        if self._is_current(request):
            self.sig_results.emit(outcome)

    def shutdown(self) -> None:
        self.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
