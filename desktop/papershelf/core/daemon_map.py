"""Map a function over items on a few daemon threads, results in order.

`concurrent.futures.ThreadPoolExecutor` joins its threads when the interpreter exits, so a
window closed while four title searches wait on a slow server (or on arXiv's pacing) kept
the process alive for minutes. Network waits belong on daemon threads: quitting never waits
for a server, and nothing is lost, because results are only applied by the caller's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def daemon_map(
    fn: Callable[[T], R], items: Sequence[T], workers: int, name: str = "daemon-map"
) -> Iterator[R]:
    """Yield `fn(item)` for each item, in order, computed on up to `workers` daemon threads.

    An exception raised by `fn` is raised here, at its item's turn. Closing the generator
    early stops the threads from taking more items.
    """
    n = len(items)
    if n == 0:
        return
    done: dict[int, tuple[bool, object]] = {}
    cond = threading.Condition()
    next_index = 0
    stopped = False

    def work() -> None:
        nonlocal next_index
        while True:
            with cond:
                if stopped or next_index >= n:
                    return
                i = next_index
                next_index += 1
            try:
                outcome: tuple[bool, object] = (True, fn(items[i]))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, in order
                outcome = (False, exc)
            with cond:
                done[i] = outcome
                cond.notify_all()

    for k in range(max(1, min(workers, n))):
        threading.Thread(target=work, name=f"{name}-{k}", daemon=True).start()
    try:
        for i in range(n):
            with cond:
                cond.wait_for(lambda i=i: i in done)  # type: ignore[misc]
                ok, value = done.pop(i)
            if not ok:
                assert isinstance(value, BaseException)
                raise value
            yield value  # type: ignore[misc]
    finally:
        with cond:
            stopped = True
