"""daemon_map keeps the caller's order and hands a failure back at its item's turn."""

from __future__ import annotations

import threading

import pytest
from papershelf.core.daemon_map import daemon_map


def test_results_come_in_the_order_of_the_items_whatever_order_they_finish_in() -> None:
    first_may_finish = threading.Event()

    def work(n: int) -> int:
        if n == 0:
            first_may_finish.wait(10)  # the first item finishes after the others
        elif n == 5:
            first_may_finish.set()
        return n * n

    assert list(daemon_map(work, list(range(6)), workers=3)) == [0, 1, 4, 9, 16, 25]


def test_a_failure_is_raised_at_its_turn_after_the_earlier_results() -> None:
    def work(n: int) -> int:
        if n == 2:
            raise ValueError("item 2 is bad")
        return n

    results = daemon_map(work, [0, 1, 2, 3], workers=2)
    assert [next(results), next(results)] == [0, 1]
    with pytest.raises(ValueError, match="item 2 is bad"):
        next(results)


def test_its_threads_are_daemons() -> None:
    daemons: list[bool] = []
    list(daemon_map(lambda _: daemons.append(threading.current_thread().daemon), [1, 2], 2))
    assert daemons == [True, True]
