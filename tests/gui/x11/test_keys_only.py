"""Keys only, under a real X server with a window manager (issue 19).

The real app runs as a subprocess on a fresh library; xdotool types as a user would, and the
library is checked with the command line. pytest-qt offscreen cannot catch what this can:
where focus lands on a real desktop, and keys that arrive faster than a search answers.
Skips where Xvfb, openbox, xdotool or xclip are missing; on CI (.ci/run installs them) fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from papershelf.core.models import ReadingStatus
from papershelf.core.query import SortKey, ViewQuery
from papershelf.library import Library

from tests.conftest import make_draft, require, require_tool, xcb_display_problem
from tests.gui.test_keyboard import SMALL_LISTING
from tests.gui.x11.x_session import XSession


@pytest.fixture
def x(tmp_path: Path) -> Iterator[XSession]:
    for tool, package in (
        ("Xvfb", "xvfb"),
        ("openbox", "openbox"),
        ("xdotool", "xdotool"),
        ("xclip", "xclip"),
    ):
        require_tool(tool, package)
    require(xcb_display_problem())
    session = XSession(tmp_path)
    try:
        yield session
    finally:
        session.close()
        assert session.leftovers() == [], "a process of the test was left running"


def _papers(x: XSession, lib: Path) -> dict[int, dict[str, Any]]:
    return {p["id"]: p for p in x.cli(lib, "list")}


def _status(x: XSession, lib: Path, pid: int) -> str:
    return str(x.cli(lib, "show", str(pid))["status"])


def test_first_run_ctrl_v_imports_then_search_esc_marks_the_best_hit(
    x: XSession, tmp_path: Path
) -> None:
    lib = tmp_path / "lib"
    x.clipboard(SMALL_LISTING)
    x.launch(lib)
    # The welcome view has the focus, so Ctrl+V imports (it once pasted into the search bar).
    x.keys("ctrl+v")
    x.wait_for("the pasted papers", lambda: len(_papers(x, lib)) == 4)
    best = x.cli(lib, "search", "gpipe")["results"][0]["id"]
    # Down the list, then `/ gpipe Esc 3` at typing speed: the best hit is marked read.
    x.keys("j", "j", "slash")
    x.type("gpipe")
    x.keys("Escape", "3")
    x.wait_for("the best hit marked read", lambda: _status(x, lib, best) == "read")
    statuses = {pid: p["status"] for pid, p in _papers(x, lib).items()}
    assert [pid for pid, status in statuses.items() if status == "read"] == [best]
    x.quit()


def _seed(lib: Path) -> None:
    drafts = [
        make_draft(i, title=f"Paper number {i}: notes on diffusion")
        if i % 5 == 0
        else make_draft(i)
        for i in range(40)
    ]
    with Library.open(lib) as library:
        library.import_drafts(drafts)
        assert library.wait_for_index(60)


def _view(lib: Path, status: ReadingStatus | None = None) -> list[int]:
    """The ids a view lists, in its order (what the window asks the library)."""
    sort = SortKey.PRIORITY if status is ReadingStatus.TO_READ else SortKey.ADDED
    with Library.open(lib) as library:
        return library.view_ids(ViewQuery(status=status, default_sort=sort))


def test_navigation_palette_annotation_and_views_with_keys_only(
    x: XSession, tmp_path: Path
) -> None:
    lib = tmp_path / "lib"
    _seed(lib)
    order = _view(lib)
    x.launch(lib)
    # Ctrl+End moves the selection too: `2` marks the last paper.
    x.keys("ctrl+End", "2")
    x.wait_for("the last paper marked reading", lambda: _status(x, lib, order[-1]) == "reading")
    # Home goes to the first paper; the palette runs the command whose name was typed,
    # even right after a similar one.
    x.keys("Home", "ctrl+k")
    x.type("mark as reading")
    x.keys("Return", "j", "ctrl+k")
    x.type("mark as read")
    x.keys("Return")
    x.wait_for("the second paper marked read", lambda: _status(x, lib, order[1]) == "read")
    assert _status(x, lib, order[0]) == "reading"
    # An annotation from the keyboard: Return in the comment field adds it; Esc returns to
    # the list, where `+` raises the priority.
    x.keys("a")
    x.type("Micro-batches hide the bubble")
    x.keys("Tab")
    x.type("7")
    x.keys("Tab")
    x.type("key idea")
    x.keys("Return", "Escape", "plus")
    x.wait_for("the priority raised", lambda: x.cli(lib, "show", str(order[1]))["priority"] == 1)
    paper = x.cli(lib, "show", str(order[1]))
    assert [(a["quote"], a["page"], a["comment"]) for a in paper["annotations"]] == [
        ("Micro-batches hide the bubble", 7, "key idea")
    ]
    # `g t` shows To read from its top: `4` drops its first paper.
    first_to_read = _view(lib, ReadingStatus.TO_READ)[0]
    x.keys("g", "t", "4")
    x.wait_for(
        "the first To read paper dropped", lambda: _status(x, lib, first_to_read) == "dropped"
    )
    x.quit()
