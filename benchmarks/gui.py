"""Benchmark the desktop window: launch, search as you type, scrolling, memory.

    python benchmarks/gui.py --papers N [--json] [--lib DIR] [--launch-runs R] [--interval-ms I]

Uses the library of `generate.py` (bench-data/lib-N; it must exist, it is never regenerated)
and the offscreen Qt platform unless QT_QPA_PLATFORM says otherwise. Measures:

- launch_s: a fresh process running the app's own start (the entry point's imports, then
  `papershelf.gui.app.start_gui`: settings, theme, single-instance check, library, window,
  `show()`), then the event loop until the window's first Paint event, and the first 50 rows'
  cells read; median of R runs (stages: imports_s, app_s, open_s, window_s, show_s, paint_s,
  first_rows_s), with that process's RSS after showing (rss_mb). The last run then runs 30 full
  searches and scrolls through the whole list: rss_after_use_mb. Before each, the floor
  (window_floor_s): the same interpreter showing an empty QMainWindow; window_ratio is
  launch_s over it. Bytecode is cached outside the tree, as an installed app's is.
- keystrokes: ~18 phrases from the library's own titles, authors and tags (the phrase list of
  `search.py`), typed a character at a time into the search bar with QTest, one key every
  `--interval-ms` (or as soon as the previous key was answered, if that took longer). A
  keystroke is answered at the first `modelReset` of the window's model after it, i.e. when
  the typing search's results replaced the list (the full search only answers a keystroke if
  the typing search took longer than the 350 ms debounce; such keystrokes are counted).
- full_after_pause: from the last keystroke of a phrase until the full search's reset, minus
  the 350 ms debounce.
- scroll: the whole list, top to bottom, a page per step (`verticalScrollBar().setValue` +
  `processEvents`), counting `model.batches_fetched` per step.
- direct typing: the same keystroke texts through `lib.search(mode="typing", limit=500,
  snippets=0)` (the window's own arguments) on the main thread, so the GUI's overhead shows.

A single letter starts no search (the bar says "keep typing"), so it resets nothing and is
left out of the percentiles. PySide6 6.12 drops a reference to None per void call on Python
3.11; the app itself now makes None immortal (`papershelf.gui.keep_none_alive`), and
`none_refs_lost_per_repaint` only reports the leak. `pin_none` (on unless
`--no-none-guard`) predates that fix and is a no-op when None is already immortal.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

import argparse
import ctypes
import json
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate
import search as search_bench
import whoosh
from papershelf import __version__
from papershelf.core.errors import QueryError
from papershelf.gui.app import make_application
from papershelf.gui.controllers.list_view import SEARCH_LIMIT
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.search_service import SearchOutcome
from papershelf.gui.widgets.search_bar import FULL_SEARCH_DELAY_MS, MIN_CHARS
from papershelf.library import Library
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QObject,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    qVersion,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

BENCH_DIR = Path(__file__).resolve().parent
KEY_TIMEOUT_S = 5.0
USE_SEARCHES = 30
FIRST_ROWS = 50


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def rss_mb() -> dict[str, float]:
    """This process's resident set (VmRSS) and its peak so far (VmHWM), in MB."""
    out: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def ms_stats(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    return {
        "n": len(values),
        "p50_ms": round(search_bench.percentile(values, 50), 2),
        "p95_ms": round(search_bench.percentile(values, 95), 2),
        "max_ms": round(max(values), 2),
    }


def pin_none(extra: int = 1 << 40) -> bool:
    """Work around a PySide6 refcount bug so the benchmark survives a long session.

    With PySide6 6.12 on Python 3.11, `QModelIndex.data(role)` returns None without a
    reference whenever the model has no data for the role (TitleDelegate.paint does that for
    every title cell it paints); after ~40k such calls None's count reaches zero and the
    process aborts ("Fatal Python error: none_dealloc"). Python 3.12+ has an immortal None.
    This adds references that are never given back; `--no-none-guard` turns it off.
    """
    if sys.version_info >= (3, 12):
        return False
    before = sys.getrefcount(None)
    ctypes.c_ssize_t.from_address(id(None)).value += extra
    return sys.getrefcount(None) == before + extra


def measure_none_leak(window: MainWindow, repaints: int = 50) -> dict[str, Any]:
    """None references lost per repaint of the visible list (see `pin_none`)."""
    viewport = window.table.viewport()
    viewport.repaint()
    before = sys.getrefcount(None)
    for _ in range(repaints):
        viewport.repaint()
    lost = (before - sys.getrefcount(None)) / repaints
    return {"repaints": repaints, "none_refs_lost_per_repaint": round(lost, 1)}


def use_settings_dir(path: str) -> None:
    """Window layout goes to `path`, never to ~/.config (as tests/gui/conftest.py does)."""
    os.environ["PAPERSHELF_CONFIG_DIR"] = path  # the user settings (layout, shortcuts)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, path)


# ---------------------------------------------------------------------------- the probe
@dataclass
class Delivered:
    """A search outcome the window handled (recorded right after its slot returned)."""

    mode: str
    text: str
    ok: bool
    reset_at: float | None  # first modelReset while the window handled it
    settled_at: float  # the window's slot had returned
    rows: int


class Probe(QObject):
    """Watches the window: model resets, delivered search outcomes, viewport paints."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.resets: list[float] = []
        self.delivered: list[Delivered] = []
        self.paints: list[float] = []
        self._consumed = 0  # resets before this index belong to earlier events
        self._loop: QEventLoop | None = None
        self._until: Callable[[], bool] | None = None
        window.model.modelReset.connect(self._on_reset)
        # Connected after the window's own slot, so it runs once the window handled a result.
        window.lists.search_service.sig_results.connect(self._on_results)
        window.table.viewport().installEventFilter(self)

    def _on_reset(self) -> None:
        self.resets.append(time.perf_counter())
        self._check()

    def _on_results(self, outcome: SearchOutcome) -> None:
        now = time.perf_counter()
        # The window's slot ran just before this one: resets since then are its doing.
        new = self.resets[self._consumed :]
        self._consume()
        reset = new[0] if new else None
        self.delivered.append(
            Delivered(
                outcome.mode,
                outcome.text,
                outcome.results is not None,
                reset,
                now,
                self.window.model.rowCount(),
            )
        )
        self._check()

    def _consume(self) -> None:
        self._consumed = len(self.resets)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # A zero timer fires once this paint (and the rows it read) is done.
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self.paints.append(time.perf_counter())
        self._check()

    def _check(self) -> None:
        if self._loop is not None and self._until is not None and self._until():
            self._loop.quit()

    def wait(self, until: Callable[[], bool], timeout_s: float) -> bool:
        """Run the event loop (as the app does, the GIL released) until `until()` or timeout."""
        if until():
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(int(timeout_s * 1000))
        self._loop, self._until = loop, until
        try:
            loop.exec()
        finally:
            self._loop = self._until = None
            timer.stop()
        return until()

    def idle(self, seconds: float) -> None:
        """Let the window process events for `seconds` (timers, paints)."""
        if seconds > 0:
            self.wait(lambda: False, seconds)

    def painted_after(self, t: float) -> float | None:
        return next((p for p in self.paints if p > t), None)

    def close(self) -> None:
        self.window.table.viewport().removeEventFilter(self)
        self.window.model.modelReset.disconnect(self._on_reset)
        self.window.lists.search_service.sig_results.disconnect(self._on_results)


def clear_search(window: MainWindow, probe: Probe) -> float:
    """Empty the search bar (the whole list comes back, synchronously); returns its ms."""
    t0 = time.perf_counter()
    window.search_bar.edit.clear()
    ms = (time.perf_counter() - t0) * 1000
    probe.idle(0.05)
    probe._consume()  # that reset answered no search
    return ms


# ---------------------------------------------------------------------------- keystrokes
def press(widget: QWidget, ch: str) -> None:
    """One key press + release that types `ch` (QTest's ASCII key table asserts on "ü")."""
    if ch.isascii():
        QTest.keyClicks(widget, ch)
    else:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def type_phrase(
    window: MainWindow, probe: Probe, phrase: str, interval_s: float
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Type `phrase` a key at a time; per keystroke timings, then the full search's."""
    edit = window.search_bar.edit
    keys: list[dict[str, Any]] = []
    t_last = 0.0
    for ch in phrase:
        n_delivered = len(probe.delivered)
        # A reset before this key is not its answer: the single letter before a phrase's
        # second one puts the whole list back, and was counted as the second key's answer
        # (150 ms before it was typed).
        probe._consume()
        t0 = time.perf_counter()
        press(edit, ch)
        t_sent = time.perf_counter()
        text = window.search_bar.text()
        if len(text) < MIN_CHARS:
            # By design a single letter starts no search ("keep typing…"): nothing to time.
            keys.append({"text": text, "key_ms": round((t_sent - t0) * 1000, 2), "skipped": True})
            t_last = t0
            probe.idle(interval_s - (time.perf_counter() - t0))
            continue

        def answered(n: int = n_delivered) -> bool:
            return any(d.reset_at is not None or not d.ok for d in probe.delivered[n:])

        ok = probe.wait(answered, KEY_TIMEOUT_S)
        row: dict[str, Any] = {"text": text, "key_ms": round((t_sent - t0) * 1000, 2)}
        if not ok:
            row.update(timeout=True)
        else:
            d = next(d for d in probe.delivered[n_delivered:] if d.reset_at or not d.ok)
            row.update(mode=d.mode, ok=d.ok, rows=d.rows)
            if d.reset_at is not None:
                # The first paint after the reset: the new rows on screen.
                probe.wait(lambda r=d.reset_at: probe.painted_after(r) is not None, 1.0)
                painted = probe.painted_after(d.reset_at)
                row["ms"] = round((d.reset_at - t0) * 1000, 2)
                row["settled_ms"] = round((d.settled_at - t0) * 1000, 2)
                row["painted_ms"] = round((painted - t0) * 1000, 2) if painted else None
                row["batches"] = window.model.batches_fetched
            else:
                row["error_ms"] = round((d.settled_at - t0) * 1000, 2)
        keys.append(row)
        t_last = t0
        probe.idle(interval_s - (time.perf_counter() - t0))

    # The pause: the full search runs FULL_SEARCH_DELAY_MS after the last keystroke.
    final = window.search_bar.text()

    def full_done() -> bool:
        return any(
            d.mode == "full" and d.text == final and (d.reset_at or not d.ok)
            for d in probe.delivered
            if d.settled_at > t_last
        )

    full: dict[str, Any] = {"text": final}
    if probe.wait(full_done, KEY_TIMEOUT_S + FULL_SEARCH_DELAY_MS / 1000):
        d = next(
            d
            for d in probe.delivered
            if d.settled_at > t_last and d.mode == "full" and d.text == final
        )
        if d.reset_at is not None:
            full["ms"] = round((d.reset_at - t_last) * 1000 - FULL_SEARCH_DELAY_MS, 2)
            full["settled_ms"] = round((d.settled_at - t_last) * 1000 - FULL_SEARCH_DELAY_MS, 2)
            full["rows"] = d.rows
        else:
            full["error"] = True
    else:
        full["timeout"] = True
    return keys, full


def measure_keystrokes(
    window: MainWindow, probe: Probe, phrases: Sequence[str], interval_s: float
) -> dict[str, Any]:
    keys: list[dict[str, Any]] = []
    fulls: list[dict[str, Any]] = []
    clears: list[float] = []
    for phrase in phrases:
        clears.append(clear_search(window, probe))
        k, f = type_phrase(window, probe, phrase, interval_s)
        for row in k:
            row["phrase"] = phrase
        keys += k
        fulls.append(f)
        probe.idle(0.1)
    clears.append(clear_search(window, probe))
    answered = [k for k in keys if "ms" in k]
    by_full = [k for k in answered if k["mode"] == "full"]
    worst = sorted(answered, key=lambda k: k["ms"], reverse=True)[:8]
    return {
        "keystrokes": len(keys),
        "answered": len(answered),
        "timeouts": sum(1 for k in keys if k.get("timeout")),
        "errors": sum(1 for k in keys if k.get("ok") is False),
        "answered_by_full_search": len(by_full),
        "to_reset": ms_stats([k["ms"] for k in answered]),
        "to_reset_2plus_chars": ms_stats([k["ms"] for k in answered if len(k["text"]) >= 2]),
        "to_settled": ms_stats([k["settled_ms"] for k in answered]),
        "to_painted": ms_stats([k["painted_ms"] for k in answered if k["painted_ms"]]),
        "key_event": ms_stats([k["key_ms"] for k in keys]),
        "batches_after_reset_max": max((k["batches"] for k in answered), default=None),
        "full_after_pause": ms_stats([f["ms"] for f in fulls if "ms" in f]),
        "full_timeouts": sum(1 for f in fulls if f.get("timeout")),
        "clear_to_full_list": ms_stats(clears),
        "worst": [
            {
                "text": k["text"],
                "ms": k["ms"],
                "settled_ms": k["settled_ms"],
                "mode": k["mode"],
                "rows": k["rows"],
            }
            for k in worst
        ],
        "samples": keys,
        "full_samples": fulls,
    }


# ---------------------------------------------------------------------------- scrolling
def scroll_through(window: MainWindow, probe: Probe) -> dict[str, Any]:
    """Top to bottom a page at a time; database batches and time per step."""
    table, model = window.table, window.model
    bar = table.verticalScrollBar()
    bar.setValue(0)
    probe.idle(0.05)
    page = max(1, bar.pageStep())
    deltas: list[int] = []
    step_ms: list[float] = []
    start = model.batches_fetched
    for value in range(page, bar.maximum() + page, page):
        before = model.batches_fetched
        t0 = time.perf_counter()
        bar.setValue(min(value, bar.maximum()))
        QApplication.processEvents()
        step_ms.append((time.perf_counter() - t0) * 1000)
        deltas.append(model.batches_fetched - before)
    last_row = table.rowAt(table.viewport().height() - 1)
    return {
        "rows": model.rowCount(),
        "page_rows": page,
        "steps": len(deltas),
        "max_batches_per_step": max(deltas, default=0),
        "total_batches": model.batches_fetched - start,
        "steps_with_2plus_batches": sum(1 for d in deltas if d >= 2),
        "step": ms_stats(step_ms),
        "reached_row": last_row,
    }


def measure_jumps(window: MainWindow, probe: Probe, positions: Sequence[float]) -> dict[str, Any]:
    """Scroll-bar drags to far positions: batches per jump."""
    bar = window.table.verticalScrollBar()
    model = window.model
    deltas, jump_ms = [], []
    for pos in positions:
        before = model.batches_fetched
        t0 = time.perf_counter()
        bar.setValue(int(bar.maximum() * pos))
        QApplication.processEvents()
        jump_ms.append((time.perf_counter() - t0) * 1000)
        deltas.append(model.batches_fetched - before)
    bar.setValue(0)
    probe.idle(0.05)
    return {"jumps": len(deltas), "max_batches": max(deltas, default=0), **ms_stats(jump_ms)}


# ---------------------------------------------------------------------------- memory use
def use_queries(phrases: Sequence[str], n: int = USE_SEARCHES) -> list[str]:
    """`n` distinct searches: the phrases, then their words and halves."""
    out = list(dict.fromkeys(phrases))
    extra = [w for p in phrases for w in p.split()] + [p[: max(2, len(p) // 2)] for p in phrases]
    for q in extra:
        if len(out) >= n:
            break
        if q not in out:
            out.append(q)
    return out[:n]


def use_window(window: MainWindow, queries: Sequence[str]) -> dict[str, Any]:
    """Run `queries` as full searches (Enter), then scroll the whole list; RSS along the way."""
    probe = Probe(window)
    try:
        rss_before = rss_mb()
        ms, failed = [], 0
        for q in queries:
            n = len(probe.delivered)
            t0 = time.perf_counter()
            window.search_bar.set_text(q)

            def done(n: int = n, q: str = q) -> bool:
                return any(
                    d.mode == "full" and d.text == q and (d.reset_at or not d.ok)
                    for d in probe.delivered[n:]
                )

            if probe.wait(done, 10.0):
                ms.append((time.perf_counter() - t0) * 1000)
            else:
                failed += 1
            probe.idle(0.02)
        rss_searches = rss_mb()
        clear_search(window, probe)
        scroll = scroll_through(window, probe)
        return {
            "searches": len(queries),
            "search_timeouts": failed,
            "search": ms_stats(ms),
            "rss_before_mb": rss_before,
            "rss_after_searches_mb": rss_searches,
            "rss_after_scroll_mb": rss_mb(),
            "scroll_total_batches": scroll["total_batches"],
            "cached_rows": len(window.model._rows),
        }
    finally:
        probe.close()


# ---------------------------------------------------------------------------- launch
LAUNCH_CODE = """
import time
t_start = time.time()
import gc, json, os, sys
os.environ["PAPERSHELF_CONFIG_DIR"] = sys.argv[2]
import papershelf.app  # the entry point; without a command it imports the window's module:
# ...as `papershelf.app.main` does for the window: no garbage collection until the first
# paint (start_gui turns it back on then).
paused = gc.isenabled()
gc.disable()
from papershelf.gui.app import make_application, start_gui
from PySide6.QtCore import QSettings, QThreadPool
t_imports = time.time()
def rss():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key] = round(int(value.split()[0]) / 1024, 1)
    return out
stages = {"imports": rss()}
for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
    QSettings.setPath(fmt, QSettings.Scope.UserScope, sys.argv[2])
app = make_application()  # start_gui's own first step (it finds this one), timed in app_s
# What `papershelf --library DIR` runs before its event loop: settings, theme, the single
# instance check, the library, the window, show().
session = start_gui(sys.argv[1], gc_paused=paused)
assert not isinstance(session, int), session
window = session.window
lib = window.lib
stages["window"] = rss()
# The event loop until the window's first Paint event, which the app itself records (the
# window's paintEvent, after its children painted): an application-wide Python event
# filter would make PySide wrap every Qt-internal object it sees, 20-30 ms of its own.
while "painted" not in session.timeline:
    app.processEvents()
timeline = dict(session.timeline)
t_painted = timeline["painted"]
none_refs = sys.getrefcount(None)
painted_batches = window.model.batches_fetched
model = window.model
cells = [model.index(r, c).data() for r in range(min(50, model.rowCount()))
         for c in range(model.columnCount())]
t_rows = time.time()
rss_shown = stages["shown"] = rss()
lib.wait_for_index()  # the app opens the index after the first paint
t_index = time.time()
out = {"t_start": t_start, "t_imports": t_imports, "t_app": timeline["start"],
       "t_open": timeline["open"], "t_window": timeline["window"], "t_shown": timeline["shown"],
       "t_painted": t_painted, "t_rows": t_rows, "t_index_ready": t_index,
       "rest_built_at_paint": timeline.get("rest_built_at_paint"),
       "painted_by_paint_event": timeline.get("painted_by_paint_event"),
       "rows": model.rowCount(), "cells": len(cells), "batches_when_shown": painted_batches,
       "rss_shown_mb": rss_shown, "rss_index_ready_mb": rss(), "rss_stages_mb": stages,
       "none_refs_when_shown": none_refs}
if len(sys.argv) > 3:
    sys.path.insert(0, sys.argv[3])
    import gui
    out["none_pinned"] = sys.argv[5] == "guard" and gui.pin_none()
    out["use"] = gui.use_window(window, json.loads(sys.argv[4]))
session.close()
QThreadPool.globalInstance().waitForDone(5000)
print(json.dumps(out))
"""
"""A launch: the app's own start (`papershelf.gui.app.start_gui`, what `papershelf` runs
before its event loop), then the event loop until the window's first paint."""


FLOOR_CODE = """
import json, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.processEvents()
t_shown = time.time()
window.close()
print(json.dumps({"t_shown": t_shown}))
"""
"""The floor of a launch: the same interpreter showing an empty QMainWindow."""


LAUNCH_TIMEOUT_S = 120.0
"""A launch that has not ended by then is stuck: an error before the event loop shows a
modal dialog, which nobody closes offscreen."""
USE_TIMEOUT_S = 1800.0
"""The last launch also searches and scrolls the whole list."""


def run_launch(argv: list[str], env: dict[str, str], timeout: float) -> Any:
    """`subprocess.run` of a launch, which fails (with its error output) instead of hanging."""
    try:
        return subprocess.run(
            argv, capture_output=True, text=True, check=False, env=env, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        raise RuntimeError(
            f"a launch did not end in {timeout:g} s (an error dialog waiting?):\n{err}"
        ) from None


def measure_floor(env: dict[str, str]) -> float:
    """Seconds from starting a bare PySide6 process to its empty window shown."""
    t0 = time.time()
    proc = run_launch([sys.executable, "-c", FLOOR_CODE], env, LAUNCH_TIMEOUT_S)
    if proc.returncode != 0:
        raise RuntimeError(f"floor run failed ({proc.returncode}):\n{proc.stderr}")
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["t_shown"]) - t0


def measure_launch(
    lib_dir: Path, settings: str, runs: int, queries: list[str], *, guard: bool
) -> dict[str, Any]:
    """Fresh processes to the first page shown, each after a floor process (interleaved).

    Bytecode is cached outside the tree, as an installed app's is; one untimed run of each
    first fills that cache and the page cache.
    """
    env = search_bench.bytecode_env(lib_dir.parent / "pycache")
    warm = [sys.executable, "-c", LAUNCH_CODE, str(lib_dir), settings]
    if run_launch(warm, env, LAUNCH_TIMEOUT_S).returncode != 0:
        raise RuntimeError("the first (untimed) launch failed")
    measure_floor(env)
    results = []
    floors: list[float] = []
    for i in range(runs):
        floors.append(measure_floor(env))
        argv = [sys.executable, "-c", LAUNCH_CODE, str(lib_dir), settings]
        if i == runs - 1:
            argv += [str(BENCH_DIR), json.dumps(queries), "guard" if guard else "-"]
        t0 = time.time()
        proc = run_launch(argv, env, USE_TIMEOUT_S if i == runs - 1 else LAUNCH_TIMEOUT_S)
        if proc.returncode != 0:
            raise RuntimeError(f"launch run failed ({proc.returncode}):\n{proc.stderr}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        run = {
            "launch_s": round(r["t_rows"] - t0, 3),
            "interpreter_s": round(r["t_start"] - t0, 3),
            "imports_s": round(r["t_imports"] - r["t_start"], 3),
            "app_s": round(r["t_app"] - r["t_imports"], 3),
            "open_s": round(r["t_open"] - r["t_app"], 3),
            "window_s": round(r["t_window"] - r["t_open"], 3),
            "show_s": round(r["t_shown"] - r["t_window"], 3),
            "paint_s": round(r["t_painted"] - r["t_shown"], 3),
            "first_rows_s": round(r["t_rows"] - r["t_painted"], 3),
            "rest_built_at_paint": r["rest_built_at_paint"],
            "painted_by_paint_event": r["painted_by_paint_event"],
            "index_ready_s": round(r["t_index_ready"] - t0, 3),
            "rows": r["rows"],
            "batches_when_shown": r["batches_when_shown"],
            "rss_shown_mb": r["rss_shown_mb"]["VmRSS"],
            "rss_index_ready_mb": r["rss_index_ready_mb"]["VmRSS"],
            "rss_peak_index_ready_mb": r["rss_index_ready_mb"]["VmHWM"],
            "rss_stages_mb": r["rss_stages_mb"],
            "none_refs_when_shown": r["none_refs_when_shown"],
            "stderr_lines": len(proc.stderr.splitlines()),
        }
        if "use" in r:
            run["use"] = {**r["use"], "none_pinned": r["none_pinned"]}
        results.append(run)
        say(f"launch run {i + 1}/{runs}: {run['launch_s']} s")
    median = sorted(results, key=lambda r: r["launch_s"])[len(results) // 2]
    return {
        "launch_s": median["launch_s"],
        "window_floor_s": round(statistics.median(floors), 3),
        "window_floor_runs": [round(x, 3) for x in floors],
        "median_run": {k: v for k, v in median.items() if k != "use"},
        "rss_mb": median["rss_shown_mb"],
        "use": results[-1]["use"],
        "runs": [{k: v for k, v in r.items() if k != "use"} for r in results],
    }


# ---------------------------------------------------------------------------- in process
def timed_search(lib: Library, samples: list[tuple[str, float]]) -> None:
    """Record every search the window's worker runs (text, ms): the search's own share."""
    original = lib.search

    def search(text: str, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original(text, **kwargs)
        finally:
            samples.append((f"{kwargs.get('mode', 'full')}:{text}", time.perf_counter() - t0))

    lib.search = search  # type: ignore[method-assign]


def measure_direct(lib: Library, texts: Sequence[str]) -> dict[str, Any]:
    def count(text: str) -> int:
        try:
            return len(lib.search(text, mode="typing", limit=SEARCH_LIMIT, snippets=0).hits)
        except QueryError:  # e.g. a single letter: "the query has no words to search for"
            return -1

    return search_bench.time_queries(count, list(texts), 1)


def measure_window(args: argparse.Namespace, lib_dir: Path, phrases: list[str]) -> dict[str, Any]:
    app = make_application()
    lib = Library.open(lib_dir, indexing="background")
    worker_searches: list[tuple[str, float]] = []
    timed_search(lib, worker_searches)
    window = MainWindow(lib)
    window.show()
    app.processEvents()
    out: dict[str, Any] = {"none_refs_when_shown": sys.getrefcount(None)}
    out["none_leak"] = measure_none_leak(window)
    out["none_pinned"] = args.none_guard and pin_none()
    try:
        t0 = time.perf_counter()
        lib.wait_for_index()
        out["index_wait_s"] = round(time.perf_counter() - t0, 3)
        probe = Probe(window)
        probe.idle(0.2)
        say("keystrokes: warm-up phrase")
        type_phrase(window, probe, phrases[0], args.interval_ms / 1000)
        clear_search(window, probe)
        worker_searches.clear()
        say(f"keystrokes: {len(phrases)} phrases, a key every {args.interval_ms} ms")
        out["keys"] = measure_keystrokes(window, probe, phrases, args.interval_ms / 1000)
        typing_worker = [ms * 1000 for q, ms in worker_searches if q.startswith("typing:")]
        full_worker = [ms * 1000 for q, ms in worker_searches if q.startswith("full:")]
        out["worker_search"] = {
            "typing": ms_stats(typing_worker),
            "full": ms_stats(full_worker),
        }
        say("scroll: scroll-bar jumps, then the whole list a page per step")
        out["jumps"] = measure_jumps(window, probe, [0.5, 0.99, 0.1, 0.75, 0.3, 1.0])
        window.lists.refresh()  # a model reset: its row cache starts empty again
        probe.idle(0.05)
        out["scroll"] = scroll_through(window, probe)
        out["rss_after_use_mb"] = rss_mb()
        out["cached_rows_after_scroll"] = len(window.model._rows)
        probe.close()
    finally:
        window.close()
        QThreadPool.globalInstance().waitForDone(5000)
        window.deleteLater()
        app.processEvents()
    try:
        say("direct: the same keystroke texts through lib.search(mode='typing')")
        texts = list(dict.fromkeys(k["text"] for k in out["keys"]["samples"] if k["text"]))
        out["direct"] = measure_direct(lib, texts)
    finally:
        lib.close()
    return out


# ---------------------------------------------------------------------------- driver
def stay_offline(lib_dir: Path) -> None:
    """The generated papers are never looked up online while the window is measured.

    The window resolves papers that have only a title (issue 18) in the background; here
    that would wait on services a benchmark must not call, and keep the process from
    exiting. The library's own settings say so (`online`, `resolve_titles`).
    """
    path = lib_dir / "settings.json"
    data = json.loads(path.read_text("utf-8")) if path.exists() else {}
    if data.get("online") is not False or data.get("resolve_titles") is not False:
        data.update(online=False, resolve_titles=False)
        path.write_text(json.dumps(data, indent=2), "utf-8")


def run(args: argparse.Namespace) -> dict[str, Any]:
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    lib_dir: Path = args.lib or generate.default_dir(args.papers)
    meta = generate.read_meta(lib_dir)
    if not meta or not meta.get("complete") or meta.get("papers") != args.papers:
        raise SystemExit(
            f"{lib_dir} is not a complete {args.papers}-paper library; "
            f"run: python benchmarks/generate.py {args.papers}"
        )
    stay_offline(lib_dir)
    with Library.open(lib_dir, indexing="none") as lib:
        phrases = search_bench.build_queries(lib, args.seed)["typing_phrases"]
    settings = tempfile.mkdtemp(prefix="papershelf-gui-bench-")
    try:
        use_settings_dir(settings)
        say(f"launch: {args.launch_runs} fresh processes (the last one also searches + scrolls)")
        launch = measure_launch(
            lib_dir, settings, args.launch_runs, use_queries(phrases), guard=args.none_guard
        )
        window = measure_window(args, lib_dir, phrases)
    finally:
        shutil.rmtree(settings, ignore_errors=True)

    keys = window["keys"]
    use = launch["use"]
    out: dict[str, Any] = {
        "papers": args.papers,
        "library": str(lib_dir),
        "launch_s": launch["launch_s"],
        "window_floor_s": launch["window_floor_s"],
        "window_ratio": round(launch["launch_s"] / launch["window_floor_s"], 2),
        "rss_mb": launch["rss_mb"],
        "rss_peak_at_launch_mb": launch["median_run"]["rss_peak_index_ready_mb"],
        "rss_after_use_mb": use["rss_after_scroll_mb"]["VmRSS"],
        "rss_after_searches_mb": use["rss_after_searches_mb"]["VmRSS"],
        "keystroke_p50_ms": keys["to_reset"]["p50_ms"],
        "keystroke_p95_ms": keys["to_reset"]["p95_ms"],
        "keystroke_max_ms": keys["to_reset"]["max_ms"],
        "keystroke_timeouts": keys["timeouts"],
        "keystroke_errors": keys["errors"],
        "keystroke_error_texts": sorted(
            {k["text"] for k in keys["samples"] if k.get("ok") is False}
        ),
        "keystroke_settled_p95_ms": keys["to_settled"]["p95_ms"],
        "keystroke_painted_p95_ms": keys["to_painted"]["p95_ms"],
        "keystrokes_answered_by_full": keys["answered_by_full_search"],
        "full_after_pause_p50_ms": keys["full_after_pause"]["p50_ms"],
        "full_after_pause_p95_ms": keys["full_after_pause"]["p95_ms"],
        "clear_to_full_list_p95_ms": keys["clear_to_full_list"]["p95_ms"],
        "scroll_max_batches_per_step": window["scroll"]["max_batches_per_step"],
        "scroll_total_batches": window["scroll"]["total_batches"],
        "scroll_step_p95_ms": window["scroll"]["step"]["p95_ms"],
        "jump_max_batches": window["jumps"]["max_batches"],
        "worker_typing_p95_ms": window["worker_search"]["typing"]["p95_ms"],
        "direct_typing_p50_ms": window["direct"]["p50_ms"],
        "direct_typing_p95_ms": window["direct"]["p95_ms"],
        "index_ready_s": launch["median_run"]["index_ready_s"],
        "none_refs_lost_per_repaint": window["none_leak"]["none_refs_lost_per_repaint"],
        "repaints_until_abort": (
            int(window["none_refs_when_shown"] / window["none_leak"]["none_refs_lost_per_repaint"])
            if window["none_leak"]["none_refs_lost_per_repaint"] > 0
            else None
        ),
        "none_guard": window["none_pinned"],
        "worst_keystrokes": keys["worst"],
        "launch": launch,
        "use": use,
        "keys": {k: v for k, v in keys.items() if k not in ("samples", "worst")},
        "keystroke_samples": keys["samples"],
        "worker_search": window["worker_search"],
        "scroll": window["scroll"],
        "jumps": window["jumps"],
        "rss_bench_process_mb": window["rss_after_use_mb"],
        "cached_rows_after_scroll": window["cached_rows_after_scroll"],
        "direct": window["direct"],
        "index_wait_s": window["index_wait_s"],
        "phrases": phrases,
        "interval_ms": args.interval_ms,
    }
    out["machine"] = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "qt": qVersion(),
        "pyside6": pyside_version,
        "qpa_platform": os.environ.get("QT_QPA_PLATFORM"),
        "sqlite": sqlite3.sqlite_version,
        "whoosh": whoosh.versionstring(),
        "papershelf": __version__,
        "loadavg_at_start": load_at_start,
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    out["command"] = shlex.join([Path(sys.executable).name, *sys.argv])
    return out


def targets(papers: int) -> list[tuple[str, str, float | None, str]]:
    """(key, label, limit, unit); the issue's targets are for 100k papers."""
    return [
        ("launch_s", "launch to first page shown (new process)", 1.5, "s"),
        ("window_floor_s", "floor: bare PySide6, empty QMainWindow shown", None, "s"),
        ("window_ratio", "launch / floor", 2.0, "x"),
        ("index_ready_s", "launch to search index ready", None, "s"),
        ("rss_mb", "RSS after showing", 500.0, "MB"),
        ("rss_peak_at_launch_mb", "RSS peak (VmHWM) by index ready", 500.0, "MB"),
        ("rss_after_searches_mb", "RSS after 30 full searches", 500.0, "MB"),
        ("rss_after_use_mb", "RSS after 30 searches + whole scroll", 500.0, "MB"),
        ("keystroke_p95_ms", "keystroke -> model reset p95", 100.0, "ms"),
        ("keystroke_p50_ms", "keystroke -> model reset p50", None, "ms"),
        ("keystroke_max_ms", "keystroke -> model reset max", None, "ms"),
        ("keystroke_timeouts", "keystrokes unanswered after 5 s", 0, ""),
        ("keystroke_errors", "keystrokes answered with a query error", None, ""),
        ("keystrokes_answered_by_full", "keystrokes answered by the full search", None, ""),
        ("keystroke_settled_p95_ms", "keystroke -> window slot done p95", None, "ms"),
        ("keystroke_painted_p95_ms", "keystroke -> rows painted p95", None, "ms"),
        ("worker_typing_p95_ms", "typing search on the worker p95", None, "ms"),
        ("direct_typing_p95_ms", "typing search direct p95", None, "ms"),
        ("direct_typing_p50_ms", "typing search direct p50", None, "ms"),
        ("full_after_pause_p95_ms", "full search after pause p95 (- 350 ms)", None, "ms"),
        ("full_after_pause_p50_ms", "full search after pause p50 (- 350 ms)", None, "ms"),
        ("clear_to_full_list_p95_ms", "clear search -> whole list p95 (GUI thread)", None, "ms"),
        ("scroll_max_batches_per_step", "scroll: max batches per page step", 2, ""),
        ("scroll_total_batches", "scroll: batches for the whole list", None, ""),
        ("scroll_step_p95_ms", "scroll: page step p95", None, "ms"),
        ("jump_max_batches", "scroll-bar jump: max batches", 2, ""),
        # Informational since papershelf.gui.keep_none_alive() makes None immortal on 3.11.
        ("none_refs_lost_per_repaint", "PySide None refs lost per list repaint", None, ""),
        ("repaints_until_abort", "list repaints until none_dealloc abort", None, ""),
    ]


def print_table(out: dict[str, Any]) -> None:
    m = out["machine"]
    print(
        f"papershelf GUI benchmark: {out['papers']} papers ({out['library']}), "
        f"{m['cpu_count']} CPUs, Python {m['python']}, Qt {m['qt']} ({m['qpa_platform']})"
    )
    print(f"command: {out['command']}")
    print(f"load average at start/end: {m['loadavg_at_start']} / {m['loadavg_at_end']}\n")
    print(f"{'metric':46} {'value':>11}  {'target':>10}  ok")
    for key, label, limit, unit in targets(out["papers"]):
        value = out.get(key)
        shown = "n/a" if value is None else f"{value:g} {unit}".rstrip()
        target = "" if limit is None else f"<= {limit:g} {unit}".rstrip()
        ok = "" if limit is None or value is None else ("yes" if value <= limit else "NO")
        print(f"{label:46} {shown:>11}  {target:>10}  {ok}")
    launch = out["launch"]["median_run"]
    print(
        f"\nlaunch (median run): interpreter {launch['interpreter_s']} s, imports "
        f"{launch['imports_s']} s, app {launch['app_s']} s, Library.open {launch['open_s']} s, "
        f"MainWindow() {launch['window_s']} s, show {launch['show_s']} s, paint "
        f"{launch['paint_s']} s, first rows {launch['first_rows_s']} s"
        f"; runs {[r['launch_s'] for r in out['launch']['runs']]}"
    )
    use = out["use"]
    print(
        f"memory (last launch process): shown {out['rss_mb']} MB, after {use['searches']} "
        f"searches {use['rss_after_searches_mb']}, after scrolling {use['rss_after_scroll_mb']} "
        f"({use['cached_rows']} rows cached in the model); this process after use "
        f"{out['rss_bench_process_mb']}"
    )
    k = out["keys"]
    print(
        f"keystrokes: {k['keystrokes']} in {len(out['phrases'])} phrases, a key every "
        f"{out['interval_ms']} ms; to reset {k['to_reset']}; 2+ chars {k['to_reset_2plus_chars']}"
    )
    print(f"  to painted {k['to_painted']}; key event itself {k['key_event']}")
    print(f"  worker searches: {out['worker_search']}")
    print(f"  direct typing search: {out['direct']['p50_ms']} / {out['direct']['p95_ms']} ms")
    s = out["scroll"]
    print(
        f"scroll: {s['rows']} rows, {s['page_rows']} per page, {s['steps']} steps, "
        f"{s['total_batches']} batches ({s['steps_with_2plus_batches']} steps fetched 2), "
        f"step {s['step']}; jumps {out['jumps']}"
    )
    if out["none_guard"]:
        print(
            "NOTE: None's refcount was pinned (see pin_none) so the run survives the PySide "
            "leak; without it the window process aborts (--no-none-guard)."
        )
    print("\nslowest keystrokes (text as typed -> reset ms, mode, rows):")
    for w in out["worst_keystrokes"]:
        print(f"  {w['ms']:9.2f} ms  {w['mode']:6}  {w['rows']:4d} rows  {w['text']!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark the papershelf desktop window.")
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--lib", type=Path, help="library folder (default bench-data/lib-N)")
    # Nine: the median of three launches (each beside its floor) moved the ratio by ±0.3.
    ap.add_argument("--launch-runs", type=int, default=9, help="fresh processes for launch_s")
    ap.add_argument(
        "--interval-ms", type=int, default=150, help="typing cadence (at most one key per ...)"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--no-none-guard",
        dest="none_guard",
        action="store_false",
        help="do not work around the PySide6 None refcount leak (the run then aborts)",
    )
    args = ap.parse_args(argv)
    out = run(args)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_table(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
