"""Regenerate docs/screenshots/: every shot in `SHOTS`, in the light and the dark theme.

    make screenshots            # = xvfb-run … .venv/bin/python tools/screenshots.py
    .venv/bin/python tools/screenshots.py [--out DIR] [--only NAME …] [--theme light|dark]

Runs the real window under a real X server (Xvfb, a 1440×900 screen) on a library built
from the sample papers, with twelve weeks of reading history, a long note, a possible
duplicate and the Daily Papers fixture served locally for the Inbox (that shot is skipped,
with a message, when ../shared/fixtures is absent). Nothing reaches the internet and no
user settings are read or written. Each shot is the whole screen, so dialogs show too.

To add a shot (the PDF reader, say), append a `Shot` to `SHOTS`: a file name, a sentence
for the README, and a function that puts the window in the state to show and returns a
test for "ready" (or None when there is nothing to wait for).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "desktop")]
WIDTH, HEIGHT = 1440, 900

Ready = Callable[[], bool] | None


@dataclass(frozen=True)
class Shot:
    name: str
    caption: str
    prepare: Callable[[Context], Ready]
    empty_library: bool = False
    needs_fixtures: bool = False


@dataclass
class Context:
    window: Any
    lib: Any
    ids: dict[str, int]


# ------------------------------------------------------------------------ the shots
def main_window(ctx: Context) -> Ready:
    window = ctx.window
    window.sidebar.select_view("to-read")
    window.lists.select(window.model.ids()[1:2])
    return None


def search(ctx: Context) -> Ready:
    bar = ctx.window.search_bar
    bar.edit.setFocus()
    bar.set_text("diffusion")
    return lambda: "result" in bar.status.text()


def detail_note(ctx: Context) -> Ready:
    details = ctx.window.details
    ctx.window.lists.select([ctx.ids["note"]])
    details.sections["info"].set_expanded(False)  # folded, as a user may leave it
    return lambda: details.note.mode() == "preview"


def welcome(ctx: Context) -> Ready:
    return lambda: ctx.window.stack.currentWidget() is ctx.window.welcome


def inbox(ctx: Context) -> Ready:
    window = ctx.window
    window.pages_ctl.show_page("inbox")
    view = window.inbox_view

    def ready() -> bool:
        if view.model.rowCount() < 2:
            return False
        if not view.selected_ids():
            view.select([view.model.ids()[1]])
        return bool(view.related_titles())

    return ready


def statistics(ctx: Context) -> Ready:
    ctx.window.pages_ctl.show_page("stats")
    return lambda: ctx.window.stats_view.stats is not None


def palette(ctx: Context) -> Ready:
    from papershelf.gui.dialogs.palette import CommandPalette
    from papershelf.gui.keymap import shortcut_text

    window = ctx.window
    window.lists.select([ctx.ids["note"]])
    registry = window.registry
    dialog = CommandPalette(
        ["paper.read"],
        window.lists.find_papers,
        lambda spec: registry.enabled(spec.id),
        window,
        hint=lambda cid: shortcut_text(cid, registry.bindings),
    )
    dialog.show()  # the palette the command opens, shown without blocking this script
    dialog.edit.setText("read")
    return None


def duplicates(ctx: Context) -> Ready:
    ctx.window.pages_ctl.show_page("duplicates")
    view = ctx.window.duplicates_view
    return lambda: view.table.model() is not None and view.table.model().rowCount() > 0


def reader(ctx: Context) -> Ready:
    from tests.gui.screenshot_reader import prepare

    return prepare(ctx)


SHOTS: tuple[Shot, ...] = (
    Shot("main-window", "The To read view, a paper selected", main_window),
    Shot("search", 'A search for "diffusion", with why each paper matched', search),
    Shot("detail-pane", "The detail pane with a long note", detail_note),
    Shot("welcome", "A new, empty library", welcome, empty_library=True),
    Shot("inbox", "The Inbox: today's Daily Papers", inbox, needs_fixtures=True),
    Shot("statistics", "Twelve weeks of reading", statistics),
    Shot("palette", "The command palette", palette),
    Shot("duplicates", "A possible duplicate, field by field", duplicates),
    Shot("reader", "The PDF reader: highlights in three colours, a search", reader),
)


# ------------------------------------------------------------------------ the library
LONG_NOTE = """\
## Why I read it

The forward process adds Gaussian noise in small steps; the model learns to undo one step
at a time. Worth comparing with score matching (Song & Ermon) — the two views meet in the
SDE paper.

## Key points

- The loss is a **reweighted** variational bound; the simple version drops the weights.
- Predicting the noise works better than predicting the mean.
- Sampling takes a thousand steps: slow, but the samples are sharp.
- Linear beta schedule from 1e-4 to 0.02.

## Questions

1. How much does the schedule matter at low resolution?
2. Does the simple loss hurt the likelihood, and by how much?
3. Which of these choices survive in latent diffusion?

## To try

