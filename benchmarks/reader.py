"""Benchmark the PDF reader: first page, scrolling, memory (issue 20).

    python benchmarks/reader.py [--json] [--runs R] [--pdfs DIR]

The reader page (`gui/reader/page.py`) at 1000 × 900 pixels, offscreen unless
QT_QPA_PLATFORM says otherwise, on the fixture PDFs (../shared/fixtures/pdfs). Measures:

- first_page: from opening a PDF (the UI thread loads it, the view lays it out and asks the
  render thread) until the first page has been painted from its rendered image; R runs per
  fixture, each a new opening (the render thread reads the file again, as for a new paper).
  p50/p95 over all runs, and the p95 of the fixtures of 20 pages or more.
- first_page_in_window: the 20-30-page fixtures attached to to-read papers of a new
  library, opened from the window's list (`reader.open`, the `o` key's command) until the
  first page is painted: what the window adds (the attachment, the saved place, the
  to-read → reading op, the detail pane) included.
- scroll: the longest fixture scrolled top to bottom two ways: smoothly (60 px per 16 ms
  frame) and by screens (Space every 100 ms). Per frame: the time the frame took to paint
  (frame_ms) and whether a page on screen had no image at all (a blank page; a page shown
  from an older image at another size is not blank). blank_max_ms is the longest a blank
  stayed on screen; the target is no blank after 100 ms.
- rss: in a process of its own, a 300-page PDF (the longest fixture's pages repeated,
  written with pypdf), opened and paged through to the end: the process's RSS before
  opening (the reader page shown, empty), at the end, and its peak (VmHWM); the growth is
  held against the stated bound (the image cache's budget + 100 MB for PDFium and Qt).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.reader.cache import DEFAULT_BUDGET
from papershelf.gui.reader.document import ReaderDocument
from papershelf.gui.reader.page import ReaderPage
from papershelf.gui.reader.view import PageView
from papershelf.library import Library, ops
from papershelf.library.attachments import attach
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures" / "pdfs"
MB = 1024 * 1024
RSS_BOUND_MB = DEFAULT_BUDGET / MB + 100


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_until(check: Any, timeout_ms: int = 10_000) -> bool:
    clock = QElapsedTimer()
    clock.start()
    while not check():
        if clock.elapsed() > timeout_ms:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)
    return True


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def open_and_wait(page: ReaderPage, path: Path) -> tuple[float, ReaderDocument]:
    """Milliseconds from opening until the first page is painted from its image."""
    view = page.view
    drawn: list[int] = []
    view.sig_drawn.connect(drawn.append)
    clock = time.perf_counter()
    doc = ReaderDocument(str(path))
    page.set_document(doc, path.name)
    view.set_document(doc)
    ok = wait_until(lambda: bool(drawn))
    elapsed = (time.perf_counter() - clock) * 1000
    view.sig_drawn.disconnect(drawn.append)
    if not ok:
        raise RuntimeError(f"{path.name}: the first page was never drawn")
    return elapsed, doc


def first_page(page: ReaderPage, pdfs: list[Path], runs: int) -> dict[str, Any]:
    per_file: dict[str, list[float]] = {}
    pages: dict[str, int] = {}
    for path in pdfs:
        for _ in range(runs):
            ms, doc = open_and_wait(page, path)
            per_file.setdefault(path.name, []).append(ms)
            pages[path.name] = doc.page_count
            page.view.close_document()
            doc.close()
            doc.deleteLater()
    every = [ms for values in per_file.values() for ms in values]
    long_ones = [ms for name, values in per_file.items() if pages[name] >= 20 for ms in values]
    return {
        "runs_per_file": runs,
        "files": len(per_file),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 95), 1),
        "max_ms": round(max(every), 1),
        "p95_ms_20_pages_or_more": round(percentile(long_ones, 95), 1),
        "per_file_median_ms": {
            f"{name} ({pages[name]} p.)": round(statistics.median(v), 1)
            for name, v in per_file.items()
        },
    }


def first_page_in_window(pdfs: list[Path], runs: int, tmp: Path) -> dict[str, Any]:
    """The same from the window: `o` on a to-read paper in the list until its first page.

    Includes what the window adds: finding the attachment, the saved place, marking the
    paper as reading (an op, with its undo step), the detail pane following.
    """
    lib_path = tmp / "library"
    with Library.open(lib_path) as lib:
        ids = {}
        for path in pdfs:
            pid = lib.import_drafts([PaperDraft(title=path.stem)]).paper_ids[0]
            attach(lib, pid, path)
            ids[path.name] = pid
    window = MainWindow(Library.open(lib_path, indexing="background"))  # as the app does
    window.resize(1440, 900)
    window.show()
    QApplication.processEvents()
    times: list[float] = []
    try:
        for path in pdfs:
            for _ in range(runs):
                pid = ids[path.name]
                window.session.run(ops.SetStatus((pid,), ReadingStatus.TO_READ))
                window.reader.leave()
                window.reader.view.close_document()
                window.reader.paper_id = None
                window.lists.select([pid])
                drawn: list[int] = []
                window.reader_page.view.sig_drawn.connect(drawn.append)
                clock = time.perf_counter()
                window.registry.trigger("reader.open")
                if not wait_until(drawn.__len__):
                    raise RuntimeError(f"{path.name}: not drawn in the window")
                times.append((time.perf_counter() - clock) * 1000)
                window.reader_page.view.sig_drawn.disconnect(drawn.append)
    finally:
        window.close()
        window.lib.close()
    return {
        "files": [p.name for p in pdfs],
        "runs_per_file": runs,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
    }


def blank_on_screen(view: PageView) -> bool:
    """Whether a page on screen has no image at all (not even an older one, scaled)."""
    top = view.verticalScrollBar().value()
    for p in view.layout_.visible(top, top + view.viewport().height()):
        if view.cache.any_for(view.generation, p) is None:
            return True
    return False


def scroll(view: PageView, step_px: int, interval_ms: int) -> dict[str, Any]:
    """Scroll to the end, `step_px` every `interval_ms`; frame times and blank spells."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    wait_until(view.exact_images_shown)
    frames: list[float] = []
    blank_since: float | None = None
    blank_spells: list[float] = []
    blank_frames = 0
    while bar.value() < bar.maximum():
        tick = time.perf_counter()
        bar.setValue(bar.value() + step_px)
        view.viewport().repaint()  # the frame: paint what is there now
        frames.append((time.perf_counter() - tick) * 1000)
        now = time.perf_counter()
        if blank_on_screen(view):
            blank_frames += 1
            blank_since = now if blank_since is None else blank_since
        elif blank_since is not None:
            blank_spells.append((now - blank_since) * 1000)
            blank_since = None
        # The rest of the interval belongs to the event loop (rendered pages arrive).
        deadline = tick + interval_ms / 1000
        while time.perf_counter() < deadline:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
            if blank_since is not None and not blank_on_screen(view):
                blank_spells.append((time.perf_counter() - blank_since) * 1000)
                blank_since = None
            time.sleep(0.001)
    if blank_since is not None:
        wait_until(lambda: not blank_on_screen(view))
        blank_spells.append((time.perf_counter() - blank_since) * 1000)
    return {
        "step_px": step_px,
        "interval_ms": interval_ms,
        "frames": len(frames),
        "frame_p50_ms": round(statistics.median(frames), 2),
        "frame_p95_ms": round(percentile(frames, 95), 2),
        "frame_max_ms": round(max(frames), 2),
        "frames_with_a_blank_page": blank_frames,
        "blank_max_ms": round(max(blank_spells, default=0.0), 1),
        "blanks_over_100_ms": sum(1 for b in blank_spells if b > 100),
    }


