"""Benchmark the window's write path: GUI-thread stalls during a bulk import, and closing.

    python benchmarks/write_path.py [--papers N] [--json]

Two measures, each in the real window (offscreen Qt) on a fresh library in a temporary
folder:

- import_stall: an import of N papers (default 10,000; a Daily Papers-style listing) runs in
  the background while the GUI thread, every 20 ms, changes a paper's status through the
  same command the `3` key runs. Reported: the longest single status change (`edit_max_ms`,
  the time the GUI thread was blocked by it), the longest gap between two event-loop ticks
  of a 10 ms timer (`loop_max_gap_ms`), and the floor: the same status change with no import
  running (`edit_idle_ms`).
- close_hanging: an "Add by identifier" whose lookup goes to a loopback server that accepts
  the connection and never answers; then the window is closed. Reported: `close_s`, the time
  `close()` took.

Targets (issue 16): edit_max_ms <= 50 at 10k papers; close_s <= 1.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import itertools
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from papershelf.core.models import ReadingStatus
from papershelf.gui.app import make_application
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

WORDS = (
    "diffusion",
    "transformer",
    "flow",
    "rectified",
    "sparse",
    "attention",
    "graph",
    "network",
    "policy",
    "gradient",
    "contrastive",
    "retrieval",
    "benchmark",
    "scaling",
    "kernel",
    "optimal",
    "transport",
)


def listing(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    parts = ["new", "Subscribe"]
    for i in range(n):
        title = " ".join(rng.choice(WORDS).capitalize() for _ in range(7)) + f" bench {i}"
        parts += [title, " ".join(rng.choice(WORDS) for _ in range(80)) + "."]
    return "\n\n".join(parts) + "\n"


def pump(app: QApplication, until: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not finish in time")
        app.processEvents()
        time.sleep(0.001)


def measure_import_stall(app: QApplication, folder: Path, papers: int) -> dict[str, Any]:
    lib_dir = folder / "lib"
    lib_dir.mkdir(parents=True)
    # The listing's titles would be searched online after the import (issue 18): measured
    # in benchmarks/resolve.py, not here, where only the import shares the window's GIL.
    (lib_dir / "settings.json").write_text(json.dumps({"resolve_titles": False}), "utf-8")
    with Library.open(lib_dir) as lib:
        lib.import_text(listing(20, seed=1), source="seed.txt")
    text = listing(papers)
    window = MainWindow(Library.open(lib_dir, indexing="background"))
    window.show()
    app.processEvents()
    pid = window.lib.list_ids()[0]
    statuses = [ReadingStatus.READ, ReadingStatus.TO_READ]

    def edit(n: int) -> float:
        start = time.perf_counter()
        window.editing.set_status([pid], statuses[n % 2])
        return (time.perf_counter() - start) * 1000

    idle = [edit(n) for n in range(20)]
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    edits: list[float] = []
    started = time.perf_counter()
    window.importing.import_text(text, "bench listing")
    n = 0
    while window.session.busy() or time.perf_counter() - started < 0.2:
        app.processEvents()
        if not edits or time.perf_counter() - started > 0.02 * len(edits):
            edits.append(edit(n))
            n += 1
        time.sleep(0.002)
    import_s = time.perf_counter() - started
    timer.stop()
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
    count = window.lib.count()
    window.close()
    window.lib.close()
    return {
        "papers": papers,
        "imported": count - 20,
        "import_s": round(import_s, 2),
        "edits_during_import": len(edits),
        "edit_idle_ms": round(statistics.median(idle), 2),
        "edit_max_ms": round(max(edits), 1),
        "edit_p95_ms": round(sorted(edits)[int(0.95 * (len(edits) - 1))], 1),
        "loop_max_gap_ms": round(max(gaps), 1) if gaps else None,
    }


class HangingServer:
    """Accepts connections and never answers (until stopped)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(conn)

    def stop(self) -> None:
        self._stop = True
        for conn in self.accepted:
            conn.close()
        self.sock.close()


def measure_close_hanging(app: QApplication, folder: Path) -> dict[str, Any]:
    server = HangingServer()
    url = f"http://127.0.0.1:{server.port}"
    saved = {k: os.environ.get(k) for k in ("PAPERSHELF_ARXIV_API", "PAPERSHELF_HF_API")}
    os.environ["PAPERSHELF_ARXIV_API"] = url
    os.environ["PAPERSHELF_HF_API"] = url
    try:
        lib_dir = folder / "hang"
        window = MainWindow(Library.open(lib_dir, indexing="background"))
        window.show()
        app.processEvents()
        window.adding.add(["2401.00001"], "a paper")
        pump(app, lambda: bool(server.accepted), 30)  # the lookup is waiting on the server
        start = time.perf_counter()
        window.close()
        close_s = time.perf_counter() - start
        window.lib.close()
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return {"close_s": round(close_s, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # The window keeps its layout in the user settings: never the real ones.
        os.environ["PAPERSHELF_CONFIG_DIR"] = str(folder / "settings")
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder / "settings"))
        app = make_application([sys.argv[0]])
        out = {
            "import_stall": measure_import_stall(app, folder, args.papers),
            "close_hanging": measure_close_hanging(app, folder),
        }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for name, values in out.items():
            print(name, ", ".join(f"{k}={v}" for k, v in values.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