Re-run the CIFAR-10 numbers with the cosine schedule, then write up the difference for the
reading group. See also `improved DDPM` for learned variances.
"""


NODE_AUTHORS = ["Ricky T. Q. Chen", "Yulia Rubanova", "Jesse Bettencourt", "David Duvenaud"]


def build_library(path: Path, *, fixtures: bool) -> dict[str, int]:
    from papershelf.config.settings import save_setting
    from papershelf.core.models import PaperDraft
    from papershelf.library import Library
    from papershelf.library.sample import load_sample

    from tests.gui.screenshot_discover import DAILY_FILE, _history

    path.mkdir(parents=True)
    save_setting(path, "http_retries", 0)
    with Library.open(path) as lib:
        load_sample(lib)
        _history(lib)
        by_title = {lib.get(pid).title: pid for pid in lib.list_ids()}
        note_id = by_title["Denoising Diffusion Probabilistic Models"]
        lib.set_note(note_id, LONG_NOTE)
        lib.annotate(
            note_id,
            "we find it beneficial to sample quality to train on the "
            "variational bound with a simplified objective",
            5,
            "the key trick",
        )
        # Two records of one work that differ in authors and venue: a possible duplicate.
        lib.import_drafts(
            [
                PaperDraft(
                    title="Neural Ordinary Differential Equations",
                    authors=NODE_AUTHORS,
                    year=2018,
                    venue="Advances in Neural Information Processing Systems",
                    entry_type="inproceedings",
                    pages="6571-6583",
                ),
                PaperDraft(
                    title="Neural ordinary differential equations",
                    authors=["R. T. Q. Chen", "D. Duvenaud"],
                    year=2018,
                    venue="NeurIPS",
                    entry_type="inproceedings",
                    arxiv_id="1806.07366",
                ),
            ]
        )
        if fixtures and DAILY_FILE.exists():
            from papershelf.library.inbox import (
                TriageAction,
                add_feed,
                fetch_all,
                inbox_ids,
                triage,
            )

            add_feed(lib, "daily-papers")
            fetch_all(lib, day=date(2024, 10, 25))
            items = inbox_ids(lib)
            triage(lib, [items[4]], TriageAction.LATER)
        return {"note": note_id}


# ------------------------------------------------------------------------ running
def say(message: str) -> None:
    sys.stderr.write(message + "\n")


def wait_until(ready: Callable[[], bool], timeout: float) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if ready():
            return True
        time.sleep(0.02)
    return False


def settle(seconds: float) -> None:
    wait_until(lambda: False, seconds)


def take(shot: Shot, lib_path: Path, ids: dict[str, int], out: Path) -> bool:
    from papershelf.gui.mainwindow import MainWindow
    from papershelf.library import Library
    from PySide6.QtWidgets import QApplication

    lib = Library.open(lib_path, indexing="background")
    window = MainWindow(lib)
    window.move(0, 0)
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.activateWindow()
    settle(0.6)
    lib.wait_for_index()
    ready = shot.prepare(Context(window, lib, ids))
    ok = ready is None or wait_until(ready, 20)
    settle(0.8)
    screen = QApplication.primaryScreen()
    image = screen.grabWindow(0, 0, 0, WIDTH, HEIGHT)
    saved = ok and image.save(str(out))
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.close()
    window.close()
    lib.close()
    settle(0.2)
    return saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--only", nargs="*", help="shot names (default: all)")
    ap.add_argument("--theme", choices=("light", "dark"), action="append")
    args = ap.parse_args(argv)
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb" or not os.environ.get("DISPLAY"):
        say("needs a real X server: run under xvfb-run (make screenshots)")
        return 2
    home = Path(tempfile.mkdtemp(prefix="papershelf-shots-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    os.environ["PAPERSHELF_LOG_DIR"] = str(home / "log")
    os.environ["PAPERSHELF_LIBRARY"] = str(home / "default-library")
    for var in ("PAPERSHELF_ARXIV_API", "PAPERSHELF_CROSSREF_API"):
        os.environ[var] = "http://127.0.0.1:9"  # the discard port: nothing goes online

    from papershelf.gui.app import make_application
    from papershelf.gui.theme import apply_theme
    from pytest_httpserver import HTTPServer

    from tests.gui.screenshot_discover import DAILY_FILE

    fixtures = DAILY_FILE.exists()
    server = HTTPServer(threaded=True)
    if fixtures:
        server.expect_request("/api/daily_papers").respond_with_data(
            DAILY_FILE.read_bytes(), content_type="application/json"
        )
    server.start()
    os.environ["PAPERSHELF_HF_API"] = server.url_for("").rstrip("/")
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    app = make_application()
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    try:
        for theme in args.theme or ("light", "dark"):
            apply_theme(app, theme)
            lib_path = home / f"library-{theme}"
            ids = build_library(lib_path, fixtures=fixtures)
            empty = home / f"empty-{theme}"
            for shot in shots:
                if shot.needs_fixtures and not fixtures:
                    say(f"skipped {shot.name}: {DAILY_FILE} is absent")
                    continue
                out = args.out / f"{shot.name}-{theme}.png"
                if take(shot, empty if shot.empty_library else lib_path, ids, out):
                    say(str(out.relative_to(REPO) if out.is_relative_to(REPO) else out))
                else:
                    failed.append(out.name)
    finally:
        server.stop()
    if failed:
        say("not ready in time: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