def long_pdf(source: Path, pages: int, out: Path) -> Path:
    reader = PdfReader(source)
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for p in reader.pages:
            if len(writer.pages) == pages:
                break
            writer.add_page(p)
    with out.open("wb") as f:
        writer.write(f)
    return out


def memory(page: ReaderPage, source: Path, tmp: Path) -> dict[str, Any]:
    path = long_pdf(source, 300, tmp / "long-300.pdf")
    before = rss_mb()
    _, doc = open_and_wait(page, path)
    scrolled = scroll(page.view, page.view.viewport().height() - 60, 30)
    after = rss_mb()
    peak = rss_mb("VmHWM")
    result = {
        "pages": doc.page_count,
        "file_mb": round(path.stat().st_size / MB, 1),
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "rss_peak_mb": round(peak, 1),
        "growth_mb": round(after - before, 1),
        "cache_mb": round(page.view.cache.size_bytes / MB, 1),
        "bound_growth_mb": RSS_BOUND_MB,
        "within_bound": after - before <= RSS_BOUND_MB,
        "paging_300_pages": scrolled,
    }
    page.view.close_document()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdfs", type=Path, default=FIXTURES)
    parser.add_argument("--rss-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pdfs = sorted(args.pdfs.glob("*.pdf"))
    if not pdfs:
        sys.stderr.write(f"no PDFs in {args.pdfs}\n")
        return 2
    app = QApplication.instance() or QApplication([])
    page = ReaderPage()
    page.resize(1000, 900)
    page.show()
    QTimer.singleShot(0, lambda: None)
    QApplication.processEvents()
    if args.rss_only is not None:
        with tempfile.TemporaryDirectory() as tmp:
            rss = memory(page, args.rss_only, Path(tmp))
        page.view.shutdown()
        sys.stdout.write(json.dumps(rss) + "\n")
        return 0
    vp = page.view.viewport()
    results: dict[str, Any] = {"viewport": [vp.width(), vp.height()]}
    results["first_page"] = first_page(page, pdfs, args.runs)
    long_ones = [p for p in pdfs if 20 <= ReaderDocument(str(p)).page_count <= 30]
    with tempfile.TemporaryDirectory() as tmp:
        results["first_page_in_window"] = first_page_in_window(long_ones, args.runs, Path(tmp))
    longest = max(pdfs, key=lambda p: ReaderDocument(str(p)).page_count)
    _, doc = open_and_wait(page, longest)
    results["scroll"] = {
        "file": f"{longest.name} ({doc.page_count} p.)",
        "smooth": scroll(page.view, 60, 16),
        "by_screen": scroll(page.view, page.view.viewport().height() - 60, 100),
    }
    page.view.close_document()
    page.view.shutdown()
    child = subprocess.run(
        [sys.executable, __file__, "--rss-only", str(longest)],
        capture_output=True,
        text=True,
        check=True,
    )
    results["rss"] = json.loads(child.stdout.strip().splitlines()[-1])
    page.close()
    del app
    if args.json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    else:
        for key, value in results.items():
            sys.stdout.write(f"{key}: {json.dumps(value, indent=2)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
